"""Table-driven citation cases (eyecite style): one row per hard case of issue #2 item 3 and 4.

Rows come from real phrasings: the seeds, DOMAIN.md, and directives of other provinces (the extractor
must generalize, not memorize the seeds). Each row gives a text and, per cited document (symbol or name),
the fields that must hold; ``others`` lists every other document the text must yield (no extras).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from ingest.citations import extract_citations
from ingest.reader import read_text
from ingest.text import SourceText

HEAD = "KẾ HOẠCH\n\n"  # a title block, so the opening sentence is read as one
BODY = "KẾ HOẠCH\n\nI- MỤC ĐÍCH, YÊU CẦU\n\n"  # past the opening: nothing is implemented


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    expect: dict[str, dict[str, Any]]  # symbol or name -> fields
    others: tuple[str, ...] = ()  # further keys that must be found (and nothing else)
    links: tuple[tuple[str, str], ...] | None = None
    markdown: bool = False  # read through the cleaner (raw offsets differ from text offsets)


CASES = [
    # --- full citations, issuers, terms, subjects
    Case(
        "full citation",
        BODY
        + 'Nghị quyết số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương Đảng khóa XI về "Tăng cường '
        'và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới".',
        {
            "25-NQ/TW": dict(
                kind="Nghị quyết",
                date="2013-06-03",
                issuer="Ban Chấp hành Trung ương",
                term="XI",
                number="25",
                kind_code="NQ",
                issuer_code="TW",
                year=2013,
                system="party",
                relation="cites",
                subject="Tăng cường và đổi mới sự lãnh đạo của Đảng đối với công tác dân vận trong tình hình mới",
            )
        },
    ),
    Case(
        "date d/m/yyyy",
        BODY + "Kết luận số 102-KL/TW, ngày 22/9/2014 của Bộ Chính trị",
        {"102-KL/TW": dict(date="2014-09-22")},
    ),
    Case(
        "date dd-m-yyyy",
        BODY + "Kế hoạch số 12-KH/TU ngày 2-3-2021 của Tỉnh ủy",
        {"12-KH/TU": dict(date="2021-03-02")},
    ),
    Case(
        "date in words",
        BODY + "Chỉ thị số 05-CT/TW ngày 15 tháng 5 năm 2016 của Bộ Chính trị",
        {"05-CT/TW": dict(date="2016-05-15", issuer="Bộ Chính trị")},
    ),
    Case(
        "no date",
        BODY + "Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập",
        {"05-CT/TW": dict(date=None)},
    ),
    Case(
        "issuer Ban Bí thư",
        BODY + "Quyết định số 99-QĐ/TW ngày 03/10/2017 của Ban Bí thư",
        {"99-QĐ/TW": dict(issuer="Ban Bí thư", term=None)},
    ),
    Case(
        "issuer Bộ Chính trị khóa X",
        BODY + "Kết luận số 62-KL/TW, ngày 08/12/2009 của Bộ Chính trị khóa X về",
        {"62-KL/TW": dict(issuer="Bộ Chính trị", term="X", issuer_as_written=("Bộ Chính trị khóa X",))},
    ),
    Case(
        "issuer Hội nghị lần thứ 6 BCH TW khóa XII",
        BODY
        + "Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Hội nghị lần thứ 6 Ban Chấp hành Trung ương Đảng khóa XII",
        {"18-NQ/TW": dict(issuer="Ban Chấp hành Trung ương", term="XII")},
    ),
    Case(
        "issuer Hội nghị Trung ương 6",
        BODY + "Nghị quyết số 18-NQ/TW của Hội nghị Trung ương 6, khóa XII",
        {
            "18-NQ/TW": dict(
                issuer="Ban Chấp hành Trung ương", term="XII", issuer_as_written=("Hội nghị Trung ương 6",)
            )
        },
    ),
    Case(
        "issuer without 'của' after the date",
        BODY
        + "Nghị quyết số 18-NQ/TW ngày 25/10/2017 Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XII",
        {"18-NQ/TW": dict(issuer="Ban Chấp hành Trung ương", term="XII")},
    ),
    Case(
        "issuer with province kept",
        HEAD
        + "Thực hiện Chỉ thị số 18-CT/TU, ngày 22/02/2022 của Ban Thường vụ Tỉnh ủy Lâm Đồng “Về lãnh đạo nâng "
        "cao chất lượng”; Ban Thường vụ Huyện ủy xây dựng kế hoạch như sau:\n\nI. MỤC ĐÍCH",
        {
            "18-CT/TU": dict(
                issuer="Ban Thường vụ Tỉnh ủy Lâm Đồng",
                relation="implements",
                subject="Về lãnh đạo nâng cao chất lượng",
            )
        },
    ),
    Case(
        "issuer old tone placement",
        BODY + "Chỉ thị số 32-CT/TU của Ban Thường vụ Tỉnh uỷ",
        {"32-CT/TU": dict(issuer="Ban Thường vụ Tỉnh ủy")},
    ),
    Case(
        "term of the second citation is not the first's",
        BODY
        + "Thông báo Kết luận số 160-TB/TW, ngày 15/01/2020, Kết luận số 62-KL/TW, ngày 08/12/2009 của Bộ Chính "
        "trị khóa X về “tiếp tục đổi mới”",
        {
            "160-TB/TW": dict(term=None, issuer=None, kind="Thông báo kết luận"),
            "62-KL/TW": dict(term="X", issuer="Bộ Chính trị"),
        },
    ),
    # --- short re-mentions and aliases
    Case(
        "short re-mention resolved",
        BODY
        + "Chỉ thị số 35-CT/TW ngày 30/5/2019 của Bộ Chính trị về đại hội đảng bộ các cấp. Việc triển khai Chỉ thị "
        "35 phải bảo đảm nghiêm túc.",
        {"35-CT/TW": dict(mention_texts=["35-CT/TW", "Chỉ thị 35"])},
    ),
    Case(
        "short re-mention with số and symbol",
        BODY
        + "Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương. Tổng kết Nghị quyết số 18-NQ/TW.",
        {"18-NQ/TW": dict(mention_texts=["18-NQ/TW", "18-NQ/TW"], date="2017-10-25")},
    ),
    Case(
        "short form without earlier citation is not a citation",
        BODY + "Thực hiện Chương trình 135 giai đoạn III.",
        {},
    ),
    Case(
        "alias with the symbol",
        HEAD
        + "Thực hiện Thông báo số 158-TB/TW ngày 02/01/2020 của Ban Bí thư về hội quần chúng (sau đây viết tắt là "
        "Thông báo số 158-TB/TW), Ban Thường vụ Tỉnh ủy xây dựng Kế hoạch như sau:\n\nI- Mục đích",
        {"158-TB/TW": dict(mention_count=2, relation="implements")},
    ),
    Case(
        "alias by name",
        BODY
        + "Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương về trách nhiệm nêu gương của cán bộ, "
        "đảng viên (sau đây gọi tắt là Quy định nêu gương). Các cấp ủy quán triệt Quy định nêu gương đến chi bộ.",
        {
            "08-QĐi/TW": dict(
                kind="Quy định", mention_texts=["08-QĐi/TW", "Quy định nêu gương", "Quy định nêu gương"]
            )
        },
    ),
    # --- lists sharing a suffix
    Case(
        "list of full symbols",
        BODY + "theo Quyết định 217-QĐ/TW, 218-QĐ/TW của Bộ Chính trị;",
        {
            "217-QĐ/TW": dict(kind="Quyết định", issuer="Bộ Chính trị"),
            "218-QĐ/TW": dict(kind="Quyết định", issuer="Bộ Chính trị"),
        },
    ),
    Case(
        "list of numbers sharing one suffix",
        BODY + "theo Quyết định 217, 218-QĐ/TW ngày 12/12/2013 của Bộ Chính trị;",
        {
            "217-QĐ/TW": dict(
                kind="Quyết định", issuer="Bộ Chính trị", date="2013-12-12", mention_texts=["217"]
            ),
            "218-QĐ/TW": dict(kind="Quyết định", issuer="Bộ Chính trị", date="2013-12-12"),
        },
    ),
    Case(
        "list member of a document cited before is one mention, not also a re-mention",
        BODY + "Chỉ thị số 21-CT/TU ngày 05/4/2018 của Ban Thường vụ Tỉnh ủy về công tác dân vận. "
        "Các cấp ủy tiếp tục thực hiện tốt Chỉ thị số 21, 22-CT/TU của Ban Thường vụ Tỉnh ủy.",
        {
            "21-CT/TU": dict(kind="Chỉ thị", mention_texts=["21-CT/TU", "21"]),
            "22-CT/TU": dict(kind="Chỉ thị", issuer="Ban Thường vụ Tỉnh ủy"),
        },
    ),
    Case(
        "list joined by và",
        BODY + "Nghị quyết số 18-NQ/TW và 19-NQ/TW ngày 25/10/2017 của Hội nghị Trung ương 6 khóa XII",
        {
            "18-NQ/TW": dict(kind="Nghị quyết", term="XII"),
            "19-NQ/TW": dict(kind="Nghị quyết", date="2017-10-25"),
        },
    ),
    # --- noise inside symbols
    Case(
        "space after dash",
        BODY + "Kết luận số 62- KL/TW, ngày 08/12/2009",
        {"62-KL/TW": dict(mention_texts=["62- KL/TW"])},
    ),
    Case(
        "spaces around dash",
        BODY + "Kết luận số 100 - KL/TW của Bộ Chính trị",
        {"100-KL/TW": dict(kind="Kết luận")},
    ),
    Case(
        "en dash",
        BODY + "Nghị quyết số 21 – NQ/TW của Hội nghị Trung ương 4",
        {"21-NQ/TW": dict(kind="Nghị quyết")},
    ),
    Case(
        "lower-case code",
        BODY + "Chương trình số 06-Ctr/TU của Tỉnh ủy",
        {"06-CTr/TU": dict(kind="Chương trình", issuer="Tỉnh ủy")},
    ),
    Case(
        "state-style Party symbol",
        BODY + "Quyết định số 217/QĐ-TW của Bộ Chính trị",
        {"217-QĐ/TW": dict(system="party", kind="Quyết định")},
    ),
    Case(
        "line break inside the issuer",
        BODY + "Quy định số 124-QĐ/TW của Ban\n\nBí thư Quy định về giám sát",
        {"124-QĐ/TW": dict(issuer="Ban Bí thư", kind="Quy định")},
    ),
    Case(
        "line break between kind word and number",
        BODY + "tiếp tục thực hiện Kết luận\n\nsố 62- KL/TW, ngày 08/12/2009 của Bộ Chính trị",
        {"62-KL/TW": dict(kind="Kết luận", date="2009-12-08")},
    ),
    Case(
        "markdown and HTML noise, raw offsets",
        BODY + "**Thực hiện** *Kết luận số 43-KL/TW* ngày 07/01/2019 của <b>Ban Bí thư</b>",
        {"43-KL/TW": dict(issuer="Ban Bí thư", date="2019-01-07", mention_texts=["43-KL/TW"])},
        markdown=True,
    ),
    # --- the kind word decides QĐ
    Case(
        "QĐ as Quy định",
        BODY + "Quy định số 124-QĐ/TW, ngày 02/02/2018 của Ban Bí thư",
        {"124-QĐ/TW": dict(kind="Quy định")},
    ),
    Case(
        "QĐ as Quyết định",
        BODY + "Quyết định số 99-QĐ/TW ngày 03/10/2017",
        {"99-QĐ/TW": dict(kind="Quyết định")},
    ),
    Case(
        "Thông báo kết luận is fullest",
        BODY + "Thông báo số 160-TB/TW và Thông báo kết luận số 160-TB/TW",
        {"160-TB/TW": dict(kind="Thông báo kết luận")},
    ),
    # --- state legal documents
    Case(
        "state decree",
        BODY + "Nghị định số 34/2019/NĐ-CP ngày 24/4/2019 của Chính phủ",
        {"34/2019/NĐ-CP": dict(system="state", kind="Nghị định", issuer="Chính phủ", year=2019, number="34")},
    ),
    Case(
        "state individual decision, issuer from code",
        BODY + "Quyết định số 1847/QĐ-TTg phê duyệt Đề án văn hóa công vụ",
        {"1847/QĐ-TTg": dict(system="state", kind="Quyết định", issuer="Thủ tướng Chính phủ", year=None)},
    ),
    Case(
        "National Assembly resolution",
        BODY + "theo Nghị quyết số 202/2025/QH15 của Quốc hội về sắp xếp đơn vị hành chính cấp tỉnh",
        {"202/2025/QH15": dict(system="state", kind="Nghị quyết", issuer="Quốc hội", year=2025)},
    ),
    # --- unnumbered citations
    Case(
        "congress resolutions",
        BODY
        + "mà Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng, Nghị quyết Đại hội đại biểu Đảng bộ tỉnh "
        "lần thứ XI đề ra",
        {
            "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng": dict(
                system="named", kind="Nghị quyết", symbol=None
            ),
            "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XI": dict(
                issuer="Đại hội đại biểu Đảng bộ tỉnh lần thứ XI"
            ),
        },
    ),
    Case(
        "named law",
        BODY + "quan điểm của Đảng, Luật Mặt trận Tổ quốc Việt Nam và những định hướng",
        {"Luật Mặt trận Tổ quốc Việt Nam": dict(kind="Luật", system="named")},
    ),
    Case(
        "law with year",
        BODY + "thi hành Luật Đất đai năm 2013;",
        {"Luật Đất đai năm 2013": dict(kind="Luật")},
    ),
    Case("lawyer is not a law", BODY + "mời Luật sư tư vấn; phù hợp với Luật, Điều lệ của các tổ chức.", {}),
    Case(
        "named regulation",
        BODY + "Làm nòng cốt trong thực hiện có hiệu quả Quy chế dân chủ ở cơ sở, các mô hình",
        {"Quy chế dân chủ ở cơ sở": dict(kind="Quy chế")},
    ),
    Case(
        "regulation issued by a cited decision",
        BODY
        + "Tiếp tục thực hiện tốt Quyết định số 12-QĐ/TU ngày 02/6/2010 của Tỉnh ủy về ban hành Quy chế công tác "
        "dân vận của hệ thống chính trị tỉnh Tuyên Quang; lãnh đạo",
        {
            "12-QĐ/TU": dict(kind="Quyết định"),
            "Quy chế công tác dân vận của hệ thống chính trị tỉnh Tuyên Quang": dict(
                attached_to="12-QĐ/TU", issuer="Tỉnh ủy"
            ),
        },
    ),
    # --- relation: implements, continued, links
    Case(
        "implements with continued document",
        HEAD
        + "Thực hiện Kết luận số 43-KL/TW ngày 07/01/2019 của Ban Bí thư về tiếp tục thực hiện Nghị quyết số "
        '25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương Đảng khóa XI về "Tăng cường", Ban Thường vụ Tỉnh ủy '
        "xây dựng kế hoạch thực hiện như sau:\n\nI- MỤC ĐÍCH, YÊU CẦU\n\nTổ chức quán triệt Nghị quyết số 25-NQ/TW.",
        {
            "43-KL/TW": dict(relation="implements"),
            "25-NQ/TW": dict(relation="cites", continued_by="43-KL/TW", mention_count=2),
        },
        links=(("43-KL/TW", "25-NQ/TW"),),
    ),
    Case(
        "second basis after an alias definition of the first is implemented too",
        HEAD
        + "Căn cứ Nghị quyết số 19-NQ/TW ngày 16/6/2022 của Hội nghị Trung ương 5 khóa XIII (sau đây gọi tắt là "
        "Nghị quyết số 19-NQ/TW) và Kế hoạch số 15-KH/TU ngày 10/8/2022 của Ban Thường vụ Tỉnh ủy thực hiện Nghị "
        "quyết số 19-NQ/TW, Ban Thường vụ Huyện ủy xây dựng Kế hoạch như sau:\n\nI. MỤC ĐÍCH",
        {
            "19-NQ/TW": dict(relation="implements"),
            "15-KH/TU": dict(relation="implements", issuer="Ban Thường vụ Tỉnh ủy"),
        },
        links=(("15-KH/TU", "19-NQ/TW"),),
    ),
    Case(
        "second basis after an unquoted subject with commas is implemented too",
        HEAD
        + "Thực hiện Chỉ thị số 28-CT/TW ngày 21/9/2018 của Ban Bí thư về nâng cao chất lượng kết nạp đảng viên, rà "
        "soát, sàng lọc đảng viên (sau đây gọi tắt là Chỉ thị 28) và Kế hoạch số 90-KH/TU ngày 05/12/2018 của Ban "
        "Thường vụ Tỉnh ủy về thực hiện Chỉ thị số 28-CT/TW, Ban Thường vụ Huyện ủy ban hành Kế hoạch như sau:"
        "\n\nI. MỤC ĐÍCH",
        {"28-CT/TW": dict(relation="implements"), "90-KH/TU": dict(relation="implements")},
        links=(("90-KH/TU", "28-CT/TW"),),
    ),
    Case(
        "a narrative sentence lists what was done, not the bases of the text",
        HEAD
        + "Sau 3 năm thực hiện Chỉ thị số 28-CT/TW ngày 21/9/2018 của Ban Bí thư về nâng cao chất lượng kết nạp "
        "đảng viên, rà soát, sàng lọc đảng viên và Kế hoạch số 90-KH/TU ngày 05/12/2018 của Ban Thường vụ Tỉnh ủy "
        "về thực hiện Chỉ thị 28, công tác phát triển đảng viên có chuyển biến.\n\nI. MỤC ĐÍCH",
        {"90-KH/TU": dict(relation="cites"), "28-CT/TW": dict(relation="cites")},
    ),
    Case(
        "a retrospective opening weighs its documents; the later basis sentence is implemented",
        "CHỈ THỊ\n\nQua 5 năm triển khai Nghị quyết số 36-NQ/TU ngày 14/7/2019 của Tỉnh ủy về phát triển du lịch, "
        "lượng khách tăng nhanh.\n\nCăn cứ Kết luận số 81-KL/TW ngày 29/7/2020 của Bộ Chính trị, Ban Thường vụ "
        "Tỉnh ủy chỉ thị:\n\n1. Các cấp ủy",
        {"36-NQ/TU": dict(relation="cites"), "81-KL/TW": dict(relation="implements")},
    ),
    Case(
        "a retrospective document re-mentioned after the opening verb is implemented",
        "CHỈ THỊ\n\nSau hơn 6 năm thực hiện Chỉ thị số 14-CT/TU ngày 02/3/2018 của Ban Thường vụ Tỉnh ủy về công "
        "tác thanh niên và Kết luận số 31-KL/TU ngày 20/5/2021 về tiếp tục thực hiện Chỉ thị 14, phong trào có "
        "nhiều chuyển biến.\n\nĐể tiếp tục thực hiện Chỉ thị 14 trong thời gian tới, Ban Thường vụ Huyện ủy yêu "
        "cầu:\n\n1. Các chi bộ",
        {"14-CT/TU": dict(relation="implements", mention_count=3), "31-KL/TU": dict(relation="cites")},
        links=(("31-KL/TU", "14-CT/TU"),),
    ),
    Case(
        "a joint issuer of the Politburo and the Secretariat stays joint, in either order",
        BODY
        + "Kết luận số 118-KL/TW ngày 18/01/2025 của Bộ Chính trị, Ban Bí thư về công tác cán bộ và Thông báo số "
        "22-TB/TW ngày 05/5/2025 của Ban Bí thư, Bộ Chính trị.",
        {
            "118-KL/TW": dict(issuer="Bộ Chính trị, Ban Bí thư"),
            "22-TB/TW": dict(issuer="Bộ Chính trị, Ban Bí thư"),
        },
    ),
    Case(
        "a decree issuing a plan that carries out another document links them",
        BODY
        + "Quyết định số 1520/QĐ-UBND ngày 12/8/2024 của Ủy ban nhân dân tỉnh về việc ban hành Kế hoạch thực "
        "hiện Nghị quyết số 29-NQ/TW ngày 17/11/2022 của Ban Chấp hành Trung ương; Nghị quyết số 15/NQ-CP ngày "
        "02/02/2023 của Chính phủ ban hành Chương trình hành động của Chính phủ thực hiện Nghị quyết 29.",
        {"1520/QĐ-UBND": dict(relation="cites"), "29-NQ/TW": dict(relation="cites")},
        others=("15/NQ-CP",),
        links=(("1520/QĐ-UBND", "29-NQ/TW"), ("15/NQ-CP", "29-NQ/TW")),
    ),
    Case(
        "a plenum named in a headline is the numbered resolution that names the same plenum and term",
        "Huyện ủy quán triệt Nghị quyết Trung ương 8 khóa XIII\n\nSáng 10/3, Huyện ủy quán triệt Nghị quyết số "
        "44-NQ/TW ngày 24/11/2023 Hội nghị lần thứ 8 Ban Chấp hành Trung ương Đảng khóa XIII về chiến lược bảo vệ "
        "Tổ quốc và Nghị quyết Trung ương 6 khóa XII.",
        {
            "44-NQ/TW": dict(term="XIII"),
            "Nghị quyết Trung ương 6 khóa XII": dict(issuer="Ban Chấp hành Trung ương"),
        },
    ),
    Case(
        "a numbered basis after an unnumbered congress resolution and its term is implemented",
        HEAD
        + "Thực hiện Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XX, nhiệm kỳ 2020 - 2025 và Chương trình hành "
        "động số 05-CTr/TU ngày 12/3/2021 của Tỉnh ủy về phát triển du lịch, Ban Thường vụ Huyện ủy ban hành Nghị "
        "quyết như sau:\n\nI- TÌNH HÌNH",
        {"05-CTr/TU": dict(relation="implements", kind="Chương trình hành động")},
        others=("Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XX",),
    ),
    Case(
        "implements two coordinated documents",
        HEAD
        + "Thực hiện Nghị quyết số 19-NQ/TW ngày 16/6/2022 của Hội nghị Trung ương 5 khóa XIII và Kết luận số "
        "54-KL/TW ngày 07/8/2019 của Bộ Chính trị, Ban Thường vụ Tỉnh ủy ban hành kế hoạch như sau:\n\nI. MỤC ĐÍCH",
        {"19-NQ/TW": dict(relation="implements", term="XIII"), "54-KL/TW": dict(relation="implements")},
    ),
    Case(
        "Căn cứ",
        HEAD
        + "Căn cứ Quy định số 08-QĐi/TW ngày 25/10/2018 của Ban Chấp hành Trung ương;\nBan Thường vụ Huyện ủy ban "
        "hành kế hoạch.\n\n1. Mục đích\n\nCăn cứ Nghị định số 34/2019/NĐ-CP để thực hiện.",
        {"08-QĐi/TW": dict(relation="implements"), "34/2019/NĐ-CP": dict(relation="cites")},
    ),
    Case(
        "cụ thể hóa in the opening",
        HEAD
        + "Để cụ thể hóa Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị, Ban Thường vụ Huyện ủy xây dựng kế "
        "hoạch như sau:\n\nI. MỤC ĐÍCH",
        {"05-CT/TW": dict(relation="implements")},
    ),
    Case(
        "thực hiện in the body is only a citation",
        BODY + "Tiếp tục thực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương.",
        {"18-NQ/TW": dict(relation="cites")},
    ),
    Case(
        "link stated in the body",
        BODY
        + "Chương trình số 26-CTr/TU ngày 21/02/2018 của Tỉnh ủy về việc “thực hiện Nghị quyết số 19-NQ/TW, ngày "
        "25/10/2017 của Ban Chấp hành Trung ương về tiếp tục đổi mới”",
        {
            "26-CTr/TU": dict(relation="cites", continued_by=None),
            "19-NQ/TW": dict(relation="cites", continued_by=None),
        },
        links=(("26-CTr/TU", "19-NQ/TW"),),
    ),
    # --- other provinces (phrasings not in the seeds)
    Case(
        "Quảng Ninh plan",
        HEAD
        + "Thực hiện Kế hoạch số 12-KH/TU ngày 2-3-2021 của Ban Thường vụ Tỉnh ủy Quảng Ninh về tổ chức học tập, "
        "Ban Thường vụ Thành ủy xây dựng kế hoạch như sau:\n\nI. MỤC ĐÍCH",
        {
            "12-KH/TU": dict(
                kind="Kế hoạch",
                issuer="Ban Thường vụ Tỉnh ủy Quảng Ninh",
                relation="implements",
                date="2021-03-02",
            )
        },
    ),
    Case(
        "Hà Tĩnh: date in words, Ban Bí thư",
        BODY
        + "Chỉ thị số 28-CT/TW ngày 21 tháng 9 năm 2013 của Ban Bí thư về nâng cao chất lượng kết nạp đảng viên",
        {
            "28-CT/TW": dict(
                date="2013-09-21", issuer="Ban Bí thư", subject="nâng cao chất lượng kết nạp đảng viên"
            )
        },
    ),
    Case(
        "Nghệ An: Huyện ủy with place, Hướng dẫn of a central board",
        BODY
        + "Hướng dẫn số 12-HD/BTGTW của Ban Tuyên giáo Trung ương; Kế hoạch số 45-KH/HU của Huyện ủy Đô Lương",
        {
            "12-HD/BTGTW": dict(kind="Hướng dẫn", issuer="Ban Tuyên giáo Trung ương"),
            "45-KH/HU": dict(kind="Kế hoạch", issuer="Huyện ủy Đô Lương"),
        },
    ),
    Case(
        "same symbol, two terms: two documents",
        BODY
        + "Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương khóa XII và Nghị quyết số 18-NQ/TW "
        "ngày 16/6/2022 của Ban Chấp hành Trung ương khóa XIII về đất đai.",
        {},
        others=("18-NQ/TW", "18-NQ/TW"),
    ),
    # --- the document's own number (letterhead) is not a citation
    Case(
        "own number under the letterhead",
        "HUYỆN ỦY ĐÔNG TRIỀU\n*\nSố 45-KH/HU\n\nĐẢNG CỘNG SẢN VIỆT NAM\nĐông Triều, ngày 12 tháng 8 năm 2016\n\n"
        "KẾ HOẠCH\nthực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị\n\nThực hiện Chỉ thị số "
        "05-CT/TW, Ban Thường vụ Huyện ủy xây dựng Kế hoạch thực hiện như sau:\n\nI. MỤC ĐÍCH, YÊU CẦU\n",
        {"05-CT/TW": dict(relation="implements", mention_count=2)},
    ),
    Case(
        "own number in a flattened letterhead table, with a colon",
        "TỈNH ỦY LÀO CAI\tĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố: 12-KH/TU\tLào Cai, ngày 15 tháng 4 năm 2021\n\n"
        "KẾ HOẠCH\ntriển khai Kết luận số 01-KL/TW ngày 18/5/2021 của Bộ Chính trị\n\nI- MỤC ĐÍCH\n",
        {"01-KL/TW": dict(relation="implements")},
    ),
    Case(
        "own symbol cited again in the body keeps only the body mention",
        "THÀNH ỦY HẠ LONG\n*\nSố 07-KH/TU\n\nKẾ HOẠCH\nsơ kết\n\nI. MỤC ĐÍCH\n\n1. Sơ kết Kế hoạch số 07-KH/TU "
        "ngày 05/01/2021 của Ban Thường vụ Thành ủy.",
        {"07-KH/TU": dict(mention_count=1, date="2021-01-05", relation="cites")},
    ),
    Case(
        "a wrapped title line starting with 'số' is still a citation",
        "KẾ HOẠCH\n\nthực hiện Thông báo kết luận số 160-TB/TW về tiếp tục thực hiện Kết luận\n\nsố 62- KL/TW của "
        "Bộ Chính trị\n\nI. MỤC ĐÍCH\n",
        {"62-KL/TW": dict(kind="Kết luận")},
        others=("160-TB/TW",),
    ),
    # --- term in parentheses, plenum resolutions named without a number (probe text, Quảng Ninh)
    Case(
        "term in parentheses",
        BODY
        + 'Thực hiện Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị (khóa XII) về "đẩy mạnh học tập và làm '
        'theo tư tưởng, đạo đức, phong cách Hồ Chí Minh" (sau đây gọi tắt là Chỉ thị 05);',
        {
            "05-CT/TW": dict(
                term="XII",
                issuer="Bộ Chính trị",
                date="2016-05-15",
                subject="đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            )
        },
    ),
    Case(
        "two terms in parentheses are no term",
        BODY + "Kết luận số 21-KL/TW của Ban Chấp hành Trung ương (khóa XI, XII) về xây dựng Đảng",
        {"21-KL/TW": dict(term=None, issuer="Ban Chấp hành Trung ương")},
    ),
    Case(
        "a quoted subject is preferred to one cut at a comma",
        "KẾ HOẠCH\nthực hiện Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh học tập, làm theo\n\n"
        'Thực hiện Chỉ thị số 05-CT/TW về "đẩy mạnh học tập, làm theo tư tưởng Hồ Chí Minh", Ban Thường vụ '
        "Huyện ủy xây dựng kế hoạch như sau:\n\nI. MỤC ĐÍCH",
        {"05-CT/TW": dict(subject="đẩy mạnh học tập, làm theo tư tưởng Hồ Chí Minh")},
    ),
    Case(
        "plenum resolution without a number",
        BODY + "gắn việc thực hiện Chỉ thị với Nghị quyết Trung ương 4 khóa XII, Nghị định số 145/2020/NĐ-CP",
        {
            "Nghị quyết Trung ương 4 khóa XII": dict(
                system="named", kind="Nghị quyết", issuer="Ban Chấp hành Trung ương", term="XII", symbol=None
            )
        },
        others=("145/2020/NĐ-CP",),
    ),
    Case(
        "plenum resolution: three spellings, one document",
        BODY
        + "Thực hiện Nghị quyết Hội nghị Trung ương 4 khóa XII về xây dựng Đảng. Quán triệt Nghị quyết Trung ương 4 "
        "(khóa XII) và Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khoá XII.",
        {
            "Nghị quyết Trung ương 4 khóa XII": dict(
                term="XII",
                mention_texts=[
                    "Nghị quyết Hội nghị Trung ương 4 khóa XII",
                    "Nghị quyết Trung ương 4 (khóa XII)",
                    "Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng khoá XII",
                ],
            )
        },
    ),
    Case(
        "plenum as the issuer of a numbered resolution is not a second document",
        BODY
        + "Nghị quyết số 04-NQ/TW ngày 30/10/2016 của Hội nghị Trung ương 4 khóa XII về tăng cường xây dựng",
        {"04-NQ/TW": dict(issuer="Ban Chấp hành Trung ương", term="XII")},
    ),
    Case(
        "plenum resolution of an unstated term",
        BODY + "tiếp tục thực hiện Nghị quyết Trung ương 7 (khóa X, XII); Nghị quyết Trung ương Đảng về",
        {"Nghị quyết Trung ương 7": dict(term=None, issuer="Ban Chấp hành Trung ương")},
    ),
    Case(
        "dates are not symbols, stamps are not citations",
        BODY + "ĐẾN Số: 1909 Ngày: 20/3\nnhiệm kỳ 2020-2025, ngày 15/01/2020, COVID-19",
        {},
    ),
    # --- generalization to other provinces and to news (tests/data/unseen/): issue #2
    Case(
        "news: issuer and date written before the citation",
        BODY + "Ngày 23/11/2022, Ban Thường vụ Thành ủy Hà Nội ban hành Chương trình số 20-CTr/TU về thực "
        "hiện Nghị quyết số 15-NQ/TW ngày 05/5/2022 của Bộ Chính trị.",
        {
            "20-CTr/TU": dict(issuer="Ban Thường vụ Thành ủy Hà Nội", date="2022-11-23"),
            "15-NQ/TW": dict(issuer="Bộ Chính trị", date="2022-05-05"),
        },
        links=(("20-CTr/TU", "15-NQ/TW"),),
    ),
    Case(
        "X ... thực hiện Y without 'về' links X to Y, a comma does not",
        BODY + "Ban Thường vụ Tỉnh ủy vừa ban hành Kế hoạch số 215-KH/TU, ngày 12-9-2022 thực hiện Nghị "
        "quyết số 18-NQ/TW. Quán triệt Chỉ thị số 05-CT/TW, thực hiện Kết luận số 01-KL/TW.",
        {"215-KH/TU": dict(issuer="Ban Thường vụ Tỉnh ủy", date="2022-09-12")},
        others=("18-NQ/TW", "05-CT/TW", "01-KL/TW"),
        links=(("215-KH/TU", "18-NQ/TW"),),
    ),
    Case(
        "a bare date on the next line is not the citation's",
        "# Thành ủy ban hành Chương trình thực hiện Nghị quyết 15-NQ/TW của Bộ Chính trị\n24/11/2022 06:15\n",
        {"15-NQ/TW": dict(date=None, issuer="Bộ Chính trị")},
    ),
    Case(
        "symbol wrapped after the dash, lower-case kind code",
        BODY + "Chương trình hành động số 26-CTr/TU của Tỉnh ủy thực hiện Nghị quyết số 19-\nNQ/TW và "
        "Chương trình hành động số 06-ctr/TU ngày 05/3/2021 của Tỉnh ủy",
        {
            "19-NQ/TW": dict(mention_texts=["19-\nNQ/TW"]),
            "06-CTr/TU": dict(kind="Chương trình hành động", date="2021-03-05"),
        },
        others=("26-CTr/TU",),
        links=(("26-CTr/TU", "19-NQ/TW"),),
    ),
    Case(
        "coordinated re-mentions stay in one series",
        BODY
        + "các Nghị quyết số 18-NQ/TW, 19-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung ương và Nghị quyết "
        "số 19-NQ/TU ngày 28/02/2018 của Ban Chấp hành Đảng bộ tỉnh. Thực hiện Nghị quyết 18 và Nghị quyết 19, "
        "tỉnh đã giảm 12 đơn vị.",
        {
            "19-NQ/TW": dict(mention_count=2, date="2017-10-25"),
            "19-NQ/TU": dict(mention_count=1, issuer="Ban Chấp hành Đảng bộ tỉnh"),
            "18-NQ/TW": dict(mention_count=2),
        },
    ),
    Case(
        "opening: bases coordinated by 'và' or ';' after an unquoted subject are all implemented",
        HEAD + "Căn cứ Kết luận số 120-KL/TW ngày 07/01/2016 của Bộ Chính trị về tiếp tục đẩy mạnh, nâng cao "
        "chất lượng việc thực hiện quy chế dân chủ ở cơ sở; Chỉ thị số 30-CT/TW của Bộ Chính trị và Hướng dẫn "
        "số 01-HD/TU ngày 15/3/2022 của Ban Thường vụ Tỉnh ủy về những điều đảng viên không được làm và Quy "
        "định số 37-QĐi/TW, Ban Tuyên giáo Tỉnh ủy hướng dẫn như sau:\n\nI. NỘI DUNG\n",
        {
            "120-KL/TW": dict(relation="implements"),
            "30-CT/TW": dict(relation="implements"),
            "01-HD/TU": dict(relation="implements", subject="những điều đảng viên không được làm"),
            "37-QĐi/TW": dict(relation="implements"),
        },
        others=("quy chế dân chủ ở cơ sở",),
    ),
    Case(
        "a Công văn's own V/v line says what it implements",
        "TỈNH ỦY X\nSố: 12-CV/TU\nV/v triển khai thực hiện Kết luận số 14-KL/TW\n\nKính gửi: Các huyện ủy.\n\n"
        "Thực hiện Công văn số 112-CV/TW ngày 5/9/2023 của Ban Bí thư về triển khai thực hiện Kết luận số "
        "14-KL/TW, Ban Thường vụ Tỉnh ủy yêu cầu:\n\n1. Các huyện ủy quán triệt.",
        {"14-KL/TW": dict(relation="implements"), "112-CV/TW": dict(relation="implements")},
        links=(("112-CV/TW", "14-KL/TW"),),
    ),
    Case(
        "the own number repeated under the attached Quy chế is no citation",
        "TỈNH ỦY PHÚ THỌ\nSố 25-QĐ/TU\n\nQUYẾT ĐỊNH\nban hành Quy chế tiếp công dân\n\nĐiều 1. Ban hành kèm theo "
        "Quyết định này Quy chế tiếp công dân.\n\nQUY CHẾ\ntiếp công dân của Ban Thường vụ Tỉnh ủy\n(Ban hành kèm "
        "theo Quyết định số 25-QĐ/TU ngày 3/2/2024 của Ban Thường vụ Tỉnh ủy)\n\nChương I\nĐiều 1. Quy chế này "
        "thực hiện Quy định số 11-QĐi/TW ngày 18/2/2019 của Bộ Chính trị.\n",
        {"11-QĐi/TW": dict(relation="cites", date="2019-02-18")},
    ),
    Case(
        "opening: a document after the closed quoted title of a continued one is implemented again",
        HEAD
        + "Thực hiện Chỉ thị số 10-CT/TW ngày 05/12/2022 của Ban Bí thư về tiếp tục thực hiện Nghị quyết số "
        "20-NQ/TW của Bộ Chính trị “Về tăng cường công tác bảo vệ sức khỏe nhân dân” và Chương trình số 15-CTr/TU "
        "ngày 10/3/2023 của Ban Thường vụ Tỉnh ủy về công tác y tế, Ban Thường vụ Huyện ủy xây dựng kế hoạch như "
        "sau:\n\nI. MỤC ĐÍCH\n",
        {
            "10-CT/TW": dict(relation="implements"),
            "20-NQ/TW": dict(relation="cites", continued_by="10-CT/TW"),
            "15-CTr/TU": dict(relation="implements", date="2023-03-10"),
        },
        links=(("10-CT/TW", "20-NQ/TW"),),
    ),
    Case(
        "news: 'thay mặt <issuer>, đồng chí ... ký ban hành X', the place from the headline",
        "# Ban Thường vụ Huyện ủy Đoan Hùng ban hành Kế hoạch về công tác cán bộ\n\nNgày 08/3/2024, thay mặt "
        "Ban Thường vụ Huyện ủy, đồng chí Bí thư Huyện ủy đã ký ban hành Kế hoạch số 112-KH/HU về công tác "
        "cán bộ.\n",
        {
            "112-KH/HU": dict(
                date="2024-03-08",
                issuer="Ban Thường vụ Huyện ủy Đoan Hùng",
                issuer_as_written=("Ban Thường vụ Huyện ủy",),
            )
        },
        markdown=True,
    ),
    Case(
        "news: 'thay mặt <issuer>' with no headline naming its place",
        "Ngày 08/3/2024, thay mặt Ban Thường vụ Huyện ủy, đồng chí Bí thư Huyện ủy đã ký ban hành Kế hoạch số "
        "112-KH/HU về công tác cán bộ.",
        {"112-KH/HU": dict(date="2024-03-08", issuer="Ban Thường vụ Huyện ủy")},
    ),
    Case(
        "a committee's working rules named without a number",
        BODY
        + "Theo Quy chế làm việc của Ban Thường vụ Huyện ủy khoá XXIII, nhiệm kỳ 2020 - 2025, các đồng chí "
        "ủy viên phụ trách địa bàn.",
        {
            "Quy chế làm việc của Ban Thường vụ Huyện ủy khoá XXIII": dict(
                kind="Quy chế", issuer="Ban Thường vụ Huyện ủy", term="XXIII"
            )
        },
    ),
    Case(
        "news: the lead's dateline under a headline ending with a symbol is not that symbol's date",
        "Yên Bái triển khai Nghị quyết số 57-NQ/TW\n\nNgày 14/02/2025, Ban Thường vụ Tỉnh ủy Yên Bái ban hành "
        "Kế hoạch số 201-KH/TU thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.",
        {
            "57-NQ/TW": dict(date="2024-12-22", mention_count=2),
            "201-KH/TU": dict(date="2025-02-14", issuer="Ban Thường vụ Tỉnh ủy Yên Bái"),
        },
    ),
    Case(
        "a citation wrapped onto the next line keeps its date",
        BODY + "Thực hiện Kết luận số 14-KL/TW\nngày 22/9/2021 của Bộ Chính trị, các cấp ủy rà soát.",
        {"14-KL/TW": dict(date="2021-09-22", issuer="Bộ Chính trị")},
    ),
    Case(
        "news: the headline's short form before the lead's full citation",
        "Sơn La học tập Nghị quyết 68 về kinh tế tư nhân\n\nSáng 20/5, Tỉnh ủy Sơn La tổ chức hội nghị quán "
        "triệt Nghị quyết số 68-NQ/TW ngày 04/5/2025 của Bộ Chính trị. Nghị quyết 68 xác định kinh tế tư nhân "
        "là một động lực quan trọng.",
        {"68-NQ/TW": dict(mention_texts=["Nghị quyết 68", "68-NQ/TW", "Nghị quyết 68"])},
    ),
    Case(
        "an alias without 'sau đây' and a second basis coordinated after it; a dashed place in the issuer",
        HEAD
        + "Thực hiện Chỉ thị số 21-CT/TW ngày 05/3/2023 của Ban Bí thư về công tác dân vận (gọi tắt là Chỉ thị 21) "
        "và Kế hoạch số 140-KH/TU ngày 20/4/2023 của Ban Thường vụ Tỉnh ủy Thừa Thiên - Huế, Ban Thường vụ "
        "Huyện ủy ban hành Kế hoạch như sau:\n\nI. MỤC ĐÍCH\n\nTổ chức quán triệt Chỉ thị 21.",
        {
            "21-CT/TW": dict(relation="implements", mention_texts=["21-CT/TW", "Chỉ thị 21", "Chỉ thị 21"]),
            "140-KH/TU": dict(relation="implements", issuer="Ban Thường vụ Tỉnh ủy Thừa Thiên - Huế"),
        },
    ),
    Case(
        "news: the issuer before 'vừa ban hành' with 'Thành phố' before the place",
        "(ĐCSVN) - Ban Thường vụ Thành ủy Thành phố Cần Thơ vừa ban hành Kế hoạch số 118-KH/TU thực hiện "
        "Nghị quyết Đại hội đại biểu Đảng bộ Thành phố lần thứ XVI.",
        {
            "118-KH/TU": dict(issuer="Ban Thường vụ Thành ủy Thành phố Cần Thơ"),  # place as written
            "Nghị quyết Đại hội đại biểu Đảng bộ Thành phố lần thứ XVI": dict(kind="Nghị quyết"),
        },
    ),
    Case(
        "a kind-worded list item gives its issuer to a first mention with no tail, not its date",
        BODY
        + "Sắp xếp bộ máy theo Kết luận số 121-KL/TW và Kết luận 126-KL/TW ngày 14/02/2025 của Bộ Chính trị, "
        "Ban Bí thư; quán triệt Nghị quyết số 18-NQ/TW ngày 25/10/2017 và Kết luận số 121-KL/TW.",
        {
            "121-KL/TW": dict(issuer="Bộ Chính trị, Ban Bí thư", date=None, mention_count=2),
            "126-KL/TW": dict(issuer="Bộ Chính trị, Ban Bí thư", date="2025-02-14"),
            "18-NQ/TW": dict(date="2017-10-25"),
        },
    ),
    Case(
        "an issuer's place in the old tone placement: normalized in the issuer, kept as written beside it",
        BODY
        + "Thực hiện Kế hoạch số 225-KH/TU ngày 20/5/2024 của Ban Thường vụ Tỉnh uỷ Thanh Hoá về đại hội.",
        {
            "225-KH/TU": dict(
                issuer="Ban Thường vụ Tỉnh ủy Thanh Hóa",
                issuer_as_written=("Ban Thường vụ Tỉnh uỷ Thanh Hoá",),
            )
        },
    ),
    Case(
        "PDF line wraps: a subject and a list wrapped after a comma go on; the own number in a running head",
        "Số 163-KH/TXU\n\nKẾ HOẠCH\n\nThực hiện Nghị quyết số 43-NQ/TW ngày 24/11/2023 của Ban Chấp hành Trung ương về "
        "phát huy truyền thống đại đoàn kết, xây dựng\nđất nước phồn vinh và Chương trình số 61-CTr/TU ngày "
        "08/3/2024 của Tỉnh ủy, Ban Thường vụ Thị ủy xây dựng kế hoạch như sau:\n\nI. MỤC ĐÍCH\n\nThực hiện Quyết "
        "định số 217-QĐ/TW,\n218-QĐ/TW của Bộ Chính trị.\n\n      Kế hoạch số 163-KH/TXU của Ban Thường vụ Thị ủy"
        "        2\n",
        {
            "43-NQ/TW": dict(relation="implements"),
            "61-CTr/TU": dict(relation="implements"),
            "217-QĐ/TW": dict(issuer="Bộ Chính trị"),
            "218-QĐ/TW": dict(issuer="Bộ Chính trị"),
        },
    ),
    Case(
        "the headline's short form fits two documents: attached to neither",
        "Triển khai Nghị quyết 18\n\nThực hiện Nghị quyết số 18-NQ/TW ngày 25/10/2017 của Ban Chấp hành Trung "
        "ương và Nghị quyết số 18-NQ/TU ngày 02/3/2018 của Tỉnh ủy, các cấp ủy quán triệt.",
        {"18-NQ/TW": dict(mention_count=1), "18-NQ/TU": dict(mention_count=1)},
    ),
]


def _extract(case: Case):
    src = read_text("case.md", case.text) if case.markdown else SourceText.identity("case", case.text)
    return src, *extract_citations(src)


def _value(c, key: str) -> Any:
    if key == "mention_texts":
        return [m.text for m in c.mentions]
    if key == "mention_count":
        return len(c.mentions)
    return getattr(c, key)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_citation_case(case: Case):
    src, citations, links, _ = _extract(case)
    keys = [c.key for c in citations]
    assert sorted(keys) == sorted([*case.expect, *case.others]), keys
    for key, fields in case.expect.items():
        c = next(c for c in citations if c.key == key)
        for name, want in fields.items():
            assert _value(c, name) == want, (key, name)
        for m in c.mentions:
            assert src.raw[m.start : m.end] == m.text
            assert m.line == src.raw.count("\n", 0, m.start) + 1
    if case.links is not None:
        assert sorted((link.source, link.target) for link in links) == sorted(case.links)
