"""resolve_when / find_dates against a publication date: Monday 6 September 2021."""
from datetime import date

import pytest

from counterclaim.extraction.dates import find_dates, resolve_when
from counterclaim.nlp import parse

PUBLISHED = "2021-09-06"  # a Monday


def when(text, published=PUBLISHED):
    doc = parse(text)
    found = resolve_when(doc, published)
    if found is not None:
        assert doc.text[found.span[0]:found.span[1]] == found.text
    return found and (found.text, found.date, found.precision, found.end)


@pytest.mark.parametrize("text, expected", [
    ("The Taliban said on Sunday they had captured Panjshir.",
     ("Sunday", "2021-09-05", "day", None)),
    ("Resistance fighters said on Monday they still held the valley.",  # publication day
     ("Monday", "2021-09-06", "day", None)),
    ("Russian missiles hit Kharkiv yesterday.", ("yesterday", "2021-09-05", "day", None)),
    ("Gunmen attacked the convoy near Djibo on Friday night.",
     ("Friday night", "2021-09-03", "day", None)),
    ("The army said last Tuesday that it had retaken the town.",
     ("last Tuesday", "2021-08-31", "day", None)),
    ("Monday's attack killed 22 people in Kabul.", ("Monday", "2021-09-06", "day", None)),
    ("The strike on 5 September killed three civilians in Idlib.",
     ("5 September", "2021-09-05", "day", None)),
    ("The junta said the raid took place on Sept. 5 in Sagaing.",
     ("Sept. 5", "2021-09-05", "day", None)),
    ("The blockade of Djibo began on September 5, 2021.",
     ("September 5, 2021", "2021-09-05", "day", None)),
    ("Witnesses said the massacre happened on 5/9/2021.",
     ("5/9/2021", "2021-09-05", "day", None)),
    ("In September, the RSF surrounded El Fasher.", ("September", "2021-09-01", "month", None)),
    ("Militants overran the base last month.", ("last month", "2021-08-01", "month", None)),
    ("The offensive in Tigray began in 2020.", ("2020", "2020-01-01", "year", None)),
    ("Over the past week, dozens of families fled Khan Younis.",
     ("the past week", "2021-08-30", "range", "2021-09-06")),
    ("In recent days, Ukrainian forces advanced near Izium.",
     ("recent days", "2021-08-30", "range", "2021-09-06")),
    ("Clashes intensified in Mali this week.", ("this week", "2021-09-06", "range", "2021-09-06")),
    ("Hundreds were arrested in Yangon last week.",
     ("last week", "2021-08-30", "range", "2021-09-06")),
    ("Over the past three days, the Taliban shelled Andarab.",
     ("the past three days", "2021-09-03", "range", "2021-09-06")),
    ("Israeli strikes on Gaza intensified earlier this month.",
     ("earlier this month", "2021-09-01", "range", "2021-09-06")),
])
def test_resolve_against_publication(text, expected):
    assert when(text) == expected


def test_never_after_publication_for_past_reference():
    # "October" read in September 2021 is last October; "Sept. 7" last September.
    found = find_dates(parse("Fighting flared in October and again on Sept. 7."), PUBLISHED)
    assert [(w.text, w.date) for w in found] == [("October", "2020-10-01"),
                                                 ("Sept. 7", "2020-09-07")]


def test_day_first_ambiguity_prefers_a_reading_not_after_publication():
    # 12/8/2021 could be 8 December (after publication): 12 August. 8/12/2021 likewise.
    found = find_dates(parse("The convoy was hit on 12/8/2021 and again on 8/12/2021."),
                       "2021-09-06")
    assert [w.date for w in found] == ["2021-08-12", "2021-08-12"]


def test_explicit_future_is_allowed():
    found = find_dates(parse("Talks will resume next week, and the envoys will meet on Friday."),
                       PUBLISHED)
    assert [(w.text, w.date, w.precision) for w in found] == [
        ("next week", "2021-09-13", "week"), ("Friday", "2021-09-10", "day")]


def test_without_publication_date_only_absolute_dates_resolve():
    found = find_dates(parse("The Taliban said on Sunday that fighting since 5 September 2021 "
                             "had displaced thousands, more than last month."), None)
    assert [(w.text, w.date, w.precision) for w in found] == [
        ("Sunday", None, "day"), ("5 September 2021", "2021-09-05", "day"),
        ("last month", None, "month")]


def test_durations_and_ages_are_not_dates():
    assert when("A 25-year-old was killed during a siege that lasted for three days.") is None


def test_prefers_the_date_on_the_main_verb():
    doc = parse("The rebels, who had entered the town on Saturday, withdrew on Monday.")
    assert resolve_when(doc, PUBLISHED).text == "Monday"
    # a span holding only the relative clause answers with its own date
    clause = doc.char_span(doc.text.index("who"), doc.text.index(","  , 12))
    assert clause.text == "who had entered the town on Saturday"
    assert resolve_when(clause, date(2021, 9, 6)).date == "2021-09-04"


def test_weekend_decade_and_bare_clock_times():
    found = find_dates(parse("Militias that fought in the 1990s attacked Bunia over the weekend, "
                             "at 3 a.m. local time."), PUBLISHED)
    assert [(w.text, w.date, w.precision, w.end) for w in found] == [
        ("the 1990s", "1990-01-01", "range", "1999-12-31"),
        ("the weekend", "2021-09-04", "range", "2021-09-05")]


def test_accepts_date_objects_and_ignores_bad_published_strings():
    doc = parse("Drones struck Odesa yesterday.")
    assert resolve_when(doc, date(2022, 7, 24)).date == "2022-07-23"
    assert resolve_when(doc, "not a date").date is None


def test_since_a_date_is_a_period_up_to_publication():
    """'has retaken much of the land since Aug. 27': a period from that day to the day of writing,
    not that day."""
    found = when("The army said it has retaken much of the land since Aug. 27.")
    assert found[1:] == ("2021-08-27", "range", PUBLISHED), found
    assert when("The army said it retook the town on Aug. 27.")[1:] == ("2021-08-27", "day", None)


@pytest.mark.parametrize("text, expected", [
    # a claim made some time before the sentence's own date
    ("The army confirmed on Friday its troops had left Gori, almost two weeks after the rebels said "
     "they had taken the town.", "2021-08-20"),
    ("The ministry said on Friday it had reopened the road, three days after the rebels claimed "
     "they had blown up the bridge.", "2021-08-31"),
])
def test_a_claim_made_some_time_after_or_before_the_sentences_date(text, expected):
    import counterclaim

    claims = counterclaim.extract(text, published=PUBLISHED).claims
    inner = next(c for c in claims if c.claimant.text.startswith("the rebels"))
    outer = next(c for c in claims if not c.claimant.text.startswith("the rebels"))
    assert outer.when.date == "2021-09-03"
    assert inner.when.date == expected and text[inner.when.span[0]:inner.when.span[1]] == inner.when.text
