"""benchmarks/ledger.py on one real event of ../shared (a run, not a figure: floors are for the
benchmark to report, not for tests to assert), and its clean skip without ../shared."""
from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_benchmark():
    spec = importlib.util.spec_from_file_location("ledger_benchmark", ROOT / "benchmarks" / "ledger.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_scores_an_event_and_prints_one_table(shared, tmp_path):
    event = next(p.name for p in sorted((shared / "data" / "ledger").iterdir()) if (p / "gold.json").exists())
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "ledger.py"), event, "--keep", str(tmp_path)],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr
    row = next(line for line in out.stdout.splitlines() if line.startswith(event))
    figures = [float(x) for x in re.findall(r"\b\d\.\d{3}\b", row)]
    assert len(figures) >= 10 and all(0.0 <= f <= 1.0 for f in figures)
    assert figures[0] > 0.5, "claims are found"   # claim F1: the pipeline ran on the articles
    assert re.search(r"(?<!\d)0 failed", out.stdout), "every article was read"
    export = (tmp_path / f"{event}.jsonl").read_text(encoding="utf-8").splitlines()
    assert export and all('"propositions"' in line for line in export)


def test_benchmark_skips_cleanly_without_the_events(tmp_path, capsys, monkeypatch):
    bench = load_benchmark()
    monkeypatch.setattr(bench, "EVENTS", tmp_path / "absent")
    assert bench.main([]) == 0
    assert "skipped" in capsys.readouterr().out
