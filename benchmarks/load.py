"""The REST API under load: 20 concurrent clients against a real uvicorn server over a 300-article store.

Usage: python benchmarks/load.py [--db URL] [--articles 300] [--clients 20] [--seconds 10] [--cache DIR]
                               [--route TEXT] [--json]

The store is built by ingesting articles (extracted, stored and linked as `counterclaim ingest`
does): the 67 articles of ../shared/data/ledger/*/articles, then the first articles of
../shared/data/events/case2021-dev.jsonl up to 300 (--articles: more, then ../shared/data/geo/).
They are read from ../shared, never copied; without ../shared the script says so and exits 0. The SQLite store is cached in --cache (default:
a folder in the system temp dir) and reused; --db postgresql://... builds the same store in that
database (its tables are replaced) and measures PostgreSQL instead.

The server is `counterclaim serve` in its own process (one uvicorn worker, as users run it), so the
clients do not share its interpreter. For each route, `--clients` threads (one httpx client, i.e.
one keep-alive connection, each) call it for `--seconds`; printed: requests per second, p50/p95/p99
latency in ms, the answer's size and errors (any non-2xx). The issue's targets: /api/propositions?limit=50 p95 under 300 ms, every route at
least 20 req/s.
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from ingest import empty_pg  # the same fresh PostgreSQL store as the ingest benchmark

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LEDGER = SHARED / "data" / "ledger"
EVENTS = SHARED / "data" / "events" / "case2021-dev.jsonl"
GEO = SHARED / "data" / "geo"
ARTICLES = 300
ROUTES = ["/api/propositions?limit=50", "/api/propositions?limit=50&sides=2", "/api/places", "/api/claims?limit=100",
          "/api/timeline", "/api/stats", "/api/claims/{claim}", "/api/places/{place}"]
TARGET_P95_MS = {"/api/propositions?limit=50": 300}
TARGET_RPS = 20


def articles(n: int = ARTICLES) -> list:
    """`n` Documents: every ledger article, then CASE 2021 event reports, then (past 570) the
    GeoWebNews and TR-News articles, at most 888 in all."""
    from counterclaim.corpus.readers import read_inputs
    from counterclaim.model import Failure

    folders = sorted(str(p) for p in LEDGER.glob("*/articles"))
    more = [str(EVENTS), *sorted(str(p) for p in GEO.glob("*.jsonl"))]
    docs = (d for d in read_inputs([*folders, *more]) if not isinstance(d, Failure))
    return list(itertools.islice(docs, n))


def build(db: str, n: int = ARTICLES) -> None:
    from counterclaim.corpus.ingest import ingest_items
    from counterclaim.storage.store import open_store

    docs = articles(n)
    with open_store(db) as store:
        if store.stats()["documents"] >= len(docs):
            return
        started = time.perf_counter()
        ingest_items(docs, store, inputs=["benchmarks/load.py"], processes=4)  # stores and links
        print(f"built the store: {len(docs)} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def hammer(base: str, path: str, clients: int, seconds: float) -> dict:
    import httpx

    times: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client() -> None:
        mine, bad = [], 0
        with httpx.Client(base_url=base, timeout=60) as http:
            while time.perf_counter() < stop:
                t = time.perf_counter()
                r = http.get(path)
                mine.append(time.perf_counter() - t)
                bad += not r.is_success
        with lock:
            times.extend(mine)
            errors[0] += bad

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    q = statistics.quantiles(times, n=100) if len(times) > 1 else times * 99
    return {"route": path, "requests": len(times), "rps": len(times) / elapsed, "p50_ms": q[49] * 1000,
            "p95_ms": q[94] * 1000, "p99_ms": q[98] * 1000, "errors": errors[0]}


@contextmanager
def serve(db: str):
    """The base URL of `counterclaim serve --db db` on a free loopback port; stopped after."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "COUNTERCLAIM_TOKEN": "load-benchmark-token"}
    proc = subprocess.Popen([sys.executable, "-m", "counterclaim.cli", "serve", "--db", db, "--port", str(port)],
                            env=env, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        import httpx

        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/api/config")
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    raise RuntimeError("counterclaim serve did not start") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(20)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="a PostgreSQL URL to build and measure (default: a cached SQLite store)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--articles", type=int, default=ARTICLES, help="articles in the store (at most 888)")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "counterclaim-load"))
    parser.add_argument("--route", action="append", help="measure only the routes containing this (repeatable)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON lines")
    args = parser.parse_args(argv)
    if not LEDGER.is_dir() or not EVENTS.exists():
        print(f"skipped: {SHARED} (the ledger articles and CASE 2021 events) is not beside the repository")
        return 0
    if args.db:
        empty_pg(args.db)
        db = args.db
    else:
        Path(args.cache).mkdir(parents=True, exist_ok=True)
        db = str(Path(args.cache) / f"load-{args.articles}.db")
    build(db, args.articles)
    import httpx

    rows = []
    with serve(db) as base:
        stats = httpx.get(base + "/api/stats").json()
        claim = httpx.get(base + "/api/claims?limit=1").json()["items"][0]["id"]
        place = httpx.get(base + "/api/places").json()[0]["id"]
        backend = "postgresql" if args.db else "sqlite"
        print(f"{backend}: {stats['documents']} articles, {stats['claims']} claims, "
              f"{args.clients} clients, {args.seconds:g} s a route")
        for route in ROUTES:
            if args.route and not any(part in route for part in args.route):
                continue
            path = route.format(claim=claim, place=place)
            r = httpx.get(base + path)
            row = hammer(base, path, args.clients, args.seconds)
            row.update(route=route, bytes=len(r.content), backend=backend)
            rows.append(row)
            if args.json:
                print(json.dumps(row))
            else:
                print(f"{route:40} {row['rps']:8.1f} req/s  p50 {row['p50_ms']:7.1f}  p95 {row['p95_ms']:7.1f}  "
                      f"p99 {row['p99_ms']:7.1f} ms  {row['bytes']:>9,} B  errors {row['errors']}", flush=True)
    missed = [f"{r['route']}: {r['rps']:.1f} req/s" for r in rows if r["rps"] < TARGET_RPS]
    missed += [f"{r['route']}: p95 {r['p95_ms']:.0f} ms" for r in rows
               if r["route"] in TARGET_P95_MS and r["p95_ms"] > TARGET_P95_MS[r["route"]]]
    print("targets met" if not missed else "targets missed: " + "; ".join(missed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
