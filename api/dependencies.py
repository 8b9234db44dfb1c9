"""FastAPI dependencies: the settings and the graph backend opened once by the app's lifespan."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.backend import BackendUnavailable, GraphBackend
from api.settings import Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_backend(request: Request) -> GraphBackend:
    """The backend of this app; 503 (via :class:`BackendUnavailable`) when start-up could not open the store.

    Each request first lets the backend reload its graph if an ingest changed the store since it was loaded,
    so ``vankien ingest`` while the server runs is picked up without a restart.
    """
    backend: GraphBackend | None = request.app.state.backend
    if backend is None:
        raise BackendUnavailable(request.app.state.backend_error or "the graph store is not open")
    backend.refresh()
    return backend


Backend = Annotated[GraphBackend, Depends(get_backend)]
AppSettings = Annotated[Settings, Depends(get_settings)]
