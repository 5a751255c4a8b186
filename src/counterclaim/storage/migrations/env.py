"""Alembic environment: migrate the connection counterclaim hands over, or the database
named by `-x db=...`, $COUNTERCLAIM_DB or ./counterclaim.db when run from the command line."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from counterclaim.storage.store import database_url
from counterclaim.storage.tables import metadata

config = context.config


def run(connection) -> None:
    context.configure(connection=connection, target_metadata=metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    url = config.get_main_option("sqlalchemy.url") or database_url(context.get_x_argument(as_dictionary=True).get("db"))
    with create_engine(url).begin() as conn:
        run(conn)
