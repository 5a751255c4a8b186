"""Linking claims across articles: propositions, and the links between the claims in them.

A **proposition** is a real-world question the claims answer ("Who controls Soledar?", "How many
Taliban fighters were killed in Panjshir?"): `questions.answers` reads, for each claim, the
questions it bears on and its value for each (a controller, a figure range, who did it, yes).
Claims answering the same question in overlapping time form a proposition, and their values decide
the link between two of them:

- `denies`: an explicit denial of the other's answer ("denied the Taliban's claim"), within or
  across articles, or a claim saying it did not happen ("there was no encirclement"), even weeks
  after the episode it answers;
- `contradicts`: incompatible answers from different sides (different controllers of one place,
  casualty figures too far apart), or a denial whose grounds assert another answer;
- `repeats`: the same side giving the same answer again;
- `reports`: one statement relayed (same claimant and day, through an outlet);
- `corroborates`: an independent source giving the same answer (not "some were killed" with no
  figure and no victims named: two sides saying so share no fact).

A plain denial of a claim its own article names is linked to that claim only. Time counts: a
denial answers claims made on or before its day, not later ones; a place one side
held on one day and the other side took on a later one changed hands (no contradiction).
Where a question has no value to read, the stance classifier decides, and a pair it reads as
unrelated is never linked. Independence: the claims of one party, or relays of one statement,
count as one source; an independent claimant (a UN agency, a think tank) is a source of its own.
Blocking by question and week keeps the comparison near-linear.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from ..extraction.ontology import load_ontology
from ..knowledge.actors import INDEPENDENT
from .parties import mark_bystanders, parties_to_the_fighting
from .questions import Answer, agree, answers, load_questions, place_keys, stands_for_a_party
from .tallies import casualty_aggregate, independent_sources

WINDOW_DAYS = 3          # an episode of a question: claims within this many days of its first one
LATE_DAYS = 21           # a "no" this many days after an episode's last claim still answers it
STANCE_DISAGREE = 0.6    # the classifier's probability needed to call two sources' texts contradictory
STANCE_UNRELATED = 0.8   # ... and to keep two texts apart as unrelated
UNCOUNTED = "casualties|any|unknown|"   # casualty claims with no figure and no known victims
PRECEDENCE = {"denies": 0, "contradicts": 1, "reports": 2, "repeats": 3, "corroborates": 4}
# a proposition's statuses, most salient first
STATUSES = ("contested", "denied", "corroborated", "uncorroborated")
STATUS_RANK = {s: n for n, s in enumerate(STATUSES)}


@dataclass
class LinkClaim:
    """What linking needs to know about one stored claim."""

    key: str                      # globally unique: "<document id>#<claim id>"
    document: str
    local_id: str
    text: str
    type: str
    family: str
    polarity: str
    mode: str
    actor: str | None             # the claimant's actor id, or its text when unresolved
    side: str | None
    kind: str                     # person | organization | media | unnamed
    outlet: str | None
    agent: str | None
    places: list[dict[str, Any]]
    day: date | None
    quantities: list[dict[str, Any]]
    denies: list[str] = field(default_factory=list)   # local ids in the same document
    via: list[str] = field(default_factory=list)      # actor ids or texts of the reporting chain
    counter: bool = False                             # a denial made by asserting something else
    focus: list[dict[str, Any]] = field(default_factory=list)   # its article's main place (`focus`)
    cue: str = ""                                     # the cue's words ("turned down", "said")
    says_no: bool = False                             # "there was no encirclement": its answer is no
    named_doer: str | None = None                     # the doer its words name, if any
    bystander: bool = False                           # its claimant's side looks on (`parties`)
    target: str | None = None                         # the actor it is done to, if its words name one

    @cached_property
    def all_place_keys(self) -> frozenset[str]:
        """Every key of every place, its country to itself (computed once: linking asks per pair)."""
        return frozenset(k for p in self.places for k in place_keys(p))

    @cached_property
    def finest_places(self) -> frozenset[str]:
        """The finest key of each place."""
        return frozenset(place_keys(p)[-1] for p in self.places)

    @cached_property
    def answers(self) -> dict[str, Answer]:
        """The claim's answers by question key (`questions.answers`)."""
        return {a.key: a for a in answers(self)}

    @property
    def unattributed(self) -> bool:
        """Nobody is named for the words: no party, no known actor, not an outlet's own."""
        return not self.side and not self.actor and self.kind != "media"

    @property
    def source(self) -> str:
        """The original source: the claimant's party when it speaks for one, else the claimant
        (an independent body is a source of its own), else the outlet."""
        if self.side and self.side != INDEPENDENT:
            return self.side
        return self.actor or self.outlet or self.document


@dataclass
class Link:
    claim: str
    other: str
    kind: str
    reason: dict[str, Any]


@dataclass
class Proposition:
    id: str
    family: str
    label: str
    places: list[str]
    start: date | None
    end: date | None
    claims: list[str]
    status: str = "uncorroborated"
    sources: dict[str, int] = field(default_factory=dict)   # side -> independent sources
    casualties: dict[str, Any] | None = None
    question: str = ""


def _family(type_id: str) -> str:
    ctype = load_ontology().types.get(type_id)
    return ctype.family if ctype is not None else "statement"


def _day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def focus(document: dict[str, Any], text: str | None = None) -> list[dict[str, Any]]:
    """The place an article is mostly about: its most mentioned resolved province or district.

    A claim that names no place ("they killed over 1,000 fighters") is taken to be about it.
    text: the article's text; given, a mention that stands for a party ("Moscow's claims", "Kyiv
    said") does not count.
    """
    counts: dict[str, int] = defaultdict(int)
    first: dict[str, dict[str, Any]] = {}
    for place in document.get("places") or []:
        span = place.get("span")
        if text and span and stands_for_a_party(place, text[max(0, span[0] - 60):span[1] + 40]):
            continue
        if place.get("feature") in ("admin1", "admin2") or place.get("admin1"):
            key = place_keys(place)[-1]
            counts[key] += 1
            first.setdefault(key, place)
    if not counts:
        return []
    best = max(counts, key=lambda k: counts[k])
    return [{**first[best], "inherited": True}]


def from_json(document: dict[str, Any], claim: dict[str, Any], default_places: list | None = None) -> LinkClaim:
    """A LinkClaim from the JSON form of a document and one of its claims.

    default_places: places for a claim that names none (see `focus`).
    """
    when = claim.get("when") or {}
    who = claim.get("claimant") or {}
    agent = claim.get("agent") or {}
    # who did it: a known actor, else the party the claimant speaks for ("it had retaken Harib");
    # an outlet or an independent body is nobody's forces; a plain denial names the denied doer only
    doer = agent.get("actor") or (who.get("side") if who.get("kind") != "media" else None)
    if claim["polarity"] == "deny" and not claim.get("counter"):
        doer = agent.get("actor")
    return LinkClaim(
        key=f"{document['id']}#{claim['id']}", document=document["id"], local_id=claim["id"],
        text=claim["text"], type=claim["type"], family=claim.get("family") or _family(claim["type"]),
        polarity=claim["polarity"], mode=claim["mode"],
        # an unnamed claimant's words ("officials", a place the parser took for a speaker) name no source
        actor=who.get("actor") or (who.get("text") if who.get("kind") not in (None, "unnamed") else None),
        side=who.get("side"), kind=who.get("kind") or "unnamed", outlet=document.get("outlet"),
        agent=doer if doer != INDEPENDENT else None, places=claim.get("places") or list(default_places or []),
        day=_day(when.get("date")) or _day(document.get("published")),
        quantities=claim.get("quantities") or [], denies=list(claim.get("denies") or []),
        via=[v.get("actor") or v.get("text") for v in claim.get("via") or []],
        counter=bool(claim.get("counter")), focus=list(default_places or []),
        cue=(claim.get("cue") or {}).get("text") or "", says_no=bool(claim.get("says_no")),
        named_doer=agent.get("actor") if agent.get("actor") != INDEPENDENT else None,
        target=(claim.get("target") or {}).get("actor"),
    )


# -- places ------------------------------------------------------------------------------

def places_overlap(a: LinkClaim, b: LinkClaim) -> bool:
    """One claim's place is, or is inside, one of the other's ("Parian district" in "Panjshir")."""
    if not a.places or not b.places:
        return False
    return bool(a.finest_places & b.all_place_keys) or bool(b.finest_places & a.all_place_keys)


# -- comparing two answers to one question --------------------------------------------------------

def _same_statement(a: LinkClaim, b: LinkClaim) -> bool:
    """Relays of one original statement: same claimant, same day, one of them through outlets."""
    return a.actor is not None and a.actor == b.actor and a.day == b.day and bool(a.via or b.via)


def _stance(a: LinkClaim, b: LinkClaim) -> dict[str, Any]:
    """What the stance classifier says of two claim texts (label and its probability)."""
    from .stance import predict

    label, scores = predict(a.text, b.text)
    return {"label": label, "score": round(float(scores.get(label, 0.0)), 3)}


def _later(claim: LinkClaim, denial: LinkClaim) -> bool:
    """Whether a claim was made after a denial across articles: a denial answers what was said
    before it (by its day), not claims made on later days."""
    return claim.day is not None and denial.day is not None and claim.day > denial.day


def _points_elsewhere(claim: LinkClaim) -> bool:
    """A plain denial of a claim its article names ("denied the claim", "this is false"): it answers
    that claim, linked to it by `explicit_denial`, not every claim of its episode."""
    return bool(claim.denies) and claim.polarity == "deny" and not claim.counter


TAKINGS = ("territory_capture", "territory_recapture")   # claim types that say a place was taken


def _changed_hands(a: LinkClaim, b: LinkClaim, question: str) -> bool:
    """A side holding a place on one day and the other side taking it on a later one: the place
    changed hands ("our forces repelled the attack" on the 5th, "we have taken the town" on the
    8th). Two captures on different days still dispute who took it."""
    if not question.startswith("territory|") or a.day is None or b.day is None or a.day == b.day:
        return False
    earlier, later = (a, b) if a.day < b.day else (b, a)
    return later.type in TAKINGS and later.polarity == "assert" and earlier.type not in TAKINGS


def compare(a: LinkClaim, b: LinkClaim, question: str) -> Link | None:
    """The link between two claims' answers to one question, with its reason, or None."""
    qa, qb = a.answers[question], b.answers[question]
    what = qa.question
    fields: dict[str, Any] = {"question": what, "values": [qa.label, qb.label],
                              "places": sorted(a.finest_places | b.finest_places),
                              "days": [str(a.day) if a.day else None, str(b.day) if b.day else None]}
    if a.document == b.document and (b.local_id in a.denies or a.local_id in b.denies):
        src, dst = (a, b) if b.local_id in a.denies else (b, a)
        return explicit_denial(src, dst, fields)
    if _points_elsewhere(a) or _points_elsewhere(b):
        return None   # "Armenia denied the claim": it denies the claim it points to, and only that one
    if question.split("|")[0].split("/")[0] == "territory" and not places_overlap(a, b):
        return None   # two places of one province: "captured Shotul" and "retook Paryan" both hold
    same = agree(qa.value, qb.value)
    if a.polarity != b.polarity:
        deny, other = (a, b) if a.polarity == "deny" else (b, a)
        if deny.source == other.source or same is False or _later(other, deny):
            return None   # a side correcting itself; a denial of an answer the other does not give
        if deny.counter:
            return Link(deny.key, other.key, "contradicts",
                        {"rule": "a denial's grounds assert what cannot hold with the claim",
                         "compared": _compared(deny, other, question), **fields})
        return Link(deny.key, other.key, "denies",
                    {"rule": "denial by another side of the same answer",
                     "compared": _compared(deny, other, question), **fields})
    if same is False:
        if a.source == b.source or _changed_hands(a, b, question):
            return None   # one side's answer changing (four districts, then all of them)
        if "no" in (qa.value, qb.value):
            # "there was no encirclement" against "a cauldron has formed": saying it did not happen
            # denies it; it gives no rival answer
            no, yes = (a, b) if qa.value == "no" else (b, a)
            if _later(yes, no):
                return None
            return Link(no.key, yes.key, "denies", {"rule": "another side says it did not happen",
                                                    "compared": _compared(no, yes, question), **fields})
        return Link(a.key, b.key, "contradicts", {"rule": "incompatible answers from different sides",
                                                  "compared": _compared(a, b, question), **fields})
    if same is None or qa.value == "yes":
        stance = _stance(a, b)
        fields["stance"] = stance
        if stance["label"] == "unrelated" and stance["score"] >= STANCE_UNRELATED:
            return None
        if same is None and stance["label"] == "disagree" and stance["score"] >= STANCE_DISAGREE \
                and a.source != b.source:
            return Link(a.key, b.key, "contradicts", {"rule": "stance classifier: the texts disagree", **fields})
    if _same_statement(a, b):
        return Link(a.key, b.key, "reports", {"rule": "same claimant and day, relayed by an outlet",
                                              "claimant": a.actor, "via": a.via or b.via, **fields})
    if a.unattributed != b.unattributed:
        # words nobody is named for, giving a party's answer, most likely echo it: no second source
        return Link(a.key, b.key, "reports", {"rule": "an unattributed report gives the same answer as a source",
                                              **fields})
    if a.source == b.source:
        return Link(a.key, b.key, "repeats", {"rule": "same side, same answer", "source": a.source, **fields})
    if question.startswith(UNCOUNTED):
        return None   # "some were killed" from two sides: no figure, no victims, no shared fact
    return Link(a.key, b.key, "corroborates", {"rule": "independent sources give the same answer",
                                               "sources": [a.source, b.source], **fields})


def explicit_denial(denial: LinkClaim, denied: LinkClaim, fields: dict[str, Any] | None = None) -> Link:
    """The link of a claim that denies another of its article: a denial, or a contradiction when the
    denial asserts something else instead ("they have retaken Paryan" against "all districts")."""
    if denial.counter:
        return Link(denial.key, denied.key, "contradicts",
                    {"rule": "a denial's grounds assert what cannot hold with the claim", **(fields or {})})
    return Link(denial.key, denied.key, "denies", {"rule": "explicit denial in the same article", **(fields or {})})


def _compared(a: LinkClaim, b: LinkClaim, question: str) -> str:
    """The two answers in words: 'controller: taliban vs nrf', 'killed, taliban: 600 vs 1,000'."""
    kind = question.split("|")[0].split("/")[0]
    spec = load_questions().kinds.get(kind)
    what = spec.value if spec is not None else kind
    if kind == "casualties":
        _, figure, victims, _ = question.split("|", 3)
        what = f"{figure}, {victims}" if victims != "unknown" else figure
    left = a.answers[question].label + (" (denied)" if a.polarity == "deny" else "")
    right = b.answers[question].label + (" (denied)" if b.polarity == "deny" else "")
    return f"{what}: {left} vs {right}"


# -- linking --------------------------------------------------------------------------------------

def claim_blocks(claim: LinkClaim) -> set[str]:
    """The questions a claim answers; claims that share none are never compared."""
    return set(claim.answers)


def _blocks(claims: list[LinkClaim]) -> dict[tuple[str, int], list[int]]:
    """Claims grouped by question and episode (a claim may sit in several blocks).

    An episode of a question starts at the earliest claim not yet placed and takes every claim
    dated within WINDOW_DAYS of that start: the claims of one episode are compared, and a chain of
    claims a day apart never spreads one proposition over a week. Undated claims join the first.
    """
    by_question: dict[str, list[int]] = defaultdict(list)
    for i, c in enumerate(claims):
        for question in c.answers:
            by_question[question].append(i)
    blocks: dict[tuple[str, int], list[int]] = {}
    for question, members in by_question.items():
        dated = sorted((i for i in members if claims[i].day), key=lambda i: claims[i].day)
        undated = [i for i in members if not claims[i].day]
        episode, start = 0, None
        for i in dated:
            day = claims[i].day
            if start is None or (day - start).days > WINDOW_DAYS:
                episode, start = (episode + 1 if start is not None else 0), day
            blocks.setdefault((question, episode), []).append(i)
        if undated:
            blocks.setdefault((question, 0), []).extend(undated)
    return blocks


def _answers_no(claim: LinkClaim, question: str) -> bool:
    """Whether a claim's answer is a no: its words say it did not happen, or it plainly denies."""
    return claim.answers[question].value == "no" or (claim.polarity == "deny" and not claim.counter)


class _Groups:
    """Union-find over (claim, question) nodes: the propositions."""

    def __init__(self) -> None:
        self.parent: dict[tuple[int, str], tuple[int, str]] = {}

    def find(self, node: tuple[int, str]) -> tuple[int, str]:
        self.parent.setdefault(node, node)
        while self.parent[node] != node:
            self.parent[node] = self.parent[self.parent[node]]
            node = self.parent[node]
        return node

    def union(self, a: tuple[int, str], b: tuple[int, str]) -> None:
        self.parent[self.find(a)] = self.find(b)


def link_claims(claims: Iterable[LinkClaim], parties: frozenset[str] | None = None
                ) -> tuple[list[Proposition], list[Link]]:
    """Group claims into propositions (one question, overlapping time) and link the claims in each.

    Only claims answering the same question in the same episode are compared, so the cost grows
    with the size of blocks, not with the square of the corpus. parties: the corpus's parties to
    the fighting (`parties.parties_to_the_fighting`), read from these claims when not given.
    """
    items = list(claims)
    mark_bystanders(items, parties_to_the_fighting(items) if parties is None else parties)
    blocks = _blocks(items)
    groups = _Groups()
    links: dict[frozenset[str], Link] = {}

    def keep(link: Link) -> None:
        pair = frozenset((link.claim, link.other))
        old = links.get(pair)
        if old is None or PRECEDENCE[link.kind] < PRECEDENCE[old.kind]:
            links[pair] = link

    disputed: set[tuple[int, str]] = set()
    for (question, _), members in blocks.items():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                link = compare(items[min(i, j)], items[max(i, j)], question)
                if link is not None:
                    groups.union((i, question), (j, question))
                    keep(link)
                    if link.kind in ("denies", "contradicts"):
                        disputed.update(((i, question), (j, question)))
    for (question, episode), members in blocks.items():
        # a "no" given later ("there was no encirclement", two weeks on) answers the last episode
        # that asked, when nothing in its own episode says yes
        earlier = blocks.get((question, episode - 1)) if episode > 0 else None
        if not earlier:
            continue
        last = max((items[j].day for j in earlier if items[j].day), default=None)
        for i in members:
            late = items[i]
            if (i, question) in disputed or not _answers_no(late, question) or last is None \
                    or late.day is None or (late.day - last).days > LATE_DAYS:
                continue
            for j in earlier:
                link = compare(items[min(i, j)], items[max(i, j)], question)
                if link is not None and link.kind in ("denies", "contradicts"):
                    groups.union((i, question), (j, question))
                    keep(link)
    # explicit denials in one article link even when the denial answers no question itself
    by_doc = {(c.document, c.local_id): i for i, c in enumerate(items)}
    for i, c in enumerate(items):
        for local in c.denies:
            j = by_doc.get((c.document, local))
            if j is None:
                continue
            keep(explicit_denial(c, items[j]))
            for question in items[j].answers:
                groups.union((i, question), (j, question))
    members: dict[tuple[int, str], list[tuple[int, str]]] = defaultdict(list)
    for i, c in enumerate(items):
        for question in c.answers:
            members[groups.find((i, question))].append((i, question))
    for node in list(groups.parent):
        if node[1] not in items[node[0]].answers:   # a denial joined to what it denies
            members[groups.find(node)].append(node)
    link_list = list(links.values())
    by_claim: dict[str, list[Link]] = defaultdict(list)
    for link in link_list:
        by_claim[link.claim].append(link)
        by_claim[link.other].append(link)
    ordered = sorted(members.values(), key=lambda m: min(m))
    props = [_proposition(n, nodes[0][1], [items[i] for i, _ in nodes], by_claim)
             for n, nodes in enumerate(ordered, 1)]
    return props, link_list


def _proposition(n: int, question: str, members: list[LinkClaim], by_claim: dict[str, list[Link]]) -> Proposition:
    keys = {m.key for m in members}
    mine = [l for m in members for l in by_claim.get(m.key, []) if l.claim in keys and l.other in keys]
    days = [m.day for m in members if m.day]
    names = sorted({p.get("name") or p["text"].strip() for m in members for p in m.places})
    start, end = (min(days), max(days)) if days else (None, None)
    family = question.split("|")[0].split("/")[0]
    asked = next((m.answers[question].question for m in members if question in m.answers), family)
    when = f"{start:%d %b %Y}" if start and start == end else (f"{start:%d %b}–{end:%d %b %Y}" if start else "undated")
    prop = Proposition(id=f"p{n}", family=family, label=f"{asked} ({when})", places=names, start=start, end=end,
                       claims=sorted(keys), question=asked)
    prop.sources = independent_sources(members)
    kinds = {l.kind for l in mine}
    if "contradicts" in kinds:
        prop.status = "contested"      # parties give answers that cannot both hold
    elif "denies" in kinds:
        prop.status = "denied"         # one party asserts, another only denies
    elif sum(n for side, n in prop.sources.items() if side != "unknown") > 1:
        prop.status = "corroborated"   # more than one independent source, each known
    prop.casualties = casualty_aggregate(members, question)
    return prop


def contested_first(props: list[Proposition]) -> list[Proposition]:
    """Propositions with claims on both sides first, strongest (most independent sources) first."""
    return sorted(props, key=lambda p: (STATUS_RANK.get(p.status, 9), -sum(p.sources.values()), -len(p.claims)))
