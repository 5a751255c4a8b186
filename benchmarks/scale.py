"""Scale-out figures, each ratio measured in the same run: extraction vs bare spaCy (with a
profile), 1 process vs 2 processes vs a Dask LocalCluster(2), the writer's peak memory for a
small and a large corpus, and linking time for 1k/10k/50k claims.

Usage: python benchmarks/scale.py [--articles N] [--memory SMALL,LARGE] [--only PART,...]
  --articles  real articles for throughput and speed-up (default 120), streamed from
              ../shared/data as benchmarks/ingest.py reads them (PolNeAR, GeoWebNews, FNC-1)
  --memory    corpus sizes for the memory check (default 1000,10000): short distinct articles
              (a PolNeAR lead paragraph and a numbered line), ingested on LocalCluster(2)
  --only      throughput, profile, speedup, memory, linking (default: all)
Each ingest configuration runs in a fresh process into a fresh SQLite file, so its peak memory
(RSS sampled every 50 ms) is its own; with Dask that process is the client, the only writer, and the spaCy
model lives in the workers only. Nothing is copied out of ../shared.
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil  # installed with distributed

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
sys.path.insert(0, str(HERE))


def real_corpus(n: int):
    from ingest import corpus  # benchmarks/ingest.py: the same articles, read by our readers

    return corpus(n)


def short_corpus(n: int):
    """`n` distinct short articles: PolNeAR lead paragraphs, each with a numbered dateline."""
    from counterclaim.extraction.extract import make_document

    leads = []
    for name in ("polnear-dev.jsonl", "polnear-train.jsonl"):
        with open(DATA / "attribution" / name, encoding="utf-8") as fh:
            for line in fh:
                paras = [p for p in json.loads(line)["text"].split("\n") if len(p.strip()) > 80]
                if paras:
                    leads.append(paras[0][:400])
    for i in range(n):
        yield make_document(f"Report {i}\n\n{leads[i % len(leads)]}", id=f"short-{i}")


# ---- one configuration, in its own process ----------------------------------------------

def one(kind: str, n: int, corpus: str, db: str) -> dict:
    from counterclaim.corpus import cluster
    from counterclaim.corpus.ingest import ingest_items
    from counterclaim.storage.store import open_store

    docs = real_corpus(n) if corpus == "real" else short_corpus(n)
    startup = 0.0
    workers_mb: list[float] = []
    peak = _rss_sampler()
    with open_store(db) as store:
        if kind == "dask":
            t0 = time.perf_counter()
            with cluster.connect("local", workers=2) as client:
                startup = time.perf_counter() - t0
                t0, cpu0, own0 = time.perf_counter(), _cpu(), _cpu(own=True)
                report = cluster.ingest_items(docs, store, client)
                seconds, cpu, own = time.perf_counter() - t0, _cpu() - cpu0, _cpu(own=True) - own0
                workers_mb = sorted(rss / 2**20 for rss in client.run(_own_rss).values())
        else:
            from counterclaim.nlp import load

            load()  # the parent's model load is not timed; the pool's start-up is
            t0, cpu0, own0 = time.perf_counter(), _cpu(), _cpu(own=True)
            report = ingest_items(docs, store, processes=int(kind))
            seconds, cpu, own = time.perf_counter() - t0, _cpu() - cpu0, _cpu(own=True) - own0
    return {"kind": kind, "docs": report.read, "added": report.added, "failed": report.failed,
            "claims": report.claims, "seconds": seconds, "startup": startup, "cpu": cpu, "writer_cpu": own,
            "writer_peak_mb": peak(), "rss_end_mb": psutil.Process().memory_info().rss / 2**20,
            "workers_mb": workers_mb}


def _own_rss() -> int:
    """Run on each Dask worker: its resident memory in bytes."""
    return psutil.Process().memory_info().rss


def _cpu(own: bool = False) -> float:
    """CPU seconds of this process (`own`), or of it and all its descendants, live or finished."""
    me = psutil.Process()
    if own:
        return sum(me.cpu_times()[:2])
    total = sum(me.cpu_times()[:4])  # user, system, and finished children's
    for child in me.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += sum(child.cpu_times()[:2])
    return total


def _rss_sampler():
    """Samples this process's RSS every 50 ms; returns a function giving the peak in MB so far.
    (Not ru_maxrss: on Linux a child started from a large parent inherits its high-water mark.)"""
    import threading

    process, peak = psutil.Process(), [0]

    def sample() -> None:
        while True:
            peak[0] = max(peak[0], process.memory_info().rss)
            time.sleep(0.05)

    threading.Thread(target=sample, daemon=True).start()
    return lambda: max(peak[0], process.memory_info().rss) / 2**20


def run(kind: str, n: int, corpus: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, __file__, "--one", kind, str(n), corpus, str(Path(tmp) / "b.db")],
                             capture_output=True, text=True)
    if out.returncode:
        raise SystemExit(f"{kind} x {n} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


# ---- the parts ---------------------------------------------------------------------------

def throughput(n: int) -> None:
    print(f"## extraction vs bare spaCy ({n} PolNeAR articles): python benchmarks/throughput.py {n}", flush=True)
    subprocess.run([sys.executable, str(HERE / "throughput.py"), str(n)], check=True)


def profile(n: int) -> None:
    from throughput import articles

    from counterclaim.extraction.extract import analyse, extract_many, make_document
    from counterclaim.nlp import load

    texts = articles(n)
    nlp = load()
    list(extract_many(make_document(t) for t in texts[:3]))  # warm every lazy resource
    # Parse and analysis timed batch by batch in one loop, so a busy machine slows both alike.
    parse = rest = 0.0
    for i in range(0, len(texts), 16):
        t0 = time.perf_counter()
        docs = list(nlp.pipe(texts[i:i + 16], batch_size=16))
        t1 = time.perf_counter()
        for text, doc in zip(texts[i:i + 16], docs):
            analyse(make_document(text), doc)
        parse, rest = parse + t1 - t0, rest + time.perf_counter() - t1
    print(f"## parse vs analysis, interleaved, {len(texts)} articles: parse {parse:.1f} s, analysis "
          f"{rest:.1f} s; extraction runs at {parse / (parse + rest):.2f}x bare parsing speed")
    profiler = cProfile.Profile()
    t0 = time.perf_counter()
    profiler.enable()
    for _ in extract_many(make_document(t) for t in texts):
        pass
    profiler.disable()
    total = time.perf_counter() - t0
    stats = pstats.Stats(profiler)
    print(f"## profile of extract_many on {len(texts)} articles ({total:.1f} s under cProfile)")
    stages = {"spaCy parse (Language.pipe)": ("language.py", "pipe"),
              "claims (claims.build_claims)": ("claims.py", "build_claims"),
              "  attribution (attribution.find_attributions)": ("attributor.py", "find_attributions"),
              "main event (claimtypes.classify_document)": ("claimtypes.py", "classify_document"),
              "places (geoparse.geoparse, cached per doc)": ("geoparse.py", "geoparse")}
    for label, (file, func) in stages.items():
        cum = sum(v[3] for k, v in stats.stats.items() if k[0].endswith(file) and k[2] == func)
        print(f"  {label:48} {cum:7.2f} s cumulative  {cum / total:6.1%}")
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("tottime").print_stats(r"counterclaim", 12)
    body = buffer.getvalue()
    print("  top own-time functions in counterclaim:")
    print("\n".join("    " + line for line in body[body.find("ncalls"):].strip().splitlines()))


def speedup(n: int) -> None:
    print(f"## 1 process vs 2 processes vs LocalCluster(2), {n} real articles into SQLite "
          f"({os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f})", flush=True)
    rows = {}
    for kind in ("1", "2", "dask"):
        r = rows[kind] = run(kind, n, "real")
        label = {"1": "1 process", "2": "2 processes", "dask": "LocalCluster(2)"}[kind]
        extra = f" (+{r['startup']:.1f} s cluster start-up and model load)" if kind == "dask" else ""
        print(f"  {label:16} {r['docs']:5d} docs {r['claims']:6d} claims {r['seconds']:7.1f} s "
              f"{r['docs'] / r['seconds']:6.2f} docs/s {r['cpu']:6.1f} CPU s (writer process "
              f"{r['writer_cpu']:5.1f}){extra}", flush=True)
    base = rows["1"]["seconds"]
    print(f"  speed-up, 2 processes    : {base / rows['2']['seconds']:.2f}x (pool start-up included)")
    print(f"  speed-up, LocalCluster(2): {base / rows['dask']['seconds']:.2f}x without start-up, "
          f"{base / (rows['dask']['seconds'] + rows['dask']['startup']):.2f}x with it")
    print(f"  CPU seconds over 1 process: 2 processes {rows['2']['cpu'] / rows['1']['cpu']:.2f}x, "
          f"LocalCluster(2) {rows['dask']['cpu'] / rows['1']['cpu']:.2f}x (the cost of parallelism, "
          "independent of what else runs on the machine)")
    assert rows["1"]["claims"] == rows["2"]["claims"] == rows["dask"]["claims"], rows


def memory(small: int, large: int) -> None:
    print(f"## memory on LocalCluster(2), short articles: {small} vs {large}", flush=True)
    a, b = run("dask", small, "short"), run("dask", large, "short")
    for r in (a, b):
        print(f"  {r['docs']:6d} docs {r['claims']:6d} claims {r['seconds']:7.1f} s "
              f"{r['docs'] / r['seconds']:6.1f} docs/s  writer RSS peak {r['writer_peak_mb']:5.0f} MB, "
              f"at the end {r['rss_end_mb']:5.0f} MB; workers at the end "
              f"{', '.join(f'{mb:.0f}' for mb in r['workers_mb'])} MB", flush=True)
    print(f"  peak RSS ratio {large}/{small}: {b['writer_peak_mb'] / a['writer_peak_mb']:.2f} "
          f"({b['writer_peak_mb'] - a['writer_peak_mb']:+.0f} MB for {large / small:.0f}x the documents)")


def linking() -> None:
    print("## linking time: python benchmarks/linking.py", flush=True)
    subprocess.run([sys.executable, str(HERE / "linking.py")], check=True)


def main(argv: list[str]) -> None:
    if argv[:1] == ["--one"]:
        print(json.dumps(one(argv[1], int(argv[2]), argv[3], argv[4])))
        return
    if not DATA.is_dir():
        print(f"skipped: {DATA} is absent")
        return
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=120)
    parser.add_argument("--memory", default="1000,10000")
    parser.add_argument("--only", default="throughput,profile,speedup,memory,linking")
    args = parser.parse_args(argv)
    parts = args.only.split(",")
    started = time.perf_counter()
    if "throughput" in parts:
        throughput(args.articles)
    if "profile" in parts:
        profile(min(args.articles, 60))
    if "speedup" in parts:
        speedup(args.articles)
    if "memory" in parts:
        small, large = (int(x) for x in args.memory.split(","))
        memory(small, large)
    if "linking" in parts:
        linking()
    print(f"(all in {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
