"""Link state: whether the ledger has linked a document's claims, and each claim's claimant as
extracted (kept when the corpus settles another one, so settling again gives the same result).

A run interrupted before or during linking (kill -9, a full disk, a lost database connection)
leaves its documents unlinked, and the next run links them, so the ledger after any interruption
is the ledger of a clean run. Documents stored before this revision are marked unlinked: the first
run after the upgrade links the whole store once.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""
import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a plain ADD COLUMN, also on SQLite: a batch (copy-and-move) would drop the full-text triggers
    op.add_column("documents", sa.Column("linked", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_index("ix_documents_linked", "documents", ["linked"])
    op.add_column("claims", sa.Column("extracted_claimant", sa.Text))


def downgrade() -> None:
    op.drop_index("ix_documents_linked", "documents")
    op.drop_column("documents", "linked")  # SQLite >= 3.35 drops it in place, triggers kept
    op.drop_column("claims", "extracted_claimant")
