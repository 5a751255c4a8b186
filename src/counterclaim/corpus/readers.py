"""Reading inputs (files, folders, JSONL batches, standard input) into Documents.

`read_inputs` streams one `Document` per article, or a `Failure` saying why an input
could not be read, and always goes on with the rest of the batch. Only one article is
held in memory at a time.

Each input format is one reader function in `READERS`, keyed by file extension (the
longest match wins, so `.warc.gz` is a WARC): plain text and Markdown, JSONL, CSV/TSV,
HTML (main text and metadata via trafilatura), RSS/Atom (feedparser), WARC (warcio, HTML
responses) and zip archives of any of these. A new format is one more function and one
more entry. Files named explicitly with an extension not in `READERS` are read as text.

Decisions worth knowing:
- Text is strict UTF-8 (a leading BOM is dropped); undecodable bytes are a Failure that
  gives the byte offset, never silently replaced. Line endings become "\\n", as Python's
  text mode does, so claim spans index `Document.text`.
- `NAME.meta.json` beside `NAME.txt` gives id, title, published, outlet, url, language.
  If it is unreadable or not a JSON object the article is still read without it, and a
  Failure naming the metadata file is yielded first, so nothing is lost and nothing is
  silent. A `*.meta.json` named on the command line is skipped when its article is beside
  it (it is read with the article), and is a Failure otherwise.
- `max_bytes` limits one article: a whole text file or HTML page, one JSONL line or CSV
  row, one WARC record; a feed file as a whole.
- Publication dates are normalised to ISO at the precision given ("2021", "2021-09",
  "2021-09-06"); other spellings ("Mon, 06 Sep 2021 10:00:00 GMT") are parsed with
  dateparser, relative ones ("yesterday") are not accepted from metadata.
- The outlet is the metadata's (meta.json, HTML site name, feed title), else the URL host.
- Sources name where an article came from: `a.jsonl:12` and `b.csv:7` (line),
  `feed.xml#entry3`, `crawl.warc.gz#record5`, `archive.zip/inner/c.txt`.
"""
from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any, TextIO
from urllib.parse import urlsplit

from counterclaim.model import Document, Failure

Item = Document | Failure
FIELDS = ("id", "title", "published", "outlet", "url", "language")
META_SUFFIX = ".meta.json"
SNIFF_BYTES = 8192  # NUL bytes in this much of a file mean it is binary
NEWLINE = b"\n"
ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?")
# CSV columns looked for when no mapping is given, first match (case-insensitive) wins.
CSV_COLUMNS = {
    "text": ("text", "body", "articlebody", "article", "content", "maintext"),
    "id": ("id", "body id", "body_id", "doc_id", "uuid"),
    "title": ("title", "headline"),
    "published": ("published", "date", "publish_date", "published_at", "pubdate", "date_publish"),
    "outlet": ("outlet", "source", "site", "publisher", "sitename"),
    "url": ("url", "link", "source_url"),
    "language": ("language", "lang"),
}
HTML_TYPES = ("text/html", "application/xhtml")
BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre")


@dataclass(frozen=True)
class Options:
    published: str | None = None  # fills the publication date where the input gives none
    max_bytes: int = 10_000_000   # per article
    columns: tuple[tuple[str, str], ...] = ()  # CSV: field -> column name, e.g. ("text", "body")


def read_inputs(
    paths: Iterable[str],
    *,
    published: str | None = None,
    stdin: TextIO | None = None,
    max_bytes: int = 10_000_000,
    columns: Mapping[str, str] | None = None,
) -> Iterator[Item]:
    """Stream the articles in `paths`, in order, as Documents, or Failures saying why not.

    paths: files, folders (read recursively, sorted, hidden files skipped) or "-" for
        standard input. `.jsonl` files hold one article per line; other files hold one.
    published: ISO date used where an article's metadata gives no publication date.
    stdin: the stream "-" reads (default `sys.stdin`).
    max_bytes: the largest article accepted, in bytes (a file, or one JSONL line).
    columns: CSV column names for the fields text, id, title, published, outlet, url,
        language (e.g. {"text": "articleBody"}); unnamed fields are found by usual names.

    Yields one Document per article read and one Failure (source, reason) per input or
    line that could not be; a Failure never stops the batch.
    """
    unknown = sorted(set(columns or {}) - set(CSV_COLUMNS))
    if unknown:
        raise ValueError(f"unknown CSV field(s) {', '.join(unknown)}; "
                         f"known: {', '.join(CSV_COLUMNS)}")
    opts = Options(published=published, max_bytes=max_bytes,
                   columns=tuple(sorted((columns or {}).items())))
    for raw in paths:
        if raw == "-":
            yield _read_stdin(stdin if stdin is not None else sys.stdin, opts)
            continue
        path = Path(raw)
        try:
            if path.is_dir():
                yield from _read_folder(path, opts)
            elif path.exists():
                yield from _read_path(path, opts, explicit=True)
            else:
                yield Failure(raw, "no such file or directory")
        except OSError as e:
            yield Failure(raw, _os_reason(e))


# ---- readers, one per format --------------------------------------------------------

Reader = Callable[[Path, Options], Iterator[Item]]


def read_text(path: Path, opts: Options) -> Iterator[Item]:
    """One article per file; metadata from NAME.meta.json beside it if there is one."""
    data = _load(path, opts)
    if isinstance(data, Failure):
        yield data
        return
    text = _decode(data, str(path))
    if isinstance(text, Failure):
        yield text
        return
    meta = _read_meta(path)
    if isinstance(meta, Failure):
        yield meta
        meta = {}
    fields = {"id": path.stem, **meta}
    yield _document(fields, text, str(path), opts)


def read_jsonl(path: Path, opts: Options) -> Iterator[Item]:
    """One article per line: {"id", "text", optional "title", "published", "outlet", "url",
    "language"}. Blank lines are skipped; a bad line is a Failure and reading goes on."""
    with path.open("rb") as f:
        if b"\0" in f.read(SNIFF_BYTES):
            f.seek(0)
            yield Failure(str(path), _binary_reason(f.read(16)))
            return
        f.seek(0)
        lineno = 0
        while line := f.readline(opts.max_bytes + 1):
            lineno += 1
            source = f"{path}:{lineno}"
            if len(line) > opts.max_bytes and not line.endswith(b"\n"):
                size = len(line)
                while line and not line.endswith(b"\n"):  # skip the rest of the line
                    line = f.readline(1 << 20)
                    size += len(line)
                yield Failure(source, _too_big(size, opts.max_bytes))
                continue
            decoded = _decode(line, source, what="line")
            if isinstance(decoded, Failure):
                yield decoded
                continue
            if not decoded.strip():
                continue
            try:
                obj = json.loads(decoded)
            except json.JSONDecodeError as e:
                yield Failure(source, f"line is not valid JSON ({e})")
                continue
            if not isinstance(obj, dict):
                yield Failure(source, f"line is a JSON {type(obj).__name__}, not an object")
                continue
            text = obj.get("text")
            if not isinstance(text, str):
                reason = 'no "text" field' if text is None else '"text" is not a string'
                yield Failure(source, f'{reason}; each line needs {{"id": ..., "text": "..."}}')
                continue
            fields = {"id": f"{path.stem}:{lineno}", **_fields(obj)}
            yield _document(fields, _normalize(text), source, opts)


def read_csv(path: Path, opts: Options) -> Iterator[Item]:
    """One article per row. Columns are found by usual names ("text", "body", "articleBody",
    "title", "date", "url", ...) or named in `Options.columns`; `.tsv` is tab-separated, a
    `.csv` may use , ; tab or |. A row without text is a Failure and reading goes on."""
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
    if b"\0" in head:
        yield Failure(str(path), _binary_reason(head[:16]))
        return
    limit = max(opts.max_bytes, 131072)
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)
    line = 1
    with path.open("r", encoding="utf-8-sig", errors="strict", newline="") as f:
        try:
            if path.suffix.lower() == ".tsv":
                dialect: Any = csv.excel_tab
            else:
                try:
                    dialect = csv.Sniffer().sniff(f.read(SNIFF_BYTES), delimiters=",;\t|")
                except csv.Error:
                    dialect = csv.excel
                f.seek(0)
            rows = csv.DictReader(f, dialect=dialect)
            header = rows.fieldnames or []
            mapping = _csv_mapping(header, dict(opts.columns))
            if isinstance(mapping, str):
                yield Failure(str(path), mapping)
                return
            for row in rows:
                start, line = line + 1, rows.line_num
                source = f"{path}:{start}"
                text = row.get(mapping["text"]) or ""
                if len(text.encode("utf-8")) > opts.max_bytes:
                    yield Failure(source, _too_big(len(text.encode("utf-8")), opts.max_bytes))
                    continue
                if not text.strip():
                    yield Failure(source, f'empty text in column "{mapping["text"]}"')
                    continue
                fields = _fields({k: row.get(col) for k, col in mapping.items() if k != "text"})
                fields = {"id": f"{path.stem}:{start}", **fields}
                yield _document(fields, _normalize(text), source, opts)
        except UnicodeDecodeError as e:
            yield Failure(str(path), f"file is not valid UTF-8 ({e.reason} near line "
                          f"{line + 1}); save it as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)")
        except csv.Error as e:
            yield Failure(f"{path}:{line + 1}", f"CSV cannot be read past here ({e})")


def read_html(path: Path, opts: Options) -> Iterator[Item]:
    """One article per HTML page: its main text, title, date, site name and URL as found by
    trafilatura; NAME.meta.json beside it wins over what the page says."""
    data = _load(path, opts)
    if isinstance(data, Failure):
        yield data
        return
    meta = _read_meta(path)
    if isinstance(meta, Failure):
        yield meta
        meta = {}
    yield _html_document(data, str(path), {"id": path.stem, **meta}, opts)


def read_feed(path: Path, opts: Options) -> Iterator[Item]:
    """One article per RSS or Atom entry, with the entry's text (content, else summary);
    an entry with only a title and link is a Failure saying to ingest the page itself."""
    import feedparser

    data = _load(path, opts)
    if isinstance(data, Failure):
        yield data
        return
    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        yield Failure(str(path), f"not RSS or Atom (first bytes: {data[:40]!r})")
        return
    feed = parsed.get("feed", {})
    for n, entry in enumerate(parsed.entries, 1):
        source = f"{path}#entry{n}"
        contents = entry.get("content") or []
        markup = contents[0].get("value") if contents else entry.get("summary")
        text = _html_text(markup or "")
        if not text.strip():
            yield Failure(source, "entry has a title and link but no text; ingest the page "
                          "itself (HTML or WARC)")
            continue
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        fields = _fields({
            "id": entry.get("id") or entry.get("link"),
            "title": entry.get("title"),
            "url": entry.get("link"),
            "outlet": feed.get("title"),
            "published": "%04d-%02d-%02d" % tuple(stamp[:3]) if stamp else entry.get("published"),
            "language": feed.get("language"),
        })
        yield _document({"id": f"{path.stem}:{n}", **fields}, text, source, opts)


def read_warc(path: Path, opts: Options) -> Iterator[Item]:
    """One article per successful HTML response record of a WARC (or .warc.gz), read like an
    HTML page whose URL is the record's target URI; other records are skipped."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    with path.open("rb") as f:
        try:
            for n, record in enumerate(ArchiveIterator(f), 1):
                http = record.http_headers
                if record.rec_type != "response" or http is None:
                    continue
                kind = (http.get_header("Content-Type") or "").lower()
                if not kind.startswith(HTML_TYPES) or not http.get_statuscode().startswith("2"):
                    continue
                found += 1
                uri = record.rec_headers.get_header("WARC-Target-URI")
                source = f"{path}#record{n}"
                data = record.content_stream().read(opts.max_bytes + 1)
                if len(data) > opts.max_bytes:
                    yield Failure(source, _too_big(None, opts.max_bytes))
                    continue
                yield _html_document(data, source, {"id": uri or f"{path.stem}:{n}"}, opts, url=uri)
        except ArchiveLoadFailed as e:
            yield Failure(str(path), f"not a WARC archive, or damaged ({e})")
            return
    if not found:
        yield Failure(str(path), "WARC holds no successful HTML responses")


def read_zip(path: Path, opts: Options) -> Iterator[Item]:
    """Every article in a zip archive, member by member in name order, each read by the
    reader for its extension (zips inside zips too); members are unpacked one at a time
    into a temporary folder, with their NAME.meta.json, and deleted after reading."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        yield Failure(str(path), f"not a zip archive ({e})")
        return
    with archive, tempfile.TemporaryDirectory(prefix="counterclaim-zip-") as tmp:
        names = {info.filename for info in archive.infolist()}
        members = sorted((i for i in archive.infolist() if not i.is_dir()), key=lambda i: i.filename)
        found = False
        for n, info in enumerate(members):
            inner = PurePosixPath(info.filename)
            if (any(part.startswith(".") or part == "__MACOSX" for part in inner.parts)
                    or inner.name.endswith(META_SUFFIX) or _reader_for(inner.name) is None):
                continue
            found = True
            label = f"{path}/{info.filename}"
            folder = Path(tmp) / str(n)
            folder.mkdir()
            try:
                member = _unpack(archive, info.filename, folder)
                meta = str(inner.with_name(inner.stem + META_SUFFIX))
                if meta in names:
                    _unpack(archive, meta, folder)
            except (OSError, zipfile.BadZipFile, RuntimeError, ValueError) as e:
                yield Failure(label, f"cannot unpack from the archive ({e})")
                continue
            for item in _read_path(member, opts, explicit=False):
                yield _relabel(item, str(member), label)
            shutil.rmtree(folder, ignore_errors=True)
        if not found:
            yield Failure(str(path), f"zip archive has no {', '.join(sorted(READERS))} files")


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".jsonl": read_jsonl,
    ".csv": read_csv,
    ".tsv": read_csv,
    ".html": read_html,
    ".htm": read_html,
    ".xhtml": read_html,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
    ".warc": read_warc,
    ".warc.gz": read_warc,
    ".zip": read_zip,
}


# ---- walking inputs -----------------------------------------------------------------

def _read_path(path: Path, opts: Options, *, explicit: bool) -> Iterator[Item]:
    if path.name.endswith(META_SUFFIX):
        if explicit and not _article_for_meta(path):
            yield Failure(str(path), "metadata file with no article beside it "
                          f"(expected {path.name[:-len(META_SUFFIX)]}.txt or .md)")
        return
    reader = _reader_for(path.name) or read_text
    yield from reader(path, opts)


def _reader_for(name: str) -> Reader | None:
    """The reader for a file name: the longest extension in READERS it ends with."""
    lower = name.lower()
    matches = [ext for ext in READERS if lower.endswith(ext)]
    return READERS[max(matches, key=len)] if matches else None


def _read_folder(folder: Path, opts: Options) -> Iterator[Item]:
    found = False
    for path in _walk(folder, set()):
        found = True
        if isinstance(path, Failure):
            yield path
            continue
        try:
            yield from _read_path(path, opts, explicit=False)
        except OSError as e:
            yield Failure(str(path), _os_reason(e))
    if not found:
        kinds = ", ".join(sorted(READERS))
        yield Failure(str(folder), f"folder has no {kinds} files")


def _walk(folder: Path, seen: set[str]) -> Iterator[Path | Failure]:
    """Readable files under `folder`, depth first in name order; hidden and metadata
    files skipped; symlinked folders followed once; unreadable folders reported."""
    real = os.path.realpath(folder)
    if real in seen:
        return
    seen.add(real)
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as e:
        yield Failure(str(folder), _os_reason(e))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        if entry.is_dir():
            yield from _walk(path, seen)
        elif (entry.is_file() and not entry.name.endswith(META_SUFFIX)
              and _reader_for(entry.name) is not None):
            yield path


def _read_stdin(stream: TextIO | None, opts: Options) -> Item:
    if stream is None:
        return Failure("stdin", "no standard input")
    buffer = getattr(stream, "buffer", None)
    if buffer is not None:  # a real stream: decode the bytes ourselves, strictly
        data = buffer.read(opts.max_bytes + 1)
        if len(data) > opts.max_bytes:
            return Failure("stdin", _too_big(None, opts.max_bytes))
        text = _decode(data, "stdin")
        if isinstance(text, Failure):
            return text
    else:
        text = stream.read(opts.max_bytes + 1)
        if len(text.encode("utf-8", "surrogatepass")) > opts.max_bytes:
            return Failure("stdin", _too_big(None, opts.max_bytes))
        text = _normalize(text.removeprefix("\ufeff"))
    return _document({"id": "stdin"}, text, "stdin", opts)


# ---- helpers ------------------------------------------------------------------------

def _load(path: Path, opts: Options) -> bytes | Failure:
    """The bytes of one article file, or why they can't be used."""
    if path.is_file():
        size = path.stat().st_size
        if size > opts.max_bytes:
            return Failure(str(path), _too_big(size, opts.max_bytes))
    with path.open("rb") as f:  # also pipes, e.g. <(curl ...)
        data = f.read(opts.max_bytes + 1)
    if len(data) > opts.max_bytes:
        return Failure(str(path), _too_big(None, opts.max_bytes))
    return data


def _decode(data: bytes, source: str, what: str = "file") -> str | Failure:
    """Strict UTF-8 text from bytes, or a Failure that says where it went wrong."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Failure(source, f"{what} is UTF-16, not UTF-8; convert it "
                       "(iconv -f UTF-16 -t UTF-8)")
    if b"\0" in data[:SNIFF_BYTES]:
        return Failure(source, _binary_reason(data[:16]))
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as e:
        at = e.start + bom
        where = f"offset {at}"
        if what == "file":
            where += f" (line {data.count(NEWLINE, 0, at) + 1})"
        return Failure(source, f"{what} is not valid UTF-8: byte 0x{data[at]:02x} at {where}, "
                       f"{e.reason}; save it as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)")
    return _normalize(text)


def _normalize(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _read_meta(path: Path) -> dict[str, str] | Failure:
    meta_path = path.with_name(path.stem + META_SUFFIX)
    try:
        raw = meta_path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        reason = _os_reason(e) if isinstance(e, OSError) else f"not valid UTF-8 ({e})"
        return Failure(str(meta_path), f"{reason}; article read without its metadata")
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as e:
        return Failure(str(meta_path), f"metadata is not valid JSON ({e}); "
                       "article read without its metadata")
    if not isinstance(obj, dict):
        return Failure(str(meta_path), f"metadata is a JSON {type(obj).__name__}, not an "
                       "object; article read without its metadata")
    return _fields(obj)


def _article_for_meta(meta: Path) -> bool:
    stem = meta.name[: -len(META_SUFFIX)]
    return any(meta.with_name(stem + ext).exists() for ext in ("", *READERS))


def _fields(obj: dict[str, Any]) -> dict[str, str]:
    """The known metadata fields that have a value, as strings."""
    out = {}
    for key in FIELDS:
        value = obj.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            value = str(value).strip()
            if value:
                out[key] = value
    return out


def _document(fields: dict[str, str], text: str, source: str, opts: Options) -> Item:
    if not text.strip():
        return Failure(source, "empty text")
    url = fields.get("url")
    return Document(
        id=fields["id"],
        text=text,
        title=fields.get("title"),
        outlet=fields.get("outlet") or (_host(url) if url else None),
        url=url,
        published=iso_date(fields.get("published")) or fields.get("published") or opts.published,
        source=source,
        language=fields.get("language"),
    )


def _html_document(data: bytes, source: str, given: dict[str, str], opts: Options,
                   url: str | None = None) -> Item:
    """An article from an HTML page: trafilatura's main text and metadata, `given` winning."""
    import trafilatura

    if b"\0" in data[:SNIFF_BYTES]:
        return Failure(source, _binary_reason(data[:16]))
    try:
        found = trafilatura.bare_extraction(data, url=url, with_metadata=True,
                                            include_comments=False, include_tables=False)
    except Exception as e:  # noqa: BLE001 - a parser bug on one page must not stop a batch
        return Failure(source, f"HTML could not be parsed ({e!r})")
    text = getattr(found, "text", None) if found is not None else None
    if not text or not text.strip():
        return Failure(source, "no article text found in the HTML page (an index, login or "
                       "empty page?)")
    fields = _fields({"title": found.title, "published": found.date, "outlet": found.sitename,
                      "url": found.url or url})
    fields.update(given)
    return _document(fields, _normalize(text), source, opts)


def _html_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed entry), one line per block element."""
    if "<" not in markup:
        import html

        return _normalize(html.unescape(markup)).strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except Exception:  # noqa: BLE001 - unparseable markup: fall back to dropping tags
        return re.sub(r"<[^>]+>", " ", markup).strip()
    for element in root.iter(*BLOCK_TAGS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _csv_mapping(header: list[str], given: dict[str, str]) -> dict[str, str] | str:
    """Field -> column for a CSV header, or why the file cannot be read."""
    by_lower = {name.strip().lower(): name for name in header if name}
    mapping = {}
    for field, usual in CSV_COLUMNS.items():
        if field in given:
            if given[field] not in header:
                return (f'no column "{given[field]}" for {field}; columns are: '
                        f"{', '.join(header)}")
            mapping[field] = given[field]
            continue
        for name in usual:
            if name in by_lower:
                mapping[field] = by_lower[name]
                break
    if "text" not in mapping:
        return (f"no text column among: {', '.join(header) or '(no header)'}; name it with "
                "--text-column")
    return mapping


def _unpack(archive: zipfile.ZipFile, name: str, folder: Path) -> Path:
    """Copy one archive member into `folder` under its own base name."""
    target = folder / PurePosixPath(name).name
    with archive.open(name) as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    return target


def _relabel(item: Item, old: str, new: str) -> Item:
    """The item with its source naming the archive member instead of the unpacked copy."""
    source = item.source or ""
    if source.startswith(old):
        return replace(item, source=new + source[len(old):])
    return item


def iso_date(value: str | None) -> str | None:
    """An ISO date at the precision given ("2021", "2021-09", "2021-09-06", or a date-time
    kept as written), parsing other absolute spellings with dateparser; None if none."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if ISO_DATE.fullmatch(value):
        return value
    data = _date_parser().get_date_data(value)
    if data is None or data.date_obj is None:
        return None
    formats = {"year": "%Y", "month": "%Y-%m"}
    return data.date_obj.strftime(formats.get(data.period or "day", "%Y-%m-%d"))


def _date_parser():
    global _DATES
    if _DATES is None:
        from dateparser.date import DateDataParser

        _DATES = DateDataParser(languages=["en"], settings={
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"]})
    return _DATES


_DATES = None


def _host(url: str) -> str | None:
    """The outlet a URL names: "https://www.aljazeera.com/news/x" -> "aljazeera.com"."""
    host = urlsplit(url if "//" in url else "//" + url).hostname
    return host.removeprefix("www.") if host else None


def _binary_reason(head: bytes) -> str:
    return f"binary file, not text (first bytes: {head!r}...)"


def _too_big(size: int | None, limit: int) -> str:
    amount = f"{size / 1e6:.1f} MB is" if size is not None else "input is"
    return f"{amount} over the {limit / 1e6:g} MB limit per article; split it or raise --max-bytes"


def _os_reason(e: OSError) -> str:
    return (e.strerror or str(e)).lower()
