"""Packaged boundary polygons for the map, and which polygon draws a stored place.

`boundaries()` is the packaged file `data/boundaries-afg.json.gz` (Afghan provinces and districts
from geoBoundaries, CC BY 4.0, simplified by `scripts/build_boundaries.py`): {"attribution",
"features": [{"id", "level" (admin1 | admin2), "name", "rings": [[[lon, lat], ...], ...]}]}.
`shape_for(place)` gives the id of the polygon that draws a place (a province or district whose
coordinates fall inside it), or None: places elsewhere are drawn as points from their coordinates.
"""
from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources
from typing import Any

FILE = "boundaries-afg.json.gz"


@lru_cache(maxsize=1)
def boundaries() -> dict[str, Any]:
    """The packaged polygons (loaded once)."""
    data = (resources.files("counterclaim") / "data" / FILE).read_bytes()
    return json.loads(gzip.decompress(data))


@lru_cache(maxsize=1)
def _index() -> dict[str, list[tuple[tuple[float, float, float, float], dict[str, Any]]]]:
    out: dict[str, list] = {"admin1": [], "admin2": []}
    for feature in boundaries()["features"]:
        xs = [x for ring in feature["rings"] for x, _ in ring]
        ys = [y for ring in feature["rings"] for _, y in ring]
        out[feature["level"]].append(((min(xs), min(ys), max(xs), max(ys)), feature))
    return out


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


def locate(lon: float, lat: float, level: str) -> dict[str, Any] | None:
    """The packaged polygon of `level` ("admin1" or "admin2") containing the point, or None."""
    for (x0, y0, x1, y1), feature in _index().get(level, []):
        if x0 <= lon <= x1 and y0 <= lat <= y1 and any(_inside(lon, lat, r) for r in feature["rings"]):
            return feature
    return None


def shape_for(place: dict[str, Any]) -> str | None:
    """The polygon id drawing a place: Afghan provinces and districts by their coordinates."""
    level = place.get("feature")
    if place.get("country") != "AF" or level not in ("admin1", "admin2"):
        return None
    if place.get("lat") is None or place.get("lon") is None:
        return None
    feature = locate(float(place["lon"]), float(place["lat"]), level)
    return feature["id"] if feature else None
