"""Claims nobody is named for: "Taliban fighters have fully captured the province, it has been
claimed". A gain of ground is claimed by the side that made it (the loser denies it), so such a
claim speaks for its doer's party; its claimant stays unnamed. Nothing else is guessed: who claims
an attack or a toll nobody is named for is left unknown."""
from __future__ import annotations

from dataclasses import replace

from ..knowledge.actors import INDEPENDENT
from ..model import Claim

GAINS = frozenset({"territory_capture", "territory_control", "territory_recapture"})


def gains_claimed_by_their_side(claims: list[Claim]) -> None:
    """Give the doer's side to each impersonal claim of a gain of ground ("..., it is claimed")."""
    for claim in claims:
        who = claim.claimant
        if who is None or who.text or who.side or claim.cue is None or claim.mode == "narrative":
            continue
        doer = claim.agent.actor if claim.agent is not None else None
        if claim.type in GAINS and claim.polarity == "assert" and doer and doer != INDEPENDENT:
            claim.claimant = replace(who, side=doer)
