"""Bad inputs lose only themselves: each is built for real in tmp_path (a lone surrogate, JSON
nested 100k deep, a truncated WARC record, a symlink loop, an oversized CSV field, a zip bomb, a
file name that is not UTF-8) and read with `read_inputs` or stored with the real `counterclaim
ingest`; every good article around them is stored, each bad one is its own Failure with a reason
that says what is wrong, and a rerun is clean."""
from __future__ import annotations

import gzip
import io
import json
import os
import struct
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from counterclaim.cli import main
from counterclaim.corpus.documents import Options
from counterclaim.corpus.readers import read_inputs, read_zip
from counterclaim.model import Document, Failure
from counterclaim.storage.store import open_store

TOWNS = ["Parian", "Rokha", "Bazarak", "Anaba", "Dara", "Shutul", "Khenj", "Onaba", "Jabal", "Charikar"]


def article(i: int) -> str:
    """A short article with claims, distinct for each i."""
    town = TOWNS[i % len(TOWNS)]
    return (f"Fighting in {town}, report {i}\n\nTaliban spokesman Zabihullah Mujahid said on Sunday that "
            f"{i + 3} fighters were killed in {town}. The National Resistance Front denied the claim, "
            "a spokesman said.")


def page(i: int) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in article(i).split("\n") if line)
    return (f"<html><head><title>Report {i}</title></head><body><article>{paragraphs}"
            "</article></body></html>").encode()


def summary(items) -> list[tuple[str, str, str]]:
    return [(type(i).__name__, i.source, getattr(i, "reason", "")) for i in items]


def failure_of(items, source: str) -> str:
    reasons = [i.reason for i in items if isinstance(i, Failure) and i.source == source]
    assert len(reasons) == 1, summary(items)
    return reasons[0]


def documents(items) -> list[str]:
    return [i.source for i in items if isinstance(i, Document)]


# ---- the bad inputs, each made as it is met in the wild ------------------------------------

def surrogate_jsonl(path: Path, first: int) -> None:
    """Good, a lone surrogate in the text, one in the url, good: json.dumps writes \\ud800."""
    lines = [{"id": "good-a", "text": article(first)},
             {"id": "bad-text", "text": article(first + 1) + " \ud800"},
             {"id": "bad-url", "text": article(first + 2), "url": "https://news.example/\ud83d"},
             {"id": "good-b", "text": article(first + 3)}]
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")


def nested_jsonl(path: Path, first: int) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000 + "\n"
                    + json.dumps({"id": "after-nest", "text": article(first)}) + "\n", encoding="utf-8")


def warc_records(pages: list[tuple[str, bytes]]) -> list[bytes]:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = []
    for uri, body in pages:
        buffer = io.BytesIO()
        writer = WARCWriter(buffer, gzip=False)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))
        out.append(buffer.getvalue())
    return out


def truncated_warc(path: Path, first: int, cut: int = 60) -> None:
    """Three responses; the second cut off after `cut` bytes (a crawler killed mid-write, then
    appended to), so its header runs straight into the third record's."""
    one, two, three = warc_records([(f"https://news.example/{first + k}", page(first + k))
                                    for k in range(3)])
    if path.name.endswith(".gz"):
        path.write_bytes(gzip.compress(one, mtime=0) + gzip.compress(two, mtime=0)[:cut]
                         + gzip.compress(three, mtime=0))
    else:
        path.write_bytes(one + two[:cut] + three)


def oversized_csv(path: Path, first: int, field: int) -> None:
    """Good rows around one row whose text field is `field` characters, quoted over two lines,
    and one row that is not valid CSV (a quote inside an unquoted field is fine; a NUL is not)."""
    rows = ["id,title,text",
            f'g1,One,"{article(first)}"',
            'big,Huge,"' + "war " * (field // 8) + "\n" + "more " * (field // 10) + '"',
            f'g2,Two,"{article(first + 1)}"',
            f'g3,Three,"{article(first + 2)}"']
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def zip_bomb(path: Path, first: int) -> None:
    """50 MB of zeros as one article, 50 MB of zeros as a JSONL (a container, so only the
    compression ratio gives it away), and good articles before and after."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("a-good.txt", article(first))
        with zf.open("bomb.txt", "w") as member:
            for _ in range(50):
                member.write(bytes(1_000_000))
        with zf.open("bomb.jsonl", "w") as member:
            for _ in range(50):
                member.write(b" " * 1_000_000)
        zf.writestr("z-good.txt", article(first + 1))
    assert path.stat().st_size < 300_000


def lying_zip(path: Path, first: int) -> None:
    """A member holding 5 MB that declares 1,000 bytes in both its headers."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("liar.txt", article(first) * 20_000)
        zf.writestr("truthful.txt", article(first + 1))
    data = bytearray(path.read_bytes())
    info = zipfile.ZipFile(path).getinfo("liar.txt")
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header: uncompressed size
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 1000)  # central directory: uncompressed size
    path.write_bytes(bytes(data))


def tree_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ---- each bad input, read ---------------------------------------------------------------------

def test_lone_surrogates_are_failures_naming_the_field(tmp_path):
    surrogate_jsonl(tmp_path / "s.jsonl", 0)
    items = list(read_inputs([str(tmp_path / "s.jsonl")]))
    base = str(tmp_path / "s.jsonl")
    assert documents(items) == [f"{base}:1", f"{base}:4"]
    text = failure_of(items, f"{base}:2")
    url = failure_of(items, f"{base}:3")
    assert '"text" holds a lone surrogate \\ud800' in text and "not valid Unicode" in text
    assert '"url" holds a lone surrogate \\ud83d at character 21' in url


def test_a_line_nested_100k_deep_is_that_lines_failure(tmp_path):
    nested_jsonl(tmp_path / "n.jsonl", 0)
    items = list(read_inputs([str(tmp_path / "n.jsonl")]))
    assert documents(items) == [f"{tmp_path / 'n.jsonl'}:2"]
    assert "nested too deeply" in failure_of(items, f"{tmp_path / 'n.jsonl'}:1")


@pytest.mark.parametrize("name,cut", [("t.warc", 60), ("t.warc", 400), ("t.warc.gz", 60),
                                      ("t.warc.gz", 200)])
def test_a_truncated_warc_record_is_a_failure_and_the_next_record_is_read(tmp_path, name, cut):
    truncated_warc(tmp_path / name, 0, cut)
    items = list(read_inputs([str(tmp_path / name)]))
    base = str(tmp_path / name)
    assert documents(items) == [f"{base}#record1", f"{base}#record3"], summary(items)
    reason = failure_of(items, f"{base}#record2")
    assert "truncated or damaged" in reason and "reading went on at the next record" in reason
    texts = [i.text for i in items if isinstance(i, Document)]
    assert "4 fighters" not in texts[1] and "5 fighters were killed in Bazarak" in texts[1]


def test_a_warc_cut_off_in_its_last_record_keeps_what_came_before(tmp_path):
    one, two = warc_records([(f"https://news.example/{k}", page(k)) for k in range(2)])
    (tmp_path / "cut.warc").write_bytes(one + two[:40])  # warcio fails with an AttributeError here
    items = list(read_inputs([str(tmp_path / "cut.warc")]))
    assert documents(items) == [f"{tmp_path / 'cut.warc'}#record1"]
    reason = failure_of(items, f"{tmp_path / 'cut.warc'}#record2")
    assert reason.startswith(f"WARC record at byte {len(one)} is truncated or damaged (AttributeError")
    assert reason.endswith("no record after it could be found")


def test_a_symlink_loop_is_skipped_and_the_rest_of_the_folder_is_read(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    os.symlink("a-loop.txt", folder / "a-loop.txt")
    os.symlink("b-loop.txt", folder / "c-loop.txt")
    os.symlink("c-loop.txt", folder / "b-loop.txt")
    os.symlink("gone.txt", folder / "d-broken.txt")
    for i in range(3):
        (folder / f"e{i}.txt").write_text(article(i), encoding="utf-8")
    items = list(read_inputs([str(folder)]))
    assert documents(items) == [str(folder / f"e{i}.txt") for i in range(3)]
    for name in ("a-loop.txt", "b-loop.txt", "c-loop.txt"):
        assert failure_of(items, str(folder / name)).startswith("symbolic link loop")
    assert failure_of(items, str(folder / "d-broken.txt")).startswith("broken symbolic link")


def test_an_oversized_csv_field_loses_only_its_row(tmp_path):
    # 12 MB: over the csv module's field limit whatever limit an earlier read in this process set
    oversized_csv(tmp_path / "rows.csv", 0, field=12_000_000)
    items = list(read_inputs([str(tmp_path / "rows.csv")], max_bytes=1_000_000))
    base = str(tmp_path / "rows.csv")
    assert documents(items) == [f"{base}:2", f"{base}:7", f"{base}:10"], summary(items)  # 3 lines each
    assert "12.0 MB is over the 1 MB limit per article" in failure_of(items, f"{base}:5")
    assert [i.id for i in items if isinstance(i, Document)] == ["g1", "g2", "g3"]


def test_a_zip_bomb_is_refused_by_name_before_it_is_unpacked(tmp_path, monkeypatch):
    zip_bomb(tmp_path / "bomb.zip", 0)
    lying_zip(tmp_path / "liar.zip", 2)
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    items, most = [], 0
    for item in read_inputs([str(tmp_path / "bomb.zip"), str(tmp_path / "liar.zip")],
                            max_bytes=1_000_000):
        most = max(most, tree_size(spool))  # what is unpacked while each item is read
        items.append(item)
    assert most < 100_000, f"{most:,} bytes unpacked into the temporary folder"
    bomb, liar = str(tmp_path / "bomb.zip"), str(tmp_path / "liar.zip")
    assert documents(items) == [f"{bomb}/a-good.txt", f"{bomb}/z-good.txt", f"{liar}/truthful.txt"]
    assert failure_of(items, f"{bomb}/bomb.txt") == (
        "not unpacked: 50.0 MB is over the 1 MB limit per article; split it or raise --max-bytes")
    assert "over 100 times its stored size (a zip bomb?)" in failure_of(items, f"{bomb}/bomb.jsonl")
    assert "cannot unpack" in failure_of(items, f"{liar}/liar.txt")
    assert tree_size(spool) == 0


def test_a_zip_over_its_total_limit_stops_at_the_member_that_does_not_fit(tmp_path):
    with zipfile.ZipFile(tmp_path / "many.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(4):
            zf.writestr(f"m{i}.jsonl", json.dumps({"id": f"m{i}", "text": article(i)}) + "\n")
    size = zipfile.ZipFile(tmp_path / "many.zip").getinfo("m0.jsonl").file_size
    items = list(read_zip(tmp_path / "many.zip", Options(archive_bytes=2 * size + 10)))
    base = str(tmp_path / "many.zip")
    assert documents(items) == [f"{base}/m0.jsonl:1", f"{base}/m1.jsonl:1"]
    reason = failure_of(items, f"{base}/m2.jsonl")
    assert "more than" in reason and "the 1 after it are not unpacked" in reason
    assert len(items) == 3


# ---- all of them in one batch, through the real command ---------------------------------------

def bad_corpus(folder: Path) -> dict[str, str]:
    """A folder of good articles among every bad input; returns {bad source: reason fragment}."""
    folder.mkdir()
    for i in range(3):
        (folder / f"good{i}.txt").write_text(article(i), encoding="utf-8")
    surrogate_jsonl(folder / "surrogates.jsonl", 10)        # good: lines 1 and 4
    nested_jsonl(folder / "nested.jsonl", 20)               # good: line 2
    truncated_warc(folder / "crawl.warc", 30)               # good: records 1 and 3
    os.symlink("loop.txt", folder / "loop.txt")
    oversized_csv(folder / "rows.csv", 40, field=2_000_000)  # good: 3 rows
    zip_bomb(folder / "bundle.zip", 50)                     # good: 2 members
    (folder / os.fsdecode(b"caf\xe9.txt")).write_text(article(60), encoding="utf-8")  # Latin-1 name
    return {
        f"{folder}/surrogates.jsonl:2": "lone surrogate",
        f"{folder}/surrogates.jsonl:3": "lone surrogate",
        f"{folder}/nested.jsonl:1": "nested too deeply",
        f"{folder}/crawl.warc#record2": "truncated or damaged",
        f"{folder}/loop.txt": "symbolic link loop",
        f"{folder}/rows.csv:5": "over the 1 MB limit per article",
        f"{folder}/bundle.zip/bomb.txt": "not unpacked",
        f"{folder}/bundle.zip/bomb.jsonl": "zip bomb",
    }


GOOD_IN_CORPUS = 3 + 2 + 1 + 2 + 3 + 2 + 1


def test_one_batch_of_every_bad_input_stores_every_good_article(tmp_path, monkeypatch):
    bad = bad_corpus(tmp_path / "in")
    spool = tmp_path / "tmp"
    spool.mkdir()
    monkeypatch.setenv("TMPDIR", str(spool))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    db = str(tmp_path / "claims.db")
    args = ["ingest", str(tmp_path / "in"), "--db", db, "--processes", "1", "--max-bytes", "1000000",
            "--no-progress"]

    first = CliRunner().invoke(main, args)
    assert first.exception is None or isinstance(first.exception, SystemExit), first.output
    assert first.exit_code == 1  # failures occurred, and the batch finished
    with open_store(db) as store:
        stats, failures = store.stats(), store.failures()
        stored = {row["source"] for row in _documents(store)}
    assert stats["last_run"]["status"] == "finished"
    assert stats["documents"] == GOOD_IN_CORPUS, sorted(stored)
    assert f"{tmp_path}/in/caf\\udce9.txt" in stored
    reasons = {f["source"]: f["reason"] for f in failures}
    assert set(reasons) == set(bad), reasons
    for source, fragment in bad.items():
        assert fragment in reasons[source], (source, reasons[source])
    assert tree_size(spool) == 0

    again = CliRunner().invoke(main, args)
    assert again.exception is None or isinstance(again.exception, SystemExit), again.output
    assert "nothing new" in again.output
    with open_store(db) as store:
        stats, failures = store.stats(), store.failures()
    assert stats["documents"] == GOOD_IN_CORPUS and stats["last_run"]["status"] == "finished"
    assert stats["last_run"]["failed"] == len(bad) and stats["last_run"]["added"] == 0
    assert {f["source"]: f["seen"] for f in failures} == {source: 2 for source in bad}

    listed = CliRunner().invoke(main, ["stats", "--db", db, "--failures", "--format", "json"])
    assert listed.exit_code == 0, listed.output
    assert {row["source"] for row in json.loads(listed.output)} == set(bad)


def _documents(store):
    from sqlalchemy import select

    from counterclaim.storage.tables import documents as table

    with store.engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(select(table.c.source, table.c.doc_id))]
