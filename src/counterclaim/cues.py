"""The attribution cue lexicon, read from `data/cues.yaml` (user-extensible)."""
from __future__ import annotations

import os
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

    def is_cue(self, lemma: str) -> bool:
        return lemma in self.categories


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
    channels = {
        word: kind for kind, words in raw.get("channels", {}).items() for word in words
    }
    return CueLexicon(
        categories=categories,
        deny=frozenset(deny),
        object_content=frozenset(objects),
        xcomp_content=frozenset(raw.get("xcomp_content", [])),
        nouns=frozenset(raw.get("nouns", [])),
        according=tuple(tuple(p.split()) for p in raw.get("according", [])),
        channels=channels,
        requests=frozenset(raw.get("verbs", {}).get("request", {}).get("lemmas", [])),
    )
