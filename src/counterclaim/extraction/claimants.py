"""Claimants: who a source mention is, and the party they speak for, read from one document.

`ActorResolver(doc, places=...)` reads the whole document first: the people it names with their
titles and appositions ("Serhiy Cherevatyi, a spokesman for Ukraine's Eastern Military Command"),
the organisations and state organs it names as subjects ("Russia's defence ministry said"). Then
`claimant(token, span)` resolves each source mention:
- a person, by name in any transliteration ("Cherevaty" is "Serhiy Cherevatyi"), with the side
  their titles and appositions give ("Ukrainian President ...", "a Taliban commander");
- an organisation of the actor knowledge base, speaking for its party (Wagner for Russia);
- a country reference ("Kyiv said", "Ukrainian officials", "Russia's defence ministry"): that
  state's organ, speaking for the state;
- anaphora: pronouns to people and organisations only (never places or outlets), "the group" to
  the organisation last spoken of as a subject, "the ministry" to the ministry the article named,
  "the statement" to whoever made it, "the source" to the source last named;
- outlets and reports speak as media; NGOs, hospitals, experts and witnesses for no party.
Datelines ("KYIV, Ukraine (AP) —") are never part of a claimant. People are read by `people`,
references back by `references`, affiliations (the side a title or apposition gives) by `affiliation`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..knowledge.actors import INDEPENDENT, Actor, ActorDictionary, load_actors, slug
from ..knowledge.countries import load_countries
from ..model import Claimant
from ..nlp import ents_of, text_of
from .affiliation import Affiliation
from .people import PERSON_PRONOUNS, ROLE_WORDS, People, Person
from .quotes import QuoteIndex
from .references import ANAPHORIC_NOUNS, GROUP_PRONOUNS, MESSAGE_NOUNS, References

NAME_STOP = {"the", "of", "and", "for", "in", "on", "national", "people", "people's", "popular", "islamic", "democratic",
             "front", "group", "forces", "force", "army", "movement", "party", "state", "republic", "united",
             "council", "organization", "organisation", "government", "fighters", "troops", "military"}
DATELINE = re.compile(
    r"^(?P<prefix>.*?(?:\b[A-Z]{3,}\b|\d|\(|\[|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\b).*?)"
    r"(?:\s*[—–]+\s*|\s+--?\s+|\s*:\s+)(?P<rest>\S.*)$", re.S)


@dataclass
class Organ:
    """A state organ or organisation the document names as a subject or speaker."""

    start: int
    claimant: Claimant
    organ: str | None              # the state organ id ("defence-ministry"), None for organisations
    group: bool                    # a non-state organisation ("the group" may refer to it)
    subject: bool = True           # named as a subject or speaker ("it", "they" refer to those)


# adjectives that make an organ a territory's own rather than a state's ("the local authorities")
TERRITORIAL = {"territorial", "separatist", "breakaway", "self-proclaimed", "de-facto", "rebel-held"}
RELATIVE_TAIL = re.compile(r",?\s+(?:which|who|that)$|,?\s+(?:which|who)\s.*$", re.I | re.S)


class ActorResolver(People, References, Affiliation):
    """Resolves mentions in one document to actors, with what the document says about people."""

    def __init__(self, doc: Doc, dictionary: ActorDictionary | None = None,
                 places: list[tuple[int, int]] | None = None) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self.dict = dictionary or load_actors()
        self.countries = load_countries()
        # a place name inside a longer person's name is the name ("Michael" in "Michael Kofman")
        people = [(e.start_char, e.end_char) for e in ents_of(doc) if e.label_ == "PERSON"]
        self.places = sorted(p for p in places or [] if not any(
            s <= p[0] and p[1] <= e and (e - s) > (p[1] - p[0]) for s, e in people))
        self.doc_countries = {r.country.code for r in self.countries.find(self.text)}
        self.mentioned = {a.id for _, _, a in self.dict.find(self.text, countries=self.doc_countries)}
        # words of the names of the organisations the document names: "resistance sources" are of the
        # one Resistance Front it names
        self.name_words: dict[str, set[str]] = {}
        for ident in self.mentioned:
            actor = self.dict.actors[ident]
            if actor.kind == "organization" and not actor.state:
                for alias in (actor.name, *actor.aliases):
                    for w in re.findall(r"[a-z][a-z'-]+", alias.lower()):
                        if w not in NAME_STOP:
                            self.name_words.setdefault(w, set()).add(ident)
        self.people: dict[str, Person] = {}           # by name key of the full name and of the surname
        self.ambiguous: set[str] = set()              # surname keys two people named in full share
        self.roles: dict[tuple[str, str], str] = {}   # (role word, side) -> person name
        self.speakers: list[tuple[int, Claimant]] = []
        self.organs: list[Organ] = []
        self.role_subjects: list[Token] = []   # "the spokesman ... countered": whom "he" may mean
        self._person_ents: list[Span] | None = None
        self._quotes: QuoteIndex | None = None   # the document's quotations, read on first need
        self.authors: list[tuple[int, Claimant]] = []   # who issued the statements the article names
        for ent in self._persons():
            self._learn(ent)
        self._read_subjects()

    # -- places, people and organisations the document names -------------------------------------
    def _is_place(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.places)


    def _read_subjects(self) -> None:
        """Organisations and state organs the document names as subjects ("The group said", "Russia's
        defence ministry reported"): the referents of "it", "they", "the group", "the ministry"."""
        for tok in self.doc:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.lemma_.lower() in ROLE_WORDS and tok.pos_ == "NOUN":
                self.role_subjects.append(tok)
            if tok.lemma_.lower() in MESSAGE_NOUNS and tok.dep_ == "dobj":
                # "the movement issued a statement": the author of what "the statement" says
                author = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
                if author is not None and author.pos_ in ("NOUN", "PROPN"):
                    sub = list(author.subtree)
                    span = (sub[0].idx, sub[-1].idx + len(sub[-1].text))
                    found = self._organisation(self.text[span[0]:span[1]], span, author)
                    if found is not None and found[0].kind != "media":
                        self.authors.append((tok.idx, found[0]))
            if tok.dep_ not in ("nsubj", "nsubjpass", "poss", "pobj", "dobj", "appos") or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            tokens = [t for t in tok.subtree if t.i <= tok.i or t.dep_ in ("compound", "amod", "prep", "pobj", "poss",
                                                                           "case")]
            if tok.dep_ == "poss":
                tokens = [t for t in tokens if t.i <= tok.i]
            last = max(tokens, key=lambda t: t.i)
            span = (tokens[0].idx, last.idx + len(last.text))
            if not any(t.pos_ == "PROPN" or t.ent_type_ or t.text[:1].isupper() for t in tokens) \
                    and self.dict.organ_in(self.text[span[0]:span[1]]) is None:
                continue   # "the town", "their positions": no organisation named
            if self._is_place(tok.idx, tok.idx + len(tok.text)) and self.countries.by_name(tok.text) is None:
                continue   # the phrase is a place ("in Soledar"), not an organisation of one
            found = self._organisation(self.text[span[0]:span[1]], span, tok)
            if found is not None:
                claimant, organ = found
                if claimant.kind != "media" and claimant.side not in (None, INDEPENDENT):
                    self.organs.append(Organ(span[0], claimant, organ, organ is None and not self._is_state(claimant),
                                             subject=tok.dep_ in ("nsubj", "nsubjpass", "poss")))

    # -- sides ------------------------------------------------------------------------------------
    def claimant(self, token: Token | None, span: tuple[int, int] | None) -> Claimant:
        """The claimant behind a source mention: its actor, name, side, role and kind."""
        if token is None or span is None:
            return Claimant(text=None, span=None, kind="unnamed")
        span = self._without_dateline(span)
        text = self.text[span[0]:span[1]]
        if token.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS and span[1] - span[0] <= 4:
            found = self._antecedent(token)
            found = Claimant(text=text, span=span, actor=found.actor, name=found.name, side=found.side,
                             role=found.role, kind=found.kind)
        else:
            found = self._resolve(text, span, token, self._title_before(token))
        self.speakers.append((span[0], found))
        if found.kind == "organization" and found.side not in (None, INDEPENDENT):
            # an organ by its name ("the Tigray Emergency and Rescue Service", the region's own):
            # what "the rescue service" refers to later
            name = " ".join(w for w in text.split() if w[:1].isupper())
            organ = self._organ_of(found) or next(iter(self.dict.organ_in(name) or ()), None)
            self.organs.append(Organ(span[0], found, organ, organ is None and not self._is_state(found)))
        return found

    @staticmethod
    def _organ_of(c: Claimant) -> str | None:
        """'defence-ministry' for the state organ 'russia-defence-ministry'."""
        if c.actor and c.side and c.actor.startswith(c.side + "-"):
            return c.actor[len(c.side) + 1:]
        return None

    def _is_state(self, c: Claimant) -> bool:
        actor = self.dict.actors.get(c.actor or "")
        return actor.state if actor is not None else self.countries.by_side(c.side or "") is not None

    def _without_dateline(self, span: tuple[int, int]) -> tuple[int, int]:
        """'KYIV, Ukraine (AP) — Russia's Defense Ministry' -> "Russia's Defense Ministry"; "The NRF,
        which" -> "The NRF" (the relative pronoun that made it the speaker is no part of its name)."""
        text = self.text[span[0]:span[1]]
        m = DATELINE.match(text)
        if m and m.group("rest").strip():
            span = (span[0] + m.start("rest"), span[1])
            text = self.text[span[0]:span[1]]
        rel = RELATIVE_TAIL.search(text)
        if rel and rel.start() > 0:
            span = (span[0], span[0] + rel.start())
        return span


    def _resolve(self, text: str, span: tuple[int, int], token: Token, title: str | None = None) -> Claimant:
        tokens = [t for t in self.doc.char_span(span[0], span[1], alignment_mode="expand") or []]
        kept = self._own(tokens)
        own = self.text[kept[0].idx: kept[-1].idx + len(kept[-1].text)] if kept else text
        words = {w.lower() for w in re.findall(r"\w+", own)}
        persons = [p for p in self._names_in(kept, token) if not (p.root.dep_ == "poss" and p.root.head == token)]
        if persons:
            return self._named_person(persons[0], text, span, title)
        possessor = next((c for c in token.children if c.dep_ == "poss" and c.lower_ in ("his", "her", "their", "its")),
                         None)
        if possessor is not None:   # "his forces", "their spokesman": whom the possessor speaks for
            whose = self._antecedent(possessor)
            if whose.side:
                return Claimant(text=text, span=span, side=whose.side, kind="unnamed")
        hits = [h for h in self.dict.find(own, self.mentioned, self.doc_countries) if h[2].kind != "person"]
        head = token.lower_
        if ROLE_WORDS & words and not any(h[0] == 0 and h[1] >= len(own) - 1 for h in hits):
            known = self._by_role(own, span, kept)
            if known is not None:
                return known
        definite = re.match(r"^(the|this|that|these|those)\b", text.strip(), re.I) is not None
        if re.match(r"^(one|another|a|an)\s+(\w+)$", text.strip(), re.I) and head in ANAPHORIC_NOUNS:
            definite = True   # "one source", "another official": one of those the article named
        named_of = self._owner_named(kept) or self._names_itself(own)
        if words & TERRITORIAL and self.dict.organ_in(own) and not hits and not named_of:
            ruler = self._territory_ruler()
            if ruler is not None:   # "territorial authorities": those of the one governed territory named
                return Claimant(text=text, span=span, actor=ruler.id, name=own, side=ruler.speaks_for,
                                kind="organization")
        if (definite or self.dict.organ_in(own)) and not hits and not self.countries.find(own) and not named_of:
            referent = self._anaphor(head, span[0], own)
            if referent is not None:
                return Claimant(text=text, span=span, actor=referent.actor, name=referent.name, side=referent.side,
                                role=referent.role, kind=referent.kind)
        if self._is_place(*span) and not self.countries.find(own) and not hits \
                and not (self.dict.organ_in(own) and self._head_noun(token).i == token.i
                         and not self._is_place(token.idx, token.idx + len(token))):
            # a dateline or a place, not a speaker; an organ named with its place ("the
            # Nagorno-Karabakh authorities") is read on
            return Claimant(text=text, span=span, kind="unnamed")
        if self._head_noun(token).lemma_.lower() in self.dict.independent_words and not hits:
            return Claimant(text=text, span=span, side=INDEPENDENT, kind="unnamed")
        org = self._organisation(own, span, token, others=text)
        if org is not None:
            return Claimant(**{**org[0].to_dict(), "text": text, "span": span})
        if words & self.dict.independent_words or any(" " in w and w in own.lower() for w in self.dict.independent_words):
            orgs = [e for e in ents_of(self.doc) if e.label_ == "ORG" and span[0] <= e.start_char and e.end_char <= span[1]]
            name = re.sub(r"^(the|a|an)\s+", "", orgs[0].text, flags=re.I) if orgs else None
            return Claimant(text=text, span=span, actor=slug(name) if name else None, name=name, side=INDEPENDENT,
                            kind="organization" if orgs else "unnamed")
        orgs = [e for e in ents_of(self.doc) if e.label_ in ("ORG", "NORP") and span[0] <= e.start_char
                and e.end_char <= span[1] and not self._is_place(e.start_char, e.end_char)]
        if orgs and not (words & self.dict.unnamed_words and orgs[0].label_ != "ORG"):
            name = re.sub(r"^(the|a|an)\s+", "", orgs[0].text, flags=re.I)
            media = bool({w.lower() for w in name.split()} & self.dict.media_words)
            return Claimant(text=text, span=span, actor=slug(name), name=name, side=None,
                            kind="media" if media else "organization")
        side = self._affiliation(kept)
        return Claimant(text=text, span=span, side=side, kind="unnamed")


    def _owner_named(self, kept: list[Token]) -> bool:
        """Whether an organ's mention names whose it is ("the State Service ... of Artsakh", "the
        Nagorno-Karabakh authorities", "Vladimir Putin's private army"): then it is no anaphor."""
        for t in kept:
            if t.pos_ != "PROPN":
                continue
            if t.dep_ == "poss" or any(a.dep_ == "poss" and a.head.i == t.i for a in kept) \
                    or any(a.lower_ == "of" and a.i < t.i for a in kept) or self.dict.governing(t.text) is not None:
                return True
        return False

    def _territory_ruler(self):
        """The group governing the one territory the document names by its place names, if one."""
        names = {self.text[s:e] for s, e in self.places} | {e.text for e in ents_of(self.doc)
                                                             if e.label_ in ("GPE", "LOC", "ORG", "PERSON", "NORP")}
        rulers = {a.id: a for a in (self.dict.governing(n) for n in names) if a is not None}
        return next(iter(rulers.values())) if len(rulers) == 1 else None

    def actor_id(self, text: str) -> str | None:
        """The party a phrase names ('the Taliban' -> 'taliban', 'Russian troops' -> 'russia'), or None."""
        hit = self.dict.lookup(text, self.mentioned, self.doc_countries)
        if hit is not None:
            return hit.speaks_for
        refs = [r for r in self.countries.find(text) if r.kind != "capital"]
        if refs:
            return refs[0].country.side
        named = self._named_by_word(text)
        return named.speaks_for if named is not None else None

    def _party_mentions(self, text: str) -> list[tuple[int, str, str | None]]:
        """(offset, side, actor id) of each mention in `text` of a party: an actor that speaks for
        one, or a country by its name or demonym (a capital mostly names a place), in text order."""
        found = [(start, actor.speaks_for, actor.id)
                 for start, _, actor in self.dict.find(text, self.mentioned, self.doc_countries)
                 if actor.kind != "media" and actor.speaks_for not in (None, INDEPENDENT)]
        found += [(r.start, r.country.side, None) for r in self.countries.find(text) if r.kind != "capital"]
        return sorted(found, key=lambda m: m[0])

    def first_named(self) -> dict[str, int]:
        """Each party the document names, and where it first names it (a character offset)."""
        first: dict[str, int] = {}
        for start, side, _ in self._party_mentions(self.text):
            first.setdefault(side, start)
        return first

    def parties_in(self, text: str) -> list[tuple[str, str | None]]:
        """(side, actor id) of each party a phrase names, in order ("both the army and the rebels")."""
        found: dict[str, str | None] = {}
        for _, side, ident in self._party_mentions(text):
            found[side] = found.get(side) or ident   # an actor's id before a country's name
        return list(found.items())

    def opponent(self, side: str | None) -> str | None:
        """The party the document sets against `side`: the one it names most, other than `side`."""
        counts: dict[str, int] = {}
        for _, _, actor in self.dict.find(self.text, self.mentioned, self.doc_countries):
            if actor.kind != "media" and actor.speaks_for not in (side, INDEPENDENT):
                counts[actor.speaks_for] = counts.get(actor.speaks_for, 0) + 1
        return max(counts, key=counts.get) if counts and side else None

