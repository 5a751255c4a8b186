"""Cached answers are never stale: a write by another process (here `counterclaim ingest` and
`counterclaim link` against the store the server reads) changes the store's generation, and the
next answer is read anew."""
from __future__ import annotations

import httpx
import pytest
from click.testing import CliRunner

from counterclaim.cli import main
from counterclaim.storage.store import open_store
from live_server import FOUNDING, serve
from store_backends import BACKENDS, database

SECOND = ("Taliban say they captured Parian\n\nThe Taliban said on Tuesday their fighters had captured Parian "
          "district in Panjshir province and killed 40 resistance fighters. The Resistance Front denied that, "
          "saying its forces still held Parian.\n")


@pytest.mark.parametrize("backend", BACKENDS)
def test_answers_follow_writes_by_other_processes(backend: str, tmp_path) -> None:
    if not FOUNDING.exists():
        pytest.skip("../shared (the founding article) is not beside the repository")
    db = database(backend, tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["ingest", str(FOUNDING), "--db", db, "--processes", "1", "--no-progress",
                                "--published", "2021-09-06"]).exit_code == 0
    with open_store(db) as store:
        first_generation = store.generation()
    assert first_generation > 0
    with serve(db) as base, httpx.Client(base_url=base, timeout=60) as client:
        before = client.get("/api/propositions", params={"limit": 50})
        again = client.get("/api/propositions", params={"limit": 50})
        assert before.status_code == again.status_code == 200
        assert again.content == before.content and again.headers["x-total-count"] == before.headers["x-total-count"]
        article = tmp_path / "parian.txt"
        article.write_text(SECOND, encoding="utf-8")
        result = runner.invoke(main, ["ingest", str(article), "--db", db, "--processes", "1", "--no-progress",
                                      "--published", "2021-09-07"])
        assert result.exit_code == 0, result.output
        grown = client.get("/api/propositions", params={"limit": 50})
        assert int(grown.headers["x-total-count"]) > int(before.headers["x-total-count"])
        assert grown.content != before.content
        # relinking alone (no new document) is a write readers see too
        with open_store(db) as store:
            generation = store.generation()
        assert runner.invoke(main, ["link", "--db", db]).exit_code == 0
        with open_store(db) as store:
            assert store.generation() > generation
        # the founding article deleted: its propositions leave the cached listing at once, the new
        # article's stay
        from live_server import TOKEN

        with open_store(db) as store:
            founding = next(d["id"] for d in store.engine.connect().exec_driver_sql(
                "SELECT id, title FROM documents").mappings() if "Parian" not in (d["title"] or ""))
        gone = client.delete(f"/api/documents/{founding}", headers={"Authorization": f"Bearer {TOKEN}"})
        assert gone.status_code == 200, gone.text
        after = client.get("/api/propositions", params={"limit": 50})
        assert 0 < int(after.headers["x-total-count"]) < int(before.headers["x-total-count"])
        assert after.content not in (before.content, grown.content)
