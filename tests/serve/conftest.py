"""Fixtures of the server tests: servers over the founding article or an empty store (on SQLite and,
when configured, PostgreSQL), and the real browser (Playwright driving Debian's Chromium)."""
from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from live_server import FOUNDING, ingest_founding, serve
from store_backends import BACKENDS, database

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


@pytest.fixture(scope="module")
def browser():
    """Chromium, headless, for the tests of one module (skipped where it is not installed)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module", params=BACKENDS)
def founding_server(request, tmp_path_factory):
    """The base URL of a server over a store holding the founding article, linked: one per module
    and backend, for tests that only read."""
    if not FOUNDING.exists():
        pytest.skip("../shared (the founding article) is not beside the repository")
    db = database(request.param, tmp_path_factory.mktemp(request.param))
    ingest_founding(db)
    with serve(db) as base:
        yield base


@pytest.fixture(params=BACKENDS)
def empty(request, tmp_path):
    """A client of a server over a new, empty store (for write tests)."""
    db = database(request.param, tmp_path)
    with serve(db) as base, httpx.Client(base_url=base, timeout=120) as client:
        yield client
