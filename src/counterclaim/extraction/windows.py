"""Long articles analysed in windows, so that memory does not grow with an article's length.

A text longer than `WINDOW_CHARS` is cut into consecutive windows of at most that many characters,
at a paragraph break where there is one (else a line break, a sentence end, a space). Each window
is parsed and analysed on its own and dropped before the next, and the claims and places of every
window are put back into the article's coordinates: spans shifted by the window's offset, claims
numbered c1, c2, ... across the article, denials pointing at the renumbered claims. The article's
main event is read from its first window (headline and lead), as for any article.

The bound: peak memory is that of one window (about 0.55 GB with the pipeline loaded) plus the
article's text and its claims, about 30 MB more per MB of text. Measured by benchmarks/memory.py:
0.5 / 1 / 2 / 5 MB articles peak at 587 / 670 / 728 / 857 MB (a whole parse: 938 MB at 0.25 MB,
1.6 GB at 0.5 MB, about 3 GB more per MB), so the readers' 10 MB limit per article (`--max-bytes`)
keeps one article near 1.1 GB. What is lost across a window
boundary is context: a person named in one window and called by surname in a later one, or a
denial of a claim made in an earlier window. No news article comes near a window; transcripts,
reports and books do.
"""
from __future__ import annotations

import os
from dataclasses import fields, is_dataclass
from typing import Any

from ..model import Result

# characters a window holds; $COUNTERCLAIM_WINDOW_CHARS trades memory for context
WINDOW_CHARS = int(os.environ.get("COUNTERCLAIM_WINDOW_CHARS") or 100_000)
BREAKS = ("\n\n", "\n", ". ", " ")


def windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces covering `text`, each at most `size` characters, each but
    the last ending at the latest break of the first kind found in its second half."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        limit = start + size
        cut = limit
        for sep in BREAKS:
            found = text.rfind(sep, start + size // 2, limit)
            if found != -1:
                cut = found + len(sep)
                break
        out.append((start, cut))
        start = cut
    out.append((start, len(text)))
    return out


def shift(record: Any, offset: int) -> None:
    """Move every character span of a record (and of the records it holds) by `offset`."""
    for f in fields(record):
        value = getattr(record, f.name)
        if f.name in ("span", "sentence") and isinstance(value, tuple):
            setattr(record, f.name, (value[0] + offset, value[1] + offset))
        elif is_dataclass(value):
            shift(value, offset)
        elif isinstance(value, list):
            for item in value:
                if is_dataclass(item):
                    shift(item, offset)


def merge(parts: list[tuple[int, Result]], whole: Result) -> Result:
    """The windows' results, in the article's coordinates, as one `Result` for `whole.document`."""
    count = 0
    for offset, part in parts:
        ids = {}
        for claim in part.claims:
            count += 1
            ids[claim.id] = f"c{count}"
        for claim in part.claims:
            shift(claim, offset)
            claim.id = ids[claim.id]
            claim.denies = [ids.get(d, d) for d in claim.denies]
            whole.claims.append(claim)
        for place in part.places:
            shift(place, offset)
            whole.places.append(place)
    return whole
