"""The REST API over real HTTP: uvicorn on a loopback port, on SQLite and (when configured) PostgreSQL."""
from __future__ import annotations

import json

import httpx
import pytest

from live_server import TOKEN, serve

AUTH = {"Authorization": f"Bearer {TOKEN}"}
FILTERS = ("place", "side", "actor", "type", "since", "until", "outlet", "status", "q")
PAYLOADS = ("' OR '1'='1", "1; DROP TABLE claims; --", '" OR ""="', "') UNION SELECT * FROM documents --",
            "%", "_", "\\", "%' --", "../../../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd",
            "..\\..\\windows\\win.ini", "file:///etc/passwd", "\u0000", "$(id)", "<script>alert(1)</script>",
            "x" * 201)


@pytest.fixture(scope="module")
def founding(founding_server):
    """A client of the server over the founding article (module-wide: read-only tests)."""
    with httpx.Client(base_url=founding_server, timeout=60) as client:
        yield client


def all_claims(client, **params):
    items, cursor = [], None
    while True:
        page = client.get("/api/claims", params={**params, "limit": 7, **({"cursor": cursor} if cursor else {})})
        assert page.status_code == 200, page.text
        items += page.json()["items"]
        cursor = page.json()["next"]
        if not cursor:
            return items


def test_founding_article_ledger_over_http(founding):
    stats = founding.get("/api/stats").json()
    assert stats["documents"] == 1 and stats["claims"] >= 10
    assert {"taliban", "nrf"} <= {s["value"] for s in stats["facets"]["sides"]}
    places = {p["text"]: p for p in founding.get("/api/places").json()}
    assert places["Panjshir"]["status"] == "contested" and places["Parian"]["status"] == "contested"
    assert places["Panjshir"]["shape"] and places["Parian"]["shape"], "both are drawn from packaged polygons"
    assert places["Panjshir"]["n_claims"] > places["Parian"]["n_claims"]

    # place filters take in the districts: Parian's claim is a Panjshir claim too
    parian = [c for c in all_claims(founding, place="Parian")]
    assert parian and all("Parīān" in (c["places"] or "") for c in parian)
    panjshir_ids = {c["id"] for c in all_claims(founding, place_id=places["Panjshir"]["id"])}
    assert {c["id"] for c in parian} <= panjshir_ids
    recapture = next(c for c in parian if "re-captured the Parian" in c["text"])

    detail = founding.get(f"/api/claims/{recapture['id']}").json()
    assert detail["article"]["text"][detail["claim"]["span"][0]:detail["claim"]["span"][1]] == detail["text"]
    contra = [r for r in detail["related"] if r["kind"] == "contradicts"]
    assert contra and {r["claim"]["side"] for r in contra} == {"taliban"}
    assert all(r["reason"]["rule"] for r in detail["related"])
    assert detail["status"] == "contested" and detail["proposition"]["status"] == "contested"

    board = founding.get("/api/propositions", params={"sides": 2}).json()
    assert board[0]["status"] == "contested" and board[0]["sources"]["taliban"] and board[0]["sources"]["nrf"]
    assert recapture["id"] in {m["id"] for m in board[0]["members"]}
    ledger = founding.get(f"/api/places/{places['Parian']['id']}").json()
    assert recapture["id"] in {e["id"] for e in ledger["ledger"]}

    sides = {c["side"] for c in all_claims(founding, side="taliban")}
    assert sides == {"taliban"}
    contested = all_claims(founding, status="contested")
    assert contested and all(c["status"] == "contested" for c in contested)
    assert founding.get("/api/search", params={"q": "Parian"}).json()[0]["kind"] == "claim"
    assert any(a["id"] == "ahmad-massoud" for a in founding.get("/api/actors").json())
    days = {r["day"] for r in founding.get("/api/timeline").json()}
    assert "2021-09-05" in days
    assert all_claims(founding, since="2021-09-06", until="2021-09-06")
    assert not all_claims(founding, until="2021-08-01")
    assert founding.get("/api/documents").json()["items"][0]["doc_id"] == "panjshir-2021-09"
    assert all_claims(founding, outlet="TOLO News"), "outlets in the reporting chain count"


def test_pages_follow_stable_cursors(founding):
    everything = founding.get("/api/claims", params={"limit": 500}).json()
    paged = all_claims(founding)
    assert [c["id"] for c in paged] == [c["id"] for c in everything["items"]]
    assert everything["total"] == len(paged) and everything["next"] is None
    first = founding.get("/api/claims", params={"limit": 5}).json()
    again = founding.get("/api/claims", params={"limit": 5, "cursor": first["next"]}).json()
    assert [c["id"] for c in again["items"]] == [c["id"] for c in paged[5:10]]


def test_exports_follow_the_filters(founding):
    csv_text = founding.get("/api/export", params={"format": "csv", "side": "nrf"}).text
    header, *rows = csv_text.strip().splitlines()
    assert header.startswith("id,document,published") and rows
    lines = founding.get("/api/export", params={"format": "jsonl", "side": "nrf"}).text.strip().splitlines()
    assert len(lines) == len(rows) and all(json.loads(l)["claim"]["claimant"]["side"] == "nrf" for l in lines)
    geo = founding.get("/api/export", params={"format": "geojson", "place": "Parian"}).json()
    assert {f["properties"]["place"] for f in geo["features"]} >= {"Parīān"}
    assert founding.get("/api/export", params={"format": "parquet"}).status_code == 422


def test_filter_payloads_give_4xx_or_nothing(founding):
    total = founding.get("/api/claims").json()["total"]
    for payload in PAYLOADS:
        for name in FILTERS:
            for path in ("/api/claims", "/api/places", "/api/propositions", "/api/timeline", "/api/export"):
                r = founding.get(path, params={name: payload})
                assert r.status_code < 500, (path, name, payload, r.text)
                if r.status_code != 200:
                    assert 400 <= r.status_code < 500 and r.json()["detail"]
                    continue
                if path == "/api/claims":
                    got = r.json()["total"]
                    # free text matches words; no payload may widen a query to everything
                    assert got == 0 or (name == "q" and got < total), (name, payload, got)
        r = founding.get("/api/search", params={"q": payload})
        assert r.status_code < 500 and (r.status_code != 200 or isinstance(r.json(), list))
    assert founding.get("/api/claims").json()["total"] == total, "nothing was dropped"
    for path in ("/api/places/..%2F..%2Fetc%2Fpasswd", "/api/claims/1%20OR%201=1", "/api/documents/..",
                 "/static/..%2F..%2Fapi.py", "/static/../../pyproject.toml", "/static/%2e%2e/%2e%2e/etc/passwd",
                 "/api/places/99999999", "/api/claims/-1"):
        r = founding.get(path)
        assert 400 <= r.status_code < 500, (path, r.status_code)
        assert "import" not in r.text and "root:" not in r.text
    for params in ({"limit": "abc"}, {"limit": 0}, {"limit": 10**6}, {"cursor": "not-a-cursor"},
                   {"cursor": "ZG9jdW1lbnRzOjU"}, {"place_id": "x"}, {"contested": "maybe"}):
        r = founding.get("/api/claims", params=params)
        assert 400 <= r.status_code < 500 and r.json()["detail"], (params, r.text)


def test_pages_carry_a_content_security_policy_and_docs(founding):
    page = founding.get("/")
    assert page.status_code == 200 and "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "/api/claims" in founding.get("/openapi.json").json()["paths"]
    docs = founding.get("/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()
    assert founding.get("/static/app.js").status_code == 200


def test_writes_need_the_token(empty):
    article = {"text": "The army said on Monday that it captured the town of Spin Boldak in Kandahar province."}
    assert empty.post("/api/documents", json=article).status_code == 401
    assert empty.post("/api/documents", json=article, headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert empty.post("/api/documents", json=article, headers={"X-Counterclaim-Token": "x" * 5000}).status_code == 401
    assert empty.delete("/api/documents/1").status_code == 401
    assert empty.get("/api/stats").json()["documents"] == 0


def test_add_a_batch_then_delete_a_document(empty):
    batch = [{"text": "Houthi fighters captured the town of Harib in Marib province on Monday, the group's spokesman said.",
              "published": "2021-09-22", "title": "Harib falls"},
             {"text": "The Yemeni army said on Tuesday that it had retaken Harib in Marib province from the Houthis.",
              "published": "2021-09-22", "outlet": "Saba"}]
    r = empty.post("/api/documents", json=batch, headers=AUTH)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["added"] == 2 and body["claims"] >= 2 and body["relinked"]["links"] >= 1
    assert empty.post("/api/documents", json=batch[0], headers=AUTH).json()["unchanged"] == 1
    docs = {d["title"]: d for d in body["documents"]}
    claims = all_claims(empty)
    assert any(c["status"] == "contested" for c in claims)
    gone = docs["Harib falls"]["id"]
    r = empty.delete(f"/api/documents/{gone}", headers=AUTH)
    assert r.status_code == 200 and r.json()["claims"] >= 1
    left = all_claims(empty)
    assert left and all(c["document_id"] != gone for c in left)
    assert all(not r["related"] for r in (empty.get(f"/api/claims/{c['id']}").json() for c in left))
    assert empty.delete(f"/api/documents/{gone}", headers=AUTH).status_code == 404
    form = empty.post("/api/documents", headers=AUTH, data={"title": "pasted", "published": "2021-09-23"},
                      files={"file": ("note.html", b"<html><head><title>t</title></head><body><article><p>The ministry "
                                                   b"said on Monday that 22 civilians were killed in Harib in Marib "
                                                   b"province.</p></article></body></html>", "text/html")})
    assert form.status_code == 201, form.text
    assert form.json()["documents"][0]["title"] == "pasted"


def test_malformed_writes_get_clear_4xx(empty):
    cases = [
        (dict(content=b"{not json", headers={**AUTH, "content-type": "application/json"}), 400, "not JSON"),
        (dict(json={"title": "no text"}, headers=AUTH), 422, "text"),
        (dict(json={"text": 5}, headers=AUTH), 422, "text"),
        (dict(json={"text": "   "}, headers=AUTH), 422, "empty"),
        (dict(json={"text": "a said b.", "published": "last week"}, headers=AUTH), 422, "published"),
        (dict(json={"text": "a said b.", "url": "javascript:alert(1)"}, headers=AUTH), 422, "url"),
        (dict(json={"text": "a said b.", "evil": 1}, headers=AUTH), 422, "unknown"),
        (dict(json=[], headers=AUTH), 422, "no documents"),
        (dict(json=[1, 2], headers=AUTH), 422, "object"),
        (dict(json=[{"text": "x said y."}] * 101, headers=AUTH), 413, "at most"),
        (dict(content=b"text", headers={**AUTH, "content-type": "text/xml"}), 415, "content type"),
        (dict(content=b"x" * 5_000_001, headers={**AUTH, "content-type": "application/json"}), 413, "over"),
        (dict(files={"file": ("../../etc/passwd", b"hello", "text/plain")}, headers=AUTH), 415, "upload"),
        (dict(files={"file": ("a.txt", b"\xff\xfe\x00binary", "text/plain")}, headers=AUTH), 422, "file 1"),
        (dict(data={"title": "nothing"}, headers=AUTH), 422, "text"),
    ]
    for kwargs, status, words in cases:
        r = empty.post("/api/documents", **kwargs)
        assert r.status_code == status, (kwargs.get("json"), r.status_code, r.text)
        assert words in r.json()["detail"], r.text
    assert empty.delete("/api/documents/abc", headers=AUTH).status_code == 422
    assert empty.get("/api/stats").json()["documents"] == 0


def test_read_only_has_no_write_routes(tmp_path):
    with serve(str(tmp_path / "ro.db"), read_only=True) as base, httpx.Client(base_url=base) as client:
        r = client.post("/api/documents", json={"text": "The army said it won."}, headers=AUTH)
        assert r.status_code == 405
        assert client.delete("/api/documents/1", headers=AUTH).status_code == 405
        assert "post" not in client.get("/openapi.json").json()["paths"]["/api/documents"]
        assert client.get("/api/config").json()["read_only"] is True


def test_serve_prints_a_token_and_binds_to_loopback(tmp_path):
    import os
    import subprocess
    import sys
    import time

    from live_server import free_port

    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "COUNTERCLAIM_TOKEN"}
    proc = subprocess.Popen([sys.executable, "-m", "counterclaim.cli", "serve", "--db", str(tmp_path / "s.db"),
                             "--port", str(port)], stderr=subprocess.PIPE, text=True, env=env)
    try:
        lines = [proc.stderr.readline() for _ in range(2)]
        assert f"http://127.0.0.1:{port}/" in lines[0]
        token = lines[1].rsplit(": ", 1)[1].strip()
        assert len(token) >= 24
        deadline = time.monotonic() + 20
        while True:
            try:
                stats = httpx.get(f"http://127.0.0.1:{port}/api/stats")
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "serve did not answer"
                time.sleep(0.1)
        assert stats.status_code == 200
        rebound = httpx.get(f"http://127.0.0.1:{port}/api/stats", headers={"Host": "attacker.example"})
        assert rebound.status_code == 400, "loopback serves only loopback host names"
        url = f"http://127.0.0.1:{port}/api/documents/1"
        assert httpx.delete(url).status_code == 401
        assert httpx.delete(url, headers={"Authorization": f"Bearer {token}"}).status_code == 404
    finally:
        proc.terminate()
        proc.wait(10)
        proc.stderr.close()


def test_boundaries_give_every_country_and_the_regions_asked_for(founding):
    def levels(body: dict) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for f in body["features"]:
            out.setdefault(f["level"], set()).add(f["country"])
        return out

    asked = founding.get("/api/boundaries", params={"countries": "ua,SD"})
    assert asked.status_code == 200 and "max-age" in asked.headers["cache-control"]
    got = levels(asked.json())
    assert len(got["country"]) > 200 and {"UA", "SD", "AF", "RU", "BR"} <= got["country"]
    assert got["admin1"] == {"UA", "SD"} and "admin2" not in got
    assert "Natural Earth" in asked.json()["attribution"]
    # by default, the regions of the stored places' countries: Afghanistan's provinces and districts
    default = founding.get("/api/boundaries")
    assert default.headers["cache-control"] == "no-cache"
    got = levels(default.json())
    assert got["admin1"] == {"AF"} and got["admin2"] == {"AF"}
    for bad in ("UKR", "U1", "UA;SD", "UA,,SD"):
        answer = founding.get("/api/boundaries", params={"countries": bad})
        assert answer.status_code == 422, (bad, answer.status_code)
