"""Train the packaged stance model (src/counterclaim/data/stance/) from the training splits only.

Usage: python scripts/train_stance.py [--data ../shared/data/stance] [--out DIR] [--no-save]

- vocabulary and IDF: FNC-1 training headlines and bodies;
- `document` head: FNC-1 training pairs (train_stances.reconstructed.csv); 10% of the training
  bodies are held out first to report a validation FNC score, then the head is refitted on all;
- `short` head: Emergent claims not in test_claim_ids.txt (claim vs. article headline), plus one
  unrelated pair per training pair (the claim against a headline of another claim); a fifth of
  the training claims are held out first to report validation accuracy, then it is refitted on all.
Test sets are never read. Seeds are fixed; on the same library versions the output is identical.
Prints the validation figures; `counterclaim eval stance` gives the test figures.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.neural_network import MLPClassifier

from counterclaim.evaluation.stance import fnc_score, read_emergent, read_fnc
from counterclaim.ledger.stance import LABELS, MODEL_DIR, SHORT_TOKENS, STOP, Featurizer, tokenize

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "stance"
SEED = 1
N_INPUT = 3000     # words whose term frequencies are network inputs (per text)
N_VOCAB = 20000    # words whose IDF takes part in cosines
RELEVANCE = {"hidden": 32, "alpha": 1e-4, "epochs": 30, "batch": 256, "lr": 1e-3}
# disagree is rare (8% of related FNC pairs) and what the linker most needs: weigh it up.
DOC = {"hidden": 100, "alpha": 1e-4, "epochs": 8, "batch": 256, "lr": 1e-3, "weights": {"disagree": 3.0}}
SHORT = {"hidden": 32, "alpha": 1e-2, "epochs": 40, "batch": 64, "lr": 1e-3}


def build_vocab(texts: list[str]) -> tuple[list[str], np.ndarray]:
    """Vocabulary (non-stop words first by document frequency, then the rest) and smoothed IDF."""
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(tokenize(text)))
    # Ties broken by the word itself: set and Counter order varies with PYTHONHASHSEED.
    ranked = [w for w, c in sorted(df.items(), key=lambda kv: (-kv[1], kv[0])) if c >= 2]
    content = [w for w in ranked if w not in STOP and not w.isdigit()][:N_INPUT]
    chosen = set(content)
    vocab = content + [w for w in ranked if w not in chosen][: N_VOCAB - len(content)]
    n = len(texts)
    idf = np.array([math.log((1 + n) / (1 + df[w])) + 1.0 for w in vocab], dtype=np.float32)
    return vocab, idf


def featurize(feat: Featurizer, pairs: list[tuple[str, str]]) -> tuple[sp.csr_matrix, np.ndarray]:
    """Sparse term-frequency inputs and dense features; each distinct second text is read once."""
    cache: dict[str, dict] = {}
    rows, cols, vals, dense = [], [], [], []
    for n, (claim, text) in enumerate(pairs):
        part = cache.get(text)
        if part is None:
            part = cache[text] = feat.text_part(text)
        idx, val, d = feat.features(claim, part)
        rows += [n] * len(idx)
        cols += idx
        vals += val
        dense.append(d)
    x = sp.csr_matrix((vals, (rows, cols)), shape=(len(pairs), 2 * feat.n_input), dtype=np.float32)
    return x, np.asarray(dense, dtype=np.float32)


def fit(x: sp.csr_matrix | None, d: np.ndarray, y: list[str], labels: tuple[str, ...],
        cfg: dict) -> dict[str, np.ndarray]:
    """A one-hidden-layer network over [x, standardised d] (d alone when x is None).

    Returns its arrays in the order `Head` takes them.
    """
    mean = d.mean(axis=0)
    scale = d.std(axis=0)
    scale[scale < 1e-6] = 1.0
    full = _inputs(x, d, mean, scale)
    target = np.array([labels.index(lab) for lab in y])
    assert set(target) == set(range(len(labels))), "every label must occur in the training pairs"
    net = MLPClassifier(hidden_layer_sizes=(cfg["hidden"],), alpha=cfg["alpha"], batch_size=cfg["batch"],
                        learning_rate_init=cfg["lr"], max_iter=cfg["epochs"], shuffle=True,
                        random_state=SEED, n_iter_no_change=cfg["epochs"] + 1, tol=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # max_iter is the epoch count: not converging is expected
        weights = cfg.get("weights", {})
        net.fit(full, target, sample_weight=np.array([weights.get(lab, 1.0) for lab in y]))
    w2, b2 = net.coefs_[1], net.intercepts_[1]
    if len(labels) == 2:  # sklearn keeps one logistic output for two classes: make it a softmax pair
        w2 = np.hstack([np.zeros_like(w2), w2])
        b2 = np.hstack([np.zeros_like(b2), b2])
    return {"w1": net.coefs_[0], "b1": net.intercepts_[0], "w2": w2, "b2": b2, "mean": mean, "scale": scale}


def _inputs(x: sp.csr_matrix | None, d: np.ndarray, mean: np.ndarray, scale: np.ndarray):
    dense = (d - mean) / scale
    return dense if x is None else sp.hstack([x, sp.csr_matrix(dense)], format="csr")


def probabilities(arrays: dict[str, np.ndarray], x: sp.csr_matrix | None, d: np.ndarray) -> np.ndarray:
    full = _inputs(x if arrays["w1"].shape[0] > d.shape[1] else None, d, arrays["mean"], arrays["scale"])
    z = np.maximum(full @ arrays["w1"] + arrays["b1"], 0) @ arrays["w2"] + arrays["b2"]
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def fit_document(x: sp.csr_matrix, d: np.ndarray, y: list[str]) -> dict[str, dict[str, np.ndarray]]:
    """`relevance` on all pairs (dense features only), `document` on the related pairs."""
    related = np.array([lab != "unrelated" for lab in y])
    return {
        "relevance": fit(None, d, ["unrelated" if lab == "unrelated" else "related" for lab in y],
                         ("related", "unrelated"), RELEVANCE),
        "document": fit(x[related], d[related], [lab for lab, k in zip(y, related) if k], LABELS[:3], DOC),
    }


def predict_document(heads: dict[str, dict[str, np.ndarray]], x: sp.csr_matrix, d: np.ndarray) -> list[str]:
    unrelated = probabilities(heads["relevance"], None, d)[:, 1]
    related = probabilities(heads["document"], x, d).argmax(axis=1)
    return ["unrelated" if u > 0.5 else LABELS[r] for u, r in zip(unrelated, related)]


def train_document(feat: Featurizer, pairs: list[dict], final: bool = True) -> dict[str, dict[str, np.ndarray]] | None:
    bodies = sorted({p["body_id"] for p in pairs}, key=int)
    rng = random.Random(SEED)
    held = set(rng.sample(bodies, len(bodies) // 10))
    t0 = time.perf_counter()
    x, d = featurize(feat, [(p["headline"], p["body"]) for p in pairs])
    y = [p["label"] for p in pairs]
    print(f"document: featurised {len(pairs)} FNC training pairs in {time.perf_counter() - t0:.0f}s")
    tr = np.array([p["body_id"] not in held for p in pairs])
    t0 = time.perf_counter()
    heads = fit_document(x[tr], d[tr], [lab for lab, k in zip(y, tr) if k])
    pred = predict_document(heads, x[~tr], d[~tr])
    gold = [lab for lab, k in zip(y, tr) if not k]
    score, best = fnc_score(gold, pred)
    acc = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    print(f"document: validation ({len(held)} held-out bodies, {len(gold)} pairs; their headlines also occur "
          f"in training, so this is optimistic): FNC score {100 * score / best:.2f}%, accuracy {100 * acc:.2f}%"
          f"  [{time.perf_counter() - t0:.0f}s]")
    if not final:
        return None
    t0 = time.perf_counter()
    heads = fit_document(x, d, y)
    print(f"document: refitted on all {len(pairs)} pairs [{time.perf_counter() - t0:.0f}s]")
    return heads


def short_pairs(rows: list[dict], seed: int) -> list[tuple[str, str, str]]:
    """Emergent (claim, headline, label) plus one unrelated pair per row from another claim."""
    rng = random.Random(seed)
    out = [(r["claim"], r["headline"], r["label"]) for r in rows]
    for r in rows:
        while True:
            other = rng.choice(rows)
            if other["claim_id"] != r["claim_id"]:
                break
        out.append((r["claim"], other["headline"], "unrelated"))
    return out


def train_short(feat: Featurizer, rows: list[dict], final: bool = True) -> dict[str, np.ndarray] | None:
    claims = sorted({r["claim_id"] for r in rows})
    rng = random.Random(SEED)
    held = set(rng.sample(claims, len(claims) // 5))
    fit_rows = [r for r in rows if r["claim_id"] not in held]
    val_rows = [r for r in rows if r["claim_id"] in held]
    data = short_pairs(fit_rows, SEED)
    x, d = featurize(feat, [(c, h) for c, h, _ in data])
    arrays = fit(x, d, [lab for *_, lab in data], LABELS, SHORT)
    xv, dv = featurize(feat, [(r["claim"], r["headline"]) for r in val_rows])
    pred = [LABELS[i] for i in probabilities(arrays, xv, dv)[:, :3].argmax(axis=1)]
    acc = sum(r["label"] == p for r, p in zip(val_rows, pred)) / len(val_rows)
    neg = short_pairs(val_rows, SEED + 1)[len(val_rows):]
    xn, dn = featurize(feat, [(c, h) for c, h, _ in neg])
    logits = np.vstack([probabilities(arrays, xv, dv), probabilities(arrays, xn, dn)])
    rel_gold = np.array([1] * len(val_rows) + [0] * len(neg))
    rel_acc = float(((logits.argmax(axis=1) < 3).astype(int) == rel_gold).mean())
    print(f"short: validation ({len(held)} held-out claims, {len(val_rows)} pairs): accuracy over "
          f"agree/disagree/discuss {100 * acc:.2f}%, related/unrelated accuracy with shuffled pairs "
          f"{100 * rel_acc:.2f}%")
    if not final:
        return None
    data = short_pairs(rows, SEED)
    x, d = featurize(feat, [(c, h) for c, h, _ in data])
    arrays = fit(x, d, [lab for *_, lab in data], LABELS, SHORT)
    print(f"short: refitted on all {len(rows)} training pairs (+{len(rows)} unrelated)")
    return arrays


def save(out: Path, vocab: list[str], idf: np.ndarray, heads: dict[str, dict[str, np.ndarray]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    arrays = {"idf": idf.astype(np.float32)}
    for name, head in heads.items():
        for key, value in head.items():
            arrays[f"{name}.{key}"] = value.astype(np.float16 if key in ("w1",) else np.float32)
    np.savez_compressed(out / "heads.npz", **arrays)
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    outputs = {"relevance": ["related", "unrelated"], "document": list(LABELS[:3]), "short": list(LABELS)}
    meta = {"n_input": N_INPUT, "heads": {name: outputs[name] for name in heads}, "short_tokens": SHORT_TOKENS,
            "trained_on": {"relevance, document": "FNC-1 train_stances.reconstructed.csv + train_bodies.csv",
                           "short": "Emergent url-versions-2015-06-14-clean.csv minus test_claim_ids.txt"},
            "config": {"relevance": RELEVANCE, "document": DOC, "short": SHORT, "seed": SEED, "n_vocab": len(vocab)},
            "versions": {"python": sys.version.split()[0], "numpy": np.__version__,
                         "scikit-learn": sklearn.__version__}}
    (out / "meta.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    size = sum(f.stat().st_size for f in out.iterdir())
    print(f"saved {out} ({size / 1e6:.2f} MB)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA, help="folder with fnc-1/ and emergent/")
    ap.add_argument("--out", type=Path, default=MODEL_DIR)
    ap.add_argument("--no-save", action="store_true", help="report validation figures only")
    ap.add_argument("--only", choices=("document", "short"), help="train one head (implies --no-save)")
    args = ap.parse_args()
    np.random.seed(SEED)
    fnc = read_fnc(args.data / "fnc-1", "train")
    emergent_train, _ = read_emergent(args.data / "emergent")
    texts = sorted({p["headline"] for p in fnc} | {p["body"] for p in fnc})
    vocab, idf = build_vocab(texts)
    feat = Featurizer(vocab=vocab, idf=idf, n_input=N_INPUT)
    final = not (args.no_save or args.only)
    heads = {}
    if args.only in (None, "document"):
        heads.update(train_document(feat, fnc, final) or {})
    if args.only in (None, "short"):
        heads["short"] = train_short(feat, emergent_train, final)
    if final:
        save(args.out, vocab, idf, heads)
    return 0


if __name__ == "__main__":
    sys.exit(main())
