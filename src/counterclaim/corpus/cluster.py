"""Extraction on a Dask cluster, with one writer: the store, or Parquet shards.

`connect("local", workers=2)` starts a `LocalCluster` on this machine (loopback only, one
thread per worker process, no dashboard); `connect("tcp://scheduler:8786")` joins an existing
cluster whose workers have counterclaim installed. `ingest(paths, store, address=...)` is
`counterclaim.corpus.ingest.ingest` with extraction on the cluster; `extract_on_cluster` is the
stream of results underneath, for callers that write somewhere else (`shards.ShardWriter`).

Decisions worth knowing:
- A task is a partition of `batch_size` documents run through the whole `extract_many` on a
  worker; the spaCy pipeline is loaded once per worker process (`nlp.load` is cached per
  process, and the `WarmPipeline` plugin loads it, with every lazy resource, when a worker
  starts or restarts), never per task.
- The client reads the inputs, skips documents already stored (`Store.has_document`) before
  submitting anything, keeps at most two partitions per worker thread in flight, and writes
  results as their partitions complete: memory stays flat, and the database sees the same
  rows as a local run (only their row order may differ).
- A worker that dies mid-task needs no retry code here: the scheduler reruns its tasks on
  the other workers (and a nanny restarts it). A partition that still fails (the scheduler gave
  up, or the code raised) becomes one Failure per document, recorded, never fatal; the next
  run of the same command extracts those documents again.
"""
from __future__ import annotations

import contextlib
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

from distributed.diagnostics.plugin import WorkerPlugin

from ..extraction.extract import extract_chunk, warm
from ..model import Document, Failure, Result
from ..storage.store import Store
from .ingest import ProgressBar, Report, count_in_background, default_processes
from .ingest import ingest_items as _ingest_items
from .readers import read_inputs

Item = Document | Failure


class WarmPipeline(WorkerPlugin):
    """Loads the extraction pipeline when a worker starts (and again when a nanny restarts it)."""

    name = "counterclaim-warm-pipeline"

    def setup(self, worker) -> None:  # noqa: ARG002 - the plugin API passes the worker
        warm()


def worker_environ() -> dict:
    """The environment nannies give the workers they start: Dask's, less MALLOC_TRIM_THRESHOLD_.

    Setting that variable (Dask sets 64 KiB, to hand freed memory back to the OS) also freezes
    glibc's mmap threshold, so every large array the parser allocates is a fresh mmap and its
    page faults: about 10% more CPU per document in `benchmarks/scale.py`, for a worker whose
    memory is a loaded model that stays put.
    """
    import dask
    import distributed  # noqa: F401 - registers the distributed.* defaults

    environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", default={}) or {})
    environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    return environ


@contextlib.contextmanager
def connect(address: str = "local", workers: int | None = None, *, warm_workers: bool = True):
    """A Dask client: `address` "local" starts a LocalCluster of `workers` processes (default:
    all cores) bound to 127.0.0.1 with no dashboard and `worker_environ()`; "tcp://host:port"
    joins that scheduler (give its nannies the same environment for the same speed). The cluster
    started here is closed on exit. Yields a `distributed.Client`."""
    import dask
    from distributed import Client, LocalCluster

    with contextlib.ExitStack() as stack:
        if address == "local":
            # kept for the cluster's life: a nanny restarting a lost worker reads it again
            stack.enter_context(dask.config.set({"distributed.nanny.pre-spawn-environ": worker_environ()}))
            cluster = stack.enter_context(LocalCluster(
                n_workers=workers or default_processes(), threads_per_worker=1, processes=True,
                host="127.0.0.1", silence_logs=logging.ERROR,
                # Loopback, any free port: None would still try port 8787 for the scheduler's
                # health routes; the dashboard itself needs bokeh, absent.
                dashboard_address="127.0.0.1:0"))
            client = stack.enter_context(Client(cluster))
        else:
            if "://" not in address:
                raise ValueError(f"{address}: not a scheduler address; give tcp://HOST:PORT or 'local'")
            client = stack.enter_context(Client(address, timeout="30s"))
        if warm_workers:
            client.register_plugin(WarmPipeline())
        yield client


def extract_on_cluster(items: Iterable[Item], client, *, batch_size: int = 8,
                       skip: Callable[[Document], bool] | None = None,
                       on_skip: Callable[[Document], None] | None = None,
                       window: int | None = None) -> Iterator[Result | Failure]:
    """Extract a stream of documents on the cluster behind `client`, yielding results as their
    partitions complete (not in input order); failures read from the input pass through.

    skip: documents for which it returns True are not submitted (`on_skip` is told of them);
    window: partitions in flight at once (default two per worker thread).
    """
    from distributed import as_completed

    if window is None:
        window = max(2, 2 * sum(client.nthreads().values()))
    run = uuid.uuid4().hex[:8]
    pending = as_completed()
    chunks: dict[str, list[Document]] = {}
    chunk: list[Document] = []

    def submit() -> None:
        future = client.submit(extract_chunk, list(chunk), batch_size, pure=False,
                               key=f"counterclaim-extract-{run}-{len(chunks)}-{uuid.uuid4().hex[:6]}")
        chunks[future.key] = list(chunk)
        chunk.clear()
        pending.add(future)

    def collect() -> Iterator[Result | Failure]:
        future = next(pending)
        documents = chunks.pop(future.key)
        try:
            results = future.result()
        except Exception as e:  # noqa: BLE001 - a lost partition fails its documents, not the job
            results = [Failure(d.source or d.id, f"extraction on the cluster failed ({e!r}); "
                                                 "run the same command again to retry") for d in documents]
        future.release()
        yield from results

    for item in items:
        if isinstance(item, Failure):
            yield item
            continue
        if skip is not None and skip(item):
            if on_skip:
                on_skip(item)
            continue
        chunk.append(item)
        if len(chunk) >= batch_size:
            submit()
            while pending.count() >= window:
                yield from collect()
    if chunk:
        submit()
    while pending.count():
        yield from collect()


def ingest(paths: Sequence[str], store: Store, *, address: str = "local", workers: int | None = None,
           client=None, batch_size: int = 8, published: str | None = None, max_bytes: int = 10_000_000,
           columns: Mapping[str, str] | None = None, progress: bool = False,
           on_failure: Callable[[Failure], None] | None = None, processes: int | None = None,
           link: bool = True) -> Report:
    """`counterclaim.corpus.ingest.ingest` with extraction on a Dask cluster.

    address, workers: as in `connect` (ignored when `client`, an open `distributed.Client`, is
    given); processes: ignored (the workers are the processes). The rest as in `ingest.ingest`.
    Returns the run's Report.
    """
    items = read_inputs(paths, published=published, max_bytes=max_bytes, columns=columns)
    total = count_in_background(paths, published, max_bytes, columns) if progress else None
    with contextlib.ExitStack() as stack:
        if client is None:
            client = stack.enter_context(connect(address, workers))
        return ingest_items(items, store, client, inputs=list(paths), batch_size=batch_size,
                            progress=progress, total=total, on_failure=on_failure, link=link)


def ingest_items(items: Iterable[Item], store: Store, client, *, inputs: Sequence[str] = (),
                 batch_size: int = 8, progress: bool = False, total=None,
                 on_failure: Callable[[Failure], None] | None = None, link: bool = True) -> Report:
    """Extract a stream of Documents on the cluster and store them, one transaction each;
    the client's process is the only writer (`ingest.ingest_items` with the cluster's extraction)."""
    return _ingest_items(items, store, inputs=inputs, processes=sum(client.nthreads().values()),
                         batch_size=batch_size, progress=progress, total=total, on_failure=on_failure,
                         link=link, extract=lambda todo: extract_on_cluster(todo, client, batch_size=batch_size))


def extract_command(paths: Sequence[str], *, address: str | None = None, workers: int | None = None,
                    processes: int = 1, out: str | None = None, fmt: str = "jsonl",
                    published: str | None = None, max_bytes: int = 10_000_000, batch_size: int = 8,
                    progress: bool | None = None) -> int:
    """`counterclaim extract` on a Dask cluster (`address`) and/or into Parquet shards (`out`).

    Without `out`, results go to standard output in `fmt` as their partitions complete; with
    it, to shards in that folder, skipping documents already there. Failures are reported on
    stderr. Returns the exit status (1 if any document failed)."""
    import sys

    from ..storage.output import write_results
    from ..storage.store import identity
    from .ingest import extract_parallel
    from .shards import ShardWriter

    show = sys.stderr.isatty() if progress is None else progress
    writer = ShardWriter(out) if out else None
    known = writer.known() if writer else set()
    items = read_inputs(paths, published=published, max_bytes=max_bytes)
    total = count_in_background(paths, published, max_bytes, None) if show and writer else None
    bar = ProgressBar(total) if show and writer else None
    failed = skipped = 0

    def report_failure(failure: Failure) -> None:
        print(f"counterclaim: {failure.source}: {failure.reason}", file=sys.stderr)

    def stored(document: Document) -> bool:
        return identity(document)[0] in known

    def skip(_: Document) -> None:
        nonlocal skipped
        skipped += 1
        if bar:
            bar.advance()

    with contextlib.ExitStack() as stack:
        if address:
            client = stack.enter_context(connect(address, workers))
            results = extract_on_cluster(items, client, batch_size=batch_size, skip=stored, on_skip=skip)
        else:
            fresh = (i for i in items if isinstance(i, Failure) or not stored(i) or skip(i))
            results = extract_parallel(fresh, processes=processes, batch_size=batch_size)
        if bar:
            stack.callback(bar.stop)
        if writer:
            for item in results:
                if bar:
                    bar.advance()
                if isinstance(item, Failure):
                    failed += 1
                    report_failure(item)
                writer.add(item)
            writer.flush()
        else:
            failed = write_results(results, fmt, sys.stdout, report_failure)
    if writer:
        print(f"counterclaim: wrote {writer.written} row(s) to {out} ({failed} failure(s), "
              f"{skipped} document(s) already there)", file=sys.stderr)
    if failed:
        print(f"counterclaim: {failed} document(s) failed", file=sys.stderr)
    return 1 if failed else 0
