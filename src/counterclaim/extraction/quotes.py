"""Quotation regions of a text, including quotes that run over several paragraphs."""
from __future__ import annotations

from bisect import bisect_right

OPENERS = {"“": "”", "«": "»", "„": "“", '"': '"'}
# Marks that also close a quote: typed text often mixes straight and curly marks
# (“...," he said / "...” he said / “...,“ he said).
ALSO_CLOSES = {"“": ('"',), '"': ("”",)}


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of quoted passages, quote marks included.

    A quote left open at a paragraph break continues when the next paragraph opens with a quote mark
    (the English convention for quotes that run over paragraphs); otherwise it ends at the break.
    """
    regions: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        closer = OPENERS.get(ch)
        if closer is None or (ch == '"' and i + 1 < n and text[i + 1].isspace() and i > 0
                              and not text[i - 1].isspace()):
            i += 1
            continue
        start, j = i, i + 1
        while j < n:
            if text[j] == closer or text[j] in ALSO_CLOSES.get(ch, ()) or _curly_reused(text, ch, j):
                regions.append((start, j + 1))
                i = j + 1
                break
            if text[j] == "\n" and text[j:j + 2] == "\n\n" or (text[j] == "\n" and j + 1 < n
                                                                and text[j + 1].strip()):
                k = j
                while k < n and text[k].isspace():
                    k += 1
                if k < n and text[k] == ch:  # the quote goes on in the next paragraph
                    j = k + 1
                    continue
                regions.append((start, j))  # unclosed: ends with the paragraph
                i = k
                break
            j += 1
        else:
            regions.append((start, n))
            i = n
    return regions


def _curly_reused(text: str, opener: str, j: int) -> bool:
    """An opening curly mark typed as a closer: 'for her here,“ said Clyburn'."""
    return (opener == "“" and text[j] == "“" and j > 0 and text[j - 1] in ",.!?"
            and (j + 1 >= len(text) or text[j + 1].isspace()))


class QuoteIndex:
    """Answers 'how much of this span is quoted?' quickly."""

    def __init__(self, text: str) -> None:
        self.regions = quote_regions(text)
        self.starts = [s for s, _ in self.regions]

    def quoted_chars(self, start: int, end: int) -> int:
        """Number of characters of [start, end) inside quotes."""
        total = 0
        k = max(bisect_right(self.starts, start) - 1, 0)
        for s, e in self.regions[k:]:
            if s >= end:
                break
            total += max(0, min(e, end) - max(s, start))
        return total

    def fraction(self, start: int, end: int) -> float:
        return self.quoted_chars(start, end) / max(end - start, 1)

    def region_at(self, pos: int) -> tuple[int, int] | None:
        k = bisect_right(self.starts, pos) - 1
        if k >= 0 and self.regions[k][0] <= pos < self.regions[k][1]:
            return self.regions[k]
        return None
