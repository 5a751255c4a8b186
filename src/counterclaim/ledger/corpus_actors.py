"""One actor per person and one side per actor across a corpus.

Each article is read on its own, so the same person may come out as "Zelensky" in one and
"Volodymyr Zelenskiy" in another, and with a side only where the article said whom they speak
for. `harmonise(claimants)` reads the claimants of a whole corpus and gives back, for the claims it
changes, one canonical actor and name per person (names grouped by a transliteration-proof key,
surname-only mentions joined to the one full name they fit) and, where a claimant's own article
did not tell, the side the rest of the corpus gives that actor by majority.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from typing import Any

from ..knowledge.actors import INDEPENDENT, name_key, slug

Claimant = dict[str, Any]


def _keys(name: str) -> list[str]:
    return name_key(name).split()


def _cluster_people(people: list[tuple[Hashable, Claimant]]) -> dict[Hashable, tuple[str, ...]]:
    """Each person claimant's cluster: the name key of the full name it belongs to."""
    full: dict[str, set[tuple[str, ...]]] = defaultdict(set)   # surname key -> full-name keys
    for _, c in people:
        keys = _keys(c["name"])
        if len(keys) >= 2:
            full[keys[-1]].add(tuple(keys))
    out = {}
    for key, c in people:
        keys = tuple(_keys(c["name"]))
        if not keys:
            continue
        if len(keys) >= 2:
            # "Ahmad Massoud" and "Ahmad Shah Massoud" are two people; same first and last name, one
            out[key] = (keys[0], keys[-1])
        else:
            firsts = {(k[0], k[-1]) for k in full.get(keys[0], set())}
            if len(firsts) == 1:
                out[key] = firsts.pop()
            elif not firsts:
                out[key] = (keys[0],)
    return out


def harmonise(claimants: Iterable[tuple[Hashable, Claimant]]) -> dict[Hashable, Claimant]:
    """New claimant dicts for the claims whose actor, name or side the corpus settles.

    claimants: (key, claimant JSON) for every claim of the corpus. Returns {key: new claimant}
    only for those that change.
    """
    items = [(k, c) for k, c in claimants if c]
    originals = dict(items)
    people = [(k, c) for k, c in items if c.get("kind") in ("person", "media") and c.get("name")
              and (c.get("kind") == "person" or c.get("role"))]
    # a name the tagger took for an organisation, with no side of its own, that is a person's name
    # elsewhere in the corpus ("Fahim Dashty" tagged ORG) is that person
    full_names = {tuple(_keys(c["name"])) for _, c in people if len(_keys(c["name"])) >= 2}
    surnames = {names[-1] for names in full_names}
    for k, c in items:
        if c.get("kind") == "organization" and not c.get("side") and c.get("name") \
                and tuple(_keys(c["name"])) in full_names:
            people.append((k, {**c, "kind": "person"}))
        elif c.get("kind") == "unnamed" and not c.get("side") and c.get("text") \
                and re.fullmatch(r"[A-Z][\w'’-]+", c["text"].strip()) and _keys(c["text"])[-1:] \
                and _keys(c["text"])[-1] in surnames:
            people.append((k, {**c, "kind": "person", "name": c["text"].strip()}))   # "Cherevaty said"
    clusters = _cluster_people(people)
    members: dict[tuple[str, ...], list[tuple[Hashable, Claimant]]] = defaultdict(list)
    for k, c in people:
        if k in clusters:
            members[clusters[k]].append((k, c))
    changes: dict[Hashable, Claimant] = {}
    for group in members.values():
        names = Counter(c["name"] for _, c in group if len(_keys(c["name"])) >= 2) or \
            Counter(c["name"] for _, c in group)
        canonical = max(names, key=lambda n: (names[n], len(n)))
        known = Counter(c["actor"] for _, c in group if c.get("actor") and c["actor"] != slug(c["name"]))
        actor = known.most_common(1)[0][0] if known else slug(canonical)
        side = _majority(c.get("side") for _, c in group)
        for k, c in group:
            new = {**c, "actor": actor, "name": canonical}
            if not c.get("side") and side and c.get("kind") == "person":
                new["side"] = side
            if new != originals[k]:
                changes[k] = new
    # "Harutiunian's spokesperson", "a spokesman for Mr Massoud": the side of the person they speak for
    sides_by_surname: dict[str, set[str]] = defaultdict(set)
    for key_, group in members.items():
        side = _majority(changes.get(k, c).get("side") for k, c in group)
        if side:
            sides_by_surname[key_[-1]].add(side)
    for k, c in people:
        now = changes.get(k, c)
        if now.get("side") or now.get("kind") != "person" or not now.get("role"):
            continue
        for word in re.findall(r"[A-Z][\w-]+", now["role"]):
            found = sides_by_surname.get(_keys(word)[-1] if _keys(word) else "", set())
            if len(found) == 1 and _keys(word)[-1] not in _keys(now.get("name") or ""):
                changes[k] = {**now, "side": next(iter(found))}
                break
    # organisations and unnamed sources known by an actor id: the side the corpus gives it
    by_actor: dict[str, list[tuple[Hashable, Claimant]]] = defaultdict(list)
    for k, c in items:
        if c.get("kind") == "organization" and c.get("actor"):
            by_actor[c["actor"]].append((k, changes.get(k, c)))
    for group in by_actor.values():
        side = _majority(c.get("side") for _, c in group)
        for k, c in group:
            if side and not c.get("side"):
                changes[k] = {**c, "side": side}
    return changes


def _majority(sides: Iterable[str | None]) -> str | None:
    """The side most claims of an actor give, if it has a clear majority (independent counts too)."""
    counts = Counter(s for s in sides if s)
    if not counts:
        return None
    (best, n), *rest = counts.most_common(2) + [(None, 0)]
    return best if n > rest[0][1] else None


__all__ = ["harmonise", "INDEPENDENT"]
