"""Documents sent to `POST /api/documents`: read, checked and ingested.

`json_documents(body)` reads a JSON body (an object, a list of them or {"documents": [...]});
`form_documents(request)` a form with `text` or `file`s; both give Documents or raise an
HTTPException naming the field (400 unreadable, 413 too many, 415 wrong type, 422 bad value).
`ingest(store, docs, lock)` extracts, stores and relinks them. `REQUEST_BODY` is the OpenAPI
description of the body, so that the document says what the route reads.
"""
from __future__ import annotations

import hashlib
import json
import re
import tempfile
import threading
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request

MAX_BATCH = 100               # documents in one POST
MAX_FIELD = 2000              # characters in one metadata field
UPLOAD_SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl"}
FIELDS = ("title", "published", "outlet", "url", "id")
PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})([T ].{2,40})?)?)?$")
PUBLISHED_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])([T ][0-9:.+\-Z]{2,40})?)?)?$"
UNSENDABLE = re.compile(r"[\x00\ud800-\udfff]")   # NUL (PostgreSQL refuses it) and lone surrogates
SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def valid_published(value: str) -> bool:
    """Whether `value` is a real date: YYYY, YYYY-MM or YYYY-MM-DD (optionally with a time),
    year 1 or later, with a month and day that exist."""
    found = PUBLISHED.match(value)
    if not found:
        return False
    year, month, day, clock = found.groups()
    try:
        date(int(year), int(month or 1), int(day or 1))
        if clock:
            datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _text(value: str, where: str) -> str:
    if UNSENDABLE.search(value):
        raise HTTPException(422, f"{where}: holds a NUL character or a lone surrogate; send valid Unicode text")
    return value


def _url(value: str, where: str) -> None:
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a port out of range
    except ValueError as e:
        raise HTTPException(422, f"{where}: not a URL ({e}); give an http(s) URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise HTTPException(422, f"{where}: only http(s) URLs with a host are kept")


def document_from(obj: Any, where: str):
    """A Document from one JSON object or form, every field checked."""
    from ..extraction.extract import make_document

    if not isinstance(obj, dict):
        raise HTTPException(422, f"{where}: expected an object with a 'text' field")
    unknown = set(obj) - {"text", *FIELDS}
    if unknown:
        raise HTTPException(422, f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))[:200]}")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise HTTPException(422, f"{where}.text: missing or empty; give the article text")
    _text(text, f"{where}.text")
    meta = {}
    for key in FIELDS:
        value = obj.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str) or len(value) > MAX_FIELD:
            raise HTTPException(422, f"{where}.{key}: expected a string of at most {MAX_FIELD:,} characters")
        meta[key] = _text(value.strip(), f"{where}.{key}")
    if "published" in meta and not valid_published(meta["published"]):
        raise HTTPException(422, f"{where}.published: {meta['published'][:40]!r} is not a date; "
                                 "use YYYY, YYYY-MM or YYYY-MM-DD (year 1 or later)")
    if "url" in meta:
        _url(meta["url"], f"{where}.url")
    doc = make_document(text, **meta)
    doc.source = f"api:{doc.id}"
    return doc


def json_documents(body: bytes) -> list:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise HTTPException(400, f"body: not JSON ({e}); send an object with 'text', or a list of them") from None
    except RecursionError:
        raise HTTPException(400, "body: JSON nested too deeply; send an object with 'text', or a list of them") from None
    if isinstance(data, dict) and "documents" in data and "text" not in data:
        data = data["documents"]
    items = data if isinstance(data, list) else [data]
    if not items:
        raise HTTPException(422, "body: no documents given")
    if len(items) > MAX_BATCH:
        raise HTTPException(413, f"body: {len(items)} documents; send at most {MAX_BATCH} at a time")
    return [document_from(obj, f"documents[{n}]" if isinstance(data, list) else "document")
            for n, obj in enumerate(items)]


def upload_name(filename: str, content: bytes, suffix: str) -> str:
    """The file name an upload is read under (its stem becomes the document id): the client's
    file name reduced to safe characters, with the content's hash so that no two differ only there.
    No path from the client reaches the disk."""
    stem = SAFE_NAME.sub("-", Path(filename.replace("\\", "/")).stem).strip("-._")[:60] or "upload"
    return f"{stem}-{hashlib.sha256(content).hexdigest()[:12]}{suffix}"


async def form_documents(request: Request):
    """Documents from a form: `text` with its fields, or `file`s; and the temporary folder to
    delete once they are ingested (None when no file came)."""
    from ..corpus.readers import read_inputs
    from ..model import Failure

    form = await request.form(max_files=MAX_BATCH, max_fields=50)
    meta = {k: form.get(k) for k in FIELDS if isinstance(form.get(k), str) and form.get(k)}
    files = [f for f in form.getlist("file") if not isinstance(f, str)]
    docs = []
    if isinstance(form.get("text"), str) and form.get("text").strip():
        docs.append(document_from({"text": form.get("text"), **meta}, "form"))
    elif meta:
        document_from({"text": "-", **meta}, "form")   # the same checks on the fields given with files
    tmp = None
    if files:
        tmp = tempfile.TemporaryDirectory(prefix="counterclaim-upload-")
        for n, upload in enumerate(files):
            shown = _text(Path(upload.filename or "").name[:80], f"file {n + 1}")
            suffix = Path(upload.filename or "").suffix.lower()
            if suffix not in UPLOAD_SUFFIXES:
                raise HTTPException(415, f"file {n + 1}: {suffix or 'no suffix'!r}; upload .txt, .md, .html or .jsonl")
            content = await upload.read()
            path = Path(tmp.name) / str(n) / upload_name(upload.filename or "", content, suffix)
            path.parent.mkdir()
            path.write_bytes(content)
            for item in read_inputs([str(path)], published=meta.get("published")):
                if isinstance(item, Failure):
                    raise HTTPException(422, f"file {n + 1} ({shown}): {item.reason}")
                for key in ("title", "outlet", "url"):
                    if meta.get(key):
                        setattr(item, key, meta[key])
                for key in ("text", "title", "outlet", "url", "published"):
                    if isinstance(getattr(item, key, None), str):
                        _text(getattr(item, key), f"file {n + 1} ({shown}): {key}")
                item.source = f"upload:{shown or 'file'}"
                docs.append(item)
    if not docs:
        raise HTTPException(422, "form: give 'text' or a 'file'")
    if len(docs) > MAX_BATCH:
        raise HTTPException(413, f"form: {len(docs)} documents; send at most {MAX_BATCH} at a time")
    return docs, tmp


def ingest(store: Any, docs: list, lock: threading.Lock) -> dict[str, Any]:
    """Extract, store and link `docs` (one write at a time; the ingest links what is unlinked before
    it finishes, as the CLI's); what was stored, as the POST answers."""
    from sqlalchemy import select

    from ..corpus.ingest import ingest_items
    from ..storage.store import identity
    from ..storage.tables import documents

    failures: list[dict[str, str]] = []
    with lock:
        report = ingest_items(docs, store, inputs=["api"],
                              on_failure=lambda f: failures.append({"source": f.source, "reason": f.reason}))
        stored = []
        with store.engine.connect() as conn:
            for doc in docs:
                row = conn.execute(select(documents.c.id, documents.c.n_claims)
                                   .where(documents.c.identity == identity(doc)[0])).first()
                if row:
                    stored.append({"id": row.id, "doc_id": doc.id, "title": doc.title, "claims": row.n_claims})
    return {"added": report.added, "versions": report.versions, "unchanged": report.unchanged,
            "failed": report.failed, "claims": report.claims, "documents": stored, "failures": failures,
            "relinked": report.linked}


_DOCUMENT = {
    "type": "object", "required": ["text"], "additionalProperties": False,
    "properties": {
        "text": {"type": "string", "minLength": 1, "description": "The article text."},
        "title": {"type": "string", "maxLength": MAX_FIELD},
        "published": {"type": "string", "pattern": PUBLISHED_PATTERN,
                      "description": "YYYY, YYYY-MM or YYYY-MM-DD (a real date, year 1 or later)."},
        "outlet": {"type": "string", "maxLength": MAX_FIELD},
        "url": {"type": "string", "format": "uri", "maxLength": MAX_FIELD, "description": "An http(s) URL."},
        "id": {"type": "string", "maxLength": MAX_FIELD, "description": "Your id (default: from the text)."},
    },
}
_FORM = {
    "type": "object", "additionalProperties": False,
    "properties": {
        **{k: v for k, v in _DOCUMENT["properties"].items()},
        "file": {"type": "array", "maxItems": MAX_BATCH, "items": {"type": "string", "format": "binary"},
                 "description": "Files to read: .txt, .md, .html or .jsonl (one document a line)."},
    },
}
REQUEST_BODY = {
    "required": True,
    "description": "One article, a list of them or {\"documents\": [...]}; or a form with `text` or `file`s.",
    "content": {
        "application/json": {"schema": {"oneOf": [
            _DOCUMENT,
            {"type": "array", "minItems": 1, "maxItems": MAX_BATCH, "items": _DOCUMENT},
            {"type": "object", "required": ["documents"], "additionalProperties": False,
             "properties": {"documents": {"type": "array", "minItems": 1, "maxItems": MAX_BATCH, "items": _DOCUMENT}}},
        ]}},
        "multipart/form-data": {"schema": _FORM},
    },
}
