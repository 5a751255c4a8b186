"""The `counterclaim watch` command, a thin click layer over `corpus.watch.watch` (kept beside it:
cli.py registers it, and stays under the size every module keeps to)."""
from __future__ import annotations

import re
import sys

import click

from ..storage.db_option import db_option, open_db

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
DURATION = re.compile(r"(\d+(?:\.\d+)?)([smhd]?)")


def parse_duration(value: str | float) -> float:
    """Seconds in "15m", "90s", "1h30m", "2d" or a plain number of seconds."""
    if isinstance(value, (int, float)):
        return float(value)
    text = value.strip().lower()
    parts = DURATION.findall(text)
    if not text or "".join(n + u for n, u in parts) != text.replace(" ", ""):
        raise ValueError(f"{value!r} is not a duration; write e.g. 90s, 15m, 1h30m or 2d")
    return sum(float(n) * UNITS[u or "s"] for n, u in parts)


def _duration(ctx, param, value):
    try:
        return parse_duration(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from e


@click.command()
@click.argument("sources", nargs=-1, required=True)
@db_option
@click.option("--every", default="15m", show_default=True, callback=_duration, help="Time from one round's start to the next.")
@click.option("--once", is_flag=True, help="Run one round and exit (for cron).")
@click.option("--log", "log", type=click.Path(dir_okay=False), help="Append a JSON line per event to this file.")
@click.option("--notify", metavar="URL", help="POST each round's changes as JSON to this webhook.")
@click.option("--delay", default="1s", show_default=True, callback=_duration, help="Wait between two requests to one host.")
@click.option("--timeout", default="20s", show_default=True, callback=_duration, help="Longest a request may take.")
@click.option("--backoff", default="1m", show_default=True, callback=_duration,
              help="A failing source waits this long after its first failure, twice as long after each next.")
@click.option("--max-backoff", default="6h", show_default=True, callback=_duration, help="The longest a failing source waits.")
@click.option("--processes", type=int, default=1, show_default=True, help="Extraction processes.")
def watch(sources: tuple[str, ...], db: str, every: float, once: bool, log: str | None, notify: str | None,
          delay: float, timeout: float, backoff: float, max_backoff: float, processes: int) -> None:
    """Read RSS/Atom feeds and sitemaps every so often; ingest and link the new articles; report
    what changed in the ledger.

    SOURCES are feed or sitemap URLs (sitemap indexes too) or files listing them, one a line
    (# comments). Each round sends the last answer's validators (an unchanged source costs a 304),
    fetches each new article once (robots.txt respected, DELAY between requests to a host), then
    ingests and links them. Stdout gets a line per change: a proposition newly contested or
    denied, new claims on a disputed one, a status change; stderr the failing sources (which back
    off) and skipped articles. State is in the database: a restarted watch goes on where it
    stopped. With --once the exit status is 1 only when no source could be read at all.
    """
    from .ingest import RunStopped
    from .watch import Settings, expand_sources
    from .watch import watch as run_watch

    try:
        urls = expand_sources(sources)
    except (OSError, ValueError) as e:
        raise click.UsageError(str(e)) from e
    store = open_db(db)
    settings = Settings(delay=delay, timeout=timeout, backoff=backoff, max_backoff=max_backoff, processes=processes)
    with store:
        try:
            status = run_watch(urls, store, settings, every=every, once=once, log=log, notify=notify)
        except RunStopped as e:
            click.echo(f"counterclaim: {e}", err=True)
            status = 1
        except KeyboardInterrupt:
            click.echo("counterclaim: watch stopped; run it again to go on", err=True)
            status = 0
    sys.exit(status)
