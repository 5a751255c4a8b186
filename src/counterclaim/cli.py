"""The command line: a thin layer over the Python API."""
from __future__ import annotations

import sys

import click

from . import __version__
from .extract import extract_many
from .model import Failure, Result
from .output import write_json, write_jsonl, write_table
from .readers import read_inputs


@click.group()
@click.version_option(__version__, prog_name="counterclaim")
def main() -> None:
    """counterclaim: who claims what happened in a war, where and when, and who disputes it."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", help="Publication date (ISO) for articles whose metadata gives none.")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="jsonl",
              show_default=True, help="json: one document (an array for several); jsonl: a line each.")
@click.option("--max-bytes", type=int, default=10_000_000, show_default=True, help="Largest article to read.")
@click.option("--processes", type=int, default=1, show_default=True, help="Parser processes.")
def extract(paths: tuple[str, ...], published: str | None, fmt: str, max_bytes: int, processes: int) -> None:
    """Extract attributed claims from articles.

    PATHS are .txt/.md files (with NAME.meta.json beside them when present), .jsonl batches
    ({"id", "text", "title", "published", "outlet", "url"} a line), folders of these, or - for stdin.
    Problems are reported on stderr, one line per document; the exit status is 1 if any occurred.
    """
    failures = 0
    collected: list[Result] = []
    items = read_inputs(paths, published=published, max_bytes=max_bytes)
    for item in extract_many(items, n_process=processes):
        if isinstance(item, Failure):
            failures += 1
            click.echo(f"counterclaim: {item.source}: {item.reason}", err=True)
        elif fmt == "jsonl":
            write_jsonl(item, sys.stdout)
        elif fmt == "table":
            write_table(item, sys.stdout)
        else:
            collected.append(item)
    if fmt == "json" and collected:
        write_json(collected, sys.stdout)
    if failures:
        click.echo(f"counterclaim: {failures} document(s) failed", err=True)
        sys.exit(1)


@main.group(name="eval")
def evaluate() -> None:
    """Score the extractor on public evaluation sets."""


@evaluate.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--limit", type=int, help="Score only the first N documents.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def attribution(path: str, limit: int | None, as_json: bool) -> None:
    """Cue, source, content and relation P/R/F1 (exact and overlap) on a PolNeAR-style JSONL file."""
    from .evaluation.attribution import evaluate_attribution, format_report

    result = evaluate_attribution(path, limit=limit)
    click.echo(_dump(result) if as_json else format_report(result))


@evaluate.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def events(path: str, as_json: bool) -> None:
    """Weighted F1 of the main event's ACLED sub-event type on a CASE-2021-style JSONL file."""
    from .evaluation.events import evaluate_events, format_report

    result = evaluate_events(path)
    click.echo(_dump(result) if as_json else format_report(result))


def _dump(data: object) -> str:
    import json

    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


if __name__ == "__main__":
    main()
