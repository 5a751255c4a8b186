"""Denials within one article: which earlier claim a denial rejects ("denied the Taliban's claim",
"a claim denied by X"), the words a denial takes when it has none of its own ("X claims A, Y
denies"), and what a denial inherits from the claim it denies."""
from __future__ import annotations

import re
from dataclasses import replace

from ..knowledge.actors import INDEPENDENT
from ..model import Claim
from .attribution import Attribution
from .claimtypes import classify
from .families import family_of_claim
from .ontology import load_ontology

CLAIM_NOUNS = {"claim", "report", "reports", "allegation", "assertion", "statement", "accusation", "account", "rumour", "rumor"}


class Denials:
    """Denials and what they deny (a mixin of `ClaimBuilder`)."""

    # -- denials ------------------------------------------------------------------------------------
    def _denied(self, k: int, att: Attribution, atts: list[Attribution | None], claims: list[Claim]) -> list[str]:
        """Ids of earlier claims a denial rejects ("denied the Taliban's claim", "a claim denied by X")."""
        if att.polarity != "deny" or not att.object_content or att.content_root is None:
            return []
        noun = att.content_root
        pronoun = noun.lower_ in ("this", "that", "it", "these", "those")
        if not pronoun and noun.lemma_.lower() not in CLAIM_NOUNS \
                and not any(t.lemma_.lower() in CLAIM_NOUNS for t in noun.subtree):
            return []
        me = claims[k]
        # "contradicted X's claim that A": the claim the noun itself makes; a claim noun inside
        # another attribution's words: that attribution
        for j, other in enumerate(atts):
            if other is not None and j != k and claims[j].polarity == "assert" and other.cue_token is not None \
                    and other.cue_token.i == noun.i:
                return [claims[j].id]
        for j, other in enumerate(atts):
            if other is not None and j != k and claims[j].polarity == "assert" \
                    and any(s <= noun.idx < e for s, e in other.content):
                return [claims[j].id]
        # "the army's claim", "Houthi claims"
        owner = next((c for c in noun.children if c.dep_ == "poss"), None) or next(
            (c for c in noun.children if c.dep_ in ("amod", "compound") and self.actors.actor_id(c.text)), None)
        owner_side = self.actors.actor_id(" ".join(t.text for t in owner.subtree)) if owner is not None else None
        mine = me.claimant.side or me.claimant.actor or me.claimant.text
        candidates = []
        for j in range(k - 1, -1, -1):
            other = claims[j]
            if other.polarity != "assert" or other.mode == "narrative":
                continue
            side = other.claimant.side or other.claimant.actor or other.claimant.text
            if (owner_side is not None and side == owner_side) or (owner_side is None and side and side != mine):
                candidates.append(other)
        # "the Taliban's claim" is first a claim the Taliban made themselves, then one of their people's
        candidates.sort(key=lambda c: c.claimant.actor != owner_side)
        # "denied the Taliban's claim, saying that they had re-captured Parian": the reason given
        # tells which of the owner's claims is meant (the latest of the same family)
        reason = next((c for c, a in zip(claims, atts) if a is not None and a.cue_token is not None
                       and a.cue_token.head == att.cue_token and a is not att), None)
        if reason is not None:
            family = family_of(reason.type)
            same = [c for c in candidates if family_of(c.type) == family and family != "statement"]
            if same:
                return [same[0].id]
        return [candidates[0].id] if candidates else []

    def _denying_unread(self, claims: list[Claim]) -> None:
        """A denial whose words only name a claim ("refuted the commander's claims") and which
        points to no claim of its article says nothing of what it denies: it asks no question, so
        it denies no claim about fighting because its grounds ("saying the fighting goes on") are."""
        for claim in claims:
            if claim.polarity != "deny" or claim.denies or claim.counter:
                continue
            words = self.doc.char_span(*claim.span, alignment_mode="expand")
            if words is not None and words.root.lemma_.lower() in CLAIM_NOUNS \
                    and family_of_claim(words, classify(words).type, [], self.place_spans)[0] == "statement":
                claim.type, claim.family, claim.acled = "statement", "statement", None

    @staticmethod
    def _denied_in_context(me: Claim, claims: list[Claim]) -> list[str]:
        """What a denial naming nothing denies ("the Taliban are spreading lies", "this is
        propaganda"): the nearest claim of another known side in its article that asserts an event,
        before it, else after it."""
        mine = me.claimant.side if me.claimant is not None else None
        if mine is None:
            return []
        others = [c for c in claims if c.polarity == "assert" and c.family != "statement" and c.mode != "narrative"
                  and c.claimant is not None and c.claimant.side not in (None, mine, INDEPENDENT)]
        before = [c for c in others if c.span[0] < me.span[0]]
        after = [c for c in others if c.span[0] > me.span[0]]
        nearest = max(before, key=lambda c: c.span[0]) if before else min(after, key=lambda c: c.span[0], default=None)
        return [nearest.id] if nearest is not None else []

    def _denied_words(self, k: int, att: Attribution, atts: list[Attribution | None],
                      claims: list[Claim]) -> Claim | None:
        """The claim a denial without words of its own denies: one inside its content ("Taliban claim
        control of all districts, resistance forces deny"), or the one it points to ("dispute this",
        "this claim was denied", "a claim that has been denied by ...")."""
        me = claims[k]
        if me.polarity != "deny":
            return None
        inside = [(c, other) for j, (c, other) in enumerate(zip(claims, atts)) if j != k and other is not None
                  and c.polarity == "assert" and other.cue and me.span[0] <= other.cue[0][0] < me.span[1]
                  and (c.claimant.side or c.claimant.actor) != (me.claimant.side or me.claimant.actor)]
        held = [c for c, other in inside if other.cue_token is not None and (
            (att.object_content and other.cue_token == att.content_root)
            or (other.cue_token.pos_ == "NOUN" and other.cue_token.dep_ not in ("ROOT", "ccomp", "conj")))]
        if held:   # "denied Russian claims that ...", "Moscow's claims that ... are not true": the denial
            # keeps its words and denies the claim they hold
            me.denies = [held[0].id]
            return None
        inside = [c for c, _ in inside]
        if inside:
            return max(inside, key=lambda c: c.span[1] - c.span[0])
        root = att.content_root
        if not me.denies or root is None or not att.object_content and att.cue_token is not None \
                and att.cue_token.dep_ != "relcl":
            return None
        words = [t for t in root.subtree if not t.is_punct and any(s <= t.idx < e for s, e in att.content)]
        pointing = root.lower_ in ("this", "that", "it", "these", "those") or (
            root.lemma_.lower() in CLAIM_NOUNS | {"rumour", "rumor", "news"} and len(words) <= 3
            and (len(words) == 1 or any(t.lower_ in ("this", "that", "these", "those", "such", "a", "an", "the")
                                        for t in words)))
        if not pointing:
            return None
        return next((c for c in claims if c.id == me.denies[0]), None)

    @staticmethod
    def _inherit(denial: Claim, denied: Claim) -> None:
        """A denial of a claim is about the same thing: its type, and its places when it names none."""
        denial.type, denial.acled, denial.family = denied.type, denied.acled, denied.family
        if not denial.places:
            denial.places = list(denied.places)

    def _denier_side(self, denial: Claim, denied: Claim | None, att: Attribution) -> None:
        """'X said they had triumphed, but rebels dispute this', 'The Northern Alliance refutes
        Taliban's victory': fighters or forces nobody names, or an organisation of no known party,
        who deny one party's claim speak for the party the article sets against it. The party
        denied is the denied claim's, else the one the denied words name as owner ("Taliban's")."""
        who = denial.claimant
        if who is None or who.side or not who.text or who.kind not in ("unnamed", "organization"):
            return
        if who.kind == "unnamed":
            classes = load_ontology().actor_classes
            if not set(re.findall(r"[a-z-]+", who.text.lower())) & {*classes.get("non_state", ()),
                                                                    *classes.get("state", ())}:
                return
        held = denied.claimant.side if denied is not None and denied.claimant is not None else None
        if held is None and denial.polarity == "deny" and att.content_root is not None:
            owner = next((c for c in att.content_root.children if c.dep_ == "poss"), None)
            held = self.actors.actor_id(" ".join(t.text for t in owner.subtree)) if owner is not None else None
        side = self.actors.opponent(held) if held and held != INDEPENDENT else None
        if side:
            denial.claimant = replace(who, side=side)


def family_of(type_id: str) -> str:
    """The family of a claim type ('territory_recapture' -> 'territory')."""
    ctype = load_ontology().types.get(type_id)
    return ctype.family if ctype is not None else "statement"
