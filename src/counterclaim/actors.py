"""Actors and sides: who a claimant is, whom they speak for, and in what role.

The dictionary (`data/actors.yaml`, user-extensible through `$COUNTERCLAIM_ACTORS`) names armed
groups, governments, international bodies, outlets and some people, with aliases. `ActorResolver`
reads one document: it learns people's roles and sides from appositions and titles ("Fahim Dashti,
spokesperson for the Resistance Front"), then resolves each claimant mention, pronouns included.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml
from spacy.tokens import Doc, Span, Token

from .model import Claimant
from .nlp import ents_of, text_of

PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "them", "it"}
ROLE_WORDS = {
    "leader", "spokesman", "spokeswoman", "spokesperson", "commander", "head", "chief", "minister",
    "president", "official", "governor", "general", "deputy", "director", "member", "representative",
    "envoy", "ambassador", "secretary", "colonel", "prime", "mayor", "founder", "adviser", "advisor",
}


@dataclass(frozen=True)
class Actor:
    id: str
    name: str
    kind: str = "organization"
    aliases: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    side: str | None = None
    role: str | None = None
    country: str | None = None

    @property
    def speaks_for(self) -> str:
        return self.side or self.id


def slug(text: str) -> str:
    """A stable lowercase id for a name: 'Fahim Dashti' -> 'fahim-dashti'."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower().replace("’", "").replace("'", "")).strip("-")


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'")).strip().lower()


@dataclass
class ActorDictionary:
    actors: dict[str, Actor]
    media_words: frozenset[str] = frozenset()
    unnamed_words: frozenset[str] = frozenset()
    _pattern: re.Pattern | None = None
    _by_alias: dict[str, Actor] = field(default_factory=dict)
    _generic: dict[str, Actor] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for actor in self.actors.values():
            for alias in (actor.name, *actor.aliases):
                self._by_alias.setdefault(_normalise(alias), actor)
            for word in actor.generic:
                self._generic.setdefault(_normalise(word), actor)
        names = sorted(self._by_alias, key=len, reverse=True)
        self._pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")
        generic = sorted(self._generic, key=len, reverse=True)
        self._generic_pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in generic) + r")(?![\w-])")

    def find(self, text: str, mentioned: set[str] | None = None) -> list[tuple[int, int, Actor]]:
        """Actors named in `text`, as (start, end, actor), in text order.

        `mentioned`: ids the document names outright; generic nouns ("the insurgents") resolve only
        to one of these.
        """
        norm = _normalise_keep_length(text)
        hits = [(m.start(), m.end(), self._by_alias[m.group(1)]) for m in self._pattern.finditer(norm)]
        if mentioned:
            for m in self._generic_pattern.finditer(norm):
                actor = self._generic[m.group(1)]
                if actor.id in mentioned and not any(s < m.end() and m.start() < e for s, e, _ in hits):
                    hits.append((m.start(), m.end(), actor))
        return sorted(hits, key=lambda h: h[0])

    def lookup(self, text: str, mentioned: set[str] | None = None) -> Actor | None:
        hits = self.find(text, mentioned)
        return hits[0][2] if hits else None


def _normalise_keep_length(text: str) -> str:
    """Lower case with curly apostrophes straightened, same length as `text` (offsets stay valid)."""
    return text.replace("’", "'").replace("\n", " ").lower()


def _read(path_text: str) -> dict:
    return yaml.safe_load(path_text) or {}


@lru_cache(maxsize=4)
def load_actors(extra: str | None = None) -> ActorDictionary:
    """The bundled actor dictionary, merged with `extra` or `$COUNTERCLAIM_ACTORS` when given."""
    raw = _read(resources.files("counterclaim.data").joinpath("actors.yaml").read_text("utf-8"))
    entries = {e["id"]: e for e in raw.get("actors", [])}
    extra = extra or os.environ.get("COUNTERCLAIM_ACTORS")
    if extra:
        more = _read(Path(extra).read_text("utf-8"))
        entries.update({e["id"]: e for e in more.get("actors", [])})
        raw["media_words"] = raw.get("media_words", []) + more.get("media_words", [])
    actors = {
        key: Actor(
            id=key, name=e.get("name", key), kind=e.get("kind", "organization"),
            aliases=tuple(e.get("aliases", [])), generic=tuple(e.get("generic", [])),
            side=e.get("side"), role=e.get("role"), country=e.get("country"),
        )
        for key, e in entries.items()
    }
    return ActorDictionary(actors, frozenset(raw.get("media_words", [])), frozenset(raw.get("unnamed_words", [])))


@dataclass
class Person:
    name: str
    role: str | None
    side: str | None
    start: int


class ActorResolver:
    """Resolves mentions in one document to actors, with what the document says about people."""

    def __init__(self, doc: Doc, dictionary: ActorDictionary | None = None) -> None:
        self.doc = doc
        self.dict = dictionary or load_actors()
        self.mentioned = {a.id for _, _, a in self.dict.find(text_of(doc))}
        self.people: dict[str, Person] = {}          # by lower-cased name and surname
        self.roles: dict[tuple[str, str], str] = {}  # (role word, side) -> person name
        self.speakers: list[tuple[int, Claimant]] = []  # resolved claimants by position
        for ent in ents_of(doc):
            if ent.label_ == "PERSON":
                self._learn(ent)

    # -- what the document says about people -------------------------------------------------------
    def _learn(self, ent: Span) -> None:
        """Record a person's role and side from the words around the name."""
        name = self._full_name(ent)
        role_tokens: list[Token] = []
        root = ent.root
        for child in root.children:
            if child.dep_ in ("appos", "relcl", "acl") or (child.dep_ == "prep" and child.lower_ in ("of", "for")):
                role_tokens.extend(child.subtree)
        # a title before the name: "Deputy head of the Taliban's ... commission Ahmadullah Wasiq"
        head = root.head
        if root.dep_ in ("appos",) and head.pos_ in ("NOUN", "PROPN"):
            role_tokens.extend(t for t in head.subtree if not (ent.start <= t.i < ent.end) and t.i < ent.start)
        for sibling in (root.head.children if root.dep_ == "nsubj" else []):
            if sibling.dep_ == "nsubj" and sibling != root and sibling.right_edge.i + 1 == ent.start:
                role_tokens.extend(sibling.subtree)
        role = self._text(role_tokens) if role_tokens else None
        side = self._side_in(role) if role else None
        known = self.dict.lookup(name)
        if side is None and known is not None and known.kind == "person":
            side = known.side
        if role is None and known is not None and known.kind == "person":
            role = known.role
        person = self.people.get(name.lower())
        if person is None or (person.role is None and role):
            person = Person(name, role, side or (person.side if person else None), ent.start_char)
        for key in (name.lower(), name.split()[-1].lower()):
            if key not in self.people or self.people[key].role is None:
                self.people[key] = person
        if role and side:
            for word in ROLE_WORDS & {w.lower() for w in re.findall(r"[\w]+", role)}:
                self.roles.setdefault((word, side), name)

    def _full_name(self, ent: Span) -> str:
        """The name with the proper nouns the tagger left out ('Maulvi Sakhi Dad Mujmar')."""
        start = ent.start
        while start > 0 and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].dep_ == "compound" \
                and self.dict.lookup(self.doc[start - 1].text) is None:
            start -= 1
        return self.doc[start:ent.end].text

    def _side_in(self, text: str) -> str | None:
        hit = self.dict.lookup(text, self.mentioned)
        return hit.speaks_for if hit is not None else None

    @staticmethod
    def _text(tokens: list[Token]) -> str:
        tokens = sorted(set(tokens), key=lambda t: t.i)
        doc = tokens[0].doc
        return text_of(doc)[tokens[0].idx: tokens[-1].idx + len(tokens[-1].text)].strip(" ,()")

    # -- resolution ---------------------------------------------------------------------------------
    def claimant(self, token: Token | None, span: tuple[int, int] | None) -> Claimant:
        """The claimant behind a source mention: its actor, name, side, role and kind."""
        if token is None or span is None:
            return Claimant(text=None, span=None, kind="unnamed")
        text = text_of(self.doc)[span[0]:span[1]]
        if token.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS and span[1] - span[0] <= 4:
            found = self._antecedent(token)
            found = Claimant(text=text, span=span, actor=found.actor, name=found.name, side=found.side,
                             role=found.role, kind=found.kind)
        else:
            found = self._resolve(text, span, self._title_before(token))
        self.speakers.append((span[0], found))
        return found

    @staticmethod
    def _title_before(token: Token) -> str | None:
        """'One of the Taliban commanders, Maulvi Sakhi Dad Mujmar said': a subject split in two."""
        for sibling in token.head.children:
            if sibling.dep_ == "nsubj" and sibling != token and sibling.i < token.i \
                    and sibling.right_edge.i + 2 >= token.left_edge.i:
                sub = list(sibling.subtree)
                return text_of(token.doc)[sub[0].idx: sub[-1].idx + len(sub[-1].text)]
        return None

    def _names_in(self, span: tuple[int, int]) -> list[Span]:
        """Person names in a span: PERSON entities, else a run of proper nouns no dictionary knows."""
        persons = [e for e in ents_of(self.doc) if e.label_ == "PERSON" and span[0] <= e.start_char and e.end_char <= span[1]]
        if persons:
            return persons
        region = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        if region is None:
            return []
        run: list[Token] = []
        for tok in region:
            if tok.pos_ == "PROPN" and not tok.ent_type_ in ("ORG", "GPE", "NORP", "LOC", "FAC"):
                run.append(tok)
                continue
            if len(run) >= 2:
                break
            run = []
        if len(run) >= 2 and self.dict.lookup(" ".join(t.text for t in run)) is None:
            return [self.doc[run[0].i: run[-1].i + 1]]
        return []

    def _resolve(self, text: str, span: tuple[int, int], title: str | None = None) -> Claimant:
        persons = self._names_in(span)
        hits = self.dict.find(text, self.mentioned)
        words = {w.lower() for w in re.findall(r"[\w]+", text)}
        if persons:
            ent = persons[0]
            name = self._full_name(ent)
            person = self.people.get(name.lower()) or self.people.get(name.split()[-1].lower())
            role = re.sub(r"\s+,", ",", text.replace(name, "")).strip(" ,.") or title or None
            known = self.dict.lookup(name)
            side = self._side_in(role) if role else None
            side = side or (person.side if person else None) or (known.side if known and known.kind == "person" else None)
            role = role if role and len(role) > 2 else (person.role if person else None)
            actor = known.id if known is not None and known.kind == "person" else slug(person.name if person else name)
            return Claimant(text=text, span=span, actor=actor, name=person.name if person else name, side=side,
                            role=role, kind="person")
        if hits and ROLE_WORDS & words and not any(h[0] == 0 and h[1] >= len(text) - 1 for h in hits):
            # "the leader of the Resistance Front": a person known by role
            side = hits[0][2].speaks_for
            word = next((w for w in re.findall(r"[\w]+", text.lower()) if w in ROLE_WORDS), None)
            name = self.roles.get((word, side)) if word else None
            if name is None:
                known = next((a for a in self.dict.actors.values() if a.kind == "person" and a.side == side
                              and a.role == word), None)
                name = known.name if known else None
            actor = slug(name) if name else None
            known = self.dict.lookup(name) if name else None
            return Claimant(text=text, span=span, actor=known.id if known else actor, name=name, side=side,
                            role=re.sub(r"^(the|a|an)\s+", "", text, flags=re.I), kind="person")
        if hits:
            actor = hits[0][2]
            kind = "media" if actor.kind == "media" else ("person" if actor.kind == "person" else "organization")
            return Claimant(text=text, span=span, actor=actor.id, name=actor.name,
                            side=None if kind == "media" else actor.speaks_for, role=actor.role, kind=kind)
        orgs = [e for e in ents_of(self.doc) if e.label_ in ("ORG", "NORP", "GPE") and span[0] <= e.start_char
                and e.end_char <= span[1]]
        if orgs and not (words & self.dict.unnamed_words and orgs[0].label_ != "ORG"):
            name = re.sub(r"^(the|a|an)\s+", "", orgs[0].text, flags=re.I)
            media = bool({w.lower() for w in name.split()} & self.dict.media_words)
            return Claimant(text=text, span=span, actor=slug(name), name=name,
                            side=None if media else slug(name), kind="media" if media else "organization")
        return Claimant(text=text, span=span, kind="unnamed")

    def _antecedent(self, token: Token) -> Claimant:
        """The nearest earlier person (he, she, him, her) or group (they, it) the pronoun can refer to."""
        want_person = token.lower_ in PERSON_PRONOUNS
        speaker = next((s for start, s in reversed(self.speakers) if start < token.idx
                        and (s.kind == "person") == want_person and s.kind != "unnamed"), None)
        speaker_at = max((start for start, s in self.speakers if s is speaker), default=-1)
        labels = ("PERSON",) if want_person else ("ORG", "NORP")
        ent = next((e for e in reversed(ents_of(self.doc)) if e.end_char <= token.idx and e.label_ in labels
                    and e.root.dep_ not in ("compound", "amod", "poss")), None)
        if ent is not None and ent.start_char > speaker_at:
            # a person named after the last speaker is the nearer antecedent
            return self._resolve(ent.text, (ent.start_char, ent.end_char))
        if speaker is not None:
            return speaker
        return Claimant(text=token.text, span=(token.idx, token.idx + len(token.text)), kind="unnamed")

    def actor_id(self, text: str) -> str | None:
        """The actor id a phrase names ('the Taliban' -> 'taliban'), or None."""
        hit = self.dict.lookup(text, self.mentioned)
        return hit.speaks_for if hit is not None else None
