"""Directive endpoints: resolve a free-text reference, then walk implementers, lineage, citations and tasks.

REF in the paths accepts what the CLI accepts: a symbol ("25-NQ/TW"), a node id ("dir:TW/NQ/25/2013"), a
free-text reference ("Nghị quyết 25") or the path of an ingested file. Symbols contain "/", so REF is a
``path`` parameter; the specific routes (``.../implementers``) are declared before the bare one so that
"25-NQ/TW/implementers" is not read as a reference.
"""

from __future__ import annotations

from fastapi import APIRouter, Path, Query

from api.dependencies import Backend
from api.schemas import Coverage, Directive, RelatedList, ResolveResult, TaskList

MAX_DEPTH = 20

router = APIRouter(prefix="/api", tags=["directives"])

REF = Path(..., description='"25-NQ/TW", "dir:TW/NQ/25/2013", "Nghị quyết 25" or an ingested file path')


@router.get("/resolve", response_model=ResolveResult, summary="Free-text reference to ranked candidates")
def resolve(
    backend: Backend,
    q: str = Query(..., min_length=1, max_length=500, description='"Nghị quyết 25", "NQ 25", "25-NQ/TW" ...'),
    limit: int = Query(10, ge=1, le=100),
) -> ResolveResult:
    """An empty list (not 404) when nothing matches: the question was valid, the answer is "none"."""
    return ResolveResult(query=q, candidates=backend.resolve(q.strip(), limit))


@router.get(
    "/directives/{ref:path}/implementers",
    response_model=RelatedList,
    summary="Documents implementing REF, directly or through chains",
)
def implementers(
    backend: Backend,
    ref: str = REF,
    depth: int = Query(1, ge=1, le=MAX_DEPTH, description="1 = direct implementers; N = chains up to N hops"),
) -> RelatedList:
    return RelatedList(**backend.implementers(ref, depth))


@router.get(
    "/directives/{ref:path}/lineage",
    response_model=RelatedList,
    summary="Upward chain to the roots (implements and 'tiếp tục thực hiện')",
)
def lineage(backend: Backend, ref: str = REF) -> RelatedList:
    return RelatedList(**backend.lineage(ref))


@router.get("/directives/{ref:path}/cites", response_model=RelatedList, summary="Documents REF cites")
def cites(backend: Backend, ref: str = REF) -> RelatedList:
    return RelatedList(**backend.cites(ref))


@router.get("/directives/{ref:path}/cited-by", response_model=RelatedList, summary="Documents citing REF")
def cited_by(backend: Backend, ref: str = REF) -> RelatedList:
    return RelatedList(**backend.cited_by(ref))


@router.get(
    "/directives/{ref:path}/tasks", response_model=TaskList, summary="Tasks of REF and who is assigned"
)
def tasks(backend: Backend, ref: str = REF) -> TaskList:
    return TaskList(**backend.tasks(ref))


@router.get(
    "/directives/{ref:path}/coverage",
    response_model=Coverage,
    summary="Which localities implemented REF, with lag in days, and which did not",
)
def coverage(backend: Backend, ref: str = REF) -> Coverage:
    return Coverage(**backend.coverage(ref))


@router.get("/directives/{ref:path}", response_model=Directive, summary="One directive")
def directive(backend: Backend, ref: str = REF) -> Directive:
    return Directive(**backend.directive(ref))
