"""Settings of the HTTP service, read from the environment (``VANKIEN_HOME``, ``VANKIEN_HOST``, ``VANKIEN_PORT``).

Why pydantic-settings: the same names work for ``vankien serve`` flags, ``make run`` and a container's
environment, and a bad value (a port that is not a number) fails at start-up with a clear message instead of
deep inside uvicorn.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

WEB_DIR = Path(__file__).resolve().parent.parent / "web"


def default_home() -> Path:
    """The store folder ``vankien ingest`` uses by default (``$VANKIEN_HOME``, else ``~/.local/share/vankien``).

    Delegates to graph/ so ``vankien ingest`` and ``vankien serve`` always meet in one store.
    """
    from graph.store import default_home as store_home

    return store_home()


class Settings(BaseSettings):
    """Where the store lives and where the server listens."""

    model_config = SettingsConfigDict(env_prefix="VANKIEN_", extra="ignore")

    home: Path = Field(default_factory=default_home, description="directory of the embedded store")
    host: str = Field(default="127.0.0.1", description="interface to listen on")
    port: int = Field(default=8000, ge=1, le=65535, description="TCP port")
    web_dir: Path = Field(default=WEB_DIR, description="directory of the static web page served at /")
