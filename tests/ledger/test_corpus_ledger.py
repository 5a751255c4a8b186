"""A corpus in a real store: one actor per person across articles, and the JSON Lines export of the
ledger (family, propositions, links) against its schema."""
from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest
from referencing import Registry, Resource

import counterclaim
from counterclaim.ledger.corpus_actors import harmonise
from counterclaim.storage.export import export_claims
from counterclaim.ledger.propositions import relink
from counterclaim.storage.store import open_store
from store_backends import BACKENDS, database

ARTICLES = [
    ("a1", "2023-01-11", "Ukrainian President Volodymyr Zelensky said on Wednesday that Ukrainian troops still held "
                         "Soledar in Donetsk province."),
    ("a2", "2023-01-11", "Zelenskiy said Ukrainian forces were holding Soledar, in Donetsk province, against heavy "
                         "assaults."),
    ("a3", "2023-01-11", "The Russian Defence Ministry said on Wednesday that its forces had captured Soledar in "
                         "Donetsk province. Kyiv denied the claim."),
]


@pytest.fixture(params=BACKENDS)
def corpus(request, tmp_path):
    with open_store(database(request.param, tmp_path)) as store:
        stored = [store.add_result(counterclaim.extract(text, published=day, id=name)).id
                  for name, day, text in ARTICLES]
        relink(store, documents=stored)
        yield store


def test_name_variants_are_one_actor_with_the_side_the_corpus_gives():
    found = harmonise([
        (1, {"text": "Ukrainian President Volodymyr Zelensky", "name": "Volodymyr Zelensky",
             "actor": "volodymyr-zelensky", "side": "ukraine", "kind": "person"}),
        (2, {"text": "Zelenskiy", "name": "Zelenskiy", "actor": "zelenskiy", "side": None, "kind": "person"}),
        (3, {"text": "Cherevatyi", "name": None, "actor": None, "side": None, "kind": "unnamed"}),
        (4, {"text": "Serhiy Cherevaty", "name": "Serhiy Cherevaty", "actor": "serhiy-cherevaty", "side": "ukraine",
             "kind": "person"}),
        (5, {"text": "Fahim Dashty", "name": "Fahim Dashty", "actor": "fahim-dashty", "side": None,
             "kind": "organization"}),
        (6, {"text": "Fahim Dashti, a spokesman for the front", "name": "Fahim Dashti", "actor": "fahim-dashti",
             "side": "nrf", "kind": "person"}),
    ])
    assert found[2]["actor"] == "volodymyr-zelensky" and found[2]["side"] == "ukraine"
    assert found[2]["name"] == "Volodymyr Zelensky" and found[2]["text"] == "Zelenskiy"
    assert found[3]["name"] == "Serhiy Cherevaty" and found[3]["side"] == "ukraine"
    assert found[5]["kind"] == "person" and found[5]["side"] == "nrf"
    assert 1 not in found   # nothing to change


def test_two_people_with_one_surname_stay_two():
    found = harmonise([
        (1, {"name": "Ilham Aliyev", "actor": "ilham-aliyev", "side": "azerbaijan", "kind": "person"}),
        (2, {"name": "Heydar Aliyev", "actor": "heydar-aliyev", "side": None, "kind": "person"}),
        (3, {"name": "Aliyev", "actor": "aliyev", "side": None, "kind": "person"}),
    ])
    assert 2 not in found and 3 not in found   # "Aliyev" alone could be either


def test_stored_claims_carry_the_corpus_actor(corpus):
    rows = [r for r in corpus.claims() if r["claim"]["claimant"]["name"] == "Volodymyr Zelensky"]
    assert {r["document"] for r in rows} == {"a1", "a2"}
    assert all(r["side"] == "ukraine" and r["claim"]["claimant"]["side"] == "ukraine" for r in rows)


def test_jsonl_export_gives_family_propositions_and_links(corpus, tmp_path):
    out = tmp_path / "ledger.jsonl"
    assert export_claims(corpus, "jsonl", out)["claims"] >= 4
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    folder = resources.files("counterclaim.schema")
    schemas = {name: json.loads(folder.joinpath(name).read_text("utf-8"))
               for name in ("export.schema.json", "result.schema.json")}
    registry = Registry().with_resources((schemas[n]["$id"], Resource.from_contents(schemas[n])) for n in schemas)
    validator = jsonschema.Draft202012Validator(schemas["export.schema.json"], registry=registry)
    for line in lines:
        validator.validate(line)
    ids = {line["id"] for line in lines}
    capture = next(l for l in lines if "captured Soledar" in l["claim"]["text"])
    assert capture["claim"]["family"] == "territory"
    assert capture["propositions"] and capture["propositions"][0]["status"] == "contested"
    assert all(link["other"] in ids for line in lines for link in line["links"])
    # a link is listed on both its claims
    pairs = {(line["id"], link["other"], link["kind"]) for line in lines for link in line["links"]}
    assert all((b, a, k) in pairs for a, b, k in pairs)
    assert any(k in ("contradicts", "denies") for _, _, k in pairs)


def test_a_spokesman_for_a_person_takes_that_persons_side():
    found = harmonise([
        (1, {"name": "Arayik Harutyunyan", "actor": "arayik-harutyunyan", "side": "armenia", "kind": "person"}),
        (2, {"name": "Vahram Poghosyan", "actor": "vahram-poghosyan", "side": None, "kind": "person",
             "role": "Harutiunian's spokesperson"}),
    ])
    assert found[2]["side"] == "armenia"
