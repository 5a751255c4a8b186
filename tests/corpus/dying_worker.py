"""An extraction worker that dies on chosen documents, for the dead-worker tests: it runs in the
pool's spawned processes, so it lives in a module they can import (not in the test file)."""
from __future__ import annotations

import os
from pathlib import Path

from counterclaim.extraction.extract import extract_chunk
from counterclaim.model import Document

MARK = "COUNTERCLAIM_TEST_DIE_MARK"


def extract_or_die(chunk: list, batch_size: int) -> list:
    """Dies (like a worker killed by the kernel) on a document holding "DIE-ALWAYS", and on one
    holding "DIE-ONCE" the first time any worker sees it (a mark file, named by $COUNTERCLAIM_TEST_DIE_MARK,
    remembers it across processes)."""
    for item in chunk:
        if not isinstance(item, Document):
            continue
        if "DIE-ALWAYS" in item.text:
            os._exit(137)
        mark = Path(os.environ[MARK])
        if "DIE-ONCE" in item.text and not mark.exists():
            mark.write_text("died once")
            os._exit(137)
    return extract_chunk(chunk, batch_size)
