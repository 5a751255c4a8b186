"""The `--db` option every command that reads or writes the claims store takes, and opening that
store with an error that names the database instead of a traceback."""
from __future__ import annotations

import click

DB_HELP = "Database: a file path (SQLite) or an SQLAlchemy URL. Default: $COUNTERCLAIM_DB or ./counterclaim.db."


def db_option(f):
    """`--db`, from $COUNTERCLAIM_DB when set, else ./counterclaim.db."""
    return click.option("--db", envvar="COUNTERCLAIM_DB", default="counterclaim.db", show_default=True,
                        help=DB_HELP)(f)


def open_db(db: str):
    """The store at `db`, or a click error naming it and the cause."""
    from .store import open_store

    try:
        return open_store(db)
    except Exception as e:  # noqa: BLE001 - name the database and the cause, not a traceback
        raise click.ClickException(f"{db}: cannot open the database ({e})") from e
