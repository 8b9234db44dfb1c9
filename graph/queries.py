"""Questions an analyst asks of the graph; every answer is a plain dataclass with ``to_dict()`` for JSON.

Why plain data: the CLI prints these answers, the FastAPI service returns them as JSON, notebooks read
them; none of them should know networkx. A reference (REF) may be a node id, the path of an ingested file,
a symbol ("25-NQ/TW", "18-NQ/TW năm 2022") or free text ("Nghị quyết 25", "NQ 25", "Kết luận 43 của Ban Bí
thư"); when it fits several directives equally well the query refuses with the candidates (:class:`RefError`)
instead of guessing.
"""

from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import networkx as nx

from graph.ids import key as id_key
from graph.resolve import Candidate, parse_reference, rank_candidates, subject_similarity
from graph.schema import load_schema
from ingest.vietnamese import fold_diacritics, match_key

CITATION_EDGES = ("IMPLEMENTS", "CONTINUES", "CITES")
TITLE_MIN = 0.3  # least subject_similarity for a title-words candidate (partial loading prefilters with it)
TITLE_CANDIDATES = 100  # the most title-words candidates any caller lists (the API's largest limit)
AGENCY_LIMIT = 20  # agencies an agency query lists by default
TOTALS = "totals"  # graph attribute of a partial graph: agency id -> (tasks, documents received) in the store


class RefError(LookupError):
    """A reference that names no node, or several equally well (``candidates`` then lists them)."""

    def __init__(self, message: str, candidates: list[Candidate] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


class UnknownRef(RefError):
    """The reference names no node (HTTP 404 in the API)."""


class AmbiguousRef(RefError):
    """Several directives fit the reference equally well; ``candidates`` lists them (HTTP 409 in the API)."""


class _Data:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]


@dataclass(frozen=True)
class NodeInfo(_Data):
    id: str
    label: str
    symbol: str | None = None
    kind: str | None = None
    title: str | None = None
    date: str | None = None
    year: int | None = None
    issuer: str | None = None
    locality: str | None = None
    ingested: bool = False
    files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step(_Data):
    node: NodeInfo
    depth: int
    relation: str  # edge type linking it to the previous node of the path
    path: tuple[str, ...]  # node ids from the query's node to this one
    evidence: str | None = None


@dataclass(frozen=True)
class Chain(_Data):
    query: str
    node: NodeInfo
    steps: tuple[Step, ...]
    roots: tuple[str, ...] = ()


@dataclass(frozen=True)
class Link(_Data):
    node: NodeInfo
    relation: str
    via_task: str | None = None
    resolution: str | None = None
    confidence: float | None = None
    candidates: tuple[str, ...] = ()
    sentence: str | None = None
    file: str | None = None
    start: int | None = None
    end: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class Links(_Data):
    query: str
    node: NodeInfo
    links: tuple[Link, ...]


@dataclass(frozen=True)
class AssignmentInfo(_Data):
    agency: str
    agency_id: str
    role: str
    as_written: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class TaskInfo(_Data):
    id: str
    task_id: str
    heading: str | None
    section: str | None
    deadline: str | None
    deadline_date: str | None
    assignments: tuple[AssignmentInfo, ...]
    document: str | None = None


@dataclass(frozen=True)
class Tasks(_Data):
    query: str
    node: NodeInfo
    tasks: tuple[TaskInfo, ...]


@dataclass(frozen=True)
class AgencyInfo(_Data):
    id: str
    name: str
    scope: str | None
    score: float
    tasks: tuple[dict[str, Any], ...] = ()
    receives: tuple[str, ...] = ()


@dataclass(frozen=True)
class Agencies(_Data):
    query: str
    agencies: tuple[AgencyInfo, ...]


@dataclass(frozen=True)
class AgencyPage(_Data):
    """One agency with only its first tasks and received documents, and how many it has in all."""

    agency: AgencyInfo
    tasks_total: int
    receives_total: int


@dataclass(frozen=True)
class LocalityCoverage(_Data):
    locality: str
    name: str | None
    documents: tuple[dict[str, Any], ...]
    first_lag_days: int | None


@dataclass(frozen=True)
class Coverage(_Data):
    query: str
    node: NodeInfo
    covered: tuple[LocalityCoverage, ...]
    not_covered: tuple[dict[str, Any], ...]
    without_locality: tuple[dict[str, Any], ...] = field(default_factory=tuple)


def _is_file(text: str) -> bool:
    try:
        return Path(text).expanduser().is_file()
    except (OSError, ValueError):
        return False


def agency_words(name: str) -> frozenset[str]:
    """The words an agency's name must contain to match ``name`` (diacritics folded)."""
    want = set(fold_diacritics(match_key(name)).split()) | set(fold_diacritics(id_key(name)).split("-"))
    want.discard("")
    return frozenset(want)


def agency_score(want: frozenset[str], props: dict[str, Any]) -> float | None:
    """How much of an Agency node's name the wanted words cover; None when one is missing."""
    words = set(fold_diacritics(match_key(props.get("name", ""))).split())
    words |= set(fold_diacritics(props.get("key", "")).split("-"))
    if not want <= words:
        return None
    return round(len(want) / max(len(words), 1), 3)


def _days(a: str | None, b: str | None) -> int | None:
    try:
        return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


class Queries:
    """All queries over one loaded graph (build once, ask many times)."""

    def __init__(self, graph: nx.MultiDiGraph):
        self.g = graph
        self.impl_edges = frozenset(load_schema().implementation_edges)
        self.files: dict[str, list[str]] = {}
        for path, doc in graph.graph.get("sources", {}).items():
            self.files.setdefault(doc, []).append(path)
        self._directives = [(n, d) for n, d in graph.nodes(data=True) if d.get("label") == "Directive"]
        self._by_number: dict[str, list[tuple[str, dict[str, Any]]]] = {}
        for n, d in self._directives:
            if d.get("number"):
                self._by_number.setdefault(d["number"], []).append((n, d))

    # -- references ----------------------------------------------------------------------------------
    def info(self, nid: str) -> NodeInfo:
        d = self.g.nodes[nid]
        return NodeInfo(
            id=nid,
            label=d.get("label", "?"),
            symbol=d.get("symbol"),
            kind=d.get("kind"),
            title=d.get("title") or d.get("subject") or d.get("name") or d.get("heading"),
            date=d.get("date"),
            year=d.get("year"),
            issuer=d.get("issuer"),
            locality=d.get("locality"),
            ingested=bool(d.get("ingested")),
            files=tuple(sorted(self.files.get(nid, ()))),
        )

    def resolve(self, text: str, limit: int = 10) -> list[Candidate]:
        """Ranked candidate directives for a free-text reference (ids and file paths rank first)."""
        text = text.strip()
        direct = self._direct(text)
        if direct:
            i = self.info(direct)
            return [
                Candidate(direct, 100.0, i.symbol, i.kind, i.year, i.issuer, i.title, ("exact id or file",))
            ]
        query = parse_reference(text)
        if query.number is not None:
            return rank_candidates(query, self._by_number.get(query.number, []))[:limit]
        scored = []
        for nid, d in self._directives:
            sim = max(subject_similarity(text, d.get("title")), subject_similarity(text, d.get("name")))
            if sim >= TITLE_MIN:
                i = self.info(nid)
                scored.append(
                    Candidate(
                        nid,
                        round(sim * 5, 2),
                        i.symbol,
                        i.kind,
                        i.year,
                        i.issuer,
                        i.title,
                        (f"title words {sim:.2f}",),
                    )
                )
        scored.sort(key=lambda c: (-c.score, c.id))
        return scored[:limit]

    def _direct(self, text: str) -> str | None:
        if text in self.g:
            return text
        sources = self.g.graph.get("sources", {})
        if text in sources:
            return sources[text]
        try:
            path = str(Path(text).expanduser().resolve())
        except (OSError, RuntimeError):
            return None
        return sources.get(path)

    def ref(self, text: str) -> str:
        """The one node a reference means, or RefError."""
        cands = self.resolve(text)
        if not cands or (cands[0].why != ("exact id or file",) and _is_file(text)):
            if _is_file(text):
                raise UnknownRef(f"{text} is not ingested; run `vankien ingest {text}` first")
            raise UnknownRef(f"no directive matches {text!r} (try `vankien resolve`)")
        if len(cands) > 1 and cands[1].score >= cands[0].score:
            tied = [c for c in cands if c.score >= cands[0].score]
            names = ", ".join(c.id for c in tied)
            raise AmbiguousRef(f"{text!r} is ambiguous: {names}; give a year or a node id", tied)
        return cands[0].id

    def node(self, nid: str) -> dict[str, Any] | None:
        """Every merged property of one node (any label), with its id; None when unknown."""
        if nid not in self.g:
            return None
        return {"id": nid, **self.g.nodes[nid], "files": sorted(self.files.get(nid, ()))}

    # -- traversals ----------------------------------------------------------------------------------
    def _walk(self, start: str, upward: bool, depth: int | None) -> list[Step]:
        seen = {start}
        out: list[Step] = []
        queue: deque[tuple[str, int, tuple[str, ...]]] = deque([(start, 0, (start,))])
        while queue:
            nid, d, path = queue.popleft()
            if depth is not None and d >= depth:
                continue
            edges = (
                self.g.out_edges(nid, keys=True, data=True)
                if upward
                else self.g.in_edges(nid, keys=True, data=True)
            )
            nexts: dict[str, tuple[str, str | None]] = {}
            for u, v, _k, data in sorted(edges, key=lambda e: (e[0], e[1], e[2])):
                if data["type"] not in self.impl_edges:
                    continue
                other = v if upward else u
                if other not in seen and other not in nexts:
                    nexts[other] = (data["type"], data["prov"].get("sentence"))
            for other in sorted(nexts):
                seen.add(other)
                relation, evidence = nexts[other]
                step = Step(self.info(other), d + 1, relation, (*path, other), evidence)
                out.append(step)
                queue.append((other, d + 1, step.path))
        return out

    def implementers(self, ref: str, depth: int | None = None) -> Chain:
        """Documents implementing ``ref`` directly or through chains (district -> province -> central)."""
        nid = self.ref(ref)
        steps = self._walk(nid, upward=False, depth=depth)
        return Chain(ref, self.info(nid), tuple(steps))

    def lineage(self, ref: str) -> Chain:
        """The upward chain: what ``ref`` implements or continues, up to the roots."""
        nid = self.ref(ref)
        steps = self._walk(nid, upward=True, depth=None)
        roots = [
            s.node.id
            for s in steps
            if not any(d["type"] in self.impl_edges for _, _, d in self.g.out_edges(s.node.id, data=True))
        ]
        return Chain(ref, self.info(nid), tuple(steps), tuple(roots))

    def _link(self, other: str, data: dict[str, Any], via_task: str | None = None) -> Link:
        prov = data.get("prov", {})
        return Link(
            node=self.info(other),
            relation=data["type"],
            via_task=via_task,
            resolution=data.get("resolution"),
            confidence=data.get("confidence"),
            candidates=tuple(data.get("candidates") or ()),
            sentence=prov.get("sentence"),
            file=prov.get("source_file"),
            start=prov.get("start"),
            end=prov.get("end"),
            line=prov.get("line"),
        )

    def cites(self, ref: str) -> Links:
        """What ``ref`` cites, implements or continues, each with its evidence."""
        nid = self.ref(ref)
        links = [
            self._link(v, d) for _, v, d in self.g.out_edges(nid, data=True) if d["type"] in CITATION_EDGES
        ]
        links.sort(key=lambda x: (x.relation != "IMPLEMENTS", x.node.id, x.start or 0))
        return Links(ref, self.info(nid), tuple(links))

    def cited_by(self, ref: str) -> Links:
        """Documents (and task items) citing ``ref``."""
        nid = self.ref(ref)
        links = []
        for u, _, d in self.g.in_edges(nid, data=True):
            if d["type"] not in CITATION_EDGES:
                continue
            if self.g.nodes[u].get("label") == "Task":
                owners = [p for p, _, e in self.g.in_edges(u, data=True) if e["type"] == "HAS_TASK"]
                links.extend(self._link(p, d, via_task=u) for p in owners)
            else:
                links.append(self._link(u, d))
        links.sort(key=lambda x: (x.relation != "IMPLEMENTS", x.node.id, x.via_task or ""))
        return Links(ref, self.info(nid), tuple(links))

    def _task(self, tid: str, document: str | None = None) -> TaskInfo:
        d = self.g.nodes[tid]
        assigned = []
        for _, agency, e in sorted(
            self.g.out_edges(tid, data=True), key=lambda x: x[2]["prov"].get("start", 0)
        ):
            if e["type"] == "ASSIGNED_TO":
                name = self.g.nodes[agency].get("name", agency)
                assigned.append(
                    AssignmentInfo(
                        name, agency, e.get("role", ""), e.get("as_written"), e["prov"].get("line")
                    )
                )
        return TaskInfo(
            tid,
            d.get("task_id", ""),
            d.get("heading"),
            d.get("section"),
            d.get("deadline"),
            d.get("deadline_date"),
            tuple(assigned),
            document,
        )

    def tasks(self, ref: str) -> Tasks:
        nid = self.ref(ref)
        tids = [
            (k, v) for _, v, k, d in self.g.out_edges(nid, keys=True, data=True) if d["type"] == "HAS_TASK"
        ]
        seen: dict[str, None] = {}
        for _, v in sorted(tids, key=lambda kv: (kv[0].rsplit("#", 1)[0], int(kv[0].rsplit("#", 1)[1]))):
            seen.setdefault(v)
        return Tasks(ref, self.info(nid), tuple(self._task(t, nid) for t in seen))

    def agency(self, name: str, limit: int = AGENCY_LIMIT) -> Agencies:
        """Agencies whose name contains the words of ``name`` (accents optional), with their tasks."""
        return Agencies(name, tuple(self._agencies(name)[:limit]))

    def agency_page(self, name: str, limit: int, max_items: int) -> tuple[AgencyPage, ...]:
        """Like :meth:`agency`, each agency cut to its first ``max_items`` tasks and received documents:
        an answer of bounded size (a provincial committee is assigned thousands of tasks on a large store).
        On a partial graph (:func:`graph.nxgraph.load_agencies`) the totals come from ``graph[TOTALS]``."""
        totals = self.g.graph.get(TOTALS, {})
        return tuple(
            AgencyPage(
                replace(a, tasks=a.tasks[:max_items], receives=a.receives[:max_items]),
                *totals.get(a.id, (len(a.tasks), len(a.receives))),
            )
            for a in self._agencies(name)[:limit]
        )

    def _agencies(self, name: str) -> list[AgencyInfo]:
        """Every matching agency, best first: most words covered, then most tasks (in the store), then id."""
        want = agency_words(name)
        found = []
        for nid, d in self.g.nodes(data=True):
            if d.get("label") != "Agency":
                continue
            score = agency_score(want, d)
            if score is None:
                continue
            tasks, receives = [], []
            for u, _, e in self.g.in_edges(nid, data=True):
                if e["type"] == "ASSIGNED_TO":
                    owner = next(
                        (p for p, _, x in self.g.in_edges(u, data=True) if x["type"] == "HAS_TASK"), None
                    )
                    t = self.g.nodes[u]
                    tasks.append(
                        {
                            "task": u,
                            "task_id": t.get("task_id"),
                            "heading": t.get("heading"),
                            "role": e.get("role"),
                            "document": owner,
                        }
                    )
                elif e["type"] == "SENT_TO":
                    receives.append(u)
            tasks.sort(key=lambda t: (t["document"] or "", t["task"], t["role"] or ""))
            found.append(
                AgencyInfo(
                    nid, d.get("name", nid), d.get("scope"), score, tuple(tasks), tuple(sorted(set(receives)))
                )
            )
        totals = self.g.graph.get(TOTALS, {})
        found.sort(key=lambda a: (-a.score, -totals.get(a.id, (len(a.tasks),))[0], a.id))
        return found

    def coverage(self, ref: str) -> Coverage:
        """Which localities issued a document implementing ``ref`` (any depth), how many days after it,
        and which known localities did not."""
        nid = self.ref(ref)
        target = self.info(nid)
        by_loc: dict[str, list[dict[str, Any]]] = {}
        without = []
        for step in self._walk(nid, upward=False, depth=None):
            n = step.node
            entry = {
                "id": n.id,
                "title": n.title,
                "date": n.date,
                "depth": step.depth,
                "lag_days": _days(target.date, n.date),
            }
            if n.locality:
                province = n.locality.split("/", 1)[0]
                by_loc.setdefault(province, []).append(entry)
            elif n.ingested:
                without.append(entry)
        covered = []
        for loc in sorted(by_loc):
            docs = sorted(by_loc[loc], key=lambda e: (e["date"] or "9999", e["id"]))
            lags = [e["lag_days"] for e in docs if e["lag_days"] is not None]
            name = self.g.nodes[loc].get("name") if loc in self.g else None
            covered.append(LocalityCoverage(loc, name, tuple(docs), min(lags) if lags else None))
        known = sorted(n for n, d in self.g.nodes(data=True) if d.get("label") == "Locality" and "/" not in n)
        missing = tuple(
            {"locality": n, "name": self.g.nodes[n].get("name")} for n in known if n not in by_loc
        )
        return Coverage(ref, target, tuple(covered), missing, tuple(without))
