"""Settings of the HTTP service, read from the environment (``VANKIEN_HOME``, ``VANKIEN_HOST``, ``VANKIEN_PORT``,
``VANKIEN_FULL_GRAPH_MAX_NODES``).

Why pydantic-settings: the same names work for ``vankien serve`` flags, ``make run`` and a container's
environment, and a bad value (a port that is not a number) fails at start-up with a clear message instead of
deep inside uvicorn.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from vankien.resources import data_dir

WEB_DIR = data_dir("web")  # the checkout's web/, or <prefix>/share/vankien/web in a wheel install
# Loading 20k nodes (1k to 5k documents) takes a second or two, and again after each store change; beyond,
# per-request loading answers in milliseconds to tens of milliseconds and start-up stays instant
# (benchmarks/bench_graph.py), so holding the graph is not worth its start-up time and memory.
FULL_GRAPH_MAX_NODES = 20_000


def default_home() -> Path:
    """The store folder ``vankien ingest`` uses by default (``$VANKIEN_HOME``, else ``~/.local/share/vankien``).

    Delegates to graph/ so ``vankien ingest`` and ``vankien serve`` always meet in one store.
    """
    from graph.store import default_home as store_home

    return store_home()


class Settings(BaseSettings):
    """Where the store lives, where the server listens, and up to which size the graph is held in memory."""

    model_config = SettingsConfigDict(env_prefix="VANKIEN_", extra="ignore")

    home: Path = Field(default_factory=default_home, description="directory of the embedded store")
    host: str = Field(default="127.0.0.1", description="interface to listen on")
    port: int = Field(default=8000, ge=1, le=65535, description="TCP port")
    web_dir: Path = Field(default=WEB_DIR, description="directory of the static web page served at /")
    full_graph_max_nodes: int = Field(
        default=FULL_GRAPH_MAX_NODES,
        ge=0,
        description="load the whole graph in memory when the store has at most this many nodes (fastest "
        "answers); a larger store is read per request from SQLite (bounded start-up time and memory)",
    )
