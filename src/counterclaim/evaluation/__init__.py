"""Scoring against public evaluation sets."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def read_jsonl(path: str | Path, *fields: str) -> Iterator[dict]:
    """Objects from a JSONL evaluation file, each checked to have `fields`; blank lines skipped."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            item = json.loads(line)
            missing = [f for f in fields if f not in item]
            if missing:
                wanted = " and ".join(f'"{f}"' for f in fields)
                raise ValueError(f"{path}:{n}: expected an object with {wanted}")
            yield item
