"""Stated quantities: how many were killed, captured, displaced, held.

`find_quantities(span)` reads every number in a spaCy span -- digits ("1,000",
"3.5 million"), words ("twenty-two", "a dozen") and vague plurals ("dozens",
"tens of thousands") -- with its qualifier and what it counts.

Conventions, so that figures from opposing sides compare:

* exact ("22 people")               value=22,   min=22,   max=22
* approximate ("about/some 50")     value=50,   min=None, max=None   (no band is invented)
* lower bound ("at least/over/more than 1,000")
                                    value=None, min=1000, max=None   ("over 1,000" is not 1001)
* upper bound ("up to/as many as/nearly/almost/fewer than 50")
                                    value=None, min=None, max=50
* range ("between 10 and 20", "10 to 20", "10-20")
                                    value=None, min=10,   max=20
* vague plurals are lower bounds with no upper bound, ACLED-style:
  dozens=12, scores=20, hundreds=100, thousands=1000, millions=1e6, and they
  multiply ("tens of thousands"=10000, "hundreds of thousands"=100000);
  "several" is min 3 (the smallest count English calls "several").

What a figure counts, so that tolls compare across sources:
* `kind`: what happened to what is counted, one of killed, wounded, captured, missing,
  displaced, destroyed, or other ("eight districts", "40 hostages", percentages, money);
  read from the event the number or its noun takes part in ("killed 22", "22 people were
  killed", "left 22 dead", "claimed the lives of 18 civilians", "the death toll rose to 50");
* `event`: that event's word, normalised ("killed", "executed", "trapped", "surrendered",
  "fled", "dead" folds into "killed", "injured" into "wounded");
* `of`: the counted noun as a lower-case plural ("civilians", "fighters", "tanks"), "percent"
  or "money";
* `victims`: whose they are, where the text tells: "civilians" for civilian nouns, else the party
  a `side_of` callback reads from the noun's modifiers ("600 Taliban fighters", "Ukrainian
  soldiers", "1,000 Houthis").
Dates, years, times, ages, ordinals and designations ("Resolution 2254", "T-72") are skipped.
"""
from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Callable

from spacy.tokens import Doc, Span, Token

from ..model import Quantity
from .ontology import load_ontology
from ..nlp import ents_of, text_of

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate(
    "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
SCALES = {"hundred": 100, "thousand": 1000, "million": 10**6, "billion": 10**9, "dozen": 12}
# Vague plurals: the smallest number each can mean (ACLED codes "dozens" as 12).
VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000,
         "millions": 10**6, "billions": 10**9, "tens": 10, "several": 3}
DIGITS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$|^\d+(\.\d+)?$")
YEAR = re.compile(r"^(1[89]|20)\d\d$")

# Qualifiers, as lower-case token sequences read right before the number.
LOWER = ["at least", "more than", "over", "in excess of", "upwards of", "above",
         "no fewer than", "no less than", "not less than", "a minimum of", "at minimum"]
UPPER = ["up to", "as many as", "as much as", "nearly", "almost", "fewer than", "less than",
         "under", "at most", "no more than", "not more than", "close to", "a maximum of",
         "just under"]
ABOUT = ["about", "around", "some", "roughly", "approximately", "an estimated", "estimated",
         "circa", "approx.", "almost exactly"]
QUALIFIERS = sorted([(q.split(), "min") for q in LOWER] + [(q.split(), "max") for q in UPPER]
                    + [(q.split(), "about") for q in ABOUT], key=lambda q: -len(q[0]))

# Event verbs and adjectives (by lemma) and the kind each gives.
EVENTS = {
    "kill": "killed", "murder": "killed", "massacre": "killed", "slay": "killed",
    "slaughter": "killed", "execute": "executed", "behead": "executed",
    "wound": "wounded", "injure": "wounded", "hurt": "wounded", "injured": "wounded",
    "wounded": "wounded", "die": "killed", "dead": "killed", "perish": "killed",
    "capture": "captured", "seize": "captured", "arrest": "arrested", "detain": "detained",
    "surrender": "surrendered", "defect": "defected", "trap": "trapped", "besiege": "trapped",
    "strand": "trapped", "displace": "displaced", "displaced": "displaced", "flee": "fled",
    "abduct": "abducted", "kidnap": "abducted", "miss": "missing", "missing": "missing",
    "evacuate": "evacuated", "rescue": "rescued", "release": "released", "free": "released",
    "destroy": "destroyed", "down": "destroyed", "raze": "destroyed", "burn": "burned",
    "torch": "burned",
    "lose": "lost", "shoot": "shot", "bury": "buried", "life": "killed",
}
# The kind each event gives.
KINDS = {
    "killed": "killed", "executed": "killed", "dead": "killed", "buried": "killed",
    "wounded": "wounded", "shot": "wounded",
    "captured": "captured", "arrested": "captured", "detained": "captured", "surrendered": "captured",
    "abducted": "captured", "defected": "other",
    "missing": "missing",
    "displaced": "displaced", "fled": "displaced", "evacuated": "displaced",
    "destroyed": "destroyed", "burned": "destroyed", "casualties": "killed",
}
# Words for the other side ("1,000 terrorists", "the enemy's losses"): whose they are depends on
# who speaks, so `victims` is ENEMY until the claim knows its claimant.
ENEMIES = {"enemy", "terrorist", "militant", "insurgent", "attacker", "aggressor", "invader", "occupier",
           "occupant", "mercenary", "bandit", "rebel", "jihadist", "extremist", "infiltrator", "militia"}
ENEMY = "enemy"
CIVILIANS = {"civilian", "civilians", "people", "person", "persons", "resident", "residents", "child", "children", "woman", "women",
             "villager", "villagers", "passer-by", "passers-by", "worshipper", "worshippers", "pilgrim",
             "pilgrims", "patient", "patients", "student", "students", "refugee", "refugees", "family", "families",
             "non-combatant", "non-combatants", "bystander", "bystanders"}
# Events a subject undergoes rather than does ("50 fighters surrendered").
INTRANSITIVE = {"die", "perish", "surrender", "defect", "flee", "miss", "dead", "missing"}
# Counted nouns that are themselves events.
EVENT_NOUNS = {"death": "killed", "fatality": "killed", "casualty": "casualties", "toll": "killed", "life": "killed"}
TIME_WORDS = {"day", "days", "week", "weeks", "month", "months", "year", "years", "hour",
              "hours", "minute", "minutes", "decade", "decades", "century", "centuries",
              "night", "nights", "old", "a.m.", "p.m.", "am", "pm", "o'clock"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
          "jul", "aug", "sep", "sept", "oct", "nov", "dec", "jan.", "feb.", "aug.", "sept.",
          "sep.", "oct.", "nov.", "dec."}
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
REPORTING = {"report", "say", "believe", "confirm", "fear", "think", "feel", "claim", "estimate"}


def find_quantities(span: Span | Doc, side_of: Callable[[str], str | None] | None = None) -> list[Quantity]:
    """Every stated quantity in `span` (a spaCy Span or Doc), in text order.

    Each Quantity has `text` (qualifier and number, e.g. "at least a thousand"),
    `kind`, `event`, `of` and `victims` (see the module docstring), `value`/`min`/`max` per
    the module conventions and `span`, the (start, end) character offsets of `text` in the
    whole document. side_of: the party a phrase names ("Taliban" -> "taliban"), for `victims`.
    """
    if len(span) == 0:
        return []
    doc = span[0].doc
    out: list[Quantity] = []
    i, end = span[0].i, span[-1].i + 1
    while i < end:
        stop = _number_end(doc, i, end)
        if stop == i:
            i += 1
            continue
        quantity, i = _read(doc, i, stop, end, side_of)
        if quantity is not None:
            out.append(quantity)
    return out


def _is_number(t: Token) -> bool:
    """True for a token that can be (part of) a stated number."""
    w = t.lower_
    if w == "several":
        return t.dep_ in ("amod", "nummod", "det") or t.pos_ in ("ADJ", "DET")
    if w == "scores" or w == "tens":  # only "scores of ...", "tens of thousands"
        return t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "of"
    if w in VAGUE or w in SCALES or w in UNITS or w in TENS:
        return t.pos_ != "PRON" and not (w == "one" and t.dep_ in ("nsubj", "dobj", "pobj") and
                                         not _has_of(t))
    if "-" in w and all(p in UNITS or p in TENS for p in w.split("-")):
        return True
    return bool(DIGITS.match(w))


def _has_of(t: Token) -> bool:
    return any(c.lower_ == "of" for c in t.children)


def _number_end(doc: Doc, i: int, end: int) -> int:
    """End (exclusive) of the number phrase starting at token i, or i if none starts there."""
    j = i
    if doc[i].lower_ in ("a", "an") and i + 1 < end and doc[i + 1].lower_ in SCALES:
        j = i + 1  # "a thousand", "a dozen"
    if not _is_number(doc[j]):
        return i
    j += 1
    while j < end:
        t, prev = doc[j], doc[j - 1].lower_
        if _is_number(t) and not (DIGITS.match(t.text) and DIGITS.match(doc[j - 1].text)):
            j += 1
        elif t.text == "-" and j + 1 < end and doc[j + 1].lower_ in UNITS and prev in TENS:
            j += 2  # "twenty - two"
        elif t.lower_ == "and" and prev in SCALES and j + 1 < end and (
                doc[j + 1].lower_ in UNITS or doc[j + 1].lower_ in TENS):
            j += 2  # "two hundred and fifty"
        elif t.lower_ == "of" and prev in VAGUE and j + 1 < end and doc[j + 1].lower_ in VAGUE:
            j += 2  # "tens of thousands"
        else:
            break
    return j


def _value(toks: list[Token]) -> tuple[float, bool]:
    """The number a phrase states and whether it is a vague plural (a lower bound)."""
    total, current, vague, seen = 0.0, 0.0, False, False
    for t in toks:
        w = t.lower_.replace(",", "")
        parts = w.split("-") if "-" in w else [w]
        for p in parts:
            if p in ("a", "an"):
                current = 1
                continue
            if p in ("and", "of", "-", ""):
                continue
            if p in VAGUE:  # "tens of thousands" = 10 * 1000; "several hundred" = 3 * 100
                vague, current = True, (current or 1) * VAGUE[p]
            elif p in SCALES:
                scale = SCALES[p]
                current = (current or 1) * scale
                if scale >= 1000:
                    total, current = total + current, 0
            elif p in UNITS or p in TENS:
                current += UNITS.get(p, TENS.get(p, 0))
            else:
                try:
                    current += float(p)
                except ValueError:
                    continue
            seen = True
    return (total + current if seen else 0.0), vague


def _qualifier(doc: Doc, start: int, floor: int) -> tuple[str | None, int]:
    """The qualifier right before token `start` and the token where it begins."""
    for words, role in QUALIFIERS:
        s = start - len(words)
        if s >= floor and [t.lower_ for t in doc[s:start]] == words:
            return role, s
    return None, start


def _skip(doc: Doc, toks: list[Token]) -> bool:
    """True for numbers that are dates, years, times, ages, ordinals or designations."""
    first, last = toks[0], toks[-1]
    nxt = doc[last.i + 1] if last.i + 1 < len(doc) else None
    prev = doc[first.i - 1] if first.i > 0 else None
    if any(t.ent_type_ in ("ORDINAL", "TIME") for t in toks):
        return True
    if first.ent_type_ == "DATE":
        ent = next(e for e in ents_of(doc) if e.start <= first.i < e.end)
        if any(t.lower_ in TIME_WORDS or t.ent_type_ == "DATE" and _is_calendar(t) for t in ent):
            return True
    if len(toks) == 1 and YEAR.match(first.text) and not (
            first.dep_ == "nummod" and first.head.tag_ in ("NNS", "NNPS")):
        return True
    if nxt is not None and (nxt.lower_ in TIME_WORDS or nxt.text == "-" and
                            last.i + 2 < len(doc) and doc[last.i + 2].lower_ in TIME_WORDS):
        return True  # "25-year-old", "three days", "24 hours"
    if _is_calendar(first.head) or (nxt is not None and nxt.lower_ in MONTHS) or (
            prev is not None and prev.lower_ in MONTHS):
        return True  # "5 September", "Sept. 5", "September 5, 2021"
    if prev is not None and (prev.lemma_ == "age" or prev.text in ("-", "No.", "#", "No")):
        return True  # "aged 25", "T-72", "No. 5"
    if first.head.i < first.i and first.head.pos_ == "PROPN" and first.head.tag_ == "NNP" \
            and first.dep_ in ("nummod", "appos", "npadvmod", "compound"):
        return True  # "Resolution 2254", "Brigade 93"
    if first.ent_type_ in ("LAW", "PRODUCT", "FAC", "WORK_OF_ART"):
        return True
    return False


def _is_calendar(t: Token) -> bool:
    """A month or weekday name, or a year."""
    return t.lower_ in MONTHS or t.lower_ in WEEKDAYS or bool(YEAR.match(t.text))


def _read(doc: Doc, start: int, stop: int, end: int,
          side_of: Callable[[str], str | None] | None = None) -> tuple[Quantity | None, int]:
    """The Quantity for the number phrase doc[start:stop] (None if it is no count), with
    its qualifier and range, and the token index where reading goes on."""
    toks = list(doc[start:stop])
    if _skip(doc, toks):
        return None, stop
    value, vague = _value(toks)
    role, qstart = _qualifier(doc, start, max(0, start - 4))
    lo = hi = None
    # Ranges: "between 10 and 20", "10 to 20", "10-20" (not "from 10 to 20": a change).
    between = qstart == start and start > 0 and doc[start - 1].lower_ == "between"
    if stop + 1 < end and doc[stop].lower_ in ("and", "to", "-", "–") and (
            between or doc[stop].lower_ != "and") and not (
            start > 0 and doc[start - 1].lower_ == "from"):
        stop2 = _number_end(doc, stop + 1, end)
        if stop2 > stop + 1:
            hi_value, _ = _value(list(doc[stop + 1:stop2]))
            if doc[stop2 - 1].lower_ in SCALES and not any(t.lower_ in SCALES for t in toks):
                value *= SCALES[doc[stop2 - 1].lower_]  # "two to three million"
            if hi_value > value:
                lo, hi, role, stop = value, hi_value, "range", stop2
                qstart = start - 1 if between else qstart
                toks = list(doc[start:stop])
    if role != "range" and stop < end and doc[stop].lower_ == "or" and stop + 1 < end \
            and doc[stop + 1].lower_ == "so":
        role, stop = "about", stop + 2  # "50 or so"
    event, of, noun = _counted(doc, toks)
    if of in ("money", "percent") and stop < len(doc) and doc[stop].lower_ in (
            "percent", "per", "%"):
        stop += 2 if doc[stop].lower_ == "per" else 1
    if of == "money" and qstart > 0 and doc[qstart - 1].ent_type_ == "MONEY" and \
            not doc[qstart - 1].like_num:
        qstart -= 1  # "$5 million"
    if role == "range":
        value = None
    elif role == "min" or (vague and role != "max"):  # "dozens", "about hundreds": at least
        lo, hi, value = value, None, None
    elif role == "max":
        lo, hi, value = None, value, None
    elif role != "about":  # exact; approximate keeps the value with no bounds
        lo = hi = value
    first, last = doc[qstart], doc[stop - 1]
    text = text_of(doc)[first.idx:last.idx + len(last)]
    kind = KINDS.get(event or "", "other")
    if noun is not None and kind in PEOPLE_ONLY and noun.lemma_.lower() in _materiel():
        kind = "other"   # "several cannons were seized": materiel, no casualty
    return Quantity(text=text, kind=kind, value=_num(value), min=_num(lo),
                    max=_num(hi), span=(first.idx, last.idx + len(last)), of=of,
                    victims=_victims(noun, side_of) if noun is not None else None, event=event), stop


PEOPLE_ONLY = {"killed", "wounded", "captured", "missing", "displaced"}   # kinds only people suffer


@lru_cache(maxsize=1)
def _materiel() -> frozenset[str]:
    """Words for weapons and equipment (the ontology's `weapons`), which are no casualties."""
    return frozenset(str(w).lower() for w in load_ontology().families.get("weapons") or ())


def _num(x: float | None) -> float | None:
    return None if x is None else float(x)


def _counted(doc: Doc, toks: list[Token]) -> tuple[str | None, str | None, Token | None]:
    """(event, counted noun as a plural or "money"/"percent", the noun's token) of a number."""
    inside = {t.i for t in toks}
    anchor = next((t for t in toks if t.head.i not in inside or t.head.i == t.i), toks[-1])
    if any(t.ent_type_ == "MONEY" for t in toks) or (toks[0].i > 0 and doc[toks[0].i - 1].text
                                                     in ("$", "€", "£")):
        return None, "money", None
    nxt = doc[toks[-1].i + 1] if toks[-1].i + 1 < len(doc) else None
    if any(t.ent_type_ == "PERCENT" for t in toks) or (nxt is not None and nxt.lower_ in (
            "%", "percent", "per")):
        return None, "percent", None
    noun = None
    if anchor.dep_ in ("nummod", "quantmod", "amod", "det", "compound") and \
            anchor.head.pos_ in ("NOUN", "PROPN") and anchor.head.i not in inside:
        noun = anchor.head
    else:
        of = next((c for c in anchor.children if c.lower_ == "of" and c.i > anchor.i), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        if pobj is not None and pobj.pos_ in ("NOUN", "PROPN"):
            noun = pobj  # "thousands of people"
    event = (_event(noun) or _event(anchor)) if noun is not None else _event(anchor)
    if noun is not None and noun.lemma_.lower() == "life":
        event = "killed"   # "18 lives were lost", "claimed 18 lives"
    if noun is not None and not event and noun.lemma_.lower() in EVENT_NOUNS:
        event = EVENT_NOUNS[noun.lemma_.lower()]
    if noun is not None and noun.lemma_.lower() in ("life", "death", "fatality", "casualty", "toll"):
        return event, None, noun     # "18 lives", "50 deaths": the event is what is counted
    return event, _plural(noun) if noun is not None else None, noun


def _victims(noun: Token, side_of: Callable[[str], str | None] | None) -> str | None:
    """Whose the counted are: civilians, or the party the noun or its modifiers name."""
    if any(c.lower_ in ("civilian", "innocent") for c in noun.children if c.dep_ in ("amod", "compound")):
        return "civilians"
    words = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod", "poss") and c.i < noun.i]
    words += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.subtree]
    if side_of is not None:
        for tok in [*words, noun]:
            phrase = " ".join(t.text for t in tok.subtree) if tok is not noun else noun.text
            side = side_of(phrase)
            if side:
                return side
    if noun.lower_ in CIVILIANS or noun.lemma_.lower() in CIVILIANS:
        return "civilians"
    if {noun.lemma_.lower(), *(w.lemma_.lower() for w in words)} & ENEMIES:
        return ENEMY
    return None


def _event(ref: Token, depth: int = 0) -> str | None:
    """The event `ref` (the counted noun, or the number itself) takes part in, if any."""
    if depth > 3:
        return None
    for c in ref.children:  # "people displaced by the fighting", "wounded soldiers"
        if c.dep_ in ("acl", "amod", "relcl") and _event_of(c) and (
                c.dep_ != "relcl" or any(g.dep_ == "nsubjpass" for g in c.children)):
            return _event_of(c)
    head, dep = ref.head, ref.dep_
    if dep == "conj":  # "killed 22 soldiers and 3 civilians": share the first conjunct's role
        first = ref
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        if first.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            return _event(first, depth + 1)
    if dep == "pobj" and head.lower_ in ("including", "among"):
        return _event(head.head, depth + 1)  # "50 people, including 12 children"
    if dep == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() == "life":
        return "killed"  # "claimed the lives of 18 civilians"
    if dep == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        toll = [s for s in head.head.children if s.dep_ == "nsubj" and s.lemma_ == "toll"]
        if toll:  # "the death toll rose to 50"
            return "killed"
    if dep == "attr" and any(s.lemma_ == "toll" for s in head.children if s.dep_ == "nsubj"):
        return "killed"  # "the death toll is 50"
    if head.i == ref.i:
        return None
    if dep in ("nsubjpass", "dobj", "obj", "nsubj"):
        event = _event_of(head)
        has_obj = any(c.dep_ in ("dobj", "obj") for c in head.children)
        if event and (dep != "nsubj" or head.lemma_ in INTRANSITIVE or not has_obj):
            return event
        # "left 22 people dead", "22 are missing", "50 were reported (to have been) killed"
        if head.lemma_ in ("be", "remain", "leave") or (dep == "nsubjpass" and
                                                         head.lemma_ in REPORTING):
            for c in head.children:
                if c.dep_ in ("oprd", "acomp", "xcomp", "attr"):
                    event = _event_of(c) or next(
                        (_event_of(g) for g in c.children if g.dep_ == "xcomp"), None)
                    if event:
                        return event
    return None


def _event_of(t: Token) -> str | None:
    if t.lemma_ == "shoot" and any(c.lower_ == "down" for c in t.children):
        return "destroyed"  # "shot down 3 drones", not people shot
    return EVENTS.get(t.lemma_.lower()) or EVENTS.get(t.lower_)


def _plural(noun: Token) -> str:
    """The counted noun as a lower-case plural: "fighter" -> "fighters"."""
    word = noun.lower_
    if noun.tag_ in ("NNS", "NNPS") or noun.pos_ == "PROPN" \
            or noun.lemma_.lower() in ("people", "police", "personnel", "militia"):
        return word  # plurals, group names ("1,000 Houthis", "200 Wagner") and collective nouns
    lemma = noun.lemma_.lower()
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ies"
    if re.search(r"(s|x|z|ch|sh)$", lemma):
        return lemma + "es"
    return lemma + "s"
