"""Place mentions of a span, resolved in the offline gazetteer (see `geoparse` and `gazetteer`).

`find_places(span)` is the one call most code needs: it geoparses the span's document once and
returns the `Place` records inside the span, resolved or not.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..knowledge.actors import ActorDictionary
from ..nlp import heads_within
from .geoparse import Geoparser, geoparse
from ..model import Place

__all__ = ["Geoparser", "find_places", "geoparse"]


def find_places(span: Span | Doc, actors: ActorDictionary | None = None) -> list[Place]:
    """Every toponym mention in `span` with its text, document character span and resolution.

    span: a parsed Doc or a Span of one; actors: the actor dictionary whose names are not places.
    Returns the mentions in text order; resolution fields are None for names the gazetteer lacks.
    """
    doc = span if isinstance(span, Doc) else span.doc
    return geoparse(doc, actors).places(span)


def places_meant(geo: Geoparser, content: Span, sentence: Span) -> list[Place]:
    """The places a claim's words are about: those they name, else, where they point back with
    "there" ("had pushed the fighters back from there"), the last place their sentence names before
    them."""
    found = geo.places(content)
    named = [p for p in found if not _locates(content, p, found)]
    if named or not any(t.lower_ == "there" and t.dep_ != "expl" for t in content):
        return named
    before = [p for p in geo.places(sentence) if p.span[1] <= content.start_char]
    return before[-1:]


# nouns of a place that a clause after them may locate ("the mountain village lying 20 km west of X")
PLACE_NOUNS = {"town", "city", "village", "settlement", "district", "province", "region", "area", "base", "port",
               "airport", "hill", "hilltop", "road", "highway", "bridge", "position", "stronghold", "enclave"}


def _locates(content: Span, place: Place, places: list[Place]) -> bool:
    """Whether a place is named only to say where another lies: inside a clause that modifies a
    place ("the mountain village lying 20 km west of X, near the highway from Y to Z", "Harib,
    which sits above X"), the place being a name or a place noun of the claim's words."""
    words = content.doc.char_span(place.span[0], place.span[1], alignment_mode="expand")
    return words is not None and any(
        node.dep_ in ("acl", "relcl") and _a_place(node.head, place, places) for node in heads_within(words.root, content))


def _a_place(tok: Token, place: Place, places: list[Place]) -> bool:
    """A place noun ("the village"), or a word of another place the words name."""
    return tok.lemma_.lower() in PLACE_NOUNS and tok.pos_ == "NOUN" or any(
        p.span[0] <= tok.idx < p.span[1] for p in places if p is not place)
