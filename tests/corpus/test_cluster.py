"""Extraction on a real Dask LocalCluster: same rows as one process, a killed worker, Parquet shards."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from counterclaim.corpus import cluster
from counterclaim.corpus.ingest import ingest
from counterclaim.corpus.shards import read_shards, result_from_row, result_row, write_shards
from counterclaim.storage.store import open_store

N = 200  # short articles: the first paragraphs of PolNeAR articles


@pytest.fixture(scope="module")
def corpus(shared: Path, tmp_path_factory) -> Path:
    """N short, distinct articles from ../shared PolNeAR, as one JSONL file in a temporary folder."""
    path = tmp_path_factory.mktemp("cluster") / "articles.jsonl"
    lines = []
    for name in ("polnear-dev.jsonl", "polnear-train.jsonl"):
        with open(shared / "data" / "attribution" / name, encoding="utf-8") as fh:
            for line in fh:
                article = json.loads(line)
                text = ""
                for para in (p for p in article["text"].split("\n") if p.strip()):
                    if text and len(text) + len(para) > 600:
                        break
                    text += para + "\n\n"
                lines.append(json.dumps({"id": article["id"], "text": text.strip(), "published": "2016-10-01"}))
                if len(lines) == N:
                    break
        if len(lines) == N:
            break
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def stored_rows(db) -> list[tuple[str, str]]:
    with open_store(db) as store:
        return sorted((row["document"], json.dumps(row["claim"], sort_keys=True)) for row in store.claims())


@pytest.fixture(scope="module")
def reference(corpus: Path) -> list[tuple[str, str]]:
    """What a single-process ingest stores, before the ledger settles claimants over the corpus
    (which depends on the whole corpus, so runs over parts of it are compared unlinked)."""
    db = corpus.parent / "one.db"
    with open_store(db) as store:
        report = ingest([str(corpus)], store, processes=1, link=False)
    assert (report.added, report.failed) == (N, 0)
    return stored_rows(db)


@pytest.fixture(scope="module")
def client():
    with cluster.connect("local", workers=2) as c:
        yield c


def test_cluster_stores_what_one_process_does_and_a_rerun_adds_nothing(corpus, reference, client):
    db = corpus.parent / "dask.db"
    with open_store(db) as store:
        first = cluster.ingest([str(corpus)], store, client=client, link=False)
        second = cluster.ingest([str(corpus)], store, client=client, link=False)
    assert (first.read, first.added, first.failed) == (N, N, 0)
    assert stored_rows(db) == reference
    assert (second.read, second.added, second.unchanged, second.claims) == (N, 0, N, 0)


def test_a_worker_killed_mid_job_loses_and_duplicates_nothing(corpus, reference, client):
    db = corpus.parent / "killed.db"
    open_store(db).close()  # migrate before the watcher reads
    outcome: dict = {}

    def run() -> None:
        with open_store(db) as store:
            outcome["report"] = cluster.ingest([str(corpus)], store, client=client, batch_size=2,
                                                 link=False)

    thread = threading.Thread(target=run)
    thread.start()
    watcher = sqlite3.connect(db, timeout=60)
    deadline = time.monotonic() + 120
    while watcher.execute("SELECT count(*) FROM documents").fetchone()[0] < 20:
        assert time.monotonic() < deadline and thread.is_alive(), "the job did not start storing"
        time.sleep(0.05)
    pids = client.run(os.getpid)
    victim = sorted(pids)[0]
    os.kill(pids[victim], signal.SIGKILL)
    stored_at_kill = watcher.execute("SELECT count(*) FROM documents").fetchone()[0]
    thread.join(timeout=300)
    assert not thread.is_alive()
    report = outcome["report"]
    counts = watcher.execute("SELECT count(*), count(DISTINCT identity), count(DISTINCT doc_id) "
                             "FROM documents").fetchone()
    watcher.close()
    assert stored_at_kill < N, "the job finished before the worker was killed"
    assert pids[victim] not in client.run(os.getpid).values()
    assert (report.added, report.failed) == (N, 0)
    assert counts == (N, N, N)
    assert stored_rows(db) == reference


def test_shards_round_trip_and_load_into_a_store(corpus, reference, tmp_path):
    from counterclaim.extraction.extract import extract_many
    from counterclaim.corpus.readers import read_inputs
    from counterclaim.corpus.shards import load_shards

    items = list(read_inputs([str(corpus)]))[:30]
    results = list(extract_many(items))
    assert all(result_from_row(result_row(r)) == r for r in results)
    assert write_shards(results, tmp_path / "shards", size=12) == 30
    assert len(list((tmp_path / "shards").glob("part-*.parquet"))) == 3
    assert list(read_shards(tmp_path / "shards")) == results
    with open_store(tmp_path / "loaded.db") as store:
        report = load_shards(tmp_path / "shards", store, link=False)
        again = load_shards(tmp_path / "shards", store, link=False)
    assert (report.added, again.unchanged) == (30, 30)
    loaded = stored_rows(tmp_path / "loaded.db")
    documents = {d for d, _ in loaded}
    assert loaded == [row for row in reference if row[0] in documents]


def test_cli_extract_out_then_load(corpus, tmp_path):
    small = tmp_path / "small.jsonl"
    small.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(True)[:6]) + '{"text": ""}\n',
                     encoding="utf-8")
    cli = [sys.executable, "-m", "counterclaim.cli"]
    out = subprocess.run([*cli, "extract", str(small), "--dask", "local", "--workers", "1",
                          "--out", str(tmp_path / "shards")], capture_output=True, text=True, timeout=180)
    assert out.returncode == 1 and "empty text" in out.stderr, out.stderr
    assert "wrote 7 row(s)" in out.stderr, out.stderr
    again = subprocess.run([*cli, "extract", str(small), "--out", str(tmp_path / "shards")],
                           capture_output=True, text=True, timeout=180)
    assert "6 document(s) already there" in again.stderr, again.stderr
    loaded = subprocess.run([*cli, "load", str(tmp_path / "shards"), "--db", str(tmp_path / "c.db")],
                            capture_output=True, text=True, timeout=180)
    assert "6 added" in loaded.stderr, loaded.stderr


def test_cluster_into_postgresql_stores_what_one_process_does(corpus, reference, client, tmp_path):
    from store_backends import database

    url = database("postgresql", tmp_path)
    with open_store(url) as store:
        report = cluster.ingest([str(corpus)], store, client=client, link=False)
    assert (report.added, report.failed) == (N, 0)
    assert stored_rows(url) == reference


@pytest.fixture
def remote_scheduler(tmp_path):
    """A scheduler and a worker started with Dask's own command line, as on a real cluster
    (loopback only): yields the scheduler's tcp:// address."""
    from distributed import Client

    dask = str(Path(sys.executable).with_name("dask"))
    file = tmp_path / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                               "--scheduler-file", str(file)], **quiet)]
    try:
        deadline = time.monotonic() + 60
        while not file.exists():
            assert time.monotonic() < deadline and procs[0].poll() is None, "the scheduler did not start"
            time.sleep(0.1)
        time.sleep(0.2)  # written, then flushed
        address = json.loads(file.read_text())["address"]
        procs.append(subprocess.Popen([dask, "worker", "--nthreads", "1", "--nworkers", "1", "--host", "127.0.0.1",
                                       "--no-dashboard", "--scheduler-file", str(file)], **quiet))
        with Client(address, timeout="30s") as probe:
            probe.wait_for_workers(1, timeout=120)
        yield address
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            proc.wait(timeout=60)


def test_cli_ingest_on_a_remote_scheduler(corpus, reference, remote_scheduler, tmp_path):
    small = tmp_path / "small.jsonl"
    small.write_text("".join(corpus.read_text(encoding="utf-8").splitlines(True)[:8]), encoding="utf-8")
    db = tmp_path / "remote.db"
    cli = [sys.executable, "-m", "counterclaim.cli", "ingest", str(small), "--db", str(db),
           "--dask", remote_scheduler, "--no-link"]
    out = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    again = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    ids = {json.loads(line)["id"] for line in small.read_text(encoding="utf-8").splitlines()}
    assert stored_rows(db) == [row for row in reference if row[0] in ids]
    with open_store(db) as store:
        stats = store.stats()
    assert (stats["versions"], stats["runs"], stats["last_run"]["added"]) == (8, 2, 0)
