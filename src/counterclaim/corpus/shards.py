"""Extraction results as Parquet shards, for runs without a database, and loading them into one.

`ShardWriter(folder)` writes results in shards of `size` documents (`part-00000.parquet`, ...),
each written to a temporary name and renamed, so a killed run leaves whole shards only;
`load_shards(folder, store)` stores every result of every shard, as `ingest` would have.

One row per document or failure: `kind` ("result" | "failure"), `identity` (the store's
document identity), `source`, `doc_id`, `title`, `published`, `outlet`, `url`, `primary_type`,
`primary_acled`, `n_claims`, `reason` (failures), and `data`, the whole Result as JSON
(`Result.to_dict()` with the document's text and language, and the main event's score and
trigger under "primary"), so `load` rebuilds the very Result that was extracted.
A restarted run skips the documents whose identity is already in a shard of the folder.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import os
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .. import model
from ..model import Document, Failure, Result
from ..storage.store import Store, identity

COLUMNS = ("kind", "identity", "source", "doc_id", "title", "published", "outlet", "url",
           "primary_type", "primary_acled", "n_claims", "reason", "data")
SHARD_SIZE = 500  # documents per shard


def _schema():
    import pyarrow as pa

    return pa.schema([(name, pa.int32() if name == "n_claims" else pa.string()) for name in COLUMNS])


def result_row(item: Result | Failure) -> dict[str, Any]:
    """The shard row of a result or failure."""
    if isinstance(item, Failure):
        return {**dict.fromkeys(COLUMNS), "kind": "failure", "source": item.source, "reason": item.reason,
                "data": json.dumps(item.to_dict(), ensure_ascii=False)}
    doc = item.document
    data = item.to_dict()
    data["document"].update(text=doc.text, language=doc.language)
    data["primary"] = item.primary.to_dict() if item.primary else None  # with its score and trigger
    return {"kind": "result", "identity": identity(doc)[0], "source": doc.source, "doc_id": doc.id,
            "title": doc.title, "published": doc.published, "outlet": doc.outlet, "url": doc.url,
            "primary_type": item.primary.type if item.primary else None,
            "primary_acled": item.primary.acled if item.primary else None,
            "n_claims": len(item.claims), "reason": None, "data": json.dumps(data, ensure_ascii=False)}


def result_from_row(row: dict[str, Any]) -> Result | Failure:
    """The Result (or Failure) a shard row holds: the inverse of `result_row`."""
    data = json.loads(row["data"])
    if row["kind"] == "failure":
        return Failure(**data)
    doc = data["document"]
    document = Document(**{f.name: doc.get(f.name) for f in dataclasses.fields(Document)})
    return Result(
        document=document,
        claims=[from_dict(model.Claim, c) for c in data["claims"]],
        primary=from_dict(model.TypeMatch, data["primary"]) if data.get("primary") else None,
        places=[from_dict(model.Place, p) for p in doc.get("places", [])],
    )


def from_dict(cls: type, data: Any) -> Any:
    """A `model` record rebuilt from its JSON form (nested records, lists and tuples included)."""
    hints = _hints(cls)
    return cls(**{name: _value(hints[name], value) for name, value in data.items() if name in hints})


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """A record's field types, resolved once per class (resolving them is slower than the rebuild)."""
    return typing.get_type_hints(cls, vars(model))


def _value(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _value(options[0], value) if len(options) == 1 else value
    if origin is list:
        (inner,) = typing.get_args(hint)
        return [_value(inner, v) for v in value]
    if origin is tuple:
        return tuple(value)
    if dataclasses.is_dataclass(hint):
        return from_dict(hint, value)
    return value


class ShardWriter:
    """Writes results and failures to `folder` in shards of `size` documents."""

    def __init__(self, folder: str | os.PathLike, size: int = SHARD_SIZE):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.size = size
        self.rows: list[dict[str, Any]] = []
        existing = shard_paths(self.folder)
        self.next = 1 + max((int(p.stem.split("-")[1]) for p in existing), default=-1)
        self.written = 0

    def known(self) -> set[str]:
        """Identities of the documents already in this folder's shards."""
        import pyarrow.parquet as pq

        return {i for p in shard_paths(self.folder)
                for i in pq.read_table(p, columns=["identity"]).column("identity").to_pylist() if i}

    def add(self, item: Result | Failure) -> None:
        self.rows.append(result_row(item))
        if len(self.rows) >= self.size:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        import pyarrow as pa
        import pyarrow.parquet as pq

        path = self.folder / f"part-{self.next:05d}.parquet"
        tmp = path.with_name(f".{path.name}.tmp")
        pq.write_table(pa.Table.from_pylist(self.rows, schema=_schema()), tmp, compression="zstd")
        os.replace(tmp, path)
        self.next += 1
        self.written += len(self.rows)
        self.rows.clear()

    def __enter__(self) -> ShardWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.flush()


def shard_paths(folder: str | os.PathLike) -> list[Path]:
    """The shards of a folder, in order."""
    return sorted(Path(folder).glob("part-*.parquet"))


def read_shards(folder: str | os.PathLike) -> Iterator[Result | Failure]:
    """Every result and failure in the shards of `folder`, a batch of rows at a time."""
    import pyarrow.parquet as pq

    paths = shard_paths(folder)
    if not paths:
        raise FileNotFoundError(f"{folder}: no part-*.parquet shards; write them with "
                                "`counterclaim extract ... --out {folder}`")
    for path in paths:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=256):
            for row in batch.to_pylist():
                yield result_from_row(row)


def load_shards(folder: str | os.PathLike, store: Store, *, progress: bool = False,
                on_failure: Callable[[Failure], None] | None = None, link: bool = True) -> Any:
    """Store every result of the shards in `folder` (documents already stored are skipped) and
    record their failures: `ingest.ingest_items`, with the shards' results in place of extraction,
    linking as it does (link=False leaves the documents unlinked). Returns the run's `ingest.Report`."""
    from .ingest import ingest_items

    latest: dict[str, Result] = {}  # the stream is pulled one item at a time: one slot suffices

    def documents() -> Iterator[Document | Failure]:
        for item in read_shards(folder):
            if isinstance(item, Result):
                latest["result"] = item
                yield item.document
            else:
                yield item

    def results(todo: Iterable[Document | Failure]) -> Iterator[Result | Failure]:
        for item in todo:  # each document arrives right after documents() yielded it
            yield latest.pop("result") if isinstance(item, Document) else item

    return ingest_items(documents(), store, inputs=[str(folder)], progress=progress,
                        on_failure=on_failure, extract=results, link=link)


def write_shards(results: Iterable[Result | Failure], folder: str | os.PathLike,
                 size: int = SHARD_SIZE) -> int:
    """Write a stream of results to shards in `folder`; returns the rows written."""
    with ShardWriter(folder, size) as writer:
        for item in results:
            writer.add(item)
    return writer.written
