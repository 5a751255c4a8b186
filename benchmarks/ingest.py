"""Ingest throughput and memory on real articles: SQLite vs PostgreSQL, 1 vs 2 processes,
and the ingest overhead over bare extraction, measured in the same run.

Usage: python benchmarks/ingest.py [N] [--pg URL] [--processes 1,2]
  N       articles (default 2000), streamed from ../shared/data: PolNeAR (train, dev), GeoWebNews
          and FNC-1 bodies, read with counterclaim's own readers; never copied anywhere.
  --pg    a PostgreSQL database to use (emptied first!); default $COUNTERCLAIM_TEST_PG; without
          one the PostgreSQL rows are skipped.
Each configuration runs in a fresh process, so peak memory (ru_maxrss) is its own. "bare" is
`extract_parallel` with the results thrown away: the same reading and extraction, no store.
The memory check ingests N/4 and N articles; flat memory means the peaks match.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SOURCES = ["attribution/polnear-train.jsonl", "attribution/polnear-dev.jsonl", "geo/GeoWebNews.jsonl",
           "stance/fnc-1/train_bodies.csv"]


def corpus(n: int):
    from counterclaim.corpus.readers import read_inputs

    return islice((i for i in read_inputs([str(DATA / s) for s in SOURCES]) if not hasattr(i, "reason")), n)


def one(kind: str, processes: int, n: int, target: str | None) -> dict:
    """Run one configuration in this process; returns its figures."""
    from counterclaim.corpus.ingest import extract_parallel, ingest_items
    from counterclaim.nlp import load
    from counterclaim.storage.store import open_store

    load()  # the model load is not part of either timing
    chars = 0

    def counted():
        nonlocal chars
        for doc in corpus(n):
            chars += len(doc.text)
            yield doc

    start = time.perf_counter()
    store_seconds = 0.0
    if kind == "bare":
        docs = claims = 0
        for result in extract_parallel(counted(), processes=processes):
            docs += 1
            claims += len(getattr(result, "claims", []))
    else:
        with open_store(target) as store:
            report = ingest_items(counted(), store, processes=processes)
        docs, claims, store_seconds = report.read, report.claims, report.store_seconds
    seconds = time.perf_counter() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"kind": kind, "processes": processes, "docs": docs, "claims": claims, "chars": chars,
            "seconds": seconds, "store_seconds": store_seconds, "docs_per_s": docs / seconds, "peak_mb": own, "worker_peak_mb": workers}


def run(kind: str, processes: int, n: int, pg: str | None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        target = None
        if kind == "sqlite":
            target = str(Path(tmp) / "bench.db")
        elif kind == "postgresql":
            target = pg
            empty_pg(pg)
        out = subprocess.run([sys.executable, __file__, "--one", kind, str(processes), str(n), target or "-"],
                             capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def empty_pg(url: str) -> None:
    """Drop and recreate the public schema of a PostgreSQL database (a fresh store)."""
    from sqlalchemy import create_engine, text

    from counterclaim.storage.store import database_url

    engine = create_engine(database_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        kind, processes, n, target = argv[1], int(argv[2]), int(argv[3]), argv[4]
        print(json.dumps(one(kind, processes, n, None if target == "-" else target)))
        return
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        return
    n = int(argv[0]) if argv and argv[0].isdigit() else 2000
    pg = argv[argv.index("--pg") + 1] if "--pg" in argv else os.environ.get("COUNTERCLAIM_TEST_PG")
    counts = [int(p) for p in (argv[argv.index("--processes") + 1] if "--processes" in argv else "1,2").split(",")]
    kinds = ["bare", "sqlite"] + (["postgresql"] if pg else [])
    print(f"{n} articles from {', '.join(SOURCES)}; {os.cpu_count()} cores"
          + ("" if pg else "; PostgreSQL skipped (no --pg / COUNTERCLAIM_TEST_PG)"))
    print(f"{'configuration':26} {'docs':>5} {'claims':>7} {'s':>7} {'docs/s':>7} {'store s':>7} "
          f"{'peak MB':>8} {'worker MB':>9}")
    rows = {}
    for processes in counts:
        for kind in kinds:
            r = run(kind, processes, n, pg)
            rows[kind, processes] = r
            print(f"{kind + f', {processes} process(es)':26} {r['docs']:5d} {r['claims']:7d} {r['seconds']:7.1f} "
                  f"{r['docs_per_s']:7.2f} {r['store_seconds']:7.1f} {r['peak_mb']:8.0f} {r['worker_peak_mb']:9.0f}",
                  flush=True)
    for processes in counts:
        bare = rows["bare", processes]["seconds"]
        for kind in kinds[1:]:
            r = rows[kind, processes]
            print(f"ingest overhead over bare extraction, {kind}, {processes} process(es): "
                  f"{r['seconds'] / bare - 1:+.1%} end to end (target < 15%); time in the store "
                  f"{r['store_seconds'] / (r['seconds'] - r['store_seconds']):.1%} of the rest of that run")
    small = run("sqlite", 1, max(n // 4, 1), pg)
    large = rows.get(("sqlite", 1)) or run("sqlite", 1, n, pg)
    print(f"peak memory, sqlite, 1 process: {small['peak_mb']:.0f} MB for {small['docs']} articles, "
          f"{large['peak_mb']:.0f} MB for {large['docs']} ({large['peak_mb'] / small['peak_mb'] - 1:+.1%})")


if __name__ == "__main__":
    main(sys.argv[1:])
