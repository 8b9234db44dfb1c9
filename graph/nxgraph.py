"""Load a store into a networkx MultiDiGraph for traversal and analytics.

Why networkx on top of SQLite: the store is the durable, incremental truth; traversals (chains of
implementing plans, lineage to the roots, coverage) and any analytics an analyst runs in a notebook are
simplest and fast enough on an in-memory graph (100k directives load in seconds, queries take
milliseconds; see benchmarks/bench_graph.py).

Node attributes: ``label`` plus the merged properties. Edge key ``"<source file>#<seq>"``; attributes:
``type``, the edge properties, and ``prov`` (the provenance dict). ``G.graph["sources"]`` maps each ingested
file to its document id.
"""

from __future__ import annotations

import networkx as nx

from graph.store import Store


def load_graph(store: Store) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.graph["sources"] = {s.path: s.doc_id for s in store.sources()}
    g.add_nodes_from((nid, {"label": label, **props}) for nid, label, props in store.iter_nodes())
    g.add_edges_from(
        (
            e["src"],
            e["dst"],
            f"{e['source']}#{e['seq']}",
            {"type": e["type"], **e["props"], "prov": e["prov"]},
        )
        for e in store.iter_edges()
    )
    return g
