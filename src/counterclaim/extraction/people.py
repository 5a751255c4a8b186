"""People an article names: their names in any transliteration, the titles before them and the
appositions after them ("Serhiy Cherevatyi, a spokesman for Ukraine's Eastern Military Command"),
learnt once per document, and the person a name or title in a source mention is."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from ..knowledge.actors import Actor, name_key, slug
from ..knowledge.gazetteer import known_place
from ..model import Claimant
from ..nlp import ents_of
from .affiliation import MEDIA_NOUNS, NON_STATE, tidy

PERSON_PRONOUNS = {"he", "she", "him", "her"}


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


@dataclass
class Person:
    name: str
    role: str | None
    side: str | None
    start: int
    kind: str = "person"           # person | media (a journalist speaking in their own name)
    actor: str | None = None       # the knowledge base's id when it knows the person

@lru_cache(maxsize=1)
def group_words() -> frozenset[str]:
    """Nouns for armed groups and forces (the claim-type ontology's actor classes)."""
    from .ontology import load_ontology

    return frozenset(w for words in load_ontology().actor_classes.values() for w in words) | NON_STATE


def strip_title(tokens: list[Token]) -> list[Token]:
    while tokens and tokens[0].lower_.strip(".") in TITLES:
        tokens = tokens[1:]
    return tokens


class People:
    """The people of one document (a mixin of `ActorResolver`)."""

    def _persons(self) -> list[Span]:
        """PERSON entities that the geoparser did not read as places ("Soledar", "Gulbahar")."""
        if self._person_ents is None:
            self._person_ents = self._read_persons()
        return self._person_ents

    def _read_persons(self) -> list[Span]:
        out = []
        for e in ents_of(self.doc):
            if e.label_ != "PERSON" or self._is_place(e.start_char, e.end_char) or self.countries.find(e.text) \
                    or (len(e) == 1 and (known_place(e.text, 100_000) or e.text.lower() in group_words())):
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
        return strip_title(tokens)

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
        found = self.people.get(" ".join(keys))
        if found is not None or keys[-1] in self.ambiguous:
            return found
        by_surname = self.people.get(keys[-1])
        if by_surname is not None and len(keys) > 1 and len(name_key(by_surname.name).split()) > 1:
            return None   # "Rustam Karimov" is not "Nuriddin Karimov" named before
        return by_surname

    def _remember(self, person: Person) -> None:
        keys = name_key(person.name).split()
        if not keys:
            return
        full = " ".join(keys)
        for k in (full, keys[-1]):
            old = self.people.get(k)
            if k != full and old is not None and len(name_key(old.name).split()) > 1 and len(keys) > 1 \
                    and name_key(old.name) != full:
                self.ambiguous.add(k)   # two people of one surname ("Nuriddin Karimov", his
                continue                # father "Rustam Karimov"): "Mr Karimov" is neither for sure
            if old is None or old.role is None or (old.side is None and person.side) or old.name == person.name:
                self.people[k] = person

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
        words = " ".join(t.text for t in tokens)
        if self.dict.organ_in(words) \
                and not any(e.label_ == "PERSON" for e in ents_of(self.doc) if e.start <= tokens[0].i < e.end):
            # "the Emergency and Rescue Service", "the Artsakh President": an organ, or a title and no name
            last = head if head is not None else tokens[-1]
            if last.pos_ == "PROPN" and last.lower_ in self.dict.organ_words(words):
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
        run = strip_title(run)
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
                and head.lower_ not in group_words() \
                and head.lower_ not in self.dict.media_words | MEDIA_NOUNS | GROUP_NOUNS:
            return [self.doc[head.i: head.i + 1]]
        return []

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
