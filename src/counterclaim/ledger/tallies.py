"""What a proposition's claims add up to: independent sources per side, and casualty figures
(each source's figure, the range, a conservative figure, whether the sources dispute it)."""
from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from .questions import agree, figure_range

if TYPE_CHECKING:
    from .linking import LinkClaim


def independent_sources(members: list[LinkClaim]) -> dict[str, int]:
    """Per side, how many independent sources assert: relays of one statement and one party's
    spokespeople count once; an outlet counts only for what it attributes to itself (its narrative
    voice is no claim, so it corroborates nothing); independent bodies count one each."""
    per_side: dict[str, set[str]] = defaultdict(set)
    for m in members:
        if (m.polarity != "assert" and not m.counter) or m.mode == "narrative":
            continue
        side = m.side or (m.outlet if m.kind == "media" else None) or m.actor or "unknown"
        per_side[side].add(m.source)
    return {side: len(sources) for side, sources in per_side.items()}


def casualty_aggregate(members: list[LinkClaim], question: str | None = None) -> dict[str, Any] | None:
    """Per kind of casualty (and, for a casualty question, its victims): each source's figure, the
    range from the lowest to the highest claimed, an ACLED-style conservative figure (the lowest
    claimed) and whether it is disputed (two sources' figures further apart than the factor in
    `data/questions.yaml`). "dozens" counts 12 and "hundreds" 100 (their lower bounds)."""
    wanted = question.split("|")[1:3] if question and question.startswith("casualties|") else None
    figures: dict[str, dict[str, list[tuple[float, float]]]] = defaultdict(lambda: defaultdict(list))
    for m in members:
        if m.polarity != "assert":
            continue
        for q in m.quantities:
            if q.get("kind") not in ("killed", "wounded"):
                continue
            if wanted and wanted[0] != "any" and [q.get("kind"), q.get("victims") or "unknown"] != wanted:
                continue
            figures[q["kind"]][m.source].append(figure_range(q)[0])
    if not figures:
        return None
    out: dict[str, Any] = {}
    for kind, by_source in figures.items():
        lows = {who: min(lo for lo, _ in ranges) for who, ranges in by_source.items()}
        highs = {who: min(hi for _, hi in ranges) for who, ranges in by_source.items()}
        pairs = [(a, b) for a in lows for b in lows if a != b]
        disputed = any(agree((lows[a], highs[a]), (lows[b], highs[b])) is False for a, b in pairs)
        out[kind] = {"victims": wanted[1] if wanted else None, "by_claimant": lows,
                     "low": min(lows.values()), "high": max(lows.values()),
                     "conservative": min(lows.values()), "disputed": disputed}
    return out
