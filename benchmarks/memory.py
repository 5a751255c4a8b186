"""Peak memory against article length: one article of 0.25 to 2 MB extracted in a fresh process.

Usage: python benchmarks/memory.py [--sizes 0.25,0.5,1,2] [--whole-up-to 0.5]

The articles are real war reporting (../shared/data/ledger/*/articles, read there, never copied)
joined until each size is reached. Each is extracted by `counterclaim.extract` in a process of its
own; the figure is that process's peak resident memory (ru_maxrss), next to the peak of the same
process extracting one ordinary article (the pipeline and knowledge bases loaded: the baseline).
"windowed" is the default (long texts analysed in windows of $COUNTERCLAIM_WINDOW_CHARS, 100,000
characters); "whole" parses the article in one piece, as before windows, for sizes up to
--whole-up-to MB (it grows about 3 GB per MB).
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEDGER = ROOT.parent / "shared" / "data" / "ledger"
CHILD = """
import json, resource, sys, time
import counterclaim
text = open(sys.argv[1], encoding="utf-8").read()
t0 = time.perf_counter()
result = counterclaim.extract(text, published="2023-01-12")
print(json.dumps({"seconds": time.perf_counter() - t0, "claims": len(result.claims),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def corpus_text() -> str:
    texts = [p.read_text(encoding="utf-8") for p in sorted(LEDGER.glob("*/articles/*.txt"))]
    return "\n\n".join(t.strip() for t in texts)


def article(size_mb: float, source: str, folder: Path) -> Path:
    need = int(size_mb * 1_000_000)
    text = source
    while len(text.encode("utf-8")) < need:
        text += "\n\n" + source
    text = text.encode("utf-8")[:need].decode("utf-8", "ignore")
    path = folder / f"article-{size_mb}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def measure(path: Path, window: int | None = None) -> dict:
    env = dict(os.environ)
    if window:
        env["COUNTERCLAIM_WINDOW_CHARS"] = str(window)
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        return {"error": (out.stderr.strip().splitlines() or [f"exit {out.returncode}"])[-1]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.25,0.5,1,2", help="article sizes in MB")
    parser.add_argument("--whole-up-to", type=float, default=0.5, help="largest size also parsed whole (MB)")
    args = parser.parse_args()
    if not LEDGER.is_dir():
        print(f"skipped: {LEDGER} is absent")
        return
    source = corpus_text()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base_article = sorted(LEDGER.glob("*/articles/*.txt"))[0]
        base = measure(base_article)
        print(f"baseline: one ordinary article ({base_article.stat().st_size / 1000:.0f} kB): "
              f"peak {base['peak_mb']:.0f} MB, {base['seconds']:.1f} s")
        print(f"{'size':>7} {'mode':>9} {'peak MB':>9} {'x base':>7} {'seconds':>8} {'claims':>7}")
        for size in (float(s) for s in args.sizes.split(",")):
            path = article(size, source, folder)
            modes = [("windowed", None)] + ([("whole", 10**9)] if size <= args.whole_up_to else [])
            for mode, window in modes:
                m = measure(path, window)
                if "error" in m:
                    print(f"{size:>5} MB {mode:>9}  failed: {m['error']}")
                    continue
                print(f"{size:>5} MB {mode:>9} {m['peak_mb']:>9.0f} {m['peak_mb'] / base['peak_mb']:>7.2f} "
                      f"{m['seconds']:>8.1f} {m['claims']:>7}", flush=True)


if __name__ == "__main__":
    main()
