"""Stance scoring on FNC-1 (competition test set) and Emergent (standard test claims).

FNC score, exactly as the official scorer (fnc-1/scorer.py): per pair, 0.25 when gold and
prediction are both `unrelated` or both related (any of agree/disagree/discuss), plus 0.75 when a
related gold label is predicted exactly; reported as a % of the score of a perfect prediction.
Because `unrelated` dominates and `discuss` is the commonest related label, the FNC score rewards
relatedness far more than telling agreement from disagreement; per-class F1 and the macro F1
(Hanselowski et al. 2018) are reported beside it.
Emergent: accuracy on the article headlines of the standard test claims (`test_claim_ids.txt`,
Ferreira and Vlachos 2016), gold for/against/observing read as agree/disagree/discuss; the
prediction is the most probable of those three, since Emergent has no unrelated pairs.
Each set is read with the head made for it (`document` for FNC's article bodies, even the short
ones; `short` for Emergent's headlines), as a caller who knows what it compares would.
"""
from __future__ import annotations

import csv
import json
import sys
import time
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from ..ledger.stance import LABELS, RELATED, Stance, load

EMERGENT_LABELS = {"for": "agree", "against": "disagree", "observing": "discuss"}
EMERGENT_FILE = "url-versions-2015-06-14-clean.csv"


def _read_csv(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    missing = [c for c in columns if rows and c not in rows[0]]
    if missing:
        raise ValueError(f"{path}: expected columns {', '.join(columns)}; missing {', '.join(missing)}")
    return rows


def read_fnc(folder: str | Path, split: str = "competition_test") -> list[dict[str, str]]:
    """FNC-1 pairs `{"headline", "body_id", "body", "label"}` of `split` (`competition_test` or `train`).

    `train` reads train_stances.reconstructed.csv (or train_stances.csv when that is what is there).
    """
    folder = Path(folder)
    if split == "train":
        stances = folder / "train_stances.reconstructed.csv"
        if not stances.exists():
            stances = folder / "train_stances.csv"
        bodies_path = folder / "train_bodies.csv"
    else:
        stances, bodies_path = folder / f"{split}_stances.csv", folder / f"{split}_bodies.csv"
    bodies = {r["Body ID"]: r["articleBody"] for r in _read_csv(bodies_path, ("Body ID", "articleBody"))}
    pairs = []
    for r in _read_csv(stances, ("Headline", "Body ID", "Stance")):
        if r["Body ID"] not in bodies:
            raise ValueError(f"{stances}: Body ID {r['Body ID']} is not in {bodies_path.name}")
        pairs.append({"headline": r["Headline"], "body_id": r["Body ID"], "body": bodies[r["Body ID"]],
                      "label": r["Stance"].strip().lower()})
    return pairs


def read_emergent(folder: str | Path) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """Emergent (train, test) pairs `{"claim", "headline", "claim_id", "label"}`, split by test claim."""
    folder = Path(folder)
    rows = _read_csv(folder / EMERGENT_FILE, ("claimHeadline", "articleHeadline", "articleHeadlineStance", "claimId"))
    ids_path = folder / "test_claim_ids.txt"
    if not ids_path.exists():
        raise FileNotFoundError(f"{ids_path}: no such file (the standard test claim ids, one a line)")
    test_ids = {line.strip() for line in ids_path.read_text(encoding="utf-8").splitlines() if line.strip()}
    train, test = [], []
    for r in rows:
        item = {"claim": r["claimHeadline"], "headline": r["articleHeadline"], "claim_id": r["claimId"],
                "label": EMERGENT_LABELS[r["articleHeadlineStance"].strip().lower()]}
        (test if r["claimId"] in test_ids else train).append(item)
    return train, test


def fnc_score(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float]:
    """The official FNC-1 score and the best possible score for `gold`."""
    score = best = 0.0
    for g, p in zip(gold, pred):
        if g == p:
            score += 0.25
            if g != "unrelated":
                score += 0.50
        if g in RELATED and p in RELATED:
            score += 0.25
        best += 0.25 if g == "unrelated" else 1.0
    return score, best


def per_class(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and gold support per label."""
    out = {}
    for lab in labels:
        tp = sum(g == lab and p == lab for g, p in zip(gold, pred))
        n_pred, n_gold = sum(p == lab for p in pred), sum(g == lab for g in gold)
        prec, rec = (tp / n_pred if n_pred else 0.0), (tp / n_gold if n_gold else 0.0)
        out[lab] = {"precision": prec, "recall": rec, "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
                    "support": n_gold}
    return out


def confusion(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> list[list[int]]:
    """Rows gold, columns predicted, in the order of `labels`."""
    counts = Counter(zip(gold, pred))
    return [[counts[(g, p)] for p in labels] for g in labels]


def score_fnc(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """FNC score (% of maximum), accuracy, per-class detail, macro F1 and confusion matrix."""
    score, best = fnc_score(gold, pred)
    classes = per_class(gold, pred, LABELS)
    related_gold = ["related" if g in RELATED else g for g in gold]
    related_pred = ["related" if p in RELATED else p for p in pred]
    return {
        "n": len(gold), "score": score, "max_score": best, "fnc_percent": 100 * score / best if best else 0.0,
        "accuracy": sum(g == p for g, p in zip(gold, pred)) / max(len(gold), 1),
        "related_accuracy": sum(g == p for g, p in zip(related_gold, related_pred)) / max(len(gold), 1),
        "macro_f1": sum(c["f1"] for c in classes.values()) / len(classes),
        "labels": classes, "confusion": confusion(gold, pred, LABELS),
    }


def score_emergent(gold: Sequence[str], pred: Sequence[str]) -> dict:
    """Accuracy, per-class detail, macro F1 and confusion matrix over agree/disagree/discuss."""
    classes = per_class(gold, pred, RELATED)
    return {
        "n": len(gold), "accuracy": sum(g == p for g, p in zip(gold, pred)) / max(len(gold), 1),
        "macro_f1": sum(c["f1"] for c in classes.values()) / len(classes),
        "labels": classes, "confusion": confusion(gold, pred, RELATED),
    }


def predict_related(model: Stance, pairs: Sequence[tuple[str, str]], head: str | None = None) -> list[str]:
    """The most probable of agree/disagree/discuss for each pair."""
    probs = model.predict_proba(pairs, head=head)[:, : len(RELATED)]
    return [RELATED[i] for i in probs.argmax(axis=1)]


def evaluate_stance(fnc: str | Path | None = None, emergent: str | Path | None = None,
                    model: Stance | None = None) -> dict:
    """Scores on FNC-1's competition test set and/or Emergent's test claims, with timings."""
    model = model or load()
    result: dict = {}
    if fnc is not None:
        pairs = read_fnc(fnc, "competition_test")
        t0 = time.perf_counter()
        predicted = model.predict_batch([(p["headline"], p["body"]) for p in pairs], head="document")
        labels = [lab for lab, _ in predicted]
        seconds = time.perf_counter() - t0
        result["fnc"] = {"path": str(fnc), **score_fnc([p["label"] for p in pairs], labels),
                         "pairs_per_second": len(pairs) / seconds if seconds else 0.0}
    if emergent is not None:
        _, test = read_emergent(emergent)
        t0 = time.perf_counter()
        labels = predict_related(model, [(p["claim"], p["headline"]) for p in test], head="short")
        seconds = time.perf_counter() - t0
        result["emergent"] = {"path": str(emergent), **score_emergent([p["label"] for p in test], labels),
                              "pairs_per_second": len(test) / seconds if seconds else 0.0}
    return result


def _table(block: dict, labels: Sequence[str]) -> list[str]:
    lines = [f"  {'label':10} {'P':>6} {'R':>6} {'F1':>6} {'n':>6}"]
    for lab in labels:
        row = block["labels"][lab]
        lines.append(f"  {lab:10} {100 * row['precision']:6.1f} {100 * row['recall']:6.1f} "
                     f"{100 * row['f1']:6.1f} {row['support']:6d}")
    lines += ["", "  confusion (rows gold, columns predicted):",
              "  " + " " * 10 + "".join(f"{lab[:9]:>10}" for lab in labels)]
    for lab, row in zip(labels, block["confusion"]):
        lines.append(f"  {lab:10}" + "".join(f"{c:10d}" for c in row))
    return lines


def format_report(result: dict) -> str:
    """A plain-text report of `evaluate_stance` for the terminal."""
    lines: list[str] = []
    if "fnc" in result:
        r = result["fnc"]
        lines += [f"FNC score: {r['fnc_percent']:.2f}%",
                  f"  FNC-1 competition test: {r['path']} ({r['n']} pairs; {r['score']:.2f} of {r['max_score']:.2f})",
                  f"  accuracy {100 * r['accuracy']:.2f}, related/unrelated accuracy "
                  f"{100 * r['related_accuracy']:.2f}, macro F1 {100 * r['macro_f1']:.2f}, "
                  f"{r['pairs_per_second']:.0f} pairs/s",
                  *_table(r, LABELS), ""]
    if "emergent" in result:
        r = result["emergent"]
        lines += [f"Emergent accuracy: {100 * r['accuracy']:.2f}%",
                  f"  Emergent test claims: {r['path']} ({r['n']} pairs); macro F1 {100 * r['macro_f1']:.2f}",
                  *_table(r, RELATED)]
    return "\n".join(lines).rstrip()


def main(argv: list[str] | None = None) -> int:
    """`python -m counterclaim.evaluation.stance [--fnc DIR] [--emergent DIR] [--json]`."""
    args = list(sys.argv[1:] if argv is None else argv)
    opts: dict[str, str] = {}
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    while args:
        key = args.pop(0)
        if key not in ("--fnc", "--emergent") or not args:
            print("usage: python -m counterclaim.evaluation.stance [--fnc DIR] [--emergent DIR] [--json]",
                  file=sys.stderr)
            return 2
        opts[key[2:]] = args.pop(0)
    result = evaluate_stance(opts.get("fnc"), opts.get("emergent"))
    print(json.dumps(result, indent=2) if as_json else format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
