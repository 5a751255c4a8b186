"""Speaker labels and headlines: "RUBIO: ...", "... - Reuters" and sourced headlines, told apart
from datelines and headline kickers ("UPDATE:")."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ...nlp import text_of
from .relation import HEADLINE_KICKERS, Attribution, _tokens_span


class SpeakerLabels:
    """Labelled speech and sourced headlines (a mixin of `Attributor`)."""

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
        rest: list[Token] = []
        for t in doc[colon.i + 1:]:
            if t.is_space and "\n" in t.text:
                break
            rest.append(t)
        first = [t for t in rest if t.sent == rest[0].sent] if rest else []   # the sentence may end at the colon
        words = [t for t in label if t.is_alpha]
        if words and len(words) <= 3 and all(t.is_title for t in words) and any(
                self.cues.is_cue(self._lemma(t)) and t.pos_ == "VERB"
                and any(c.dep_ == "nsubj" and c.pos_ != "PRON" for c in t.children) for t in first):
            # "Avdiivka: The ministry said ...", "Guwahati: The Taliban has claimed ...", a headline's
            # "Nagorno-Karabakh: Aliyev says ...": a dateline or a kicker before a speaker of its
            # own, whatever the tagger took the place for
            return None
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
        # a dash with a space before it; a hyphen inside a name ("Nagorno-Karabakh cities") is no mark
        mark = next((t for t in reversed(toks[-6:]) if t.text in (":", "|") or (
            t.text in ("-", "–", "—") and t.i > 0 and t.doc[t.i - 1].whitespace_)), None)
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
        from ...knowledge.gazetteer import known_place, load_gazetteer

        name = text_of(doc)[label[0].idx: label[-1].idx + len(label[-1].text)]
        entries = load_gazetteer().lookup(name)
        if not entries:
            return False
        if not SpeakerLabels._is_headline(doc, sent):
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
