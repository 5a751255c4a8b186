"""Conditions on an offer or a statement: "ready to stop the war ... if the Taliban ends its attacks".

A condition is a clause introduced by "if", "only if", "unless", "provided
(that)", "providing (that)", "on condition that", "as long as" or "so long as".
Its span runs from the marker to the end of the clause's dependency subtree,
without trailing punctuation, and stops before a second condition nested in it.

Left out on purpose: "as if" (a comparison: "acted as if nothing happened")
and "even if" (concessive: "we will fight even if they attack" puts no
condition on the statement; it says the statement holds regardless).
"whether", "in case" and "if" that asks a question ("asked if the army had
withdrawn", "unclear if ...") are left out too.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from ..model import Condition
from ..nlp import text_of

# Multi-word markers, longest first; the last word is the one spaCy tags `mark`.
MARKERS = [("on", "condition", "that"), ("as", "long", "as"), ("so", "long", "as"),
           ("only", "if"), ("provided", "that"), ("providing", "that"),
           ("if",), ("unless",), ("provided",), ("providing",)]
# Markers by their first word: most tokens start none, and cost one dictionary look-up.
MARKERS_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _words in MARKERS:
    MARKERS_BY_FIRST.setdefault(_words[0], []).append(_words)
NOT_CONDITIONS = {"as", "even", "what"}  # words before "if" that make it no condition
# "if" after these asks whether ("unclear if the Taliban will attend").
ASKING = {"ask", "wonder", "know", "see", "check", "unclear", "clear", "uncertain", "unknown",
          "doubt", "decide", "determine", "confirm", "say", "tell"}


def find_conditions(span: Span | Doc) -> list[Condition]:
    """Every condition clause in `span` (a spaCy Span or Doc), in text order.

    Each Condition has the clause text, marker included ("if the insurgents
    withdraw"), and its (start, end) character offsets in the whole document.
    """
    if len(span) == 0:
        return []
    doc = span[0].doc
    lo, hi = span[0].i, span[-1].i + 1
    found: list[tuple[int, int]] = []
    i = lo
    while i < hi:
        marker = _marker(doc, i, hi)
        if marker is None:
            i += 1
            continue
        clause = _clause(doc, i, marker, hi)
        if clause is not None:
            found.append(clause)
        i += len(marker)
    # A clause ends before the next condition starts inside it ("unless X, as long as Y").
    out = []
    for n, (start, end) in enumerate(found):
        later = [s for s, _ in found[n + 1:] if start < s < end]
        if later:
            end = _trim(doc, start, min(later))
        out.append(Condition(text=text_of(doc)[doc[start].idx:doc[end - 1].idx + len(doc[end - 1])],
                             span=(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]))))
    return out


def find_condition(span: Span | Doc) -> Condition | None:
    """The condition on the main statement of `span`, or None.

    With several, the one whose clause hangs on the span's main verb wins,
    else the first.  The span is character offsets into the whole document.
    """
    conditions = find_conditions(span)
    if not conditions:
        return None
    roots = {span.root.i} if isinstance(span, Span) else {s.root.i for s in span.sents}
    doc = span[0].doc
    for condition in conditions:
        clause = doc.char_span(*condition.span, alignment_mode="expand")
        if clause.root.head.i in roots or any(t.head.i in roots for t in clause
                                               if t.dep_ in ("advcl", "prep")):
            return condition
    return conditions[0]


def _marker(doc: Doc, i: int, hi: int) -> tuple[str, ...] | None:
    """The condition marker starting at token i, if any."""
    for words in MARKERS_BY_FIRST.get(doc[i].lower_, ()):
        if i + len(words) <= hi and tuple(t.lower_ for t in doc[i:i + len(words)]) == words:
            if words[-1] == "if" and len(words) == 1 and i > 0 and \
                    doc[i - 1].lower_ in NOT_CONDITIONS:
                return None  # "as if", "even if", "what if" ("only if" is matched above)
            if words[0] in ("provided", "providing") and doc[i].dep_ not in (
                    "prep", "advcl", "mark", "cc", "advmod", "conj") and len(words) == 1:
                return None  # "they provided weapons"
            if words == ("as", "long", "as") and i > 0 and doc[i - 1].lower_ in ("for", "just"):
                return None  # "for as long as it takes": duration
            return words
    return None


def _clause(doc: Doc, i: int, marker: tuple[str, ...], hi: int) -> tuple[int, int] | None:
    """Token range (start, end) of the clause introduced by the marker at token i."""
    after = i + len(marker)
    if after >= hi:
        return None
    last = doc[after - 1]
    if last.dep_ == "mark" and last.head.i >= after:
        verb = last.head  # "if the Taliban ends ...": the marked verb
        if marker == ("if",) and (verb.dep_ in ("ccomp", "csubj", "dobj", "pobj") or (
                i > 0 and doc[i - 1].lemma_ in ASKING)):
            return None  # "asked if the army had withdrawn": a question, not a condition
    else:
        # "provided" / "on condition that" parse as prepositions or verbs: take the
        # verb nearest after the marker that hangs back on it or beyond.
        verb = next((t for t in doc[after:hi] if t.pos_ in ("VERB", "AUX")
                     and (t.head.i < after or t.head.i == t.i)), None)
        if verb is None:
            return None
    end = max(t.i for t in verb.subtree) + 1
    return i, _trim(doc, i, min(end, hi))


def _trim(doc: Doc, start: int, end: int) -> int:
    """Drop trailing punctuation and conjunctions from the token range [start, end)."""
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space
                               or doc[end - 1].lower_ in ("and", "or", "but")):
        end -= 1
    return end
