"""RDF export of the seeds' graph: vocabulary, provenance, and every named SPARQL query against graph.queries."""

from __future__ import annotations

from collections import Counter

import pytest
import rdflib
from rdflib import RDF, Graph, Literal
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS
from seedhome import SEED_000, SEED_003, build_seed_home, seed_queries

from graph.named_queries import load_query, query_names
from graph.rdf import ELI, VK, RdfExporter, export_graph, sparql
from graph.store import Store
from vankien.cli import main


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    return build_seed_home(tmp_path_factory.mktemp("rdf-home"))


@pytest.fixture(scope="module")
def q(home):
    return seed_queries(home)


@pytest.fixture(scope="module")
def g(home) -> Graph:
    with Store.open_home(home) as store:
        return export_graph(store)


def run(g: Graph, name: str, node_id: str) -> list[dict]:
    return sparql(g, load_query(name, "sparql").text, id=node_id)


def _iri(node_id: str):
    return RdfExporter().iri(node_id)


def _impl_targets(q) -> list[str]:
    return sorted({v for _, v, d in q.g.edges(data=True) if d["type"] in ("IMPLEMENTS", "CONTINUES")})


def test_vocabulary_of_the_seed_003_plan(g, q):
    plan, kl43, nq25 = _iri(q.ref(str(SEED_003))), _iri(q.ref("43-KL/TW")), _iri(q.ref("25-NQ/TW"))
    assert (plan, RDF.type, ELI.LegalResource) in g
    assert (plan, ELI.ensures_implementation_of, kl43) in g
    assert (plan, ELI.cites, nq25) in g
    assert (kl43, ELI.based_on, nq25) in g  # "... về tiếp tục thực hiện Nghị quyết số 25-NQ/TW"
    assert (kl43, ELI.id_local, Literal("43-KL/TW")) in g
    assert (kl43, ELI.number, Literal("43")) in g
    assert (nq25, ELI.date_document, Literal("2013-06-03", datatype=rdflib.XSD.date)) in g
    kind = g.value(nq25, ELI.type_document)
    assert (kind, RDF.type, SKOS.Concept) in g and (kind, SKOS.notation, Literal("NQ")) in g
    body = g.value(kl43, ELI.passed_by)
    assert (body, RDF.type, ORG.Organization) in g
    assert str(g.value(body, SKOS.prefLabel)) == "Ban Bí thư"
    assert str(g.value(plan, DCTERMS.spatial)).endswith(":loc:tuy%C3%AAn-quang")


def test_every_edge_is_reified_with_its_provenance(g, home):
    with Store.open_home(home) as store:
        edges = list(store.iter_edges())
    statements = {str(o): s for s, o in g.subject_objects(VK.edgeKey)}
    assert len(statements) == len(edges)
    for e in edges:
        st = statements[f"{e['source']}#{e['seq']}"]
        assert (st, RDF.type, PROV.Entity) in g and (st, RDF.type, RDF.Statement) in g
        assert g.value(st, RDF.subject) == _iri(e["src"]) and g.value(st, RDF.object) == _iri(e["dst"])
        prov = e["prov"]
        assert str(g.value(st, DCTERMS.source)) == prov["source_file"]
        assert g.value(st, PROV.hadPrimarySource) == _iri(prov["source_doc"])
        for key in ("start", "end", "line"):
            value = g.value(st, VK[key])
            assert (value.toPython() if value is not None else None) == prov.get(key)
        sentence = g.value(st, PROV.value)
        assert (str(sentence) if sentence is not None else None) == prov.get("sentence")
        agent = g.value(st, PROV.wasAttributedTo)
        assert str(g.value(agent, DCTERMS.hasVersion)) == prov["extractor_version"]


def test_turtle_round_trip_through_the_cli(home, g, tmp_path):
    out = tmp_path / "seeds.ttl"
    assert main(["export", "rdf", "--home", str(home), "--out", str(out)]) == 0
    back = Graph().parse(out, format="turtle")
    assert len(back) == len(g) > 5000
    assert "@prefix eli: <http://data.europa.eu/eli/ontology#>" in out.read_text(encoding="utf-8")


def test_every_named_sparql_query_has_a_header_and_runs(g, q):
    names = query_names("sparql")
    assert set(names) == set(query_names("cypher"))  # the same questions in both languages
    for name in names:
        query = load_query(name, "sparql")
        assert query.name == name and "id" in query.params and query.answers
        run(g, name, q.ref("25-NQ/TW"))


def test_implementers(g, q):
    assert [r["doc"] for r in run(g, "implementers", q.ref("43-KL/TW"))] == [q.ref(str(SEED_003))]
    for nid in _impl_targets(q):
        want = {s.node.id for s in q.implementers(nid).steps}
        assert {r["doc"] for r in run(g, "implementers", nid)} == want, nid


def test_lineage_of_seed_000(g, q):
    doc = q.ref(str(SEED_000))
    chain = q.lineage(doc)
    rows = run(g, "lineage", doc)
    assert {r["ancestor"] for r in rows} == {s.node.id for s in chain.steps}
    assert {r["ancestor"] for r in rows if r["root"]} == set(chain.roots)
    assert {r["symbol"] for r in rows} == {"160-TB/TW", "62-KL/TW"}


def test_cites_and_cited_by(g, q):
    for nid in sorted(n for n, d in q.g.nodes(data=True) if d.get("label") == "Directive"):
        want = Counter((x.node.id, x.relation, x.start, x.sentence) for x in q.cites(nid).links)
        got = Counter((r["target"], r["relation"], r["start"], r["sentence"]) for r in run(g, "cites", nid))
        assert got == want, nid
        want = Counter((x.node.id, x.relation, x.via_task, x.start) for x in q.cited_by(nid).links)
        got = Counter((r["doc"], r["relation"], r["via_task"], r["start"]) for r in run(g, "cited_by", nid))
        assert got == want, nid


def test_tasks_by_agency(g, q):
    checked = 0
    for nid in sorted(n for n, d in q.g.nodes(data=True) if d.get("label") == "Agency"):
        info = next(
            (a for a in q.agency(q.g.nodes[nid].get("name", ""), limit=10_000).agencies if a.id == nid), None
        )
        if info is None:
            continue
        want = Counter((t["task"], t["role"], t["document"]) for t in info.tasks)
        got = Counter((r["task"], r["role"], r["document"]) for r in run(g, "tasks_by_agency", nid))
        assert got == want, nid
        checked += bool(want)
    assert checked >= 10


def test_coverage(g, q):
    for nid in _impl_targets(q):
        cov = q.coverage(nid)
        want = {c.locality: sorted(d["id"] for d in c.documents) for c in cov.covered}
        rows = run(g, "coverage", nid)
        assert {r["province"]: sorted(r["documents"].split()) for r in rows} == want, nid
