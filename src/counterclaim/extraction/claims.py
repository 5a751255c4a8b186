"""From attributions and reporter's-voice sentences to typed, source-attributed claims.

`build_claims(doc, document)` turns the attribution relations of a parsed document into `Claim`
records: the claims held in others' words ("denied Russian claims that ...") and quotations
standing after a speaker's lead-in are added; reporting relays (an outlet's "reported", "according
to a media report", "quoted him as saying") become the reporting chain (`via`) of the claim they
relay; what is no claim about the world is left out (`scope.is_claim`: attitudes, appeals,
announcements with no content, reports not made); each claim gets its claimant (actor, side,
role: `claimants`), type, family (`families`), parties, places, date, quantities and condition;
polarity comes from the cue and from the claim's own words ("it is false"); denials are linked to
the claims they deny, take the words they deny when they have none ("X claims A, Y denies"), and
their grounds deny too ("denied it, saying ..."); events told in the reporter's own voice become
`narrative` claims.
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..geo.places import geoparse
from .claim_places import places_meant
from ..knowledge.actors import load_actors
from ..model import Claim, Claimant, Cue, Document, Via
from ..nlp import runs, text_of
from .attribution import Attribution, find_attributions, nested_claims
from .claimants import ActorResolver
from .claimtypes import classify, classify_in_sentence
from .clauses import corrections, split_clauses
from .collective import each_party
from .conditions import find_condition
from .cues import load_cues
from .dates import made_apart, resolve_when
from .denials import CLAIM_NOUNS, Denials
from .families import family_of_claim, type_by_cue
from .impersonal import gains_claimed_by_their_side
from .numbering import in_text_order
from .ontology import load_ontology
from .parties import find_parties
from .quantities import ENEMY, find_quantities
from .quotes import QuoteIndex
from .scope import denies_itself, is_claim, says_no

# Nouns for people who speak in their role ("the spokesman spoke to reporters")
ROLE_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "minister", "commander", "official", "leader",
              "president", "governor", "general", "chief", "head", "representative", "envoy", "ambassador"}
# Verbs that lead in a speaker's quotation in the next sentence ("spoke to reporters")
SPEAKING = {"speak", "talk", "address", "appear", "brief", "write", "post", "tweet", "comment", "reply", "respond",
            "tell", "say", "give", "issue", "release", "publish"}


def _span(doc: Doc, start: int, end: int) -> Span:
    return doc.char_span(start, end, alignment_mode="expand") or doc[:0]


def _overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


class ClaimBuilder(Denials):
    """Builds the claims of one parsed document."""

    def __init__(self, doc: Doc, document: Document) -> None:
        self.doc = doc
        self.document = document
        self.cues = load_cues()
        self.geo = geoparse(doc, load_actors())
        self.place_spans = [p.span for p in self.geo.places()]
        self.actors = ActorResolver(doc, places=self.place_spans)

    # -- reporting chains ---------------------------------------------------------------------------
    def _relays(self, atts: list[Attribution], claimants: list[Claimant]) -> dict[int, list[Via]]:
        """Which attributions only relay others: an outlet reporting, a media report, a quotation.

        Returns {index of the relaying attribution: []} and fills `vias` for the relayed ones.
        """
        self.vias: dict[int, list[Via]] = {i: [] for i in range(len(atts))}
        relays: dict[int, list[Via]] = {}
        for i, (att, who) in enumerate(zip(atts, claimants)):
            if att.continues is not None or att.cue_token is None:
                continue
            passive_quote = att.cue_lemma in ("quote", "cite") and any(
                c.dep_ in ("auxpass", "agent") for c in att.cue_token.children)   # "as quoted by IANS"
            media = who.kind == "media" or (att.mode == "according_to" and self._is_report(att)) or passive_quote
            if not media:
                continue
            # an outlet relays the claims its words overlap; "according to the report, X said ..." only
            # those whose cues it holds ("as per the statement, ..., the report said": the statement's
            # words are the claim, the report relays them); media speaking inside X's words relay none
            inner = [j for j, other in enumerate(atts) if j != i and other.cue_token is not None
                     and (other.cue_token.sent == att.cue_token.sent or att.mode == "direct")
                     and not (att.cue_token.dep_ in ("relcl", "acl") and _overlaps(other.content, att.cue))
                     and (_overlaps(att.content, other.cue)
                          or (who.kind == "media" and _overlaps(att.content, other.content)))]
            if not inner:
                continue
            via = Via(text=text_of(self.doc)[att.source[0][0]:att.source[0][1]] if att.source else att.cue_lemma,
                      actor=who.actor, kind="media" if who.kind == "media" and not self._is_report(att) else "report")
            relay_start = min(sp[0] for sp in att.cue + att.source)
            # a report's quotation that names a speaker in one sentence and speaks for itself in
            # the next ("... the president said. The city is the gateway to the oil fields, the report says")
            # keeps its own sentences as its claim
            said = [(t.sent.start_char, t.sent.end_char) for t in (atts[j].cue_token for j in inner)]
            own = [(s, e) for s, e in att.content if not any(s < b and a < e for a, b in said)] \
                if att.mode == "direct" else []
            if own:
                att.content = own
            else:
                relays[i] = [via]
            for j in inner:
                self.vias[j].append(via)
                # "Wasiq said that fighting was ongoing, TOLO News reported": the relay is not the claim
                atts[j].content = _cut_at(text_of(self.doc), atts[j].content, relay_start)
        for i, att in enumerate(atts):
            if att.cue_lemma == "quote" and att.cue_token is not None:
                subj = next((c for c in att.cue_token.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    text = " ".join(t.text for t in subj.subtree)
                    actor = self.actors.dict.lookup(text)
                    self.vias[i].append(Via(text=text, actor=actor.id if actor else None, kind="media"))
        return relays

    def _is_report(self, att: Attribution) -> bool:
        src = att.source_token
        return src is not None and (src.lemma_.lower() in CLAIM_NOUNS or src.lemma_.lower() in ("media", "source"))

    # -- claim fields -------------------------------------------------------------------------------
    def _fill(self, claim: Claim, content: Span, sentence: Span) -> None:
        match = classify_in_sentence(content, sentence)
        claim.type, claim.acled = match.type, match.acled
        agent, target = find_parties(content, match)
        for party in (agent, target):
            if party is not None:
                party.actor = self.actors.actor_id(party.text)
        claim.agent, claim.target = agent, target
        claim.places = places_meant(self.geo, content, sentence)
        claim.when = resolve_when(content, self.document.published) or resolve_when(sentence, self.document.published)
        claim.quantities = find_quantities(content, side_of=self.actors.actor_id)
        claim.condition = find_condition(content) or find_condition(sentence)
        family, territory = family_of_claim(content, claim.type, claim.quantities, self.place_spans)
        if territory is not None:   # "captured Soledar" is territory whatever the cue words said
            claim.type, claim.acled = territory, load_ontology().types[territory].acled
        claim.family = family

    def _whose(self, claim: Claim) -> None:
        """'1,000 terrorists', 'the enemy': the claimant's opponent."""
        for q in claim.quantities:
            if q.victims == ENEMY:
                q.victims = self.actors.opponent(claim.claimant.side)

    def _claimants(self, atts: list[Attribution]) -> list[Claimant]:
        """The claimant of each attribution; a continuation shares the one of the words it continues."""
        resolved: dict[int, Claimant] = {}
        out = []
        for att in atts:
            origin = att.continues or att
            if id(origin) not in resolved:
                resolved[id(origin)] = self.actors.claimant(origin.source_token,
                                                            origin.source[0] if origin.source else None)
            out.append(resolved[id(origin)])
        return out

    def _claim(self, att: Attribution, claimant: Claimant, via: list[Via]) -> Claim:
        text = text_of(self.doc)
        start, end = min(s for s, _ in att.content), max(e for _, e in att.content)
        sentence = att.cue_token.sent if att.cue_token is not None else _span(self.doc, start, end).sent
        claim = Claim(
            id="", text=" … ".join(text[s:e] for s, e in att.content), span=(start, end),
            mode=att.mode, polarity=att.polarity,
            cue=Cue(text=" ".join(text[s:e] for s, e in att.cue), lemma=att.cue_lemma,
                    span=(att.cue[0][0], att.cue[-1][1])) if att.cue else None,
            claimant=claimant, via=via, sentence=(sentence.start_char, sentence.end_char),
        )
        self._fill(claim, _span(self.doc, start, end), sentence)
        retyped = type_by_cue(att.cue_lemma, claim.family, self.cues.ledger)
        if retyped is not None:   # "called on both sides to stop fighting", "credited the capture to its troops"
            ctype = load_ontology().types[retyped]
            claim.type, claim.family, claim.acled = ctype.id, ctype.family, ctype.acled
        if att.cue_token is not None and (claim.when is None or claim.when.span is None
                                          or not start <= claim.when.span[0] < end):
            claim.when = made_apart(att.cue_token, claim.when, self.document.published) or claim.when
        self._whose(claim)
        return claim

    def build(self) -> list[Claim]:
        atts = _distinct(find_attributions(self.doc))
        atts = sorted(atts + nested_claims(self.doc, atts) + self._floating(atts),
                      key=lambda a: (a.start, a.cue[0][0] if a.cue else 0))
        text = text_of(self.doc)
        atts = split_clauses(self.doc, self._split_points(atts))
        claimants = self._claimants(atts)
        relays = self._relays(atts, claimants)
        self._cut_siblings(atts)
        for att in atts:
            att.content = _after_place_dateline(self.doc, att.content)
        pairs: list[tuple[Claim, Attribution | None]] = [
            (self._claim(att, claimants[i], self._channels(att, atts) + self.vias[i]), att)
            for i, att in enumerate(atts) if i not in relays and is_claim(att, self.cues, text)]
        for claim, _ in pairs:
            if claim.polarity == "assert" and denies_itself(_span(self.doc, *claim.span), self.cues):
                claim.polarity = "deny"   # "the Taliban's claim is false", "Panjshir has not fallen"
            claim.says_no = says_no(_span(self.doc, *claim.span))
        grounds = self._grounds(pairs)
        pairs += [(claim, None) for claim in self._narrative(atts)]
        claims = _numbered(pairs)
        kept = [att for _, att in pairs]
        for k, att in enumerate(kept):
            if att is not None:
                claims[k].denies = self._denied(k, att, kept, claims)
                target = self._denied_words(k, att, kept, claims)
                if target is not None and claims[k].sentence[0] <= target.span[0] < claims[k].sentence[1]:
                    # "Taliban claim X, resistance forces deny", "rebels dispute this": what is denied
                    # is the other claim's content
                    claims[k].span, claims[k].text, claims[k].denies = target.span, target.text, [target.id]
                denied = next((c for c in claims if c.id == claims[k].denies[0]), None) if claims[k].denies else None
                if denied is not None:
                    self._inherit(claims[k], denied)
                self._denier_side(claims[k], denied, att)
        for claim, denial in grounds:
            if not claim.denies and denial.denies:
                claim.denies = list(denial.denies)   # the grounds deny what their denial denies
        for claim, corrected in corrections(claims, kept):
            claim.polarity, claim.counter, claim.denies = "deny", True, [corrected.id]
        for claim in claims:
            # "the Taliban are spreading lies", "the Taliban's claim of victory was false and ..."
            if claim.polarity == "deny" and not claim.denies and self.cues.falsity is not None \
                    and self.cues.falsity.search(claim.text) and (claim.family == "statement" or CLAIM_NOUNS
                                                                    & set(re.findall(r"[a-z]+", claim.text.lower()))):
                claim.denies = self._denied_in_context(claim, claims)
        self._denying_unread(claims)
        claims = in_text_order(claims, text)
        gains_claimed_by_their_side(claims)
        return each_party(claims, self.actors.parties_in, self.actors.first_named)

    @staticmethod
    def _grounds(pairs: list[tuple[Claim, Attribution]]) -> list[tuple[Claim, Claim]]:
        """'X denied the claim, saying Y', 'Dismissing reports that ..., the source said Y', 'denied
        the claim, with a spokesman telling CNN: "..."': words given as the grounds of a denial, in a
        clause of the denial's cue or with the denial in a clause of theirs, deny too."""
        by_cue = {att.cue_token.i: (claim, att) for claim, att in pairs if att.cue_token is not None}
        out = []
        for claim, att in pairs:
            tok = att.cue_token
            if tok is None or claim.polarity == "deny":
                continue
            linked = []
            if tok.dep_ in ("advcl", "xcomp", "conj", "pcomp", "pobj", "acl") and tok.head.i in by_cue:
                linked.append(by_cue[tok.head.i])
            if tok.dep_ == "pcomp" and tok.head.head.i in by_cue:   # "with X telling CNN"
                linked.append(by_cue[tok.head.head.i])
            linked += [by_cue[c.i] for c in tok.children if c.dep_ in ("advcl", "xcomp") and c.i in by_cue]
            if tok.tag_ == "VBG":
                # "denied that the town fell, saying ...", the participle hung inside the denied words
                linked += [(other, other_att) for other, other_att in pairs if _same_speaker(att, other_att)
                           and other_att.cue_token is not None and other_att.cue_token.is_ancestor(tok)]
            denial = next((other for other, other_att in linked
                           if other.polarity == "deny" and other_att.category == "denial"), None)
            if denial is not None:
                claim.polarity, claim.counter = "deny", True
                out.append((claim, denial))
        return out

    def _floating(self, atts: list[Attribution]) -> list[Attribution]:
        """A quotation standing as its own sentence, with no speaker of its own, after a sentence
        whose subject is a person or an organisation ("The army's spokesman spoke to reporters.
        “We have retaken the airport.”"): the quoted words are that subject's."""
        text = text_of(self.doc)
        quotes = QuoteIndex(text)
        covered = [span for a in atts for span in a.content + a.cue]
        out: list[Attribution] = []
        previous: Attribution | None = None
        sents = list(self.doc.sents)
        for pos, sent in enumerate(sents):
            span = _strip(text, sent.start_char, sent.end_char)
            if span[1] - span[0] < 15 and not any(ch.isalnum() for ch in text[span[0]:span[1]]):
                continue   # a closing quote mark the splitter left on its own
            if span[1] - span[0] < 15 or quotes.fraction(*span) < 0.8 \
                    or any(s < span[1] and span[0] < e for s, e in covered):
                previous = None
                continue
            if previous is not None:   # a second quoted sentence goes on with the first
                if "\n" in text[previous.content[-1][1]:span[0]]:   # a paragraph of its own: a claim of its own
                    out.append(replace(previous, content=[span], continues=previous, cue=[], cue_token=None))
                else:   # in the same paragraph: one quotation
                    previous.content.append(span)
                continue
            speaker = self._subject_before(sents, pos)
            if speaker is None:
                continue
            words = list(speaker.subtree)
            source = (words[0].idx, words[-1].idx + len(words[-1].text))
            previous = Attribution(cue=[], cue_lemma="", source=[source], content=[span], mode="direct",
                                   source_token=speaker, content_root=sent.root, category="speech")
            out.append(previous)
        return out

    def _subject_before(self, sents: list[Span], pos: int) -> Token | None:
        """The subject of the sentence just before, when it names a person or an organisation."""
        if pos == 0:
            return None
        before = sents[pos - 1]
        verb = before.root
        if verb.lemma_.lower() not in SPEAKING and verb.lemma_.lower() not in self.cues.categories:
            return None   # "Russian forces attacked the town." is no speaker's lead-in
        subject = next((t for t in verb.children if t.dep_ == "nsubj"), None)
        if subject is None or subject.pos_ not in ("PROPN", "NOUN"):
            return None
        words = list(subject.subtree)
        if any(t.ent_type_ in ("PERSON", "ORG", "NORP") for t in words) \
                or subject.lemma_.lower() in ROLE_NOUNS:
            return subject
        return None

    def _split_points(self, atts: list[Attribution]) -> list[Attribution]:
        """A quotation whose sentences make different points, one denying and one asserting
        ("'Their claim is false. Our forces hold every pass,' he said"), is one claim a sentence."""
        out: list[Attribution] = []
        for att in atts:
            pieces = []
            if att.mode in ("direct", "mixed") and att.content:
                for s, e in att.content:
                    span = _span(self.doc, s, e)
                    for sent in span.sents if len(span) else []:
                        a, b = _strip(text_of(self.doc), max(s, sent.start_char), min(e, sent.end_char))
                        if b > a:
                            pieces.append((a, b))
            if len(pieces) < 2:
                out.append(att)
                continue
            denying = [denies_itself(_span(self.doc, a, b), self.cues) for a, b in pieces]
            if len(set(denying)) < 2:
                out.append(att)
                continue
            first = replace(att, content=[pieces[0]])
            out.append(first)
            out += [replace(att, content=[piece], continues=first, cue=[], cue_token=None)
                    for piece in pieces[1:]]
        return out

    def _cut_siblings(self, atts: list[Attribution]) -> None:
        """A claim's content ends where a sibling claim begins: "X claimed that A but Y disputed the
        claim", "X said that A, a claim that has been denied by Y"."""
        text = text_of(self.doc)
        for a in atts:
            for b in atts:
                tok = b.cue_token
                if b is a or tok is None or not any(s <= tok.idx < e for s, e in a.content):
                    continue
                if tok.dep_ == "relcl" and tok.head.lemma_.lower() in CLAIM_NOUNS:
                    cut = tok.head.left_edge.idx
                elif tok.dep_ == "relcl" and b.object_content and b.polarity == "deny":
                    # "offered talks that were refused by X": the offer ends where the refusal starts
                    cut = tok.left_edge.idx
                elif tok.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
                    first = min(tok.subtree, key=lambda t: t.i)
                    cc = [c for c in tok.head.children if c.dep_ == "cc" and c.i < tok.i]
                    cut = min([first.idx] + [c.idx for c in cc if c.i > first.i - 3])
                elif tok.tag_ == "VBG" and tok.i > 0 and self.doc[tok.i - 1].text == "," and _same_speaker(a, b):
                    # "Kyiv denied that the town fell, saying ...": the speaker's own participle the
                    # parser hung inside the words starts a claim of its own
                    cut = self.doc[tok.i - 1].idx
                elif any(t.lower_ in ("but", "whereas", "while") for t in self.doc[max(tok.i - 6, 0):tok.i]
                         if any(s <= t.idx < e for s, e in a.content)):
                    # "Taliban says X but resistance forces deny": the parser hung the denial inside
                    cut = next(t.idx for t in self.doc[max(tok.i - 6, 0):tok.i] if t.lower_ in ("but", "whereas", "while"))
                else:
                    continue
                if any(s < cut for s, _ in a.content):
                    a.content = _cut_at(text, a.content, cut)

    def _channels(self, att: Attribution, atts: list[Attribution]) -> list[Via]:
        """'in a tweet', 'in a statement': on this cue or on the cue it depends on ('denied ..., saying')."""
        found = list(att.channels)
        if att.object_content and att.content_root is not None:
            # "denied the Taliban's claim in a tweet": the channel hangs on the object
            for prep in att.content_root.children:
                if prep.dep_ == "prep" and prep.lower_ in ("in", "on", "via"):
                    for pobj in prep.children:
                        kind = self.cues.channels.get(pobj.lemma_.lower())
                        if kind:
                            found.append((" ".join(t.text for t in pobj.subtree), kind))
        tok = att.cue_token
        if not found and tok is not None and tok.dep_ in ("advcl", "xcomp", "conj"):
            parent = next((a for a in atts if a.cue_token is not None and a.cue_token == tok.head), None)
            if parent is not None:
                found = list(parent.channels)
        return [Via(text=text, actor=None, kind=kind) for text, kind in found]

    # -- the reporter's own voice -------------------------------------------------------------------
    def _narrative(self, atts: list[Attribution]) -> list[Claim]:
        """Events told without attribution, headlines included, claimed by the outlet."""
        covered = bytearray(len(text_of(self.doc)))  # 1 where a character belongs to an attribution
        for a in atts:
            for s, e in a.content + a.cue + a.source:
                covered[s:e] = b"\x01" * (e - s)
        cue_sents = {a.cue_token.sent.start for a in atts if a.cue_token is not None}
        outlet = self.document.outlet
        who = (Claimant(text=outlet, span=None, actor=self.actors.actor_id(outlet) or _slug(outlet), name=outlet,
                        kind="media") if outlet else Claimant(text=None, span=None, kind="unnamed"))
        out = []
        for sent in self.doc.sents:
            if sent.start in cue_sents:
                continue  # what is left of a sentence with a cue belongs to the speaker, not the reporter
            tokens = [t for t in sent if not t.is_space and not covered[t.idx]]
            words = [t for t in tokens if not t.is_punct]
            if len(words) < 4 or not any(t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT" for t in words):
                continue
            run = _longest_run(tokens)
            start, end = run[0].idx, run[-1].idx + len(run[-1].text)
            start, end = _strip(text_of(self.doc), start, end)
            if end - start < 15:
                continue
            content = _span(self.doc, start, end)
            match = classify(content)
            if match.type == "statement":
                continue
            claim = Claim(id="", text=text_of(self.doc)[start:end], span=(start, end), mode="narrative",
                          polarity="assert", cue=None, claimant=who, sentence=(sent.start_char, sent.end_char))
            self._fill(claim, content, sent)
            self._whose(claim)
            out.append(claim)
        return out


def _same_speaker(a: Attribution, b: Attribution) -> bool:
    """Whether two attributions have one speaker token ("Kyiv denied ..., saying ...")."""
    return a.source_token is not None and b.source_token is not None and a.source_token.i == b.source_token.i


def _numbered(pairs: list[tuple[Claim, Attribution | None]]) -> list[Claim]:
    """Claims in text order (a claim before the denial of the same words), numbered c1, c2, ..."""
    pairs.sort(key=lambda pair: (pair[0].span, pair[0].polarity == "deny"))
    claims = [claim for claim, _ in pairs]
    for n, claim in enumerate(claims, 1):
        claim.id = f"c{n}"
    return claims


PLACE_DATELINE = re.compile(r"[A-Z][\w'’.-]*(?:[ ,]+[A-Z][\w'’.-]*){0,3}\s*(?:\([^)]{1,30}\)\s*)?:\s+")


def _after_place_dateline(doc: Doc, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Words that start a paragraph with a place and a colon ("Kabul: The Taliban's claim ...") begin
    after it: the dateline is no one's words. (A claimant's dateline, "KYIV, Ukraine (AP) — the
    ministry", is cut by `ActorResolver._without_dateline`.)"""
    if not pieces:
        return pieces
    text = text_of(doc)
    start, end = pieces[0]
    if start > 0 and text[start - 1] != "\n":
        return pieces
    m = PLACE_DATELINE.match(text, start, end)
    first = doc.char_span(start, start + 1, alignment_mode="expand") if m else None
    if m is None or first is None or first[0].ent_type_ not in ("GPE", "LOC") or m.end() >= end:
        return pieces
    return [(m.end(), end)] + pieces[1:]


def _distinct(atts: list[Attribution]) -> list[Attribution]:
    """Drop an attribution whose cue is part of an earlier one's ("quoted him as saying")."""
    out: list[Attribution] = []
    for att in atts:
        if att.cue and any(_overlaps(att.cue, other.cue) for other in out):
            continue
        out.append(att)
    return out


def _cut_at(text: str, pieces: list[tuple[int, int]], pos: int) -> list[tuple[int, int]]:
    """The content pieces before `pos` when `pos` falls inside them, trimmed of punctuation."""
    if not any(s < pos < e for s, e in pieces):
        return pieces
    kept = [_strip(text, s, min(e, pos)) for s, e in pieces if s < pos]
    return [p for p in kept if p[1] > p[0]] or pieces


def _longest_run(tokens: list[Token]) -> list[Token]:
    return max(runs(tokens), key=lambda r: sum(1 for t in r if not t.is_punct))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \n,;:.“”\"'‘’—–-":
        start += 1
    while end > start and text[end - 1] in " \n,;:.“”\"'‘’—–-":
        end -= 1
    return start, end


def _slug(text: str | None) -> str | None:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") if text else None


def build_claims(doc: Doc, document: Document) -> list[Claim]:
    """The claims of one parsed document, in text order, with ids c1, c2, ...

    doc: the document text parsed by `counterclaim.nlp`; document: its metadata (published date,
    outlet) used to resolve dates and to name the claimant of reporter's-voice claims.
    """
    return ClaimBuilder(doc, document).build()
