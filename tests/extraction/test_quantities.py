"""find_quantities on sentences from several wars: numbers, qualifiers and what they count."""
import pytest

from counterclaim.nlp import parse
from counterclaim.extraction.quantities import find_quantities


def quantities(text):
    doc = parse(text)
    found = find_quantities(doc)
    for q in found:  # every span points at its own text
        assert doc.text[q.span[0]:q.span[1]] == q.text
    return [(q.text, q.kind, q.value, q.min, q.max) for q in found]


@pytest.mark.parametrize("text, expected", [
    # Afghanistan, Panjshir 2021
    ("Resistance forces said they killed over 1,000 militant fighters.",
     [("over 1,000", "killed", None, 1000, None)]),
    ("At least a thousand terrorists were trapped in the valley.",
     [("At least a thousand", "other", None, 1000, None)]),
    ("A suicide bomber killed 22 people in Kabul.",
     [("22", "killed", 22, 22, 22)]),
    ("The Taliban took control of eight districts in Andarab.",
     [("eight", "other", 8, 8, 8)]),
    ("Aid agencies cannot reach the thousands of people displaced by the fighting.",
     [("thousands", "displaced", None, 1000, None)]),
    # Syria
    ("In Idlib, 22 people were killed and 40 wounded in the airstrikes.",
     [("22", "killed", 22, 22, 22), ("40", "wounded", 40, 40, 40)]),
    ("The barrel bombs left 22 people dead and dozens missing in Aleppo.",
     [("22", "killed", 22, 22, 22), ("dozens", "missing", None, 12, None)]),
    # Ukraine
    ("Ukrainian forces destroyed 12 tanks and captured two dozen soldiers near Kharkiv.",
     [("12", "destroyed", 12, 12, 12), ("two dozen", "captured", 24, 24, 24)]),
    ("Kyiv said Russian troops shelled Kherson, killing at least 22 and injuring 40 others.",
     [("at least 22", "killed", None, 22, None), ("40", "wounded", 40, 40, 40)]),
    # Sudan
    ("Between 2 and 3 million people have fled Darfur since the war began.",
     [("Between 2 and 3 million", "displaced", None, 2_000_000, 3_000_000)]),
    ("The RSF said as many as 50 soldiers were reported killed in El Fasher.",
     [("as many as 50", "killed", None, None, 50)]),
    # Myanmar
    ("The junta detained 15 protesters and wounded scores of others in Mandalay.",
     [("15", "captured", 15, 15, 15), ("scores", "wounded", None, 20, None)]),
    ("Nearly 300 Rohingya villages were burned and several soldiers were arrested.",
     [("Nearly 300", "destroyed", None, None, 300), ("several", "captured", None, 3, None)]),
    # Sahel
    ("JNIM militants abducted around 50 women near Arbinda.",
     [("around 50", "captured", 50, None, None)]),
    ("Over 50 soldiers surrendered to the jihadists in Menaka.",
     [("Over 50", "captured", None, 50, None)]),
    # Gaza
    ("The health ministry said the death toll rose to 50, including 12 children.",
     [("50", "killed", 50, 50, 50), ("12", "other", 12, 12, 12)]),
    ("More than 1,200 people were killed in the attack, the IDF said.",
     [("More than 1,200", "killed", None, 1200, None)]),
    ("Some 3.5 million people have been displaced and tens of thousands fled south.",
     [("Some 3.5 million", "displaced", 3_500_000, None, None),
      ("tens of thousands", "displaced", None, 10_000, None)]),
])
def test_quantities(text, expected):
    assert quantities(text) == expected


def test_reporting_verbs_do_not_lend_their_event():
    found = quantities("The Taliban took Panjshir, as one of their spokesmen said 600 fighters "
                       "had been killed; 12 were believed to have been abducted and 7 remain "
                       "missing.")
    assert found == [("one", "other", 1, 1, 1), ("600", "killed", 600, 600, 600),
                     ("12", "captured", 12, 12, 12), ("7", "missing", 7, 7, 7)]


def test_ranges_and_spelled_out_numbers():
    found = quantities("Between 10 and 20 soldiers and 10-20 civilians died in some twenty-two "
                       "villages, where two hundred and fifty fighters had gathered.")
    assert [(t, lo, hi) for t, _, _, lo, hi in found[:2]] == [
        ("Between 10 and 20", 10, 20), ("10-20", 10, 20)]
    assert found[2][:3] == ("some twenty-two", "other", 22)
    assert found[3] == ("two hundred and fifty", "other", 250, 250, 250)


def test_upper_bounds_are_not_shifted():
    found = quantities("About 50 people were injured in Gaza City and fewer than 10 are missing.")
    assert found == [("About 50", "wounded", 50, None, None),
                     ("fewer than 10", "missing", None, None, 10)]


def test_dates_years_ages_and_designations_are_skipped():
    found = quantities("A 25-year-old was among 3 soldiers killed on 5 September 2021 near "
                       "Bakhmut, aged 25, in the 2019 style of attack, under Resolution 2254, "
                       "by T-72 tanks, at 3 a.m., for three days.")
    assert found == [("3", "killed", 3, 3, 3)]


def test_percent_and_money_are_kept_with_their_own_kinds():
    found = quantities("Nearly 40% of homes in Mariupol were destroyed and $5 million in aid "
                       "arrived, covering 30 percent of needs.")
    kinds = {t: (k, v, lo, hi) for t, k, v, lo, hi in found}
    assert kinds["Nearly 40%"] == ("other", None, None, 40)
    assert kinds["$5 million"] == ("other", 5_000_000, 5_000_000, 5_000_000)
    assert kinds["30 percent"] == ("other", 30, 30, 30)
    units = {q.text: q.of for q in find_quantities(parse("Nearly 40% of homes were destroyed and $5 million "
                                                        "in aid arrived, covering 30 percent of needs."))}
    assert units == {"Nearly 40%": "percent", "$5 million": "money", "30 percent": "percent"}


def test_quantities_inside_a_span_only():
    doc = parse("Hamas said 40 hostages remain in Gaza. Israel said 130 were still held.")
    first = list(doc.sents)[0]
    found = find_quantities(first)
    assert [(q.text, q.kind, q.value) for q in found] == [("40", "other", 40)]
    assert found[0].span == (11, 13)


@pytest.mark.parametrize("text, expected", [
    # what is counted, whose, and the event's own word
    ("The shelling claimed the lives of 18 civilians in Kharkiv.", [("18", "killed", "civilians", "civilians", "killed")]),
    ("About 600 Taliban fighters were killed in the valley.", [("About 600", "killed", "fighters", "taliban", "killed")]),
    ("Kyiv said 40 Russian soldiers surrendered near Izium.", [("40", "captured", "soldiers", "russia", "surrendered")]),
    ("The strike killed 12 Houthi fighters and 3 children.",
     [("12", "killed", "fighters", "houthis", "killed"), ("3", "killed", "children", "civilians", "killed")]),
    ("Fighting displaced 20,000 people in Darfur.", [("20,000", "displaced", "people", "civilians", "displaced")]),
    ("The army said it destroyed 7 tanks.", [("7", "destroyed", "tanks", None, "destroyed")]),
    ("At least 1,000 terrorists were trapped.", [("At least 1,000", "other", "terrorists", "enemy", "trapped")]),
    ("Eighteen lives were lost in the blast.", [("Eighteen", "killed", None, None, "killed")]),
])
def test_what_and_whose(text, expected):
    from counterclaim.extraction.claimants import ActorResolver

    doc = parse(text)
    resolver = ActorResolver(doc)
    found = [(q.text, q.kind, q.of, q.victims, q.event) for q in find_quantities(doc, side_of=resolver.actor_id)]
    assert found == expected


@pytest.mark.parametrize("text, expected", [
    # weapons seized or captured are no casualties; people captured are
    ("The rebels said three tanks were captured from the army.", [("three", "other", 3, 3, 3)]),
    ("Several cannons were seized from the enemy.", [("Several", "other", None, 3, None)]),
    ("The army said 30 fighters were captured near the pass.", [("30", "captured", 30, 30, 30)]),
])
def test_materiel_taken_is_no_casualty(text, expected):
    assert quantities(text) == expected
