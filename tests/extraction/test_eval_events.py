"""Event-type evaluation: the F1 arithmetic, the report, and the real CASE 2021 dev set."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from counterclaim.evaluation.events import (
    evaluate_events,
    format_report,
    main,
    per_label,
    weighted_f1,
)

CASE_DEV = Path(__file__).parents[2].parent / "shared/data/events/case2021-dev.jsonl"


def test_per_label_counts():
    gold = ["A", "A", "A", "B", "C"]
    pred = ["A", "A", "B", "B", "A"]
    table = per_label(gold, pred)
    assert table["A"] == pytest.approx({"precision": 2 / 3, "recall": 2 / 3, "f1": 2 / 3, "support": 3})
    assert table["B"] == pytest.approx({"precision": 0.5, "recall": 1.0, "f1": 2 / 3, "support": 1})
    assert table["C"] == pytest.approx({"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 1})


def test_weighted_f1_weights_by_gold_support():
    gold = ["A", "A", "A", "B", "C"]
    pred = ["A", "A", "B", "B", "A"]
    assert weighted_f1(gold, pred) == pytest.approx((3 * 2 / 3 + 1 * 2 / 3 + 0) / 5)
    assert weighted_f1(["X", "Y"], ["X", "Y"]) == 1.0
    assert weighted_f1([], []) == 0.0


def _write(path: Path, rows: list[tuple[str, str]]) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for n, (text, label) in enumerate(rows):
            fh.write(json.dumps({"id": str(n), "text": text, "label": label}) + "\n")
    return path


SMALL = [
    ("Two suicide bombers killed 14 people at a market in Maiduguri on Sunday, the army said.", "SUIC_BOMB"),
    ("Police fired tear gas to disperse hundreds of protesters outside parliament in Tbilisi.",
     "PROTEST_WITH_INTER"),
    ("The Russian foreign ministry expelled two Polish diplomats on Friday.", "DIPLO"),
    ("A roadside bomb killed three soldiers in Kunar province.", "REM_EXPLOS"),
    ("Heavy rain triggered floods across Kerala, forcing 20,000 people from their homes.", "NATURAL_DISASTER"),
]


def test_evaluate_small_file(tmp_path):
    result = evaluate_events(_write(tmp_path / "small.jsonl", SMALL))
    assert result["n"] == 5 and result["n_acled"] == 3
    assert result["accuracy"] == 1.0
    assert result["weighted_f1_acled"] == 1.0 and result["weighted_f1_all"] == 1.0
    assert result["confusions"] == []
    assert {item["predicted"] for item in result["items"]} == {label for _, label in SMALL}


def test_errors_are_listed_as_confusions(tmp_path):
    rows = SMALL + [("Troops shelled the outskirts of Donetsk.", "AIR_STRIKE")]
    result = evaluate_events(_write(tmp_path / "wrong.jsonl", rows))
    assert result["confusions"] == [["AIR_STRIKE", "ART_MISS_ATTACK", 1]]
    assert result["labels"]["AIR_STRIKE"]["recall"] == 0.0
    report = format_report(result)
    assert "AIR_STRIKE -> ART_MISS_ATTACK" in report
    assert "weighted F1, 25 ACLED labels" in report


def test_main_prints_report(tmp_path, capsys):
    path = _write(tmp_path / "small.jsonl", SMALL)
    assert main([str(path)]) == 0
    out = capsys.readouterr().out
    assert "weighted F1, all labels      : 100.0" in out
    assert main([str(tmp_path / "missing.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_bad_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "1", "text": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        evaluate_events(path)


@pytest.mark.slow
def test_case2021_dev_weighted_f1():
    if not CASE_DEV.exists():
        pytest.skip(f"{CASE_DEV} not present (evaluation data lives outside the repository)")
    result = evaluate_events(CASE_DEV)
    assert result["n"] == 503
    assert result["weighted_f1_acled"] >= 0.70, format_report(result)
    assert result["weighted_f1_all"] >= 0.70, format_report(result)
