"""Stance: the packaged model, obvious conflict pairs, the FNC arithmetic, and the real test sets."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from counterclaim.cli import main
from counterclaim.evaluation.stance import fnc_score, format_report, score_emergent, score_fnc
from counterclaim.ledger.stance import LABELS, MODEL_DIR, Stance, decide, load, predict

STANCE_DATA = Path(__file__).resolve().parents[2].parent / "shared/data/stance"
# Figures of the packaged model (scripts/train_stance.py); the tests allow one point less.
FNC_PERCENT = 83.09
EMERGENT_PERCENT = 75.00

CLAIM_KHARKIV = "Russian forces shelled Kharkiv overnight"
CLAIM_RAFAH = "An Israeli air strike killed 12 people in Rafah"
CLAIM_KIDAL = "Rebels seized the town of Kidal"


def test_packaged_model_loads_offline_without_pickle():
    names = {p.name for p in MODEL_DIR.iterdir()}
    assert {"meta.json", "vocab.json", "heads.npz"} <= names
    assert sum(p.stat().st_size for p in MODEL_DIR.iterdir()) < 3_000_000
    model = Stance.load()
    assert set(model.heads) == {"relevance", "document", "short"}
    assert load() is load()


def test_missing_model_names_the_folder_and_the_fix(tmp_path: Path):
    with pytest.raises(FileNotFoundError, match="train_stance.py"):
        Stance.load(tmp_path)


@pytest.mark.parametrize("text", [
    "Russian artillery shelled Kharkiv overnight, killing three civilians.",
    "Rebels have taken control of Kidal after the army withdrew.",
])
def test_short_agreement(text):
    claim = CLAIM_KHARKIV if "Kharkiv" in text else CLAIM_KIDAL
    label, scores = predict(claim, text)
    assert label == "agree", scores


@pytest.mark.parametrize("claim, text", [
    (CLAIM_KHARKIV, "Russia denied shelling Kharkiv, calling the reports false."),
    (CLAIM_RAFAH, "The Israeli military denied carrying out any strike in Rafah."),
    (CLAIM_KIDAL, "Mali's army says it has not lost Kidal and denies rebel reports of its capture."),
])
def test_short_denial_disagrees(claim, text):
    label, scores = predict(claim, text)
    assert label == "disagree", scores


def test_hedged_report_is_discussion():
    label, scores = predict(CLAIM_KIDAL, "Rebels reportedly seized Kidal, according to unconfirmed reports.")
    assert label == "discuss", scores


@pytest.mark.parametrize("claim, text", [
    (CLAIM_KHARKIV, "The central bank raised interest rates by half a point on Thursday."),
    (CLAIM_KIDAL, "The price of wheat rose sharply in Chicago."),
])
def test_unrelated_pairs(claim, text):
    label, scores = predict(claim, text)
    assert label == "unrelated", scores


def test_article_body_agreement_and_unrelated():
    body = ("Taliban fighters seized every district of Panjshir province on Monday, completing their takeover. "
            + "Images showed fighters raising their flag over the governor's compound in Bazarak. The group's "
            "spokesman said the province was fully under their control and that resistance forces had fled "
            "into the mountains. Residents said fighting had stopped and shops reopened. " * 2)
    model = load()
    assert model.head_for(len(body.split())) == "document"
    assert model.predict("The Taliban captured all districts of Panjshir province", body)[0] == "agree"
    assert model.predict("Apple will sell 19 million watches this year", body)[0] == "unrelated"


def test_batch_matches_single_and_probabilities_sum_to_one():
    pairs = [(CLAIM_KHARKIV, "Russia denied shelling Kharkiv."), (CLAIM_KIDAL, "Wheat prices rose."),
             (CLAIM_KHARKIV, "Russia denied shelling Kharkiv.")]
    model = load()
    batch = model.predict_batch(pairs)
    assert [model.predict(*p)[0] for p in pairs] == [lab for lab, _ in batch]
    probs = model.predict_proba(pairs)
    assert probs.shape == (3, 4)
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    assert model.predict_batch([]) == []
    assert set(batch[0][1]) == set(LABELS)


def test_decide_puts_relatedness_first():
    assert decide([0.2, 0.1, 0.25, 0.45]) == "discuss"  # related together outweigh unrelated
    assert decide([0.1, 0.1, 0.1, 0.7]) == "unrelated"


def test_fnc_score_matches_the_official_scorer():
    # fnc-1/scorer.py: +0.25 for the right related/unrelated split, +0.75 more for the right related label.
    gold = ["agree", "disagree", "discuss", "unrelated", "unrelated", "agree"]
    pred = ["agree", "discuss", "unrelated", "unrelated", "agree", "disagree"]
    score, best = fnc_score(gold, pred)
    assert score == pytest.approx(1.0 + 0.25 + 0 + 0.25 + 0 + 0.25)
    assert best == pytest.approx(4 * 1.0 + 2 * 0.25)
    result = score_fnc(gold, gold)
    assert result["fnc_percent"] == pytest.approx(100.0)
    assert result["confusion"][0] == [2, 0, 0, 0]


def test_report_lines():
    fnc = {"path": "x", "pairs_per_second": 1.0, **score_fnc(["agree", "unrelated"], ["agree", "discuss"])}
    emergent = {"path": "y", **score_emergent(["agree", "disagree"], ["agree", "agree"])}
    text = format_report({"fnc": fnc, "emergent": emergent})
    assert "FNC score: 80.00%" in text.splitlines()  # 1.0 of 1.25
    assert "Emergent accuracy: 50.00%" in text.splitlines()


def test_eval_stance_on_the_real_test_sets():
    if not STANCE_DATA.is_dir():
        pytest.skip(f"{STANCE_DATA} is absent")
    out = CliRunner().invoke(main, ["eval", "stance", "--fnc", str(STANCE_DATA / "fnc-1"),
                                    "--emergent", str(STANCE_DATA / "emergent")])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    fnc = float(next(line for line in lines if line.startswith("FNC score:")).split()[-1].rstrip("%"))
    emergent = float(next(line for line in lines if line.startswith("Emergent accuracy:")).split()[-1].rstrip("%"))
    assert fnc >= FNC_PERCENT - 1.0, out.output
    assert emergent >= EMERGENT_PERCENT - 1.0, out.output


def test_eval_stance_needs_a_folder():
    out = CliRunner().invoke(main, ["eval", "stance"])
    assert out.exit_code != 0
    assert "--fnc" in out.output
