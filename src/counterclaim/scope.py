"""What the claims ledger holds, and what a claim's own words say of its polarity.

Attribution finds every reported speech act, as PolNeAR annotates them (`counterclaim eval
attribution` scores that wider scope). A ledger holds claims: assertions about the world that
someone makes. `is_claim(att, cues)` leaves out, by the `ledger:` section of `data/cues.yaml`:
- attitudes and intentions ("wants", "plans", "decided", "vowed to fight", "welcomed");
- calls and appeals that bear on no talks or truce ("called for a national uprising");
- speech verbs with a plain noun and no reported content ("announced their plans", "confirmed the
  move"), unless the noun is an event the speaker asserts ("confirmed the death of ...");
- reports that are not made: "is yet to confirm", "has not confirmed", "never claimed", "could not
  verify".
Quotations a speaker's cue introduces, and the continuing quotations after it, stay claims.

`denies_itself(content)` tells a claim that denies what it speaks of by its own words ("the
Taliban's claim is false", "this is propaganda", "it is not true", "Panjshir has not fallen").
"""
from __future__ import annotations

import re

from spacy.tokens import Span, Token

from .attribution import Attribution
from .cues import CueLexicon

CLAUSE_DEPS = {"ccomp", "xcomp", "csubj", "advcl", "conj", "relcl", "acl", "pcomp"}


def _words(cues: CueLexicon, name: str) -> frozenset[str]:
    return cues.ledger.get(name, frozenset())


def _unrealised(cue: Token, cues: CueLexicon) -> bool:
    """'has not confirmed', 'is yet to confirm', 'never claimed', 'could not verify', 'failed to say'."""
    words = _words(cues, "unrealised")
    for tok in (cue, cue.head if cue.dep_ in ("xcomp", "ccomp") and cue.head.i < cue.i else None):
        if tok is None:
            continue
        for child in tok.children:
            if child.dep_ in ("neg", "advmod", "aux") and child.lower_ in words:
                return True
        if tok is not cue and tok.lemma_.lower() in words:
            return True
    # "is yet to respond": 'yet' hangs on the copula or the governing verb
    head = cue.head if cue.dep_ == "xcomp" else None
    return head is not None and any(c.lower_ == "yet" for c in head.children)


def _has_clause(att: Attribution, doc_text: str) -> bool:
    """Reported content that is a proposition: a clause, a quotation, or more than a noun phrase."""
    root = att.content_root
    if att.mode in ("direct", "mixed") or root is None:
        return True
    if root.pos_ in ("VERB", "AUX") or any(t.dep_ in CLAUSE_DEPS and t.pos_ in ("VERB", "AUX")
                                          for t in root.subtree if t is not root):
        return True
    return any(doc_text[s:e].lstrip().startswith(("“", '"')) for s, e in att.content)


def is_claim(att: Attribution, cues: CueLexicon, doc_text: str) -> bool:
    """Whether an attribution belongs in the claims ledger (see the module docstring)."""
    cue = att.cue_token
    if cue is None or att.continues is not None or att.mode == "according_to" or att.cue_lemma == ":":
        return True
    lemma = att.cue_lemma
    if cue.pos_ in ("VERB", "AUX") and _unrealised(cue, cues):
        return False
    if lemma in _words(cues, "attitudes") and lemma not in cues.deny:
        return False
    if lemma in _words(cues, "requests"):
        text = " ".join(doc_text[s:e] for s, e in att.content).lower()
        return any(re.search(rf"\b{re.escape(w)}", text) for w in _words(cues, "negotiation_words"))
    if att.polarity == "deny" or att.category in ("denial", "accusation") or cue.pos_ == "NOUN":
        return True
    if not _has_clause(att, doc_text):
        root = att.content_root
        noun = root.lemma_.lower() if root is not None else ""
        return noun in _words(cues, "event_nouns") or noun in cues.nouns
    return True


def denies_itself(content: Span, cues: CueLexicon) -> bool:
    """Whether a claim's content denies what it speaks of: falsity words ("false", "not true",
    "propaganda", "lies") or its main verb negated ("Panjshir has not fallen")."""
    text = content.text.lower()
    for phrase in _words(cues, "falsity"):
        if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text):
            return True
    roots = [t for t in content if t.head == t or t.head.i < content.start or t.head.i >= content.end]
    for root in roots[:1]:
        verb = root if root.pos_ in ("VERB", "AUX") else None
        if verb is not None and any(c.dep_ == "neg" for c in verb.children):
            return True
    return False
