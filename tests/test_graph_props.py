"""Property tests: the graph is a function of the set of ingested files, not of their order or history."""

from __future__ import annotations

from graphfactory import cite, doc, link, task
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.store import Store

# Real symbols with their real dates, plus undated and term-only citations of the same symbols, so that
# resolution (placeholder, single, filtered, ambiguous) is exercised in every combination.
CITATIONS = [
    dict(symbol="18-NQ/TW", date="2017-10-25", term="XII", issuer="Ban Chấp hành Trung ương"),
    dict(symbol="18-NQ/TW", date="2022-06-16", term="XIII", issuer="Ban Chấp hành Trung ương"),
    dict(symbol="18-NQ/TW"),
    dict(symbol="18-NQ/TW", term="XIII"),
    dict(symbol="18-NQ/TW", subject="quản lý và sử dụng đất"),
    dict(symbol="25-NQ/TW", date="2013-06-03", issuer="Ban Chấp hành Trung ương", term="XI"),
    dict(symbol="25-NQ/TW", kind="Nghị quyết"),
    dict(symbol="43-KL/TW", date="2019-01-07", issuer="Ban Bí thư"),
    dict(symbol="43-KL/TW", issuer="Bộ Chính trị"),
    dict(symbol="27-CTr/TU", date="2018-04-10", issuer="Tỉnh ủy"),
    dict(symbol="18-CT/TU", date="2022-02-22", issuer="Ban Thường vụ Tỉnh ủy Lâm Đồng"),
    dict(symbol=None, name="Quy chế dân chủ ở cơ sở", kind="Quy chế"),
]
PROVINCES = [None, "Lào Cai", "Lâm Đồng", "Tuyên Quang"]
AGENCIES = ["Ban Dân vận Tỉnh ủy", "Ban Tuyên giáo Tỉnh uỷ", "UBND tỉnh", "Ban Dân vận Trung ương"]


@st.composite
def documents(draw, i: int):
    picks = draw(st.lists(st.integers(0, len(CITATIONS) - 1), min_size=0, max_size=5, unique=True))
    cits = []
    for n, k in enumerate(picks):
        spec = dict(CITATIONS[k])
        rel = "implements" if n == 0 and draw(st.booleans()) else "cites"
        cits.append(cite(spec.pop("symbol"), relation=rel, at=100 * (n + 1), **spec))
    links = ()
    symbols = [c.symbol for c in cits if c.symbol]
    if len(symbols) >= 2 and draw(st.booleans()):
        links = (link(symbols[0], symbols[1], f"{symbols[0]} về tiếp tục thực hiện {symbols[1]}"),)
    own = draw(st.sampled_from([{}, {"symbol": "12-KH/TU", "date": "2021-03-02"}, {"date": "2020-05-01"}]))
    agencies = draw(st.lists(st.sampled_from(AGENCIES), max_size=3, unique=True))
    tasks = (task("II.1", "Tuyên truyền", *[(a, "lead") for a in agencies]),) if agencies else ()
    return doc(f"d{i}", *cits, province=draw(st.sampled_from(PROVINCES)), links=links, tasks=tasks,
               recipients=tuple(agencies[:1]), **own)  # fmt: skip


@st.composite
def corpora(draw):
    n = draw(st.integers(1, 5))
    return [draw(documents(i)) for i in range(n)]


def _ingest(results) -> Store:
    store = Store(":memory:")
    for r in results:
        store.ingest_result(r)
    return store


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(corpora(), st.randoms(use_true_random=False))
def test_ingest_order_does_not_change_the_graph(docs, rnd):
    shuffled = list(docs)
    rnd.shuffle(shuffled)
    assert _ingest(docs).snapshot() == _ingest(shuffled).snapshot()


@FAST
@given(corpora())
def test_ingesting_twice_is_a_noop(docs):
    store = _ingest(docs)
    once = store.snapshot()
    for r in docs:
        assert store.ingest_result(r) == "unchanged"
    assert store.snapshot() == once


@FAST
@given(corpora(), st.data())
def test_remove_then_readd_restores_the_graph(docs, data):
    store = _ingest(docs)
    full = store.snapshot()
    victim = data.draw(st.sampled_from(docs))
    store.remove_source(victim.source)
    without = [r for r in docs if r.source != victim.source]
    assert store.snapshot() == _ingest(without).snapshot()  # removal leaves no trace of the file
    store.ingest_result(victim)
    assert store.snapshot() == full
