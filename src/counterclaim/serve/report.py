"""A self-contained static HTML report of a store: map, contested board and every claim, in one file.

`write_report(store, out)` writes one HTML file with its CSS, a small script (filtering the claims
table) and all data inline, so it can be mailed and opened offline. Every value from the store is
escaped with `html.escape`; the only script is the fixed one below, which reads text, never HTML.
"""
from __future__ import annotations

import html
import math
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..geo.boundaries import boundaries, box
from ..ledger.propositions import why
from ..storage.store import Store
from .queries import STATUSES, ClaimFilter, iter_claims, place_summaries

COLOURS = {"contested": "#c2410c", "denied": "#7c3aed", "corroborated": "#15803d", "uncorroborated": "#64748b"}
NO_STATUS = "#a8b3c1"


def e(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    r = math.radians(max(-85.0, min(85.0, lat)))
    return lon, math.degrees(math.log(math.tan(math.pi / 4 + r / 2)))


def _overlaps(feature: dict[str, Any], view: tuple[float, float, float, float]) -> bool:
    """Whether a polygon's box meets the view (in Mercator degrees): those wholly outside are not drawn."""
    lon0, lat0, lon1, lat1 = box(feature["id"])
    (x0, y0), (x1, y1) = _mercator(lon0, lat0), _mercator(lon1, lat1)   # the projection keeps the order
    return x0 <= view[2] and x1 >= view[0] and y0 <= view[3] and y1 >= view[1]


def map_svg(places: list[dict[str, Any]], width: int = 900, height: int = 560) -> str:
    """The places as an SVG map over the packaged boundaries: countries, the regions of the places'
    countries (and Afghan districts), each region or district with claims filled, every place a point."""
    features = boundaries({p["country"] for p in places if p.get("country")})["features"]
    shapes = {f["id"]: f for f in features}
    located = [p for p in places if p.get("lat") is not None and p.get("lon") is not None]
    # the extent: the places finer than a country with their polygons; countries when nothing finer is located
    fine = [p for p in located if p["feature"] != "country"] or located
    pts = [_mercator(p["lon"], p["lat"]) for p in fine] or [_mercator(-170, -56), _mercator(180, 75)]
    pts += [_mercator(lon, lat) for p in fine if p.get("shape") in shapes
            for ring in shapes[p["shape"]]["rings"] for lon, lat in ring]
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
    px, py = max(0.5, (x1 - x0) * 0.06), max(0.5, (y1 - y0) * 0.06)
    x0, x1, y0, y1 = x0 - px, x1 + px, y0 - py, y1 + py
    k = min(width / (x1 - x0), height / (y1 - y0))
    ox, oy = (width - (x1 - x0) * k) / 2, (height - (y1 - y0) * k) / 2

    def proj(lon: float, lat: float) -> tuple[float, float]:
        mx, my = _mercator(lon, lat)
        return ox + (mx - x0) * k, oy + (y1 - my) * k

    def path(rings: list) -> str:
        return "".join("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in (proj(lon, lat) for lon, lat in ring)) + "Z"
                       for ring in rings)

    parts = [f'<svg viewBox="0 0 {width} {height}" class="map" role="img" aria-label="map of places with claims">',
             f'<rect width="{width}" height="{height}" fill="#e9eef3"/>']
    view = (x0 - ox / k, y1 + oy / k - height / k, x0 - ox / k + width / k, y1 + oy / k)
    features = [f for f in features if _overlaps(f, view)]
    parts += [f'<path d="{path(f["rings"])}" fill="#fbfbf8" stroke="none"/>' for f in features if f["level"] == "country"]
    parts += [f'<path d="{path(f["rings"])}" fill="none" stroke="#d9dee5" stroke-width=".5"/>'
              for f in features if f["level"] == "admin2"]
    for p in sorted(places, key=lambda p: p["feature"] != "admin1"):
        f = shapes.get(p.get("shape") or "")
        if f:
            colour = COLOURS.get(p["status"], NO_STATUS)
            opacity = ".16" if p["feature"] == "admin1" else ".42"
            parts.append(f'<path d="{path(f["rings"])}" fill="{colour}" fill-opacity="{opacity}" stroke="{colour}">'
                         f'<title>{e(p["name"])}</title></path>')
    parts += [f'<path d="{path(f["rings"])}" fill="none" stroke="#aab4c0" stroke-width=".7"/>'
              for f in features if f["level"] == "admin1"]
    parts += [f'<path d="{path(f["rings"])}" fill="none" stroke="#6f7c8c" stroke-width="1.2"/>'
              for f in features if f["level"] == "country"]
    for p in sorted(located, key=lambda p: -p["n_claims"]):
        x, y = proj(p["lon"], p["lat"])
        r = 5 + 4 * math.sqrt(p["n_claims"])
        colour = COLOURS.get(p["status"], NO_STATUS)
        label = e(f'{p["name"]} · {p["n_claims"]}')
        parts.append(f'<g class="place" data-status="{e(p["status"] or "none")}"><circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" '
                     f'fill="{colour}" fill-opacity=".9" stroke="#fff" stroke-width="1.5"/>'
                     f'<text x="{x + r + 4:.1f}" y="{y + 4:.1f}" class="halo">{label}</text>'
                     f'<text x="{x + r + 4:.1f}" y="{y + 4:.1f}">{label}</text>'
                     f'<title>{e(p["name"])}: {p["n_claims"]} claim(s), {e(p["status"] or "not linked")}</title></g>')
    parts.append("</svg>")
    return "".join(parts)


def render_report(store: Store, title: str = "counterclaim report") -> str:
    """The report as one HTML string."""
    from ..ledger.propositions import list_propositions

    stats = store.stats()
    places, _ = place_summaries(store, ClaimFilter())
    props = [p for p in list_propositions(store) if len([s for s, n in p["sources"].items() if n]) >= 2]
    claims = list(iter_claims(store, ClaimFilter()))
    sides = sorted({c["side"] or "unknown" for c in claims})
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{e(title)}</title>"
           f"<meta name='viewport' content='width=device-width, initial-scale=1'><style>{CSS}</style></head><body>",
           f"<header><h1>{e(title)}</h1><p>{stats['documents']} articles · {stats['claims']} claims · "
           f"{len(places)} places · {sum(1 for p in props if p['status'] == 'contested')} contested propositions · "
           f"generated {e(now)} by counterclaim</p></header><main>",
           "<section><h2>Map</h2>", map_svg(places),
           "<p class='legend'>" + " ".join(f"<span><i style='background:{c}'></i>{s}</span>" for s, c in COLOURS.items())
           + f"<span><i style='background:{NO_STATUS}'></i>not linked</span></p>",
           f"<p class='small'>Boundaries: {e(boundaries()['attribution'])}</p></section>",
           "<section><h2>Contested board</h2><p class='small'>Propositions with claims from more than one side, "
           "strongest first; each side's independent sources counted.</p>"]
    for p in props:
        members = {m["id"]: m for m in p["members"]}
        by_side: dict[str, list] = {}
        for m in p["members"]:
            by_side.setdefault(m["side"] or "unknown", []).append(m)
        out.append(f"<article class='prop {e(p['status'])}'><h3><span class='badge' style='background:"
                   f"{COLOURS.get(p['status'], NO_STATUS)}'>{e(p['status'])}</span> {e(p['label'])}</h3><div class='sides'>")
        for side, ms in by_side.items():
            out.append(f"<div><h4>{e(side)} · {p['sources'].get(side, 0)} independent source(s)</h4><ul>")
            out += [f"<li><b>{e(m['claimant'] or 'unnamed')}</b> “{e(m['text'])}” <span class='small'>#{m['id']} "
                    f"{e(m['when'] or m['published'] or '')}</span></li>" for m in ms]
            out.append("</ul></div>")
        out.append("</div><details><summary>links and why</summary><ul class='links'>")
        for link in p["links"]:
            a, b = members.get(link["claim"], {}), members.get(link["other"], {})
            out.append(f"<li><b>{e(link['kind'])}</b> #{link['claim']} {e(a.get('claimant'))} → #{link['other']} "
                       f"{e(b.get('claimant'))}: {e(why(link['reason']))}</li>")
        out.append("</ul></details></article>")
    if not props:
        out.append("<p>No proposition has claims from more than one side.</p>")
    out.append("</section><section><h2>Claims</h2><p class='filter'><input id='q' type='search' "
               "placeholder='filter: words in the claim, claimant, places'> <select id='side'><option value=''>any side</option>"
               + "".join(f"<option>{e(s)}</option>" for s in sides)
               + "</select> <select id='status'><option value=''>any status</option>"
               + "".join(f"<option>{s}</option>" for s in STATUSES)
               + "</select> <span id='shown'></span></p><table><thead><tr><th>#</th><th>date</th><th>claimant</th>"
               "<th>side</th><th>type</th><th>places</th><th>status</th><th>claim</th><th>article</th></tr></thead><tbody>")
    for c in claims:
        out.append(f"<tr data-side='{e(c['side'] or 'unknown')}' data-status='{e(c['status'] or '')}'><td>{c['id']}</td>"
                   f"<td>{e(c['when'] or c['published'] or '')}</td><td>{e(c['claimant'] or 'unnamed')}</td>"
                   f"<td>{e(c['side'] or 'unknown')}</td><td>{e((c['type'] or '').replace('_', ' '))}</td>"
                   f"<td>{e(c['places'] or '')}</td><td>{e(c['status'] or '')}</td><td>{e(c['text'])}</td>"
                   f"<td class='small'>{e(c['document_title'] or c['document'])}</td></tr>")
    out.append(f"</tbody></table></section></main><script>{SCRIPT}</script></body></html>")
    return "".join(out)


def write_report(store: Store, out: str | Path, title: str = "counterclaim report") -> int:
    """Write the report to `out`; returns its size in bytes."""
    data = render_report(store, title).encode("utf-8")
    Path(out).write_bytes(data)
    return len(data)


CSS = """
body{font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#17202b;background:#f1f3f6;margin:0}
header{background:#111c2b;color:#e8edf3;padding:10px 24px}header h1{font-size:18px;margin:0}header p{margin:2px 0 0;color:#9fb0c3}
main{padding:8px 24px 40px;max-width:1400px}section{background:#fff;border:1px solid #d8dee6;border-radius:4px;padding:10px 16px;margin:12px 0}
h2{font-size:15px;margin:4px 0 8px}h3{font-size:14px;margin:0 0 6px}h4{font-size:12px;margin:4px 0;color:#5b6776;text-transform:uppercase}
.map{width:100%;max-width:900px;display:block}.map text{font:600 13px system-ui,sans-serif;fill:#1f2937}.map text.halo{stroke:#fff;stroke-width:4px;stroke-linejoin:round}
.legend span{margin-right:14px}.legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px}
.small{font-size:11.5px;color:#5b6776}.badge{color:#fff;border-radius:3px;padding:1px 6px;font-size:11px;text-transform:uppercase}
.prop{border:1px solid #e2e6ec;border-left:4px solid #94a3b8;padding:8px 12px;margin:8px 0}.prop.contested{border-left-color:#c2410c}.prop.denied{border-left-color:#7c3aed}
.sides{display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:12px}.sides ul,.links{margin:0;padding-left:18px}
table{border-collapse:collapse;width:100%}th{text-align:left;font-size:11px;text-transform:uppercase;color:#5b6776;border-bottom:1px solid #d8dee6;padding:5px}
td{border-bottom:1px solid #eef1f4;padding:5px;vertical-align:top}input,select{font:inherit;padding:3px 6px}
"""

SCRIPT = """
(function(){var q=document.getElementById('q'),s=document.getElementById('side'),st=document.getElementById('status'),
shown=document.getElementById('shown'),rows=document.querySelectorAll('tbody tr');
function run(){var words=q.value.toLowerCase().split(/\\s+/).filter(Boolean),n=0;
rows.forEach(function(r){var t=r.textContent.toLowerCase();var ok=words.every(function(w){return t.indexOf(w)>=0;})
&&(!s.value||r.dataset.side===s.value)&&(!st.value||r.dataset.status===st.value);r.hidden=!ok;if(ok)n++;});
shown.textContent=n+' of '+rows.length+' claims';}
q.addEventListener('input',run);s.addEventListener('change',run);st.addEventListener('change',run);run();})();
"""
