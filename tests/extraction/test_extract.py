"""End-to-end extraction: the founding article, other wars, and the JSON Schema."""
import json
from importlib import resources

import jsonschema
import pytest

import counterclaim


def claims_by(result, **want):
    out = []
    for c in result["claims"]:
        if all((c["claimant"].get(k) if k in ("actor", "side", "name", "kind") else c.get(k)) == v
               for k, v in want.items()):
            out.append(c)
    return out


def find(result, needle):
    return [c for c in result["claims"] if needle in c["text"]]


def test_output_matches_the_json_schema(founding):
    schema = json.loads(resources.files("counterclaim.schema").joinpath("result.schema.json").read_text())
    jsonschema.validate(founding, schema)


def test_spans_point_into_the_text(shared, founding):
    text = (shared / "fixtures" / "panjshir-2021-09.txt").read_text(encoding="utf-8")
    for c in founding["claims"]:
        s, e = c["span"]
        assert c["text"].split(" … ")[0] == text[s:s + len(c["text"].split(" … ")[0])]
        assert 0 <= s < e <= len(text)
        for p in c["places"]:
            assert text[p["span"][0]:p["span"][1]] == p["text"]


def test_taliban_control_claim_denied_by_resistance(founding):
    control = [c for c in claims_by(founding, side="taliban", polarity="assert")
               if c["type"] == "territory_control" and "all districts" in c["text"]]
    assert control, "the Taliban's claim to hold all districts"
    first = control[0]
    assert first["when"]["date"] == "2021-09-05"
    assert any("Panjshir" in p["text"] for p in first["places"])
    assert any(v["kind"] == "report" for v in first["via"])
    denials = [c for c in founding["claims"] if c["polarity"] == "deny"]
    assert len(denials) >= 2
    assert all(d["claimant"]["side"] == "nrf" for d in denials)
    assert all(d["denies"] == [first["id"]] for d in denials)
    assert any(v["kind"] == "tweet" for d in denials for v in d["via"])


def test_spokesman_side_role_and_reporting_chain(founding):
    wasiq = claims_by(founding, name="Ahmadullah Wasiq")
    assert len(wasiq) >= 3
    assert all(c["claimant"]["side"] == "taliban" for c in wasiq)
    assert "cultural affairs commission" in wasiq[0]["claimant"]["role"]
    fighting = [c for c in wasiq if c["type"] == "armed_clash"]
    assert fighting and fighting[0]["via"][0]["actor"] == "tolo-news"
    direct = [c for c in wasiq if c["mode"] == "direct" and "all districts and areas" in c["text"]]
    assert direct
    bazaar = find(founding, "central bazaar")
    assert bazaar and bazaar[0]["claimant"]["name"] == "Ahmadullah Wasiq"
    assert bazaar[0]["claimant"]["text"] == "him"


def test_recapture_and_casualties(founding):
    recapture = [c for c in founding["claims"] if c["type"] == "territory_recapture"]
    assert recapture
    r = recapture[0]
    assert r["claimant"]["side"] == "nrf"
    assert r["when"]["date"] == "2021-09-05"
    assert {p["text"] for p in r["places"]} >= {"Parian", "Panjshir"}
    assert r["target"]["actor"] == "taliban"
    killed = [q for c in claims_by(founding, side="nrf") for q in c["quantities"] if q["kind"] == "killed"]
    assert any(q["min"] == 1000 for q in killed)
    dashti = claims_by(founding, name="Fahim Dashti")
    assert dashti and dashti[0]["claimant"]["side"] == "nrf"
    assert any(q["min"] == 1000 and q["event"] == "trapped" and q["kind"] == "other" for q in dashti[0]["quantities"])


def test_conditional_offer_of_talks(founding):
    offers = [c for c in claims_by(founding, name="Ahmad Massoud") if c["condition"]]
    assert offers
    assert any({"Panjshir", "Andarab"} <= {p["text"] for p in c["places"]} for c in offers)
    assert all(c["condition"]["text"].startswith("if ") for c in offers)


def test_materiel_and_humanitarian_claims(founding):
    seized = [c for c in founding["claims"] if c["acled"] == "DISR_WEAP"]
    assert seized and seized[0]["claimant"]["side"] == "taliban"
    saleh = claims_by(founding, name="Amrullah Saleh")
    assert saleh and all(c["claimant"]["side"] == "nrf" for c in saleh)
    assert any(c["agent"] and c["agent"]["actor"] == "taliban" for c in saleh), "accuses the Taliban"


def test_narrative_claim_in_reporters_voice():
    r = counterclaim.extract("A suicide bomber killed 22 people in Hasakeh on Monday.\n\n"
                             "Kurdish officials said the attack targeted a checkpoint.",
                             published="2023-05-10", outlet="Example Wire").to_dict()
    narrative = [c for c in r["claims"] if c["mode"] == "narrative"]
    assert len(narrative) == 1
    n = narrative[0]
    assert n["claimant"]["kind"] == "media" and n["claimant"]["name"] == "Example Wire"
    assert n["acled"] == "SUIC_BOMB"
    assert n["when"]["date"] == "2023-05-08"
    assert n["quantities"][0]["value"] == 22 and n["quantities"][0]["kind"] == "killed"
    assert r["document"]["primary"]["acled"] == "SUIC_BOMB"


def test_according_to_and_pronoun_speaker():
    text = ("Ukrainian forces shelled the town of Horlivka overnight, according to the Russian Defence Ministry.\n\n"
            "Oleksandr Shtupun, a spokesman for Ukraine's General Staff, rejected the report. "
            "He said that Russian troops had withdrawn from two villages near Kupiansk.")
    r = counterclaim.extract(text, published="2023-03-02").to_dict()
    acc = [c for c in r["claims"] if c["mode"] == "according_to"]
    assert acc and acc[0]["claimant"]["actor"] == "russia-defence-ministry"
    assert acc[0]["claimant"]["side"] == "russia"
    he = [c for c in r["claims"] if c["claimant"]["text"] == "He"]
    assert he and he[0]["claimant"]["side"] == "ukraine" and he[0]["claimant"]["name"] == "Oleksandr Shtupun"
    denial = [c for c in r["claims"] if c["polarity"] == "deny"]
    assert denial and denial[0]["denies"] == [acc[0]["id"]]


@pytest.mark.parametrize("bad", ["", "   \n  "])
def test_empty_text_is_refused_with_a_reason(bad):
    with pytest.raises(ValueError, match="empty"):
        counterclaim.extract(bad)
