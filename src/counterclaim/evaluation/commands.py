"""`counterclaim eval ...`: the extractor scored on public evaluation sets (registered by cli.py)."""
from __future__ import annotations

import json

import click


def _dump(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


@click.group(name="eval")
def evaluate() -> None:
    """Score the extractor on public evaluation sets."""


@evaluate.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--limit", type=int, help="Score only the first N documents.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--scope", type=click.Choice(["wide", "ledger"]), default="wide", show_default=True,
              help="wide: every reported speech act, as PolNeAR annotates (comparable to published "
                   "figures); ledger: only what the claims ledger keeps.")
def attribution(path: str, limit: int | None, as_json: bool, scope: str) -> None:
    """Cue, source, content and relation P/R/F1 (exact and overlap) on a PolNeAR-style JSONL file."""
    from .attribution import evaluate_attribution, format_report

    result = evaluate_attribution(path, limit=limit, scope=scope)
    click.echo(_dump(result) if as_json else format_report(result))


@evaluate.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def events(path: str, as_json: bool) -> None:
    """Weighted F1 of the main event's ACLED sub-event type on a CASE-2021-style JSONL file."""
    from .events import evaluate_events, format_report

    result = evaluate_events(path)
    click.echo(_dump(result) if as_json else format_report(result))


@evaluate.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--limit", type=int, help="Score only the first N documents.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def geo(path: str, limit: int | None, as_json: bool) -> None:
    """Toponym span P/R/F1, acc@161km, mean error and AUC on a GeoWebNews-style JSONL file."""
    from .geo import evaluate_geo, format_report

    result = evaluate_geo(path, limit=limit)
    click.echo(_dump(result) if as_json else format_report(result))


@evaluate.command()
@click.option("--fnc", type=click.Path(exists=True, file_okay=False), help="FNC-1 folder (competition_test_*.csv).")
@click.option("--emergent", type=click.Path(exists=True, file_okay=False),
              help="Emergent folder (url-versions-2015-06-14-clean.csv, test_claim_ids.txt).")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def stance(fnc: str | None, emergent: str | None, as_json: bool) -> None:
    """FNC score (% of maximum) on FNC-1's competition test set and accuracy on Emergent's test claims."""
    from .stance import evaluate_stance, format_report

    if not fnc and not emergent:
        raise click.UsageError("give --fnc DIR, --emergent DIR or both")
    result = evaluate_stance(fnc, emergent)
    click.echo(_dump(result) if as_json else format_report(result))
