"""The FastAPI application: ``create_app(settings)`` opens the store once and serves the API and the web page.

Why a factory: tests build an app over a temporary ``VANKIEN_HOME`` (or over a stand-in backend) without
touching the user's store, and ``vankien serve`` builds one from its flags. The lifespan opens the embedded
store (and loads its whole graph when it is small, see api/graph_adapter.py); requests only read it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from api.backend import AmbiguousReference, BackendUnavailable, GraphBackend, UnknownReference
from api.routers import agencies, directives, health
from api.settings import Settings
from vankien import __version__


def _open_backend(settings: Settings) -> GraphBackend:
    from api.graph_adapter import open_backend  # imported late: graph/ may be absent in a broken install

    return open_backend(settings.home, settings.full_graph_max_nodes)


def create_app(settings: Settings | None = None, backend: GraphBackend | None = None) -> FastAPI:
    """Build the app. ``backend`` replaces the store-backed one (tests of the HTTP layer)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.backend, app.state.backend_error = backend, None
        if backend is None:
            try:
                app.state.backend = _open_backend(settings)
            except Exception as exc:  # keep serving /health and the page, which say what went wrong
                app.state.backend_error = f"cannot open the store in {settings.home}: {exc}"
        try:
            yield
        finally:
            if app.state.backend is not None and backend is None:
                app.state.backend.close()

    app = FastAPI(
        title="vankien",
        version=__version__,
        description="Knowledge graph of Vietnamese Party directive citations: who implements, cites and "
        "assigns what. Every edge carries the sentence it was extracted from.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.backend, app.state.backend_error = backend, None
    app.include_router(health.router)
    app.include_router(directives.router)
    app.include_router(agencies.router)
    _add_error_handlers(app)
    _add_web(app, settings)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(UnknownReference)
    async def unknown(_: Request, exc: UnknownReference) -> JSONResponse:
        detail = (
            f"unknown reference {exc.ref!r}: no directive in the store matches it; "
            f"try GET /api/resolve?q=... to find candidates"
        )
        return JSONResponse(status_code=404, content={"detail": detail, "candidates": exc.suggestions})

    @app.exception_handler(AmbiguousReference)
    async def ambiguous(_: Request, exc: AmbiguousReference) -> JSONResponse:
        detail = (
            f"ambiguous reference {exc.ref!r}: {len(exc.candidates)} directives match it; "
            f"ask again with one of the candidate ids"
        )
        return JSONResponse(status_code=409, content={"detail": detail, "candidates": exc.candidates})

    @app.exception_handler(BackendUnavailable)
    async def unavailable(_: Request, exc: BackendUnavailable) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": f"graph store unavailable: {exc}"})


def _add_web(app: FastAPI, settings: Settings) -> None:
    """Serve web/index.html at / and its assets under /static; a plain note when the page is not installed."""
    index = settings.web_dir / "index.html"
    if settings.web_dir.is_dir():
        app.mount("/static", StaticFiles(directory=settings.web_dir), name="static")

    @app.get("/", include_in_schema=False, response_model=None)
    def home() -> Response:
        if index.is_file():
            return FileResponse(index, media_type="text/html; charset=utf-8")
        return PlainTextResponse("vankien API: the web page is not installed; see /docs", status_code=200)
