"""Packaged boundary polygons for the map, and which polygon draws a stored place.

Two packaged files, each {"attribution", "features": [{"id", "level", "country", "name", "rings":
[[[lon, lat], ...], ...]}]}:
- `data/boundaries-world.json.gz`: every country (level "country", Natural Earth 1:50m) and its
  first-level regions (level "admin1", Natural Earth 1:10m), built by `scripts/build_world_boundaries.py`;
- `data/boundaries-afg.json.gz`: Afghan provinces and districts ("admin1", "admin2") from
  geoBoundaries (CC BY 4.0), finer than Natural Earth's, built by `scripts/build_boundaries.py`.

`boundaries(countries)` gives every country's outline and the regions of the countries asked for
(all when None). `shape_for(place)` gives the id of the polygon that draws a region or district:
the one of its country and level that holds its coordinates, or None (places are then points).
"""
from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

FILES = ("boundaries-world.json.gz", "boundaries-afg.json.gz")


def _load(name: str) -> dict[str, Any]:
    data = json.loads(gzip.decompress((resources.files("counterclaim") / "data" / name).read_bytes()))
    for feature in data["features"]:
        feature.setdefault("country", data.get("country"))
    return data


@lru_cache(maxsize=1)
def _all() -> dict[str, Any]:
    files = [_load(name) for name in FILES]
    return {"attribution": "; ".join(f["attribution"] for f in files),
            "features": [feature for f in files for feature in f["features"]]}


def boundaries(countries: Iterable[str] | None = None) -> dict[str, Any]:
    """Every country's outline and the regions and districts of `countries` (ISO alpha-2; all when None)."""
    data = _all()
    if countries is None:
        return data
    wanted = {c.upper() for c in countries}
    return {"attribution": data["attribution"],
            "features": [f for f in data["features"] if f["level"] == "country" or f["country"] in wanted]}


@lru_cache(maxsize=64)
def boundaries_json(countries: frozenset[str]) -> bytes:
    """`boundaries(countries)` encoded once per set of countries (the map asks again and again)."""
    return json.dumps(boundaries(countries), separators=(",", ":")).encode("utf-8")


@lru_cache(maxsize=1)
def _index() -> dict[tuple[str, str], list[tuple[tuple[float, float, float, float], dict[str, Any]]]]:
    out: dict[tuple[str, str], list] = {}
    for feature in _all()["features"]:
        xs = [x for ring in feature["rings"] for x, _ in ring]
        ys = [y for ring in feature["rings"] for _, y in ring]
        out.setdefault((feature["level"], feature["country"]), []).append(((min(xs), min(ys), max(xs), max(ys)), feature))
    return out


@lru_cache(maxsize=1)
def _boxes() -> dict[str, tuple[float, float, float, float]]:
    return {feature["id"]: box for members in _index().values() for box, feature in members}


def box(feature_id: str) -> tuple[float, float, float, float]:
    """A packaged polygon's bounding box (lon0, lat0, lon1, lat1)."""
    return _boxes()[feature_id]


def _inside(x: float, y: float, ring: list[list[float]]) -> bool:
    """Even-odd rule: whether (x, y) is inside the ring."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / ((yj - yi) or 1e-12) + xi:
            inside = not inside
        j = i
    return inside


def locate(lon: float, lat: float, level: str, country: str = "AF") -> dict[str, Any] | None:
    """The packaged polygon of `level` (country, admin1, admin2) in `country` holding the point, or None."""
    for (x0, y0, x1, y1), feature in _index().get((level, country.upper()), []):
        if x0 <= lon <= x1 and y0 <= lat <= y1 and any(_inside(lon, lat, r) for r in feature["rings"]):
            return feature
    return None


def shape_for(place: dict[str, Any]) -> str | None:
    """The polygon id drawing a region or district, found by its coordinates in its country."""
    level, country = place.get("feature"), place.get("country")
    if level not in ("admin1", "admin2") or not country:
        return None
    if place.get("lat") is None or place.get("lon") is None:
        return None
    feature = locate(float(place["lon"]), float(place["lat"]), level, country)
    return feature["id"] if feature else None
