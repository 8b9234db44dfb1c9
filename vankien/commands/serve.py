"""``vankien serve [--host H] [--port P] [--home DIR]``: the HTTP API, its /docs and the web page, via uvicorn.

Flags override the environment (``VANKIEN_HOST``, ``VANKIEN_PORT``, ``VANKIEN_HOME``), which override the
defaults (127.0.0.1:8000, ``~/.local/share/vankien``): the same store ``vankien ingest`` writes by default.
"""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "serve",
        help="serve the HTTP API (/api, /docs) and the web page over the store",
        description="Serve the HTTP API and the web page over the embedded store. "
        "Defaults: $VANKIEN_HOST or 127.0.0.1, $VANKIEN_PORT or 8000, $VANKIEN_HOME or ~/.local/share/vankien.",
    )
    p.add_argument("--host", default=None, help="interface to listen on")
    p.add_argument("--port", type=int, default=None, help="TCP port")
    p.add_argument("--home", default=None, metavar="DIR", help="directory of the store")
    p.set_defaults(func=run)


def build_settings(args: argparse.Namespace):  # -> api.settings.Settings (imported late: FastAPI is heavy)
    from pydantic import ValidationError

    from api.settings import Settings
    from vankien.cli import UserError

    overrides = {
        name: getattr(args, name) for name in ("host", "port", "home") if getattr(args, name) is not None
    }
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
        raise UserError(f"bad server settings: {problems}") from None


def run(args: argparse.Namespace) -> int:
    import uvicorn

    from api.main import create_app

    settings = build_settings(args)
    from graph.store import DB_NAME

    if not (settings.home / DB_NAME).exists():
        print(f"vankien: no store in {settings.home} yet; fill it with `vankien ingest PATH...`")
    print(
        f"vankien: serving store {settings.home} on http://{settings.host}:{settings.port}/ (API docs: /docs)"
    )
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="info")
    return 0
