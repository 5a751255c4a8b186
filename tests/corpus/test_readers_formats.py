"""Reading HTML, CSV, RSS/Atom, WARC and zip inputs: real files made in tmp_path with the
formats' own libraries where there is one (warcio's writer, zipfile)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from counterclaim.model import Document, Failure
from counterclaim.corpus.documents import iso_date
from counterclaim.corpus.readers import read_inputs

BODY = ("Taliban spokesman Zabihullah Mujahid said on Sunday that the group had taken control of "
        "Panjshir province. The National Resistance Front denied the claim and said its forces "
        "remained in strategic positions across the valley.")
PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<title>Taliban claim Panjshir | Example News</title>
<meta property="og:title" content="Taliban claim control of Panjshir">
<meta property="og:site_name" content="Example News">
<meta property="og:url" content="https://news.example.com/2021/09/06/panjshir">
<meta property="article:published_time" content="2021-09-06T08:30:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Taliban claim control of Panjshir</h1>
<p>{BODY}</p>
<p>Fighting was reported in the Parian district, residents said, and roads into the valley were closed.</p>
</article>
<footer>Copyright Example News. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>"""


def read(*paths, **kw) -> list[Document | Failure]:
    return list(read_inputs([str(p) for p in paths], **kw))


def docs(items) -> list[Document]:
    return [i for i in items if isinstance(i, Document)]


def test_html_page_gives_main_text_and_metadata(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    [doc] = read(tmp_path / "page.html")
    assert isinstance(doc, Document), doc
    assert "Zabihullah Mujahid said on Sunday" in doc.text and "Parian district" in doc.text
    assert "Subscribe" not in doc.text and "Home" not in doc.text  # boilerplate dropped
    assert doc.title == "Taliban claim control of Panjshir"
    assert doc.published == "2021-09-06"
    assert doc.outlet == "Example News"
    assert doc.url == "https://news.example.com/2021/09/06/panjshir"
    assert (doc.id, doc.source) == ("page", str(tmp_path / "page.html"))


def test_html_meta_json_wins_and_empty_page_is_a_failure(tmp_path):
    (tmp_path / "page.htm").write_text(PAGE, encoding="utf-8")
    (tmp_path / "page.meta.json").write_text('{"outlet": "Wire", "published": "2021-09-07"}', encoding="utf-8")
    (tmp_path / "index.html").write_text("<html><head><title>Index</title><script>x()</script></head>"
                                         "<body><img src=a.png></body></html>", encoding="utf-8")
    page, index = read(tmp_path / "page.htm", tmp_path / "index.html")
    assert (page.outlet, page.published) == ("Wire", "2021-09-07")
    assert isinstance(index, Failure) and "no article text" in index.reason


def test_csv_columns_found_by_usual_names(tmp_path):
    path = tmp_path / "bodies.csv"
    path.write_text('Body ID,articleBody\n1,"First body, with a comma."\n2,""\n3,"Third\nbody on two lines."\n',
                    encoding="utf-8")
    first, empty, third = read(path)
    assert (first.id, first.text, first.source) == ("1", "First body, with a comma.", f"{path}:2")
    assert isinstance(empty, Failure) and empty.source == f"{path}:3" and "empty text" in empty.reason
    assert (third.id, third.text) == ("3", "Third\nbody on two lines.")


def test_csv_column_mapping_and_date_parsing(tmp_path):
    path = tmp_path / "wire.csv"
    path.write_text("story;when;site;address\nThe army said it held Kabul.;Mon, 06 Sep 2021 10:00:00 GMT;"
                    "Wire;https://www.wire.example/x\n", encoding="utf-8")
    [doc] = read(path, columns={"text": "story", "published": "when", "outlet": "site", "url": "address"})
    assert (doc.text, doc.published, doc.outlet, doc.url) == (
        "The army said it held Kabul.", "2021-09-06", "Wire", "https://www.wire.example/x")
    [failure] = read(path)
    assert isinstance(failure, Failure) and "no text column" in failure.reason and "story" in failure.reason
    [failure] = read(path, columns={"text": "body"})
    assert 'no column "body"' in failure.reason
    with pytest.raises(ValueError, match="unknown CSV field"):
        read(path, columns={"txt": "story"})


def test_tsv_and_bad_utf8_csv(tmp_path):
    (tmp_path / "a.tsv").write_text("id\ttext\nt1\tOne, two.\n", encoding="utf-8")
    (tmp_path / "b.csv").write_bytes(b"text\ncaf\xe9 shelled\n")
    [tsv] = read(tmp_path / "a.tsv")
    assert (tsv.id, tsv.text) == ("t1", "One, two.")
    [bad] = read(tmp_path / "b.csv")
    assert isinstance(bad, Failure) and "not valid UTF-8" in bad.reason


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Example World</title><link>https://news.example.com/</link><language>en</language>
<item><title>Panjshir</title><link>https://news.example.com/p</link><guid>urn:p</guid>
<pubDate>Mon, 06 Sep 2021 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>First paragraph, said officials.</p><p>Second &amp; last.</p>]]></content:encoded></item>
<item><title>Headline only</title><link>https://news.example.com/h</link></item>
<item><title>Kabul</title><link>https://news.example.com/k</link><description>Police said a blast hit Kabul.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:feed</id>
<updated>2021-09-07T00:00:00Z</updated>
<entry><title>Herat</title><id>urn:h</id><link href="https://atom.example.org/herat"/>
<updated>2021-09-07T09:00:00Z</updated>
<content type="html">&lt;p&gt;Officials said the governor fled Herat.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_entries_become_articles(tmp_path):
    (tmp_path / "feed.rss").write_text(RSS, encoding="utf-8")
    first, title_only, third = read(tmp_path / "feed.rss")
    assert first.text == "First paragraph, said officials.\nSecond & last."
    assert (first.id, first.title, first.url, first.published, first.outlet, first.language) == (
        "urn:p", "Panjshir", "https://news.example.com/p", "2021-09-06", "Example World", "en")
    assert first.source == f"{tmp_path / 'feed.rss'}#entry1"
    assert isinstance(title_only, Failure) and "no text" in title_only.reason
    assert third.text == "Police said a blast hit Kabul." and third.published is None


def test_atom_feed_and_non_feed_xml(tmp_path):
    (tmp_path / "wire.atom").write_text(ATOM, encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text("<html><body>hello</body></html>", encoding="utf-8")
    [entry] = read(tmp_path / "wire.atom")
    assert (entry.text, entry.url, entry.published, entry.outlet) == (
        "Officials said the governor fled Herat.", "https://atom.example.org/herat", "2021-09-07", "Atom Wire")
    [failure] = read(tmp_path / "sitemap.xml")
    assert isinstance(failure, Failure) and failure.reason.startswith("not RSS or Atom")


def write_warc(path: Path, gzip: bool) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def response(uri: str, status: str, ctype: str, body: bytes) -> None:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                      http_headers=headers))

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        writer.write_record(writer.create_warc_record("https://news.example.com/p", "request",
                                                      payload=io.BytesIO(b"GET /p HTTP/1.1\r\n\r\n")))
        response("https://news.example.com/p", "200 OK", "text/html; charset=utf-8", PAGE.encode())
        response("https://news.example.com/missing", "404 Not Found", "text/html", b"<html>gone</html>")
        response("https://news.example.com/logo.png", "200 OK", "image/png", b"\x89PNG\r\n")
        response("https://other.example.net/empty", "200 OK", "text/html", b"<html><body></body></html>")


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_become_articles(tmp_path, name):
    write_warc(tmp_path / name, gzip=name.endswith(".gz"))
    page, empty = read(tmp_path / name)
    assert isinstance(page, Document), page
    assert page.url == "https://news.example.com/2021/09/06/panjshir"  # the page's canonical URL
    assert "Zabihullah Mujahid" in page.text and page.outlet == "Example News"
    assert page.source.startswith(f"{tmp_path / name}#record")
    assert isinstance(empty, Failure) and "no article text" in empty.reason


def test_not_a_warc_and_not_a_zip(tmp_path):
    (tmp_path / "x.warc.gz").write_bytes(b"\x1f\x8b not really gzip")
    (tmp_path / "y.zip").write_bytes(b"PK nope")
    a, b = read(tmp_path / "x.warc.gz", tmp_path / "y.zip")
    assert isinstance(a, Failure) and "WARC" in a.reason
    assert isinstance(b, Failure) and "not a zip archive" in b.reason


def test_zip_members_are_read_by_their_format(tmp_path):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep.txt", "Deep inside, officials said.")
    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as zf:
        zf.writestr("a/story.txt", "Rebels said they seized Kidal.")
        zf.writestr("a/story.meta.json", '{"title": "Kidal", "url": "https://www.mali.example/k"}')
        zf.writestr("b.jsonl", '{"id": "j1", "text": "Police said two died."}\nnot json\n')
        zf.writestr("c.html", PAGE)
        zf.writestr("nested.zip", inner.getvalue())
        zf.writestr("__MACOSX/._story.txt", "junk")
        zf.writestr(".hidden.txt", "hidden")
        zf.writestr("notes.docx", "skipped")
    items = read(tmp_path / "bundle.zip")
    base = str(tmp_path / "bundle.zip")
    assert [(type(i).__name__, i.source) for i in items] == [
        ("Document", f"{base}/a/story.txt"),
        ("Document", f"{base}/b.jsonl:1"),
        ("Failure", f"{base}/b.jsonl:2"),
        ("Document", f"{base}/c.html"),
        ("Document", f"{base}/nested.zip/deep.txt"),
    ]
    story = items[0]
    assert (story.id, story.title, story.outlet) == ("story", "Kidal", "mali.example")
    assert items[3].title == "Taliban claim control of Panjshir"


def test_folder_of_every_format_recursively(tmp_path):
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "page.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "feeds").mkdir()
    (tmp_path / "feeds" / "wire.atom").write_text(ATOM, encoding="utf-8")
    write_warc(tmp_path / "crawl.warc.gz", gzip=True)
    (tmp_path / "rows.csv").write_text("text\nOne row said.\n", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "z.zip", "w") as zf:
        zf.writestr("z.txt", "Zipped text.")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    found = docs(read(tmp_path))
    assert [Path(d.source.split("#")[0].split(":")[0]).name for d in found] == [
        "crawl.warc.gz", "wire.atom", "rows.csv", "page.html", "z.txt"]


@pytest.mark.parametrize("given, expected", [
    ("2021-09-06", "2021-09-06"), ("2021-09", "2021-09"), ("2021", "2021"),
    ("2021-09-06T08:30:00Z", "2021-09-06T08:30:00Z"), ("Mon, 06 Sep 2021 10:00:00 GMT", "2021-09-06"),
    ("6 September 2021", "2021-09-06"), ("September 2021", "2021-09"), ("yesterday", None), ("", None),
])
def test_dates_keep_their_precision(given, expected):
    assert iso_date(given) == expected
