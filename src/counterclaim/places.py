"""Toponym mentions in text (recognition only; resolution in a gazetteer is a later stage).

The small English model tags many conflict place names as ORG, NORP or PERSON ("Panjshir",
"Parian"), so besides GPE/LOC/FAC entities we take names that a locative preposition governs or
that head an administrative noun ("the Parian district", "Panjshir province").
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from .actors import ActorDictionary, load_actors
from .model import Place

ADMIN_NOUNS = {"district", "province", "city", "town", "village", "region", "valley", "county",
               "governorate", "state", "oblast", "area", "neighbourhood", "neighborhood", "camp",
               "border", "capital", "municipality", "prefecture", "territory", "island", "river"}
LOCATIVE = {"in", "from", "of", "near", "across", "into", "to", "at", "around", "outside", "inside",
            "towards", "toward", "through", "throughout", "within"}


def _is_place(ent: Span, actors: ActorDictionary) -> bool:
    if ent.label_ in ("GPE", "LOC", "FAC"):
        return actors.lookup(ent.text) is None or ent.label_ != "ORG"
    if ent.label_ not in ("ORG", "NORP", "PERSON"):
        return False
    if actors.lookup(ent.text) is not None:
        return False
    root = ent.root
    nxt = ent.doc[ent.end] if ent.end < len(ent.doc) else None
    if nxt is not None and nxt.lemma_.lower() in ADMIN_NOUNS:
        return True
    if root.dep_ == "compound" and root.head.lemma_.lower() in ADMIN_NOUNS:
        return True
    return root.dep_ == "pobj" and root.head.lower_ in LOCATIVE and ent.label_ != "PERSON"


def find_places(span: Span | Doc, actors: ActorDictionary | None = None) -> list[Place]:
    """Place-name mentions in a span, each with its text and document character span (unresolved)."""
    actors = actors or load_actors()
    ents = span.ents if isinstance(span, Span) else span.ents
    out = []
    seen: set[int] = set()
    for ent in ents:
        if _is_place(ent, actors):
            text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            start = ent.end_char - len(text)
            out.append(Place(text=text, span=(start, ent.end_char)))
            seen.update(range(ent.start, ent.end))
            # "in Panjshir and Andarab": a proper noun joined to a place is a place
            for conj in ent.root.conjuncts:
                if conj.pos_ == "PROPN" and conj.i not in seen and actors.lookup(conj.text) is None \
                        and (isinstance(span, Doc) or span.start <= conj.i < span.end):
                    out.append(Place(text=conj.text, span=(conj.idx, conj.idx + len(conj.text))))
                    seen.add(conj.i)
    return sorted(out, key=lambda p: p.span)
