"""Propositions: groups of claims about the same thing, with their status.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "propositions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(32), nullable=False),
        sa.Column("family", sa.String(64), nullable=False, index=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("start", sa.Date, index=True),
        sa.Column("end", sa.Date, index=True),
        sa.Column("places", sa.Text),
        sa.Column("sources", sa.Text),
        sa.Column("casualties", sa.Text),
        sa.Column("n_claims", sa.Integer, nullable=False),
    )
    op.create_table(
        "proposition_claims",
        sa.Column("proposition_id", sa.Integer, sa.ForeignKey("propositions.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("claim_id", sa.Integer, sa.ForeignKey("claims.id", ondelete="CASCADE"), primary_key=True,
                  index=True),
    )


def downgrade() -> None:
    op.drop_table("proposition_claims")
    op.drop_table("propositions")
