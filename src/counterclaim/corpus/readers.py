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
- Bad input loses only itself: a JSONL line nested too deeply, a CSV row over `max_bytes`
  or not valid CSV, a truncated WARC record (reading goes on at the next record), a symlink
  loop or broken link in a folder (the rest of the folder is read) are each a Failure, and
  anything unforeseen that goes wrong in a reader is a Failure of that file.
- Text or metadata holding a lone surrogate (a JSON "\\ud800" escape without its partner) is
  a Failure naming the field and position, not stored with the character replaced: as with
  undecodable bytes, the input is broken and the fix belongs where it was made.
- Zip members are checked against the sizes their headers declare before anything is
  unpacked (`max_bytes` for a one-article member, MAX_RATIO for the compression ratio,
  `Options.archive_bytes` for the archive in all, at least 1 GB), and unpacking stops if a
  member holds more than it declares: a zip bomb is refused by name, not written to disk.
- Sources name where an article came from: `a.jsonl:12` and `b.csv:7` (line),
  `feed.xml#entry3`, `crawl.warc.gz#record5`, `archive.zip/inner/c.txt`.
"""
from __future__ import annotations

import errno
import os
import shutil
import sys
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path, PurePosixPath
from typing import TextIO

from ..model import Failure, first_surrogate, printable
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
                   columns=tuple(sorted((columns or {}).items())),
                   archive_bytes=max(Options.archive_bytes, 10 * max_bytes))
    for item in _read_all(paths, opts, stdin):
        source = item.source or ""
        if first_surrogate({"source": source}):  # a file name that is not UTF-8: name it by its escapes
            item = replace(item, source=printable(source))
        yield item


def _read_all(paths: Iterable[str], opts: Options, stdin: TextIO | None) -> Iterator[Item]:
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
                yield Failure(raw, _missing(path))
        except OSError as e:
            yield Failure(raw, os_reason(e))


def read_zip(path: Path, opts: Options) -> Iterator[Item]:
    """Every article in a zip archive, member by member in name order, each read by the
    reader for its extension (zips inside zips too); members are unpacked one at a time
    into a temporary folder, with their NAME.meta.json, and deleted after reading.

    Sizes are checked before anything is unpacked, from what the archive declares: a
    one-article member (text, HTML, feed) over `max_bytes`, a member that would unpack more
    than MAX_RATIO times larger than it is stored, and members beyond `archive_bytes` in
    all are refused by name, and unpacking stops at the declared size if a member holds more."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        yield Failure(str(path), f"not a zip archive ({e})")
        return
    with archive, tempfile.TemporaryDirectory(prefix="counterclaim-zip-") as tmp:
        infos = {info.filename: info for info in archive.infolist()}
        members = sorted((i for i in infos.values() if not i.is_dir()), key=lambda i: i.filename)
        found = False
        budget = opts.archive_bytes
        for n, info in enumerate(members):
            inner = PurePosixPath(info.filename)
            reader = _reader_for(inner.name)
            if (any(part.startswith(".") or part == "__MACOSX" for part in inner.parts)
                    or inner.name.endswith(META_SUFFIX) or reader is None):
                continue
            found = True
            label = f"{path}/{info.filename}"
            meta = infos.get(str(inner.with_name(inner.stem + META_SUFFIX)))
            wanted = [info] + ([meta] if meta else [])
            problem = _oversized(info, opts.max_bytes if reader in ONE_ARTICLE else None) or next(
                (_oversized(m, opts.max_bytes) for m in wanted[1:]), None)
            if problem is None and sum(m.file_size for m in wanted) > budget:
                rest = len(members) - n - 1
                yield Failure(label, f"the archive unpacks to more than {opts.archive_bytes / 1e6:g} "
                              f"MB in all (the limit per archive); this member and the {rest} after "
                              "it are not unpacked: unzip it and ingest the folder")
                break
            if problem:
                yield Failure(label, f"not unpacked: {problem}")
                continue
            budget -= sum(m.file_size for m in wanted)
            folder = Path(tmp) / str(n)
            folder.mkdir()
            try:
                member = _unpack(archive, info, folder)
                if meta:
                    _unpack(archive, meta, folder)
            except (OSError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError) as e:
                shutil.rmtree(folder, ignore_errors=True)
                yield Failure(label, f"cannot unpack from the archive ({e})")
                continue
            for item in _read_path(member, replace(opts, archive_bytes=budget), explicit=False):
                yield _relabel(item, str(member), label)
            shutil.rmtree(folder, ignore_errors=True)
        if not found:
            yield Failure(str(path), f"zip archive has no {', '.join(sorted(READERS))} files")


MAX_RATIO = 100  # uncompressed / compressed size of one member; text is seldom over 20


RATIO_FLOOR = 1_000_000  # members unpacking to less than this are not held to MAX_RATIO


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


ONE_ARTICLE = (read_text, read_html, read_feed)  # readers whose whole file is one article


def _read_path(path: Path, opts: Options, *, explicit: bool) -> Iterator[Item]:
    """The items of one file. Whatever goes wrong in its reader is a Failure of this file
    (after the items read before it), never the end of the batch."""
    if path.name.endswith(META_SUFFIX):
        if explicit and not _article_for_meta(path):
            yield Failure(str(path), "metadata file with no article beside it "
                          f"(expected {path.name[:-len(META_SUFFIX)]}.txt or .md)")
        return
    reader = _reader_for(path.name) or read_text
    last = None
    try:
        for item in reader(path, opts):
            last = item.source
            yield item
    except OSError as e:
        yield Failure(str(path), os_reason(e) if last is None else
                      f"{os_reason(e)}; reading stopped after {last}")
    except Exception as e:  # noqa: BLE001 - one broken file must not stop the batch
        error = f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
        yield Failure(str(path), f"could not be read ({error})" if last is None else
                      f"reading stopped after {last} ({error}); the rest of the file is not read")


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
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError:  # a symbolic link loop, or an entry that cannot be looked at
            yield Failure(str(path), f"{_missing(path)}; skipped, the rest of the folder is read")
            continue
        wanted = not entry.name.endswith(META_SUFFIX) and _reader_for(entry.name) is not None
        if is_dir:
            yield from _walk(path, seen)
        elif is_file and wanted:
            yield path
        elif wanted and entry.is_symlink():
            yield Failure(str(path), f"{_missing(path)}; skipped, the rest of the folder is read")


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


def _missing(path: Path) -> str:
    """Why a path that names nothing readable cannot be read."""
    try:
        os.stat(path)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return "symbolic link loop (the link leads back to itself)"
        if path.is_symlink() and isinstance(e, FileNotFoundError):
            return "broken symbolic link (what it points to does not exist)"
        return os_reason(e)
    return "not a file or folder"


def _oversized(info: zipfile.ZipInfo, max_bytes: int | None) -> str | None:
    """Why an archive member must not be unpacked, judged by the sizes its header declares;
    max_bytes: its limit when the whole member is one article."""
    if max_bytes is not None and info.file_size > max_bytes:
        return too_big(info.file_size, max_bytes)
    if info.file_size >= RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return (f"member would unpack to {info.file_size / 1e6:.1f} MB from "
                f"{info.compress_size / 1e3:.1f} kB, over {MAX_RATIO} times its stored size "
                "(a zip bomb?)")
    return None


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, folder: Path) -> Path:
    """Copy one archive member into `folder` under its own base name, stopping with a
    ValueError if it holds more than its header declares."""
    target = folder / PurePosixPath(info.filename).name
    written = 0
    with archive.open(info) as src, target.open("wb") as dst:
        while chunk := src.read(1 << 20):
            written += len(chunk)
            if written > info.file_size:
                raise ValueError(f"member holds more than the {info.file_size:,} bytes its "
                                 "header declares; not unpacked")
            dst.write(chunk)
    return target


def _relabel(item: Item, old: str, new: str) -> Item:
    """The item with its source naming the archive member instead of the unpacked copy."""
    source = item.source or ""
    if source.startswith(old):
        return replace(item, source=new + source[len(old):])
    return item


