"""According-to and nominal cues: "according to X", "X's claim that ...", "her denial of ...", and
the claims held inside other relations' noun contents ("denied Russian claims that ...")."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .relation import Attribution, _tokens_span

# verbs whose subject holds the claim noun they take ("made claims that ...", "issued a statement")
MAKING = {"make", "issue", "release", "publish", "repeat", "level", "lodge", "file", "put", "voice", "reiterate"}
# nouns that can be a source after "per" or "as per" ("per the ministry"), beside the claim nouns
# ("as per the statement") and names
SPEAKING_NOUNS = {"source", "official", "spokesman", "spokeswoman", "spokesperson", "commander", "minister",
                  "ministry", "military", "army", "police", "government", "authority", "agency", "media",
                  "witness", "resident", "officer", "leader", "office", "command", "staff", "service",
                  "observer", "monitor", "analyst", "expert", "estimate", "figure", "count", "tally"}


class NominalCues:
    """Cues that are nouns or prepositions (a mixin of `Attributor`)."""

    def _source_phrase(self, doc: Doc, tok: Token) -> tuple[list[Token], Token] | None:
        """The words of a source-marking phrase starting at `tok` ("according to", "as per", "per",
        "in the words of") and the source, its last preposition's object, when that can speak:
        anything for "according to", a name or a speaking noun for the others ("per the ministry",
        not "5 per cent")."""
        for words in self.cues.according:
            if tok.lower_ != words[0] or tok.i + len(words) > len(doc):
                continue
            phrase = list(doc[tok.i:tok.i + len(words)])
            if [t.lower_ for t in phrase] != list(words):
                continue
            pobj = next((c for c in phrase[-1].children if c.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if words == ("according", "to") or pobj.pos_ == "PROPN" \
                    or pobj.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") \
                    or pobj.lemma_.lower() in self.cues.nouns or pobj.lemma_.lower() in SPEAKING_NOUNS:
                return phrase, pobj
        return None

    def _according(self, doc: Doc, sent: Span, phrase: list[Token], pobj: Token) -> Attribution | None:
        """'According to X, ...', 'as per the statement, ...' (X: `pobj`): the rest of the clause is X's."""
        marker = phrase[0]
        head = marker.head if marker.head != marker else None
        words = set(t.i for t in marker.subtree)
        if head is None or head.i in words:
            tokens = [t for t in sent if t.i not in words]
        else:
            tokens = [t for t in head.subtree if t.i not in words]
        content = self._pieces(doc, tokens, exclude_from=[])
        if not content:
            return None
        return Attribution(
            cue=[s for s in (_tokens_span(doc, [t]) for t in phrase) if s],
            cue_lemma=" ".join(t.lower_ for t in phrase),
            source=[s for s in [_tokens_span(doc, list(pobj.subtree))] if s],
            content=content,
            mode="according_to",
            source_token=pobj,
            cue_token=marker,
            content_root=head,
            channels=[],
            category="report",
        )

    def _nominal(self, doc: Doc, noun: Token) -> Attribution | None:
        """'X's claim that ...', 'a statement by X that ...', 'her criticism of the raids'.

        A that-clause is content for any claim noun. A prepositional phrase ("support for",
        "attacks on") is content only for the nouns listed with that preposition, and only with
        a named holder (a possessive or a by/from phrase), since "the attack on the base" with no
        one's words in view is an event, not a claim.
        """
        lemma = noun.lemma_.lower()
        source_tok = self._noun_holder(noun)
        content_tok = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl")
                            and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
        if content_tok is None and lemma in self.cues.nouns:
            content_tok = self._noun_complement(noun)
        if content_tok is None and source_tok is not None:
            content_tok = next((c for c in noun.children if c.dep_ == "prep"
                                and c.lower_ in self.cues.noun_preps.get(lemma, ())), None)
        if content_tok is None:
            return None
        content = self._pieces(doc, list(content_tok.subtree), exclude_from=[])
        if not content:
            return None
        return Attribution(
            cue=[s for s in [_tokens_span(doc, [noun])] if s],
            cue_lemma=lemma,
            source=[s for s in [_tokens_span(doc, self._holder_words(source_tok, noun))] if s] if source_tok is not None else [],
            content=content,
            polarity="deny" if lemma == "denial" else "assert",
            source_token=source_tok,
            cue_token=noun,
            content_root=content_tok,
            category=self.cues.categories.get(lemma, "speech"),
        )

    def _noun_holder(self, noun: Token) -> Token | None:
        """Whose claim a claim noun is: 'Kyiv's denial', 'a statement by the ministry', 'Russian claims'."""
        source_tok = next((c for c in noun.children if c.dep_ == "poss"), None)
        if source_tok is None:
            by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
            source_tok = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        if source_tok is None:
            source_tok = next((c for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i
                               and c.ent_type_ in ("NORP", "GPE", "ORG")), None)
        if source_tok is None and noun.dep_ == "dobj" and noun.head.lemma_.lower() in MAKING:
            # "Wagner has made claims that ...", "the ministry issued a statement that ..."
            source_tok = next((c for c in noun.head.children if c.dep_ == "nsubj"
                               and c.lower_ not in ("who", "that", "which")), None)
        if source_tok is None:
            source_tok = self._verbless_subject(noun)
        return source_tok

    @staticmethod
    def _holder_words(holder: Token, noun: Token) -> list[Token]:
        """The holder's words: its phrase, or, for the subject of a verb read as a noun, its phrase up to
        that verb (without an opening adverb: "Furthermore, the leaders of ... claim")."""
        words = list(holder.subtree)
        if noun.i not in {t.i for t in words}:
            return words
        first = min((c.left_edge.i for c in holder.children if c.i < holder.i
                     and c.dep_ in ("det", "amod", "compound", "nummod", "poss")), default=holder.i)
        words = [t for t in words if first <= t.i < noun.i]
        while words and (words[-1].is_punct or words[-1].is_space):
            words.pop()
        return words

    def _verbless_subject(self, noun: Token) -> Token | None:
        """'The spokesmen of the unrecognised republic claim that ...': the tagger read the verb
        as a noun, leaving a sentence with no verb at its root. A bare cue word (no determiner)
        inside the root noun's phrase, spelled as a verb of the present tense, is that verb, and the
        root noun phrase before it its subject."""
        root = noun.sent.root
        if root.pos_ not in ("NOUN", "PROPN") or root.i >= noun.i or root.tag_ not in ("NNS", "NNPS") \
                or noun.tag_ != "NN" or not self.cues.is_cue(noun.lower_) or noun.lower_ != noun.lemma_.lower():
            return None
        # a determiner of its own makes it a noun ("the claim"); one before a name it swallowed does not
        # ("the breakaway people's republic claim")
        if any(c.dep_ == "poss" for c in noun.children) or any(
                c.dep_ == "det" and not any(m.dep_ == "compound" and c.i < m.i for m in noun.children)
                for c in noun.children):
            return None
        tok = noun
        while tok.i != root.i:   # only through the root's own modifiers ("of the ... republic claim")
            if tok.dep_ not in ("pobj", "prep", "compound", "appos") or tok.head.i == tok.i:
                return None
            tok = tok.head
        return root

    def nested(self, doc: Doc, found: list[Attribution]) -> list[Attribution]:
        """The claims others' words are about: in "Kyiv denied Russian claims that the town fell" or
        "X rejected the Taliban's claim that ...", the Russians' and the Taliban's claims, with their
        holder as source (the attribution scope leaves them inside the outer relation)."""
        out = []
        cues = {att.cue_token.i for att in found if att.cue_token is not None}
        for att in found:
            for start, end in att.content:
                span = doc.char_span(start, end, alignment_mode="expand")
                for noun in span or []:
                    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in self.cues.nouns or noun.i in cues:
                        continue
                    inner = self._nominal(doc, noun)
                    # a clause reports the holder's words ("Russia's claim it has captured Soledar"); an
                    # of-phrase only names them ("the Taliban's claim of victory"): no claim of its own
                    if inner is not None and inner.source_token is not None \
                            and not (inner.content_root is not None and inner.content_root.dep_ == "prep"):
                        out.append(inner)
                        cues.add(noun.i)
        return out

    @staticmethod
    def _noun_complement(noun: Token) -> Token | None:
        """'the claim the town had fallen' (no 'that'): a clause hanging from the noun."""
        return next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.i > noun.i
                     and (c.tag_ not in ("VBG", "VBN", "TO") or any(g.dep_ in ("aux", "auxpass") for g in c.children))
                     and (any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) or _perfect_infinitive(c))), None)


def _perfect_infinitive(verb: Token) -> bool:
    """'claim to have seized control': what the holder says they did (not "a call to seize it")."""
    auxes = [c.lower_ for c in verb.children if c.dep_ == "aux"]
    return verb.tag_ == "VBN" and "to" in auxes and "have" in auxes
