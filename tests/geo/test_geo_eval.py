"""Geoparsing evaluation: the distance and AUC arithmetic, span matching, the CLI, and the floors on
GeoWebNews and TR-News (acc@161km >= 0.80; skipped when ../shared/data is absent)."""
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from counterclaim.evaluation.geo import MAX_ERROR_KM, auc, distance_km, evaluate_geo, match
from counterclaim.model import Place

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "geo"


def test_distance_km():
    assert distance_km(0, 0, 0, 0) == 0
    assert distance_km(34.53, 69.17, 35.33, 69.56) == pytest.approx(95, abs=3)  # Kabul to Panjshir
    assert distance_km(0, 0, 0, 180) == pytest.approx(MAX_ERROR_KM, rel=2e-3)


def test_auc_bounds():
    assert auc([0, 0, 0]) == 0
    assert auc([MAX_ERROR_KM] * 3) == pytest.approx(1.0, rel=1e-4)
    # sorted log errors, trapezoids, scaled by log(max error)
    expected = (math.log(1) + math.log(101)) / 2 / math.log(MAX_ERROR_KM)
    assert auc([100, 0]) == pytest.approx(expected)


def test_match_is_one_to_one_by_overlap():
    gold = [{"span": [0, 5]}, {"span": [10, 20]}]
    pred = [Place(text="x", span=(12, 15)), Place(text="y", span=(10, 20)), Place(text="z", span=(30, 35))]
    pairs = match(gold, pred)
    assert [(g["span"], p.text) for g, p in pairs] == [([10, 20], "y")]


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


SMALL = [{"id": "a", "text": "Protesters gathered in Mandalay on Sunday, and police fired on them in Yangon.",
          "toponyms": [{"span": [23, 31], "mention": "Mandalay", "name": "Mandalay", "lat": 21.97, "lon": 96.08},
                       {"span": [70, 76], "mention": "Yangon", "name": "Yangon", "lat": 16.81, "lon": 96.16}]},
         {"id": "b", "text": "The flood hit Paris, Texas, on Monday.",
          "toponyms": [{"span": [14, 19], "mention": "Paris", "name": "Paris", "lat": 33.66, "lon": -95.56},
                       {"span": [21, 26], "mention": "Texas", "name": "Texas", "lat": 31.25, "lon": -99.25}]}]


def test_evaluate_small_file(tmp_path):
    result = evaluate_geo(_write(tmp_path / "small.jsonl", SMALL))
    assert result["gold"] == 4 and result["matched"] == 4
    assert result["span_overlap"]["f1"] == 1.0
    assert result["acc161"] == 1.0 and result["mean_km"] < 161


def test_wrong_coordinates_score_badly(tmp_path):
    rows = json.loads(json.dumps(SMALL))
    for row in rows:
        for t in row["toponyms"]:
            t["lat"], t["lon"] = -t["lat"], t["lon"] + 180
    result = evaluate_geo(_write(tmp_path / "wrong.jsonl", rows))
    assert result["acc161"] == 0.0 and result["auc"] > 0.8


def test_malformed_file_names_the_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "text": "no toponyms"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.jsonl:1"):
        evaluate_geo(path)


def test_cli_eval_geo(tmp_path):
    path = _write(tmp_path / "small.jsonl", SMALL)
    out = subprocess.run([sys.executable, "-m", "counterclaim.cli", "eval", "geo", str(path), "--json"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["acc161"] == 1.0


@pytest.mark.parametrize("name", ["GeoWebNews.jsonl", "TR-News.jsonl"])
def test_floor_on_public_sets(name):
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{path} not present (evaluation data lives outside the repository)")
    result = evaluate_geo(path)
    assert result["acc161"] >= 0.80, result
    assert result["span_overlap"]["f1"] >= 0.75, result
    assert result["auc"] <= 0.30, result
