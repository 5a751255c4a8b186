"""Cue patterns of claim types: word sequences (lower-case forms or lemmas, with POS tags, `...`
gaps and hyphen-joined words) and verb frames, compiled once per ontology into an index that
finds every pattern in a sentence's tokens."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span

from .ontology import Ontology

NEGATORS = {"not", "n't", "never", "no", "nobody", "none", "neither", "nor"}
GAP = 4  # tokens a `...` in a cue pattern may skip


HYPHENS = {"-", "–", "—", "‐"}


POS_ALIASES = {"NOUN": {"NOUN", "PROPN"}, "VERB": {"VERB", "AUX"}}


@dataclass(frozen=True)
class _Elem:
    kind: str                       # word | any | gap
    words: frozenset = frozenset()  # exact forms
    prefixes: tuple = ()
    pos: tuple = ()                 # (form, allowed POS set) restrictions
    optional: bool = False


@dataclass(frozen=True)
class _Cue:
    type: str
    key: str
    weight: float
    elems: tuple
    negation_aware: bool  # True when the pattern itself names a negation


def _parse_elem(raw: str) -> _Elem:
    if raw == "...":
        return _Elem("gap")
    if raw == "*":
        return _Elem("any")
    optional = raw.endswith("?") and len(raw) > 1
    raw = raw.rstrip("?") if optional else raw
    words, prefixes, pos = set(), [], []
    for alt in raw.lower().split("|"):
        if not alt:
            continue
        tag = None
        if "/" in alt:
            alt, tag = alt.rsplit("/", 1)
            tag = tag.upper()
        if alt.endswith("*") and len(alt) > 1:
            prefixes.append(alt[:-1])
        else:
            words.add(alt)
            if tag:
                pos.append((alt, frozenset(POS_ALIASES.get(tag, {tag}))))
    return _Elem("word", frozenset(words), tuple(prefixes), tuple(pos), optional)


def _parse_cue(type_id: str, text: str, weight: float) -> _Cue:
    # Hyphens between words are ignored on both sides: "air-strike" matches "air strike".
    raw = str(text).replace("-", " ").split()
    elems = tuple(_parse_elem(r) for r in raw)
    if not elems or elems[0].kind != "word" or elems[0].optional:
        raise ValueError(f"claim type {type_id!r}: cue {text!r} must start with a word")
    neg = any(e.words & NEGATORS for e in elems)
    return _Cue(type_id, str(text), float(weight), elems, neg)


@dataclass
class Tok:
    i: int          # index in the Doc
    lower: str
    lemma: str
    pos: str


def tokens_of(span: Span | Doc) -> list[Tok]:
    """The matcher's view of the tokens of a span, built once per document (spans reuse it)."""
    doc = span if isinstance(span, Doc) else span.doc
    every = doc.user_data.get("claimtypes.toks")
    if every is None:
        every = doc.user_data["claimtypes.toks"] = [
            None if t.text in HYPHENS or t.is_space else Tok(t.i, t.lower_, t.lemma_.lower(), t.pos_) for t in doc]
    start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
    return [t for t in every[start:end] if t is not None]


def _elem_ok(e: _Elem, t: Tok) -> bool:
    for form in (t.lower, t.lemma):
        if form in e.words:
            for w, allowed in e.pos:
                if w == form and t.pos not in allowed:
                    break
            else:
                return True
    return any(t.lower.startswith(p) for p in e.prefixes)


def _match_at(elems: tuple, k: int, toks: list[Tok], j: int) -> int | None:
    """End (exclusive) of a match of elems[k:] starting at toks[j], or None."""
    if k == len(elems):
        return j
    e = elems[k]
    if e.kind == "gap":
        for skip in range(GAP + 1):
            if j + skip > len(toks):
                break
            end = _match_at(elems, k + 1, toks, j + skip)
            if end is not None:
                return end
        return None
    if e.kind == "any":
        return _match_at(elems, k + 1, toks, j + 1) if j < len(toks) else None
    if j < len(toks) and _elem_ok(e, toks[j]):
        end = _match_at(elems, k + 1, toks, j + 1)
        if end is not None:
            return end
    if e.optional:
        return _match_at(elems, k + 1, toks, j)
    return None


class CueIndex:
    """Cue patterns indexed by the forms their first word can take."""

    def __init__(self, cues: Iterable[_Cue]):
        self.by_word: dict[str, list[_Cue]] = defaultdict(list)
        self.by_prefix: list[tuple[str, _Cue]] = []
        for cue in cues:
            first = cue.elems[0]
            for w in first.words:
                self.by_word[w].append(cue)
            for p in first.prefixes:
                self.by_prefix.append((p, cue))

    def find(self, toks: list[Tok]) -> list[tuple[_Cue, int, int]]:
        """(cue, start, end) positions into toks, at most one per cue and start."""
        hits = []
        for j, t in enumerate(toks):
            seen = set()
            cands = self.by_word.get(t.lower, []) + (self.by_word.get(t.lemma, []) if t.lemma != t.lower else [])
            cands += [c for p, c in self.by_prefix if t.lower.startswith(p)]
            for cue in cands:
                if id(cue) in seen:
                    continue
                seen.add(id(cue))
                end = _match_at(cue.elems, 0, toks, j)
                if end is not None:
                    hits.append((cue, j, end))
        return hits


@dataclass
class _Frame:
    type: str
    key: str
    verbs: frozenset
    objects: frozenset
    object_ents: frozenset
    subjects: frozenset
    weight: float


@dataclass
class Compiled:
    cues: CueIndex
    boosts: dict[str, CueIndex]
    contexts: dict[str, CueIndex]
    frames: dict[str, list[_Frame]]    # by verb lemma
    matcher: Any                       # spaCy Matcher for raw patterns, or None
    matcher_keys: dict[int, tuple[str, float, str]]


@lru_cache(maxsize=8)
def compile_cues(ont: Ontology) -> Compiled:
    cues, frames = [], defaultdict(list)
    boosts: dict[str, CueIndex] = {}
    raw_patterns = []
    for t in ont.types.values():
        cues += [_parse_cue(t.id, text, w) for text, w in t.cues.items()]
        if t.boosts:
            boosts[t.id] = CueIndex(_parse_cue(t.id, text, w) for text, w in t.boosts.items())
        for n, fr in enumerate(t.frames):
            frame = _Frame(
                t.id, f"{t.id}:frame{n}",
                frozenset(v.lower() for v in fr.get("verbs", [])),
                frozenset(o.lower() for o in fr.get("objects", []) or []),
                frozenset(fr.get("object_ents", []) or []),
                frozenset(s.lower() for s in fr.get("subjects", []) or []),
                float(fr.get("weight", 3)),
            )
            for v in frame.verbs:
                frames[v].append(frame)
        for n, p in enumerate(t.patterns):
            raw_patterns.append((t.id, f"{t.id}:pattern{n}", float(p.get("weight", 3)), p["pattern"]))
    contexts = {name: CueIndex(_parse_cue(name, c, 1.0) for c in items)
                for name, items in ont.contexts.items()}
    matcher, keys = None, {}
    if raw_patterns:
        from spacy.matcher import Matcher

        from ..nlp import load
        vocab = load().vocab
        matcher = Matcher(vocab)
        for type_id, key, weight, pattern in raw_patterns:
            matcher.add(key, [pattern])
            keys[vocab.strings[key]] = (type_id, weight, key)
    return Compiled(CueIndex(cues), boosts, contexts, dict(frames), matcher, keys)
