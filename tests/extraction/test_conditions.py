"""find_condition: the clause an offer or statement depends on."""
import pytest

from counterclaim.extraction.conditions import find_condition, find_conditions
from counterclaim.nlp import parse


def condition(text):
    doc = parse(text)
    found = find_condition(doc)
    if found is not None:
        assert doc.text[found.span[0]:found.span[1]] == found.text
    return found and found.text


@pytest.mark.parametrize("text, expected", [
    ("The National Resistance Front is ready to stop the war immediately in order to achieve "
     "stable peace, if the Taliban group ends its military attacks and movements in Panjshir "
     "and Andarab.",
     "if the Taliban group ends its military attacks and movements in Panjshir and Andarab"),
    ("He said he was ready for peace talks if the insurgents would withdraw their forces from "
     "Panjshir and Andarab.",
     "if the insurgents would withdraw their forces from Panjshir and Andarab"),
    ("If Israel halts its offensive, Hamas said it would release the hostages.",
     "If Israel halts its offensive"),
    ("Moscow said it would consider a truce only if Ukraine recognised the annexation.",
     "only if Ukraine recognised the annexation"),
    ("The junta offered talks on condition that the resistance disarm first.",
     "on condition that the resistance disarm first"),
    ("JNIM said it would lift the blockade of Djibo provided the army leaves the town.",
     "provided the army leaves the town"),
    ("The RSF will allow aid through so long as the army stops bombing Khartoum, a spokesman "
     "said.", "so long as the army stops bombing Khartoum"),
    ("The Houthis said attacks on shipping would continue unless the siege of Gaza is lifted.",
     "unless the siege of Gaza is lifted"),
])
def test_condition_clause(text, expected):
    assert condition(text) == expected


@pytest.mark.parametrize("text", [
    "The soldiers acted as if nothing had happened in Bucha.",
    "The Kurdish-led SDF said it would hold Raqqa even if Turkey attacked.",
    "Reporters asked if the army had withdrawn from Kidal.",
    "It is unclear if the Taliban will attend the talks in Doha.",
    "Turkey provided drones to Kyiv, and the brigade will fight for as long as it takes.",
    "Hezbollah fired rockets at northern Israel on Sunday.",
])
def test_no_condition(text):
    assert condition(text) is None


def test_nested_conditions_are_split():
    doc = parse("Russia will keep shelling unless Kyiv agrees, as long as talks go on, "
                "provided that the ceasefire holds.")
    assert [c.text for c in find_conditions(doc)] == [
        "unless Kyiv agrees", "as long as talks go on", "provided that the ceasefire holds"]


def test_span_offsets_are_document_offsets():
    doc = parse("Fighting continued in Sagaing. The NUG said it would negotiate if the junta "
                "released political prisoners.")
    second = list(doc.sents)[1]
    found = find_condition(second)
    assert found.text == "if the junta released political prisoners"
    assert found.span == (doc.text.index("if the junta"), len(doc.text) - 1)
    assert find_condition(list(doc.sents)[0]) is None
