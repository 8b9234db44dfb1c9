"""Table-driven cases: every numbering style and every role phrasing, from real sentences.

Sentences come from the seeds and from plans of other provinces (same formulae, other bodies and
localities), so that the rules are checked beyond the five seeds.
"""

from __future__ import annotations

import pytest

from ingest.agencies import agency_key, match_list
from ingest.assignments import analyze
from ingest.citations import extract_citations
from ingest.deadlines import find_deadline, find_time_expressions
from ingest.reader import read_text
from ingest.structure import extract_structure
from ingest.text import SourceText


def pairs(text: str) -> set[tuple[str, str]]:
    return {(h.agency.text, h.role) for h in analyze(text, 0, len(text))}


# ---------------------------------------------------------------- numbering styles (whole documents)

PLAN_TAIL = "\n\nNơi nhận:\n- Như trên,\n- Lưu VPTU.\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\n"

NUMBERING_CASES = [
    (
        "roman dash, arabic dash (Tuyên Quang style)",
        "txt",
        "I- MỤC ĐÍCH, YÊU CẦU\n\n1- Mục đích\n\nNâng cao nhận thức.\n\nII- NỘI DUNG\n\n"
        "1- Tổ chức phổ biến, quán triệt Kết luận. Thời gian hoàn thành trong quý II năm 2019.\n\n"
        "2- Tiếp tục tạo sự chuyển biến mạnh mẽ.\n\nIII- TỔ CHỨC THỰC HIỆN\n\n"
        "1- Ban Dân vận Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan hướng dẫn.",
        ["II.1", "II.2", "III.1"],
    ),
    (
        "roman dot, arabic dot (Lâm Đồng style)",
        "txt",
        "I. MỤC ĐÍCH, YÊU CẦU\n\n1. Mục đích\n\n- Nhằm tiếp tục.\n\nII. NỘI DUNG THỰC HIỆN\n\n"
        "1. Các cấp ủy Đảng, chính quyền tiếp tục nhận thức đầy đủ.\n\n2. Tiếp tục đổi mới phong cách.\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n\n1. UBND huyện tiếp tục xây dựng quy chế.\n\n2. Ban Tổ chức Huyện ủy tham mưu.",
        ["II.1", "II.2", "III.1", "III.2"],
    ),
    (
        "markdown headings and glued bold headings",
        "md",
        "**I- MỤC ĐÍCH, YÊU CẦU**\n\n- Quán triệt.\n\n**II- NHIỆM VỤ, GIẢI PHÁP****1. Tăng cường sự lãnh đạo**\n\n"
        "Các cấp ủy đảng tăng cường lãnh đạo.\n\n## **2. Tuyên truyền, vận động**\n\nMặt trận Tổ quốc tăng cường.\n\n"
        "### III- TỔ CHỨC THỰC HIỆN\n\n1. Ban Tuyên giáo Tỉnh ủy tham mưu Tỉnh ủy tổ chức quán triệt.",
        ["II.1", "II.2", "III.1"],
    ),
    (
        "parenthesized items",
        "txt",
        "I. MỤC TIÊU\n\nNâng cao chất lượng.\n\nII. NHIỆM VỤ TRỌNG TÂM\n\n(1) Sở Nội vụ chủ trì rà soát.\n\n"
        "(2) Sở Tài chính bảo đảm kinh phí.\n\n(3) Công an tỉnh nắm chắc tình hình.",
        ["II.1", "II.2", "II.3"],
    ),
    (
        "dotted items",
        "txt",
        "I. YÊU CẦU\n\nThực hiện nghiêm túc.\n\nII. NHIỆM VỤ VÀ GIẢI PHÁP\n\n2.1. Đẩy mạnh tuyên truyền.\n\n"
        "2.2. Nâng cao chất lượng.\n\nIII. TỔ CHỨC THỰC HIỆN\n\n3.1. Các huyện ủy xây dựng kế hoạch.",
        ["II.2.1", "II.2.2", "III.3.1"],
    ),
    (
        "letter items",
        "txt",
        "I. MỤC ĐÍCH\n\nQuán triệt.\n\nII. NỘI DUNG\n\na) Tổ chức hội nghị quán triệt.\n\nb) Tổ chức sơ kết.",
        ["II.a", "II.b"],
    ),
    (
        "no roman numerals: upper-case arabic headings",
        "txt",
        "1. MỤC ĐÍCH, YÊU CẦU\n\nQuán triệt.\n\n2. NHIỆM VỤ, GIẢI PHÁP\n\na) Tăng cường lãnh đạo.\n\n"
        "b) Đổi mới nội dung.\n\n3. TỔ CHỨC THỰC HIỆN\n\na) Ban Dân vận Thành ủy chủ trì theo dõi.",
        ["2.a", "2.b", "3.a"],
    ),
    (
        "no roman numerals: title-case arabic headings (Kết luận)",
        "txt",
        "1. Kết quả đạt được\n\nCác cấp ủy quan tâm lãnh đạo.\n\n2. Nhiệm vụ trọng tâm thời gian tới\n\n"
        "a) Các huyện ủy, thị ủy tiếp tục quán triệt.\n\nb) Ban Tuyên giáo Tỉnh ủy chủ trì tuyên truyền.\n\n"
        "3. Tổ chức thực hiện\n\n(1) Văn phòng Tỉnh ủy theo dõi, đôn đốc.\n\n(2) Các cơ quan báo chí đưa tin.",
        ["2.a", "2.b", "3.1", "3.2"],
    ),
    (
        "bullets when nothing is numbered",
        "txt",
        "I. MỤC ĐÍCH\n\nQuán triệt.\n\nII. TỔ CHỨC THỰC HIỆN\n\n- Các huyện ủy xây dựng kế hoạch.\n\n"
        "- Ban Dân vận Tỉnh ủy theo dõi.",
        ["II.1", "II.2"],
    ),
]


@pytest.mark.parametrize(
    ("label", "fmt", "body", "ids"), NUMBERING_CASES, ids=[c[0] for c in NUMBERING_CASES]
)
def test_numbering_styles(label, fmt, body, ids):
    src = read_text(f"plan.{fmt}", "KẾ HOẠCH\n\nthực hiện Chỉ thị\n\n" + body + PLAN_TAIL, fmt=fmt)
    _, tasks, _, warnings = extract_structure(src, [])
    assert [t.id for t in tasks] == ids
    assert not warnings
    for t in tasks:  # the footer never leaks into the last task
        assert "Nơi nhận" not in t.text and "BÍ THƯ" not in t.text


def test_bold_heading_is_the_task_heading():
    raw = (
        "## **II. NHIỆM VỤ VÀ GIẢI PHÁP**\n\n#### **1. Tăng cường sự lãnh đạo của các cấp ủy đảng**\n\n"
        "Cấp ủy đảng các cấp cụ thể hóa thành các nghị quyết.\n\n2. **Đổi mới nội dung.** Mặt trận Tổ quốc chủ trì."
    )
    _, tasks, _, _ = extract_structure(read_text("x.md", raw, fmt="md"), [])
    assert tasks[0].heading == "Tăng cường sự lãnh đạo của các cấp ủy đảng"
    assert tasks[0].heading_source == "bold"
    assert {(a.agency, a.role) for a in tasks[0].assignments} == {("Cấp ủy đảng các cấp", "responsible")}
    assert (tasks[1].heading, tasks[1].heading_source) == ("Đổi mới nội dung", "bold")
    assert {(a.agency, a.role) for a in tasks[1].assignments} == {("Mặt trận Tổ quốc", "lead")}


def test_dotted_items_under_a_group_heading_are_the_tasks():
    """ "1. Đổi mới tư duy" alone on its line groups "1.1.", "1.2."; an item with text of its own keeps its
    "2.1." lines as part of it."""
    text = (
        "II. NHIỆM VỤ, GIẢI PHÁP\n1. Nâng cao chất lượng nguồn nhân lực\n1.1. Sở Nội vụ chủ trì rà soát biên chế.\n"
        "1.2. Sở Tài chính bảo đảm kinh phí.\n2. Ban Tổ chức Tỉnh ủy chủ trì, phối hợp với Sở Nội vụ:\n"
        "2.1. rà soát quy hoạch cán bộ;\n2.2. đánh giá cán bộ hằng năm.\n3. Ủy ban Kiểm tra Tỉnh ủy giám sát.\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Văn phòng Tỉnh ủy theo dõi."
    )
    _, tasks, _, _ = extract_structure(SourceText.identity("x.txt", text), [])
    assert [t.id for t in tasks] == ["II.1.1", "II.1.2", "II.2", "II.3", "III.1"]
    assert {(a.agency, a.role) for a in tasks[0].assignments} == {("Sở Nội vụ", "lead")}
    assert "2.2. đánh giá" in tasks[2].text


def test_only_the_number_in_bold_is_no_bold_heading():
    """ "**3.** Sở Nội vụ chủ trì ...": the converter bolded the number alone; the heading is the first words."""
    raw = "## II. NHIỆM VỤ\n\n**3.** Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà soát biên chế các đơn vị trong quý III."
    _, tasks, _, _ = extract_structure(read_text("x.md", raw, fmt="md"), [])
    assert tasks[0].heading_source == "first_12_words"
    assert tasks[0].heading == "Sở Nội vụ chủ trì, phối hợp với Sở Tài chính rà"
    assert {(a.agency, a.role) for a in tasks[0].assignments} == {
        ("Sở Nội vụ", "lead"),
        ("Sở Tài chính", "cooperate"),
    }


def test_plain_heading_is_the_first_12_words():
    text = (
        "II- NỘI DUNG\n\n1- Tổ chức phổ biến, quán triệt Kết luận số 43-KL/TW ngày 07/01/2019 của Ban Bí thư."
    )
    _, tasks, _, _ = extract_structure(SourceText.identity("x.txt", text), [])
    assert tasks[0].heading == "Tổ chức phổ biến, quán triệt Kết luận số 43-KL/TW ngày 07/01/2019"
    assert tasks[0].heading_source == "first_12_words"


def test_plain_lead_in_line_is_the_heading():
    """A first line without punctuation followed by sub-items names the item on its own."""
    text = (
        "II. NHIỆM VỤ\n\n1. Công tác tuyên truyền\n- Ban Tuyên giáo Đảng ủy chủ trì biên soạn tài liệu.\n\n"
        "2. Rà soát, bổ sung quy hoạch\na) Ban Tổ chức Đảng ủy tham mưu Ban Thường vụ Đảng ủy.\n\n"
        "3. Tổ chức hội nghị sơ kết việc thực hiện nghị quyết trong toàn Đảng bộ, báo cáo kết quả.\n\n"
        "4. Nâng cao chất lượng sinh hoạt chi bộ, tập trung vào:\na) Các chi bộ đổi mới nội dung sinh hoạt."
    )
    _, tasks, _, _ = extract_structure(SourceText.identity("x.txt", text), [])
    assert [t.heading for t in tasks] == [
        "Công tác tuyên truyền",
        "Rà soát, bổ sung quy hoạch",
        "Tổ chức hội nghị sơ kết việc thực hiện nghị quyết trong",
        "Nâng cao chất lượng sinh hoạt chi bộ, tập trung vào",
    ]


def test_short_heading_line_before_a_paragraph():
    """A short first line without punctuation, then a paragraph starting with a capital: the line is the
    heading and ends a sentence, so the paragraph's subject is found; a long first line is a wrapped
    sentence and the heading runs on."""
    text = (
        "II. NỘI DUNG\n\n1. Về công tác tiếp công dân\nĐảng ủy Ủy ban nhân dân huyện lãnh đạo việc tiếp"
        " công dân định kỳ.\n\n2. Ban Tổ chức Huyện ủy chủ trì, phối hợp với Ủy ban Kiểm tra Huyện ủy rà soát"
        " tiêu chuẩn\nCán bộ diện Ban Thường vụ quản lý."
    )
    _, tasks, _, _ = extract_structure(SourceText.identity("x.txt", text), [])
    assert [t.heading for t in tasks] == [
        "Về công tác tiếp công dân",
        "Ban Tổ chức Huyện ủy chủ trì, phối hợp với Ủy ban",
    ]
    assert {(a.agency, a.role) for a in tasks[0].assignments} == {
        ("Đảng ủy Ủy ban nhân dân huyện", "responsible")
    }


def test_targets_block():
    text = (
        "II. MỤC TIÊU\n\n2.1. Mục tiêu chung\n\nNâng cao.\n\n2.2. Mục tiêu cụ thể\n\n"
        "(1) Hằng năm, 100% chi bộ tổ chức học tập.\n\nTiếp tục duy trì.\n\n(2) Đến năm 2025, 90% đoàn viên.\n\n"
        "III. NHIỆM VỤ\n\n1. Tăng cường."
    )
    _, _, targets, _ = extract_structure(SourceText.identity("x.txt", text), [])
    assert [(t.number, t.text) for t in targets] == [
        ("1", "Hằng năm, 100% chi bộ tổ chức học tập. Tiếp tục duy trì."),
        ("2", "Đến năm 2025, 90% đoàn viên."),
    ]


# ---------------------------------------------------------------- role phrasings (sentences)

ROLE_CASES = [
    # lead
    (
        "Ban Dân vận Tỉnh ủy chủ trì, phối hợp với các cơ quan, tổ chức có liên quan hướng dẫn, theo dõi.",
        {("Ban Dân vận Tỉnh ủy", "lead"), ("các cơ quan, tổ chức có liên quan", "cooperate")},
    ),
    (
        "Giao Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Ban Dân vận Tỉnh ủy, Sở Thông tin và Truyền thông hướng dẫn tuyên truyền.",
        {
            ("Ban Tuyên giáo Tỉnh ủy", "lead"),
            ("Ban Dân vận Tỉnh ủy", "cooperate"),
            ("Sở Thông tin và Truyền thông", "cooperate"),
        },
    ),
    (
        "Định kỳ quý, năm bám sát nhiệm vụ chính trị của địa phương, Mặt trận Tổ quốc chủ trì, phối hợp với các tổ chức chính trị - xã hội xây dựng nội dung.",
        {("Mặt trận Tổ quốc", "lead"), ("các tổ chức chính trị - xã hội", "cooperate")},
    ),
    (
        "Để triển khai hiệu quả, Ủy ban nhân dân tỉnh chủ trì, phối hợp với Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh xây dựng đề án.",
        {("Ủy ban nhân dân tỉnh", "lead"), ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "cooperate")},
    ),
    ("Nâng cao chất lượng các cuộc vận động; chủ trì, hiệp thương, tổ chức phát động thi đua.", set()),
    # cooperate and noun phrases that are not assignments
    (
        "Phối hợp với các cấp ủy Đảng tăng cường công tác kiểm tra, giám sát.",
        {("các cấp ủy Đảng", "cooperate")},
    ),
    ("Tăng cường công tác phối hợp với các cơ quan nhà nước trong việc tiếp thu ý kiến của Nhân dân.", set()),
    (
        "UBND huyện, UBND các xã, thị trấn tiếp tục xây dựng và thực hiện quy chế phối hợp với Mặt trận, các đoàn thể cùng cấp.",
        {("UBND huyện", "responsible"), ("UBND các xã, thị trấn", "responsible")},
    ),
    ("Phối hợp để Mặt trận Tổ quốc và các tổ chức chính trị - xã hội thực hiện chức năng giám sát.", set()),
    (
        "Công an tỉnh phối hợp chặt chẽ với Bộ Chỉ huy Quân sự tỉnh nắm tình hình.",
        {("Công an tỉnh", "responsible"), ("Bộ Chỉ huy Quân sự tỉnh", "cooperate")},
    ),
    # advise
    (
        "Ban Tổ chức Tỉnh ủy phối hợp Mặt trận Tổ quốc, các tổ chức chính trị - xã hội tỉnh tham mưu Tỉnh ủy triển khai thực hiện Quy định.",
        {
            ("Ban Tổ chức Tỉnh ủy", "advise"),
            ("Mặt trận Tổ quốc, các tổ chức chính trị - xã hội tỉnh", "cooperate"),
        },
    ),
    (
        "Văn phòng Tỉnh ủy tham mưu Thường trực Tỉnh ủy theo dõi, đôn đốc việc thực hiện.",
        {("Văn phòng Tỉnh ủy", "advise")},
    ),
    (
        "Ban Tuyên giáo Tỉnh ủy chủ trì tham mưu, phối hợp với các cơ quan liên quan hướng dẫn việc quán triệt.",
        {
            ("Ban Tuyên giáo Tỉnh ủy", "lead"),
            ("Ban Tuyên giáo Tỉnh ủy", "advise"),
            ("các cơ quan liên quan", "cooperate"),
        },
    ),
    (
        "Thường xuyên tiếp xúc, đối thoại với Nhân dân; tham mưu cấp ủy, chính quyền giải quyết kịp thời kiến nghị.",
        set(),
    ),
    # report_to
    (
        "Ban Dân vận Huyện ủy chủ trì, phối hợp với các tổ chức Đảng thường xuyên theo dõi và báo cáo kết quả thực hiện kế hoạch này với Ban Thường vụ Huyện ủy.",
        {
            ("Ban Dân vận Huyện ủy", "lead"),
            ("các tổ chức Đảng", "cooperate"),
            ("Ban Thường vụ Huyện ủy", "report_to"),
        },
    ),
    (
        "Các huyện ủy, thành ủy, đảng ủy trực thuộc báo cáo kết quả về Ban Thường vụ Tỉnh ủy (qua Văn phòng Tỉnh ủy) trước ngày 15/12.",
        {
            ("Các huyện ủy", "responsible"),
            ("thành ủy", "responsible"),
            ("đảng ủy trực thuộc", "responsible"),
            ("Ban Thường vụ Tỉnh ủy", "report_to"),
            ("Văn phòng Tỉnh ủy", "report_to"),
        },
    ),
    (
        "Định kỳ hàng quý và đột xuất, thường trực cấp ủy làm việc với Ban Dân vận để nghe báo cáo kết quả hoạt động.",
        {("thường trực cấp ủy", "responsible")},
    ),
    # responsible: subjects, openers, persons
    (
        "Căn cứ Kế hoạch này các huyện ủy, thành ủy, Ban Cán sự đảng, Đảng đoàn, các ban, sở, ngành xây dựng Kế hoạch cụ thể.",
        {
            ("các huyện ủy", "responsible"),
            ("thành ủy", "responsible"),
            ("Ban Cán sự đảng", "responsible"),
            ("Đảng đoàn", "responsible"),
            ("các ban, sở, ngành", "responsible"),
        },
    ),
    (
        "Các sở, ban, ngành; UBND các huyện, thành phố tổ chức triển khai thực hiện.",
        {("Các sở, ban, ngành", "responsible"), ("UBND các huyện, thành phố", "responsible")},
    ),
    (
        "Đề nghị Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội tỉnh tăng cường giám sát.",
        {("Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội tỉnh", "responsible")},
    ),
    (
        "Uỷ ban nhân dân tỉnh, Ban Thường vụ Thành uỷ Hạ Long quan tâm bố trí kinh phí.",
        {("Uỷ ban nhân dân tỉnh", "responsible"), ("Ban Thường vụ Thành uỷ Hạ Long", "responsible")},
    ),
    ("Người đứng đầu cấp ủy, chính quyền tăng cường đối thoại, tiếp xúc với nhân dân.", set()),
    ("Bí thư cấp ủy các cấp chịu trách nhiệm trước Ban Thường vụ Tỉnh ủy.", set()),
    (
        "Các cấp ủy Đảng, chính quyền trong huyện và cán bộ, đảng viên tiếp tục nhận thức đầy đủ.",
        {("Các cấp ủy Đảng", "responsible"), ("chính quyền trong huyện", "responsible")},
    ),
    ("Được Nhà nước giao một số dịch vụ công với những tổ chức hội có điều kiện.", set()),
    (
        "Ban cán sự Đảng Ủy ban nhân dân tỉnh lãnh đạo Ủy ban nhân dân tỉnh tham mưu Ban Thường vụ Tỉnh ủy xây dựng tiêu chí.",
        {("Ban cán sự Đảng Ủy ban nhân dân tỉnh", "responsible"), ("Ủy ban nhân dân tỉnh", "advise")},
    ),
    (
        "Đảng đoàn Hội Liên hiệp Phụ nữ tỉnh, Tỉnh đoàn, Hội Nông dân tỉnh xây dựng chương trình hành động.",
        {
            ("Đảng đoàn Hội Liên hiệp Phụ nữ tỉnh", "responsible"),
            ("Tỉnh đoàn", "responsible"),
            ("Hội Nông dân tỉnh", "responsible"),
        },
    ),
    # the subject of a lettered sub-item is its responsible body or its lead
    (
        "Hoàn thiện thể chế về đất đai:\n\na) Sở Tài nguyên và Môi trường chịu trách nhiệm rà soát bảng giá đất.\n\n"
        "b) Giao Sở Tài chính chủ trì, phối hợp với Cục Thuế tỉnh thẩm định phương án.",
        {
            ("Sở Tài nguyên và Môi trường", "responsible"),
            ("Sở Tài chính", "lead"),
            ("Cục Thuế tỉnh", "cooperate"),
        },
    ),
    (
        "Về tổ chức thực hiện:\n  a) Đảng đoàn Hội Nông dân tỉnh chỉ đạo tổng kết mô hình.\n  b) Huyện đoàn tuyên truyền.",
        {("Đảng đoàn Hội Nông dân tỉnh", "responsible"), ("Huyện đoàn", "responsible")},
    ),
    # "Đề nghị X phối hợp <verb>": X is the subject even without "với"
    (
        "Đề nghị Cục Hải quan tỉnh phối hợp kiểm soát hàng hóa qua cửa khẩu.",
        {("Cục Hải quan tỉnh", "responsible")},
    ),
    # a name with a conventional comma pair, and a collective locality narrowed by its kind of area
    (
        "Ban Chỉ đạo phòng, chống tham nhũng và tiêu cực tỉnh chủ trì, phối hợp với Thanh tra tỉnh, Công an tỉnh "
        "kiểm tra; Ủy ban nhân dân các huyện miền núi chịu trách nhiệm báo cáo.",
        {
            ("Ban Chỉ đạo phòng, chống tham nhũng và tiêu cực tỉnh", "lead"),
            ("Thanh tra tỉnh", "cooperate"),
            ("Công an tỉnh", "cooperate"),
            ("Ủy ban nhân dân các huyện miền núi", "responsible"),
        },
    ),
    # a run-on sentence: the directing party group, then "giao Z chủ trì ... tham mưu": Z leads and advises
    (
        "Ban cán sự đảng UBND huyện lãnh đạo UBND huyện rà soát quỹ đất, bố trí vốn đối ứng, giao Phòng Tài "
        "chính - Kế hoạch chủ trì, phối hợp với Phòng Nội vụ tham mưu cho UBND huyện phân bổ kinh phí.",
        {
            ("Ban cán sự đảng UBND huyện", "responsible"),
            ("Phòng Tài chính - Kế hoạch", "lead"),
            ("Phòng Tài chính - Kế hoạch", "advise"),
            ("Phòng Nội vụ", "cooperate"),
        },
    ),
    # a lead-in line without punctuation, then sub-items: each "a)" line is a sentence of its own
    (
        "Công tác kiểm tra, giám sát\na) Ủy ban Kiểm tra Đảng ủy tham mưu Ban Thường vụ Đảng ủy xây dựng chương "
        "trình.\nb) Đảng ủy các xã phối hợp với Ban Tổ chức Đảng ủy rà soát.",
        {
            ("Ủy ban Kiểm tra Đảng ủy", "advise"),
            ("Đảng ủy các xã", "responsible"),
            ("Ban Tổ chức Đảng ủy", "cooperate"),
        },
    ),
]


@pytest.mark.parametrize(("sentence", "expected"), ROLE_CASES, ids=[c[0][:50] for c in ROLE_CASES])
def test_role_phrasings(sentence, expected):
    assert pairs(sentence) == expected


def test_advised_body_and_via():
    hits = analyze(
        s := "Ban Tổ chức Huyện ủy tham mưu cho Ban Thường vụ Huyện ủy trong công tác cán bộ.", 0, len(s)
    )
    assert [(h.role, h.advises) for h in hits] == [("advise", "Ban Thường vụ Huyện ủy")]
    s = "Các sở định kỳ 6 tháng, 1 năm báo cáo kết quả thực hiện về Tỉnh ủy (qua Ban Dân vận Tỉnh ủy)."
    via = {(h.agency.text, h.via) for h in analyze(s, 0, len(s)) if h.role == "report_to"}
    assert via == {("Tỉnh ủy", False), ("Ban Dân vận Tỉnh ủy", True)}


def test_split_list_keeps_the_whole_span():
    s = "Đảng đoàn HĐND tỉnh, Ban cán sự đảng UBND tỉnh lãnh đạo các cơ quan Nhà nước."
    hits = analyze(s, 0, len(s))
    assert {h.span.text for h in hits} == {"Đảng đoàn HĐND tỉnh, Ban cán sự đảng UBND tỉnh"}


# ---------------------------------------------------------------- agency keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        ("Ban Thường vụ Tỉnh uỷ", "BTV Tỉnh ủy"),
        ("các tổ chức chính trị-xã hội", "tổ chức chính trị - xã hội"),
        ("MTTQ và các tổ chức CT-XH tỉnh", "Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh"),
        ("Văn phòng Tỉnh ủy", "VPTU"),
    ],
)
def test_agency_keys_equal(a, b):
    assert agency_key(a) == agency_key(b)


def test_agency_keys_differ():
    assert agency_key("Ban Dân vận Tỉnh ủy") != agency_key("Ban Dân vận Huyện ủy")


def test_collective_names_stay_whole():
    lst = match_list(t := "Các cơ quan tham mưu, giúp việc cấp ủy thường xuyên theo dõi", 0)
    assert [f.text for f in lst.agencies] == ["Các cơ quan tham mưu, giúp việc cấp ủy"]
    lst = match_list(
        t := "Ủy ban Mặt trận\n\nTổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh xây dựng", 0
    )
    assert [f.text for f in lst.agencies] == [
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức chính trị - xã hội tỉnh"
    ]
    assert t


# ---------------------------------------------------------------- deadlines and time expressions

DEADLINE_CASES = [
    ("Thời gian hoàn thành trong quý II năm 2019.", "quý II năm 2019", "2019-06-30", None),
    (
        "xây dựng Kế hoạch cụ thể (xong trong quý I năm 2020) để triển khai",
        "quý I năm 2020",
        "2020-03-31",
        None,
    ),
    ("Thời gian hoàn thành: trước ngày 30/6/2022.", "trước ngày 30/6/2022", "2022-06-30", None),
    ("Tổ chức sơ kết trong năm 2021.", "năm 2021", "2021-12-31", None),
    ("hoàn thành trong tháng 3/2021", "tháng 3/2021", "2021-03-31", None),
    (
        "định kỳ 6 tháng, 1 năm báo cáo kết quả thực hiện về Tỉnh ủy",
        "định kỳ 6 tháng, 1 năm",
        None,
        "P6M,P1Y",
    ),
    ("định kỳ hằng quý báo cáo Ban Thường vụ Huyện ủy", "định kỳ hằng quý", None, "P3M"),
    # a day of every year: no date, a yearly period
    ("Tổng kết công tác thi đua trước ngày 15/12 hằng năm.", "trước ngày 15/12 hằng năm", None, "P1Y"),
]


@pytest.mark.parametrize(
    ("text", "verbatim", "date", "period"), DEADLINE_CASES, ids=[c[1] for c in DEADLINE_CASES]
)
def test_deadlines(text, verbatim, date, period):
    d = find_deadline(text)
    assert (d.text, d.date, d.period) == (verbatim, date, period)
    assert text[d.start : d.end] == verbatim


@pytest.mark.parametrize(
    "text",
    [
        "từ năm 2021 thực hiện việc khoán kinh phí cho các hội",
        "tổ chức Đại hội nhiệm kỳ 2022-2027",
        "định kỳ báo cáo kết quả thực hiện",
        "Thực hiện Kết luận số 43-KL/TW ngày 07/01/2019 của Ban Bí thư",
    ],
)
def test_not_deadlines(text):
    assert find_deadline(text) is None


def test_time_expressions_verbatim():
    text = (
        "Hằng năm, đánh giá kết quả; công tác phối hợp giai đoạn và hằng năm; định kỳ kiểm tra; từ năm 2021."
    )
    assert [t for t, _, _ in find_time_expressions(text)] == [
        "Hằng năm",
        "hằng năm",
        "định kỳ",
        "từ năm 2021",
    ]


def test_time_in_a_cited_title_is_not_the_tasks():
    """ "Quyết định số ... phê duyệt Quy hoạch ... đến năm 2030, tầm nhìn đến năm 2050": the title's years
    belong to the cited decision; the task's own "hằng năm" after the clause stays."""
    text = (
        "I. NHIỆM VỤ\n\n1. Triển khai Quyết định số 1234/QĐ-TTg ngày 05/10/2022 của Thủ tướng Chính phủ phê "
        "duyệt Quy hoạch tổng thể lưu vực sông đến năm 2030, tầm nhìn đến năm 2050; hằng năm rà soát danh mục.\n\n"
        "2. Sở Xây dựng chủ trì, phấn đấu đến năm 2025 hoàn thành quy hoạch chung.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n\n1. Sở Nội vụ theo dõi."
    )
    src = SourceText.identity("qh.txt", text)
    citations, _, _ = extract_citations(src)
    _, tasks, _, _ = extract_structure(src, citations)
    assert [t.time_expressions for t in tasks[:2]] == [("hằng năm",), ("đến năm 2025",)]


def test_directive_without_section_headings():
    """A Chỉ thị announces its numbered tasks in one sentence ending with ":" and has no roman sections."""
    text = (
        "CHỈ THỊ\nvề tăng cường công tác dân vận\n\nNhững năm qua, công tác dân vận đạt nhiều kết quả.\n\n"
        "Để khắc phục hạn chế, Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng, chính quyền, Mặt trận "
        "Tổ quốc và các đoàn thể chính trị - xã hội thực hiện tốt một số nhiệm vụ sau:\n\n"
        "1. Các cấp ủy đảng tăng cường lãnh đạo. Hoàn thành việc xây dựng kế hoạch trước ngày 31/3/2023.\n\n"
        "2. Ban Dân vận Tỉnh ủy chủ trì, phối hợp với Ban Tuyên giáo Tỉnh ủy hướng dẫn, theo dõi, định kỳ "
        "6 tháng báo cáo Ban Thường vụ Tỉnh ủy.\n\nChỉ thị này được phổ biến đến chi bộ.\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ"
    )
    sections, tasks, _, warnings = extract_structure(SourceText.identity("ct.txt", text), [])
    assert [t.id for t in tasks] == ["1", "2"]
    assert "Chỉ thị này" not in tasks[-1].text
    assert {(a.agency, a.role) for a in sections[0].preamble} == {
        ("các cấp ủy", "responsible"),
        ("tổ chức đảng", "responsible"),
        ("chính quyền", "responsible"),
        ("Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội", "responsible"),
    }
    assert tasks[0].deadline.date == "2023-03-31"
    assert tasks[1].deadline.period == "P6M"
    assert {(a.agency, a.role) for a in tasks[1].assignments} == {
        ("Ban Dân vận Tỉnh ủy", "lead"),
        ("Ban Tuyên giáo Tỉnh ủy", "cooperate"),
        ("Ban Thường vụ Tỉnh ủy", "report_to"),
    }
    assert warnings and "no section headings" in warnings[0]


def test_a_report_target_after_a_comma_is_no_subject():
    """ "báo cáo Ban Thường vụ Tỉnh ủy, Bộ Chính trị (qua ...)": the second body starts a clause after the
    comma, but it is one of the bodies reported to, not a body that carries the item out."""
    text = (
        "II. NHIỆM VỤ\n1. Ban Kinh tế Tỉnh ủy chủ trì theo dõi; hằng năm tổng hợp, báo cáo Ban Thường vụ Tỉnh ủy, "
        "Bộ Chính trị (qua Văn phòng Trung ương Đảng).\n"
    )
    _, tasks, _, _ = extract_structure(SourceText.identity("x.txt", text), [])
    roles = {(a.agency, a.role) for a in tasks[0].assignments}
    assert ("Bộ Chính trị", "report_to") in roles and ("Ban Kinh tế Tỉnh ủy", "lead") in roles
    assert ("Bộ Chính trị", "responsible") not in roles


def test_markdown_heading_items_and_the_paragraph_under_them():
    """ "### 1. Tuyên truyền ..." is the item's (bold) heading; the paragraph under it opens with its subject."""
    raw = (
        "## II. NHIỆM VỤ\n\n### 1. Tuyên truyền, nâng cao nhận thức\n\nBan Tuyên giáo Huyện ủy phối hợp với "
        "Phòng Văn hóa và Thông tin tuyên truyền trên hệ thống loa truyền thanh.\n\n### 2. Kiểm tra, giám sát\n\n"
        "Ủy ban Kiểm tra Huyện ủy chủ trì, phối hợp với Phòng Tài nguyên và Môi trường rà soát các cơ sở.\n"
    )
    _, tasks, _, _ = extract_structure(read_text("x.md", raw, fmt="md"), [])
    assert [(t.heading, t.heading_source) for t in tasks] == [
        ("Tuyên truyền, nâng cao nhận thức", "bold"),
        ("Kiểm tra, giám sát", "bold"),
    ]
    assert ("Ban Tuyên giáo Huyện ủy", "responsible") in {(a.agency, a.role) for a in tasks[0].assignments}
    assert {(a.agency, a.role) for a in tasks[1].assignments} == {
        ("Ủy ban Kiểm tra Huyện ủy", "lead"),
        ("Phòng Tài nguyên và Môi trường", "cooperate"),  # the name ends before the action verb "rà soát"
    }


def test_a_plain_heading_does_not_run_into_a_sub_item():
    text = "II. NHIỆM VỤ\n1. Nâng cao chất lượng văn bản.\n- Ban Tổ chức Tỉnh ủy rà soát quy định.\n"
    _, tasks, _, _ = extract_structure(SourceText.identity("x.txt", text), [])
    assert tasks[0].heading == "Nâng cao chất lượng văn bản"


def test_a_heading_paragraph_of_its_own_and_a_reporting_period_after_the_report():
    """A .docx gives a heading line its own paragraph: it names the item, and the next paragraph's subject
    leads; "báo cáo ... định kỳ 6 tháng." is the stated reporting period."""
    text = (
        "II. NHIỆM VỤ\n\n1. Hoàn thiện hạ tầng số\n\nUBND huyện chủ trì, phối hợp với Viettel Krông Pa xóa vùng lõm "
        "sóng; báo cáo kết quả với Ban Thường vụ Huyện ủy định kỳ 6 tháng.\n"
    )
    _, tasks, _, _ = extract_structure(SourceText.identity("x.txt", text), [])
    assert tasks[0].heading == "Hoàn thiện hạ tầng số"
    assert ("UBND huyện", "lead") in {(a.agency, a.role) for a in tasks[0].assignments}
    assert tasks[0].deadline is not None and (tasks[0].deadline.text, tasks[0].deadline.period) == (
        "định kỳ 6 tháng",
        "P6M",
    )


def test_a_partner_may_also_carry_out_another_clause_but_a_lead_is_not_responsible_too():
    text = (
        "II. NHIỆM VỤ\n1. Ban Tổ chức Tỉnh ủy phối hợp với Trường Chính trị tỉnh bồi dưỡng cán bộ; Trường Chính trị "
        "tỉnh biên soạn tài liệu.\n2. Ban Tuyên giáo Tỉnh ủy, Ủy ban Kiểm tra Tỉnh ủy hướng dẫn các chi bộ; Ủy ban "
        "Kiểm tra Tỉnh ủy chủ trì giải quyết đơn thư.\n"
    )
    _, tasks, _, _ = extract_structure(SourceText.identity("x.txt", text), [])
    first = {(a.agency, a.role) for a in tasks[0].assignments}
    assert {("Trường Chính trị tỉnh", "cooperate"), ("Trường Chính trị tỉnh", "responsible")} <= first
    second = {(a.agency, a.role) for a in tasks[1].assignments}
    assert ("Ủy ban Kiểm tra Tỉnh ủy", "lead") in second and (
        "Ủy ban Kiểm tra Tỉnh ủy",
        "responsible",
    ) not in second
    assert ("Ban Tuyên giáo Tỉnh ủy", "responsible") in second


def test_a_bold_heading_that_names_a_body_is_the_subject_under_it():
    raw = (
        "## III. TỔ CHỨC THỰC HIỆN\n\n**1. Ban Xây dựng Đảng Đảng ủy phường**\n\nTham mưu Ban Thường vụ Đảng ủy "
        "phường theo dõi việc thực hiện Kế hoạch.\n\n**2. Đổi mới công tác tuyên truyền**\n\nTổ chức hội nghị quán "
        "triệt trong quý IV năm 2025.\n"
    )
    _, tasks, _, _ = extract_structure(read_text("x.md", raw, fmt="md"), [])
    first = {(a.agency, a.role, a.advises) for a in tasks[0].assignments}
    assert first == {("Ban Xây dựng Đảng Đảng ủy phường", "advise", "Ban Thường vụ Đảng ủy phường")}
    assert tasks[1].assignments == ()  # a heading that names no body gives no subject
