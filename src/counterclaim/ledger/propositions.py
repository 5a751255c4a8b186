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

from sqlalchemy import delete, select, update

from .corpus_actors import harmonise
from ..knowledge.gazetteer import key as fold
from .linking import claim_blocks, contested_first, focus, from_json, link_claims
from ..storage.store import Store, chunks
from ..storage.tables import claims, documents, links, proposition_claims, propositions
from ..storage.tables import documents as documents_table


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
                    documents.c.id.label("doc_id"), documents.c.outlet, documents.c.published)
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
    if new is not None:
        with store.engine.connect() as conn:
            items = _affected(conn, items, {str(d) for d in new})
    props, found = link_claims(items)
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
        for p in props:
            pid = conn.execute(propositions.insert().values(
                key=p.id, family=p.family, label=p.label, status=p.status, start=p.start, end=p.end,
                places=json.dumps(p.places, ensure_ascii=False), sources=json.dumps(p.sources, ensure_ascii=False),
                casualties=json.dumps(p.casualties) if p.casualties else None, n_claims=len(p.claims),
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


def list_propositions(store: Store, *, status: str | None = None, since: str | None = None,
                      place: str | None = None, with_claims: bool = True) -> list[dict[str, Any]]:
    """Propositions, contested first and strongest first, each with its claims and links."""
    q = select(propositions)
    if status:
        q = q.where(propositions.c.status == status)
    if since:
        q = q.where(propositions.c.end >= date.fromisoformat(since))
    with store.engine.connect() as conn:
        rows = [_proposition_row(r) for r in conn.execute(q)]
        if place:
            wanted = fold(place)
            rows = [r for r in rows if any(wanted in fold(p) for p in r["places"])]
        rank = {"contested": 0, "denied": 1, "corroborated": 2, "uncorroborated": 3}
        rows.sort(key=lambda r: (rank.get(r["status"], 9), -sum(r["sources"].values()), -r["claims"]))
        if with_claims:
            for r in rows:
                ids = [c for (c,) in conn.execute(select(proposition_claims.c.claim_id)
                                                  .where(proposition_claims.c.proposition_id == r["id"]))]
                briefs = _claim_rows(conn, ids)
                r["members"] = sorted(briefs.values(), key=lambda c: (c["when"] or "", c["id"]))
                r["links"] = _links_among(conn, ids)
    return rows


def _links_among(conn, ids: list[int]) -> list[dict[str, Any]]:
    if not ids:
        return []
    q = select(links).where(links.c.claim_id.in_(ids), links.c.other_id.in_(ids))
    return [{"claim": r.claim_id, "other": r.other_id, "kind": r.kind, "reason": json.loads(r.reason or "{}")}
            for r in conn.execute(q)]


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
