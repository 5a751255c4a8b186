"""The claims store: documents, claims, actors, places, links, ingest runs, failures, full text.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", TZ, nullable=False),
        sa.Column("finished_at", TZ),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("inputs", sa.Text),
        sa.Column("processes", sa.Integer),
        sa.Column("host", sa.String(255)),
        sa.Column("pid", sa.Integer),
        sa.Column("read", sa.Integer, nullable=False),
        sa.Column("added", sa.Integer, nullable=False),
        sa.Column("versions", sa.Integer, nullable=False),
        sa.Column("unchanged", sa.Integer, nullable=False),
        sa.Column("failed", sa.Integer, nullable=False),
        sa.Column("claims", sa.Integer, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("identity", sa.String(64), nullable=False, unique=True),
        sa.Column("content_hash", sa.String(64), nullable=False, index=True),
        sa.Column("url", sa.Text),
        sa.Column("url_hash", sa.String(64), index=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("latest", sa.Boolean, nullable=False),
        sa.Column("doc_id", sa.Text, nullable=False),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("published", sa.String(40)),
        sa.Column("published_on", sa.Date, index=True),
        sa.Column("published_precision", sa.String(8)),
        sa.Column("language", sa.String(16)),
        sa.Column("source", sa.Text),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("primary_type", sa.String(64)),
        sa.Column("primary_acled", sa.String(64)),
        sa.Column("n_claims", sa.Integer, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id")),
        sa.Column("ingested_at", TZ, nullable=False),
    )
    op.create_table(
        "actors",
        sa.Column("id", sa.String(128), primary_key=True),
        sa.Column("name", sa.Text),
        sa.Column("side", sa.String(128)),
        sa.Column("kind", sa.String(32)),
    )
    op.create_table(
        "places",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(255), nullable=False, unique=True),
        sa.Column("name", sa.Text),
        sa.Column("text", sa.Text),
        sa.Column("feature", sa.String(64)),
        sa.Column("country", sa.String(64)),
        sa.Column("admin1", sa.Text),
        sa.Column("admin2", sa.Text),
        sa.Column("lat", sa.Float),
        sa.Column("lon", sa.Float),
    )
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("document_id", sa.Integer, sa.ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
        sa.Column("claim_key", sa.String(32), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("start", sa.Integer),
        sa.Column("end", sa.Integer),
        sa.Column("mode", sa.String(16)),
        sa.Column("polarity", sa.String(8)),
        sa.Column("cue", sa.Text),
        sa.Column("cue_lemma", sa.String(64)),
        sa.Column("claimant", sa.Text),
        sa.Column("claimant_name", sa.Text),
        sa.Column("actor_id", sa.String(128), sa.ForeignKey("actors.id"), index=True),
        sa.Column("side", sa.String(128), index=True),
        sa.Column("claimant_kind", sa.String(32)),
        sa.Column("type", sa.String(64), index=True),
        sa.Column("acled", sa.String(64)),
        sa.Column("when_text", sa.Text),
        sa.Column("when_date", sa.Date, index=True),
        sa.Column("when_end", sa.Date),
        sa.Column("when_precision", sa.String(8)),
        sa.Column("places_text", sa.Text),
        sa.Column("contested", sa.Boolean, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.UniqueConstraint("document_id", "claim_key", name="uq_claims_document_claim"),
    )
    op.create_index("ix_claims_document_id", "claims", ["document_id"])
    op.create_table(
        "claim_places",
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("place_id", sa.Integer, sa.ForeignKey("places.id"), primary_key=True, index=True),
        sa.Column("start", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("end", sa.Integer),
        sa.Column("text", sa.Text),
    )
    op.create_table(
        "links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("other_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("score", sa.Float),
        sa.Column("created_at", TZ),
    )
    op.create_table(
        "failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_key", sa.String(64), nullable=False, unique=True),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id")),
        sa.Column("seen", sa.Integer, nullable=False),
        sa.Column("at", TZ, nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_search()
    else:
        _sqlite_search()


def _sqlite_search() -> None:
    """FTS5 indexes kept in step with their tables by triggers (external content: no copy)."""
    for table, columns in (("claims", ("text", "claimant", "places_text")), ("documents", ("title", "text"))):
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        op.execute(f"CREATE VIRTUAL TABLE {table}_fts USING fts5({cols}, content='{table}', "
                   "content_rowid='id', tokenize='porter unicode61 remove_diacritics 2')")
        op.execute(f"CREATE TRIGGER {table}_fts_insert AFTER INSERT ON {table} BEGIN "
                   f"INSERT INTO {table}_fts(rowid, {cols}) VALUES (new.id, {new}); END")
        op.execute(f"CREATE TRIGGER {table}_fts_delete AFTER DELETE ON {table} BEGIN "
                   f"INSERT INTO {table}_fts({table}_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); END")
        op.execute(f"CREATE TRIGGER {table}_fts_update AFTER UPDATE OF {cols} ON {table} BEGIN "
                   f"INSERT INTO {table}_fts({table}_fts, rowid, {cols}) VALUES ('delete', old.id, {old}); "
                   f"INSERT INTO {table}_fts(rowid, {cols}) VALUES (new.id, {new}); END")


def _postgresql_search() -> None:
    """Generated tsvector columns with GIN indexes (the text is cut at 500,000 characters,
    well inside tsvector's 1 MB limit)."""
    op.execute("ALTER TABLE claims ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('english', "
               "coalesce(text, '') || ' ' || coalesce(claimant, '') || ' ' || coalesce(places_text, ''))) STORED")
    op.execute("ALTER TABLE documents ADD COLUMN search tsvector GENERATED ALWAYS AS ("
               "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
               "to_tsvector('english', left(text, 500000))) STORED")
    op.execute("CREATE INDEX ix_claims_search ON claims USING gin (search)")
    op.execute("CREATE INDEX ix_documents_search ON documents USING gin (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in ("claims", "documents"):
            op.execute(f"DROP TABLE IF EXISTS {table}_fts")
    for table in ("failures", "links", "claim_places", "claims", "places", "actors", "documents", "ingest_runs"):
        op.drop_table(table)
