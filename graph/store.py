"""The embedded default store: one SQLite file (WAL), facts kept per source file, the graph derived from them.

Why this layout:
- *crash-safe*: each ingested (or removed) file is one ``BEGIN IMMEDIATE ... COMMIT`` transaction, so a
  kill -9 leaves the store exactly as after the previous file or after this one (WAL, synchronous=NORMAL:
  a commit is in the OS's file cache, which a killed process cannot lose; a power cut may lose the files
  committed since the last checkpoint, never corrupt the file, and a re-run ingests them again);
- *incremental*: ``node_facts`` and ``edges`` rows carry their source file; re-ingesting a changed file
  deletes that file's rows and inserts the new ones, nothing else;
- *order-independent*: the ``nodes`` table is a deterministic merge of every file's statements (the document
  describing itself beats a citation, then the most frequent value, then the smallest), and references
  without a year are re-resolved (graph/resolve.py) whenever a file adds or removes a candidate with the same
  symbol key. The derived state is a function of the set of facts, so ingest order does not change it.
"""

from __future__ import annotations

import hashlib
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
from graph.resolve import resolve_reference, subject_words
from ingest.models import ExtractResult

DB_NAME = "graph.sqlite"
HOME_ENV = "VANKIEN_HOME"
DEFAULT_HOME = Path("~/.local/share/vankien")
TXN_DELAY_ENV = "VANKIEN_DEBUG_TXN_DELAY"  # seconds to wait inside each write transaction (crash tests)
SCHEMA_VERSION = 1
# A file's transaction dirties ~300 pages: checkpointing every 1000 (SQLite's default) copied most of them to
# the database file and synced it every few files; every 10000 pages (a WAL of ~40 MB) ingest is ~10% faster.
WAL_CHECKPOINT_PAGES = 10_000
_RES_KEYS = ("resolution", "confidence", "candidates")
_PER_FILE = ("source_doc", "source_file", "extractor_version")  # provenance stored once per file
EDGE_COLUMNS = "source, seq, type, src, dst, props, prov"
_LABEL = "@label"  # the vote that records a node's label (no property starts with "@")

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
CREATE INDEX IF NOT EXISTS edges_type ON edges(type);
CREATE INDEX IF NOT EXISTS edges_src_key ON edges(src_key) WHERE src_key IS NOT NULL;
CREATE INDEX IF NOT EXISTS edges_dst_key ON edges(dst_key) WHERE dst_key IS NOT NULL;
CREATE TABLE IF NOT EXISTS nodes(id TEXT PRIMARY KEY, label TEXT NOT NULL, props TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS node_votes(
    node_id TEXT NOT NULL, prop TEXT NOT NULL, rank INTEGER NOT NULL, value TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY(node_id, prop, rank, value)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS key_nodes(
    ref_key TEXT NOT NULL, node_id TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(ref_key, node_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS key_state(ref_key TEXT PRIMARY KEY, digest TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS nodes_label ON nodes(label);
CREATE INDEX IF NOT EXISTS nodes_number ON nodes(json_extract(props, '$.number')) WHERE label = 'Directive';
CREATE TABLE IF NOT EXISTS title_words(
    word TEXT NOT NULL, node_id TEXT NOT NULL, field INTEGER NOT NULL, size INTEGER NOT NULL,
    PRIMARY KEY(word, node_id, field)) WITHOUT ROWID;
"""
# The fields of a directive that free-text references are matched against (graph.queries.Queries.resolve).
TITLE_FIELDS = ("title", "name")
_TITLE_INDEX = "title_index"  # meta key: title_words holds every directive's words


def default_home() -> Path:
    """``$VANKIEN_HOME`` when set, else ``~/.local/share/vankien`` (XDG data directory convention)."""
    env = os.environ.get(HOME_ENV)
    return Path(env).expanduser() if env else DEFAULT_HOME.expanduser()


def _debug_pause() -> None:
    """Crash tests widen the window in the middle of a write transaction with $VANKIEN_DEBUG_TXN_DELAY."""
    delay = float(os.environ.get(TXN_DELAY_ENV) or 0)
    if delay:
        time.sleep(delay)


# the one JSON form of every stored value (one encoder, not one built per call as json.dumps(**options) does)
_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _object_text(items: Iterable[tuple[str, str]]) -> str:
    """``_dumps`` of an object given as (key, value already in ``_dumps`` form) pairs, without decoding the
    values: merged properties are chosen among stored value texts and are written back as they are."""
    return "{" + ",".join(f"{_dumps(k)}:{v}" for k, v in sorted(items)) + "}"


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
        self.db.execute(f"PRAGMA wal_autocheckpoint={WAL_CHECKPOINT_PAGES}")
        self.db.executescript(_DDL)
        self._retracted: set[str] = set()  # nodes that lost votes in the current transaction
        self._votes: Counter[tuple[str, str, int, str]] = Counter()  # vote deltas not yet written
        self._key_deltas: Counter[tuple[str, str]] = Counter()  # key_nodes deltas not yet written
        self.db.execute("INSERT OR IGNORE INTO meta VALUES('schema_version', ?)", (str(SCHEMA_VERSION),))
        if not self.has_title_index():
            self._build_title_index()

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
        rows = self.db.execute("SELECT * FROM sources ORDER BY path")
        return [SourceInfo(r[0], r[1], r[2], r[3], r[4], r[5], tuple(json.loads(r[6]))) for r in rows]

    def doc_ids(self) -> dict[str, str]:
        """Ingested file -> its document id."""
        return dict(self.db.execute("SELECT path, doc_id FROM sources"))

    def iter_nodes(self, labels: Iterable[str] | None = None) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Nodes (of the given labels only, when given), by id."""
        q, args = "SELECT id, label, props FROM nodes", ()
        if labels is not None:
            args = tuple(sorted(labels))
            q += f" WHERE label IN ({','.join('?' * len(args))})"
        for nid, label, props in self.db.execute(q + " ORDER BY id", args):
            yield nid, label, json.loads(props)

    def iter_edges(self, types: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
        """Every edge (of the given types only, when given) with its full provenance (the per-file fields
        are stored once, in ``sources``)."""
        q, args = f"SELECT {EDGE_COLUMNS} FROM edges", ()
        if types is not None:
            args = tuple(sorted(types))
            q += f" WHERE type IN ({','.join('?' * len(args))})"
        yield from self.edges_from_rows(self.db.execute(q + " ORDER BY source, seq", args))

    def edges_at(self, ids: Iterable[str], direction: str, types: Iterable[str]) -> Iterator[dict[str, Any]]:
        """Edges of ``types`` leaving (direction "out") or entering ("in") any of ``ids``: a neighbourhood
        without loading the graph."""
        col = "src" if direction == "out" else "dst"
        kinds = tuple(sorted(types))
        ids = sorted(set(ids))
        for i in range(0, len(ids), 500):
            chunk = tuple(ids[i : i + 500])
            # INDEXED BY: without ANALYZE statistics SQLite prefers edges_type, scanning every edge of that
            # type in the store for each hop (seconds per query on a 100k-document store)
            q = (f"SELECT {EDGE_COLUMNS} FROM edges INDEXED BY edges_{col} WHERE {col} IN ({','.join('?' * len(chunk))}) "
                 f"AND type IN ({','.join('?' * len(kinds))}) ORDER BY source, seq")  # fmt: skip
            yield from self.edges_from_rows(self.db.execute(q, chunk + kinds))

    def nodes_by_id(self, ids: Iterable[str]) -> Iterator[tuple[str, str, dict[str, Any]]]:
        ids = sorted(set(ids))
        for i in range(0, len(ids), 500):
            chunk = tuple(ids[i : i + 500])
            q = f"SELECT id, label, props FROM nodes WHERE id IN ({','.join('?' * len(chunk))})"
            for nid, label, props in self.db.execute(q, chunk):
                yield nid, label, json.loads(props)

    def directives_numbered(self, number: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Directive nodes whose number is ``number`` (indexed): candidates of a reference without loading."""
        q = "SELECT id, label, props FROM nodes WHERE label = 'Directive' AND json_extract(props, '$.number') = ?"
        for nid, label, props in self.db.execute(q, (number,)):
            yield nid, label, json.loads(props)

    def edges_from_rows(self, rows: Iterable[tuple]) -> Iterator[dict[str, Any]]:
        """Edge dicts (with provenance completed from the file's source row) from rows of ``SELECT EDGE_COLUMNS``:
        for callers that select edges with their own SQL (graph.nxgraph's capped agency pages)."""
        per_file: dict[str, tuple[str | None, str | None]] = {}
        for source, seq, etype, src, dst, props, prov in rows:
            if source not in per_file:
                row = self.db.execute(
                    "SELECT doc_id, extractor_version FROM sources WHERE path=?", (source,)
                ).fetchone()
                per_file[source] = row or (None, None)
            doc_id, version = per_file[source]
            full = {
                "source_doc": doc_id,
                "source_file": source,
                "extractor_version": version,
                **json.loads(prov),
            }
            yield {"source": source, "seq": seq, "type": etype, "src": src, "dst": dst,
                   "props": json.loads(props), "prov": full}  # fmt: skip

    def counts(self) -> dict[str, int]:
        one = self.db.execute
        return {
            "documents": one("SELECT count(*) FROM sources").fetchone()[0],
            "nodes": one("SELECT count(*) FROM nodes").fetchone()[0],
            "directives": one("SELECT count(*) FROM nodes WHERE label='Directive'").fetchone()[0],
            "edges": one("SELECT count(*) FROM edges").fetchone()[0],
        }

    def has_title_index(self) -> bool:
        """Does ``title_words`` hold every directive's title words? (A store written before the index existed
        and opened read-only has none: readers then compare every title.)"""
        try:
            return self.db.execute("SELECT 1 FROM meta WHERE key=?", (_TITLE_INDEX,)).fetchone() is not None
        except sqlite3.OperationalError:
            return False

    def title_matches(self, words: frozenset[str]) -> Iterator[tuple[str, int, int]]:
        """(directive id, words of ``words`` in one of its title fields, that field's word count), from the index:
        only the rows of the given words are read, so a free-text lookup costs what its words' postings do."""
        marks = ",".join("?" * len(words))
        q = (f"SELECT node_id, COUNT(*), size FROM title_words WHERE word IN ({marks}) "
             "GROUP BY node_id, field")  # fmt: skip
        yield from self.db.execute(q, sorted(words))

    def snapshot(self) -> tuple:
        """Everything the graph consists of, and its title index, as sorted plain tuples (for equality checks)."""
        nodes = tuple(self.db.execute("SELECT id, label, props FROM nodes ORDER BY id"))
        edges = tuple(
            self.db.execute("SELECT source, seq, type, src, dst, props, prov FROM edges ORDER BY source, seq")
        )
        sources = tuple(
            self.db.execute("SELECT path, content_hash, doc_id, extractor_version FROM sources ORDER BY path")
        )
        titles = tuple(
            self.db.execute(
                "SELECT node_id, field, word, size FROM title_words ORDER BY node_id, field, word"
            )
        )
        return nodes, edges, sources, titles

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
        path = facts.source_file
        with self._transaction():
            keys, touched = self._delete_facts(path)
            self.db.execute(
                "INSERT INTO sources VALUES(?,?,?,?,?,?,?)",
                (path, facts.content_hash, facts.doc_id, facts.extractor_version, size, mtime_ns,
                 _dumps(list(warnings))),
            )  # fmt: skip
            self.db.executemany(
                "INSERT INTO node_facts VALUES(?,?,?,?,?,?)",
                [(path, n.id, n.label, n.rank, n.ref_key, _dumps(n.props)) for n in facts.nodes],
            )
            self.db.executemany(
                "INSERT INTO edges VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                [self._edge_row(path, e) for e in facts.edges],
            )
            for n in facts.nodes:
                self._vote(n.id, n.rank, n.label, n.props, +1)
                touched.add(n.id)
                if n.ref_key:
                    keys.add(n.ref_key)
                    self._key_deltas[(n.ref_key, n.id)] += 1
            for e in facts.edges:
                keys.update(ep.key for ep in (e.src, e.dst) if ep.key)
            _debug_pause()  # half-written: the facts are in, the derived graph is not yet refreshed
            self._refresh(keys, touched, path)

    def remove_source(self, path: str) -> bool:
        """Forget every fact of one source file; False when it was not stored."""
        if self.source(path) is None:
            return False
        with self._transaction():
            keys, touched = self._delete_facts(path)
            self._refresh(keys, touched)
        return True

    # -- internals -----------------------------------------------------------------------------------
    def _build_title_index(self) -> None:
        """Index every directive's title words (once: a new store, or one written before the index existed)."""
        with self._transaction():
            self.db.execute("DELETE FROM title_words")
            fields = ", ".join(f"json_extract(props, '$.{f}')" for f in TITLE_FIELDS)
            rows = self.db.execute(f"SELECT id, {fields} FROM nodes WHERE label = 'Directive'").fetchall()
            self.db.executemany(
                "INSERT INTO title_words VALUES(?,?,?,?)",
                (w for nid, *texts in rows for w in _title_rows(nid, texts)),
            )
            self.db.execute("INSERT OR REPLACE INTO meta VALUES(?, '1')", (_TITLE_INDEX,))

    def _transaction(self):
        store = self

        class _Txn:
            def __enter__(self_inner):
                store.db.execute("BEGIN IMMEDIATE")
                store._retracted.clear()
                store._votes.clear()
                store._key_deltas.clear()

            def __exit__(self_inner, exc_type, exc, tb):
                if exc_type is not None:
                    store.db.execute("ROLLBACK")
                    return False
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
            _dumps({k: v for k, v in e.prov.items() if k not in _PER_FILE}),
        )

    def _vote(self, nid: str, rank: int, label: str, props: dict[str, Any], delta: int) -> None:
        """Count one statement of a node's label and properties (delta -1 takes it back).

        Why votes: the merged node is "highest rank, then most frequent value, then smallest" per property;
        keeping counts per distinct value makes that an O(distinct values) update instead of re-reading every
        file that mentions a popular node (Bộ Chính trị, a central resolution cited by thousands of plans).
        The counts are summed in memory and written by :meth:`_flush` in one statement per phase."""
        if delta < 0:
            self._retracted.add(nid)
        votes = self._votes
        votes[(nid, _LABEL, rank, label)] += delta
        for k, v in props.items():
            if v is not None:
                votes[(nid, k, rank, _dumps(v))] += delta

    def _flush(self) -> None:
        """Write the summed vote and key counts. A net-zero count is skipped: a row it would create holds
        n = 0, which :meth:`_merge_nodes` deletes anyway (its node lost a vote, so it is retracted)."""
        votes = sorted((*k, n) for k, n in self._votes.items() if n)
        self._votes.clear()
        self.db.executemany(
            "INSERT INTO node_votes VALUES(?,?,?,?,?) "
            "ON CONFLICT(node_id, prop, rank, value) DO UPDATE SET n = n + excluded.n",
            votes,
        )
        deltas = sorted((*k, n) for k, n in self._key_deltas.items() if n)
        self._key_deltas.clear()
        self.db.executemany(
            "INSERT INTO key_nodes VALUES(?,?,?) ON CONFLICT(ref_key, node_id) DO UPDATE SET n = n + excluded.n",
            deltas,
        )

    def _delete_facts(self, path: str) -> tuple[set[str], set[str]]:
        keys: set[str] = set()
        touched: set[str] = set()
        q = "SELECT node_id, label, rank, ref_key, props FROM node_facts WHERE source=?"
        for nid, label, rank, ref_key, props in self.db.execute(q, (path,)).fetchall():
            self._vote(nid, rank, label, json.loads(props), -1)
            touched.add(nid)
            if ref_key:
                keys.add(ref_key)
                self._key_deltas[(ref_key, nid)] -= 1
        q = (
            "SELECT src, dst, src_key, dst_key, src_spec, dst_spec FROM edges "
            "WHERE source=? AND (src_key IS NOT NULL OR dst_key IS NOT NULL)"
        )
        for src, dst, sk, dk, sspec, dspec in self.db.execute(q, (path,)).fetchall():
            for target, k, spec in ((src, sk, sspec), (dst, dk, dspec)):
                if k:
                    keys.add(k)
                    if not target.startswith("?"):
                        self._vote(target, 0, "Directive", json.loads(spec)["props"], -1)
                        touched.add(target)
        for table, col in (("node_facts", "source"), ("edges", "source"), ("sources", "path")):
            self.db.execute(f"DELETE FROM {table} WHERE {col}=?", (path,))
        return keys, touched

    def _execute_in(self, query: str, values: Iterable[str]) -> list[tuple]:
        """Run ``query`` (one ``IN ({})`` placeholder list) for ``values``, 500 bound values at a time: one
        statement instead of one per value. The rows it returns (none for a DELETE)."""
        values = sorted(set(values))
        rows: list[tuple] = []
        for i in range(0, len(values), 500):
            chunk = values[i : i + 500]
            rows += self.db.execute(query.format(",".join("?" * len(chunk))), chunk)
        return rows

    def _candidates(self, keys: Iterable[str]) -> dict[str, dict[str, dict[str, str]]]:
        """Per key, the dated nodes with this key and their props (as stored value texts) merged from node
        facts only (rank >= 1: never from references, so a resolution cannot feed on an earlier one)."""
        ids: dict[str, list[str]] = defaultdict(list)
        for dkey, nid in self._execute_in(
            "SELECT ref_key, node_id FROM key_nodes WHERE ref_key IN ({}) AND n > 0", keys
        ):
            ids[dkey].append(nid)
        votes: dict[str, list[tuple]] = defaultdict(list)
        q = "SELECT node_id, prop, rank, value, n FROM node_votes WHERE node_id IN ({}) AND rank >= 1 AND n > 0"
        for nid, *vote in self._execute_in(q, (n for group in ids.values() for n in group)):
            votes[nid].append(vote)
        out: dict[str, dict[str, dict[str, str]]] = {}
        for dkey in keys:
            cands = {}
            for nid in sorted(ids.get(dkey, ())):
                props = _best(votes.get(nid, ()))
                props.pop(_LABEL, None)
                cands[nid] = props
            out[dkey] = cands
        return out

    def _refresh(self, keys: set[str], touched: set[str], new_source: str | None = None) -> None:
        """Re-resolve references of ``keys`` (all of them when the key's candidates changed, else only the
        new file's), then re-merge every affected node."""
        self._flush()
        self._execute_in("DELETE FROM key_nodes WHERE n <= 0 AND ref_key IN ({})", keys)
        cands_of = self._candidates(keys)
        digests = dict(self._execute_in("SELECT ref_key, digest FROM key_state WHERE ref_key IN ({})", keys))
        cols = "source, seq, src, dst, src_key, dst_key, src_spec, dst_spec, props"
        new_rows: dict[int, tuple] = {}  # the new file's edges with a reference, kept current below
        if new_source is not None and keys:
            q = f"SELECT {cols} FROM edges WHERE source=? AND (src_key IS NOT NULL OR dst_key IS NOT NULL)"
            new_rows = {row[1]: row for row in self.db.execute(q, (new_source,))}
        states = []
        for dkey in sorted(keys):
            texts = cands_of[dkey]
            state = _object_text((nid, _object_text(p.items())) for nid, p in texts.items())
            digest = hashlib.sha1(state.encode()).hexdigest()
            if digests.get(dkey) != digest:
                states.append((dkey, digest))
                rows = self.db.execute(f"SELECT {cols} FROM edges WHERE src_key=?", (dkey,)).fetchall()
                rows += self.db.execute(f"SELECT {cols} FROM edges WHERE dst_key=? AND "
                                        "(src_key IS NULL OR src_key<>?)", (dkey, dkey)).fetchall()  # fmt: skip
            else:
                rows = [r for r in new_rows.values() if dkey in (r[4], r[5])]
            if not rows:
                continue
            cands = {nid: {k: json.loads(v) for k, v in p.items()} for nid, p in texts.items()}
            for row in rows:
                bound = self._rebind(dkey, cands, row, touched)
                if row[0] == new_source and bound is not None:
                    new_rows[row[1]] = bound
        self.db.executemany("INSERT OR REPLACE INTO key_state VALUES(?,?)", states)
        self._flush()
        self._merge_nodes(touched)
        self._retracted.clear()

    def _rebind(
        self, dkey: str, cands: dict[str, dict[str, Any]], row: tuple, touched: set[str]
    ) -> tuple | None:
        """Resolve the ``dkey`` end(s) of one edge row; the updated row when it changed, else None."""
        source, seq, src, dst, sk, dk, sspec, dspec, props_text = row
        props = {k: v for k, v in json.loads(props_text).items() if k not in _RES_KEYS}
        ends = {"src": src, "dst": dst}
        for side, k, spec_text, only in (("src", sk, sspec, not dk), ("dst", dk, dspec, True)):
            if k != dkey:
                if k and side == "dst":  # the other end's key: keep its recorded resolution
                    props.update({x: y for x, y in json.loads(props_text).items() if x in _RES_KEYS})
                continue
            spec = json.loads(spec_text)
            res = resolve_reference(dkey, spec["hints"], cands)
            if only:
                props.update(self._res_props(res))
            old = ends[side]
            if res.target != old:
                if not old.startswith("?"):
                    self._vote(old, 0, "Directive", spec["props"], -1)
                    touched.add(old)
                self._vote(res.target, 0, "Directive", spec["props"], +1)
                touched.add(res.target)
                ends[side] = res.target
        new_props = _dumps(props)
        if (ends["src"], ends["dst"], new_props) == (src, dst, props_text):
            return None
        self.db.execute(
            "UPDATE edges SET src=?, dst=?, props=? WHERE source=? AND seq=?",
            (ends["src"], ends["dst"], new_props, source, seq),
        )
        return (source, seq, ends["src"], ends["dst"], sk, dk, sspec, dspec, new_props)

    @staticmethod
    def _res_props(res) -> dict[str, Any]:
        out: dict[str, Any] = {"resolution": res.method, "confidence": res.confidence}
        if res.candidates:
            out["candidates"] = list(res.candidates)
        return out

    def _merge_nodes(self, touched: set[str]) -> None:
        """Re-merge each touched node from its votes: replace its row, or delete it when no vote is left.

        The rows are written in id order, one statement per node, as a deletion (of the table's last rowid)
        and a replacement (a new rowid) must interleave exactly as before for the table to stay the same."""
        ids = sorted(n for n in touched if not n.startswith("?"))
        self._execute_in(
            "DELETE FROM node_votes WHERE node_id IN ({}) AND n <= 0",
            (n for n in ids if n in self._retracted),
        )
        votes: dict[str, list[tuple]] = defaultdict(list)
        for nid, *vote in self._execute_in(
            "SELECT node_id, prop, rank, value, n FROM node_votes WHERE node_id IN ({})", ids
        ):
            votes[nid].append(vote)
        fields = ", ".join(f"json_extract(props, '$.{f}')" for f in TITLE_FIELDS)
        titled = {  # the title fields of the touched directives before this change ("+label": by id, not label)
            nid: texts
            for nid, *texts in self._execute_in(
                f"SELECT id, {fields} FROM nodes WHERE +label = 'Directive' AND id IN ({{}})", ids
            )
        }
        retitled: dict[str, list[str | None]] = {}  # directives whose title fields change -> the new ones
        run: list[tuple[str, str, str]] = []  # consecutive replacements, written in one statement
        for nid in ids:
            best = _best(votes.get(nid, ()))
            if best:
                label = best.pop(_LABEL)
                run.append((nid, label, _object_text(best.items())))
                texts = [
                    json.loads(best[f]) if label == "Directive" and f in best else None for f in TITLE_FIELDS
                ]
            else:
                self.db.executemany("INSERT OR REPLACE INTO nodes VALUES(?,?,?)", run)
                run = []
                self.db.execute("DELETE FROM nodes WHERE id=?", (nid,))
                texts = [None] * len(TITLE_FIELDS)
            if texts != titled.get(nid, [None] * len(TITLE_FIELDS)):
                retitled[nid] = texts
        self.db.executemany("INSERT OR REPLACE INTO nodes VALUES(?,?,?)", run)
        self.db.executemany(  # by primary key: the old words are known, so no index on node_id is kept up
            "DELETE FROM title_words WHERE word=? AND node_id=? AND field=?",
            (w[:3] for nid in retitled if nid in titled for w in _title_rows(nid, titled[nid])),
        )
        self.db.executemany(
            "INSERT INTO title_words VALUES(?,?,?,?)",
            (w for nid, texts in retitled.items() for w in _title_rows(nid, texts)),
        )


def _title_rows(nid: str, texts: Iterable[str | None]) -> Iterator[tuple[str, str, int, int]]:
    """The title_words rows of one directive: (word, id, field, word count of that field)."""
    for field, text in enumerate(texts):
        words = subject_words(text)
        for word in sorted(words):
            yield word, nid, field, len(words)


def _best(rows: Iterable[tuple[str, int, str, int]]) -> dict[str, str]:
    """Per property the winning value text: highest rank, then most votes, then the smallest text."""
    best: dict[str, tuple[int, int, str]] = {}
    for prop, rank, value, n in rows:
        if n <= 0:
            continue
        cand = (-rank, -n, value)
        if prop not in best or cand < best[prop]:
            best[prop] = cand
    return {k: v[2] for k, v in best.items()}
