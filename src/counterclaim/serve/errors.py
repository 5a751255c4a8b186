"""Errors the API answers with, and how they are documented.

Every error is a JSON object `{"detail": "..."}` whose text names the parameter or field and the
fix. `install(app)` registers the handlers: a filter the queries refuse (400), a request FastAPI
cannot validate (422, the problems joined into one string), an HTTPException (its status), and,
through `CatchAll`, anything unexpected (500). `CatchAll` answers the request itself rather than
re-raising: Starlette's last-resort handler re-raises after answering, and uvicorn then drops the
keep-alive connection. `responses(...)` is the OpenAPI `responses` entry for those
statuses, with the real body shape.
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from .queries import QueryError

log = logging.getLogger("counterclaim.serve")

DESCRIPTIONS = {
    400: "A parameter or body the API cannot use (a bad filter, cursor or JSON; or an unknown Host).",
    401: "Writing needs the token: 'Authorization: Bearer TOKEN'.",
    404: "No such item.",
    413: "The request body is too large, or holds too many documents.",
    415: "A content type or file type the API does not read.",
    422: "A parameter or field of the wrong type or out of range; the detail names it.",
    500: "A bug: the detail names the exception; the server log has the rest.",
}


class Problem(BaseModel):
    """The body of every error response."""

    detail: str = Field(description="What was wrong, naming the parameter or field, and the fix.")


def responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of a route for these error statuses (each with a Problem body)."""
    return {code: {"model": Problem, "description": DESCRIPTIONS[code]} for code in codes}


def safe(text: str) -> str:
    """`text` as it can be sent in UTF-8: a lone surrogate from the client is escaped, not fatal."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def problem(status: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": safe(str(detail))}, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the error handlers and `CatchAll` on `app` (before any other middleware, so that
    the headers middleware still runs on a 500)."""
    app.add_middleware(CatchAll)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> JSONResponse:
        return problem(400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for e in exc.errors():
            where = ".".join(str(p) for p in e.get("loc", ()) if p not in ("query", "path", "body"))
            problems.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
        return problem(422, "; ".join(problems))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return problem(exc.status_code, exc.detail, getattr(exc, "headers", None))


class CatchAll:
    """ASGI middleware: an exception escaping the app becomes a 500 JSON answer, logged, and the
    connection stays open. An exception after the answer started can only end the connection."""

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def watch(message: dict) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            if started:
                raise
            log.exception("%s %s failed", scope.get("method"), scope.get("path"))
            detail = f"internal error ({type(exc).__name__}); see the server log"
            await problem(500, detail)(scope, receive, send)
