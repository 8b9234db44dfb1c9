"""One ExtractResult -> the facts it states: nodes and edges with provenance, ready for a store.

Why facts and not a graph: a store keeps facts per source file (so re-ingesting a file replaces only its
facts) and derives the graph from all facts together. A citation without a year is not bound to a node here:
its endpoint is a *reference* (symbol key + hints) that the store resolves against every directive known at
that moment, and re-resolves when another file adds or removes a candidate (see graph/resolve.py).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from graph import ids
from graph.schema import load_schema
from ingest.models import Citation, DocumentMeta, ExtractResult, Mention
from ingest.vietnamese import canonical_tones, collapse_ws, match_key

_LOCAL_ISSUER = re.compile(
    r"(?:tỉnh ủy|thành ủy|huyện ủy|quận ủy|thị ủy|tỉnh|huyện)\s+(\w[\w\s]*?)\s*$", re.IGNORECASE
)
_LABELS = {
    "dir": "Directive",
    "doc": "Directive",
    "named": "Directive",
    "body": "IssuingBody",
    "agency": "Agency",
    "task": "Task",
    "loc": "Locality",
}


def label_of(node_id: str) -> str:
    return _LABELS[node_id.split(":", 1)[0]]


@dataclass(frozen=True)
class NodeFact:
    id: str
    label: str
    rank: int  # 2: the document describes itself, 1: stated by a citation or a task, 0: from a reference
    props: dict[str, Any]
    ref_key: str | None = None  # year-less directive key, for resolution candidates


@dataclass(frozen=True)
class Endpoint:
    """Either a fixed node id, or a reference to be resolved: ``key`` + the citation's props and hints."""

    id: str | None = None
    key: str | None = None
    props: dict[str, Any] = field(default_factory=dict)
    hints: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        if self.id is not None:
            return {"id": self.id}
        return {"key": self.key, "props": self.props, "hints": self.hints}


@dataclass(frozen=True)
class EdgeFact:
    seq: int
    type: str
    src: Endpoint
    dst: Endpoint
    props: dict[str, Any]
    prov: dict[str, Any]


@dataclass(frozen=True)
class Facts:
    source_file: str
    doc_id: str
    content_hash: str
    extractor_version: str
    nodes: tuple[NodeFact, ...]
    edges: tuple[EdgeFact, ...]
    warnings: tuple[str, ...] = ()


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v not in (None, "", (), [])}


def citation_locality(c: Citation) -> str | None:
    """ "Ban Thường vụ Tỉnh ủy Lâm Đồng" -> "Lâm Đồng": the locality a citation's issuer names, if any."""
    for text in (c.issuer, *c.issuer_as_written):
        if not text:
            continue
        m = _LOCAL_ISSUER.search(canonical_tones(collapse_ws(text)))
        if m and m.group(1).strip().lower() not in {"ủy", "uỷ"}:
            return m.group(1).strip()
    return None


class _Builder:
    def __init__(self, result: ExtractResult, source_file: str):
        self.result = result
        self.source_file = source_file
        self.schema = load_schema()
        self.nodes: dict[str, NodeFact] = {}
        self.edges: list[EdgeFact] = []
        self.warnings: list[str] = []
        doc = result.document or DocumentMeta(kind=None)
        self.doc = doc
        self.content_hash = result.content_hash or hashlib.sha256(source_file.encode()).hexdigest()
        level = "district" if doc.issuer and ids.level_of_name(doc.issuer) == "district" else "province"
        province = doc.province or doc.locality
        self.ctx = ids.Context(ids.content_doc_id(self.content_hash), province, doc.district, level)
        self.doc_id = self.ctx.doc_id
        self.base_prov = {"source_file": source_file, "extractor_version": result.extractor_version}

    # -- helpers -------------------------------------------------------------------------------------
    def node(self, node_id: str, rank: int, props: dict[str, Any], ref_key: str | None = None) -> None:
        label = label_of(node_id)
        props = _clean(props)
        self.schema.check_node(label, props)
        old = self.nodes.get(node_id)
        if old is not None:  # first statement wins inside one file, higher rank overrides
            if rank > old.rank:
                props = {**old.props, **props}
            else:
                props = {**props, **old.props}
                rank = old.rank
            ref_key = old.ref_key or ref_key
        self.nodes[node_id] = NodeFact(node_id, label, rank, props, ref_key)

    def edge(
        self, etype: str, src: Endpoint, dst: Endpoint, props: dict[str, Any], prov: dict[str, Any]
    ) -> None:
        props = _clean(props)
        src_label = label_of(src.id) if src.id else "Directive"
        dst_label = label_of(dst.id) if dst.id else "Directive"
        self.schema.check_edge(etype, src_label, dst_label, props)
        full = {"source_doc": self.doc_id, **self.base_prov, **_clean(prov)}
        self.edges.append(EdgeFact(len(self.edges), etype, src, dst, props, full))

    @staticmethod
    def mention_prov(mentions: tuple[Mention, ...]) -> dict[str, Any]:
        if not mentions:
            return {}
        m = mentions[0]
        return {"start": m.start, "end": m.end, "line": m.line, "sentence": m.sentence}

    # -- the document itself -------------------------------------------------------------------------
    def own_node(self) -> Endpoint:
        doc = self.doc
        props: dict[str, Any] = {
            "kind": doc.kind,
            "title": doc.title,
            "date": doc.date,
            "issuer": doc.issuer,
            "ingested": True,
            "content_hash": self.content_hash,
            "locality": ids.locality_id(self.ctx.province, doc.district),
        }
        parts = ids.parse_symbol(doc.symbol) if doc.symbol else None
        ref_key = None
        if parts:
            year = ids.year_of(doc.date) or parts.year
            ref_key = ids.directive_key(parts, self.ctx)
            if year:  # a document stating its own symbol and date is the node its citers point to
                self.doc_id = ids.directive_id(ref_key, year)
                self.base_prov["source_doc"] = self.doc_id
            props.update(
                symbol=doc.symbol,
                kind_code=parts.kind_code,
                number=parts.number,
                issuer_code=parts.issuer_code,
                year=year,
                system=parts.system,
            )
        else:
            props["year"] = ids.year_of(doc.date)
        self.node(self.doc_id, 2, props, ref_key if props.get("year") else None)
        return Endpoint(id=self.doc_id)

    def issuer_and_locality(self, me: Endpoint) -> None:
        doc = self.doc
        loc = ids.locality_id(self.ctx.province, doc.district)
        if loc:
            self.node(
                f"loc:{ids.locality_key(self.ctx.province)}",
                1,
                {"name": self.ctx.province, "level": "province"},
            )
            if doc.district:
                self.node(loc, 1, {"name": doc.district, "level": "district", "province": self.ctx.province})
            self.edge("LOCATED_IN", me, Endpoint(id=loc), {}, {})
        if doc.issuer:
            bid = ids.body_id(doc.issuer, self.ctx)
            self.node(
                bid, 1, {"name": doc.issuer, "key": ids.key(doc.issuer), "scope": bid[5:].rsplit("/", 1)[0]}
            )
            self.edge("ISSUED_BY", me, Endpoint(id=bid), {}, {})
            if loc:
                self.edge("LOCATED_IN", Endpoint(id=bid), Endpoint(id=loc), {}, {})

    # -- citations -----------------------------------------------------------------------------------
    def citation_endpoint(self, c: Citation) -> Endpoint | None:
        if c.symbol:
            parts = ids.parse_symbol(c.symbol)
            if parts is None:
                self.warnings.append(f"graph: cannot parse symbol {c.symbol!r}; citation skipped")
                return None
            locality = citation_locality(c)
            dkey = ids.directive_key(parts, self.ctx, locality)
            year = ids.year_of(c.date) or c.year or parts.year
            props = {
                "symbol": c.symbol,
                "kind": c.kind,
                "kind_code": parts.kind_code,
                "number": parts.number,
                "issuer_code": parts.issuer_code,
                "issuer": c.issuer,
                "date": c.date,
                "year": year,
                "term": c.term,
                "subject": c.subject,
                "system": parts.system,
                "locality": ids.locality_id(locality) if locality else None,
            }
            if year:
                nid = ids.directive_id(dkey, year)
                self.node(nid, 1, props, dkey)
                return Endpoint(id=nid)
            hints = _clean(
                {"issuer": c.issuer, "term": c.term, "subject": c.subject, "citing_date": self.doc.date}
            )
            return Endpoint(key=dkey, props=_clean(props), hints=hints)
        if c.name:
            nid = ids.named_id(c.name, self.ctx)
            self.node(nid, 1, {"name": c.name, "kind": c.kind, "issuer": c.issuer, "system": "named"})
            return Endpoint(id=nid)
        return None

    def citations(self, me: Endpoint) -> dict[str, Endpoint]:
        by_symbol: dict[str, Endpoint] = {}
        for c in self.result.citations:
            ep = self.citation_endpoint(c)
            if ep is None:
                continue
            by_symbol[c.key] = ep
            etype = "IMPLEMENTS" if c.relation == "implements" else "CITES"
            self.edge(etype, me, ep, {"mentions": len(c.mentions)}, self.mention_prov(c.mentions))
            if c.issuer:
                bid = ids.body_id(c.issuer, self.ctx, citation_locality(c))
                self.node(
                    bid, 1, {"name": c.issuer, "key": ids.key(c.issuer), "scope": bid[5:].rsplit("/", 1)[0]}
                )
                self.edge("ISSUED_BY", ep, Endpoint(id=bid), {}, self.mention_prov(c.mentions))
        seen: set[tuple[str, str]] = set()
        for link in self.result.citation_links:
            src, dst = by_symbol.get(link.source), by_symbol.get(link.target)
            if src is None or dst is None or (link.source, link.target) in seen:
                continue
            seen.add((link.source, link.target))
            etype = "CONTINUES" if "tiếp tục" in match_key(link.evidence) else "IMPLEMENTS"
            prov = {"sentence": collapse_ws(link.evidence)}
            if link.end > link.start:
                prov.update(start=link.start, end=link.end)
            self.edge(etype, src, dst, {}, prov)
        for c in self.result.citations:
            if c.continued_by and (c.continued_by, c.key) not in seen and c.continued_by in by_symbol:
                seen.add((c.continued_by, c.key))
                self.edge(
                    "CONTINUES",
                    by_symbol[c.continued_by],
                    by_symbol[c.key],
                    {},
                    self.mention_prov(c.mentions),
                )
        return by_symbol

    # -- tasks, assignments, recipients ----------------------------------------------------------------
    def agency(self, name: str, name_key: str) -> Endpoint:
        aid = ids.agency_id(name_key or _agency_key(name), self.ctx)
        self.node(
            aid,
            1,
            {
                "name": collapse_ws(name),
                "key": ids.key(name_key or _agency_key(name)),
                "scope": aid[7:].rsplit("/", 1)[0],
            },
        )
        return Endpoint(id=aid)

    def tasks(self, me: Endpoint, by_symbol: dict[str, Endpoint]) -> None:
        preambles = {s.numeral: s.preamble for s in self.result.sections if s.preamble}
        for t in self.result.tasks:
            tid = ids.task_id(self.doc_id, t.id)
            dl = t.deadline
            self.node(
                tid,
                1,
                {
                    "task_id": t.id,
                    "section": t.section,
                    "section_type": t.section_type,
                    "heading": t.heading,
                    "text": t.text,
                    "deadline": dl.text if dl else None,
                    "deadline_date": dl.date if dl else None,
                    "period": dl.period if dl else None,
                },
            )
            tep = Endpoint(id=tid)
            self.edge("HAS_TASK", me, tep, {}, {"start": t.start, "end": t.end, "line": t.lines[0]})
            own = [(a, False) for a in t.assignments]
            own += [(a, True) for a in preambles.get(t.id.split(".")[0], ())]
            for a, pre in own:
                props = {
                    "role": a.role,
                    "as_written": a.agency,
                    "advises": a.advises,
                    "via": a.via or None,
                    "from_preamble": pre or None,
                }
                prov = {"start": a.start, "end": a.end, "line": a.line, "sentence": a.evidence or a.span}
                self.edge("ASSIGNED_TO", tep, self.agency(a.agency, a.key), props, prov)
            for sym in t.cited_symbols:
                if sym in by_symbol:
                    self.edge("CITES", tep, by_symbol[sym], {}, {"start": t.start, "end": t.end})

    def recipients(self, me: Endpoint) -> None:
        for r in self.doc.recipients:
            self.edge("SENT_TO", me, self.agency(r, ""), {"as_written": r}, {})

    def build(self) -> Facts:
        me = self.own_node()
        self.issuer_and_locality(me)
        by_symbol = self.citations(me)
        self.tasks(me, by_symbol)
        self.recipients(me)
        return Facts(
            source_file=self.source_file,
            doc_id=self.doc_id,
            content_hash=self.content_hash,
            extractor_version=self.result.extractor_version,
            nodes=tuple(self.nodes.values()),
            edges=tuple(self.edges),
            warnings=tuple(self.warnings),
        )


def _agency_key(name: str) -> str:
    """The extraction's agency key (abbreviations expanded) when that module exists, else match_key."""
    try:
        from ingest.agencies import agency_key  # type: ignore[attr-defined]
    except ImportError:
        return match_key(name)
    return agency_key(name)


def build_facts(result: ExtractResult, source_file: str | None = None) -> Facts:
    """The facts one extracted file states (raises ValueError for a result with ``error`` set)."""
    if result.error:
        raise ValueError(f"{result.source}: {result.error}")
    return _Builder(result, source_file or result.source).build()
