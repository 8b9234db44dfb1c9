"""Load a store into a networkx MultiDiGraph for traversal and analytics.

Why networkx on top of SQLite: the store is the durable, incremental truth; traversals (chains of
implementing plans, lineage to the roots, coverage) and any analytics an analyst runs in a notebook are
simplest and fast enough on an in-memory graph (queries take well under a millisecond on 100k
directives; see benchmarks/bench_graph.py). Loading a whole 100k-document store takes about a minute, so
only a small store is loaded whole (:func:`load_graph`, by the API below its size threshold); a CLI query,
or an API request on a large store, loads only what it reads (:func:`load_around`, :func:`load_agencies`).

Node attributes: ``label`` plus the merged properties. Edge key ``"<source file>#<seq>"``; attributes:
``type``, the edge properties, and ``prov`` (the provenance dict). ``G.graph["sources"]`` maps each ingested
file to its document id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import networkx as nx

from graph.store import EDGE_COLUMNS, Store


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


MAX_INDEXED_WORDS = 500  # a longer free text is compared title by title (one SQL statement binds each word)

# Traversal queries walk one direction of the implementation edges until no new node appears.
WALKS = {"lineage": "out", "implementers": "in", "coverage": "in"}


def load_around(store: Store, query: str, text: str, depth: int | None = None) -> nx.MultiDiGraph:
    """Only the part of the graph one CLI query about ``text`` reads, fetched from SQL hop by hop.

    Why: loading a 100k-document store into networkx takes about a minute; a lineage, an implementers
    list or a document's citations touch a few hundred rows. The reference's candidates come first (node
    id, ingested file, or every directive with the reference's number, via an index), then the hops.
    ``G.graph["sources"]`` holds only the files of the loaded documents (and of ``text``)."""
    from graph.queries import AGENCY_LIMIT, Queries
    from graph.resolve import parse_reference

    g = nx.MultiDiGraph()
    g.graph["sources"] = named = _sources_named(store, [text, _abspath(text)])
    if query == "agency":
        return load_agencies(store, text, AGENCY_LIMIT, None)
    found = list(store.nodes_by_id([text, *named.values()]))
    number = parse_reference(text).number
    if not found and number is not None:
        found = list(store.directives_numbered(number))
    if not found:  # title words: every directive is a candidate, but only close titles can rank
        found = list(_titled(store, text))
    g.add_nodes_from((n, {"label": lb, **p}) for n, lb, p in found)
    if query == "resolve":
        return _with_sources(g, store)
    nid = Queries(g).ref(text)
    if query in WALKS:
        _walk(g, store, nid, WALKS[query], None if query == "coverage" else depth)
        if query == "coverage":
            g.add_nodes_from((n, {"label": lb, **p}) for n, lb, p in store.iter_nodes({"Locality"}))
    else:
        add_neighbourhood(g, store, [nid], query)
    return _with_sources(g, store)


def load_agencies(store: Store, name: str, limit: int, max_items: int | None) -> nx.MultiDiGraph:
    """What :meth:`graph.queries.Queries.agency_page` (or, with ``max_items`` None, ``agency``) reads.

    Why: on a 100k-document store one provincial committee is assigned thousands of tasks, and a name like
    "Ban Dân vận" matches one such agency per province; loading them all takes seconds. Here SQL counts the
    matching agencies' tasks (the ranking needs the totals, kept in ``G.graph[TOTALS]``) and returns, per
    agency of the best ``limit``, only the first ``max_items`` assignments in the query's order (owning
    document, task, role) and the first ``max_items`` documents it received (all of them for None)."""
    from graph.queries import TOTALS, agency_score, agency_words

    want = agency_words(name)
    g = nx.MultiDiGraph(sources={})
    matched = {
        n: (p, s) for n, _, p in store.iter_nodes({"Agency"}) if (s := agency_score(want, p)) is not None
    }
    totals = dict.fromkeys(matched, (0, 0))
    q = (f"SELECT dst, sum(type = 'ASSIGNED_TO'), count(DISTINCT CASE WHEN type = 'SENT_TO' THEN src END) "
         f"FROM {_BY_DST} WHERE dst IN ({_IDS}) AND type IN ('ASSIGNED_TO', 'SENT_TO') GROUP BY dst")  # fmt: skip
    totals.update((n, (t, r)) for n, t, r in store.db.execute(q, (json.dumps(list(matched)),)))
    best = sorted(matched, key=lambda n: (-matched[n][1], -totals[n][0], n))[:limit]
    g.add_nodes_from((n, {"label": "Agency", **matched[n][0]}) for n in best)
    g.graph[TOTALS] = {n: totals[n] for n in best}
    owner = (  # the task's document, as Queries.agency finds it: its first HAS_TASK edge
        "SELECT h.src FROM edges AS h INDEXED BY edges_dst WHERE h.dst = edges.src AND h.type = 'HAS_TASK' "
        "ORDER BY h.source, h.seq LIMIT 1"
    )
    first_tasks = (
        f"SELECT {EDGE_COLUMNS} FROM {_BY_DST} WHERE dst = ? AND type = 'ASSIGNED_TO' ORDER BY "
        f"coalesce(({owner}), ''), src, coalesce(json_extract(props, '$.role'), ''), source, seq LIMIT ?"
    )
    first_received = (
        f"SELECT {EDGE_COLUMNS} FROM {_BY_DST} WHERE dst = ?1 AND type = 'SENT_TO' AND src IN "
        f"(SELECT DISTINCT src FROM {_BY_DST} WHERE dst = ?1 AND type = 'SENT_TO' ORDER BY src LIMIT ?2) "
        "ORDER BY source, seq"
    )
    edges, cap = [], -1 if max_items is None else max_items  # LIMIT -1: no limit
    for n in best:
        edges += store.edges_from_rows(store.db.execute(first_tasks, (n, cap)))
        if totals[n][1]:
            edges += store.edges_from_rows(store.db.execute(first_received, (n, cap)))
    tasks = {e["src"] for e in edges if e["type"] == "ASSIGNED_TO"}
    owners = list(store.edges_at(tasks, "in", frozenset({"HAS_TASK"})))
    ends = tasks | {e["src"] for e in edges if e["type"] == "SENT_TO"} | {e["src"] for e in owners}
    g.add_nodes_from((n, {"label": lb, **p}) for n, lb, p in store.nodes_by_id(ends))
    g.add_edges_from(_edge_tuples(sorted(edges + owners, key=lambda e: (e["source"], e["seq"]))))
    return _with_sources(g, store)


def add_localities(g: nx.MultiDiGraph, store: Store) -> None:
    """Add the Locality nodes that the loaded documents and agencies name (answers show their names)."""
    wanted = {d.get("locality") for _, d in g.nodes(data=True)}
    wanted |= {
        f"loc:{d['scope']}" for _, d in g.nodes(data=True) if d.get("label") == "Agency" and d.get("scope")
    }
    new = [n for n in wanted if isinstance(n, str) and n not in g]
    g.add_nodes_from((n, {"label": lb, **p}) for n, lb, p in store.nodes_by_id(new))


# A list of ids as one JSON parameter: one statement whatever the number of ids.
_IDS = "SELECT value FROM json_each(?)"
# Edges into given nodes. Named because, without ANALYZE statistics, SQLite prefers the far less selective
# index on the edge type (a scan of every assignment of the store per agency: minutes on 100k documents).
_BY_DST = "edges INDEXED BY edges_dst"


def _sources_named(store: Store, paths: Iterable[str]) -> dict[str, str]:
    """Ingested file -> document id, for those of ``paths`` that are ingested files (primary key)."""
    q = f"SELECT path, doc_id FROM sources WHERE path IN ({_IDS})"
    return dict(store.db.execute(q, (json.dumps(sorted(set(paths))),)))


def _with_sources(g: nx.MultiDiGraph, store: Store) -> nx.MultiDiGraph:
    """Add to ``G.graph["sources"]`` the files of every loaded document, by index rather than reading every
    file of the store: each ingested file states its own document node (a ``node_facts`` row)."""
    q = (f"SELECT s.path, s.doc_id FROM node_facts f JOIN sources s ON s.path = f.source AND s.doc_id = f.node_id "
         f"WHERE f.node_id IN ({_IDS})")  # fmt: skip
    ids = [n for n, d in g.nodes(data=True) if d.get("label") == "Directive"]
    g.graph["sources"].update(store.db.execute(q, (json.dumps(ids),)))
    return g


def _titled(store: Store, text: str) -> Iterator[tuple[str, str, dict]]:
    """The directives whose title or name is closest to ``text`` (at most the :data:`TITLE_CANDIDATES` that
    Queries.resolve would rank first), read through the store's title index; a store without one compares
    every directive's two fields instead."""
    from graph.queries import TITLE_CANDIDATES, TITLE_MIN
    from graph.resolve import similarity, subject_similarity, subject_words

    text = text.strip()
    words = subject_words(text)
    best: dict[str, float] = {}
    if words and store.has_title_index() and len(words) <= MAX_INDEXED_WORDS:
        for nid, shared, size in store.title_matches(words):
            best[nid] = max(best.get(nid, 0.0), similarity(shared, len(words), size))
    elif words:
        q = "SELECT id, json_extract(props, '$.title'), json_extract(props, '$.name') FROM nodes WHERE label = 'Directive'"
        for nid, title, name in store.db.execute(q):
            best[nid] = max(subject_similarity(text, title), subject_similarity(text, name))
    # Queries.resolve's order: score (rounded as it rounds it), then id
    ranked = sorted((-round(sim * 5, 2), nid) for nid, sim in best.items() if sim >= TITLE_MIN)
    return store.nodes_by_id(nid for _, nid in ranked[:TITLE_CANDIDATES])


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
