"""References back: pronouns to people and organisations (never places or outlets), "the group" to
the organisation last spoken of as a subject, "the statement" to whoever made it, "the source"
or "the official" to the speaker last named with that noun, and roles to the people who hold them."""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..knowledge.actors import slug
from ..model import Claimant
from .people import GROUP_NOUNS, PERSON_PRONOUNS, ROLE_WORDS
from .quotes import QuoteIndex

GROUP_PRONOUNS = {"they", "them", "it"}


# "the statement said": the one who made it
MESSAGE_NOUNS = {"statement", "tweet", "post", "message", "communique", "communiqué", "release", "announcement",
                 "letter", "video", "audio", "account", "channel", "telegram", "update", "bulletin", "briefing"}


# "the source said", "the official added": the speaker last named with that noun
ANAPHORIC_NOUNS = {"source", "sources", "official", "officials", "spokesman", "spokeswoman", "spokesperson",
                   "commander", "minister", "leader", "diplomat", "representative", "aide", "adviser",
                   "advisor", "officer", "envoy", "person", "man", "woman", "president", "governor", "mayor"}
# a role named another way: "the head of state" is the president the article named
ROLE_NAMED_OTHERWISE = {"head of state": "president"}


class References:
    """Anaphora and roles within one document (a mixin of `ActorResolver`)."""

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
        head = next((role for words, role in ROLE_NAMED_OTHERWISE.items()
                     if re.search(rf"\b{words}\b", text, re.I)), head)
        if head in MESSAGE_NOUNS:   # the statement's author: a speaker, not an outlet that relayed it
            owner = self._message_owner(head, at)
            if owner is not None:
                return owner
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

    def _message_owner(self, head: str, at: int) -> Claimant | None:
        """'... appeared on several Twitter accounts of the resistance force. "...," the tweet said':
        whose the messages the text last named were (a possessor, or "of"/"by" whom), in the same
        paragraph."""
        before = self.doc.char_span(self.text.rfind("\n", 0, at) + 1, at, alignment_mode="contract")
        kin = {head, head + "s", "account", "accounts"} if head in ("tweet", "post") else {head, head + "s"}
        for tok in reversed(list(before or [])):
            if tok.lower_ not in kin or tok.pos_ != "NOUN":
                continue
            owners = [c for c in tok.children if c.dep_ == "poss" and c.pos_ in ("PROPN", "NOUN")]
            owners += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("of", "by")
                       for g in c.children if g.dep_ == "pobj"]
            for owner in owners:
                words = list(owner.subtree)
                span = (words[0].idx, words[-1].idx + len(words[-1].text))
                found = self._resolve(self.text[span[0]:span[1]], span, owner)
                if found.side:
                    return found
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

    def _quoted(self) -> QuoteIndex:
        """The document's quotations (read once)."""
        if self._quotes is None:
            self._quotes = QuoteIndex(self.text)
        return self._quotes

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
            # a name inside a quotation is what the speaker talks about, not whom "he" means after it
            # ('“Karabakh is ours!” he added')
            quoted = self._quoted()
            ent = next((e for e in reversed(self._persons()) if e.end_char <= token.idx
                        and self._in_subject(e.root) and quoted.fraction(e.start_char, e.end_char) < 0.5), None)
            if ent is not None:
                found.append((ent.start_char, ent))
            role = next((t for t in reversed(self.role_subjects) if t.idx < token.idx
                         and t.sent != token.sent and t.tag_ == "NN"), None)
            if role is not None:
                found.append((role.idx, role))
            named = next((t for t in reversed(self.doc[max(0, token.i - 60):token.i])
                          if t.dep_ in ("nsubj", "nsubjpass") and t.pos_ == "PROPN"
                          and quoted.fraction(t.idx, t.idx + len(t.text)) < 0.5
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
