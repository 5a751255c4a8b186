"""The app's own ASGI middleware: `SecurityHeaders` on every answer, `BodyLimit` on request bodies.

Plain ASGI rather than Starlette's BaseHTTPMiddleware, which copies each answer through a stream.
"""
from __future__ import annotations

import json
from typing import Any


class SecurityHeaders:
    """ASGI middleware: the Content-Security-Policy `csp` (unless the answer set its own) and the
    other protective headers on every answer."""

    def __init__(self, app: Any, csp: str):
        self.app = app
        self.fixed = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                      (b"x-frame-options", b"DENY")]
        self.csp = (b"content-security-policy", csp.encode())

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def add_headers(message: dict) -> None:
            if message["type"] == "http.response.start":
                names = {b"x-content-type-options", b"referrer-policy", b"x-frame-options"}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                if not any(k.lower() == b"content-security-policy" for k, _ in headers):
                    headers.append(self.csp)
                message = {**message, "headers": headers + self.fixed}
            await send(message)

        await self.app(scope, receive, add_headers)


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
