"""Writing stored claims and other rows out: tables, JSON, CSV, JSON Lines, Parquet, GeoJSON.

`export_claims(store, fmt, out, **filters)` streams the claims `Store.claims(**filters)`
selects into one file; `write_rows` prints any listing (claims, search hits, stats,
failures) as a table for people, a JSON array or CSV.

Formats:
- csv: one row per claim, the columns of `store.CLAIM_COLUMNS` plus document_url.
- jsonl: one line per claim: {"id", "document": {...}, "contested", "claim": full claim JSON,
  "propositions": [{"id", "status"}], "links": [{"kind", "other"}]} (`other` is the other
  claim's "id"; a link is listed on both its claims). `schema/export.schema.json` describes it.
- parquet: the csv columns plus `claim_json`, the full claim JSON (written in row groups of
  1,000, so memory stays flat).
- geojson: a FeatureCollection with one Point per claim place that has coordinates;
  places not resolved to coordinates are left out (the count is returned).
"""
from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from .store import Store, chunks
from .tables import CLAIM_COLUMNS

FORMATS = ("csv", "jsonl", "parquet", "geojson")
FLAT = (*CLAIM_COLUMNS, "document_url")


def export_claims(store: Store, fmt: str, out: str | Path, **filters: Any) -> dict[str, int]:
    """Write the claims selected by `filters` (as `Store.claims`) to `out` ("-": stdout,
    not for parquet) in `fmt`. Returns {"claims": written, "skipped": places left out}."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    rows = store.claims(**filters)
    if fmt == "parquet":
        if str(out) == "-":
            raise ValueError("parquet is binary: give a file with --out")
        return {"claims": _parquet(rows, Path(out)), "skipped": 0}
    with text_out(out) as stream:
        if fmt == "csv":
            return {"claims": write_csv(rows, FLAT, stream), "skipped": 0}
        if fmt == "jsonl":
            count = 0
            for batch in chunks(rows, 500):
                ledger = store.ledger_of([row["id"] for row in batch])
                for row in batch:
                    stream.write(json.dumps(_jsonl(row, ledger.get(row["id"], {})), ensure_ascii=False) + "\n")
                    count += 1
            return {"claims": count, "skipped": 0}
        return _geojson(rows, stream)


def write_rows(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], fmt: str, out: TextIO,
               title: str | None = None) -> int:
    """Print rows as a table (only `columns`), a JSON array (whole rows) or CSV (`columns`).
    Returns the number of rows."""
    if fmt == "csv":
        return write_csv(rows, columns, out)
    if fmt == "json":
        data = list(rows)
        json.dump(data, out, ensure_ascii=False, indent=2, default=str)
        out.write("\n")
        return len(data)
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=out, width=max(Console(file=out).width, 160))
    table = Table(title=Text(title) if title else None, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    count = 0
    for row in rows:
        # Text cells: "[AFP]" or "[bold]" in an article must print as written, not as console markup
        table.add_row(*(Text(_cell(row.get(c))) for c in columns))
        count += 1
    console.print(table)
    return count


def write_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
        count += 1
    return count


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _jsonl(row: dict[str, Any], ledger: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "document": {"id": row["document"], "title": row["document_title"], "url": row["document_url"],
                     "outlet": row["outlet"], "published": row["published"]},
        "contested": row["contested"],
        "claim": row["claim"],
        "propositions": ledger.get("propositions", []),
        "links": ledger.get("links", []),
    }


def _parquet(rows: Iterator[dict[str, Any]], path: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    fields = [pa.field(c, pa.int64() if c == "id" else pa.bool_() if c == "contested" else pa.string())
              for c in FLAT]
    schema = pa.schema([*fields, pa.field("claim_json", pa.string())])
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            flat = {c: row.get(c) for c in FLAT}
            flat["id"] = int(row["id"])
            flat["contested"] = bool(row["contested"])
            for c in FLAT:
                if c not in ("id", "contested") and flat[c] is not None:
                    flat[c] = str(flat[c])
            flat["claim_json"] = json.dumps(row["claim"], ensure_ascii=False)
            batch.append(flat)
            count += 1
            if len(batch) >= 1000:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch or not count:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    return count


def _geojson(rows: Iterator[dict[str, Any]], out: TextIO) -> dict[str, int]:
    out.write('{"type": "FeatureCollection", "features": [\n')
    claims = features = skipped = 0
    for row in rows:
        claims += 1
        for place in row["claim"].get("places", []):
            if place.get("lat") is None or place.get("lon") is None:
                skipped += 1
                continue
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
                "properties": {
                    "claim": row["id"], "document": row["document"], "published": row["published"],
                    "claimant": row["claimant"], "side": row["side"], "type": row["type"],
                    "acled": row["acled"], "contested": row["contested"], "text": row["text"],
                    "place": place.get("name") or place.get("text"), "place_id": place.get("id"),
                    "precision": place.get("precision"),
                },
            }
            out.write((",\n" if features else "") + json.dumps(feature, ensure_ascii=False))
            features += 1
    out.write("\n]}\n")
    return {"claims": claims, "features": features, "skipped": skipped}


@contextmanager
def text_out(out: str | Path) -> Iterator[TextIO]:
    """A text stream to a path, or to stdout for "-"."""
    if str(out) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with open(out, "w", encoding="utf-8", newline="") as stream:
        yield stream
