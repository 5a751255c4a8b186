"""The parties of an event: its agent and target read off the parse around the type's trigger
(subject and objects of the governing verb, "by" agents, actor nouns), each with the side its
words name; and the syntax helpers claim typing shares (passives, subjects, objects, negation)."""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..model import Party, TypeMatch
from ..nlp import subject_taken_for_object
from .cues import load_cues
from .ontology import Ontology, load_ontology
from .typecues import HYPHENS


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def objects_of(verb: Token) -> list[Token]:
    """Heads of what the verb acts on: direct objects, passive subjects, or the noun it modifies."""
    objs = [c for c in verb.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
    if not objs and verb.dep_ in ("acl", "relcl", "amod") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
        objs = [verb.head]
    if not objs:
        # "captured on Monday the port" / phrasal "set up a base": objects hang off a particle.
        for c in verb.children:
            if c.dep_ == "prt":
                objs += [g for g in c.children if g.dep_ in ("dobj", "pobj")]
    out = []
    for o in objs:
        out.append(o)
        out += [c for c in o.conjuncts]
        # "dozens of Palestinians", "a number of villages": the noun after "of".
        if o.lemma_.lower() in ("dozen", "hundred", "thousand", "number", "some", "several", "all",
                                "part", "parts", "most", "many", "one", "two", "three", "host"):
            for p in o.children:
                if p.dep_ == "prep" and p.lower_ == "of":
                    out += [g for g in p.children if g.dep_ == "pobj"]
    return out


def subject_of(verb: Token) -> Token | None:
    """The actor of a verb: its active subject, the `by` agent of a passive, or a coordinated verb's."""
    v = verb
    for _ in range(4):
        if _is_passive(v):
            for w in [v] + [c for c in v.conjuncts if not any(g.dep_ == "nsubj" for g in c.children)]:
                for c in w.children:
                    if c.dep_ == "agent":
                        for g in c.children:
                            if g.dep_ == "pobj":
                                return g
        else:
            for c in v.children:
                if c.dep_ in ("nsubj", "csubj"):
                    # "the militia, which has been retaking the villages": the noun "which" stands for
                    return v.head if c.tag_ in ("WP", "WDT") and v.dep_ == "relcl" and v.head.pos_ in ("NOUN", "PROPN") \
                        else c
            taken = subject_taken_for_object(v)   # "agreed [the army] no longer controls the town"
            if taken is not None:
                return taken
            # a parser slip hangs the subject on the auxiliary ("forces had re-captured")
            for c in v.children:
                if c.dep_ == "aux":
                    for g in c.children:
                        if g.dep_ == "nsubj":
                            return g
        if v.dep_ == "pcomp" and v.head.dep_ == "prep" and v.head.lower_ == "of":
            # "accused the Taliban of cutting off aid": the accused is the actor
            objs = [c for c in v.head.head.children if c.dep_ in ("dobj", "obj")]
            if objs:
                return objs[0]
        if v.dep_ == "conj" and v.head.pos_ in ("VERB", "AUX"):
            if not _is_passive(v) and _is_passive(v.head):
                # "were killed, surrendered or captured": the passive subject surrendered
                return next((c for c in v.head.children if c.dep_ == "nsubjpass"), None)
            v = v.head
            continue
        if v.dep_ in ("xcomp", "acomp") and v.head.pos_ in ("VERB", "AUX", "ADJ"):
            v = v.head
            continue
        if v.dep_ == "relcl" and not _is_passive(v):
            return v.head  # "the militants who seized the town"
        break
    return None


def is_negated(tok: Token) -> bool:
    """Whether the clause of tok is negated ("did not", "no group claimed")."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    for c in verb.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ in ("nsubj", "nsubjpass") and (
            c.lower_ in ("nobody", "none", "noone")
            or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)
        ):
            return True
    return False


def _phrase(tok: Token, conj: bool = True) -> str:
    """The noun phrase headed by tok, without relative clauses, appositions or most prepositions."""
    keep = {tok.i}
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ in ("relcl", "acl", "appos", "advcl", "parataxis") or (
                    c.dep_ == "punct" and c.text in ",;:()"):
                continue
            if c.dep_ == "prep" and c.lower_ != "of":
                continue
            if c.dep_ in ("cc", "conj") and (t is not tok or not conj):
                continue
            keep.add(c.i)
            stack.append(c)
    lo, hi = min(keep), max(keep)
    # keep it contiguous: cut at the first gap after the head
    while hi > tok.i and hi - 1 not in keep and hi not in keep:
        hi -= 1
    doc = tok.doc
    span = doc[lo:hi + 1]
    return span.text.strip(" ,;:\"'“”‘’")


def _trigger_span(span: Span | Doc, match: TypeMatch) -> Span | None:
    if not match.trigger:
        return None
    text = span.text
    at = text.find(match.trigger)
    if at < 0:
        at = text.lower().find(match.trigger.lower())
    if at < 0:
        return None
    base = span.start_char if isinstance(span, Span) else 0
    doc = span.doc if isinstance(span, Span) else span
    sub = doc.char_span(base + at, base + at + len(match.trigger), alignment_mode="expand")
    return sub if sub is not None and len(sub) else None


def _governing_verb(tok: Token) -> Token | None:
    t = tok
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX"):
            return t
        if t.head is t:
            return None
        t = t.head
    return None


def find_parties(span: Span | Doc, match: TypeMatch,
                 ontology: Ontology | None = None) -> tuple[Party | None, Party | None]:
    """The agent and the target of the event a claim describes.

    span: the text the match was made on; match: its `TypeMatch` (the trigger locates the event).
    Returns (agent, target) as `Party` records with `actor` left None; either may be None.
    "A suicide bomber killed 22 people" -> ("A suicide bomber", "22 people"); "X were killed by Y"
    -> (Y, X); "fighting between X and Y" -> (X, Y); for territory the target is the side the area
    was taken from ("re-captured the district from the Taliban" -> "the Taliban"), never the place.
    """
    trigger = _trigger_span(span, match)
    if trigger is None:
        return None, None
    ont = ontology or load_ontology()
    ctype = ont.types.get(match.type)
    agent_tok, target_tok = _parties_of(trigger, territorial=bool(ctype and ctype.family == "territory"))
    # "fighting between X and Y": X alone is the agent
    split = agent_tok is not None and target_tok is not None and target_tok in agent_tok.conjuncts
    agent = Party(_phrase(agent_tok, conj=not split)) if agent_tok is not None else None
    target = Party(_phrase(target_tok)) if target_tok is not None else None
    return agent, target


def _pobjs(tok: Token, preps: tuple[str, ...]) -> list[Token]:
    return [g for c in tok.children if c.dep_ in ("prep", "agent") and c.lower_ in preps
            for g in c.children if g.dep_ == "pobj"]


def _parties_of(trigger: Span, territorial: bool = False) -> tuple[Token | None, Token | None]:
    root = trigger.root
    nominal = root.pos_ in ("NOUN", "PROPN") or root.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj")
    between = [t for t in _pobjs(root, ("between",)) if _is_actor(t)] if nominal else []
    if between:
        # "fighting between X and Y"
        conj = between[0].conjuncts
        return between[0], (conj[0] if conj else None)
    if root.pos_ in ("NOUN", "PROPN"):
        if root.dep_ == "nsubj" and root.head.pos_ in ("VERB", "AUX") and _is_agentive(root):
            # The trigger names the actor: "A suicide bomber killed 22 people".
            objs = [c for c in root.head.children if c.dep_ in ("dobj", "obj")]
            return root, (objs[0] if objs else None)
        by, on = _pobjs(root, ("by",)), _pobjs(root, ("on", "against", "with"))
        if by or on:
            return (by[0] if by else None), (on[0] if on else None)
    verbs = [t for t in trigger if t.pos_ in ("VERB", "AUX")]
    if not verbs:
        gov = _governing_verb(root)
        verbs = [gov] if gov is not None and not _speaks_of(gov) else []
    if not verbs:
        return None, None
    agent = next((s for s in (subject_of(v) for v in verbs) if s is not None), None)
    if agent is not None and agent.head.lemma_.lower() in UNDERGOERS:
        # "the resistance's heavy equipment has fallen": what falls undergoes it; who it fell to
        # ("fell to the Taliban") is the doer
        winners = [t for t in _pobjs(agent.head, ("to", "into")) if _is_actor(t)]
        return (winners[0] if winners else None), agent
    target = None
    for v in verbs:
        if _is_passive(v):
            target = next((c for c in v.children if c.dep_ == "nsubjpass"), None)
        else:
            target = next((c for c in v.children if c.dep_ in ("dobj", "obj")), None)
        if target is None and v.dep_ == "conj" and _is_passive(v.head):
            target = next((c for c in v.head.children if c.dep_ == "nsubjpass"), None)
        if target is not None:
            break
    if territorial:
        # who lost the area: "re-captured X from the Taliban", "drove the militants out of the town"
        target = None
        for v in verbs:
            losers = [t for t in _pobjs(v, ("from",)) if _is_actor(t)]
            if not losers:
                objs = [c for c in v.children if c.dep_ in ("dobj", "obj")]
                losers = [o for o in objs if _is_actor(o)]
            if losers:
                target = losers[0]
                break
    if target is not None and agent is not None and target.i == agent.i:
        target = None
    return agent, target


def _speaks_of(verb: Token) -> bool:
    """A verb of speech or attitude: its subject speaks of the event a noun names, and does not do
    it ("Turkey congratulates Azerbaijan over the town's liberation", "Kyiv denied the capture")."""
    cues = load_cues()
    lemma = verb.lemma_.lower()
    return cues.is_cue(lemma) or lemma in cues.ledger.get("attitudes", frozenset())


# verbs whose subject undergoes the event rather than does it
UNDERGOERS = {"fall", "collapse", "perish", "crumble"}

AGENT_NOUNS = {"bomber", "attacker", "gunman", "gunmen", "militant", "militants", "assailant", "sniper",
               "rebel", "rebels", "fighter", "fighters", "kidnapper", "kidnappers", "mob", "rioter", "rioters",
               "jet", "jets", "warplane", "warplanes", "drone", "drones", "aircraft", "helicopter", "troops",
               "forces", "police", "army", "soldiers", "insurgents", "protesters", "demonstrators"}


def _is_agentive(tok: Token) -> bool:
    return tok.lemma_.lower() in AGENT_NOUNS or tok.lower_ in AGENT_NOUNS


ACTOR_NOUNS = {"enemy", "enemies", "side", "forces", "force", "group", "groups", "faction", "factions"}


def _is_actor(tok: Token) -> bool:
    """Whether tok heads a name or description of an armed or political actor (not a place)."""
    if tok.ent_type_ in ("ORG", "NORP", "PERSON"):
        return True
    if tok.ent_type_ in ("GPE", "LOC", "FAC"):
        return False
    lemma = tok.lemma_.lower()
    return lemma in ACTOR_NOUNS or _is_agentive(tok) or _actor_side(tok, load_ontology()) is not None


def _side_words(tok: Token) -> list[str]:
    """Words that say which side an actor is, most telling first: the head's modifiers (nearest
    first), the head, then the rest of its phrase ("forces loyal to the government")."""
    mods = sorted((c for c in tok.children if c.i < tok.i and c.dep_ in ("compound", "amod", "nmod", "poss")),
                  key=lambda c: -c.i)
    words = []
    for m in mods:
        words += [t.lower_ for t in m.subtree if t.i < tok.i]
        words.append(f"{m.lower_} {tok.lower_}")
    words += [tok.lower_, tok.lemma_.lower()]
    words += [t.lower_ for t in tok.subtree if t.i > tok.i and t.dep_ not in ("conj", "cc")]
    # "anti-government", "pro-government" are split by the tokenizer: rejoin them
    joined = []
    for t in tok.subtree:
        if t.text in HYPHENS and t.i > 0 and t.i + 1 < len(t.doc):
            joined.append(f"{t.doc[t.i - 1].lower_}-{t.doc[t.i + 1].lower_}")
    return joined + words


def _actor_side(tok: Token, ont: Ontology) -> str | None:
    """`state` or `non_state` for the actor whose phrase tok heads, or None when unclear."""
    classes = {side: set(ont.actor_classes.get(side, [])) for side in ("non_state", "state")}
    for word in _side_words(tok):
        for side in ("non_state", "state"):
            if word in classes[side]:
                return side
    return None


def side_of_parties(trigger: Span, ont: Ontology) -> str | None:
    agent_tok, target_tok = _parties_of(trigger, territorial=True)
    if agent_tok is not None:
        side = _actor_side(agent_tok, ont)
        if side:
            return side
    if target_tok is not None:
        side = _actor_side(target_tok, ont)
        if side:
            return "state" if side == "non_state" else "non_state"
    return None
