"""Attribution relations (cue, source, content) on sentences written for these tests, and the
PolNeAR dev score as a floor."""
from __future__ import annotations

from pathlib import Path

import pytest

from counterclaim.extraction.attribution import Attribution, find_attributions
from counterclaim.nlp import parse

DATA = Path(__file__).resolve().parents[2].parent / "shared/data"
POLNEAR_DEV = DATA / "attribution/polnear-dev.jsonl"


def _text(text: str, spans: list[tuple[int, int]]) -> str:
    return " | ".join(text[s:e] for s, e in spans)


def _atts(text: str) -> list[Attribution]:
    return find_attributions(parse(text))


def _find(text: str, cue: str) -> Attribution:
    """The one relation whose cue reads `cue`."""
    found = [a for a in _atts(text) if _text(text, a.cue) == cue]
    assert found, f"no relation with cue {cue!r} in {[_text(text, a.cue) for a in _atts(text)]}"
    return found[0]


def test_indirect_speech():
    text = "The Houthi military spokesman said that drones had struck two oil tankers off Hodeidah."
    att = _find(text, "said")
    assert _text(text, att.source) == "The Houthi military spokesman"
    assert "drones had struck two oil tankers" in _text(text, att.content)
    assert att.mode == "indirect" and att.polarity == "assert"


def test_direct_quote_after_speaker():
    text = "Colonel Ilir Berisha told reporters: “The checkpoint at Merdare is closed until further notice.”"
    att = _find(text, "told")
    assert _text(text, att.source) == "Colonel Ilir Berisha"
    assert "The checkpoint at Merdare is closed" in _text(text, att.content)
    assert att.mode == "direct"


def test_direct_quote_before_speaker():
    text = "“We pushed the militia back across the river,” the brigade commander said on Tuesday."
    att = _find(text, "said")
    assert _text(text, att.source) == "the brigade commander"
    assert _text(text, att.content) == "We pushed the militia back across the river"
    assert att.mode == "direct"


def test_quote_split_from_its_speaker_by_the_sentence_splitter():
    text = "“Nobody will be allowed to cross the border at night.” Commander Okello said.\n\nTalks resume Monday."
    att = _find(text, "said")
    assert "Nobody will be allowed to cross the border" in _text(text, att.content)


def test_according_to():
    text = "Forty civilians were killed in the shelling of Kramatorsk, according to the regional governor."
    att = _find(text, "according | to")
    assert att.mode == "according_to"
    assert _text(text, att.source) == "the regional governor"
    assert "Forty civilians were killed" in _text(text, att.content)


def test_inverted_said_speaker():
    text = "“The airport remains under our control,” said Major Tesfaye Alemu, a spokesman for the federal army."
    att = _find(text, "said")
    assert "Major Tesfaye Alemu" in _text(text, att.source)
    assert "The airport remains under our control" in _text(text, att.content)


def test_parenthetical_speaker():
    text = "The ceasefire, the mediator explained, would begin at midnight on Friday."
    att = _find(text, "explained")
    assert _text(text, att.source) == "the mediator"
    assert "would begin at midnight" in _text(text, att.content)


def test_multi_sentence_quote_continues():
    text = ("“The road to Mekelle is open again,” the aid official said. “Trucks are moving. "
            "Food reaches the villages this week.”")
    atts = _atts(text)
    head = next(a for a in atts if a.cue_lemma == "say")
    continuations = [a for a in atts if a.continues is head]
    assert continuations, "the quote's next sentence should continue the official's words"
    joined = " ".join(_text(text, a.content) for a in continuations)
    assert "Trucks are moving" in joined and "Food reaches the villages" in joined


def test_quote_opened_in_an_earlier_sentence_joins_the_relation():
    text = "“The bridge is gone. We cannot resupply the garrison,” the officer said."
    att = _find(text, "said")
    content = _text(text, att.content)
    assert "The bridge is gone" in content and "We cannot resupply the garrison" in content


def test_denial_polarity():
    text = "The defence ministry denied reports that its jets had bombed the market in Idlib."
    att = _find(text, "denied")
    assert att.polarity == "deny"
    assert att.object_content
    assert _text(text, att.source) == "The defence ministry"
    assert "reports that its jets had bombed the market" in _text(text, att.content)


def test_negated_denial_is_not_a_denial():
    text = "The rebels did not deny that they had shelled the convoy."
    att = _find(text, "deny")
    assert att.polarity == "assert"


def test_quoted_him_as_saying():
    text = "Radio Okapi quoted him as saying that the rebels had withdrawn from Bunagana."
    att = _find(text, "quoted | as | saying")
    assert _text(text, att.source) == "him"
    assert "the rebels had withdrawn from Bunagana" in _text(text, att.content)


def test_channel_tweet():
    text = "The opposition leader rejected the result in a tweet, saying the count in Aden had been rigged."
    att = _find(text, "rejected")
    assert ("a tweet", "tweet") in att.channels
    saying = _find(text, "saying")
    assert _text(text, saying.source) == "The opposition leader"
    assert "the count in Aden had been rigged" in _text(text, saying.content)


def test_pronoun_speaker_kept_as_the_pronoun():
    text = "General Haftar's office issued a warning on Monday. She said the port would be closed to foreign ships."
    att = _find(text, "said")
    assert _text(text, att.source) == "She"
    assert att.source_token is not None and att.source_token.lower_ == "she"


def test_first_person_narration_is_not_attributed_outside_quotes():
    text = "I said to myself that the shelling would stop by morning. We think the town is safe now."
    assert _atts(text) == []


def test_first_person_inside_a_quote_belongs_to_the_quoted_speaker():
    text = "“I said that we would hold the line, and we held it,” the commander told reporters."
    atts = _atts(text)
    assert [a.cue_lemma for a in atts] == ["tell"]
    assert "we held it" in _text(text, atts[0].content)


def test_speaker_label_headline():
    text = "Zelensky: Russian Troops Have Left the Kyiv Region\n\nThe president spoke on Sunday."
    att = _find(text, ":")
    assert _text(text, att.source) == "Zelensky"
    assert _text(text, att.content) == "Russian Troops Have Left the Kyiv Region"


def test_guarded_belief_needs_a_named_subject():
    named = "The United Nations believes that at least 3,000 people have fled the fighting in Darfur."
    assert _find(named, "believes").category == "belief"
    assert not [a for a in _atts("They believe the fighting will stop soon.") if a.cue_lemma == "believe"]


def test_passive_with_agent_gives_the_agent_as_source():
    text = "The withdrawal plan has been endorsed by the African Union."
    att = _find(text, "endorsed")
    assert _text(text, att.source) == "the African Union"
    assert "The withdrawal plan" in _text(text, att.content)


def test_participle_shares_the_governing_subject():
    text = "After saying the airport had fallen, the militia spokesman withdrew the claim."
    att = _find(text, "saying")
    assert _text(text, att.source) == "the militia spokesman"


@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="../shared/data is not beside the repository")
def test_polnear_dev_overlap_floor():
    """The issue's floor: content and source overlap F1 >= 0.75 on PolNeAR dev (0.769 and 0.754
    when this test was last raised)."""
    from counterclaim.evaluation.attribution import evaluate_attribution

    scores = evaluate_attribution(POLNEAR_DEV)["scores"]
    assert scores["overlap:content"]["f1"] >= 0.75
    assert scores["overlap:source"]["f1"] >= 0.75


@pytest.mark.skipif(not POLNEAR_DEV.exists(), reason="../shared/data is not beside the repository")
def test_ledger_scope_keeps_fewer_relations_and_more_precise_ones():
    from counterclaim.evaluation.attribution import evaluate_attribution

    wide = evaluate_attribution(POLNEAR_DEV, limit=20)["scores"]["overlap:content"]
    ledger = evaluate_attribution(POLNEAR_DEV, limit=20, scope="ledger")["scores"]["overlap:content"]
    assert ledger["pred"] < wide["pred"] and ledger["precision"] > wide["precision"]
    with pytest.raises(ValueError, match="scope"):
        evaluate_attribution(POLNEAR_DEV, limit=1, scope="narrow")


# -- reported clauses, relays and infinitives ---------------------------------------------------

@pytest.mark.parametrize("text, cue, speaker", [
    # a participle the parser hung inside the reported clause belongs to the reporter
    ("The ministry spokesman said the convoy had been hit near Kharkiv, adding that two drivers "
     "were wounded.", "adding", "The ministry spokesman"),
    # so does a second past-tense speech verb there
    ("The defence minister said the army would retake the bridge and warned civilians to leave "
     "the district.", "warned", "The defence minister"),
    # object control: the infinitive's speaker is the object
    ("The tribunal forced the former commander to admit that the village had been shelled.",
     "admit", "the former commander"),
    # a message speaks for its author
    ("The African Union released a communique urging both armies to leave the border town.",
     "urging", "The African Union"),
    # a participle after a preposition takes the passive subject of its clause
    ("After saying the town had fallen, the mayor was taken to a military hospital.", "saying", "the mayor"),
])
def test_speaker_of_a_cue_without_its_own_subject(text, cue, speaker):
    assert _text(text, _find(text, cue).source) == speaker


def test_claim_inside_anothers_reported_clause_is_not_a_claim_of_its_own():
    text = "The governor said the rebels promised to release the hostages on Friday."
    cues = [_text(text, a.cue) for a in _atts(text)]
    assert cues == ["said"]
    assert "the rebels promised to release the hostages" in _text(text, _find(text, "said").content)


def test_relay_after_the_words_keeps_the_claim_it_relays():
    text = ("The commander denied the report in a statement, saying his troops had held the "
            "airport, state television reported.")
    cues = {_text(text, a.cue) for a in _atts(text)}
    assert {"denied", "saying"} <= cues
    assert _text(text, _find(text, "saying").source) == "The commander"


def test_infinitive_of_another_cue_is_part_of_that_claim():
    text = "The brigade refused to confirm its losses near Bakhmut."
    cues = [_text(text, a.cue) for a in _atts(text)]
    assert "refused" in cues and "confirm" not in cues


# -- quotes and headlines -------------------------------------------------------------------------

def test_quote_closed_right_before_its_speaker_across_a_sentence_split():
    text = '"Can the bridge be held until spring? Only with more shells," Colonel Diallo said.'
    att = _find(text, "said")
    assert _text(text, att.source) == "Colonel Diallo"
    assert "Can the bridge be held" in _text(text, att.content)


def test_dash_signed_quote_with_a_mistyped_opening_mark():
    text = "From the shelter.\n\n”We waited four days for water at the checkpoint.” ― Amina Yusuf\n"
    att = _find(text, "―")
    assert _text(text, att.source) == "Amina Yusuf"
    assert "We waited four days for water" in _text(text, att.content)


def test_one_word_headline_source_the_tagger_takes_for_a_common_noun():
    text = "Medics: Field Hospital in Khartoum Ran Out of Blood Overnight\n\nKhartoum, Monday."
    att = _find(text, ":")
    assert _text(text, att.source) == "Medics"
    assert "Field Hospital in Khartoum" in _text(text, att.content)


def test_headline_kicker_is_not_a_source():
    text = "Analysis: Why the Front Line Has Barely Moved\n\nThe war is in its third year."
    assert not [a for a in _atts(text) if _text(text, a.cue) == ":"]


def test_quotation_opening_right_after_the_cue_is_the_content():
    text = ("The mayor told reporters, “If the pumping station is repaired, and the convoys get "
            "through, families will return. Until then, nobody should.”\n\n"
            "The mayor has repeatedly stressed the lack of generators.")
    att = _find(text, "told")
    assert "If the pumping station is repaired" in _text(text, att.content)
    stressed = _find(text, "stressed")
    assert "the lack of generators" in _text(text, stressed.content)
    assert "pumping station" not in _text(text, stressed.content)


def test_gerund_object_is_the_content():
    text = "The army denied shelling the hospital in Mariupol."
    assert "shelling the hospital" in _text(text, _find(text, "denied").content)


def test_base_form_cue_in_a_relative_clause_is_not_a_claim():
    text = "Officials set up a hotline for families who might report missing relatives."
    assert not [a for a in _atts(text) if _text(text, a.cue) == "report"]


def test_a_speaker_the_parser_hung_on_a_preposition_is_the_speaker():
    """'a day after Eritrea said it had captured it': spaCy sometimes parses the speaker as the
    object of "after" and leaves "said" with no subject; the speaker is still the word before the
    verb, not the main clause's subject. The parse is given as spaCy made it on a real article."""
    from spacy.tokens import Doc

    from counterclaim.extraction.attribution.attributor import Attributor
    from counterclaim.nlp import load

    words = ["Ethiopia", "reported", "fighting", "on", "Monday", ",", "a", "day", "after", "Eritrea", "said",
             "it", "had", "captured", "it", "."]
    heads = [1, 1, 1, 1, 3, 1, 7, 10, 7, 8, 1, 13, 13, 10, 13, 1]
    deps = ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct", "det", "npadvmod", "prep", "pobj", "advcl",
            "nsubj", "aux", "ccomp", "dobj", "punct"]
    pos = ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "PUNCT", "DET", "NOUN", "ADP", "PROPN", "VERB", "PRON",
           "AUX", "VERB", "PRON", "PUNCT"]
    doc = Doc(load().vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=[w.lower() for w in words],
              sent_starts=[True] + [False] * (len(words) - 1))
    assert Attributor()._source(doc[10]).text == "Eritrea"


@pytest.mark.parametrize("verb, polarity", [("saying", "assert"), ("confirming", "assert"), ("denying", "deny")])
def test_quoted_as_any_speech_verb_is_the_quoted_speakers_claim(verb, polarity):
    import counterclaim

    found = counterclaim.extract(f"Local outlets quoted the governor as {verb} that the town had fallen.").claims
    assert [(c.claimant.text, [v.text for v in c.via], c.polarity) for c in found] == [
        ("the governor", ["Local outlets"], polarity)]


def test_a_call_for_something_to_be_done():
    text = "Eritrea has called for the disputed town to be recognized internationally as part of its territory."
    att = _find(text, "called")
    assert _text(text, att.content).startswith("for the disputed town to be recognized")


def test_a_name_opening_the_clause_before_a_date_speaks():
    """The parser sometimes hangs the speaker of "X on 8 March claimed ..." on the verb as a
    modifier (the parse below is the one it gave a real sentence of that shape)."""
    from spacy.tokens import Doc

    from counterclaim.extraction.attribution.sources import Sources
    from counterclaim.nlp import load

    words = ["Eritrea", "on", "08", "March", "1999", "claimed", "its", "troops", "had", "taken", "Badme", "."]
    heads = [5, 5, 3, 1, 3, 5, 7, 9, 9, 5, 9, 5]
    deps = ["npadvmod", "prep", "nummod", "pobj", "nummod", "ROOT", "poss", "nsubj", "aux", "ccomp", "dobj", "punct"]
    pos = ["PROPN", "ADP", "NUM", "PROPN", "NUM", "VERB", "PRON", "NOUN", "AUX", "VERB", "PROPN", "PUNCT"]
    doc = Doc(load().vocab, words=words, heads=heads, deps=deps, pos=pos)
    assert Sources._opening_name(doc[5]).text == "Eritrea"
    assert Sources._opening_name(doc[9]) is None   # a clause with a subject of its own
