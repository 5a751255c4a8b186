"""The ingest loop and the store commands, run for real: processes, SIGKILL, the CLI."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from counterclaim.corpus.ingest import ingest
from counterclaim.storage.store import open_store
from store_backends import BACKENDS, database

BIN = [sys.executable, "-m", "counterclaim.cli"]
TOWNS = ["Parian", "Rokha", "Bazarak", "Anaba", "Dara", "Shutul", "Khenj", "Onaba"]


def articles(folder: Path, n: int) -> list[Path]:
    """`n` short, distinct articles with claims, as .txt files."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        path = folder / f"a{i:03d}.txt"
        path.write_text(
            f"Fighting in {town}, report {i}\n\n"
            f"Taliban spokesman Zabihullah Mujahid said on Sunday that {i + 3} fighters were killed in {town}. "
            f"The National Resistance Front denied the claim, a spokesman said.\n", encoding="utf-8")
        paths.append(path)
    return paths


def run(*args, timeout=300):
    return subprocess.run([*BIN, *args], capture_output=True, text=True, timeout=timeout)


@pytest.fixture(params=BACKENDS)
def db(request, tmp_path):
    return database(request.param, tmp_path)


def test_ingest_twice_adds_nothing_the_second_time(db, tmp_path):
    articles(tmp_path / "in", 4)
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    with open_store(db) as store:
        first = ingest([str(tmp_path / "in")], store)
        second = ingest([str(tmp_path / "in")], store)
        stats = store.stats()
        failures = store.failures()
    assert (first.read, first.added, first.failed) == (4, 4, 1) and first.claims >= 8, failures
    assert (second.added, second.unchanged, second.claims) == (0, 4, 0)
    assert second.summary().startswith("nothing new: all 4 document(s) already stored")
    assert (stats["documents"], stats["claims"], stats["failures"]) == (4, first.claims, 1)


def test_two_processes_store_what_one_does(tmp_path):
    articles(tmp_path / "in", 12)
    with open_store(tmp_path / "one.db") as one, open_store(tmp_path / "two.db") as two:
        a = ingest([str(tmp_path / "in")], one, processes=1)
        b = ingest([str(tmp_path / "in")], two, processes=2, batch_size=2)
        rows_a = [(r["document"], r["claim"]) for r in one.claims()]
        rows_b = [(r["document"], r["claim"]) for r in two.claims()]
        failures = one.failures() + two.failures()
    assert (a.added, b.added) == (12, 12), failures
    assert sorted(rows_a, key=str) == sorted(rows_b, key=str)


def test_sigkill_midway_then_the_same_command_stores_everything_once(db, tmp_path):
    n = 150
    articles(tmp_path / "in", n)
    command = [*BIN, "ingest", str(tmp_path / "in"), "--db", db, "--processes", "1", "--batch-size", "1"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    with open_store(db) as store:
        while store.stats()["documents"] < 10:
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "ingest stored nothing in 2 minutes"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        proc.stderr.close()
        stored_before = store.stats()["documents"]
    assert proc.returncode == -signal.SIGKILL and 10 <= stored_before < n  # really killed midway

    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"{n - stored_before} added" in again.stderr
    with open_store(db) as store:
        from sqlalchemy import func, select

        from counterclaim.storage.tables import claims, documents, ingest_runs

        with store.engine.connect() as conn:
            per_doc = conn.execute(select(documents.c.doc_id, func.count()).group_by(documents.c.doc_id)).all()
            partial = conn.execute(
                select(documents.c.doc_id).where(documents.c.n_claims != select(func.count()).where(
                    claims.c.document_id == documents.c.id).scalar_subquery())).all()
            statuses = conn.execute(select(ingest_runs.c.status).order_by(ingest_runs.c.id)).scalars().all()
    assert sorted(doc for doc, _ in per_doc) == [f"a{i:03d}" for i in range(n)]
    assert all(times == 1 for _, times in per_doc)
    assert partial == []  # every stored document has all its claims
    assert statuses == ["interrupted", "finished"]


def test_cli_ingest_claims_search_export_stats(tmp_path, shared):
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("panjshir-2021-09.txt", "panjshir-2021-09.meta.json"):
        src = shared / "fixtures" / name
        if src.exists():
            (folder / name).write_bytes(src.read_bytes())
    (folder / "wire.csv").write_text(
        "headline,body,date,link\n"
        'Kabul blast,"Police said two people were killed in a blast in Kabul on Monday.",'
        '"Mon, 06 Sep 2021",https://www.example.com/kabul\n', encoding="utf-8")
    with zipfile.ZipFile(folder / "more.zip", "w") as zf:
        zf.writestr("inner/herat.txt", "Officials said the governor fled Herat on Friday.\n")
    (folder / "broken.txt").write_bytes(b"caf\xe9 shelled")
    db = str(tmp_path / "claims.db")

    first = run("ingest", str(folder), "--db", db, "--processes", "1", "--date-column", "date")
    assert first.returncode == 1, first.stderr  # one bad file: reported, the rest stored
    assert "broken.txt" in first.stderr and "3 added" in first.stderr
    second = run("ingest", str(folder), "--db", db, "--processes", "1", "--date-column", "date")
    assert "nothing new: all 3 document(s) already stored" in second.stderr

    listed = run("claims", "--db", db, "--place", "Panjshir", "--side", "taliban", "--since", "2021-09-01",
                 "--contested", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert rows and all(r["side"] == "taliban" and r["contested"] for r in rows)
    assert all("Panjshir" in (r["places"] or "") for r in rows)
    table = run("claims", "--db", db, "--format", "table")
    assert "Zabihullah" in table.stdout or "Taliban" in table.stdout
    csv_out = run("claims", "--db", db, "--format", "csv", "--place", "kabul")
    assert csv_out.stdout.splitlines()[0].startswith("id,document,published")
    assert "2021-09-06" in csv_out.stdout  # the CSV's date, parsed

    found = run("search", "Parian", "--db", db, "--format", "json")
    kinds = {h["kind"] for h in json.loads(found.stdout)}
    assert kinds == {"claim", "article"}

    for fmt in ("csv", "jsonl", "parquet", "geojson"):
        out = tmp_path / f"claims.{fmt}"
        done = run("export", "--db", db, "--format", fmt, "--out", str(out))
        assert done.returncode == 0, done.stderr
        assert out.stat().st_size > 0
    assert json.loads((tmp_path / "claims.geojson").read_text())["type"] == "FeatureCollection"
    lines = (tmp_path / "claims.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(json.loads(run("claims", "--db", db, "--format", "json").stdout))

    stats = json.loads(run("stats", "--db", db, "--format", "json").stdout)
    assert stats["documents"] == 3 and stats["failures"] == 1 and stats["runs"] == 2
    failures = json.loads(run("stats", "--failures", "--db", db, "--format", "json").stdout)
    assert [Path(f["source"]).name for f in failures] == ["broken.txt"]
    assert "not valid UTF-8" in failures[0]["reason"]


def test_cli_db_defaults_to_environment_and_shows_progress_on_request(tmp_path):
    articles(tmp_path / "in", 1)
    env = {**os.environ, "COUNTERCLAIM_DB": str(tmp_path / "env.db")}
    done = subprocess.run([*BIN, "ingest", str(tmp_path / "in"), "--processes", "1", "--progress"],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "ingesting" in done.stderr and "docs/s" in done.stderr and "ETA" in done.stderr
    with sqlite3.connect(tmp_path / "env.db") as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone() == (1,)
    assert not (tmp_path / "counterclaim.db").exists()
