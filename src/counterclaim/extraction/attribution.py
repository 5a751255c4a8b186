"""Attribution: who is said to have said, claimed or denied what, read off a dependency parse.

`find_attributions(doc)` returns every attribution relation (cue, source, content) in a parsed
document: verbal cues ("X said that ..."), inverted and quoted speech ("“...,” X said"),
"according to X", nominal cues ("X's claim that ...", "her criticism of ..."), "X quoted him as
saying", speaker labels ("RUBIO: ..."), guarded cues that count only with a named subject ("Kyiv
believes that ..."), raising verbs ("the bridge appears to have been hit"), and quoted or
unquoted continuations of a speaker's words in the next sentences. Cues inside a quotation are
the quoted speaker's words and are not reported as relations of their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .cues import CueLexicon, load_cues
from .quotes import QuoteIndex
from ..nlp import text_of

CharSpan = tuple[int, int]
SUBJECTS = {"nsubj", "nsubjpass", "csubj"}
DASH_SIGNATURE = re.compile(r"[ \t\u00a0]*([―—–]|--)[ \t\u00a0]*([A-Z][\w.'’-]*(?:[ \u00a0][A-Z][\w.'’-]*){0,4})[ \t\u00a0.,]*(?:\n|$)")
QUOTE_OPENERS = {"“", '"', "«", "„", "‘"}
QUOTE_CLOSERS = {"”", '"', "»", "“", "’"}
FIRST_SECOND = {"i", "we", "you", "me", "us"}
# Words a headline puts before a colon that name a section or format, not a speaker.
HEADLINE_KICKERS = {"correction", "corrections", "update", "updated", "breaking", "exclusive", "watch",
                    "video", "videos", "photos", "pictures", "gallery", "analysis", "opinion", "editorial",
                    "commentary", "comment", "explainer", "factbox", "timeline", "live", "review",
                    "interview", "podcast", "listen", "read", "note", "obituary", "profile", "report",
                    "feature", "letters", "quiz", "recap", "preview", "briefing"}
# Nouns for what someone issues, beyond the claim nouns and channels of the cue lexicon.
MESSAGES = {"letter", "ad", "advert", "advertisement", "memo", "note", "email", "paper", "op-ed", "book",
            "video", "clip", "message", "post", "column", "editorial", "policy", "resolution"}
TRIM = set(" \n\t,;:-—–.“”\"'‘’«»()")


@dataclass
class Attribution:
    """One attribution relation, with character spans into the document text."""

    cue: list[CharSpan]
    cue_lemma: str
    source: list[CharSpan]
    content: list[CharSpan]
    mode: str = "indirect"          # direct | indirect | mixed | according_to
    polarity: str = "assert"
    source_token: Token | None = None
    cue_token: Token | None = None
    content_root: Token | None = None
    object_content: bool = False     # the content is a noun phrase ("denied the claim")
    channels: list[tuple[str, str]] = field(default_factory=list)  # (text, kind): "a tweet", tweet
    continues: Attribution | None = None  # the attribution whose words this one continues
    category: str = "speech"

    @property
    def start(self) -> int:
        return min(s for s, _ in self.content) if self.content else self.cue[0][0]


def _trim(doc: Doc, start: int, end: int) -> CharSpan | None:
    """Character span without surrounding punctuation, quote marks and white space."""
    text = text_of(doc)
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return (start, end) if end > start else None


def _tokens_span(doc: Doc, tokens: list[Token]) -> CharSpan | None:
    if not tokens:
        return None
    first = min(tokens, key=lambda t: t.i)
    last = max(tokens, key=lambda t: t.i)
    return _trim(doc, first.idx, last.idx + len(last.text))


def _subtree(token: Token) -> list[Token]:
    return list(token.subtree)


def _phrase(token: Token, stop: Token | None = None) -> list[Token]:
    """A noun phrase headed by `token`, cut before `stop` (a cue inside it)."""
    tokens = list(token.subtree)
    if stop is not None and token.i < stop.i:
        tokens = [t for t in tokens if t.i < stop.i]
    return tokens


class Attributor:
    """Finds attribution relations in parsed documents with a cue lexicon."""

    def __init__(self, cues: CueLexicon | None = None) -> None:
        self.cues = cues or load_cues()

    # -- cue detection --------------------------------------------------------------------------
    def _lemma(self, tok: Token) -> str:
        return self.cues.lemma(tok.text, tok.lemma_)

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

    @staticmethod
    def _drop_nested(found: list[Attribution]) -> list[Attribution]:
        """Claims inside another relation's content are part of that claim, not new ones.

        - A claim noun: in "Biden dismissed Trump's accusation that ..." the accusation is what
          Biden dismissed; the relation is Biden's, with the accusation as its content.
        - A cue heading the clause another speaker reports: in "Merrill says Machado promised to
          back Clinton" the claim is Merrill's, of which Machado's promise is the content. The
          reporter's word is what the text attests (on PolNeAR train such inner cues are gold
          under a third of the time). A relay after the words is not such a speaker: in "X
          denied it, TOLO News reported" X's denial stays, and so does the relay, which becomes
          the channel of the claim it follows.
        """
        verbal = [a for a in found if a.cue_token is not None and a.cue_token.pos_ != "NOUN"]
        def nested(att: Attribution) -> bool:
            pos = att.cue_token.idx
            return any(s <= pos < e for other in verbal for s, e in other.content)
        reporters = {a.cue_token.i for a in verbal if a.category != "report"}
        def reported(att: Attribution) -> bool:
            tok = att.cue_token
            return tok.dep_ in ("ccomp", "xcomp") and tok.head.i in reporters and tok.head.i < tok.i \
                and att.category != "report" and not _contrasted(tok)
        return [a for a in found if a.cue_token is None or not (nested(a) if a.cue_token.pos_ == "NOUN" else reported(a))]

    @staticmethod
    def _cue_tokens(doc: Doc, att: Attribution) -> set[int]:
        out = {att.cue_token.i} if att.cue_token is not None else set()
        for start, end in att.cue:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                out.update(range(span.start, span.end))
        return out

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

    def __call__(self, doc: Doc) -> list[Attribution]:
        quotes = QuoteIndex(text_of(doc))
        found: list[Attribution] = []
        claimed: set[int] = set()  # cue tokens already used
        for sent in doc.sents:
            label = self._speaker_label(doc, sent) or self._trailing_label(doc, sent)
            if label is not None:
                claimed.add(label.cue_token.i)
                found.append(label)
            for tok in sent:
                if tok.i in claimed:
                    continue
                att = None
                if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                    att = self._according(doc, sent, tok)
                elif self._is_verbal_cue(tok) or self._beside_quote(tok, quotes):
                    att = self._verbal(doc, sent, tok, quotes)
                elif tok.pos_ in ("VERB", "AUX") and self._lemma(tok) in self.cues.raising:
                    att = self._raising(doc, tok)
                elif tok.pos_ == "NOUN" and (tok.lemma_.lower() in self.cues.nouns
                                             or tok.lemma_.lower() in self.cues.noun_preps):
                    att = self._nominal(doc, tok)
                if att is not None and self._speaker_ok(att, quotes):
                    claimed.update(self._cue_tokens(doc, att))  # "quoted him as saying" is one cue
                    found.append(att)
        found.extend(self._dash_signed(doc, quotes, found))
        found = self._drop_nested(found)
        found.sort(key=lambda a: a.cue[0][0])
        for att in found:
            att.mode = att.mode if att.mode == "according_to" else self._mode(quotes, att)
        found.extend(self._continuations(doc, quotes, found))
        found.sort(key=lambda a: (a.start, a.cue[0][0] if a.cue else 0))
        return found

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
        if any(c.i < cue.i for c in clauses) and any(c.i > cue.i for c in clauses):
            # "Taliban claim control, Massoud says he is ready": the earlier clause is a sibling
            early = {t.i for c in clauses if c.i < cue.i for t in c.subtree}
            content_tokens = [t for t in content_tokens if t.i not in early]
        if lemma == "quote":
            for child in cue.children:
                if child.dep_ == "prep" and child.lower_ == "as":
                    saying = [t for t in child.subtree if t.lemma_ == "say"]
                    cue_tokens.extend(t for t in child.subtree if t.lemma_ == "say" or t.lower_ == "as")
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
            if but and _contrasted(cue):
                # "Taliban says X captured but resistance forces deny": the parser joined both subjects
                source_tok = max((t for t in words if t.i > but[-1].i and t.dep_ in ("nsubj", "nsubjpass")),
                                 key=lambda t: t.i, default=source_tok)
                words = [t for t in words if t.i > but[-1].i]
            span = _tokens_span(doc, words)
            if span:
                source = [span]
        att = Attribution(
            cue=[s for s in (_tokens_span(doc, [t]) for t in cue_tokens) if s],
            cue_lemma=lemma,
            source=source,
            content=content,
            polarity="deny" if lemma in self.cues.deny and not self._negated(cue) else "assert",
            source_token=source_tok,
            cue_token=cue,
            content_root=self._root_of(content_tokens),
            object_content=object_content,
            channels=self._channels(cue),
            category=self.cues.categories.get(lemma, "speech"),
        )
        return att

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

    def _according(self, doc: Doc, sent: Span, according: Token) -> Attribution | None:
        to = next(c for c in according.children if c.lower_ == "to")
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        head = according.head if according.head != according else None
        phrase = set(t.i for t in according.subtree)
        if head is None or head.i in phrase:
            tokens = [t for t in sent if t.i not in phrase]
        else:
            tokens = [t for t in head.subtree if t.i not in phrase]
        content = self._pieces(doc, tokens, exclude_from=[])
        if not content:
            return None
        return Attribution(
            cue=[s for s in (_tokens_span(doc, [according]), _tokens_span(doc, [to])) if s],
            cue_lemma="according to",
            source=[s for s in [_tokens_span(doc, list(pobj.subtree))] if s],
            content=content,
            mode="according_to",
            source_token=pobj,
            cue_token=according,
            content_root=head,
            channels=[],
            category="report",
        )

    def _speaker_label(self, doc: Doc, sent: Span) -> Attribution | None:
        """'PENCE: We will ...' or a headline 'Rubio: Trump Is Not Fit': a named speaker, a colon, words.

        The label is a short name-like phrase opening the line (no verb, no preposition, not a
        place, date or time) followed by a colon; the content runs to the end of the paragraph,
        since a transcript turn or headline quote may hold several sentences.
        """
        toks = [t for t in sent if not t.is_space]
        colon = next((t for t in toks[:7] if t.text == ":"), None)
        if colon is None:
            return None
        label = [t for t in toks if t.i < colon.i and t.text not in ("“", '"', "‘")]
        if not 1 <= len(label) <= 5:
            return None
        if not self._is_name_label(label) and not (self._is_headline(doc, sent) and self._headline_source(label)):
            return None
        if self._dateline(doc, sent, label):
            return None
        after = [t for t in sent if t.i > colon.i]
        if len(label) == 1 and label[0].pos_ == "PROPN" and not self._is_headline(doc, sent) and any(
                self.cues.is_cue(self._lemma(t)) and t.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in t.children)
                for t in after):
            return None   # "Avdiivka: The ministry said ...": a dateline before a speaker of its own
        rest: list[Token] = []
        for t in doc[colon.i + 1:]:
            if t.is_space and "\n" in t.text:
                break
            rest.append(t)
        if sum(1 for t in rest if t.is_alpha) < 3:
            return None
        content = self._pieces(doc, rest, exclude_from=[])
        source = _tokens_span(doc, label)
        if not content or source is None:
            return None
        return Attribution(
            cue=[(colon.idx, colon.idx + 1)], cue_lemma=":", source=[source], content=content,
            source_token=label[-1], cue_token=colon, content_root=self._root_of(rest), category="speech",
        )

    def _trailing_label(self, doc: Doc, sent: Span) -> Attribution | None:
        """A headline that names its source last: "Spokesperson killed in Panjshir: Reports",
        "Battle for Soledar continues - General Staff", "Russian forces control most of the town: UK"."""
        if not self._is_headline(doc, sent):
            return None
        toks = [t for t in sent if not t.is_space]
        while toks and toks[-1].text in (".", "'", '"', "’", "”"):
            toks = toks[:-1]
        mark = next((t for t in reversed(toks[-6:]) if t.text in (":", "-", "–", "—", "|")), None)
        if mark is None:
            return None
        label = [t for t in toks if t.i > mark.i]
        rest = [t for t in toks if t.i < mark.i]
        if not 1 <= len(label) <= 4 or not all(t.is_alpha or t.text in ("'s", "’s", ".") for t in label) \
                or sum(1 for t in rest if t.is_alpha) < 3:
            return None
        names = self._is_name_label(label) or (len(label) == 1 and label[0].lower_ in
                                                ("reports", "report", "sources", "officials", "spokesman",
                                                 "spokesperson", "military", "ministry", "army", "police"))
        if not names or self._dateline(doc, sent, label):
            return None
        if any(self.cues.is_cue(self._lemma(t)) or t.lower_ in self.cues.deny for t in rest):
            return None   # "Taliban claim X, resistance deny: report": the report relays those claims
        content = self._pieces(doc, rest, exclude_from=[])
        source = _tokens_span(doc, label)
        if not content or source is None:
            return None
        return Attribution(
            cue=[(mark.idx, mark.idx + len(mark.text))], cue_lemma=":", source=[source], content=content,
            source_token=label[-1], cue_token=mark, content_root=self._root_of(rest), category="speech",
        )

    @staticmethod
    def _dateline(doc: Doc, sent: Span, label: list[Token]) -> bool:
        """'Guwahati: The Taliban has claimed ...', 'Panjshir: The NRF has accused ...': a place
        opening a paragraph is where the story was filed, not who speaks (a headline's label is a
        place only if it is a prominent one)."""
        if any(t.ent_type_ == "PERSON" for t in label):
            return False
        from ..knowledge.gazetteer import known_place, load_gazetteer

        name = text_of(doc)[label[0].idx: label[-1].idx + len(label[-1].text)]
        entries = load_gazetteer().lookup(name)
        if not entries:
            return False
        if not Attributor._is_headline(doc, sent):
            return True
        return known_place(name, 100_000)

    @staticmethod
    def _is_headline(doc: Doc, sent: Span) -> bool:
        return "\n" not in text_of(doc)[:sent.start_char]

    @staticmethod
    def _headline_source(label: list[Token]) -> bool:
        """'Sanders: ...', 'Poll: ...' opening a headline: one capitalised word the tagger took for a
        common noun, unless it is one of the kickers newsrooms put before a colon."""
        word = label[0]
        return len(label) == 1 and word.is_title and word.pos_ in ("NOUN", "PROPN") \
            and word.lower_ not in HEADLINE_KICKERS

    @staticmethod
    def _is_name_label(label: list[Token]) -> bool:
        """A speaker's name or title: names and nouns only, with a person or group among them."""
        if any(t.pos_ not in ("PROPN", "NOUN", "DET", "ADJ", "PART", "PUNCT") for t in label):
            return False
        if any(t.ent_type_ in ("GPE", "LOC", "DATE", "TIME", "CARDINAL", "FAC") for t in label):
            return False
        if label[-1].pos_ not in ("PROPN", "NOUN") and not label[-1].ent_type_:
            return False
        return any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in label) or all(
            t.text[:1].isupper() and t.pos_ == "PROPN" for t in label if t.is_alpha)

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
            source=[s for s in [_tokens_span(doc, list(source_tok.subtree))] if s] if source_tok is not None else [],
            content=content,
            polarity="deny" if lemma == "denial" else "assert",
            source_token=source_tok,
            cue_token=noun,
            content_root=content_tok,
            category=self.cues.categories.get(lemma, "speech"),
        )

    @staticmethod
    def _noun_holder(noun: Token) -> Token | None:
        """Whose claim a claim noun is: 'Kyiv's denial', 'a statement by the ministry', 'Russian claims'."""
        source_tok = next((c for c in noun.children if c.dep_ == "poss"), None)
        if source_tok is None:
            by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
            source_tok = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
        if source_tok is None:
            source_tok = next((c for c in noun.children if c.dep_ in ("amod", "compound") and c.i < noun.i
                               and c.ent_type_ in ("NORP", "GPE", "ORG")), None)
        return source_tok

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
                    if inner is not None and inner.source_token is not None:
                        out.append(inner)
                        cues.add(noun.i)
        return out

    @staticmethod
    def _noun_complement(noun: Token) -> Token | None:
        """'the claim the town had fallen' (no 'that'): a clause hanging from the noun."""
        return next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and c.i > noun.i
                     and (c.tag_ not in ("VBG", "VBN", "TO") or any(g.dep_ in ("aux", "auxpass") for g in c.children))
                     and any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)), None)

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
            for child in sorted(tok.children, key=lambda c: abs(c.i - tok.i)):
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
            governor = self._governor(tok, cue)
            if governor is None:
                break
            if tok.dep_ == "xcomp":
                controller = next((c for c in governor.children if c.dep_ == "dobj" and c.i < tok.i), None)
                if controller is not None:
                    return controller  # "forced Stumpf to admit", "urged the allies to condemn"
            tok = governor
        return self._adjacent_speaker(cue) or self._enclosing_speaker(cue)

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
        """'..., reported TOLO News': a reporting verb with no subject, its reporter after it."""
        if self.cues.categories.get(self._lemma(cue)) != "report" or any(c.dep_ in SUBJECTS for c in cue.children):
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
        nxt = found[by_sent[sents[nxt_pos].start]]
        if nxt.mode != "direct" or nxt.source_token is None or nxt.continues is not None:
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


def _contrasted(tok: Token) -> bool:
    """'X says A but Y denies': a clause opened by a contrasting conjunction is a sibling of the one
    before it, though the parser may hang it inside ("says [... but Y deny]")."""
    start = min(t.i for t in tok.subtree)
    doc = tok.doc
    before = doc[start - 1] if start > 0 else None
    return before is not None and before.lower_ in ("but", "while", "whereas", "however") or any(
        t.lower_ in ("but", "whereas") and t.dep_ == "cc" and t.i < tok.i for t in tok.subtree
        if t.i < max((c.i for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), default=tok.i))


def _same_paragraph(a: Span, b: Span) -> bool:
    """Two sentences with no blank line between them."""
    doc = a.doc
    return "\n\n" not in text_of(doc)[a.start_char:b.start_char]


def doc_text(token: Token) -> str:
    """The text of a token's phrase."""
    sub = list(token.subtree)
    return text_of(token.doc)[sub[0].idx: sub[-1].idx + len(sub[-1].text)]


_DEFAULT: Attributor | None = None


def nested_claims(doc: Doc, found: list[Attribution]) -> list[Attribution]:
    """Claims held inside other attributions' noun contents ("denied Russian claims that ..."), with
    their own holders: see `Attributor.nested`."""
    return _attributor().nested(doc, found)


def find_attributions(doc: Doc) -> list[Attribution]:
    """Every attribution relation in a parsed document, in text order.

    doc: a spaCy Doc parsed by `counterclaim.nlp`.
    Returns Attribution records with character spans into `doc.text`.
    """
    return _attributor()(doc)


def _attributor() -> Attributor:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Attributor()
    return _DEFAULT
