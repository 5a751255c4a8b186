"""Bad input and failures over real HTTP: every answer is a JSON error naming the input, never a
500 and never a dropped connection; on SQLite and (when configured) PostgreSQL."""
from __future__ import annotations

import base64
import http.client
import json
import os
from urllib.parse import urlsplit

import httpx
import pytest

from live_server import TOKEN, serve
from store_backends import PG_ENV, database

AUTH = {"Authorization": f"Bearer {TOKEN}"}
HUGE = (2**63, 2**64, 2**31, 10**30)   # beyond SQLite's 64-bit and PostgreSQL's 32-bit INTEGER


@pytest.fixture(scope="module")
def served(founding_server):
    """(base URL, client) of the server over the founding article."""
    with httpx.Client(base_url=founding_server, timeout=60) as client:
        yield founding_server, client


def cursor(kind: str, value: int) -> str:
    return base64.urlsafe_b64encode(f"{kind}:{value}".encode()).decode().rstrip("=")


def test_ids_and_cursors_beyond_the_columns_get_4xx_naming_the_parameter(served):
    _, client = served
    for n in HUGE:
        for path, name in ((f"/api/claims/{n}", "claim_id"), (f"/api/documents/{n}", "document_id"),
                           (f"/api/places/{n}", "place_id"), (f"/api/claims?place_id={n}", "place_id"),
                           (f"/api/places?place_id={n}", "place_id"), (f"/api/timeline?place_id={n}", "place_id"),
                           (f"/api/propositions?place_id={n}", "place_id"), (f"/api/export?place_id={n}", "place_id"),
                           (f"/api/propositions?offset={n}", "offset"), (f"/api/places?offset={n}", "offset"),
                           (f"/api/claims?cursor={cursor('claims', n)}", "cursor"),
                           (f"/api/documents?cursor={cursor('documents', n)}", "cursor")):
            r = client.get(path)
            assert r.status_code in (400, 422), (path, r.status_code, r.text)
            assert r.headers["content-type"] == "application/json" and name in r.json()["detail"], (path, r.text)
    # the largest id the columns hold is a plain miss
    assert client.get(f"/api/claims/{2**31 - 1}").status_code == 404
    assert client.get("/api/claims", params={"place_id": 2**31 - 1}).json()["total"] == 0


def test_an_error_keeps_the_connection_open(served):
    base, _ = served
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.request("GET", f"/api/claims/{2**63}")
        first = conn.getresponse()
        assert first.status == 422 and "claim_id" in json.loads(first.read())["detail"]
        sock = conn.sock
        conn.request("GET", "/api/config")
        second = conn.getresponse()
        assert second.status == 200 and json.loads(second.read())["version"]
        assert conn.sock is sock, "the same connection answered the second request"
    finally:
        conn.close()


def test_an_internal_error_is_json_and_keeps_the_connection_open(tmp_path):
    from counterclaim.storage.store import open_store

    store = open_store(tmp_path / "broken.db")

    def broken():
        raise RuntimeError("disk on fire")

    store.stats = broken
    with serve(str(tmp_path / "broken.db"), store=store) as base:
        parts = urlsplit(base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            conn.request("GET", "/api/stats")
            first = conn.getresponse()
            body = json.loads(first.read())
            assert first.status == 500 and "RuntimeError" in body["detail"] and "fire" not in body["detail"]
            assert first.getheader("content-security-policy"), "the usual headers are on a 500 too"
            sock = conn.sock
            conn.request("GET", "/api/config")
            second = conn.getresponse()
            assert second.status == 200 and json.loads(second.read())["read_only"] is False
            assert conn.sock is sock
        finally:
            conn.close()


def test_bad_bodies_get_4xx_naming_the_field(empty):
    json_type = {**AUTH, "content-type": "application/json"}
    cases = [
        ({"text": "The army said it won.", "url": "https://[::1"}, "url"),
        ({"text": "The army said it won.", "url": "http://example.com:99999/"}, "url"),
        ({"text": "The army said it won.", "url": "https:///nohost"}, "url"),
        ({"text": "The army said \ud800 it won."}, "text"),
        ({"text": "The army said it won.", "title": "lone \udfff"}, "title"),
        ({"text": "The army said it won.", "outlet": "nul \x00 here"}, "outlet"),
        ({"text": "The army said \x00 it won."}, "text"),
        ({"text": "The army said it won.", "bad\ud800key": "x"}, "unknown"),
    ]
    for doc, name in cases:
        raw = json.dumps(doc).encode()   # ensure_ascii: lone surrogates travel as \\ud800 escapes
        r = empty.post("/api/documents", content=raw, headers=json_type)
        assert r.status_code == 422, (doc, r.status_code, r.text)
        assert name in r.json()["detail"], r.text
    for depth in (100, 5_000, 200_000):
        r = empty.post("/api/documents", content=b"[" * depth + b"]" * depth, headers=json_type)
        assert 400 <= r.status_code < 500 and r.json()["detail"], (depth, r.status_code)
    nested = {"text": "The army said it won.", "title": json.loads("[" * 50 + "]" * 50)}
    r = empty.post("/api/documents", json=nested, headers=AUTH)
    assert r.status_code == 422 and "title" in r.json()["detail"]
    r = empty.post("/api/documents", headers=AUTH, files={"file": ("bad\udc80name.txt".encode("utf-8", "surrogateescape")
                                                                   .decode("latin-1"), b"The army said it won.",
                                                                   "text/plain")})
    assert r.status_code < 500, r.text
    assert empty.get("/api/stats").json()["documents"] <= 1


def test_published_must_be_a_real_date(empty):
    for bad in ("2021-13", "0000", "2021-02-30", "2021-00", "2021-1", "2021-09-06T25:00", "99999", "2021-09-31"):
        r = empty.post("/api/documents", json={"text": "The army said it won.", "published": bad}, headers=AUTH)
        assert r.status_code == 422 and "published" in r.json()["detail"], (bad, r.text)
        r = empty.post("/api/documents", data={"text": "The army said it won.", "published": bad}, headers=AUTH)
        assert r.status_code == 422 and "published" in r.json()["detail"], (bad, r.text)
    good = [{"text": f"The army said on Monday that it captured village {n} in Kandahar province.", "published": p}
            for n, p in enumerate(("2021", "2021-02", "2024-02-29", "0001-01-01", "2021-09-06T10:30:00Z"))]
    r = empty.post("/api/documents", json=good, headers=AUTH)
    assert r.status_code == 201 and r.json()["added"] == len(good), r.text


def test_uploaded_files_get_their_own_ids(empty):
    files = [("file", ("report.txt", b"The army said on Monday that it captured Spin Boldak in Kandahar province.",
                       "text/plain")),
             ("file", ("report.txt", b"The Taliban said on Tuesday that they retook Spin Boldak in Kandahar province.",
                       "text/plain")),
             ("file", ("../../other notes.md", b"The ministry said on Monday that 22 civilians were killed in Herat.",
                       "text/markdown"))]
    r = empty.post("/api/documents", files=files, headers=AUTH)
    assert r.status_code == 201, r.text
    ids = [d["doc_id"] for d in r.json()["documents"]]
    assert len(ids) == 3 and len(set(ids)) == 3, ids
    assert all(not i.startswith("upload-") for i in ids), ids
    assert ids[0].startswith("report-") and ids[2].startswith("other-notes-") and "/" not in ids[2]


def test_propositions_and_places_are_paged(served):
    _, client = served
    everything = client.get("/api/propositions", params={"limit": 1000, "members": 1000})
    assert everything.status_code == 200
    rows = everything.json()
    total = int(everything.headers["x-total-count"])
    assert total == len(rows) >= 3 and "x-next-offset" not in everything.headers
    one = client.get("/api/propositions", params={"limit": 1, "members": 1000})
    assert len(one.json()) == 1 and one.json()[0] == rows[0]
    assert one.headers["x-total-count"] == str(total) and one.headers["x-next-offset"] == "1"
    walked, offset = [], 0
    while offset is not None:
        page = client.get("/api/propositions", params={"limit": 2, "offset": offset, "members": 1000})
        walked += page.json()
        offset = int(page.headers["x-next-offset"]) if "x-next-offset" in page.headers else None
    assert walked == rows
    big = max(rows, key=lambda p: len(p["members"]))
    capped = client.get("/api/propositions", params={"limit": 1000, "members": 1}).json()
    small = next(p for p in capped if p["id"] == big["id"])
    assert len(small["members"]) == 1 and small["claims"] == big["claims"]
    assert all(l["claim"] == l["other"] or {l["claim"], l["other"]} <= {m["id"] for m in small["members"]}
               for l in small["links"])
    assert len(client.get("/api/propositions", params={"limit": 1}).content) < 20_000
    contested = client.get("/api/propositions", params={"status": "contested", "sides": 2, "limit": 1000}).json()
    assert contested and all(p["status"] == "contested" and len([n for n in p["sources"].values() if n]) >= 2
                             for p in contested)

    places = client.get("/api/places")
    assert places.headers["x-total-count"] == str(len(places.json()))
    two = client.get("/api/places", params={"limit": 2, "offset": 1})
    assert two.json() == places.json()[1:3] and two.headers["x-next-offset"] == "3"


@pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"{PG_ENV} is not set")
def test_postgresql_connections_dropped_by_the_server_are_replaced(tmp_path):
    from sqlalchemy import create_engine, text

    from counterclaim.storage.store import database_url

    db = database("postgresql", tmp_path)
    with serve(db) as base, httpx.Client(base_url=base, timeout=60) as client:
        assert client.get("/api/stats").status_code == 200   # the pool now holds a connection
        admin = create_engine(database_url(db))
        with admin.begin() as conn:   # as a restart does: every other session is ended
            ended = conn.execute(text("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                      "WHERE datname = current_database() AND pid <> pg_backend_pid()")).scalar()
        admin.dispose()
        assert ended >= 1
        r = client.get("/api/stats")
        assert r.status_code == 200, r.text
