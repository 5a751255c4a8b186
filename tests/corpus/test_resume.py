"""Interrupted runs: after kill -9 in extraction or in linking, a dead worker or a full disk, running
the same command again gives what a clean run gives: documents, claims, links, propositions and
their statuses. The faults are real: the ingest runs in its own process and is killed with SIGKILL
at a chosen point, workers die with the exit status the kernel's OOM killer leaves, the disk fills
through SQLite's page limit."""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import event, select

from counterclaim.cli import main
from counterclaim.corpus.ingest import extract_parallel, ingest_items
from counterclaim.corpus.readers import read_inputs
from counterclaim.storage.store import open_store
from counterclaim.storage.tables import claims, documents, links, proposition_claims, propositions
from store_backends import BACKENDS, database

EVENT = "soledar-2023-01"
ARTICLES = 8


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, shared: Path) -> Path:
    """Eight real articles of one war, with their metadata."""
    source = shared / "data" / "ledger" / EVENT / "articles"
    if not source.is_dir():
        pytest.skip(f"{source} is absent")
    folder = tmp_path_factory.mktemp("corpus")
    for text in sorted(source.glob("*.txt"))[:ARTICLES]:
        shutil.copy(text, folder)
        meta = text.with_suffix(".meta.json")
        if meta.exists():
            shutil.copy(meta, folder)
    return folder


def snapshot(db: str) -> dict:
    """What a user reads from the store, keyed by content (row ids differ between runs)."""
    with open_store(db) as store, store.engine.connect() as conn:
        ident = dict(conn.execute(select(documents.c.id, documents.c.identity)).all())
        key = {row.id: (ident[row.document_id], json.loads(row.data)["id"])
               for row in conn.execute(select(claims.c.id, claims.c.document_id, claims.c.data))}
        members: dict[int, list] = {}
        for pid, cid in conn.execute(select(proposition_claims.c.proposition_id, proposition_claims.c.claim_id)):
            members.setdefault(pid, []).append(key[cid])
        return {
            "documents": sorted(ident.values()),
            "claims": sorted(json.dumps([key[r.id], json.loads(r.data), r.contested], sort_keys=True)
                             for r in conn.execute(select(claims.c.id, claims.c.data, claims.c.contested))),
            "links": sorted(json.dumps([key[r.claim_id], key[r.other_id], r.kind])
                            for r in conn.execute(select(links.c.claim_id, links.c.other_id, links.c.kind))),
            "propositions": sorted(json.dumps([r.status, r.family, sorted(members.get(r.id, []))])
                                   for r in conn.execute(select(propositions.c.id, propositions.c.status,
                                                                propositions.c.family))),
            "unlinked": store.unlinked_documents(),
        }


def ingest(db: str, *paths: str) -> None:
    result = CliRunner().invoke(main, ["ingest", *paths, "--db", db, "--processes", "1", "--no-progress"])
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def clean(corpus: Path, tmp_path_factory) -> dict:
    db = str(tmp_path_factory.mktemp("clean") / "clean.db")
    ingest(db, str(corpus))
    snap = snapshot(db)
    assert len(snap["documents"]) == ARTICLES and snap["links"] and snap["propositions"]
    assert snap["unlinked"] == []
    return snap


# Runs the CLI's ingest in a process of its own, killing it with SIGKILL at the chosen point.
KILLER = """
import os, signal, sys
from counterclaim.storage.store import Store
from counterclaim.ledger import propositions
point, after = sys.argv[1], int(sys.argv[2])
if point == "extraction":
    add = Store.add_result
    calls = []
    def add_then_die(self, *a, **k):
        out = add(self, *a, **k)
        calls.append(1)
        if len(calls) == after:
            os.kill(os.getpid(), signal.SIGKILL)
        return out
    Store.add_result = add_then_die
elif point == "linking":
    link = propositions.link_claims
    def link_then_die(*args, **kwargs):
        link(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
    propositions.link_claims = link_then_die
from counterclaim.cli import main
main(sys.argv[3:])
"""


def killed(point: str, after: int, db: str, corpus: Path) -> None:
    run = subprocess.run([sys.executable, "-c", KILLER, point, str(after), "ingest", str(corpus), "--db", db,
                          "--processes", "1", "--no-progress"], capture_output=True, text=True, timeout=600)
    assert run.returncode == -signal.SIGKILL, run.stderr


@pytest.mark.parametrize("backend", BACKENDS)
def test_killed_in_extraction_then_rerun_equals_a_clean_run(backend: str, corpus: Path, clean: dict,
                                                            tmp_path: Path) -> None:
    db = database(backend, tmp_path)
    killed("extraction", 3, db, corpus)
    half = snapshot(db)
    assert len(half["documents"]) == 3 and half["links"] == [] and len(half["unlinked"]) == 3
    ingest(db, str(corpus))
    assert snapshot(db) == clean


@pytest.mark.parametrize("backend", BACKENDS)
def test_killed_in_linking_then_rerun_equals_a_clean_run(backend: str, corpus: Path, clean: dict,
                                                         tmp_path: Path) -> None:
    db = database(backend, tmp_path)
    killed("linking", 0, db, corpus)
    stored = snapshot(db)
    # every document and claim is stored, none linked: the kill came before the ledger was written
    assert stored["documents"] == clean["documents"] and stored["links"] == []
    assert len(stored["unlinked"]) == ARTICLES
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", db, "--processes", "1", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert f"linked {ARTICLES} document(s) ({ARTICLES} left unlinked by an earlier run)" in result.output
    assert snapshot(db) == clean


def test_a_second_run_after_killed_linking_of_new_documents_links_old_and_new(corpus: Path, clean: dict,
                                                                              tmp_path: Path) -> None:
    """Half the corpus stored and linked, the other half stored and killed in linking, then the
    `link` command: the ledger of the whole corpus, as a clean run."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir(), second.mkdir()
    for n, path in enumerate(sorted(corpus.glob("*.txt"))):
        for f in (path, path.with_suffix(".meta.json")):
            if f.exists():
                shutil.copy(f, first if n < ARTICLES // 2 else second)
    db = str(tmp_path / "claims.db")
    ingest(db, str(first))
    killed("linking", 0, db, second)
    assert len(snapshot(db)["unlinked"]) == ARTICLES - ARTICLES // 2
    result = CliRunner().invoke(main, ["link", "--db", db])
    assert result.exit_code == 0, result.output
    assert snapshot(db) == clean


def test_a_full_disk_stops_the_run_with_one_clear_line_and_the_rerun_completes_it(
        corpus: Path, clean: dict, tmp_path: Path) -> None:
    db = str(tmp_path / "claims.db")
    with open_store(db) as store:  # the schema first, then a disk that holds only a little more
        pages = store.engine.connect().exec_driver_sql("PRAGMA page_count").scalar()

        @event.listens_for(store.engine, "connect")
        def small_disk(dbapi_connection, _record):
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 12}")

        store.engine.dispose()
        lines: list[str] = []
        from counterclaim.corpus.ingest import RunStopped

        with pytest.raises(RunStopped, match=r"the store cannot be written \(OperationalError: database or disk "
                                             r"is full\): stopped after \d+ new document\(s\)"):
            ingest_items(read_inputs([str(corpus)]), store, on_failure=lambda f: lines.append(f.reason))
        assert lines == []  # no document was blamed for the disk
    partial = snapshot(db)
    assert 0 < len(partial["documents"]) < ARTICLES
    # each stored document is whole: all its claims are there
    whole = {json.loads(c)[0][0] for c in clean["claims"]}
    assert set(partial["documents"]) <= whole
    for doc in partial["documents"]:
        assert sum(json.loads(c)[0][0] == doc for c in partial["claims"]) == \
            sum(json.loads(c)[0][0] == doc for c in clean["claims"])
    result = CliRunner().invoke(main, ["ingest", str(corpus), "--db", db, "--processes", "1", "--no-progress"])
    assert result.exit_code == 0, result.output
    assert snapshot(db) == clean


def test_the_cli_says_what_stopped_a_run_on_a_full_disk(corpus: Path, tmp_path: Path) -> None:
    """No traceback: one line naming the cause and what to do, exit status 1."""
    db = str(tmp_path / "claims.db")
    script = f"""
import sqlite3, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
from counterclaim.storage.store import open_store
with open_store({db!r}) as store:  # the schema, then a disk that holds a little more
    pages = store.engine.connect().exec_driver_sql("PRAGMA page_count").scalar()
@event.listens_for(Engine, "connect")
def small_disk(conn, _record):
    if isinstance(conn, sqlite3.Connection):
        conn.execute(f"PRAGMA max_page_count = {{pages + 12}}")
from counterclaim.cli import main
main(["ingest", {str(corpus)!r}, "--db", {db!r}, "--processes", "1", "--no-progress"])
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=600)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert "the store cannot be written (OperationalError: database or disk is full)" in run.stderr
    assert "run the same command again" in run.stderr


@pytest.fixture
def die_mark(tmp_path: Path, monkeypatch) -> Path:
    mark = tmp_path / "died"
    monkeypatch.setenv("COUNTERCLAIM_TEST_DIE_MARK", str(mark))
    return mark


def test_a_dead_worker_is_replaced_and_its_chunk_retried(corpus: Path, clean: dict, tmp_path: Path,
                                                         die_mark: Path) -> None:
    from dying_worker import extract_or_die

    doomed = sorted(corpus.glob("*.txt"))[2]
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    (folder / doomed.name).write_text(doomed.read_text(encoding="utf-8") + "\n\nDIE-ONCE\n", encoding="utf-8")
    db = str(tmp_path / "claims.db")
    with open_store(db) as store:
        report = ingest_items(read_inputs([str(folder)]), store, batch_size=1, extract=lambda todo: extract_parallel(
            todo, processes=2, batch_size=1, worker=extract_or_die))
    assert die_mark.exists()  # a worker did die
    assert report.failed == 0 and report.added == ARTICLES
    snap = snapshot(db)
    assert len(snap["documents"]) == ARTICLES and snap["unlinked"] == []
    assert len(snap["claims"]) == len(clean["claims"]) and len(snap["links"]) > 0


def test_a_document_that_kills_its_worker_twice_is_its_own_failure(corpus: Path, tmp_path: Path,
                                                                   die_mark: Path) -> None:
    from dying_worker import extract_or_die

    poison = sorted(corpus.glob("*.txt"))[4]
    folder = tmp_path / "corpus"
    shutil.copytree(corpus, folder)
    (folder / poison.name).write_text(poison.read_text(encoding="utf-8") + "\n\nDIE-ALWAYS\n", encoding="utf-8")
    failures = []
    with open_store(str(tmp_path / "claims.db")) as store:
        report = ingest_items(read_inputs([str(folder)]), store, batch_size=1, on_failure=failures.append,
                              extract=lambda todo: extract_parallel(todo, processes=2, batch_size=1,
                                                                    worker=extract_or_die))
        recorded = store.failures()
    assert report.added == ARTICLES - 1 and report.failed == 1
    assert [Path(f.source).name for f in failures] == [poison.name]
    assert "worker died on this chunk twice" in failures[0].reason
    assert [Path(r["source"]).name for r in recorded] == [poison.name]


def test_extraction_alone_survives_a_dead_worker(corpus: Path, die_mark: Path) -> None:
    """`extract_parallel` (what `counterclaim extract --processes N` runs) in input order."""
    from dying_worker import extract_or_die

    items = list(read_inputs([str(corpus)]))
    doomed = items[1]
    items[1] = type(doomed)(**{**doomed.__dict__, "text": doomed.text + "\n\nDIE-ONCE\n"})
    out = list(extract_parallel(items, processes=2, batch_size=2, worker=extract_or_die))
    assert die_mark.exists()
    assert [r.document.id for r in out] == [d.id for d in items]


def test_linking_again_changes_nothing(shared: Path, tmp_path: Path) -> None:
    """Claimants are settled over the corpus from what was extracted, to a fixed point: a second
    pass (a resumed run, `counterclaim link` after an ingest) gives the same ledger and sides. (A
    whole war's coverage: settling from settled claimants used to move sides on it.)"""
    articles = shared / "data" / "ledger" / "shusha-2020-11" / "articles"
    if not articles.is_dir():
        pytest.skip(f"{articles} is absent")
    db = str(tmp_path / "claims.db")
    ingest(db, str(articles))
    once = snapshot(db)
    for _ in range(2):
        result = CliRunner().invoke(main, ["link", "--db", db])
        assert result.exit_code == 0, result.output
        assert snapshot(db) == once
