"""Event-type scoring against CASE 2021 style gold: one label per news snippet.

Each snippet's main event is read with `claimtypes.classify_document`; its label is the ACLED
sub-event code, or the type's case class (ATTRIB, DIPLO, ORG_CRIME, NATURAL_DISASTER,
MAN_MADE_DISASTER) for types outside ACLED. A snippet with no recognised event is labelled OTHER
(ACLED's class for strategic developments not captured elsewhere).
Reported: weighted F1 (per-label F1 weighted by gold support) over the snippets whose gold is one of
the 25 ACLED sub-event types (CASE subtask 1) and over all snippets, accuracy, per-label precision,
recall and F1, and the most frequent confusions.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..extraction.claimtypes import classify_document, label_of
from ..extraction.ontology import load_ontology
from ..nlp import load
from . import read_jsonl

ACLED_LABELS = (
    "ARMED_CLASH", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "NON_VIOL_TERRIT_TRANSFER",
    "AIR_STRIKE", "ART_MISS_ATTACK", "REM_EXPLOS", "SUIC_BOMB", "GRENADE", "CHEM_WEAP", "ATTACK",
    "SEX_VIOL", "ABDUCT_DISSAP", "PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST",
    "VIOL_DEMONSTR", "MOB_VIOL", "AGREEMENT", "ARREST", "CHANGE_TO_GROUP_ACT", "DISR_WEAP",
    "HQ_ESTABLISHED", "PROPERTY_DISTRUCT", "OTHER",
)
NO_EVENT = "OTHER"


def read_gold(path: str | Path) -> Iterator[dict]:
    """Snippets `{"id", "text", "label"}` from a JSONL file."""
    return read_jsonl(path, "text", "label")


def per_label(gold: list[str], pred: list[str]) -> dict[str, dict[str, float]]:
    """Precision, recall, F1 and gold support for every label seen in gold or predictions."""
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, p in zip(gold, pred):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    out = {}
    for label in sorted(set(gold) | set(pred)):
        p_den, r_den = tp[label] + fp[label], tp[label] + fn[label]
        precision = tp[label] / p_den if p_den else 0.0
        recall = tp[label] / r_den if r_den else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[label] = {"precision": precision, "recall": recall, "f1": f1, "support": r_den}
    return out


def weighted_f1(gold: list[str], pred: list[str]) -> float:
    """Per-label F1 averaged with weights equal to each label's gold support."""
    if not gold:
        return 0.0
    table = per_label(gold, pred)
    return sum(row["f1"] * row["support"] for row in table.values()) / len(gold)


def predict(texts: Iterable[str]) -> list[dict]:
    """The predicted type, label and trigger of each text's main event."""
    ont = load_ontology()
    out = []
    for doc in load().pipe(texts, batch_size=64):
        match = classify_document(doc, ontology=ont)
        out.append({"type": match.type, "label": label_of(match, ont) or NO_EVENT,
                    "trigger": match.trigger, "score": match.score})
    return out


def evaluate_events(path: str | Path, limit: int | None = None) -> dict:
    """Score `classify_document` on a JSONL file of labelled snippets.

    path: JSONL with {"id", "text", "label"} per line; limit: read only the first n snippets.
    Returns {"n", "accuracy", "weighted_f1_acled", "n_acled", "accuracy_acled", "weighted_f1_all",
    "labels": {label: {precision, recall, f1, support}}, "confusions": [[gold, predicted, count]],
    "items": [{id, gold, predicted, type, trigger}]}.
    """
    items = list(read_gold(path))[:limit]
    preds = predict(item["text"] for item in items)
    gold = [item["label"] for item in items]
    pred = [p["label"] for p in preds]
    acled_idx = [i for i, g in enumerate(gold) if g in ACLED_LABELS]
    gold_a = [gold[i] for i in acled_idx]
    pred_a = [pred[i] for i in acled_idx]
    errors = Counter((g, p) for g, p in zip(gold, pred) if g != p)
    n = len(items)
    return {
        "path": str(path),
        "n": n,
        "accuracy": sum(g == p for g, p in zip(gold, pred)) / n if n else 0.0,
        "n_acled": len(gold_a),
        "accuracy_acled": sum(g == p for g, p in zip(gold_a, pred_a)) / len(gold_a) if gold_a else 0.0,
        "weighted_f1_acled": weighted_f1(gold_a, pred_a),
        "weighted_f1_all": weighted_f1(gold, pred),
        "labels": per_label(gold, pred),
        "confusions": [[g, p, c] for (g, p), c in errors.most_common(15)],
        "items": [{"id": item.get("id"), "gold": g, "predicted": p["label"], "type": p["type"],
                   "trigger": p["trigger"]} for item, g, p in zip(items, gold, preds)],
    }


def format_report(result: dict) -> str:
    """A plain-text report of `evaluate_events` for the terminal."""
    lines = [
        f"Event types: {result['path']} ({result['n']} snippets)",
        f"  weighted F1, 25 ACLED labels : {100 * result['weighted_f1_acled']:.1f}"
        f"  ({result['n_acled']} snippets, accuracy {100 * result['accuracy_acled']:.1f})",
        f"  weighted F1, all labels      : {100 * result['weighted_f1_all']:.1f}"
        f"  (accuracy {100 * result['accuracy']:.1f})",
        "",
        f"  {'label':32} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}",
    ]
    for label, row in sorted(result["labels"].items(), key=lambda kv: -kv[1]["support"]):
        lines.append(f"  {label:32} {100 * row['precision']:6.1f} {100 * row['recall']:6.1f} "
                     f"{100 * row['f1']:6.1f} {row['support']:5d}")
    if result["confusions"]:
        lines += ["", "  most frequent errors (gold -> predicted):"]
        lines += [f"  {c:4d}  {g} -> {p}" for g, p, c in result["confusions"]]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m counterclaim.evaluation.events FILE [--json]`: print the report."""
    args = list(sys.argv[1:] if argv is None else argv)
    as_json = "--json" in args
    args = [a for a in args if a != "--json"]
    if len(args) != 1:
        print("usage: python -m counterclaim.evaluation.events FILE.jsonl [--json]", file=sys.stderr)
        return 2
    if not Path(args[0]).exists():
        print(f"{args[0]}: no such file (expected CASE 2021 style JSONL: id, text, label)", file=sys.stderr)
        return 2
    result = evaluate_events(args[0])
    if as_json:
        print(json.dumps({k: v for k, v in result.items() if k != "items"}, indent=2))
    else:
        print(format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
