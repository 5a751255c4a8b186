"""The claims store on real databases: SQLite, and PostgreSQL when COUNTERCLAIM_TEST_PG is set."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import inspect, select, text

from counterclaim.storage.export import export_claims
from counterclaim.model import Claim, Claimant, Cue, Document, Failure, Place, Result, TypeMatch, When
from counterclaim.storage.store import migrations_config, open_store
from counterclaim.storage.tables import claims, documents, links, metadata
from store_backends import BACKENDS, database


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with open_store(database(request.param, tmp_path)) as opened:
        yield opened


def result(text_: str = "Taliban said they took Parian. The NRF denied it.", *, url: str | None = None,
           doc_id: str = "a1", published: str | None = "2021-09-06", place: str = "Parian",
           lat: float | None = 35.6, lon: float | None = 69.8, when: str | None = "2021-09-05") -> Result:
    """A small extraction result made by hand: an assertion and its denial."""
    doc = Document(id=doc_id, text=text_, title=place, url=url, published=published,
                   source=f"{doc_id}.txt", outlet="example.org")
    parian = Place(text=place, span=(24, 24 + len(place)), id="geo:1" if lat else None, name=place,
                   admin1="Panjshir", lat=lat, lon=lon)
    took = Claim(id="c1", text=f"they took {place}", span=(13, 29), mode="indirect", polarity="assert",
                 cue=Cue("said", "say", (8, 12)), claimant=Claimant("Taliban", (0, 7), actor="taliban",
                                                                    name="Taliban", side="taliban",
                                                                    kind="organization"),
                 type="territory_control", acled="NON_STATE_ACTOR_OVERTAKES_TER", places=[parian],
                 when=When(text="on Sunday", date=when, precision="day") if when else None)
    denial = Claim(id="c2", text="it", span=(45, 47), mode="indirect", polarity="deny",
                   cue=Cue("denied", "deny", (38, 44)), claimant=Claimant("The NRF", (31, 38), actor="nrf",
                                                                          name="NRF", side="nrf"),
                   denies=["c1"])
    return Result(document=doc, claims=[took, denial], primary=TypeMatch("territory_control", "X"),
                  places=[parian])


def count(store, table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(select(text("count(*)")).select_from(table)).scalar_one()


def test_migrations_build_the_schema_the_code_describes(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(migrations_config()).get_current_head()
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one() == head
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diffs = [d for d in compare_metadata(context, metadata)
                 if not any("_fts" in str(part) or "search" in str(part) for part in d)]
    assert diffs == []
    tables = set(inspect(store.engine).get_table_names())
    assert {"documents", "claims", "actors", "places", "claim_places", "links", "ingest_runs",
            "failures"} <= tables


def test_reopening_a_current_database_keeps_its_data(store):
    store.add_result(result())
    with open_store(store.url) as again:
        assert again.stats()["claims"] == 2


def test_a_result_is_stored_with_its_claims_actors_and_places(store):
    stored = store.add_result(result())
    assert (stored.outcome, stored.claims) == ("added", 2)
    stats = store.stats()
    assert (stats["documents"], stats["claims"], stats["actors"], stats["places"]) == (1, 2, 2, 1)
    rows = list(store.claims())
    assert [r["claimant"] for r in rows] == ["Taliban", "NRF"]
    assert rows[0]["claim"]["places"][0]["lat"] == 35.6  # the full JSON is kept
    assert rows[0]["when"] == "2021-09-05" and rows[0]["published"] == "2021-09-06"
    with store.engine.connect() as conn:
        data = json.loads(conn.execute(select(documents.c.data)).scalar_one())
        precision = conn.execute(select(documents.c.published_precision)).scalar_one()
    assert data["primary"]["type"] == "territory_control" and precision == "day"
    assert count(store, links) == 0  # filled by the linker, later


def test_the_same_document_twice_is_stored_once(store):
    assert store.add_result(result()).outcome == "added"
    assert store.add_result(result(doc_id="renamed")).outcome == "unchanged"
    assert store.has_document(result().document)
    assert count(store, documents) == 1 and count(store, claims) == 2


def test_changed_text_under_the_same_url_is_a_new_version(store):
    url = "https://example.org/parian"
    assert store.add_result(result(url=url)).outcome == "added"
    assert store.add_result(result("Taliban said they took Parian. The NRF denied it!", url=url)).outcome == "version"
    assert store.add_result(result(url="https://mirror.example.net/parian")).outcome == "added"
    with store.engine.connect() as conn:
        versions = conn.execute(select(documents.c.url, documents.c.version, documents.c.latest)
                                .order_by(documents.c.id)).all()
    assert [tuple(v) for v in versions] == [(url, 1, False), (url, 2, True),
                                            ("https://mirror.example.net/parian", 1, True)]
    assert len(list(store.claims())) == 4
    assert len(list(store.claims(all_versions=True))) == 6


def test_claims_filters(store):
    store.add_result(result())
    store.add_result(result("Officials said the army held Kabul.", doc_id="b", place="Kabul", lat=None,
                            when="2021-08-15", published="2021-08-16"))
    ids = lambda **kw: [(r["document"], r["claim"]["id"]) for r in store.claims(**kw)]  # noqa: E731
    assert ids(place="parian") == [("a1", "c1")]
    assert ids(place="PANJSHIR") == [("b", "c1"), ("a1", "c1")]  # province matches too
    assert ids(side="NRF") == [("b", "c2"), ("a1", "c2")]
    assert ids(since="2021-09-01") == [("a1", "c1"), ("a1", "c2")]  # c2 has no date: its article's
    assert ids(until="2021-08-31", side="taliban") == [("b", "c1")]
    assert ids(claim_type="NON_STATE_ACTOR_OVERTAKES_TER", place="kabul") == [("b", "c1")]
    assert len(ids(contested=True)) == 4  # denials and what they deny
    assert ids(limit=1) == [("b", "c1")]


def test_contested_includes_denial_links(store):
    text_ = "The army said it held Kabul."
    single = result(text_, doc_id="x")
    single.claims = single.claims[:1]
    store.add_result(single)
    assert list(store.claims(contested=True)) == []
    first = next(store.claims())["id"]
    other = store.add_result(result()).id
    with store.engine.begin() as conn:
        other_claim = conn.execute(select(claims.c.id).where(claims.c.document_id == other)).scalars().first()
        conn.execute(links.insert().values(claim_id=other_claim, other_id=first, kind="contradicts"))
    assert first in [r["id"] for r in store.claims(contested=True)]


def test_search_finds_claims_and_articles(store):
    store.add_result(result())
    store.add_result(result("Officials said the army held Kabul.", doc_id="b", place="Kabul"))
    hits = store.search("Parian")
    assert {(h["kind"], h["document"]) for h in hits} == {("claim", "a1"), ("article", "a1")}
    assert store.search("took parian")[0]["claim"] == "c1"  # every word, any case
    assert [h["document"] for h in store.search("official")] == ["b"]  # stemmed: Officials
    assert store.search("Mazar") == [] and store.search("  ") == []
    assert store.search('"quoted" OR (weird') == []       # query syntax is never an error


def test_failures_are_recorded_updated_and_cleared(store):
    run = store.start_run(["in"], 1)
    store.add_failure(Failure("a1.txt", "not valid UTF-8"), run)
    store.add_failure(Failure("a1.txt", "empty text"), run)
    store.add_failure(Failure("z.csv", "no text column"), run)
    rows = {f["source"]: f for f in store.failures()}
    assert rows["a1.txt"]["reason"] == "empty text" and rows["a1.txt"]["seen"] == 2
    store.add_result(result())  # the source now reads: its failure is gone
    assert [f["source"] for f in store.failures()] == ["z.csv"]
    store.finish_run(run, {"read": 1, "added": 1, "failed": 3})
    assert store.stats()["last_run"]["status"] == "finished"


def test_text_that_is_not_valid_unicode_is_refused_with_a_reason_and_stores_nothing(store):
    from dataclasses import replace

    broken = result(url="https://news.example/\ud800")
    assert not store.has_document(broken.document)  # looking it up does not raise
    with pytest.raises(ValueError, match=r"url holds a lone surrogate \\ud800 at character 21"):
        store.add_result(broken)
    with pytest.raises(ValueError, match="text holds a lone surrogate"):
        store.add_result(replace(broken, document=replace(broken.document, url=None,
                                                          text=broken.document.text + "\udc00")))
    assert count(store, documents) == 0 and count(store, claims) == 0
    store.add_failure(Failure("caf\udce9.txt", "odd \ud800 reason"))  # a file name that is not UTF-8
    assert [(f["source"], f["reason"]) for f in store.failures()] == [("caf\\udce9.txt", "odd \\ud800 reason")]
    assert store.add_result(result()).outcome == "added"


def test_exports(store, tmp_path):
    import pyarrow.parquet as pq

    store.add_result(result())
    store.add_result(result("Officials said the army held Kabul.", doc_id="b", place="Kabul", lat=None))
    assert export_claims(store, "csv", tmp_path / "c.csv")["claims"] == 4
    header, *lines = (tmp_path / "c.csv").read_text(encoding="utf-8").splitlines()
    assert header.startswith("id,document,published") and len(lines) == 4
    export_claims(store, "jsonl", tmp_path / "c.jsonl", side="taliban")
    rows = [json.loads(line) for line in (tmp_path / "c.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["claim"]["claimant"]["side"] for r in rows] == ["taliban", "taliban"]
    assert export_claims(store, "parquet", tmp_path / "c.parquet")["claims"] == 4
    table = pq.read_table(tmp_path / "c.parquet")
    assert table.num_rows == 4 and "claim_json" in table.column_names
    assert json.loads(table.column("claim_json")[0].as_py())["id"]
    counts = export_claims(store, "geojson", tmp_path / "c.geojson")
    geo = json.loads((tmp_path / "c.geojson").read_text(encoding="utf-8"))
    assert geo["type"] == "FeatureCollection" and counts == {"claims": 4, "features": 1, "skipped": 1}
    assert geo["features"][0]["geometry"]["coordinates"] == [69.8, 35.6]
    with pytest.raises(ValueError, match="--out"):
        export_claims(store, "parquet", "-")


def test_founding_article_round_trip(store, shared):
    import counterclaim

    article = (shared / "fixtures" / "panjshir-2021-09.txt").read_text(encoding="utf-8")
    extracted = counterclaim.extract(article, published="2021-09-06", id="panjshir")
    store.add_result(extracted)
    stored = [r["claim"] for r in store.claims(all_versions=True)]
    assert stored == [c.to_dict() for c in extracted.claims]  # nothing lost
    assert any(h["kind"] == "claim" for h in store.search("Parian"))
    assert list(store.claims(place="Panjshir", side="taliban", contested=True))


def test_a_store_from_before_link_state_is_linked_whole_by_the_next_run(store):
    """Upgrading from revision 0002: its documents are marked unlinked, full-text search still
    works on them, and the next pass of the ledger links them all."""
    from alembic import command

    from counterclaim.ledger.propositions import link_pending

    store.add_result(result())
    store.add_result(result("Kyiv said Russia took Soledar. Moscow denied it.", doc_id="a2", place="Soledar"))
    cfg = migrations_config(store.url)
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
    with open_store(store.url) as upgraded:
        assert len(upgraded.unlinked_documents()) == 2
        assert {h["kind"] for h in upgraded.search("Soledar")} == {"article", "claim"}
        counts = link_pending(upgraded)
        assert counts is not None and counts["documents"] == 2 and counts["claims"] == 4
        assert upgraded.unlinked_documents() == [] and link_pending(upgraded) is None
