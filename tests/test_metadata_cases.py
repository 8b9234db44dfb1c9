"""Table-driven metadata cases from real phrasings: headings, own numbers and dates, stamps, signers,
recipients, localities, and whole documents laid out as other provinces' plans are (letterhead tables
flattened with tabs, K/T signatures, district committees), none of which occur in the seeds.
"""

from __future__ import annotations

import pytest
from rule_checkers_document import CHECKERS, count_examples

from ingest import layout
from ingest.localities import find_localities, province_periods
from ingest.metadata import extract_metadata
from ingest.models import Citation
from ingest.page import split_lines
from ingest.rules import load_rules
from ingest.text import SourceText


def lines(text: str) -> list[layout.Line]:
    return split_lines(text, 0, len(text))


# ---------------------------------------------------------------- headings

HEADINGS = [
    ("KẾ HOẠCH", ("Kế hoạch", "KẾ HOẠCH", "")),
    ("**NGHỊ QUYẾT**  ", ("Nghị quyết", "NGHỊ QUYẾT", "")),
    ("## CHỈ THỊ", ("Chỉ thị", "CHỈ THỊ", "")),
    ("CHƯƠNG TRÌNH HÀNH ĐỘNG", ("Chương trình hành động", "CHƯƠNG TRÌNH HÀNH ĐỘNG", "")),
    ("THÔNG BÁO KẾT LUẬN", ("Thông báo kết luận", "THÔNG BÁO KẾT LUẬN", "")),
    ("QUY ĐỊNH", ("Quy định", "QUY ĐỊNH", "")),
    (
        "KẾ HOẠCH thực hiện Nghị quyết số 21-NQ/TW",
        ("Kế hoạch", "KẾ HOẠCH", "thực hiện Nghị quyết số 21-NQ/TW"),
    ),
    ("Kế hoạch này được phổ biến đến chi bộ.", None),
    ("Kế hoạch thực hiện Nghị quyết số 21-NQ/TW", None),
    ("ĐẢNG CỘNG SẢN VIỆT NAM", None),
    ("KẾ HOẠCHthực", None),
]


@pytest.mark.parametrize(("line", "expected"), HEADINGS)
def test_heading(line, expected):
    assert layout.heading_kind(line) == expected


# ---------------------------------------------------------------- own symbol and date vs stamps

OWN_SYMBOLS = [
    ("Số 12-KH/TU", "12-KH/TU"),
    ("Số: 05 - NQ/TU", "05-NQ/TU"),
    ("**Số 143-KH/TU**", "143-KH/TU"),
    (
        "TỈNH ỦY LÀO CAI\tĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 143-KH/TU\tLào Cai, ngày 15 tháng 4 năm 2021",
        "143-KH/TU",
    ),
    ("HUYỆN ỦY BẢO THẮNG\n*\nSố 85-KH/HU", "85-KH/HU"),
    ("Số: 276 - KH/HU \t Thủy Nguyên, ngày 18 tháng 12 năm 2023 ", "276-KH/HU"),  # a pipe-table row, cleaned
    ("Số 06-Ctr/TU", "06-CTr/TU"),
    ("Số 21-QĐ/ĐU", "21-QĐ/ĐU"),
    ("Số 08-HD/BTGTU", "08-HD/BTGTU"),
    ("ĐẾN\tSố: 1909\n\tNgày: 20/3", None),  # incoming-mail stamp: digits only
    ("thực hiện Thông báo kết luận số 160-TB/TW", None),  # a citation, not a letterhead number
    ("số 62- KL/TW, ngày 08/12/2009 của Bộ Chính trị", None),
]


@pytest.mark.parametrize(("text", "expected"), OWN_SYMBOLS)
def test_own_symbol(text, expected):
    assert layout.own_symbol(text) == expected


OWN_DATES = [
    ("Lào Cai, ngày 15 tháng 4 năm 2021", "2021-04-15"),
    ("Số 143-KH/TU\tHạ Long, ngày 02 tháng 3 năm 2021", "2021-03-02"),
    ("Tuyên Quang, ngày 3 tháng 6 năm 2019", "2019-06-03"),
    ("Buôn Ma Thuột, ngày 20/10/2020", "2020-10-20"),
    ("*Tháp Chàm - Phan Rang, ngày 9 tháng 12 năm 2024*", "2024-12-09"),  # hyphenated place, italic
    ("Bà Rịa–Vũng Tàu, ngày 01/7/2021", "2021-07-01"),
    ("Hà Giang, ngày    tháng 3 năm 2022", None),  # unsigned draft: left blank
    ("Đà Lạt, ngày 31 tháng 2 năm 2022", None),  # impossible date
    ("Thực hiện Chỉ thị số 18-CT/TU, ngày 22/02/2022 của Ban Thường vụ Tỉnh ủy", None),  # a citation's date
    ("\tNgày: 20/3", None),  # stamp date
]


@pytest.mark.parametrize(("text", "expected"), OWN_DATES)
def test_own_date(text, expected):
    assert layout.own_date(text) == expected


STAMPS = [
    (
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG\t\nĐẾN\tSố: 1909\n\tNgày: 20/3\nChuyển: Thực hiện\t",
        ({"receiver": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "number": "1909", "date": "20/3"}, 0, 3),
    ),
    (
        "BAN DÂN VẬN TỈNH ỦY\nCÔNG VĂN ĐẾN\nSố: 412\nNgày: 12/4/2021\nChuyển: Đ/c Trưởng ban",
        ({"receiver": "BAN DÂN VẬN TỈNH ỦY", "number": "412", "date": "12/4/2021"}, 0, 4),
    ),
    ("ĐẾN NĂM 2030", None),  # a title line, no stamp fields
    ("Số 12-KH/TU", None),
]


@pytest.mark.parametrize(("text", "expected"), STAMPS)
def test_stamp(text, expected):
    assert layout.find_stamp(lines(text)) == expected


# ---------------------------------------------------------------- footer

SIGNERS = [
    (
        "T/M BAN THƯỜNG VỤ  \nPHÓ BÍ THƯ\n\n\n\nPhạm Minh Tấn",
        {
            "on_behalf_of": "Ban Thường vụ",
            "role": "Phó Bí thư",
            "role_as_written": "PHÓ BÍ THƯ",
            "name": "Phạm Minh Tấn",
        },
    ),
    (
        "T/M BAN THƯỜNG VỤ\nK/T BÍ THƯ\nPHÓ BÍ THƯ THƯỜNG TRỰC\n\n(Đã ký)\n\nThào Hồng Sơn",
        {
            "on_behalf_of": "Ban Thường vụ",
            "role": "Phó Bí thư Thường trực",
            "role_as_written": "PHÓ BÍ THƯ THƯỜNG TRỰC",
            "name": "Thào Hồng Sơn",
        },
    ),
    (
        "Nơi nhận:\tT/M BAN THƯỜNG VỤ\n- Như trên,\tBÍ THƯ\n- Lưu VPTU.\n\n\tNguyễn Xuân Ký",
        {
            "on_behalf_of": "Ban Thường vụ",
            "role": "Bí thư",
            "role_as_written": "BÍ THƯ",
            "name": "Nguyễn Xuân Ký",
        },
    ),
    (
        "TM. BAN CHẤP HÀNH\nBÍ THƯ\n\nĐỖ VĂN CHIẾN",
        {
            "on_behalf_of": "Ban Chấp hành",
            "role": "Bí thư",
            "role_as_written": "BÍ THƯ",
            "name": "ĐỖ VĂN CHIẾN",
        },
    ),
    (
        "TRƯỞNG BAN\n\nNguyễn Thị Thu Hà",
        {
            "on_behalf_of": None,
            "role": "Trưởng ban",
            "role_as_written": "TRƯỞNG BAN",
            "name": "Nguyễn Thị Thu Hà",
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), SIGNERS)
def test_signer(text, expected):
    assert layout.find_signer(lines(text)) == expected


RECIPIENTS = [
    (  # 000: "(báo cáo)" after a blank line is an annotation, not a recipient
        "Nơi nhận:\n\n- Bộ Chính trị,\n- Lưu Văn phòng Tỉnh ủy_(xh).\n\n(báo cáo)\n\nT/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ",
        ["Bộ Chính trị", "Lưu Văn phòng Tỉnh ủy_(xh)"],
    ),
    (  # 002: a dash-less line right after an entry continues it
        "Nơi nhận:\n- Các Ban cán sự đảng, đảng đoàn,\nBan Thường vụ Tỉnh đoàn,\n- Các cơ quan tỉnh,",
        ["Các Ban cán sự đảng, đảng đoàn, Ban Thường vụ Tỉnh đoàn", "Các cơ quan tỉnh"],
    ),
    (
        "Nơi nhận/nh\n\n- TT.Huyện uỷ,\n- Lưu: VPHU.\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ",
        ["TT.Huyện uỷ", "Lưu: VPHU"],
    ),
    (  # two-column footer flattened with tabs: only the left cells are recipients
        "Nơi nhận:\tT/M BAN THƯỜNG VỤ\n- Ban Tuyên giáo Trung ương (b/c),\tBÍ THƯ\n- Các đồng chí Tỉnh ủy viên,\n"
        "- Lưu VPTU.\n\n\tNguyễn Xuân Ký",
        ["Ban Tuyên giáo Trung ương (b/c)", "Các đồng chí Tỉnh ủy viên", "Lưu VPTU"],
    ),
    ("NƠI NHẬN:\n– Thường trực Tỉnh ủy;\n– Lưu VT.", ["Thường trực Tỉnh ủy", "Lưu VT"]),
    ("Nơi nhận: - Như trên;\n- Lưu VPTU.", ["Như trên", "Lưu VPTU"]),
    # no "Nơi nhận": a bullet list of the body is not a recipient list
    ("- Bộ Chính trị,\n- Ban Bí thư,", []),
]


@pytest.mark.parametrize(("text", "expected"), RECIPIENTS)
def test_recipients(text, expected):
    assert layout.find_recipients(lines(text))[0] == expected


# ---------------------------------------------------------------- localities

LOCALITIES = [
    ("Thực hiện Chỉ thị số 18-CT/TU của Ban Thường vụ Tỉnh ủy Lâm Đồng", "Lâm Đồng", None),
    ("Ban Thường vụ Tỉnh uỷ Khánh Hoà ban hành", "Khánh Hòa", None),
    ("TỈNH ỦY QUẢNG NINH\tĐẢNG CỘNG SẢN VIỆT NAM", "Quảng Ninh", None),
    ("nhân dân các dân tộc tinh Bắc Giang", "Bắc Giang", None),  # OCR slip
    ("Thành ủy Hà Nội", "Hà Nội", None),
    ("Đảng bộ thành phố Hồ Chí Minh", "Hồ Chí Minh", None),
    ("UBND huyện Bảo Thắng, tỉnh Lào Cai", "Lào Cai", "Bảo Thắng"),
    ("Huyện ủy Đức Trọng; các xã của huyện Đức Trọng", None, "Đức Trọng"),
    ("tỉnh Đắk Lắk và tỉnh Đắc Lắc", "Đắk Lắk", None),
    # a bare name counts, but a name after "tỉnh" outweighs it
    ("xây dựng con người Lào Cai; học tập kinh nghiệm tỉnh Yên Bái, tỉnh Yên Bái", "Yên Bái", None),
    ("tư tưởng, đạo đức, phong cách Hồ Chí Minh; Đoàn TNCS Hồ Chí Minh", None, None),
    ("khu vực châu Á - Thái Bình Dương", None, None),
    ("kỷ niệm Chiến thắng Điện Biên Phủ", None, None),
    ("tỉnh ta; trên địa bàn tỉnh; tinh gọn bộ máy; Huyện Đoàn", None, None),
]


@pytest.mark.parametrize(("text", "province", "district"), LOCALITIES)
def test_localities(text, province, district):
    found = find_localities(text)
    assert (found.province, found.district) == (province, district)


def test_province_periods_2025():
    """Old and new Lào Cai are two units with adjacent periods; Yên Bái ended on 2025-06-30."""
    periods = province_periods("Lào Cai")
    assert [(p["from"], p["to"]) for p in periods] == [(None, "2025-06-30"), ("2025-07-01", None)]
    (yen_bai,) = province_periods("Yên Bái")
    assert yen_bai["succeeded_by"] == "Lào Cai" and yen_bai["to"] == "2025-06-30"


# ---------------------------------------------------------------- whole documents

QUANG_NINH = """TỈNH ỦY QUẢNG NINH\tĐẢNG CỘNG SẢN VIỆT NAM
*
Số 143-KH/TU\tHạ Long, ngày 15 tháng 4 năm 2021

KẾ HOẠCH
thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị
về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh

Thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch thực \
hiện như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao nhận thức của cán bộ, đảng viên và nhân dân trong tỉnh.

II. TỔ CHỨC THỰC HIỆN
Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với các cơ quan liên quan theo dõi, đôn đốc.

Nơi nhận:\tT/M BAN THƯỜNG VỤ
- Ban Tuyên giáo Trung ương (b/c),\tBÍ THƯ
- Các đồng chí Tỉnh ủy viên,
- Lưu VPTU.

\tNguyễn Xuân Ký
"""

BAO_THANG = """ĐẢNG BỘ TỈNH LÀO CAI\tĐẢNG CỘNG SẢN VIỆT NAM
HUYỆN ỦY BẢO THẮNG
*
Số 85-KH/HU\tBảo Thắng, ngày 10 tháng 3 năm 2022

KẾ HOẠCH
triển khai thực hiện Chỉ thị số 12-CT/TU ngày 05/01/2022
của Ban Thường vụ Tỉnh ủy

Thực hiện Chỉ thị số 12-CT/TU ngày 05/01/2022 của Ban Thường vụ Tỉnh ủy Lào Cai, Ban Thường vụ Huyện ủy xây \
dựng kế hoạch thực hiện như sau:

I- MỤC ĐÍCH, YÊU CẦU
Các chi, đảng bộ trên địa bàn huyện Bảo Thắng quán triệt đầy đủ nội dung Chỉ thị.

Nơi nhận:
- Ban Thường vụ Tỉnh ủy (b/c),
- Các chi, đảng bộ trực thuộc,
- Lưu VPHU.

T/M BAN THƯỜNG VỤ
K/T BÍ THƯ
PHÓ BÍ THƯ

(Đã ký)

Hoàng Văn Minh
"""

HA_GIANG_DRAFT = """TỈNH ỦY HÀ GIANG
*
Số     -CT/TU\tHà Giang, ngày    tháng 3 năm 2022

CHỈ THỊ
của Ban Thường vụ Tỉnh ủy
về tăng cường sự lãnh đạo của Đảng đối với công tác dân vận

Trong những năm qua, công tác dân vận trên địa bàn tỉnh đã đạt nhiều kết quả. Để tiếp tục nâng cao hiệu quả, \
Ban Thường vụ Tỉnh ủy chỉ thị:

1. Các cấp ủy, tổ chức đảng quán triệt sâu sắc quan điểm của Đảng về công tác dân vận.
"""

NEWS_EXCERPT = """Sáng 12/5, Ban Thường vụ Tỉnh ủy Nghệ An tổ chức hội nghị sơ kết 5 năm thực hiện Chỉ thị \
số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị. Các đại biểu đánh giá việc học tập và làm theo tư tưởng, đạo \
đức, phong cách Hồ Chí Minh đã đi vào chiều sâu.
"""

DOCUMENTS = [
    (
        QUANG_NINH,
        {
            "kind": "Kế hoạch",
            "symbol": "143-KH/TU",
            "date": "2021-04-15",
            "issuer": "Ban Thường vụ Tỉnh ủy",
            "province": "Quảng Ninh",
            "district": None,
            "locality": "Quảng Ninh",
            "title": "thực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập và làm "
            "theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            "title_lines": (6, 7),
            "recipients": ("Ban Tuyên giáo Trung ương (b/c)", "Các đồng chí Tỉnh ủy viên", "Lưu VPTU"),
            "signer": ("Nguyễn Xuân Ký", "Bí thư", "Ban Thường vụ"),
        },
    ),
    (
        BAO_THANG,
        {
            "kind": "Kế hoạch",
            "symbol": "85-KH/HU",
            "date": "2022-03-10",
            "issuer": "Ban Thường vụ Huyện ủy",
            "province": "Lào Cai",
            "district": "Bảo Thắng",
            "locality": "Bảo Thắng",
            "title": "triển khai thực hiện Chỉ thị số 12-CT/TU ngày 05/01/2022 của Ban Thường vụ Tỉnh ủy",
            "title_lines": (7, 8),
            "recipients": ("Ban Thường vụ Tỉnh ủy (b/c)", "Các chi, đảng bộ trực thuộc", "Lưu VPHU"),
            "signer": ("Hoàng Văn Minh", "Phó Bí thư", "Ban Thường vụ"),
        },
    ),
    (
        HA_GIANG_DRAFT,
        {
            "kind": "Chỉ thị",
            "symbol": None,
            "date": None,
            "issuer": "Ban Thường vụ Tỉnh ủy",
            "province": "Hà Giang",
            "district": None,
            "locality": "Hà Giang",
            "title": "về tăng cường sự lãnh đạo của Đảng đối với công tác dân vận",
            "title_lines": (7, 7),
            "recipients": (),
            "signer": None,
        },
    ),
    (
        NEWS_EXCERPT,
        {
            "kind": None,
            "symbol": None,
            "date": None,
            "issuer": None,
            "province": "Nghệ An",
            "district": None,
            "locality": "Nghệ An",
            "title": None,
            "title_lines": (0, 0),
            "recipients": (),
            "signer": None,
        },
    ),
]


@pytest.mark.parametrize(("text", "expected"), DOCUMENTS, ids=["quang_ninh", "bao_thang", "ha_giang", "news"])
def test_document(text, expected):
    meta, warnings = extract_metadata(SourceText.identity("case.txt", text), [])
    for field in ("kind", "symbol", "date", "issuer", "province", "district", "locality", "title"):
        assert getattr(meta, field) == expected[field], field
    assert meta.title_lines == expected["title_lines"]
    assert meta.recipients == expected["recipients"]
    signer = (meta.signer.name, meta.signer.role, meta.signer.on_behalf_of) if meta.signer else None
    assert signer == expected["signer"]
    if expected["kind"] is None:
        assert any("heading" in w for w in warnings)


def test_issuer_from_letterhead_and_footer():
    """No issuing sentence: the letterhead level + "T/M BAN THƯỜNG VỤ" give the issuer."""
    text = "HUYỆN ỦY SI MA CAI\n*\n\nKẾ HOẠCH\nvề công tác dân vận năm 2021\n\nI. MỤC ĐÍCH\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ"
    meta, _ = extract_metadata(SourceText.identity("case.txt", text), [])
    assert meta.issuer == "Ban Thường vụ Huyện ủy"
    assert meta.district == "Si Ma Cai"


def test_issuer_from_the_lowest_letterhead_line():
    """The letterhead "ĐẢNG BỘ TỈNH" above "HUYỆN ỦY": the district committee issues, the other is its superior."""
    text = (
        "ĐẢNG BỘ TỈNH LÂM ĐỒNG\nHUYỆN ỦY ĐỨC TRỌNG\n*\n\nBÁO CÁO\ntổng kết công tác dân vận năm 2022\n\n"
        "I. KẾT QUẢ\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ"
    )
    meta, _ = extract_metadata(SourceText.identity("case.txt", text), [])
    assert meta.issuer == "Ban Thường vụ Huyện ủy"


def test_issuer_from_archive_line():
    """No letterhead either: the archive copy "Lưu VPTU" names the committee level."""
    text = "KẾ HOẠCH\nvề công tác dân vận năm 2021\n\nI. MỤC ĐÍCH\n\nNơi nhận:\n- Lưu VPTU.\n\nT/M BAN THƯỜNG VỤ\nBÍ THƯ"
    meta, warnings = extract_metadata(SourceText.identity("case.txt", text), [])
    assert meta.issuer == "Ban Thường vụ Tỉnh ủy"
    assert not any("issuer" in w for w in warnings)


def test_implements_from_citations_in_order():
    cits = [
        Citation(symbol="62-KL/TW", kind="Kết luận", relation="cites"),
        Citation(symbol="160-TB/TW", kind="Thông báo kết luận", relation="implements"),
        Citation(symbol="05-CT/TW", kind="Chỉ thị", relation="implements"),
        Citation(symbol=None, kind="Nghị quyết", relation="implements", name="Nghị quyết Đại hội"),
    ]
    meta, _ = extract_metadata(SourceText.identity("case.txt", "KẾ HOẠCH\nthực hiện ..."), cits)
    assert meta.implements == ("160-TB/TW", "05-CT/TW")


def test_empty_text_gives_empty_metadata():
    meta, warnings = extract_metadata(SourceText.identity("empty.txt", ""), [])
    assert meta.kind is None and meta.title is None and meta.signer is None and meta.recipients == ()
    assert warnings


@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_rule_file_examples(name):
    """Every `examples` entry of document.yaml / localities.yaml holds (B's test_rule_examples may dispatch
    to the same checkers)."""
    assert count_examples(name) > 20
    assert CHECKERS[name]() == []


def test_checker_reports_a_wrong_example():
    """The document checker is not vacuous: a wrong expectation is reported with its text."""
    rules = dict(load_rules("document"))
    rules["own_date"] = {"examples": [{"text": "Lào Cai, ngày 03 tháng 6 năm 2013", "expect": "2013-03-06"}]}
    failures = CHECKERS["document"](rules)
    assert len(failures) == 1 and "2013-03-06" in failures[0]


def test_every_vocabulary_entry_has_examples():
    rules = load_rules("document")
    entries = [
        *rules["headings"],
        *rules["header_lines"],
        *rules["signer_roles"],
        *rules["archive_hints"]["levels"],
    ]
    entries += [rules[k] for k in ("issuer_phrases", "issuer_line", "own_symbol", "own_date", "stamps")]
    entries += [rules[k] for k in ("on_behalf_of", "recipients")]
    assert all(e.get("examples") for e in entries)
    assert all(p.get("examples") for p in load_rules("localities")["patterns"])


def test_title_going_on_after_the_issuer_line():
    """ "của Ban Chấp hành Đảng bộ tỉnh thực hiện Nghị quyết ..." under the heading: the issuer, then the title."""
    text = (
        "TỈNH ỦY BẮC NINH\n*\nSố 30-CTr/TU\n\nBắc Ninh, ngày 02 tháng 7 năm 2025\n\nCHƯƠNG TRÌNH HÀNH ĐỘNG\n"
        "của Ban Chấp hành Đảng bộ tỉnh thực hiện Nghị quyết số 66-NQ/TW\nngày 30/4/2025 của Bộ Chính trị\n\n"
        "I. MỤC TIÊU\n"
    )
    meta, _ = extract_metadata(SourceText.identity("case.txt", text), [])
    assert meta.issuer == "Ban Chấp hành Đảng bộ tỉnh"
    assert meta.title == "thực hiện Nghị quyết số 66-NQ/TW ngày 30/4/2025 của Bộ Chính trị"
    assert meta.title_lines == (8, 9)  # the issuer's line, where the title starts, and the next
