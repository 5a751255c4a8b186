/* counterclaim dashboard: one page, no build step, no third-party code.
 *
 * Everything shown comes from /api. Article text and metadata are untrusted: this file never
 * assigns HTML; text goes into the page through text nodes (el() below) and attributes through
 * setAttribute, and links are only made for http(s) URLs. The server's Content-Security-Policy
 * forbids inline scripts as a second line of defence.
 */
"use strict";

const FILTERS = ["place", "side", "actor", "type", "since", "until", "outlet", "status", "q"];
const VIEWS = ["map", "board", "claims", "claim", "upload"];
const STATUS_COLOURS = {contested: "#c2410c", denied: "#7c3aed", corroborated: "#15803d", uncorroborated: "#64748b"};
const NO_STATUS = "#a8b3c1";
const SIDE_COLOURS = {taliban: "#9a3412", nrf: "#1d4ed8", government: "#0f766e", unknown: "#94a3b8"};
const PALETTE = ["#0e7490", "#a16207", "#be185d", "#4d7c0f", "#6d28d9", "#b45309", "#0369a1", "#7f1d1d", "#365314", "#581c87"];
const SVGNS = "http://www.w3.org/2000/svg";

const state = {filters: {}, view: "map", claim: null, place: null, group: "side", next: null, config: {}};
const cache = {boundaries: null, stats: null};

// ---- DOM helpers: text only ------------------------------------------------------------

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVGNS, tag);
  setAttrs(node, attrs);
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function setAttrs(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "on") { for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn); continue; }
    if (/^on/i.test(key)) continue;  // never an inline handler
    node.setAttribute(key, value === true ? "" : String(value));
  }
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

function safeUrl(url) {
  try { const u = new URL(url); return (u.protocol === "http:" || u.protocol === "https:") ? u.href : null; }
  catch (e) { return null; }
}

function sideColour(side) {
  const key = (side || "unknown").toLowerCase();
  if (SIDE_COLOURS[key]) return SIDE_COLOURS[key];
  let h = 0;
  for (const ch of key) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[h % PALETTE.length];
}

// a link's reason: its rule and, where two answers were compared, the answers
function why(reason) {
  return (reason.rule || "") + (reason.compared ? `: ${reason.compared}` : "");
}

function sideChip(side) {
  const chip = el("span", {class: "chip side", "data-side": side || "unknown"}, side || "unknown");
  chip.style.setProperty("--c", sideColour(side));
  return chip;
}

function statusBadge(status) {
  const badge = el("span", {class: "badge", "data-status": status || "none"}, status || "unlinked");
  badge.style.setProperty("--c", STATUS_COLOURS[status] || NO_STATUS);
  return badge;
}

function fold(text) {
  return (text || "").normalize("NFKD").replace(/[\u0300-\u036f'’`]/g, "").toLowerCase();
}

function toast(message, kind) {
  const box = document.getElementById("toast");
  box.textContent = message;
  box.className = "toast " + (kind || "");
  box.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.hidden = true; }, 5000);
}

// ---- state <-> URL ---------------------------------------------------------------------

// a real calendar day written YYYY-MM-DD (what the API takes for since and until)
function isDay(value) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value || "")) return false;
  const t = Date.parse(value + "T00:00:00Z");
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === value;
}

// since/until that are not days are dropped (never drawn as NaN), and said so
function dropBadDays(filters) {
  const bad = ["since", "until"].filter(k => filters[k] && !isDay(filters[k]));
  for (const k of bad) {
    toast(`${k}: "${filters[k].slice(0, 40)}" is not a date (YYYY-MM-DD); ignored`, "error");
    delete filters[k];
  }
  document.body.dataset.ignored = bad.join(" ");
}

function readUrl() {
  const params = new URLSearchParams(location.search);
  state.filters = {};
  for (const key of FILTERS) { const v = params.get(key); if (v) state.filters[key] = v; }
  dropBadDays(state.filters);
  const view = params.get("view");
  state.view = VIEWS.includes(view) ? view : "map";
  const claim = parseInt(params.get("claim") || "", 10);
  state.claim = Number.isFinite(claim) ? claim : null;
  const place = parseInt(params.get("place_id") || "", 10);
  state.place = Number.isFinite(place) ? place : null;
  state.group = params.get("group") === "type" ? "type" : "side";
}

function writeUrl(push) {
  const params = new URLSearchParams();
  for (const key of FILTERS) if (state.filters[key]) params.set(key, state.filters[key]);
  if (state.view !== "map") params.set("view", state.view);
  if (state.view === "claim" && state.claim) params.set("claim", state.claim);
  if (state.view === "map" && state.place) params.set("place_id", state.place);
  if (state.group !== "side") params.set("group", state.group);
  const url = location.pathname + (params.toString() ? "?" + params : "");
  if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
}

function filterQuery(extra, omit) {
  const params = new URLSearchParams();
  for (const key of FILTERS) if (state.filters[key] && !(omit || []).includes(key)) params.set(key, state.filters[key]);
  for (const [k, v] of Object.entries(extra || {})) params.set(k, v);
  return params.toString();
}

async function api(path) {
  const response = await fetch(path, {headers: {Accept: "application/json"}});
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (e) { /* not JSON */ }
    throw new Error(`${response.status}: ${detail}`);
  }
  return response.json();
}

// ---- filters ---------------------------------------------------------------------------

function fillSelect(select, values, current) {
  const keep = select.querySelector("option[value='']");
  clear(select).append(keep);
  for (const {value, label} of values) select.append(el("option", {value}, label));
  select.value = current || "";
}

async function loadFacets() {
  const [stats, actors, placeList] = await Promise.all([api("/api/stats"), api("/api/actors"), api("/api/places")]);
  cache.stats = stats;
  const form = document.getElementById("filters");
  fillSelect(form.side, stats.facets.sides.map(s => ({value: s.value, label: `${s.value} (${s.n})`})), state.filters.side);
  fillSelect(form.type, stats.facets.types.map(s => ({value: s.value, label: `${s.value.replace(/_/g, " ")} (${s.n})`})), state.filters.type);
  fillSelect(form.actor, actors.map(a => ({value: a.id, label: `${a.name || a.id} (${a.claims})`})), state.filters.actor);
  const places = clear(document.getElementById("place-names"));
  for (const p of placeList) places.append(el("option", {value: p.name}));
  const outlets = clear(document.getElementById("outlet-names"));
  for (const o of stats.facets.outlets) outlets.append(el("option", {value: o}));
  const byStatus = Object.fromEntries((stats.facets.statuses || []).map(s => [s.value, s.n]));
  clear(document.getElementById("stats")).append(
    el("span", null, el("b", null, stats.documents), " articles"),
    el("span", null, el("b", null, stats.claims), " claims"),
    el("span", null, el("b", null, stats.places), " places"),
    el("span", {class: "hot"}, el("b", null, byStatus.contested || 0), " contested"),
    el("span", null, el("b", null, Object.values(byStatus).reduce((a, b) => a + b, 0)), " propositions"));
  // the feeds and sitemaps `counterclaim watch` reads: when last read, and how many are failing
  const watched = (stats.sources || []).filter(s => !s.parent);
  if (watched.length) {
    const last = watched.map(s => s.last_read).filter(Boolean).sort().pop();
    const failing = watched.filter(s => s.last_error).length;
    const detail = watched.map(s => `${s.url}: ${s.last_read ? "read " + s.last_read : "never read"}, ` +
                                    `${s.articles} articles${s.last_error ? "; " + s.last_error : ""}`).join("\n");
    document.getElementById("stats").append(el("span", {title: detail, class: failing ? "hot" : null},
      el("b", null, watched.length), ` sources, last read ${last ? last.slice(0, 16).replace("T", " ") : "never"}`,
      failing ? `, ${failing} failing` : ""));
  }
}

function syncForm() {
  const form = document.getElementById("filters");
  for (const key of FILTERS) if (form[key]) form[key].value = state.filters[key] || "";
  for (const a of document.querySelectorAll(".export a")) {
    a.setAttribute("href", "/api/export?" + filterQuery({format: a.dataset.format}));
  }
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.view === state.view);
  for (const b of document.querySelectorAll("#group-by button")) b.classList.toggle("active", b.dataset.group === state.group);
}

function setFilters(changes, push) {
  for (const [k, v] of Object.entries(changes)) { if (v) state.filters[k] = String(v); else delete state.filters[k]; }
  dropBadDays(state.filters);
  writeUrl(push);
  render();
}

function bindFilters() {
  const form = document.getElementById("filters");
  form.addEventListener("change", event => {
    const name = event.target.name;
    if (FILTERS.includes(name)) setFilters({[name]: event.target.value.trim()}, true);
  });
  form.addEventListener("submit", event => event.preventDefault());
  document.getElementById("clear").addEventListener("click", () => { state.filters = {}; writeUrl(true); render(); });
  for (const b of document.querySelectorAll("#tabs button")) {
    b.addEventListener("click", () => show(b.dataset.view));
  }
  for (const b of document.querySelectorAll("#group-by button")) {
    b.addEventListener("click", () => { state.group = b.dataset.group; writeUrl(false); syncForm(); renderTimeline(); });
  }
  window.addEventListener("popstate", () => { readUrl(); render(); });
}

function show(view, claim) {
  state.view = view;
  if (claim !== undefined) state.claim = claim;
  writeUrl(true);
  render();
  window.scrollTo(0, 0);
}

function openClaim(id) { show("claim", id); }

// ---- rendering -------------------------------------------------------------------------

async function render() {
  syncForm();
  for (const v of VIEWS) document.getElementById("view-" + v).hidden = v !== state.view;
  document.getElementById("timeline-panel").hidden = state.view === "upload" || state.view === "claim";
  const jobs = [];
  if (state.view !== "upload" && state.view !== "claim") jobs.push(renderTimeline());
  jobs.push({map: renderMap, board: renderBoard, claims: renderClaims, claim: renderClaim, upload: renderUpload}[state.view]());
  try { await Promise.all(jobs); } catch (e) { toast(e.message, "error"); }
  document.body.dataset.ready = "1";
}

// -- timeline

// The days the axis spans: where the bulk of the claims are (the 5th to the 95th percentile of their
// days, widened to take in days close to it), so that a few stray dates do not squeeze the weeks of
// a battle into a column; the days left out are returned to be listed. days: [time, claims].
function fitDays(days, DAY) {
  const per = new Map();
  for (const [t, n] of days) per.set(t, (per.get(t) || 0) + n);
  const sorted = [...per.keys()].sort((a, b) => a - b);
  const total = [...per.values()].reduce((a, b) => a + b, 0);
  const quantile = q => { let acc = 0; for (const t of sorted) { acc += per.get(t); if (acc >= q * total) return t; } return sorted[sorted.length - 1]; };
  let lo = quantile(0.05), hi = quantile(0.95);
  const slack = Math.max(3 * DAY, (hi - lo) * 0.25);
  for (const t of [...sorted].reverse()) if (t < lo && lo - t <= slack) lo = t;
  for (const t of sorted) if (t > hi && t - hi <= slack) hi = t;
  return {lo, hi, outliers: sorted.filter(t => t < lo || t > hi).map(t => [t, per.get(t)])};
}

async function renderTimeline() {
  const rows = await api("/api/timeline?" + filterQuery({}, ["since", "until"]));
  const box = document.getElementById("timeline");
  const width = Math.max(400, box.clientWidth || 900), height = 120, pad = {l: 34, r: 10, t: 8, b: 22};
  clear(box).setAttribute("viewBox", `0 0 ${width} ${height}`);
  const legend = clear(document.getElementById("timeline-legend"));
  if (!rows.length) { box.append(svg("text", {x: width / 2, y: height / 2, class: "empty", "text-anchor": "middle"}, "no dated claims")); return; }
  const DAY = 86400000, parse = d => Date.parse(d + "T00:00:00Z");
  const fit = fitDays(rows.map(r => [parse(r.day), r.n]), DAY);
  let lo = fit.lo, hi = fit.hi;
  const shown = rows.filter(r => parse(r.day) >= lo && parse(r.day) <= hi);
  lo -= DAY; hi += DAY;
  const days = Math.round((hi - lo) / DAY) + 1;
  const slot = (width - pad.l - pad.r) / days, bw = Math.max(2, Math.min(36, slot - 2));
  const x = t => pad.l + (t - lo) / DAY * slot + (slot - bw) / 2;
  const key = state.group === "type" ? "type" : "side";
  const perDay = new Map(), groups = new Map();
  for (const r of shown) {
    const g = r[key] || "unknown";
    groups.set(g, (groups.get(g) || 0) + r.n);
    if (!perDay.has(r.day)) perDay.set(r.day, new Map());
    perDay.get(r.day).set(g, (perDay.get(r.day).get(g) || 0) + r.n);
  }
  const order = [...groups.keys()].sort((a, b) => groups.get(b) - groups.get(a));
  const colour = g => key === "side" ? sideColour(g) : PALETTE[order.indexOf(g) % PALETTE.length];
  const max = Math.max(...[...perDay.values()].map(m => [...m.values()].reduce((a, b) => a + b, 0)));
  const y = n => (height - pad.b - pad.t) * n / max;
  box.append(svg("line", {x1: pad.l, x2: width - pad.r, y1: height - pad.b, y2: height - pad.b, class: "axis"}));
  box.append(svg("text", {x: pad.l - 6, y: pad.t + 8, class: "tick", "text-anchor": "end"}, max));
  const step = Math.max(1, Math.ceil(days / 10));
  for (let i = 0; i < days; i += step) {
    const t = lo + i * DAY;
    box.append(svg("text", {x: x(t) + bw / 2, y: height - 6, class: "tick", "text-anchor": "middle"}, new Date(t).toISOString().slice(5, 10)));
  }
  const day = k => isDay(state.filters[k]) ? parse(state.filters[k]) : null;
  const since = day("since"), until = day("until");
  if (since !== null || until !== null) {
    const a = x(since !== null ? since : lo), b = x(until !== null ? until : hi) + bw;
    box.append(svg("rect", {x: a - 1, y: pad.t - 4, width: Math.max(2, b - a + 2), height: height - pad.b - pad.t + 4, class: "selection"}));
  }
  for (const [day, counts] of perDay) {
    let base = height - pad.b;
    const inRange = (since === null || parse(day) >= since) && (until === null || parse(day) <= until);
    for (const g of order) {
      const n = counts.get(g);
      if (!n) continue;
      const h = y(n);
      base -= h;
      box.append(svg("rect", {x: x(parse(day)), y: base, width: bw, height: h, fill: colour(g), class: inRange ? "bar" : "bar out", "data-day": day, "data-group": g},
        svg("title", null, `${day} · ${g}: ${n} claim(s)`)));
    }
  }
  for (const g of order) {
    const sw = el("span", {class: "swatch"}); sw.style.background = colour(g);
    legend.append(el("span", {class: "item"}, sw, `${g.replace(/_/g, " ")} ${groups.get(g)}`));
  }
  if (fit.outliers.length) {   // stray dates are listed, each a button that shows that day alone
    const out = el("span", {class: "outliers", id: "timeline-outliers"}, "outside the axis: ");
    for (const [t, n] of fit.outliers) {
      const d = new Date(t).toISOString().slice(0, 10);
      const b = el("button", {type: "button", class: "link", "data-day": d}, `${d} (${n})`);
      b.addEventListener("click", () => setFilters({since: d, until: d}, true));
      out.append(b, " ");
    }
    legend.append(out);
  }
  // brushing: drag to choose a range of days, click to clear
  const toDay = px => new Date(lo + Math.floor((px - pad.l) / ((width - pad.l - pad.r) / days)) * DAY).toISOString().slice(0, 10);
  const point = ev => { const r = box.getBoundingClientRect(); return (ev.clientX - r.left) * width / r.width; };
  let start = null, brush = null;
  box.onpointerdown = ev => { start = point(ev); brush = svg("rect", {x: start, y: pad.t - 4, width: 1, height: height - pad.b - pad.t + 4, class: "brush"}); box.append(brush); box.setPointerCapture(ev.pointerId); };
  box.onpointermove = ev => { if (start === null) return; const p = point(ev); brush.setAttribute("x", Math.min(start, p)); brush.setAttribute("width", Math.abs(p - start)); };
  box.onpointerup = ev => {
    if (start === null) return;
    const p = point(ev), a = Math.min(start, p), b = Math.max(start, p);
    start = null;
    if (b - a < 4) { setFilters({since: "", until: ""}, true); return; }
    setFilters({since: toDay(Math.max(a, pad.l)), until: toDay(Math.min(b, width - pad.r - 1))}, true);
  };
}

// -- map

function mercator(lon, lat) {
  const r = Math.max(-85, Math.min(85, lat)) * Math.PI / 180;
  return [lon, Math.log(Math.tan(Math.PI / 4 + r / 2)) * 180 / Math.PI];
}

async function renderMap() {
  const placeList = await api("/api/places?" + filterQuery());
  // every country's outline, and the regions of the countries the places are in
  const countries = [...new Set(placeList.map(p => p.country).filter(Boolean))].sort().join(",");
  if (!cache.boundaries || cache.boundariesFor !== countries) {
    cache.boundaries = await api("/api/boundaries" + (countries ? "?countries=" + countries : ""));
    cache.boundariesFor = countries;
  }
  const box = clear(document.getElementById("map"));
  const W = 1000, H = 640;
  box.setAttribute("viewBox", `0 0 ${W} ${H}`);
  const shapes = new Map(cache.boundaries.features.map(f => [f.id, f]));
  const located = placeList.filter(p => p.lat !== null && p.lon !== null);
  // the extent: the places finer than a country (their polygons included), at least 4 degrees wide;
  // country-level places only when nothing finer is located; the world when nothing is
  const fine = located.filter(p => p.feature !== "country");
  const pts = [];
  for (const p of (fine.length ? fine : located)) {
    pts.push(mercator(p.lon, p.lat));
    const f = p.shape && shapes.get(p.shape);
    if (f) for (const ring of f.rings) for (const [lon, lat] of ring) pts.push(mercator(lon, lat));
  }
  if (!pts.length) pts.push(mercator(-170, -56), mercator(180, 75));
  let [x0, y0, x1, y1] = [Math.min(...pts.map(p => p[0])), Math.min(...pts.map(p => p[1])), Math.max(...pts.map(p => p[0])), Math.max(...pts.map(p => p[1]))];
  const minSpan = 4, cx0 = (x0 + x1) / 2, cy0 = (y0 + y1) / 2;
  if (x1 - x0 < minSpan) { x0 = cx0 - minSpan / 2; x1 = cx0 + minSpan / 2; }
  if (y1 - y0 < minSpan * H / W) { y0 = cy0 - minSpan * H / W / 2; y1 = cy0 + minSpan * H / W / 2; }
  const padX = (x1 - x0) * 0.08, padY = (y1 - y0) * 0.08;
  x0 -= padX; x1 += padX; y0 -= padY; y1 += padY;
  const k = Math.min(W / (x1 - x0), H / (y1 - y0));
  const ox = (W - (x1 - x0) * k) / 2, oy = (H - (y1 - y0) * k) / 2;
  const proj = (lon, lat) => { const [mx, my] = mercator(lon, lat); return [ox + (mx - x0) * k, oy + (y1 - my) * k]; };
  // a polygon wholly outside the view is not drawn
  const [vx0, vx1, vy0, vy1] = [x0 - (W / k - (x1 - x0)), x1 + (W / k - (x1 - x0)), y0 - (H / k - (y1 - y0)), y1 + (H / k - (y1 - y0))];
  const visible = f => {
    if (!f.bbox) { const all = f.rings.flat().map(([lon, lat]) => mercator(lon, lat)); f.bbox = [Math.min(...all.map(q => q[0])), Math.min(...all.map(q => q[1])), Math.max(...all.map(q => q[0])), Math.max(...all.map(q => q[1]))]; }
    return f.bbox[0] <= vx1 && f.bbox[2] >= vx0 && f.bbox[1] <= vy1 && f.bbox[3] >= vy0;
  };
  const path = rings => rings.map(r => "M" + r.map(([lon, lat]) => proj(lon, lat).map(v => v.toFixed(1)).join(",")).join("L") + "Z").join("");
  box.append(svg("rect", {x: 0, y: 0, width: W, height: H, class: "sea"}));
  if (state.config.tiles) drawTiles(box, state.config.tiles, x0, y0, x1, y1, k, ox, oy, W, H);
  const land = svg("g", {class: "land"}), borders = svg("g", {class: "countries"}), districts = svg("g", {class: "districts"}), provinces = svg("g", {class: "provinces"});
  const inView = cache.boundaries.features.filter(visible);
  for (const f of inView) {
    const d = path(f.rings);
    if (f.level === "country") { land.append(svg("path", {d, "data-country": f.country})); borders.append(svg("path", {d}, svg("title", null, f.name))); }
    else if (f.level === "admin1") provinces.append(svg("path", {d, "data-country": f.country}, svg("title", null, f.name)));
    else districts.append(svg("path", {d, "data-country": f.country}, svg("title", null, f.name)));
  }
  const filled = svg("g", {class: "filled"});
  const ordered = [...placeList].sort((a, b) => (a.feature === "admin1" ? 0 : 1) - (b.feature === "admin1" ? 0 : 1));
  for (const p of ordered) {
    const f = p.shape && shapes.get(p.shape);
    if (!f) continue;
    const shape = svg("path", {d: path(f.rings), class: "place-shape " + (p.feature || ""), "data-place": p.id, fill: STATUS_COLOURS[p.status] || NO_STATUS, stroke: STATUS_COLOURS[p.status] || NO_STATUS},
      svg("title", null, `${p.name}: ${p.n_claims} claim(s), ${p.status || "not linked"}`));
    shape.addEventListener("click", () => selectPlace(p.id));
    filled.append(shape);
  }
  // region names, faint, for orientation (not over a region that has its own mark); country names
  // when the view is wide
  const names = svg("g", {class: "region-labels"});
  const marked = new Set(placeList.map(p => fold(p.name)));
  const wide = (x1 - x0) > 25;
  for (const f of inView) {
    if (f.level !== (wide ? "country" : "admin1") || marked.has(fold(f.name))) continue;
    const ring = f.rings.reduce((a, b) => (b.length > a.length ? b : a));
    const xs = ring.map(([lon, lat]) => proj(lon, lat)[0]);
    if (Math.max(...xs) - Math.min(...xs) < f.name.length * 6) continue;  // a name only where it fits
    const [lx, ly] = proj(ring.reduce((t, p) => t + p[0], 0) / ring.length, ring.reduce((t, p) => t + p[1], 0) / ring.length);
    if (lx > 20 && ly > 12 && lx < W - 20 && ly < H - 6) names.append(svg("text", {x: lx, y: ly, "text-anchor": "middle"}, f.name));
  }
  box.append(land, districts, filled, provinces, borders, names);
  const marks = svg("g", {class: "marks"});
  const byCount = [...located].sort((a, b) => b.n_claims - a.n_claims);
  const taken = [];  // label boxes already placed: each label takes the first free side of its mark
  const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
  const outside = [], drawn = [];  // marks drawn so far, larger first: a later one is on top
  for (const p of byCount) {
    const [px, py] = proj(p.lon, p.lat);
    const r = 5 + 4 * Math.sqrt(p.n_claims);
    if (px < 0 || py < 0 || px > W || py > H) { outside.push(p); continue; }
    // a mark that would cover the centre of one drawn before (places a few km apart, or one place
    // named twice) moves out around it on a spiral, with a line to where it is: every centre stays
    // its own mark's, to see and to click
    let [cx, cy] = [px, py];
    for (let i = 1; i <= 40 && drawn.some(d => Math.hypot(d.x - cx, d.y - cy) < Math.max(r, d.r) + 3); i++) {
      const angle = i * 2.39996, dist = (r + 4) * Math.sqrt(i);
      [cx, cy] = [px + Math.cos(angle) * dist, py + Math.sin(angle) * dist];
    }
    drawn.push({x: cx, y: cy, r});
    const text = `${p.name} · ${p.n_claims}`, w = text.length * 7.6 + 4, h = 16;
    const options = [[cx + r + 4, cy + 4, "start"], [cx - r - 4, cy + 4, "end"], [cx, cy - r - 6, "middle"], [cx, cy + r + 15, "middle"]];
    let [lx, ly, anchor] = options[0];
    for (const [ox2, oy2, an] of options) {
      const box = {x: an === "start" ? ox2 : an === "end" ? ox2 - w : ox2 - w / 2, y: oy2 - 12, w, h};
      if (!taken.some(t => overlaps(t, box))) { [lx, ly, anchor] = [ox2, oy2, an]; taken.push(box); break; }
    }
    taken.push({x: cx - r, y: cy - r, w: 2 * r, h: 2 * r});
    const colour = STATUS_COLOURS[p.status] || NO_STATUS;
    const g = svg("g", {class: "place" + (p.id === state.place ? " selected" : ""), "data-id": p.id, "data-name": p.name, "data-text": p.text,
      "data-status": p.status || "none", "data-claims": p.n_claims, tabindex: 0, role: "button", "aria-label": `${p.name}: ${p.status || "not linked"}, ${p.n_claims} claims`},
      ...(cx !== px || cy !== py ? [svg("line", {x1: px, y1: py, x2: cx, y2: cy, class: "leader"}), svg("circle", {cx: px, cy: py, r: 2, class: "anchor"})] : []),
      svg("circle", {cx, cy, r, fill: colour, class: p.feature === "country" ? "country" : ""}),
      svg("text", {x: lx, y: ly, class: "label halo", "text-anchor": anchor}, text),
      svg("text", {x: lx, y: ly, class: "label", "text-anchor": anchor}, text),
      svg("title", null, `${p.name}${p.text && p.text !== p.name ? " (" + p.text + ")" : ""}: ${p.n_claims} claim(s), ${p.status || "not linked"}`));
    g.addEventListener("click", () => selectPlace(p.id));
    g.addEventListener("keydown", ev => { if (ev.key === "Enter") selectPlace(p.id); });
    marks.append(g);
  }
  box.append(marks);
  const legend = clear(document.getElementById("map-legend"));
  for (const [status, colour] of Object.entries(STATUS_COLOURS)) {
    const sw = el("span", {class: "swatch round"}); sw.style.background = colour;
    legend.append(el("span", {class: "item"}, sw, status));
  }
  const sw = el("span", {class: "swatch round"}); sw.style.background = NO_STATUS;
  legend.append(el("span", {class: "item"}, sw, "not linked"));
  for (const p of outside) {
    legend.append(el("button", {type: "button", class: "link outside", "data-id": p.id, "data-name": p.name, "data-status": p.status || "none", on: {click: () => selectPlace(p.id)}},
      `${p.name} (${p.feature || "place"}, ${p.n_claims} claim(s), ${p.status || "not linked"}) — outside this view`));
  }
  const unlocated = placeList.length - located.length;
  if (unlocated) legend.append(el("span", {class: "item muted"}, `${unlocated} place(s) without coordinates`));
  document.getElementById("map-attribution").textContent = "Boundaries: " + cache.boundaries.attribution + (state.config.tiles ? " · tiles: " + state.config.tiles : "");
  await renderPlacePanel(placeList);
}

function drawTiles(box, template, x0, y0, x1, y1, k, ox, oy, W, H) {
  // Web Mercator tiles under the SVG (only when the server was given a tile URL)
  const lonSpan = x1 - x0;
  const z = Math.max(0, Math.min(12, Math.round(Math.log2(360 / lonSpan * (W / 256)))));
  const n = 2 ** z, size = 360 / n * k;
  const tx0 = Math.floor((x0 + 180) / 360 * n), tx1 = Math.floor((x1 + 180) / 360 * n);
  const merc2ty = my => (1 - (my * Math.PI / 180) / Math.PI) / 2 * n;
  const ty0 = Math.floor(merc2ty(y1)), ty1 = Math.floor(merc2ty(y0));
  const g = svg("g", {class: "tiles"});
  for (let tx = tx0; tx <= tx1; tx++) for (let ty = ty0; ty <= ty1; ty++) {
    const href = safeUrl(template.replace("{z}", z).replace("{x}", tx).replace("{y}", ty));
    if (!href) continue;
    const mx = tx / n * 360 - 180, my = (1 - 2 * ty / n) * 180;
    g.append(svg("image", {href, x: ox + (mx - x0) * k, y: oy + (y1 - my) * k, width: size, height: size}));
  }
  box.append(g);
}

async function selectPlace(id) {
  state.place = id;
  writeUrl(true);
  for (const g of document.querySelectorAll("#map .place")) g.classList.toggle("selected", Number(g.dataset.id) === id);
  await renderPlacePanel(null);
}

async function renderPlacePanel(placeList) {
  const panel = document.getElementById("place-panel");
  if (!state.place) {
    placeList = placeList || await api("/api/places?" + filterQuery());
    clear(panel).append(el("div", {class: "panel-head"}, el("h2", null, "Places ", el("small", null, "most contested first; click one for its ledger"))));
    const list = el("ol", {class: "place-list"});
    for (const p of placeList) {
      list.append(el("li", {on: {click: () => selectPlace(p.id)}},
        statusBadge(p.status), el("span", {class: "name"}, p.name), el("span", {class: "muted"}, [p.feature, p.admin1 && p.admin1 !== p.name ? p.admin1 : null].filter(Boolean).join(" · ")),
        el("span", {class: "count"}, p.n_claims)));
    }
    if (!placeList.length) list.append(el("li", {class: "muted"}, "No place matches the filters."));
    panel.append(list);
    return;
  }
  const place = await api(`/api/places/${encodeURIComponent(state.place)}`);
  clear(panel).append(
    el("div", {class: "panel-head"}, el("h2", null, place.name || place.text), el("button", {type: "button", class: "link", on: {click: () => { state.place = null; writeUrl(true); renderMap(); }}}, "× all places")),
    el("div", {class: "place-meta"}, [place.feature, place.admin1 && place.admin1 !== place.name ? place.admin1 : null, place.country].filter(Boolean).join(" · "),
      place.lat !== null ? el("span", {class: "muted"}, ` · ${place.lat.toFixed(3)}, ${place.lon.toFixed(3)}`) : null),
    el("div", {class: "place-actions"}, el("button", {type: "button", on: {click: () => setFilters({place: place.name || place.text}, true)}}, "Filter everything to this place")));
  const rows = place.ledger.length ? place.ledger : place.claims.map(c => ({...c, when: c.when || c.published, proposition: null}));
  panel.append(el("h3", null, `Ledger · ${rows.length} claim(s)`));
  const list = el("ol", {class: "ledger"});
  for (const c of rows) {
    list.append(el("li", {on: {click: () => openClaim(c.id)}, "data-claim": c.id},
      el("div", {class: "row"}, el("span", {class: "date"}, c.when || c.published || "undated"), sideChip(c.side), el("span", {class: "who"}, c.claimant || "unnamed"), c.status ? statusBadge(c.status) : null),
      el("div", {class: "text"}, c.text),
      c.links && c.links.length ? el("div", {class: "muted small"}, "linked: " + c.links.join(", ")) : null));
  }
  panel.append(list);
}

// -- contested board

function claimLine(c) {
  return el("li", {class: "member", "data-claim": c.id, on: {click: () => openClaim(c.id)}},
    el("span", {class: "who"}, c.claimant || "unnamed"), " ", el("span", {class: "text"}, `“${c.text}”`),
    el("span", {class: "muted small"}, ` ${c.when || c.published || ""}${c.via && c.via.length ? " · via " + c.via.join(", ") : ""}`));
}

async function renderBoard() {
  const props = await api("/api/propositions?" + filterQuery({sides: 2}));
  const board = clear(document.getElementById("board"));
  if (!props.length) { board.append(el("p", {class: "panel muted pad"}, "No proposition with claims from two sides matches the filters.")); return; }
  for (const p of props) {
    const bySide = new Map();
    for (const m of p.members) { const s = m.side || "unknown"; if (!bySide.has(s)) bySide.set(s, []); bySide.get(s).push(m); }
    const cols = el("div", {class: "sides"});
    for (const [side, members] of bySide) {
      cols.append(el("div", {class: "side-col"},
        el("div", {class: "side-head"}, sideChip(side), el("span", {class: "sources"}, `${p.sources[side] || 0} independent source(s)`)),
        el("ul", {class: "members"}, members.map(claimLine))));
    }
    const brief = new Map(p.members.map(m => [m.id, m]));
    const ref = id => { const m = brief.get(id); return m ? `#${id} ${m.claimant || "unnamed"} (${m.side || "?"})` : `#${id}`; };
    const links = el("ul", {class: "links"});
    const order = {contradicts: 0, denies: 1, corroborates: 2, reports: 3, repeats: 4};
    for (const l of [...p.links].sort((a, b) => (order[a.kind] ?? 9) - (order[b.kind] ?? 9))) {
      links.append(el("li", {"data-kind": l.kind}, el("span", {class: "kind"}, l.kind), ` ${ref(l.claim)} → ${ref(l.other)}: `,
        el("span", {class: "reason"}, why(l.reason))));
    }
    board.append(el("article", {class: "panel prop", "data-status": p.status, "data-proposition": p.id},
      el("header", null, statusBadge(p.status), el("h3", null, p.label),
        el("span", {class: "muted"}, `${p.claims} claims · ${Object.entries(p.sources).map(([s, n]) => `${s} ${n}`).join(" vs ")}`)),
      cols,
      el("details", {open: p.status === "contested" ? true : null}, el("summary", null, `${p.n_links ?? p.links.length} link(s) and why` +
        (p.n_links > p.links.length ? ` (the first ${p.links.length}, disputes first)` : "")), links)));
  }
}

// -- claims table

async function renderClaims(append) {
  const body = document.querySelector("#claims-table tbody");
  const query = filterQuery(append && state.next ? {limit: 100, cursor: state.next} : {limit: 100});
  const page = await api("/api/claims?" + query);
  if (!append) clear(body);
  for (const c of page.items) {
    body.append(el("tr", {"data-claim": c.id, "data-side": c.side || "unknown", on: {click: () => openClaim(c.id)}},
      el("td", {class: "muted"}, c.id), el("td", {class: "nowrap"}, c.when || c.published || ""), el("td", null, c.claimant || "unnamed"),
      el("td", null, sideChip(c.side)), el("td", {class: "muted"}, c.cue || ""), el("td", null, (c.type || "").replace(/_/g, " ")),
      el("td", null, c.places || ""), el("td", null, statusBadge(c.status)),
      el("td", {class: "text" + (c.polarity === "deny" ? " deny" : "")}, c.text)));
  }
  state.next = page.next;
  document.getElementById("more").hidden = !page.next;
  document.getElementById("claims-count").textContent = `${page.total} matching · oldest stored first`;
}

// -- claim view

const MARKS = [["sentence", "sentence"], ["content", "claim content"], ["claimant", "claimant"], ["cue", "cue"],
               ["place", "place"], ["quantity", "quantity"], ["when", "date"], ["condition", "condition"]];

function marked(text, marks) {
  // split the text at every mark boundary; each piece carries the classes of the marks covering it
  const cuts = new Set([0, text.length]);
  for (const m of marks) { cuts.add(Math.max(0, Math.min(text.length, m.start))); cuts.add(Math.max(0, Math.min(text.length, m.end))); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = document.createDocumentFragment();
  for (let i = 0; i + 1 < points.length; i++) {
    const [a, b] = [points[i], points[i + 1]];
    const piece = text.slice(a, b);
    const classes = marks.filter(m => m.start <= a && m.end >= b).map(m => "m-" + m.kind);
    out.append(classes.length ? el("span", {class: classes.join(" ")}, piece) : document.createTextNode(piece));
  }
  return out;
}

async function renderClaim() {
  const article = clear(document.getElementById("article")), side = clear(document.getElementById("claim-side"));
  if (!state.claim) { article.append(el("p", {class: "muted pad"}, "Choose a claim on the map, the board or the claims list.")); return; }
  const c = await api(`/api/claims/${encodeURIComponent(state.claim)}`);
  const data = c.claim, doc = c.article;
  const marks = [];
  const add = (kind, span) => {
    if (!span || span.length !== 2) return;
    let [start, end] = span;
    while (end > start && /\s/.test(doc.text[end - 1])) end--;  // no highlight over trailing blank lines
    if (end > start) marks.push({kind, start, end});
  };
  add("sentence", data.sentence); add("content", data.span);
  add("claimant", data.claimant && data.claimant.span); add("cue", data.cue && data.cue.span);
  for (const p of data.places || []) add("place", p.span);
  for (const q of data.quantities || []) add("quantity", q.span);
  add("when", data.when && data.when.span); add("condition", data.condition && data.condition.span);
  const url = doc.url && safeUrl(doc.url);
  const legend = el("div", {class: "legend marks-legend"}, MARKS.filter(([k]) => k !== "sentence").map(([k, label]) => el("span", {class: "item"}, el("span", {class: "m-" + k}, label))));
  article.append(
    el("div", {class: "panel-head"}, el("button", {type: "button", class: "link", on: {click: () => history.length > 1 ? history.back() : show("claims")}}, "← back"), legend),
    el("h2", {class: "doc-title"}, doc.title || doc.doc_id),
    el("div", {class: "doc-meta muted"}, [doc.outlet, doc.published ? "published " + doc.published : null, doc.doc_id, doc.version > 1 ? "version " + doc.version : null].filter(Boolean).join(" · "),
      url ? el("span", null, " · ", el("a", {href: url, rel: "noopener noreferrer nofollow", target: "_blank"}, new URL(url).host)) : null),
    el("div", {class: "doc-text", id: "doc-text"}, marked(doc.text, marks)));
  const first = article.querySelector(".m-content");
  if (first) requestAnimationFrame(() => first.scrollIntoView({block: "center"}));
  // the claim's facts
  const who = data.claimant || {};
  const facts = el("dl", {class: "facts"},
    el("dt", null, "Claimant"), el("dd", null, el("b", null, who.name || who.text || "unnamed"), who.role ? ` — ${who.role}` : "", " ", sideChip(who.side)),
    el("dt", null, "Cue"), el("dd", null, data.cue ? `“${data.cue.text}”` : "none", ` · ${data.mode} · ${data.polarity === "deny" ? "denial" : "assertion"}`),
    el("dt", null, "Type"), el("dd", null, (data.type || "").replace(/_/g, " "), data.acled ? el("span", {class: "muted"}, ` · ACLED ${data.acled}`) : null),
    el("dt", null, "When"), el("dd", null, data.when ? `${data.when.date || "?"}${data.when.end ? " – " + data.when.end : ""} (“${data.when.text}”)` : `not stated; article ${doc.published || "undated"}`),
    el("dt", null, "Places"), el("dd", null, (data.places || []).length ? data.places.map(p => el("span", {class: "chip"}, p.name && p.name !== p.text ? `${p.name} (${p.text})` : p.text)) : "none"),
    data.quantities && data.quantities.length ? [el("dt", null, "Figures"), el("dd", null, data.quantities.map(q => el("span", {class: "chip"}, [q.text, q.of, "·", q.kind, q.victims ? `(${q.victims})` : null].filter(Boolean).join(" "))))] : null,
    data.condition ? [el("dt", null, "Condition"), el("dd", null, data.condition.text)] : null,
    el("dt", null, "Status"), el("dd", null, statusBadge(c.status), c.proposition ? el("span", {class: "muted"}, " " + c.proposition.label) : null));
  // the reporting chain: claimant → relays → the article
  const chain = el("ol", {class: "chain"},
    el("li", null, el("span", {class: "muted small"}, "claimant"), el("b", null, who.name || who.text || "unnamed")),
    (data.via || []).map(v => el("li", null, el("span", {class: "muted small"}, v.kind || "via"), el("b", null, v.text))),
    el("li", null, el("span", {class: "muted small"}, "article"), el("b", null, doc.outlet || doc.title || doc.doc_id)));
  side.append(el("div", {class: "panel-head"}, el("h2", null, `Claim #${c.id}`)),
    el("blockquote", {class: "claim-quote" + (data.polarity === "deny" ? " deny" : "")}, data.text), facts,
    el("h3", null, "Source"), sourceBlock(data, doc, url),
    el("h3", null, "Reporting chain"), chain);
  // related claims
  const order = {contradicts: 0, denies: 1, corroborates: 2, reports: 3, repeats: 4};
  const related = [...c.related].sort((a, b) => (order[a.kind] ?? 9) - (order[b.kind] ?? 9));
  side.append(el("h3", null, `Related claims · ${related.length}`));
  const list = el("ul", {class: "related"});
  for (const r of related) {
    const verb = r.direction === "out" ? `this ${r.kind.replace(/s$/, "")}s →` : `← ${r.kind} this`;
    list.append(el("li", {"data-kind": r.kind, "data-claim": r.claim.id, on: {click: () => openClaim(r.claim.id)}},
      el("div", {class: "row"}, el("span", {class: "kind", "data-kind": r.kind}, r.kind), el("span", {class: "muted small"}, verb), sideChip(r.claim.side), el("span", {class: "who"}, r.claim.claimant || "unnamed")),
      el("div", {class: "text"}, `“${r.claim.text}”`),
      el("div", {class: "muted small"}, "why: " + why(r.reason) + (r.claim.document !== c.document ? ` · in ${r.claim.title || r.claim.document}` : ""))));
  }
  if (!related.length) list.append(el("li", {class: "muted"}, "No other claim is linked to this one."));
  side.append(list);
}

// the article a claim comes from: a link (http(s) only) and a one-line citation to copy
function citation(data, doc, url) {
  const sentence = (data.sentence && data.sentence.length === 2 ? doc.text.slice(data.sentence[0], data.sentence[1]) : data.text).replace(/\s+/g, " ").trim();
  const where = [doc.outlet || "Unknown outlet", doc.published || "undated"].join(", ");
  return `${where}: “${sentence}”` + (doc.title ? ` In “${doc.title}”.` : "") + (url ? ` ${url}` : "");
}

function sourceBlock(data, doc, url) {
  const text = citation(data, doc, url);
  const status = el("span", {class: "muted small", id: "copy-status", role: "status"});
  const copy = async () => {
    try { await navigator.clipboard.writeText(text); status.textContent = "Copied."; }
    catch (e) {   // no clipboard (an insecure origin, or denied): select the text for the reader to copy
      getSelection().selectAllChildren(document.getElementById("citation-text"));
      status.textContent = "Copy it from the selected text.";
    }
  };
  return el("div", {class: "citation"},
    url ? el("a", {id: "source-link", href: url, rel: "noopener noreferrer", target: "_blank"}, `Read the article at ${new URL(url).host}`)
        : el("span", {class: "muted", id: "source-link-missing"}, "The article has no web address."),
    el("p", {class: "citation-text", id: "citation-text"}, text),
    el("button", {type: "button", id: "copy-citation", on: {click: copy}}, "Copy citation"), " ", status);
}

// -- upload

function renderUpload() {
  const form = document.getElementById("upload-form");
  const result = document.getElementById("upload-result");
  if (state.config.read_only) {
    form.hidden = true;
    clear(result).append(el("p", {class: "muted"}, "This server runs read-only (--read-only): articles cannot be added here."));
    return Promise.resolve();
  }
  form.token.value = sessionStorage.getItem("counterclaim-token") || "";
  return Promise.resolve();
}

function bindUpload() {
  const form = document.getElementById("upload-form");
  form.addEventListener("submit", async event => {
    event.preventDefault();
    const result = clear(document.getElementById("upload-result"));
    const body = new FormData();
    for (const key of ["title", "published", "outlet", "text"]) if (form[key].value.trim()) body.append(key, form[key].value);
    if (form.file.files.length) body.append("file", form.file.files[0]);
    const token = form.token.value.trim();
    sessionStorage.setItem("counterclaim-token", token);
    result.append(el("p", {class: "muted"}, "Extracting claims…"));
    const response = await fetch("/api/documents", {method: "POST", body, headers: {Authorization: "Bearer " + token}});
    let data = {};
    try { data = await response.json(); } catch (e) { data = {detail: response.statusText}; }
    clear(result);
    if (!response.ok) { result.append(el("p", {class: "error"}, `${response.status}: ${data.detail || "failed"}`)); return; }
    result.append(el("p", null, `${data.added} added, ${data.unchanged} already stored, ${data.failed} failed; ${data.claims} claim(s) stored.`));
    for (const d of data.documents) {
      result.append(el("p", null, el("button", {type: "button", class: "link", on: {click: () => { setFilters({}, false); show("claims"); }}}, `${d.title || d.doc_id}: ${d.claims} claim(s)`)));
    }
    for (const f of data.failures) result.append(el("p", {class: "error"}, `${f.source}: ${f.reason}`));
    cache.stats = null;
    loadFacets().catch(e => toast(e.message, "error"));
  });
}

// ---- start -----------------------------------------------------------------------------

async function start() {
  readUrl();
  bindFilters();
  bindUpload();
  document.getElementById("more").addEventListener("click", () => renderClaims(true).catch(e => toast(e.message, "error")));
  try {
    state.config = await api("/api/config");
    if (state.config.read_only) document.querySelector("#tabs button[data-view=upload]").classList.add("disabled");
    await loadFacets();
  } catch (e) { toast(e.message, "error"); }
  await render();
}

document.addEventListener("DOMContentLoaded", start);
