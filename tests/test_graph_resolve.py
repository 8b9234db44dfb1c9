"""Resolution of citations without a date, and of free-text references typed by a user."""

from __future__ import annotations

import pytest
from graphfactory import cite, doc

from graph.nxgraph import load_graph
from graph.queries import Queries, RefError
from graph.resolve import parse_reference, resolve_reference
from graph.store import Store

NQ18_2017 = {"year": 2017, "date": "2017-10-25", "issuer": "Ban Chấp hành Trung ương", "term": "XII",
             "subject": "Một số vấn đề về tiếp tục đổi mới, sắp xếp tổ chức bộ máy của hệ thống chính trị "
                        "tinh gọn, hoạt động hiệu lực, hiệu quả"}  # fmt: skip
NQ18_2022 = {"year": 2022, "date": "2022-06-16", "issuer": "Ban Chấp hành Trung ương", "term": "XIII",
             "subject": "Tiếp tục đổi mới, hoàn thiện thể chế, chính sách, nâng cao hiệu lực, hiệu quả quản lý "
                        "và sử dụng đất"}  # fmt: skip
BOTH = {"dir:TW/NQ/18/2017": NQ18_2017, "dir:TW/NQ/18/2022": NQ18_2022}


def test_no_candidate_goes_to_the_placeholder():
    r = resolve_reference("TW/NQ/18", {}, {})
    assert (r.target, r.method) == ("dir:TW/NQ/18/?", "unknown-year")


def test_single_known_node():
    r = resolve_reference("TW/NQ/18", {}, {"dir:TW/NQ/18/2017": NQ18_2017})
    assert (r.target, r.method) == ("dir:TW/NQ/18/2017", "single")
    assert 0.5 < r.confidence < 1


def test_two_candidates_without_hints_is_ambiguous_never_a_guess():
    r = resolve_reference("TW/NQ/18", {}, BOTH)
    assert r.target == "dir:TW/NQ/18/?"
    assert r.method == "ambiguous"
    assert r.candidates == ("dir:TW/NQ/18/2017", "dir:TW/NQ/18/2022")


def test_term_decides():
    r = resolve_reference("TW/NQ/18", {"term": "XII"}, BOTH)
    assert (r.target, r.method) == ("dir:TW/NQ/18/2017", "filtered")
    r = resolve_reference("TW/NQ/18", {"term": "XIII"}, BOTH)
    assert r.target == "dir:TW/NQ/18/2022"


def test_citing_date_excludes_the_future():
    """A 2019 plan citing 18-NQ/TW cannot mean the 2022 resolution."""
    r = resolve_reference("TW/NQ/18", {"citing_date": "2019-03-01"}, BOTH)
    assert r.target == "dir:TW/NQ/18/2017"


def test_subject_decides():
    hints = {"subject": "quản lý và sử dụng đất"}
    r = resolve_reference("TW/NQ/18", hints, BOTH)
    assert (r.target, r.method) == ("dir:TW/NQ/18/2022", "chosen")
    hints = {"subject": "sắp xếp tổ chức bộ máy của hệ thống chính trị tinh gọn"}
    assert resolve_reference("TW/NQ/18", hints, BOTH).target == "dir:TW/NQ/18/2017"


def test_contradicted_single_candidate_is_not_used():
    """Cited as khóa XIII while the only known 18-NQ/TW is of 2017: keep the placeholder."""
    r = resolve_reference("TW/NQ/18", {"term": "XIII"}, {"dir:TW/NQ/18/2017": NQ18_2017})
    assert (r.target, r.method) == ("dir:TW/NQ/18/?", "excluded")


def _queries(*results):
    store = Store(":memory:")
    for r in results:
        store.ingest_result(r)
    return store, Queries(load_graph(store))


def test_placeholder_merges_into_the_dated_node_when_a_date_appears():
    undated = doc("a", cite("25-NQ/TW", kind="Nghị quyết", relation="implements"))
    store, q = _queries(undated)
    assert "dir:TW/NQ/25/?" in q.g
    dated = doc("b", cite("25-NQ/TW", date="2013-06-03", issuer="Ban Chấp hành Trung ương", term="XI"))
    store.ingest_result(dated)
    q = Queries(load_graph(store))
    assert "dir:TW/NQ/25/?" not in q.g
    edge = next(d for u, v, d in q.g.edges(data=True) if d["type"] == "IMPLEMENTS")
    assert edge["resolution"] == "single"
    assert q.g.nodes["dir:TW/NQ/25/2013"]["kind"] == "Nghị quyết"  # enriched by the undated citation


def test_undated_citation_with_two_known_years_records_candidates():
    store, q = _queries(
        doc("a", cite("18-NQ/TW", date="2017-10-25", issuer="Ban Chấp hành Trung ương", term="XII")),
        doc("b", cite("18-NQ/TW", date="2022-06-16", issuer="Ban Chấp hành Trung ương", term="XIII")),
        doc("c", cite("18-NQ/TW")),
        doc("d", cite("18-NQ/TW"), date="2020-05-01"),
    )
    by_src = {q.g.nodes[u]["title"]: (v, d) for u, v, d in q.g.edges(data=True) if d["type"] == "CITES"}
    assert by_src["c"][0] == "dir:TW/NQ/18/?" and by_src["c"][1]["resolution"] == "ambiguous"
    assert by_src["c"][1]["candidates"] == ["dir:TW/NQ/18/2017", "dir:TW/NQ/18/2022"]
    assert by_src["d"][0] == "dir:TW/NQ/18/2017"
    with pytest.raises(RefError) as err:
        q.ref("18-NQ/TW")
    assert "ambiguous" in str(err.value)
    assert q.ref("18-NQ/TW năm 2022") == "dir:TW/NQ/18/2022"
    assert q.ref("Nghị quyết 18 khóa XII") == "dir:TW/NQ/18/2017"


@pytest.mark.parametrize(
    ("text", "number", "kinds", "issuer", "year"),
    [
        ("Nghị quyết 25", "25", {"NQ"}, None, None),
        ("NQ 25", "25", {"NQ"}, None, None),
        ("nghi quyet 25", "25", {"NQ"}, None, None),
        ("Kết luận 43 của Ban Bí thư", "43", {"KL"}, "Ban Bí thư", None),
        ("25-NQ/TW", "25", {"NQ"}, None, None),
        ("Chỉ thị 05 năm 2016", "5", {"CT"}, None, 2016),
        ("Quy định 124", "124", {"QĐ", "QĐi"}, None, None),
    ],
)
def test_parse_reference(text, number, kinds, issuer, year):
    q = parse_reference(text)
    assert (q.number, set(q.kind_codes), q.issuer, q.year) == (number, kinds, issuer, year)


def test_free_text_ranking_prefers_issuer_and_kind():
    _, q = _queries(
        doc("a", cite("43-KL/TW", date="2019-01-07", issuer="Ban Bí thư"),
            cite("43-NQ/TW", date="2020-11-24", issuer="Bộ Chính trị", at=300)),
        doc("b", cite("43-KL/TU", date="2019-05-01", issuer="Tỉnh ủy"), province="Tuyên Quang"),
    )  # fmt: skip
    assert q.ref("Kết luận 43 của Ban Bí thư") == "dir:TW/KL/43/2019"
    assert q.ref("NQ 43") == "dir:TW/NQ/43/2020"
    assert q.ref("43-KL/TU") == "dir:TU@tuyên-quang/KL/43/2019"
    ranked = [c.id for c in q.resolve("Kết luận 43")]
    assert ranked == ["dir:TW/KL/43/2019", "dir:TU@tuyên-quang/KL/43/2019"]
    with pytest.raises(RefError):
        q.ref("Chỉ thị 99")
