"""What `counterclaim watch` keeps in the store between rounds (tables `watch_sources`,
`watch_urls`, `watch_rounds`, migration 0006): each feed or sitemap with its HTTP validators, last
read, last error and back-off; every article URL found with its outcome; and the rounds.

A URL is recorded once, when first found ("pending"); once fetched its Document is kept beside it
("fetched") until the ingest has stored it, so a watch killed at any point goes on without fetching
or ingesting anything twice and without losing what it had fetched.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update

from ..model import Document, printable
from .rows import iso_time, sha256_hex
from .store import Store, chunks
from .tables import watch_rounds, watch_sources, watch_urls


def source(store: Store, url: str, parent_id: int | None = None) -> dict[str, Any]:
    """The state row of the feed or sitemap at `url`, made on first use."""
    key = sha256_hex(url)
    with store.engine.begin() as conn:
        row = conn.execute(select(watch_sources).where(watch_sources.c.url_hash == key)).first()
        if row is None:
            conn.execute(watch_sources.insert().values(url_hash=key, url=printable(url), parent_id=parent_id,
                                                       errors=0, articles=0))
            row = conn.execute(select(watch_sources).where(watch_sources.c.url_hash == key)).first()
    return dict(row._mapping)


def children(store: Store, parent_id: int) -> list[dict[str, Any]]:
    """The sitemaps a sitemap index listed when it was last read."""
    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(
            select(watch_sources).where(watch_sources.c.parent_id == parent_id).order_by(watch_sources.c.id))]


def set_children(store: Store, parent_id: int, listed: Iterable[tuple[str, str | None]]) -> list[dict[str, Any]]:
    """Record the (url, lastmod) sitemaps an index lists now; those it no longer lists are forgotten.
    Returns the children's rows, each with "listed_lastmod" (what the index says now)."""
    listed = dict(listed)
    keep = {sha256_hex(url) for url in listed}
    with store.engine.begin() as conn:
        gone = [r.id for r in conn.execute(select(watch_sources.c.id, watch_sources.c.url_hash)
                                           .where(watch_sources.c.parent_id == parent_id)) if r.url_hash not in keep]
        for chunk in chunks(gone):
            conn.execute(delete(watch_sources).where(watch_sources.c.id.in_(chunk)))
    rows = []
    for url, lastmod in listed.items():
        rows.append({**source(store, url, parent_id), "listed_lastmod": lastmod})
    return rows


def record_read(store: Store, source_id: int, *, status: int, now: datetime, kind: str | None = None,
                etag: str | None = None, last_modified: str | None = None, lastmod: str | None = None) -> None:
    """A good read (200, or 304 Not Modified): the validators to send next time, the error cleared."""
    values: dict[str, Any] = {"last_read": now, "last_status": status, "last_error": None, "errors": 0,
                              "retry_at": None}
    if status != 304:  # a 304 keeps the validators (and kind) of the answer it confirms
        values.update(etag=etag, last_modified=last_modified, kind=kind or None)
    if lastmod is not None:
        values["lastmod"] = lastmod
    with store.engine.begin() as conn:
        conn.execute(update(watch_sources).where(watch_sources.c.id == source_id).values(**values))


def record_error(store: Store, source_id: int, error: str, *, now: datetime, backoff: float, cap: float,
                 status: int | None = None) -> datetime:
    """A failed read: the source is not asked again before `backoff` x 2^(failures in a row - 1)
    seconds (at most `cap`) have passed. Returns when it may be asked again."""
    with store.engine.begin() as conn:
        errors = (conn.execute(select(watch_sources.c.errors).where(watch_sources.c.id == source_id)).scalar() or 0) + 1
        retry_at = now + timedelta(seconds=min(backoff * 2 ** (errors - 1), cap))
        conn.execute(update(watch_sources).where(watch_sources.c.id == source_id).values(
            last_error=printable(error), last_status=status, errors=errors, retry_at=retry_at))
    return retry_at


def add_urls(store: Store, source_id: int, urls: Iterable[str], now: datetime) -> list[str]:
    """Record the article URLs a source lists; returns those never seen before, in order."""
    wanted = {sha256_hex(u): u for u in urls}
    new = []
    with store.engine.begin() as conn:
        for chunk in chunks(list(wanted)):
            known = set(conn.execute(select(watch_urls.c.url_hash).where(watch_urls.c.url_hash.in_(chunk))).scalars())
            rows = [{"url_hash": k, "url": printable(wanted[k]), "source_id": source_id, "outcome": "pending",
                     "attempts": 0, "first_seen": now} for k in chunk if k not in known]
            if rows:
                conn.execute(watch_urls.insert(), rows)
                new += [r["url"] for r in rows]
    return new


def waiting(store: Store, outcome: str) -> list[dict[str, Any]]:
    """The URLs with this outcome ("pending" or "fetched"), oldest first, "document" parsed."""
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(
            select(watch_urls).where(watch_urls.c.outcome == outcome).order_by(watch_urls.c.id))]
    for row in rows:
        row["document"] = Document(**json.loads(row["document"])) if row["document"] else None
    return rows


def mark(store: Store, url: str, outcome: str, *, now: datetime, detail: str | None = None,
         document: Document | None = None, failed_attempt: bool = False) -> None:
    """Set a URL's outcome; a fetched one keeps its Document until it is ingested."""
    values: dict[str, Any] = {"outcome": outcome, "detail": printable(detail) if detail else None,
                              "document": json.dumps(document.to_dict(), ensure_ascii=False) if document else None}
    if outcome == "fetched":
        values["fetched_at"] = now
    if failed_attempt:
        values["attempts"] = watch_urls.c.attempts + 1
    with store.engine.begin() as conn:
        conn.execute(update(watch_urls).where(watch_urls.c.url_hash == sha256_hex(url)).values(**values))


def count_articles(store: Store, source_id: int | None, n: int) -> None:
    """Count `n` more articles stored from a source."""
    if source_id is None or not n:
        return
    with store.engine.begin() as conn:
        conn.execute(update(watch_sources).where(watch_sources.c.id == source_id)
                     .values(articles=watch_sources.c.articles + n))


def start_round(store: Store, now: datetime) -> int:
    with store.engine.begin() as conn:
        return conn.execute(watch_rounds.insert().values(started_at=now)).inserted_primary_key[0]


def finish_round(store: Store, round_id: int, now: datetime, summary: dict[str, Any]) -> None:
    with store.engine.begin() as conn:
        conn.execute(update(watch_rounds).where(watch_rounds.c.id == round_id)
                     .values(finished_at=now, summary=json.dumps(summary)))


def sources_read(store: Store) -> list[dict[str, Any]]:
    """Every watched feed and sitemap: url, kind, last_read, last_error, errors, retry_at, articles
    (stored from it) and urls (article URLs found in it), for `/api/stats`."""
    found = (select(watch_urls.c.source_id, func.count().label("n")).group_by(watch_urls.c.source_id).subquery())
    query = (select(watch_sources, found.c.n).outerjoin(found, found.c.source_id == watch_sources.c.id)
             .order_by(watch_sources.c.id))
    with store.engine.connect() as conn:
        return [{"url": r.url, "kind": r.kind, "parent": r.parent_id is not None, "last_read": iso_time(r.last_read),
                 "last_status": r.last_status, "last_error": r.last_error, "errors": r.errors,
                 "retry_at": iso_time(r.retry_at), "articles": r.articles, "urls": r.n or 0}
                for r in conn.execute(query)]


def last_round(store: Store) -> dict[str, Any] | None:
    with store.engine.connect() as conn:
        row = conn.execute(select(watch_rounds).order_by(watch_rounds.c.id.desc()).limit(1)).first()
    if row is None:
        return None
    return {"id": row.id, "started_at": iso_time(row.started_at), "finished_at": iso_time(row.finished_at),
            "summary": json.loads(row.summary) if row.summary else None}
