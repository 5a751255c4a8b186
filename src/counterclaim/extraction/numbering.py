"""A document's claims in text order, numbered c1, c2, ..., with a passage the page repeats word for
word (a lead printed again as the first paragraph) kept once."""
from __future__ import annotations

import re

from ..model import Claim

REPEATED_WORDS = 5   # a claim this long said again in the same words by the same source is the same passage


def in_text_order(claims: list[Claim], text: str) -> list[Claim]:
    """The claims sorted by where they stand (a denial after what it denies at one place), without
    repeats of one passage, renamed c1, c2, ... with their `denies` following the new names."""
    kept: dict[tuple, Claim] = {}
    alias: dict[str, str] = {}
    ordered = sorted(claims, key=lambda c: (c.span, c.polarity == "deny"))
    out = []
    for claim in ordered:
        key = _passage(claim, text)
        if key is not None and key in kept:
            alias[claim.id] = kept[key].id
            continue
        if key is not None:
            kept[key] = claim
        out.append(claim)
    renamed = {c.id: f"c{n}" for n, c in enumerate(out, 1)}
    renamed.update({old: renamed[new] for old, new in alias.items()})
    for claim in out:
        claim.id = renamed[claim.id]
        claim.denies = list(dict.fromkeys(renamed[d] for d in claim.denies if d in renamed))
    return out


def _passage(claim: Claim, text: str) -> tuple | None:
    """What makes two claims one passage printed twice: the same words from the same source, and
    the same words after them to the end of their sentence ("Kyiv denied that X." and "Kyiv denied
    that X, saying Y" are two reports)."""
    words = re.findall(r"\w+", claim.text.lower())
    if len(words) < REPEATED_WORDS or claim.claimant is None:
        return None
    who = claim.claimant.actor or claim.claimant.side or (claim.claimant.text or "").lower()
    rest = re.findall(r"\w+", text[claim.span[1]:max(claim.span[1], claim.sentence[1])].lower()) if claim.sentence else []
    return (tuple(words), who, claim.polarity, tuple(rest))
