"""End-to-end acceptance on the five seed files through the real pipeline (issue #4 acceptance).

Skipped, with the reason, while the citation extractor is still a placeholder (nothing found in seed 000).
"""

from __future__ import annotations

import pytest
from conftest import SAMPLES, SEED_NAMES

from graph.ingest import ingest_file
from graph.nxgraph import load_graph
from graph.queries import Queries
from graph.store import Store
from ingest.citations import extract_citations
from ingest.reader import read_file

SEED_000, SEED_001, SEED_002, SEED_003, SEED_004 = SEED_NAMES


def _citations_landed() -> bool:
    return bool(extract_citations(read_file(str(SAMPLES / SEED_000)))[0])


pytestmark = pytest.mark.skipif(not _citations_landed(), reason="citation extractor not landed yet")


@pytest.fixture(scope="module")
def q(tmp_path_factory):
    store = Store(tmp_path_factory.mktemp("seeds") / "g.sqlite")
    for name in SEED_NAMES:
        out = ingest_file(store, SAMPLES / name)
        assert out.status == "added", out.error
    return Queries(load_graph(store))


@pytest.mark.parametrize("symbol", ["25-NQ/TW", "62-KL/TW", "102-KL/TW", "18-NQ/TW"])
def test_one_node_per_symbol(q, symbol):
    nodes = [n for n, d in q.g.nodes(data=True) if d.get("symbol") == symbol]
    assert len(nodes) == 1, nodes


def test_implementers_of_43_is_seed_003(q):
    steps = q.implementers("43-KL/TW").steps
    assert [s.node.files for s in steps] == [(str(SAMPLES / SEED_003),)]


def test_lineage_of_seed_000(q):
    chain = q.lineage(str(SAMPLES / SEED_000))
    symbols = [s.node.symbol for s in chain.steps]
    assert symbols[:2] == ["160-TB/TW", "62-KL/TW"]
    assert [s.relation for s in chain.steps[:2]] == ["IMPLEMENTS", "CONTINUES"]


def test_free_text_references_on_seeds(q):
    assert q.ref("Nghị quyết 25") == q.ref("25-NQ/TW") == q.ref("NQ 25")
    assert q.ref("Kết luận 43 của Ban Bí thư") == q.ref("43-KL/TW")


def test_edges_carry_raw_offsets_that_point_at_the_symbol(q):
    raw = (SAMPLES / SEED_003).read_text(encoding="utf-8")
    links = q.cites(str(SAMPLES / SEED_003)).links
    first = next(x for x in links if x.node.symbol == "43-KL/TW")
    assert first.relation == "IMPLEMENTS"
    assert "43" in raw[first.start : first.end]
