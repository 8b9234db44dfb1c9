"""The SQLite store: idempotence, replacing a changed file, removal, merge precedence; seeds via gold facts."""

from __future__ import annotations

import os
import sqlite3

import pytest
from conftest import SEED_NAMES
from graphfactory import cite, doc, from_gold, link, task

from graph.ingest import ingest_file
from graph.nxgraph import load_graph
from graph.queries import Queries
from graph.store import Store, merge_props

SEED_000, SEED_001, SEED_002, SEED_003, SEED_004 = SEED_NAMES


def test_ingesting_twice_is_a_noop():
    store = Store(":memory:")
    r = doc("a", cite("25-NQ/TW", date="2013-06-03", relation="implements"))
    assert store.ingest_result(r) == "added"
    before = store.snapshot()
    assert store.ingest_result(r) == "unchanged"
    assert store.snapshot() == before


def test_reingesting_a_changed_file_replaces_only_its_facts():
    store = Store(":memory:")
    store.ingest_result(doc("other", cite("62-KL/TW", date="2009-12-08")))
    store.ingest_result(doc("a", cite("25-NQ/TW", date="2013-06-03"), body="v1"))
    other_edges = [e for e in store.iter_edges() if e["source"] == "/corpus/other.txt"]
    assert store.ingest_result(doc("a", cite("43-KL/TW", date="2019-01-07"), body="v2")) == "replaced"
    nodes = {n for n, _, _ in store.iter_nodes()}
    assert "dir:TW/KL/43/2019" in nodes
    assert "dir:TW/NQ/25/2013" not in nodes  # only file a stated it
    assert "dir:TW/KL/62/2009" in nodes
    assert [e for e in store.iter_edges() if e["source"] == "/corpus/other.txt"] == other_edges
    assert len(store.sources()) == 2


def test_remove_source_then_readd_restores():
    store = Store(":memory:")
    a = doc("a", cite("18-NQ/TW", date="2017-10-25", term="XII"))
    b = doc("b", cite("18-NQ/TW"))
    store.ingest_result(a)
    store.ingest_result(b)
    full = store.snapshot()
    assert store.remove_source("/corpus/a.txt")
    nodes = {n for n, _, _ in store.iter_nodes()}
    assert "dir:TW/NQ/18/2017" not in nodes and "dir:TW/NQ/18/?" in nodes  # b's reference fell back
    assert not store.remove_source("/corpus/never.txt")
    store.ingest_result(a)
    assert store.snapshot() == full


def test_self_description_beats_citations():
    """The plan's own title wins over what citers say; citers' most frequent value wins among citers."""
    assert merge_props([(1, {"title": "x"}), (2, {"title": "own"}), (1, {"title": "x"})]) == {"title": "own"}
    assert merge_props([(1, {"kind": "A"}), (1, {"kind": "B"}), (1, {"kind": "B"})]) == {"kind": "B"}
    assert merge_props([(1, {"kind": "B"}), (1, {"kind": "A"})]) == merge_props([(1, {"kind": "A"}),
                                                                                   (1, {"kind": "B"})])  # fmt: skip


def test_ingest_file_skips_unchanged_and_replaces_changed(tmp_path, samples_dir):
    store = Store(tmp_path / "g.sqlite")
    f = tmp_path / "plan.txt"
    f.write_text((samples_dir / SEED_003).read_text(encoding="utf-8"), encoding="utf-8")
    assert ingest_file(store, f).status == "added"
    assert ingest_file(store, f).status == "unchanged"
    os.utime(f, ns=(1, 1))  # touched, same content: still unchanged, graph equal
    snap = store.snapshot()
    assert ingest_file(store, f).status == "unchanged"
    assert store.snapshot() == snap
    f.write_text((samples_dir / SEED_002).read_text(encoding="utf-8"), encoding="utf-8")
    assert ingest_file(store, f).status == "replaced"
    assert len(store.sources()) == 1
    assert ingest_file(store, tmp_path / "missing.txt").status == "failed"


def test_store_survives_reopen(tmp_path):
    path = tmp_path / "g.sqlite"
    with Store(path) as s:
        s.ingest_result(doc("a", cite("25-NQ/TW", date="2013-06-03")))
        snap = s.snapshot()
    with Store(path) as s:
        assert s.snapshot() == snap
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL: safe against kill -9


def _counts(store: Store) -> tuple:
    """The vote and key counts the merged nodes and the resolutions are computed from, sorted."""
    votes = tuple(store.db.execute("SELECT * FROM node_votes ORDER BY node_id, prop, rank, value"))
    keys = tuple(store.db.execute("SELECT * FROM key_nodes ORDER BY ref_key, node_id"))
    return votes, keys


A = doc("a", cite("18-NQ/TW", date="2017-10-25", term="XII"), cite("43-KL/TW", issuer="Bộ Chính trị"),
        tasks=(task("II.1", "Tuyên truyền", ("Ban Dân vận Tỉnh ủy", "lead")),), province="Lâm Đồng")  # fmt: skip
B1 = doc("b", cite("18-NQ/TW"), cite("25-NQ/TW", date="2013-06-03"), body="v1")
B2 = doc("b", cite("18-NQ/TW", date="2022-06-16", term="XIII"), cite("43-KL/TW", date="2019-01-07"),
         symbol="12-KH/TU", date="2021-03-02", province="Lâm Đồng", body="v2")  # fmt: skip
C = doc("c", cite("18-NQ/TW", subject="quản lý và sử dụng đất"), cite("12-KH/TU", date="2021-03-02",
        issuer="Ban Thường vụ Tỉnh ủy Lâm Đồng"), tasks=(task("I.1", "Kiểm tra", ("Ban Dân vận Tỉnh ủy", "lead")),))  # fmt: skip


def _fresh(*results) -> Store:
    store = Store(":memory:")
    for r in results:
        store.ingest_result(r)
    return store


def test_replacing_and_removing_files_leaves_the_counts_of_a_fresh_build():
    """Counts are summed in memory and written once per phase (a net-zero change writes nothing): after a
    replacement and a removal they equal those of ingesting only the final files, and no count is left at 0."""
    store = _fresh(A, B1, C)
    assert store.ingest_result(B2) == "replaced"
    assert store.remove_source("/corpus/c.txt")
    fresh = _fresh(A, B2)
    assert store.snapshot() == fresh.snapshot()
    assert _counts(store) == _counts(fresh)
    assert store.db.execute("SELECT count(*) FROM node_votes WHERE n <= 0").fetchone() == (0,)
    assert store.db.execute("SELECT count(*) FROM key_nodes WHERE n <= 0").fetchone() == (0,)


def test_a_failed_write_leaves_nothing_behind(monkeypatch):
    """A write failing inside its transaction is rolled back whole, counts summed but not yet written
    included: the next file is stored as if the failed one had never been tried."""
    store = _fresh(A)

    def fail(*args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    with monkeypatch.context() as m:
        m.setattr(store, "_refresh", fail)
        with pytest.raises(sqlite3.OperationalError):
            store.ingest_result(C)
    assert store.source("/corpus/c.txt") is None
    store.ingest_result(B2)
    fresh = _fresh(A, B2)
    assert store.snapshot() == fresh.snapshot()
    assert _counts(store) == _counts(fresh)


def test_tasks_and_assignments_are_stored_with_roles():
    r = doc("p", cite("43-KL/TW", date="2019-01-07", relation="implements"), province="Tuyên Quang",
            tasks=(task("II.1", "Tuyên truyền", ("Ban Tuyên giáo Tỉnh ủy", "lead"),
                        ("UBND tỉnh", "cooperate"), deadline="quý II năm 2019", cited=("43-KL/TW",)),))  # fmt: skip
    store = Store(":memory:")
    store.ingest_result(r)
    q = Queries(load_graph(store))
    t = q.tasks("/corpus/p.txt").tasks[0]
    assert t.task_id == "II.1" and t.deadline == "quý II năm 2019"
    roles = {a.role: a.agency_id for a in t.assignments}
    assert roles["lead"] == "agency:tuyên-quang/ban-tuyên-giáo-tỉnh-ủy"
    assert roles["cooperate"].startswith("agency:tuyên-quang/")  # key spelling is the extractor's (UBND ...)
    ag = q.agency("ban tuyen giao").agencies
    assert ag and ag[0].tasks[0]["role"] == "lead"
    cited = q.cited_by("43-KL/TW").links
    assert {x.via_task for x in cited} == {None, "task:" + q.ref("/corpus/p.txt") + "/II.1"}


# -- the seeds, from their gold facts (graph logic only; the real pipeline is tested in test_graph_seeds) --


@pytest.fixture(scope="module")
def seeds_q():
    from conftest import load_gold

    store = Store(":memory:")
    for name, g in sorted(load_gold().items()):
        store.ingest_result(from_gold(name, g))
    return Queries(load_graph(store))


@pytest.mark.parametrize("symbol", ["25-NQ/TW", "62-KL/TW", "102-KL/TW", "18-NQ/TW"])
def test_seed_symbols_are_one_node_each(seeds_q, symbol):
    nodes = [n for n, d in seeds_q.g.nodes(data=True) if d.get("symbol") == symbol]
    assert len(nodes) == 1, nodes


def test_seed_implementers_of_43(seeds_q):
    ids = [s.node.id for s in seeds_q.implementers("43-KL/TW").steps]
    assert ids == [seeds_q.ref(f"/seeds/{SEED_003}")]
    via_25 = [s.node.id for s in seeds_q.implementers("Nghị quyết 25").steps]
    assert via_25 == ["dir:TW/KL/43/2019", seeds_q.ref(f"/seeds/{SEED_003}")]
    assert seeds_q.implementers("Nghị quyết 25", depth=1).steps[0].relation == "CONTINUES"


def test_seed_lineage_of_000(seeds_q):
    chain = seeds_q.lineage(f"/seeds/{SEED_000}")
    assert [(s.node.symbol, s.relation) for s in chain.steps] == [("160-TB/TW", "IMPLEMENTS"),
                                                                  ("62-KL/TW", "CONTINUES")]  # fmt: skip
    assert chain.roots == ("dir:TW/KL/62/2009",)


def test_seed_coverage_of_43(seeds_q):
    cov = seeds_q.coverage("43-KL/TW")
    assert [c.locality for c in cov.covered] == ["loc:tuyên-quang"]
    assert {x["locality"] for x in cov.not_covered} == {"loc:lào-cai", "loc:lâm-đồng"}


def test_seed_local_programmes_do_not_merge_across_documents(seeds_q):
    ids = [n for n, d in seeds_q.g.nodes(data=True) if d.get("symbol") == "18-CT/TU"]
    assert ids == ["dir:TU@lâm-đồng/CT/18/2022"]


def test_continues_link_from_citation_links():
    r = doc("p", cite("160-TB/TW", date="2020-01-15", relation="implements"),
            cite("62-KL/TW", date="2009-12-08", continued_by="160-TB/TW"),
            links=(link("160-TB/TW", "62-KL/TW", "Thông báo kết luận số 160-TB/TW của Bộ Chính trị về việc "
                        "tiếp tục thực hiện Kết luận số 62-KL/TW"),))  # fmt: skip
    store = Store(":memory:")
    store.ingest_result(r)
    types = sorted(e["type"] for e in store.iter_edges() if e["src"] == "dir:TW/TB/160/2020")
    assert types == ["CONTINUES"]  # one edge, not one per statement of the same relation


def test_coverage_lag_and_missing_localities():
    """Two provinces implement 25-NQ/TW (one through a district plan), a third names no plan for it."""
    nq25 = cite("25-NQ/TW", date="2013-06-03", issuer="Ban Chấp hành Trung ương", relation="implements")
    store = Store(":memory:")
    store.ingest_result(doc("lc", nq25, symbol="12-KH/TU", date="2013-08-02", province="Lào Cai"))
    store.ingest_result(doc("lc-d", cite("12-KH/TU", date="2013-08-02", relation="implements",
                                         issuer="Ban Thường vụ Tỉnh ủy Lào Cai"),
                            symbol="5-KH/HU", date="2013-09-10", province="Lào Cai", district="Bảo Thắng",
                            issuer="Ban Thường vụ Huyện ủy"))  # fmt: skip
    store.ingest_result(doc("tq", nq25, date="2013-07-03", province="Tuyên Quang"))
    store.ingest_result(doc("qn", cite("43-KL/TW", date="2019-01-07"), province="Quảng Ninh"))
    q = Queries(load_graph(store))
    cov = q.coverage("Nghị quyết 25")
    got = {c.locality: (len(c.documents), c.first_lag_days) for c in cov.covered}
    assert got == {"loc:lào-cai": (2, 60), "loc:tuyên-quang": (1, 30)}
    assert [x["locality"] for x in cov.not_covered] == ["loc:quảng-ninh"]
    chain = q.implementers("25-NQ/TW")
    assert [(s.depth, s.node.symbol) for s in chain.steps] == [(1, "12-KH/TU"), (1, None), (2, "5-KH/HU")]
    assert [s.node.symbol for s in q.lineage("5-KH/HU").steps] == ["12-KH/TU", "25-NQ/TW"]


def test_ingesting_a_cited_document_enriches_its_node():
    store = Store(":memory:")
    store.ingest_result(doc("district", cite("12-KH/TU", date="2021-03-02", relation="implements",
                                             issuer="Ban Thường vụ Tỉnh ủy Quảng Ninh")))  # fmt: skip
    before = {n for n, _, _ in store.iter_nodes() if n.startswith("dir:")}
    store.ingest_result(doc("plan", symbol="12-KH/TU", date="2021-03-02", province="Quảng Ninh",
                            title="Kế hoạch thực hiện Nghị quyết Đại hội"))  # fmt: skip
    after = {n: p for n, _, p in store.iter_nodes() if n.startswith("dir:")}
    assert set(after) == before == {"dir:TU@quảng-ninh/KH/12/2021"}
    props = after["dir:TU@quảng-ninh/KH/12/2021"]
    assert props["ingested"] is True and props["title"] == "Kế hoạch thực hiện Nghị quyết Đại hội"


# -- the title index: free-text references read the postings of their words, not every directive ---------

TITLE_QUERIES = [
    "tiếp tục đổi mới nội dung phương thức hoạt động",
    "Kế hoạch thực hiện",
    "KE HOACH THUC HIEN NGHI QUYET",  # no diacritics, capitals: the same words
    "không có từ nào như vậy",
    "",
]


def _titled_both_ways(store: Store, text: str, monkeypatch) -> tuple[list, list]:
    from graph.nxgraph import _titled

    indexed = [n for n, _, _ in _titled(store, text)]
    with monkeypatch.context() as m:
        m.setattr(Store, "has_title_index", lambda self: False)
        scanned = [n for n, _, _ in _titled(store, text)]
    return indexed, scanned


@pytest.mark.parametrize("text", TITLE_QUERIES)
def test_title_lookup_through_the_index_equals_comparing_every_title(text, monkeypatch):
    from conftest import load_gold

    store = _fresh(*(from_gold(name, g) for name, g in sorted(load_gold().items())), A, B2, C)
    indexed, scanned = _titled_both_ways(store, text, monkeypatch)
    assert indexed == scanned
    if text in TITLE_QUERIES[:3]:
        assert indexed  # the seeds' titles hold these words


def test_title_lookup_ranks_like_the_whole_graph_and_loads_only_the_best(monkeypatch):
    """More close titles than any caller lists: the partial load keeps the TITLE_CANDIDATES best (the order
    Queries.resolve ranks them in), so its answer equals the whole graph's for every limit up to that."""
    from graph.nxgraph import load_around
    from graph.queries import TITLE_CANDIDATES

    words = ["đất đai", "nông thôn mới", "chuyển đổi số", "khoa học", "công nghệ", "biển", "rừng"]
    docs = [
        doc(f"p{i}", symbol=f"{i + 1}-KH/TU", date="2021-03-02",
            title=f"Kế hoạch thực hiện Nghị quyết về {words[i % 7]} {words[(i * 3) % 7]} số {i}")
        for i in range(TITLE_CANDIDATES + 30)
    ]  # fmt: skip
    store = _fresh(*docs)
    text = "Kế hoạch thực hiện Nghị quyết về nông thôn mới và chuyển đổi số"
    indexed, scanned = _titled_both_ways(store, text, monkeypatch)
    assert indexed == scanned and len(indexed) == TITLE_CANDIDATES
    whole = Queries(load_graph(store)).resolve(text, limit=TITLE_CANDIDATES)
    part = Queries(load_around(store, "resolve", text)).resolve(text, limit=TITLE_CANDIDATES)
    assert [c.to_dict() for c in part] == [c.to_dict() for c in whole]
    assert whole[0].score > whole[-1].score  # a real ranking, not a tie cut at random


def test_a_store_written_before_the_title_index_gets_it_on_open(tmp_path):
    path = tmp_path / "g.sqlite"
    with Store(path) as s:
        for r in (A, B2, C):
            s.ingest_result(r)
        snap = s.snapshot()
        s.db.execute("DROP TABLE title_words")  # what a store of the previous version looks like
        s.db.execute("DELETE FROM meta WHERE key = 'title_index'")
    reader = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)  # the API's read-only view: no index
    view = Store.__new__(Store)
    view.db = reader
    assert not view.has_title_index()
    with Store(path) as s:  # a writer builds it once
        assert s.has_title_index()
        assert s.snapshot() == snap
    reader.close()


def test_title_index_follows_replacements_and_removals():
    store = _fresh(A, B1, C)
    titled = doc("b", symbol="12-KH/TU", date="2021-03-02", title="Kế hoạch về chuyển đổi số", body="v3")
    store.ingest_result(titled)
    assert [n for n, _, _ in store.title_matches(frozenset({"chuyen", "doi", "so"}))]
    store.ingest_result(B2)  # the title is gone with the new version
    assert not list(store.title_matches(frozenset({"chuyen", "doi", "so"})))
    store.remove_source("/corpus/c.txt")
    assert store.snapshot() == _fresh(A, B2).snapshot()
