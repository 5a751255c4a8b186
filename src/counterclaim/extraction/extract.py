"""The whole job for one article: text in, typed and attributed claims out."""
from __future__ import annotations

import hashlib
from dataclasses import replace
from collections.abc import Iterable, Iterator

from spacy.tokens import Doc

from ..geo.places import geoparse
from ..model import Document, Failure, Result
from ..nlp import load
from .claims import build_claims
from .claimtypes import classify_document
from .headline_case import parse_as_read, pipe_as_read
from .windows import WINDOW_CHARS, merge, windows

MAX_CHARS = 10_000_000


def _headline(text: str) -> str | None:
    """The first line when it reads like a headline (short, no final full stop)."""
    first = text.strip().split("\n", 1)[0].strip()
    return first if 0 < len(first) <= 200 and not first.endswith(".") and "\n" in text.strip() else None


def make_document(text: str, **meta: str | None) -> Document:
    """A Document for `text`, with an id from its content hash when none is given."""
    doc_id = meta.pop("id", None) or "sha1:" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return Document(id=doc_id, text=text, **{k: v for k, v in meta.items() if v is not None})


def analyse(document: Document, parsed: Doc) -> Result:
    """Claims, main event and places of a document already parsed by `counterclaim.nlp`."""
    if not document.title:
        document.title = _headline(document.text)
    claims = build_claims(parsed, document)
    title = document.title
    in_text = bool(title) and document.text.lstrip().startswith(title.strip())
    primary = classify_document(parsed, title=None if in_text else title)
    return Result(document=document, claims=claims, primary=primary, places=geoparse(parsed).places())


def analyse_long(document: Document) -> Result:
    """`analyse` for an article over `WINDOW_CHARS`: window by window (see `windows`), each parsed,
    analysed and dropped before the next, so memory stays that of one window."""
    nlp = load()
    if not document.title:
        document.title = _headline(document.text)
    whole = Result(document=document, claims=[])
    parts = []
    for n, (start, end) in enumerate(windows(document.text)):
        window = replace(document, text=document.text[start:end], title=document.title if n == 0 else "")
        part = analyse(window, parse_as_read(nlp, window.text) if n == 0 else nlp(window.text))
        if n == 0:
            whole.primary = part.primary
        parts.append((start, part))
    return merge(parts, whole)


def check(document: Document) -> str | None:
    """Why a document cannot be processed, or None."""
    if not document.text or not document.text.strip():
        return "empty text"
    if len(document.text) > MAX_CHARS:
        return f"{len(document.text):,} characters is over the {MAX_CHARS:,} limit; split the article"
    return None


def extract(text: str, published: str | None = None, *, title: str | None = None, outlet: str | None = None,
            url: str | None = None, id: str | None = None) -> Result:
    """Extract the attributed claims of one article.

    text: the article text; published: its publication date (ISO), used to resolve "on Sunday";
    title, outlet, url, id: metadata kept in the result (id defaults to a content hash).
    Returns a Result with the document, its claims and its main event.
    Raises ValueError for text that cannot be processed (empty, too long).
    """
    document = make_document(text, id=id, title=title, outlet=outlet, url=url, published=published)
    problem = check(document)
    if problem:
        raise ValueError(problem)
    return analyse_long(document) if len(text) > WINDOW_CHARS else analyse(document, parse_as_read(load(), text))


def extract_many(items: Iterable[Document | Failure], batch_size: int = 16) -> Iterator[Result | Failure]:
    """Extract claims from a stream of documents; failures pass through, one bad document never stops the rest."""
    nlp = load()
    pending: list[Document] = []

    def flush() -> Iterator[Result | Failure]:
        docs = list(pending)
        pending.clear()
        done = 0
        try:
            for document, parsed in zip(docs, pipe_as_read(nlp, (d.text for d in docs), batch_size=batch_size)):
                done += 1
                try:
                    yield analyse(document, parsed)
                except Exception as exc:  # noqa: BLE001 - one article's bug must not stop a batch
                    yield Failure(source=document.source or document.id, reason=f"extraction failed: {exc!r}")
        except Exception:  # noqa: BLE001 - the parser failed on the batch (e.g. MemoryError): one by one
            for document in docs[done:]:
                try:
                    yield analyse(document, nlp(document.text))
                except Exception as exc:  # noqa: BLE001
                    yield Failure(source=document.source or document.id, reason=f"could not be parsed: {exc!r}")

    for item in items:
        if isinstance(item, Failure):
            yield from flush()
            yield item
            continue
        problem = check(item)
        if problem:
            yield from flush()
            yield Failure(source=item.source or item.id, reason=problem)
            continue
        if len(item.text) > WINDOW_CHARS:  # alone, window by window, in its place in the stream
            yield from flush()
            try:
                yield analyse_long(item)
            except Exception as exc:  # noqa: BLE001
                yield Failure(source=item.source or item.id, reason=f"extraction failed: {exc!r}")
            continue
        pending.append(item)
        if len(pending) >= batch_size:
            yield from flush()
    yield from flush()


def extract_chunk(chunk: list[Document | Failure], batch_size: int = 8) -> list[Result | Failure]:
    """`extract_many` of one chunk, as a list: the task a worker process or Dask worker runs."""
    return list(extract_many(chunk, batch_size=batch_size))


WARM_TEXT = ("Fighting near Kharkiv\n\nA military spokesman said on Sunday that 3 fighters were killed "
             "in Izium. The ministry denied the claim.")


def warm() -> None:
    """Load the pipeline and every lazily built resource (gazetteer, actors, cues) in this process:
    run when a worker starts, so its first documents do not pay for it."""
    analyse(make_document(WARM_TEXT), load()(WARM_TEXT))
