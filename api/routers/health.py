"""GET /health: is the store open, and how much is in it (documents, directives, edges ...)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from api.dependencies import AppSettings
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health, summary="Store status and counts")
def health(request: Request, settings: AppSettings) -> Health:
    """Always answers 200 so a probe can read *why* the service is unusable (``status`` and ``detail``)."""
    backend = request.app.state.backend
    if backend is None:
        return Health(status="unavailable", home=str(settings.home), detail=request.app.state.backend_error)
    try:
        backend.refresh()
        counts = backend.counts()
    except Exception as exc:  # a broken store must show up here, not as a 500 on the probe
        return Health(status="unavailable", home=str(settings.home), detail=f"{type(exc).__name__}: {exc}")
    return Health(status="ok", home=str(settings.home), counts=counts)
