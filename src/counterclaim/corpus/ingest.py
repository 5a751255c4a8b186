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
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field

from ..extraction.extract import extract_chunk, extract_many, warm
from ..model import Document, Failure, Result
from ..storage.store import Store, Stored, chunks
from .readers import read_inputs

Item = Document | Failure


class RunStopped(RuntimeError):
    """A run that cannot go on: the store cannot be written (a full disk, a lost connection) or
    linking failed. Everything stored before stays stored and the same run again goes on."""


def _store_broken(e: BaseException) -> bool:
    """Whether an error writing one document means no document can be written: the database
    (or its disk) is gone, full or read-only, rather than something about this document."""
    from sqlalchemy.exc import DBAPIError

    if isinstance(e, OSError):
        return True
    if isinstance(e, DBAPIError):
        if e.connection_invalidated:
            return True
        text = str(e.orig).lower()
        return any(w in text for w in ("disk is full", "no space left", "database is locked", "readonly",
                                       "read-only", "disk i/o error", "could not extend file",
                                       "server closed the connection", "terminating connection",
                                       "connection refused", "unable to open database"))
    return False


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
    linked: dict | None = field(default=None, repr=False)  # what linking did (None: nothing to link)

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
        return {k: v for k, v in asdict(self).items()
                if k not in ("run", "seconds", "store_seconds", "stored", "linked")}

    def summary(self) -> str:
        """One line for people: what was added, skipped and failed."""
        rate = self.read / self.seconds if self.seconds else 0.0
        if self.read and not (self.added or self.versions) and self.unchanged == self.read:
            head = f"nothing new: all {self.read} document(s) already stored"
        else:
            head = (f"{self.read} document(s) read: {self.added} added, {self.versions} new version(s), "
                    f"{self.unchanged} already stored; {self.claims} claim(s) stored")
        tail = f"; {self.failed} failure(s) (counterclaim stats --failures)" if self.failed else ""
        if self.linked:
            earlier = self.linked["documents"] - self.added - self.versions
            tail += (f"; linked {self.linked['documents']} document(s)"
                     + (f" ({earlier} left unlinked by an earlier run)" if earlier > 0 else "")
                     + f": {self.linked['propositions']} proposition(s), {self.linked['links']} link(s)")
        return f"{head}{tail} [{self.seconds:.1f} s, {rate:.1f} docs/s]"


def ingest(paths: Sequence[str], store: Store, *, processes: int = 1, batch_size: int = 8,
           published: str | None = None, max_bytes: int = 10_000_000,
           columns: Mapping[str, str] | None = None, progress: bool = False,
           on_failure: Callable[[Failure], None] | None = None, link: bool = True) -> Report:
    """Read, extract and store every article under `paths`.

    paths: files and folders in any format `counterclaim.corpus.readers` knows; store: an open
    `Store`; processes: extraction processes (1: all in this process); batch_size:
    documents per parsing batch / per task sent to a worker; published, max_bytes, columns:
    as in `read_inputs`; progress: show a progress bar on stderr; on_failure: called with
    each Failure as it is recorded; link: link the new claims (and any an interrupted run left
    unlinked) before the run is finished. Returns the run's Report.
    """
    items = read_inputs(paths, published=published, max_bytes=max_bytes, columns=columns)
    total = count_in_background(paths, published, max_bytes, columns) if progress else None
    return ingest_items(items, store, inputs=list(paths), processes=processes, batch_size=batch_size,
                        progress=progress, total=total, on_failure=on_failure, link=link)


def ingest_items(items: Iterable[Item], store: Store, *, inputs: Sequence[str] = (), processes: int = 1,
                 batch_size: int = 8, progress: bool = False, total: _Total | None = None,
                 on_failure: Callable[[Failure], None] | None = None,
                 extract: Callable[[Iterable[Item]], Iterable[Result | Failure]] | None = None,
                 link: bool = True) -> Report:
    """Extract and store a stream of Documents (and Failures, recorded as they come), then link
    every document the ledger has not linked yet. The same as `ingest` for callers that read their
    own inputs.

    extract: turns the stream of documents not yet stored into results, in any order (default: a
    local process pool of `processes`; `counterclaim.corpus.cluster` passes a Dask cluster's). This
    process stays the only writer either way.
    link: link the unlinked documents (this run's, and any an interrupted run left) before the run
    is marked finished; False leaves them for the next run or `counterclaim link`.
    """
    if extract is None:
        def extract(todo: Iterable[Item]) -> Iterable[Result | Failure]:
            return extract_parallel(todo, processes=processes, batch_size=batch_size)
    report = Report(run=store.start_run(inputs, processes))
    started = time.perf_counter()
    bar = ProgressBar(total) if progress else None

    def fail(failure: Failure) -> None:
        report.failed += 1
        try:
            store.add_failure(failure, report.run)
        except Exception as e:  # noqa: BLE001 - the failure cannot be recorded: the store is broken
            raise RunStopped(f"{failure.source}: {failure.reason}; and the store cannot record it "
                             f"({_reason(e)}): stopped") from e
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
                if _store_broken(e):
                    raise RunStopped(f"the store cannot be written ({_reason(e)}): stopped after "
                                     f"{report.added + report.versions} new document(s); make room or "
                                     "reconnect, then run the same command again to go on") from e
                fail(Failure(out.document.source or out.document.id, f"could not be stored ({e!r})"))
                continue
            finally:
                report.store_seconds += time.perf_counter() - t0
            report.count(stored)
            if bar:
                bar.advance()
        if bar:
            bar.stop()
            bar = None
        if link:
            from ..ledger.propositions import link_pending

            try:
                report.linked = link_pending(store)
            except Exception as e:  # noqa: BLE001 - the documents stay unlinked for the next run
                raise RunStopped(f"linking failed ({_reason(e)}); the claims are stored and their "
                                 "documents marked unlinked: run the same command again, or "
                                 "`counterclaim link`") from e
        status = "finished"
    finally:
        report.seconds = time.perf_counter() - started
        if bar:
            bar.stop()
        try:
            store.finish_run(report.run, report.counts(), status)
        except Exception:  # noqa: BLE001 - a broken store: the run stays "running" until the next one
            if status == "finished":  # marks it interrupted; only a run that otherwise ended well
                raise
    return report


def _reason(e: BaseException) -> str:
    """An exception in a few words: the database's own message when there is one."""
    cause = getattr(e, "orig", None) or e
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0] if lines else ''}"



def extract_parallel(items: Iterable[Item], *, processes: int = 1, batch_size: int = 8,
                     worker: Callable[[list[Item], int], list[Result | Failure]] = extract_chunk,
                     ) -> Iterator[Result | Failure]:
    """`extract_many` on `processes` worker processes, results in input order; at most two
    chunks of `batch_size` documents per worker are in flight.

    A worker that dies (killed, out of memory, a crash in native code) breaks the pool and every
    chunk in flight with it: the pool is replaced and those chunks are retried one at a time, so
    the one that kills a worker again is known; its documents become Failures and the run goes on.
    worker: the function a worker runs on one chunk (default `extract_chunk`).
    """
    if processes <= 1:
        yield from extract_many(items, batch_size=batch_size)
        return
    pool = _Pool(processes, worker, batch_size)
    pending: deque[tuple[list[Item], Future]] = deque()
    try:
        for chunk in chunks(items, batch_size):
            pending.append((chunk, pool.submit(chunk)))
            while len(pending) >= 2 * processes:
                yield from _collect(pool, pending)
        while pending:
            yield from _collect(pool, pending)
    finally:
        pool.shutdown()


class _Pool:
    """A process pool that can be replaced when a worker dies."""

    def __init__(self, processes: int, worker: Callable, batch_size: int) -> None:
        self.processes, self.worker, self.batch_size = processes, worker, batch_size
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context("spawn")
        return ProcessPoolExecutor(self.processes, mp_context=context, initializer=warm)

    def submit(self, chunk: list[Item]) -> Future:
        try:
            return self.executor.submit(self.worker, chunk, self.batch_size)
        except BrokenProcessPool:  # broken by a chunk not collected yet: the chunk will tell
            self.replace()
            return self.executor.submit(self.worker, chunk, self.batch_size)

    def replace(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


def _collect(pool: _Pool, pending: deque[tuple[list[Item], Future]]) -> Iterator[Result | Failure]:
    """The results of the oldest chunk in flight; after a dead worker, every chunk in flight again,
    each alone in a fresh pool."""
    chunk, future = pending.popleft()
    try:
        yield from future.result()
        return
    except BrokenProcessPool:
        suspects = [chunk] + [c for c, _ in pending]
        pending.clear()
    except Exception as e:  # noqa: BLE001 - a worker's error fails its chunk, not the run
        yield from _failed(chunk, f"extraction worker failed ({e!r})")
        return
    pool.replace()
    for chunk in suspects:
        try:
            yield from pool.submit(chunk).result()
        except BrokenProcessPool:
            yield from _failed(chunk, "the extraction worker died on this chunk twice (killed, out of "
                                      "memory or crashed); its documents were not extracted")
            pool.replace()
        except Exception as e:  # noqa: BLE001
            yield from _failed(chunk, f"extraction worker failed ({e!r})")


def _failed(chunk: list[Item], reason: str) -> Iterator[Failure]:
    for item in chunk:
        yield item if isinstance(item, Failure) else Failure(item.source or item.id, reason)


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
