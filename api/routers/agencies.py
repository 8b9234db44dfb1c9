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
) -> AgencyList:
    """Matching is diacritic- and tone-placement-insensitive on the graph side; every locality's agency of that
    name is listed separately (agencies are scoped by locality)."""
    return AgencyList(name=name, agencies=backend.agencies(name.strip()))
