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
from typing import Any

from sqlalchemy import case, delete, exists, func, select, update

from .corpus_actors import harmonise
from ..knowledge.gazetteer import key as fold
from .linking import claim_blocks, contested_first, focus, from_json, link_claims
from ..storage.store import Store, chunks
from ..storage.tables import claims, documents, links, proposition_claims, propositions


def _load(store: Store):
    """LinkClaims for every claim of the latest version of each document, keyed by claim row id.

    Claimants are settled over the whole corpus first (`corpus_actors.harmonise`: one actor per
    person, the side the corpus gives an actor where its article did not) and the stored claims
    updated, so that linking and every reader see the same actors and sides.
    """
    query = (select(claims.c.id, claims.c.data, documents.c.data.label("doc_data"), documents.c.id.label("doc_id"),
                    documents.c.outlet, documents.c.published)
             .join(documents, documents.c.id == claims.c.document_id)
             .where(documents.c.latest.is_(True)).order_by(documents.c.id, claims.c.seq))
    rows = []
    docs: dict[int, dict[str, Any]] = {}
    with store.engine.connect() as conn:
        for row in conn.execution_options(yield_per=1000).execute(query):
            if row.doc_id not in docs:
                doc = json.loads(row.doc_data)
                doc = {**doc, "id": str(row.doc_id), "outlet": row.outlet, "published": row.published}
                docs[row.doc_id] = {"doc": doc, "focus": focus(doc)}
            rows.append((row.id, row.doc_id, json.loads(row.data)))
    changes = harmonise((claim_id, claim.get("claimant")) for claim_id, _, claim in rows)
    store.update_claimants(changes)
    out = []
    for claim_id, doc_id, claim in rows:
        if claim_id in changes:
            claim = {**claim, "claimant": changes[claim_id]}
        item = from_json(docs[doc_id]["doc"], claim, docs[doc_id]["focus"])
        item.key = str(claim_id)
        out.append(item)
    return out


def relink(store: Store, documents: Iterable[int] | None = None) -> dict[str, Any]:
    """Link the stored claims; returns counts of propositions, links and statuses.

    documents: row ids of newly stored documents. Given, only the claims that share a
    (family, province) block with their claims, and the propositions those belong to, are
    linked again; their old links and propositions are replaced and the rest is left alone.
    None links everything again.
    """
    items = _load(store)
    with store.engine.begin() as conn:
        if documents is None:
            conn.execute(delete(proposition_claims))
            conn.execute(delete(propositions))
            conn.execute(delete(links))
        else:
            items = _affected(conn, items, {str(d) for d in documents})
            ids = [int(c.key) for c in items]
            for chunk in chunks(ids):
                old = select(proposition_claims.c.proposition_id).where(proposition_claims.c.claim_id.in_(chunk))
                conn.execute(delete(propositions).where(propositions.c.id.in_(old)))
                conn.execute(delete(proposition_claims).where(proposition_claims.c.claim_id.in_(chunk)))
                conn.execute(delete(links).where(links.c.claim_id.in_(chunk) | links.c.other_id.in_(chunk)))
    props, found = link_claims(items)
    now = datetime.now(timezone.utc)
    with store.engine.begin() as conn:
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
    return {"claims": len(items), "propositions": len(props), "links": len(found), "by_status": statuses,
            "by_kind": kinds, "incremental": documents is not None}


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
    data = json.loads(row.data)
    who = data.get("claimant") or {}
    return {"id": row.id, "document": row.doc_id, "title": row.title, "outlet": row.outlet,
            "published": row.published, "text": data["text"], "type": data["type"], "polarity": data["polarity"],
            "claimant": who.get("name") or who.get("text"), "side": who.get("side"),
            "via": [v.get("text") for v in data.get("via") or []],
            "when": (data.get("when") or {}).get("date"),
            "places": [p.get("name") or p.get("text") for p in data.get("places") or []]}


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


STATUS_RANK = {"contested": 0, "denied": 1, "corroborated": 2, "uncorroborated": 3}
MEMBERS = 50   # member claims shown per proposition by default (`claims` counts them all)


def proposition_order() -> list[Any]:
    """Contested first, then strongest (most independent sources), then largest; ties by id."""
    rank = case(STATUS_RANK, value=propositions.c.status, else_=len(STATUS_RANK))
    return [rank, propositions.c.strength.desc(), propositions.c.n_claims.desc(), propositions.c.id]


def proposition_page(store: Store, *, status: str | None = None, since: str | None = None,
                     claims_in: Any = None, min_sides: int = 0, limit: int | None = None, offset: int = 0,
                     members: int | None = MEMBERS) -> tuple[list[dict[str, Any]], int]:
    """One page of propositions in `proposition_order`, each with its members and their links;
    and how many propositions match in all.

    claims_in: a SELECT of claim ids; only propositions with a member among them are kept.
    min_sides: at least this many sides with sources. members: at most this many member claims
    per proposition (taken from each side in turn; None: all), with the links among them.
    """
    where: list[Any] = []
    if status:
        where.append(propositions.c.status == status)
    if since:
        where.append(propositions.c.end >= date.fromisoformat(since))
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
        _attach_members(conn, rows, members)
    return rows, total


def list_propositions(store: Store, *, status: str | None = None, since: str | None = None,
                      place: str | None = None, with_claims: bool = True) -> list[dict[str, Any]]:
    """Propositions, contested first and strongest first, each with all its claims and links."""
    q = select(propositions).order_by(*proposition_order())
    if status:
        q = q.where(propositions.c.status == status)
    if since:
        q = q.where(propositions.c.end >= date.fromisoformat(since))
    with store.engine.connect() as conn:
        rows = [_proposition_row(r) for r in conn.execute(q)]
        if place:
            wanted = fold(place)
            rows = [r for r in rows if any(wanted in fold(p) for p in r["places"])]
        if with_claims:
            _attach_members(conn, rows, None)
    return rows


def _attach_members(conn, rows: list[dict[str, Any]], most: int | None) -> None:
    """Set "members" (claim briefs by date) and "links" (among those members) on each row, in
    three queries for all the rows."""
    ids_of: dict[int, list[int]] = {r["id"]: [] for r in rows}
    for chunk in chunks(list(ids_of)):
        for pid, cid in conn.execute(select(proposition_claims.c.proposition_id, proposition_claims.c.claim_id)
                                     .where(proposition_claims.c.proposition_id.in_(chunk))):
            ids_of[pid].append(cid)
    briefs: dict[int, dict[str, Any]] = {}
    for chunk in chunks(sorted({c for ids in ids_of.values() for c in ids})):
        briefs.update(_claim_rows(conn, chunk))
    shown: dict[int, list[dict[str, Any]]] = {}
    for r in rows:
        mine = sorted((briefs[c] for c in ids_of[r["id"]] if c in briefs), key=lambda c: (c["when"] or "", c["id"]))
        shown[r["id"]] = mine if most is None or len(mine) <= most else _each_side(mine, most)
        r["members"] = shown[r["id"]]
        r["links"] = []
    every = {c["id"] for members in shown.values() for c in members}
    found = []
    for chunk in chunks(sorted(every)):
        found += [link for link in _links_from(conn, chunk) if link["other"] in every]
    found.sort(key=lambda link: link["id"])
    by_claim: dict[int, set[int]] = {}
    for pid, members in shown.items():
        for c in members:
            by_claim.setdefault(c["id"], set()).add(pid)
    lookup = {r["id"]: r for r in rows}
    for link in found:
        for pid in by_claim.get(link["claim"], set()) & by_claim.get(link["other"], set()):
            lookup[pid]["links"].append({k: v for k, v in link.items() if k != "id"})


def _links_from(conn, ids: list[int]) -> list[dict[str, Any]]:
    q = select(links).where(links.c.claim_id.in_(ids))
    return [{"id": r.id, "claim": r.claim_id, "other": r.other_id, "kind": r.kind, "reason": json.loads(r.reason or "{}")}
            for r in conn.execute(q)]


def _each_side(members: list[dict[str, Any]], most: int) -> list[dict[str, Any]]:
    """`most` of the members, taken from each side in turn, back in date order."""
    sides: dict[Any, list[dict[str, Any]]] = {}
    for c in members:
        sides.setdefault(c["side"], []).append(c)
    queues, picked = list(sides.values()), []
    while len(picked) < most:
        for queue in queues:
            if queue and len(picked) < most:
                picked.append(queue.pop(0))
    return sorted(picked, key=lambda c: (c["when"] or "", c["id"]))


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
    for prop in list_propositions(store, place=place):
        for c in prop["members"]:
            kinds = sorted({l["kind"] for l in prop["links"] if c["id"] in (l["claim"], l["other"])})
            entries.append({**c, "proposition": prop["label"], "status": prop["status"], "links": kinds})
    entries.sort(key=lambda e: (e["when"] or e["published"] or "", e["id"]))
    return entries


def why(reason: dict[str, Any]) -> str:
    """A link's reason in words: its rule and, where answers were compared, the two answers
    ("incompatible answers from different sides: controller: taliban vs nrf")."""
    rule = reason.get("rule", "")
    return f"{rule}: {reason['compared']}" if reason.get("compared") else rule


__all__ = ["contested_first", "list_propositions", "place_ledger", "related", "relink", "why"]
