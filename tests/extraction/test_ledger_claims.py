"""What the ledger holds and how: families by meaning, denials, the ledger's scope, nested claims.

Sentences written for these tests, from several wars.
"""
import pytest

import counterclaim


def claims(text, published="2024-03-01"):
    return [c for c in counterclaim.extract(text, published=published).claims if c.mode != "narrative"]


def one(text):
    found = claims(text)
    assert len(found) == 1, [(c.claimant.text, c.text) for c in found]
    return found[0]


# -- families by meaning ---------------------------------------------------------------------------
@pytest.mark.parametrize("text, family", [
    ("The army said it had captured the town of Kreminna.", "territory"),
    ("Officials said the capture of Kreminna opened the road north.", "territory"),
    ("The governor said Kherson had fallen.", "territory"),
    ("A spokesman said their units were present in all positions around Marinka.", "territory"),
    ("The ministry said it had captured 40 soldiers near Kreminna.", "detention"),
    ("The army said it seized rifles and two mortars in the raid.", "materiel"),
    ("The group said its commander Abu Khalid was killed in the strike.", "group"),
    ("The group said its spokesman had been killed in the fighting.", "group"),
    ("Officials said three commanders were killed in the strike.", "casualties"),
    ("Medics said the shelling killed 14 civilians.", "casualties"),
    ("Medics said 14 civilians were killed in a strike on the market.", "casualties"),
    ("Officials said 40 soldiers were killed in a drone attack.", "casualties"),
    ("Kyiv said the drone attack was carried out by units based in Crimea.", "attribution"),
    ("The group denied that the commander was killed as a result of infighting.", "attribution"),
    ("The movement said it was ready for talks if the army withdrew from the city.", "negotiation"),
    ("The army said its forces had captured it after six weeks.", "territory"),
    ("The governor said the national flag was raised over Kupiansk on Sunday.", "territory"),
    ("The president said: Kupiansk is ours.", "territory"),
    ("An analyst said that if the army took Kupiansk, it would cut the road to the north.", "statement"),
    ("Analysts said the defence ministry has not reported the capture of Kupiansk.", "statement"),
    ("Analysts said the governor never claimed the army had taken Kupiansk.", "statement"),
    ("The brigade said it had destroyed four tanks and shot down two drones overnight.", "materiel"),
    ("A spokesman said battles for Vuhledar continue as the enemy tries to capture the town.", "violence"),
    ("The army said its soldiers are still defending Vuhledar against the enemy.", "violence"),
    ("The commander said: our troops are holding the line in Vuhledar.", "violence"),
])
def test_the_object_and_the_predicate_decide_the_family(text, family):
    assert one(text).family == family


def test_a_claim_a_speaker_did_not_comment_on_is_still_the_claimants():
    found = claims("The minister did not comment on claims by the rebels to have captured Kupiansk.")
    assert [c.family for c in found if "captured Kupiansk" in c.text] == ["territory"], \
        [(c.text, c.family) for c in found]


def test_a_captured_place_gets_a_territory_type_whatever_the_cue_words():
    c = one("The militia said it had captured the salt mines of Bakhmut district.")
    assert c.family == "territory" and c.type.startswith("territory")


# -- denials ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "A spokesman said the army's claim of victory was false.",
    "The ministry said these reports are propaganda and lies.",
    "\"It is not true,\" the commander said of the capture.",
    "The governor said the city has not fallen.",
    "The rebels rubbished the army's claim.",
])
def test_claims_that_deny_by_their_own_words(text):
    assert any(c.polarity == "deny" for c in claims(text))


@pytest.mark.parametrize("text", [
    "\"The battles do not stop night and day,\" the commander said.",
    "The ministry said the fighting has not ended.",
])
def test_a_negated_verb_of_ending_says_it_goes_on(text):
    """'do not stop', 'has not ended': something goes on; that denies nothing and says no 'no'."""
    found = claims(text)
    assert found and all(c.polarity == "assert" and not c.says_no for c in found), \
        [(c.text, c.polarity, c.says_no) for c in found]


def test_a_negated_death_still_denies():
    assert one("The group said its commander did not die in the strike.").polarity == "deny"


def test_a_denial_without_words_of_its_own_takes_what_it_denies():
    text = "Army claims control of Kidal, rebels deny"
    found = claims(text)
    assert [c.polarity for c in found] == ["assert", "deny"]
    claim, denial = found
    assert denial.text == claim.text == "control of Kidal"
    assert denial.denies == [claim.id] and denial.claimant.text == "rebels"


def test_dispute_this_points_to_the_claim_before():
    found = claims("The army said it had retaken the airport, but the rebels dispute this.")
    denial = next(c for c in found if c.polarity == "deny")
    assert "retaken the airport" in denial.text and denial.denies


def test_a_group_of_no_known_party_denying_a_partys_claim_speaks_for_its_opponent():
    found = claims("The Liwa Fatemiyoun Brigade on Monday rejected Hayat Tahrir al-Sham's claim of victory in "
                   "Saraqib. The Syrian government said on Sunday that fighting continued in the town.")
    denial = next(c for c in found if c.polarity == "deny")
    other = next(c for c in found if c.polarity == "assert")
    assert denial.claimant.kind == "organization" and other.claimant.side
    assert denial.claimant.side == other.claimant.side


def test_the_grounds_of_a_denial_deny_too_and_are_marked_counter():
    found = claims("The rebels denied the army's claim, saying they still held the airport.")
    grounds = next(c for c in found if "held the airport" in c.text)
    assert grounds.polarity == "deny" and grounds.counter


@pytest.mark.parametrize("text", [
    "The army is yet to confirm the death of the commander.",
    "The ministry has not confirmed the capture of the village.",
    "The rebels never claimed the attack on the convoy.",
])
def test_reports_not_made_are_no_claims(text):
    assert claims(text) == []


# -- the ledger's scope ----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The government wants the rebels to leave the city.",
    "The army plans to retake the valley before winter.",
    "The council decided to send more troops.",
    "The rebels announced their plans.",
    "The ministry confirmed the move.",
    "The leader called for a general uprising against the junta.",
    "Pictures on social media showed fighters outside the governor's office.",
])
def test_attitudes_plain_announcements_appeals_and_pictures_make_no_claim(text):
    assert claims(text) == []


def test_what_a_speaker_admits_is_a_claim_whatever_the_noun():
    """'admitted the perilous position of the front': what is admitted or conceded is granted as a
    fact, unlike what is announced or confirmed ("confirmed the move")."""
    assert one("The commander admitted the perilous position of the front.").text == "the perilous position of the front"


def test_a_call_for_a_truce_is_a_claim():
    assert one("The front called for an immediate cessation of hostilities.").family == "negotiation"


def test_quoted_commitments_and_orders_are_no_claims_but_quoted_facts_are():
    found = claims('"We assure the people of the valley that they are safe," the spokesman said. '
                   '"Avoid firing in the air," he said. "Our forces hold every pass," he added.')
    assert [c.text for c in found] == ["Our forces hold every pass"]


def test_nested_claims_are_their_holders():
    found = claims("Kyiv denied Russian claims that the town had fallen.")
    held = next(c for c in found if c.polarity == "assert")
    denial = next(c for c in found if c.polarity == "deny")
    assert held.text.endswith("the town had fallen") and held.claimant.side == "russia"
    assert denial.claimant.side == "ukraine" and denial.denies == [held.id]


def test_attribution_scope_stays_wide_for_polnear():
    # the wider scope PolNeAR annotates is what `counterclaim eval attribution` scores
    from counterclaim.extraction.attribution import find_attributions
    from counterclaim.nlp import parse

    doc = parse("The government wants the rebels to leave the city.")
    assert find_attributions(doc)


def test_salt_mines_are_no_explosives_but_a_mine_that_explodes_is():
    assert one("The militia said its men held the salt mines outside the town.").type != "remote_explosive"
    assert one("Kyiv said the commander was not in the mines.").family != "violence"
    assert one("The army said an anti-tank mine hit the convoy.").type == "remote_explosive"


def test_a_floating_quotation_is_its_speakers():
    text = ("The army's spokesman, Colonel Ahmed Saleh, spoke to reporters on Monday.\n\n"
            '"We have retaken the airport and the road to the coast is open."\n\n'
            '"The enemy lost dozens of fighters."\n\n'
            "Rebel forces attacked the port on Tuesday.\n\n"
            '"The town is a ruin."')
    found = claims(text)
    assert [c.claimant.name for c in found] == ["Ahmed Saleh", "Ahmed Saleh"]
    assert found[0].mode == "direct" and "retaken the airport" in found[0].text


def test_accusing_a_country_is_a_claim_attacking_a_port_is_not():
    assert claims("Rebel forces attacked the port on Tuesday.") == []
    found = claims("The ministry accused Armenia of shelling the city.")
    assert found and found[0].claimant.text == "The ministry"


def test_what_falls_undergoes_it_and_whom_it_fell_to_did_it():
    fell = one("The governor said the town fell to the rebels on Friday.")
    assert fell.agent.text == "the rebels" and fell.target.text == "the town"
    lost = one("The army said the heavy equipment of the militia has fallen.")
    assert lost.agent is None and "equipment" in lost.target.text


# -- sources marked by a preposition, clauses that comment, names in other forms --------------------
def test_as_per_a_statement_is_its_speakers_claim_relayed_by_the_report():
    text = ("The army's spokesman Colonel Ahmed Saleh said in a statement that the airport had been retaken.\n\n"
            "As per the statement, some of the rebels have been killed while others fled the town, the report said.")
    found = claims(text)
    relayed = next(c for c in found if "some of the rebels have been killed" in c.text)
    assert relayed.mode == "according_to" and relayed.claimant.name == "Ahmed Saleh"
    assert [v.text for v in relayed.via] == ["the report"]
    assert not any(c.claimant.text == "the report" for c in found)


@pytest.mark.parametrize("text, source", [
    ("Per the ministry, 40 soldiers were killed in the attack.", "the ministry"),
    ("In the words of the commander, the town has fallen.", "the commander"),
])
def test_source_marking_phrases_beside_according_to(text, source):
    c = one(text)
    assert c.mode == "according_to" and c.claimant.text == source


def test_per_before_a_unit_marks_no_source():
    assert not any(c.mode == "according_to" for c in claims("Prices rose 5 per cent in March, the bank said."))


def test_a_clause_that_comments_on_the_words_is_not_more_of_them():
    text = ("The Taliban say they hold Kabul.\n\n"
            "Resistance forces were still present in the valley and would fight on, he said; "
            "which contradicts the militant's claim to have seized control of the valley.")
    found = claims(text)
    said = next(c for c in found if c.claimant.text == "he")
    assert said.text == "Resistance forces were still present in the valley and would fight on"
    held = next(c for c in found if c.text == "to have seized control of the valley")
    assert held.claimant.side == "taliban"   # one of the militants the article's Taliban are


def test_a_subject_the_parser_hung_elsewhere_still_speaks_after_but():
    found = claims('The Taliban has claimed that they have completely controlled the province of Panjshir '
                   'but the National Resistance Force disputed the claim as "false."')
    claim, denial = found
    assert claim.text == "that they have completely controlled the province of Panjshir"
    assert claim.claimant.side == "taliban" and claim.polarity == "assert"
    # a variant of the Front's name with its acronym is the Front
    assert denial.polarity == "deny" and denial.claimant.side == "nrf" and denial.denies == [claim.id]


def test_a_plural_or_apostrophe_less_possessive_is_the_group():
    assert one("Talibans said they have captured the province.").claimant.side == "taliban"
    assert one("Houthis said they have captured the port.").claimant.side != "taliban"


def test_a_denial_in_its_own_sentence_keeps_its_words():
    found = claims("Azerbaijan says it has retaken much of the land it lost in the 1990s. Armenia denies this.")
    claim, denial = found
    assert denial.text == "this" and denial.denies == [claim.id] and denial.family == claim.family
    assert denial.claimant.side == "armenia" and claim.claimant.side == "azerbaijan"


def test_a_claim_named_by_its_topic_is_no_claim_of_its_holder():
    found = claims("The front denied the army's claim of victory.")
    assert [c.polarity for c in found] == ["deny"]
    found = claims("The front denied the army's claim that it had won.")
    assert sorted(c.polarity for c in found) == ["assert", "deny"]


# -- refusals, datelines ---------------------------------------------------------------------------
def test_turning_down_or_refusing_an_offer_denies_it_refusing_to_act_is_no_claim():
    c = one("The movement has turned down a proposal on a ceasefire in the province, Al Jazeera reported.")
    assert c.polarity == "deny" and c.claimant.text == "The movement" and c.text.startswith("a proposal")
    assert [v.text for v in c.via] == ["Al Jazeera"]
    assert one("The rebels refused the offer of talks.").polarity == "deny"
    assert claims("The army refused to comment on the offer.") == []


def test_an_offer_refused_in_a_relative_clause_is_two_claims():
    found = claims("Earlier, rebel leader Ahmad Saleh had offered talks that were refused by the army.")
    offer, refusal = found
    assert offer.text == refusal.text == "talks"
    assert offer.polarity == "assert" and offer.claimant.name == "Ahmad Saleh"
    assert refusal.polarity == "deny" and refusal.claimant.text == "the army"


def test_a_place_before_a_colon_is_a_dateline_not_a_speaker_or_words():
    text = ("Taliban claim all districts\n\n"
            "Kabul: The Taliban's claim to have taken all districts has been denied by the resistance forces.\n\n"
            "Guwahati: The Taliban has claimed that they have completely controlled the province.")
    found = claims(text)
    assert all(c.claimant.text not in ("Guwahati", "Kabul") for c in found)
    assert not any(c.text.startswith(("Kabul", "Guwahati")) for c in found)


def test_a_speech_noun_or_verb_takes_its_on_phrase():
    # YAML reads a bare `on` as true: the cue file's prepositions must still be "on"
    from counterclaim.extraction.cues import load_cues

    assert "on" in load_cues().prep_content["comment"]
    c = one("The minister commented on the fall of the town.")
    assert c.text == "on the fall of the town" and c.family == "territory"
    assert claims("The Taliban attack on Panjshir was launched on Sunday.") == []


@pytest.mark.parametrize("text, no", [
    ("The army said its soldiers had at no point been surrounded in the town.", True),
    ("A spokesman said there was no encirclement of the brigade.", True),
    ("The front said that no clashes took place in the valley.", True),
    ("The commander said in no way will the shelling lessen their resolve.", False),
    ("The army said its soldiers had been surrounded in the town.", False),
])
def test_words_that_say_it_did_not_happen(text, no):
    c = one(text)
    assert c.says_no is no and c.polarity == "assert"


def test_a_speaker_set_off_by_commas_before_a_trailing_verb_speaks():
    c = one("Russian forces have captured the strategic town of Marinka in the disputed Donetsk region, "
            "the country's defence minister, Sergei Shoigu, announced, on Sunday.")
    assert c.claimant.name == "Sergei Shoigu" and c.claimant.text == "the country's defence minister, Sergei Shoigu"
    assert c.text == "Russian forces have captured the strategic town of Marinka in the disputed Donetsk region"


def test_who_makes_claims_holds_them():
    found = claims("Russian officials and the Wagner group have made claims that Russia had captured Soledar, "
                   "but Ukraine continues to deny the claims.")
    claim = next(c for c in found if c.polarity == "assert")
    denial = next(c for c in found if c.polarity == "deny")
    assert claim.claimant.side == "russia" and denial.denies == [claim.id]
    assert denial.text == claim.text   # in the claim's own sentence the denial takes its words


def test_a_headline_kicker_before_a_speaker_of_its_own_is_no_speaker():
    found = claims("Donbas: Shoigu says key town of Marinka captured\n\nAt the same time, Kyiv has denied the claim.")
    assert found[0].claimant.text == "Shoigu" and found[0].text == "key town of Marinka captured"
    assert not any(c.claimant.text == "Donbas" for c in found)


def test_a_passive_report_inside_a_speakers_words_is_part_of_them():
    c = one("The front said no clashes have been reported in the valley.")
    assert c.claimant.text == "The front" and c.text == "no clashes have been reported in the valley"
    assert c.says_no


@pytest.mark.parametrize("headline, source", [
    ("Battle for the town continues - General Staff", "General Staff"),
    ("At least three die in latest shelling of Nagorno-Karabakh cities", None),
    ("Armenia signs peace deal to end fighting in Nagorno-Karabakh", None),
])
def test_a_headline_names_its_source_after_a_dash_not_after_a_hyphen(headline, source):
    found = claims(headline + "\n\nThe article's first paragraph has no claim of anyone.")
    assert [c.claimant.text for c in found] == ([source] if source else [])


def test_a_title_case_headline_is_read_as_a_sentence_and_quoted_as_written():
    text = ("Taliban Claim Control Of All Districts In Kunduz, Resistance Forces Deny: Report\n\n"
            "The Taliban said on Sunday that they hold every district of Kunduz.")
    found = claims(text)
    assert len(found) == 3
    claim, denial = found[0], found[1]
    assert claim.claimant.side == "taliban" and denial.claimant.text == "Resistance Forces"
    assert denial.polarity == "deny" and denial.denies == [claim.id]
    assert claim.text == denial.text == "Control Of All Districts In Kunduz"   # the words as written
    assert text[claim.span[0]:claim.span[1]] == claim.text


def test_only_a_title_case_first_line_is_read_otherwise():
    from counterclaim.extraction.headline_case import readable

    body = "\n\nFighting went on near Soledar, officials in Kyiv said."
    assert readable("Ukraine War: Kyiv Says Troops Still Hold Soledar" + body).startswith(
        "Ukraine war: Kyiv says troops still hold Soledar")
    # a source named at the end stays as written
    assert readable("Taliban Claim Control Of All Districts, Resistance Forces Deny: Report" + body).startswith(
        "Taliban claim control of all districts, resistance forces deny: Report")
    for kept in ("Russia says it has taken Soledar", "Kyiv Denies Report", "A one-line text with no body"):
        assert readable(kept + body) == kept + body
    assert readable("Rebels Claim Control Of All Districts") == "Rebels Claim Control Of All Districts"


def test_a_speaker_named_inside_a_reports_quotation_makes_the_claim():
    """'“The president said ... that X. This is ...,” the report says': X is the president's claim,
    relayed by the report; the report's own sentence stays its claim."""
    text = ("\"The President of Yemen said in a televised address on March 8 that the army had captured the "
            "city of Marib. The city is the gateway to the oil fields, which both sides have fought over for years,\" "
            "the report says.")
    claims = counterclaim.extract(text, published="2021-03-09").claims
    captured = next(c for c in claims if "captured" in c.text)
    assert captured.claimant.text == "The President of Yemen" and captured.claimant.side == "yemen"
    assert "report" in [v.kind for v in captured.via] and "said" not in captured.text
    own = next(c for c in claims if "gateway" in c.text)
    assert own.claimant.text == "the report" and "captured" not in own.text


def test_a_quoted_speaker_quoting_others_still_speaks_for_himself():
    text = "\"They said we were beaten. We were not,\" the commander said."
    claims = counterclaim.extract(text, published="2021-03-09").claims
    assert claims and {c.claimant.text for c in claims} == {"the commander"}


def test_what_follows_a_contrast_does_not_type_the_claim():
    """A claim's words naming no event take their type from their sentence, but not from a clause
    after "but", which asserts something else."""
    def typed(text):
        return [(c.family, c.text) for c in counterclaim.extract(text, published="2021-03-01").claims]
    contrast = typed('A Houthi spokesman said "things are going well" in Marib, but would not confirm '
                     'that the Houthis were in control of the city.')
    assert [f for f, t in contrast if "going well" in t] == ["statement"], contrast
    together = typed('A Houthi spokesman said "things are going well" in Marib since the Houthis took '
                     'control of the city.')
    assert [f for f, t in together if "going well" in t] == ["territory"], together


def test_agreeing_that_something_holds_is_a_claim_agreeing_to_do_it_is_not():
    def said(text):
        return [(c.claimant.text, c.text, c.agent.actor if c.agent else None)
                for c in counterclaim.extract(text, published="2023-01-25").claims if c.mode != "narrative"]
    # a floating "all" is no speaker; the parser's object before the clause is its subject
    agreed = said("Military sources, as well as international monitors, all agreed Georgia no longer "
                  "controls the town.")
    assert agreed == [("Military sources, as well as international monitors",
                       "Georgia no longer controls the town", "georgia")], agreed
    assert said("The officials agreed that the town had fallen.") == [("The officials", "that the town had fallen", None)]
    assert said("The rebels agreed to talks in Geneva.") == []
    assert said("The rebels hoped the town would hold.") == []


def test_a_quotation_standing_after_its_speakers_paragraph_is_one_claim_of_that_speaker():
    """A paragraph that is one quotation, its speaker named in the paragraph before, is that
    speaker's one claim; the next paragraph's 'X said that "..."' does not take its sentences."""
    text = ("The army chief said in an address on Sunday that his forces had taken the town of Gori.\n\n"
            "\"We have freed the town! The town is ours! I congratulate our soldiers!\"\n\n"
            "The chief said that \"Sunday will remain in our history\".")
    claims = [(c.claimant.text, c.text) for c in counterclaim.extract(text, published="2008-08-10").claims]
    freed = [(who, words) for who, words in claims if "freed" in words]
    assert len(freed) == 1 and freed[0][0] == "The army chief" and "The town is ours" in freed[0][1], claims
    history = [(who, words) for who, words in claims if "history" in words]
    assert history == [("The chief", 'that "Sunday will remain in our history')], claims


def test_a_call_to_stop_fighting_is_a_demand_not_a_report_of_fighting():
    found = [(c.family, c.text) for c in counterclaim.extract(
        "The UN Security Council called on Ethiopia and Eritrea to immediately stop fighting.",
        published="1999-02-10").claims]
    assert found == [("negotiation", "to immediately stop fighting")], found


def test_a_place_owning_an_abstract_noun_makes_no_territory_claim():
    def families(text):
        return [c.family for c in counterclaim.extract(text, published="1999-02-10").claims]
    assert families('The president said that "this day will remain in Eritrea\'s history".') == ["statement"]
    assert families("The army said its troops remain in the town's mines.") == ["territory"]


def test_who_alone_did_it_is_a_claim_about_who_did_it():
    found = [(c.family, c.text) for c in counterclaim.extract(
        "The militia's leader said the airport was taken exclusively by his own brigades.",
        published="2015-02-10").claims]
    assert found == [("attribution", "the airport was taken exclusively by his own brigades")], found


def test_a_denial_naming_nothing_denies_the_other_sides_nearest_claim():
    claims = counterclaim.extract(
        "A Houthi spokesman said on Monday they had captured the town of Harib. The Yemeni army said the "
        "Houthis were spreading lies. The Yemeni army said its troops were still fighting.",
        published="2021-09-20").claims
    captured = next(c for c in claims if "captured" in c.text)
    lies = next(c for c in claims if "lies" in c.text)
    fighting = next(c for c in claims if "fighting" in c.text)
    assert lies.polarity == "deny" and lies.denies == [captured.id]
    assert fighting.denies == []


def test_a_clause_of_its_own_reports_none_of_the_words_around_it():
    """'..., as the rebels tweeted a warning': the rebels' tweet is no report of the hospital's words."""
    claims = counterclaim.extract(
        "According to AFP, a hospital in Sanaa said two people were killed and 20 wounded by the gunfire, "
        "as the Houthis tweeted a stern warning to their fighters.", published="2021-09-04").claims
    assert [c.claimant.text for c in claims if "killed" in c.text] == ["a hospital in Sanaa"], \
        [(c.claimant.text, c.text) for c in claims]
    claims = counterclaim.extract(
        "The rebels are ready to talk if the army withdraws its forces from the region, the rebel leader "
        "said on Sunday.", published="2021-09-05").claims
    assert [c.claimant.text for c in claims] == ["the rebel leader"], [(c.claimant.text, c.text) for c in claims]


def test_a_passage_printed_twice_is_one_claim_two_reports_stay_two():
    twice = ("Yemen's army said on Monday that the Houthis had failed to take the town of Harib\n\n"
             "SANAA (Reuters): Yemen's army said on Monday that the Houthis had failed to take the town of Harib.")
    claims = counterclaim.extract(twice, published="2021-09-20").claims
    assert [c.text for c in claims] == ["that the Houthis had failed to take the town of Harib"], claims
    two = ("Yemen's army denied that the Houthis had taken the town of Harib, saying its troops held it.\n\n"
           "Yemen's army denied that the Houthis had taken the town of Harib.")
    claims = counterclaim.extract(two, published="2021-09-20").claims
    assert [c.text for c in claims].count("that the Houthis had taken the town of Harib") == 2, \
        [(c.id, c.text) for c in claims]
    assert all(d in {c.id for c in claims} for c in claims for d in c.denies)


def test_a_claim_called_false_among_other_words_is_denied_too():
    claims = counterclaim.extract(
        "A Houthi spokesman said on Monday they had captured the town of Harib. The Yemeni army said the "
        "Houthis' claim of victory was false and its troops were still fighting.", published="2021-09-20").claims
    captured = next(c for c in claims if "captured" in c.text)
    false = next(c for c in claims if "false" in c.text)
    assert false.polarity == "deny" and false.denies == [captured.id], [(c.id, c.text, c.denies) for c in claims]


def test_there_points_back_to_the_place_its_sentence_named():
    claims = counterclaim.extract(
        "The rebel spokesman denied the capture of Harib district and said they had pushed back the Houthi "
        "fighters from there. The army said there is fighting.", published="2021-09-06").claims
    back = next(c for c in claims if "from there" in c.text)
    assert [p.text for p in back.places] == ["Harib"]
    assert next(c for c in claims if "there is fighting" in c.text).places == []
