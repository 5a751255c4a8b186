"""Verbal cues: "X said that ...", inverted speech ("..., X said"), guarded cues that count only
with a named subject ("Kyiv believes that ..."), raising verbs ("appears to have been hit"), and
the content and reporting channels of a cue."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ...nlp import subject_taken_for_object
from ..quotes import QuoteIndex
from .relation import (QUOTE_CLOSERS, QUOTE_OPENERS, SUBJECTS, Attribution, CharSpan, _contrasted, _phrase,
                       _subtree, _tokens_span, doc_text)


class VerbalCues:
    """Verbs of saying and what they report (a mixin of `Attributor`)."""

    def _is_verbal_cue(self, tok: Token) -> bool:
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("amod", "compound"):
            return False
        lemma = self._lemma(tok)
        if lemma in self.cues.guarded:
            return self._licensed(tok, self.cues.guarded[lemma])
        if not self.cues.is_cue(lemma):
            return self._that_clause_verb(tok)
        if tok.tag_ == "VBN" and tok.dep_ == "acl" and not any(c.dep_ == "agent" for c in tok.children):
            return False  # "the report published yesterday"
        if tok.tag_ == "VB" and tok.dep_ == "relcl":
            return False  # "those who might seek to", "an angle that would show": what could be said
        return True

    @staticmethod
    def _that_clause_verb(tok: Token) -> bool:
        """A verb outside the lexicon that reports a that-clause for a named subject ("X conceded that").

        Verbs of saying and thinking are an open class; a clausal complement introduced by "that"
        under a noun-phrase subject is what marks one.
        """
        if tok.pos_ != "VERB" or tok.lemma_.lower() in ("be", "have", "do", "mean", "make", "ensure"):
            return False
        clause = any(c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
                     for c in tok.children)
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        return clause and subject is not None and subject.pos_ in ("PROPN", "NOUN")

    def _licensed(self, tok: Token, licences: tuple[str, ...]) -> bool:
        """A guarded verb ("believe", "want", "talk") is a cue with a named subject and a complement.

        Said of a noun phrase ("the ministry believes that ...", "Kyiv wants talks") these verbs
        report a party's stance; said of a pronoun they are far more often the writer's
        narration ("they want to go home"), so pronoun and missing subjects are left out.
        """
        subject = self._source(tok)
        if subject is None or subject.pos_ == "PRON" or subject.dep_ not in SUBJECTS:
            return False
        for child in tok.children:
            if child.dep_ in licences or (child.dep_ == "prep" and f"prep:{child.lower_}" in licences):
                return True
        return False

    # -- relation builders ----------------------------------------------------------------------
    def _verbal(self, doc: Doc, sent: Span, cue: Token, quotes: QuoteIndex) -> Attribution | None:
        lemma = self._lemma(cue)
        licences = self.cues.guarded.get(lemma, ())
        cue_tokens = [cue] + [c for c in cue.children if c.dep_ == "prt"]
        source_tok = self._source(cue)
        content_tokens: list[Token] = []
        object_content = False
        # "quoted him as saying": the quoted person speaks, the quoting subject relays
        if lemma == "quote":
            obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
            if obj is not None:
                source_tok = obj
        for child in cue.children:
            if child.dep_ in ("ccomp", "csubj") or (child.dep_ == "xcomp" and (
                    lemma in self.cues.xcomp_content or "xcomp" in licences
                    or (child.tag_ == "VBG" and lemma in self.cues.object_content))):  # "denied shelling the town"
                if self._is_trailing_report(child, cue):
                    continue
                content_tokens.extend(_subtree(child))
            elif child.dep_ in ("dobj", "oprd") and lemma != "quote" and (
                    lemma in self.cues.object_content or "dobj" in licences):
                content_tokens.extend(_subtree(child))
                object_content = child.dep_ == "dobj" and not any(c.dep_ == "oprd" for c in cue.children)
                for c in cue.children:
                    if c.dep_ == "oprd":
                        content_tokens.extend(_subtree(c))
            elif child.dep_ == "prep" and child.lower_ in ("of", "for", "over") and lemma in self.cues.object_content \
                    and any(c.dep_ == "dobj" for c in cue.children):
                content_tokens.extend(_subtree(child))  # "accused the Taliban of cutting off aid"
            elif child.dep_ == "advcl" and lemma in self.cues.requests and any(
                    g.dep_ == "mark" and g.lower_ == "for" for g in child.children):
                content_tokens.extend(_subtree(child))  # "called for the enclave to be recognized"
            elif child.dep_ == "prep" and child.lower_ == "for" and lemma in self.cues.requests:
                content_tokens.extend(_subtree(child))  # "appealed for humanitarian aid"
                purpose = [c for c in cue.children if c.dep_ in ("advcl", "xcomp") and c.i > child.i
                           and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)]
                for clause in purpose:  # "... to help the thousands of people displaced"
                    content_tokens.extend(_subtree(clause))
            elif child.dep_ == "prep" and (child.lower_ in self.cues.prep_content.get(lemma, ())
                                           or f"prep:{child.lower_}" in licences):
                content_tokens.extend(_subtree(child))  # "talked about the siege"
        clauses = [c for c in cue.children if c.dep_ == "ccomp"]
        subject_taken: Token | None = None
        for clause in clauses:
            obj = subject_taken_for_object(clause)   # "agreed [the army] no longer controls the town"
            if obj is not None:
                content_tokens.extend(_subtree(obj))
                subject_taken = clause
        comments = [c for c in clauses if c.i > cue.i and _comment(c)]
        if comments and any(c.i < cue.i for c in clauses):
            # "A, he said; which contradicts ...": the reporter's comment on the words, not more of them
            late = {t.i for c in comments for t in c.subtree}
            content_tokens = [t for t in content_tokens if t.i not in late]
        elif any(c.i < cue.i for c in clauses) and any(c.i > cue.i for c in clauses):
            # "Taliban claim control, Massoud says he is ready": the earlier clause is a sibling
            early = {t.i for c in clauses if c.i < cue.i for t in c.subtree}
            content_tokens = [t for t in content_tokens if t.i not in early]
        for clause in clauses:
            # '"the situation is stable," in the city, but stopped short of saying ...': a verb with no
            # subject after the closing quotation is the speaker's next act, not more of the words
            closers = [t.i for t in clause.subtree if t.text in QUOTE_CLOSERS and t.i > clause.i]
            if _quoted(clause) and closers:
                acts = {t.i for v in clause.children if v.dep_ == "conj" and v.i > closers[0]
                        and v.pos_ in ("VERB", "AUX") and not any(g.dep_ in SUBJECTS for g in v.children)
                        for t in v.subtree}
                ccs = {c.i for c in clause.children if c.dep_ in ("cc", "punct") and acts and c.i > closers[0]
                       and c.i < min(acts)}
                content_tokens = [t for t in content_tokens if t.i not in acts | ccs]
        hidden = self._hidden_speaker(cue, clauses) if source_tok is None else None
        if hidden is not None:
            source_tok, early = hidden
            content_tokens = [t for t in content_tokens if t.i not in early]
        before = sorted((c for c in clauses if c.i < cue.i), key=lambda c: c.i)
        if len(before) > 1 and _quoted(before[-1]):
            # 'X denied the rumours, "this is a hoax," he said': the quotation is what "said" reports;
            # a clause before it with a cue and a subject of its own is a report of its own
            own = {t.i for c in before[:-1] if self._is_verbal_cue(c)
                   and any(g.dep_ in SUBJECTS for g in c.children) for t in c.subtree}
            content_tokens = [t for t in content_tokens if t.i not in own]
        if lemma == "quote":
            for child in cue.children:
                if child.dep_ == "prep" and child.lower_ == "as":
                    # "as saying", "as confirming", "as denying": any speech verb
                    saying = [t for t in child.subtree if t.dep_ == "pcomp" and t.head.i == child.i and t.pos_ == "VERB"
                              and self.cues.is_cue(self._lemma(t))]
                    cue_tokens.extend(sorted([child, *saying], key=lambda t: t.i))
                    # "quoted him as saying that ...": the clause of "saying" is the quoted words
                    content_tokens.extend(t for say in saying for c in say.children
                                          if c.dep_ in ("ccomp", "xcomp") for t in c.subtree)
        if not content_tokens and cue.dep_ == "relcl" and lemma in self.cues.object_content:
            relcl = {t.i for t in cue.subtree}  # "a claim that has been denied by ...": the claim is the content
            content_tokens = [t for t in cue.head.subtree if t.i not in relcl]
            object_content = True
        if not content_tokens:
            content_tokens = self._channel_content(cue)
        if not content_tokens:
            content_tokens = self._inverted_content(sent, cue, source_tok)
        if not content_tokens:
            content_tokens = self._closed_quote(doc, cue, source_tok, quotes)
        if not content_tokens:
            content_tokens = self._following_quote(doc, cue, quotes)
        if not content_tokens:
            content_tokens = self._colon_content(doc, sent, cue)
        if not content_tokens and source_tok is not None:
            content_tokens = self._preceding_quote(doc, sent, cue, quotes)
        if not content_tokens:
            return None
        # the speaker's phrase up to the cue: "calls saying shots were fired" keeps the content
        speaker = _phrase(source_tok, stop=cue) if source_tok is not None else []
        content = self._pieces(doc, content_tokens, exclude_from=cue_tokens + speaker)
        if not content:
            return None
        source = []
        if source_tok is not None:
            # "Deputy head of the commission Ahmadullah Wasiq said": two adjacent subjects, one speaker
            subjects = [source_tok] + [c for c in cue.children if c.dep_ == "nsubj" and c != source_tok
                                       and source_tok.dep_ == "nsubj" and source_tok.head == cue
                                       and (c.right_edge.i + 1 == source_tok.left_edge.i
                                            or source_tok.right_edge.i + 1 == c.left_edge.i)]
            words = [t for s in subjects for t in _phrase(s, stop=cue)]
            but = [t for t in words if t.lower_ in ("but", "whereas") and t.dep_ == "cc"]
            # "A but B" is never two speakers of one verb: "... controlled the province but the Front
            # disputes the claim" joined the object before "but" to the speaker after it
            joined = any(t.dep_ == "conj" and t.i > but[-1].i for t in words) if but else False
            if but and (_contrasted(cue) or joined):
                # "Taliban says X captured but resistance forces deny": the parser joined both subjects
                source_tok = max((t for t in words if t.i > but[-1].i and t.dep_ in ("nsubj", "nsubjpass")),
                                 key=lambda t: t.i, default=None) or \
                    next((t for t in words if t.i > but[-1].i and t.dep_ == "conj"), source_tok)
                words = [t for t in words if t.i > but[-1].i]
            span = _tokens_span(doc, words)
            if span:
                source = [span]
        att = Attribution(
            cue=[s for s in (_tokens_span(doc, [t]) for t in cue_tokens) if s],
            cue_lemma=lemma,
            source=source,
            content=content,
            polarity="deny" if (lemma in self.cues.deny and not self._negated(cue)) or any(
                t.i != cue.i and self._lemma(t) in self.cues.deny and not self._negated(t) for t in cue_tokens)
            else "assert",   # "quoted a spokesman as denying that ..."
            source_token=source_tok,
            cue_token=cue,
            content_root=subject_taken or self._root_of(content_tokens),
            object_content=object_content,
            channels=self._channels(cue),
            category=self.cues.categories.get(lemma, "speech"),
        )
        return att

    @staticmethod
    def _hidden_speaker(cue: Token, clauses: list[Token]) -> tuple[Token, set[int]] | None:
        """'In Kabul, the former minister, holed out in the valley with his allies — ... — admitted
        the position was perilous': dashes and commas led the parser to hang the speaker inside a
        clause before the cue, which it took for the cue's words. When the cue has no subject, an
        unquoted clause before it has none either and words follow the cue, the first person or
        organisation that clause names speaks; the clause is no part of the words."""
        early = [c for c in clauses if c.i < cue.i and not _quoted(c)
                 and not any(g.dep_ in SUBJECTS for g in c.children)]
        after = any(c.dep_ in ("dobj", "ccomp") and c.i > cue.i for c in cue.children)
        if len(early) != 1 or not after:
            return None
        words = sorted(early[0].subtree, key=lambda t: t.i)
        speaker = next((t for t in words if t.ent_type_ in ("PERSON", "ORG") and t.pos_ == "PROPN"
                        and t.dep_ in ("appos", "nsubj", "npadvmod") and t.head.ent_type_ != t.ent_type_), None)
        if speaker is None:
            return None
        return speaker, {t.i for t in words}

    def _opening_gerund(self, doc: Doc, sent: Span) -> Attribution | None:
        """'Dismissing reports that the leaders died in combat, the source said ...': the tagger read
        the opening participle as a noun and made it the subject of "reports". The participle is the
        cue, the phrase it governs its words, and the main clause's subject its speaker."""
        first = sent[0]
        word = first.lower_
        if first.dep_ != "nsubj" or not word.endswith("ing") or not first.text[:1].isupper() \
                or first.head.i == sent.root.i or first.head.pos_ not in ("VERB", "NOUN"):
            return None
        stems = (word[:-3], word[:-3] + "e", word[:-4] if word[-4:-3] == word[-5:-4] else word[:-3])
        lemma = next((s for s in stems if self.cues.is_cue(s)), None)
        speaker = next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")
                        and c.i > first.head.right_edge.i), None)
        if lemma is None or speaker is None:
            return None
        content = self._pieces(doc, [t for t in first.head.subtree if t.i != first.i], exclude_from=[])
        span = _tokens_span(doc, _phrase(speaker, stop=sent.root))
        if not content or span is None:
            return None
        return Attribution(cue=[s for s in [_tokens_span(doc, [first])] if s], cue_lemma=lemma, source=[span],
                           content=content, polarity="deny" if lemma in self.cues.deny else "assert",
                           source_token=speaker, cue_token=first, content_root=first.head, object_content=True,
                           category=self.cues.categories.get(lemma, "speech"))

    def _raising(self, doc: Doc, cue: Token) -> Attribution | None:
        """'The bridge appears to have been destroyed': an impression, with no one to whom it is due.

        The subject and the complement together are the content. Only noun-phrase subjects are
        taken: "it seems" and "they appear" are mostly the writer's own hedging.
        """
        subject = next((c for c in cue.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        complement = next((c for c in cue.children if c.dep_ in ("xcomp", "acomp", "attr", "ccomp")), None)
        if subject is None or complement is None or subject.pos_ in ("PRON", "DET", "NUM"):
            return None
        if self._is_verbal_cue(complement):
            return None  # "Kyiv seemed to acknowledge the loss": the inner verb is the cue
        content = self._pieces(doc, _subtree(subject) + _subtree(complement), exclude_from=[cue])
        if not content:
            return None
        return Attribution(
            cue=[s for s in [_tokens_span(doc, [cue])] if s], cue_lemma=self._lemma(cue), source=[],
            content=content, cue_token=cue, content_root=complement,
            category=self.cues.categories.get(self._lemma(cue), "evidence"),
        )

    @staticmethod
    def _negated(cue: Token) -> bool:
        return any(c.dep_ == "neg" for c in cue.children)

    def _channels(self, cue: Token) -> list[tuple[str, str]]:
        """'in a tweet', 'in a statement', 'on Telegram', 'via a spokesman': the reporting channel."""
        out = []
        for prep in cue.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "on", "via", "through", "during"):
                continue
            for pobj in prep.children:
                if pobj.dep_ != "pobj":
                    continue
                phrase = " ".join(t.lower_ for t in pobj.subtree)
                for word, kind in self.cues.channels.items():
                    if pobj.lemma_.lower() == word or f" {word}" in f" {phrase}":
                        out.append((doc_text(pobj), kind))
                        break
        return out

    def _channel_content(self, cue: Token) -> list[Token]:
        """'said in a statement that ...': the parser hangs the clause on the channel noun."""
        for prep in cue.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "on", "via", "through", "during"):
                continue
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in self.cues.channels:
                    clause = next((c for c in pobj.children if c.dep_ in ("acl", "ccomp", "relcl")
                                   and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)), None)
                    if clause is not None:
                        return _subtree(clause)
        return []

    def _inverted_content(self, sent: Span, cue: Token, source: Token | None) -> list[Token]:
        """'“...,” he said', '"A," he said, "B"' or '..., TOLO News reported': the words around the cue.

        Taken when the cue has no complement of its own and stands after its content or inside it
        (a parenthetical); the cue, its modifiers and the speaker's phrase are left out.
        """
        if cue.dep_ in ("ccomp", "xcomp") and self._is_verbal_cue(cue.head) \
                and any(c.dep_ == "nsubjpass" for c in cue.children):
            return []   # "X said no clashes have been reported": words inside X's, no relation of their own
        if cue.dep_ == "advcl" and source is not None and any(
                c.dep_ == "mark" and c.i + 1 == source.left_edge.i for c in cue.children):
            return []   # "..., as the Taliban tweeted a warning": a clause of its own, reporting none of the words
        skip = {cue.i} | ({t.i for t in source.subtree} if source is not None else set())
        for child in cue.children:
            if child.dep_ == "punct":
                skip.add(child.i)  # not its subtree: the parser sometimes hangs the quote on its mark
            elif child.dep_ in ("aux", "auxpass", "neg", "prt", "agent", "dative", "nsubj") or (
                    child.dep_ == "prep" and child.i > cue.i) or (
                    child.dep_ in ("advmod", "npadvmod") and (child.i > cue.i or child.ent_type_ in ("DATE", "TIME"))):
                skip.update(t.i for t in child.subtree)
        rest = [t for t in sent if t.i not in skip]
        words = [t for t in rest if not t.is_punct and not t.is_space]
        if len(words) < 3:
            return []
        before = sum(1 for t in words if t.i < cue.i)
        parenthetical = cue.dep_ in ("parataxis", "conj", "ccomp", "advcl") and cue.head.i < cue.i
        first = min([cue.i] + ([source.left_edge.i] if source is not None else []))
        if first > sent.start and sent.doc[first - 1].text in (",", "“", "\"", "—"):
            parenthetical = True  # "These employees, Stumpf explained, were well paid"
        if before >= 0.7 * len(words) or parenthetical or cue.dep_ == "parataxis":
            return rest
        return []

    def _colon_content(self, doc: Doc, sent: Span, cue: Token) -> list[Token]:
        """'X said:' followed by the words, in this sentence or the next."""
        after = [t for t in sent if t.i > cue.i]
        colon = next((t for t in after[:4] if t.text == ":"), None)
        if colon is None:
            return []
        rest = [t for t in sent if t.i > colon.i]
        if len([t for t in rest if not t.is_punct and not t.is_space]) >= 2:
            return rest
        nxt = doc[sent.end].sent if sent.end < len(doc) else None
        return list(nxt) if nxt is not None else []

    def _pieces(self, doc: Doc, tokens: list[Token], exclude_from: list[Token]) -> list[CharSpan]:
        """Contiguous character pieces of `tokens`, without the cue and source tokens."""
        excluded = {t.i for t in exclude_from}
        idx = sorted({t.i for t in tokens} - excluded)
        pieces: list[CharSpan] = []
        run: list[int] = []
        for i in idx:
            if run and i != run[-1] + 1:
                pieces.append(_tokens_span(doc, [doc[run[0]], doc[run[-1]]]))
                run = []
            run.append(i)
        if run:
            pieces.append(_tokens_span(doc, [doc[run[0]], doc[run[-1]]]))
        pieces = [p for p in pieces if p and p[1] - p[0] > 1]
        return pieces

    @staticmethod
    def _root_of(tokens: list[Token]) -> Token | None:
        ids = {t.i for t in tokens}
        roots = [t for t in tokens if t.head.i not in ids or t.head == t]
        return min(roots, key=lambda t: t.i) if roots else None


def _quoted(clause: Token) -> bool:
    """Whether a clause opens with a quotation mark (after any comma the parser hung on it)."""
    first = next((t for t in clause.subtree if t.text not in (",", ";", ":", "—", "–")), clause)
    return first.text in QUOTE_OPENERS


def _comment(clause: Token) -> bool:
    """A clause after a cue that comments on the words before it: one led by "which" ("..., he said,
    which contradicts ...") or set off by a semicolon."""
    first = min(clause.subtree, key=lambda t: t.i)
    before = clause.doc[first.i - 1] if first.i > 0 else None
    return first.lower_ == "which" or (before is not None and before.text == ";")
