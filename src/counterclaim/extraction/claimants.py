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
Datelines ("KYIV, Ukraine (AP) —") are never part of a claimant.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..knowledge.actors import INDEPENDENT, Actor, ActorDictionary, load_actors, name_key, slug
from ..knowledge.countries import load_countries
from ..knowledge.gazetteer import known_place
from ..model import Claimant
from ..nlp import ents_of, text_of
from .affiliation import MEDIA_NOUNS, NON_STATE, Affiliation, tidy

PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "them", "it"}
ROLE_WORDS = {
    "leader", "spokesman", "spokeswoman", "spokesperson", "commander", "head", "chief", "minister",
    "president", "official", "governor", "general", "deputy", "director", "member", "representative",
    "envoy", "ambassador", "secretary", "colonel", "prime", "mayor", "founder", "adviser", "advisor",
    "owner", "aide", "boss",
}
# Words before a name that are titles, not part of it ("President Volodymyr Zelensky").
TITLES = {"mr", "mrs", "ms", "dr", "president", "prime", "minister", "gen", "general", "lt", "col", "colonel",
          "maj", "major", "capt", "captain", "sgt", "commander", "chief", "spokesman", "spokesperson",
          "spokeswoman", "deputy", "acting", "vice", "secretary", "ambassador", "governor", "mayor", "king",
          "prince", "sheikh", "sir", "lord", "senator", "sen", "rep", "gov", "judge", "pope", "premier",
          "chancellor", "foreign", "defence", "defense", "interior", "head", "leader", "founder", "former",
          "late", "journalist", "reporter", "analyst", "correspondent", "field", "marshal", "admiral",
          "lieutenant", "brigadier", "sergeant", "private", "mullah", "mulla", "maulvi", "mawlawi", "cleric"}
# "the group", "the movement": the organisation last spoken of
GROUP_NOUNS = {"group", "movement", "organisation", "organization", "militia", "outfit", "faction", "front",
               "alliance", "coalition", "mercenaries", "company"}
# "the statement said": the one who made it
MESSAGE_NOUNS = {"statement", "tweet", "post", "message", "communique", "communiqué", "release", "announcement",
                 "letter", "video", "audio", "account", "channel", "telegram", "update", "bulletin", "briefing"}
# "the source said", "the official added": the speaker last named with that noun
ANAPHORIC_NOUNS = {"source", "sources", "official", "officials", "spokesman", "spokeswoman", "spokesperson",
                   "commander", "minister", "leader", "diplomat", "representative", "aide", "adviser",
                   "advisor", "officer", "envoy", "person", "man", "woman"}
NAME_STOP = {"the", "of", "and", "for", "in", "on", "national", "people", "people's", "popular", "islamic", "democratic",
             "front", "group", "forces", "force", "army", "movement", "party", "state", "republic", "united",
             "council", "organization", "organisation", "government", "fighters", "troops", "military"}
DATELINE = re.compile(
    r"^(?P<prefix>.*?(?:\b[A-Z]{3,}\b|\d|\(|\[|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\b).*?)"
    r"(?:\s*[—–]+\s*|\s+--?\s+|\s*:\s+)(?P<rest>\S.*)$", re.S)


@dataclass
class Person:
    name: str
    role: str | None
    side: str | None
    start: int
    kind: str = "person"           # person | media (a journalist speaking in their own name)
    actor: str | None = None       # the knowledge base's id when it knows the person


@dataclass
class Organ:
    """A state organ or organisation the document names as a subject or speaker."""

    start: int
    claimant: Claimant
    organ: str | None              # the state organ id ("defence-ministry"), None for organisations
    group: bool                    # a non-state organisation ("the group" may refer to it)
    subject: bool = True           # named as a subject or speaker ("it", "they" refer to those)


@lru_cache(maxsize=1)
def _group_words() -> frozenset[str]:
    """Nouns for armed groups and forces (the claim-type ontology's actor classes)."""
    from .ontology import load_ontology

    return frozenset(w for words in load_ontology().actor_classes.values() for w in words) | NON_STATE


def _strip_title(tokens: list[Token]) -> list[Token]:
    while tokens and tokens[0].lower_.strip(".") in TITLES:
        tokens = tokens[1:]
    return tokens


class ActorResolver(Affiliation):
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
        self.roles: dict[tuple[str, str], str] = {}   # (role word, side) -> person name
        self.speakers: list[tuple[int, Claimant]] = []
        self.organs: list[Organ] = []
        self.role_subjects: list[Token] = []   # "the spokesman ... countered": whom "he" may mean
        self._person_ents: list[Span] | None = None
        self.authors: list[tuple[int, Claimant]] = []   # who issued the statements the article names
        for ent in self._persons():
            self._learn(ent)
        self._read_subjects()

    # -- places, people and organisations the document names -------------------------------------
    def _is_place(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.places)

    def _persons(self) -> list[Span]:
        """PERSON entities that the geoparser did not read as places ("Soledar", "Gulbahar")."""
        if self._person_ents is None:
            self._person_ents = self._read_persons()
        return self._person_ents

    def _read_persons(self) -> list[Span]:
        out = []
        for e in ents_of(self.doc):
            if e.label_ != "PERSON" or self._is_place(e.start_char, e.end_char) or self.countries.find(e.text) \
                    or (len(e) == 1 and (known_place(e.text, 100_000) or e.text.lower() in _group_words())):
                continue   # "Baku said", "Karabakh", "Mujahideen": places and groups the tagger took for people
            known = self.dict.lookup(e.text, countries=self.doc_countries)
            if known is None or known.kind == "person":
                out.append(e)
        return out

    def _learn(self, ent: Span) -> None:
        """Record a person's role and side from the words around the name."""
        name_tokens = self._name_tokens(ent)
        if not name_tokens:
            return
        name = self._span_text(name_tokens)
        root = ent.root
        role_tokens: list[Token] = []
        for child in root.children:
            if child.dep_ in ("appos", "relcl", "acl") or (child.dep_ == "prep" and child.lower_ in ("of", "for")):
                role_tokens.extend(child.subtree)
            elif child.i < ent.start and child.dep_ in ("compound", "amod", "nmod", "poss", "det") \
                    and child.i < name_tokens[0].i:
                role_tokens.extend(t for t in child.subtree if t.i < name_tokens[0].i)
        # titles the tagger left inside the entity or just before it ("Ukrainian President")
        role_tokens.extend(t for t in self.doc[max(ent.start - 6, 0):name_tokens[0].i]
                           if t.i >= self._np_start(ent) and t not in role_tokens)
        head = root.head
        if root.dep_ == "appos" and head.pos_ in ("NOUN", "PROPN"):
            role_tokens.extend(t for t in head.subtree if not (ent.start <= t.i < ent.end) and t.i < ent.start)
        for sibling in (root.head.children if root.dep_ == "nsubj" else []):
            if sibling.dep_ == "nsubj" and sibling != root and sibling.right_edge.i + 1 == ent.start:
                role_tokens.extend(sibling.subtree)
        role_tokens = sorted(set(role_tokens), key=lambda t: t.i)
        role = self._span_text(role_tokens) if role_tokens else None
        side, kind = self._affiliation(role_tokens), "person"
        known = self._known_person(name)
        if role and set(re.findall(r"\w+", role.lower())) & self.dict.media_roles:
            kind = "media"
        if side is None and known is not None:
            side = known.speaks_for
        if role is None and known is not None:
            role = known.role
        person = self._person(name)
        if person is None or (person.role is None and role) or (person.side is None and side):
            person = Person(name=person.name if person and len(person.name) > len(name) else name,
                            role=role or (person.role if person else None),
                            side=side or (person.side if person else None), start=ent.start_char, kind=kind,
                            actor=known.id if known else (person.actor if person else None))
        self._remember(person)
        if role and person.side:
            for word in ROLE_WORDS & {w.lower() for w in re.findall(r"\w+", role)}:
                self.roles.setdefault((word, person.side), person.name)

    def _np_start(self, ent: Span) -> int:
        """Where the noun phrase around a name starts (its leftmost modifier)."""
        return min((t.left_edge.i for t in ent), default=ent.start)

    def _name_tokens(self, ent: Span) -> list[Token]:
        """The name without titles, with the proper nouns the tagger left out ('Maulvi Sakhi Dad Mujmar')."""
        start = ent.start
        while start > 0 and self.doc[start - 1].pos_ == "PROPN" and self.doc[start - 1].dep_ == "compound" \
                and self.dict.lookup(self.doc[start - 1].text, countries=self.doc_countries) is None \
                and self.countries.by_name(self.doc[start - 1].text) is None:
            start -= 1
        tokens = [t for t in self.doc[start:ent.end] if not t.is_punct or t.text in ("-", "'")]
        while tokens and tokens[-1].lower_ in ("'s", "’s"):
            tokens = tokens[:-1]
        # "Artsakh President Arayik Harutyunyan": the name starts after the last title in it
        titled = [k for k, t in enumerate(tokens[:-1]) if t.lower_.strip(".") in TITLES]
        if titled:
            tokens = tokens[titled[-1] + 1:]
        return _strip_title(tokens)

    def _span_text(self, tokens: list[Token]) -> str:
        if not tokens:
            return ""
        return tidy(self.text[tokens[0].idx: tokens[-1].idx + len(tokens[-1].text)])

    def _known_person(self, name: str) -> Actor | None:
        known = self.dict.lookup(name)
        if known is not None and known.kind == "person":
            return known
        return self.dict.person(name)

    def _person(self, name: str) -> Person | None:
        """A person the document named, by full name or surname, in any transliteration."""
        keys = name_key(name).split()
        if not keys:
            return None
        return self.people.get(" ".join(keys)) or self.people.get(keys[-1])

    def _remember(self, person: Person) -> None:
        keys = name_key(person.name).split()
        if not keys:
            return
        for k in (" ".join(keys), keys[-1]):
            old = self.people.get(k)
            if old is None or old.role is None or (old.side is None and person.side) or old.name == person.name:
                self.people[k] = person

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
            organ = self._organ_of(found)
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
        """'KYIV, Ukraine (AP) — Russia's Defense Ministry' -> "Russia's Defense Ministry"."""
        text = self.text[span[0]:span[1]]
        m = DATELINE.match(text)
        if m and m.group("rest").strip():
            start = span[0] + m.start("rest")
            return (start, span[1])
        return span

    def _title_before(self, token: Token) -> str | None:
        """'One of the Taliban commanders, Maulvi Sakhi Dad Mujmar said': a subject split in two."""
        for sibling in token.head.children:
            if sibling.dep_ == "nsubj" and sibling != token and sibling.i < token.i \
                    and sibling.right_edge.i + 2 >= token.left_edge.i:
                sub = list(sibling.subtree)
                return self.text[sub[0].idx: sub[-1].idx + len(sub[-1].text)]
        return None

    def _names_in(self, tokens: list[Token], head: Token | None = None) -> list[Span]:
        """Person names among a mention's tokens: PERSON entities, else a run of proper nouns nobody
        knows as a place or an organisation, else a surname of a person the article named; a lone
        proper noun heading the mention is taken for a surname too ("Cherevaty said")."""
        if not tokens:
            return []
        inside = {t.i for t in tokens}
        persons = [e for e in self._persons() if all(i in inside for i in range(e.start, e.end))]
        if persons:
            return persons
        if {t.lower_ for t in tokens} & self.dict.independent_words:
            return []   # "the NGO Emergency", "a hospital guard"
        if any(t.pos_ == "PROPN" and self.dict.organ_in(t.text) for t in tokens) \
                and not any(e.label_ == "PERSON" for e in ents_of(self.doc) if e.start <= tokens[0].i < e.end):
            # "the Emergency and Rescue Service", "the Artsakh President": an organ, or a title and no name
            run_words = [t for t in tokens if t.pos_ == "PROPN"]
            if run_words and self.dict.organ_in(run_words[-1].text):
                return []
        run: list[Token] = []
        for tok in tokens:
            # a proper noun after a title is a name whatever the tagger says ("spokesperson Fahim Dashty")
            titled = bool(run) or (tok.i > 0 and tok.nbor(-1).lower_ in TITLES)
            if tok.pos_ == "PROPN" and (tok.ent_type_ not in ("ORG", "GPE", "NORP", "LOC", "FAC") or titled) \
                    and not self._is_place(tok.idx, tok.idx + len(tok.text)) \
                    and self.dict.lookup(tok.text, countries=self.doc_countries) is None \
                    and self.countries.by_name(tok.text) is None:
                run.append(tok)
                continue
            if len(run) >= 2:
                break
            run = []
        run = _strip_title(run)
        if len(run) >= 2 and self.dict.lookup(" ".join(t.text for t in run)) is None:
            return [self.doc[run[0].i: run[-1].i + 1]]
        # "the spokesman for the Armed Forces of Ukraine Serhiy Cherevaty": a role noun's phrase that
        # ends in a name the tagger swallowed into an organisation
        if head is not None and head.lemma_.lower() in ROLE_WORDS:
            tail: list[Token] = []
            for tok in reversed(tokens):
                if tok.pos_ != "PROPN" or self._is_place(tok.idx, tok.idx + len(tok.text)) \
                        or self.countries.find(tok.text) or self.dict.lookup(tok.text, countries=self.doc_countries) \
                        or self.dict.organ_in(tok.text) or tok.lower_ in TITLES:
                    break
                tail.insert(0, tok)
            if len(tail) >= 2 and self.dict.lookup(" ".join(t.text for t in tail), self.mentioned,
                                                   self.doc_countries) is None \
                    and self._named_by_word(" ".join(t.text for t in tail)) is None:
                return [self.doc[tail[0].i: tail[-1].i + 1]]
        # a surname the tagger took for an organisation ("Cherevatyi said"), of a person named before
        for tok in tokens:
            if tok.pos_ == "PROPN" and self._person(tok.text) is not None \
                    and not self._is_place(tok.idx, tok.idx + len(tok.text)):
                return [self.doc[tok.i: tok.i + 1]]
        words = [t for t in tokens if t.is_alpha]
        if head is not None and len(words) == 1 and words[0] == head and head.pos_ == "PROPN" and head.is_title \
                and not self._is_place(head.idx, head.idx + len(head.text)) and not self.countries.find(head.text) \
                and not known_place(head.text, 100_000) \
                and self.dict.lookup(head.text, countries=self.doc_countries) is None \
                and self.dict.organ_in(head.text) is None and head.lower_ not in TITLES \
                and head.lower_ not in _group_words() \
                and head.lower_ not in self.dict.media_words | MEDIA_NOUNS | GROUP_NOUNS:
            return [self.doc[head.i: head.i + 1]]
        return []

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
        if (definite or self.dict.organ_in(own)) and not hits and not self.countries.find(own):
            referent = self._anaphor(head, span[0], own)
            if referent is not None:
                return Claimant(text=text, span=span, actor=referent.actor, name=referent.name, side=referent.side,
                                role=referent.role, kind=referent.kind)
        if self._is_place(*span) and not self.countries.find(own) and not hits:
            return Claimant(text=text, span=span, kind="unnamed")   # a dateline or a place, not a speaker
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

    def _named_person(self, ent: Span, text: str, span: tuple[int, int], title: str | None) -> Claimant:
        name_tokens = self._name_tokens(ent) or list(ent)
        name = self._span_text(name_tokens)
        person = self._person(name)
        role_tokens = [t for t in self.doc.char_span(span[0], span[1], alignment_mode="expand") or []
                       if not (name_tokens[0].i <= t.i <= name_tokens[-1].i)]
        role = tidy(re.sub(r"\s+,", ",", text.replace(name, ""))).strip(" ,.") or title or None
        side = self._affiliation(role_tokens)
        if side is None and title:
            span_t = self.doc.char_span(*self._find(title), alignment_mode="expand") if self._find(title) else None
            side = self._affiliation(list(span_t)) if span_t is not None else None
        known = self._known_person(name)
        side = side or (person.side if person else None) or (known.speaks_for if known else None)
        if role is None or len(role) <= 2:
            role = person.role if person else (known.role if known else None)
        full = person.name if person and len(person.name) >= len(name) else name
        kind = person.kind if person else "person"
        if role and set(re.findall(r"\w+", role.lower())) & self.dict.media_roles:
            kind = "media"
        actor = known.id if known is not None else (person.actor if person and person.actor else slug(full))
        if person is None or (person.side is None and side):
            # a name the tagger missed is known from here on ("Cherevaty said" later in the article)
            self._remember(Person(name=full, role=role, side=side, start=span[0], kind=kind, actor=actor))
        return Claimant(text=text, span=span, actor=actor, name=full, side=None if kind == "media" else side,
                        role=role, kind=kind)

    def _find(self, fragment: str) -> tuple[int, int] | None:
        i = self.text.find(fragment)
        return (i, i + len(fragment)) if i >= 0 else None

    def _by_role(self, text: str, span: tuple[int, int], tokens: list[Token]) -> Claimant | None:
        """'the leader of the Resistance Front': a person the document or the dictionary knows by role."""
        side = self._affiliation(tokens)
        if side is None:
            return None
        word = next((w for w in re.findall(r"\w+", text.lower()) if w in ROLE_WORDS), None)
        name = self.roles.get((word, side)) if word else None
        if name is None:
            known = next((a for a in self.dict.actors.values() if a.kind == "person" and a.speaks_for == side
                          and a.role == word), None)
            name = known.name if known else None
        if name is None and (self.dict.organ_in(text) or self._organisation(text, span, None)):
            return None   # "Russia's defence ministry spokesman": the organ speaks
        known = self._known_person(name) if name else None
        return Claimant(text=text, span=span, actor=known.id if known else (slug(name) if name else None), name=name,
                        side=side, role=re.sub(r"^(the|a|an)\s+", "", text, flags=re.I), kind="person")

    def _anaphor(self, head: str, at: int, text: str = "") -> Claimant | None:
        """'the group', 'the ministry', 'the statement', 'the source': what the article named before."""
        if head in MESSAGE_NOUNS:   # the statement's author: a speaker, not an outlet that relayed it
            candidates = [(start, s) for start, s in self.speakers + self.authors if start < at
                          and s.kind not in ("unnamed", "media") and (s.name or s.side)]
            return max(candidates, key=lambda c: c[0])[1] if candidates else None
        organ = self.dict.organ_in(text or head)
        if head in GROUP_NOUNS:
            return next((o.claimant for o in reversed(self.organs) if o.start < at and o.group and o.subject), None)
        if organ is not None and head not in ANAPHORIC_NOUNS:
            family = organ[0].split("-")[-1]
            same = [o for o in self.organs if o.organ and (o.organ == organ[0] or o.organ.endswith(family))]
            # the one the article named before, else the one it names later ("the General Staff ...
            # the General Staff of Ukraine's Armed Forces")
            return next((o.claimant for o in reversed(same) if o.start < at), None) or \
                next((o.claimant for o in same if o.start > at), None)
        if head in ANAPHORIC_NOUNS:
            singular = head[:-1] if head.endswith("s") and head[:-1] in ANAPHORIC_NOUNS else head
            before = next((s for start, s in reversed(self.speakers) if start < at and s.side
                           and s.text and re.search(rf"\b{re.escape(singular)}s?\b", s.text, re.I)), None)
            return before or self._named_later(head, at)
        return None

    def _named_later(self, head: str, at: int) -> Claimant | None:
        """'Ukrainian troops left Soledar - spokesman': a headline's speaker named in the article, by
        the same noun with a name ("Serhiy Cherevaty, a spokesman for ...")."""
        if "\n" in self.text[:at]:
            return None   # only a headline speaks before its speaker is named
        for tok in self.doc:
            if tok.idx > at and tok.lower_ == head:
                np = tok.head if tok.dep_ == "appos" else tok
                while np.dep_ in ("appos", "compound") and np.head is not np:
                    np = np.head
                tokens = list(np.subtree)
                found = self._names_in(tokens, np)
                if found:
                    sub = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
                    return self._named_person(found[0], self.text[sub[0]:sub[1]], sub, None)
        return None

    def _antecedent(self, token: Token) -> Claimant:
        """The nearest earlier person (he, she) or organisation (they, it) the pronoun can refer to:
        a speaker, or a person or organisation named as a subject; never a place or an outlet."""
        want_person = token.lower_ in PERSON_PRONOUNS
        speaker_at, speaker = next(((start, s) for start, s in reversed(self.speakers) if start < token.idx
                                    and (s.actor and (s.kind == "person" or s.kind == "media" and s.role)
                                         if want_person
                                         else s.kind == "organization" and s.side)), (-1, None))
        if want_person:
            # the latest of: a person named as a subject, a singular role noun as a subject in an
            # earlier sentence ("the spokesman ... countered"), a proper-noun subject that is a name
            # ("Prigozhin released a photograph ... that he said ..."), and the last speaker
            found: list[tuple[int, object]] = [(speaker_at, speaker)] if speaker is not None else []
            ent = next((e for e in reversed(self._persons()) if e.end_char <= token.idx
                        and self._in_subject(e.root)), None)
            if ent is not None:
                found.append((ent.start_char, ent))
            role = next((t for t in reversed(self.role_subjects) if t.idx < token.idx
                         and t.sent != token.sent and t.tag_ == "NN"), None)
            if role is not None:
                found.append((role.idx, role))
            named = next((t for t in reversed(self.doc[max(0, token.i - 60):token.i])
                          if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN"
                          and self._names_in([t], t)), None)
            if named is not None:
                found.append((named.idx, named))
            for _, what in sorted(found, key=lambda f: f[0], reverse=True):
                if isinstance(what, Claimant):
                    return what
                if isinstance(what, Span):
                    return self._named_person(what, what.text, (what.start_char, what.end_char), None)
                if what is role:
                    sub = list(role.subtree)
                    span = (sub[0].idx, sub[-1].idx + len(sub[-1].text))
                    resolved = self._resolve(self.text[span[0]:span[1]], span, role)
                    if resolved.side or resolved.name:
                        return resolved
                    continue
                span = (what.idx, what.idx + len(what.text))
                return self._named_person(self.doc[what.i:what.i + 1], what.text, span, None)
        else:
            organ = next((o for o in reversed(self.organs) if o.start < token.idx and o.subject), None)
            if organ is not None and organ.start > speaker_at:
                return organ.claimant
        if speaker is not None:
            return speaker
        return Claimant(text=token.text, span=(token.idx, token.idx + len(token.text)), kind="unnamed")

    @staticmethod
    def _in_subject(tok: Token) -> bool:
        """Whether a name is, or stands in apposition within, the subject of its clause."""
        while tok.dep_ in ("appos", "compound", "conj") and tok.head is not tok:
            tok = tok.head
        return tok.dep_ in ("nsubj", "nsubjpass")

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

    def opponent(self, side: str | None) -> str | None:
        """The party the document sets against `side`: the one it names most, other than `side`."""
        counts: dict[str, int] = {}
        for _, _, actor in self.dict.find(self.text, self.mentioned, self.doc_countries):
            if actor.kind != "media" and actor.speaks_for not in (side, INDEPENDENT):
                counts[actor.speaks_for] = counts.get(actor.speaks_for, 0) + 1
        return max(counts, key=counts.get) if counts and side else None

