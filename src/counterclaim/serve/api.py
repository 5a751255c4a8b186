"""The REST API and the dashboard: a FastAPI app over one claims store.

`create_app(db, token=None, read_only=False)` serves the dashboard at `/`, its files at `/static`,
the API under `/api` and a description of the API at `/docs` (from `/openapi.json`, drawn by a
local page: nothing is fetched from a CDN). Reads are open; writes (POST and DELETE
`/api/documents`) need the token in `Authorization: Bearer TOKEN` (or `X-Counterclaim-Token`);
`read_only` registers no write route at all. `counterclaim serve` runs it with uvicorn.

Decisions worth knowing:
- Request bodies over `max_body` bytes get 413 before they are read; a bad parameter gets 400
  (or 422 for a wrong type) naming the parameter, never a 500.
- Every page is served with a Content-Security-Policy that allows only this origin's scripts
  and styles; the dashboard also writes untrusted text with `textContent` only.
- Writes are serialised by a lock: extraction, storing and relinking run one at a time.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import tempfile
import threading
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from .queries import (
    STATUSES, ClaimFilter, QueryError, actors_summary, claim_detail, claim_page, delete_document, document_page,
    document_row, facets, iter_claims, place_row, place_summaries, timeline,
)

MAX_BODY = 5_000_000          # bytes in one request body
MAX_BATCH = 100               # documents in one POST
UPLOAD_SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl"}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}([T ][0-9:.+\-Z]{2,40})?)?)?$")
WEB = resources.files("counterclaim.serve") / "web"


def _web_file(name: str) -> Path:
    return Path(str(WEB / name))


class BodyLimit:
    """ASGI middleware: refuse request bodies over `max_body` bytes with 413, whatever their framing."""

    def __init__(self, app: Any, max_body: int):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return await _too_large(self.max_body, send)
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body = message.get("body", b"")
            size += len(body)
            if size > self.max_body:
                return await _too_large(self.max_body, send)
            chunks.append(body)
            more = message.get("more_body", False)
        replay = [{"type": "http.request", "body": b"".join(chunks), "more_body": False}]

        async def replayed() -> dict:
            return replay.pop() if replay else await receive()

        return await self.app(scope, replayed, send)


async def _too_large(limit: int, send: Any) -> None:
    body = json.dumps({"detail": f"request body over {limit:,} bytes; send fewer or smaller documents"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _filters(
    place: str | None = Query(None, max_length=200, description="Part of a place name; its districts count too."),
    place_id: int | None = Query(None, description="A stored place id (see /api/places) and every place inside it."),
    side: str | None = Query(None, max_length=200, description="Side the claimant speaks for, e.g. taliban, nrf."),
    actor: str | None = Query(None, max_length=200, description="The claimant's actor id."),
    type: str | None = Query(None, max_length=200, description="Claim type or ACLED sub-event type."),
    since: str | None = Query(None, max_length=40, description="YYYY-MM-DD: the claim's date (else its article's) on or after."),
    until: str | None = Query(None, max_length=40, description="YYYY-MM-DD: on or before."),
    outlet: str | None = Query(None, max_length=200, description="The article's outlet or one in the reporting chain."),
    status: str | None = Query(None, max_length=40, description=f"Proposition status: {', '.join(STATUSES)}."),
    q: str | None = Query(None, max_length=200, description="Free text: every word must appear."),
    contested: bool = Query(False, description="Only claims that deny, are denied, or have a denial link."),
) -> ClaimFilter:
    return ClaimFilter(place=place or None, place_id=place_id, side=side or None, actor=actor or None,
                       type=type or None, since=since or None, until=until or None, outlet=outlet or None,
                       status=status or None, q=q or None, contested=contested).check()


def create_app(db: str | os.PathLike | None = None, token: str | None = None, read_only: bool = False, *,
               tiles: str | None = None, max_body: int = MAX_BODY, store: Any = None,
               allowed_hosts: list[str] | None = None) -> FastAPI:
    """The app serving the store at `db` (a path or SQLAlchemy URL; or an open `store`).

    token: the write token (None: a random one, in `app.state.token`); read_only: no write routes;
    tiles: a tile URL template ("https://tile.example/{z}/{x}/{y}.png") for the map's background,
    None for none (the map is drawn offline from packaged polygons); max_body: largest request body;
    allowed_hosts: the Host headers to answer (None: any), so a page elsewhere cannot reach a
    loopback server through DNS rebinding.
    """
    from ..storage.store import open_store

    store = store or open_store(db)
    app = FastAPI(title="counterclaim", version=__version__, docs_url=None, redoc_url=None,
                  description="Attributed war claims: who claims what happened, where, when, and who disputes it.")
    app.state.store = store
    app.state.token = None if read_only else (token or secrets.token_urlsafe(24))
    app.state.read_only = read_only
    lock = threading.Lock()
    tile_origin = ""
    if tiles:
        parts = urlsplit(tiles)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"tiles: {tiles!r} is not an http(s) URL template with {{z}}/{{x}}/{{y}}")
        tile_origin = f" {parts.scheme}://{parts.netloc}"
    csp = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:" + tile_origin
           + "; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    app.add_middleware(BodyLimit, max_body=max_body)
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body"))
            problems.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
        return JSONResponse({"detail": "; ".join(problems)}, status_code=422)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:  # pragma: no cover - a bug
        return JSONResponse({"detail": f"internal error ({type(exc).__name__}); see the server log"}, status_code=500)

    def need_token(request: Request) -> None:
        given = request.headers.get("x-counterclaim-token") or ""
        auth = request.headers.get("authorization") or ""
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        if not given or not secrets.compare_digest(given.encode(), app.state.token.encode()):
            raise HTTPException(401, "a valid token is needed to write: send 'Authorization: Bearer TOKEN' "
                                     "(the token counterclaim serve printed, or $COUNTERCLAIM_TOKEN)",
                                headers={"WWW-Authenticate": "Bearer"})

    # ---- pages -------------------------------------------------------------------------

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(_web_file("index.html"), media_type="text/html")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(_web_file("apidocs.html"), media_type="text/html")

    app.mount("/static", StaticFiles(directory=str(WEB)), name="static")

    # ---- reads ---------------------------------------------------------------------------

    @app.get("/api/config", tags=["meta"])
    def config() -> dict[str, Any]:
        """What the dashboard needs to know: version, whether writes exist, the tile URL if any."""
        return {"version": __version__, "read_only": read_only, "tiles": tiles}

    @app.get("/api/stats", tags=["meta"])
    def stats() -> dict[str, Any]:
        """Counts of what the store holds, the latest ingest run, and each filter's values."""
        return {**store.stats(), "facets": facets(store)}

    @app.get("/api/documents", tags=["documents"])
    def list_documents(cursor: str | None = Query(None, max_length=200),
                       limit: int = Query(100, ge=1, le=500)) -> dict[str, Any]:
        """Stored articles (latest versions), newest first; `next` is the cursor of the next page."""
        return document_page(store, cursor, limit)

    @app.get("/api/documents/{document_id}", tags=["documents"])
    def get_document(document_id: int) -> dict[str, Any]:
        """One article: metadata, text and the ids of its claims."""
        found = document_row(store, document_id)
        if found is None:
            raise HTTPException(404, f"no document {document_id}")
        return found

    @app.get("/api/claims", tags=["claims"])
    def list_claims(flt: ClaimFilter = Depends(_filters), cursor: str | None = Query(None, max_length=200),
                    limit: int = Query(100, ge=1, le=500)) -> dict[str, Any]:
        """Claims matching every filter, in the order they were stored; `next` is the cursor of the
        next page (stable while documents are added or deleted)."""
        return claim_page(store, flt, cursor, limit)

    @app.get("/api/claims/{claim_id}", tags=["claims"])
    def get_claim(claim_id: int) -> dict[str, Any]:
        """A claim with its article text, proposition, and every claim linked to it with the reason."""
        found = claim_detail(store, claim_id)
        if found is None:
            raise HTTPException(404, f"no claim {claim_id}")
        return found

    @app.get("/api/propositions", tags=["ledger"])
    def list_propositions(flt: ClaimFilter = Depends(_filters),
                          sides: int = Query(0, ge=0, le=10, description="At least this many sides with claims."),
                          limit: int = Query(200, ge=1, le=1000)) -> list[dict[str, Any]]:
        """Propositions, contested first and strongest first, with their claims and links. The claim
        filters keep the propositions with at least one matching claim."""
        from ..ledger.propositions import list_propositions as ledger_propositions

        rows = ledger_propositions(store, status=flt.status)
        if any(v for k, v in flt.as_params().items() if k != "status"):
            wanted = {c["id"] for c in iter_claims(store, ClaimFilter(**{**flt.as_params(), "status": None}))}
            rows = [r for r in rows if any(m["id"] in wanted for m in r["members"])]
        if sides:
            rows = [r for r in rows if len([s for s, n in r["sources"].items() if n]) >= sides]
        return rows[:limit]

    @app.get("/api/places", tags=["ledger"])
    def list_places(flt: ClaimFilter = Depends(_filters)) -> list[dict[str, Any]]:
        """Every place the selected claims mention, with claim count, sides, most salient proposition
        status (contested, denied, corroborated, uncorroborated) and its packaged polygon id."""
        return place_summaries(store, flt)

    @app.get("/api/places/{place_id}", tags=["ledger"])
    def get_place(place_id: int) -> dict[str, Any]:
        """A place's ledger: the place, and every claim about it or inside it with status and links."""
        from ..ledger.propositions import place_ledger

        place = place_row(store, place_id)
        if place is None:
            raise HTTPException(404, f"no place {place_id}")
        page = claim_page(store, ClaimFilter(place_id=place_id), None, 500)
        place["claims"] = page["items"]
        place["ledger"] = place_ledger(store, place["name"] or place["text"])
        return place

    @app.get("/api/actors", tags=["ledger"])
    def list_actors() -> list[dict[str, Any]]:
        """Known actors (the actor dictionary's ids) with their side and number of claims."""
        return actors_summary(store)

    @app.get("/api/search", tags=["claims"])
    def search(q: str = Query(..., min_length=1, max_length=200), limit: int = Query(20, ge=1, le=200)) -> list[dict]:
        """Full text over claims and articles: every word must match (stemmed), best first."""
        return store.search(q, limit=limit)

    @app.get("/api/timeline", tags=["claims"])
    def get_timeline(flt: ClaimFilter = Depends(_filters)) -> list[dict[str, Any]]:
        """Claims per day by side and type (the claim's date, else its article's)."""
        return timeline(store, flt)

    @app.get("/api/boundaries", tags=["meta"])
    def get_boundaries() -> Response:
        """The packaged polygons the map draws (Afghan provinces and districts, geoBoundaries CC BY 4.0)."""
        from ..geo.boundaries import boundaries

        return JSONResponse(boundaries(), headers={"Cache-Control": "max-age=86400"})

    @app.get("/api/export", tags=["claims"])
    def export(flt: ClaimFilter = Depends(_filters),
               format: str = Query("csv", pattern="^(csv|jsonl|geojson)$")) -> StreamingResponse:
        """The claims the filters select, as CSV, JSON Lines or GeoJSON (as `counterclaim export`)."""
        media = {"csv": "text/csv", "jsonl": "application/x-ndjson", "geojson": "application/geo+json"}[format]
        return StreamingResponse(_export(store, flt, format), media_type=media + "; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="claims.{format}"'})

    # ---- writes ------------------------------------------------------------------------

    if not read_only:
        @app.post("/api/documents", tags=["documents"], status_code=201, dependencies=[Depends(need_token)])
        async def add_documents(request: Request) -> dict[str, Any]:
            """Add one article or a batch: a JSON object {"text", "title", "published", "outlet", "url",
            "id"}, a list of them or {"documents": [...]}; or a form with `text` (and the same fields)
            or a `file` (.txt, .md, .html, .jsonl). Extracts, stores and relinks; returns what was stored."""
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
                docs, tmp = await _form_documents(request)
            elif kind in ("application/json", ""):
                docs, tmp = _json_documents(await request.body()), None
            else:
                raise HTTPException(415, f"content type {kind!r}: send application/json or multipart/form-data")
            try:
                import anyio

                return await anyio.to_thread.run_sync(_ingest, store, docs, lock)
            finally:
                if tmp:
                    tmp.cleanup()

        @app.delete("/api/documents/{document_id}", tags=["documents"], dependencies=[Depends(need_token)])
        def remove_document(document_id: int) -> dict[str, Any]:
            """Delete an article with its claims and their links, then relink the rest."""
            from ..ledger.propositions import relink

            with lock:
                done = delete_document(store, document_id)
                if done is None:
                    raise HTTPException(404, f"no document {document_id}")
                done["relinked"] = relink(store)
            return done

    return app


# ---- helpers ---------------------------------------------------------------------------

FIELDS = ("title", "published", "outlet", "url", "id")


def _document_from(obj: Any, where: str):
    from ..extraction.extract import make_document

    if not isinstance(obj, dict):
        raise HTTPException(422, f"{where}: expected an object with a 'text' field")
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise HTTPException(422, f"{where}.text: missing or empty; give the article text")
    meta = {}
    for key in FIELDS:
        value = obj.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str) or len(value) > 2000:
            raise HTTPException(422, f"{where}.{key}: expected a string of at most 2,000 characters")
        meta[key] = value.strip()
    if "published" in meta and not DATE.match(meta["published"]):
        raise HTTPException(422, f"{where}.published: {meta['published'][:40]!r} is not an ISO date (YYYY-MM-DD)")
    if "url" in meta and urlsplit(meta["url"]).scheme not in ("http", "https"):
        raise HTTPException(422, f"{where}.url: only http(s) URLs are kept")
    unknown = set(obj) - {"text", *FIELDS}
    if unknown:
        raise HTTPException(422, f"{where}: unknown field(s) {', '.join(sorted(map(str, unknown)))[:200]}")
    doc = make_document(text, **meta)
    doc.source = f"api:{doc.id}"
    return doc


def _json_documents(body: bytes) -> list:
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise HTTPException(400, f"body: not JSON ({e}); send an object with 'text', or a list of them") from None
    if isinstance(data, dict) and "documents" in data and "text" not in data:
        data = data["documents"]
    items = data if isinstance(data, list) else [data]
    if not items:
        raise HTTPException(422, "body: no documents given")
    if len(items) > MAX_BATCH:
        raise HTTPException(413, f"body: {len(items)} documents; send at most {MAX_BATCH} at a time")
    return [_document_from(obj, f"documents[{n}]" if isinstance(data, list) else "document")
            for n, obj in enumerate(items)]


async def _form_documents(request: Request):
    from ..corpus.readers import read_inputs
    from ..model import Failure

    form = await request.form(max_files=MAX_BATCH, max_fields=50)
    meta = {k: form.get(k) for k in FIELDS if isinstance(form.get(k), str) and form.get(k)}
    files = [f for f in form.getlist("file") if not isinstance(f, str)]
    docs = []
    if isinstance(form.get("text"), str) and form.get("text").strip():
        docs.append(_document_from({"text": form.get("text"), **meta}, "form"))
    tmp = None
    if files:
        tmp = tempfile.TemporaryDirectory(prefix="counterclaim-upload-")
        for n, upload in enumerate(files):
            # only the suffix of the client's file name is used: no path from the client reaches the disk
            suffix = Path(upload.filename or "").suffix.lower()
            if suffix not in UPLOAD_SUFFIXES:
                raise HTTPException(415, f"file {n + 1}: {suffix or 'no suffix'!r}; upload .txt, .md, .html or .jsonl")
            path = Path(tmp.name) / f"upload-{n}{suffix}"
            path.write_bytes(await upload.read())
            for item in read_inputs([str(path)], published=meta.get("published")):
                if isinstance(item, Failure):
                    raise HTTPException(422, f"file {n + 1} ({Path(upload.filename or '').name[:80]}): {item.reason}")
                for key in ("title", "outlet", "url"):
                    if meta.get(key):
                        setattr(item, key, meta[key])
                item.source = f"upload:{Path(upload.filename or 'file').name[:80]}"
                docs.append(item)
    if not docs:
        raise HTTPException(422, "form: give 'text' or a 'file'")
    if len(docs) > MAX_BATCH:
        raise HTTPException(413, f"form: {len(docs)} documents; send at most {MAX_BATCH} at a time")
    return docs, tmp


def _ingest(store: Any, docs: list, lock: threading.Lock) -> dict[str, Any]:
    from sqlalchemy import select

    from ..corpus.ingest import ingest_items
    from ..ledger.propositions import relink
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
        linked = relink(store, documents=report.stored) if report.stored else None  # incrementally, as the CLI
    return {"added": report.added, "versions": report.versions, "unchanged": report.unchanged,
            "failed": report.failed, "claims": report.claims, "documents": stored, "failures": failures,
            "relinked": linked}


def _export(store: Any, flt: ClaimFilter, fmt: str) -> Iterator[str]:
    import csv
    import io

    from ..storage.export import FLAT

    rows = iter_claims(store, flt)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(FLAT)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else ("yes" if row.get(c) is True else "" if row.get(c) is False
                                                            else str(row.get(c))) for c in FLAT])
            if buf.tell() > 65536:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
        yield buf.getvalue()
        return
    if fmt == "jsonl":
        for row in rows:
            yield json.dumps({"id": row["id"], "document": {
                "id": row["document"], "title": row["document_title"], "url": row["document_url"],
                "outlet": row["outlet"], "published": row["published"]}, "contested": row["contested"],
                "status": row["status"], "claim": row["claim"]}, ensure_ascii=False) + "\n"
        return
    yield '{"type": "FeatureCollection", "features": [\n'
    first = True
    for row in rows:
        for place in row["claim"].get("places", []):
            if place.get("lat") is None or place.get("lon") is None:
                continue
            feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                       "properties": {"claim": row["id"], "document": row["document"], "published": row["published"],
                                      "claimant": row["claimant"], "side": row["side"], "type": row["type"],
                                      "acled": row["acled"], "contested": row["contested"], "status": row["status"],
                                      "text": row["text"], "place": place.get("name") or place.get("text"),
                                      "place_id": place.get("id"), "precision": place.get("precision")}}
            yield ("" if first else ",\n") + json.dumps(feature, ensure_ascii=False)
            first = False
    yield "\n]}\n"
