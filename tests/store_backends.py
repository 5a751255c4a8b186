"""The databases the store tests run on: SQLite always, PostgreSQL when COUNTERCLAIM_TEST_PG
names one (`bash .ci/run` starts a throwaway cluster and sets it; otherwise those tests skip)."""
from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

PG_ENV = "COUNTERCLAIM_TEST_PG"
BACKENDS = ["sqlite", "postgresql"]


def database(kind: str, tmp_path) -> str:
    """A fresh, empty database of `kind` for one test: a path or a URL."""
    if kind == "sqlite":
        return str(tmp_path / "claims.db")
    url = os.environ.get(PG_ENV)
    if not url:
        pytest.skip(f"{PG_ENV} is not set (bash .ci/run sets it to a throwaway PostgreSQL)")
    from counterclaim.storage.store import database_url

    engine = create_engine(database_url(url))
    with engine.begin() as conn:  # an empty schema: the store must build everything itself
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url
