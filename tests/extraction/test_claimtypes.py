"""Claim typing: the ontology, classify, classify_document and find_parties on real sentences."""
from __future__ import annotations

import time

import pytest

from counterclaim.extraction.claimtypes import classify, classify_document, label_of
from counterclaim.extraction.ontology import load_ontology
from counterclaim.extraction.parties import find_parties
from counterclaim.model import TypeMatch
from counterclaim.nlp import parse

ACLED_25 = {
    "ARMED_CLASH", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "NON_VIOL_TERRIT_TRANSFER",
    "AIR_STRIKE", "ART_MISS_ATTACK", "REM_EXPLOS", "SUIC_BOMB", "GRENADE", "CHEM_WEAP", "ATTACK",
    "SEX_VIOL", "ABDUCT_DISSAP", "PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST",
    "VIOL_DEMONSTR", "MOB_VIOL", "AGREEMENT", "ARREST", "CHANGE_TO_GROUP_ACT", "DISR_WEAP",
    "HQ_ESTABLISHED", "PROPERTY_DISTRUCT", "OTHER",
}


def typed(text: str) -> TypeMatch:
    return classify(parse(text))


# --------------------------------------------------------------------------- the ontology

def test_ontology_covers_acled_and_case_classes():
    ont = load_ontology()
    codes = {t.acled for t in ont.types.values()} | {t.fallback_acled for t in ont.types.values()}
    assert ACLED_25 - {"OTHER"} <= codes
    assert {"ATTRIB", "DIPLO", "ORG_CRIME", "NATURAL_DISASTER", "MAN_MADE_DISASTER"} <= {
        t.case for t in ont.types.values()}
    assert ont.types["statement"].acled is None
    for t in ont.types.values():
        assert t.id == t.id.lower() and " " not in t.id
        assert t.acled is None or t.acled in ACLED_25
        assert t.family


def test_ontology_is_cached():
    assert load_ontology() is load_ontology()


def test_user_file_extends_the_ontology(tmp_path, monkeypatch):
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "types:\n"
        "  - id: cyber_sabotage\n"
        "    family: violence\n"
        "    acled: null\n"
        "    description: Attacks on computer networks.\n"
        "    cues: {ransomware: 6, wiper malware: 6}\n"
        "  - id: air_strike\n"
        "    cues: {kamikaze drone: 7}\n",
        encoding="utf-8",
    )
    ont = load_ontology(extra=extra)
    assert "cyber_sabotage" in ont.types
    assert ont.types["air_strike"].cues["kamikaze drone"] == 7
    assert "airstrike|airstrikes|airraid" in ont.types["air_strike"].cues  # merged, not replaced
    match = classify(parse("Hackers deployed wiper malware against Ukrainian banks."), ontology=ont)
    assert match.type == "cyber_sabotage"
    monkeypatch.setenv("COUNTERCLAIM_CLAIM_TYPES", str(extra))
    assert "cyber_sabotage" in load_ontology().types
    monkeypatch.delenv("COUNTERCLAIM_CLAIM_TYPES")
    assert "cyber_sabotage" not in load_ontology().types


def test_user_file_may_use_spacy_matcher_patterns(tmp_path):
    extra = tmp_path / "patterns.yaml"
    extra.write_text(
        "types:\n"
        "  - id: cluster_munitions\n"
        "    family: violence\n"
        "    acled: ART_MISS_ATTACK\n"
        "    patterns:\n"
        "      - weight: 8\n"
        "        pattern: [{LOWER: cluster}, {LEMMA: {IN: [munition, bomb]}}]\n",
        encoding="utf-8",
    )
    ont = load_ontology(extra=extra)
    match = classify(parse("Cluster munitions fell on a residential block in Kharkiv."), ontology=ont)
    assert (match.type, match.trigger) == ("cluster_munitions", "Cluster munitions")


def test_bad_user_file_names_the_file(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("types: {not: a list}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.yaml"):
        load_ontology(extra=bad)


# --------------------------------------------------------------------------- the Panjshir report

PANJSHIR = [
    ("The Taliban on Sunday said that they have taken control of all districts in Panjshir province",
     {"territory_control"}, "NON_STATE_ACTOR_OVERTAKES_TER"),
    ("the resistance forces had re-captured the Parian district of Panjshir from the Taliban",
     {"territory_recapture"}, None),
    ("fighting between Taliban fighters and the Resistance Front was ongoing in central Panjshir",
     {"armed_clash"}, "ARMED_CLASH"),
    ("Several cannons were seized from the enemy.", {"materiel_seized"}, "DISR_WEAP"),
    ("at least a thousand terrorists were trapped due to the blockade of the exit route, all the attackers "
     "were killed, surrendered or captured by the resistance fighters", {"casualties", "detention", "surrender"}, None),
    ("The National Resistance Front is ready to stop the war immediately in order to achieve stable peace, "
     "if the Taliban group ends its military attacks and movements in Panjshir and Andarab.",
     {"negotiation"}, None),
    ("Amrullah Saleh has appealed for humanitarian aid to help the thousands of people displaced by the fighting.",
     {"aid_appeal", "displacement"}, None),
    ("He had recently accused the Taliban of cutting off humanitarian aid, medicines and power supply to Panjshir.",
     {"accusation", "blockade"}, None),
]


@pytest.mark.parametrize("text,types,acled", PANJSHIR)
def test_panjshir_claims(text, types, acled):
    match = typed(text)
    assert match.type in types, match
    if acled:
        assert match.acled == acled
    assert match.trigger and match.trigger in text
    assert 0 < match.score < 1


# --------------------------------------------------------------------------- one sentence, many wars

SENTENCES = [
    ("Russian warplanes carried out air strikes on the outskirts of Idlib, killing nine civilians.", "AIR_STRIKE"),
    ("A drone strike hit a pickup truck carrying militants near Jilib.", "AIR_STRIKE"),
    ("Ukrainian artillery shelled Russian positions near Bakhmut overnight.", "ART_MISS_ATTACK"),
    ("Mortar rounds fired by insurgents landed in a market in Mogadishu.", "ART_MISS_ATTACK"),
    ("A roadside bomb struck a military convoy in Helmand, wounding four soldiers.", "REM_EXPLOS"),
    ("Two children were killed when a landmine exploded near their village in Mali.", "REM_EXPLOS"),
    ("A suicide bomber blew himself up at a checkpoint in Mogadishu, killing five people.", "SUIC_BOMB"),
    ("Militants hurled a grenade at a police patrol in Srinagar, injuring three officers.", "GRENADE"),
    ("Investigators concluded that chlorine gas was dropped on Douma in April.", "CHEM_WEAP"),
    ("Gunmen opened fire on worshippers at a church in Ondo State, killing 40 people.", "ATTACK"),
    ("Soldiers raped women during raids on villages in Rakhine State, the report said.", "SEX_VIOL"),
    ("Jihadists abducted 20 villagers near Djibo in northern Burkina Faso.", "ABDUCT_DISSAP"),
    ("Police arrested 30 suspected members of the armed group in Bamako.", "ARREST"),
    ("Troops discovered an arms cache containing rifles and ammunition near Gao.", "DISR_WEAP"),
    ("Sappers defused two improvised explosive devices on the road to Kherson.", "DISR_WEAP"),
    ("Thousands of protesters marched through Khartoum on Friday demanding civilian rule.", "PEACE_PROTEST"),
    ("Police fired tear gas and water cannon to disperse protesters in Minsk.", "PROTEST_WITH_INTER"),
    ("Security forces opened fire on protesters in Mandalay, killing at least 18 people.", "FORCE_AGAINST_PROTEST"),
    ("Protesters threw stones and petrol bombs at police and set up barricades in Bishkek.", "VIOL_DEMONSTR"),
    ("A mob lynched a man accused of stealing cattle in Kaduna.", "MOB_VIOL"),
    ("The warring parties signed a ceasefire agreement in Juba on Tuesday.", "AGREEMENT"),
    ("Turkish forces set up a new observation post near Saraqib.", "HQ_ESTABLISHED"),
    ("Russia deployed thousands of troops and reinforcements to the border with Ukraine.", "CHANGE_TO_GROUP_ACT"),
    ("Fighters looted shops and set houses on fire in Bangui.", "PROPERTY_DISTRUCT"),
    ("The Syrian army recaptured the town of Saraqib from rebels on Monday.", "GOV_REGAINS_TERIT"),
    ("Al-Shabaab militants seized the town of Mahas in central Somalia.", "NON_STATE_ACTOR_OVERTAKES_TER"),
    ("Government troops withdrew from Tessit and jihadists entered the town without a fight.",
     "NON_VIOL_TERRIT_TRANSFER"),
    ("Heavy clashes broke out between the army and the Arakan Army in Paletwa.", "ARMED_CLASH"),
    ("Insurgents attacked an army checkpoint in Borno, killing three soldiers.", "ARMED_CLASH"),
]


@pytest.mark.parametrize("text,acled", SENTENCES)
def test_sentence_acled(text, acled):
    match = typed(text)
    assert match.acled == acled, match


CASE_CLASSES = [
    ("The Islamic State group claimed responsibility for the bombing in Kabul.", "responsibility_claim", "ATTRIB"),
    ("The defence ministry denied any involvement in the attack on the convoy.", "responsibility_denial", "ATTRIB"),
    ("The EU imposed new sanctions on Moscow and expelled three Russian diplomats.", "diplomacy", "DIPLO"),
    ("Police broke up a cocaine smuggling ring operating from the port of Guayaquil.", "organised_crime", "ORG_CRIME"),
    ("A 6.8-magnitude earthquake struck the Atlas mountains, killing hundreds.", "natural_disaster",
     "NATURAL_DISASTER"),
    ("An explosion at a chemical plant in Tianjin killed six workers.", "man_made_disaster", "MAN_MADE_DISASTER"),
]


@pytest.mark.parametrize("text,type_id,label", CASE_CLASSES)
def test_non_acled_classes(text, type_id, label):
    match = typed(text)
    assert match.type == type_id, match
    assert match.acled is None
    assert label_of(match) == label


def test_nothing_to_type_is_a_statement():
    match = typed("The minister spoke about the economy at length on Sunday.")
    assert match == TypeMatch("statement", None, 0.0, None)


def test_negated_responsibility_is_not_a_claim_of_it():
    match = typed("No group has claimed responsibility for the blast, which killed four police officers.")
    assert match.type != "responsibility_claim"
    assert match.acled in {"REM_EXPLOS", "ATTACK", None}


def test_cue_words_inside_names_do_not_count():
    match = typed("A spokesman for the Oromo Liberation Army said the group would attend the meeting.")
    assert match.type != "territory_recapture"


def test_capture_of_territory_is_coded_by_who_captures_it():
    assert typed("Rebel fighters retook the town of Kafr Nabudah on Friday.").acled == "NON_STATE_ACTOR_OVERTAKES_TER"
    assert typed("Government troops retook the town of Kafr Nabudah on Friday.").acled == "GOV_REGAINS_TERIT"


def test_classify_accepts_a_span():
    doc = parse("The spokesman said the army had shelled the village of Kalinivka overnight. He gave no toll.")
    sent = next(doc.sents)
    match = classify(sent)
    assert match.acled == "ART_MISS_ATTACK"
    assert match.trigger == "shelled"


def test_classify_is_fast():
    docs = [parse(text) for text, _ in SENTENCES]
    classify(docs[0])
    start = time.perf_counter()
    for _ in range(5):
        for doc in docs:
            classify(doc)
    assert (time.perf_counter() - start) / (5 * len(docs)) < 0.01


# --------------------------------------------------------------------------- whole reports

def test_document_headline_and_lead_decide():
    body = ("Rebels seized the district centre of Ghormach on Saturday after days of fighting. "
            "Residents said the militants later set fire to the governor's office. "
            "A spokesman for the army said troops would soon launch an operation to retake the area.")
    match = classify_document(parse(body))
    assert match.acled == "NON_STATE_ACTOR_OVERTAKES_TER"
    titled = classify_document(parse(body), title="Suicide bomber kills 12 at Kabul mosque")
    assert titled.acled == "SUIC_BOMB"


def test_document_death_toll_reads_as_an_attack():
    match = classify_document(parse("At least 14 people were killed in Beni overnight, officials said."))
    assert match.type in {"casualties", "attack"}
    assert match.acled == "ATTACK"


def test_document_without_events():
    match = classify_document(parse("The committee will meet again next week to discuss the budget."))
    assert match.type == "statement" and match.acled is None


# --------------------------------------------------------------------------- parties

def parties(text: str) -> tuple[str | None, str | None]:
    doc = parse(text)
    agent, target = find_parties(doc, classify(doc))
    return (agent.text if agent else None), (target.text if target else None)


def test_parties_of_recapture():
    assert parties("the resistance forces had re-captured the Parian district of Panjshir from the Taliban") == (
        "the resistance forces", "the Taliban")


def test_parties_of_active_attack():
    assert parties("A suicide bomber killed 22 people at a market in Kabul.") == ("A suicide bomber", "22 people")


def test_parties_of_passive_attack():
    assert parties("Twelve villagers were killed by gunmen in northern Burkina Faso.") == (
        "gunmen", "Twelve villagers")


def test_parties_of_fighting_between():
    assert parties("fighting between Taliban fighters and the Resistance Front was ongoing in central Panjshir") == (
        "Taliban fighters", "the Resistance Front")


def test_parties_leave_actor_unresolved():
    doc = parse("Russian forces shelled residential areas of Kharkiv overnight.")
    agent, target = find_parties(doc, classify(doc))
    assert agent.text == "Russian forces" and agent.actor is None
    assert target is not None and "Kharkiv" in target.text


def test_parties_of_territory_never_name_the_place():
    agent, target = parties("The Taliban have taken control of all districts in Panjshir province")
    assert agent == "The Taliban"
    assert target is None


def test_parties_without_trigger():
    doc = parse("The weather was mild.")
    assert find_parties(doc, classify(doc)) == (None, None)
