"""Claims several parties make at once: "Both sides have claimed they control the valley", "both
the army and the rebels claimed victories", "Both countries accused each other of shelling". Each
party makes the claim: one claim per party, with that party's side, so the ledger shows what each
side asserts (and linking can set the two against each other).

The parties are the ones the claimant's words name ("both the army and the rebels"), else, for a
group noun ("both sides", "both countries", "each party"), the two parties the article's claimants
speak for most. Anything less certain is left as one claim with no side.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import replace

from ..knowledge.actors import INDEPENDENT
from ..model import Claim

COLLECTIVE = re.compile(r"^\s*(?:both|each)\b", re.IGNORECASE)
GROUP_NOUNS = frozenset({"side", "sides", "party", "parties", "country", "countries", "camp", "camps", "army",
                         "armies", "government", "governments", "belligerents", "adversaries", "rivals"})


def _main_parties(claims: list[Claim], first_named: dict[str, int]) -> list[str]:
    """The two parties the document's claimants speak for most, when there are at least two, in
    the order the document first names them."""
    counts = Counter(c.claimant.side for c in claims if c.claimant is not None and c.claimant.kind != "media"
                     and c.claimant.side not in (None, INDEPENDENT))
    if len(counts) < 2:
        return []
    main = [side for side, _ in counts.most_common(2)]
    return sorted(main, key=lambda side: first_named.get(side, 10**9))


def each_party(claims: list[Claim], parties_in: Callable[[str], list[tuple[str, str]]],
               first_named: Callable[[], dict[str, int]]) -> list[Claim]:
    """`claims` with each claim of "both sides" made once per party, renumbered c1, c2, ...

    parties_in: the (side, actor id) of each party a phrase names, in order; first_named: where
    the document first names each party.
    """
    main = None
    out: list[Claim] = []
    for claim in claims:
        who = claim.claimant
        parties: list[tuple[str, str | None]] = []
        if who is not None and who.text and COLLECTIVE.match(who.text):
            named = parties_in(who.text)
            if len(named) >= 2:
                parties = list(named)
            elif set(re.findall(r"[a-z]+", who.text.lower())) & GROUP_NOUNS:
                main = _main_parties(claims, first_named()) if main is None else main
                parties = [(side, None) for side in main]
        if not parties:
            out.append(claim)
            continue
        for side, actor in parties:
            out.append(replace(claim, claimant=replace(who, side=side, actor=actor or who.actor, name=None,
                                                       kind="organization"),
                               denies=list(claim.denies)))
    if len(out) == len(claims):
        return claims
    renamed = {}
    for n, claim in enumerate(out, 1):
        renamed.setdefault(claim.id, f"c{n}")
        claim.id = f"c{n}"
    for claim in out:
        claim.denies = [renamed.get(d, d) for d in claim.denies]
    return out
