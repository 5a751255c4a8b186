"""The shared vocabulary: documents, claims and their parts, with one JSON form.

Every stage of the pipeline speaks these records; nothing else defines these shapes.
`to_dict()` gives the JSON form documented in `schema/result.schema.json`.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Mode = Literal["direct", "indirect", "mixed", "according_to", "narrative"]
Polarity = Literal["assert", "deny"]
Kind = Literal["person", "organization", "media", "unnamed"]


def plain(value: Any) -> Any:
    """JSON-ready copy: tuples become lists."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


@dataclass
class Record:
    """Base for records with a plain JSON form."""

    def to_dict(self) -> dict[str, Any]:
        return plain(asdict(self))


@dataclass
class Cue(Record):
    text: str
    lemma: str
    span: tuple[int, int]


@dataclass
class Claimant(Record):
    text: str | None
    span: tuple[int, int] | None
    actor: str | None = None   # stable id from the actor dictionary
    name: str | None = None    # canonical name of the person or organisation
    side: str | None = None    # the actor this claimant speaks for
    role: str | None = None    # "spokesperson for the Resistance Front"
    kind: Kind = "unnamed"


@dataclass
class Via(Record):
    text: str
    actor: str | None = None
    kind: str = "media"  # media | tweet | statement | report | interview | ...


@dataclass
class Party(Record):
    """The agent or target of the event a claim describes."""

    text: str
    actor: str | None = None


@dataclass
class Place(Record):
    text: str
    span: tuple[int, int]
    id: str | None = None
    name: str | None = None
    feature: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: int | None = None


@dataclass
class When(Record):
    text: str
    date: str | None          # ISO date, or start of a range
    precision: str            # day | week | month | year | range
    end: str | None = None    # ISO date for ranges ("over the past week")
    span: tuple[int, int] | None = None


QuantityKind = Literal["killed", "wounded", "captured", "missing", "displaced", "destroyed", "other"]


@dataclass
class Quantity(Record):
    text: str
    kind: QuantityKind        # what happened to what is counted; "other" for plain counts
    value: float | None       # the point value when stated ("22"), else None
    min: float | None         # lower bound ("at least a thousand" -> 1000)
    max: float | None         # upper bound ("up to 50" -> 50)
    span: tuple[int, int] | None = None
    of: str | None = None     # what is counted, a lower-case plural: civilians, fighters, tanks, districts
    victims: str | None = None  # whose: the party (side id) or "civilians", where the text tells
    event: str | None = None  # the word for what happened, normalised: killed, trapped, surrendered, fled


@dataclass
class Condition(Record):
    text: str
    span: tuple[int, int]


@dataclass
class TypeMatch(Record):
    """A claim type from the ontology, with its ACLED sub-event type."""

    type: str
    acled: str | None
    score: float = 0.0
    trigger: str | None = None


@dataclass
class Claim(Record):
    id: str
    text: str
    span: tuple[int, int]
    mode: Mode
    polarity: Polarity
    cue: Cue | None
    claimant: Claimant
    via: list[Via] = field(default_factory=list)
    type: str = "statement"
    family: str = "statement"  # the type's family: territory, violence, casualties, detention, ...
    acled: str | None = None
    agent: Party | None = None
    target: Party | None = None
    places: list[Place] = field(default_factory=list)
    when: When | None = None
    quantities: list[Quantity] = field(default_factory=list)
    condition: Condition | None = None
    denies: list[str] = field(default_factory=list)
    sentence: tuple[int, int] | None = None  # the sentence(s) the claim was read from
    counter: bool = False     # a denial made by asserting something else ("denied it, saying they retook Parian")
    says_no: bool = False     # its words say what they speak of did not happen ("there was no encirclement")


@dataclass
class Document(Record):
    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    source: str | None = None  # where it was read from: a path, "stdin", "batch.jsonl:12"
    language: str | None = None


@dataclass
class Result(Record):
    """Everything extracted from one document."""

    document: Document
    claims: list[Claim]
    primary: TypeMatch | None = None
    places: list[Place] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        doc = self.document
        return {
            "document": {
                "id": doc.id,
                "title": doc.title,
                "outlet": doc.outlet,
                "url": doc.url,
                "published": doc.published,
                "source": doc.source,
                "primary": {"type": self.primary.type, "acled": self.primary.acled}
                if self.primary
                else {"type": None, "acled": None},
                "places": [p.to_dict() for p in self.places],
            },
            "claims": [c.to_dict() for c in self.claims],
        }


@dataclass
class Failure(Record):
    """A document that could not be read or processed, and why."""

    source: str
    reason: str


# ---- text that no database encoding holds ----------------------------------------------------------
SURROGATE = re.compile("[\ud800-\udfff]")


def first_surrogate(fields: Mapping[str, str | None]) -> tuple[str, str, int] | None:
    """The first lone surrogate (half of a UTF-16 pair, e.g. from a JSON "\\ud800" escape, which no
    database encoding holds) among `fields`: (field name, "\\uXXXX", character offset), or None."""
    for name, value in fields.items():
        found = SURROGATE.search(value) if isinstance(value, str) else None
        if found:
            return name, f"\\u{ord(found.group()):04x}", found.start()
    return None


def printable(value: str) -> str:
    """`value` with any lone surrogate written as an escape (a file name that is not UTF-8)."""
    return value.encode("utf-8", "backslashreplace").decode("utf-8")
