"""The :class:`api.backend.GraphBackend` over graph/: the embedded SQLite store, networkx graphs loaded from it,
and :class:`graph.queries.Queries`.

Why an adapter rather than returning graph/'s dataclasses as they are: the HTTP contract (api/schemas.py)
promises every edge's provenance sentence and a stable shape (``items`` with ``directive`` + ``provenance``),
while the query results carry only part of the provenance (a chain step has its sentence, an assignment its
line). The adapter completes them from the edges of the loaded graph, which carry the full ``prov`` dict.

Two ways to load, one way to answer (:class:`_View`, over whatever graph was loaded):
- a small store (at most ``Settings.full_graph_max_nodes`` nodes) is loaded whole, once per store change,
  and every request reads that graph: sub-millisecond answers;
- a large store is never loaded whole (400k nodes take a minute and gigabytes): each request loads the
  part of the graph it reads from SQL (:func:`graph.nxgraph.load_around`, as the CLI does, plus the
  localities whose names answers show), so start-up takes well under a second and memory stays bounded
  by the largest answer, whatever the store's size.
Both give the same answers (tests/test_api_paths.py checks every endpoint both ways).

Threading: FastAPI runs these sync handlers in a thread pool. Reads go through a pool of read-only
connections (a request never waits for the write lock an ingest holds), each load inside one read
transaction (a consistent snapshot even while ``vankien ingest`` writes). Store changes are detected with
``PRAGMA data_version`` on a watcher connection of our own, guarded by a lock.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from api.backend import AmbiguousReference, BackendUnavailable, UnknownReference
from graph.nxgraph import add_localities, load_agencies, load_around, load_graph
from graph.queries import AmbiguousRef, NodeInfo, Queries, RefError, UnknownRef
from graph.resolve import Candidate
from graph.store import DB_NAME, Store

_PROV_KEYS = ("source_doc", "source_file", "start", "end", "line", "sentence", "extractor_version")


def open_backend(home: Path, full_graph_max_nodes: int) -> StoreBackend:
    return StoreBackend(Path(home).expanduser() / DB_NAME, full_graph_max_nodes)


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


class _Source(Protocol):
    """Where a request's graph comes from: ``query`` is a load_around query name ("resolve" for a lookup)."""

    def around(self, query: str, text: str, depth: int | None = None) -> Queries: ...

    def agencies(self, name: str, limit: int, max_items: int) -> Queries: ...


class _Whole:
    """A small store loaded whole: every request reads the same graph."""

    def __init__(self, q: Queries) -> None:
        self._q = q

    def around(self, query: str, text: str, depth: int | None = None) -> Queries:
        return self._q

    def agencies(self, name: str, limit: int, max_items: int) -> Queries:
        return self._q


class _ReadOnly(Store):
    """The Store's read methods over a read-only connection: no schema statements, no write lock."""

    def __init__(self, path: Path) -> None:  # not Store.__init__: that creates the schema (a write)
        self.path = str(path)
        uri = f"{path.resolve().as_uri()}?mode=ro"
        self.db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=30)


class _Partial:
    """A large store: each request loads from SQL only the part of the graph it reads."""

    def __init__(self, readers: _Readers) -> None:
        self._readers = readers

    def around(self, query: str, text: str, depth: int | None = None) -> Queries:
        with self._readers.snapshot() as store:
            try:
                g = load_around(store, query, text, depth)
            except RefError:  # unknown or ambiguous: the reference's candidates, for the view to report
                g = load_around(store, "resolve", text)
            add_localities(g, store)
        return Queries(g)

    def agencies(self, name: str, limit: int, max_items: int) -> Queries:
        with self._readers.snapshot() as store:
            g = load_agencies(store, name, limit, max_items)
            add_localities(g, store)
        return Queries(g)


class _Readers:
    """A pool of read-only connections, one per concurrent request at most, reused across requests."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._idle: queue.SimpleQueue[_ReadOnly] = queue.SimpleQueue()
        self._all: list[_ReadOnly] = []
        self._lock = threading.Lock()

    @contextmanager
    def snapshot(self) -> Iterator[Store]:
        """A connection inside one read transaction: every read sees the same committed state."""
        try:
            store = self._idle.get_nowait()
        except queue.Empty:
            store = _ReadOnly(self.db_path)
            with self._lock:
                self._all.append(store)
        store.db.execute("BEGIN")
        try:
            yield store
        finally:
            store.db.execute("COMMIT")
            self._idle.put(store)

    def close(self) -> None:
        with self._lock:
            for store in self._all:
                store.close()
            self._all.clear()


class StoreBackend:
    """Answers API calls from the store: from its whole graph when it has at most ``full_graph_max_nodes``
    nodes, else from the part each request reads. Reloads (or recounts) when the store changes."""

    def __init__(self, db_path: Path, full_graph_max_nodes: int) -> None:
        self.db_path = Path(db_path)
        self.full_graph_max_nodes = full_graph_max_nodes
        self._lock = threading.Lock()
        try:
            Store(self.db_path).close()  # create the file and schema if this home is new
            self._watch = sqlite3.connect(self.db_path, check_same_thread=False, timeout=30)
        except (sqlite3.Error, OSError) as exc:
            raise BackendUnavailable(f"{self.db_path}: {exc}") from exc
        self._readers = _Readers(self.db_path)
        self._version: int | None = None
        self._source: _Source
        self._counts: dict[str, int] | None = None
        self.refresh()

    # -- loading ---------------------------------------------------------------------------------------
    def _data_version(self) -> int:
        return self._watch.execute("PRAGMA data_version").fetchone()[0]

    @property
    def whole(self) -> bool:
        """True when requests read one graph of the whole store (a small store)."""
        return isinstance(self._source, _Whole)

    def refresh(self) -> None:
        with self._lock:
            version = self._data_version()
            if version == self._version:
                return
            with self._readers.snapshot() as store:  # one snapshot for the size, sources, nodes and edges
                nodes = store.db.execute("SELECT count(*) FROM nodes").fetchone()[0]
                if nodes <= self.full_graph_max_nodes:
                    source: _Source = _Whole(Queries(load_graph(store)))
                else:
                    source = _Partial(self._readers)
            self._source, self._counts, self._version = source, None, version

    def close(self) -> None:
        self._readers.close()
        self._watch.close()

    # -- the protocol ----------------------------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Counted when asked (GET /health), once per store change: counting 1.6M edges takes a while."""
        with self._lock:
            if self._counts is None:
                with self._readers.snapshot() as store:
                    self._counts = store.counts()
            return dict(self._counts)

    # Each request reads one source from start to end, even if a reload swaps it meanwhile.
    def _view(self, query: str, ref: str, depth: int | None = None) -> _View:
        source = self._source
        return _View(source.around(query, ref, depth), source)

    def resolve(self, text: str, limit: int) -> list[dict[str, Any]]:
        return self._view("resolve", text).resolve(text, limit)

    def directive(self, ref: str) -> dict[str, Any]:
        return self._view("resolve", ref).directive(ref)

    def implementers(self, ref: str, depth: int) -> dict[str, Any]:
        return self._view("implementers", ref, depth).implementers(ref, depth)

    def lineage(self, ref: str) -> dict[str, Any]:
        return self._view("lineage", ref).lineage(ref)

    def cites(self, ref: str) -> dict[str, Any]:
        return self._view("cites", ref).cites(ref)

    def cited_by(self, ref: str) -> dict[str, Any]:
        return self._view("cited-by", ref).cited_by(ref)

    def tasks(self, ref: str) -> dict[str, Any]:
        return self._view("tasks", ref).tasks(ref)

    def coverage(self, ref: str) -> dict[str, Any]:
        return self._view("coverage", ref).coverage(ref)

    def agencies(self, name: str, limit: int, max_tasks: int) -> list[dict[str, Any]]:
        source = self._source
        return _View(source.agencies(name, limit, max_tasks), source).agencies(name, limit, max_tasks)


class _View:
    """The API's answers over one loaded graph; completes query results with provenance from its edges.
    ``source`` loads the candidates of an unknown reference's words (the suggestions of a 404)."""

    def __init__(self, q: Queries, source: _Source) -> None:
        self._q = q
        self._source = source

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
        if words.strip() == ref.strip():
            return []
        return self._source.around("resolve", words).resolve(words, limit=5)

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

    def agencies(self, name: str, limit: int, max_tasks: int) -> list[dict[str, Any]]:
        out = []
        for page in self._q.agency_page(name, limit, max_tasks):
            a = page.agency
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
                    "tasks_total": page.tasks_total,
                    "receives": [self._info(r) for r in a.receives],
                    "receives_total": page.receives_total,
                }
            )
        return out
