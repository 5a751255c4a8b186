"""Geoparsing scores against gold toponyms (GeoWebNews and TR-News style), as in Gritta et al. 2019.

Gold: `{"id", "text", "toponyms": [{"span": [s, e], "mention", "name", "lat", "lon"}]}` per line.
Recognition: a predicted toponym matches a gold one when their character spans overlap (one to one);
span precision, recall and F1 are reported for overlap and for exact spans. Resolution, on the
matched toponyms: accuracy within 161 km (100 miles), mean error in km, and the AUC of the curve of
log errors (0 best, 1 worst); a matched toponym left unresolved counts as the largest error, 20,039 km.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

from ..geo.geoparse import geoparse
from ..model import Place
from ..nlp import load
from . import read_jsonl

MAX_ERROR_KM = 20039.0  # half the Earth's circumference: the worst possible error
ACC_KM = 161.0


def read_gold(path: str | Path) -> Iterator[dict]:
    """Articles with gold toponyms from a JSONL file."""
    return read_jsonl(path, "text", "toponyms")


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def auc(errors: list[float]) -> float:
    """Area under the sorted log-error curve, scaled to [0, 1] (Gritta et al.; lower is better)."""
    if len(errors) < 2:
        return math.log(1 + errors[0]) / math.log(MAX_ERROR_KM) if errors else 0.0
    ys = sorted(math.log(1 + e) for e in errors)
    area = sum((a + b) / 2 for a, b in zip(ys, ys[1:]))
    return area / (math.log(MAX_ERROR_KM) * (len(ys) - 1))


def match(gold: list[dict], pred: list[Place]) -> list[tuple[dict, Place]]:
    """One-to-one pairs of gold and predicted toponyms whose spans overlap, best overlap first."""
    pairs = []
    for gi, g in enumerate(gold):
        gs, ge = g["span"]
        for pi, p in enumerate(pred):
            ps, pe = p.span
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0:
                pairs.append((-overlap, gi, pi))
    used_g, used_p, out = set(), set(), []
    for _, gi, pi in sorted(pairs):
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gold[gi], pred[pi]))
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def evaluate_geo(path: str | Path, limit: int | None = None, errors_out: list | None = None) -> dict:
    """Span P/R/F1 and resolution scores of the geoparser on a gold JSONL file."""
    items = list(read_gold(path))[:limit]
    n_gold = n_pred = tp = exact = 0
    errors: list[float] = []
    unresolved = 0
    for item, doc in zip(items, load().pipe((i["text"] for i in items), batch_size=16)):
        gold = [g for g in item["toponyms"] if g.get("lat") is not None]
        pred = geoparse(doc).places()
        n_gold += len(gold)
        n_pred += len(pred)
        pairs = match(gold, pred)
        tp += len(pairs)
        for g, p in pairs:
            exact += tuple(g["span"]) == tuple(p.span)
            if p.lat is None:
                unresolved += 1
                err = MAX_ERROR_KM
            else:
                err = distance_km(g["lat"], g["lon"], p.lat, p.lon)
            errors.append(err)
            if errors_out is not None:
                errors_out.append({"id": item["id"], "mention": g["mention"], "gold": g["name"], "pred": p.name,
                                   "country": p.country, "feature": p.feature, "km": round(err)})
    return {
        "file": str(path), "documents": len(items), "gold": n_gold, "predicted": n_pred,
        "span_overlap": _prf(tp, n_pred, n_gold), "span_exact": _prf(exact, n_pred, n_gold),
        "matched": len(errors), "unresolved": unresolved,
        "acc161": sum(e <= ACC_KM for e in errors) / len(errors) if errors else 0.0,
        "mean_km": sum(errors) / len(errors) if errors else 0.0,
        "median_km": sorted(errors)[len(errors) // 2] if errors else 0.0,
        "auc": auc(errors),
    }


def format_report(result: dict) -> str:
    o, x = result["span_overlap"], result["span_exact"]
    return "\n".join([
        f"{result['file']}: {result['documents']} documents, {result['gold']} gold toponyms, "
        f"{result['predicted']} predicted",
        f"spans (overlap)  P {o['precision']:.3f}  R {o['recall']:.3f}  F1 {o['f1']:.3f}",
        f"spans (exact)    P {x['precision']:.3f}  R {x['recall']:.3f}  F1 {x['f1']:.3f}",
        f"resolution on {result['matched']} matched toponyms ({result['unresolved']} unresolved):",
        f"  acc@161km {result['acc161']:.3f}   mean error {result['mean_km']:.0f} km   "
        f"median {result['median_km']:.0f} km   AUC {result['auc']:.3f}",
    ])
