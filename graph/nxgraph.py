"""Load a store into a networkx MultiDiGraph for traversal and analytics.

Why networkx on top of SQLite: the store is the durable, incremental truth; traversals (chains of
implementing plans, lineage to the roots, coverage) and any analytics an analyst runs in a notebook are
simplest and fast enough on an in-memory graph (queries take well under a millisecond on 100k
directives; see benchmarks/bench_graph.py). Loading a whole 100k-document store takes about a minute, so
a long-running process (the API) loads it once with :func:`load_graph`, and a CLI query loads only what
it reads with :func:`load_around`.

Node attributes: ``label`` plus the merged properties. Edge key ``"<source file>#<seq>"``; attributes:
``type``, the edge properties, and ``prov`` (the provenance dict). ``G.graph["sources"]`` maps each ingested
file to its document id.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import networkx as nx

from graph.store import Store

# What each query needs: loading only that keeps a CLI query on a 100k-document store interactive.
NEEDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "resolve": (frozenset({"Directive"}), frozenset()),
    "implementers": (frozenset({"Directive"}), frozenset({"IMPLEMENTS", "CONTINUES"})),
    "lineage": (frozenset({"Directive"}), frozenset({"IMPLEMENTS", "CONTINUES"})),
    "coverage": (frozenset({"Directive", "Locality"}), frozenset({"IMPLEMENTS", "CONTINUES"})),
    "cites": (frozenset({"Directive", "Task"}), frozenset({"IMPLEMENTS", "CONTINUES", "CITES", "HAS_TASK"})),
    "tasks": (frozenset({"Directive", "Task", "Agency"}), frozenset({"HAS_TASK", "ASSIGNED_TO"})),
    "agency": (frozenset({"Directive", "Task", "Agency"}), frozenset({"HAS_TASK", "ASSIGNED_TO", "SENT_TO"})),
}
NEEDS["cited-by"] = NEEDS["cites"]


def load_graph(
    store: Store, labels: Iterable[str] | None = None, edge_types: Iterable[str] | None = None
) -> nx.MultiDiGraph:
    """The whole graph, or only nodes of ``labels`` and edges of ``edge_types``."""
    g = nx.MultiDiGraph()
    g.graph["sources"] = store.doc_ids()
    g.add_nodes_from((nid, {"label": label, **props}) for nid, label, props in store.iter_nodes(labels))
    g.add_edges_from(_edge_tuples(store.iter_edges(edge_types)))
    return g


def _edge_tuples(edges: Iterable[dict]) -> Iterator[tuple]:
    for e in edges:
        data = {"type": e["type"], **e["props"], "prov": e["prov"]}
        yield e["src"], e["dst"], f"{e['source']}#{e['seq']}", data


# Per query, the hops of a neighbourhood: (direction, edge types) from the resolved node(s).
HOPS: dict[str, tuple[tuple[str, frozenset[str]], ...]] = {
    "cites": (("out", frozenset({"IMPLEMENTS", "CONTINUES", "CITES"})),),
    "cited-by": (("in", frozenset({"IMPLEMENTS", "CONTINUES", "CITES"})), ("in", frozenset({"HAS_TASK"}))),
    "tasks": (("out", frozenset({"HAS_TASK"})), ("out", frozenset({"ASSIGNED_TO"}))),
    "agency": (("in", frozenset({"ASSIGNED_TO", "SENT_TO"})), ("in", frozenset({"HAS_TASK"}))),
}


def add_neighbourhood(g: nx.MultiDiGraph, store: Store, start: Iterable[str], query: str) -> None:
    """Add to ``g`` the edges (and their end nodes) a neighbourhood query reads, hop by hop, from SQL:
    a query about one document then costs milliseconds even on a store of 100k documents."""
    frontier = set(start)
    for direction, types in HOPS[query]:
        edges = list(store.edges_at(frontier, direction, types))
        ends = {e["dst"] if direction == "out" else e["src"] for e in edges}
        new = [n for n in ends if n not in g]
        g.add_nodes_from((nid, {"label": label, **props}) for nid, label, props in store.nodes_by_id(new))
        g.add_edges_from(_edge_tuples(edges))
        frontier = ends


def load_for(store: Store, query: str) -> nx.MultiDiGraph:
    """The part of the graph one query reads (see NEEDS); the whole graph for an unknown query name."""
    labels, types = NEEDS.get(query, (None, None))
    return load_graph(store, labels, types)


# Traversal queries walk one direction of the implementation edges until no new node appears.
WALKS = {"lineage": "out", "implementers": "in", "coverage": "in"}


def load_around(store: Store, query: str, text: str, depth: int | None = None) -> nx.MultiDiGraph:
    """Only the part of the graph one CLI query about ``text`` reads, fetched from SQL hop by hop.

    Why: loading a 100k-document store into networkx takes about a minute; a lineage, an implementers
    list or a document's citations touch a few hundred rows. The reference's candidates come first (node
    id, ingested file, or every directive with the reference's number, via an index), then the hops."""
    from graph.queries import Queries
    from graph.resolve import parse_reference

    g = nx.MultiDiGraph()
    g.graph["sources"] = store.doc_ids()
    if query == "agency":
        g.add_nodes_from((n, {"label": lb, **p}) for n, lb, p in store.iter_nodes({"Agency"}))
        add_neighbourhood(g, store, [a.id for a in Queries(g).agency(text).agencies], "agency")
        return g
    direct = [text, g.graph["sources"].get(text), g.graph["sources"].get(_abspath(text))]
    found = list(store.nodes_by_id(x for x in direct if x))
    number = parse_reference(text).number
    if not found and number is not None:
        found = list(store.directives_numbered(number))
    if not found:  # title words: every directive is a candidate
        found = list(store.iter_nodes({"Directive"}))
    g.add_nodes_from((n, {"label": lb, **p}) for n, lb, p in found)
    if query == "resolve":
        return g
    nid = Queries(g).ref(text)
    if query in WALKS:
        _walk(g, store, nid, WALKS[query], None if query == "coverage" else depth)
        if query == "coverage":
            g.add_nodes_from((n, {"label": lb, **p}) for n, lb, p in store.iter_nodes({"Locality"}))
    else:
        add_neighbourhood(g, store, [nid], query)
    return g


def _walk(g: nx.MultiDiGraph, store: Store, start: str, direction: str, depth: int | None) -> None:
    types = frozenset({"IMPLEMENTS", "CONTINUES"})
    frontier, seen, level = {start}, {start}, 0
    while frontier and (depth is None or level < depth):
        edges = list(store.edges_at(frontier, direction, types))
        ends = {e["dst"] if direction == "out" else e["src"] for e in edges}
        g.add_nodes_from(
            (n, {"label": lb, **p}) for n, lb, p in store.nodes_by_id(x for x in ends if x not in g)
        )
        g.add_edges_from(_edge_tuples(edges))
        frontier = ends - seen
        seen |= ends
        level += 1


def _abspath(text: str) -> str:
    from pathlib import Path

    try:
        return str(Path(text).expanduser().resolve())
    except (OSError, RuntimeError, ValueError):
        return text
