"""Finding many known phrases in text fast: thousands of names, looked up word by word.

A regular expression alternating thousands of names tries each of them at every position; news
text is read thousands of times per article (every mention, every subject), so `PhraseIndex`
indexes its phrases by their first word instead and checks only the phrases a word can start.
Matches are whole words, longest first at each position, never overlapping.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"[\w][\w'’.-]*")


class PhraseIndex:
    """Phrases found as whole words in text: `find(text)` gives (start, end, phrase) in order.

    phrases: the phrases, as they must appear in the (normalised) text that `find` is given.
    plural: a phrase also matches with an "s" glued on where no phrase has that form ("Talibans",
    "Talibans claim" written for "Taliban's claim"); the match covers the phrase only.
    """

    def __init__(self, phrases: Iterable[str], plural: bool = False) -> None:
        self.plural = plural
        self._by_first: dict[str, list[str]] = {}
        for phrase in set(phrases):
            first = _WORD.match(phrase)
            if first is None:
                continue
            self._by_first.setdefault(first.group(0), []).append(phrase)
        for options in self._by_first.values():
            options.sort(key=len, reverse=True)

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        end = -1
        for m in _WORD.finditer(text):
            start = m.start()
            if start < end:
                continue
            word = m.group(0)
            for key in _prefixes(word) + ([word[:-1]] if self.plural and word.endswith("s") else []):
                options = self._by_first.get(key)
                if not options:
                    continue
                hit = next((p for p in options if text.startswith(p, start) and (
                    _boundary(text, start + len(p)) or self.plural and _plural_end(text, start + len(p), p))), None)
                if hit is not None:
                    out.append((start, start + len(hit), hit))
                    end = start + len(hit)
                    break
        return out


def _prefixes(word: str) -> list[str]:
    """A text word and its shorter forms, for phrases whose first word the text glues on to more:
    "Ukraine's" starts "Ukraine", "U.S.-backed" starts "U.S."."""
    out = [word]
    for cut in ("'", "’", "-", "."):
        if cut in word[1:]:
            out.append(word[:word.index(cut, 1)])
            if cut == ".":
                out.append(word[:word.index(cut, 1) + 1])
    return out


def _plural_end(text: str, end: int, phrase: str) -> bool:
    """Whether an "s" glued on at `end` ends the word: a plural or an apostrophe-less possessive of a
    name of five or more letters not itself ending in "s"."""
    return len(phrase) >= 5 and phrase[-1].isalpha() and phrase[-1] != "s" \
        and text.startswith("s", end) and _boundary(text, end + 1)


def _boundary(text: str, end: int) -> bool:
    """Whether a match may end here: not inside a word ("Iran" is not "Irani") or a hyphenated name
    ("Guinea-Bissau"); a name may start a compound of allegiance ("Saudi-led", "U.S.-backed")."""
    if end >= len(text):
        return True
    if text[end] == "-":
        return _ALLEGIANCE.match(text, end + 1) is not None
    return not (text[end].isalnum() or text[end] == "_")


# compound adjectives that tie the thing they qualify to the name before them ("Saudi-led",
# "U.S.-backed", "Russian-controlled"); not "-based" or "-speaking" (a Kyiv-based think tank)
_ALLEGIANCE = re.compile(r"(?:led|backed|allied|supported|sponsored|aligned|funded|armed|controlled|held|"
                         r"occupied|installed|appointed|run)\b")
