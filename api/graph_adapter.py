"""The :class:`api.backend.GraphBackend` over graph/: the embedded SQLite store, its networkx graph, and
:class:`graph.queries.Queries`.

Why an adapter rather than returning graph/'s dataclasses as they are: the HTTP contract (api/schemas.py)
promises every edge's provenance sentence and a stable shape (``items`` with ``directive`` + ``provenance``),
while the query results carry only part of the provenance (a chain step has its sentence, an assignment its
line). The adapter completes them from the edges of the loaded graph, which carry the full ``prov`` dict.

Threading: FastAPI runs these sync handlers in a thread pool. The store's connection belongs to the thread
that opened it, so the graph is loaded through a short-lived Store per (re)load, inside one read
transaction (a consistent snapshot even while ``vankien ingest`` writes), and changes are detected with
``PRAGMA data_version`` on a watcher connection of our own, guarded by a lock.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from api.backend import AmbiguousReference, BackendUnavailable, UnknownReference
from graph.nxgraph import load_graph
from graph.queries import AmbiguousRef, NodeInfo, Queries, UnknownRef
from graph.resolve import Candidate
from graph.store import DB_NAME, Store

_PROV_KEYS = ("source_doc", "source_file", "start", "end", "line", "sentence", "extractor_version")


def open_backend(home: Path) -> StoreBackend:
    return StoreBackend(Path(home).expanduser() / DB_NAME)


def directive_of(info: NodeInfo, locality_name: str | None = None) -> dict[str, Any]:
    """A NodeInfo in the API's Directive shape (``files`` -> ``sources``; locality by name, id kept)."""
    return {
        "id": info.id,
        "label": info.label,
        "symbol": info.symbol,
        "kind": info.kind,
        "title": info.title,
        "date": info.date,
        "year": info.year,
        "issuer": info.issuer,
        "locality": locality_name or info.locality,
        "locality_id": info.locality,
        "ingested": info.ingested,
        "sources": list(info.files),
    }


def candidate_of(c: Candidate) -> dict[str, Any]:
    return {
        "directive": {
            "id": c.id,
            "symbol": c.symbol,
            "kind": c.kind,
            "year": c.year,
            "issuer": c.issuer,
            "title": c.title,
        },
        "score": round(c.score, 2),
        "reason": "; ".join(c.why) or None,
    }


def provenance_of(edge: dict[str, Any]) -> dict[str, Any]:
    """An nx edge's attributes -> the Provenance shape (prov fields + how the target was resolved)."""
    prov = edge.get("prov") or {}
    out = {k: prov.get(k) for k in _PROV_KEYS}
    out["resolution"] = edge.get("resolution")
    out["confidence"] = edge.get("confidence")
    return out


class StoreBackend:
    """Answers API calls from a networkx graph loaded once from the store, reloaded when the store changes."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self._lock = threading.Lock()
        try:
            Store(self.db_path).close()  # create the file and schema if this home is new
            self._watch = sqlite3.connect(self.db_path, check_same_thread=False, timeout=30)
        except (sqlite3.Error, OSError) as exc:
            raise BackendUnavailable(f"{self.db_path}: {exc}") from exc
        self._version: int | None = None
        self._view: _View
        self._counts: dict[str, int] = {}
        self.refresh()

    # -- loading ---------------------------------------------------------------------------------------
    def _data_version(self) -> int:
        return self._watch.execute("PRAGMA data_version").fetchone()[0]

    def refresh(self) -> None:
        with self._lock:
            version = self._data_version()
            if version == self._version:
                return
            store = Store(self.db_path)
            try:
                store.db.execute("BEGIN")  # one snapshot for sources, nodes, edges and counts
                graph = load_graph(store)
                counts = store.counts()
                store.db.execute("COMMIT")
            finally:
                store.close()
            self._view, self._counts, self._version = _View(Queries(graph)), counts, version

    def close(self) -> None:
        self._watch.close()

    # -- the protocol ----------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    # Each request reads one loaded graph (``_View``) from start to end, even if a reload swaps it meanwhile.
    def resolve(self, text: str, limit: int) -> list[dict[str, Any]]:
        return self._view.resolve(text, limit)

    def directive(self, ref: str) -> dict[str, Any]:
        return self._view.directive(ref)

    def implementers(self, ref: str, depth: int) -> dict[str, Any]:
        return self._view.implementers(ref, depth)

    def lineage(self, ref: str) -> dict[str, Any]:
        return self._view.lineage(ref)

    def cites(self, ref: str) -> dict[str, Any]:
        return self._view.cites(ref)

    def cited_by(self, ref: str) -> dict[str, Any]:
        return self._view.cited_by(ref)

    def tasks(self, ref: str) -> dict[str, Any]:
        return self._view.tasks(ref)

    def coverage(self, ref: str) -> dict[str, Any]:
        return self._view.coverage(ref)

    def agencies(self, name: str) -> list[dict[str, Any]]:
        return self._view.agencies(name)


class _View:
    """The API's answers over one loaded graph; completes query results with provenance from its edges."""

    def __init__(self, q: Queries) -> None:
        self._q = q

    # -- helpers ---------------------------------------------------------------------------------------
    def _ref(self, ref: str) -> str:
        try:
            return self._q.ref(ref)
        except AmbiguousRef as exc:
            raise AmbiguousReference(ref, [candidate_of(c) for c in exc.candidates]) from None
        except UnknownRef:
            raise UnknownReference(ref, [candidate_of(c) for c in self._near(ref)]) from None

    def _near(self, ref: str) -> list[Candidate]:
        """Suggestions for an unknown reference: the same words read as a title."""
        words = ref.replace("/", " ").replace("-", " ")
        return self._q.resolve(words, limit=5) if words.strip() != ref.strip() else []

    def _edges(self, u: str, v: str, types: Iterable[str]) -> list[dict[str, Any]]:
        data = self._q.g.get_edge_data(u, v) or {}
        wanted = set(types)
        return [data[k] for k in sorted(data) if data[k].get("type") in wanted]

    def _directive_of(self, info: NodeInfo) -> dict[str, Any]:
        loc = info.locality
        name = self._q.g.nodes[loc].get("name") if loc and loc in self._q.g else None
        return directive_of(info, name)

    def _info(self, nid: str) -> dict[str, Any]:
        return self._directive_of(self._q.info(nid))

    def resolve(self, text: str, limit: int) -> list[dict[str, Any]]:
        return [candidate_of(c) for c in self._q.resolve(text, limit=limit)]

    def directive(self, ref: str) -> dict[str, Any]:
        nid = self._ref(ref)
        props = dict(self._q.node(nid) or {"id": nid})
        props["sources"] = props.pop("files", [])
        props["ingested"] = bool(props.get("ingested"))
        loc = props.get("locality")
        if loc and loc in self._q.g:
            props["locality_id"], props["locality"] = loc, self._q.g.nodes[loc].get("name") or loc
        return props

    def _chain(self, ref: str, chain: Any, upward: bool) -> dict[str, Any]:
        items = []
        for step in chain.steps:
            prev, node = step.path[-2], step.path[-1]
            u, v = (prev, node) if upward else (node, prev)
            items.append(
                {
                    "directive": self._directive_of(step.node),
                    "relation": step.relation,
                    "depth": step.depth,
                    "path": list(step.path),
                    "provenance": [provenance_of(e) for e in self._edges(u, v, [step.relation])],
                }
            )
        return {
            "ref": ref,
            "directive": self._directive_of(chain.node),
            "items": items,
            "roots": list(chain.roots),
        }

    def implementers(self, ref: str, depth: int) -> dict[str, Any]:
        nid = self._ref(ref)  # resolved once, with reference errors mapped; then asked by node id
        return self._chain(ref, self._q.implementers(nid, depth=depth), upward=False)

    def lineage(self, ref: str) -> dict[str, Any]:
        nid = self._ref(ref)
        return self._chain(ref, self._q.lineage(nid), upward=True)

    def _links(self, ref: str, links: Any) -> dict[str, Any]:
        """One item per (document, relation, task) with the provenance of every mention."""
        grouped: dict[tuple[str, str, str | None], dict[str, Any]] = {}
        for link in links.links:
            key = (link.node.id, link.relation, link.via_task)
            item = grouped.setdefault(
                key,
                {
                    "directive": self._directive_of(link.node),
                    "relation": link.relation,
                    "depth": 1,
                    "path": [],
                    "provenance": [],
                    "via_task": link.via_task,
                    "candidates": list(link.candidates),
                },
            )
            item["provenance"].append(
                {
                    "source_file": link.file,
                    "start": link.start,
                    "end": link.end,
                    "line": link.line,
                    "sentence": link.sentence,
                    "resolution": link.resolution,
                    "confidence": link.confidence,
                }
            )
        return {"ref": ref, "directive": self._directive_of(links.node), "items": list(grouped.values())}

    def cites(self, ref: str) -> dict[str, Any]:
        nid = self._ref(ref)
        return self._links(ref, self._q.cites(nid))

    def cited_by(self, ref: str) -> dict[str, Any]:
        nid = self._ref(ref)
        return self._links(ref, self._q.cited_by(nid))

    def tasks(self, ref: str) -> dict[str, Any]:
        nid = self._ref(ref)
        result = self._q.tasks(nid)
        g = self._q.g
        tasks = []
        for t in result.tasks:
            node = g.nodes[t.id]
            has_task = next(iter(self._edges(t.document, t.id, ["HAS_TASK"])), {}) if t.document else {}
            assignments = []
            for a in t.assignments:
                edges = [
                    e for e in self._edges(t.id, a.agency_id, ["ASSIGNED_TO"]) if e.get("role") == a.role
                ]
                assignments.append(
                    {
                        "agency": a.agency,
                        "agency_id": a.agency_id,
                        "role": a.role,
                        "as_written": a.as_written,
                        "provenance": provenance_of(edges[0]) if edges else {"line": a.line},
                    }
                )
            tasks.append(
                {
                    "id": t.task_id,
                    "node_id": t.id,
                    "number": node.get("number"),
                    "section": t.section,
                    "section_type": node.get("section_type"),
                    "heading": t.heading,
                    "text": node.get("text"),
                    "deadline": {"text": t.deadline, "date": t.deadline_date, "period": node.get("period")}
                    if t.deadline or t.deadline_date
                    else None,
                    "assignments": assignments,
                    "provenance": provenance_of(has_task) if has_task else None,
                }
            )
        return {"ref": ref, "directive": self._directive_of(result.node), "tasks": tasks}

    def coverage(self, ref: str) -> dict[str, Any]:
        nid = self._ref(ref)
        cov = self._q.coverage(nid)
        covered = []
        for c in cov.covered:
            first = c.documents[0]
            covered.append(
                {
                    "locality": c.name or c.locality,
                    "locality_id": c.locality,
                    "directive": self._info(first["id"]),
                    "lag_days": c.first_lag_days,
                    "documents": [{**d, "directive": self._info(d["id"])} for d in c.documents],
                }
            )
        return {
            "ref": ref,
            "directive": self._directive_of(cov.node),
            "covered": covered,
            "missing": [m.get("name") or m["locality"] for m in cov.not_covered],
            "without_locality": [dict(d) for d in cov.without_locality],
        }

    def agencies(self, name: str) -> list[dict[str, Any]]:
        out = []
        for a in self._q.agency(name).agencies:
            tasks = [
                {
                    "task": t.get("task_id"),
                    "node_id": t.get("task"),
                    "heading": t.get("heading"),
                    "role": t.get("role"),
                    "directive": self._info(t["document"]) if t.get("document") else None,
                }
                for t in a.tasks
            ]
            loc = f"loc:{a.scope}"
            locality = self._q.g.nodes[loc].get("name") if loc in self._q.g else a.scope
            out.append(
                {
                    "id": a.id,
                    "name": a.name,
                    "locality": locality,
                    "scope": a.scope,
                    "score": a.score,
                    "tasks": tasks,
                    "receives": [self._info(r) for r in a.receives],
                }
            )
        return out
