"""The `Attributor`: every construction kind (verbal cues, sources, quotations, nominal cues,
speaker labels) put together, run over a parsed document, with nested relations dropped."""
from __future__ import annotations

from spacy.tokens import Doc, Token

from ...nlp import text_of
from ..cues import CueLexicon, load_cues
from ..quotes import QuoteIndex
from .labels import SpeakerLabels
from .nominal import NominalCues
from .quotations import Quotations
from .relation import Attribution, _contrasted
from .sources import Sources
from .verbal import VerbalCues


class Attributor(VerbalCues, Sources, Quotations, NominalCues, SpeakerLabels):
    """Finds attribution relations in parsed documents with a cue lexicon."""

    def __init__(self, cues: CueLexicon | None = None) -> None:
        self.cues = cues or load_cues()

    # -- cue detection --------------------------------------------------------------------------
    def _lemma(self, tok: Token) -> str:
        """The cue lemma of a word: a phrasal verb the lexicon lists ("turned down" -> "turn down"); a
        verb that rejects what is offered when its object is a thing, not an act ("refused the offer",
        "talks that were refused by X" -> "reject"; "refused to comment" stays "refuse")."""
        lemma = self.cues.lemma(tok.text, tok.lemma_)
        if tok.pos_ != "VERB":
            return lemma
        for prt in tok.children:
            if prt.dep_ == "prt" and f"{lemma} {prt.lower_}" in self.cues.categories:
                return f"{lemma} {prt.lower_}"
        if lemma in self.cues.rejections and not any(c.dep_ == "xcomp" for c in tok.children) and (
                any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") for c in tok.children)
                or tok.dep_ == "relcl" and any(c.dep_ == "agent" for c in tok.children)):
            return "reject"
        return lemma

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
        def nested(att: Attribution) -> bool:   # inside the words of a relation that stays
            pos = att.cue_token.idx
            return any(s <= pos < e for other in verbal if not reported(other) for s, e in other.content)
        reporters = {a.cue_token.i for a in verbal if a.category != "report"}
        # the speaker's own verb inside a relay's cue ("quoted him as confirming he had written it")
        reporting_words = {s for a in verbal for s, _ in a.cue if s != a.cue_token.idx}
        def reported(att: Attribution) -> bool:
            tok = att.cue_token
            return tok.dep_ in ("ccomp", "xcomp") and (tok.head.i in reporters or tok.head.idx in reporting_words) \
                and tok.head.i < tok.i and att.category != "report" and not _contrasted(tok)
        return [a for a in found if a.cue_token is None or not (nested(a) if a.cue_token.pos_ == "NOUN" else reported(a))]

    @staticmethod
    def _cue_tokens(doc: Doc, att: Attribution) -> set[int]:
        out = {att.cue_token.i} if att.cue_token is not None else set()
        for start, end in att.cue:
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                out.update(range(span.start, span.end))
        return out

    def __call__(self, doc: Doc) -> list[Attribution]:
        quotes = QuoteIndex(text_of(doc))
        found: list[Attribution] = []
        claimed: set[int] = set()  # cue tokens already used
        for sent in doc.sents:
            label = self._speaker_label(doc, sent) or self._trailing_label(doc, sent)
            if label is not None:
                claimed.add(label.cue_token.i)
                found.append(label)
            opening = self._opening_gerund(doc, sent)
            if opening is not None:   # its words' misread verb ("reports") is no cue of its own
                claimed.update((opening.cue_token.i, opening.content_root.i))
                found.append(opening)
            for tok in sent:
                if tok.i in claimed:
                    continue
                att = None
                source = self._source_phrase(doc, tok)
                if source is not None:
                    att = self._according(doc, sent, *source)
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
        found.extend(self._relayed_in_quotes(doc, quotes, found))
        found.sort(key=lambda a: (a.start, a.cue[0][0] if a.cue else 0))
        return found


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
