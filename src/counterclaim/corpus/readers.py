"""Reading inputs (files, folders, JSONL batches, standard input) into Documents.

`read_inputs` streams one `Document` per article, or a `Failure` saying why an input
could not be read, and always goes on with the rest of the batch. Only one article is
held in memory at a time.

Each input format is one reader function in `READERS`, keyed by file extension (the
longest match wins, so `.warc.gz` is a WARC): plain text and Markdown, JSONL, CSV/TSV,
HTML (main text and metadata via trafilatura), RSS/Atom (feedparser), WARC (warcio, HTML
responses) and zip archives of any of these. A new format is one more function (in `formats`, beside the others)
and one more entry. `documents` turns what a reader found into a Document. Files named explicitly with an extension not in `READERS` are read as text.

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

import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TextIO

from ..model import Failure
from .documents import (
    CSV_COLUMNS,
    META_SUFFIX,
    Item,
    Options,
    decode_text,
    document_from,
    normalize_newlines,
    os_reason,
    too_big,
)
from .formats import Reader, read_csv, read_feed, read_html, read_jsonl, read_text, read_warc


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
            yield Failure(raw, os_reason(e))


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


def _article_for_meta(meta: Path) -> bool:
    stem = meta.name[: -len(META_SUFFIX)]
    return any(meta.with_name(stem + ext).exists() for ext in ("", *READERS))


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
            yield Failure(str(path), os_reason(e))
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
        yield Failure(str(folder), os_reason(e))
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
            return Failure("stdin", too_big(None, opts.max_bytes))
        text = decode_text(data, "stdin")
        if isinstance(text, Failure):
            return text
    else:
        text = stream.read(opts.max_bytes + 1)
        if len(text.encode("utf-8", "surrogatepass")) > opts.max_bytes:
            return Failure("stdin", too_big(None, opts.max_bytes))
        text = normalize_newlines(text.removeprefix("\ufeff"))
    return document_from({"id": "stdin"}, text, "stdin", opts)


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


