"""Watching feeds and sitemaps: every round reads what is new, ingests and links it, and says what
changed in the ledger.

`Watcher(sources, store).round()` runs one round: each RSS/Atom feed or sitemap (a sitemap index's
sitemaps too) is asked with the validators of its last answer, so an unchanged one costs a 304;
every article URL never seen before is fetched once, politely (`fetch.Fetcher`: robots.txt, a delay
per host, a hard timeout), read with trafilatura (`formats.read_page`), then the new articles are
ingested and linked (`ingest.ingest_items`) and the ledger before and after is compared
(`ledger.changes`). `watch(...)` runs rounds every so often and reports each: a line per change on
stdout, problems on stderr, a JSON Lines log and a webhook.

Decisions worth knowing:
- Everything a round learns is written to the store as it goes (`storage.watch_state`): validators,
  errors and back-off per source, each URL's outcome, and a fetched article's Document until it is
  stored. A watch killed at any point and started again fetches nothing twice and loses nothing.
- A failing source (HTTP error, timeout, not a feed or sitemap) is reported and not asked again
  before backoff x 2^(failures in a row - 1) seconds, at most max_backoff; the others go on.
- An article that cannot be fetched for a passing reason (timeout, 5xx) is tried again in the
  next rounds, `retries` times in all; one robots.txt forbids is skipped for good, and reported.
"""
from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from ..ledger.changes import changes, describe, snapshot
from ..model import Failure
from ..storage import watch_state as state
from ..storage.rows import utc_now
from ..storage.store import Store
from .documents import Options
from .fetch import Disallowed, Fetcher, FetchError
from .formats import HTML_TYPES, read_page
from .ingest import ingest_items
from .listings import read_listing

COMMENT = re.compile(r"(^|\s)#.*")   # a comment; a URL's own #fragment stays
MAX_DEPTH = 2  # a sitemap index may list sitemaps; deeper nesting is not followed


@dataclass
class Settings:
    delay: float = 1.0           # seconds between two requests to one host
    timeout: float = 20.0        # seconds a request may take in all
    backoff: float = 60.0        # a failing source waits this long after its first failure, doubling
    max_backoff: float = 6 * 3600.0
    retries: int = 3             # fetches of an article before a passing failure is final
    processes: int = 1           # extraction processes
    max_bytes: int = 10_000_000  # the largest feed, sitemap or page read


@dataclass
class RoundReport:
    """What one round did."""

    round: int
    started: str
    sources: list[dict[str, Any]] = field(default_factory=list)   # one per feed or sitemap asked
    articles: list[dict[str, Any]] = field(default_factory=list)  # {"url", "outcome", "reason"}
    changes: list[dict[str, Any]] = field(default_factory=list)   # `ledger.changes.changes`
    ingest: str | None = None                                      # the ingest's summary line

    def read_any(self) -> bool:
        """Whether any source answered (200 or 304)."""
        return any(s["status"] in ("read", "not_modified") for s in self.sources)

    def summary(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for group, items in (("source", self.sources), ("article", self.articles)):
            for item in items:
                key = f"{group}s_{item['status' if group == 'source' else 'outcome']}"
                counts[key] = counts.get(key, 0) + 1
        return {"round": self.round, "started": self.started, **dict(sorted(counts.items())),
                "changes": len(self.changes)}


def expand_sources(given: Sequence[str]) -> list[str]:
    """The feed and sitemap URLs named: each argument is an http(s) URL or a file listing them,
    one a line (blank lines and # comments skipped). Raises ValueError naming a bad entry."""
    out: list[str] = []
    for arg in given:
        if _is_url(arg):
            out.append(arg)
            continue
        path = Path(arg)
        if not path.is_file():
            raise ValueError(f"{arg}: neither an http(s) URL nor a file listing feed or sitemap URLs")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = COMMENT.sub("", line).strip()
            if not line:
                continue
            if not _is_url(line):
                raise ValueError(f"{arg}:{n}: {line!r} is not an http(s) URL")
            out.append(line)
    return list(dict.fromkeys(out))


def _is_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _aware(value: datetime | None) -> datetime | None:
    """A stored time as UTC (SQLite gives them back without a zone)."""
    return value.replace(tzinfo=timezone.utc) if value is not None and value.tzinfo is None else value


class Watcher:
    """Rounds over a fixed list of feed and sitemap URLs, writing into `store`.

    now: the clock for state and back-off (replaceable for tests).
    """

    def __init__(self, sources: Sequence[str], store: Store, settings: Settings | None = None, *,
                 now: Callable[[], datetime] = utc_now):
        self.sources, self.store = list(sources), store
        self.settings = settings or Settings()
        s = self.settings
        self.now = now
        self.fetcher = Fetcher(delay=s.delay, timeout=s.timeout, max_bytes=s.max_bytes)

    def close(self) -> None:
        self.fetcher.close()

    def round(self) -> RoundReport:
        """Read every source due, fetch the new articles, ingest and link them; what changed."""
        started = self.now()
        report = RoundReport(state.start_round(self.store, started), started.isoformat())
        self.fetcher.new_round()
        for url in self.sources:
            self._read_source(state.source(self.store, url), report, 0)
        self._fetch_articles(report)
        self._ingest(report)
        state.finish_round(self.store, report.round, self.now(), report.summary())
        return report

    def _read_source(self, row: dict[str, Any], report: RoundReport, depth: int,
                     listed_lastmod: str | None = None) -> None:
        now, url = self.now(), row["url"]
        retry_at = _aware(row["retry_at"])
        if retry_at and retry_at > now:
            report.sources.append({"url": url, "status": "backoff", "error": row["last_error"],
                                   "errors": row["errors"], "retry_at": retry_at.isoformat()})
            return
        if listed_lastmod and listed_lastmod == row["lastmod"] and row["last_read"]:
            report.sources.append({"url": url, "status": "not_modified", "kind": row["kind"], "new": 0})
            return   # its index says it has not changed since it was read
        try:
            answer = self.fetcher.get(url, etag=row["etag"], last_modified=row["last_modified"])
            listing = read_listing(answer.body, answer.url) if answer.status == 200 else None
        except (FetchError, ValueError) as e:
            error = str(e) if isinstance(e, FetchError) else f"{url}: {e}"
            retry = state.record_error(self.store, row["id"], error, now=now, backoff=self.settings.backoff,
                                       cap=self.settings.max_backoff, status=getattr(e, "status", None))
            report.sources.append({"url": url, "status": "error", "error": error, "errors": row["errors"] + 1,
                                   "retry_at": retry.isoformat()})
            return
        if listing is None:   # 304: nothing new in it; an index's sitemaps are asked all the same
            state.record_read(self.store, row["id"], status=304, now=now, lastmod=listed_lastmod)
            report.sources.append({"url": url, "status": "not_modified", "kind": row["kind"], "new": 0})
            if row["kind"] == "sitemapindex" and depth < MAX_DEPTH:
                for child in state.children(self.store, row["id"]):
                    self._read_source(child, report, depth + 1)
            return
        new = state.add_urls(self.store, row["id"], listing.articles, now)
        state.record_read(self.store, row["id"], status=200, now=now, kind=listing.kind, etag=answer.etag,
                          last_modified=answer.last_modified, lastmod=listed_lastmod)
        report.sources.append({"url": url, "status": "read", "kind": listing.kind,
                               "listed": len(listing.articles or listing.sitemaps), "new": len(new)})
        if listing.kind == "sitemapindex" and depth < MAX_DEPTH:
            for child in state.set_children(self.store, row["id"], listing.sitemaps):
                self._read_source(child, report, depth + 1, child["listed_lastmod"])

    def _fetch_articles(self, report: RoundReport) -> None:
        opts = Options(max_bytes=self.settings.max_bytes)
        for row in state.waiting(self.store, "pending"):
            url, now = row["url"], self.now()
            try:
                answer = self.fetcher.get(url)
            except Disallowed as e:
                self._settle(report, url, "disallowed", str(e))
                continue
            except FetchError as e:
                if e.transient and row["attempts"] + 1 < self.settings.retries:
                    state.mark(self.store, url, "pending", now=now, detail=str(e), failed_attempt=True)
                    report.articles.append({"url": url, "outcome": "retry", "reason": str(e)})
                else:
                    self._settle(report, url, "failed", str(e), failed_attempt=True)
                continue
            kind = answer.content_type.split(";")[0].strip().lower()
            if kind and not kind.startswith(HTML_TYPES):
                self._settle(report, url, "failed", f"{url}: not an HTML page ({kind})")
                continue
            item = read_page(answer.body, url, opts)
            if isinstance(item, Failure):
                self._settle(report, url, "failed", f"{url}: {item.reason}")
                continue
            state.mark(self.store, url, "fetched", now=now, document=item)

    def _settle(self, report: RoundReport, url: str, outcome: str, reason: str | None = None,
                failed_attempt: bool = False) -> None:
        state.mark(self.store, url, outcome, now=self.now(), detail=reason, failed_attempt=failed_attempt)
        report.articles.append({"url": url, "outcome": outcome, "reason": reason})

    def _ingest(self, report: RoundReport) -> None:
        """Store and link the fetched articles (this round's and any a stopped round left)."""
        rows = state.waiting(self.store, "fetched")
        if not rows and not self.store.unlinked_documents():   # else a stopped round left links to make
            return
        todo = []
        stored: dict[int | None, int] = {}   # articles stored per source, counted once each
        for row in rows:   # stored by a round stopped before it could say so (and count them)
            if self.store.has_document(row["document"]):
                state.mark(self.store, row["url"], "stored", now=self.now())
                stored[row["source_id"]] = stored.get(row["source_id"], 0) + 1
            else:
                todo.append(row)
        failed: dict[str, str] = {}
        before = snapshot(self.store)
        result = ingest_items([r["document"] for r in todo], self.store, inputs=[f"watch round {report.round}"],
                              processes=self.settings.processes,
                              on_failure=lambda f: failed.__setitem__(f.source, f.reason))
        report.changes = changes(before, snapshot(self.store))
        report.ingest = result.summary()
        for row in todo:
            url = row["url"]
            if url not in failed and self.store.has_document(row["document"]):
                self._settle(report, url, "stored")
                stored[row["source_id"]] = stored.get(row["source_id"], 0) + 1
            else:
                self._settle(report, url, "failed", f"{url}: {failed.get(url, 'not stored')}")
        for source_id, n in stored.items():
            state.count_articles(self.store, source_id, n)


def watch(sources: Sequence[str], store: Store, settings: Settings | None = None, *, every: float = 900.0,
          once: bool = False, log: str | None = None, notify: str | None = None, out: TextIO = sys.stdout,
          err: TextIO = sys.stderr, rounds: int | None = None, sleep: Callable[[float], None] = time.sleep,
          now: Callable[[], datetime] = utc_now) -> int:
    """Run rounds every `every` seconds (one with `once`; `rounds` of them when given), reporting each
    (`publish`). Returns the exit status: 0, or with `once`, 1 when no source could be read at all.
    sleep, now: the waiting between rounds and the clock of the state, replaceable for tests."""
    watcher = Watcher(sources, store, settings, now=now)
    done = 0
    try:
        while True:
            started = time.monotonic()
            report = watcher.round()
            publish(report, out=out, err=err, log=log, notify=notify, timeout=watcher.settings.timeout)
            done += 1
            if once:
                return 0 if report.read_any() else 1
            if rounds is not None and done >= rounds:
                return 0
            sleep(max(0.0, started + every - time.monotonic()))
    finally:
        watcher.close()


def publish(report: RoundReport, *, out: TextIO, err: TextIO, log: str | None = None,
            notify: str | None = None, timeout: float = 20.0) -> None:
    """Report a round: a line per change on `out`; failing sources, skipped articles and a summary
    on `err`; a JSON object per event appended to the file `log`; the changes POSTed as JSON to
    `notify` when there are any (a failing webhook is reported, never fatal)."""
    at = datetime.now(timezone.utc).isoformat()
    records: list[dict[str, Any]] = []
    for s in report.sources:
        records.append({"event": "source", **s})
        if s["status"] in ("error", "backoff"):
            detail = "backing off" if s["status"] == "backoff" else "failed"
            print(f"counterclaim: watch: {detail} ({s['errors']} in a row, next try after {s['retry_at']}): "
                  f"{s['error'] or s['url']}", file=err)
    for a in report.articles:
        records.append({"event": "article", **a})
        if a["outcome"] not in ("stored", "unchanged"):
            print(f"counterclaim: watch: {a['outcome']}: {a['reason'] or a['url']}", file=err)
    for change in report.changes:
        records.append({"event": "change", **change})
        print(describe(change), file=out)
    out.flush()
    if notify and report.changes:
        payload = {"round": report.round, "started": report.started, "changes": report.changes,
                   "sources": report.sources}
        records.append({"event": "notify", "url": notify, **_post(notify, payload, timeout)})
        if records[-1]["error"]:
            print(f"counterclaim: watch: webhook {notify} failed: {records[-1]['error']}", file=err)
    summary = report.summary()
    records.append({"event": "round", **summary, "ingest": report.ingest})
    print(f"counterclaim: watch round {report.round}: " + ", ".join(
        f"{k.replace('_', ' ')} {v}" for k, v in summary.items() if k not in ("round", "started")), file=err)
    if log:
        with open(log, "a", encoding="utf-8") as f:
            for record in records:
                f.write(json.dumps({"at": at, "round": report.round, **record}, ensure_ascii=False, default=str) + "\n")


def _post(url: str, payload: dict[str, Any], timeout: float) -> dict[str, Any]:
    """POST `payload` as JSON; {"status", "error"} (error None when the webhook answered 2xx)."""
    import httpx

    try:
        response = httpx.post(url, json=payload, timeout=timeout)
    except httpx.HTTPError as e:
        return {"status": None, "error": f"{type(e).__name__}: {e}"}
    ok = 200 <= response.status_code < 300
    return {"status": response.status_code, "error": None if ok else f"HTTP {response.status_code}"}
