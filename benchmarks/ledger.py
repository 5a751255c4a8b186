"""The ledger against hand-drawn gold on real multi-article wars (../shared/data/ledger/EVENT/).

Usage: python benchmarks/ledger.py [EVENT ...] [--processes N] [--keep DIR] [--json] [--detail]

For each event folder: its articles are ingested into a fresh SQLite database (extracted, stored
and linked exactly as `counterclaim ingest` does), exported as `counterclaim export --format jsonl`
does, and scored by ../shared/ledger/score.py (plus, on casualty figures, how many of the gold's
figures come out with their kind and number, and whose they are: see `figures`). Prints one table
of every event with the mean,
then (with --detail) score.py's own report of each event. --keep DIR leaves the databases and
exports there. The events' texts and gold are read from ../shared and never copied.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path
from statistics import mean
from typing import Any

from counterclaim.storage.export import export_claims
from counterclaim.corpus.ingest import ingest
from counterclaim.storage.store import open_store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EVENTS = SHARED / "data" / "ledger"
SCORER = SHARED / "ledger" / "score.py"
# (column, key in score.py's result, the floor or None)
COLUMNS = [("claim F1", "claim_f1", 0.80), ("claimant", "claimant_acc", 0.90), ("side", "side_acc", 0.85),
           ("labels/party", "labels", 2), ("polarity", "polarity_acc", None), ("family", "family_acc", 0.75),
           ("denials", "deny_recall", 0.75), ("grouping F1", "grouping_f1", None), ("status", "status_acc", None),
           ("disputes", "dispute_recall", None), ("link P", "link_p", None),
           ("figures", "figure_recall", None), ("art. figs", "article_figures", None), ("victims", "victims_acc", None)]
TOLLS = {"killed", "wounded", "captured", "missing", "displaced"}


def scorer() -> Any:
    spec = importlib.util.spec_from_file_location("ledger_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_event(event: Path, work: Path, processes: int) -> tuple[Path, float, list[str]]:
    """Ingest, link and export one event; returns the export's path, the seconds it took and the
    inputs that failed (with why)."""
    db, out = work / f"{event.name}.db", work / f"{event.name}.jsonl"
    db.unlink(missing_ok=True)
    failed: list[str] = []
    t0 = time.perf_counter()
    with open_store(db) as store:
        report = ingest([str(event / "articles")], store, processes=processes,
                        on_failure=lambda f: failed.append(f"{f.source}: {f.reason}"))  # links, as the CLI
        assert report.linked is not None or not report.stored
        export_claims(store, "jsonl", out)
    return out, time.perf_counter() - t0, failed


def figures(score: Any, event: Path, export: Path) -> dict[str, float | None]:
    """How the casualty figures of the gold come out (this benchmark's own measure, beside score.py's):
    figure_recall: gold figures (killed, wounded, captured, missing, displaced) of matched claims that
    the predicted claim states with the same kind and number; article_figures: articles stating such
    a figure in a gold claim for which some predicted claim of the article states it; victims_acc: on
    found figures with gold victims, the predicted victims (a side label, mapped to the gold party it
    most often stands for, as score.py maps sides) is that party."""
    _, texts, gold, _ = score.load_gold(event)
    pred = score.load_pred(export, set(texts))
    g2p, _ = score.match(gold, pred)

    def same(g: dict[str, Any], q: dict[str, Any]) -> bool:
        want = {g.get("min"), g.get("max")} - {None}
        have = {q.get("min"), q.get("max"), q.get("value")} - {None}
        return q.get("kind") == g["kind"] and bool(want & have)

    votes: dict[str, dict[str, int]] = {}
    for gi, pi in g2p.items():
        label = score.pred_side(pred[pi])
        votes.setdefault(label, {}).setdefault(gold[gi]["side"], 0)
        votes[label][gold[gi]["side"]] += 1
    side_map = {label: max(v, key=v.get) for label, v in votes.items()}
    side_map["civilians"] = "civilians"
    found = total = victims_ok = victims_n = 0
    articles: dict[str, bool] = {}
    for gi, g in enumerate(gold):
        for gq in g.get("quantities") or []:
            if gq.get("kind") not in TOLLS:
                continue
            qs = [q for p in pred if p["doc"] == g["doc"] for q in p["claim"].get("quantities") or []]
            articles[g["doc"]] = articles.get(g["doc"], False) or any(same(gq, q) for q in qs)
            if gi not in g2p:
                continue
            total += 1
            hit = next((q for q in pred[g2p[gi]]["claim"].get("quantities") or [] if same(gq, q)), None)
            found += hit is not None
            if hit is not None and gq.get("victims") not in (None, "unknown"):
                victims_n += 1
                victims_ok += side_map.get(hit.get("victims") or "", hit.get("victims")) == gq["victims"]
    return {"figure_recall": found / total if total else None,
            "article_figures": sum(articles.values()) / len(articles) if articles else None,
            "victims_acc": victims_ok / victims_n if victims_n else None}


def cell(key: str, res: dict[str, Any]) -> str:
    if key == "labels":
        counts = [len(v) for v in res["side_labels_per_party"].values()]
        return str(max(counts)) if counts else "n/a"
    value = res.get(key)
    return "n/a" if value is None else f"{value:.3f}"


def table(results: list[dict[str, Any]]) -> str:
    width = max(len(r["event"]) for r in results) + 2
    head = "event".ljust(width) + "".join(f"{c:>13}" for c, _, _ in COLUMNS)
    lines = [head, "-" * len(head)]
    for res in results:
        lines.append(res["event"].ljust(width) + "".join(f"{cell(k, res):>13}" for _, k, _ in COLUMNS))
    means = []
    for _, key, _ in COLUMNS:
        if key == "labels":
            means.append(f"{mean(max((len(v) for v in r['side_labels_per_party'].values()), default=0) for r in results):.1f}")
            continue
        values = [r[key] for r in results if r.get(key) is not None]
        means.append(f"{mean(values):.3f}" if values else "n/a")
    lines.append("mean".ljust(width) + "".join(f"{m:>13}" for m in means))
    floors = "".join(f"{('>= ' if k != 'labels' else '<= ') + str(f) if f is not None else '':>13}" for _, k, f in COLUMNS)
    lines.append("floor".ljust(width) + floors)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("events", nargs="*", help="event folder names (default: all)")
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="leave the databases and exports in this folder")
    parser.add_argument("--json", action="store_true", help="print score.py's results as JSON lines")
    parser.add_argument("--detail", action="store_true", help="print score.py's report of each event")
    args = parser.parse_args(argv)
    if not EVENTS.is_dir() or not SCORER.exists():
        print(f"skipped: {EVENTS} or {SCORER} is absent")
        return 0
    folders = [EVENTS / name for name in args.events] if args.events else \
        sorted(p for p in EVENTS.iterdir() if (p / "gold.json").exists())
    score = scorer()
    results = []
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for event in folders:
            export, seconds, failed = run_event(event, work, args.processes)
            for problem in failed:
                print(f"{event.name}: FAILED {problem}", file=sys.stderr)
            failures += len(failed)
            res = score.score(event, export)
            res.update(figures(score, event, export))
            res["seconds"] = round(seconds, 1)
            results.append(res)
            if args.json:
                print(json.dumps(res, default=list))
            if args.detail:
                print(score.report(res), file=sys.stderr if args.json else sys.stdout)
    print(table(results))
    print(f"({len(results)} events, {sum(r['articles'] for r in results)} articles, "
          f"{sum(r['seconds'] for r in results):.0f} s to ingest, link and export, {failures} failed)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
