"""Claim typing: which kind of event a claim, or a whole report, is about.

The ontology lives in `data/claim_types.yaml` (extend it with `COUNTERCLAIM_CLAIM_TYPES` or the
`extra` argument of `load_ontology`). Each type carries weighted cue patterns (word sequences matched
on lower-case forms or lemmas), verb frames read from the dependency parse, and contexts it needs.
A piece of text gets the type whose cues weigh most; a whole report weighs its headline and first
sentences most, because news leads with the main event.

Entry points: `classify(span)` for one claim or sentence, `classify_document(doc)` for the main
event of a report. The ontology is read by `ontology`, the cue patterns matched by `typecues`, and
the event's agent and target found by `parties.find_parties(span, match)`.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..model import TypeMatch
from .ontology import FALLBACK, Ontology, load_ontology
from .parties import is_negated, objects_of, side_of_parties, subject_of
from .typecues import Compiled, CueIndex, Tok, compile_cues, tokens_of


@dataclass
class _Hit:
    type: str
    key: str
    weight: float
    start: int  # token index into doc
    end: int
    doc: Doc | None = None


def _sentence_hits(sent: Span, comp: Compiled, ont: Ontology) -> list[_Hit]:
    toks = tokens_of(sent)
    hits: list[_Hit] = []
    for cue, s, e in comp.cues.find(toks):
        if _in_name(sent.doc, toks[s].i, toks[e - 1].i):
            continue
        w = cue.weight
        if not cue.negation_aware and is_negated(sent.doc[toks[s].i]):
            w *= ont.negated_weight
        hits.append(_Hit(cue.type, cue.key, w, toks[s].i, toks[e - 1].i + 1, sent.doc))
    for tok in sent:
        frames = comp.frames.get(tok.lemma_.lower())
        if not frames or tok.pos_ not in ("VERB", "AUX"):
            continue
        objs = objects_of(tok)
        subj = None
        for fr in frames:
            # a frame with no object constraint is read from its subject alone ("equipment has fallen")
            ok = (not fr.objects and not fr.object_ents) or any(
                o.lemma_.lower() in fr.objects or o.lower_ in fr.objects or o.ent_type_ in fr.object_ents
                for o in objs)
            if not ok:
                continue
            if fr.subjects:
                subj = subj or subject_of(tok)
                if subj is None or subj.lemma_.lower() not in fr.subjects:
                    continue
            w = fr.weight * (ont.negated_weight if is_negated(tok) else 1.0)
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


def _context_present(index: CueIndex, toks: list[Tok]) -> bool:
    return bool(index.find(toks))


@dataclass
class _Scored:
    scores: dict[str, float]
    best_hit: dict[str, tuple[float, _Hit]]


def _score_sentences(sents: list[tuple[Span, float]], ont: Ontology, comp: Compiled,
                     context_toks: list[Tok]) -> _Scored:
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
                    sent_toks = sent_toks or tokens_of(sent)
                    ok = any(_context_present(comp.contexts[n], sent_toks) for n in ctype.requires)
                if not ok:
                    continue
            # The strongest cue counts fully, further cues for the same type half: many weak
            # words should not outweigh one unambiguous trigger.
            weights = sorted((h.weight for h in by_key.values()), reverse=True)
            s = weights[0] + 0.5 * sum(weights[1:])
            if type_id in comp.boosts:
                sent_toks = sent_toks or tokens_of(sent)
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
        side = side_of_parties(doc[hit.start:hit.end], ont)
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
    comp = compile_cues(ont)
    doc = span if isinstance(span, Doc) else span.doc
    sents = _sentences(span)
    if isinstance(span, Doc):
        context = tokens_of(span)
    else:
        lo = min(s.sent.start for s in sents) if sents else span.start
        hi = max(s.sent.end for s in sents) if sents else span.end
        context = tokens_of(doc[lo:hi])
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
    comp = compile_cues(ont)
    sents: list[tuple[Span, float]] = []
    context = tokens_of(doc)
    title_doc = None
    if title:
        if isinstance(title, Doc):
            title_doc = title
        else:
            from ..nlp import parse
            title_doc = parse(title)
        sents += [(s, ont.title_weight) for s in title_doc.sents]
        context = tokens_of(title_doc) + context
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


CONTRASTS = {"but", "although", "though", "whereas", "yet"}


def classify_in_sentence(content: Span, sentence: Span) -> TypeMatch:
    """A claim's type from its words, or, when they name no event ("this is a great victory"), from
    its sentence up to any contrast after them: in "the spokesman said 'things are going well', but
    would not confirm the town was taken" what follows "but" is another assertion."""
    match = classify(content)
    if match.type != "statement" or sentence == content:
        return match
    cut = next((t.i for t in sentence if t.i >= content.end and t.lower_ in CONTRASTS
                and t.dep_ in ("cc", "mark", "advmod")), None)
    whole = classify(sentence if cut is None else sentence.doc[sentence.start:cut])
    return whole if whole.type != "statement" else match
