"""What a batch of new articles changed in the ledger: propositions that became contested or
denied, new claims on a disputed one, and status changes.

Relinking re-makes proposition rows, so neither their row id nor their `key` ("p12", a position in
one linking pass) nor their label (it carries the date span, which a new claim widens) survives it.
What does survive is their members: a stored claim keeps its row id. So a proposition after the
batch is matched with every proposition before it that shared a member claim; with none it is new.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from ..storage.store import Store
from ..storage.tables import proposition_claims, propositions
from .linking import STATUS_RANK

DISPUTED = ("contested", "denied")


@dataclass(frozen=True)
class Seen:
    """One proposition as a snapshot holds it."""

    id: int
    label: str
    status: str
    places: tuple[str, ...]
    sources: str            # JSON {side: independent sources}
    claims: frozenset[int]


def snapshot(store: Store) -> dict[int, Seen]:
    """Every proposition with its status and member claim ids, by proposition row id."""
    members: dict[int, set[int]] = {}
    with store.engine.connect() as conn:
        for pid, cid in conn.execute(select(proposition_claims.c.proposition_id, proposition_claims.c.claim_id)):
            members.setdefault(pid, set()).add(cid)
        rows = list(conn.execute(select(propositions.c.id, propositions.c.label, propositions.c.status,
                                        propositions.c.places, propositions.c.sources)))
    return {r.id: Seen(r.id, r.label, r.status, tuple(json.loads(r.places or "[]")), r.sources or "{}",
                       frozenset(members.get(r.id, ()))) for r in rows}


def changes(before: dict[int, Seen], after: dict[int, Seen]) -> list[dict[str, Any]]:
    """The changes from `before` to `after` (two `snapshot`s), disputes first:

    - {"kind": "new", ...}: a proposition none of whose claims was in one before, now contested
      or denied (a new uncorroborated or corroborated proposition is not news);
    - {"kind": "status", "was": ...}: a proposition whose status differs from the one it grew out
      of (the most disputed of those it shares claims with);
    - {"kind": "claims", "new_claims": [...]}: new claims on a proposition that was and still is
      contested or denied.
    Each also has "proposition" (its label), "id" (its row id now), "status", "places", "sources"
    and "claims" (how many it has).
    """
    owner: dict[int, int] = {cid: pid for pid, seen in before.items() for cid in seen.claims}
    out = []
    for prop in after.values():
        earlier = {owner[c] for c in prop.claims if c in owner}
        new_claims = sorted(c for c in prop.claims if c not in owner)
        base = {"proposition": prop.label, "id": prop.id, "status": prop.status, "places": list(prop.places),
                "sources": json.loads(prop.sources), "claims": len(prop.claims)}
        if not earlier:
            if prop.status in DISPUTED:
                out.append({"kind": "new", **base, "new_claims": new_claims})
            continue
        was = min((before[p].status for p in earlier), key=lambda s: STATUS_RANK.get(s, 9))
        if was != prop.status:
            out.append({"kind": "status", **base, "was": was, "new_claims": new_claims})
        elif prop.status in DISPUTED and new_claims:
            out.append({"kind": "claims", **base, "new_claims": new_claims})
    order = {"new": 0, "status": 1, "claims": 2}
    return sorted(out, key=lambda c: (STATUS_RANK.get(c["status"], 9), order[c["kind"]], c["id"]))


def describe(change: dict[str, Any]) -> str:
    """One line for people: "contested (was uncorroborated): Who controls Panjshir? (...) [nrf 1, taliban 1]"."""
    sides = ", ".join(f"{side} {n}" for side, n in change["sources"].items())
    what = {"new": f"new {change['status']}",
            "status": f"{change['status']} (was {change.get('was')})",
            "claims": f"{len(change['new_claims'])} new claim(s) on {change['status']}"}[change["kind"]]
    return f"{what}: {change['proposition']} [{sides}] ({change['claims']} claims)"
