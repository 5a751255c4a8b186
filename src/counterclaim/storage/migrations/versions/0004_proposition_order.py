"""Propositions carry their strength and number of sides, indexed, so the board pages in SQL.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""
import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("propositions") as batch:
        batch.add_column(sa.Column("strength", sa.Integer, nullable=False, server_default="0"))
        batch.add_column(sa.Column("n_sides", sa.Integer, nullable=False, server_default="0"))
    op.create_index("ix_propositions_order", "propositions", ["status", "strength", "n_claims"])
    op.create_index("ix_propositions_n_sides", "propositions", ["n_sides"])
    # the values of the propositions already stored, from their JSON {side: sources}
    conn = op.get_bind()
    table = sa.table("propositions", sa.column("id", sa.Integer), sa.column("sources", sa.Text),
                     sa.column("strength", sa.Integer), sa.column("n_sides", sa.Integer))
    rows = conn.execute(sa.select(table.c.id, table.c.sources)).all()
    for pid, sources in rows:
        counts = [n for n in json.loads(sources or "{}").values() if isinstance(n, (int, float))]
        conn.execute(table.update().where(table.c.id == pid)
                     .values(strength=int(sum(counts)), n_sides=sum(1 for n in counts if n)))


def downgrade() -> None:
    op.drop_index("ix_propositions_n_sides", "propositions")
    op.drop_index("ix_propositions_order", "propositions")
    with op.batch_alter_table("propositions") as batch:
        batch.drop_column("n_sides")
        batch.drop_column("strength")
