"""GET /api/agencies?name=: agencies matching a name, with the tasks assigned to them."""

from __future__ import annotations

from fastapi import APIRouter, Query

from api.dependencies import Backend
from api.schemas import AgencyList

router = APIRouter(prefix="/api", tags=["agencies"])


@router.get("/agencies", response_model=AgencyList, summary="Agencies by name, with their tasks")
def agencies(
    backend: Backend,
    name: str = Query(
        ..., min_length=1, max_length=300, description='e.g. "Ban Dân vận Tỉnh ủy", "UBND tỉnh"'
    ),
    limit: int = Query(20, ge=1, le=100, description="at most this many agencies, best match first"),
    max_tasks: int = Query(
        50, ge=0, le=1000, description="at most this many tasks (and received documents) per agency"
    ),
) -> AgencyList:
    """Matching is diacritic- and tone-placement-insensitive on the graph side; every locality's agency of that
    name is listed separately (agencies are scoped by locality). On a large store one agency may have
    thousands of tasks: each lists its first ``max_tasks`` (by document, task, role) and ``tasks_total``."""
    return AgencyList(name=name, agencies=backend.agencies(name.strip(), limit, max_tasks))
