"""Attribution scoring against PolNeAR/PARC-style gold: cue, source, content and whole relations.

Gold and prediction are relations with three parts, each a list of character spans. Relations are
aligned one to one (greedily, by how much their cues and contents overlap). A part counts as found
when its aligned partner's part overlaps it (overlap scoring) or equals it after trimming
punctuation and white space (exact scoring). A whole relation counts when all three parts do.
Precision divides by predicted relations that have the part, recall by gold relations that have it.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..extraction.attribution import Attribution, find_attributions
from ..nlp import load

PARTS = ("cue", "source", "content")
Spans = list[tuple[int, int]]
Relation = dict[str, Spans]
STRIP = " \t\n,.;:“”\"'‘’"


def read_gold(path: str | Path) -> Iterator[dict]:
    """Documents `{"id", "text", "attributions": [{"source", "cue", "content"}]}` from a JSONL file."""
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def to_relations(attributions: Iterable[Attribution]) -> list[Relation]:
    """Predicted relations; a continuation's words join the relation it continues (one quote)."""
    relations: list[Relation] = []
    index: dict[int, Relation] = {}
    for att in attributions:
        if att.continues is not None and id(att.continues) in index:
            index[id(att.continues)]["content"].extend(att.content)
            continue
        rel = {"cue": list(att.cue), "source": list(att.source), "content": list(att.content)}
        index[id(att)] = rel
        relations.append(rel)
    return relations


def _overlap(a: Spans, b: Spans) -> int:
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _norm(text: str, spans: Spans) -> str:
    return " ".join(text[s:e] for s, e in sorted(spans)).strip(STRIP)


def _align(gold: list[Relation], pred: list[Relation]) -> list[tuple[int, int]]:
    pairs = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            cue = _overlap(g["cue"], p["cue"])
            content = _overlap(g["content"], p["content"])
            if cue or content:
                pairs.append((cue > 0, cue + content, gi, pi))
    pairs.sort(reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, _, gi, pi in pairs:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            out.append((gi, pi))
    return out


@dataclass
class Counts:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0

    def prf(self) -> dict[str, float]:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score_document(text: str, gold: list[Relation], pred: list[Relation],
                   counts: dict[str, Counts]) -> None:
    """Add one document's matches to `counts` (keys 'overlap:cue', 'exact:source', ...)."""
    gold = [g for g in gold if g["cue"] or g["content"]]
    pairs = _align(gold, pred)
    for scheme in ("overlap", "exact"):
        for part in PARTS + ("relation",):
            c = counts.setdefault(f"{scheme}:{part}", Counts())
            if part == "relation":
                c.n_gold += len(gold)
                c.n_pred += len(pred)
            else:
                c.n_gold += sum(1 for g in gold if g[part])
                c.n_pred += sum(1 for p in pred if p[part])
        for gi, pi in pairs:
            g, p = gold[gi], pred[pi]
            hits = {}
            for part in PARTS:
                if not g[part] and not p[part]:
                    hits[part] = True
                    continue
                if not g[part] or not p[part]:
                    hits[part] = False
                    continue
                if scheme == "overlap":
                    hits[part] = _overlap(g[part], p[part]) > 0
                else:
                    hits[part] = _norm(text, g[part]) == _norm(text, p[part])
                if hits[part]:
                    counts[f"{scheme}:{part}"].tp += 1
            if all(hits.values()):
                counts[f"{scheme}:relation"].tp += 1


def evaluate_attribution(path: str | Path, limit: int | None = None, scope: str = "wide") -> dict:
    """Score `find_attributions` on a gold JSONL file; returns P/R/F1 per part and scheme.

    scope: "wide" scores every reported speech act (what PolNeAR annotates, the published
    figures' scope); "ledger" only those the claims ledger keeps (`scope.is_claim`)."""
    if scope not in ("wide", "ledger"):
        raise ValueError(f"unknown scope {scope!r}; choose wide or ledger")
    from ..extraction.cues import load_cues
    from ..extraction.scope import is_claim

    cues = load_cues()
    counts: dict[str, Counts] = {}
    docs = list(read_gold(path))[:limit]
    nlp = load()
    for doc, parsed in zip(docs, nlp.pipe((d["text"] for d in docs), batch_size=16)):
        found = find_attributions(parsed)
        if scope == "ledger":
            found = [a for a in found if is_claim(a, cues, doc["text"])]
        pred = to_relations(found)
        gold = [{k: [tuple(s) for s in a.get(k, [])] for k in PARTS} for a in doc["attributions"]]
        score_document(doc["text"], gold, pred, counts)
    scores = {key: c.prf() | {"tp": c.tp, "pred": c.n_pred, "gold": c.n_gold} for key, c in counts.items()}
    return {"file": str(path), "documents": len(docs), "scope": scope, "scores": scores}


# Citron on PARC 3.0 (Newell et al. 2018 and the Citron paper), the published anchor.
ANCHOR = {"overlap:cue": 0.823, "overlap:source": 0.853, "overlap:content": 0.833}


def format_report(result: dict) -> str:
    lines = [f"{result['file']}: {result['documents']} documents, {result.get('scope', 'wide')} scope",
             f"{'part':<20}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}{'pred':>8}   anchor (Citron, PARC 3.0)"]
    for scheme in ("overlap", "exact"):
        for part in PARTS + ("relation",):
            key = f"{scheme}:{part}"
            s = result["scores"][key]
            anchor = f"{ANCHOR[key]:.3f}" if key in ANCHOR else ""
            lines.append(f"{key:<20}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}"
                         f"{s['gold']:>8}{s['pred']:>8}   {anchor}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    print(format_report(evaluate_attribution(args[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
