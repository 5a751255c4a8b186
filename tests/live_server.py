"""A real uvicorn server on a free loopback port, for the API and dashboard tests."""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from counterclaim.serve.api import create_app

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
FOUNDING = SHARED / "fixtures" / "panjshir-2021-09.txt"
TOKEN = "test-token-0123456789"

# An article whose title and body carry script payloads: the dashboard must show them as text.
XSS_TITLE = '<script>window.__xss = "title"</script><img src=x onerror="window.__xss=\'title-img\'">'
XSS_TEXT = ("Kandahar clashes <img src=x onerror=\"window.__xss='body-img'\">\n\n"
            "The army said on Monday that <script>window.__xss = 'body'</script> militants "
            "captured the town of Spin Boldak in Kandahar province <svg onload=\"window.__xss='svg'\">.\n")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(db: str, **options):
    """Yield the base URL of the app for `db` served by uvicorn in a thread; stop it after."""
    app = create_app(db, token=options.pop("token", TOKEN), **options)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True, name="counterclaim-test-server")
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
        app.state.store.close()


def ingest_founding(db: str, extra: list | None = None, founding: bool = True) -> None:
    """Store the founding article (read with its .meta.json) unless `founding` is false, and
    `extra` Documents, then relink."""
    from counterclaim.corpus.ingest import ingest, ingest_items
    from counterclaim.ledger.propositions import relink
    from counterclaim.storage.store import open_store

    with open_store(db) as store:
        if founding:
            ingest([str(FOUNDING)], store)
        if extra:
            ingest_items(extra, store)
        relink(store)


def xss_document():
    from counterclaim.extraction.extract import make_document

    doc = make_document(XSS_TEXT, id="xss-article", title=XSS_TITLE, published="2021-09-07",
                        outlet='Evil <b onmouseover="window.__xss=1">Outlet</b>')
    doc.source = "test:xss"
    return doc
