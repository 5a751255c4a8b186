"""The claims store: documents, claims, actors and places in SQLite or PostgreSQL.

`open_store(db)` connects (a file path means SQLite, anything with "://" is an SQLAlchemy
URL such as `postgresql://user@host/claims`) and brings the schema up to date by running
the Alembic migrations in `counterclaim/storage/migrations`; `tables` describes what the
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
from datetime import date
from importlib import resources
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Table, create_engine, event, exists, func, or_, select, text, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ..model import Document, Failure, Result, printable
from .rows import (
    as_date,
    claim_row,
    claims_query,
    clear_failure,
    insert_claims,
    insert_document,
    insert_missing,
    invalid_unicode,
    iso_time,
    run_row,
    sha256_hex,
    utc_now,
)
from .tables import (
    DEFAULT_DB,
    DENIAL_LINKS,
    actors,
    bump,
    claim_places,
    claims,
    documents,
    failures,
    ingest_runs,
    links,
    places,
    proposition_claims,
    propositions,
    store_state,
)

T = TypeVar("T")


def chunks(items: Iterable[T], size: int = 500) -> Iterator[list[T]]:
    """Items in lists of `size` (the last one shorter): bounded IN (...) lists and write batches."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


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
    # surrogatepass: the same bytes as UTF-8 for any valid text, and no exception for the
    # invalid text that add_result then refuses with a reason
    content = hashlib.sha256(document.text.encode("utf-8", "surrogatepass")).hexdigest()
    if not document.url:
        return content, content
    return hashlib.sha256(f"{content}\n{document.url}".encode("utf-8", "surrogatepass")).hexdigest(), content


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
        # PostgreSQL: test each pooled connection before use, so that the first request after a
        # server restart reconnects instead of failing
        self.engine: Engine = (create_engine(url, connect_args={"timeout": 60}) if sqlite
                               else create_engine(url, pool_pre_ping=True))
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
                started_at=utc_now(), status="running", inputs=json.dumps(list(inputs)),
                processes=processes, host=host, pid=os.getpid(), read=0, added=0, versions=0,
                unchanged=0, failed=0, claims=0,
            )).inserted_primary_key[0]

    def finish_run(self, run_id: int, counts: dict[str, int], status: str = "finished") -> None:
        with self.engine.begin() as conn:
            conn.execute(update(ingest_runs).where(ingest_runs.c.id == run_id)
                         .values(finished_at=utc_now(), status=status, **counts))

    def add_failure(self, failure: Failure, run_id: int | None = None) -> None:
        """Record why a source could not be stored; a source failing again updates its row."""
        key = sha256_hex(failure.source)
        reason = printable(failure.reason)
        with self.engine.begin() as conn:
            done = conn.execute(update(failures).where(failures.c.source_key == key).values(
                reason=reason, run_id=run_id, at=utc_now(), seen=failures.c.seen + 1))
            if not done.rowcount:
                conn.execute(failures.insert().values(source_key=key, source=printable(failure.source),
                                                      reason=reason, run_id=run_id,
                                                      seen=1, at=utc_now()))

    # ---- documents --------------------------------------------------------------------

    def generation(self) -> int:
        """The store's generation: it changes whenever what readers see changes (see `store_state`)."""
        with self.engine.connect() as conn:
            return conn.execute(select(store_state.c.generation).where(store_state.c.id == 1)).scalar() or 0

    def unlinked_documents(self) -> list[int]:
        """Row ids of the stored documents whose claims the ledger has not linked yet (a run stopped
        before or during linking, `ingest --no-link`, or a store from before link state was kept)."""
        with self.engine.connect() as conn:
            return list(conn.execute(select(documents.c.id).where(documents.c.linked.is_(False))
                                     .order_by(documents.c.id)).scalars())

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
        problem = invalid_unicode(doc)
        if problem:
            raise ValueError(problem)
        ident, content = identity(doc)
        try:
            with self.engine.begin() as conn:
                found = conn.execute(select(documents.c.id).where(documents.c.identity == ident)).first()
                if found:
                    clear_failure(conn, doc.source)
                    return Stored("unchanged", found[0])
                bump(conn)
                version, outcome = 1, "added"
                url_hash = sha256_hex(doc.url) if doc.url else None
                if url_hash:
                    newest = conn.execute(select(func.max(documents.c.version))
                                          .where(documents.c.url_hash == url_hash)).scalar()
                    if newest:
                        version, outcome = newest + 1, "version"
                        conn.execute(update(documents).where(documents.c.url_hash == url_hash)
                                     .values(latest=False))
                doc_id = insert_document(conn, result, ident, content, url_hash, version, run_id)
                count = insert_claims(conn, doc_id, result)
                clear_failure(conn, doc.source)
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
        query = claims_query()
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
            query = query.where(when >= as_date(since))
        if until:
            query = query.where(when <= as_date(until))
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
                "last_run": run_row(last._mapping) if last else None,
            }

    def update_claimants(self, changes: dict[int, dict[str, Any]]) -> int:
        """Give claims new claimants (the JSON form of `Claimant`), as the corpus settles who they
        are (`corpus_actors.harmonise`): the columns and the claim's JSON change together. The
        claimant as extracted is kept (`extracted_claimant`) the first time it is replaced, and
        forgotten when a claim gets it back, so settling is always done from what was extracted."""
        if not changes:
            return 0
        with self.engine.begin() as conn:
            actor_rows = {c["actor"]: {"id": c["actor"], "name": c.get("name"), "side": c.get("side"),
                                       "kind": c.get("kind")} for c in changes.values() if c.get("actor")}
            if actor_rows:
                insert_missing(conn, actors, actors.c.id, list(actor_rows.values()))
            bump(conn)
            for chunk in chunks(changes):
                rows = conn.execute(select(claims.c.id, claims.c.data, claims.c.extracted_claimant)
                                    .where(claims.c.id.in_(chunk))).all()
                for claim_id, data, extracted in rows:
                    who = changes[claim_id]
                    claim = json.loads(data)
                    original = json.loads(extracted) if extracted else claim.get("claimant")
                    kept = None if who == original else json.dumps(original, ensure_ascii=False)
                    claim = {**claim, "claimant": who}
                    conn.execute(update(claims).where(claims.c.id == claim_id).values(
                        claimant_name=who.get("name"), actor_id=who.get("actor"), side=who.get("side"),
                        claimant_kind=who.get("kind"), data=json.dumps(claim, ensure_ascii=False),
                        extracted_claimant=kept))
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
            return [{**row._mapping, "at": iso_time(row.at)} for row in rows]


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
