"""The tables of the claims store, as SQLAlchemy Core metadata: what the Alembic migrations build,
described here for queries (documents, claims, actors, places, links, propositions, runs, failures)."""
from __future__ import annotations

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
    false,
)

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
    # False until the ledger has linked the document's claims: a run interrupted before or during
    # linking leaves it False, and the next run (or `counterclaim link`) links it
    Column("linked", Boolean, nullable=False, default=False, server_default=false(), index=True),
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

# The largest id a row can have: ids are INTEGER columns, 32-bit on PostgreSQL.
MAX_ID = 2**31 - 1


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
    # the claimant as extracted from its article, kept when the corpus settles another one
    # (`corpus_actors.harmonise`); null while they are the same
    Column("extracted_claimant", Text),
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
    Column("casualties", Text),                      # JSON aggregate, see ledger.tallies.casualty_aggregate
    Column("n_claims", Integer, nullable=False),
    # migration 0004: what the board sorts and filters on, so a page is read with SQL alone
    Column("strength", Integer, nullable=False, default=0, server_default="0"),  # sum of sources
    Column("n_sides", Integer, nullable=False, default=0, server_default="0"),   # sides with a source
    Index("ix_propositions_order", "status", "strength", "n_claims"),
    Index("ix_propositions_n_sides", "n_sides"),
)


proposition_claims = Table(
    "proposition_claims", metadata,
    Column("proposition_id", Integer, ForeignKey("propositions.id", ondelete="CASCADE"), primary_key=True),
    Column("claim_id", Integer, ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True, index=True),
)


# One row: the store's generation, counted up by every write that changes what readers see (a
# document stored or deleted, claimants settled, the ledger relinked). The server's answers are
# cached by it, so a write by any process (the API, `counterclaim ingest`) is seen at once.
store_state = Table(
    "store_state", metadata,
    Column("id", Integer, primary_key=True),
    Column("generation", Integer, nullable=False),
)


def bump(conn) -> None:
    """Count the store's generation up, in the caller's transaction (see `store_state`)."""
    conn.execute(store_state.update().where(store_state.c.id == 1)
                 .values(generation=store_state.c.generation + 1))


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


# What `counterclaim watch` keeps between rounds (migration 0006): the feeds and sitemaps it reads,
# every article URL they led to, and its rounds.
watch_sources = Table(
    "watch_sources", metadata,
    Column("id", Integer, primary_key=True),
    Column("url_hash", String(64), nullable=False, unique=True),   # sha256(url)
    Column("url", Text, nullable=False),
    Column("kind", String(16)),                  # feed | sitemap, once read
    Column("parent_id", Integer, ForeignKey("watch_sources.id", ondelete="CASCADE")),  # a sitemap index's
    Column("etag", Text),                        # validators of the last answer, sent back as
    Column("last_modified", Text),               # If-None-Match and If-Modified-Since
    Column("lastmod", Text),                     # a child sitemap's <lastmod> in its index
    Column("last_read", DateTime(timezone=True)),  # last answered 200 or 304
    Column("last_status", Integer),
    Column("last_error", Text),                  # null after a good read
    Column("errors", Integer, nullable=False, default=0, server_default="0"),  # failures in a row
    Column("retry_at", DateTime(timezone=True)),  # backing off until then
    Column("articles", Integer, nullable=False, default=0, server_default="0"),  # articles stored from it
)


watch_urls = Table(
    "watch_urls", metadata,
    Column("id", Integer, primary_key=True),
    Column("url_hash", String(64), nullable=False, unique=True),   # sha256(url)
    Column("url", Text, nullable=False),
    Column("source_id", Integer, ForeignKey("watch_sources.id", ondelete="SET NULL"), index=True),
    # pending (found, not fetched) | fetched (its Document kept in `document` until ingested) |
    # stored | failed | disallowed (robots.txt); only pending and fetched ones are ever taken up again
    Column("outcome", String(16), nullable=False, index=True),
    Column("detail", Text),                      # why it failed or was skipped
    Column("attempts", Integer, nullable=False, default=0, server_default="0"),  # fetches that failed
    Column("document", Text),                    # the fetched Document's JSON, while not ingested
    Column("first_seen", DateTime(timezone=True), nullable=False),
    Column("fetched_at", DateTime(timezone=True)),
)


watch_rounds = Table(
    "watch_rounds", metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("summary", Text),                     # JSON counts of what the round did
)


# The columns of a claim listing, in order (CSV header and table columns).
CLAIM_COLUMNS = ("id", "document", "published", "outlet", "claimant", "side", "cue", "mode",
                 "polarity", "type", "acled", "when", "places", "contested", "text")
