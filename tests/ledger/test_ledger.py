"""The ledger over a real store (SQLite, and PostgreSQL when COUNTERCLAIM_TEST_PG is set)."""
import json
import subprocess
import sys

import pytest
from sqlalchemy import select

from counterclaim.ledger import propositions as ledger
from counterclaim.extraction.extract import extract
from counterclaim.storage.store import open_store
from counterclaim.storage.tables import links
from store_backends import BACKENDS, database

MORE = [
    ("The Taliban said on Monday that they had recaptured Parian district in Panjshir province from the resistance.",
     "2021-09-07"),
    ("Kurdish forces said they seized the town of Manbij in Aleppo province on Monday.", "2021-09-07"),
]


def snapshot(store):
    with store.engine.connect() as conn:
        return sorted((r.claim_id, r.other_id, r.kind) for r in conn.execute(select(links)))


@pytest.mark.parametrize("backend", BACKENDS)
def test_incremental_linking_equals_a_full_pass(backend, tmp_path, shared):
    store = open_store(database(backend, tmp_path))
    text = (shared / "fixtures" / "panjshir-2021-09.txt").read_text(encoding="utf-8")
    first = store.add_result(extract(text, published="2021-09-06", id="panjshir"))
    ledger.relink(store, [first.id])
    added = [store.add_result(extract(t, published=p, id=f"more{n}")).id for n, (t, p) in enumerate(MORE)]
    counts = ledger.relink(store, added)
    assert counts["incremental"] and counts["claims"] < 30
    incremental = snapshot(store)
    ledger.relink(store)
    assert snapshot(store) == incremental

    contested = ledger.list_propositions(store, status="contested")
    assert contested and contested[0]["family"] == "territory"
    assert {"taliban", "nrf"} <= set(contested[0]["sources"])
    parian = ledger.place_ledger(store, "parian")
    assert any(e["side"] == "nrf" and "re-captured" in e["text"] for e in parian)
    assert any(e["document"] == "more0" for e in parian), "the later Taliban claim joins the Parian ledger"
    recapture = next(e for e in parian if "re-captured" in e["text"])
    found = ledger.related(store, recapture["id"])
    assert any(r["kind"] == "contradicts" and r["claim"]["side"] == "taliban" for r in found["related"])
    assert all(r["reason"].get("rule") for r in found["related"])
    store.close()


def test_cli_ingest_links_and_lists_contested(tmp_path, shared):
    db = str(tmp_path / "c.db")
    run = lambda *a: subprocess.run([sys.executable, "-m", "counterclaim.cli", *a, "--db", db],
                                    capture_output=True, text=True, timeout=300)
    out = run("ingest", str(shared / "fixtures"), "--processes", "1")
    assert out.returncode == 0, out.stderr
    out = run("contested", "--format", "json")
    assert out.returncode == 0, out.stderr
    props = json.loads(out.stdout)
    assert props and props[0]["status"] == "contested"
    kinds = {l["kind"] for l in props[0]["links"]}
    assert {"contradicts", "denies"} <= kinds
    out = run("ledger", "--place", "Panjshir", "--format", "csv")
    assert out.returncode == 0 and "nrf" in out.stdout and "taliban" in out.stdout
    # the Front's counter-claim (the grounds of its denial) contradicts the Taliban's control
    claim_id = next(c["id"] for c in props[0]["members"] if c["side"] == "nrf" and "re-captured" in c["text"])
    out = run("claim", str(claim_id), "--related", "--format", "json")
    related = json.loads(out.stdout)["related"]
    assert any(r["kind"] == "contradicts" for r in related)


def test_loading_parquet_shards_links_like_ingest(tmp_path, shared):
    shards, db = tmp_path / "shards", str(tmp_path / "s.db")
    run = lambda *a: subprocess.run([sys.executable, "-m", "counterclaim.cli", *a],
                                    capture_output=True, text=True, timeout=300)
    assert run("extract", str(shared / "fixtures"), "--out", str(shards)).returncode == 0
    out = run("load", str(shards), "--db", db)
    assert out.returncode == 0, out.stderr
    props = json.loads(run("contested", "--db", db, "--format", "json").stdout)
    assert props and props[0]["status"] == "contested"
