"""What a claim is about, by meaning: its family, read from its predicates and what they act on.

The claim type (`claimtypes.classify`) weighs cue words, which is what typing a whole report needs
(ACLED's sub-event types). The family of a claim is the kind of proposition it bears on, and there
the object decides: a captured or taken place is territory ("captured Soledar", "the capture of
Soledar", "Panjshir has fallen", "forces are present in all strategic positions"), a captured
person detention, a seized weapon materiel; a named person killed is news about a group; a claim
whose point is a toll is casualties; who is behind an event is attribution. `family_of_claim`
returns that family and, when the claim is territory but its type says otherwise, the territory
type that fits. Words are data: the `families:` section of `data/claim_types.yaml`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from ..knowledge.countries import load_countries
from ..knowledge.gazetteer import known_place
from ..model import Quantity
from ..nlp import heads_within, token_at
from .cues import load_cues, words_pattern
from .ontology import Ontology, load_ontology

PLACE_PREPS = {"in", "at", "across", "over", "of", "into", "from", "to", "towards", "toward", "inside", "around",
               "near", "throughout", "on", "within", "outside"}


@dataclass(frozen=True)
class _Lexicon:
    verbs: frozenset[str]
    nouns: frozenset[str]
    adjectives: frozenset[str]
    strong: frozenset[str]
    recapture: frozenset[str]
    withdrawal: frozenset[str]
    capture: frozenset[str]
    places: frozenset[str]
    people: frozenset[str]
    weapons: frozenset[str]
    deaths: frozenset[str]
    tolls: frozenset[str]
    casualty_words: frozenset[str]
    attribution: re.Pattern
    negotiation: re.Pattern
    negotiation_first: re.Pattern
    humanitarian: re.Pattern
    leaders: frozenset[str]
    flags: frozenset[str]
    fighting: frozenset[str]
    defending: frozenset[str]
    defending_phrases: re.Pattern
    goes_on: frozenset[str]
    materiel_verbs: frozenset[str]
    flag_verbs: frozenset[str]
    owned: frozenset[str]
    abstract: frozenset[str]


@lru_cache(maxsize=4)
def _lexicon(ontology: Ontology) -> _Lexicon:
    raw = ontology.families
    ter = raw.get("territory", {})

    def words(values) -> frozenset[str]:
        return frozenset(str(v).lower() for v in values or ())

    return _Lexicon(
        verbs=words(ter.get("verbs")), nouns=words(ter.get("nouns")), adjectives=words(ter.get("adjectives")),
        strong=words(ter.get("strong")), recapture=words(ter.get("recapture")),
        withdrawal=words(ter.get("withdrawal")), capture=words(ter.get("capture")),
        places=words(raw.get("places")), people=words(raw.get("people")), weapons=words(raw.get("weapons")),
        deaths=words(raw.get("deaths")), tolls=words(raw.get("tolls")),
        casualty_words=words(raw.get("casualty_words")),
        attribution=_any_of(raw.get("attribution"), whole=True),
        negotiation=_any_of(raw.get("negotiation"), whole=True),
        humanitarian=_any_of(raw.get("humanitarian")),
        negotiation_first=_any_of(raw.get("negotiation_first"), whole=True),
        leaders=words(raw.get("leaders")),
        flags=words(raw.get("flags")),
        fighting=words(raw.get("fighting")),
        defending=words(raw.get("defending")),
        defending_phrases=_any_of(raw.get("defending_phrases"), whole=True),
        goes_on=words(raw.get("goes_on")),
        materiel_verbs=words(raw.get("materiel_verbs")),
        flag_verbs=words(raw.get("flag_verbs")),
        owned=words(raw.get("owned")),
        abstract=words(raw.get("abstract")),
    )


def type_by_cue(cue_lemma: str | None, family: str, ledger: dict[str, frozenset[str]]) -> str | None:
    """The type a claim's cue gives it whatever its words say, or None: a call or appeal the ledger
    keeps ("called on both sides to stop fighting", "urged them to withdraw") is a demand bearing on a
    truce, no report of fighting or of a withdrawal; crediting a deed to someone ("the ministry
    credited the capture to its paratroopers") says who did it."""
    if cue_lemma in ledger.get("requests", ()) and family not in ("negotiation", "humanitarian"):
        return "negotiation"
    if cue_lemma in ledger.get("crediting", ()) and family != "attribution":
        return "responsibility_claim"
    return None


def _in_relative_clause(content: Span, at: int) -> bool:
    """Whether the word at character `at` of the content sits in a relative clause, a detail of a
    noun ("bodies were left on the battlefield, which were handed over through mediation"), not the
    claim's point."""
    tok = token_at(content, at)
    return tok is not None and any(t.dep_ == "relcl" for t in heads_within(tok, content))


def _any_of(phrases, whole: bool = False) -> re.Pattern:
    return words_pattern({str(p).lower() for p in phrases or ()}, whole=whole)


def _subject_of(verb: Token) -> list[Token]:
    """A verb's subject, or that of the verb it is coordinated with ("was, is and will be")."""
    for _ in range(4):
        subject = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subject or verb.dep_ != "conj":
            return subject
        verb = verb.head
    return []


def _antecedent(verb: Token) -> list[Token]:
    """What a clause reported inside a relative clause is about: "the video that the rebels said
    was filmed in the town" says the video was filmed there (the passive's subject is the noun the
    relative clause hangs on)."""
    if verb.dep_ != "ccomp" or not any(c.dep_ == "auxpass" for c in verb.children) \
            or any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("that", "which") for c in verb.children):
        return []
    cue = verb.head
    if cue.dep_ in ("relcl", "acl") and cue.head.pos_ in ("NOUN", "PROPN"):
        return [cue.head]
    return []


class _Reader:
    def __init__(self, content: Span, places: list[tuple[int, int]], lex: _Lexicon) -> None:
        self.content = content
        self.places = places
        self.lex = lex

    def is_place(self, tok: Token, depth: int = 0) -> bool:
        """A place name the geoparser resolved, a place noun, a noun of a place ("Soledar's mines"),
        or a proper noun the gazetteer knows as a town or an admin area ("captured Kreminna" though
        the tagger took it for a person)."""
        if any(s <= tok.idx < e for s, e in self.places):
            return True
        if tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in self.lex.places:
            return True
        if tok.pos_ == "PROPN" and tok.text[:1].isupper() and known_place(tok.text, 5000):
            return True
        if depth < 2 and not (tok.pos_ == "NOUN" and tok.lemma_.lower() in self.lex.abstract):
            for c in tok.children:
                if c.dep_ in ("poss", "compound") and self.is_place(c, depth + 1):
                    return True
                if c.dep_ == "prep" and c.lower_ == "of" \
                        and any(g.dep_ == "pobj" and self.is_place(g, depth + 1) for g in c.children):
                    return True
        return False

    def is_person(self, tok: Token) -> bool:
        return tok.ent_type_ == "PERSON" or tok.lemma_.lower() in self.lex.people

    def acted_on(self, tok: Token) -> list[Token]:
        """What a predicate acts on or says of: objects, passive and intransitive subjects, the nouns
        of its place prepositions and particles, a noun's possessor ("Soledar's capture")."""
        out: list[Token] = []
        direct = [c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")] or _antecedent(tok)
        if not direct and tok.dep_ == "acl" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN"):
            direct = [tok.head]   # "the prisoners taken in the town": the prisoners were taken
        if direct and tok.pos_ in ("VERB", "AUX"):
            # "captured 20 soldiers near Shushi": what was captured, not where
            over = [g for c in tok.children if c.dep_ == "prt" for g in c.children if g.dep_ in ("pobj", "dobj")]
            return direct + over + [g for o in direct for g in o.conjuncts]
        for c in tok.children:
            if c.dep_ in ("dobj", "obj", "nsubjpass", "attr", "poss"):
                out.append(c)
            elif c.dep_ == "nsubj" and (tok.pos_ in ("ADJ", "NOUN") or tok.lemma_.lower() in
                                        {"fall", "remain", "stand", "advance"}):
                out.append(c)
            elif c.dep_ in ("prep", "prt", "agent") and c.lower_ in PLACE_PREPS | {"over", "up", "out", "back"}:
                out.extend(g for g in c.children if g.dep_ in ("pobj", "dobj"))
                out.extend(g for p in c.children if p.dep_ == "prep" for g in p.children if g.dep_ == "pobj")
        if tok.dep_ == "amod" and tok.head.pos_ in ("NOUN", "PROPN"):
            out.append(tok.head)
        if tok.dep_ in ("acomp", "attr") and tok.head.pos_ in ("AUX", "VERB"):
            out.extend(_subject_of(tok.head))   # "Soledar was, is and will be Ukrainian"
        if tok.dep_ == "xcomp" and tok.pos_ == "VERB" and tok.lemma_.lower() in ("stand", "remain", "hold"):
            out.extend(_subject_of(tok.head))   # "Panjshir continues to stand"
        more = [g for o in out for g in o.conjuncts]
        return out + more

    def predicates(self) -> list[Token]:
        return [t for t in self.content if t.pos_ in ("VERB", "AUX", "NOUN", "ADJ", "PROPN")
                or t.lower_ in self.lex.owned]

    def flag_over(self, tok: Token) -> bool:
        """"the flag is flown in Shusha", "raised their flag over the town": a flag over a place."""
        if tok.lemma_.lower() not in self.lex.flag_verbs or tok.pos_ != "VERB":
            return False
        if not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in self.lex.flags for c in tok.children):
            return False
        return any(c.dep_ == "prep" and any(g.dep_ == "pobj" and self.is_place(g) for g in c.children)
                   for c in tok.children)


def names_a_place(tok: Token, places: list[tuple[int, int]] | None = None) -> bool:
    """Whether a word names a place: a place noun ("the port"), a town the gazetteer knows, or a
    name inside one of the `places` the geoparser found."""
    return _Reader(tok.doc[tok.i:tok.i + 1], places or [], _lexicon(load_ontology())).is_place(tok)


def family_of_claim(content: Span, type_id: str, quantities: list[Quantity],
                    places: list[tuple[int, int]], ontology: Ontology | None = None) -> tuple[str, str | None]:
    """(family, territory type or None) of a claim's content.

    content: the claim's words in the parsed document; type_id: the type `classify` gave;
    quantities: its figures; places: character spans of the places the geoparser resolved.
    The second value is a territory type ("territory_capture", "territory_control",
    "territory_recapture", "withdrawal") when the claim is about territory and its type is not.
    """
    ont = ontology or load_ontology()
    lex = _lexicon(ont)
    ctype = ont.types.get(type_id)
    family = ctype.family if ctype is not None else "statement"
    r = _Reader(content, places, lex)
    text = content.text.lower()
    has_place = any(content.start_char <= s < content.end_char for s, _ in places) or any(
        t.lemma_.lower() in lex.places and t.pos_ == "NOUN" for t in content)

    if lex.attribution.search(text):
        return "attribution", None
    # a named person or a leader killed: news about the group they led or spoke for
    for tok in content:
        if tok.lemma_.lower() in lex.deaths:
            victims = [t for t in r.acted_on(tok)] + [c for c in tok.children if c.dep_ == "nsubj"
                                                       and tok.lemma_.lower() in ("die", "dead")]
            if tok.pos_ == "NOUN":
                victims += [c for c in tok.children if c.dep_ == "poss"]
                victims += [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
            if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN"):
                victims.append(tok.head)   # "spokesperson killed in Panjshir"
            if any(v.ent_type_ == "PERSON" or (v.lemma_.lower() in lex.leaders and v.tag_ == "NN")
                   or any(w.ent_type_ == "PERSON" or (w.lemma_.lower() in lex.leaders and w.tag_ == "NN")
                          for w in v.subtree if w.dep_ in ("appos", "compound"))
                   for v in victims):
                return "group", None   # a named person or one leader, not "three commanders"
    if any(not _in_relative_clause(content, m.start()) for m in lex.negotiation_first.finditer(text)):
        return "negotiation", None
    root = next((t for t in content if t.head == t or not (content.start <= t.head.i < content.end)), None)
    if root is not None and (root.lemma_.lower() in {"kill", "wound", "injure", "die", "suffer"}
                             or root.lemma_.lower() in lex.casualty_words):
        return "casualties", None   # the claim's point is a toll
    lemma = root.lemma_.lower() if root is not None else ""
    if root is not None and (
            lemma in lex.fighting and root.pos_ == "NOUN"
            or lemma in lex.defending and root.pos_ == "VERB"
            or lemma == "hold" and bool(lex.defending_phrases.search(text))
            or lemma in lex.goes_on and any(c.dep_ == "nsubj" and c.lemma_.lower() in lex.fighting
                                            for c in root.children)):
        return "violence", None   # the claim's point is the fighting
    territory = _territory(r, lex, has_place)
    if territory == HYPOTHESIS:   # only hypotheses on a place ("if they took the city, ..."): a statement
        return "statement", None
    if territory is not None:
        if family == "territory":
            return family, None
        return "territory", territory
    for tok in content:
        lemma = tok.lemma_.lower()
        if tok.pos_ in ("VERB",) and lemma in lex.verbs | lex.materiel_verbs | {"arrest", "detain", "catch"}:
            objs = r.acted_on(tok)
            if objs and any(r.is_person(o) for o in objs) and lemma in lex.capture | {"arrest", "detain", "catch", "hold"}:
                return "detention", None
            if objs and any(o.lemma_.lower() in lex.weapons for o in objs):
                return "materiel", None
    if any(q.kind in lex.tolls for q in quantities) or (
            any(t.lemma_.lower() in lex.casualty_words for t in content)
            and any(q.of not in ("percent", "money") for q in quantities)):
        return "casualties", None
    if family in ("violence", "statement", "protest", "crime", "detention") and any(
            t.lemma_.lower() in ("casualty", "casualties", "loss", "losses", "corpse", "body") for t in content):
        return "casualties", None
    if family in ("statement", "violence", "materiel", "protest") and \
            lex.negotiation.search(text):
        return "negotiation", None
    if family in ("statement", "violence", "protest") and \
            lex.humanitarian.search(text):
        return "humanitarian", None
    if family == "materiel" and not any(t.lemma_.lower() in lex.weapons for t in content):
        return "statement", None
    return family, None


# what `_territory` gives when a content's only territory predicates are hypothetical (an attempt on
# a place stays territory: the events' gold reads "trying to capture X" so in two wars and as
# fighting in a third)
HYPOTHESIS = "hypothesis"


def _condition(node: Token) -> bool:
    """Whether a clause opens with "if" or "unless"."""
    return any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in node.children)


def _conditional(node: Token) -> bool:
    """Whether a clause is a condition or has one."""
    return _condition(node) or any(c.dep_ == "advcl" and _condition(c) for c in node.children)


def _unreported(node: Token) -> bool:
    """A speech verb negated: what it would report is not asserted ("the ministry has not reported
    the capture of the town", "never claimed to have taken it"); the negating words are the cue
    lexicon's `unrealised` ones, as for a claim's own cue (`scope.is_claim`)."""
    cues = load_cues()
    return node.pos_ == "VERB" and cues.is_cue(node.lemma_.lower()) and any(
        c.dep_ in ("neg", "advmod") and c.lower_ in cues.ledger.get("unrealised", frozenset())
        for c in node.children)


def _hypothetical(tok: Token, content: Span | None = None) -> bool:
    """A predicate inside or under a condition ("if they took control of the city, they would ..."),
    or under a speech verb negated within the claim's words (`_unreported`; "did not comment on
    claims by the Taliban to have captured X" still reports the Taliban's claim)."""
    node = tok
    for _ in range(8):
        if _conditional(node) or (node is not tok and content is not None
                                  and content.start <= node.i < content.end and _unreported(node)):
            return True
        if node.head is node:
            break
        node = node.head
    return False


def _territory(r: _Reader, lex: _Lexicon, has_place: bool) -> str | None:
    """The territory type a content's predicates make; "hypothesis" when the only ones are
    hypothetical; or None."""
    countries = load_countries()
    hypothesis = False
    for tok in r.predicates():
        lemma = tok.lemma_.lower()
        verb = tok.pos_ in ("VERB", "AUX") and lemma in lex.verbs
        noun = tok.pos_ in ("NOUN", "PROPN") and lemma in lex.nouns
        adj = tok.pos_ in ("ADJ", "VERB") and (lemma in lex.adjectives or tok.lower_ in lex.adjectives)
        demonym = (tok.pos_ in ("ADJ", "PROPN") and countries.by_name(tok.text) is not None
                   or tok.lower_ in lex.owned) and tok.dep_ in ("acomp", "attr")
        if r.flag_over(tok) and not _hypothetical(tok, r.content):
            return "territory_control"
        if not (verb or noun or adj or demonym):
            continue
        objs = r.acted_on(tok)
        if any(r.is_person(o) or o.lemma_.lower() in lex.weapons for o in objs) and \
                not any(r.is_place(o) for o in objs):
            continue   # "captured 34 fighters", "seized cannons"
        # "its forces had captured it": a thing taken by force is a place, a person is "him" or "them"
        taken = lemma in lex.strong and any(o.lower_ == "it" for o in objs)
        if any(r.is_place(o) for o in objs) or (lemma in lex.strong and has_place) or taken or (
                demonym and objs and r.is_place(objs[0])):
            if _hypothetical(tok, r.content):
                hypothesis = True
                continue
            if lemma in lex.recapture:
                return "territory_recapture"
            if lemma in lex.withdrawal:
                return "withdrawal"
            if lemma in lex.capture:
                return "territory_capture"
            return "territory_control"
    return HYPOTHESIS if hypothesis else None
