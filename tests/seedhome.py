"""Build the seeds' graph the way a user does: ``vankien ingest samples/`` into a fresh store folder."""

from __future__ import annotations

from pathlib import Path

from graph.nxgraph import load_graph
from graph.queries import Queries
from graph.store import Store
from vankien.cli import main

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SEED_000 = SAMPLES / "000_cda070d9e597bd06.txt"
SEED_003 = SAMPLES / "003_caa092b2d29ab743.txt"


def build_seed_home(home: Path) -> Path:
    """Ingest every sample (real extraction) into ``home``; fails loudly when ingest reports an error."""
    status = main(["ingest", str(SAMPLES), "--home", str(home), "--quiet"])
    assert status == 0, f"vankien ingest samples/ exited {status}"
    return home


def seed_queries(home: Path) -> Queries:
    with Store.open_home(home) as store:
        return Queries(load_graph(store))
