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


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".jsonl": read_jsonl,
}


# ---- walking inputs -----------------------------------------------------------------

def _read_path(path: Path, opts: Options, *, explicit: bool) -> Iterator[Item]:
    if path.name.endswith(META_SUFFIX):
        if explicit and not _article_for_meta(path):
            yield Failure(str(path), "metadata file with no article beside it "
                          f"(expected {path.name[:-len(META_SUFFIX)]}.txt or .md)")
        return
    reader = READERS.get(path.suffix.lower(), read_text)
    yield from reader(path, opts)


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
              and path.suffix.lower() in READERS):
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
        published=fields.get("published") or opts.published,
        source=source,
        language=fields.get("language"),
    )


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
