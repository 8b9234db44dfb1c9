"""Sections, tasks, assignments and targets of the five seeds against the gold annotation.

Figures are computed by tests/eval_structure.py (``.venv/bin/python -m tests.eval_structure`` prints them
with every miss). Assignments are compared per task as sets of (agency key, role).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import SEED_NAMES
from eval_structure import evaluate, evaluate_seed, load_gold, regex_citations

from ingest.citations import extract_citations
from ingest.pipeline import extract_file, extract_source
from ingest.reader import read_file
from ingest.structure import extract_structure
from ingest.text import SourceText
from ingest.vietnamese import collapse_ws

THRESHOLD = 0.98  # reached: 1.000 / 1.000 on the 129 gold assignments (see the report printed below)


@pytest.fixture(scope="module")
def report():
    return evaluate()


def test_assignment_precision_recall(report, capsys):
    reports, total = report
    with capsys.disabled():
        for r in [*reports, total]:
            a = r.assignments
            print(
                f"\n{r.name}: assignments P={a.precision:.3f} R={a.recall:.3f} (tp={a.tp} fp={a.fp} fn={a.fn})"
            )
    assert total.assignments.tp + total.assignments.fn == 129  # every gold task assignment was compared
    assert total.assignments.precision >= THRESHOLD, total.misses
    assert total.assignments.recall >= THRESHOLD, total.misses


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_gold_task_with_its_fields(name, gold):
    """Every gold task is found with the right id, section, number, deadline, lines, heading, time
    expressions and cited symbols; no extra task."""
    rep = evaluate_seed(name, gold[name])
    assert rep.tasks.fn == 0 and rep.tasks.fp == 0
    assert not rep.field_errors, "\n".join(rep.field_errors)


def test_preamble_assignments(report):
    _, total = report
    assert total.preamble.tp == 5  # seeds 001 (3) and 002 (2)
    assert total.preamble.fp == 0 and total.preamble.fn == 0


def test_targets_of_seed_004(gold):
    name = "004_3d2e4d458bf22322.txt"
    rep = evaluate_seed(name, gold[name])
    assert rep.targets.tp == 9 and rep.targets.fp == 0 and rep.targets.fn == 0


def test_deadline_normalized(samples_dir):
    src = read_file(samples_dir / "003_caa092b2d29ab743.txt")
    _, tasks, _, _ = extract_structure(src, [])
    dl = {t.id: t.deadline for t in tasks if t.deadline}
    assert dl["II.1"].text == "quý II năm 2019" and dl["II.1"].date == "2019-06-30"
    assert src.raw[dl["II.1"].start : dl["II.1"].end] == "quý II năm 2019"
    src = read_file(samples_dir / "004_3d2e4d458bf22322.txt")
    _, tasks, _, _ = extract_structure(src, [])
    iv8 = next(t for t in tasks if t.id == "IV.8")
    assert iv8.deadline.text == "định kỳ 6 tháng, 1 năm" and iv8.deadline.period == "P6M,P1Y"
    assert iv8.deadline.date is None


@pytest.mark.parametrize("name", SEED_NAMES)
def test_raw_offsets_point_at_the_source(name, samples_dir):
    """Task spans start at the item's number in the raw file; agency spans hold the agency as written."""
    src = read_file(samples_dir / name)
    sections, tasks, targets, _ = extract_structure(src, regex_citations(src))
    for t in tasks:
        assert re.match(r"[\s#*]*\(?\d", src.raw[t.start : t.end]), t.id
        assert src.line_of(t.start) == t.lines[0]
        for a in t.assignments:
            raw = collapse_ws(re.sub(r"[*\\]|<[^>]+>", "", src.raw[a.start : a.end]))
            assert raw == a.agency, (t.id, raw, a.agency)
            assert src.line_of(a.start) == a.line
    for s in sections:
        assert collapse_ws(re.sub(r"[*#]", "", src.raw[s.start : s.end])).startswith(s.title)


def test_cited_symbols_with_the_citation_extractor(samples_dir, gold):
    """With the real citation stage (when it finds citations), tasks list the symbols cited inside them."""
    name = "000_cda070d9e597bd06.txt"
    src = read_file(samples_dir / name)
    citations, _, _ = extract_citations(src)
    if not any(c.symbol for c in citations):
        pytest.skip("the citation extractor finds no numbered citation yet")
    result = extract_source(src)
    got = {t.id: set(t.cited_symbols) for t in result.tasks}
    want = {t["id"]: set(t["cited_symbols"]) for t in gold[name]["tasks"]}
    assert got == want


def test_no_sections_gives_a_warning_not_an_error():
    src = SourceText.identity(
        "memo.txt",
        "Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị.\n\nĐề nghị các đồng chí quan tâm.",
    )
    sections, tasks, targets, warnings = extract_structure(src, [])
    assert sections == [] and tasks == [] and targets == []
    assert len(warnings) == 1 and "no numbered sections" in warnings[0]
    result = extract_source(src)
    assert result.tasks == () and any("no numbered sections" in w for w in result.warnings)


def test_sections_without_tasks_section_warn():
    text = "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Nâng cao nhận thức.\n\nII. TÌNH HÌNH\n\nNhiều kết quả."
    sections, tasks, _, warnings = extract_structure(SourceText.identity("x.txt", text), [])
    assert [s.section_type for s in sections] == ["purpose", "other"]
    assert tasks == [] and warnings


def test_pipeline_output_carries_tasks(samples_dir):
    result = extract_file(samples_dir / "001_8621afda0c88fb14.txt")
    data = result.to_dict()
    assert [t["id"] for t in data["tasks"]][:2] == ["II.1", "II.2"]
    assert data["sections"][1]["preamble_text"].startswith("Cấp ủy đảng, chính quyền")
    assert data["tasks"][-1]["assignments"][0]["key"] == "ban dân vận huyện ủy"


HELDOUT2 = Path(__file__).resolve().parent / "data" / "unseen" / "heldout2"


def _measured(folder: Path):
    """A held-out batch's structure figures over all its files, with the real citation extractor."""
    _, total = evaluate(load_gold(folder / "structure.json"), folder, citations="extractor")
    return total


def test_heldout2_structure():
    """The second held-out batch (5 texts of other provinces, structure.json frozen before measuring).

    First measured untouched: assignments P=0.990 R=0.896 (tp=95 fp=1 fn=11: agencies outside the
    vocabulary, "Ban cán sự đảng X lãnh đạo X chủ trì"), one deadline taken for a time expression
    ("định kỳ 6 tháng, 1 năm tổng hợp, báo cáo"). After the general fixes: 1.000 / 1.000 on 106
    assignments, and with the real citation extractor every task field is right, cited symbols included.
    """
    total = _measured(HELDOUT2)
    a = total.assignments
    assert a.tp + a.fn == 106
    assert a.precision >= THRESHOLD and a.recall >= THRESHOLD, total.misses
    assert total.tasks.fp == 0 and total.tasks.fn == 0
    assert not total.field_errors, "\n".join(total.field_errors)


HELDOUT3 = HELDOUT2.parent / "heldout3"


def test_heldout3_structure():
    """The third held-out batch (5 texts incl. a Chỉ thị without sections and a news page, frozen before
    measuring). First measured untouched: assignments P=0.989 R=0.887 (tp=86 fp=1 fn=11: the subject of an
    "a)"/"b)" sub-item, names outside the vocabulary or with a comma pair, "các xã, thị trấn ven biển" cut
    before its qualifier), title years of cited documents taken as task times. After the general fixes (and
    the untitled Chỉ thị section aligned to the extractor's convention): 1.000 / 1.000 on 97 assignments,
    every task field right with the real citation extractor.
    """
    total = _measured(HELDOUT3)
    a = total.assignments
    assert a.tp + a.fn == 97
    assert a.precision >= THRESHOLD and a.recall >= THRESHOLD, total.misses
    assert total.tasks.fp == 0 and total.tasks.fn == 0 and total.tasks.tp == 31
    assert not total.field_errors, "\n".join(total.field_errors)


HELDOUT4 = HELDOUT2.parent / "heldout4"


def test_heldout4_structure():
    """The fourth batch (6 texts, frozen before measuring, see /work/notes/G4_misses.md). First measured
    untouched: assignments P=0.894 R=0.809 (tp=93 fp=11 fn=22: heads outside the vocabulary, names cut at
    " - " or before a proper name or a list of committees, a collective split, a run-on "..., giao X chủ
    trì", a lead-in line running into its "a)" sub-item). After the general fixes: P=1.000 R=0.983; with the
    later batches' (steering committees named by their topic, a name ending before an action verb): P=R=1.000;
    left: three judgement calls on time expressions ("đến năm 2030" twice, "sinh hoạt chi bộ định kỳ") where
    the annotation omits what the schema's time patterns report.
    """
    total = _measured(HELDOUT4)
    a = total.assignments
    assert a.tp + a.fn == 115
    assert a.fp == 0 and a.fn == 0, total.misses
    assert total.tasks.fp == 0 and total.tasks.fn == 0
    # x03's preamble "Thực hiện Chỉ thị số 39-CT/TW ..., Ban Thường vụ Tỉnh ủy yêu cầu <three bodies> ..."
    assert total.preamble.tp == 3 and total.preamble.fp == 0 and total.preamble.fn == 0
    assert len(total.field_errors) <= 3, "\n".join(total.field_errors)
    assert all("time_expressions" in e for e in total.field_errors), "\n".join(total.field_errors)


HELDOUT5 = HELDOUT2.parent / "heldout5"


def test_heldout5_structure():
    """The fifth batch (6 texts, frozen before measuring, see /work/notes/G5_misses.md). First measured
    untouched: assignments P=0.916 R=0.853 (tp=87 fp=8 fn=15: 2025 body names "Đảng ủy UBND tỉnh" cut to
    "Đảng ủy", "Thành đoàn <place>" cut, telecom branches unknown, "chỉ đạo X phối hợp với Y tham mưu" not
    giving X's and Y's roles, a short heading line running into its paragraph). After the general fixes:
    P=0.990 R=0.990; after the eighth batch's fixes (a Công văn's closing sentence ends the body) P=1.000
    R=0.990; left: a body both cooperating in a) and responsible in b) of one item.
    """
    total = _measured(HELDOUT5)
    a = total.assignments
    assert a.tp + a.fn == 102
    assert a.fp == 0 and a.recall >= 0.99, total.misses
    assert total.tasks.fp == 0 and total.tasks.fn == 0
    assert len(total.field_errors) <= 1, "\n".join(total.field_errors)


HELDOUT6 = HELDOUT2.parent / "heldout6"


def test_heldout6_structure():
    """The sixth batch (6 texts, frozen before measuring, see /work/notes/G6_misses.md). First measured
    untouched: tasks P=0.885 R=0.793, assignments P=0.817 R=0.628 (tp=49 fp=11 fn=29: a Kết luận's title-case
    "2. Nhiệm vụ, giải pháp" sections unseen, "Đảng ủy Khối" cut to "Đảng ủy", "Phòng Tổ chức đảng, đảng
    viên" cut at its comma). After the general fixes: tasks 1.000, assignments P=0.949 R=0.949; with the later
    batches' ("Chi ủy các chi bộ", "các ban xây dựng đảng", a body both cooperating and responsible): P=0.963
    R=0.987; left: schedule bullets taken as bodies ("chi bộ cơ sở" ...), "Đoàn Luật sư tỉnh".
    """
    total = _measured(HELDOUT6)
    a = total.assignments
    assert a.tp + a.fn == 78
    assert a.fp <= 3 and a.fn <= 1, total.misses
    assert total.tasks.fp == 0 and total.tasks.fn == 0
    assert len(total.field_errors) <= 3, "\n".join(total.field_errors)


HELDOUT7 = HELDOUT2.parent / "heldout7"


def test_heldout7_structure():
    """The seventh batch (5 texts, frozen before measuring, see /work/notes/G7_misses.md), measured after
    every earlier batch's fixes and left untouched: tasks P=R=1.000, assignments P=0.986 R=0.922 (tp=71 fp=1
    fn=6: bodies such as "Phòng giao dịch Ngân hàng Chính sách xã hội huyện" not found, a name cut at " - ",
    markdown items with only the number in bold). After the general fixes (with the eighth and ninth batches'):
    P=1.000 R=0.987; left: a generic "các doanh nghiệp viễn thông trên địa bàn" partner.
    """
    total = _measured(HELDOUT7)
    a = total.assignments
    assert a.tp + a.fn == 77
    assert a.fp == 0 and a.fn <= 1, total.misses
    assert total.tasks.fp == 0 and total.tasks.fn == 0
    assert len(total.field_errors) <= 5, "\n".join(total.field_errors)


HELDOUT8 = HELDOUT2.parent / "heldout8"


def test_heldout8_structure():
    """The eighth batch (5 texts, frozen before measuring), measured untouched: tasks P=R=1.000 (35),
    assignments P=R=0.986 (tp=69 fp=1 fn=1: a Ban Chỉ đạo name cut at "về", a Công văn's closing sentence
    kept in its last item). After the general fixes (the closing sentence ends the body, steering committees
    named by their topic "Ban Chỉ đạo ... về ..."): P=R=1.000."""
    total = _measured(HELDOUT8)
    a = total.assignments
    assert a.tp + a.fn == 70
    assert a.fp == 0 and a.fn == 0, total.misses
    assert total.tasks.fp == 0 and total.tasks.fn == 0


HELDOUT9 = HELDOUT2.parent / "heldout9"


def test_heldout9_structure():
    """The ninth batch (5 texts, frozen before measuring, see /work/notes/G9_misses.md), measured untouched:
    tasks P=0.935 R=0.879 (tp=29 fp=2 fn=4: "1.1."/"2.1." sub-items under a bodiless "1."/"2." group heading
    are folded into it), assignments P=0.958 R=0.821 (tp=69 fp=3 fn=15: those sub-items' 9, names outside
    the vocabulary such as "Viettel Hà Nam", "Thị đoàn", "Phòng giao dịch Ngân hàng Chính sách xã hội thị
    xã", "Đài Phát thanh và Truyền hình Hà Nam" cut before the place, "Đảng ủy Mặt trận Tổ quốc, các đoàn thể
    thành phố" cut at the comma). With the fixes written before the batch existed: assignments P=0.973
    R=0.845 (the untouched figure of the code it met); after fixes for its own causes (dotted items under a
    group heading are the tasks, "Viễn thông <Place>", "Thị đoàn", the 2025 "Đảng ủy Mặt trận Tổ quốc, các
    đoàn thể", a body reported to after a comma is no subject): tasks P=R=1.000, assignments P=1.000
    R=0.988; left: "phối hợp với Ngân hàng Chính sách xã hội giám sát" (a name before an ordinary verb)."""
    total = _measured(HELDOUT9)
    a = total.assignments
    assert a.tp + a.fn == 84
    assert a.fp == 0 and a.fn <= 1, total.misses
    assert total.tasks.tp + total.tasks.fn == 33
    assert total.tasks.fp == 0 and total.tasks.fn == 0
    # s03's preamble "Thực hiện Kết luận số 132-KL/TW ..., Ban Thường vụ Tỉnh ủy yêu cầu <four bodies> ..."
    assert total.preamble.tp == 4 and total.preamble.fp == 0 and total.preamble.fn == 0


HELDOUT10 = HELDOUT2.parent / "heldout10"


def test_heldout10_structure():
    """The tenth batch (5 texts, frozen before measuring, see /work/notes/G10_misses.md), measured untouched:
    tasks P=R=1.000 (26), assignments P=1.000 R=0.919 (tp=57 fp=0 fn=5: the subject of the body paragraph under
    a "### 1. ..." markdown heading item (3), "phối hợp với Phòng Tài nguyên và Môi trường" after a lead whose
    name holds "và", the generic "các hợp tác xã"), targets R=0.50 ("(1)".."(3)" straight under "I. MỤC TIÊU"
    with no "Mục tiêu cụ thể" heading), 6 task field errors (the "###" headings not taken as headings, a
    first-12-words heading running on into the dash bullets of the next line). This is the generalization
    figure: the session's last untouched measurement. After fixes for its causes (a Markdown
    heading line is the item's bold heading, a heading never runs into a sub-item, a name ends before an action
    verb such as "rà soát"): assignments P=1.000 R=0.984, 1 field error; left: "các hợp tác xã" and the targets."""
    total = _measured(HELDOUT10)
    a = total.assignments
    assert a.tp + a.fn == 62
    assert a.fp == 0 and a.fn <= 1, total.misses
    assert total.tasks.tp + total.tasks.fn == 26
    assert total.tasks.fp == 0 and total.tasks.fn == 0
    assert total.targets.tp + total.targets.fn == 6 and total.targets.tp >= 3
    # t03's preamble "..., Ban Thường vụ Thành ủy yêu cầu <three bodies> thực hiện tốt các nhiệm vụ sau:"
    assert total.preamble.tp == 3 and total.preamble.fp == 0 and total.preamble.fn == 0
    assert len(total.field_errors) <= 1, "\n".join(total.field_errors)


HELDOUT11 = HELDOUT2.parent / "heldout11"


def test_heldout11_structure():
    """The eleventh batch (5 texts incl. a long provincial plan and a .docx, frozen before measuring, see
    /work/notes/G11_misses.md), measured untouched: tasks P=0.972 R=0.897 (tp=35 fp=1 fn=4: "1.1."-"1.4."
    folded into their "1." group heading), assignments P=0.979 R=0.853 (tp=93 fp=2 fn=16: those sub-items'
    7, the 2025 body "Ban Chính sách, chiến lược Tỉnh ủy/Trung ương" cut at its comma (4, and its "tham mưu"
    given to the run-on's first subject), a "X chủ trì" lead lost in the paragraph under a heading line (3),
    "Thanh tra" taken from a heading, a second role of one body), preamble R=0.80 (a Công văn's "Ban Thường vụ
    Thành ủy đề nghị các cơ quan, đơn vị thực hiện"), targets R=1.000, 11 task field errors (three reporting
    periods "định kỳ 6 tháng ..." not taken as the deadline, the .docx bold paragraphs not taken as headings).
    The session's last untouched measurement. After the general fixes (a longer group heading, "Ban Chính sách,
    chiến lược", "Thanh tra" only with its level, a heading paragraph of its own, a reporting period closing a
    clause that reported): tasks P=R=1.000, assignments P=1.000 R=0.982, 3 field errors (the .docx reader
    keeps no bold, so its headings count as first words); left: a 14-word heading line before its subject's
    line, a body both cooperating and responsible in one item."""
    total = _measured(HELDOUT11)
    a = total.assignments
    assert a.tp + a.fn == 109
    assert a.fp == 0 and a.fn <= 2, total.misses
    assert total.tasks.tp + total.tasks.fn == 39
    assert total.tasks.fp == 0 and total.tasks.fn == 0
    assert total.targets.tp + total.targets.fn == 5 and total.targets.tp == 5
    assert total.preamble.tp + total.preamble.fn == 5 and total.preamble.tp >= 4 and total.preamble.fp == 0
    field_errors = [e for e in total.field_errors if "task not found" not in e]
    assert len(field_errors) <= 3, "\n".join(field_errors)


HELDOUT12 = HELDOUT2.parent / "heldout12"


def test_heldout12_structure():
    """The twelfth batch (6 texts: two district plans, one in Markdown with bold item headings, a Thông báo kết
    luận, a Quy định whose Chương/Điều articles bear no tasks, a Báo cáo, a news page; frozen before measuring, see
    /work/notes/G12_misses.md), measured untouched: tasks P=R=1.000 (24), assignments P=0.962 R=0.962 (tp=50
    fp=2 fn=2: the generic "các doanh nghiệp viễn thông" after "phối hợp với ... và", a name run on into the verb
    "đẩy mạnh", the closing "Văn phòng Huyện ủy thông báo ..." sentence folded into the last item and its subject
    taken as responsible), targets R=1.000, 3 task field errors (that item's lines, a reporting period "hằng năm
    báo cáo" taken as a time expression instead of the deadline: 2). The session's last untouched measurement,
    with batch 11's. After the general fixes (a Thông báo kết luận's "Văn phòng ... thông báo để ... biết, thực
    hiện" ends the body, a level or locality word is no inner word of a name): assignments P=1.000 R=0.981;
    left: "các doanh nghiệp viễn thông" and a bare "hằng năm báo cáo" as the deadline (judgement calls)."""
    total = _measured(HELDOUT12)
    a = total.assignments
    assert a.tp + a.fn == 52
    assert a.fp == 0 and a.fn <= 1, total.misses
    assert total.tasks.tp + total.tasks.fn == 24
    assert total.tasks.fp == 0 and total.tasks.fn == 0
    assert total.targets.tp + total.targets.fn == 4 and total.targets.tp == 4
    assert total.preamble.tp + total.preamble.fn == 0 and total.preamble.fp == 0
    field_errors = [e for e in total.field_errors if "task not found" not in e]
    assert len(field_errors) <= 3, "\n".join(field_errors)


HELDOUT13 = HELDOUT2.parent / "heldout13"


def test_heldout13_structure():
    """The thirteenth batch (5 messy converted texts: PDF line wraps inside names, deadlines and symbols, page
    numbers and a running header between lines, OCR slips; three plans, one in Markdown, a Chỉ thị with a
    preamble, a CMS news page; frozen before measuring, see /work/notes/G13_misses.md), measured untouched:
    tasks P=R=1.000 (31), assignments P=0.945 R=0.945 (tp=69 fp=4 fn=4: "Hội Doanh nghiệp huyện" cut to "Hội
    Doanh", "Cấp ủy các cơ quan, đơn vị" cut to "cấp ủy", a bullet body under "lãnh đạo, chỉ đạo:" taken as
    responsible, "các xã, thị trấn có hồ chứa" missed, the OCR slip "Ban Dân vân" kept), preamble 4/4, targets
    4/4, 7 task field errors (deadlines wrapped over a line kept with their newline: 2, a page number or running
    header folded into an item's lines: 3, the header's own symbol among its cited symbols, "trước mùa mưa lũ"
    not taken as a deadline). The session's last untouched measurement, with batches 11 and 12. After the
    fixes (deadlines and time expressions with their line breaks collapsed, "Hội Doanh nghiệp"): assignments
    P=R=0.959; left: "cấp ủy các cơ quan, đơn vị" cut, a bullet under "lãnh đạo, chỉ đạo:", the OCR slip
    "Ban Dân vân", "các xã, thị trấn có hồ chứa" after ";"; page numbers inside an item's line range."""
    total = _measured(HELDOUT13)
    a = total.assignments
    assert a.tp + a.fn == 73
    assert a.fp <= 3 and a.fn <= 3, total.misses
    assert total.tasks.tp + total.tasks.fn == 31
    assert total.tasks.fp == 0 and total.tasks.fn == 0
    assert total.targets.tp + total.targets.fn == 4 and total.targets.tp == 4
    assert total.preamble.tp + total.preamble.fn == 4 and total.preamble.tp == 4 and total.preamble.fp == 0
    field_errors = [e for e in total.field_errors if "task not found" not in e]
    assert len(field_errors) <= 7, "\n".join(field_errors)


HELDOUT14 = HELDOUT2.parent / "heldout14"


def test_heldout14_structure():
    """The fourteenth batch (5 texts dated after the 2025 reorganization: plans of a Đảng ủy xã, of a Đảng ủy
    phường in Markdown with bold item headings and of the Đảng ủy UBND tỉnh with "1.1." items, a commune Nghị
    quyết with "1-" items and "a)" targets, a news page; frozen before measuring, see /work/notes/G14_misses.md),
    measured untouched: tasks P=R=1.000 (31), assignments P=0.946 R=0.828 (tp=53 fp=3 fn=11: a bold heading
    that names the subject of the body ("**2. Ban Xây dựng Đảng Đảng ủy phường**" + "Tham mưu ..."): 4, "Đảng ủy
    Sở ..." cut to "Đảng ủy" with the led Sở's own chủ trì/tham mưu roles lost: 5, the second of two subjects
    "Công an xã, Đồn Biên phòng Diêm Điền phối hợp", "Ban Quản lý dự án đầu tư xây dựng khu vực" after "phối
    hợp với", "các trường học trên địa bàn"), targets 8/8, 5 task field errors (a run-in plain heading line
    not joined to the body, "định kỳ" of "Khám sức khỏe định kỳ" taken as a time expression, "thường xuyên",
    "năm 2030" and a second reporting date missed). The last untouched measurement of the session. After the
    fixes ("Đảng ủy Sở X", "Ban Xây dựng Đảng", "Đồn Biên phòng", a bold heading that only names a body is the
    subject of the text under it): assignments P=0.984 R=0.938; left: "Đảng ủy Sở Công Thương lãnh đạo Sở
    Công Thương tham mưu" (the led body's role), long unit names, "các trường học trên địa bàn"."""
    total = _measured(HELDOUT14)
    a = total.assignments
    assert a.tp + a.fn == 64
    assert a.fp <= 1 and a.fn <= 4, total.misses
    assert total.tasks.tp + total.tasks.fn == 31
    assert total.tasks.fp == 0 and total.tasks.fn == 0
    assert total.targets.tp + total.targets.fn == 8 and total.targets.tp == 8
    assert total.preamble.tp + total.preamble.fn == 0 and total.preamble.fp == 0
    field_errors = [e for e in total.field_errors if "task not found" not in e]
    assert len(field_errors) <= 5, "\n".join(field_errors)


HELDOUT15 = HELDOUT2.parent / "heldout15"


def test_heldout15_structure():
    """The fifteenth batch (5 texts of genres not written before: an inspection plan whose "1-" items carry
    "- Đối tượng / Thời gian / Lực lượng" lines, a Quy chế phối hợp with Chương/Điều articles and no roman
    sections, a district Nghị quyết adopting a Đề án in Markdown with bold item headings and "a)" targets, a
    campaign plan with "1)" items and "(1)" targets under "II. CHỈ TIÊU", a news item; frozen before measuring,
    see /work/notes/G15_misses.md), measured untouched: tasks P=R=1.000 (23), assignments P=0.889 R=0.870
    (tp=40 fp=5 fn=6: the inspected bodies of "- Đối tượng:" taken as responsible: 4, the inspecting "Đoàn
    kiểm tra số 1" missed, "Đảng ủy các xã Nam Thịnh, Nam Phú, Đông Minh" cut to "Đảng ủy các xã", a verbless
    list "X, Y, Z theo chức năng, nhiệm vụ thường xuyên kiểm tra": 3, "Ban Quản lý Khu kinh tế và các khu
    công nghiệp tỉnh" after "phối hợp với"), targets 4/7 (the "(1)" items under "II. CHỈ TIÊU" missed), 10
    task field errors (the "- Thời gian:" window and a relative "chậm nhất 05 ngày trước khi ..." not taken as
    deadlines, "tham mưu giúp X" losing X, "hằng năm báo cáo" / "định kỳ 6 tháng tổng hợp, tham mưu ... báo
    cáo" not taken as reporting periods, "thường xuyên", "quý III năm 2024", "Năm 2027 sơ kết" missed). The
    session's last untouched measurement, with batch 14. After the fix (the list after "Đối tượng:" is the
    bodies inspected, not responsible): assignments P=0.976 R=0.870."""
    total = _measured(HELDOUT15)
    a = total.assignments
    assert a.tp + a.fn == 46
    assert a.fp <= 1 and a.fn <= 6, total.misses
    assert total.tasks.tp + total.tasks.fn == 23
    assert total.tasks.fp == 0 and total.tasks.fn == 0
    assert total.targets.tp + total.targets.fn == 7 and total.targets.tp >= 4
    assert total.preamble.tp + total.preamble.fn == 0 and total.preamble.fp == 0
    field_errors = [e for e in total.field_errors if "task not found" not in e]
    assert len(field_errors) <= 10, "\n".join(field_errors)
