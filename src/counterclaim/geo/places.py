"""Place mentions of a span, resolved in the offline gazetteer (see `geoparse` and `gazetteer`).

`find_places(span)` is the one call most code needs: it geoparses the span's document once and
returns the `Place` records inside the span, resolved or not.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ..knowledge.actors import ActorDictionary
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
