"""Generalization: citation and metadata extraction on texts the rules were not written from.

tests/data/unseen/ holds documents in the style of other provinces and levels (Tỉnh ủy Bình Định, Quảng Nam,
Khánh Hòa, Long An; Huyện ủy Nga Sơn, Gò Dầu; Thành ủy Buôn Ma Thuột; Đảng ủy Khối; Ban Tuyên giáo Tỉnh ủy)
and provincial Party e-newspaper articles (markdown, HTML), annotated by hand in expected.json (see its
``schema``). Issue #2 measures quality on such text separately from the seeds; this test keeps the figures
of ``python -m ingest.evaluate --unseen`` from sliding back.

Before the generalization fixes the set scored ALL P=0.957 R=0.930 (symbols R=0.984, relation 0.93,
links R=0.80, doc.kind/symbol/date R=0.78, doc.issuer P=0.70); after them every field is 1.0.
heldout/ (3 texts) was written after those fixes and first measured untouched: ALL P=0.983 R=0.967 (a law
name with "và", a ";"-coordinated basis after an unquoted subject); both fixed since, so it is 1.0 too.
heldout2/ (5 texts, annotation frozen before measuring) first scored ALL P=0.983 R=0.969 (a second basis
after an alias definition or an unquoted subject, after an unnumbered congress resolution; a list member
counted twice; "Luật Phòng, chống ..." cut at its comma); after the general fixes it is 1.0 too.
heldout3/ (5 texts, frozen before measuring) first scored ALL P=0.996 R=0.996: only w04's document issuer,
a convention (the body as the text names it, "Ban Chấp hành Đảng bộ tỉnh", as the seeds and u11 keep it;
the annotation was aligned to it); 1.0 since.
heldout4/ (6 texts, frozen before measuring, harder) first scored ALL P=0.976 R=0.983 untouched; the misses
(a retrospective "Sau 10 năm thực hiện X" read as implementing, a joint issuer, a named plenum co-referring
with a numbered one, a link through "ban hành Chương trình hành động ... thực hiện Y", a merged Ban as
document issuer: /work/notes/G4_misses.md) were fixed as general rules, and it now scores ALL P=R=1.000;
test_heldout4_pooled keeps it there.
"""

from __future__ import annotations

import json

import pytest

from ingest.evaluate import (
    HELDOUT2_DIR,
    HELDOUT3_DIR,
    HELDOUT4_DIR,
    HELDOUT5_DIR,
    HELDOUT6_DIR,
    HELDOUT7_DIR,
    HELDOUT8_DIR,
    HELDOUT9_DIR,
    HELDOUT10_DIR,
    HELDOUT11_DIR,
    HELDOUT12_DIR,
    HELDOUT13_DIR,
    HELDOUT14_DIR,
    HELDOUT15_DIR,
    HELDOUT_DIR,
    UNSEEN_DIR,
    UNSEEN_FIELDS,
    UNSEEN_GOLD,
    Score,
    evaluate,
)
from ingest.pipeline import extract_file

FLOOR = 0.95  # every field, precision and recall
FLOOR_ALL = 0.99  # all fields pooled


@pytest.fixture(scope="module", params=["unseen", "heldout", "heldout2", "heldout3"])
def scores(request: pytest.FixtureRequest) -> dict[str, Score]:
    folder = {
        "unseen": UNSEEN_DIR,
        "heldout": HELDOUT_DIR,
        "heldout2": HELDOUT2_DIR,
        "heldout3": HELDOUT3_DIR,
    }[request.param]
    return _batch(folder)


@pytest.fixture(scope="module")
def expected() -> dict:
    return json.loads(UNSEEN_GOLD.read_text(encoding="utf-8"))["documents"]


def test_unseen_set_is_what_the_brief_asks(expected: dict) -> None:
    assert len(expected) >= 12
    suffixes = {name.rsplit(".", 1)[1] for name in expected}
    assert {"txt", "md", "html"} <= suffixes
    news = [n for n, d in expected.items() if d["document"]["kind"] is None]
    assert len(news) >= 3  # reports about documents, which are no documents themselves
    for name in expected:
        assert (UNSEEN_DIR / name).is_file()


@pytest.mark.parametrize(
    "field",
    ["symbols", *UNSEEN_FIELDS, "named", "named.issuer", "links"]
    + [f"doc.{f}" for f in ("kind", "symbol", "date", "issuer", "locality", "district", "signer")]
    + ["doc.implements", "doc.title", "doc.recipients"],
)
def test_field_precision_recall(scores: dict[str, Score], field: str) -> None:
    score = scores.get(field, Score())
    if score.tp + score.fn == 0:
        pytest.skip(f"no {field} in this batch")
    assert score.precision >= FLOOR and score.recall >= FLOOR, (
        score.line(field) + "\n" + "\n".join(score.misses)
    )


def _pooled(scores: dict[str, Score]) -> Score:
    """Every field's counts added up (the "ALL" line of ``python -m ingest.evaluate``)."""
    total = Score()
    for score in scores.values():
        total.add(Score(score.tp, score.fp, score.fn))
    return total


def _batch(folder) -> dict[str, Score]:
    return evaluate(folder / "expected.json", folder, UNSEEN_FIELDS, with_meta=True)


def test_pooled_precision_recall(scores: dict[str, Score]) -> None:
    total = _pooled(scores)
    misses = [m for s in scores.values() for m in s.misses]
    assert total.precision >= FLOOR_ALL and total.recall >= FLOOR_ALL, (
        total.line("ALL") + "\n" + "\n".join(misses)
    )


def test_heldout4_pooled() -> None:
    """The fourth batch after the general fixes of its misses: every field and ALL at P=R=1.000."""
    scores = _batch(HELDOUT4_DIR)
    for field, score in scores.items():
        assert score.fp == 0 and score.fn == 0, score.line(field)
    total = _pooled(scores)
    assert total.tp + total.fn == 293


def test_heldout5_pooled() -> None:
    """The fifth batch (frozen before measuring, see /work/notes/G5_misses.md): first measured ALL P=0.986
    R=0.976 (tp=281 fp=4 fn=7); after the general fixes (the own number repeated under an attached Quy chế,
    a document after a continued one's quoted title, "thay mặt <issuer>, đồng chí ... ký ban hành X" in
    news, a committee's "Quy chế làm việc") P=1.000 R=0.997. Left: the implicit link 138/NQ-CP -> 68-NQ/TW
    ("... ban hành Kế hoạch hành động thực hiện Nghị quyết", the target named by kind alone)."""
    total = _pooled(_batch(HELDOUT5_DIR))
    assert total.tp + total.fn == 288
    assert total.fp <= 0 and total.fn <= 1, total.line("ALL")


def test_heldout6_pooled() -> None:
    """The sixth batch (frozen before measuring, see /work/notes/G6_misses.md): first measured ALL P=0.971
    R=0.964 (tp=264 fp=8 fn=10); after the general fixes (review "sơ kết N năm thực hiện X" cites X, the
    lowest letterhead line issues, a hyphenated place before the date) P=0.989 R=0.978. Left: the issuer
    "Ban Thường vụ Đảng ủy Khối" (u04's gold keeps "Ban Thường vụ Đảng ủy"), a three-line title, two implicit
    links and a mention in the page <title>."""
    total = _pooled(_batch(HELDOUT6_DIR))
    assert total.tp + total.fn == 274
    assert total.fp <= 3 and total.fn <= 6, total.line("ALL")


def test_heldout7_pooled() -> None:
    """The seventh batch (frozen before measuring, see /work/notes/G7_misses.md), measured after every
    earlier batch's fixes and left untouched: ALL P=0.970 R=0.975 (tp=197 fp=6 fn=5; a markdown-table
    letterhead, "thực hiện" outside the opening, mentions in the page <title>). Fixed with the eighth batch's
    causes (pipe tables read as table rows, the page <title> kept, a headline's short form before the full
    citation, "Những năm qua, thực hiện X" / "kết quả N năm thực hiện X" cite X): P=R=1.000."""
    total = _pooled(_batch(HELDOUT7_DIR))
    assert total.tp + total.fn == 202
    assert total.fp == 0 and total.fn == 0, total.line("ALL")


def test_heldout8_pooled() -> None:
    """The eighth batch (5 texts, frozen before measuring), measured untouched: ALL P=0.966 R=0.957
    (tp=199 fp=7 fn=9; a markdown-table letterhead again, a law name with commas cut at the first one, the
    page <title>, "(để báo cáo)" beside a recipient, two relation judgements). After the general fixes:
    P=R=0.995; left: "(để báo cáo)" written on a recipient's line (a layout brace the gold keeps)."""
    total = _pooled(_batch(HELDOUT8_DIR))
    assert total.tp + total.fn == 208
    assert total.fp <= 1 and total.fn <= 1, total.line("ALL")


def test_heldout9_pooled() -> None:
    """The ninth batch (5 texts, frozen before measuring, see /work/notes/G9_misses.md), measured untouched:
    ALL P=0.974 R=0.966 (tp=224 fp=6 fn=8; a markdown-table letterhead again, an issuer cut at " - " in
    "Bà Rịa - Vũng Tàu", a title whose first line opens with "của <issuer>", the page <title>, the issuer of
    "Kế hoạch số 01-KH/BCĐTW"). That was the code before this session's generalization fixes; with the fixes
    written before the batch existed (pipe tables, the page <title>, ...): P=0.983 R=0.978, the untouched
    figure of the code it met. After fixes for its own causes (an alias without "sau đây", a dashed place
    name, "Ban Chỉ đạo Trung ương", a title going on after "của <issuer>"): P=R=1.000."""
    total = _pooled(_batch(HELDOUT9_DIR))
    assert total.tp + total.fn == 232
    assert total.fp == 0 and total.fn == 0, total.line("ALL")


def test_heldout10_pooled() -> None:
    """The tenth batch (5 texts, frozen before measuring, see /work/notes/G10_misses.md), measured untouched:
    ALL P=0.984 R=0.973 (tp=181 fp=3 fn=5; a news sapo "(Đảng Cộng sản) - Ban Thường vụ Thành ủy Thành phố Hồ
    Chí Minh vừa ban hành Kế hoạch số 390-KH/TU" without its issuer, "Nghị quyết Đại hội đại biểu Đảng bộ Thành
    phố lần thứ XI" not found, the locality "Hồ Chí Minh" where the gold keeps "Thành phố Hồ Chí Minh"). This is
    the session's last untouched measurement. After fixes for its
    causes ("thành phố" before the place of an issuer written before "ban hành", "Đảng bộ Thành phố" capitalized):
    P=R=0.989; left: the locality naming convention."""
    total = _pooled(_batch(HELDOUT10_DIR))
    assert total.tp + total.fn == 186
    assert total.fp <= 2 and total.fn <= 2, total.line("ALL")


def test_heldout11_pooled() -> None:
    """The eleventh batch (5 texts, frozen before measuring, see /work/notes/G11_misses.md), measured untouched:
    ALL P=0.991 R=0.986 (tp=217 fp=2 fn=3; a news page's locality: the province "Bình Thuận" where the gold
    keeps the district of the reporting Huyện ủy "Tuy Phong" (locality and district), the joint issuer "của Bộ
    Chính trị, Ban Bí thư" given to the second of "Kết luận số 127-KL/TW và Kết luận 137-KL/TW" only). This is
    the session's last untouched measurement (written after batch 10's fixes). After the fix for the joint
    issuer (a first mention with no tail takes the issuer of the kind-worded item after it): P=0.995 R=0.991;
    left: the news page's locality (a judgement about news about a district committee)."""
    total = _pooled(_batch(HELDOUT11_DIR))
    assert total.tp + total.fn == 220
    assert total.fp <= 1 and total.fn <= 2, total.line("ALL")


def test_heldout12_pooled() -> None:
    """The twelfth batch (6 texts: two district plans, a Thông báo kết luận, a Quy định with Điều articles, a
    Báo cáo citing ten documents, a Markdown news page; frozen before measuring, see /work/notes/G12_misses.md),
    measured untouched: ALL P=0.993 R=0.990 (tp=288 fp=2 fn=3; the issuer "Ban Thường vụ Tỉnh uỷ Thanh Hoá"
    given with "ủy" folded but "Hoá" kept where the gold has "Thanh Hóa", and the news page's locality: the
    province "Quảng Ninh" where the gold keeps the reporting Thành ủy's "Đông Triều" (locality and district)).
    The session's last untouched measurement, with batch 11's. After the fix (an issuer's place in canonical tone
    placement): P=0.997 R=0.993; left: the news page's locality (the judgement call of batch 11)."""
    total = _pooled(_batch(HELDOUT12_DIR))
    assert total.tp + total.fn == 291
    assert total.fp <= 1 and total.fn <= 2, total.line("ALL")


def test_heldout13_pooled() -> None:
    """The thirteenth batch (5 messy converted texts: PDF line wraps inside names and symbols, page numbers and
    a running header between lines, OCR slips; three plans, one in Markdown, a Chỉ thị, a CMS news page; frozen
    before measuring, see /work/notes/G13_misses.md), measured untouched: ALL P=0.972 R=0.959 (tp=212 fp=6
    fn=9; the running header "Kế hoạch số 163-KH/TXU ..." taken as a citation of the document's own symbol, the
    second object of the opening "Thực hiện X (sau đây gọi tắt là ...) và Kế hoạch số Y" / "Thực hiện X, ... và
    Chương trình hành động số Y" taken as only cited (relation and doc.implements, twice each), the issuer of
    "Quyết định số 217-QĐ/TW,\n218-QĐ/TW của Bộ Chính trị" not given to the first list member, a law's name cut
    at a line wrap before "năm 2013", and the news page's locality (the judgement call of batches 11-12)).
    The session's last untouched measurement, with batches 11 and 12. After the fixes (a subject or a list
    wrapped onto the next line goes on, a law's year on the next line, its own number in a running head is
    no citation): P=0.995 R=0.991; left: the news page's locality."""
    total = _pooled(_batch(HELDOUT13_DIR))
    assert total.tp + total.fn == 221
    assert total.fp <= 1 and total.fn <= 2, total.line("ALL")


def test_heldout14_pooled() -> None:
    """The fourteenth batch (5 texts dated after the 2025 reorganization: plans of a Đảng ủy xã, of a Đảng ủy
    phường in Markdown and of the Đảng ủy UBND tỉnh, a commune Nghị quyết, an HTML news page on the đặc khu Phú
    Quốc; frozen before measuring, see /work/notes/G14_misses.md), measured untouched: ALL P=0.952 R=0.935
    (tp=158 fp=8 fn=11; the document issuer of commune-level committees and of the Đảng ủy UBND tỉnh cut to
    "Ban Thường vụ Đảng ủy" or given the wrong level "Ban Chấp hành Đảng bộ tỉnh": 4, the second object of
    "Thực hiện X (sau đây gọi là ...) và Kế hoạch số Y" taken as only cited (relation and doc.implements), the
    title's "Kế hoạch A ... thực hiện Nghị quyết B" giving B "implements" (relation and doc.implements), the
    news page's issuer written before "ban hành Kế hoạch số ...", its implements link and the congress
    resolution of a "Đảng bộ đặc khu"). The last untouched measurement of the session: documents after the
    2025 reorganization. After the fixes (commune-level and "Đảng ủy UBND tỉnh" issuers, "đặc khu", an alias
    "(sau đây gọi là ...)"): P=R=0.988; left: a title's "Kế hoạch A ... thực hiện B" (B cited, per the gold)
    and the news link that depends on it."""
    total = _pooled(_batch(HELDOUT14_DIR))
    assert total.tp + total.fn == 169
    assert total.fp <= 2 and total.fn <= 2, total.line("ALL")


def test_heldout15_pooled() -> None:
    """The fifteenth batch (5 texts of genres not written before, 2023-2025: a Thành ủy's inspection plan, a
    Quyết định issuing a Quy chế phối hợp with Chương/Điều articles, a district Nghị quyết adopting a Đề án in
    Markdown, a Đảng ủy phường's campaign plan, a short HTML news item; frozen before measuring, see
    /work/notes/G15_misses.md), measured untouched: ALL P=0.968 R=0.939 (tp=184 fp=6 fn=12; the second and
    third objects of the opening "Thực hiện A; B; C" taken as only cited (relation and doc.implements: 4), a
    Nghị định named inside an article of the attached Quy chế ("trong thực hiện Luật ... và Nghị định số ...")
    taken as implemented (relation and doc.implements: 2), the Chỉ thị's symbol counted 4 times for 3, the
    unnumbered "Chương trình kiểm tra, giám sát năm 2024 của Ban Thường vụ Tỉnh ủy" (name and issuer), the
    links "Hướng dẫn A ... thực hiện một số điều của Quy định B" and the news plan's second object "và Kế hoạch
    số Y", and the news item's locality and district (the judgement call of batches 11-14)). The session's last
    untouched measurement, with batch 14. After the fix ("; " ends a basis in the opening even after a quoted
    phrase): P=0.979 R=0.959; left: a "thực hiện" inside an attached Quy chế's article, an unnumbered
    "Chương trình kiểm tra, giám sát năm 2024", two links, the news item's locality."""
    total = _pooled(_batch(HELDOUT15_DIR))
    assert total.tp + total.fn == 196
    assert total.fp <= 4 and total.fn <= 8, total.line("ALL")


def test_news_article_is_not_taken_for_the_document_it_reports() -> None:
    """ "Ban Thường vụ Tỉnh ủy vừa ban hành Kế hoạch số 215-KH/TU ... thực hiện Nghị quyết số 18-NQ/TW":
    the article cites both, links them, and has no issuer or implements of its own."""
    result = extract_file(UNSEEN_DIR / "u05_news_binhphuoc.md")
    assert result.document is not None
    assert result.document.issuer is None and result.document.implements == ()
    by_symbol = {c.symbol: c for c in result.citations}
    assert by_symbol["215-KH/TU"].issuer == "Ban Thường vụ Tỉnh ủy"
    assert by_symbol["215-KH/TU"].date == "2022-09-12"
    assert {(link.source, link.target) for link in result.citation_links} == {("215-KH/TU", "18-NQ/TW")}


def test_symbol_wrapped_over_lines_points_at_raw_text() -> None:
    """ "Nghị quyết số 19-\\nNQ/TW" (a PDF text layer's line break): one mention, raw span covers both lines."""
    result = extract_file(UNSEEN_DIR / "u11_longan_nghiquyet.txt")
    cit = next(c for c in result.citations if c.symbol == "19-NQ/TW")
    wrapped = [m for m in cit.mentions if "\n" in m.text]
    assert len(wrapped) == 2
    assert all(m.text.replace("\n", "") == "19-NQ/TW" for m in wrapped)
