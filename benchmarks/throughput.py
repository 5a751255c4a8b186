"""Extraction throughput on real articles, as a ratio to spaCy's bare `nlp.pipe` in the same run.

Usage: python benchmarks/throughput.py [N]   (N articles from ../shared/data PolNeAR, default 200)
Prints articles per second for the bare parse and for the full extraction, and their ratio.
"""
from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from counterclaim.extraction.extract import extract_many, make_document
from counterclaim.nlp import load

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "attribution"


def articles(n: int) -> list[str]:
    texts: list[str] = []
    for name in ("polnear-dev.jsonl", "polnear-train.jsonl"):
        with open(DATA / name, encoding="utf-8") as fh:
            for line in fh:
                texts.append(json.loads(line)["text"])
                if len(texts) == n:
                    return texts
    return texts


def main() -> None:
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    texts = articles(n)
    nlp = load()
    list(nlp.pipe(texts[:5]))  # warm up
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    claims = sum(len(r.claims) for r in extract_many(make_document(t) for t in texts))
    full = time.perf_counter() - t0
    chars = sum(len(t) for t in texts)
    print(f"{len(texts)} articles, {chars / len(texts):,.0f} characters on average, {claims} claims")
    print(f"bare spaCy nlp.pipe : {len(texts) / bare:6.1f} articles/s")
    print(f"counterclaim extract: {len(texts) / full:6.1f} articles/s")
    print(f"ratio extract/bare  : {bare / full:.2f} (extraction runs at this fraction of bare parsing speed)")


if __name__ == "__main__":
    main()
