"""The attribution cue lexicon, read from `data/cues.yaml` (user-extensible)."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml


@dataclass(frozen=True)
class CueLexicon:
    """Lemmas that introduce attributed content, with what each kind of cue takes as content."""

    categories: dict[str, str] = field(default_factory=dict)  # lemma -> first category
    deny: frozenset[str] = frozenset()
    object_content: frozenset[str] = frozenset()
    xcomp_content: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()
    according: tuple[tuple[str, ...], ...] = ()
    channels: dict[str, str] = field(default_factory=dict)  # channel word -> via kind
    requests: frozenset[str] = frozenset()  # "called for a ceasefire": the "for" phrase is the content
    # "talked about the siege": lemma -> prepositions whose phrase is the content
    prep_content: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # cues only under conditions: lemma -> complements that license it ("ccomp", "xcomp", "dobj",
    # "prep:about"); the subject must be a noun phrase, not a pronoun ("Kabul believes that ...")
    guarded: dict[str, tuple[str, ...]] = field(default_factory=dict)
    raising: frozenset[str] = frozenset()  # "the convoy appears to have been hit": no source
    forms: dict[str, str] = field(default_factory=dict)  # word forms the tagger mislemmatises
    rejections: frozenset[str] = frozenset()  # "refused the offer": a rejection when the object is a thing
    # "her criticism of the raids": claim nouns whose prepositional phrase is the content
    noun_preps: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # what the ledger keeps (the `ledger:` section): see `counterclaim.extraction.scope`
    ledger: dict[str, frozenset[str]] = field(default_factory=dict)
    falsity: re.Pattern | None = None  # the ledger's falsity words as one pattern ("false", "not true")
    talks: re.Pattern | None = None    # beginnings of words that make a request bear on talks or a truce

    def is_cue(self, lemma: str) -> bool:
        """An unconditional cue: guarded and raising verbs need their own tests."""
        return lemma in self.categories and lemma not in self.guarded and lemma not in self.raising

    def lemma(self, word: str, lemma: str) -> str:
        """The cue lemma of a word: the tagger's lemma unless the word is a known exception."""
        return self.forms.get(word.lower(), lemma.lower())


def _merge(base: dict, extra: dict) -> dict:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        elif isinstance(value, list) and isinstance(base.get(key), list):
            base[key] = base[key] + [v for v in value if v not in base[key]]
        else:
            base[key] = value
    return base


@lru_cache(maxsize=4)
def load_cues(extra: str | None = None) -> CueLexicon:
    """Read the bundled cue file, merged with `extra` or `$COUNTERCLAIM_CUES` when given."""
    raw = yaml.safe_load(resources.files("counterclaim.data").joinpath("cues.yaml").read_text("utf-8"))
    extra = extra or os.environ.get("COUNTERCLAIM_CUES")
    if extra:
        raw = _merge(raw, yaml.safe_load(Path(extra).read_text("utf-8")) or {})
    categories: dict[str, str] = {}
    deny: set[str] = set()
    objects = set(raw.get("object_content", []))
    for category, spec in raw.get("verbs", {}).items():
        for lemma in spec.get("lemmas", []):
            categories.setdefault(lemma, category)
            if spec.get("polarity") == "deny":
                deny.add(lemma)
            if spec.get("object_content"):
                objects.add(lemma)
    guarded: dict[str, tuple[str, ...]] = {}
    for category, entries in raw.get("guarded", {}).items():
        for lemma, licences in entries.items():
            categories.setdefault(lemma, category)
            guarded[lemma] = tuple(licences)
    for lemma in raw.get("raising", []):
        categories.setdefault(lemma, "evidence")
    channels = {
        word: kind for kind, words in raw.get("channels", {}).items() for word in words
    }
    ledger = {k: frozenset(str(w).lower() for w in v) for k, v in (raw.get("ledger") or {}).items()}
    return CueLexicon(
        categories=categories,
        deny=frozenset(deny),
        object_content=frozenset(objects),
        xcomp_content=frozenset(raw.get("xcomp_content", [])),
        nouns=frozenset(raw.get("nouns", [])),
        according=tuple(tuple(p.split()) for p in raw.get("according", [])),
        channels=channels,
        requests=frozenset(raw.get("verbs", {}).get("request", {}).get("lemmas", [])),
        prep_content={k: _prepositions(v) for k, v in raw.get("prep_content", {}).items()},
        guarded=guarded,
        raising=frozenset(raw.get("raising", [])),
        forms=dict(raw.get("forms", {})),
        rejections=frozenset(raw.get("rejections", [])),
        noun_preps={k: _prepositions(v) for k, v in raw.get("noun_preps", {}).items()},
        ledger=ledger,
        falsity=words_pattern(ledger.get("falsity", frozenset())),
        talks=words_pattern(ledger.get("negotiation_words", frozenset()), whole=False),
    )


def _prepositions(values: list) -> tuple[str, ...]:
    """Prepositions as written: YAML reads a bare on or off as true or false."""
    return tuple("on" if v is True else "off" if v is False else str(v) for v in values)


def words_pattern(words, whole: bool = True) -> re.Pattern:
    """One pattern for words or phrases, longest first: whole words, or (whole=False) word
    beginnings ("talk" finds "talks")."""
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or "(?!x)x"
    return re.compile(rf"(?<![\w-])(?:{alternation})" + (r"(?![\w-])" if whole else ""))
