"""The ingest loop: read articles, extract their claims in parallel, store them with one writer.

`ingest(paths, store)` reads every input (`counterclaim.corpus.readers`), skips documents already
stored before parsing them, extracts the rest on `processes` cores, and writes each result in
its own transaction (`Store.add_result`); failures are recorded, never fatal. Killed at any
point, the same call again stores what is missing and nothing twice.

Decisions worth knowing:
- Parallel extraction is a pool of worker processes (spawned, each loading the pipeline
  once) that run the whole `extract_many` on chunks of documents; the main process reads,
  writes and keeps at most two chunks per worker in flight, so memory stays flat however
  large the corpus. With one process everything runs in this process.
- Only the main process writes, so SQLite's single-writer lock is never contended.
- The progress bar (rich, on stderr when it is a terminal) counts documents per second;
  its total comes from a second, cheap pass over the inputs run in a background thread,
  so the ETA appears once counting is done.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field

from ..extraction.extract import extract_chunk, extract_many, warm
from ..model import Document, Failure, Result
from ..storage.store import Store, Stored, chunks
from .readers import read_inputs

Item = Document | Failure


@dataclass
class Report:
    """What one ingest run did."""

    run: int = 0
    read: int = 0        # documents read (failures to read are counted in `failed` only)
    added: int = 0       # new documents
    versions: int = 0    # changed text under a URL already stored
    unchanged: int = 0   # already stored, skipped
    failed: int = 0      # inputs or documents that could not be read, extracted or stored
    claims: int = 0      # claims stored
    seconds: float = 0.0
    store_seconds: float = 0.0  # of which spent reading and writing the store
    stored: list[int] = field(default_factory=list, repr=False)  # row ids of documents added

    def count(self, stored: Stored) -> None:
        """Count what `Store.add_result` did with one document."""
        if stored.outcome == "added":
            self.added += 1
            self.stored.append(stored.id)
        elif stored.outcome == "version":
            self.versions += 1
            self.stored.append(stored.id)
        else:  # the same text already stored (or twice in this run)
            self.unchanged += 1
        self.claims += stored.claims

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in asdict(self).items() if k not in ("run", "seconds", "store_seconds", "stored")}

    def summary(self) -> str:
        """One line for people: what was added, skipped and failed."""
        rate = self.read / self.seconds if self.seconds else 0.0
        if self.read and not (self.added or self.versions) and self.unchanged == self.read:
            head = f"nothing new: all {self.read} document(s) already stored"
        else:
            head = (f"{self.read} document(s) read: {self.added} added, {self.versions} new version(s), "
                    f"{self.unchanged} already stored; {self.claims} claim(s) stored")
        tail = f"; {self.failed} failure(s) (counterclaim stats --failures)" if self.failed else ""
        return f"{head}{tail} [{self.seconds:.1f} s, {rate:.1f} docs/s]"


def ingest(paths: Sequence[str], store: Store, *, processes: int = 1, batch_size: int = 8,
           published: str | None = None, max_bytes: int = 10_000_000,
           columns: Mapping[str, str] | None = None, progress: bool = False,
           on_failure: Callable[[Failure], None] | None = None) -> Report:
    """Read, extract and store every article under `paths`.

    paths: files and folders in any format `counterclaim.corpus.readers` knows; store: an open
    `Store`; processes: extraction processes (1: all in this process); batch_size:
    documents per parsing batch / per task sent to a worker; published, max_bytes, columns:
    as in `read_inputs`; progress: show a progress bar on stderr; on_failure: called with
    each Failure as it is recorded. Returns the run's Report.
    """
    items = read_inputs(paths, published=published, max_bytes=max_bytes, columns=columns)
    total = count_in_background(paths, published, max_bytes, columns) if progress else None
    return ingest_items(items, store, inputs=list(paths), processes=processes, batch_size=batch_size,
                        progress=progress, total=total, on_failure=on_failure)


def ingest_items(items: Iterable[Item], store: Store, *, inputs: Sequence[str] = (), processes: int = 1,
                 batch_size: int = 8, progress: bool = False, total: _Total | None = None,
                 on_failure: Callable[[Failure], None] | None = None,
                 extract: Callable[[Iterable[Item]], Iterable[Result | Failure]] | None = None) -> Report:
    """Extract and store a stream of Documents (and Failures, recorded as they come).
    The same as `ingest` for callers that read their own inputs.

    extract: turns the stream of documents not yet stored into results, in any order (default: a
    local process pool of `processes`; `counterclaim.corpus.cluster` passes a Dask cluster's). This
    process stays the only writer either way.
    """
    if extract is None:
        def extract(todo: Iterable[Item]) -> Iterable[Result | Failure]:
            return extract_parallel(todo, processes=processes, batch_size=batch_size)
    report = Report(run=store.start_run(inputs, processes))
    started = time.perf_counter()
    bar = ProgressBar(total) if progress else None

    def fail(failure: Failure) -> None:
        report.failed += 1
        store.add_failure(failure, report.run)
        if on_failure:
            on_failure(failure)
        if bar:
            bar.advance()

    def new_only() -> Iterator[Item]:
        for item in items:
            if isinstance(item, Failure):
                yield item
                continue
            report.read += 1
            t0 = time.perf_counter()
            known = store.has_document(item)
            report.store_seconds += time.perf_counter() - t0
            if known:
                report.unchanged += 1
                if bar:
                    bar.advance()
                continue
            yield item

    status = "interrupted"
    try:
        for out in extract(new_only()):
            if isinstance(out, Failure):
                fail(out)
                continue
            t0 = time.perf_counter()
            try:
                stored = store.add_result(out, report.run)
            except Exception as e:  # noqa: BLE001 - one unstorable document must not stop the run
                fail(Failure(out.document.source or out.document.id, f"could not be stored ({e!r})"))
                continue
            finally:
                report.store_seconds += time.perf_counter() - t0
            report.count(stored)
            if bar:
                bar.advance()
        status = "finished"
    finally:
        report.seconds = time.perf_counter() - started
        if bar:
            bar.stop()
        store.finish_run(report.run, report.counts(), status)
    return report


def extract_parallel(items: Iterable[Item], *, processes: int = 1,
                     batch_size: int = 8) -> Iterator[Result | Failure]:
    """`extract_many` on `processes` worker processes, results in input order; at most two
    chunks of `batch_size` documents per worker are in flight."""
    if processes <= 1:
        yield from extract_many(items, batch_size=batch_size)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context, initializer=warm) as pool:
        pending: deque[tuple[list[Item], Future]] = deque()
        for chunk in chunks(items, batch_size):
            pending.append((chunk, pool.submit(extract_chunk, chunk, batch_size)))
            while len(pending) >= 2 * processes:
                yield from _collect(*pending.popleft())
        while pending:
            yield from _collect(*pending.popleft())


def _collect(chunk: list[Item], future: Future) -> Iterator[Result | Failure]:
    try:
        yield from future.result()
    except Exception as e:  # noqa: BLE001 - a dead worker fails its chunk, not the run
        for item in chunk:
            yield item if isinstance(item, Failure) else Failure(
                item.source or item.id, f"extraction worker failed ({e!r})")


class _Total:
    """A document count filled in by a background thread (None until it is done)."""

    def __init__(self) -> None:
        self.value: int | None = None


def count_in_background(paths: Sequence[str], published: str | None, max_bytes: int,
                         columns: Mapping[str, str] | None) -> _Total:
    """How many documents the inputs hold, counted in a thread while the run goes on (the
    progress bar shows no total until the count is done)."""
    total = _Total()

    def count() -> None:
        total.value = sum(1 for _ in read_inputs(paths, published=published, max_bytes=max_bytes,
                                                 columns=columns))

    threading.Thread(target=count, daemon=True, name="counterclaim-count").start()
    return total


class ProgressBar:
    """A rich progress bar on stderr: documents done, documents per second, ETA."""

    def __init__(self, total: _Total | None):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.total = total
        self.progress = Progress(
            TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} docs/s"), TimeElapsedColumn(), TextColumn("ETA"),
            TimeRemainingColumn(), console=Console(stderr=True), transient=False)
        self.task = self.progress.add_task("ingest", total=None, rate="-")
        self.started = time.perf_counter()
        self.done = 0
        self.progress.start()

    def advance(self) -> None:
        self.done += 1
        rate = self.done / max(time.perf_counter() - self.started, 1e-9)
        total = self.total.value if self.total else None
        self.progress.update(self.task, advance=1, rate=f"{rate:.1f}", total=total)

    def stop(self) -> None:
        self.progress.stop()


def default_processes() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
