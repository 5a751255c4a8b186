"""The parties to a corpus's fighting, read from its claims, and the bystanders among claimants.

Who holds a place is the claim's doer, else the party its claimant speaks for ("it had retaken
Harib"). That holds for a party to the fighting, not for a government looking on: a foreign
minister hailing "the liberation of the town" says nothing of his country holding it. The parties
are read from the corpus itself, so no war has to be known in advance:

- a side that denies another side's claim in its article ("Kyiv denied Moscow's claim ..."), and
  the side it denies;
- a side that another side names as the doer ("Azerbaijani forces shelled ...", said by Armenia).

A claimant whose side is none of them gives no controller of its own. A corpus with no such
evidence (one article, no denial) has no parties read, and every side keeps its answer.

A side's own people taken prisoner, in its own words, were taken by the other party, when there
is one other ("none of our soldiers were detained", said by Eritrea's army, is about Ethiopia's
captures), not by itself: who detained is part of the question a detention claim answers.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from ..knowledge.actors import INDEPENDENT

DONE_TO_THE_SPEAKER = {"detention"}   # families whose doer is not the side its own people suffer it from


class Party(Protocol):
    document: str
    local_id: str
    family: str
    side: str | None
    target: str | None
    named_doer: str | None
    agent: str | None
    denies: list[str]
    bystander: bool


def parties_to_the_fighting(claims: Iterable[Party]) -> frozenset[str]:
    """The sides that deny or are denied by another side in one article, and the sides another
    side names as doers."""
    items = list(claims)
    by_local = {(c.document, c.local_id): c for c in items}
    found: set[str] = set()
    for c in items:
        if not c.side or c.side == INDEPENDENT:
            continue
        if c.named_doer and c.named_doer not in (c.side, INDEPENDENT):
            found.add(c.named_doer)
        for local in c.denies:
            denied = by_local.get((c.document, local))
            if denied is not None and denied.side and denied.side not in (c.side, INDEPENDENT):
                found.update((c.side, denied.side))
    return frozenset(found)


def mark_bystanders(claims: Iterable[Party], parties: frozenset[str]) -> None:
    """Mark the claims whose claimant's side looks on: none of the parties, and no doer named; and
    give a claim about its own side's people taken the other party as doer."""
    if not parties:
        return
    for c in claims:
        c.bystander = bool(c.side) and c.side not in parties and c.named_doer is None
        if c.bystander:
            c.agent = None   # its side was its doer only for want of one named
        others = parties - {c.side}
        # its own people: its party, or an organ of it ("ukraine-armed-forces" of "ukraine")
        own = c.side is not None and c.target is not None and (c.target == c.side or c.target.startswith(c.side + "-"))
        if c.family in DONE_TO_THE_SPEAKER and c.named_doer is None and own and len(others) == 1:
            c.agent = next(iter(others))   # its own people, taken by the other party
