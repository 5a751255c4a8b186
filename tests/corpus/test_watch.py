"""`counterclaim watch` against a real local HTTP server whose feeds change between rounds: conditional
requests, articles fetched once, robots.txt, failing and hanging sources backing off, ledger changes
reported on stdout, in the JSON Lines log and to a webhook, and a restart that loses and repeats nothing."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from counterclaim.corpus.ingest import RunStopped
from counterclaim.corpus.listings import read_listing
from counterclaim.corpus.watch import Settings, expand_sources, watch
from counterclaim.corpus.watch_command import parse_duration
from counterclaim.ledger.propositions import list_propositions
from counterclaim.storage import watch_state
from counterclaim.storage.store import open_store

HANG = 3.0      # seconds the hanging feed sleeps: past the watcher's timeout
TIMEOUT = 0.6

ARTICLES = {
    "/news/taliban-panjshir.html": ("Taliban say they have taken Panjshir", "2021-09-06", [
        "Taliban spokesman Zabihullah Mujahid said on Monday that Taliban fighters had captured the "
        "Panjshir valley, the last province holding out against the group.",
        "The announcement followed a week of heavy fighting in the narrow valley north of Kabul, "
        "where the resistance had dug in after the fall of the capital last month."]),
    "/news/bazarak-fighting.html": ("Fighting near Bazarak", "2021-09-06", [
        "Fighting continued near Bazarak on Monday, residents said. The Taliban said they had killed "
        "20 fighters in Bazarak.",
        "Residents described gunfire through the night and said many families had fled towards the "
        "mountains with what they could carry."]),
    "/news/resistance-denies.html": ("Resistance denies the fall of Panjshir", "2021-09-07", [
        "Ahmad Massoud, the leader of the National Resistance Front, said on Tuesday that his forces "
        "still control the Panjshir valley. The front denied the Taliban's claim that Panjshir had fallen.",
        "Massoud called on Afghans to rise up against the Taliban in a recorded message shared "
        "by the front's spokesmen on social media late on Tuesday."]),
    "/private/leaked.html": ("Not for robots", "2021-09-06", [
        "Taliban spokesman Zabihullah Mujahid said on Monday that fighters had reached Rokha."]),
}


def page(path: str) -> bytes:
    title, day, paragraphs = ARTICLES[path]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!doctype html><html><head><title>{title}</title><meta property="og:site_name" content="Valley News">'
            f'<meta property="article:published_time" content="{day}"></head><body><header><nav>Home | World</nav>'
            f"</header><article><h1>{title}</h1>{body}</article><footer>Copyright Valley News</footer>"
            f"</body></html>").encode()


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(f"<item><title>{ARTICLES.get(p, ('untitled',))[0]}</title><link>{base}{p}</link></item>" for p in paths)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Valley News</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode()


class Site:
    """What the server serves, changed by the test between rounds, and what it saw."""

    def __init__(self) -> None:
        self.base = ""
        self.feed: bytes = b""
        self.etag = '"v1"'
        self.modified = format_datetime(datetime(2021, 9, 6, 12, tzinfo=timezone.utc), usegmt=True)
        self.hits: Counter[str] = Counter()
        self.conditional: list[tuple[str, str | None, str | None]] = []   # (path, If-None-Match, If-Modified-Since)
        self.agents: set[str] = set()
        self.hooks: list[dict] = []
        self.hook_status = 200
        self.lock = threading.Lock()

    def set_feed(self, paths: list[str], etag: str) -> None:
        self.feed, self.etag = rss(self.base, paths), etag
        self.modified = format_datetime(datetime.now(timezone.utc), usegmt=True)


def handler_for(site: Site):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def send(self, status: int, body: bytes = b"", kind: str = "text/html; charset=utf-8", **headers) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers.items():
                self.send_header(k.replace("_", "-"), v)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):   # the client gave up on a hanging answer
                pass

        def do_GET(self) -> None:
            path = self.path
            with site.lock:
                site.hits[path] += 1
                site.agents.add(self.headers.get("User-Agent", ""))
                if path == "/feed.xml":
                    site.conditional.append((path, self.headers.get("If-None-Match"),
                                             self.headers.get("If-Modified-Since")))
            if path == "/robots.txt":
                self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            elif path == "/feed.xml":
                if self.headers.get("If-None-Match") == site.etag:
                    self.send(304, ETag=site.etag)
                else:
                    self.send(200, site.feed, "application/rss+xml", ETag=site.etag, Last_Modified=site.modified)
            elif path == "/sitemap_index.xml":
                self.send(200, (f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                f"<sitemap><loc>{site.base}/sitemap-news.xml</loc></sitemap></sitemapindex>").encode(),
                          "application/xml", Last_Modified=site.modified)
            elif path == "/sitemap-news.xml":
                if self.headers.get("If-Modified-Since"):
                    self.send(304)
                    return
                urls = "".join(f"<url><loc>{site.base}{p}</loc></url>" for p in ("/news/bazarak-fighting.html",))
                self.send(200, (f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                f"{urls}</urlset>").encode(), "application/xml", Last_Modified=site.modified)
            elif path in ("/broken.xml", "/news/flaky.html"):
                self.send(500, b"internal error")
            elif path == "/garbage.xml":
                self.send(200, b"<html><body>this is no feed</body></html>")
            elif path == "/hang.xml":
                time.sleep(HANG)
                self.send(200, site.feed, "application/rss+xml")
            elif path in ARTICLES:
                self.send(200, page(path))
            else:
                self.send(404, b"not found")

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with site.lock:
                site.hooks.append(json.loads(body))
            self.send(site.hook_status, b"{}", "application/json")

    return Handler


@pytest.fixture
def site():
    state = Site()
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(state))
    server.daemon_threads = True
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


class Clock:
    """The watcher's clock for state and back-off, moved by the test."""

    def __init__(self) -> None:
        self.at = datetime(2021, 9, 8, 6, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.at


def log_lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_three_rounds_a_restart_and_what_they_report(site, tmp_path):
    b = site.base
    a1, a2, a3, private = "/news/taliban-panjshir.html", "/news/bazarak-fighting.html", \
        "/news/resistance-denies.html", "/private/leaked.html"
    site.set_feed([a1, a2, private], '"v1"')
    listing = tmp_path / "sources.txt"
    listing.write_text(f"# the watched sources\n{b}/feed.xml\n\n{b}/sitemap_index.xml  # an index\n"
                       f"{b}/broken.xml\n{b}/hang.xml\n{b}/garbage.xml\n", encoding="utf-8")
    sources = expand_sources([str(listing)])
    assert sources == [f"{b}/feed.xml", f"{b}/sitemap_index.xml", f"{b}/broken.xml", f"{b}/hang.xml",
                       f"{b}/garbage.xml"]
    db, log, hook = tmp_path / "claims.db", tmp_path / "watch.jsonl", f"{b}/hook"
    settings = Settings(delay=0.01, timeout=TIMEOUT, backoff=8, max_backoff=60)
    clock = Clock()

    def round_(store) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        started = time.monotonic()
        status = watch(sources, store, settings, once=True, log=str(log), notify=hook, out=out, err=err, now=clock)
        assert time.monotonic() - started < HANG * 3   # the hanging source is cut by the timeout
        return status, out.getvalue(), err.getvalue()

    # round 1: two articles stored, the private one skipped, the bad sources reported
    with open_store(db) as store:
        status, out, err = round_(store)
        stored = {d["url"] for d in store_documents(store)}
        props = {p["label"]: p["status"] for p in list_propositions(store, with_claims=False)}
    assert status == 0
    assert stored == {b + a1, b + a2}
    assert "Who controls Panjshir? (06 Sep 2021)" in props and set(props.values()) == {"uncorroborated"}
    assert out == ""   # nothing contested yet: no change worth a line
    assert f"disallowed: {b}{private}: disallowed by robots.txt" in err
    assert f"{b}/broken.xml: HTTP 500" in err and f"{b}/hang.xml: no answer within {TIMEOUT:g} s" in err
    assert "not RSS, Atom or a sitemap" in err and "/garbage.xml" in err
    assert site.hits[private] == 0 and site.hits["/robots.txt"] == 1
    assert site.hooks == []   # no change, no notification
    first = log_lines(log)
    assert {(r["event"], r.get("status") or r.get("outcome")) for r in first} >= {
        ("source", "read"), ("source", "error"), ("article", "stored"), ("article", "disallowed")}
    assert first[-1]["event"] == "round" and first[-1]["articles_stored"] == 2 and first[-1]["changes"] == 0

    # round 2, ten seconds on: the feed is unchanged (304); the failing sources are asked again
    clock.at += timedelta(seconds=10)
    with open_store(db) as store:
        status, out, err = round_(store)
    assert status == 0 and out == ""
    assert site.conditional[-1] == ("/feed.xml", '"v1"', site.modified)
    assert site.hits["/feed.xml"] == 2 and site.hits["/broken.xml"] == 2 and site.hits["/hang.xml"] == 2
    assert site.hits["/sitemap-news.xml"] == 2   # asked again, answered 304
    second = [r for r in log_lines(log) if r["round"] == 2]
    assert {r["url"]: r["status"] for r in second if r["event"] == "source"}[f"{b}/feed.xml"] == "not_modified"
    assert not any(r["event"] == "article" for r in second)

    # round 3: a third article contradicts the first; the watcher is killed before it could ingest
    site.set_feed([a3, a1, a2, private], '"v2"')
    clock.at += timedelta(seconds=10)
    import counterclaim.corpus.watch as watch_module

    def killed(*args, **kwargs):
        raise RunStopped("killed for the test")

    original, watch_module.ingest_items = watch_module.ingest_items, killed
    try:
        with open_store(db) as store, pytest.raises(RunStopped):
            round_(store)
    finally:
        watch_module.ingest_items = original
    assert site.hits[a3] == 1
    # the failing sources back off: 2 failures in a row wait 16 s, so this round did not ask them
    assert site.hits["/broken.xml"] == 2 and site.hits["/hang.xml"] == 2

    # ... and a new watch on the same database goes on: nothing fetched again, nothing lost
    clock.at += timedelta(seconds=1)
    with open_store(db) as store:
        status, out, err = round_(store)
        stored = {d["url"] for d in store_documents(store)}
        contested = [p for p in list_propositions(store) if p["status"] == "contested"]
        sources = {s["url"]: s for s in watch_state.sources_read(store)}
    assert status == 0
    assert stored == {b + a1, b + a2, b + a3}
    assert all(site.hits[p] == 1 for p in (a1, a2, a3)), site.hits   # each article fetched exactly once
    assert site.hits[private] == 0
    assert site.conditional[-1][1] == '"v2"'   # the validators the killed round received were kept
    assert len(contested) == 1 and contested[0]["label"].startswith("Who controls Panjshir?")
    lines = out.strip().splitlines()
    assert lines == [f"contested (was uncorroborated): {contested[0]['label']} "
                     f"[{', '.join(f'{k} {v}' for k, v in contested[0]['sources'].items())}] "
                     f"({contested[0]['claims']} claims)"]
    assert "backing off (2 in a row" in err and f"{b}/broken.xml: HTTP 500" in err
    # the webhook got the change, once
    assert len(site.hooks) == 1
    change = site.hooks[0]["changes"][0]
    assert (change["kind"], change["was"], change["status"]) == ("status", "uncorroborated", "contested")
    assert change["proposition"] == contested[0]["label"] and change["new_claims"]
    last = [r for r in log_lines(log) if r["round"] == 4]
    assert [r["kind"] for r in last if r["event"] == "change"] == ["status"]
    assert [r["error"] for r in last if r["event"] == "notify"] == [None]
    assert {r["url"]: r["status"] for r in last if r["event"] == "source"}[f"{b}/broken.xml"] == "backoff"
    # what /api/stats shows: when each source was last read, its error and its articles
    feed, broken = sources[f"{b}/feed.xml"], sources[f"{b}/broken.xml"]
    assert feed["articles"] == 3 and feed["last_error"] is None and feed["last_read"].startswith("2021-09-08T06:00:21")
    assert broken["last_read"] is None and broken["errors"] == 2 and "HTTP 500" in broken["last_error"]
    news = sources[f"{b}/sitemap-news.xml"]   # read through its index; its one page the feed listed first
    assert news["parent"] and news["kind"] == "sitemap" and news["last_read"] and news["urls"] == 0
    assert all(agent.startswith("counterclaim/") for agent in site.agents)


def store_documents(store) -> list[dict]:
    from sqlalchemy import select

    from counterclaim.storage.tables import documents

    with store.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(select(documents.c.url, documents.c.title))]


def test_a_failing_webhook_is_reported_and_the_round_goes_on(site, tmp_path):
    b = site.base
    site.set_feed(["/news/taliban-panjshir.html", "/news/resistance-denies.html"], '"w1"')
    site.hook_status = 503
    out, err = io.StringIO(), io.StringIO()
    with open_store(tmp_path / "claims.db") as store:
        status = watch([f"{b}/feed.xml"], store, Settings(delay=0.01, timeout=TIMEOUT), once=True,
                       log=str(tmp_path / "log.jsonl"), notify=f"{b}/hook", out=out, err=err)
        assert len(store_documents(store)) == 2
    assert status == 0
    assert out.getvalue().startswith("new contested: Who controls Panjshir?")
    assert f"webhook {b}/hook failed: HTTP 503" in err.getvalue()
    assert len(site.hooks) == 1
    notify = [r for r in log_lines(tmp_path / "log.jsonl") if r["event"] == "notify"]
    assert notify[0]["status"] == 503 and notify[0]["error"] == "HTTP 503"
    # `serve` shows when each source was last read
    import httpx
    from live_server import serve

    with serve(str(tmp_path / "claims.db")) as api:
        stats = httpx.get(f"{api}/api/stats", timeout=60).json()
    assert [(s["url"], s["kind"], s["articles"], s["last_error"]) for s in stats["sources"]] == [
        (f"{b}/feed.xml", "feed", 2, None)]
    assert stats["sources"][0]["last_read"] and stats["last_watch_round"]["summary"]["articles_stored"] == 2


def test_the_command_once_for_cron(site, tmp_path):
    """The CLI: one round, exit 0 when something could be read; 1 when every source failed."""
    b = site.base
    site.set_feed(["/news/bazarak-fighting.html"], '"c1"')
    db = tmp_path / "claims.db"
    cmd = [sys.executable, "-m", "counterclaim.cli", "watch", "--db", str(db), "--once", "--delay", "0.01",
           "--timeout", str(TIMEOUT), "--log", str(tmp_path / "log.jsonl")]
    ok = subprocess.run([*cmd, f"{b}/feed.xml", f"{b}/broken.xml"], capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert f"{b}/broken.xml: HTTP 500" in ok.stderr and "articles stored 1" in ok.stderr
    bad = subprocess.run([*cmd, f"{b}/broken.xml", f"{b}/garbage.xml"], capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1 and "garbage.xml" in bad.stderr
    usage = subprocess.run([*cmd, "not-a-url-or-file"], capture_output=True, text=True, timeout=300)
    assert usage.returncode == 2 and "neither an http(s) URL nor a file" in usage.stderr
    assert site.hits["/news/bazarak-fighting.html"] == 1


def test_listings_sitemaps_and_feeds():
    base = "https://example.org/sitemap.xml"
    index = read_listing(b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/a.xml'
                         b"</loc><lastmod>2021-09-06</lastmod></sitemap></sitemapindex>", base)
    assert (index.kind, index.sitemaps) == ("sitemapindex", [("https://example.org/a.xml", "2021-09-06")])
    import gzip

    pages = read_listing(gzip.compress(b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                       b"<url><loc>https://example.org/n/1</loc></url><url><loc>ftp://x/y</loc></url>"
                                       b"<url><loc>https://example.org/n/1</loc></url></urlset>"), base)
    assert (pages.kind, pages.articles) == ("sitemap", ["https://example.org/n/1"])
    with pytest.raises(ValueError, match="not valid XML"):
        read_listing(b'<urlset><url><loc>https://example.org/x</loc></url>', base)
    with pytest.raises(ValueError, match="not RSS, Atom or a sitemap"):
        read_listing(b"just text", base)
    assert [parse_duration(v) for v in ("15m", "90s", "1h30m", "2", "0.5s")] == [900, 90, 5400, 2, 0.5]
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_an_article_failing_for_a_passing_reason_is_tried_three_times(site, tmp_path):
    site.set_feed(["/news/flaky.html"], '"f1"')
    db, log = tmp_path / "claims.db", tmp_path / "log.jsonl"
    for _ in range(4):
        with open_store(db) as store:
            assert watch([f"{site.base}/feed.xml"], store, Settings(delay=0.01, timeout=TIMEOUT), once=True,
                         log=str(log), out=io.StringIO(), err=io.StringIO()) == 0
    assert site.hits["/news/flaky.html"] == 3
    outcomes = [(r["round"], r["outcome"]) for r in log_lines(log) if r["event"] == "article"]
    assert outcomes == [(1, "retry"), (2, "retry"), (3, "failed")]


def test_articles_stored_by_a_round_killed_before_it_could_say_so_are_counted_once(site, tmp_path):
    import counterclaim.corpus.watch as watch_module

    b = site.base
    site.set_feed(["/news/taliban-panjshir.html", "/news/resistance-denies.html"], '"k1"')
    db, settings = tmp_path / "claims.db", Settings(delay=0.01, timeout=TIMEOUT)

    def stored_then_killed(*args, **kwargs):
        original(*args, **kwargs)
        raise RunStopped("killed after storing, before settling")

    original, watch_module.ingest_items = watch_module.ingest_items, stored_then_killed
    try:
        with open_store(db) as store, pytest.raises(RunStopped):
            watch([f"{b}/feed.xml"], store, settings, once=True, out=io.StringIO(), err=io.StringIO())
    finally:
        watch_module.ingest_items = original
    with open_store(db) as store:
        watch([f"{b}/feed.xml"], store, settings, once=True, out=io.StringIO(), err=io.StringIO())
        feed = {s["url"]: s for s in watch_state.sources_read(store)}[f"{b}/feed.xml"]
        assert len(store_documents(store)) == 2
    assert feed["articles"] == 2
    assert site.hits["/news/taliban-panjshir.html"] == site.hits["/news/resistance-denies.html"] == 1
