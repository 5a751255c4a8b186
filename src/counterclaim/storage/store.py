"""The claims store: documents, claims, actors and places in SQLite or PostgreSQL.

`open_store(db)` connects (a file path means SQLite, anything with "://" is an SQLAlchemy
URL such as `postgresql://user@host/claims`) and brings the schema up to date by running
the Alembic migrations in `counterclaim/storage/migrations`; the tables below describe what the
migrations build, for queries.

Decisions worth knowing:
- A document's identity is the SHA-256 of its text, combined with its URL when it has
  one: the same text read twice is stored once; the same URL with changed text is a new
  version (`version` counts up, only the newest has `latest` true).
- `add_result` writes one document with its claims, places and actors in one transaction,
  so a killed ingest leaves whole documents or nothing, and the next run goes on.
- Each claim keeps its full JSON form (`claims.data`, and `documents.data` for the
  document part of `Result.to_dict()`), so nothing extracted is lost to the columns.
- A claim is *contested* when it denies something (polarity "deny" or a `denies` list),
  when another claim of its document denies it, or when a `links` row of kind "denies" or
  "contradicts" touches it. `links` is filled by the cross-document linker (not yet).
- Full text: FTS5 tables `claims_fts` and `documents_fts` on SQLite (Porter stemming),
  generated `search` tsvector columns with GIN indexes on PostgreSQL ("english").
- SQLite runs in WAL mode with synchronous=NORMAL: a killed process loses nothing that
  was committed (a power cut may lose the last transactions, never corrupt the file).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import socket
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    exists,
    func,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from ..model import Document, Failure, Result

T = TypeVar("T")


def chunks(items: Iterable[T], size: int = 500) -> Iterator[list[T]]:
    """Items in lists of `size` (the last one shorter): bounded IN (...) lists and write batches."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch

DEFAULT_DB = "counterclaim.db"
DENIAL_LINKS = ("denies", "contradicts")

metadata = MetaData()

ingest_runs = Table(
    "ingest_runs", metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False),  # running | finished | interrupted
    Column("inputs", Text),                          # JSON list of the paths given
    Column("processes", Integer),
    Column("host", String(255)),
    Column("pid", Integer),
    Column("read", Integer, nullable=False, default=0),
    Column("added", Integer, nullable=False, default=0),
    Column("versions", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
    Column("claims", Integer, nullable=False, default=0),
)

documents = Table(
    "documents", metadata,
    Column("id", Integer, primary_key=True),
    Column("identity", String(64), nullable=False, unique=True),  # sha256(text [+ url])
    Column("content_hash", String(64), nullable=False, index=True),  # sha256(text)
    Column("url", Text),
    Column("url_hash", String(64), index=True),
    Column("version", Integer, nullable=False, default=1),
    Column("latest", Boolean, nullable=False, default=True),
    Column("doc_id", Text, nullable=False),            # the reader's id: file stem, JSONL id, ...
    Column("title", Text),
    Column("outlet", Text),
    Column("published", String(40)),                   # ISO, at the precision given
    Column("published_on", Date, index=True),          # its first day, for filtering
    Column("published_precision", String(8)),          # year | month | day | time
    Column("language", String(16)),
    Column("source", Text),
    Column("text", Text, nullable=False),
    Column("primary_type", String(64)),
    Column("primary_acled", String(64)),
    Column("n_claims", Integer, nullable=False, default=0),
    Column("data", Text, nullable=False),              # Result.to_dict()["document"] as JSON
    Column("run_id", Integer, ForeignKey("ingest_runs.id")),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

actors = Table(
    "actors", metadata,
    Column("id", String(128), primary_key=True),       # the actor dictionary's id
    Column("name", Text),
    Column("side", String(128)),
    Column("kind", String(32)),
)

places = Table(
    "places", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(255), nullable=False, unique=True),  # gazetteer id, or "name:<lowercase>"
    Column("name", Text),
    Column("text", Text),                              # the first mention seen
    Column("feature", String(64)),
    Column("country", String(64)),
    Column("admin1", Text),
    Column("admin2", Text),
    Column("lat", Float),
    Column("lon", Float),
)

claims = Table(
    "claims", metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("claim_key", String(32), nullable=False),   # "c1": the id within its document
    Column("seq", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("start", Integer),
    Column("end", Integer),
    Column("mode", String(16)),
    Column("polarity", String(8)),
    Column("cue", Text),
    Column("cue_lemma", String(64)),
    Column("claimant", Text),
    Column("claimant_name", Text),
    Column("actor_id", String(128), ForeignKey("actors.id"), index=True),
    Column("side", String(128), index=True),
    Column("claimant_kind", String(32)),
    Column("type", String(64), index=True),
    Column("acled", String(64)),
    Column("when_text", Text),
    Column("when_date", Date, index=True),
    Column("when_end", Date),
    Column("when_precision", String(8)),
    Column("places_text", Text),                       # "Panjshir; Kabul", for search and tables
    Column("contested", Boolean, nullable=False, default=False),
    Column("data", Text, nullable=False),              # the claim's full JSON form
    UniqueConstraint("document_id", "claim_key", name="uq_claims_document_claim"),
    Index("ix_claims_document_id", "document_id"),
)

claim_places = Table(
    "claim_places", metadata,
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", Integer, ForeignKey("places.id"), primary_key=True, index=True),
    Column("start", Integer, primary_key=True, autoincrement=False),
    Column("end", Integer),
    Column("text", Text),
)

links = Table(
    "links", metadata,
    Column("id", Integer, primary_key=True),
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("other_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("kind", String(32), nullable=False),        # same_event | denies | contradicts | supports ...
    Column("reason", Text),
    Column("score", Float),
    Column("created_at", DateTime(timezone=True)),
)

# Propositions and their claims, written by the linker (ledger.relink); migration 0002.
propositions = Table(
    "propositions", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(32), nullable=False),
    Column("family", String(64), nullable=False, index=True),
    Column("label", Text, nullable=False),
    Column("status", String(16), nullable=False, index=True),  # contested | denied | corroborated | uncorroborated
    Column("start", Date, index=True),
    Column("end", Date, index=True),
    Column("places", Text),                          # JSON list of place names
    Column("sources", Text),                         # JSON {side: independent sources}
    Column("casualties", Text),                      # JSON aggregate, see linking.casualty_aggregate
    Column("n_claims", Integer, nullable=False),
)
proposition_claims = Table(
    "proposition_claims", metadata,
    Column("proposition_id", Integer, ForeignKey("propositions.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True, index=True),
)

failures = Table(
    "failures", metadata,
    Column("id", Integer, primary_key=True),
    Column("source_key", String(64), nullable=False, unique=True),  # sha256(source)
    Column("source", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("run_id", Integer, ForeignKey("ingest_runs.id")),
    Column("seen", Integer, nullable=False, default=1),
    Column("at", DateTime(timezone=True), nullable=False),
)

# The columns of a claim listing, in order (CSV header and table columns).
CLAIM_COLUMNS = ("id", "document", "published", "outlet", "claimant", "side", "cue", "mode",
                 "polarity", "type", "acled", "when", "places", "contested", "text")


def database_url(db: str | os.PathLike | None) -> str:
    """The SQLAlchemy URL for `db`: an URL as given (postgresql:// uses psycopg 3), a path as
    SQLite; None means $COUNTERCLAIM_DB or ./counterclaim.db."""
    db = os.fspath(db) if db is not None else os.environ.get("COUNTERCLAIM_DB") or DEFAULT_DB
    if "://" not in db:
        return "sqlite:///" + str(Path(db).expanduser().resolve())
    for plain in ("postgresql://", "postgres://"):
        if db.startswith(plain):
            return "postgresql+psycopg://" + db[len(plain):]
    return db


def open_store(db: str | os.PathLike | None = None) -> Store:
    """Connect to the store named by `db` (see `database_url`), migrating it to the newest schema."""
    return Store(database_url(db))


def identity(document: Document) -> tuple[str, str]:
    """(identity, content hash) of a document: sha256 of the text, with the URL when present."""
    content = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    if not document.url:
        return content, content
    return hashlib.sha256(f"{content}\n{document.url}".encode("utf-8")).hexdigest(), content


@dataclass
class Stored:
    """What `add_result` did: "added", "version" (new text under a known URL) or "unchanged"."""

    outcome: str
    id: int
    claims: int = 0


class Store:
    """A connection to one claims database; the only writer of its tables."""

    def __init__(self, url: str):
        self.url = url
        sqlite = url.startswith("sqlite")
        self.engine: Engine = create_engine(url, connect_args={"timeout": 60} if sqlite else {})
        self.dialect = self.engine.dialect.name
        if sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        migrate(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ---- runs and failures --------------------------------------------------------

    def start_run(self, inputs: Sequence[str], processes: int) -> int:
        """Record the start of an ingest run; runs left "running" by dead processes on this
        host become "interrupted". Returns the run id."""
        host = socket.gethostname()
        with self.engine.begin() as conn:
            for run_id, pid in conn.execute(select(ingest_runs.c.id, ingest_runs.c.pid).where(
                    ingest_runs.c.status == "running", ingest_runs.c.host == host)):
                if pid is not None and not _alive(pid):
                    conn.execute(update(ingest_runs).where(ingest_runs.c.id == run_id)
                                 .values(status="interrupted"))
            return conn.execute(ingest_runs.insert().values(
                started_at=_now(), status="running", inputs=json.dumps(list(inputs)),
                processes=processes, host=host, pid=os.getpid(), read=0, added=0, versions=0,
                unchanged=0, failed=0, claims=0,
            )).inserted_primary_key[0]

    def finish_run(self, run_id: int, counts: dict[str, int], status: str = "finished") -> None:
        with self.engine.begin() as conn:
            conn.execute(update(ingest_runs).where(ingest_runs.c.id == run_id)
                         .values(finished_at=_now(), status=status, **counts))

    def add_failure(self, failure: Failure, run_id: int | None = None) -> None:
        """Record why a source could not be stored; a source failing again updates its row."""
        key = _sha(failure.source)
        with self.engine.begin() as conn:
            done = conn.execute(update(failures).where(failures.c.source_key == key).values(
                reason=failure.reason, run_id=run_id, at=_now(), seen=failures.c.seen + 1))
            if not done.rowcount:
                conn.execute(failures.insert().values(source_key=key, source=failure.source,
                                                      reason=failure.reason, run_id=run_id,
                                                      seen=1, at=_now()))

    # ---- documents --------------------------------------------------------------------

    def has_document(self, document: Document) -> bool:
        """Whether this text (at this URL) is already stored."""
        ident, _ = identity(document)
        with self.engine.connect() as conn:
            return conn.execute(select(documents.c.id).where(documents.c.identity == ident)
                                ).first() is not None

    def add_result(self, result: Result, run_id: int | None = None) -> Stored:
        """Store one extracted document with its claims, places and actors, in one transaction.
        A document already stored is left as it is ("unchanged")."""
        doc = result.document
        ident, content = identity(doc)
        try:
            with self.engine.begin() as conn:
                found = conn.execute(select(documents.c.id).where(documents.c.identity == ident)).first()
                if found:
                    _clear_failure(conn, doc.source)
                    return Stored("unchanged", found[0])
                version, outcome = 1, "added"
                url_hash = _sha(doc.url) if doc.url else None
                if url_hash:
                    newest = conn.execute(select(func.max(documents.c.version))
                                          .where(documents.c.url_hash == url_hash)).scalar()
                    if newest:
                        version, outcome = newest + 1, "version"
                        conn.execute(update(documents).where(documents.c.url_hash == url_hash)
                                     .values(latest=False))
                doc_id = _insert_document(conn, result, ident, content, url_hash, version, run_id)
                count = _insert_claims(conn, doc_id, result)
                _clear_failure(conn, doc.source)
                return Stored(outcome, doc_id, count)
        except IntegrityError:
            # Another writer stored the same document between our check and insert.
            with self.engine.connect() as conn:
                found = conn.execute(select(documents.c.id).where(documents.c.identity == ident)).first()
            if found:
                return Stored("unchanged", found[0])
            raise

    # ---- reading ------------------------------------------------------------------------

    def claims(self, *, place: str | None = None, side: str | None = None,
               since: str | date | None = None, until: str | date | None = None,
               contested: bool = False, claim_type: str | None = None, actor: str | None = None,
               all_versions: bool = False, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Claims matching every filter given, oldest publication first, as plain rows
        (`CLAIM_COLUMNS` plus "claim", the claim's full JSON, and "document_url").

        place: part of a place's name, mention, province or district (any case);
        side / actor: the side or actor id the claimant speaks for (any case);
        since / until: ISO dates, compared with the claim's date, else its article's;
        contested: only claims that deny, are denied, or have a denial link;
        claim_type: the claim type or ACLED sub-event type; all_versions: include
        superseded versions of changed articles.
        """
        query = _claims_query()
        if not all_versions:
            query = query.where(documents.c.latest.is_(True))
        if place:
            pattern = f"%{place.lower()}%"
            query = query.where(exists().where(
                claim_places.c.claim_id == claims.c.id, places.c.id == claim_places.c.place_id,
                or_(*(func.lower(col).like(pattern) for col in
                      (places.c.name, places.c.text, places.c.admin1, places.c.admin2, claim_places.c.text)))))
        if side:
            query = query.where(func.lower(claims.c.side) == side.lower())
        if actor:
            query = query.where(func.lower(claims.c.actor_id) == actor.lower())
        if claim_type:
            query = query.where(or_(func.lower(claims.c.type) == claim_type.lower(),
                                    func.lower(claims.c.acled) == claim_type.lower()))
        when = func.coalesce(claims.c.when_date, documents.c.published_on)
        if since:
            query = query.where(when >= _as_date(since))
        if until:
            query = query.where(when <= _as_date(until))
        if contested:
            denial = exists().where(links.c.kind.in_(DENIAL_LINKS),
                                    or_(links.c.claim_id == claims.c.id, links.c.other_id == claims.c.id))
            query = query.where(or_(claims.c.contested.is_(True), denial))
        query = query.order_by(documents.c.published_on, documents.c.id, claims.c.seq)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as conn:
            for row in conn.execution_options(yield_per=500).execute(query):
                yield claim_row(row._mapping)

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        """Claims and articles whose text matches every word of `query`, best first: rows
        with kind ("claim" or "article"), document, claim, claimant, side, title, text."""
        words = re.findall(r"\w+", query)
        if not words:
            return []
        if self.dialect == "sqlite":
            sql, q = _SQLITE_SEARCH, " ".join(f'"{w}"' for w in words)
        else:
            sql, q = _PG_SEARCH, " ".join(words)
        with self.engine.connect() as conn:
            return [dict(row) for part in sql
                    for row in conn.execute(text(part), {"q": q, "n": limit}).mappings()]

    def stats(self) -> dict[str, Any]:
        """Counts of what the store holds, and the latest run."""
        with self.engine.connect() as conn:
            def count(table: Table, *where: Any) -> int:
                return conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one()

            last = conn.execute(select(ingest_runs).order_by(ingest_runs.c.id.desc()).limit(1)).first()
            return {
                "documents": count(documents, documents.c.latest.is_(True)),
                "versions": count(documents),
                "claims": count(claims),
                "contested": count(claims, claims.c.contested.is_(True)),
                "actors": count(actors),
                "places": count(places),
                "links": count(links),
                "failures": count(failures),
                "runs": count(ingest_runs),
                "last_run": _run_row(last._mapping) if last else None,
            }

    def update_claimants(self, changes: dict[int, dict[str, Any]]) -> int:
        """Give claims new claimants (the JSON form of `Claimant`), as the corpus settles who they
        are (`corpus_actors.harmonise`): the columns and the claim's JSON change together."""
        if not changes:
            return 0
        with self.engine.begin() as conn:
            actor_rows = {c["actor"]: {"id": c["actor"], "name": c.get("name"), "side": c.get("side"),
                                       "kind": c.get("kind")} for c in changes.values() if c.get("actor")}
            if actor_rows:
                _insert_missing(conn, actors, actors.c.id, list(actor_rows.values()))
            for chunk in chunks(changes):
                for claim_id, data in conn.execute(select(claims.c.id, claims.c.data).where(claims.c.id.in_(chunk))).all():
                    who = changes[claim_id]
                    claim = {**json.loads(data), "claimant": who}
                    conn.execute(update(claims).where(claims.c.id == claim_id).values(
                        claimant_name=who.get("name"), actor_id=who.get("actor"), side=who.get("side"),
                        claimant_kind=who.get("kind"), data=json.dumps(claim, ensure_ascii=False)))
        return len(changes)

    def ledger_of(self, claim_ids: Sequence[int]) -> dict[int, dict[str, list[dict[str, Any]]]]:
        """For each claim id, its propositions [{"id", "status"}] and links [{"kind", "other"}]
        (a link is listed on both of its claims), as the linker stored them."""
        out: dict[int, dict[str, list[dict[str, Any]]]] = {
            i: {"propositions": [], "links": []} for i in claim_ids}
        if not claim_ids:
            return out
        with self.engine.connect() as conn:
            rows = conn.execute(select(proposition_claims.c.claim_id, propositions.c.id, propositions.c.status)
                                .join(propositions, propositions.c.id == proposition_claims.c.proposition_id)
                                .where(proposition_claims.c.claim_id.in_(claim_ids))
                                .order_by(propositions.c.id))
            for claim_id, prop_id, status in rows:
                out[claim_id]["propositions"].append({"id": prop_id, "status": status})
            rows = conn.execute(select(links.c.claim_id, links.c.other_id, links.c.kind)
                                .where(links.c.claim_id.in_(claim_ids) | links.c.other_id.in_(claim_ids))
                                .order_by(links.c.id))
            for claim_id, other_id, kind in rows:
                if claim_id in out:
                    out[claim_id]["links"].append({"kind": kind, "other": other_id})
                if other_id in out:
                    out[other_id]["links"].append({"kind": kind, "other": claim_id})
        return out

    def failures(self) -> list[dict[str, Any]]:
        """Sources that could not be stored and why, newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(failures.c.source, failures.c.reason, failures.c.run_id,
                                       failures.c.seen, failures.c.at)
                                .order_by(failures.c.at.desc(), failures.c.id.desc()))
            return [{**row._mapping, "at": _iso(row.at)} for row in rows]


# ---- migrations ------------------------------------------------------------------------

def migrations_config(url: str | None = None):
    """The Alembic configuration for the packaged migrations (for `alembic` commands too)."""
    from alembic.config import Config

    folder = resources.files("counterclaim.storage") / "migrations"
    config = Config()
    config.set_main_option("script_location", str(folder))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the database schema to `revision` with the Alembic migrations (a no-op when current)."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = migrations_config()
    heads = set(ScriptDirectory.from_config(config).get_heads())
    with engine.connect() as conn:
        if revision == "head" and set(MigrationContext.configure(conn).get_current_heads()) == heads:
            return
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)


# ---- helpers ---------------------------------------------------------------------------

def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.close()


def _insert_document(conn: Connection, result: Result, ident: str, content: str,
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
        ingested_at=_now(),
    )).inserted_primary_key[0]


def _insert_claims(conn: Connection, doc_id: int, result: Result) -> int:
    if not result.claims:
        return 0
    denied = {target for c in result.claims for target in c.denies}
    actor_rows = {c.claimant.actor: {"id": c.claimant.actor, "name": c.claimant.name,
                                     "side": c.claimant.side, "kind": c.claimant.kind}
                  for c in result.claims if c.claimant.actor}
    if actor_rows:
        _insert_missing(conn, actors, actors.c.id, list(actor_rows.values()))
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
            "when_date": _as_date(when.date) if when and when.date else None,
            "when_end": _as_date(when.end) if when and when.end else None,
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
        _insert_missing(conn, places, places.c.key, [
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


def _insert_missing(conn: Connection, table: Table, key: Column, rows: list[dict[str, Any]]) -> None:
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


def _claims_query():
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


def _run_row(m: Any) -> dict[str, Any]:
    row = dict(m)
    for key in ("started_at", "finished_at"):
        row[key] = _iso(row[key])
    row["inputs"] = json.loads(row["inputs"]) if row["inputs"] else []
    return row


def _clear_failure(conn: Connection, source: str | None) -> None:
    if source:
        conn.execute(failures.delete().where(failures.c.source_key == _sha(source)))


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


def _as_date(value: str | date) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return _published(value)[0]
    except (TypeError, ValueError):
        return None


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


_SQLITE_SEARCH = ("""
SELECT 'claim' AS kind, d.doc_id AS document, c.claim_key AS claim,
       coalesce(c.claimant_name, c.claimant) AS claimant, c.side AS side, d.title AS title,
       c.text AS text, d.url AS url
FROM claims_fts JOIN claims c ON c.id = claims_fts.rowid JOIN documents d ON d.id = c.document_id
WHERE claims_fts MATCH :q AND d.latest
ORDER BY bm25(claims_fts) LIMIT :n
""", """
SELECT 'article' AS kind, d.doc_id AS document, NULL AS claim, NULL AS claimant, NULL AS side,
       d.title AS title, snippet(documents_fts, 1, '[', ']', '…', 16) AS text, d.url AS url
FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
WHERE documents_fts MATCH :q AND d.latest
ORDER BY bm25(documents_fts) LIMIT :n
""")

_PG_SEARCH = ("""
SELECT 'claim' AS kind, d.doc_id AS document, c.claim_key AS claim,
       coalesce(c.claimant_name, c.claimant) AS claimant, c.side AS side, d.title AS title,
       c.text AS text, d.url AS url
FROM claims c JOIN documents d ON d.id = c.document_id
WHERE c.search @@ plainto_tsquery('english', :q) AND d.latest
ORDER BY ts_rank(c.search, plainto_tsquery('english', :q)) DESC LIMIT :n
""", """
SELECT 'article' AS kind, d.doc_id AS document, NULL AS claim, NULL AS claimant, NULL AS side,
       d.title AS title,
       ts_headline('english', left(d.text, 100000), plainto_tsquery('english', :q),
                   'StartSel=[, StopSel=], MaxWords=30, MinWords=10') AS text, d.url AS url
FROM documents d
WHERE d.search @@ plainto_tsquery('english', :q) AND d.latest
ORDER BY ts_rank(d.search, plainto_tsquery('english', :q)) DESC LIMIT :n
""")
