"""Sources: who a cue's words belong to, found in the parse around the cue (its subject, an
enclosing speaker, a passive agent, a reporting participle, a source named after the content)."""
from __future__ import annotations

from spacy.tokens import Token

from .relation import MESSAGES, QUOTE_CLOSERS, SUBJECTS


# prepositions that also open a clause ("after X said"): the parser may hang X on them
SUBORDINATORS = {"after", "before", "since", "until", "as", "once", "while"}


FLOATING = {"all", "both", "each"}   # quantifiers floated after the subject they count


class Sources:
    """The source of a cue (a mixin of `Attributor`)."""

    # -- parts ----------------------------------------------------------------------------------
    def _source(self, cue: Token) -> Token | None:
        """The speaker: the cue's subject, the agent of a passive, or the subject it inherits."""
        late = self._late_source(cue)
        if late is not None:
            return late
        tok = cue
        if cue.lemma_ in ("quote", "cite"):
            # "leaders were quoted by the news agency as saying": the quoted speak, the agency relays
            quoted = next((c for c in cue.children if c.dep_ == "nsubjpass"), None)
            if quoted is not None:
                return quoted
        for _ in range(6):
            reporter = self._reporter_of_participle(tok, cue) if tok is not cue else None
            if reporter is not None:
                tok = reporter  # "X said Y did it, adding ...": the adder is X, not Y
                continue
            for child in tok.children:
                if child.dep_ == "agent":
                    pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        return pobj
            # "the sources, as well as the monitors, all agreed": a floating "all" is no speaker
            subjects = [c for c in tok.children if c.dep_ == "nsubj"]
            floating = {c.i for c in subjects if c.lower_ in FLOATING} if len(subjects) > 1 else set()
            for child in sorted(tok.children, key=lambda c: (c.i in floating, abs(c.i - tok.i))):
                if child.dep_ in ("nsubj", "csubj"):
                    if child.lower_ in ("who", "that", "which") and tok.dep_ == "relcl":
                        return tok.head
                    if tok is cue and child.i > cue.i:
                        # '"...," Flynn, an adviser, said on Fox News's "Fox and Friends"': a name
                        # right before the verb beats a subject the parser found after it
                        return self._adjacent_speaker(cue) or child
                    return child
                if child.dep_ == "nsubjpass" and (tok.lemma_ in ("quote", "cite") or tok is not cue):
                    return child  # "After saying ..., she was taken to hospital"; "X can be heard yelling
            if tok is not cue:
                # a parser slip hangs the subject on the auxiliary ("The Front has, however, rubbished
                # the claim and said ...")
                for aux in tok.children:
                    if aux.dep_ == "aux":
                        subject = next((g for g in aux.children if g.dep_ == "nsubj"), None)
                        if subject is not None:
                            return subject
            if tok.dep_ == "relcl" and tok.head.pos_ in ("NOUN", "PROPN", "PRON"):
                if not any(c.dep_ == "nsubj" and c.lower_ in ("who", "that", "which") for c in tok.children):
                    return None
                return self._author(tok.head) or tok.head
            if tok.dep_ == "acl" and tok.tag_ == "VBG" and tok.head.pos_ in ("NOUN", "PROPN"):
                return self._author(tok.head) or tok.head  # "calls saying shots were fired"
            if tok is cue and cue.dep_ == "advcl" and cue.i > cue.sent.start:
                # "a day after Azerbaijan said it had captured it": the parser took the speaker for the
                # preposition's object; the clause's subject is not the main clause's
                prev = cue.doc[cue.i - 1]
                if prev.dep_ == "pobj" and prev.head.lower_ in SUBORDINATORS and prev.pos_ in ("PROPN", "NOUN"):
                    return prev
            if tok is cue and cue.dep_ == "advcl" and cue.head.i < cue.i \
                    and self.cues.categories.get(self._lemma(cue)) in ("speech", "report"):
                # "X have captured the town, the country's president, Ilham Aliyev, announced": the
                # parser hung the speaker on the words; the name just before the verb speaks
                adjacent = self._adjacent_speaker(cue)
                if adjacent is not None and adjacent.i > cue.head.i:
                    # the whole apposition set off by commas speaks ("the country's president, Ilham Aliyev")
                    while adjacent.dep_ == "appos" and adjacent.head.i > cue.head.i \
                            and adjacent.head.left_edge.i > 0 and cue.doc[adjacent.head.left_edge.i - 1].text == ",":
                        adjacent = adjacent.head
                    return adjacent
            governor = self._governor(tok, cue)
            if governor is None:
                break
            if tok.dep_ == "xcomp":
                controller = next((c for c in governor.children if c.dep_ == "dobj" and c.i < tok.i), None)
                if controller is not None:
                    return controller  # "forced Stumpf to admit", "urged the allies to condemn"
            tok = governor
        return self._first_verb_speaker(cue) or self._adjacent_speaker(cue) or self._enclosing_speaker(cue) \
            or self._opening_name(cue)

    @staticmethod
    def _opening_name(cue: Token) -> Token | None:
        """'Azerbaijan on 8 November claimed ...': a name opening the clause that the parser hung on
        the verb as a modifier (a date came between) is its subject."""
        if any(c.dep_ in SUBJECTS for c in cue.children):
            return None
        return next((c for c in cue.children if c.dep_ == "npadvmod" and c.pos_ == "PROPN" and c.i < cue.i
                     and c.left_edge.i == cue.sent.start and c.ent_type_ not in ("DATE", "TIME")), None)

    def _first_verb_speaker(self, cue: Token) -> Token | None:
        """'The army claims the town, says 500 killed': a speech verb with no subject after a comma,
        whose first clause is a cue of its own with a subject, shares that subject (the parser made
        the first clause the second verb's words, as in '"...," says X', but no X follows)."""
        if any(c.dep_ in SUBJECTS or c.dep_ == "expl" for c in cue.children) or cue.tag_ not in ("VBZ", "VBD", "VBP"):
            return None
        first = next((c for c in cue.children if c.dep_ == "ccomp" and c.i < cue.i), None)
        if first is None or cue.doc[cue.i - 1].text != "," or not self.cues.is_cue(self._lemma(first)):
            return None
        return next((c for c in first.children if c.dep_ == "nsubj" and c.i < first.i), None)

    def _enclosing_speaker(self, cue: Token) -> Token | None:
        """'Officials said the town was one of the places shelled and reported that ...': a
        past-tense speech verb coordinated with a word deep inside another speaker's reported clause
        is that speaker's second verb."""
        if cue.dep_ != "conj" or cue.tag_ != "VBD" or self.cues.categories.get(self._lemma(cue)) not in ("speech", "report"):
            return None
        tok = cue.head
        for _ in range(8):
            if tok.head is tok:
                return None
            if tok.dep_ == "ccomp" and self._is_verbal_cue(tok.head):
                return next((c for c in tok.head.children if c.dep_ == "nsubj" and c.i < tok.head.i), None)
            tok = tok.head
        return None

    def _author(self, noun: Token) -> Token | None:
        """Who issued a message: 'the Council issued a statement calling ...', 'Trump unleashed a
        series of tweets criticizing ...', 'He released a letter that says ...'. None when `noun`
        is not a message, or is not the object of a verb with a subject."""
        if noun.lemma_.lower() not in self.cues.nouns and noun.lemma_.lower() not in self.cues.channels \
                and noun.lemma_.lower() not in MESSAGES:
            return None
        while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.lower_ == "of":
            noun = noun.head.head  # "a series of tweets"
        if noun.dep_ != "dobj":
            return None
        return next((c for c in noun.head.children if c.dep_ == "nsubj" and c.lower_ not in ("who", "that", "which")), None)

    @staticmethod
    def _adjacent_speaker(cue: Token) -> Token | None:
        """'Senator Reid, the minority leader, said ...' when the parser lost the subject link.

        A cue with no subject, not passive, right after a name-headed noun phrase (an apposition
        and a comma may sit between): that phrase is the speaker.
        """
        perfect = cue.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in cue.children)
        if any(c.dep_ in ("nsubjpass", "auxpass", "expl") for c in cue.children) \
                or (cue.tag_ in ("VBG", "VB", "VBN") and not perfect):   # "X and Y have denied"
            return None
        doc, i = cue.doc, cue.i - 1
        while i >= cue.sent.start and (doc[i].text == "," or doc[i].dep_ in ("aux", "advmod", "neg")):
            i -= 1
        if i < cue.sent.start:
            return None
        last = tok = doc[i]
        names = []  # the names passed on the way up: '”, Flynn, a surrogate, said' hung on the quote
        while tok.dep_ in ("compound", "flat", "amod", "poss", "pobj", "prep", "appos", "case") \
                and tok.head.i < cue.i and tok.head != tok:
            if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP"):
                names.append(tok)
            tok = tok.head
        if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "NORP"):
            return tok
        if names and doc[names[-1].left_edge.i - 1].text in (",", *QUOTE_CLOSERS):
            return names[-1]
        if last.ent_type_ in ("PERSON", "ORG") and last.ent_iob_ != "O":
            # "In a meeting with the board of the Post Trump said": the name ends a phrase it is not part of
            return last
        return None

    def _governor(self, tok: Token, cue: Token) -> Token | None:
        """The word whose subject `tok` shares, climbing one step.

        "..., saying that" / "and added" / "declined to say" / "by saying" / "likely to say" share
        the subject of the clause they hang from. A participle the parser attached inside a
        reported clause ("X said Y had done it, adding ...") belongs to the reporting verb.
        """
        if tok.head == tok:
            return None
        if tok.dep_ in ("advcl", "xcomp", "conj", "pcomp", "acl", "acomp"):
            return tok.head
        if tok.dep_ == "prep" and any(c.dep_ == "pcomp" for c in tok.children):
            return tok.head  # "after initially saying", "in rejecting"
        if tok.dep_ == "advmod" and any(c.dep_ == "prep" for c in tok.children):
            return tok.head  # "aside from saying", "stopped short of calling"
        return None

    def _reporter_of_participle(self, tok: Token, cue: Token) -> Token | None:
        """The reporting verb whose reported clause `tok` heads, when the parser hung `cue` inside
        that clause though it belongs to the reporter: a participle after a comma ("Perdue said he
        doubted it, arguing ..."), or a second past-tense speech verb ("May said the country would
        leave and suggested ..."); None otherwise."""
        start = tok
        reporter = tok.head
        for _ in range(3):   # "said [the claim was false and [forces continued ...]], adding": climb the clauses
            if tok.dep_ not in ("ccomp", "conj") or self._is_verbal_cue(reporter) or reporter.head is reporter:
                break
            tok, reporter = reporter, reporter.head
        if tok.dep_ != "ccomp" or not self._is_verbal_cue(reporter) \
                or not any(c.dep_ in ("nsubj", "nsubjpass") and c.i < reporter.i for c in reporter.children):
            return None  # "X denied it, saying ..., TOLO News reported": the participle is X's
        if cue.tag_ == "VBG":
            return reporter if cue.i > 0 and cue.doc[cue.i - 1].text == "," else None
        speech = cue.dep_ == "conj" and cue.head == start and cue.tag_ == reporter.tag_ == "VBD" \
            and self.cues.categories.get(self._lemma(cue)) == "speech"
        return reporter if speech else None

    def _late_source(self, cue: Token) -> Token | None:
        """'..., reported TOLO News': a reporting verb with no subject, its reporter after it; and
        '..., says Gutierrez' closing a headline, where the parser made the name a sentence of its own."""
        if any(c.dep_ in SUBJECTS for c in cue.children):
            return None
        doc = cue.doc
        after = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
        if after is not None and after.pos_ == "PROPN":
            if after.is_sent_start and after.sent.root.pos_ == "PROPN" \
                    and not any(t.pos_ in ("VERB", "AUX") for t in after.sent):
                return after.sent.root
            name = [t for t in after.subtree if t.i >= after.i and not t.is_space]
            end = max(t.i for t in name) + 1
            if after.head.i == cue.i and after.dep_ in ("dep", "dobj", "npadvmod", "attr") \
                    and (end == len(doc) or "\n" in doc[end].text):
                return after   # the name closes its line
        if self.cues.categories.get(self._lemma(cue)) != "report":
            return None
        return next((c for c in cue.children if c.dep_ in ("dobj", "npadvmod", "attr") and c.i > cue.i
                     and c.pos_ == "PROPN"), None)

    def _is_trailing_report(self, child: Token, cue: Token) -> bool:
        """'X said that ..., TOLO News reported': the report verb is a sibling relation, not content."""
        if not self.cues.is_cue(child.lemma_.lower()) or child.i < cue.i:
            return False
        first = min(t.i for t in child.subtree)
        doc = child.doc
        after_comma = first > 0 and doc[first - 1].text == ","
        ends_sentence = max(t.i for t in child.subtree) >= child.sent.end - 2
        bare = not any(c.dep_ in ("ccomp", "mark", "dobj", "xcomp") for c in child.children)
        return after_comma and ends_sentence and bare and any(c.dep_ in SUBJECTS for c in child.children)
