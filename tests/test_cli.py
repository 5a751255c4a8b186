"""The command line, run as a real process on real files."""
import json
import subprocess
import sys
from pathlib import Path

BIN = [sys.executable, "-m", "counterclaim.cli"]


def run(*args, stdin=None):
    return subprocess.run([*BIN, *args], input=stdin, capture_output=True, text=True, timeout=300)


def test_extract_founding_article_as_json(shared):
    out = run("extract", str(shared / "fixtures" / "panjshir-2021-09.txt"), "--published", "2021-09-06",
              "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["document"]["id"] == "panjshir-2021-09"
    assert data["document"]["primary"]["acled"] is not None
    assert len(data["claims"]) >= 11


def test_batch_goes_on_past_bad_inputs(tmp_path: Path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text("Rebels said on Friday that they had seized the town of Kidal.\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"caf\xe9 au lait was shelled")
    (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (folder / "batch.jsonl").write_text(
        '{"id": "j1", "text": "Police fired tear gas at protesters in Khartoum, witnesses said."}\n'
        "this line is not json\n", encoding="utf-8")
    out = run("extract", str(folder), "--format", "jsonl", "--published", "2023-01-06")
    assert out.returncode == 1
    docs = [json.loads(line) for line in out.stdout.splitlines()]
    assert {d["document"]["id"] for d in docs} == {"good", "j1"}
    assert "empty text" in out.stderr
    assert "not valid UTF-8" in out.stderr
    assert "binary" in out.stderr
    assert "batch.jsonl:2" in out.stderr
    good = next(d for d in docs if d["document"]["id"] == "good")
    assert good["claims"][0]["claimant"]["text"] == "Rebels"
    assert good["claims"][0]["when"]["date"] == "2023-01-06"


def test_stdin_table():
    out = run("extract", "-", "--format", "table",
              stdin="The army said it had recaptured the village of Tal Tamr on Tuesday.\n")
    assert out.returncode == 0, out.stderr
    assert "army" in out.stdout and "Tal Tamr" in out.stdout


def test_missing_file_is_reported(tmp_path: Path):
    out = run("extract", str(tmp_path / "nope.txt"))
    assert out.returncode == 1
    assert "nope.txt" in out.stderr


def test_tables_print_article_text_as_written(tmp_path: Path):
    text = "Rebels said [bold]they[/bold] had seized the town of Kidal, [AFP] reported.\n"
    out = run("extract", "-", "--format", "table", stdin=text)
    assert out.returncode == 0, out.stderr
    assert "[bold]they[/bold]" in out.stdout
    db = str(tmp_path / "t.db")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    assert run("ingest", str(tmp_path / "a.txt"), "--db", db, "--processes", "1").returncode == 0
    listing = run("claims", "--db", db, "--format", "table")
    assert "[bold]they[/bold]" in listing.stdout
