"""Export the graph as RDF (Turtle) in public vocabularies, so that it joins other legal-document data.

Why these vocabularies: ELI (the European Legislation Identifier ontology) already names what a directive
is and does (eli:LegalResource, eli:cites, eli:ensures_implementation_of, eli:passed_by, eli:date_document);
W3C ORG describes issuing bodies and agencies; PROV-O says where each fact comes from; SKOS holds the
document kinds; Dublin Core terms covers the rest (identifier, title, parts, audience, place). Properties
with no standard term use the project's own namespace ``vk:`` under their schema name (``vk:term``).

Which class and predicate a label or edge maps to is declared once, in graph/schema.yaml (``rdf:``). Every
edge becomes a direct triple plus a reified statement (rdf:Statement, prov:Entity) carrying the edge's
properties and its provenance: source file (prov:wasDerivedFrom and dcterms:source), stating document
(prov:hadPrimarySource), raw span (vk:start, vk:end, vk:line), sentence (prov:value) and extractor version
(prov:wasAttributedTo a prov:SoftwareAgent). Node ids stay available as dcterms:identifier literals, so the
named SPARQL queries (queries/*.rq) take the same ids as the Cypher ones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS
from rdflib.plugins.sparql import prepareQuery

from graph.schema import load_schema
from graph.store import Store

ELI = Namespace("http://data.europa.eu/eli/ontology#")
VK = Namespace("urn:vankien:ontology#")
DEFAULT_BASE = "urn:vankien:"
PREFIXES = {"eli": ELI, "org": ORG, "prov": PROV, "skos": SKOS, "dcterms": DCTERMS, "vk": VK, "xsd": XSD}
LANG = "vi"

# node properties with a standard term (the others become vk:<name>)
_NODE_TERMS = {
    "Directive": {"symbol": ELI.id_local, "number": ELI.number, "title": ELI.title},
    "Task": {"heading": DCTERMS.title, "text": DCTERMS.description},
}
_TEXT_PROPS = {
    "title",
    "name",
    "heading",
    "text",
    "subject",
    "sentence",
    "as_written",
    "issuer",
}  # Vietnamese


def _curie(text: str) -> URIRef:
    prefix, local = text.split(":", 1)
    return PREFIXES[prefix][local]


class RdfExporter:
    """Builds one rdflib Graph from a store (``base`` prefixes every minted IRI)."""

    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base
        self.schema = load_schema()
        self.g = Graph()
        for prefix, ns in PREFIXES.items():
            self.g.bind(prefix, ns)
        self.kinds = URIRef(base + "scheme:kind")

    def iri(self, node_id: str) -> URIRef:
        return URIRef(self.base + quote(node_id, safe=":/@-._~"))

    def _literal(self, prop: str, value: Any) -> Literal:
        if isinstance(value, str) and prop in _TEXT_PROPS:
            return Literal(value, lang=LANG)
        return Literal(value)

    def _add_value(self, subject: URIRef, predicate: URIRef, prop: str, value: Any) -> None:
        for v in value if isinstance(value, (list, tuple)) else [value]:
            if v is not None and not isinstance(v, dict):
                self.g.add((subject, predicate, self._literal(prop, v)))

    # -- nodes ---------------------------------------------------------------------------------------
    def add_node(self, nid: str, label: str, props: dict[str, Any]) -> None:
        s = self.iri(nid)
        g = self.g
        g.add((s, RDF.type, VK[label]))
        rdf_class = self.schema.raw["nodes"][label].get("rdf")
        if rdf_class:
            g.add((s, RDF.type, _curie(rdf_class)))
        g.add((s, DCTERMS.identifier, Literal(nid)))
        terms = _NODE_TERMS.get(label, {})
        for prop, value in props.items():
            if prop == "name":
                g.add((s, SKOS.prefLabel, self._literal(prop, value)))
                g.add((s, RDFS.label, self._literal(prop, value)))
            elif label == "Directive" and prop == "kind":
                g.add((s, ELI.type_document, self._kind(value, props.get("kind_code"))))
            elif prop in ("date", "deadline_date") and _is_date(value):
                g.add(
                    (s, ELI.date_document if prop == "date" else VK[prop], Literal(value, datatype=XSD.date))
                )
            else:
                self._add_value(s, terms.get(prop, VK[prop]), prop, value)
        if label == "Directive":
            title = props.get("title") or props.get("subject") or props.get("name") or props.get("symbol")
            if title:
                g.add((s, RDFS.label, self._literal("title", title)))

    def _kind(self, kind: str, code: str | None) -> URIRef:
        """A SKOS concept per document kind ("Nghị quyết"), keyed by its name so coded and uncoded agree."""
        c = URIRef(self.base + "kind:" + quote(kind.lower(), safe="-._~"))
        if (c, RDF.type, SKOS.Concept) not in self.g:
            self.g.add((c, RDF.type, SKOS.Concept))
            self.g.add((c, SKOS.inScheme, self.kinds))
            self.g.add((c, SKOS.prefLabel, Literal(kind, lang=LANG)))
            self.g.add((self.kinds, RDF.type, SKOS.ConceptScheme))
            self.g.add((self.kinds, SKOS.prefLabel, Literal("Loại văn bản", lang=LANG)))
        if code:
            self.g.add((c, SKOS.notation, Literal(code)))
        return c

    # -- edges ---------------------------------------------------------------------------------------
    def add_edge(self, edge: dict[str, Any]) -> None:
        g = self.g
        etype = edge["type"]
        predicate = _curie(self.schema.edges[etype].rdf or f"vk:{etype}")
        s, o = self.iri(edge["src"]), self.iri(edge["dst"])
        g.add((s, predicate, o))
        key = f"{edge['source']}#{edge['seq']}"
        st = URIRef(self.base + "edge:" + hashlib.sha1(key.encode()).hexdigest()[:20])
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.type, PROV.Entity))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, predicate))
        g.add((st, RDF.object, o))
        g.add((st, VK.edgeType, Literal(etype)))
        g.add((st, VK.edgeKey, Literal(key)))
        for prop, value in edge["props"].items():
            if prop == "candidates":
                for c in value or ():
                    g.add((st, VK.candidate, self.iri(c)))
            else:
                self._add_value(st, VK[prop], prop, value)
        self._add_provenance(st, edge["prov"])

    def _add_provenance(self, st: URIRef, prov: dict[str, Any]) -> None:
        g = self.g
        path = prov.get("source_file")
        if path:
            file_iri = URIRef(Path(path).as_uri()) if Path(path).is_absolute() else URIRef(quote(path))
            g.add((st, PROV.wasDerivedFrom, file_iri))
            g.add((file_iri, RDF.type, PROV.Entity))
            g.add((st, DCTERMS.source, Literal(path)))
        if prov.get("source_doc"):
            g.add((st, PROV.hadPrimarySource, self.iri(prov["source_doc"])))
        for prop in ("start", "end", "line"):
            if prov.get(prop) is not None:
                g.add((st, VK[prop], Literal(int(prov[prop]))))
        if prov.get("sentence"):
            g.add((st, PROV.value, Literal(prov["sentence"], lang=LANG)))
        version = prov.get("extractor_version")
        if version:
            agent = URIRef(self.base + "extractor:" + quote(version))
            g.add((st, PROV.wasAttributedTo, agent))
            g.add((agent, RDF.type, PROV.SoftwareAgent))
            g.add((agent, DCTERMS.hasVersion, Literal(version)))
            g.add((agent, RDFS.label, Literal(f"vankien extractor {version}")))


def _is_date(value: Any) -> bool:
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def export_graph(store: Store, base: str = DEFAULT_BASE) -> Graph:
    """The whole store as an rdflib Graph."""
    exporter = RdfExporter(base)
    for nid, label, props in store.iter_nodes():
        exporter.add_node(nid, label, props)
    for edge in store.iter_edges():
        exporter.add_edge(edge)
    return exporter.g


def write_turtle(store: Store, out: str | Path, base: str = DEFAULT_BASE) -> int:
    """Write the store as Turtle to ``out``; the number of triples."""
    g = export_graph(store, base)
    Path(out).write_text(g.serialize(format="turtle"), encoding="utf-8")
    return len(g)


def sparql(graph: Graph, text: str, **bindings: Any) -> list[dict[str, Any]]:
    """Run a SPARQL SELECT with ``?name`` variables bound from keyword arguments (plain literals);
    rows as dicts of Python values (IRIs as strings)."""
    init = {k: v if isinstance(v, (URIRef, Literal)) else Literal(v) for k, v in bindings.items()}
    result = graph.query(_prepared(text), initBindings=init)
    names = [str(v) for v in result.vars or ()]
    rows = []
    for row in result:
        rows.append({n: (None if row[n] is None else _py(row[n])) for n in names})
    return rows


@lru_cache(maxsize=64)
def _prepared(text: str) -> Any:
    """Parse a query once: parsing costs more than answering it on a small graph."""
    return prepareQuery(text)


def _py(term: Any) -> Any:
    if isinstance(term, Literal) and term.datatype != XSD.date:
        value = term.toPython()
        return str(value) if isinstance(value, Literal) else value
    return str(term)
