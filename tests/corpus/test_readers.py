"""Reading inputs into Documents: real files in tmp_path, one behaviour per test."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from counterclaim.model import Document, Failure
from counterclaim.corpus.readers import READERS, read_inputs

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(64)


def read(*paths, **kw) -> list[Document | Failure]:
    return list(read_inputs([str(p) for p in paths], **kw))


def only(items, kind):
    assert len(items) == 1, items
    assert isinstance(items[0], kind), items[0]
    return items[0]


def test_text_file_is_one_document_with_stem_as_id(tmp_path):
    path = tmp_path / "kabul-report.txt"
    path.write_text("Headline\n\nThe ministry said 12 people were killed.\n", encoding="utf-8")
    doc = only(read(path), Document)
    assert doc.id == "kabul-report"
    assert doc.text == "Headline\n\nThe ministry said 12 people were killed.\n"
    assert doc.source == str(path)
    assert doc.title is None and doc.published is None and doc.outlet is None


def test_meta_json_beside_text_gives_metadata(tmp_path):
    (tmp_path / "a.txt").write_text("Body text.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(json.dumps({
        "id": "custom-id", "title": "A title", "published": "2021-09-06",
        "url": "https://www.aljazeera.com/news/2021/9/6/x", "language": "en",
    }), encoding="utf-8")
    doc = only(read(tmp_path / "a.txt", published="1999-01-01"), Document)
    assert (doc.id, doc.title, doc.published, doc.language) == (
        "custom-id", "A title", "2021-09-06", "en")
    assert doc.url == "https://www.aljazeera.com/news/2021/9/6/x"
    assert doc.outlet == "aljazeera.com"


def test_meta_outlet_wins_over_url_host(tmp_path):
    (tmp_path / "a.md").write_text("Body.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text(
        '{"outlet": "Al Jazeera", "url": "https://www.aljazeera.com/x"}', encoding="utf-8")
    assert only(read(tmp_path / "a.md"), Document).outlet == "Al Jazeera"


def test_published_option_fills_only_missing_dates(tmp_path):
    (tmp_path / "dated.txt").write_text("One.", encoding="utf-8")
    (tmp_path / "dated.meta.json").write_text('{"published": "2021-09-06"}', encoding="utf-8")
    (tmp_path / "undated.txt").write_text("Two.", encoding="utf-8")
    docs = read(tmp_path, published="2022-02-24")
    assert [(d.id, d.published) for d in docs] == [
        ("dated", "2021-09-06"), ("undated", "2022-02-24")]


def test_broken_meta_json_still_reads_the_article_and_reports_it(tmp_path):
    (tmp_path / "a.txt").write_text("Body.", encoding="utf-8")
    meta = tmp_path / "a.meta.json"
    meta.write_text("{not json", encoding="utf-8")
    failure, doc = read(tmp_path / "a.txt")
    assert isinstance(failure, Failure) and failure.source == str(meta)
    assert "not valid JSON" in failure.reason and "without its metadata" in failure.reason
    assert isinstance(doc, Document) and doc.id == "a" and doc.text == "Body."


def test_folder_is_read_recursively_in_sorted_order_skipping_others(tmp_path):
    (tmp_path / "b.txt").write_text("B.", encoding="utf-8")
    (tmp_path / "a.md").write_text("A.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.jsonl").write_text(
        '{"id": "c1", "text": "C1."}\n{"text": "C2."}\n', encoding="utf-8")
    (tmp_path / "sub" / "z.txt").write_text("Z.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden", encoding="utf-8")
    (tmp_path / "b.meta.json").write_text('{"title": "B"}', encoding="utf-8")
    (tmp_path / "notes.docx").write_text("not,read\n", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(PNG)
    items = read(tmp_path)
    assert all(isinstance(i, Document) for i in items), items
    assert [d.id for d in items] == ["a", "b", "c1", "c:2", "z"]
    assert items[1].title == "B"
    assert items[3].source == f"{tmp_path / 'sub' / 'c.jsonl'}:2"


def test_empty_folder_is_reported(tmp_path):
    failure = only(read(tmp_path), Failure)
    assert failure.source == str(tmp_path) and ".txt" in failure.reason


def test_jsonl_broken_lines_are_reported_and_the_rest_read(tmp_path):
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join([
        json.dumps({"id": "one", "text": "First.", "title": "T1", "published": "2021-09-05",
                    "url": "https://www.bbc.co.uk/news/world"}),
        "",
        "{oops",
        json.dumps({"id": "no-text"}),
        json.dumps(["a", "list"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Last."}),
    ]) + "\n", encoding="utf-8")
    items = read(batch, published="2022-01-01")
    assert [type(i).__name__ for i in items] == [
        "Document", "Failure", "Failure", "Failure", "Failure", "Document"]
    first, bad_json, no_text, a_list, empty, last = items
    assert (first.id, first.title, first.published, first.outlet, first.source) == (
        "one", "T1", "2021-09-05", "bbc.co.uk", f"{batch}:1")
    assert bad_json.source == f"{batch}:3"
    assert bad_json.reason.startswith("line is not valid JSON (Expecting property name")
    assert no_text.source == f"{batch}:4" and '"text"' in no_text.reason
    assert a_list.source == f"{batch}:5" and "not an object" in a_list.reason
    assert (empty.source, empty.reason) == (f"{batch}:6", "empty text")
    assert (last.id, last.published, last.source) == ("batch:7", "2022-01-01", f"{batch}:7")


def test_jsonl_line_over_the_limit_is_skipped_not_the_batch(tmp_path):
    batch = tmp_path / "big.jsonl"
    big = json.dumps({"text": "x" * 5000})
    batch.write_text(f'{{"text": "small"}}\n{big}\n{{"text": "after"}}\n', encoding="utf-8")
    items = read(batch, max_bytes=1000)
    assert [getattr(i, "text", None) for i in items] == ["small", None, "after"]
    assert items[1].source == f"{batch}:2" and "limit per article" in items[1].reason


def test_missing_path_is_a_failure_and_the_batch_goes_on(tmp_path):
    (tmp_path / "ok.txt").write_text("Fine.", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    failure, doc = read(missing, tmp_path / "ok.txt")
    assert failure == Failure(str(missing), "no such file or directory")
    assert isinstance(doc, Document) and doc.id == "ok"


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_or_whitespace_file_is_a_failure(tmp_path, content):
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert only(read(path), Failure) == Failure(str(path), "empty text")


def test_binary_file_is_a_failure_showing_its_first_bytes(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(PNG)
    failure = only(read(path), Failure)
    assert failure.source == str(path)
    assert failure.reason.startswith("binary file, not text (first bytes: b'\\x89PNG")


def test_binary_file_without_extension_named_explicitly_is_a_failure(tmp_path):
    path = tmp_path / "blob"
    path.write_bytes(PNG)
    assert only(read(path), Failure).reason.startswith("binary file")


def test_text_file_without_extension_named_explicitly_is_read(tmp_path):
    path = tmp_path / "README"
    path.write_text("Plain words.", encoding="utf-8")
    assert only(read(path), Document).text == "Plain words."


def test_invalid_utf8_is_a_failure_with_the_byte_offset(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Line one.\nCaf\u00e9 in Kabul.".encode("latin-1"))
    failure = only(read(path), Failure)
    assert failure.source == str(path)
    assert "not valid UTF-8" in failure.reason
    assert "byte 0xe9 at offset 13 (line 2)" in failure.reason


def test_utf8_bom_and_crlf_are_normalised(tmp_path):
    path = tmp_path / "win.txt"
    path.write_bytes(b"\xef\xbb\xbfHeadline\r\nBody\r\n")
    assert only(read(path), Document).text == "Headline\nBody\n"


def test_file_over_max_bytes_is_refused_with_its_size(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(20_000_000)  # sparse: 20 MB without writing them
    failure = only(read(path), Failure)
    assert failure == Failure(
        str(path), "20.0 MB is over the 10 MB limit per article; split it or raise --max-bytes")


def test_max_bytes_can_be_raised(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("word " * 400, encoding="utf-8")  # 2000 bytes
    assert isinstance(only(read(path, max_bytes=1000), Failure), Failure)
    assert isinstance(only(read(path, max_bytes=2000), Document), Document)


def test_stdin_is_one_article():
    doc = only(read("-", stdin=io.StringIO("From a pipe.\n"), published="2021-09-06"), Document)
    assert (doc.id, doc.source, doc.text, doc.published) == (
        "stdin", "stdin", "From a pipe.\n", "2021-09-06")


def test_stdin_bytes_are_decoded_strictly():
    stream = io.TextIOWrapper(io.BytesIO(b"ok \xff bad"), encoding="utf-8")
    failure = only(read("-", stdin=stream), Failure)
    assert failure.source == "stdin" and "byte 0xff at offset 3" in failure.reason


def test_meta_json_named_explicitly_is_read_with_its_article(tmp_path):
    (tmp_path / "a.txt").write_text("Body.", encoding="utf-8")
    (tmp_path / "a.meta.json").write_text('{"title": "T"}', encoding="utf-8")
    (tmp_path / "orphan.meta.json").write_text("{}", encoding="utf-8")
    items = read(tmp_path / "a.meta.json", tmp_path / "a.txt", tmp_path / "orphan.meta.json")
    assert [type(i).__name__ for i in items] == ["Document", "Failure"]
    assert items[0].title == "T"
    assert items[1].source == str(tmp_path / "orphan.meta.json")


def test_readers_are_a_table_keyed_by_extension():
    assert {".txt", ".md", ".jsonl"} <= set(READERS)


def test_inputs_are_streamed_lazily(tmp_path):
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")

    def paths():
        yield str(tmp_path / "a.txt")
        raise AssertionError("read ahead of the consumer")

    assert next(read_inputs(paths())).id == "a"


def test_real_fixture_is_read_with_its_metadata():
    fixture = SHARED / "fixtures" / "panjshir-2021-09.txt"
    if not fixture.exists():
        pytest.skip(f"{fixture} not present")
    meta = json.loads(fixture.with_name("panjshir-2021-09.meta.json").read_text("utf-8"))
    doc = only(read(fixture), Document)
    assert doc.id == meta["id"] == "panjshir-2021-09"
    assert doc.title == meta["title"]
    assert doc.published == meta["published"]
    assert doc.language == "en"
    assert doc.outlet is None and doc.url is None
    assert doc.text.startswith("Taliban claim control of eight districts in Panjshir")
    assert "Massoud" in doc.text
