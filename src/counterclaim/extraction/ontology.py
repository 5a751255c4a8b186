"""The claim-type ontology: the types of `data/claim_types.yaml` (ACLED sub-event types and the
kinds of statement), with their cue patterns, verb frames and contexts, loaded once and
extendable with `COUNTERCLAIM_CLAIM_TYPES` or the `extra` argument of `load_ontology`."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

FALLBACK = "statement"  # the type of a claim no cue matches
ENV_VAR = "COUNTERCLAIM_CLAIM_TYPES"


@dataclass
class ClaimType:
    """One entry of the ontology, as read from YAML."""

    id: str
    family: str
    acled: str | None
    description: str = ""
    case: str | None = None
    fallback_acled: str | None = None
    acled_by_agent: dict[str, str] = field(default_factory=dict)
    cues: dict[str, float] = field(default_factory=dict)
    frames: list[dict[str, Any]] = field(default_factory=list)
    patterns: list[dict[str, Any]] = field(default_factory=list)
    boosts: dict[str, float] = field(default_factory=dict)
    requires: list[str] = field(default_factory=list)
    requires_scope: str = "sentence"
    overrides: list[str] = field(default_factory=list)
    priority: float = 0.0


@dataclass
class Ontology:
    """The claim types and the settings that weigh their cues."""

    types: dict[str, ClaimType]
    contexts: dict[str, list[str]]
    actor_classes: dict[str, list[str]]
    position_weights: list[float]
    title_weight: float = 1.2
    negated_weight: float = 0.15
    late_in_sentence: float = 0.0
    families: dict[str, Any] = field(default_factory=dict)  # what `counterclaim.extraction.families` reads

    def __hash__(self) -> int:  # one compiled matcher per ontology object
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


def _read_yaml(path: str | Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: claim-type file not found (check {ENV_VAR} or the path given)")
    except yaml.YAMLError as err:
        raise ValueError(f"{path}: not valid YAML ({err})") from err
    if not isinstance(data, dict) or not isinstance(data.get("types", []), list):
        raise ValueError(f"{path}: expected a mapping with a `types:` list, as in data/claim_types.yaml")
    return data


def _merge(base: dict, extra: dict) -> dict:
    """Merge a user file into the base ontology: same ids are extended, new ids appended."""
    out = dict(base)
    for key in ("position_weights", "title_weight", "negated_weight", "late_in_sentence"):
        if key in extra:
            out[key] = extra[key]
    for key in ("contexts", "actor_classes"):
        merged = {k: list(v) for k, v in (base.get(key) or {}).items()}
        for name, values in (extra.get(key) or {}).items():
            merged.setdefault(name, [])
            merged[name] += [v for v in values if v not in merged[name]]
        out[key] = merged
    types = [dict(t) for t in base.get("types", [])]
    index = {t["id"]: t for t in types}
    for entry in extra.get("types", []) or []:
        if "id" not in entry:
            raise ValueError(f"claim type without an id: {entry!r}")
        old = index.get(entry["id"])
        if old is None or entry.get("replace"):
            new = {k: v for k, v in entry.items() if k != "replace"}
            if old is None:
                types.append(new)
            else:
                types[types.index(old)] = new
            index[entry["id"]] = new
            continue
        for k, v in entry.items():
            if isinstance(v, dict) and isinstance(old.get(k), dict):
                old[k] = {**old[k], **v}
            elif isinstance(v, list) and isinstance(old.get(k), list):
                old[k] = old[k] + [x for x in v if x not in old[k]]
            else:
                old[k] = v
    out["types"] = types
    return out


def _build(data: dict) -> Ontology:
    types: dict[str, ClaimType] = {}
    known = set(ClaimType.__dataclass_fields__)
    for entry in data.get("types", []):
        unknown = set(entry) - known
        if unknown:
            raise ValueError(f"claim type {entry.get('id')!r}: unknown fields {sorted(unknown)}")
        entry = dict(entry)
        entry["cues"] = dict(entry.get("cues") or {})
        entry["boosts"] = dict(entry.get("boosts") or {})
        ctype = ClaimType(**entry)
        types[ctype.id] = ctype
    if FALLBACK not in types:
        types[FALLBACK] = ClaimType(id=FALLBACK, family="statement", acled=None, priority=-1)
    for ctype in types.values():
        for name in ctype.requires:
            if name not in (data.get("contexts") or {}):
                raise ValueError(f"claim type {ctype.id!r} requires unknown context {name!r}")
        for other in ctype.overrides:
            if other not in types:
                raise ValueError(f"claim type {ctype.id!r} overrides unknown type {other!r}")
    return Ontology(
        types=types,
        contexts={k: list(v) for k, v in (data.get("contexts") or {}).items()},
        actor_classes={k: [w.lower() for w in v] for k, v in (data.get("actor_classes") or {}).items()},
        position_weights=list(data.get("position_weights") or [1.0]),
        title_weight=float(data.get("title_weight", 1.2)),
        negated_weight=float(data.get("negated_weight", 0.15)),
        late_in_sentence=float(data.get("late_in_sentence", 0.0)),
        families=dict(data.get("families") or {}),
    )


@lru_cache(maxsize=8)
def _load_cached(path: str | None, extras: tuple[str, ...]) -> Ontology:
    if path is None:
        text = resources.files("counterclaim").joinpath("data/claim_types.yaml").read_text("utf-8")
        data = yaml.safe_load(text)
    else:
        data = _read_yaml(path)
    for extra in extras:
        data = _merge(data, _read_yaml(extra))
    return _build(data)


def load_ontology(path: str | Path | None = None, extra: str | Path | None = None) -> Ontology:
    """The claim-type ontology.

    path: a YAML file replacing the packaged `data/claim_types.yaml` (None: the packaged one).
    extra: a YAML file of the same shape merged into it; the file named by the environment variable
    COUNTERCLAIM_CLAIM_TYPES is merged too. Returns a cached `Ontology`.
    """
    extras = tuple(str(p) for p in (os.environ.get(ENV_VAR), extra) if p)
    return _load_cached(str(path) if path else None, extras)
