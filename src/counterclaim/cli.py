"""The command line: a thin layer over the Python API."""
from __future__ import annotations

import sys

import click

from . import __version__
from .storage.db_option import db_option, open_db
from .storage.output import write_results
from .corpus.readers import read_inputs


@click.group()
@click.version_option(__version__, prog_name="counterclaim")
def main() -> None:
    """counterclaim: who claims what happened in a war, where and when, and who disputes it."""


def _dask_address(ctx, param, value: str | None) -> str | None:
    """--dask: "local" or a scheduler URL such as tcp://scheduler:8786."""
    if value is not None and value != "local" and "://" not in value:
        raise click.BadParameter(f"{value!r} is not a scheduler address; give tcp://HOST:PORT or local")
    return value


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--published", help="Publication date (ISO) for articles whose metadata gives none.")
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="jsonl",
              show_default=True, help="json: one document (an array for several); jsonl: a line each.")
@click.option("--max-bytes", type=int, default=10_000_000, show_default=True, help="Largest article to read.")
@click.option("--processes", type=int, default=1, show_default=True, help="Parser processes.")
@click.option("--dask", "dask", metavar="ADDRESS|local", callback=_dask_address,
              help="Extract on a Dask cluster: tcp://HOST:PORT, or local.")
@click.option("--workers", type=int, help="With --dask local: worker processes. Default: all cores.")
@click.option("--out", type=click.Path(file_okay=False), help="Write Parquet shards to this folder (see `load`).")
def extract(paths: tuple[str, ...], published: str | None, fmt: str, max_bytes: int, processes: int,
            dask: str | None = None, workers: int | None = None, out: str | None = None) -> None:
    """Extract attributed claims from articles.

    PATHS are .txt/.md files (with NAME.meta.json beside them when present), .jsonl batches
    ({"id", "text", "title", "published", "outlet", "url"} a line), folders of these, or - for stdin.
    Problems are reported on stderr, one line per document; the exit status is 1 if any occurred.
    """
    if dask or out:  # on a cluster (results as they complete) and/or into Parquet shards
        from .corpus.cluster import extract_command

        sys.exit(extract_command(paths, address=dask, workers=workers, processes=processes, out=out,
                                 fmt=fmt, published=published, max_bytes=max_bytes))
    from .corpus.ingest import extract_parallel

    items = read_inputs(paths, published=published, max_bytes=max_bytes)
    failures = write_results(extract_parallel(items, processes=processes), fmt, sys.stdout,
                             lambda f: click.echo(f"counterclaim: {f.source}: {f.reason}", err=True))
    if failures:
        click.echo(f"counterclaim: {failures} document(s) failed", err=True)
        sys.exit(1)


def _dump(data: object) -> str:
    import json

    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


# ---- the claims store: ingest, claims, search, export, stats ---------------------------

LISTING = click.Choice(["table", "json", "csv"])


def _filters(f):
    """The claim filters shared by `claims` and `export`."""
    for option in reversed([
        click.option("--place", help="Part of a place name, mention, province or district (any case)."),
        click.option("--side", help="The side the claimant speaks for, e.g. taliban, nrf."),
        click.option("--actor", help="The claimant's actor id from the actor dictionary."),
        click.option("--type", "claim_type", help="Claim type or ACLED sub-event type."),
        click.option("--since", help="ISO date: the claim's date (else its article's) on or after it."),
        click.option("--until", help="ISO date: the claim's date (else its article's) on or before it."),
        click.option("--contested", is_flag=True,
                     help="Only claims that deny something, are denied in their article, or have a denial link."),
        click.option("--all-versions", is_flag=True, help="Include superseded versions of changed articles."),
    ]):
        f = option(f)
    return f


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--processes", type=int, default=None, help="Extraction processes. Default: all cores.")
@click.option("--published", help="Publication date (ISO) for articles whose metadata gives none.")
@click.option("--max-bytes", type=int, default=10_000_000, show_default=True, help="Largest article to read.")
@click.option("--batch-size", type=int, default=8, show_default=True, help="Documents per parsing batch.")
@click.option("--text-column", help="CSV: the column holding the article text.")
@click.option("--id-column", help="CSV: the column holding the article id.")
@click.option("--title-column", help="CSV: the column holding the title.")
@click.option("--date-column", help="CSV: the column holding the publication date.")
@click.option("--outlet-column", help="CSV: the column holding the outlet.")
@click.option("--url-column", help="CSV: the column holding the URL.")
@click.option("--progress/--no-progress", default=None, help="Progress bar. Default: when stderr is a terminal.")
@click.option("--dask", "dask", metavar="ADDRESS|local", callback=_dask_address,
              help="Extract on a Dask cluster: tcp://HOST:PORT, or local.")
@click.option("--workers", type=int, help="With --dask local: worker processes. Default: all cores.")
@click.option("--link/--no-link", default=True, show_default=True,
              help="Link the new claims across articles afterwards (as `counterclaim link`).")
def ingest(paths: tuple[str, ...], db: str, processes: int | None, published: str | None, max_bytes: int,
           batch_size: int, text_column: str | None, id_column: str | None, title_column: str | None,
           date_column: str | None, outlet_column: str | None, url_column: str | None,
           progress: bool | None, dask: str | None = None, workers: int | None = None,
           link: bool = True) -> None:
    """Extract claims from articles and store them in a database.

    PATHS are files or folders (read recursively) of .txt/.md (with NAME.meta.json), .jsonl,
    .csv/.tsv, .html, RSS/Atom (.rss/.atom/.xml), .warc/.warc.gz and .zip. Documents already
    stored are skipped, so a stopped run is finished by running the same command again.
    Problems are recorded (see `counterclaim stats --failures`) and reported on stderr; the
    exit status is 1 if any occurred.
    """
    from .corpus.ingest import default_processes, ingest as run_ingest

    if dask:  # the same run, extracted on a Dask cluster; this process stays the only writer
        from functools import partial

        from .corpus import cluster

        run_ingest = partial(cluster.ingest, address=dask, workers=workers)

    columns = {k: v for k, v in {"text": text_column, "id": id_column, "title": title_column,
                                 "published": date_column, "outlet": outlet_column,
                                 "url": url_column}.items() if v}
    show = sys.stderr.isatty() if progress is None else progress
    with open_db(db) as store:
        report = _run(lambda: run_ingest(
            list(paths), store, processes=processes or default_processes(), batch_size=batch_size,
            published=published, max_bytes=max_bytes, columns=columns, progress=show, link=link,
            on_failure=lambda f: click.echo(f"counterclaim: {f.source}: {f.reason}", err=True)))
        click.echo(report.summary(), err=True)
    if report.failed:
        sys.exit(1)


def _run(job):
    """Run an ingest or load; a run that cannot go on (a full disk, a lost database, a failure while
    linking) ends with one clear line and status 1. What was stored stays stored, unlinked documents
    stay marked so, and the same command run again goes on from there."""
    from .corpus.ingest import RunStopped

    try:
        return job()
    except RunStopped as e:
        click.echo(f"counterclaim: {e}", err=True)
        sys.exit(1)


@main.command()
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@db_option
@click.option("--progress/--no-progress", default=None, help="Progress bar. Default: when stderr is a terminal.")
def load(folder: str, db: str, progress: bool | None) -> None:
    """Store the Parquet shards written by `extract --out FOLDER` (documents already stored are
    skipped), then link the new claims as `ingest` does."""
    from .corpus.shards import load_shards

    show = sys.stderr.isatty() if progress is None else progress
    with open_db(db) as store:
        try:
            report = _run(lambda: load_shards(
                folder, store, progress=show,
                on_failure=lambda f: click.echo(f"counterclaim: {f.source}: {f.reason}", err=True)))
        except FileNotFoundError as e:
            raise click.UsageError(str(e)) from e
        click.echo(report.summary(), err=True)
    if report.failed:
        sys.exit(1)


@main.command(name="claims")
@db_option
@_filters
@click.option("--limit", type=int, help="At most this many claims.")
@click.option("--format", "fmt", type=LISTING, default="table", show_default=True)
def list_claims(db: str, fmt: str, limit: int | None, **filters) -> None:
    """List stored claims, filtered by place, side, actor, type, date and contestation.

    --contested means, until the cross-article linker lands: the claim denies something, or
    another claim of its article denies it, or a denial link touches it.
    """
    from .storage.export import write_rows
    from .storage.tables import CLAIM_COLUMNS

    columns = CLAIM_COLUMNS if fmt != "table" else (
        "id", "document", "published", "claimant", "side", "cue", "type", "when", "places", "contested", "text")
    with open_db(db) as store:
        write_rows(store.claims(limit=limit, **filters), columns, fmt, sys.stdout, title="claims")


@main.command()
@click.argument("query")
@db_option
@click.option("--limit", type=int, default=20, show_default=True, help="At most this many claims, and as many articles.")
@click.option("--format", "fmt", type=LISTING, default="table", show_default=True)
def search(query: str, db: str, limit: int, fmt: str) -> None:
    """Full-text search over claims and articles (every word must match; stemmed)."""
    from .storage.export import write_rows

    with open_db(db) as store:
        hits = store.search(query, limit=limit)
    write_rows(hits, ("kind", "document", "claim", "claimant", "side", "text"), fmt, sys.stdout,
               title=f"search: {query}")
    if not hits:
        click.echo(f"counterclaim: no claim or article matches {query!r}", err=True)


@main.command()
@db_option
@_filters
@click.option("--format", "fmt", type=click.Choice(["csv", "jsonl", "parquet", "geojson", "acled"]), required=True)
@click.option("--out", default="-", show_default=True, help="File to write ('-': standard output; not for parquet).")
def export(db: str, fmt: str, out: str, **filters) -> None:
    """Export stored claims as CSV, JSON Lines, Parquet or GeoJSON (points of located places); or the
    propositions as ACLED events (CSV in ACLED's columns; --place, --since and --until apply)."""
    from .ledger.acled import export_acled
    from .storage.export import export_claims

    with open_db(db) as store:
        try:
            if fmt == "acled":
                counts = export_acled(store, out, **filters)
            else:
                counts = export_claims(store, fmt, out, **filters)
        except ValueError as e:
            raise click.UsageError(str(e)) from e
    detail = ", ".join(f"{v} {k}" for k, v in counts.items())
    click.echo(f"counterclaim: exported {detail}" + (f" to {out}" if out != "-" else ""), err=True)


@main.command()
@db_option
@click.option("--failures", is_flag=True, help="List the inputs that could not be stored, and why.")
@click.option("--format", "fmt", type=LISTING, default="table", show_default=True)
def stats(db: str, failures: bool, fmt: str) -> None:
    """What the store holds: articles, claims, actors, places, failures and the last run."""
    from .storage.export import write_rows

    with open_db(db) as store:
        if failures:
            write_rows(store.failures(), ("source", "reason", "run_id", "seen", "at"), fmt, sys.stdout,
                       title="failures")
            return
        counts = store.stats()
    last = counts.pop("last_run")
    if fmt == "json":
        click.echo(_dump({**counts, "last_run": last}))
        return
    rows = [{"what": k, "count": v} for k, v in counts.items()]
    if last:
        rows.append({"what": "last run", "count": f"#{last['id']} {last['status']}: read {last['read']}, "
                     f"added {last['added']}, unchanged {last['unchanged']}, failed {last['failed']}"})
    write_rows(rows, ("what", "count"), fmt, sys.stdout, title="counterclaim store")


# ---- the ledger: link, contested, ledger, claim ----------------------------------------

@main.command()
@db_option
@click.option("--format", "fmt", type=LISTING, default="table", show_default=True)
def link(db: str, fmt: str) -> None:
    """Link the stored claims across articles: propositions, denials, contradictions, corroboration.

    Runs after every ingest too; run it by hand after changing the actor dictionary or ontology.
    """
    from .storage.export import write_rows
    from .ledger.propositions import relink

    with open_db(db) as store:
        counts = relink(store)
    if fmt == "json":
        click.echo(_dump(counts))
        return
    rows = [{"what": k, "count": v} for k, v in counts.items() if not isinstance(v, dict)]
    rows += [{"what": f"{group}: {k}", "count": v} for group in ("by_status", "by_kind")
             for k, v in counts[group].items()]
    write_rows(rows, ("what", "count"), fmt, sys.stdout, title="linking")


def _proposition_rows(props: list[dict]) -> list[dict]:
    from .ledger.propositions import why

    rows = []
    for p in props:
        sides = ", ".join(f"{side} {n}" for side, n in p["sources"].items())
        reasons = sorted({why(l["reason"]) for l in p.get("links", []) if l["kind"] in ("contradicts", "denies")})
        rows.append({"id": p["id"], "status": p["status"], "proposition": p["label"], "sources": sides,
                     "claims": p["claims"], "why": "; ".join(reasons),
                     "texts": " | ".join(f"[{c['side'] or c['claimant']}] {c['text'][:90]}" for c in p.get("members", [])[:6])})
    return rows


@main.command()
@db_option
@click.option("--since", help="ISO date: propositions still current on or after it.")
@click.option("--place", help="Only propositions about this place (or places inside it).")
@click.option("--all", "show_all", is_flag=True, help="Every proposition, not only contested and denied ones.")
@click.option("--format", "fmt", type=LISTING, default="table", show_default=True)
def contested(db: str, since: str | None, place: str | None, show_all: bool, fmt: str) -> None:
    """Propositions with claims on both sides (then denied ones), strongest first."""
    from .storage.export import write_rows
    from .ledger.propositions import list_propositions

    with open_db(db) as store:
        props = list_propositions(store, since=since, place=place)
    if not show_all:
        props = [p for p in props if p["status"] in ("contested", "denied")]
    if fmt == "json":
        click.echo(_dump(props))
        return
    write_rows(_proposition_rows(props), ("id", "status", "proposition", "sources", "claims", "why", "texts"),
               fmt, sys.stdout, title="contested propositions")


@main.command()
@db_option
@click.option("--place", required=True, help="The place (or an area containing places) to follow.")
@click.option("--format", "fmt", type=LISTING, default="table", show_default=True)
def ledger(db: str, place: str, fmt: str) -> None:
    """Timeline of a place: who claimed what, when, via whom, and how each claim is linked."""
    from .storage.export import write_rows
    from .ledger.propositions import place_ledger

    with open_db(db) as store:
        entries = place_ledger(store, place)
    if fmt == "json":
        click.echo(_dump(entries))
        return
    rows = [{**e, "when": e["when"] or e["published"], "via": ", ".join(e["via"]), "links": ", ".join(e["links"])}
            for e in entries]
    write_rows(rows, ("id", "when", "side", "claimant", "via", "polarity", "type", "status", "links", "text"),
               fmt, sys.stdout, title=f"ledger: {place}")
    if not entries:
        click.echo(f"counterclaim: no linked claim about {place!r} (run `counterclaim link` after ingesting?)",
                   err=True)


@main.command(name="claim")
@click.argument("claim_id", type=int)
@db_option
@click.option("--related", is_flag=True, help="Also list every claim that supports, repeats, contradicts or denies it.")
@click.option("--format", "fmt", type=LISTING, default="table", show_default=True)
def show_claim(claim_id: int, db: str, related: bool, fmt: str) -> None:
    """One stored claim (by its numeric id in `counterclaim claims`), with its related claims."""
    from .storage.export import write_rows
    from .ledger.propositions import related as related_claims
    from .ledger.propositions import why

    with open_db(db) as store:
        found = related_claims(store, claim_id)
    if found is None:
        raise click.ClickException(f"no claim with id {claim_id}")
    if fmt == "json":
        click.echo(_dump(found if related else {k: v for k, v in found.items() if k != "related"}))
        return
    rows = [{"link": "(this claim)", **found}]
    if related:
        rows += [{"link": f"{r['kind']} ({r['direction']}): {why(r['reason'])}", **r["claim"]}
                 for r in found["related"]]
    write_rows([{**r, "via": ", ".join(r["via"]), "places": ", ".join(r["places"])} for r in rows],
               ("link", "id", "published", "claimant", "side", "via", "type", "polarity", "places", "text"),
               fmt, sys.stdout, title=f"claim {claim_id}")



# ---- the dashboard and the static report ------------------------------------------------

@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind (loopback unless given).")
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--read-only", is_flag=True, help="Serve without any write route.")
@click.option("--tiles", envvar="COUNTERCLAIM_TILES", help="Map tile URL template with {z}/{x}/{y} (default: none, offline map).")
def serve(db: str, host: str, port: int, read_only: bool, tiles: str | None) -> None:
    """Serve the dashboard and the REST API (OpenAPI description at /docs).

    Writes (adding and deleting articles) need the token in $COUNTERCLAIM_TOKEN, or the one
    generated and printed here at start.
    """
    import os

    import uvicorn

    from .serve.api import create_app

    token = None if read_only else os.environ.get("COUNTERCLAIM_TOKEN")
    with open_db(db) as store:
        try:
            loopback = host in ("127.0.0.1", "localhost", "::1")
            app = create_app(store=store, token=token, read_only=read_only, tiles=tiles,
                             allowed_hosts=["127.0.0.1", "localhost", "::1", "[::1]"] if loopback else None)
        except ValueError as e:
            raise click.UsageError(str(e)) from e
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"counterclaim: serving {db} at http://{shown}:{port}/ (API docs: /docs)", err=True)
        if read_only:
            click.echo("counterclaim: read-only: no write routes", err=True)
        elif token:
            click.echo("counterclaim: writes need the token in $COUNTERCLAIM_TOKEN", err=True)
        else:
            click.echo(f"counterclaim: write token (send 'Authorization: Bearer TOKEN'): {app.state.token}", err=True)
        uvicorn.run(app, host=host, port=port, log_level="warning")


@main.command()
@db_option
@click.option("--out", default="report.html", show_default=True, help="The HTML file to write.")
@click.option("--title", default="counterclaim report", show_default=True)
def report(db: str, out: str, title: str) -> None:
    """Write a self-contained HTML report (map, contested board, every claim) to mail or open offline."""
    from .serve.report import write_report

    with open_db(db) as store:
        size = write_report(store, out, title)
    click.echo(f"counterclaim: wrote {out} ({size:,} bytes)", err=True)

from .corpus.watch_command import watch  # noqa: E402 - `counterclaim watch`, defined beside the watch loop
from .evaluation.commands import evaluate  # noqa: E402 - `counterclaim eval ...`

main.add_command(watch)
main.add_command(evaluate)

if __name__ == "__main__":
    main()
