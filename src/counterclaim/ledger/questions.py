"""The questions claims answer, and each claim's answers (what linking compares).

A proposition is a real-world question ("Who controls Soledar?", "How many Taliban fighters were
killed in Panjshir?") and a claim is an answer to it: a controller, a figure range, who did it, or
just yes (asserted) and no (denied). The question kinds, what each is about and how a claim's fields
give its value are data: `data/questions.yaml`.

`answers(claim)` gives a claim's answers, each with the key of its question (kind and subject) and
its value; `agree(a, b)` says whether two values can both hold. Linking blocks claims by question
key, so only answers to the same question are ever compared.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Protocol

import yaml

from ..knowledge.countries import load_countries
from ..knowledge.gazetteer import key as fold, skeleton

CASUALTY_KINDS = ("killed", "wounded", "captured", "displaced", "missing")


@dataclass(frozen=True)
class QuestionKind:
    family: str
    ask: str
    subject: str      # place | province | victims
    value: str        # controller | figure | agent | yes
    # (name, ask, words, unless, subject) asked instead when the words are there and none of
    # `unless`; subject, when given, is what the narrower question is about instead of the kind's
    variants: tuple[tuple[str, str, re.Pattern, re.Pattern, str | None], ...] = ()
    by_agent: bool = False    # one question per doer: who seized or detained is part of what is asked


@dataclass(frozen=True)
class Questions:
    kinds: dict[str, QuestionKind]
    releases: frozenset[str]
    release_words: re.Pattern
    figure_factor: float
    reference: re.Pattern      # before a place others are located from ("north of ")
    capital_acts: re.Pattern   # after a capital acting ("Baku said")
    acted_for: re.Pattern      # before a capital acted for ("a victory for ")
    whole_country: re.Pattern  # a claim about its article's whole country ("fled the country")
    smaller_area: re.Pattern   # ... unless it names a smaller one ("the province")


@dataclass(frozen=True)
class Answer:
    """One claim's answer to one question."""

    key: str                      # the question: kind and subject ("territory|admin2:AF/Panjshir/Paryan")
    question: str                 # the question in words ("Who controls Paryan?")
    value: Any                    # "taliban", ("not", "ukraine"), (lo, hi), "yes" or None when unread
    label: str                    # the value in words ("taliban", "not ukraine", "500-600")


class Answering(Protocol):
    """What answering needs of a claim (linking's LinkClaim has it)."""

    family: str
    type: str
    text: str
    side: str | None
    agent: str | None
    places: list[dict[str, Any]]
    focus: list[dict[str, Any]]
    quantities: list[dict[str, Any]]
    cue: str
    polarity: str
    counter: bool
    says_no: bool
    bystander: bool


@lru_cache(maxsize=1)
def load_questions() -> Questions:
    raw = yaml.safe_load(resources.files("counterclaim.data").joinpath("questions.yaml").read_text("utf-8"))
    kinds = {family: QuestionKind(family, spec["ask"], spec["subject"], spec["value"],
                                  tuple((name, v["ask"], _word_beginnings(v["words"]), _word_beginnings(v.get("unless") or []),
                                         v.get("subject"))
                                        for name, v in (spec.get("variants") or {}).items()),
                                  bool(spec.get("by_agent")))
             for family, spec in (raw.get("questions") or {}).items()}
    factor = float(((raw.get("compare") or {}).get("figure") or {}).get("factor", 1.0))
    releases = raw.get("releases") or {}
    other = raw.get("not_subjects") or {}
    country = raw.get("whole_country") or {}
    return Questions(kinds, frozenset(releases.get("types") or ()), _word_beginnings(releases.get("words") or []),
                     factor,
                     reference=re.compile(rf"\b(?:{_any(other.get('directions'))})(?:ern)?\s+of\s+"
                                          r"(?:the\s+(?:capital|city|town)\s+(?:of\s+)?)?$", re.I),
                     capital_acts=re.compile(rf"^\s+(?:{_any(other.get('capital_acts'))})\b", re.I),
                     acted_for=re.compile(rf"\b(?:{_any(other.get('capital_acted_for'))})\s+$", re.I),
                     whole_country=re.compile(rf"\b(?:{_any(country.get('words'))})\b", re.I),
                     smaller_area=re.compile(rf"\b(?:{_any(country.get('unless'))})\b", re.I))


def _any(phrases: list[str] | None) -> str:
    """An alternation of phrases, their spaces any white space."""
    return "|".join(r"\s+".join(map(re.escape, str(p).split())) for p in phrases or ["(?!x)x"])


def _word_beginnings(words: list[str]) -> re.Pattern:
    """Word beginnings; a "*" in one stands for any one word ("out of * control")."""
    if not words:
        return re.compile(r"(?!x)x")   # matches nothing
    return re.compile(r"\b(?:" + "|".join(re.escape(w.lower()).replace(r"\*", r"[\w'’-]+") for w in words) + ")")


def place_keys(place: dict[str, Any]) -> list[str]:
    """A place and the areas that contain it, coarsest first: country, province, district, place."""
    country, a1, a2 = place.get("country"), place.get("admin1"), place.get("admin2")
    if not country:
        return [f"name:{fold(place.get('name') or place['text'])}"]
    keys = [f"country:{country}"]
    if a1:
        keys.append(f"admin1:{country}/{fold(a1)}")
    if a2:
        keys.append(f"admin2:{country}/{fold(a1 or '')}/{fold(a2)}")
    if place.get("feature") not in ("country", "admin1", "admin2") and place.get("id"):
        keys.append(f"place:{place['id']}")
    return keys


def _name(place: dict[str, Any], depth: int) -> str:
    """The name of a place's area at a depth of its keys (0 country, 1 province, 2 district)."""
    keys = place_keys(place)
    if depth >= len(keys) - 1:
        return place.get("name") or place["text"].strip()
    if depth == 0:   # "Afghanistan", not its code
        country = load_countries().by_code(place["country"]) if place.get("country") else None
        return country.name if country is not None else place.get("country") or place.get("name") or place["text"]
    return [place.get("admin1"), place.get("admin2")][depth - 1] or place.get("name") or place["text"]


def stands_for_a_party(place: dict[str, Any], text: str) -> bool:
    """A place named for who lives or rules there, or as a reference point, not where something
    happened: an armed group the gazetteer also knows as a place ("Wagner units"), a demonym
    ("Russian troops"), a capital in the possessive, acting or acted for ("Moscow's control",
    "Baku said", "a victory for Moscow"), or a place other places are located from ("north of Kabul")."""
    name = place["text"].strip()
    if _actor_named(name):
        return True
    questions = load_questions()
    at = text.find(name)
    if at >= 0 and questions.reference.search(text[:at]):
        return True
    refs = load_countries().find(place["text"])
    if not refs or (refs[0].end - refs[0].start) != len(name):
        return False
    if refs[0].kind == "demonym":
        return True
    if refs[0].kind != "capital":
        return False
    if any(f"{place['text']}{s}" in text for s in ("'s", "’s")):
        return True
    return at >= 0 and bool(questions.capital_acts.match(text[at + len(name):])
                            or questions.acted_for.search(text[:at]))


@lru_cache(maxsize=4096)
def _actor_named(text: str) -> bool:
    from ..knowledge.actors import load_actors

    actor = load_actors().lookup(text)
    return actor is not None and actor.kind == "organization" and not actor.regions and not actor.state


def subjects(claim: Answering, level: str) -> dict[str, str]:
    """The areas a claim is about, key -> name: the most specific ones it names (`place`) or their
    provinces (`province`). A claim that names no area below a country ("Russian forces took the
    town") is about its article's main place (`claim.focus`) when there is one."""
    chosen: dict[str, str] = {}
    if level == "place" and _whole_country(claim):
        return {f"country:{p['country']}": _name(p, 0) for p in sorted(claim.places, key=lambda p: p["country"])}
    named = [_as_province(p) for p in claim.places if not stands_for_a_party(p, claim.text)]
    places = [p for p in named if p.get("feature") != "country" and p.get("country")] \
        or [_as_province(p) for p in claim.focus] or named
    if level == "place":
        deepest = max((len(place_keys(p)) for p in places), default=0)
        for p in places:
            keys = place_keys(p)
            if len(keys) == deepest:
                depth = min(len(keys) - 1, 2)
                chosen[keys[depth]] = _name(p, depth)
    else:
        for p in places:
            keys = place_keys(p)
            depth = 1 if len(keys) > 1 and level == "province" else 0
            chosen[keys[depth]] = _name(p, depth)
    return chosen


def _whole_country(claim: Answering) -> bool:
    """Whether a claim that names no place, and so inherits its article's main place, is about that
    place's whole country instead ("he had stepped down and fled the country")."""
    questions = load_questions()
    return bool(claim.places) and all(p.get("inherited") and p.get("country") for p in claim.places) \
        and bool(questions.whole_country.search(claim.text)) and not questions.smaller_area.search(claim.text)


NEGATED = re.compile(r"\b(?:not|n't|never|unlikely(?: to)?|cannot|no longer)\s+(?:[\w'’-]+\s+){0,2}$")


def _variant(kind: QuestionKind, text: str) -> tuple[str, str, bool, str] | None:
    """The narrower question (name, ask) a claim's words ask instead of the kind's own, if any,
    whether every word that asks it is negated ("will not enable them to ...": its answer is no),
    and what it is about."""
    lowered = text.lower()
    for name, ask, words, unless, subject in kind.variants:
        found = list(words.finditer(lowered))
        if found and not unless.search(lowered):
            negated = all(m.group(0).startswith(("not ", "unlikely")) or NEGATED.search(lowered[:m.start()])
                          for m in found)
            return name, ask, negated, subject or kind.subject
    return None


def _as_province(place: dict[str, Any]) -> dict[str, Any]:
    """A town named like its province, in any spelling ("Donetsk", "Kharkiv", "Idlib", "Baku" in
    Baki; "Bakhmut in Donetsk"), read as the province: the wider reading, which the narrower claims
    about it fall inside, and the one the geoparser gives the same name elsewhere in the text."""
    if place.get("feature") not in ("admin1", "admin2", "country") and place.get("admin1") \
            and skeleton(place.get("name") or place["text"]) == skeleton(place["admin1"]):
        return {**place, "feature": "admin1", "admin2": None, "id": None}
    return place


def _controller(claim: Answering, questions: Questions) -> tuple[Any, str]:
    # who holds the place: the doer, else the claimant's own party ("it had retaken Harib") when it
    # is a party to the fighting; a plain denial ("denied the capture of Shutul") is no answer of the
    # denier's party
    plain_denial = claim.polarity == "deny" and not claim.counter
    who = claim.agent or (claim.side if not plain_denial and not claim.bystander else None)
    if who is None:
        return None, "unread"
    if claim.type in questions.releases or questions.release_words.search(claim.text.lower()):
        return ("not", who), f"not {who}"
    return who, who


def figure_range(q: dict[str, Any]) -> tuple[tuple[float, float], str]:
    """A casualty figure's range (an open top for "at least") and the range in words."""
    lo = q.get("min") if q.get("min") is not None else q.get("value")
    hi = q.get("max") if q.get("max") is not None else q.get("value")
    lo, hi = (lo if lo is not None else 0.0), (hi if hi is not None else float("inf"))
    label = f"{lo:,.0f}" if lo == hi else (f"at least {lo:,.0f}" if hi == float("inf") else f"{lo:,.0f}-{hi:,.0f}")
    return (lo, hi), label


def answers(claim: Answering) -> list[Answer]:
    """The claim's answers: to its family's question about each area it is about, and, for each
    casualty figure it gives (whatever its family), to how many of whom were killed, wounded, ..."""
    questions = load_questions()
    out: list[Answer] = []
    kind = questions.kinds.get(claim.family)
    if kind is not None and kind.subject != "victims":
        if kind.value == "controller":
            value, label = _controller(claim, questions)
        elif kind.value == "agent":
            value, label = claim.agent, claim.agent or "unread"
        else:
            value, label = "yes", "yes"
        family, ask = kind.family, kind.ask
        variant = _variant(kind, f"{claim.cue} {claim.text}")   # "turned down the offer": the cue says which
        if variant is not None:
            family, ask = f"{kind.family}/{variant[0]}", variant[1]
        says_no = claim.says_no or (variant is not None and variant[2])
        if says_no and claim.polarity == "assert" and (kind.value == "yes" or family != kind.family):
            value, label = "no", "no"   # "there was no encirclement", "no clashes were reported"
        if kind.by_agent:   # "materiel seized by the taliban" and "... by the nrf" are two questions
            family = f"{family}/by-{claim.agent or 'unknown'}"
            ask = ask.replace("?", f" (by {claim.agent})?") if claim.agent else ask
        for key, name in subjects(claim, variant[3] if variant is not None else kind.subject).items():
            out.append(Answer(f"{family}|{key}", ask.format(subject=name), value, label))
    casualties = questions.kinds.get("casualties")
    if casualties is None:
        return out
    figures = [q for q in claim.quantities if q.get("kind") in CASUALTY_KINDS]
    # a running total ("the fighting has killed 92 civilians since September") is not one event's toll
    variant = _variant(casualties, claim.text)
    total = (f"|{variant[0]}", variant[1]) if variant is not None else ("", casualties.ask)
    for key, name in subjects(claim, "province").items():
        for q in figures:
            victims = q.get("victims") or "unknown"
            value, label = figure_range(q)
            subject = f"{victims} {q['kind']} in {name}" if victims != "unknown" else f"{q['kind']} in {name}"
            out.append(Answer(f"casualties|{q['kind']}|{victims}|{key}{total[0]}",
                              total[1].format(subject=subject), value, label))
        if not figures and claim.family == "casualties":
            out.append(Answer(f"casualties|any|unknown|{key}", casualties.ask.format(subject=f"casualties in {name}"),
                              "yes", "yes"))
    return out


def agree(a: Any, b: Any) -> bool | None:
    """Whether two answers to one question can both hold; None when either is unread.

    Controllers: the same party, or "not X" and any other party. Figures: ranges that overlap or
    lie within the documented factor of each other. Yes and yes agree.
    """
    if a is None or b is None:
        return None
    if isinstance(a, tuple) and isinstance(b, tuple) and len(a) == 2 and isinstance(a[0], float | int):
        (lo_a, hi_a), (lo_b, hi_b) = a, b
        if hi_a >= lo_b and hi_b >= lo_a:
            return True
        factor = load_questions().figure_factor
        small_hi, big_lo = (hi_a, lo_b) if hi_a < lo_b else (hi_b, lo_a)
        return big_lo <= small_hi * factor
    if isinstance(a, tuple) and a[0] == "not":
        return b != a[1] if not isinstance(b, tuple) else True
    if isinstance(b, tuple) and b[0] == "not":
        return a != b[1]
    return a == b
