"""The attribution relation (cue, source, content as character spans) and the token helpers
every construction kind shares."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ...nlp import text_of

CharSpan = tuple[int, int]
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
DASH_SIGNATURE = re.compile(r"[ \t\u00a0]*([―—–]|--)[ \t\u00a0]*([A-Z][\w.'’-]*(?:[ \u00a0][A-Z][\w.'’-]*){0,4})[ \t\u00a0.,]*(?:\n|$)")
QUOTE_OPENERS = {"“", '"', "«", "„", "‘"}
QUOTE_CLOSERS = {"”", '"', "»", "“", "’"}
FIRST_SECOND = {"i", "we", "you", "me", "us"}


# Words a headline puts before a colon that name a section or format, not a speaker.
HEADLINE_KICKERS = {"correction", "corrections", "update", "updated", "breaking", "exclusive", "watch",
                    "video", "videos", "photos", "pictures", "gallery", "analysis", "opinion", "editorial",
                    "commentary", "comment", "explainer", "factbox", "timeline", "live", "review",
                    "interview", "podcast", "listen", "read", "note", "obituary", "profile", "report",
                    "feature", "letters", "quiz", "recap", "preview", "briefing"}


# Nouns for what someone issues, beyond the claim nouns and channels of the cue lexicon.
MESSAGES = {"letter", "ad", "advert", "advertisement", "memo", "note", "email", "paper", "op-ed", "book",
            "video", "clip", "message", "post", "column", "editorial", "policy", "resolution"}
TRIM = set(" \n\t,;:-—–.“”\"'‘’«»()")


@dataclass
class Attribution:
    """One attribution relation, with character spans into the document text."""

    cue: list[CharSpan]
    cue_lemma: str
    source: list[CharSpan]
    content: list[CharSpan]
    mode: str = "indirect"          # direct | indirect | mixed | according_to
    polarity: str = "assert"
    source_token: Token | None = None
    cue_token: Token | None = None
    content_root: Token | None = None
    object_content: bool = False     # the content is a noun phrase ("denied the claim")
    channels: list[tuple[str, str]] = field(default_factory=list)  # (text, kind): "a tweet", tweet
    continues: Attribution | None = None  # the attribution whose words this one continues
    category: str = "speech"

    @property
    def start(self) -> int:
        return min(s for s, _ in self.content) if self.content else self.cue[0][0]


def _trim(doc: Doc, start: int, end: int) -> CharSpan | None:
    """Character span without surrounding punctuation, quote marks and white space."""
    text = text_of(doc)
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return (start, end) if end > start else None


def _tokens_span(doc: Doc, tokens: list[Token]) -> CharSpan | None:
    if not tokens:
        return None
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return _trim(doc, first.idx, last.idx + len(last.text))


def _subtree(token: Token) -> list[Token]:
    return list(token.subtree)


def _phrase(token: Token, stop: Token | None = None) -> list[Token]:
    """A noun phrase headed by `token`, cut before `stop` (a cue inside it)."""
    tokens = list(token.subtree)
    if stop is not None and token.i < stop.i:
        tokens = [t for t in tokens if t.i < stop.i]
    return tokens


def _contrasted(tok: Token) -> bool:
    """'X says A but Y denies': a clause opened by a contrasting conjunction is a sibling of the one
    before it, though the parser may hang it inside ("says [... but Y deny]")."""
    start = min(t.i for t in tok.subtree)
    doc = tok.doc
    # "... but the National Resistance Force disputed": a subject the parser hung elsewhere still
    # stands between the conjunction and the verb
    while start > max(tok.sent.start, tok.i - 7) and doc[start - 1].pos_ in ("PROPN", "NOUN", "DET", "ADJ", "NUM"):
        start -= 1
    before = doc[start - 1] if start > 0 else None
    return before is not None and before.lower_ in ("but", "while", "whereas", "however") or any(
        t.lower_ in ("but", "whereas") and t.dep_ == "cc" and t.i < tok.i for t in tok.subtree
        if t.i < max((c.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), default=tok.i))


def _same_paragraph(a: Span, b: Span) -> bool:
    """Two sentences with no blank line between them."""
    doc = a.doc
    return "\n\n" not in text_of(doc)[a.start_char:b.start_char]


def doc_text(token: Token) -> str:
    """The text of a token's phrase."""
    sub = list(token.subtree)
    return text_of(token.doc)[sub[0].idx: sub[-1].idx + len(sub[-1].text)]
