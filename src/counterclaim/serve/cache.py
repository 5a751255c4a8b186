"""Answers of the heavy read routes, cached by the store's generation.

A page of propositions or a place's ledger is read from several tables and costs tens of
milliseconds; twenty clients asking for the same pages would queue behind one another. The answer
is kept under (path, query, generation): the store's generation (`storage.tables.store_state`)
counts up in the same transaction as every write readers would see, whichever process makes it
(the API, `counterclaim ingest`, `counterclaim link`), so a cached answer is never stale. A
request costs one read of that row when the answer is cached.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import Response

KEPT_HEADERS = ("x-total-count", "x-next-offset")


class Answers:
    """The last `size` answers of the cached routes, least recently used dropped first."""

    def __init__(self, store: Any, size: int = 256) -> None:
        self.store, self.size = store, size
        self.lock = threading.Lock()
        self.items: OrderedDict[tuple, tuple[bytes, dict[str, str]]] = OrderedDict()

    def answer(self, request: Request, compute: Callable[[], Response]) -> Response:
        """The cached answer to `request` at the store's current generation, else `compute()`'s."""
        key = (request.url.path, tuple(sorted(request.query_params.multi_items())), self.store.generation())
        with self.lock:
            hit = self.items.get(key)
            if hit is not None:
                self.items.move_to_end(key)
        if hit is not None:
            body, headers = hit
            return Response(body, media_type="application/json", headers=headers)
        response = compute()
        kept = {k: v for k, v in response.headers.items() if k.lower() in KEPT_HEADERS}
        with self.lock:
            self.items[key] = (bytes(response.body), kept)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return response
