"""From what a reader found to a `Document`: the reading options, strict UTF-8 decoding with the
byte offset of a fault, size limits, NAME.meta.json metadata, the fields an article may carry,
publication dates normalised to ISO, and the reasons a Failure gives."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..model import Document, Failure, first_surrogate, printable

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


@dataclass(frozen=True)
class Options:
    published: str | None = None  # fills the publication date where the input gives none
    max_bytes: int = 10_000_000   # per article
    columns: tuple[tuple[str, str], ...] = ()  # CSV: field -> column name, e.g. ("text", "body")
    archive_bytes: int = 1_000_000_000  # the most one zip archive may unpack to, all members together


def load_bytes(path: Path, opts: Options) -> bytes | Failure:
    """The bytes of one article file, or why they can't be used."""
    if path.is_file():
        size = path.stat().st_size
        if size > opts.max_bytes:
            return Failure(str(path), too_big(size, opts.max_bytes))
    with path.open("rb") as f:  # also pipes, e.g. <(curl ...)
        data = f.read(opts.max_bytes + 1)
    if len(data) > opts.max_bytes:
        return Failure(str(path), too_big(None, opts.max_bytes))
    return data


def decode_text(data: bytes, source: str, what: str = "file") -> str | Failure:
    """Strict UTF-8 text from bytes, or a Failure that says where it went wrong."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Failure(source, f"{what} is UTF-16, not UTF-8; convert it "
                       "(iconv -f UTF-16 -t UTF-8)")
    if b"\0" in data[:SNIFF_BYTES]:
        return Failure(source, binary_reason(data[:16]))
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
    return normalize_newlines(text)


def normalize_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_meta(path: Path) -> dict[str, str] | Failure:
    meta_path = path.with_name(path.stem + META_SUFFIX)
    try:
        raw = meta_path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as e:
        reason = os_reason(e) if isinstance(e, OSError) else f"not valid UTF-8 ({e})"
        return Failure(str(meta_path), f"{reason}; article read without its metadata")
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as e:
        return Failure(str(meta_path), f"metadata is not valid JSON ({e}); "
                       "article read without its metadata")
    if not isinstance(obj, dict):
        return Failure(str(meta_path), f"metadata is a JSON {type(obj).__name__}, not an "
                       "object; article read without its metadata")
    return fields_of(obj)


def fields_of(obj: dict[str, Any]) -> dict[str, str]:
    """The known metadata fields that have a value, as strings."""
    out = {}
    for key in FIELDS:
        value = obj.get(key)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            value = str(value).strip()
            if value:
                out[key] = value
    return out


def document_from(fields: dict[str, str], text: str, source: str, opts: Options) -> Item:
    if not text.strip():
        return Failure(source, "empty text")
    problem = lone_surrogate({"text": text, **fields, "id": ""})
    if problem:
        return Failure(source, problem)
    url = fields.get("url")
    return Document(
        # an id is a name, often a file's that is not UTF-8 ("caf\xe9.txt"): kept as its escapes
        id=printable(fields["id"]),
        text=text,
        title=fields.get("title"),
        outlet=fields.get("outlet") or (host_of(url) if url else None),
        url=url,
        published=iso_date(fields.get("published")) or fields.get("published") or opts.published,
        source=source,
        language=fields.get("language"),
    )


def lone_surrogate(fields: dict[str, str]) -> str | None:
    """Why a field is not valid Unicode: a lone surrogate, which a JSON escape such as "\\ud83d"
    without its partner gives. The article is refused rather than changed, as undecodable bytes
    are: the fault is in what produced the input, and a quietly altered text would be stored as
    if it were what the outlet published."""
    found = first_surrogate(fields)
    if found is None:
        return None
    name, char, at = found
    return (f'"{name}" holds a lone surrogate {char} at character {at} (half of a UTF-16 pair, not '
            "valid Unicode); fix the escape in the input, e.g. write the whole pair or drop it")


def iso_date(value: str | None) -> str | None:
    """An ISO date at the precision given ("2021", "2021-09", "2021-09-06", or a date-time
    kept as written), parsing other absolute spellings with dateparser; None if none."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if ISO_DATE.fullmatch(value):
        return value
    data = date_parser().get_date_data(value)
    if data is None or data.date_obj is None:
        return None
    formats = {"year": "%Y", "month": "%Y-%m"}
    return data.date_obj.strftime(formats.get(data.period or "day", "%Y-%m-%d"))


def date_parser():
    global _DATES
    if _DATES is None:
        from dateparser.date import DateDataParser

        _DATES = DateDataParser(languages=["en"], settings={
            "PARSERS": ["timestamp", "custom-formats", "absolute-time"]})
    return _DATES


_DATES = None


def host_of(url: str) -> str | None:
    """The outlet a URL names: "https://www.aljazeera.com/news/x" -> "aljazeera.com"."""
    host = urlsplit(url if "//" in url else "//" + url).hostname
    return host.removeprefix("www.") if host else None


def binary_reason(head: bytes) -> str:
    return f"binary file, not text (first bytes: {head!r}...)"


def too_big(size: int | None, limit: int) -> str:
    amount = f"{size / 1e6:.1f} MB is" if size is not None else "input is"
    return f"{amount} over the {limit / 1e6:g} MB limit per article; split it or raise --max-bytes"


def os_reason(e: OSError) -> str:
    return (e.strerror or str(e)).lower()
