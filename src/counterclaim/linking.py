"""Linking claims across articles: propositions, and the links between the claims in them.

A **proposition** groups claims about the same thing: the same claim-type family, overlapping places
(a district is inside its province) and overlapping time. Blocking by (family, province) and by
week keeps the comparison near-linear: claims are only compared inside a block.

Links (each with the rule that made it and the fields it compared):
- `denies`: an explicit denial ("denied the Taliban's claim"), within or across articles;
- `contradicts`: incompatible claims: different controllers of the same place in the same window,
  quantity ranges that cannot both hold, opposite polarity;
- `repeats`: the same claimant or side restating;
- `corroborates`: an independent source asserting the same;
- `reports`: a media outlet relaying a party's claim.

Independence: claims by the same side, or relayed from the same original statement (same claimant,
through however many outlets), count as one source.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from typing import Any

from .claimtypes import load_ontology

WINDOW_DAYS = 3          # claims about the same place within this many days are about the same moment
CASUALTY_KINDS = {"killed", "wounded", "captured", "displaced", "missing"}
STANCE_DISAGREE = 0.6    # the classifier's probability needed to call two sources' texts contradictory
CASUALTIES = "figures"  # a block of its own: casualty figures are compared whatever the claim's family


@dataclass
class LinkClaim:
    """What linking needs to know about one stored claim."""

    key: str                      # globally unique: "<document id>#<claim id>"
    document: str
    local_id: str
    text: str
    type: str
    family: str
    polarity: str
    mode: str
    actor: str | None             # the claimant's actor id, or its text when unresolved
    side: str | None
    kind: str                     # person | organization | media | unnamed
    outlet: str | None
    agent: str | None
    places: list[dict[str, Any]]
    day: date | None
    quantities: list[dict[str, Any]]
    denies: list[str] = field(default_factory=list)   # local ids in the same document
    via: list[str] = field(default_factory=list)      # actor ids or texts of the reporting chain
    counter: bool = False                             # a denial made by asserting something else

    @cached_property
    def all_place_keys(self) -> frozenset[str]:
        """Every key of every place, its country to itself (computed once: linking asks per pair)."""
        return frozenset(k for p in self.places for k in place_keys(p))

    @cached_property
    def finest_places(self) -> frozenset[str]:
        """The finest key of each place."""
        return frozenset(place_keys(p)[-1] for p in self.places)

    @property
    def source(self) -> str:
        """The original source: the claimant's side when known, else the claimant, else the outlet."""
        return self.side or self.actor or self.outlet or self.document


@dataclass
class Link:
    claim: str
    other: str
    kind: str
    reason: dict[str, Any]


@dataclass
class Proposition:
    id: str
    family: str
    label: str
    places: list[str]
    start: date | None
    end: date | None
    claims: list[str]
    status: str = "uncorroborated"
    sources: dict[str, int] = field(default_factory=dict)   # side -> independent sources
    casualties: dict[str, Any] | None = None


def _family(type_id: str) -> str:
    ctype = load_ontology().types.get(type_id)
    return ctype.family if ctype is not None else "statement"


def _day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def focus(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The place an article is mostly about: its most mentioned resolved province or district.

    A claim that names no place ("they killed over 1,000 fighters") is taken to be about it.
    """
    counts: dict[str, int] = defaultdict(int)
    first: dict[str, dict[str, Any]] = {}
    for place in document.get("places") or []:
        if place.get("feature") in ("admin1", "admin2") or place.get("admin1"):
            key = place_keys(place)[-1]
            counts[key] += 1
            first.setdefault(key, place)
    if not counts:
        return []
    best = max(counts, key=lambda k: counts[k])
    return [{**first[best], "inherited": True}]


def from_json(document: dict[str, Any], claim: dict[str, Any], default_places: list | None = None) -> LinkClaim:
    """A LinkClaim from the JSON form of a document and one of its claims.

    default_places: places for a claim that names none (see `focus`).
    """
    when = claim.get("when") or {}
    who = claim.get("claimant") or {}
    agent = claim.get("agent") or {}
    # who did it: a known actor, else the claimant's own side ("it had retaken Harib")
    doer = agent.get("actor") or who.get("side") or who.get("actor")
    return LinkClaim(
        key=f"{document['id']}#{claim['id']}", document=document["id"], local_id=claim["id"],
        text=claim["text"], type=claim["type"], family=claim.get("family") or _family(claim["type"]), polarity=claim["polarity"],
        mode=claim["mode"], actor=who.get("actor") or who.get("text"), side=who.get("side"),
        kind=who.get("kind") or "unnamed", outlet=document.get("outlet"),
        agent=doer, places=claim.get("places") or list(default_places or []),
        day=_day(when.get("date")) or _day(document.get("published")),
        quantities=claim.get("quantities") or [], denies=list(claim.get("denies") or []),
        via=[v.get("actor") or v.get("text") for v in claim.get("via") or []],
        counter=bool(claim.get("counter")),
    )


# -- places ---------------------------------------------------------------------------------------

def place_keys(place: dict[str, Any]) -> list[str]:
    """A place and the areas that contain it, coarsest first: country, province, district, place."""
    country, a1, a2 = place.get("country"), place.get("admin1"), place.get("admin2")
    if not country:
        return [f"name:{place['text'].lower()}"]
    keys = [f"country:{country}"]
    if a1:
        keys.append(f"admin1:{country}/{a1}")
    if a2:
        keys.append(f"admin2:{country}/{a1}/{a2}")
    if place.get("feature") not in ("country", "admin1", "admin2") and place.get("id"):
        keys.append(f"place:{place['id']}")
    return keys


def places_overlap(a: LinkClaim, b: LinkClaim) -> bool:
    """One claim's place is, or is inside, one of the other's ("Parian district" in "Panjshir")."""
    if not a.places or not b.places:
        return False
    return bool(a.finest_places & b.all_place_keys) or bool(b.finest_places & a.all_place_keys)


def _block_keys(claim: LinkClaim) -> set[str]:
    """Blocking keys: the province (or the finest key above district level) of each place."""
    out = set()
    for p in claim.places:
        keys = place_keys(p)
        out.add(keys[1] if len(keys) > 1 else keys[0])
    return out


# -- time and quantities --------------------------------------------------------------------------

def times_overlap(a: LinkClaim, b: LinkClaim) -> bool:
    if a.day is None or b.day is None:
        return True
    return abs((a.day - b.day).days) <= WINDOW_DAYS


def _bounds(q: dict[str, Any]) -> tuple[float, float]:
    lo = q.get("min") if q.get("min") is not None else q.get("value")
    hi = q.get("max") if q.get("max") is not None else q.get("value")
    return (lo if lo is not None else 0.0, hi if hi is not None else float("inf"))


def quantities_conflict(a: LinkClaim, b: LinkClaim) -> dict[str, Any] | None:
    """Two figures for the same kind whose ranges cannot both hold ("22 killed" vs "at least 100")."""
    for qa in a.quantities:
        for qb in b.quantities:
            if qa.get("kind") != qb.get("kind") or qa.get("kind") not in CASUALTY_KINDS:
                continue
            (lo_a, hi_a), (lo_b, hi_b) = _bounds(qa), _bounds(qb)
            if hi_a < lo_b or hi_b < lo_a:
                return {"kind": qa["kind"], "a": qa.get("text"), "b": qb.get("text")}
    return None


# -- linking --------------------------------------------------------------------------------------

def _same_statement(a: LinkClaim, b: LinkClaim) -> bool:
    """Relays of one original statement: same claimant, same day, one of them through outlets."""
    return a.actor is not None and a.actor == b.actor and a.day == b.day and bool(a.via or b.via)


def _controllers(claim: LinkClaim) -> str | None:
    """Who a territory claim says holds the place: the agent, else the claimant's side."""
    return claim.agent or claim.side


def compare(a: LinkClaim, b: LinkClaim) -> Link | None:
    """The link between two claims of the same proposition, with its reason, or None."""
    fields = {"family": a.family, "places": sorted(a.finest_places | b.finest_places),
              "days": [str(a.day) if a.day else None, str(b.day) if b.day else None]}
    if a.document == b.document and (b.local_id in a.denies or a.local_id in b.denies):
        src, dst = (a, b) if b.local_id in a.denies else (b, a)
        return Link(src.key, dst.key, "denies", {"rule": "explicit denial in the same article", **fields})
    if a.polarity != b.polarity:
        deny, other = (a, b) if a.polarity == "deny" else (b, a)
        if deny.counter and deny.source != other.source:
            return Link(deny.key, other.key, "contradicts",
                        {"rule": "a denial's grounds assert what cannot hold with the claim", **fields})
        if deny.source != other.source:
            return Link(deny.key, other.key, "denies",
                        {"rule": "denial by another side of a claim about the same place and time", **fields})
        return None
    if a.family == "territory" and a.polarity == "assert":
        ca, cb = _controllers(a), _controllers(b)
        if ca and cb and ca != cb:
            return Link(a.key, b.key, "contradicts",
                        {"rule": "different controllers of the same place in the same window",
                         "controllers": [ca, cb], **fields})
    conflict = quantities_conflict(a, b)
    if conflict:
        return Link(a.key, b.key, "contradicts", {"rule": "quantity ranges cannot both hold", **conflict, **fields})
    stance = _stance(a, b)
    fields["stance"] = stance
    if stance["label"] == "disagree" and stance["score"] >= STANCE_DISAGREE and a.source != b.source:
        return Link(a.key, b.key, "contradicts", {"rule": "stance classifier: the texts disagree", **fields})
    if _same_statement(a, b):
        return Link(a.key, b.key, "reports", {"rule": "same claimant and day, relayed by an outlet",
                                              "claimant": a.actor, "via": a.via or b.via, **fields})
    if a.source == b.source:
        return Link(a.key, b.key, "repeats", {"rule": "same side restating", "source": a.source, **fields})
    if a.side and b.side and a.side != b.side or a.kind == "media" or b.kind == "media":
        return Link(a.key, b.key, "corroborates", {"rule": "independent source asserts the same",
                                                   "sources": [a.source, b.source], **fields})
    return Link(a.key, b.key, "corroborates", {"rule": "another source asserts the same",
                                               "sources": [a.source, b.source], **fields})


def _families(claim: LinkClaim) -> set[str]:
    """The claim's family, plus 'casualties' when it states a casualty figure (figures are compared
    across families: "killed over 1,000" in a battle report and "a thousand trapped" in another)."""
    out = {claim.family} if claim.family != "statement" else set()
    if any(q.get("kind") in CASUALTY_KINDS for q in claim.quantities):
        out.add(CASUALTIES)
    return out


def compare_figures(a: LinkClaim, b: LinkClaim) -> Link | None:
    """Casualty figures for the same place and time: conflicting, restated by one side, or
    independently confirmed ("a thousand trapped" and "over 1,000 killed" from one side are one source)."""
    fields = {"places": sorted(a.finest_places | b.finest_places),
              "figures": [q.get("text") for q in a.quantities + b.quantities if q.get("kind") in CASUALTY_KINDS]}
    conflict = quantities_conflict(a, b)
    if conflict:
        return Link(a.key, b.key, "contradicts", {"rule": "quantity ranges cannot both hold", **conflict, **fields})
    if a.source == b.source:
        return Link(a.key, b.key, "repeats", {"rule": "casualty figures from the same side", "source": a.source,
                                              **fields})
    kinds_a = {q.get("kind") for q in a.quantities} & CASUALTY_KINDS
    kinds_b = {q.get("kind") for q in b.quantities} & CASUALTY_KINDS
    if kinds_a & kinds_b and not _same_statement(a, b):
        return Link(a.key, b.key, "corroborates", {"rule": "independent sources give compatible figures",
                                                   "sources": [a.source, b.source], **fields})
    return None


def _stance(a: LinkClaim, b: LinkClaim) -> dict[str, Any]:
    """What the stance classifier says of two claim texts (label and its probability)."""
    from .stance import predict

    label, scores = predict(a.text, b.text)
    return {"label": label, "score": round(float(scores.get(label, 0.0)), 3)}


def claim_blocks(claim: LinkClaim) -> set[tuple[str, str]]:
    """The (family, province) blocks a claim is compared in; claims in no shared block never link."""
    if not claim.places:
        return set()
    return {(family, key) for family in _families(claim) for key in _block_keys(claim)}


def _blocks(claims: list[LinkClaim]) -> dict[tuple[str, str, int], list[int]]:
    """Claims grouped by family, province and week (a claim may sit in several blocks)."""
    blocks: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        if not c.places:
            continue
        week = c.day.toordinal() // 7 if c.day else -1
        for family in _families(c):
            for key in _block_keys(c):
                blocks[(family, key, week)].append(i)
    return blocks


def link_claims(claims: Iterable[LinkClaim]) -> tuple[list[Proposition], list[Link]]:
    """Group claims into propositions and link the claims within each.

    Only claims sharing a block (family, province, week or the next) are compared, so the cost
    grows with the size of blocks, not with the square of the corpus.
    """
    items = list(claims)
    blocks = _blocks(items)
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    links: dict[tuple[str, str], Link] = {}
    seen: set[tuple[bool, tuple[int, int]]] = set()
    for (family, key, week), members in blocks.items():
        later = blocks.get((family, key, week + 1), []) if week >= 0 else []
        pairs = [(i, j) for x, i in enumerate(members) for j in members[x + 1:]] + \
                [(i, j) for i in members for j in later]
        for i, j in pairs:
            pair = (min(i, j), max(i, j))
            if i == j or (family == CASUALTIES, pair) in seen:
                continue
            seen.add((family == CASUALTIES, pair))
            a, b = items[pair[0]], items[pair[1]]
            if not times_overlap(a, b) or not places_overlap(a, b):
                continue
            if family != CASUALTIES:
                parent[find(i)] = find(j)
                link = compare(a, b)
            else:
                link = compare_figures(a, b)
            if link is not None:
                links[(link.claim, link.other)] = link
    # explicit denials in one article link even when the denial names no place
    by_doc: dict[tuple[str, str], int] = {(c.document, c.local_id): i for i, c in enumerate(items)}
    for i, c in enumerate(items):
        for local in c.denies:
            j = by_doc.get((c.document, local))
            if j is not None and (c.key, items[j].key) not in links:
                links[(c.key, items[j].key)] = Link(c.key, items[j].key, "denies",
                                                    {"rule": "explicit denial in the same article"})
                if items[j].places or c.places:
                    parent[find(i)] = find(j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(items):
        if (c.family != "statement" or parent[i] != i) and c.places:
            groups[find(i)].append(i)
    link_list = list(links.values())
    by_claim: dict[str, list[Link]] = defaultdict(list)
    for link in link_list:
        by_claim[link.claim].append(link)
        by_claim[link.other].append(link)
    props = [_proposition(n, [items[i] for i in members], by_claim)
             for n, members in enumerate(sorted(groups.values(), key=lambda m: m[0]), 1)]
    return props, link_list


def _proposition(n: int, members: list[LinkClaim], by_claim: dict[str, list[Link]]) -> Proposition:
    keys = {m.key for m in members}
    mine = [l for m in members for l in by_claim.get(m.key, [])]
    days = [m.day for m in members if m.day]
    names = sorted({p.get("name") or p["text"] for m in members for p in m.places}
                   | {p["text"] for m in members for p in m.places})
    start, end = (min(days), max(days)) if days else (None, None)
    family = members[0].family
    when = f"{start:%d %b %Y}" if start and start == end else (f"{start:%d %b}–{end:%d %b %Y}" if start else "undated")
    prop = Proposition(id=f"p{n}", family=family, label=f"{family}: {', '.join(names[:3])}, {when}",
                       places=names, start=start, end=end, claims=sorted(keys))
    prop.sources = independent_sources(members)
    kinds = {l.kind for l in mine}
    if "contradicts" in kinds:
        prop.status = "contested"      # claims on both sides that cannot both hold
    elif "denies" in kinds:
        prop.status = "denied"         # explicitly denied, no counter-claim
    elif sum(prop.sources.values()) > 1:
        prop.status = "corroborated"   # more than one independent source
    prop.casualties = casualty_aggregate(members)
    return prop


def independent_sources(members: list[LinkClaim]) -> dict[str, int]:
    """Per side, how many independent sources assert: relays of one statement and one side's
    spokespeople count once per claimant; outlets count only for what they state themselves."""
    per_side: dict[str, set[str]] = defaultdict(set)
    for m in members:
        if m.polarity != "assert" and not m.counter:
            continue
        side = m.side or (m.outlet if m.kind == "media" else None) or m.actor or "unknown"
        per_side[side].add(m.side or m.actor or m.document)
    return {side: len(sources) for side, sources in per_side.items()}


def casualty_aggregate(members: list[LinkClaim]) -> dict[str, Any] | None:
    """Per-claimant casualty figures and an ACLED-style conservative total (the lowest credible figure).

    "dozens" counts 12 and "hundreds" 100, as the quantity stage records them (their lower bound).
    `disputed` is true when two claimants' ranges cannot both hold.
    """
    figures: dict[str, dict[str, list[tuple[float, float]]]] = defaultdict(lambda: defaultdict(list))
    for m in members:
        for q in m.quantities:
            if q.get("kind") == "killed":
                figures["killed"][m.actor or m.source].append(_bounds(q))
            elif q.get("kind") == "wounded":
                figures["wounded"][m.actor or m.source].append(_bounds(q))
    if not figures:
        return None
    out: dict[str, Any] = {}
    for kind, by_claimant in figures.items():
        lows = {who: min(lo for lo, _ in ranges) for who, ranges in by_claimant.items()}
        highs = {who: min(hi for _, hi in ranges) for who, ranges in by_claimant.items()}
        disputed = any(highs[a] < lows[b] for a in lows for b in lows if a != b)
        out[kind] = {"by_claimant": lows, "conservative": min(lows.values()), "disputed": disputed}
    return out


def contested_first(props: list[Proposition]) -> list[Proposition]:
    """Propositions with claims on both sides first, strongest (most independent sources) first."""
    rank = {"contested": 0, "denied": 1, "corroborated": 2, "uncorroborated": 3}
    return sorted(props, key=lambda p: (rank.get(p.status, 9), -sum(p.sources.values()), -len(p.claims)))

