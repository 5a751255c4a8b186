"""The ledger as ACLED events: one row per proposition, in ACLED's columns.

`acled_events(store, ...)` turns each proposition whose claims carry an ACLED sub-event code into
an event (its date, place, actors, outlets, a note saying who claims what, and the most
conservative fatality figure); `export_acled(store, out, ...)` writes them as CSV. The categories
and settings are data (`data/acled.yaml`); docs/acled.md says which claim gives each column.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, TextIO

import yaml
from sqlalchemy import select

from ..extraction.ontology import load_ontology
from ..knowledge.actors import load_actors
from ..knowledge.countries import alpha3, load_countries
from ..knowledge.gazetteer import key as fold
from ..storage.export import text_out, write_csv
from ..storage.store import Store, chunks
from ..storage.tables import claims, documents, proposition_claims, propositions
from .linking import focus

COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
           "actor1", "assoc_actor_1", "actor2", "country", "admin1", "admin2", "location", "latitude", "longitude",
           "geo_precision", "source", "source_scale", "notes", "fatalities")


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """`data/acled.yaml`: the sub-event categories and how dates, sources and notes are written."""
    return yaml.safe_load(resources.files("counterclaim.data").joinpath("acled.yaml").read_text("utf-8"))


@dataclass
class _Member:
    id: int
    claim: dict[str, Any]
    acled: str | None
    outlet: str | None
    published: str | None
    document: int
    doc_data: str | None = None


@dataclass
class _Prop:
    row: Any
    members: list[_Member] = field(default_factory=list)


def acled_events(store: Store, *, status: str | None = None, place: str | None = None, since: str | None = None,
                 until: str | None = None, counts: dict[str, int] | None = None) -> Iterator[dict[str, Any]]:
    """One ACLED event (a dict of `COLUMNS`) per proposition, in proposition id order.

    status: only propositions of this status. place: part of the event's location, admin1, admin2
    or country name (any case). since/until: ISO dates bounding the event date. counts, when given,
    is filled with how many propositions became events ("events") and why the others did not:
    "no_acled_type" (no claim with an ACLED code), "unlocated" (no resolved place), "undated" and
    "filtered".
    """
    counts = counts if counts is not None else {}
    for key in ("events", "no_acled_type", "unlocated", "undated", "filtered"):
        counts.setdefault(key, 0)
    lo, hi = (date.fromisoformat(since) if since else None), (date.fromisoformat(until) if until else None)
    wanted = fold(place) if place else None
    for prop in _propositions(store, status):
        event, why = _event(prop)
        if event is None:
            counts[why] += 1
            continue
        day = date.fromisoformat(event["event_date"])
        names = (event["location"], event["admin1"], event["admin2"], event["country"])
        if (lo and day < lo) or (hi and day > hi) or (wanted and not any(wanted in fold(n or "") for n in names)):
            counts["filtered"] += 1
            continue
        counts["events"] += 1
        yield event


# the filters an ACLED event (a proposition) takes; those of single claims (side, type, ...) do not apply
ACLED_FILTERS = ("status", "place", "since", "until")


def not_acled_filters(filters: dict[str, Any]) -> list[str]:
    """The filters set in `filters` that ACLED events do not take."""
    return [k for k, v in filters.items() if v and k not in ACLED_FILTERS]


def acled_filter_error(names: Iterable[str]) -> str:
    return (f"{', '.join(names)}: not a filter of ACLED events (propositions); "
            "filter by place, since, until or status")


def export_acled(store: Store, out: str | Path | TextIO, **filters: Any) -> dict[str, int]:
    """Write the ACLED events (`acled_events(store, **filters)`) as CSV to a path, "-" (stdout) or
    an open text stream. Returns the counts `acled_events` fills."""
    wrong = not_acled_filters(filters)
    if wrong:
        raise ValueError(acled_filter_error(sorted("--" + k.replace("claim_", "").replace("_", "-") for k in wrong)))
    filters = {k: v for k, v in filters.items() if v}
    counts: dict[str, int] = {}
    if hasattr(out, "write"):
        write_csv(acled_events(store, counts=counts, **filters), COLUMNS, out)
    else:
        with text_out(out) as stream:
            write_csv(acled_events(store, counts=counts, **filters), COLUMNS, stream)
    return counts


# ---- reading the ledger ---------------------------------------------------------------------

def _propositions(store: Store, status: str | None) -> Iterator[_Prop]:
    query = select(propositions).order_by(propositions.c.id)
    if status:
        query = query.where(propositions.c.status == status)
    with store.engine.connect() as conn:
        rows = list(conn.execute(query))
        for chunk in chunks(rows, 500):
            props = {r.id: _Prop(r) for r in chunk}
            q = (select(proposition_claims.c.proposition_id, claims.c.id, claims.c.data, claims.c.acled,
                        documents.c.id.label("doc"), documents.c.outlet, documents.c.published)
                 .join(claims, claims.c.id == proposition_claims.c.claim_id)
                 .join(documents, documents.c.id == claims.c.document_id)
                 .where(proposition_claims.c.proposition_id.in_(list(props)))
                 .order_by(proposition_claims.c.proposition_id, claims.c.id))
            for r in conn.execute(q):
                props[r.proposition_id].members.append(
                    _Member(r.id, json.loads(r.data), r.acled, r.outlet, r.published, r.doc))
            # the article's main place stands for claims that name none (as linking takes it)
            bare = {m.document for p in props.values() for m in p.members if not m.claim.get("places")}
            docs = {}
            for ids in chunks(sorted(bare)):
                docs.update(conn.execute(select(documents.c.id, documents.c.data).where(documents.c.id.in_(ids))).all())
            for p in props.values():
                for m in p.members:
                    m.doc_data = docs.get(m.document)
            yield from props.values()


# ---- one proposition, one event -----------------------------------------------------------------

def _event(prop: _Prop) -> tuple[dict[str, Any] | None, str]:
    members = prop.members
    code = _code(members)
    category = settings()["sub_event_types"].get(code) if code else None
    if category is None:
        return None, "no_acled_type"
    where = _main_place(members)
    if where is None:
        return None, "unlocated"
    day, precision = _when(prop.row, members)
    if day is None:
        return None, "undated"
    country = load_countries().by_code(where["country"]) if where.get("country") else None
    actor1, assoc, actor2 = _actors(members)
    killed = (json.loads(prop.row.casualties) if prop.row.casualties else {}).get("killed") or {}
    return {
        "event_id_cnty": f"{alpha3(where.get('country') or '') or 'XXX'}{prop.row.id}",
        "event_date": day.isoformat(), "year": day.year, "time_precision": precision,
        "disorder_type": category["disorder_type"], "event_type": category["event_type"],
        "sub_event_type": category["sub_event_type"],
        "actor1": actor1, "assoc_actor_1": assoc, "actor2": actor2,
        "country": country.name if country else where.get("country") or "",
        "admin1": where.get("admin1") or "", "admin2": where.get("admin2") or "",
        "location": where.get("name") or where.get("text", "").strip(),
        "latitude": where["lat"], "longitude": where["lon"], "geo_precision": where.get("precision") or 3,
        "source": "; ".join(_outlets(members)), "source_scale": _scale(members, where.get("country")),
        "notes": _notes(prop.row.status, members, killed),
        "fatalities": int(killed.get("conservative") or 0),
    }, ""


def _code(members: list[_Member]) -> str | None:
    """The ACLED code most of the claims carry (the first claim's among equals); else the fallback
    code of a type `fallback_types` lists."""
    codes = Counter(m.acled for m in members if m.acled)
    if codes:
        return max(codes, key=lambda c: (codes[c], -next(i for i, m in enumerate(members) if m.acled == c)))
    types = load_ontology().types
    for m in members:
        kind = types.get(m.claim.get("type") or "")
        if kind and kind.id in settings().get("fallback_types", []) and kind.fallback_acled:
            return kind.fallback_acled
    return None


def _main_place(members: list[_Member]) -> dict[str, Any] | None:
    """The place most claims name (with coordinates); a province or finer before a country, the
    finer before the coarser among equals; claims naming none count their article's main place."""
    seen: dict[str, dict[str, Any]] = {}
    named: Counter[str] = Counter()
    for m in members:
        places = m.claim.get("places") or (focus(json.loads(m.doc_data)) if m.doc_data else [])
        for p in places:
            if p.get("lat") is None or p.get("lon") is None:
                continue
            k = p.get("id") or fold(p.get("name") or p.get("text", ""))
            seen.setdefault(k, p)
            named[k] += 1
    if not named:
        return None
    best = max(named, key=lambda k: (bool(seen[k].get("admin1")), named[k], -(seen[k].get("precision") or 3)))
    return seen[best]


def _when(row: Any, members: list[_Member]) -> tuple[date | None, int]:
    """The earliest date a claim gives, with the precision of what it gave; else the proposition's
    start (its earliest article), which says only that the event came in the days before."""
    spec = settings()
    dated = []
    for m in members:
        when = m.claim.get("when") or {}
        if not when.get("date"):
            continue
        start = date.fromisoformat(when["date"][:10])
        kind = when.get("precision") or "day"
        if kind == "range":
            end = date.fromisoformat(when["end"][:10]) if when.get("end") else start
            precision = 2 if (end - start).days <= spec["week_days"] else 3
        else:
            precision = spec["time_precision"].get(kind, 3)
        dated.append((start, precision))
    if dated:
        return min(dated)
    if row.start:
        start = row.start if isinstance(row.start, date) else date.fromisoformat(str(row.start)[:10])
        return start, spec["time_precision"]["published"]
    return None, 0


def _asserting(m: _Member) -> bool:
    return m.claim.get("polarity") == "assert" or bool(m.claim.get("counter"))


def _actors(members: list[_Member]) -> tuple[str, str, str]:
    """actor1: the doer the asserting claims name most (else their claimants' side); assoc_actor_1
    the other doers they name; actor2: the target they name most (else the side that denies)."""
    agents = Counter(_party(m.claim, "agent") for m in members if _asserting(m))
    agents.pop(None, None)
    if not agents:
        agents = Counter(s for m in members if _asserting(m) and (s := _side(m)))
    first = agents.most_common(1)[0][0] if agents else None
    targets = Counter(t for m in members if _asserting(m) and (t := _party(m.claim, "target")) and t != first)
    if not targets:
        targets = Counter(s for m in members if not _asserting(m) and (s := _side(m)) and s != first)
    second = targets.most_common(1)[0][0] if targets else None
    assoc = [a for a, _ in agents.most_common() if a not in (first, second)]
    return _actor_name(first), "; ".join(_actor_name(a) for a in assoc), _actor_name(second)


def _party(claim: dict[str, Any], role: str) -> str | None:
    return (claim.get(role) or {}).get("actor")


def _side(m: _Member) -> str | None:
    who = m.claim.get("claimant") or {}
    return who.get("side") if who.get("kind") != "media" and who.get("side") not in ("media", "unknown") else None


def _actor_name(actor: str | None) -> str:
    if not actor:
        return ""
    known = load_actors().actors.get(actor)
    if known:
        return known.name
    country = load_countries().by_side(actor)
    return country.name if country else actor


def _outlets(members: list[_Member]) -> list[str]:
    """The articles' outlets; for an article with none, the media its claims were relayed by."""
    out: list[str] = []
    for m in members:
        names = [m.outlet] if m.outlet else [v.get("text") for v in m.claim.get("via") or [] if v.get("kind") == "media"]
        out += [n for n in names if n and n not in out]
    return out


def _scale(members: list[_Member], country: str | None) -> str:
    spec, actors = settings()["source_scale"], load_actors()
    scales: list[str] = []
    for name in _outlets(members):
        outlet = actors.lookup(name)
        if outlet is None or outlet.kind != "media":
            continue
        scale = spec["same_country"] if country and outlet.country == country else spec["other_country"]
        if scale not in scales:
            scales.append(scale)
    order = [spec["same_country"], spec["other_country"]]
    return "-".join(s for s in order if s in scales)


def _notes(status: str, members: list[_Member], killed: dict[str, Any]) -> str:
    """"contested: Taliban says "...": Ahmad Massoud denies "..."": the status, then who claims
    what: each side's first assertion, then each side's first denial, then the others, one claim
    per claimant and polarity."""
    spec = settings()["notes"]
    said, seen, first = [], set(), set()
    ranked = []   # each side's first assertion, then each side's first denial, then the rest
    for n, m in enumerate(members):
        side = ((m.claim.get("claimant") or {}).get("side"), _asserting(m))
        ranked.append((0 if side[1] and side not in first else 1 if side not in first else 2, n, m))
        first.add(side)
    for _, _, m in sorted(ranked, key=lambda r: r[:2]):
        who = m.claim.get("claimant") or {}
        name = who.get("name") or (who.get("text") or "").strip() or "unnamed source"
        verb = "says" if _asserting(m) else "denies"
        if (name, verb) in seen or len(said) >= spec["claims"]:
            continue
        seen.add((name, verb))
        text = " ".join(m.claim.get("text", "").split())
        text = text if len(text) <= spec["chars"] else text[:spec["chars"] - 1].rstrip() + "…"
        side = f" ({who['side']})" if who.get("side") and fold(who["side"]) not in fold(name) else ""
        said.append(f'{name}{side} {verb} "{text}"')
    note = f"{status}: " + "; ".join(said) + "."
    if killed and killed.get("low") != killed.get("high"):   # ACLED reports the most conservative figure
        figures = ", ".join(f"{who} {int(n)}" for who, n in (killed.get("by_claimant") or {}).items())
        note += f" Fatalities {'disputed' if killed.get('disputed') else 'differ'} ({figures}); the lowest is given."
    return note
