"""``vankien export rdf [--out FILE]`` and ``vankien export neo4j [--uri --user --password --dialect]``.

Why exports and not live stores: the embedded SQLite store stays the truth that ingest updates
incrementally; RDF (Turtle) is for linked-data tools and SPARQL, Neo4j (or FalkorDB over Bolt) for graph
exploration. Both are re-run after ingesting; the Neo4j export is idempotent and removes what the store no
longer has. Connection settings default to ``$NEO4J_URI``, ``$NEO4J_USER``, ``$NEO4J_PASSWORD`` and
``$NEO4J_DIALECT``.
"""

from __future__ import annotations

import argparse
import sys

from vankien.commands.graph import _HOME_HELP, _open_existing, _user_error


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="export the graph as RDF (Turtle) or into Neo4j/FalkorDB over Bolt",
        description="Export the stored graph: `rdf` writes Turtle (ELI, ORG, PROV-O, SKOS, Dublin Core); "
        "`neo4j` mirrors it into a Neo4j 5 or FalkorDB server (idempotent).",
    )
    targets = p.add_subparsers(dest="target", metavar="TARGET")
    targets.required = True

    r = targets.add_parser("rdf", help="write the graph as Turtle")
    r.add_argument("--out", metavar="FILE", help="output file (default: standard output)")
    r.add_argument("--base", default=None, metavar="IRI", help="prefix of minted IRIs (default urn:vankien:)")
    r.add_argument("--home", help=_HOME_HELP)
    r.set_defaults(func=run_rdf)

    n = targets.add_parser("neo4j", help="mirror the graph into Neo4j (or FalkorDB) over Bolt")
    n.add_argument("--uri", default=None, help="Bolt URI (default: $NEO4J_URI, else bolt://localhost:7687)")
    n.add_argument("--user", default=None, help="user name (default: $NEO4J_USER; none: no authentication)")
    n.add_argument("--password", default=None, help="password (default: $NEO4J_PASSWORD)")
    n.add_argument(
        "--dialect",
        choices=("neo4j", "falkordb"),
        default=None,
        help="server flavour (default: $NEO4J_DIALECT, else neo4j)",
    )
    n.add_argument("--database", default=None, help="Neo4j database name (default: the server's default)")
    n.add_argument("--home", help=_HOME_HELP)
    n.set_defaults(func=run_neo4j)


def run_rdf(args: argparse.Namespace) -> int:
    from graph.rdf import DEFAULT_BASE, export_graph

    with _open_existing(args) as store:
        g = export_graph(store, args.base or DEFAULT_BASE)
    text = g.serialize(format="turtle")
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise _user_error(f"cannot write {args.out}: {exc.strerror}") from exc
        print(f"wrote {len(g)} triples to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def run_neo4j(args: argparse.Namespace) -> int:
    from neo4j.exceptions import AuthError, ServiceUnavailable

    from graph.neo4j_store import Neo4jStore

    with _open_existing(args) as store:
        try:
            with Neo4jStore.connect(args.uri, args.user, args.password, args.dialect, args.database) as db:
                counts = db.export(store)
                totals = db.counts()
        except (ServiceUnavailable, AuthError) as exc:
            raise _user_error(f"cannot export to Neo4j: {' '.join(str(exc).split())}") from exc
    print(
        f"exported {counts.nodes} nodes and {counts.edges} edges; removed {counts.deleted_nodes} stale nodes "
        f"and {counts.deleted_edges} stale edges; the database holds {totals['nodes']} nodes and "
        f"{totals['edges']} edges"
    )
    if counts.skipped_edges:
        print(
            f"vankien export: skipped {counts.skipped_edges} edges with an unknown endpoint", file=sys.stderr
        )
    return 0
