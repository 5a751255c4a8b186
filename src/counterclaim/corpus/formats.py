"""One reader per input format: plain text and Markdown, JSON Lines, CSV/TSV, HTML (trafilatura),
RSS/Atom (feedparser) and WARC (warcio). Each takes a path and the options and yields a
`Document` per article or a `Failure` per article it could not read."""
from __future__ import annotations

import csv
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..model import Failure
from .documents import (
    CSV_COLUMNS,
    SNIFF_BYTES,
    Item,
    Options,
    binary_reason,
    decode_text,
    document_from,
    fields_of,
    load_bytes,
    normalize_newlines,
    read_meta,
    too_big,
)

HTML_TYPES = ("text/html", "application/xhtml")


BLOCK_TAGS = ("p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "tr", "pre")


Reader = Callable[[Path, Options], Iterator[Item]]


def read_text(path: Path, opts: Options) -> Iterator[Item]:
    """One article per file; metadata from NAME.meta.json beside it if there is one."""
    data = load_bytes(path, opts)
    if isinstance(data, Failure):
        yield data
        return
    text = decode_text(data, str(path))
    if isinstance(text, Failure):
        yield text
        return
    meta = read_meta(path)
    if isinstance(meta, Failure):
        yield meta
        meta = {}
    fields = {"id": path.stem, **meta}
    yield document_from(fields, text, str(path), opts)


def read_jsonl(path: Path, opts: Options) -> Iterator[Item]:
    """One article per line: {"id", "text", optional "title", "published", "outlet", "url",
    "language"}. Blank lines are skipped; a bad line is a Failure and reading goes on."""
    with path.open("rb") as f:
        if b"\0" in f.read(SNIFF_BYTES):
            f.seek(0)
            yield Failure(str(path), binary_reason(f.read(16)))
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
                yield Failure(source, too_big(size, opts.max_bytes))
                continue
            decoded = decode_text(line, source, what="line")
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
            except RecursionError:
                yield Failure(source, "line is JSON nested too deeply to read (arrays or objects about "
                              f"{sys.getrecursionlimit()} or more levels inside each other); "
                              'an article line is a flat {"id": ..., "text": "..."}')
                continue
            if not isinstance(obj, dict):
                yield Failure(source, f"line is a JSON {type(obj).__name__}, not an object")
                continue
            text = obj.get("text")
            if not isinstance(text, str):
                reason = 'no "text" field' if text is None else '"text" is not a string'
                yield Failure(source, f'{reason}; each line needs {{"id": ..., "text": "..."}}')
                continue
            fields = {"id": f"{path.stem}:{lineno}", **fields_of(obj)}
            yield document_from(fields, normalize_newlines(text), source, opts)


def read_csv(path: Path, opts: Options) -> Iterator[Item]:
    """One article per row. Columns are found by usual names ("text", "body", "articleBody",
    "title", "date", "url", ...) or named in `Options.columns`; `.tsv` is tab-separated, a
    `.csv` may use , ; tab or |. A row without text, over `max_bytes` or malformed is a
    Failure and reading goes on with the next row."""
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
    if b"\0" in head:
        yield Failure(str(path), binary_reason(head[:16]))
        return
    # The csv module's field limit is process-wide: raised (never lowered) so that a field
    # of max_bytes fits; a longer one, or a longer line, is its row's Failure.
    limit = max(opts.max_bytes, 131072) + 1
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)
    with path.open("r", encoding="utf-8-sig", errors="strict", newline="") as f:
        lines = _CsvLines(f, limit)
        try:
            if path.suffix.lower() == ".tsv":
                dialect: Any = csv.excel_tab
            else:
                try:
                    dialect = csv.Sniffer().sniff(f.read(SNIFF_BYTES), delimiters=",;\t|")
                except csv.Error:
                    dialect = csv.excel
                f.seek(0)
            lines.quote = dialect.quotechar or ""
            try:
                rows = csv.DictReader(lines, dialect=dialect)
                header = rows.fieldnames or []
            except (csv.Error, _LineTooLong) as e:
                yield Failure(f"{path}:1", f"CSV header cannot be read ({e})")
                return
            mapping = _csv_mapping(header, dict(opts.columns))
            if isinstance(mapping, str):
                yield Failure(str(path), mapping)
                return
            while True:
                start = lines.line + 1
                lines.new_record()
                source = f"{path}:{start}"
                try:
                    row = next(rows)
                except StopIteration:
                    break
                except (csv.Error, _LineTooLong) as e:
                    yield Failure(source, _csv_row_reason(e, lines.skip_record(), opts.max_bytes))
                    if lines.line < start:  # nothing was consumed: nothing more can be read
                        break
                    rows = csv.DictReader(lines, fieldnames=header, dialect=dialect)
                    continue
                text = row.get(mapping["text"]) or ""
                if len(text.encode("utf-8")) > opts.max_bytes:
                    yield Failure(source, too_big(len(text.encode("utf-8")), opts.max_bytes))
                    continue
                if not text.strip():
                    yield Failure(source, f'empty text in column "{mapping["text"]}"')
                    continue
                fields = fields_of({k: row.get(col) for k, col in mapping.items() if k != "text"})
                fields = {"id": f"{path.stem}:{start}", **fields}
                yield document_from(fields, normalize_newlines(text), source, opts)
        except UnicodeDecodeError as e:
            yield Failure(str(path), f"file is not valid UTF-8 ({e.reason} near line "
                          f"{lines.line + 1}); save it as UTF-8 (e.g. iconv -f WINDOWS-1252 -t UTF-8)")


class _LineTooLong(Exception):
    """A CSV line longer than the field limit (raised through the csv reader)."""


class _CsvLines:
    """The lines of a CSV file as the csv reader takes them, each at most `limit` characters,
    counting the quote characters of the record being read: after a bad record, reading skips
    to where its quotes balance, which is where the next record starts."""

    def __init__(self, f: Any, limit: int):
        self.f, self.limit, self.quote = f, limit, '"'
        self.line = 0    # physical lines read
        self.quotes = 0  # quote characters since the record began
        self.chars = 0   # characters since the record began
        self.at_end = True  # whether the last read ended a line

    def __iter__(self) -> _CsvLines:
        return self

    def __next__(self) -> str:
        line = self._read(self.limit)
        if not line:
            raise StopIteration
        if len(line) >= self.limit and not line.endswith(("\n", "\r")):
            while (more := self._read(1 << 20)) and not more.endswith(("\n", "\r")):
                pass  # the rest of the line, counted but not kept
            raise _LineTooLong(f"line {self.line} is longer than {self.limit - 1:,} characters")
        return line

    def new_record(self) -> None:
        self.quotes = self.chars = 0

    def skip_record(self) -> int:
        """Read on to the end of the record the csv reader gave up on; its size in characters."""
        while (self.quotes % 2 or not self.at_end) and self._read(1 << 20):
            pass
        return self.chars

    def _read(self, size: int) -> str:
        chunk = self.f.readline(size)
        ended = chunk.endswith(("\n", "\r"))
        if ended or (not chunk and not self.at_end):  # a line ends, or the file ends one
            self.line += 1
        self.at_end = ended or not chunk
        if self.quote:
            self.quotes += chunk.count(self.quote)
        self.chars += len(chunk)
        return chunk


def _csv_row_reason(error: Exception, size: int, max_bytes: int) -> str:
    if isinstance(error, _LineTooLong) or "field limit" in str(error):
        return too_big(size, max_bytes)
    return f"row is not valid CSV ({error}); skipped to the next row"


def read_html(path: Path, opts: Options) -> Iterator[Item]:
    """One article per HTML page: its main text, title, date, site name and URL as found by
    trafilatura; NAME.meta.json beside it wins over what the page says."""
    data = load_bytes(path, opts)
    if isinstance(data, Failure):
        yield data
        return
    meta = read_meta(path)
    if isinstance(meta, Failure):
        yield meta
        meta = {}
    yield _html_document(data, str(path), {"id": path.stem, **meta}, opts)



def read_page(data: bytes, url: str, opts: Options = Options()) -> Item:
    """One article from an HTML page fetched from `url`, read as `read_html` reads a file; the
    URL is its id and source."""
    return _html_document(data, url, {"id": url}, opts, url=url)

def read_feed(path: Path, opts: Options) -> Iterator[Item]:
    """One article per RSS or Atom entry, with the entry's text (content, else summary);
    an entry with only a title and link is a Failure saying to ingest the page itself."""
    import feedparser

    data = load_bytes(path, opts)
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
        fields = fields_of({
            "id": entry.get("id") or entry.get("link"),
            "title": entry.get("title"),
            "url": entry.get("link"),
            "outlet": feed.get("title"),
            "published": "%04d-%02d-%02d" % tuple(stamp[:3]) if stamp else entry.get("published"),
            "language": feed.get("language"),
        })
        yield document_from({"id": f"{path.stem}:{n}", **fields}, text, source, opts)


def read_warc(path: Path, opts: Options) -> Iterator[Item]:
    """One article per successful HTML response record of a WARC (or .warc.gz), read like an
    HTML page whose URL is the record's target URI; other records are skipped. A truncated or
    damaged record is a Failure naming it, and reading goes on at the next record found."""
    from warcio.archiveiterator import ArchiveIterator

    found = n = 0
    offset: int | None = 0
    with path.open("rb") as f:
        gzipped = f.read(2) == b"\x1f\x8b"
        size = os.fstat(f.fileno()).st_size
        while offset is not None:
            f.seek(offset)
            records = ArchiveIterator(f)
            at: int | None = None  # where the record being read starts, once it parsed
            try:
                for record in records:
                    n, at = n + 1, records.offset
                    names = [name.lower() for name, _ in record.rec_headers.headers]
                    if names.count("warc-record-id") > 1:
                        raise ValueError("its header runs into the next record's")
                    item = _warc_item(record, f"{path}#record{n}", opts)
                    errors = records.err_count
                    records.read_to_end()
                    if records.err_count > errors:  # what followed it was not a blank line
                        raise ValueError("its Content-Length runs past its end")
                    at = None
                    if item is not None:
                        found += 1
                        yield item
                if records.offset < size:  # warcio ends quietly at a gzip member it cannot inflate
                    raise ValueError("it cannot be decompressed or parsed")
                offset = None
            except Exception as e:  # noqa: BLE001 - warcio raises many kinds on damaged records
                if at is None:  # the record could not even be parsed
                    n, at = n + 1, records.offset
                offset = _next_warc_record(f, at + 1, gzipped)
                if n == 1 and offset is None:
                    yield Failure(str(path), f"not a WARC archive, or damaged ({_warcio_error(e)})")
                    return
                after = ("reading went on at the next record" if offset is not None
                         else "no record after it could be found")
                yield Failure(f"{path}#record{n}", f"WARC record at byte {at} is truncated or "
                              f"damaged ({_warcio_error(e)}); {after}")
    if not found:
        yield Failure(str(path), "WARC holds no successful HTML responses")


def _warc_item(record: Any, source: str, opts: Options) -> Item | None:
    """The article in one WARC record, or None for a record that is not an HTML page."""
    http = record.http_headers
    if record.rec_type != "response" or http is None:
        return None
    kind = (http.get_header("Content-Type") or "").lower()
    if not kind.startswith(HTML_TYPES) or not http.get_statuscode().startswith("2"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    data = record.content_stream().read(opts.max_bytes + 1)
    if len(data) > opts.max_bytes:
        return Failure(source, too_big(None, opts.max_bytes))
    return _html_document(data, source, {"id": uri or source.rsplit("/", 1)[-1]}, opts, url=uri)


def _next_warc_record(f: Any, start: int, gzipped: bool) -> int | None:
    """The offset of the next record that may start at or after `start`: a gzip member of a
    .warc.gz, a "WARC/1." version line of a plain WARC (a truncated record may leave it
    mid-line); None if there is none."""
    marker = b"\x1f\x8b\x08" if gzipped else b"WARC/1."
    f.seek(start)
    at, tail = start, b""
    while chunk := f.read(1 << 20):
        found = (tail + chunk).find(marker)
        if found >= 0:
            return at - len(tail) + found
        tail = chunk[-len(marker):]
        at += len(chunk)
    return None


def _warcio_error(e: Exception) -> str:
    """The first line of a warcio error, shortened, with unprintable bytes shown as "?"."""
    lines = str(e).strip().splitlines()
    detail = "".join(c if c.isprintable() else "?" for c in (lines[0] if lines else "")[:100])
    return f"{type(e).__name__}: {detail or 'no detail'}"


def _html_document(data: bytes, source: str, given: dict[str, str], opts: Options,
                   url: str | None = None) -> Item:
    """An article from an HTML page: trafilatura's main text and metadata, `given` winning."""
    import trafilatura

    if b"\0" in data[:SNIFF_BYTES]:
        return Failure(source, binary_reason(data[:16]))
    try:
        found = trafilatura.bare_extraction(data, url=url, with_metadata=True,
                                            include_comments=False, include_tables=False)
    except Exception as e:  # noqa: BLE001 - a parser bug on one page must not stop a batch
        return Failure(source, f"HTML could not be parsed ({e!r})")
    text = getattr(found, "text", None) if found is not None else None
    if not text or not text.strip():
        return Failure(source, "no article text found in the HTML page (an index, login or "
                       "empty page?)")
    fields = fields_of({"title": found.title, "published": found.date, "outlet": found.sitename,
                      "url": found.url or url})
    fields.update(given)
    return document_from(fields, normalize_newlines(text), source, opts)


def _html_text(markup: str) -> str:
    """Plain text of an HTML fragment (a feed entry), one line per block element."""
    if "<" not in markup:
        import html

        return normalize_newlines(html.unescape(markup)).strip()
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
