/* The OpenAPI document drawn as a page, with local code only (no Swagger UI from a CDN). */
"use strict";

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

async function start() {
  const main = document.getElementById("api");
  const spec = await (await fetch("/openapi.json")).json();
  main.textContent = "";
  main.append(el("h2", {}, `${spec.info.title} ${spec.info.version}`), el("p", {class: "muted"}, spec.info.description || ""),
    el("p", {class: "muted"}, "Writes (POST, DELETE) need 'Authorization: Bearer TOKEN'. Errors come back as {\"detail\": \"...\"} with a 4xx status."));
  for (const [path, ops] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters || []).map(p => el("tr", {}, el("td", {}, el("code", {}, p.name)), el("td", {class: "muted"}, p.in),
        el("td", {class: "muted"}, (p.schema && (p.schema.type || (p.schema.anyOf || []).map(s => s.type).filter(Boolean).join(" | "))) || ""),
        el("td", {}, p.description || "")));
      main.append(el("section", {class: "panel op"},
        el("header", {}, el("span", {class: "method " + method}, method.toUpperCase()), el("span", {class: "path"}, path), el("span", {class: "muted"}, op.summary || "")),
        op.description ? el("div", {class: "desc"}, op.description) : null,
        params.length ? el("table", {}, params) : null));
    }
  }
}

document.addEventListener("DOMContentLoaded", () => start().catch(e => { document.getElementById("api").textContent = String(e); }));
