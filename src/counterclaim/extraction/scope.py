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

from spacy.tokens import Doc, Span, Token

from ..nlp import subject_taken_for_object, token_at
from .attribution import Attribution
from .cues import CueLexicon
from .families import names_a_place

CLAUSE_DEPS = {"ccomp", "xcomp", "csubj", "advcl", "conj", "relcl", "acl", "pcomp"}


def _words(cues: CueLexicon, name: str) -> frozenset[str]:
    return cues.ledger.get(name, frozenset())


def _unrealised(cue: Token, cues: CueLexicon) -> bool:
    """'has not confirmed', 'is yet to confirm', 'never claimed', 'could not verify', 'failed to say'."""
    words = _words(cues, "unrealised")
    while cue.dep_ == "conj" and cue.head.pos_ in ("VERB", "AUX") and cue.head.i < cue.i \
            and not any(c.dep_ in ("nsubj", "neg") for c in cue.children) \
            and not any(t.lower_ in ("but", "yet", "however") for t in cue.doc[cue.head.i + 1:cue.i]):
        cue = cue.head   # "is yet to respond ... and confirm": the first verb carries it ("but said" does not)
    for tok in (cue, cue.head if cue.dep_ in ("xcomp", "ccomp") and cue.head.i < cue.i else None):
        if tok is None:
            continue
        for child in tok.children:
            if child.dep_ in ("neg", "advmod", "aux") and child.lower_ in words:
                return True
        if tok is not cue and tok.lemma_.lower() in words:
            return True
    if cue.dep_ == "pcomp" and cue.head.dep_ == "prep" and cue.head.head.lemma_.lower() in words:
        return True   # "stopped short of saying", "refrained from calling"
    # "is yet to respond": 'yet' hangs on the copula or the governing verb
    head = cue.head if cue.dep_ == "xcomp" else None
    return head is not None and any(c.lower_ == "yet" for c in head.children)


def _finite_clause(att: Attribution) -> bool:
    """Content that is a clause with a subject of its own ("agreed [that] the town had fallen"; the
    parser may take the subject for the verb's object: "agreed the army no longer controls it")."""
    cue = att.cue_token
    for clause in (c for c in cue.children if c.dep_ == "ccomp") if cue is not None else ():
        if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children) \
                or subject_taken_for_object(clause) is not None:
            return True
    return False


def _has_clause(att: Attribution, doc_text: str) -> bool:
    """Reported content that is a proposition: a clause, a quotation, or more than a noun phrase."""
    root = att.content_root
    if att.mode in ("direct", "mixed") or root is None:
        return True
    if root.pos_ in ("VERB", "AUX") or any(t.dep_ in CLAUSE_DEPS and t.pos_ in ("VERB", "AUX")
                                          for t in root.subtree if t is not root):
        return True
    return any(doc_text[s:e].lstrip().startswith(("“", '"')) for s, e in att.content)


def _commitment(att: Attribution, cues: CueLexicon, doc: Doc) -> bool:
    """Quoted words that commit or appeal rather than assert: an imperative ("Avoid firing in the
    air"), or a first-person speaker with a verb of commitment ("We assure ...", "we call on you")."""
    first = doc.char_span(*att.content[0], alignment_mode="expand") if att.content else None
    if first is None or not len(first):
        return False
    root = next((t for t in first if t.head == t or t.head.i < first.start or t.head.i >= first.end), None)
    if root is None or root.pos_ not in ("VERB", "AUX"):
        return False
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and root.tag_ == "VB" and root.i == first.start:
        return True
    return subject is not None and subject.lower_ in ("we", "i") and root.lemma_.lower() in _words(cues, "commitments")


def is_claim(att: Attribution, cues: CueLexicon, doc_text: str) -> bool:
    """Whether an attribution belongs in the claims ledger (see the module docstring)."""
    cue = att.cue_token
    doc = cue.doc if cue is not None else att.source_token.doc if att.source_token is not None else None
    if doc is not None and att.mode in ("direct", "mixed") and _commitment(att, cues, doc):
        return False
    if cue is None or att.continues is not None or att.mode == "according_to" or att.cue_lemma == ":":
        return True
    lemma = att.cue_lemma
    source = att.source_token
    if source is not None and source.lemma_.lower() in _words(cues, "exhibits"):
        return False   # "pictures showed ..."
    if att.polarity == "deny" and cue.tag_ == "VBG" and cue.dep_ in ("advcl", "pcomp") and att.object_content \
            and att.content_root is not None and att.content_root.lemma_.lower() in cues.nouns \
            and sum(1 for t in att.content_root.subtree if t.is_alpha) <= 4:
        return False   # "Countering the claim, the NRF said ...": the main claim carries the denial
    if lemma in ("attack", "blast", "hit", "strike") and att.content_root is not None and (
            att.content_root.ent_type_ in ("GPE", "LOC", "FAC") or names_a_place(att.content_root)):
        return False   # "attacked the port", "attack Panjshir": an act, no accusation
    if cue.pos_ in ("VERB", "AUX") and _unrealised(cue, cues):
        return False
    if cue.pos_ == "NOUN" and any(c.dep_ in ("det", "neg") and c.lower_ in _words(cues, "unrealised")
                                  for c in cue.children):
        return False   # "made no claim that ...", "gave no confirmation of ..."
    if lemma in _words(cues, "attitudes") and lemma not in cues.deny and not (
            lemma in _words(cues, "asserted_with_clause") and _finite_clause(att)):
        return False
    if lemma in _words(cues, "requests"):
        text = " ".join(doc_text[s:e] for s, e in att.content).lower()
        return cues.talks is not None and cues.talks.search(text) is not None
    if att.polarity == "deny" or att.category in ("denial", "accusation") or cue.pos_ == "NOUN":
        return True
    if not _has_clause(att, doc_text):
        root = att.content_root
        if root is not None and root.dep_ == "prep":   # "commented on the fall of the town"
            root = next((c for c in root.children if c.dep_ == "pobj"), root)
        noun = root.lemma_.lower() if root is not None else ""
        return noun in _words(cues, "event_nouns") or noun in cues.nouns or lemma in _words(cues, "factive")
    return True


def denies_itself(content: Span, cues: CueLexicon) -> bool:
    """Whether a claim's content denies what it speaks of: falsity words ("false", "not true",
    "propaganda", "lies") or its main verb negated ("Panjshir has not fallen")."""
    if cues.falsity is not None and any(not _lies_somewhere(content, m.start())
                                        for m in cues.falsity.finditer(content.text.lower())):
        return True
    root = _root(content)
    return root is not None and _negated_verb(root)


def _lies_somewhere(content: Span, at: int) -> bool:
    """Whether a falsity word is a place lying somewhere ("the village lying 20 km west of the
    town", "which lies on the road"), not a lie told ("they are lying")."""
    tok = token_at(content, at)
    return tok is not None and tok.lemma_.lower() == "lie" and tok.pos_ == "VERB" and any(
        c.dep_ == "npadvmod" or c.dep_ in ("prep", "advmod") and c.lower_ not in ("about", "to")
        for c in tok.children)


def _root(content: Span) -> Token | None:
    """The first word of `content` whose head lies outside it: its main word."""
    return next((t for t in content if t.head == t or t.head.i < content.start or t.head.i >= content.end), None)


# verbs of ending: negated, they say something goes on ("the battles do not stop", "the fighting has
# not ended"), which denies nothing and says no "no"
ENDING = frozenset({"stop", "cease", "end", "halt", "subside", "abate", "finish", "pause"})


def _negated_verb(word: Token) -> bool:
    return word.pos_ in ("VERB", "AUX") and any(c.dep_ == "neg" for c in word.children) \
        and word.lemma_.lower() not in ENDING


NO_TIME = {"point", "time", "stage", "moment"}


def says_no(content: Span) -> bool:
    """Whether a claim's words say that what they speak of did not happen, without denying anyone:
    "there was no encirclement", "no clashes have been reported", "had at no point been surrounded"
    (its answer to a yes-or-no question is no)."""
    root = _root(content)
    if root is None:
        return False
    if _negated_verb(root):
        return True
    for child in root.children:
        noun = child
        if child.dep_ == "prep":   # "at no point", "at no time" (not "in no way will it lessen ...")
            noun = next((g for g in child.children if g.dep_ == "pobj" and g.lemma_.lower() in NO_TIME), None)
        elif child.dep_ not in ("nsubj", "nsubjpass", "attr", "dobj"):
            continue
        if noun is not None and any(d.dep_ == "det" and d.lower_ == "no" for d in noun.children):
            return True
    return False
