"""Canonical identities: symbols, scopes, content ids, agencies; the schema file itself."""

from __future__ import annotations

import pytest
from graphfactory import cite, doc

from graph import ids
from graph.build import build_facts
from graph.schema import load_schema


@pytest.mark.parametrize(
    ("symbol", "expected"),
    [
        ("25-NQ/TW", ("25", "NQ", "TW", "party", None)),
        ("62- KL/TW", ("62", "KL", "TW", "party", None)),
        ("21 – NQ/TW", ("21", "NQ", "TW", "party", None)),
        ("06-Ctr/TU", ("6", "CTr", "TU", "party", None)),
        ("05-CT/TW", ("5", "CT", "TW", "party", None)),
        ("124-QĐ/TW", ("124", "QĐ", "TW", "party", None)),
        ("12-KH/BDVTU", ("12", "KH", "BDVTU", "party", None)),
        ("34/2019/NĐ-CP", ("34", "NĐ", "CP", "state", 2019)),
        ("1847/QĐ-TTg", ("1847", "QĐ", "TTg", "state", None)),
    ],
)
def test_parse_symbol(symbol, expected):
    p = ids.parse_symbol(symbol)
    assert (p.number, p.kind_code, p.issuer_code, p.system, p.year) == expected


def test_parse_symbol_rejects_non_symbols():
    assert ids.parse_symbol("Nghị quyết Đại hội XIII") is None


def _cited_ids(*citations, **kw):
    facts = build_facts(doc("x", *citations, **kw))
    return [e.dst.id or f"REF {e.dst.key}" for e in facts.edges if e.type in ("CITES", "IMPLEMENTS")]


def test_same_symbol_two_years_are_two_nodes():
    got = _cited_ids(cite("18-NQ/TW", date="2017-10-25"), cite("18-NQ/TW", date="2022-06-16", at=400))
    assert got == ["dir:TW/NQ/18/2017", "dir:TW/NQ/18/2022"]


def test_spelling_variants_of_one_symbol_give_one_id():
    a = _cited_ids(cite("05-CT/TW", date="2016-05-15"))
    b = _cited_ids(cite("5-CT/TW", date="2016-05-15"))
    assert a == b == ["dir:TW/CT/5/2016"]


def test_undated_citation_is_a_reference_not_a_node():
    assert _cited_ids(cite("25-NQ/TW")) == ["REF TW/NQ/25"]


def test_state_symbol_id():
    assert _cited_ids(cite("34/2019/NĐ-CP")) == ["dir:VN/NĐ-CP/34/2019"]


def test_local_codes_are_scoped_by_locality():
    """27-CTr/TU exists in every province: never merge two provinces' programmes."""
    c = cite("27-CTr/TU", date="2018-04-10", issuer="Tỉnh ủy")
    lao_cai = _cited_ids(c, province="Lào Cai")
    quang_ninh = _cited_ids(c, province="Quảng Ninh")
    assert lao_cai == ["dir:TU@lào-cai/CTr/27/2018"]
    assert quang_ninh == ["dir:TU@quảng-ninh/CTr/27/2018"]


def test_local_code_without_locality_is_scoped_by_the_citing_document():
    a = build_facts(doc("a", cite("27-CTr/TU", date="2018-04-10")))
    b = build_facts(doc("b", cite("27-CTr/TU", date="2018-04-10")))
    ida = next(e.dst.id for e in a.edges if e.type == "CITES")
    idb = next(e.dst.id for e in b.edges if e.type == "CITES")
    assert ida != idb
    assert a.doc_id in ida and b.doc_id in idb


def test_issuer_locality_beats_document_locality():
    """Seed 001 (a district of Lâm Đồng) cites 'Chỉ thị ... của Ban Thường vụ Tỉnh ủy Lâm Đồng'."""
    c = cite("18-CT/TU", date="2022-02-22", issuer="Ban Thường vụ Tỉnh ủy Lâm Đồng")
    assert _cited_ids(c) == ["dir:TU@lâm-đồng/CT/18/2022"]


def test_tone_placement_does_not_change_ids():
    assert ids.locality_key("Thanh Hoá") == ids.locality_key("thanh hóa") == "thanh-hóa"
    ctx = ids.Context("doc:1", "Lào Cai")
    assert ids.agency_id("ban dân vận tỉnh uỷ", ctx) == ids.agency_id("Ban Dân vận Tỉnh ủy", ctx)


def test_agency_scopes():
    ctx = ids.Context("doc:abc", "Lào Cai")
    assert ids.agency_id("Ban Dân vận Tỉnh ủy", ctx) == "agency:lào-cai/ban-dân-vận-tỉnh-ủy"
    assert ids.agency_id("Ban Dân vận Trung ương", ctx) == "agency:TW/ban-dân-vận-trung-ương"
    nowhere = ids.Context("doc:abc")
    assert ids.agency_id("Ban Dân vận Tỉnh ủy", nowhere) == "agency:doc:abc/ban-dân-vận-tỉnh-ủy"
    # "chính trị - xã hội" is not a commune: the body stays at the document's level
    assert ids.agency_id("các tổ chức chính trị - xã hội tỉnh", ctx).startswith("agency:lào-cai/")


def test_named_documents_national_vs_local():
    ctx = ids.Context("doc:abc", "Lâm Đồng")
    national = ids.named_id("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", ctx)
    local = ids.named_id("Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XI", ctx)
    assert national.startswith("named:VN/")
    assert local.startswith("named:lâm-đồng/")


def test_own_symbol_and_date_make_the_document_the_cited_node():
    """A plan stating 'Số 12-KH/TU ... ngày 2-3-2021' is the node a later citation of 12-KH/TU points to."""
    plan = build_facts(doc("plan", symbol="12-KH/TU", date="2021-03-02", province="Quảng Ninh"))
    citer = build_facts(doc("citer", cite("12-KH/TU", date="2021-03-02",
                                          issuer="Ban Thường vụ Tỉnh ủy Quảng Ninh")))  # fmt: skip
    assert plan.doc_id == "dir:TU@quảng-ninh/KH/12/2021"
    assert next(e.dst.id for e in citer.edges if e.type == "CITES") == plan.doc_id


def test_content_id_is_format_independent(samples_dir, tmp_path):
    """The same text as .txt and as .docx gets the same document id."""
    docx = pytest.importorskip("docx")
    from ingest.pipeline import extract_file
    from ingest.reader import read_file

    src = samples_dir / "003_caa092b2d29ab743.txt"
    d = docx.Document()
    for para in read_file(str(src)).text.split("\n"):
        if para.strip():
            d.add_paragraph(para)
    out = tmp_path / "same.docx"
    d.save(out)
    a, b = extract_file(src), extract_file(out)
    assert build_facts(a).doc_id == build_facts(b).doc_id
    other = extract_file(samples_dir / "002_d5e775b8c46f1c5a.txt")
    assert build_facts(other).doc_id != build_facts(a).doc_id


def test_schema_declares_every_edge_and_provenance():
    s = load_schema()
    assert set(s.labels) == {"Directive", "IssuingBody", "Agency", "Task", "Locality"}
    for name in ("IMPLEMENTS", "CITES", "ISSUED_BY", "HAS_TASK", "ASSIGNED_TO", "SENT_TO", "CONTINUES"):
        assert name in s.edges
    assert "role" in s.edges["ASSIGNED_TO"].properties
    assert {"source_doc", "source_file", "start", "end", "sentence", "extractor_version"} <= set(s.provenance)
    with pytest.raises(ValueError):
        s.check_edge("CITES", "Agency", "Directive", {})
    with pytest.raises(ValueError):
        s.check_node("Directive", {"colour": "red"})


def test_every_built_edge_has_provenance():
    facts = build_facts(doc("p", cite("25-NQ/TW", date="2013-06-03", relation="implements")))
    for e in facts.edges:
        assert e.prov["source_doc"] == facts.doc_id
        assert e.prov["source_file"] == "/corpus/p.txt"
        assert e.prov["extractor_version"] == "test"
    cites = next(e for e in facts.edges if e.type == "IMPLEMENTS")
    assert (cites.prov["start"], cites.prov["end"], cites.prov["line"]) == (100, 108, 3)
