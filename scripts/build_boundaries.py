"""Build src/counterclaim/data/boundaries-afg.json.gz from geoBoundaries' Afghan ADM1/ADM2 polygons.

Usage: python scripts/build_boundaries.py [../shared/data/gazetteer/afghanistan]

Each ring is simplified (Douglas-Peucker, tolerance below) and its coordinates rounded to 3
decimals (about 100 m), so the packaged file stays a few hundred KB. geoBoundaries is CC BY 4.0:
the attribution travels inside the file ("attribution").
"""
from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "counterclaim" / "data" / "boundaries-afg.json.gz"
TOLERANCE = {"ADM1": 0.004, "ADM2": 0.006}   # degrees
ATTRIBUTION = ("geoBoundaries (www.geoboundaries.org), CC BY 4.0: Runfola et al. (2020) geoBoundaries, "
               "PLoS ONE 15(4): e0231866")


def _dp(points: list[list[float]], tol: float) -> list[list[float]]:
    """Douglas-Peucker simplification of a polyline (iterative, keeps both ends)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (ax, ay), (bx, by) = points[a], points[b]
        dx, dy = bx - ax, by - ay
        norm = (dx * dx + dy * dy) ** 0.5 or 1e-12
        best, index = 0.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
            if d > best:
                best, index = d, i
        if best > tol and index > 0:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep) if k]


def _ring(ring: list[list[float]], tol: float, digits: int = 3) -> list[list[float]] | None:
    # split the closed ring in two halves so the ends of the polyline are not the same point
    half = len(ring) // 2
    out = _dp(ring[: half + 1], tol)[:-1] + _dp(ring[half:], tol)
    out = [[round(x, digits), round(y, digits)] for x, y in out]
    dedup = [p for i, p in enumerate(out) if i == 0 or p != out[i - 1]]
    return dedup if len(dedup) >= 4 else None


def _polygons(geometry: dict) -> list:
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return polys


def build(folder: Path) -> dict:
    out = {"attribution": ATTRIBUTION, "country": "AF", "features": []}
    for level in ("ADM1", "ADM2"):
        data = json.loads((folder / f"geoBoundaries-AFG-{level}_simplified.geojson").read_text(encoding="utf-8"))
        for n, feature in enumerate(data["features"]):
            polys = []
            for poly in _polygons(feature["geometry"]):
                outer = _ring(poly[0], TOLERANCE[level])  # holes are dropped: none matter at this scale
                if outer:
                    polys.append(outer)
            if polys:
                out["features"].append({"id": f"{level.lower()}-{n}", "level": level.lower().replace("adm", "admin"),
                                        "name": feature["properties"]["shapeName"], "rings": polys})
    return out


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data" / "gazetteer" / "afghanistan"
    data = build(folder)
    OUT.write_bytes(gzip.compress(json.dumps(data, separators=(",", ":")).encode("utf-8"), 9, mtime=0))
    points = sum(len(r) for f in data["features"] for r in f["rings"])
    print(f"{OUT}: {len(data['features'])} features, {points} points, {OUT.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
