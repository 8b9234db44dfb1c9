"""Pydantic response models of the HTTP API: the contract the web page and other clients read.

Why separate models from graph/: the graph's query results are plain dataclasses/dicts that may grow fields;
these models fix the names clients rely on, document them in the OpenAPI schema (/docs), and let extra
properties through (``extra="allow"``) so a new graph property shows up without an API change.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class Provenance(_Open):
    """Where an edge comes from: the document and the sentence that say so, with raw character offsets.

    Field names follow graph/schema.yaml ``provenance``; edge properties (resolution, confidence) ride along.
    """

    source_doc: str | None = Field(None, description="id of the ingested document stating the fact")
    source_file: str | None = Field(None, description="path of the ingested file")
    start: int | None = Field(None, description="raw character offset where the evidence starts")
    end: int | None = None
    line: int | None = Field(None, description="1-based line of start in the raw file")
    sentence: str | None = Field(None, description="the sentence stating the fact")
    extractor_version: str | None = None
    resolution: str | None = Field(
        None, description="how the cited node was chosen (exact, by year, by term ...)"
    )
    confidence: float | None = Field(None, description="resolution confidence when the target was chosen")


class Directive(_Open):
    """A document node: ingested (with text) or known only from citations."""

    id: str = Field(..., description='canonical id, e.g. "dir:TW/NQ/25/2013" or "doc:<hash>"')
    symbol: str | None = Field(None, description='"25-NQ/TW"; null for documents without own number')
    kind: str | None = None
    name: str | None = Field(None, description="name of an unnumbered reference (congress resolution, law)")
    title: str | None = None
    date: str | None = None
    year: int | None = None
    issuer: str | None = None
    locality: str | None = None
    ingested: bool = Field(False, description="true when the document's own text was ingested")
    sources: list[str] = Field(default_factory=list, description="ingested files that describe this node")


class Candidate(_Open):
    directive: Directive
    score: float = Field(..., description="higher is better; ranked descending")
    reason: str | None = None


class ResolveResult(BaseModel):
    query: str
    candidates: list[Candidate]


class Related(_Open):
    """A directive reached from the asked one, with how (relation, depth, path) and why (provenance)."""

    directive: Directive
    relation: str = Field(..., description="edge type: IMPLEMENTS, CONTINUES or CITES")
    depth: int = 1
    path: list[str] = Field(default_factory=list, description="node ids from the asked directive to this one")
    provenance: list[Provenance] = Field(default_factory=list)


class RelatedList(BaseModel):
    ref: str = Field(..., description="the reference as asked")
    directive: Directive = Field(..., description="the directive it resolved to")
    items: list[Related]
    roots: list[str] = Field(
        default_factory=list, description="lineage only: ids of the chain's top documents"
    )


class Assignment(_Open):
    agency: str = Field(..., description="agency name as written")
    agency_id: str | None = None
    role: str = Field(..., description="lead, cooperate, advise, report_to, responsible")
    provenance: Provenance | None = None


class Task(_Open):
    id: str
    number: str | None = None
    section: str | None = None
    heading: str | None = None
    text: str | None = None
    deadline: dict[str, Any] | None = None
    assignments: list[Assignment] = Field(default_factory=list)
    provenance: Provenance | None = None


class TaskList(BaseModel):
    ref: str
    directive: Directive
    tasks: list[Task]


class CoveredLocality(_Open):
    locality: str
    directive: Directive = Field(..., description="the locality's implementing document")
    lag_days: int | None = Field(None, description="days between the directive and the implementing document")


class Coverage(BaseModel):
    ref: str
    directive: Directive
    covered: list[CoveredLocality]
    missing: list[str] = Field(
        default_factory=list, description="known localities with no implementing document"
    )
    without_locality: list[dict[str, Any]] = Field(
        default_factory=list, description="ingested implementing documents naming no locality"
    )


class AgencyTask(_Open):
    task: str | None = Field(None, description="task id")
    heading: str | None = None
    directive: Directive | None = None
    role: str | None = None
    provenance: Provenance | None = None


class Agency(_Open):
    id: str
    name: str
    locality: str | None = None
    tasks: list[AgencyTask] = Field(default_factory=list, description="the first max_tasks tasks")
    tasks_total: int | None = Field(None, description="how many tasks the agency is assigned in all")
    receives_total: int | None = Field(None, description="how many documents were sent to it in all")


class AgencyList(BaseModel):
    name: str
    agencies: list[Agency]


class Health(BaseModel):
    status: str = Field(..., description='"ok", or "unavailable" when the store could not be opened')
    home: str
    counts: dict[str, int] = Field(default_factory=dict)
    detail: str | None = None


class ErrorBody(BaseModel):
    detail: str
    candidates: list[Candidate] | None = None
