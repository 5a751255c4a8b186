"""Stance prediction throughput: pairs per second on real pairs, one process, CPU.

Usage: python benchmarks/stance.py [N]   (N pairs of each kind, default 5000)
- short: claim vs. another short text (Emergent claim vs. article headline, as the linker calls it);
- document, cold: headline vs. article body, every body featurised afresh (a new batch per pair);
- document, batched: the same pairs in one batch, so a body shared by several headlines is read once.
Reads ../shared/data/stance; prints `skipped` when it is absent.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from counterclaim.evaluation.stance import read_emergent, read_fnc
from counterclaim.ledger.stance import load

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "stance"


def rate(label: str, n: int, seconds: float) -> None:
    print(f"{label:20} {n:6d} pairs  {seconds:6.2f}s  {n / seconds:8.0f} pairs/s")


def main() -> None:
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    model = load()
    train, test = read_emergent(DATA / "emergent")
    short = [(r["claim"], r["headline"]) for r in train + test]
    short = (short * (n // len(short) + 1))[:n]
    docs = [(p["headline"], p["body"]) for p in read_fnc(DATA / "fnc-1", "competition_test")][:n]
    model.predict_batch(short[:50])  # warm up
    t0 = time.perf_counter()
    for pair in short:
        model.predict_batch([pair])
    rate("short, one by one", len(short), time.perf_counter() - t0)
    t0 = time.perf_counter()
    model.predict_batch(short)
    rate("short, batched", len(short), time.perf_counter() - t0)
    t0 = time.perf_counter()
    for pair in docs:
        model.predict_batch([pair], head="document")
    rate("document, cold", len(docs), time.perf_counter() - t0)
    t0 = time.perf_counter()
    model.predict_batch(docs, head="document")
    rate("document, batched", len(docs), time.perf_counter() - t0)


if __name__ == "__main__":
    main()
