"""Geoparsing: the gazetteer's keys and index, toponyms found and resolved in real sentences, and the
founding article's places through `counterclaim.extraction.extract`."""
import pytest

from counterclaim.knowledge.gazetteer import key, load_gazetteer, skeleton
from counterclaim.nlp import parse
from counterclaim.geo.places import find_places


def places(text):
    return {p.text: p for p in find_places(parse(text))}


# -- gazetteer ---------------------------------------------------------------------------------------
def test_keys_fold_accents_case_and_dots():
    assert key("Parīān") == key("parian") == "parian"
    assert key("U.S.") == "us"
    assert key("Qarghah’ī") == "qarghahi"


def test_skeleton_joins_transliterations():
    assert skeleton("Paryan") == skeleton("Parian") == skeleton("Parīān")
    assert skeleton("Rokha") == skeleton("Rukhah")
    assert skeleton("Kabul") != skeleton("Kunar")


def test_gazetteer_knows_admin_areas_variants_and_demonyms():
    gaz = load_gazetteer()
    panjshir = [e for e, _ in gaz.lookup("Panjshir")]
    assert any(e.feature == "admin1" and e.country == "AF" for e in panjshir)
    # the Dari transliteration "Paryan" and the GeoNames "Parian" are one district of Panjshir
    paryan = [e for e, _ in gaz.lookup("Paryan") if e.feature == "admin2"]
    assert paryan and paryan[0].admin1 == "AF.42" and paryan[0].lat is not None
    assert any(e.country == "TR" and kind == 2 for e, kind in gaz.lookup("Turkish"))
    assert any(e.country == "US" for e, _ in gaz.lookup("U.S."))
    # an Arabic article may be dropped
    assert any(e.country == "SY" for e, _ in gaz.lookup("Qamishli"))
    assert gaz.lookup("Zzyzxqvillestan") == []


# -- recognition and resolution on real sentences ------------------------------------------------------
def test_district_of_province_with_spelling_variants():
    found = places("Taliban fighters entered the Paryan district of Panjshir and clashed with "
                   "resistance forces in Rokha.")
    assert found["Paryan"].feature == "admin2" and found["Paryan"].admin1 == "Panjshir"
    assert found["Panjshir"].feature == "admin1" and found["Panjshir"].country == "AF"
    assert found["Rokha"].admin1 == "Panjshir"


@pytest.mark.parametrize("province", ["Faryab", "Balkh"])
def test_district_of_province_picks_the_namesake_in_that_province(province):
    # Afghanistan has a Dawlatabad district in both Faryab and Balkh
    found = places(f"Fighting was reported in the Dawlatabad district of {province} on Monday.")
    assert found["Dawlatabad"].feature == "admin2" and found["Dawlatabad"].admin1 == province
    assert found[province].feature == "admin1"


def test_district_missing_from_the_gazetteer_stays_in_its_province():
    # GeoNames splits Kapisa's Kohistan in two; the Kohistan of Badakhshan must not be taken instead
    kohistan = places("The Taliban captured the Kohistan district of Kapisa province.")["Kohistan"]
    assert kohistan.admin1 == "Kapisa" and kohistan.precision == 2


def test_spelling_the_gazetteer_lacks_is_matched_in_the_articles_country():
    found = places("Afghan officials said fighting continued in Panjsher province and in Andarab.")
    assert found["Panjsher"].name == "Panjshir" and found["Panjsher"].feature == "admin1"
    assert found["Andarab"].admin1 == "Baghlan"


def test_syria_demonyms_and_untagged_town():
    found = places("Turkish forces shelled Qamishli in northeastern Syria on Tuesday, a Kurdish militia "
                   "spokesman said.")
    assert found["Turkish"].country == "TR"
    assert found["Qamishli"].country == "SY" and found["Qamishli"].feature == "populated place"
    assert found["Qamishli"].precision == 1
    assert found["Syria"].feature == "country" and found["Syria"].precision == 3


def test_ukraine_near_a_city_is_precision_two():
    found = places("Fighting continued near Kharkiv and in the Donetsk region of Ukraine, Russian officials said.")
    assert found["Kharkiv"].country == "UA" and found["Kharkiv"].precision == 2
    assert found["Donetsk"].country == "UA"
    assert found["Ukraine"].feature == "country"


def test_mali_names_tagged_as_people():
    # the small model tags both names PERSON; the gazetteer and "X, Y" containment recover them
    found = places("Militants attacked an army checkpoint in Gao, Mali, on Sunday.")
    assert found["Gao"].country == "ML" and found["Gao"].feature == "populated place"
    assert found["Mali"].feature == "country"


def test_philippines_town_in_province():
    found = places("The army said it had retaken Marawi in Lanao del Sur province.")
    assert found["Marawi"].country == "PH"
    assert found["Lanao del Sur"].feature == "admin2"


def test_regions_named_with_a_compass_word_or_their_admin_noun():
    # GeoNames says "Northern Darfur"; the tagger calls "Donetsk Oblast" a product
    found = places("The army said the militia attacked El Fasher in North Darfur on Monday.")
    assert found["North Darfur"].feature == "admin1" and found["North Darfur"].country == "SD"
    found = places("Ukraine said Russian forces shelled towns across Donetsk Oblast overnight.")
    region = found["Donetsk"]
    assert (region.country, region.feature) == ("UA", "admin1")
    # a compass word before a name that is no admin area finds nothing new
    assert load_gazetteer().lookup("Northern Kabul") == []


def test_a_persons_first_name_is_no_place_of_its_namesake():
    found = places("Patrick Wintour, the diplomatic editor, said Russia attacked Kharkiv.")
    assert "Patrick" not in found and found["Russia"].country == "RU"


@pytest.mark.parametrize("town", ["Vuhledar", "Kreminna"])
def test_the_town_of_x_is_a_place_though_the_tagger_made_x_part_of_a_name(town):
    # the tagger reads "Capturing Vuhledar" as a person's name; "the town of Vuhledar" says place
    found = places(f"Moscow's claims that its forces have taken the town of {town} in eastern Ukraine are "
                   f"not true, an official said.\n\nCapturing {town} would allow Russian forces to turn "
                   f"their focus on nearby Bakhmut.")
    assert found[town].country == "UA"


def test_a_headline_place_does_not_take_the_line_break_with_it():
    text = "ISW: Russian troops' likely capture of the town will not lead to encirclement of Bakhmut\n\nThe army said."
    found = {p.text: p for p in find_places(parse(text))}
    assert "Bakhmut" in found and found["Bakhmut"].span[1] == text.index("\n")


def test_a_gerund_opening_a_sentence_makes_no_persons_name():
    # the tagger reads "Capturing Vuhledar" as a person; Vuhledar stays a place in the headline too
    text = ("Ukraine denies Russia's claim it has captured Vuhledar\n\nMoscow's claims that its forces have taken "
            "the town of Vuhledar are not true, an official said.\n\nCapturing Vuhledar would allow Russian "
            "forces to turn their focus on nearby Bakhmut.")
    found = [p for p in find_places(parse(text)) if p.text == "Vuhledar"]
    assert found and found[0].span == (46, 54) and all(p.country == "UA" for p in found)


def test_myanmar_cities_not_their_regions():
    found = places("Protesters gathered in Mandalay and Yangon despite the curfew.")
    assert found["Mandalay"].feature == found["Yangon"].feature == "populated place"
    assert {p.country for p in found.values()} == {"MM"}


def test_context_picks_the_right_paris():
    assert places("The flood hit Paris, Texas, on Monday.")["Paris"].admin1 == "Texas"
    assert places("The summit opened in Paris on Monday.")["Paris"].country == "FR"
    edmonton = places("Residents of Edmonton, Alberta, were told to stay indoors.")["Edmonton"]
    assert edmonton.country == "CA" and abs(edmonton.lat - 53.55) < 0.5


def test_part_of_a_place_and_of_a_country():
    found = places("Clashes were reported in northern Syria and in central Panjshir.")
    assert found["Panjshir"].precision == 2
    assert found["Syria"].precision == 3  # part of a country is still larger than a province


def test_unresolvable_name_is_kept_and_drops_nothing():
    found = places("The convoy travelled from Kabul to Qarzabadistan before dawn.")
    unknown = found["Qarzabadistan"]
    assert unknown.span == (35, 48)
    assert unknown.id is unknown.lat is unknown.country is unknown.precision is None
    assert found["Kabul"].country == "AF" and found["Kabul"].feature == "populated place"


def test_people_and_titles_are_not_places():
    found = places("Mr Modi met Sen. Kelly and the Ministry of Commerce in Delhi.")
    assert "Mr" not in found and "Sen." not in found and "Commerce" not in found and "Kelly" not in found
    assert found["Delhi"].country == "IN"


def test_a_persons_surname_is_not_a_place():
    found = places("Hillary Clinton campaigned in Ohio on Monday. Later, Clinton flew to Chicago.")
    assert "Clinton" not in found
    assert found["Ohio"].feature == "admin1" and found["Chicago"].country == "US"


# -- the founding article ---------------------------------------------------------------------------------
def _at(founding, phrase, name):
    """The place `name` inside the first occurrence of `phrase` in the founding article."""
    text = founding["_text"]
    start = text.index(phrase)
    return next(p for p in founding["document"]["places"]
                if p["text"] == name and start <= p["span"][0] < start + len(phrase))


@pytest.fixture(scope="module")
def article(shared, founding):
    return {**founding, "_text": (shared / "fixtures" / "panjshir-2021-09.txt").read_text(encoding="utf-8")}


def test_founding_article_places(article):
    panjshir = _at(article, "Panjshir province", "Panjshir")
    assert (panjshir["feature"], panjshir["country"], panjshir["precision"]) == ("admin1", "AF", 3)
    parian = _at(article, "the Parian district of Panjshir", "Parian")
    assert parian["feature"] == "admin2" and parian["admin1"] == "Panjshir" and parian["country"] == "AF"
    assert 35 < parian["lat"] < 36 and 69.5 < parian["lon"] < 70.5
    andarab = _at(article, "Panjshir and Andarab", "Andarab")
    assert andarab["feature"] == "admin2" and andarab["admin1"] == "Baghlan"
    assert _at(article, "central Panjshir", "Panjshir")["precision"] == 2
    assert _at(article, "the central bazaar of Panjshir", "Panjshir")["precision"] == 2
    for p in article["document"]["places"]:
        assert article["_text"][p["span"][0]:p["span"][1]] == p["text"]


def test_founding_claims_carry_resolved_places(article):
    recapture = [c for c in article["claims"] if c["type"] == "territory_recapture"][0]
    parian = next(p for p in recapture["places"] if p["text"] == "Parian")
    assert parian["id"] and parian["admin1"] == "Panjshir"


def test_an_armed_group_named_like_a_town_is_no_place(shared):
    """"Wagner" is the Wagner Group (an alias of the actor knowledge base), not Wagner in Bahia,
    Brazil, in every article of a war where it fights; the towns it fights for are still places."""
    import counterclaim

    folder = shared / "data" / "ledger" / "soledar-2023-01" / "articles"
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    places = [p for path in sorted(folder.glob("*.txt"))
              for p in counterclaim.extract(path.read_text(encoding="utf-8"), published="2023-01-12").places]
    assert not [p for p in places if p.text == "Wagner"]
    assert any(p.text == "Soledar" and p.country == "UA" for p in places)
    assert any(p.text == "Bakhmut" and p.country == "UA" for p in places)


def test_a_name_is_the_place_the_text_calls_by_another_spelling():
    """One sense per document reaches the gazetteer's name: the text's "Shushi" is Shusha, so
    "Shusha", which the tagger reads as a person, is that town too."""
    found = places("Fighting raged near Shushi, the Armenian defence ministry said.\n\n"
                   "Aliyev said his army had taken Shusha after weeks of fighting.")
    assert found["Shushi"].name == "Shusha" and found["Shusha"].name == "Shusha"


@pytest.mark.parametrize("name, country", [("Nagorno-Karabakh", "AZ"), ("South Ossetia", "GE"),
                                           ("Somaliland", "SO"), ("Darfur", "SD")])
def test_breakaway_and_disputed_territories_are_regions_of_their_country(name, country):
    [(entry, kind)] = [(e, k) for e, k in load_gazetteer().lookup(name) if e.feature == "region"]
    assert kind == 0 and entry.country == country


def test_the_city_of_x_is_a_place_whatever_the_tagger_calls_x():
    # the tagger reads "Kramatorsk" here as a product
    found = places("Ukraine's military said 3 civilians were killed in shelling of the city of Kramatorsk on Monday.")
    assert found["Kramatorsk"].country == "UA"
