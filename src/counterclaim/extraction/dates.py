"""When a claim says something happened, resolved against the publication date.

spaCy finds the date expressions (DATE and TIME entities, plus weekday names
and numeric dates it misses); a few rules resolve what dateparser gets wrong
for news -- "Sunday" on a Sunday is that day, "over the past week" is a range,
"5/9/2021" is read day-first unless that lands after publication -- and
dateparser resolves the rest.

Precision is one of day | week | month | year | range.  Months and years give
their first day; ranges give `date` = start and `end` = publication date.
Vague ranges: "in recent days" = the past 7 days, "recent weeks" = 4 weeks,
"recent months" = 3 months.  Without a publication date only expressions that
name their year resolve ("September 5, 2021", "in 2020"); everything relative
("Sunday", "Sept. 5", "last week") keeps its text with `date` None.  A date
after publication is only returned for explicitly future text ("next week",
"tomorrow", or a verb with "will"/"shall").
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from dateparser.date import DateDataParser
from spacy.tokens import Doc, Span, Token

from ..model import When
from ..nlp import ents_of, text_of
from .quantities import _value

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
UNIT_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14}
WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
WORDS.update({"a": 1, "an": 1, "few": 3, "several": 3, "couple": 2})

NUMERIC = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b|\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b")
EXTRA = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\byesterday\b", re.I)
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DAY_MONTH = re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?{_MONTH}(?:,? \d{{4}})?\b|"
                       rf"\b{_MONTH} \d{{1,2}}(?:st|nd|rd|th)?\b(?:,? \d{{4}}\b)?", re.I)
PAST_RANGE = re.compile(
    r"^(?:over |in |during |for |within )?(?:the )?(past|last|previous|recent) ?"
    r"(\w+ )?(hour|day|week|fortnight|month|year)s?$")
THIS = re.compile(r"^(?:earlier |so far |later )?(?:this|the current) (week|month|year)$")
DURATION = re.compile(r"^(?:the )?[\w.,-]+[ -](?:hours?|days?|weeks?|months?|years?|decades?)"
                      r"(?:[ -](?:long|old))?$|-old$|^(?:hours|days|weeks|months|years|decades)$")
ANCHORED = re.compile(r"\d|ago|yesterday|today|tonight|tomorrow|last|past|next|this|earlier|"
                      r"recent|weekend|day|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec")
RELATIVE = re.compile(r"\b(ago|past|last|previous|recent|this|next|coming|earlier|current)\b")
CLOCK = re.compile(r"^(?:at |around |about )?\d{1,2}(?:[:.]\d\d)?\s*(?:[ap]\.?m\.?)?"
                   r"(?: local time| gmt| utc)?$")
DECADE = re.compile(r"^(?:the )?(?:early |mid-?|late )?(\d{3}0)s$")
FUTURE = re.compile(r"\b(next|tomorrow|coming|upcoming)\b")


def find_dates(span: Span | Doc, published: str | date | None = None) -> list[When]:
    """Every date expression in `span` (a spaCy Span or Doc), in text order.

    `published` is the publication date (ISO string, `date`/`datetime`, or None).
    Each When carries the expression's text and character span in the whole
    document; `date` is None when it cannot be resolved (relative text with no
    publication date).  Durations ("for three days") and ages are left out.
    """
    base = _as_date(published)
    out = []
    for candidate in _candidates(span):
        # The first piece that resolves: the whole expression, else a part of it.
        for tokens, text, start, end in candidate:
            when = _resolve(text, base, _future(tokens))
            if when is not None:
                when.text, when.span = text, (start, end)
                if base is not None and when.date and _since(tokens, text) and when.date < base.isoformat():
                    # "since Sept. 27": a period up to the day of writing, not that day
                    when.precision, when.end = "range", base.isoformat()
                out.append(when)
                break
    return out


def _since(tokens: list[Token], text: str) -> bool:
    """Whether a date expression opens a period: "since Sept. 27", "since the start of October"."""
    first = tokens[0]
    before = first.doc[first.i - 1] if first.i > 0 else None
    return text.lower().startswith("since ") or (before is not None and before.lower_ == "since")


def resolve_when(span: Span | Doc, published: str | date | None = None) -> When | None:
    """The date the claim in `span` is about, or None when it names no date.

    Among several dates, the one closest (in dependency steps) to the main verb
    of the span wins; ties go to the first.  `published` as in `find_dates`.
    """
    dates = find_dates(span, published)
    if not dates:
        return None
    doc = span.doc if isinstance(span, Span) else span
    roots = {s.root.i for s in doc.sents if s.start < span[-1].i + 1 and s.end > span[0].i}
    if isinstance(span, Span):
        roots.add(span.root.i)

    def distance(when: When) -> int:
        token = doc.char_span(*when.span, alignment_mode="expand").root
        for steps in range(50):
            if token.i in roots:
                return steps
            if token.head.i == token.i:
                break
            token = token.head
        return 99

    return min(dates, key=distance)  # min keeps the first of equals


def _as_date(published: str | date | None) -> date | None:
    if published is None or published == "":
        return None
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


Piece = tuple[list[Token], str, int, int]  # tokens, text, start and end character


def _candidates(span: Span | Doc) -> list[list[Piece]]:
    """Date expressions: DATE/TIME entities and what NER misses or cuts short, with
    overlapping and touching pieces merged ("Friday" + "night", "5" + "September").
    Each comes with the pattern matches inside it, to fall back on."""
    doc = span.doc if isinstance(span, Span) else span
    if len(span) == 0:
        return []
    lo, hi = span[0].idx, span[-1].idx + len(span[-1])
    ranges = [(e.start_char, e.end_char) for e in ents_of(doc)
              if e.label_ in ("DATE", "TIME") and e.end_char > lo and e.start_char < hi]
    matches = [(m.start(), m.end()) for pattern in (NUMERIC, EXTRA, DAY_MONTH)
               for m in pattern.finditer(text_of(doc), lo, hi)]
    ranges += matches
    merged: list[list[int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + 1 and not text_of(doc)[merged[-1][1]:start].strip():
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out = []
    for s, e in merged:
        whole = _piece(doc, s, e)
        inner = [_piece(doc, *m) for m in matches if s <= m[0] and m[1] <= e and m != (s, e)]
        # NER also swallows words before a date ("thousands last month"): try what follows them.
        tails = [_piece(doc, t.idx, e) for t in whole[0][1:]]
        out.append([whole] + inner + tails)
    return out


def _piece(doc: Doc, start: int, end: int) -> Piece:
    tokens = list(doc.char_span(start, end, alignment_mode="expand"))
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1])
    return tokens, text_of(doc)[start:end], start, end


def _future(tokens: list[Token]) -> bool:
    """True when the verb the date hangs on is future ("will meet on Sunday")."""
    head = tokens[0].doc[tokens[0].i:tokens[-1].i + 1].root.head
    for _ in range(3):
        if head.pos_ in ("VERB", "AUX"):
            return any(c.lower_ in ("will", "shall", "'ll") for c in head.children) or any(
                c.lower_ == "going" for c in head.ancestors)
        head = head.head
    return False


def _resolve(text: str, base: date | None, future: bool) -> When | None:
    """Resolve one date expression; None if it is a duration or not a date at all."""
    t = re.sub(r"['’]s$", "", text.lower().strip())
    t = re.sub(r"^(?:on|in|since|during|by|from|at) ", "", t)
    future = future or bool(FUTURE.search(t))
    if DURATION.search(t) and not RELATIVE.search(t):
        return None  # "for three days", "a 25-year-old"
    if CLOCK.match(t):
        return None  # "3 a.m.": a time of some day the text names elsewhere, if at all
    if (m := NUMERIC.search(t)) is not None:
        return _numeric(m, base)
    if (m := DECADE.match(t)) is not None:
        return When(t, f"{m.group(1)}-01-01", "range", f"{int(m.group(1)) + 9}-12-31")
    if base is None:
        if re.search(r"\b\d{4}\b", t):
            return _parse(t, None, future)
        # Relative with nothing to resolve against: keep the text and the precision it would have.
        shape = _resolve(text, date(2000, 6, 15), future)
        return shape and When(text, None, shape.precision)
    return _rules(t, base, future) or _parse(t, base, future)


def _parse(t: str, base: date | None, future: bool) -> When | None:
    """dateparser, for absolute dates and the relative ones the rules leave alone."""
    if not ANCHORED.search(t):
        return None  # "the 1990s", "decades": dateparser guesses
    settings = {"PREFER_DATES_FROM": "future" if future else "past", "PREFER_DAY_OF_MONTH": "first",
                "DATE_ORDER": "DMY", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = datetime.combine(base, datetime.min.time())
    data = _parser(settings).get_date_data(re.sub(r"^(?:the |early |mid-?|late )", "", t))
    if data.date_obj is None:
        return None
    found, period = data.date_obj.date(), data.period or "day"
    if period == "month":
        found = found.replace(day=1)
    elif period == "year":
        found = found.replace(month=1, day=1)
    if base is not None and found > base and not future and not re.search(r"\b\d{4}\b", t):
        # "Sept. 5" read in early September: last year's (29 February falls back to the 28th)
        found = found.replace(year=found.year - 1, day=min(found.day, 28 if found.month == 2
                                                            else found.day))
    precision = {"time": "day", "week": "week", "month": "month", "year": "year"}.get(period, "day")
    return When(t, found.isoformat(), precision)


def _parser(settings: dict) -> DateDataParser:
    return DateDataParser(languages=["en"], settings=settings)


def _rules(t: str, base: date, future: bool) -> When | None:
    """What dateparser does badly: weekdays, ranges, "this week", "last month"."""
    day = timedelta(days=1)
    if t in ("yesterday", "last night") or t.startswith("yesterday"):
        return _day(base - day)
    if t in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return _day(base)
    if t == "the day before yesterday":
        return _day(base - 2 * day)
    if t == "tomorrow":
        return _day(base + day)
    words = t.split()
    weekday = next((WEEKDAYS.index(w) for w in words if w in WEEKDAYS), None)
    if weekday is not None and not re.search(r"\d", t):
        back = (base.weekday() - weekday) % 7
        if words[0] == "last" and back == 0:
            back = 7  # "last Tuesday" said on a Tuesday is a week ago
        if future or words[0] == "next":
            ahead = (weekday - base.weekday()) % 7 or (7 if words[0] == "next" else 0)
            return _day(base + ahead * day)
        return _day(base - back * day)
    if "weekend" in t:  # Saturday and Sunday: the last one, or the next if future
        saturday = base - ((base.weekday() - 5) % 7) * day
        if future and saturday < base - day:
            saturday += 7 * day
        end = saturday + day if future else min(saturday + day, base)
        return When(t, saturday.isoformat(), "range", end.isoformat())
    if t in ("last month", "the previous month"):
        first = base.replace(day=1) - day
        return When(t, first.replace(day=1).isoformat(), "month")
    if t in ("last year", "the previous year"):
        return When(t, date(base.year - 1, 1, 1).isoformat(), "year")
    if t == "next week":
        monday = base + (7 - base.weekday()) * day
        return When(t, monday.isoformat(), "week", (monday + 6 * day).isoformat())
    if (m := THIS.match(t)) is not None:
        start = {"week": base - base.weekday() * day, "month": base.replace(day=1),
                 "year": base.replace(month=1, day=1)}[m.group(1)]
        return _range(start, base)
    if (m := PAST_RANGE.match(t)) is not None:
        kind, count, unit = m.group(1), (m.group(2) or "").strip(), m.group(3)
        if kind == "recent" and count:
            return None
        n = WORDS.get(count, int(count) if count.isdigit() else 1)
        if kind == "recent":  # "in recent days/weeks/months": a convention, see module doc
            return _range(base - {"hour": 1, "day": 7, "week": 28, "month": 91, "year": 365}[unit] * day,
                          base)
        if unit in UNIT_DAYS:  # "the last 24 hours" reaches back to yesterday
            return _range(base - max(1, round(n * UNIT_DAYS[unit])) * day, base)
        if unit == "month":
            month = base.month - n
            year = base.year + (month - 1) // 12
            month = (month - 1) % 12 + 1
            return _range(base.replace(year=year, month=month, day=min(base.day, 28)), base)
        return _range(base.replace(year=base.year - n, day=min(base.day, 28)), base)
    return None


def _day(d: date) -> When:
    return When("", d.isoformat(), "day")


def _range(start: date, end: date) -> When:
    return When("", start.isoformat(), "range", end.isoformat())


def _numeric(m: re.Match, base: date | None) -> When | None:
    """"2021-09-05" directly; "5/9/2021" day-first unless only month-first is not after `base`."""
    if m.group(1):
        readings = [(int(m.group(1)), int(m.group(2)), int(m.group(3)))]
    else:
        a, b, y = int(m.group(4)), int(m.group(5)), int(m.group(6))
        y += 2000 if y < 100 else 0
        readings = [(y, b, a), (y, a, b)]  # day-first, then month-first
    dates = []
    for y, mo, d in readings:
        try:
            dates.append(date(y, mo, d))
        except ValueError:
            continue
    if not dates:
        return None
    if base is not None:
        past = [d for d in dates if d <= base]
        # Of the readings not after publication, the nearest one: news reports recent events.
        chosen = max(past) if past else dates[0]
    else:
        chosen = dates[0]
    return When("", chosen.isoformat(), "day")


# days in a unit of a span of time ("two weeks after"): the units of a recent period, and months
DAYS_IN = {**UNIT_DAYS, "month": 30}


def made_apart(cue: Token, anchor: When | None, published: str | date | None = None) -> When | None:
    """The day of a claim whose cue heads a clause saying how long after or before the sentence's
    own time it was made: "the army confirmed on Wednesday its withdrawal, almost two weeks after
    the rebels said they had captured the town" dates the capture claim two weeks before
    Wednesday. None when the cue heads no such clause."""
    mark = next((c.lower_ for c in cue.children if c.dep_ == "mark" and c.lower_ in ("after", "before")), None)
    span = next((c for c in cue.children if c.dep_ == "npadvmod" and c.lemma_.lower() in DAYS_IN), None)
    if mark is None or span is None:
        return None
    count = [c for c in span.children if c.dep_ == "nummod"]
    number = _value(count)[0] if count else 0.0
    base = _as_date(anchor.date) if anchor is not None and anchor.date else _as_date(published)
    if not number or base is None:
        return None
    days = timedelta(days=round(number * DAYS_IN[span.lemma_.lower()]))
    day = base - days if mark == "after" else base + days
    first = min(t.idx for t in span.subtree)
    end = max(t.idx + len(t.text) for t in cue.children if t.lower_ == mark)
    return When(cue.doc.text[first:end], day.isoformat(), "day" if days.days < 7 else "week", span=(first, end))
