"""The places a claim is about, of those its words name (`places_meant`)."""
from __future__ import annotations

from spacy.tokens import Span, Token

from ..geo.places import Geoparser
from ..model import Place
from ..nlp import heads_within


# nouns of a place that a clause after them may locate ("the mountain village lying 20 km west of
# X"). Narrower than the ontology's `places` on purpose: that fuller list (mines, quarters, lines,
# ...) cost Soledar's link precision 0.014 (docs/ledger.md, stop 24's review)
PLACE_NOUNS = {"town", "city", "village", "settlement", "district", "province", "region", "area", "base", "port",
               "airport", "hill", "hilltop", "road", "highway", "bridge", "position", "stronghold", "enclave"}


def places_meant(geo: Geoparser, content: Span, sentence: Span) -> list[Place]:
    """The places a claim's words are about: those they name, but for places named only to locate
    another; else, where they point back with "there" ("had pushed the fighters back from there"),
    the last place their sentence names before them."""
    found = geo.places(content)
    named = [p for p in found if not _locates(content, p, found)]
    if named or not any(t.lower_ == "there" and t.dep_ != "expl" for t in content):
        return named
    before = [p for p in geo.places(sentence) if p.span[1] <= content.start_char]
    return before[-1:]


def _locates(content: Span, place: Place, places: list[Place]) -> bool:
    """Whether a place is named only to say where another lies: inside a clause that modifies a
    place ("the mountain village lying 20 km west of X, near the highway from Y to Z", "Harib,
    which sits above X"), a place noun or a name of the claim's words."""
    words = content.doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
    return words is not None and any(node.dep_ in ("acl", "relcl") and _a_place(node.head, place, places)
                                     for node in heads_within(words.root, content))


def _a_place(tok: Token, place: Place, places: list[Place]) -> bool:
    """A place noun ("the village"), or a word of another place the claim's words name."""
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in PLACE_NOUNS or any(p.span[0] <= tok.idx < p.span[1] for p in places if p is not place)
