"""Reported clauses a speaker joins with a second "that": "X said A, and that B".

A speaker who repeats the "that" ("said the garrison was never cut off, and that none of its men
were detained") asserts two things. When the two are about different kinds of event (encirclement
and detention, a supply line and seized equipment) each is a claim of its own, as an analyst files
them: the second has the same speaker, cue and polarity as the first. A claim named
in a relative clause of another speaker's words may be what those words gainsay (`corrections`).
"""
from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..model import Claim
from ..nlp import text_of
from .attribution import Attribution
from .claimtypes import classify
from .ontology import load_ontology


def _second_that(doc: Doc, start: int, end: int) -> Token | None:
    """The "that" opening a clause coordinated with the reported one, inside the words."""
    words = doc.char_span(start, end, alignment_mode="expand")
    if words is None:
        return None
    for tok in words:
        if tok.dep_ != "conj" or tok.pos_ not in ("VERB", "AUX") or not (words.start <= tok.head.i < words.end):
            continue
        mark = next((c for c in tok.children if c.dep_ == "mark" and c.lower_ == "that"), None)
        if mark is not None and mark.i > words.start + 1:
            return mark
    return None


def _family(span: Span) -> str:
    ctype = load_ontology().types.get(classify(span).type)
    return ctype.family if ctype is not None else "statement"


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Without the comma and the "and" between the clauses, nor white space."""
    while end > start and text[end - 1] in " ,;\n\t":
        end -= 1
    for joint in (" and", " or"):
        if text[start:end].endswith(joint):
            end -= len(joint)
    while end > start and text[end - 1] in " ,;\n\t":
        end -= 1
    return start, end


def split_clauses(doc: Doc, atts: list[Attribution]) -> list[Attribution]:
    """Each reported clause opened by its own "that" about another kind of event: a claim of its own."""
    text = text_of(doc)
    out: list[Attribution] = []
    for att in atts:
        if att.mode not in ("indirect", "mixed") or len(att.content) != 1 or att.object_content:
            out.append(att)
            continue
        start, end = att.content[0]
        mark = _second_that(doc, start, end)
        first = _trimmed(text, start, mark.idx) if mark is not None else (start, start)
        if mark is None or first[1] <= first[0]:
            out.append(att)
            continue
        head, tail = doc.char_span(*first, alignment_mode="expand"), doc.char_span(mark.idx, end, alignment_mode="expand")
        if head is None or tail is None or _family(head) == _family(tail):
            out.append(att)
            continue
        # the same speaker and cue: each part is judged a claim on its own ("hoped that A and that B"
        # is no claim in either part)
        out += [replace(att, content=[first]), replace(att, content=[(mark.idx, end)])]
    return out


def corrections(claims: list[Claim], atts: list[Attribution | None]) -> list[tuple[Claim, Claim]]:
    """(correcting claim, corrected claim): a speaker who names another's claim in a relative
    clause of their own words and says the same of it otherwise ("the drone that the rebels said was
    shot down over the port had been shot down by its own crew") gainsays it; other relative clauses
    ("the town that the army said it had shelled was burning") only say which thing is meant."""
    out = []
    for inner, inner_att in zip(claims, atts):
        cue = inner_att.cue_token if inner_att is not None else None
        said = next((c for c in cue.children if c.dep_ == "ccomp"), None) if cue is not None else None
        if said is None or cue.dep_ not in ("relcl", "acl") or cue.head.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        outer_verb = cue.head.head
        if outer_verb.lemma_.lower() != said.lemma_.lower():
            continue
        for outer, outer_att in zip(claims, atts):
            if outer is inner or outer_att is None or outer.polarity != "assert" \
                    or not any(s <= cue.idx < e for s, e in outer_att.content) \
                    or not any(s <= outer_verb.idx < e for s, e in outer_att.content) \
                    or _speaker(outer) == _speaker(inner):
                continue
            out.append((outer, inner))
    return out


def _speaker(claim: Claim) -> str | None:
    who = claim.claimant
    return None if who is None else (who.side or who.actor or who.text)
