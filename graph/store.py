"""The embedded default store: one SQLite file (WAL), facts kept per source file, the graph derived from them.

Why this layout:
- *crash-safe*: each ingested (or removed) file is one ``BEGIN IMMEDIATE ... COMMIT`` transaction, so a
  kill -9 leaves the store exactly as after the previous file or after this one (WAL, synchronous=NORMAL:
  durable against a process crash; a power cut may lose the last transactions, never corrupt the file);
- *incremental*: ``node_facts`` and ``edges`` rows carry their source file; re-ingesting a changed file
  deletes that file's rows and inserts the new ones, nothing else;
- *order-independent*: the ``nodes`` table is a deterministic merge of every file's statements (the document
  describing itself beats a citation, then the most frequent value, then the smallest), and references
  without a year are re-resolved (graph/resolve.py) whenever a file adds or removes a candidate with the same
  symbol key. The derived state is a function of the set of facts, so ingest order does not change it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph.build import EdgeFact, Facts, build_facts
from graph.resolve import resolve_reference
from ingest.models import ExtractResult

DB_NAME = "graph.sqlite"
HOME_ENV = "VANKIEN_HOME"
DEFAULT_HOME = Path("~/.local/share/vankien")
TXN_DELAY_ENV = "VANKIEN_DEBUG_TXN_DELAY"  # seconds to wait inside each write transaction (crash tests)
SCHEMA_VERSION = 1
_RES_KEYS = ("resolution", "confidence", "candidates")

_DDL = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources(
    path TEXT PRIMARY KEY, content_hash TEXT NOT NULL, doc_id TEXT NOT NULL,
    extractor_version TEXT NOT NULL, size INTEGER, mtime_ns INTEGER, warnings TEXT NOT NULL DEFAULT '[]');
CREATE TABLE IF NOT EXISTS node_facts(
    source TEXT NOT NULL, node_id TEXT NOT NULL, label TEXT NOT NULL, rank INTEGER NOT NULL,
    ref_key TEXT, props TEXT NOT NULL, PRIMARY KEY(source, node_id));
CREATE INDEX IF NOT EXISTS node_facts_node ON node_facts(node_id);
CREATE INDEX IF NOT EXISTS node_facts_key ON node_facts(ref_key) WHERE ref_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS edges(
    source TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL, src TEXT NOT NULL, dst TEXT NOT NULL,
    src_key TEXT, dst_key TEXT, src_spec TEXT, dst_spec TEXT, props TEXT NOT NULL, prov TEXT NOT NULL,
    PRIMARY KEY(source, seq));
CREATE INDEX IF NOT EXISTS edges_src ON edges(src);
CREATE INDEX IF NOT EXISTS edges_dst ON edges(dst);
CREATE INDEX IF NOT EXISTS edges_src_key ON edges(src_key) WHERE src_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS edges_dst_key ON edges(dst_key) WHERE dst_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS nodes(id TEXT PRIMARY KEY, label TEXT NOT NULL, props TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label);
"""


def default_home() -> Path:
    """``$VANKIEN_HOME`` when set, else ``~/.local/share/vankien`` (XDG data directory convention)."""
    env = os.environ.get(HOME_ENV)
    return Path(env).expanduser() if env else DEFAULT_HOME.expanduser()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def merge_props(contribs: Iterable[tuple[int, dict[str, Any]]]) -> dict[str, Any]:
    """Per property: highest rank, then most frequent value, then the smallest JSON text. Order-free."""
    votes: dict[str, Counter[tuple[int, str]]] = defaultdict(Counter)
    for rank, props in contribs:
        for k, v in props.items():
            if v is not None:
                votes[k][(rank, _dumps(v))] += 1
    out = {}
    for k in sorted(votes):
        (_, text), _ = min(votes[k].items(), key=lambda kv: (-kv[0][0], -kv[1], kv[0][1]))
        out[k] = json.loads(text)
    return out


@dataclass(frozen=True)
class SourceInfo:
    path: str
    content_hash: str
    doc_id: str
    extractor_version: str
    size: int | None
    mtime_ns: int | None
    warnings: tuple[str, ...]


class Store:
    """A graph store in one SQLite file (``":memory:"`` for tests)."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_DDL)
        self.db.execute("INSERT OR IGNORE INTO meta VALUES('schema_version', ?)", (str(SCHEMA_VERSION),))

    @classmethod
    def open_home(cls, home: str | Path | None = None) -> Store:
        return cls(Path(home).expanduser() / DB_NAME if home else default_home() / DB_NAME)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading -------------------------------------------------------------------------------------
    def source(self, path: str) -> SourceInfo | None:
        row = self.db.execute("SELECT * FROM sources WHERE path=?", (path,)).fetchone()
        if row is None:
            return None
        return SourceInfo(row[0], row[1], row[2], row[3], row[4], row[5], tuple(json.loads(row[6])))

    def sources(self) -> list[SourceInfo]:
        paths = [r[0] for r in self.db.execute("SELECT path FROM sources ORDER BY path")]
        return [s for p in paths if (s := self.source(p))]

    def iter_nodes(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for nid, label, props in self.db.execute("SELECT id, label, props FROM nodes ORDER BY id"):
            yield nid, label, json.loads(props)

    def iter_edges(self) -> Iterator[dict[str, Any]]:
        q = "SELECT source, seq, type, src, dst, props, prov FROM edges ORDER BY source, seq"
        for source, seq, etype, src, dst, props, prov in self.db.execute(q):
            yield {
                "source": source,
                "seq": seq,
                "type": etype,
                "src": src,
                "dst": dst,
                "props": json.loads(props),
                "prov": json.loads(prov),
            }

    def counts(self) -> dict[str, int]:
        one = self.db.execute
        return {
            "documents": one("SELECT count(*) FROM sources").fetchone()[0],
            "nodes": one("SELECT count(*) FROM nodes").fetchone()[0],
            "directives": one("SELECT count(*) FROM nodes WHERE label='Directive'").fetchone()[0],
            "edges": one("SELECT count(*) FROM edges").fetchone()[0],
        }

    def snapshot(self) -> tuple:
        """Everything the graph consists of, as sorted plain tuples (for equality checks in tests)."""
        nodes = tuple(self.db.execute("SELECT id, label, props FROM nodes ORDER BY id"))
        edges = tuple(
            self.db.execute("SELECT source, seq, type, src, dst, props, prov FROM edges ORDER BY source, seq")
        )
        sources = tuple(
            self.db.execute("SELECT path, content_hash, doc_id, extractor_version FROM sources ORDER BY path")
        )
        return nodes, edges, sources

    # -- writing -------------------------------------------------------------------------------------
    def ingest_result(
        self,
        result: ExtractResult,
        source_file: str | None = None,
        size: int | None = None,
        mtime_ns: int | None = None,
    ) -> str:
        """Store one extracted file: "added", "replaced" or "unchanged" (same content and extractor)."""
        path = source_file or result.source
        facts = build_facts(result, path)
        old = self.source(path)
        if (
            old
            and old.content_hash == facts.content_hash
            and old.extractor_version == facts.extractor_version
        ):
            if (old.size, old.mtime_ns) != (size, mtime_ns) and size is not None:
                self.db.execute("UPDATE sources SET size=?, mtime_ns=? WHERE path=?", (size, mtime_ns, path))
            return "unchanged"
        self.replace_source(facts, (*result.warnings, *facts.warnings), size, mtime_ns)
        return "replaced" if old else "added"

    def replace_source(
        self, facts: Facts, warnings: Iterable[str] = (), size: int | None = None, mtime_ns: int | None = None
    ) -> None:
        """Replace every fact of ``facts.source_file`` by ``facts`` in one transaction."""
        with self._transaction():
            keys, touched = self._delete_facts(facts.source_file)
            self.db.execute(
                "INSERT INTO sources VALUES(?,?,?,?,?,?,?)",
                (
                    facts.source_file,
                    facts.content_hash,
                    facts.doc_id,
                    facts.extractor_version,
                    size,
                    mtime_ns,
                    _dumps(list(warnings)),
                ),
            )
            self.db.executemany(
                "INSERT INTO node_facts VALUES(?,?,?,?,?,?)",
                [(facts.source_file, n.id, n.label, n.rank, n.ref_key, _dumps(n.props)) for n in facts.nodes],
            )
            self.db.executemany(
                "INSERT INTO edges VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                [self._edge_row(facts.source_file, e) for e in facts.edges],
            )
            for n in facts.nodes:
                touched.add(n.id)
                if n.ref_key:
                    keys.add(n.ref_key)
            for e in facts.edges:
                for ep in (e.src, e.dst):
                    if ep.key:
                        keys.add(ep.key)
                    else:
                        touched.add(ep.id)
            self._refresh(keys, touched)

    def remove_source(self, path: str) -> bool:
        """Forget every fact of one source file; False when it was not stored."""
        if self.source(path) is None:
            return False
        with self._transaction():
            keys, touched = self._delete_facts(path)
            self._refresh(keys, touched)
        return True

    # -- internals -----------------------------------------------------------------------------------
    def _transaction(self):
        store = self

        class _Txn:
            def __enter__(self_inner):
                store.db.execute("BEGIN IMMEDIATE")

            def __exit__(self_inner, exc_type, exc, tb):
                if exc_type is not None:
                    store.db.execute("ROLLBACK")
                    return False
                delay = float(os.environ.get(TXN_DELAY_ENV) or 0)
                if delay:
                    time.sleep(delay)
                store.db.execute("COMMIT")
                return False

        return _Txn()

    @staticmethod
    def _edge_row(source: str, e: EdgeFact) -> tuple:
        # a reference endpoint is stored with a provisional target; _refresh binds it in the same transaction
        src = e.src.id or f"?{e.src.key}"
        dst = e.dst.id or f"?{e.dst.key}"
        return (
            source,
            e.seq,
            e.type,
            src,
            dst,
            e.src.key,
            e.dst.key,
            _dumps(e.src.to_json()) if e.src.key else None,
            _dumps(e.dst.to_json()) if e.dst.key else None,
            _dumps(e.props),
            _dumps(e.prov),
        )

    def _delete_facts(self, path: str) -> tuple[set[str], set[str]]:
        keys: set[str] = set()
        touched: set[str] = set()
        for nid, ref_key in self.db.execute(
            "SELECT node_id, ref_key FROM node_facts WHERE source=?", (path,)
        ):
            touched.add(nid)
            if ref_key:
                keys.add(ref_key)
        for src, dst, sk, dk in self.db.execute(
            "SELECT src, dst, src_key, dst_key FROM edges WHERE source=?", (path,)
        ):
            touched.update((src, dst))
            keys.update(k for k in (sk, dk) if k)
        self.db.execute("DELETE FROM node_facts WHERE source=?", (path,))
        self.db.execute("DELETE FROM edges WHERE source=?", (path,))
        self.db.execute("DELETE FROM sources WHERE path=?", (path,))
        return keys, touched

    def _candidates(self, dkey: str) -> dict[str, dict[str, Any]]:
        """Dated nodes with this key, their props merged from node facts only (never from references,
        so a resolution cannot feed on an earlier resolution)."""
        contribs: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
        for nid, rank, props in self.db.execute(
            "SELECT node_id, rank, props FROM node_facts WHERE ref_key=?", (dkey,)
        ):
            contribs[nid].append((rank, json.loads(props)))
        return {nid: merge_props(c) for nid, c in contribs.items()}

    def _refresh(self, keys: set[str], touched: set[str]) -> None:
        """Re-resolve every reference with one of ``keys``, then re-merge every affected node."""
        for dkey in sorted(keys):
            cands = self._candidates(dkey)
            rows = list(
                self.db.execute(
                    "SELECT source, seq, src, dst, src_key, dst_key, src_spec, dst_spec, props FROM edges "
                    "WHERE src_key=? OR dst_key=?",
                    (dkey, dkey),
                )
            )
            for source, seq, src, dst, sk, dk, sspec, dspec, props in rows:
                props = {k: v for k, v in json.loads(props).items() if k not in _RES_KEYS}
                new_src, new_dst = src, dst
                if sk == dkey:
                    res = resolve_reference(dkey, json.loads(sspec)["hints"], cands)
                    new_src = res.target
                    if not dk:
                        props.update(self._res_props(res))
                if dk == dkey:
                    res = resolve_reference(dkey, json.loads(dspec)["hints"], cands)
                    new_dst = res.target
                    props.update(self._res_props(res))
                touched.update((src, dst, new_src, new_dst))
                self.db.execute(
                    "UPDATE edges SET src=?, dst=?, props=? WHERE source=? AND seq=?",
                    (new_src, new_dst, _dumps(props), source, seq),
                )
        for nid in sorted(touched):
            self._merge_node(nid)

    @staticmethod
    def _res_props(res) -> dict[str, Any]:
        out: dict[str, Any] = {"resolution": res.method, "confidence": res.confidence}
        if res.candidates:
            out["candidates"] = list(res.candidates)
        return out

    def _merge_node(self, nid: str) -> None:
        if nid.startswith("?"):
            return
        contribs: list[tuple[int, dict[str, Any]]] = []
        labels = set()
        for label, rank, props in self.db.execute(
            "SELECT label, rank, props FROM node_facts WHERE node_id=?", (nid,)
        ):
            labels.add(label)
            contribs.append((rank, json.loads(props)))
        for (spec,) in self.db.execute(
            "SELECT dst_spec FROM edges WHERE dst=? AND dst_key IS NOT NULL "
            "UNION ALL SELECT src_spec FROM edges WHERE src=? AND src_key IS NOT NULL",
            (nid, nid),
        ):
            contribs.append((0, json.loads(spec)["props"]))
        if not contribs:
            self.db.execute("DELETE FROM nodes WHERE id=?", (nid,))
            return
        label = min(labels) if labels else "Directive"
        self.db.execute(
            "INSERT OR REPLACE INTO nodes VALUES(?,?,?)", (nid, label, _dumps(merge_props(contribs)))
        )
