"""Watch state: the feeds and sitemaps `counterclaim watch` reads (with their HTTP validators, last
read, last error and back-off), every article URL they led to with its outcome, and each round, so a
restarted watch goes on where it stopped, fetching and ingesting nothing twice.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_sources",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16)),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("watch_sources.id", ondelete="CASCADE")),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("lastmod", sa.Text),
        sa.Column("last_read", sa.DateTime(timezone=True)),
        sa.Column("last_status", sa.Integer),
        sa.Column("last_error", sa.Text),
        sa.Column("errors", sa.Integer, nullable=False, server_default="0"),
        sa.Column("retry_at", sa.DateTime(timezone=True)),
        sa.Column("articles", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "watch_urls",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("source_id", sa.Integer, sa.ForeignKey("watch_sources.id", ondelete="SET NULL"), index=True),
        sa.Column("outcome", sa.String(16), nullable=False, index=True),
        sa.Column("detail", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("document", sa.Text),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fetched_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "watch_rounds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("summary", sa.Text),
    )


def downgrade() -> None:
    op.drop_table("watch_urls")
    op.drop_table("watch_rounds")
    op.drop_table("watch_sources")
