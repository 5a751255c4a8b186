"""The party words about a speaker tie them to, and the organisations and state organs a phrase names.

`Affiliation` is the part of `claimants.ActorResolver` that reads sides from words: an
organisation of the knowledge base ("a Taliban commander"), a person spoken for ("a spokesman for
Mr Massoud"), a country ("Ukraine's deputy defence minister") or a territory's governing group
("the Donetsk authorities"), never from the words after a relation noun ("a close ally of
Putin", "the group resisting Taliban forces"); and, for a phrase, the organisation, outlet or state
organ it names ("Russia's Defence Ministry" is `russia-defence-ministry`, side `russia`).
It reads the resolver's document state: `dict`, `countries`, `mentioned`, `doc_countries`,
`name_words`, `organs`, `text`, `doc`, and its person registry.
"""
from __future__ import annotations

import re

from spacy.tokens import Token

from ..knowledge.actors import INDEPENDENT, Actor
from ..knowledge.countries import Country
from ..model import Claimant
from ..nlp import ents_of, runs

# Nouns of non-state armed groups: with a demonym they still name a group ("the Afghan opposition group")
NON_STATE = {"opposition", "rebel", "rebels", "insurgent", "insurgents", "militia", "militias", "resistance",
             "guerrilla", "guerrillas", "separatist", "separatists", "insurgency", "underground"}
QUANTIFIERS = {"number", "group", "lot", "dozens", "hundreds", "some", "many", "one", "several", "few", "most",
               "all", "none", "two", "three", "majority", "handful"}
MEDIA_NOUNS = {"report", "reports", "media", "agency", "agencies", "outlet", "outlets", "newspaper",
               "newspapers", "press", "broadcaster", "news", "channel", "tv", "television", "radio", "daily",
               "website", "tabloid", "wire"}


def tidy(text: str) -> str:
    """Spaces collapsed, edges without commas and brackets."""
    return re.sub(r"\s+", " ", text).strip(" ,()\n")


class Affiliation:
    """Sides and organisations read from words (a mixin of `claimants.ActorResolver`)."""

    def _affiliation(self, tokens: list[Token]) -> str | None:
        """The party that words about a speaker tie them to: an organisation ("a Taliban
        commander"), a person they speak for ("a spokesman for Mr Massoud"), or a country
        ("Ukraine's deputy defence minister"); words after a relation noun ("a close ally of
        Putin", "a group resisting Taliban forces") name someone else."""
        if not tokens:
            return None
        kept = self._own(tokens)
        if kept and any(t.lower_ in ("former", "ex") for t in kept):
            # "Former vice president X, who is helping lead the resistance forces": an office once
            # held ties them to nothing now; a relative clause says what they do now
            rel = next((n for n, t in enumerate(kept) if t.lower_ in ("who", "whose")), None)
            kept = kept[rel + 1:] if rel is not None else []
        if not kept:
            return None
        pieces = runs(kept)
        for run in pieces:
            text = self.text[run[0].idx: run[-1].idx + len(run[-1].text)]
            for _, _, actor in self.dict.find(text, self.mentioned, self.doc_countries):
                if actor.kind != "media":
                    return actor.speaks_for
            named = self._named_by_word(text)
            if named is not None:
                return named.speaks_for
            if re.search(r"\bthe (?:group|movement|organi[sz]ation)\b", text, re.I):
                group = next((o.claimant for o in reversed(self.organs) if o.start < run[0].idx and o.group
                              and o.subject), None)
                if group is not None:
                    return group.side
        for run in pieces:
            for ent in ents_of(self.doc):
                if ent.label_ == "PERSON" and run[0].i <= ent.start and ent.end <= run[-1].i + 1:
                    other = self._person(self._span_text(self._name_tokens(ent)) or ent.text)
                    known = self._known_person(ent.text)
                    side = (other.side if other else None) or (known.speaks_for if known else None)
                    if side:
                        return side
        for run in pieces:
            text = self.text[run[0].idx: run[-1].idx + len(run[-1].text)]
            refs = [r for r in self.countries.find(text) if r.kind != "capital"]
            if refs:
                return refs[0].country.side
            governed = self._governed(text)
            if governed is not None:
                return governed.speaks_for
        if any(t.lemma_.lower() in self.dict.independent_words for t in kept):
            return INDEPENDENT   # "an analyst at Carnegie Europe", "a doctor at the hospital"
        return None

    def _named_by_word(self, text: str) -> Actor | None:
        """The one organisation of the document whose name has a word of `text` ("resistance forces")."""
        found = set()
        for w in re.findall(r"[a-z][a-z'-]+", text.lower()):
            found |= self.name_words.get(w, set())
        return self.dict.actors[found.pop()] if len(found) == 1 else None

    def _names_itself(self, text: str) -> bool:
        """A name of its own ("the National Resistance Force"): two capitalised words or more that
        are no organ's name ("the General Staff", "the Defence Ministry" are organs named again),
        or an organ's word named with words of its own that name no country ("the Kachin
        Independence Army" is not a state's army; "the Russian Army" is)."""
        proper = [w for w in re.findall(r"\b[A-Z][\w'’-]*", text) if w.lower() not in ("the", "a", "an")]
        if len(proper) < 2:
            return False
        organ = self.dict.organ_words(" ".join(proper))
        if not organ:
            return True
        own = [w for w in proper if w.lower() not in organ and w.lower() not in self.dict.organ_modifiers]
        return bool(own) and not any(self.countries.find(w) for w in own)

    def _only_group(self, text: str) -> Actor | None:
        """The one non-state armed group the document names that `text` does not name as another."""
        named = {a.id for _, _, a in self.dict.find(text, self.mentioned, self.doc_countries)}
        groups = {a for a in self.mentioned if a not in named and self.dict.actors[a].kind == "organization"
                  and not self.dict.actors[a].state and not self.dict.actors[a].independent
                  and self.countries.by_side(self.dict.actors[a].speaks_for) is None}
        return self.dict.actors[groups.pop()] if len(groups) == 1 else None

    def _governed(self, text: str) -> Actor | None:
        """'the Donetsk authorities': a territory's name with an organ word, governed by a group."""
        if self.dict.organ_in(text) is None:
            return None
        for m in re.finditer(r"[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+)*", text):
            words = m.group(0).split()
            # "Artsakh President": the territory is one of the capitalised words
            for name in [m.group(0), *words, *(" ".join(words[:k]) for k in range(2, len(words)))]:
                actor = self.dict.governing(name)
                if actor is not None:
                    return actor
        return None

    def _state(self, country: Country, text: str, span: tuple[int, int] | None) -> tuple[Claimant, str]:
        """A state organ named by a country reference and organ words ("Russia's Defense Ministry")."""
        organ = self.dict.organ_in(text)
        organ_id, organ_name = organ if organ else ("government", "Government")
        unnamed = re.search(r"\b(officials?|sources?|authorities|spokesm[ae]n|spokesperson|diplomats?)\b", text, re.I)
        return (Claimant(text=text, span=span, actor=f"{country.side}-{organ_id}",
                         name=tidy(re.sub(r"^(the|a|an)\s+", "", text, flags=re.I)) if unnamed
                         else f"{organ_name} of {country.name}", side=country.side, kind="organization"),
                organ_id)

    def _organisation(self, text: str, span: tuple[int, int] | None, head: Token | None,
                      others: str = "") -> tuple[Claimant, str | None] | None:
        """An organisation, outlet or state organ a phrase names, with its organ id, or None.

        others: the whole mention, when `text` is its own part ("the militia fighting Houthi
        forces" -> "the militia"): groups it names are not the speaker's."""
        hits = [h for h in self.dict.find(text, self.mentioned, self.doc_countries)]
        if hits:
            actor = hits[0][2]
            if actor.kind == "person":
                return None
            kind = "media" if actor.kind == "media" else "organization"
            return (Claimant(text=text, span=span, actor=actor.id, name=actor.name,
                             side=None if kind == "media" else actor.speaks_for, role=actor.role, kind=kind), None)
        # a group named by one word of its own, or by another form of its name that keeps its acronym
        # ("National Resistance Force" for the NRF)
        named = self._named_by_word(text) or self.dict.by_initials(text)
        if named is not None:
            return (Claimant(text=text, span=span, actor=named.id, name=named.name, side=named.speaks_for,
                             kind="organization"), None)
        refs = self.countries.find(text)
        words = {w.lower() for w in re.findall(r"\w+", text)}
        if words & NON_STATE and not self._names_itself(text):
            group = self._only_group(others or text)
            if group is not None:   # "the Afghan opposition group": a group, not the Afghan state
                return (Claimant(text=text, span=span, actor=group.id, name=group.name, side=group.speaks_for,
                                 kind="organization"), None)
            refs = []
        if words & MEDIA_NOUNS and not (words & {"ministry", "minister", "spokesman", "official", "officials"}):
            return (Claimant(text=text, span=span, actor=None, name=tidy(text), kind="media"), None)
        if refs:
            # the country the phrase is about: a capital counts only as the phrase's own head ("Kyiv said")
            ref = next((r for r in refs if r.kind != "capital"), None)
            if ref is None and head is not None and (
                    any(r.start <= head.idx - (span[0] if span else 0) < r.end for r in refs)
                    or self.dict.organ_in(head.text) is not None):   # "Kyiv said", "officials in Kyiv"
                ref = refs[0]
            if ref is None and len(refs) == 1 and refs[0].end - refs[0].start >= len(text.strip()) - 4:
                ref = refs[0]
            if ref is not None:
                return self._state(ref.country, text, span)
        governed = self._governed(text)
        if governed is not None:
            return (Claimant(text=text, span=span, actor=governed.id, name=tidy(text), side=governed.speaks_for,
                             kind="organization"), None)
        return None

    # -- resolution -------------------------------------------------------------------------------
    def _own(self, tokens: list[Token]) -> list[Token]:
        """A mention's words without those after a relation noun ("leaders of opposition to the
        Taliban" -> "leaders of opposition")."""
        skip: set[int] = set()
        for k, t in enumerate(tokens):
            if t.lower_ in self.dict.relation_words:
                skip |= {s.i for s in t.subtree}
            elif t.lower_ in ("opposition", "opposed", "resistance") and k + 1 < len(tokens) \
                    and tokens[k + 1].lower_ in ("to", "against"):
                skip |= {s.i for s in tokens[k + 1].subtree} | {tokens[k + 1].i}
        return [t for t in tokens if t.i not in skip]

    @staticmethod
    def _head_noun(token: Token) -> Token:
        """'a number of religious scholars' -> 'scholars'."""
        if token.lower_ in QUANTIFIERS:
            return next((c for p in token.children if p.dep_ == "prep" and p.lower_ == "of"
                         for c in p.children if c.dep_ == "pobj"), token)
        return token

