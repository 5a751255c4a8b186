"""Writing results: JSON, JSON Lines and a readable terminal table."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model import Failure, Result


def write_json(results: list[Result], out: TextIO) -> None:
    """One JSON document for one result, a JSON array for several."""
    data = [r.to_dict() for r in results]
    json.dump(data[0] if len(data) == 1 else data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def write_jsonl(result: Result, out: TextIO) -> None:
    """One result as one line of JSON."""
    out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    out.flush()


def write_table(result: Result, out: TextIO) -> None:
    """The claims of one document as a table for people."""
    console = Console(file=out, width=max(Console(file=out).width, 160))
    doc = result.document
    primary = result.primary.acled or result.primary.type if result.primary else "-"
    table = Table(title=Text(f"{doc.title or doc.id}  [{primary}]"), show_lines=True)
    for column in ("id", "claimant (side)", "cue", "mode", "type", "claim", "where / when / how many"):
        table.add_column(column, overflow="fold")
    for c in result.claims:
        who = c.claimant.name or c.claimant.text or "(unnamed)"
        if c.claimant.side:
            who += f" ({c.claimant.side})"
        if c.via:
            who += "\nvia " + ", ".join(v.text for v in c.via)
        cue = (c.cue.text if c.cue else "") + (" [deny " + ",".join(c.denies) + "]" if c.denies else "")
        detail = "; ".join(filter(None, [
            ", ".join(p.text for p in c.places),
            c.when.date if c.when and c.when.date else None,
            ", ".join(" ".join(w for w in (q.kind, q.text, q.of, f"({q.victims})" if q.victims else None) if w)
                      for q in c.quantities),
            f"if: {c.condition.text}" if c.condition else None,
        ]))
        kind = f"{c.family} · {c.type}" + (f"\n{c.acled}" if c.acled else "")
        mode = c.mode + ("\nDENY" if c.polarity == "deny" else "")
        # Text cells: article words like "[AFP]" must print as written, not as console markup
        table.add_row(*(Text(cell) for cell in (c.id, who, cue, mode, kind, c.text, detail)))
    console.print(table)


def write_results(items: Iterable[Result | Failure], fmt: str, out: TextIO,
                  on_failure: Callable[[Failure], None]) -> int:
    """Write a stream of results as `fmt` (json | jsonl | table; json waits for the last one);
    failures go to `on_failure`. Returns how many failures there were."""
    failures = 0
    collected: list[Result] = []
    for item in items:
        if isinstance(item, Failure):
            failures += 1
            on_failure(item)
        elif fmt == "jsonl":
            write_jsonl(item, out)
        elif fmt == "table":
            write_table(item, out)
        else:
            collected.append(item)
    if fmt == "json" and collected:
        write_json(collected, out)
    return failures
