"""Rows: how one extracted `Result` becomes rows of the store (its document, claims, actors and
places, in the caller's transaction), and how a stored claim reads back as a listing row."""
from __future__ import annotations

import hashlib
import json
import re
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import Column, Table, select
from sqlalchemy.engine import Connection

from ..model import Document, Result, first_surrogate
from .tables import actors, claim_places, claims, documents, failures, places


def insert_document(conn: Connection, result: Result, ident: str, content: str,
                     url_hash: str | None, version: int, run_id: int | None) -> int:
    doc = result.document
    data = result.to_dict()["document"]
    published_on, precision = _published(doc.published)
    return conn.execute(documents.insert().values(
        identity=ident, content_hash=content, url=doc.url, url_hash=url_hash, version=version,
        latest=True, doc_id=doc.id, title=doc.title, outlet=doc.outlet, published=doc.published,
        published_on=published_on, published_precision=precision, language=doc.language,
        source=doc.source, text=doc.text,
        primary_type=result.primary.type if result.primary else None,
        primary_acled=result.primary.acled if result.primary else None,
        n_claims=len(result.claims), data=json.dumps(data, ensure_ascii=False), run_id=run_id,
        ingested_at=utc_now(),
    )).inserted_primary_key[0]


def insert_claims(conn: Connection, doc_id: int, result: Result) -> int:
    if not result.claims:
        return 0
    denied = {target for c in result.claims for target in c.denies}
    actor_rows = {c.claimant.actor: {"id": c.claimant.actor, "name": c.claimant.name,
                                     "side": c.claimant.side, "kind": c.claimant.kind}
                  for c in result.claims if c.claimant.actor}
    if actor_rows:
        insert_missing(conn, actors, actors.c.id, list(actor_rows.values()))
    rows = []
    for seq, c in enumerate(result.claims):
        when = c.when
        rows.append({
            "document_id": doc_id, "claim_key": c.id, "seq": seq, "text": c.text,
            "start": c.span[0], "end": c.span[1], "mode": c.mode, "polarity": c.polarity,
            "cue": c.cue.text if c.cue else None, "cue_lemma": c.cue.lemma if c.cue else None,
            "claimant": c.claimant.text, "claimant_name": c.claimant.name,
            "actor_id": c.claimant.actor, "side": c.claimant.side, "claimant_kind": c.claimant.kind,
            "type": c.type, "acled": c.acled,
            "when_text": when.text if when else None,
            "when_date": as_date(when.date) if when and when.date else None,
            "when_end": as_date(when.end) if when and when.end else None,
            "when_precision": when.precision if when else None,
            "places_text": "; ".join(dict.fromkeys(p.name or p.text for p in c.places)) or None,
            "contested": c.polarity == "deny" or bool(c.denies) or c.id in denied,
            "data": json.dumps(c.to_dict(), ensure_ascii=False),
        })
    ids = conn.execute(claims.insert().returning(claims.c.id, sort_by_parameter_order=True),
                       rows).scalars().all()
    mentions = [(claim_id, p) for claim_id, c in zip(ids, result.claims) for p in c.places]
    if mentions:
        keys = {_place_key(p): p for _, p in mentions}
        insert_missing(conn, places, places.c.key, [
            {"key": key, "name": p.name, "text": p.text, "feature": p.feature, "country": p.country,
             "admin1": p.admin1, "admin2": p.admin2, "lat": p.lat, "lon": p.lon}
            for key, p in keys.items()])
        place_ids = dict(conn.execute(select(places.c.key, places.c.id)
                                      .where(places.c.key.in_(list(keys)))).all())
        links_rows = {(claim_id, place_ids[_place_key(p)], p.span[0]):
                      {"claim_id": claim_id, "place_id": place_ids[_place_key(p)],
                       "start": p.span[0], "end": p.span[1], "text": p.text}
                      for claim_id, p in mentions}
        conn.execute(claim_places.insert(), list(links_rows.values()))
    return len(ids)


def insert_missing(conn: Connection, table: Table, key: Column, rows: list[dict[str, Any]]) -> None:
    """Insert the rows whose `key` is not in `table` yet (concurrent writers included)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    conn.execute(insert(table).on_conflict_do_nothing(index_elements=[key]), rows)


def _place_key(place: Any) -> str:
    if place.id:
        return str(place.id)[:255]
    return ("name:" + " ".join((place.name or place.text).lower().split()))[:255]


def claims_query():
    return (select(claims, documents.c.doc_id.label("document"), documents.c.published,
                   documents.c.outlet, documents.c.url.label("document_url"),
                   documents.c.title.label("document_title"))
            .join(documents, documents.c.id == claims.c.document_id))


def claim_row(m: Any) -> dict[str, Any]:
    """A claim listing row (`CLAIM_COLUMNS`, its document's URL and title, and the claim's JSON)."""
    when = m["when_date"]
    if when and m["when_end"]:
        when = f"{when.isoformat()}/{m['when_end'].isoformat()}"
    return {
        "id": m["id"], "document": m["document"], "published": m["published"], "outlet": m["outlet"],
        "claimant": m["claimant_name"] or m["claimant"], "side": m["side"], "cue": m["cue"],
        "mode": m["mode"], "polarity": m["polarity"], "type": m["type"], "acled": m["acled"],
        "when": when.isoformat() if isinstance(when, date) else when, "places": m["places_text"],
        "contested": bool(m["contested"]), "text": m["text"],
        "document_url": m["document_url"], "document_title": m["document_title"],
        "claim": json.loads(m["data"]),
    }


def run_row(m: Any) -> dict[str, Any]:
    row = dict(m)
    for key in ("started_at", "finished_at"):
        row[key] = iso_time(row[key])
    row["inputs"] = json.loads(row["inputs"]) if row["inputs"] else []
    return row


def clear_failure(conn: Connection, source: str | None) -> None:
    if source:
        conn.execute(failures.delete().where(failures.c.source_key == sha256_hex(source)))


def _published(value: str | None) -> tuple[date | None, str | None]:
    """First day and precision of an ISO publication date ("2021" -> 2021-01-01, "year")."""
    if not value:
        return None, None
    value = value.strip()
    try:
        if re.fullmatch(r"\d{4}", value):
            return date(int(value), 1, 1), "year"
        if re.fullmatch(r"\d{4}-\d{2}", value):
            return date(int(value[:4]), int(value[5:7]), 1), "month"
        day = date.fromisoformat(value[:10])
    except ValueError:
        return None, None
    return day, "day" if len(value) <= 10 else "time"


def as_date(value: str | date) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return _published(value)[0]
    except (TypeError, ValueError):
        return None


def invalid_unicode(document: Document) -> str | None:
    """Why a document's text or metadata cannot be stored: a lone surrogate (`first_surrogate`)."""
    found = first_surrogate({name: getattr(document, name) for name in
                             ("text", "id", "title", "outlet", "url", "published", "language", "source")})
    if found is None:
        return None
    name, char, at = found
    return f"{name} holds a lone surrogate {char} at character {at}, which is not valid Unicode; fix the input"


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def iso_time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
