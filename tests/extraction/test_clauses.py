"""Clauses inside a claim's words: "said A, and that B", claims named in a relative clause, clauses
that only locate a place, and the kinds of event such clauses hold. Sentences written for these
tests."""
import counterclaim


def claims(text, published="2021-09-20"):
    return [c for c in counterclaim.extract(text, published=published).claims if c.mode != "narrative"]


def test_a_second_that_about_another_kind_of_event_is_a_claim_of_its_own():
    found = claims("Colonel Ahmed Saleh said government troops were never encircled near Marib, and that none "
                   "of his soldiers had been detained.")
    assert [c.text for c in found] == [
        "government troops were never encircled near Marib",
        "that none of his soldiers had been detained"], [c.text for c in found]
    surrounded, prisoners = found
    assert (surrounded.family, prisoners.family) == ("territory", "detention")
    assert prisoners.claimant.text == surrounded.claimant.text == "Colonel Ahmed Saleh"
    assert prisoners.cue is not None and prisoners.cue.text == "said"


def test_a_denial_of_two_things_denies_each():
    found = claims("The ministry denied that its forces had left Harib and that any soldiers had been killed.")
    assert [(c.text, c.polarity) for c in found] == [("that its forces had left Harib", "deny"),
                                                     ("that any soldiers had been killed", "deny")]


def test_a_second_that_about_the_same_kind_of_event_stays_one_claim():
    found = claims("The army said its troops had taken Harib and that they had entered Mahliyah.")
    assert [c.text for c in found] == ["its troops had taken Harib and that they had entered Mahliyah"]


def test_prisoners_of_war_and_prisoners_taken_are_detention_convicts_are_not():
    assert claims("The army said no prisoners of war had been taken.")[0].family == "detention"
    assert claims("The ministry said the prisoners of war were moved to Sanaa.")[0].family == "detention"
    assert claims("The ministry said the number of POWs had risen to 40.")[0].family == "detention"
    assert claims("The army said it took 40 prisoners near Marib.")[0].family == "detention"
    assert claims("The ministry said prisoners recruited by the group suffered heavy losses.")[0].family \
        != "detention"


PHOTO = "The army said that a photo that local media said was taken in Harib had been taken in Sanaa."


def test_media_speaking_inside_a_speakers_words_relay_none_of_them():
    found = claims(PHOTO)
    outer = next(c for c in found if c.claimant.text == "The army")
    inner = next(c for c in found if c.claimant.text == "local media")
    assert outer.text.endswith("had been taken in Sanaa") and outer.via == []
    assert inner.text.endswith("was taken in Harib")
    # a photo taken in a town is no capture of it
    assert inner.family == "statement" and outer.family == "statement"


def test_saying_otherwise_of_a_claim_named_in_ones_own_words_gainsays_it():
    found = claims("The army said the drone that the rebels said was shot down over Hodeidah had been shot down "
                   "by its own crew.")
    outer = next(c for c in found if c.claimant.text == "The army")
    inner = next(c for c in found if c.claimant.text == "the rebels")
    assert (outer.polarity, outer.denies, outer.counter) == ("deny", [inner.id], True)
    assert inner.polarity == "assert"


def test_a_relative_clause_that_only_says_which_thing_is_meant_gainsays_nothing():
    found = claims("Residents said the town that the army said it had shelled was burning.")
    assert all(c.polarity == "assert" and not c.denies for c in found), [(c.text, c.denies) for c in found]


def test_contradicting_a_claim_denies_it_even_within_one_party():
    found = claims("The Yemeni Ministry of Defence contradicted the Yemeni commander's claim that his men alone "
                   "had retaken Harib.")
    ministry = next(c for c in found if c.claimant.text == "The Yemeni Ministry of Defence")
    commander = next(c for c in found if c is not ministry)
    assert commander.text == "that his men alone had retaken Harib"
    assert (ministry.polarity, ministry.denies) == ("deny", [commander.id])


def test_who_does_it_in_a_relative_clause_is_the_noun_who_stands_for():
    found = claims("The Eritrean minister said his country welcomed the victory of the Ethiopian people, who have "
                   "been retaking the towns of the north.")
    assert found[0].agent is not None and found[0].agent.text == "the Ethiopian people"


def test_prisoners_with_no_other_event_word_are_people_held_losses_among_them_are_casualties():
    assert claims("The commander said the names of the prisoners would be published on Monday.")[0].family \
        == "detention"
    assert claims("The ministry said prisoners recruited by the group suffered heavy losses.")[0].family \
        == "casualties"


def test_places_named_only_to_locate_another_are_not_what_a_claim_is_about():
    village, harib = claims(
        "Yemen's president declared on Sunday that the Houthis were in control of the mountain village lying "
        "20 kilometres west of Marib, near the highway from Marib to Sanaa.\n\n"
        "The army said on Sunday the Houthis had taken Harib, which sits on a hill above the city of Marib.")
    # the village it names by a noun only: its article's main place, in the ledger; "lying" there
    # is where it lies, no lie told
    assert village.places == [] and village.polarity == "assert"
    assert [p.text for p in harib.places] == ["Harib"]
    near = claims("The army said on Sunday the Houthis had taken the town near Marib.")[0]
    assert [p.text for p in near.places] == ["Marib"]


def test_peaceful_settlements_are_villages_not_a_peace_settlement():
    shelled = claims("The ministry said the Houthis had shelled villages and settlements near Marib.")[0]
    assert shelled.family == "violence"
    assert claims("The ministry said the Houthis had agreed a peace settlement in Marib.")[0].family == "negotiation"


def test_denying_claims_is_no_denial_of_responsibility_and_a_demonym_says_whose_claims():
    found = claims("The Houthis said on Monday they had captured Harib. The Saudi-led coalition said on Monday "
                   "it had struck Houthi positions near Harib. The Yemeni army denied Houthi claims.")
    captured, struck, denial = found
    assert denial.polarity == "deny" and denial.denies == [captured.id]
    assert denial.type != "responsibility_denial"


def test_an_attitude_split_in_two_is_no_claim_in_either_part():
    found = claims("The rebels hoped that the army would leave Harib and that the talks in Muscat would fail.")
    assert found == [], [c.text for c in found]


def test_a_denial_naming_only_a_claim_it_cannot_find_asks_no_question():
    """Its grounds ("saying that fighting is going on") are a claim of their own; the denial does not
    take their type, or it would deny every claim of fighting."""
    denial, grounds = claims("The Yemeni army refuted the governor's claims, saying that fighting is going on "
                             "in Marib.")
    assert (denial.text, denial.family, denial.polarity) == ("the governor's claims", "statement", "deny")
    assert grounds.family == "violence"


def test_crediting_a_deed_to_someone_is_a_claim_about_who_did_it():
    credited = claims("In its statement, the Yemeni ministry credited the capture of Harib to its paratroopers "
                      "and aviation.")[0]
    assert credited.family == "attribution" and credited.type == "responsibility_claim"


def test_talks_named_in_a_relative_clause_are_a_detail_not_the_claims_point():
    bodies = claims("The army said 30 rebel fighters were killed near Marib, whose bodies were returned through "
                    "the mediation of tribal elders.")[0]
    assert bodies.family == "casualties"
    assert claims("The ministry said talks through the mediation of Oman had begun in Muscat.")[0].family \
        == "negotiation"
