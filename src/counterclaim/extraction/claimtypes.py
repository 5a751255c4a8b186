"""Claim typing: which kind of event a claim, or a whole report, is about.

The ontology lives in `data/claim_types.yaml` (extend it with `COUNTERCLAIM_CLAIM_TYPES` or the
`extra` argument of `load_ontology`). Each type carries weighted cue patterns (word sequences matched
on lower-case forms or lemmas), verb frames read from the dependency parse, and contexts it needs.
A piece of text gets the type whose cues weigh most; a whole report weighs its headline and first
sentences most, because news leads with the main event.

Entry points: `classify(span)` for one claim or sentence, `classify_document(doc)` for the main
event of a report, `find_parties(span, match)` for the event's agent and target.
"""
from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from ..model import Party, TypeMatch

ENV_VAR = "COUNTERCLAIM_CLAIM_TYPES"
FALLBACK = "statement"
GAP = 4  # tokens a `...` in a cue pattern may skip
HYPHENS = {"-", "–", "—", "‐"}
NEGATORS = {"not", "n't", "never", "no", "nobody", "none", "neither", "nor"}
POS_ALIASES = {"NOUN": {"NOUN", "PROPN"}, "VERB": {"VERB", "AUX"}}


# --------------------------------------------------------------------------- ontology

@dataclass
class ClaimType:
    """One entry of the ontology, as read from YAML."""

    id: str
    family: str
    acled: str | None
    description: str = ""
    case: str | None = None
    fallback_acled: str | None = None
    acled_by_agent: dict[str, str] = field(default_factory=dict)
    cues: dict[str, float] = field(default_factory=dict)
    frames: list[dict[str, Any]] = field(default_factory=list)
    patterns: list[dict[str, Any]] = field(default_factory=list)
    boosts: dict[str, float] = field(default_factory=dict)
    requires: list[str] = field(default_factory=list)
    requires_scope: str = "sentence"
    overrides: list[str] = field(default_factory=list)
    priority: float = 0.0


@dataclass
class Ontology:
    """The claim types and the settings that weigh their cues."""

    types: dict[str, ClaimType]
    contexts: dict[str, list[str]]
    actor_classes: dict[str, list[str]]
    position_weights: list[float]
    title_weight: float = 1.2
    negated_weight: float = 0.15
    late_in_sentence: float = 0.0
    families: dict[str, Any] = field(default_factory=dict)  # what `counterclaim.extraction.families` reads

    def __hash__(self) -> int:  # one compiled matcher per ontology object
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


def _read_yaml(path: str | Path) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
    except FileNotFoundError:
        raise FileNotFoundError(f"{path}: claim-type file not found (check {ENV_VAR} or the path given)")
    except yaml.YAMLError as err:
        raise ValueError(f"{path}: not valid YAML ({err})") from err
    if not isinstance(data, dict) or not isinstance(data.get("types", []), list):
        raise ValueError(f"{path}: expected a mapping with a `types:` list, as in data/claim_types.yaml")
    return data


def _merge(base: dict, extra: dict) -> dict:
    """Merge a user file into the base ontology: same ids are extended, new ids appended."""
    out = dict(base)
    for key in ("position_weights", "title_weight", "negated_weight", "late_in_sentence"):
        if key in extra:
            out[key] = extra[key]
    for key in ("contexts", "actor_classes"):
        merged = {k: list(v) for k, v in (base.get(key) or {}).items()}
        for name, values in (extra.get(key) or {}).items():
            merged.setdefault(name, [])
            merged[name] += [v for v in values if v not in merged[name]]
        out[key] = merged
    types = [dict(t) for t in base.get("types", [])]
    index = {t["id"]: t for t in types}
    for entry in extra.get("types", []) or []:
        if "id" not in entry:
            raise ValueError(f"claim type without an id: {entry!r}")
        old = index.get(entry["id"])
        if old is None or entry.get("replace"):
            new = {k: v for k, v in entry.items() if k != "replace"}
            if old is None:
                types.append(new)
            else:
                types[types.index(old)] = new
            index[entry["id"]] = new
            continue
        for k, v in entry.items():
            if isinstance(v, dict) and isinstance(old.get(k), dict):
                old[k] = {**old[k], **v}
            elif isinstance(v, list) and isinstance(old.get(k), list):
                old[k] = old[k] + [x for x in v if x not in old[k]]
            else:
                old[k] = v
    out["types"] = types
    return out


def _build(data: dict) -> Ontology:
    types: dict[str, ClaimType] = {}
    known = set(ClaimType.__dataclass_fields__)
    for entry in data.get("types", []):
        unknown = set(entry) - known
        if unknown:
            raise ValueError(f"claim type {entry.get('id')!r}: unknown fields {sorted(unknown)}")
        entry = dict(entry)
        entry["cues"] = dict(entry.get("cues") or {})
        entry["boosts"] = dict(entry.get("boosts") or {})
        ctype = ClaimType(**entry)
        types[ctype.id] = ctype
    if FALLBACK not in types:
        types[FALLBACK] = ClaimType(id=FALLBACK, family="statement", acled=None, priority=-1)
    for ctype in types.values():
        for name in ctype.requires:
            if name not in (data.get("contexts") or {}):
                raise ValueError(f"claim type {ctype.id!r} requires unknown context {name!r}")
        for other in ctype.overrides:
            if other not in types:
                raise ValueError(f"claim type {ctype.id!r} overrides unknown type {other!r}")
    return Ontology(
        types=types,
        contexts={k: list(v) for k, v in (data.get("contexts") or {}).items()},
        actor_classes={k: [w.lower() for w in v] for k, v in (data.get("actor_classes") or {}).items()},
        position_weights=list(data.get("position_weights") or [1.0]),
        title_weight=float(data.get("title_weight", 1.2)),
        negated_weight=float(data.get("negated_weight", 0.15)),
        late_in_sentence=float(data.get("late_in_sentence", 0.0)),
        families=dict(data.get("families") or {}),
    )


@lru_cache(maxsize=8)
def _load_cached(path: str | None, extras: tuple[str, ...]) -> Ontology:
    if path is None:
        text = resources.files("counterclaim").joinpath("data/claim_types.yaml").read_text("utf-8")
        data = yaml.safe_load(text)
    else:
        data = _read_yaml(path)
    for extra in extras:
        data = _merge(data, _read_yaml(extra))
    return _build(data)


def load_ontology(path: str | Path | None = None, extra: str | Path | None = None) -> Ontology:
    """The claim-type ontology.

    path: a YAML file replacing the packaged `data/claim_types.yaml` (None: the packaged one).
    extra: a YAML file of the same shape merged into it; the file named by the environment variable
    COUNTERCLAIM_CLAIM_TYPES is merged too. Returns a cached `Ontology`.
    """
    extras = tuple(str(p) for p in (os.environ.get(ENV_VAR), extra) if p)
    return _load_cached(str(path) if path else None, extras)


# --------------------------------------------------------------------------- cue patterns

@dataclass(frozen=True)
class _Elem:
    kind: str                       # word | any | gap
    words: frozenset = frozenset()  # exact forms
    prefixes: tuple = ()
    pos: tuple = ()                 # (form, allowed POS set) restrictions
    optional: bool = False


@dataclass(frozen=True)
class _Cue:
    type: str
    key: str
    weight: float
    elems: tuple
    negation_aware: bool  # True when the pattern itself names a negation


def _parse_elem(raw: str) -> _Elem:
    if raw == "...":
        return _Elem("gap")
    if raw == "*":
        return _Elem("any")
    optional = raw.endswith("?") and len(raw) > 1
    raw = raw.rstrip("?") if optional else raw
    words, prefixes, pos = set(), [], []
    for alt in raw.lower().split("|"):
        if not alt:
            continue
        tag = None
        if "/" in alt:
            alt, tag = alt.rsplit("/", 1)
            tag = tag.upper()
        if alt.endswith("*") and len(alt) > 1:
            prefixes.append(alt[:-1])
        else:
            words.add(alt)
            if tag:
                pos.append((alt, frozenset(POS_ALIASES.get(tag, {tag}))))
    return _Elem("word", frozenset(words), tuple(prefixes), tuple(pos), optional)


def _parse_cue(type_id: str, text: str, weight: float) -> _Cue:
    # Hyphens between words are ignored on both sides: "air-strike" matches "air strike".
    raw = str(text).replace("-", " ").split()
    elems = tuple(_parse_elem(r) for r in raw)
    if not elems or elems[0].kind != "word" or elems[0].optional:
        raise ValueError(f"claim type {type_id!r}: cue {text!r} must start with a word")
    neg = any(e.words & NEGATORS for e in elems)
    return _Cue(type_id, str(text), float(weight), elems, neg)


@dataclass
class _Tok:
    i: int          # index in the Doc
    lower: str
    lemma: str
    pos: str


def _toks(span: Span | Doc) -> list[_Tok]:
    """The matcher's view of the tokens of a span, built once per document (spans reuse it)."""
    doc = span if isinstance(span, Doc) else span.doc
    every = doc.user_data.get("claimtypes.toks")
    if every is None:
        every = doc.user_data["claimtypes.toks"] = [
            None if t.text in HYPHENS or t.is_space else _Tok(t.i, t.lower_, t.lemma_.lower(), t.pos_) for t in doc]
    start, end = (0, len(doc)) if isinstance(span, Doc) else (span.start, span.end)
    return [t for t in every[start:end] if t is not None]


def _elem_ok(e: _Elem, t: _Tok) -> bool:
    for form in (t.lower, t.lemma):
        if form in e.words:
            for w, allowed in e.pos:
                if w == form and t.pos not in allowed:
                    break
            else:
                return True
    return any(t.lower.startswith(p) for p in e.prefixes)


def _match_at(elems: tuple, k: int, toks: list[_Tok], j: int) -> int | None:
    """End (exclusive) of a match of elems[k:] starting at toks[j], or None."""
    if k == len(elems):
        return j
    e = elems[k]
    if e.kind == "gap":
        for skip in range(GAP + 1):
            if j + skip > len(toks):
                break
            end = _match_at(elems, k + 1, toks, j + skip)
            if end is not None:
                return end
        return None
    if e.kind == "any":
        return _match_at(elems, k + 1, toks, j + 1) if j < len(toks) else None
    if j < len(toks) and _elem_ok(e, toks[j]):
        end = _match_at(elems, k + 1, toks, j + 1)
        if end is not None:
            return end
    if e.optional:
        return _match_at(elems, k + 1, toks, j)
    return None


class _CueIndex:
    """Cue patterns indexed by the forms their first word can take."""

    def __init__(self, cues: Iterable[_Cue]):
        self.by_word: dict[str, list[_Cue]] = defaultdict(list)
        self.by_prefix: list[tuple[str, _Cue]] = []
        for cue in cues:
            first = cue.elems[0]
            for w in first.words:
                self.by_word[w].append(cue)
            for p in first.prefixes:
                self.by_prefix.append((p, cue))

    def find(self, toks: list[_Tok]) -> list[tuple[_Cue, int, int]]:
        """(cue, start, end) positions into toks, at most one per cue and start."""
        hits = []
        for j, t in enumerate(toks):
            seen = set()
            cands = self.by_word.get(t.lower, []) + (self.by_word.get(t.lemma, []) if t.lemma != t.lower else [])
            cands += [c for p, c in self.by_prefix if t.lower.startswith(p)]
            for cue in cands:
                if id(cue) in seen:
                    continue
                seen.add(id(cue))
                end = _match_at(cue.elems, 0, toks, j)
                if end is not None:
                    hits.append((cue, j, end))
        return hits


@dataclass
class _Frame:
    type: str
    key: str
    verbs: frozenset
    objects: frozenset
    object_ents: frozenset
    subjects: frozenset
    weight: float


@dataclass
class _Compiled:
    cues: _CueIndex
    boosts: dict[str, _CueIndex]
    contexts: dict[str, _CueIndex]
    frames: dict[str, list[_Frame]]    # by verb lemma
    matcher: Any                       # spaCy Matcher for raw patterns, or None
    matcher_keys: dict[int, tuple[str, float, str]]


@lru_cache(maxsize=8)
def _compile(ont: Ontology) -> _Compiled:
    cues, frames = [], defaultdict(list)
    boosts: dict[str, _CueIndex] = {}
    raw_patterns = []
    for t in ont.types.values():
        cues += [_parse_cue(t.id, text, w) for text, w in t.cues.items()]
        if t.boosts:
            boosts[t.id] = _CueIndex(_parse_cue(t.id, text, w) for text, w in t.boosts.items())
        for n, fr in enumerate(t.frames):
            frame = _Frame(
                t.id, f"{t.id}:frame{n}",
                frozenset(v.lower() for v in fr.get("verbs", [])),
                frozenset(o.lower() for o in fr.get("objects", []) or []),
                frozenset(fr.get("object_ents", []) or []),
                frozenset(s.lower() for s in fr.get("subjects", []) or []),
                float(fr.get("weight", 3)),
            )
            for v in frame.verbs:
                frames[v].append(frame)
        for n, p in enumerate(t.patterns):
            raw_patterns.append((t.id, f"{t.id}:pattern{n}", float(p.get("weight", 3)), p["pattern"]))
    contexts = {name: _CueIndex(_parse_cue(name, c, 1.0) for c in items)
                for name, items in ont.contexts.items()}
    matcher, keys = None, {}
    if raw_patterns:
        from spacy.matcher import Matcher

        from ..nlp import load
        vocab = load().vocab
        matcher = Matcher(vocab)
        for type_id, key, weight, pattern in raw_patterns:
            matcher.add(key, [pattern])
            keys[vocab.strings[key]] = (type_id, weight, key)
    return _Compiled(_CueIndex(cues), boosts, contexts, dict(frames), matcher, keys)


# --------------------------------------------------------------------------- syntax helpers

def _is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _objects(verb: Token) -> list[Token]:
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


def _subject(verb: Token) -> Token | None:
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
                    return c
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


def _negated(tok: Token) -> bool:
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


# --------------------------------------------------------------------------- scoring

@dataclass
class _Hit:
    type: str
    key: str
    weight: float
    start: int  # token index into doc
    end: int
    doc: Doc | None = None


def _sentence_hits(sent: Span, comp: _Compiled, ont: Ontology) -> list[_Hit]:
    toks = _toks(sent)
    hits: list[_Hit] = []
    for cue, s, e in comp.cues.find(toks):
        if _in_name(sent.doc, toks[s].i, toks[e - 1].i):
            continue
        w = cue.weight
        if not cue.negation_aware and _negated(sent.doc[toks[s].i]):
            w *= ont.negated_weight
        hits.append(_Hit(cue.type, cue.key, w, toks[s].i, toks[e - 1].i + 1, sent.doc))
    for tok in sent:
        frames = comp.frames.get(tok.lemma_.lower())
        if not frames or tok.pos_ not in ("VERB", "AUX"):
            continue
        objs = _objects(tok)
        subj = None
        for fr in frames:
            # a frame with no object constraint is read from its subject alone ("equipment has fallen")
            ok = (not fr.objects and not fr.object_ents) or any(
                o.lemma_.lower() in fr.objects or o.lower_ in fr.objects or o.ent_type_ in fr.object_ents
                for o in objs)
            if not ok:
                continue
            if fr.subjects:
                subj = subj or _subject(tok)
                if subj is None or subj.lemma_.lower() not in fr.subjects:
                    continue
            w = fr.weight * (ont.negated_weight if _negated(tok) else 1.0)
            hits.append(_Hit(fr.type, fr.key, w, tok.i, tok.i + 1, sent.doc))
    if comp.matcher is not None:
        for key, s, e in comp.matcher(sent):
            type_id, weight, name = comp.matcher_keys[key]
            hits.append(_Hit(type_id, name, weight, sent.start + s, sent.start + e, sent.doc))
    if ont.late_in_sentence and len(sent) > 1:
        # the main clause comes first: "X happened, Y says", "talks began despite air strikes"
        for h in hits:
            h.weight *= 1.0 - ont.late_in_sentence * (h.start - sent.start) / len(sent)
    return hits


NAME_LABELS = {"ORG", "PERSON", "WORK_OF_ART", "LAW", "PRODUCT"}


def _in_name(doc: Doc, first: int, last: int) -> bool:
    """Whether a cue lies inside a longer name ("Oromo Liberation Army", "Government of National Accord")."""
    if doc[first].ent_type_ not in NAME_LABELS:
        return False
    start = first
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = start + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return last < end and end - start > last - first + 1


def _context_present(index: _CueIndex, toks: list[_Tok]) -> bool:
    return bool(index.find(toks))


@dataclass
class _Scored:
    scores: dict[str, float]
    best_hit: dict[str, tuple[float, _Hit]]


def _score_sentences(sents: list[tuple[Span, float]], ont: Ontology, comp: _Compiled,
                     context_toks: list[_Tok]) -> _Scored:
    """Weighted scores per type over sentences given with their position weights."""
    scores: dict[str, float] = defaultdict(float)
    best: dict[str, tuple[float, _Hit]] = {}
    doc_contexts: dict[str, bool] = {}
    rank = 0
    for sent, base in sents:
        hits = _sentence_hits(sent, comp, ont)
        if not hits:
            continue
        pos_w = base if base else ont.position_weights[min(rank, len(ont.position_weights) - 1)]
        if not base:
            rank += 1
        sent_toks = None
        per_type: dict[str, dict[str, _Hit]] = defaultdict(dict)
        for h in hits:
            old = per_type[h.type].get(h.key)
            if old is None or h.weight > old.weight:
                per_type[h.type][h.key] = h
        local: dict[str, float] = {}
        for type_id, by_key in per_type.items():
            ctype = ont.types[type_id]
            if ctype.requires:
                if ctype.requires_scope == "document":
                    ok = False
                    for name in ctype.requires:
                        if name not in doc_contexts:
                            doc_contexts[name] = _context_present(comp.contexts[name], context_toks)
                        ok = ok or doc_contexts[name]
                else:
                    sent_toks = sent_toks or _toks(sent)
                    ok = any(_context_present(comp.contexts[n], sent_toks) for n in ctype.requires)
                if not ok:
                    continue
            # The strongest cue counts fully, further cues for the same type half: many weak
            # words should not outweigh one unambiguous trigger.
            weights = sorted((h.weight for h in by_key.values()), reverse=True)
            s = weights[0] + 0.5 * sum(weights[1:])
            if type_id in comp.boosts:
                sent_toks = sent_toks or _toks(sent)
                s += max((cue.weight for cue, _, _ in comp.boosts[type_id].find(sent_toks)), default=0.0)
            local[type_id] = s
            top = max(by_key.values(), key=lambda h: h.weight)
            if type_id not in best or top.weight * pos_w > best[type_id][0]:
                best[type_id] = (top.weight * pos_w, top)
        for type_id in list(local):
            for other in ont.types[type_id].overrides:
                if other in local and local[type_id] > 0:
                    local[other] *= 0.25
        for type_id, s in local.items():
            scores[type_id] += s * pos_w
    return _Scored(dict(scores), best)


def _decide(scored: _Scored, ont: Ontology) -> TypeMatch:
    if not scored.scores:
        return TypeMatch(FALLBACK, None, 0.0, None)
    ranked = sorted(scored.scores.items(), key=lambda kv: (kv[1], ont.types[kv[0]].priority), reverse=True)
    type_id, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    ctype = ont.types[type_id]
    hit = scored.best_hit[type_id][1]
    doc = hit.doc
    trigger = doc[hit.start:hit.end].text
    confidence = round(top / (top + second + 2.0), 3)
    match = TypeMatch(ctype.id, ctype.acled, confidence, trigger)
    if ctype.acled_by_agent:
        side = _side_of_parties(doc[hit.start:hit.end], ont)
        if side in ctype.acled_by_agent:
            match.acled = ctype.acled_by_agent[side]
    return match


def _sentences(span: Span | Doc) -> list[Span]:
    if isinstance(span, Doc):
        return list(span.sents)
    out = []
    for sent in span.doc[span.start:span.end].sents:
        s, e = max(sent.start, span.start), min(sent.end, span.end)
        if e > s:
            out.append(span.doc[s:e])
    return out


def classify(span: Span | Doc, ontology: Ontology | None = None) -> TypeMatch:
    """The claim type of one piece of text.

    span: a spaCy `Span` or `Doc` (a claim's content, a sentence). Cues are read inside the span;
    contexts (e.g. that a protest is under way) from the sentences around it.
    Returns a `TypeMatch`: type id, ACLED code (None for non-ACLED types), a confidence in [0, 1),
    and the trigger text; `statement` with acled None when nothing matches.
    """
    ont = ontology or load_ontology()
    comp = _compile(ont)
    doc = span if isinstance(span, Doc) else span.doc
    sents = _sentences(span)
    if isinstance(span, Doc):
        context = _toks(span)
    else:
        lo = min(s.sent.start for s in sents) if sents else span.start
        hi = max(s.sent.end for s in sents) if sents else span.end
        context = _toks(doc[lo:hi])
    # Within one claim every sentence counts fully.
    scored = _score_sentences([(s, 1.0) for s in sents], ont, comp, context)
    return _decide(scored, ont)


def classify_document(doc: Doc, title: str | Doc | None = None, ontology: Ontology | None = None) -> TypeMatch:
    """The main event a whole text reports (what `document.primary` holds).

    doc: the parsed text. title: the headline, as text or a parsed Doc, if it is not part of doc.
    The headline and the first sentences that carry a cue weigh most. Types without an ACLED code of
    their own report their `fallback_acled` (a bare death toll reads as an attack).
    """
    ont = ontology or load_ontology()
    comp = _compile(ont)
    sents: list[tuple[Span, float]] = []
    context = _toks(doc)
    title_doc = None
    if title:
        if isinstance(title, Doc):
            title_doc = title
        else:
            from ..nlp import parse
            title_doc = parse(title)
        sents += [(s, ont.title_weight) for s in title_doc.sents]
        context = _toks(title_doc) + context
    sents += [(s, 0.0) for s in doc.sents]
    scored = _score_sentences(sents, ont, comp, context)
    match = _decide(scored, ont)
    if match.acled is None:
        match.acled = ont.types[match.type].fallback_acled
    return match


def label_of(match: TypeMatch, ontology: Ontology | None = None) -> str | None:
    """The label a gold set would use: the ACLED code, else the type's case class (ATTRIB, DIPLO...)."""
    ont = ontology or load_ontology()
    ctype = ont.types.get(match.type)
    if match.acled:
        return match.acled
    if ctype is None:
        return None
    return ctype.case or ctype.fallback_acled


# --------------------------------------------------------------------------- parties

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
        verbs = [gov] if gov is not None else []
    if not verbs:
        return None, None
    agent = next((s for s in (_subject(v) for v in verbs) if s is not None), None)
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


def _side_of_parties(trigger: Span, ont: Ontology) -> str | None:
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
