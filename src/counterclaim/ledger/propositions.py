"""The ledger over a store: link its claims, and read back propositions, places and related claims.

`relink(store)` runs `linking.link_claims` over every current claim and replaces the `links`,
`propositions` and `proposition_claims` rows in one transaction. Only claims answering the same
question (`questions`) within a three-day episode are compared, so a full pass stays cheap (see
benchmarks/linking.py) and is what runs after each ingest.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import Any

from sqlalchemy import case, delete, exists, func, select, update

from ..knowledge.gazetteer import key as fold
from ..storage.store import Store, chunks
from ..storage.tables import bump, claims, documents, links, proposition_claims, propositions
from ..storage.tables import documents as documents_table
from .corpus_actors import harmonise
from .linking import STATUS_RANK, claim_blocks, contested_first, focus, from_json, link_claims
from .parties import mark_bystanders, parties_to_the_fighting


def _settle(claimants: dict[int, dict[str, Any] | None], rounds: int = 4) -> dict[int, dict[str, Any]]:
    """The claimants the corpus settles (`corpus_actors.harmonise`), taken to a fixed point: a side
    one round gives a person lets the next round give it to the person's other mentions."""
    current = dict(claimants)
    for _ in range(rounds):
        changes = harmonise(current.items())
        if not changes:
            break
        current.update(changes)
    return {k: v for k, v in current.items() if v != claimants[k]}


def _load(store: Store):
    """LinkClaims for every claim of the latest version of each document, keyed by claim row id.

    Claimants are settled over the whole corpus first (`corpus_actors.harmonise`: one actor per
    person, the side the corpus gives an actor where its article did not) and the stored claims
    updated, so that linking and every reader see the same actors and sides.
    """
    query = (select(claims.c.id, claims.c.data, claims.c.extracted_claimant, documents.c.data.label("doc_data"),
                    documents.c.id.label("doc_id"), documents.c.outlet, documents.c.published,
                    documents.c.text.label("doc_text"))
             .join(documents, documents.c.id == claims.c.document_id)
             .where(documents.c.latest.is_(True)).order_by(documents.c.id, claims.c.seq))
    rows = []
    docs: dict[int, dict[str, Any]] = {}
    with store.engine.connect() as conn:
        for row in conn.execution_options(yield_per=1000).execute(query):
            if row.doc_id not in docs:
                doc = json.loads(row.doc_data)
                doc = {**doc, "id": str(row.doc_id), "outlet": row.outlet, "published": row.published}
                docs[row.doc_id] = {"doc": doc, "focus": focus(doc, row.doc_text)}
            claim = json.loads(row.data)
            extracted = json.loads(row.extracted_claimant) if row.extracted_claimant else claim.get("claimant")
            rows.append((row.id, row.doc_id, claim, extracted))
    # settled from the claimants as extracted, so settling again (a resumed run, `link`) changes nothing
    settled = _settle({claim_id: extracted for claim_id, _, _, extracted in rows})
    changes = {claim_id: settled.get(claim_id, extracted) for claim_id, _, claim, extracted in rows
               if settled.get(claim_id, extracted) != claim.get("claimant")}
    store.update_claimants(changes)
    out = []
    for claim_id, doc_id, claim, _ in rows:
        if claim_id in changes:
            claim = {**claim, "claimant": changes[claim_id]}
        item = from_json(docs[doc_id]["doc"], claim, docs[doc_id]["focus"])
        item.key = str(claim_id)
        out.append(item)
    return out


def relink(store: Store, documents: Iterable[int] | None = None) -> dict[str, Any]:
    """Link the stored claims; returns counts of propositions, links and statuses.

    documents: row ids of newly stored documents. Given, only the claims that share a
    question block with their claims, and the propositions those belong to, are
    linked again; their old links and propositions are replaced and the rest is left alone.
    None links everything again. The old rows are replaced, and the documents marked linked, in
    one transaction: an interruption leaves the ledger as it was, with the documents unlinked.
    """
    # the documents this pass links: given, or every unlinked one stored before the claims are loaded
    # (one stored while linking runs stays unlinked, for the next pass)
    marked = sorted({int(d) for d in documents}) if documents is not None else store.unlinked_documents()
    new = None if documents is None else marked
    items = _load(store)
    parties = parties_to_the_fighting(items)   # read from the whole corpus, before any subset is taken
    mark_bystanders(items, parties)
    if new is not None:
        with store.engine.connect() as conn:
            items = _affected(conn, items, {str(d) for d in new})
    props, found = link_claims(items, parties)
    now = datetime.now(timezone.utc)
    with store.engine.begin() as conn:
        if new is None:
            conn.execute(delete(proposition_claims))
            conn.execute(delete(propositions))
            conn.execute(delete(links))
        else:
            ids = [int(c.key) for c in items]
            for chunk in chunks(ids):
                old = select(proposition_claims.c.proposition_id).where(proposition_claims.c.claim_id.in_(chunk))
                conn.execute(delete(propositions).where(propositions.c.id.in_(old)))
                conn.execute(delete(proposition_claims).where(proposition_claims.c.claim_id.in_(chunk)))
                conn.execute(delete(links).where(links.c.claim_id.in_(chunk) | links.c.other_id.in_(chunk)))
        for chunk in chunks(marked):
            conn.execute(update(documents_table).where(documents_table.c.id.in_(chunk)).values(linked=True))
        bump(conn)
        for p in props:
            pid = conn.execute(propositions.insert().values(
                key=p.id, family=p.family, label=p.label, status=p.status, start=p.start, end=p.end,
                places=json.dumps(p.places, ensure_ascii=False), sources=json.dumps(p.sources, ensure_ascii=False),
                casualties=json.dumps(p.casualties) if p.casualties else None, n_claims=len(p.claims),
                strength=sum(p.sources.values()), n_sides=sum(1 for n in p.sources.values() if n),
            )).inserted_primary_key[0]
            if p.claims:
                conn.execute(proposition_claims.insert(), [{"proposition_id": pid, "claim_id": int(k)} for k in p.claims])
        if found:
            conn.execute(links.insert(), [
                {"claim_id": int(l.claim), "other_id": int(l.other), "kind": l.kind,
                 "reason": json.dumps(l.reason, ensure_ascii=False, default=str),
                 "score": (l.reason.get("stance") or {}).get("score"), "created_at": now} for l in found])
        touched = {int(k) for l in found if l.kind in ("denies", "contradicts") for k in (l.claim, l.other)}
        if touched:
            conn.execute(update(claims).where(claims.c.id.in_(touched)).values(contested=True))
    statuses: dict[str, int] = {}
    for p in props:
        statuses[p.status] = statuses.get(p.status, 0) + 1
    kinds: dict[str, int] = {}
    for l in found:
        kinds[l.kind] = kinds.get(l.kind, 0) + 1
    return {"documents": len(marked), "claims": len(items), "propositions": len(props), "links": len(found),
            "by_status": statuses,
            "by_kind": kinds, "incremental": documents is not None}


def link_pending(store: Store) -> dict[str, Any] | None:
    """Link the documents the ledger has not linked yet (see `Store.unlinked_documents`), with the
    claims they can link to; None when there are none. What every ingest runs before it finishes,
    so a run interrupted at any point is completed by the next one."""
    pending = store.unlinked_documents()
    return relink(store, documents=pending) if pending else None


def _affected(conn, items: list, new_documents: set[str]) -> list:
    """The claims a new document's claims can link to: those sharing one of their blocks, with the
    whole propositions those claims are already in (a proposition is re-made whole or not at all)."""
    blocks = set().union(*(claim_blocks(c) for c in items if c.document in new_documents))
    keys = {c.key for c in items if c.document in new_documents or claim_blocks(c) & blocks}
    ids = [int(k) for k in keys]
    for chunk in chunks(ids):
        old = select(proposition_claims.c.proposition_id).where(proposition_claims.c.claim_id.in_(chunk))
        keys |= {str(c) for (c,) in conn.execute(select(proposition_claims.c.claim_id)
                                                 .where(proposition_claims.c.proposition_id.in_(old)))}
    return [c for c in items if c.key in keys]


def _claim_brief(row: Any) -> dict[str, Any]:
    text, kind, polarity, claimant, side, via, when, places = _brief_of(row.data)
    return {"id": row.id, "document": row.doc_id, "title": row.title, "outlet": row.outlet,
            "published": row.published, "text": text, "type": kind, "polarity": polarity,
            "claimant": claimant, "side": side, "via": list(via), "when": when, "places": list(places)}


@lru_cache(maxsize=20_000)
def _brief_of(data: str) -> tuple:
    """The fields of a claim's JSON a brief shows; cached by the JSON text itself, so never stale
    (parsing it is most of the cost of a page of propositions)."""
    claim = json.loads(data)
    who = claim.get("claimant") or {}
    return (claim["text"], claim["type"], claim["polarity"], who.get("name") or who.get("text"), who.get("side"),
            tuple(v.get("text") for v in claim.get("via") or []), (claim.get("when") or {}).get("date"),
            tuple(p.get("name") or p.get("text") for p in claim.get("places") or []))


def _claim_rows(conn, ids: list[int]) -> dict[int, dict[str, Any]]:
    if not ids:
        return {}
    q = (select(claims.c.id, claims.c.data, documents.c.doc_id, documents.c.title, documents.c.outlet,
                documents.c.published).join(documents, documents.c.id == claims.c.document_id)
         .where(claims.c.id.in_(ids)))
    return {row.id: _claim_brief(row) for row in conn.execute(q)}


def _proposition_row(row: Any) -> dict[str, Any]:
    return {"id": row.id, "label": row.label, "family": row.family, "status": row.status,
            "start": str(row.start) if row.start else None, "end": str(row.end) if row.end else None,
            "places": json.loads(row.places or "[]"), "sources": json.loads(row.sources or "{}"),
            "casualties": json.loads(row.casualties) if row.casualties else None, "claims": row.n_claims}


MEMBERS = 10   # member claims shown per proposition by default (`claims` counts them all)
LINKS = 10     # links shown per proposition by default (`n_links` counts those among the members shown)
LINK_ORDER = {"denies": 0, "contradicts": 1}   # disputes first, then in the order they were made


def _disputes_first(found: list) -> list:
    """Links (in the order they were made) with disputes first, each kind of dispute taking turns: the
    first denial, the first contradiction, the second denial, ...; then the others."""
    seen: dict[str, int] = {}
    turn = {}
    for link in found:
        turn[link.id] = seen.get(link.kind, 0)
        seen[link.kind] = turn[link.id] + 1
    return sorted(found, key=lambda link: (link.kind not in LINK_ORDER, turn[link.id] if link.kind in LINK_ORDER else 0,
                                           LINK_ORDER.get(link.kind, 2)))


def proposition_order() -> list[Any]:
    """Contested first, then strongest (most independent sources), then largest; ties by id."""
    rank = case(STATUS_RANK, value=propositions.c.status, else_=len(STATUS_RANK))
    return [rank, propositions.c.strength.desc(), propositions.c.n_claims.desc(), propositions.c.id]


def proposition_page(store: Store, *, status: str | None = None, claims_in: Any = None, min_sides: int = 0,
                     limit: int | None = None, offset: int = 0, members: int | None = MEMBERS,
                     links: int | None = LINKS) -> tuple[list[dict[str, Any]], int]:
    """One page of propositions in `proposition_order`, each with its members and their links;
    and how many propositions match in all.

    claims_in: a SELECT of claim ids; only propositions with a member among them are kept.
    min_sides: at least this many sides with sources. members: at most this many member claims
    per proposition (taken from each side in turn; None: all); links: at most this many of the
    links among them (denials and contradictions first; None: all), "n_links" counting them all.
    """
    where: list[Any] = []
    if status:
        where.append(propositions.c.status == status)
    if claims_in is not None:
        member = proposition_claims.alias("w_member")
        where.append(exists().where(member.c.proposition_id == propositions.c.id, member.c.claim_id.in_(claims_in)))
    if min_sides:
        where.append(propositions.c.n_sides >= min_sides)
    query = select(propositions).where(*where).order_by(*proposition_order()).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    with store.engine.connect() as conn:
        total = conn.execute(select(func.count()).select_from(propositions).where(*where)).scalar_one()
        rows = [_proposition_row(r) for r in conn.execute(query)]
        _attach_members(conn, rows, members, links)
    return rows, total


def list_propositions(store: Store, *, status: str | None = None, since: str | None = None,
                      place: str | None = None, with_claims: bool = True, reasons: bool = True) -> list[dict[str, Any]]:
    """Propositions, contested first and strongest first, each with all its claims and links (the
    links without their reasons when `reasons` is false)."""
    where = []
    if status:
        where.append(propositions.c.status == status)
    if since:
        where.append(propositions.c.end >= date.fromisoformat(since))
    with store.engine.connect() as conn:
        if place:   # matched on the places alone first: the rest of a row is read only when it matches
            wanted = fold(place)
            ids = {pid for pid, names in conn.execute(select(propositions.c.id, propositions.c.places).where(*where))
                   if any(wanted in _folded(p) for p in json.loads(names or "[]"))}
            if len(ids) <= 5000:   # a bounded IN list; past that, the rows are filtered as they come
                where.append(propositions.c.id.in_(sorted(ids)))
        rows = [_proposition_row(r) for r in conn.execute(select(propositions).where(*where)
                                                          .order_by(*proposition_order()))
                if not place or r.id in ids]
        if with_claims:
            _attach_members(conn, rows, None, reasons=reasons)
    return rows


@lru_cache(maxsize=50_000)
def _folded(name: str) -> str:
    return fold(name)


def _attach_members(conn, rows: list[dict[str, Any]], most: int | None, most_links: int | None = None, *,
                    reasons: bool = True) -> None:
    """Set "members" (claim briefs by date) and "links" (among those members, "n_links" of them)
    on each row, with a few queries for all the rows. Only the members and links shown are parsed."""
    light: dict[int, list[tuple]] = {r["id"]: [] for r in rows}   # (claim id, side, date) of each member
    # no more than `most` of each side are read: each side's earliest, which is all _each_side takes
    nth = func.row_number().over(partition_by=[proposition_claims.c.proposition_id, claims.c.side],
                                 order_by=[claims.c.when_date.asc().nulls_first(), claims.c.id]).label("nth")
    for chunk in chunks(list(light)):
        q = (select(proposition_claims.c.proposition_id, claims.c.id, claims.c.side, claims.c.when_date, nth)
             .join(claims, claims.c.id == proposition_claims.c.claim_id)
             .where(proposition_claims.c.proposition_id.in_(chunk)))
        if most is not None:
            ranked = q.subquery()
            q = select(ranked).where(ranked.c.nth <= most)
        for pid, cid, side, when, _ in conn.execute(q):
            light[pid].append((cid, side, when))
    chosen = {pid: [c[0] for c in (mine if most is None or len(mine) <= most else _each_side(mine, most))]
              for pid, mine in light.items()}
    briefs: dict[int, dict[str, Any]] = {}
    for chunk in chunks(sorted({c for ids in chosen.values() for c in ids})):
        briefs.update(_claim_rows(conn, chunk))
    by_claim: dict[int, set[int]] = {}
    for r in rows:
        r["members"] = sorted((briefs[c] for c in chosen[r["id"]] if c in briefs),
                              key=lambda c: (c["when"] or "", c["id"]))
        r["links"] = []
        for c in r["members"]:
            by_claim.setdefault(c["id"], set()).add(r["id"])
    lookup = {r["id"]: r for r in rows}
    every = sorted(by_claim)
    for chunk in chunks(every):   # the links among members, without their reasons yet
        q = select(links.c.id, links.c.claim_id, links.c.other_id, links.c.kind).where(links.c.claim_id.in_(chunk))
        if len(every) <= 5000:    # else filtered below: a bounded IN list
            q = q.where(links.c.other_id.in_(every))
        for link in conn.execute(q):
            for pid in by_claim[link.claim_id] & by_claim.get(link.other_id, set()):
                lookup[pid]["links"].append(link)
    for r in rows:
        r["n_links"] = len(r["links"])
        r["links"] = sorted(r["links"], key=lambda link: link.id)
        if most_links is not None and len(r["links"]) > most_links:
            r["links"] = _disputes_first(r["links"])[:most_links]
    why: dict[int, str] = {}
    for chunk in chunks(sorted({link.id for r in rows for link in r["links"]}) if reasons else []):
        why.update((i, reason) for i, reason in conn.execute(select(links.c.id, links.c.reason)
                                                                .where(links.c.id.in_(chunk))))
    for r in rows:
        r["links"] = [{"claim": link.claim_id, "other": link.other_id, "kind": link.kind,
                       **({"reason": json.loads(why.get(link.id) or "{}")} if reasons else {})}
                      for link in r["links"]]


def _each_side(members: list[tuple], most: int) -> list[tuple]:
    """`most` of the (claim id, side, date) members, earliest first from each side in turn."""
    sides: dict[Any, list[tuple]] = {}
    for c in sorted(members, key=lambda c: (c[2] or date.min, c[0])):
        sides.setdefault(c[1], []).append(c)
    queues, picked = list(sides.values()), []
    while len(picked) < most:
        for queue in queues:
            if queue and len(picked) < most:
                picked.append(queue.pop(0))
    return picked


def related(store: Store, claim_id: int) -> dict[str, Any] | None:
    """A claim with every claim that supports, repeats, contradicts or denies it, and why."""
    with store.engine.connect() as conn:
        me = _claim_rows(conn, [claim_id]).get(claim_id)
        if me is None:
            return None
        rows = list(conn.execute(select(links).where((links.c.claim_id == claim_id) | (links.c.other_id == claim_id))))
        others = _claim_rows(conn, [r.other_id if r.claim_id == claim_id else r.claim_id for r in rows])
        me["related"] = [{"kind": r.kind, "direction": "out" if r.claim_id == claim_id else "in",
                          "reason": json.loads(r.reason or "{}"),
                          "claim": others[r.other_id if r.claim_id == claim_id else r.claim_id]} for r in rows]
        prop = conn.execute(select(propositions).join(proposition_claims,
                                                      proposition_claims.c.proposition_id == propositions.c.id)
                            .where(proposition_claims.c.claim_id == claim_id)).first()
        me["proposition"] = _proposition_row(prop) if prop else None
    return me


def place_ledger(store: Store, place: str) -> list[dict[str, Any]]:
    """Timeline for a place: every claim of its propositions in date order, with status and links."""
    entries = []
    for prop in list_propositions(store, place=place, reasons=False):
        kinds: dict[int, set[str]] = {}
        for l in prop["links"]:
            kinds.setdefault(l["claim"], set()).add(l["kind"])
            kinds.setdefault(l["other"], set()).add(l["kind"])
        for c in prop["members"]:
            entries.append({**c, "proposition": prop["label"], "status": prop["status"],
                            "links": sorted(kinds.get(c["id"], ()))})
    entries.sort(key=lambda e: (e["when"] or e["published"] or "", e["id"]))
    return entries


def why(reason: dict[str, Any]) -> str:
    """A link's reason in words: its rule and, where answers were compared, the two answers
    ("incompatible answers from different sides: controller: taliban vs nrf")."""
    rule = reason.get("rule", "")
    return f"{rule}: {reason['compared']}" if reason.get("compared") else rule


__all__ = ["contested_first", "list_propositions", "place_ledger", "related", "relink", "why"]
