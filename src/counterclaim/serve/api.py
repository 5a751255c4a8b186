"""The REST API and the dashboard: a FastAPI app over one claims store.

`create_app(db, token=None, read_only=False)` serves the dashboard at `/`, its files at `/static`,
the API under `/api` and a description of the API at `/docs` (from `/openapi.json`, drawn by a
local page: nothing is fetched from a CDN). Reads are open; writes (POST and DELETE
`/api/documents`) need the token in `Authorization: Bearer TOKEN` (or `X-Counterclaim-Token`);
`read_only` registers no write route at all. `counterclaim serve` runs it with uvicorn.

Decisions worth knowing:
- Every parameter is bounded to what the database holds (ids to 32-bit INTEGER); a bad one gets
  400 or 422 naming it, and any error is a JSON `{"detail"}` answer on a connection that stays
  open (serve/errors.py). The OpenAPI document lists every status a route can answer.
- Request bodies over `max_body` bytes get 413 before they are read (serve/uploads.py reads them).
- Every page is served with a Content-Security-Policy that allows only this origin's scripts
  and styles; the dashboard also writes untrusted text with `textContent` only.
- Writes are serialised by a lock: extraction, storing and relinking run one at a time.
"""
from __future__ import annotations

import itertools
import json
import os
import secrets
import threading
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path as FilePath
from typing import Any, Literal
from urllib.parse import urlsplit

from fastapi import Depends, FastAPI, HTTPException, Path, Query, Request, Response
from fastapi.responses import FileResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..storage.tables import MAX_ID
from . import errors
from .cache import Answers
from .errors import responses
from .middleware import BodyLimit, SecurityHeaders
from .queries import (
    STATUSES,
    ClaimFilter,
    QueryError,
    actors_summary,
    claim_detail,
    claim_page,
    delete_document,
    document_page,
    document_row,
    facets,
    iter_claims,
    place_row,
    place_countries,
    place_summaries,
    proposition_page,
    timeline,
)
from .uploads import REQUEST_BODY, form_documents, ingest, json_documents

MAX_BODY = 5_000_000          # bytes in one request body
WEB = resources.files("counterclaim.serve") / "web"
PAGE_HEADERS = {
    "X-Total-Count": {"description": "How many items match in all.", "schema": {"type": "integer"}},
    "X-Next-Offset": {"description": "The `offset` of the next page; absent on the last page.",
                      "schema": {"type": "integer"}},
}
Status = Literal["contested", "denied", "corroborated", "uncorroborated"]   # queries.STATUSES
EXPORT_TYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson", "geojson": "application/geo+json",
                "acled": "text/csv"}


def _web_file(name: str) -> FilePath:
    return FilePath(str(WEB / name))


def _id(what: str) -> Any:
    return Path(..., ge=1, le=MAX_ID, description=f"A stored {what} id (1 to {MAX_ID}).")


class PlainJSON(JSONResponse):
    """JSON of rows that are plain JSON already (a date, should one come, as ISO text). The large
    listings answer with it directly: FastAPI would walk every row again to encode it."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=False, allow_nan=False, separators=(",", ":"), default=str).encode()


def _paged(rows: list[dict[str, Any]], total: int, offset: int) -> PlainJSON:
    """A page with its X-Total-Count and X-Next-Offset headers."""
    headers = {"X-Total-Count": str(total)}
    if offset + len(rows) < total:
        headers["X-Next-Offset"] = str(offset + len(rows))
    return PlainJSON(rows, headers=headers)


def _filters(
    place: str | None = Query(None, max_length=200, description="Part of a place name; its districts count too."),
    place_id: int | None = Query(None, ge=1, le=MAX_ID,
                                 description="A stored place id (see /api/places) and every place inside it."),
    side: str | None = Query(None, max_length=200, description="Side the claimant speaks for, e.g. taliban, nrf."),
    actor: str | None = Query(None, max_length=200, description="The claimant's actor id."),
    type: str | None = Query(None, max_length=200, description="Claim type or ACLED sub-event type."),
    since: date | None = Query(None, description="YYYY-MM-DD: the claim's date (else its article's) on or after."),
    until: date | None = Query(None, description="YYYY-MM-DD: on or before."),
    outlet: str | None = Query(None, max_length=200, description="The article's outlet or one in the reporting chain."),
    status: Status | None = Query(None, description=f"Proposition status: {', '.join(STATUSES)}."),
    q: str | None = Query(None, max_length=200, description="Free text: every word must appear."),
    contested: bool = Query(False, description="Only claims that deny, are denied, or have a denial link."),
) -> ClaimFilter:
    return ClaimFilter(place=place or None, place_id=place_id, side=side or None, actor=actor or None,
                       type=type or None, since=since and since.isoformat(), until=until and until.isoformat(),
                       outlet=outlet or None,
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
    answers = Answers(store)
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

    errors.install(app)   # first: the headers below are set on its 500s too

    app.add_middleware(SecurityHeaders, csp=csp)
    app.add_middleware(BodyLimit, max_body=max_body)
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

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
    # 400 is on every route: an unknown Host header gets it where allowed_hosts is set

    @app.get("/api/config", tags=["meta"], responses=responses(400))
    def config() -> dict[str, Any]:
        """What the dashboard needs to know: version, whether writes exist, the tile URL if any."""
        return {"version": __version__, "read_only": read_only, "tiles": tiles}

    @app.get("/api/stats", tags=["meta"], responses=responses(400))
    def stats() -> dict[str, Any]:
        """Counts of what the store holds, the latest ingest run, each filter's values, and the feeds
        and sitemaps `counterclaim watch` reads: when each was last read, its last error, its articles."""
        from ..storage.watch_state import last_round, sources_read

        return {**store.stats(), "facets": facets(store), "sources": sources_read(store),
                "last_watch_round": last_round(store)}

    @app.get("/api/documents", tags=["documents"], responses=responses(400, 422))
    def list_documents(cursor: str | None = Query(None, max_length=200),
                       limit: int = Query(100, ge=1, le=500)) -> dict[str, Any]:
        """Stored articles (latest versions), newest first; `next` is the cursor of the next page."""
        return document_page(store, cursor, limit)

    @app.get("/api/documents/{document_id}", tags=["documents"], responses=responses(400, 404, 422))
    def get_document(document_id: int = _id("document")) -> dict[str, Any]:
        """One article: metadata, text and the ids of its claims."""
        found = document_row(store, document_id)
        if found is None:
            raise HTTPException(404, f"no document {document_id}")
        return found

    @app.get("/api/claims", tags=["claims"], response_model=dict[str, Any], responses=responses(400, 422))
    def list_claims(flt: ClaimFilter = Depends(_filters), cursor: str | None = Query(None, max_length=200),
                    limit: int = Query(100, ge=1, le=500)) -> PlainJSON:
        """Claims matching every filter, in the order they were stored; `next` is the cursor of the
        next page (stable while documents are added or deleted)."""
        return PlainJSON(claim_page(store, flt, cursor, limit))

    @app.get("/api/claims/{claim_id}", tags=["claims"], responses=responses(400, 404, 422))
    def get_claim(claim_id: int = _id("claim")) -> dict[str, Any]:
        """A claim with its article text, proposition, and every claim linked to it with the reason."""
        found = claim_detail(store, claim_id)
        if found is None:
            raise HTTPException(404, f"no claim {claim_id}")
        return found

    @app.get("/api/propositions", tags=["ledger"], response_model=list[dict[str, Any]],
             responses={200: {"headers": PAGE_HEADERS}, **responses(400, 422)})
    def list_propositions(request: Request, flt: ClaimFilter = Depends(_filters),
                          sides: int = Query(0, ge=0, le=10, description="At least this many sides with claims."),
                          limit: int = Query(200, ge=1, le=1000),
                          offset: int = Query(0, ge=0, le=MAX_ID, description="Propositions to skip."),
                          members: int = Query(10, ge=1, le=1000, description="Member claims shown at most "
                                               "per proposition (from each side in turn); `claims` counts all."),
                          links: int = Query(10, ge=0, le=100_000, description="Links shown at most per "
                                             "proposition, disputes first; `n_links` counts all among the members.")
                          ) -> PlainJSON:
        """Propositions, contested first and strongest first, with their claims and the links among
        them, a page at a time (headers X-Total-Count and X-Next-Offset). The claim filters keep the
        propositions with at least one matching claim."""
        def page() -> PlainJSON:
            rows, total = proposition_page(store, flt, sides, limit, offset, members, links)
            return _paged(rows, total, offset)
        return answers.answer(request, page)

    @app.get("/api/places", tags=["ledger"], response_model=list[dict[str, Any]],
             responses={200: {"headers": PAGE_HEADERS}, **responses(400, 422)})
    def list_places(request: Request, flt: ClaimFilter = Depends(_filters),
                    limit: int | None = Query(None, ge=1, le=100_000, description="Places at most (default: all)."),
                    offset: int = Query(0, ge=0, le=MAX_ID, description="Places to skip.")) -> PlainJSON:
        """Places the selected claims mention, most salient status then most claims first, with
        claim count, sides, most salient proposition status (contested, denied, corroborated,
        uncorroborated) and packaged polygon id; paged by limit and offset as /api/propositions."""
        def page() -> PlainJSON:
            rows, total = place_summaries(store, flt, limit, offset)
            return _paged(rows, total, offset)
        return answers.answer(request, page)

    @app.get("/api/places/{place_id}", tags=["ledger"], response_model=dict[str, Any],
             responses=responses(400, 404, 422))
    def get_place(request: Request, place_id: int = _id("place")) -> PlainJSON:
        """A place's ledger: the place, and every claim about it or inside it with status and links."""
        from ..ledger.propositions import place_ledger

        def ledger() -> PlainJSON:
            place = place_row(store, place_id)
            if place is None:
                raise HTTPException(404, f"no place {place_id}")
            page = claim_page(store, ClaimFilter(place_id=place_id), None, 500)
            place["claims"] = page["items"]
            place["ledger"] = place_ledger(store, place["name"] or place["text"])
            return PlainJSON(place)
        return answers.answer(request, ledger)

    @app.get("/api/actors", tags=["ledger"], responses=responses(400))
    def list_actors() -> list[dict[str, Any]]:
        """Known actors (the actor dictionary's ids) with their side and number of claims."""
        return actors_summary(store)

    @app.get("/api/search", tags=["claims"], responses=responses(400, 422))
    def search(q: str = Query(..., min_length=1, max_length=200), limit: int = Query(20, ge=1, le=200)) -> list[dict]:
        """Full text over claims and articles: every word must match (stemmed), best first."""
        return store.search(q, limit=limit)

    @app.get("/api/timeline", tags=["claims"], responses=responses(400, 422))
    def get_timeline(flt: ClaimFilter = Depends(_filters)) -> list[dict[str, Any]]:
        """Claims per day by side and type (the claim's date, else its article's)."""
        return timeline(store, flt)

    @app.get("/api/boundaries", tags=["meta"], responses=responses(400, 422))
    def get_boundaries(countries: str | None = Query(
            None, max_length=2000, pattern=r"^[A-Za-z]{2}(,[A-Za-z]{2})*$",
            description="comma-separated ISO 3166 alpha-2 codes whose regions to include (e.g. UA,SD); "
                        "default: the countries of the stored places")) -> Response:
        """The packaged polygons the map draws: every country's outline (Natural Earth 1:50m) and the
        first-level regions (Natural Earth 1:10m; Afghan provinces and districts from geoBoundaries) of
        the countries asked for."""
        from ..geo.boundaries import boundaries_json

        wanted = place_countries(store) if countries is None else set(countries.upper().split(","))
        # the same countries always give the same polygons; the default follows the store
        cache = "max-age=86400" if countries is not None else "no-cache"
        return Response(boundaries_json(frozenset(wanted)), media_type="application/json",
                        headers={"Cache-Control": cache})

    @app.get("/api/export", tags=["claims"], response_class=StreamingResponse, responses={
        200: {"description": "The claims, as a download.", "content": {
            "text/csv": {"schema": {"type": "string"}}, "application/x-ndjson": {"schema": {"type": "string"}},
            "application/geo+json": {"schema": {"type": "object"}}}}, **responses(400, 422)})
    def export(flt: ClaimFilter = Depends(_filters),
               format: str = Query("csv", pattern="^(csv|jsonl|geojson|acled)$")) -> StreamingResponse:
        """The claims the filters select, as CSV, JSON Lines or GeoJSON (as `counterclaim export`); or,
        with format=acled, the propositions as ACLED events (CSV; only place, since, until and status apply)."""
        body = _export(store, flt, format)
        first = next(body, "")   # the query runs here: an error is still an error answer, not a cut-off body
        return StreamingResponse(itertools.chain([first], body), media_type=EXPORT_TYPES[format] + "; charset=utf-8",
                                 headers={"Content-Disposition": "attachment; filename="
                                          + ('"acled.csv"' if format == "acled" else f'"claims.{format}"')})

    # ---- writes ------------------------------------------------------------------------

    if not read_only:
        @app.post("/api/documents", tags=["documents"], status_code=201, dependencies=[Depends(need_token)],
                  openapi_extra={"requestBody": REQUEST_BODY}, responses=responses(400, 401, 413, 415, 422))
        async def add_documents(request: Request) -> dict[str, Any]:
            """Add one article or a batch: a JSON object {"text", "title", "published", "outlet", "url",
            "id"}, a list of them or {"documents": [...]}; or a form with `text` (and the same fields)
            or a `file` (.txt, .md, .html, .jsonl). Extracts, stores and relinks; returns what was stored."""
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
                docs, tmp = await form_documents(request)
            elif kind in ("application/json", ""):
                docs, tmp = json_documents(await request.body()), None
            else:
                raise HTTPException(415, f"content type {kind[:80]!r}: send application/json or multipart/form-data")
            try:
                import anyio

                return await anyio.to_thread.run_sync(ingest, store, docs, lock)
            finally:
                if tmp:
                    tmp.cleanup()

        @app.delete("/api/documents/{document_id}", tags=["documents"], dependencies=[Depends(need_token)],
                    responses=responses(400, 401, 404, 422))
        def remove_document(document_id: int = _id("document")) -> dict[str, Any]:
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

def _export(store: Any, flt: ClaimFilter, fmt: str) -> Iterator[str]:
    import csv
    import io

    from ..storage.export import FLAT

    if fmt == "acled":
        yield from _acled(store, flt)
        return
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


def _acled(store: Any, flt: ClaimFilter) -> Iterator[str]:
    """The ACLED events as CSV (`ledger.acled`), in chunks; a filter of single claims is an error."""
    import csv
    import io
    from dataclasses import fields

    from ..ledger.acled import COLUMNS, acled_events, acled_filter_error, not_acled_filters

    wrong = not_acled_filters({f.name: getattr(flt, f.name) for f in fields(flt)})
    if wrong:
        raise QueryError(acled_filter_error(wrong))
    events = acled_events(store, status=flt.status, place=flt.place, since=flt.since, until=flt.until)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(COLUMNS)   # the header: the first chunk, sent once the filters are checked
    for event in events:
        if buf.tell() > 65536:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
        writer.writerow(["" if event[c] is None else event[c] for c in COLUMNS])
    yield buf.getvalue()
