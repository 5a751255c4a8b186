"""Questions and answers: what a claim answers, and how two answers are linked (real extracted text)."""
import pytest

import counterclaim
from counterclaim.knowledge.gazetteer import key as fold
from counterclaim.ledger.linking import focus, from_json, link_claims
from counterclaim.ledger.questions import agree, place_keys


def linked(*articles):
    claims = []
    for n, (text, published) in enumerate(articles):
        doc = counterclaim.extract(text, id=f"a{n}", published=published).to_dict()
        claims += [from_json(doc["document"], c, focus(doc["document"], text)) for c in doc["claims"]]
    props, links = link_claims(claims)
    return claims, props, links


def test_a_withdrawal_agrees_with_the_other_sides_capture():
    claims, props, links = linked(
        ("Russia's defence ministry said its forces had captured the town of Soledar in Donetsk.", "2023-01-25"),
        ("Ukraine's military said its troops had withdrawn from Soledar in Donetsk.", "2023-01-25"))
    capture = next(c for c in claims if "captured" in c.text)
    withdrawal = next(c for c in claims if "withdrawn" in c.text)
    [question] = set(capture.answers) & set(withdrawal.answers)
    assert withdrawal.answers[question].label == "not ukraine"
    assert agree(capture.answers[question].value, withdrawal.answers[question].value) is True
    found = [l for l in links if {l.claim, l.other} == {capture.key, withdrawal.key}]
    assert [l.kind for l in found] == ["corroborates"]
    prop = next(p for p in props if capture.key in p.claims)
    assert prop.status == "corroborated" and prop.question == "Who controls Soledar?"


def test_different_controllers_contradict_and_show_both_answers():
    _, props, links = linked(
        ("The Taliban said on Monday they had captured the Paryan district of Panjshir.", "2021-09-06"),
        ("The resistance front said on Monday its fighters still control Paryan district in Panjshir.", "2021-09-06"))
    contra = [l for l in links if l.kind == "contradicts"]
    assert contra and contra[0].reason["compared"] in ("controller: taliban vs nrf", "controller: nrf vs taliban")
    assert any(p.status == "contested" for p in props)


def test_casualty_figures_are_kept_apart_by_victims_and_compared_by_range():
    claims, props, links = linked(
        ("The resistance said it had killed 600 Taliban fighters in Panjshir.", "2021-09-05"),
        ("A Taliban spokesman said 34 resistance fighters were killed in Panjshir.", "2021-09-05"),
        ("A local official said 1,000 Taliban fighters were killed in Panjshir.", "2021-09-05"))
    questions = {q for c in claims for q in c.answers if q.startswith("casualties|killed|")}
    assert {q.split("|")[2] for q in questions} == {"taliban", "nrf"}
    text = {c.key: c.text for c in claims}
    thirty_four = [l for l in links if any("34" in text[k] for k in (l.claim, l.other))]
    assert not thirty_four, "34 resistance dead answer another question than the Taliban dead"
    contra = [l for l in links if l.kind == "contradicts"]
    assert contra and contra[0].reason["compared"].startswith("killed, taliban:")
    prop = next(p for p in props if p.casualties and p.casualties["killed"]["victims"] == "taliban")
    killed = prop.casualties["killed"]
    assert (killed["low"], killed["high"], killed["conservative"], killed["disputed"]) == (600, 1000, 600, True)


def test_figures_within_the_factor_agree():
    assert agree((500.0, 500.0), (600.0, 600.0)) is True           # 600 is within 1.5 x 500
    assert agree((34.0, 34.0), (1000.0, 1000.0)) is False
    assert agree((100.0, float("inf")), (22.0, 22.0)) is False      # "at least 100" against 22
    assert agree(("not", "ukraine"), "russia") is True
    assert agree(("not", "ukraine"), "ukraine") is False
    assert agree("taliban", None) is None


def test_place_names_are_folded_before_keys_are_made():
    assert fold("Parīān\n\n") == fold("parian") == "parian"
    assert fold("Ma’rib") == "marib"
    a = place_keys({"text": "Parīān\n", "country": "AF", "admin1": "Panjshir", "admin2": "Parīān", "feature": "admin2"})
    b = place_keys({"text": "Parian", "country": "AF", "admin1": "Panjshir ", "admin2": "Parian", "feature": "admin2"})
    assert a == b


def test_a_demonym_or_a_capitals_possessive_is_not_what_a_claim_is_about():
    text = "Kyiv said Russian forces had failed to take the town of Soledar, denying Moscow's claims."
    doc = counterclaim.extract(text, id="x", published="2023-01-13").to_dict()
    claims = [from_json(doc["document"], c, focus(doc["document"], text)) for c in doc["claims"]]
    asked = {a.question for c in claims for a in c.answers.values()}
    assert asked == {"Who controls Soledar?"}, asked
    # nor is the capital the article's main place, for claims that name no place of their own
    assert [p["name"] for p in focus(doc["document"], text)] == ["Soledar"]


def test_an_unnamed_speaker_is_no_second_source():
    """A party's toll and the same toll from speakers nobody names ("officials said") is one known
    source: the proposition stays uncorroborated, and the unnamed words count under "unknown"."""
    claims, props, _ = linked(
        ("Ukraine's military said on Tuesday that 300 soldiers were killed in Vuhledar.", "2023-02-07"),
        ("Officials said on Tuesday that 300 soldiers were killed in Vuhledar.", "2023-02-07"))
    toll = next(p for p in props if len(p.claims) == 2)
    assert "Officials" not in toll.sources and toll.sources.get("unknown") == 1
    assert toll.status == "uncorroborated"


def test_an_unattributed_report_of_a_partys_answer_echoes_it():
    """Words nobody is named for that give a party's answer report it; they corroborate nothing."""
    claims, props, links = linked(
        ("Ukraine's military said on Tuesday its forces had withdrawn from the town of Bakhmut.", "2023-09-19"),
        ("It was claimed that Ukrainian forces had withdrawn from the town of Bakhmut on Tuesday.", "2023-09-19"))
    headline = next(c for c in claims if c.unattributed)
    found = {l.kind for l in links if headline.key in (l.claim, l.other)}
    assert found and "corroborates" not in found and "reports" in found


def test_a_denial_of_attacking_civilians_denies_only_claims_about_civilians():
    claims, props, links = linked(
        ("Ukraine's military said Russian forces attacked positions near Vuhledar on Monday.", "2023-02-06"),
        ("Ukraine's military said Russian shelling hit residential areas of Vuhledar on Monday.", "2023-02-06"),
        ("Russia's defence ministry denied shelling civilian areas in Vuhledar on Monday.", "2023-02-06"))
    denial = next(c for c in claims if c.polarity == "deny")
    fighting = next(c for c in claims if "positions" in c.text)
    shelling = next(c for c in claims if "residential" in c.text)
    assert [a.question for a in denial.answers.values()] == ["Were civilians or civilian areas attacked in Donetsk?"]
    denied = {l.claim if l.other == denial.key else l.other for l in links if denial.key in (l.claim, l.other)}
    assert shelling.key in denied and fighting.key not in denied


@pytest.mark.parametrize("release", ["its forces remained outside the town of Bakhmut on Sunday",
                                     "its forces no longer hold positions in the town of Bakhmut",
                                     "its forces had lost control of the town of Bakhmut",
                                     "the town of Bakhmut was now out of Ukrainian control"])
def test_forces_that_remained_outside_a_town_do_not_hold_it(release):
    claims, props, links = linked(
        ("Russia's defence ministry said its forces had captured the town of Bakhmut.", "2023-05-21"),
        (f"Ukraine's military said {release}.", "2023-05-21"))
    outside = next(c for c in claims if "Ukraine" in c.text or c.side == "ukraine")
    [answer] = [a for a in outside.answers.values() if a.key.startswith("territory")]
    assert answer.label == "not ukraine"
    assert not [l for l in links if l.kind in ("contradicts", "denies")]


def test_each_sides_seizures_are_questions_of_their_own():
    """One side's seizure of the other's weapons and the other's seizure of the first's do not
    corroborate each other."""
    claims, props, links = linked(
        ("Russia's defence ministry said its forces had seized Ukrainian tanks and artillery near Bakhmut.",
         "2023-05-21"),
        ("Ukraine's military said its forces had seized Russian tanks and artillery near Bakhmut.", "2023-05-21"))
    asked = [sorted(a.question for a in c.answers.values()) for c in claims]
    assert asked[0] != asked[1] and all("(by " in q for qs in asked for q in qs if q.startswith("Was materiel"))
    assert not links


@pytest.mark.parametrize("refused", [
    "An army spokesman said on Sunday it had rejected the rebels' ceasefire proposal for Marib.",
    # the refusal's own cue says it refuses: its words are only what is refused
    "The army on Sunday turned down the rebels' proposal of a ceasefire in Marib, Al Jazeera reported.",
])
def test_a_refusal_of_talks_is_not_the_offer_it_refuses(refused):
    claims, props, links = linked(
        ("The rebels said on Sunday they were ready for a ceasefire in Marib if the army withdrew.", "2021-09-05"),
        (refused, "2021-09-05"))
    offer = next(c for c in claims if "ready" in c.text)
    refusal = next(c for c in claims if c.document == "a1")
    assert not set(offer.answers) & set(refusal.answers)
    assert any("refused" in a.question for a in refusal.answers.values())
    offered = next(p for p in props if offer.key in p.claims)
    assert offered.status == "uncorroborated" and refusal.key not in offered.claims


def test_reference_points_and_capitals_standing_for_a_party_are_not_what_a_claim_is_about():
    claims, _, _ = linked(
        ("The army said its forces had taken the town of Saraqib, a victory for Damascus.", "2020-03-01"),
        ("Officials said the rebels had taken Jalalabad, 150 km east of Kabul, on Sunday.", "2021-09-05"))
    asked = {q for c in claims for q in (a.question for a in c.answers.values())}
    assert "Who controls Saraqib?" in asked and not any("Kabul" in q or "Damascus" in q for q in asked), asked


def test_a_plain_denial_gives_no_controller_of_the_deniers_party():
    # "denied the capture of X" names no holder: it denies the other side's answer, whoever denies it
    claims, props, links = linked(
        ("The Islamic Emirate claimed that the Shutul district of Panjshir was taken over by them.", "2021-09-06"),
        ("Fahim Dashti, a spokesman for the National Resistance Front, denied the capture of Shutul district.", "2021-09-06"))
    claim = next(c for c in claims if c.polarity == "assert")
    denial = next(c for c in claims if c.polarity == "deny")
    assert any(a.label == "unread" for a in denial.answers.values())
    prop = next(p for p in props if claim.key in p.claims)
    assert denial.key in prop.claims and prop.status == "denied"
    assert any(l.kind == "denies" and {l.claim, l.other} == {claim.key, denial.key} for l in links)


def test_a_claim_that_says_no_denies_one_that_says_yes():
    """Saying it did not happen gives no rival answer: it denies, and the proposition is denied."""
    claims, props, links = linked(
        ("Wagner's chief said on Wednesday a cauldron had formed around Ukrainian troops in Marinka.", "2023-01-11"),
        ("Ukraine's military said on Wednesday its forces had at no point been surrounded in Marinka.", "2023-01-11"))
    yes = next(c for c in claims if "cauldron" in c.text)
    no = next(c for c in claims if "no point" in c.text)
    question = next(iter(set(yes.answers) & set(no.answers)))
    assert "encircled" in yes.answers[question].question and no.answers[question].label == "no"
    assert [(l.kind, l.claim) for l in links if {l.claim, l.other} == {yes.key, no.key}] == [("denies", no.key)]
    assert next(p for p in props if yes.key in p.claims).status == "denied"


def test_a_denial_answers_claims_made_before_it_not_later_ones():
    """A denial on Monday cannot deny a claim first made on Tuesday (other articles); one made the
    same day or before it, it does."""
    claims, props, links = linked(
        ("Rebel commanders said on Monday they had captured the town of Kidal in Mali.", "2023-11-13"),
        ("The army denied on Monday that rebels had captured Kidal in Mali.", "2023-11-13"),
        ("Rebel spokesmen said on Tuesday they held the town of Kidal in Mali.", "2023-11-14"))
    denial = next(c for c in claims if c.polarity == "deny")
    monday = next(c for c in claims if c.polarity == "assert" and c.day == denial.day)
    tuesday = next(c for c in claims if c.polarity == "assert" and c.day != denial.day)
    denied = {l.other if l.claim == denial.key else l.claim for l in links
              if l.kind == "denies" and denial.key in (l.claim, l.other)}
    assert denied == {monday.key}, [c.text for c in claims]
    assert tuesday.key not in denied


def test_a_no_given_weeks_later_answers_the_episode_that_asked():
    """A denial two weeks on ("there was no encirclement") answers the last episode of its question
    when nothing in its own episode says yes; a yes two weeks on is an episode of its own."""
    claims, props, links = linked(
        ("Wagner's chief said on Wednesday a cauldron had formed around Ukrainian troops in Marinka.", "2023-01-11"),
        ("Ukraine's military said on Wednesday there was no encirclement of its troops in Marinka.", "2023-01-25"),
        ("Wagner's chief said on Wednesday a cauldron had formed around Ukrainian troops in Marinka.", "2023-03-01"))
    first, later = [c for c in claims if "cauldron" in c.text]
    no = next(c for c in claims if "no encirclement" in c.text)
    assert {(l.kind, l.claim, l.other) for l in links} == {("denies", no.key, first.key)}
    assert next(p for p in props if no.key in p.claims).claims == sorted([first.key, no.key])
    assert later.key not in next(p for p in props if no.key in p.claims).claims


def test_forces_advancing_on_a_town_say_nothing_of_who_holds_it():
    claims, props, links = linked(
        ("Russia's defence ministry said its forces made advances into the town of Vuhledar.", "2023-02-06"),
        ("Ukraine's military said its troops still hold the town of Vuhledar.", "2023-02-06"))
    advance = next(c for c in claims if "advances" in c.text)
    hold = next(c for c in claims if "hold" in c.text)
    assert [a.question for a in advance.answers.values()] == ["Are forces advancing on Vuhledar?"]
    assert not set(advance.answers) & set(hold.answers) and not links


def test_an_attempt_on_a_town_says_nothing_of_who_holds_it():
    """'the enemy's efforts to penetrate the town were thwarted', said on the day the other side
    claims to hold it: an attempt, not a rival controller."""
    claims, props, links = linked(
        ("Ukraine's military said the Russian troops' efforts to penetrate the town of Vuhledar were thwarted.",
         "2023-02-06"),
        ("Russia's defence ministry said its forces controlled the town of Vuhledar.", "2023-02-06"))
    attempt = next(c for c in claims if "thwarted" in c.text)
    assert [a.question for a in attempt.answers.values()] == ["Are forces advancing on Vuhledar?"], attempt.answers
    assert not [l for l in links if l.kind == "contradicts"]



def test_an_attempt_by_named_forces_is_an_attempt_too():
    claims, _, links = linked(
        ("The army said efforts by rebel units to break into the town of Gori were thwarted on Monday.",
         "2008-08-11"),
        ("The rebels said their units had taken the town of Gori on Monday.", "2008-08-11"))
    attempt = next(c for c in claims if "thwarted" in c.text)
    assert [a.question for a in attempt.answers.values()] == ["Are forces advancing on Gori?"], attempt.answers
    assert not [l for l in links if l.kind == "contradicts"]


def test_a_town_named_like_its_province_is_the_province_where_a_claim_takes_its_articles_place():
    """A claim that names only a capital acting ("Baku's army") is about its article's main place;
    a town named like its province, in any spelling, is that province there as where a claim names
    it ("Shushi" is Shusha, the town, in Shusha district)."""
    claims, _, _ = linked(
        ("Fighting raged near Shushi, the Armenian defence ministry said.\n\n"
         "Azerbaijan's president said Baku's army had captured it.", "2020-11-08"))
    taken = next(c for c in claims if "captured it" in c.text)
    assert [a.question for a in taken.answers.values() if a.key.startswith("territory")] == ["Who controls Shusha?"]
    assert all(k.startswith("territory|admin1:") for k in taken.answers if k.startswith("territory"))


def test_a_running_total_is_not_one_events_toll():
    """"The war has killed 450 civilians since February" does not corroborate or contradict "3
    civilians were killed in shelling on Monday": a total is a question of its own."""
    claims, props, links = linked(
        ("Ukraine's military said 3 civilians were killed in shelling of the city of Kharkiv on Monday.",
         "2023-02-06"),
        ("Ukraine's health ministry said the war has killed 450 civilians in the city of Kharkiv since February.",
         "2023-02-06"))
    event = next(c for c in claims if "shelling" in c.text)
    total = next(c for c in claims if "since" in c.text)
    casualty = [a for a in total.answers.values() if a.key.startswith("casualties|")]
    assert casualty and all(a.question.endswith("in all so far?") for a in casualty)
    assert not set(event.answers) & set(total.answers)
    assert not [l for l in links if {l.claim, l.other} == {event.key, total.key}]


def test_a_government_looking_on_holds_nothing_it_speaks_of():
    """The parties to the fighting are read from the corpus (who denies whom, whom another side
    names as the doer): a foreign government hailing a capture gives no controller of its own, so
    it contradicts neither side; a party's own "we took it" still answers."""
    claims, props, links = linked(
        ("Azerbaijan's president said on Sunday that his forces had captured the town of Shusha. "
         "Armenia's defence ministry denied the claim, saying fighting continued.", "2020-11-08"),
        ("Turkey's foreign minister said on Sunday that the town of Shusha in Nagorno-Karabakh had been liberated.",
         "2020-11-08"))
    hailing = next(c for c in claims if "liberated" in c.text)
    capture = next(c for c in claims if "captured" in c.text and c.polarity == "assert")
    assert hailing.bystander and not capture.bystander
    assert all(a.label == "unread" for a in hailing.answers.values())
    assert any(a.label == "azerbaijan" for a in capture.answers.values())
    assert not [l for l in links if l.kind == "contradicts" and hailing.key in (l.claim, l.other)]


def test_a_speaker_hailing_a_capture_is_not_its_doer():
    claim = counterclaim.extract("Turkey congratulates Azerbaijan over Shusha's liberation, officials said.",
                                 published="2020-11-08").claims[0]
    assert claim.agent is None or claim.agent.text != "Turkey"


def test_a_place_held_one_day_and_taken_on_a_later_one_changed_hands():
    """The Houthis holding Harib on Monday and the army capturing it on Wednesday can both be true:
    no contradiction. Said the same day, they contradict."""
    held = "A Houthi spokesman said on {} that Houthi fighters held the town of Harib in Marib province."
    taken = "The Yemeni army said on Wednesday that it had captured the town of Harib in Marib province."
    claims, props, links = linked((held.format("Monday"), "2021-09-20"), (taken, "2021-09-22"))
    assert not [l for l in links if l.kind == "contradicts"], [(l.kind, l.reason.get("compared")) for l in links]
    claims, props, links = linked((held.format("Wednesday"), "2021-09-22"), (taken, "2021-09-22"))
    assert [l.kind for l in links] == ["contradicts"], [(c.text, c.side) for c in claims]


def test_a_denial_of_a_claim_its_article_names_is_linked_to_that_claim_only():
    """'The army denied the claim': it rejects the claim its article names; another article's
    claim of the same capture is in the proposition, linked to that claim, not to the denial."""
    claims, props, links = linked(
        ("Houthi fighters captured the town of Harib in Marib province on Monday, the group's spokesman "
         "said. The Yemeni army denied the claim.", "2021-09-20"),
        ("A Houthi military spokesman said on Monday that the group held the town of Harib in Marib province.",
         "2021-09-20"))
    denial = next(c for c in claims if c.polarity == "deny")
    target = next(c for c in claims if c.document == denial.document and c.local_id in denial.denies)
    other = next(c for c in claims if c.document != denial.document)
    assert {(l.claim, l.other) for l in links if denial.key in (l.claim, l.other)} == {(denial.key, target.key)}
    prop = next(p for p in props if denial.key in p.claims)
    assert {target.key, other.key} <= set(prop.claims) and prop.status == "denied"


def test_a_claim_about_the_whole_country_is_not_about_its_articles_main_place():
    claims, _, links = linked((
        "The Houthis said on Monday they had captured the city of Marib. Fighting in Marib province went on "
        "for weeks. The president said he had left the country to prevent bloodshed.", "2021-03-01"))
    capture = next(c for c in claims if "captured" in c.text)
    left = next(c for c in claims if "left the country" in c.text)
    assert left.answers and all(q.endswith("|country:YE") for q in left.answers if q.startswith("territory"))
    assert not set(left.answers) & set(capture.answers)
    assert not [l for l in links if {l.claim, l.other} == {capture.key, left.key}]


def test_a_claim_naming_the_country_and_a_smaller_area_keeps_the_articles_place():
    claims, _, _ = linked((
        "Fighting in Marib province went on for weeks. The Houthis said they had taken control of the "
        "province, which the country had lost.", "2021-03-01"))
    taken = next(c for c in claims if "taken control" in c.text)
    assert taken.answers and not any(q.endswith("|country:YE") for q in taken.answers)


def test_what_holding_a_place_makes_possible_is_a_question_of_its_own():
    claims, _, links = linked(
        ("The army said on Monday that control over Marib would allow its forces to cut off the "
         "supply routes of the Houthis to Sanaa.", "2021-03-01"),
        ("The Houthis said on Monday that their fighters still control Marib.", "2021-03-01"))
    enables = next(c for c in claims if "allow" in c.text)
    holds = next(c for c in claims if "still control" in c.text)
    assert [a.question for a in enables.answers.values()] == ["What would control of Ma'rib make possible?"]
    assert not set(enables.answers) & set(holds.answers)
    assert not [l for l in links if {l.claim, l.other} == {enables.key, holds.key}]


def test_a_claim_about_a_provinces_districts_asks_who_holds_its_districts():
    claims, _, links = linked(
        ("The Houthis said on Monday they control four districts of Marib province.", "2021-03-01"),
        ("The Houthis said on Monday they had captured Marib province.", "2021-03-01"),
        ("The Houthis said on Monday their forces had entered the provincial capital of Marib.", "2021-03-01"))
    districts = next(c for c in claims if "four districts" in c.text)
    province = next(c for c in claims if "captured Marib" in c.text)
    assert [a.question for a in districts.answers.values()] == ["Who controls the districts of Ma’rib?"]
    assert [a.question for a in province.answers.values()] == ["Who controls Ma’rib?"]
    assert not [l for l in links if {l.claim, l.other} == {districts.key, province.key}]
    capital = next(c for c in claims if "provincial capital" in c.text)
    assert set(capital.answers) == set(districts.answers)


def test_a_negated_word_of_a_narrower_question_answers_no():
    claims, props, links = linked(
        ("The Houthis said on Monday that control over Marib would allow their forces to cut off the "
         "supply routes to Sanaa.", "2021-03-01"),
        ("Analysts at a think tank said on Monday that the evidence shows that control over Marib will not "
         "enable the Houthis to cut off the supply routes to Sanaa.", "2021-03-01"),
        ("Other analysts said on Monday that control over Marib is unlikely to enable the Houthis to cut "
         "off the supply routes.", "2021-03-01"))
    enables = next(c for c in claims if "would allow" in c.text)
    doubt = next(c for c in claims if "will not enable" in c.text)
    unlikely = next(c for c in claims if "unlikely" in c.text)
    assert [a.value for a in unlikely.answers.values()] == ["no"]
    [question] = set(enables.answers) & set(doubt.answers)
    assert doubt.answers[question].value == "no" and enables.answers[question].value == "houthis"
    assert [l.kind for l in links if {l.claim, l.other} == {enables.key, doubt.key}] == ["denies"]


def test_a_call_for_a_truce_does_not_corroborate_a_partys_offer():
    claims, props, links = linked(
        ("The rebels said on Monday they were ready to agree a ceasefire in Marib if the army withdrew.",
         "2021-03-01"),
        ("Religious leaders asked both sides on Monday to halt the conflict in Marib and hold talks.",
         "2021-03-01"))
    offer = next(c for c in claims if "ceasefire" in c.text)
    call = next(c for c in claims if "halt" in c.text)
    assert call.family == "negotiation" and offer.family == "negotiation"
    assert not set(call.answers) & set(offer.answers)
    assert not [l for l in links if {l.claim, l.other} == {offer.key, call.key}]


def test_casualties_with_no_figure_and_no_victims_corroborate_nothing():
    claims, _, links = linked(
        ("The rebels said on Monday that some people were killed in the fighting in Marib.", "2021-03-01"),
        ("The army said on Monday that people had been killed in the shelling in Marib.", "2021-03-01"))
    rebels = next(c for c in claims if "some people" in c.text)
    army = next(c for c in claims if "shelling" in c.text)
    assert set(rebels.answers) & set(army.answers)
    assert not [l for l in links if {l.claim, l.other} == {rebels.key, army.key}]


def test_named_districts_of_a_province_join_the_question_of_its_districts():
    claims, _, _ = linked(
        ("The Houthis said on Monday they control four districts of Marib province.", "2021-03-01"),
        ("The Houthis said on Monday they had captured the Harib and Mahliyah districts of Marib.", "2021-03-01"))
    four = next(c for c in claims if "four districts" in c.text)
    named = next(c for c in claims if "Harib" in c.text)
    assert set(four.answers) == set(named.answers), (four.answers, named.answers)


def test_a_toll_of_the_whole_conflict_is_another_question_than_one_nights():
    claims, _, links = linked(
        ("The rescue service said on Friday that the shelling of Marib killed three civilians.", "2021-03-05"),
        ("Several thousand civilians are feared killed in Marib in the latest flare-up of the conflict, the UN "
         "said on Friday.", "2021-03-05"))
    night = next(c for c in claims if "three" in c.text)
    total = next(c for c in claims if "thousand" in c.text)
    assert night.answers and total.answers
    assert not set(night.answers) & set(total.answers), (night.answers, total.answers)
    assert not [l for l in links if {l.claim, l.other} == {night.key, total.key}]


def test_a_sides_own_people_taken_prisoner_were_taken_by_the_other_side():
    """"No Yemeni soldiers were taken prisoner", said by Yemen's army, answers whether the Houthis took
    prisoners (the fighting's other party), and denies the Houthis' claim to have taken them."""
    claims, props, links = linked(
        ("A Houthi spokesman said on Monday that the names of the prisoners taken in Harib would be published "
         "on Tuesday.", "2021-09-20"),
        ("The Yemeni army denied on Wednesday that the Houthis had captured Harib. Its spokesman said that no "
         "Yemeni soldiers had been taken prisoner in Harib.", "2021-09-22"))
    taken = next(c for c in claims if "names of the prisoners" in c.text)
    no = next(c for c in claims if "no Yemeni soldiers" in c.text)
    assert taken.family == no.family == "detention" and no.agent == taken.agent == "houthis"
    assert ("denies", no.key, taken.key) in {(l.kind, l.claim, l.other) for l in links}


def test_talks_and_ceasefires_are_asked_per_country_and_peaceful_residents_are_civilians():
    claims, props, links = linked(
        ("The Houthis said on Monday they had agreed to a ceasefire in Hodeidah.", "2021-09-20"),
        ("Yemen's government said on Monday a ceasefire had been agreed in Marib.", "2021-09-20"),
        ("The ministry said on Monday the Houthis had shelled peaceful residents of Marib.", "2021-09-20"))
    hodeidah, marib, shelled = claims
    assert set(hodeidah.answers) == set(marib.answers)
    assert ("corroborates", hodeidah.key, marib.key) in {(l.kind, l.claim, l.other) for l in links}
    assert all("civilians" in q for q in shelled.answers if q.startswith("violence"))


def test_an_organ_of_a_sides_own_forces_taken_prisoner_is_its_own_people():
    from dataclasses import dataclass

    from counterclaim.ledger.parties import mark_bystanders

    @dataclass
    class Claim:
        family: str
        side: str | None
        target: str | None
        named_doer: str | None = None
        agent: str | None = None
        bystander: bool = False

    own = Claim("detention", "eritrea", "eritrea-armed-forces", agent="eritrea")
    theirs = Claim("detention", "eritrea", "ethiopia", agent="eritrea")
    three = Claim("detention", "eritrea", "eritrea", agent="eritrea")
    mark_bystanders([own, theirs], frozenset({"eritrea", "ethiopia"}))
    mark_bystanders([three], frozenset({"eritrea", "ethiopia", "tplf"}))
    assert (own.agent, theirs.agent, three.agent) == ("ethiopia", "eritrea", "eritrea")


def test_a_question_about_a_country_names_the_country_not_its_code():
    claims, props, links = linked(
        ("The Houthis said on Monday they had agreed to a ceasefire in Hodeidah.", "2021-09-20"))
    assert [a.question for a in claims[0].answers.values()] == ["Were talks or a ceasefire offered or agreed over Yemen?"]
