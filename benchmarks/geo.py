"""Cost of geoparsing: gazetteer load time, and extraction speed with and without place resolution.

Usage: python benchmarks/geo.py [N]   (N articles from ../shared/data PolNeAR, default 200)
Prints the time to open the gazetteer index (building it first if absent), then, in one extraction
run, the share of time spent recognising and resolving toponyms and the ratio of the extraction time
without resolution to the time with it (the issue's budget: resolution slows extraction by at most 10%).
Timing inside one run is used because two separate runs differ by more than resolution costs.
"""
from __future__ import annotations

import sys
import time

from counterclaim.geo import geoparse as geoparse_module
from counterclaim.extraction.extract import extract_many, make_document
from counterclaim.knowledge.gazetteer import Gazetteer, cache_path
from counterclaim.nlp import load

from throughput import DATA, articles  # the same real articles as the throughput benchmark

class _Timed(geoparse_module.Geoparser):
    """The geoparser, with the time it spends recognising and resolving added up."""

    spent = {"recognise": 0.0, "resolve": 0.0}

    def _recognise(self):
        t0 = time.perf_counter()
        try:
            return super()._recognise()
        finally:
            self.spent["recognise"] += time.perf_counter() - t0

    def _resolve(self) -> None:
        t0 = time.perf_counter()
        super()._resolve()
        self.spent["resolve"] += time.perf_counter() - t0


def main() -> None:
    built = cache_path().exists()
    t0 = time.perf_counter()
    gaz = Gazetteer()
    gaz.lookup("Kabul")
    print(f"gazetteer: {'opened' if built else 'built and opened'} in {time.perf_counter() - t0:.2f} s ({gaz.path})")
    if not DATA.is_dir():
        print(f"skipped throughput: {DATA} is absent")
        return
    texts = articles(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
    list(load().pipe(texts[:5]))  # warm up
    geoparse_module.Geoparser = _Timed
    t0 = time.perf_counter()
    places = sum(len(r.places) for r in extract_many(make_document(t) for t in texts))
    total = time.perf_counter() - t0
    rec, res = _Timed.spent["recognise"], _Timed.spent["resolve"]
    print(f"{len(texts)} articles, {places} place mentions, {len(texts) / total:.1f} articles/s extracted")
    print(f"geoparsing share of extraction time: recognition {rec / total:.1%}, resolution {res / total:.1%}")
    print(f"ratio extraction without/with resolution: {(total - res) / total:.3f} "
          f"(resolution slows extraction by {res / (total - res):.1%}; the budget is 10%)")


if __name__ == "__main__":
    main()
