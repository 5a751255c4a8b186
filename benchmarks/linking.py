"""Linking cost for 1k, 10k and 50k claims, as a ratio to 1k in the same run.

Usage: python benchmarks/linking.py
Claims are synthetic but shaped like a steady news feed: 40 provinces with 10 districts each,
8 claim families, 12 sides, 30 claims a day (so a larger corpus covers a longer period, as an
archive does), a third with casualty figures. Near-linear means 50k claims cost no more than
about 60 times 1k.
"""
from __future__ import annotations

import random
import time
from datetime import date, timedelta

from counterclaim.ledger.linking import LinkClaim, link_claims

FAMILIES = ["territory", "violence", "casualties", "detention", "materiel", "negotiation", "humanitarian", "protest"]
PER_DAY = 30
VERBS = ["captured", "holds", "shelled", "lost", "withdrew from", "denies losing", "attacked"]
TYPES = {"territory": "territory_control", "violence": "armed_clash", "casualties": "casualties",
         "detention": "arrest", "materiel": "materiel_seized", "negotiation": "negotiation",
         "humanitarian": "displacement", "protest": "peaceful_protest"}


def synthetic(n: int, seed: int = 7) -> list[LinkClaim]:
    rng = random.Random(seed)
    start = date(2021, 1, 1)
    out = []
    for i in range(n):
        family = rng.choice(FAMILIES)
        province = rng.randrange(40)
        place = {"text": f"D{province}-{rng.randrange(10)}", "country": "XX", "admin1": f"P{province}",
                 "admin2": f"D{province}-{rng.randrange(10)}", "feature": "admin2", "id": None}
        side = f"side{rng.randrange(12)}"
        qty = [{"kind": "killed", "value": float(rng.randrange(1, 300)), "min": None, "max": None}] \
            if rng.random() < 0.33 else []
        out.append(LinkClaim(
            key=f"d{i // 8}#c{i % 8}", document=f"d{i // 8}", local_id=f"c{i % 8}",
            text=f"{side} says it {rng.choice(VERBS)} {place['text']} on day {rng.randrange(5)}", type=TYPES[family],
            family=family, polarity="deny" if rng.random() < 0.05 else "assert", mode="indirect",
            actor=f"{side}-spokes{rng.randrange(3)}", side=side, kind="person", outlet=f"outlet{rng.randrange(30)}",
            agent=side, places=[place], day=start + timedelta(days=rng.randrange(max(n // PER_DAY, 1))), quantities=qty))
    return out


def main() -> None:
    timings = {}
    for n in (1_000, 10_000, 50_000):
        claims = synthetic(n)
        t0 = time.perf_counter()
        props, links = link_claims(claims)
        timings[n] = time.perf_counter() - t0
        print(f"{n:>6} claims: {timings[n]:7.2f} s, {len(props):>6} propositions, {len(links):>7} links")
    base = timings[1_000]
    for n in (10_000, 50_000):
        print(f"{n // 1000}k / 1k time ratio: {timings[n] / base:5.1f}x  (claims ratio {n // 1000}x)")


if __name__ == "__main__":
    main()
