"""Read queries the REST API and the dashboard need beyond `Store.claims`, and deleting a document.

`ClaimFilter` holds the dashboard's filters (place with its sub-areas, side, actor, type, dates,
outlet, proposition status, free text over the full-text index); `claim_page` lists the claims it selects a page at a time
with stable cursors (claim ids only grow, so "after id N" means the same thing however the store
changes); `place_summaries`, `timeline`, `actors_summary`, `facets`, `document_page` and
`claim_detail` read the rest. Every value reaches SQL as a bound parameter.

`delete_document` removes a document with its claims, places mentions and links (the Store has no
delete yet); run `ledger.relink` afterwards.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import and_, case, column, delete, exists, func, literal, or_, select, table, text, update

from ..geo.boundaries import shape_for
from ..ledger.linking import STATUS_RANK, STATUSES
from ..ledger.propositions import proposition_claims, propositions, related
from ..storage.rows import claim_row as store_claim_row
from ..storage.store import Store, chunks
from ..storage.tables import MAX_ID, actors, bump, claim_places, claims, documents, links, places

MAX_PAGE = 500
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class QueryError(ValueError):
    """A filter value that cannot be used; the message names the parameter and the fix."""


@dataclass
class ClaimFilter:
    place: str | None = None      # part of a place name or mention; its districts count too
    place_id: int | None = None   # a stored place and every place inside it
    side: str | None = None
    actor: str | None = None
    type: str | None = None       # claim type or ACLED sub-event type
    since: str | None = None      # ISO date: the claim's date, else its article's
    until: str | None = None
    outlet: str | None = None     # the article's outlet, or an outlet in the reporting chain
    status: str | None = None     # the status of the claim's proposition
    q: str | None = None          # every word must appear (claim, claimant, places; stemmed)
    contested: bool = False       # as `Store.claims(contested=True)`

    def check(self) -> ClaimFilter:
        for name in ("since", "until"):
            value = getattr(self, name)
            if value:
                try:
                    date.fromisoformat(value)
                except (TypeError, ValueError):
                    raise QueryError(f"{name}: {value[:40]!r} is not a date; use YYYY-MM-DD") from None
        if self.status and self.status not in STATUSES:
            raise QueryError(f"status: {self.status[:40]!r} is not one of {', '.join(STATUSES)}")
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str) and len(value) > 200:
                raise QueryError(f"{f.name}: longer than 200 characters")
            if isinstance(value, str) and CONTROL.search(value):
                raise QueryError(f"{f.name}: contains a control character; send plain text")
        if self.place_id is not None and not 1 <= self.place_id <= MAX_ID:
            raise QueryError(f"place_id: {self.place_id} is not a place id (1 to {MAX_ID})")
        return self

    def as_params(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) not in (None, "", False)}


def _like(value: str) -> str:
    """A LIKE pattern matching `value` anywhere, with its wildcards escaped."""
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _contains(column: Any, value: str) -> Any:
    return func.lower(column).like(_like(value), escape="\\")


def _when() -> Any:
    return func.coalesce(claims.c.when_date, documents.c.published_on)


def _place_clause(store: Store, flt: ClaimFilter) -> list[Any]:
    # aliases: the queries these clauses go into may join the same tables themselves
    out = []
    mention, place = claim_places.alias("f_mention"), places.alias("f_place")
    if flt.place:
        out.append(exists().where(
            mention.c.claim_id == claims.c.id, place.c.id == mention.c.place_id,
            or_(*(_contains(col, flt.place) for col in
                  (place.c.name, place.c.text, place.c.admin1, place.c.admin2, mention.c.text)))))
    if flt.place_id is not None:
        with store.engine.connect() as conn:
            target = conn.execute(select(places).where(places.c.id == flt.place_id)).first()
        if target is None:
            return [literal(False)]
        inner = places.alias("inner_place")
        inside = [inner.c.id == target.id]
        if target.feature == "country" and target.country:
            inside.append(inner.c.country == target.country)
        elif target.feature == "admin1" and target.admin1:
            inside.append(and_(inner.c.country == target.country, inner.c.admin1 == target.admin1))
        elif target.feature == "admin2" and target.admin2:
            inside.append(and_(inner.c.country == target.country, inner.c.admin1 == target.admin1,
                               inner.c.admin2 == target.admin2))
        out.append(exists().where(mention.c.claim_id == claims.c.id,
                                  inner.c.id == mention.c.place_id, or_(*inside)))
    return out


def _where(store: Store, flt: ClaimFilter) -> list[Any]:
    flt.check()
    where: list[Any] = [documents.c.latest.is_(True), *_place_clause(store, flt)]
    if flt.side:
        where.append(func.lower(claims.c.side) == flt.side.lower())
    if flt.actor:
        where.append(func.lower(claims.c.actor_id) == flt.actor.lower())
    if flt.type:
        where.append(or_(func.lower(claims.c.type) == flt.type.lower(),
                         func.lower(claims.c.acled) == flt.type.lower()))
    if flt.since:
        where.append(_when() >= date.fromisoformat(flt.since))
    if flt.until:
        where.append(_when() <= date.fromisoformat(flt.until))
    if flt.outlet:
        # a via in the claim JSON is {"text": ..., "actor": ...}; claimants and places have a span instead
        via = json.dumps({"text": flt.outlet.lower()}, ensure_ascii=False)[1:-1] + ', "actor": '
        where.append(or_(func.lower(documents.c.outlet) == flt.outlet.lower(), _contains(claims.c.data, via)))
    if flt.status:
        member, prop = proposition_claims.alias("f_member"), propositions.alias("f_prop")
        where.append(exists().where(member.c.claim_id == claims.c.id, prop.c.id == member.c.proposition_id,
                                    prop.c.status == flt.status))
    if flt.q:
        where.append(_full_text(store, flt.q))
    if flt.contested:
        link = links.alias("f_link")
        denial = exists().where(link.c.kind.in_(("denies", "contradicts")),
                                or_(link.c.claim_id == claims.c.id, link.c.other_id == claims.c.id))
        where.append(or_(claims.c.contested.is_(True), denial))
    return where


def _full_text(store: Store, q: str) -> Any:
    """Claims whose text, claimant mention or places hold every word of `q` (stemmed), with the
    store's full-text indexes: FTS5 on SQLite, the `search` tsvector on PostgreSQL."""
    words = re.findall(r"\w+", q)[:20]
    if not words:
        return literal(False)
    if store.dialect == "sqlite":
        match = " ".join(f'"{w}"' for w in words)
        hits = select(column("rowid")).select_from(table("claims_fts")).where(
            text("claims_fts MATCH :fts_q").bindparams(fts_q=match))
        return claims.c.id.in_(hits)
    return text("claims.search @@ plainto_tsquery('english', :fts_q)").bindparams(fts_q=" ".join(words))


def _main_proposition() -> Any:
    """The most salient proposition of a claim (contested first), as a correlated subquery: a claim
    may answer several questions ("captured Soledar, killing 500") and is listed once."""
    member, prop = proposition_claims.alias("m_member"), propositions.alias("m_prop")
    rank = case(STATUS_RANK, value=prop.c.status, else_=len(STATUSES))
    return (select(prop.c.id).join(member, member.c.proposition_id == prop.c.id)
            .where(member.c.claim_id == claims.c.id).order_by(rank, prop.c.id).limit(1)
            .correlate(claims).scalar_subquery())


def _base() -> Any:
    return (select(claims, documents.c.doc_id.label("document"), documents.c.published, documents.c.outlet,
                   documents.c.url.label("document_url"), documents.c.title.label("document_title"),
                   propositions.c.id.label("proposition_id"), propositions.c.status.label("status"))
            .join(documents, documents.c.id == claims.c.document_id)
            .outerjoin(propositions, propositions.c.id == _main_proposition()))


def claim_row(m: Any) -> dict[str, Any]:
    """A claim row: the store's listing row plus its actor, document row id and proposition."""
    return {**store_claim_row(m), "document_id": m["document_id"], "actor": m["actor_id"],
            "status": m["status"], "proposition": m["proposition_id"]}


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"claims:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str, kind: str = "claims") -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, value = raw.partition(":")
        if prefix != kind or not value.isdigit() or len(value) > 10 or int(value) > MAX_ID:
            raise ValueError
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise QueryError("cursor: not a cursor this API gave; start again without it") from None


def iter_claims(store: Store, flt: ClaimFilter, after: int = 0, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """Claims the filter selects, in claim id order (the order they were stored)."""
    query = _base().where(*_where(store, flt), claims.c.id > after).order_by(claims.c.id)
    if limit:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        for row in conn.execution_options(yield_per=500).execute(query):
            yield claim_row(row._mapping)


def claim_page(store: Store, flt: ClaimFilter, cursor: str | None = None, limit: int = 100) -> dict[str, Any]:
    """One page of claims: {"items", "next" (cursor of the next page or None), "total"}."""
    after = decode_cursor(cursor) if cursor else 0
    limit = max(1, min(int(limit), MAX_PAGE))
    items = list(iter_claims(store, flt, after, limit + 1))
    more = len(items) > limit
    items = items[:limit]
    total_q = select(func.count()).select_from(claims.join(documents, documents.c.id == claims.c.document_id)) \
        .where(*_where(store, flt))
    with store.engine.connect() as conn:
        total = conn.execute(total_q).scalar_one()
    return {"items": items, "next": encode_cursor(items[-1]["id"]) if more else None, "total": total}


def claim_detail(store: Store, claim_id: int) -> dict[str, Any] | None:
    """A claim with its article (text included), proposition and every related claim with the reason."""
    with store.engine.connect() as conn:
        row = conn.execute(_base().where(claims.c.id == claim_id)).first()
        if row is None:
            return None
        doc = conn.execute(select(documents.c.id, documents.c.doc_id, documents.c.title, documents.c.outlet,
                                  documents.c.url, documents.c.published, documents.c.text, documents.c.version,
                                  documents.c.latest).where(documents.c.id == row.document_id)).first()
    out = claim_row(row._mapping)
    ledger = related(store, claim_id) or {}
    out["related"] = ledger.get("related", [])
    out["proposition"] = ledger.get("proposition")
    out["article"] = dict(doc._mapping)
    return out


def _selected(store: Store, flt: ClaimFilter) -> Any:
    """The ids of the claims the filter selects, as a SELECT to use inside another query."""
    return (select(claims.c.id).join(documents, documents.c.id == claims.c.document_id)
            .where(*_where(store, flt)).correlate(None))


def proposition_page(store: Store, flt: ClaimFilter, sides: int = 0, limit: int | None = 200, offset: int = 0,
                     members: int | None = 10, links: int | None = 10) -> tuple[list[dict[str, Any]], int]:
    """Propositions with the filter's status and at least one claim the other filters select, at
    least `sides` sides with sources, a page at a time; and how many there are in all."""
    from ..ledger.propositions import proposition_page as page

    others = ClaimFilter(**{**flt.as_params(), "status": None})
    claims_in = _selected(store, others) if others.as_params() else None
    return page(store, status=flt.check().status, claims_in=claims_in, min_sides=sides, limit=limit,
                offset=offset, members=members, links=links)


def place_countries(store: Store) -> set[str]:
    """The countries of the places some claim names."""
    query = select(places.c.country).distinct() \
        .select_from(places.join(claim_places, claim_places.c.place_id == places.c.id)) \
        .where(places.c.country.is_not(None))
    with store.engine.connect() as conn:
        return {row[0] for row in conn.execute(query)}


def place_summaries(store: Store, flt: ClaimFilter, limit: int | None = None,
                    offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """Places mentioned by a selected claim, most salient status first, then most claims: each
    with its row, claim count, sides, most salient proposition status and the packaged polygon
    that draws it ("shape", or None); a page of them, and how many there are in all."""
    selected = _selected(store, flt).cte("selected")
    rank = case(STATUS_RANK, value=propositions.c.status, else_=len(STATUSES))
    per_claim = (select(proposition_claims.c.claim_id, func.min(rank).label("rank"))    # best status of a claim
                 .join(propositions, propositions.c.id == proposition_claims.c.proposition_id)
                 .group_by(proposition_claims.c.claim_id).subquery())
    counted = (select(claim_places.c.place_id, func.count(func.distinct(claim_places.c.claim_id)).label("n_claims"),
                      func.min(func.coalesce(per_claim.c.rank, len(STATUSES))).label("rank"))
               .join(selected, selected.c.id == claim_places.c.claim_id)
               .outerjoin(per_claim, per_claim.c.claim_id == claim_places.c.claim_id)
               .group_by(claim_places.c.place_id).subquery())
    query = (select(places, counted.c.n_claims, counted.c.rank).join(counted, counted.c.place_id == places.c.id)
             .order_by(counted.c.rank, counted.c.n_claims.desc(), func.coalesce(places.c.name, places.c.text, ""),
                       places.c.id).offset(offset))
    if limit is not None:
        query = query.limit(limit)
    out: dict[int, dict[str, Any]] = {}
    with store.engine.connect() as conn:
        found = list(conn.execute(query).mappings())
        if limit is None or len(found) < limit:   # the last page: no need to count
            total = offset + len(found) if found or not offset else conn.execute(
                select(func.count()).select_from(counted)).scalar_one()
        else:
            total = conn.execute(select(func.count()).select_from(counted)).scalar_one()
        for m in found:
            out[m["id"]] = {
                "id": m["id"], "key": m["key"], "name": m["name"] or m["text"], "text": m["text"],
                "feature": m["feature"], "country": m["country"], "admin1": m["admin1"], "admin2": m["admin2"],
                "lat": m["lat"], "lon": m["lon"], "n_claims": m["n_claims"], "sides": {},
                "status": STATUSES[m["rank"]] if m["rank"] < len(STATUSES) else None}
        side = func.coalesce(func.nullif(claims.c.side, ""), "unknown")
        for chunk in chunks(list(out)):
            per_side = (select(claim_places.c.place_id, side.label("side"),
                               func.count(func.distinct(claims.c.id)).label("n"))
                        .join(selected, selected.c.id == claim_places.c.claim_id)
                        .join(claims, claims.c.id == claim_places.c.claim_id)
                        .where(claim_places.c.place_id.in_(chunk))
                        .group_by(claim_places.c.place_id, side))
            for row in conn.execute(per_side):
                out[row.place_id]["sides"][row.side] = row.n
    for entry in out.values():
        entry["sides"] = dict(sorted(entry["sides"].items()))
        entry["shape"] = shape_for(entry)
    return list(out.values()), total


def place_row(store: Store, place_id: int) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(places).where(places.c.id == place_id)).first()
    if row is None:
        return None
    out = dict(row._mapping)
    out["shape"] = shape_for(out)
    return out


def timeline(store: Store, flt: ClaimFilter) -> list[dict[str, Any]]:
    """Claims per day (the claim's date, else its article's) by side and type."""
    day = _when().label("day")
    query = (select(day, claims.c.side, claims.c.type, func.count().label("n"))
             .select_from(claims.join(documents, documents.c.id == claims.c.document_id))
             .where(*_where(store, flt)).group_by(day, claims.c.side, claims.c.type).order_by(day))
    with store.engine.connect() as conn:
        return [{"day": r.day.isoformat() if isinstance(r.day, date) else r.day, "side": r.side or "unknown",
                 "type": r.type, "n": r.n} for r in conn.execute(query) if r.day is not None]


def actors_summary(store: Store) -> list[dict[str, Any]]:
    """Known actors with the number of current claims each made."""
    n = (select(func.count()).select_from(claims.join(documents, documents.c.id == claims.c.document_id))
         .where(claims.c.actor_id == actors.c.id, documents.c.latest.is_(True)).scalar_subquery())
    with store.engine.connect() as conn:
        rows = conn.execute(select(actors, n.label("claims")).order_by(n.desc(), actors.c.id))
        return [dict(r._mapping) for r in rows]


def facets(store: Store) -> dict[str, Any]:
    """The values each filter can take, with counts: sides, types, outlets, statuses."""
    latest = claims.join(documents, documents.c.id == claims.c.document_id)

    def count_by(column: Any) -> list[dict[str, Any]]:
        q = (select(column.label("value"), func.count().label("n")).select_from(latest)
             .where(documents.c.latest.is_(True), column.is_not(None)).group_by(column).order_by(func.count().desc()))
        with store.engine.connect() as conn:
            return [{"value": r.value, "n": r.n} for r in conn.execute(q)]

    with store.engine.connect() as conn:
        statuses = [{"value": r.status, "n": r.n} for r in conn.execute(
            select(propositions.c.status, func.count().label("n")).group_by(propositions.c.status))]
        outlets = {r.outlet for r in conn.execute(select(documents.c.outlet).distinct()) if r.outlet}
        for (data,) in conn.execute(select(claims.c.data).where(claims.c.data.like('%"via": [{%'))):
            outlets.update(v.get("text") for v in json.loads(data).get("via") or [] if v.get("text"))
    return {"sides": count_by(claims.c.side), "types": count_by(claims.c.type), "statuses": statuses,
            "outlets": sorted(outlets, key=str.lower)}


def document_page(store: Store, cursor: str | None = None, limit: int = 100) -> dict[str, Any]:
    """Stored documents (latest versions), newest first by row id, a page at a time."""
    limit = max(1, min(int(limit), MAX_PAGE))
    query = select(documents.c.id, documents.c.doc_id, documents.c.title, documents.c.outlet, documents.c.url,
                   documents.c.published, documents.c.version, documents.c.n_claims, documents.c.source,
                   documents.c.primary_type).where(documents.c.latest.is_(True))
    if cursor:
        query = query.where(documents.c.id < decode_cursor(cursor, "documents"))
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query.order_by(documents.c.id.desc()).limit(limit + 1))]
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = base64.urlsafe_b64encode(f"documents:{rows[-1]['id']}".encode()).decode().rstrip("=") if more else None
    return {"items": rows, "next": nxt}


def document_row(store: Store, document_id: int) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(documents).where(documents.c.id == document_id)).first()
        if row is None:
            return None
        out = {k: v for k, v in row._mapping.items() if k not in ("data", "run_id")}
        out["claims"] = [r.id for r in conn.execute(select(claims.c.id).where(claims.c.document_id == document_id)
                                                     .order_by(claims.c.seq))]
    for key in ("published_on", "ingested_at"):
        if out.get(key) is not None:
            out[key] = out[key].isoformat()
    return out


def delete_document(store: Store, document_id: int) -> dict[str, int] | None:
    """Delete a document with its claims, their place mentions, links and proposition memberships;
    the previous version of the same URL becomes the latest again. None when there is no such document."""
    with store.engine.begin() as conn:
        doc = conn.execute(select(documents.c.id, documents.c.url_hash, documents.c.latest)
                           .where(documents.c.id == document_id)).first()
        if doc is None:
            return None
        bump(conn)
        mine = select(claims.c.id).where(claims.c.document_id == document_id)
        n_links = conn.execute(delete(links).where(or_(links.c.claim_id.in_(mine), links.c.other_id.in_(mine)))).rowcount
        conn.execute(delete(proposition_claims).where(proposition_claims.c.claim_id.in_(mine)))
        conn.execute(delete(claim_places).where(claim_places.c.claim_id.in_(mine)))
        n_claims = conn.execute(delete(claims).where(claims.c.document_id == document_id)).rowcount
        conn.execute(delete(documents).where(documents.c.id == document_id))
        if doc.latest and doc.url_hash:
            newest = conn.execute(select(func.max(documents.c.id)).where(documents.c.url_hash == doc.url_hash)).scalar()
            if newest:
                conn.execute(update(documents).where(documents.c.id == newest).values(latest=True))
    return {"document": document_id, "claims": n_claims, "links": n_links}
