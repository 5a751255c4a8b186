"""Quotations and continuations: quoted speech beside its cue ("“...,” X said", "X said: “...”"),
quotes signed with a dash, the direct/indirect mode of a relation, and a speaker's words carried
on into the next sentences, quoted or not."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ...nlp import text_of
from ..quotes import QuoteIndex
from .relation import (
    DASH_SIGNATURE,
    FIRST_SECOND,
    QUOTE_CLOSERS,
    QUOTE_OPENERS,
    SUBJECTS,
    Attribution,
    CharSpan,
    _same_paragraph,
    _trim,
)


# Who may quote another speaker's words with their cue: a report or an outlet quoted word for word
# ("“The president said ... that the army had taken the city,” the report says")
RELAYING_NOUNS = {"report", "reports", "agency", "outlet", "newspaper", "broadcaster", "channel", "television",
                  "radio", "website", "wire", "bulletin", "dispatch", "media"}


class Quotations:
    """Quoted speech and its continuations (a mixin of `Attributor`)."""

    def _relayed_in_quotes(self, doc: Doc, quotes: QuoteIndex, found: list[Attribution]) -> list[Attribution]:
        """A speaker named inside a report's quoted words: "“The President said on Sunday that the
        army had taken the city. ...,” the report says" is the president's claim, which the report
        relays. A cue inside a quotation is otherwise the quoted speaker's own (`_speaker_ok`); a
        report quotes others, a person quoting "they said" speaks for himself."""
        out: list[Attribution] = []
        used = {a.cue_token.i for a in found if a.cue_token is not None}
        for att in found:
            src = att.source_token
            if src is None or src.lemma_.lower() not in RELAYING_NOUNS or att.mode != "direct":
                continue
            for start, end in att.content:
                span = doc.char_span(start, end, alignment_mode="expand")
                for tok in span if span is not None else ():
                    if tok.i in used or not self._is_verbal_cue(tok):
                        continue
                    inner = self._verbal(doc, tok.sent, tok, quotes)
                    who = inner.source_token if inner is not None else None
                    if who is None or who.pos_ == "PRON" or who.lower_ in FIRST_SECOND or not inner.content:
                        continue
                    used.add(tok.i)
                    inner.mode = "indirect"
                    out.append(inner)
        return out

    @staticmethod
    def _beside_quote(tok: Token, quotes: QuoteIndex) -> bool:
        """A verb outside the lexicon that introduces or closes a quotation ('She continued, “...”',
        '“...,” he went on'): standing right beside the quote marks it as a verb of saying."""
        if tok.pos_ != "VERB" or not any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("it", "there")
                                         for c in tok.children):
            return False
        doc = tok.doc
        skip = ("prt", "advmod", "npadvmod", "dobj")
        j = tok.i + 1
        while j < len(doc) and doc[j].dep_ in skip and doc[j].head == tok and j - tok.i <= 3:
            j += 1
        if j + 1 < len(doc) and doc[j].text in (",", ":") and quotes.region_at(doc[j + 1].idx) is not None \
                and doc[j + 1].text in QUOTE_OPENERS:
            return True
        left = min([tok.i] + [c.left_edge.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")])
        right = j
        closes = left > 0 and doc[left - 1].text in QUOTE_CLOSERS and quotes.region_at(doc[left - 1].idx) is not None
        ends = right >= len(doc) or doc[right].is_punct or doc[right].is_space
        return closes and ends

    def _dash_signed(self, doc: Doc, quotes: QuoteIndex, found: list[Attribution]) -> list[Attribution]:
        """'“...” ― Sonya Herridge': a quotation signed with a dash and a name at the end of its line."""
        text = text_of(doc)
        out = []
        taken = [c for a in found for c in a.cue]
        for m in DASH_SIGNATURE.finditer(text):
            end = len(text[:m.start()].rstrip())
            if end == 0 or text[end - 1] not in QUOTE_CLOSERS or any(s <= m.start(1) < e for s, e in taken):
                continue
            # the quotation the mark closes, or its whole line when the opening mark is missing or
            # mistyped ('”Mr. Trump embodies ...” ― Sonya Herridge')
            region = quotes.region_at(end - 1)
            start = region[0] if region else text.rfind("\n", 0, end - 1) + 1
            name = doc.char_span(m.start(2), m.end(2), alignment_mode="contract")
            if name is None or len(name) > 6 or not any(t.pos_ == "PROPN" for t in name):
                continue
            content = _trim(doc, start, end)
            if content is None:
                continue
            out.append(Attribution(
                cue=[(m.start(1), m.end(1))], cue_lemma="―", source=[(m.start(2), m.end(2))], content=[content],
                source_token=name.root, cue_token=doc.char_span(m.start(1), m.end(1), alignment_mode="expand")[0],
                category="speech"))
        return out

    def _speaker_ok(self, att: Attribution, quotes: QuoteIndex) -> bool:
        """Whose voice the cue is in: a reporter's, not the writer's or a quoted speaker's.

        Outside quotes "I think" and "you can say" are the writer's voice, not a reported claim.
        Inside a quotation every word, cues included, is already the quoted speaker's claim: a cue
        there ("“They said we were beaten,” he said") is a claim within that claim, which the
        outer attribution covers (on PolNeAR train such cues are gold under a quarter of the time).
        """
        if att.cue_token is not None and quotes.region_at(att.cue_token.idx) is not None:
            return False
        src = att.source_token
        return src is None or src.lower_ not in FIRST_SECOND

    @staticmethod
    def _closed_quote(doc: Doc, cue: Token, source: Token | None, quotes: QuoteIndex) -> list[Token]:
        """'"Are we there? Probably not," Ms. Moore said.': the speaker and cue right after a
        closing quote mark speak the whole quotation, however the parser split its sentences."""
        first = min([cue.i] + ([source.left_edge.i] if source is not None and source.i < cue.i else []))
        if first == 0 or doc[first - 1].text not in QUOTE_CLOSERS:
            return []
        region = quotes.region_at(doc[first - 1].idx)
        if region is None or "\n" in text_of(doc)[region[0]:region[1]]:
            return []
        start = doc.char_span(region[0], doc[first - 1].idx + 1, alignment_mode="expand")
        return list(start) if start is not None else []

    @staticmethod
    def _preceding_quote(doc: Doc, sent: Span, cue: Token, quotes: QuoteIndex) -> list[Token]:
        """'“We will not retreat.” Hassan said.': the parser split the quote from its speaker.

        When the cue's sentence opens with the speaker and cue and holds no words of its own,
        the quoted sentence just before it on the same line is what was said.
        """
        if sent.start == 0 or any(t.is_alpha for t in sent if t.i < cue.i and t.dep_ not in SUBJECTS
                                  and t.head.dep_ not in SUBJECTS and t.head != cue and t.dep_ != "compound"):
            return []
        after = [t for t in sent if t.i > cue.i and t.is_alpha]
        if len(after) > 4 or any(t.pos_ in ("VERB", "AUX") for t in after):
            return []  # "Trump has often cited improving services": words of its own after the cue
        prev = doc[sent.start - 1].sent
        gap = text_of(doc)[prev.end_char:sent.start_char] if prev.end_char <= sent.start_char else ""
        span = _trim(doc, prev.start_char, prev.end_char)
        if "\n" in gap or span is None or quotes.fraction(*span) < 0.8:
            return []
        return list(prev)

    @staticmethod
    def _following_quote(doc: Doc, cue: Token, quotes: QuoteIndex) -> list[Token]:
        """'Trump said, “When people come back ...”': a quotation opening right after the cue (a
        comma or colon between) is what was said, however the parser attached its words."""
        j = cue.i + 1
        while j < len(doc) and doc[j].head == cue and doc[j].dep_ in ("advmod", "npadvmod", "prt"):
            j += 1
        if j < len(doc) and doc[j].text in (",", ":"):
            j += 1
        if j >= len(doc) or doc[j].text not in QUOTE_OPENERS:
            return []
        region = quotes.region_at(doc[j].idx)
        if region is None or region[0] != doc[j].idx:
            return []
        span = doc.char_span(region[0], region[1], alignment_mode="expand")
        return list(span) if span is not None else []

    def _mode(self, quotes: QuoteIndex, att: Attribution) -> str:
        total = sum(e - s for s, e in att.content)
        quoted = sum(quotes.quoted_chars(max(s - 1, 0), e + 1) for s, e in att.content)
        share = quoted / max(total, 1)
        if share >= 0.9:
            return "direct"
        if share > 0.05:
            return "mixed"
        return "indirect"

    # -- continuations --------------------------------------------------------------------------
    def _continuations(self, doc: Doc, quotes: QuoteIndex, found: list[Attribution]) -> list[Attribution]:
        """Sentences that go on with the last speaker's words without a cue of their own.

        A quoted sentence next to a direct quote continues it; so does an unquoted present-tense
        sentence between two direct quotes of the same speaker.
        """
        covered = [(s, e) for a in found for s, e in a.content] + [c for a in found for c in a.cue]
        sents = list(doc.sents)
        by_sent: dict[int, int] = {}
        for k, att in enumerate(found):
            if att.cue_token is not None:
                by_sent[att.cue_token.sent.start] = k
        out: list[Attribution] = []
        last: int | None = None
        for pos, sent in enumerate(sents):
            if sent.start in by_sent:
                last = by_sent[sent.start]
                continue
            span = _trim(doc, sent.start_char, sent.end_char)
            if span is None or any(s < span[1] and span[0] < e for s, e in covered):
                continue
            share = quotes.fraction(*span)
            prev_att = found[last] if last is not None else None
            if share >= 0.8 and prev_att is not None and prev_att.mode in ("direct", "mixed") and \
                    self._near(sents, pos, prev_att):
                out.append(self._continue(prev_att, span, "direct"))
                continue
            if share >= 0.8 and self._lead_in(sents, pos, span, found, by_sent, quotes):
                continue
            if share >= 0.8 and prev_att is not None and prev_att.source_token is not None \
                    and pos > 0 and sents[pos - 1].start in by_sent and _same_paragraph(sents[pos - 1], sent):
                # "X said that ... . “Most of those arrested are foreigners.”": a quote right after
                # reported speech, in the same paragraph, is the same speaker's words
                out.append(self._continue(prev_att, span, "direct"))
                continue
            if share == 0 and prev_att is not None and prev_att.mode == "direct" and self._near(sents, pos, prev_att) \
                    and self._present_tense(sent) and pos + 1 < len(sents) \
                    and quotes.fraction(sents[pos + 1].start_char, sents[pos + 1].end_char) >= 0.5:
                out.append(self._continue(prev_att, span, "indirect"))
        return out

    def _lead_in(self, sents: list[Span], pos: int, span: CharSpan, found: list[Attribution],
                 by_sent: dict[int, int], quotes: QuoteIndex) -> bool:
        """A quoted sentence just before '“...,” he said' opens that quote: it joins its content.

        The words become part of the following attribution (not a separate continuation), so the
        relation keeps its quote whole and the continuation never precedes what it continues.
        Runs of quoted sentences ('“A. B. C,” he said') are taken back to front.
        """
        nxt_pos = pos + 1
        while nxt_pos < len(sents) and sents[nxt_pos].start not in by_sent:
            nxt_span = _trim(sents[nxt_pos].doc, sents[nxt_pos].start_char, sents[nxt_pos].end_char)
            if nxt_span is None or quotes.fraction(*nxt_span) < 0.8 or nxt_pos - pos > 3:
                return False
            nxt_pos += 1
        if nxt_pos >= len(sents):
            return False
        start = sents[nxt_pos].start_char

        def opens(att: Attribution) -> bool:
            """Its words open with the rest of the quotation ('“A. B,” he said, as quoted by ...')."""
            if att.source_token is None or att.continues is not None or not att.content or not att.cue:
                return False
            first = min(att.content)
            if first[0] > att.cue[0][0]:
                return False   # 'X said that "..."': its words follow the cue, they open no quote
            return att.mode == "direct" or (att.mode == "mixed" and first[0] <= start + 2
                                            and quotes.fraction(*first) >= 0.8)

        here = [a for a in found if a.cue_token is not None and a.cue_token.sent.start == sents[nxt_pos].start]
        nxt = next((a for a in here if opens(a)), None)
        if nxt is None:
            return False
        nxt.content.append(span)
        nxt.content.sort()
        return True

    @staticmethod
    def _near(sents: list[Span], pos: int, att: Attribution) -> bool:
        """The sentence is within two sentences after the attribution's last content."""
        end = max(e for _, e in att.content)
        prior = [s for s in sents[max(pos - 2, 0):pos]]
        return any(s.start_char <= end <= s.end_char + 2 for s in prior)

    @staticmethod
    def _present_tense(sent: Span) -> bool:
        verbs = [t for t in sent if t.pos_ in ("VERB", "AUX") and t.dep_ in ("ROOT",)]
        return bool(verbs) and all(t.tag_ in ("VBZ", "VBP") for t in verbs)

    @staticmethod
    def _continue(att: Attribution, span: CharSpan, mode: str) -> Attribution:
        return Attribution(
            cue=[], cue_lemma=att.cue_lemma, source=[], content=[span], mode=mode,
            polarity="assert", source_token=att.source_token, cue_token=None, content_root=None,
            channels=list(att.channels), continues=att, category=att.category,
        )
