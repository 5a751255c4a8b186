"""counterclaim: a claims ledger from news about wars and conflicts.

`counterclaim.extract(text, published="2021-09-06")` does the whole job for one article;
`counterclaim.open_store(db)` opens the claims store (SQLite path or PostgreSQL URL) and
`counterclaim.ingest(paths, store)` reads, extracts and stores a corpus into it. The store and the
corpus reader are imported when first used, so extraction alone loads neither SQLAlchemy nor the
readers. The stages live in subpackages: see docs/architecture.md.
"""
from __future__ import annotations

from typing import Any

from .extraction.extract import extract, extract_many
from .model import Claim, Document, Failure, Result

__all__ = ["extract", "extract_many", "open_store", "ingest", "Claim", "Document", "Failure", "Result"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "open_store":
        from .storage.store import open_store

        return open_store
    if name == "ingest":
        from .corpus.ingest import ingest

        return ingest
    raise AttributeError(f"module 'counterclaim' has no attribute {name!r}")
