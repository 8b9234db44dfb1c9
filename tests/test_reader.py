"""Readers: formats, encodings, converter-noise cleaning and the map back to raw offsets."""

from __future__ import annotations

import codecs
import re
import unicodedata

import docx
import pytest
from conftest import SEED_NAMES
from filemakers import cp1258_encode, make_text_pdf, tcvn3_encode, vni_encode
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.clean import clean
from ingest.encodings import decode_bytes, detect_legacy
from ingest.reader import read_file, read_text
from ingest.text import ReadError

WORD = re.compile(r"[^\W_]+(?:[-/][^\W_]+)*")

OPENING = (
    "Thực hiện Kết luận số 43-KL/TW ngày 07/01/2019 của Ban Bí thư về tiếp tục thực hiện Nghị quyết "
    "số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương Đảng khóa XI, Ban Thường vụ Tỉnh ủy xây dựng "
    "kế hoạch thực hiện như sau:"
)


def assert_words_map_back(src):
    """Every word of the cleaned text maps to a raw span that reads as that word (cleaned, NFC)."""
    for m in WORD.finditer(src.text):
        a, b = src.raw_span(*m.span())
        assert clean(src.raw[a:b], "plain")[0] == m.group() or clean(src.raw[a:b])[0] == m.group(), (
            m.group(),
            src.raw[a:b],
        )


# --- cleaning: (raw, cleaned) in Markdown/text mode, phrasings from converted Party documents ----------

CLEAN_CASES = [
    # glued bold headings: closed and reopened on one line -> a line break, not glued words
    (
        "**II- NHIỆM VỤ, GIẢI PHÁP****1. Tăng cường sự lãnh đạo của các cấp ủy đảng**",
        "II- NHIỆM VỤ, GIẢI PHÁP\n1. Tăng cường sự lãnh đạo của các cấp ủy đảng",
    ),
    ("## **2. Tuyên truyền, vận động**", "2. Tuyên truyền, vận động"),
    ("#### Nơi nhận:", "Nơi nhận:"),
    ("### I- MỤC ĐÍCH, YÊU CẦU\n\n#### 1- Mục đích", "I- MỤC ĐÍCH, YÊU CẦU\n\n1- Mục đích"),
    # bold title spanning lines, markdown hard breaks kept as they are
    ("**T/M BAN THƯỜNG VỤ  \nPHÓ BÍ THƯ THƯỜNG TRỰC**", "T/M BAN THƯỜNG VỤ  \nPHÓ BÍ THƯ THƯỜNG TRỰC"),
    # bold glued to the next word: a space keeps the words apart
    ("**KẾ HOẠCH**thực hiện Chỉ thị số 05-CT/TU", "KẾ HOẠCH thực hiện Chỉ thị số 05-CT/TU"),
    ("của Ban Bí thư (**Quy định số 124-QĐ/TW**)", "của Ban Bí thư (Quy định số 124-QĐ/TW)"),
    # italics inside quotes, in both orders
    (
        "về việc “*tiếp tục thực hiện Kết luận số 62-KL/TW*” đến",
        "về việc “tiếp tục thực hiện Kết luận số 62-KL/TW” đến",
    ),
    ("về việc *“tiếp tục thực hiện”* và", "về việc “tiếp tục thực hiện” và"),
    # footnote marks and lone asterisks are text
    ("cán bộ chủ chốt (*) và (**)", "cán bộ chủ chốt (*) và (**)"),
    ("5 * 3 năm", "5 * 3 năm"),
    # markdown bullets become dashes; rules vanish
    ("* Các cấp ủy\n* * *\n  * Ban Dân vận", "- Các cấp ủy\n\n  - Ban Dân vận"),
    # stray HTML from converters, entities, backslash escapes
    (
        "<b>SỞ THÔNG TIN VÀ TRUYỀN THÔNG</b>\t\n<b>ĐẾN</b>\tSố: 1909",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG\t\nĐẾN\tSố: 1909",
    ),
    ("Tỉnh ủy<br>Lào Cai<br/>", "Tỉnh ủy\nLào Cai\n"),
    ("Mặt trận &amp; đoàn thể&nbsp;tỉnh &#7843; &lt;5 năm&gt;", "Mặt trận & đoàn thể tỉnh ả <5 năm>"),
    (
        "số 06\\-CTr/TU, mục 2\\.1, ghi\\_chú, \\*không nhấn\\*",
        "số 06-CTr/TU, mục 2.1, ghi_chú, *không nhấn*",
    ),
    ("giá trị a <b hơn", "giá trị a <b hơn"),  # not a tag: kept
    # a Markdown pipe table (a Word letterhead) becomes tab-separated rows; a pipe in prose stays
    (
        "| HUYỆN ỦY ĐÔNG HƯNG<br>\\* | **ĐẢNG CỘNG SẢN VIỆT NAM** |\n|---|:---:|\n| Số 88-KH/HU | *Đông Hưng, ngày 2 "
        "tháng 3 năm 2024* |\n\nKẾ HOẠCH",
        "HUYỆN ỦY ĐÔNG HƯNG\n* \t ĐẢNG CỘNG SẢN VIỆT NAM \n\nSố 88-KH/HU \t Đông Hưng, ngày 2 tháng 3 năm 2024 \n\nKẾ HOẠCH",
    ),
    ("tỷ lệ a | b và | c", "tỷ lệ a | b và | c"),
    ("| chỉ một ô", "| chỉ một ô"),
    # line endings and invisible characters
    ("dòng một\r\ndòng hai\rdòng ba", "dòng một\ndòng hai\ndòng ba"),
    ("\ufeffTỉnh\u00a0ủy\u200b Lào\u00adCai", "Tỉnh ủy LàoCai"),
]


@pytest.mark.parametrize(("raw", "expected"), CLEAN_CASES)
def test_clean_markdown(raw, expected):
    text, segments, _ = clean(raw, "markdown")
    assert text == expected
    src = read_text("t.txt", raw)
    assert src.text == expected
    assert_words_map_back(src)


def test_clean_span_maps_to_raw_symbol():
    raw = "Thực hiện **Kết luận số 62- KL/TW**, ngày 08/12/2009 của <b>Bộ Chính trị</b>"
    src = read_text("t.txt", raw)
    for needle in ("62- KL/TW", "Kết luận số 62- KL/TW", "Bộ Chính trị", "08/12/2009"):
        i = src.text.index(needle)
        a, b = src.raw_span(i, i + len(needle))
        assert raw[a:b] == needle
        assert src.line_of(a) == 1


def test_clean_nfd_input_is_composed_and_maps_back():
    nfc = "Ban Chấp hành Trung ương Đảng khóa XI\nBộ Chính trị ban hành Nghị quyết"
    raw = unicodedata.normalize("NFD", "**" + nfc + "**")
    src = read_text("t.md", raw, fmt="md")
    assert src.text == nfc
    assert unicodedata.is_normalized("NFC", src.text)
    assert_words_map_back(src)
    i = src.text.index("Bộ Chính trị")
    a, b = src.raw_span(i, i + len("Bộ Chính trị"))
    assert raw[a:b] == unicodedata.normalize("NFD", "Bộ Chính trị")
    assert src.line_of(a) == 2


HTML_CASES = [
    (
        "<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head><body>"
        "<h2>KẾ HOẠCH</h2><p>Thực hiện <b>Chỉ thị số 18-CT/TU</b>&nbsp;của Ban Thường vụ</p>"
        "<script>var a = '<p>';</script><!-- ghi chú --><p>1. Các cấp ủy</p></body></html>",
        ["x", "KẾ HOẠCH", "Thực hiện Chỉ thị số 18-CT/TU của Ban Thường vụ", "1. Các cấp ủy"],
    ),
    (
        "<table><tr><td>ĐẢNG BỘ TỈNH LÀO CAI</td><td>ĐẢNG CỘNG SẢN VIỆT NAM</td></tr></table>",
        ["ĐẢNG BỘ TỈNH LÀO CAI\tĐẢNG CỘNG SẢN VIỆT NAM"],
    ),
]


@pytest.mark.parametrize(("raw", "lines"), HTML_CASES)
def test_clean_html(raw, lines):
    src = read_text("t.html", raw, fmt="html")
    got = [ln.strip() for ln in src.text.split("\n") if ln.strip()]
    assert got == lines
    assert_words_map_back(src)


# --- the bundled samples ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", SEED_NAMES)
def test_samples_clean_and_map_back(samples_dir, name):
    src = read_file(str(samples_dir / name))
    assert src.format == "txt" and src.encoding == "utf-8"
    assert src.raw == (samples_dir / name).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", src.text)
    for noise in ("**", "<b>", "</b>", "\\_", "\n#"):
        assert noise not in src.text
    assert src.raw.count("\n") == src.text.count("\n") - src.raw.count("****")
    assert_words_map_back(src)


def test_sample_glued_headings_are_split(samples_dir):
    src = read_file(str(samples_dir / "000_cda070d9e597bd06.txt"))
    assert "II- NHIỆM VỤ, GIẢI PHÁP\n1. Tăng cường sự lãnh đạo" in src.text
    # the gold's line numbers are raw lines: the task heading is on line 24 of the raw file
    i = src.text.index("1. Tăng cường sự lãnh đạo")
    assert src.line_of(src.raw_span(i, i + 1)[0]) == 24


# --- formats ----------------------------------------------------------------------------------------


def test_markdown_file(tmp_path):
    p = tmp_path / "kh.md"
    p.write_text("## KẾ HOẠCH\n\n**" + OPENING + "**\n", encoding="utf-8")
    src = read_file(str(p))
    assert src.format == "md"
    assert src.text == "KẾ HOẠCH\n\n" + OPENING + "\n"


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "TỈNH ỦY LÀO CAI\nSố 125-KH/TU"
    t.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("")
    d.add_paragraph(OPENING)
    d.add_paragraph("1. Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Ban Dân vận Tỉnh ủy")
    p = tmp_path / "kh.docx"
    d.save(str(p))
    src = read_file(str(p))
    assert src.format == "docx"
    assert src.text.split("\n\n") == [
        "TỈNH ỦY LÀO CAI\nSố 125-KH/TU\tĐẢNG CỘNG SẢN VIỆT NAM",
        "KẾ HOẠCH",
        OPENING,
        "1. Ban Tuyên giáo Tỉnh ủy chủ trì, phối hợp với Ban Dân vận Tỉnh ủy",
    ]
    assert src.raw == src.text


def test_pdf_text_layer(tmp_path):
    p = tmp_path / "kh.pdf"
    p.write_bytes(make_text_pdf([["KẾ HOẠCH", OPENING[:60], OPENING[60:]], ["Nơi nhận:", "- Như trên,"]]))
    src = read_file(str(p))
    assert src.format == "pdf"
    assert src.text.split("\n") == ["KẾ HOẠCH", OPENING[:60], OPENING[60:], "", "Nơi nhận:", "- Như trên,"]
    assert "Kết luận số 43-KL/TW" in src.text


@pytest.mark.parametrize(("name", "fmt"), [("noext", "docx"), ("kh.bin", "pdf"), ("kh.txt", "pdf")])
def test_format_sniffed_from_content(tmp_path, name, fmt):
    p = tmp_path / name
    if fmt == "docx":
        d = docx.Document()
        d.add_paragraph(OPENING)
        d.save(str(p))
    else:
        p.write_bytes(make_text_pdf([[OPENING[:50]]]))
    src = read_file(str(p))
    assert src.format == fmt
    assert OPENING[:30] in src.text


def test_unknown_extension_html_is_sniffed(tmp_path):
    p = tmp_path / "kh.aspx"
    p.write_text("<!doctype html><html><body><p>" + OPENING + "</p></body></html>", encoding="utf-8")
    src = read_file(str(p))
    assert src.format == "html"
    assert src.text.strip() == OPENING


# --- encodings --------------------------------------------------------------------------------------


def as_cp1252(data: bytes) -> str:
    """Decode as Windows-1252 the way browsers and Windows do: undefined bytes become C1 controls."""
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


ENCODED = [
    ("utf-8", OPENING.encode("utf-8"), "utf-8"),
    ("utf-8 BOM", codecs.BOM_UTF8 + OPENING.encode("utf-8"), "utf-8-sig"),
    ("utf-16 BOM", OPENING.encode("utf-16"), "utf-16"),
    ("utf-16-be BOM", codecs.BOM_UTF16_BE + OPENING.encode("utf-16-be"), "utf-16"),
    ("utf-16-le no BOM", OPENING.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be no BOM", OPENING.encode("utf-16-be"), "utf-16-be"),
    ("windows-1258", cp1258_encode(OPENING), "cp1258"),
    # UTF-8 bytes read as Windows-1252 (undefined bytes kept as C1 controls) and saved as UTF-8 again
    ("double-encoded", as_cp1252(OPENING.encode("utf-8")).encode("utf-8"), "utf-8 (double-encoded)"),
    # ... by a converter that dropped the undefined bytes: a lossy repair
    ("double-encoded lossy", OPENING.encode("utf-8").decode("cp1252", errors="ignore").encode("utf-8"), None),
]


@pytest.mark.parametrize(("label", "data", "encoding"), ENCODED, ids=[c[0] for c in ENCODED])
def test_encodings(tmp_path, label, data, encoding):
    p = tmp_path / "kh.txt"
    p.write_bytes(data)
    src = read_file(str(p))
    if encoding:
        assert src.encoding == encoding
        assert src.text == OPENING
    else:
        assert "double-encoded" in src.encoding
        assert "could not be recovered" in src.warnings[0]
        # the letters whose bytes the broken converter dropped are lost, the rest comes back
        assert "Tỉnh ủy xây dựng kế hoạch thực hiện như sau" in src.text
    assert unicodedata.is_normalized("NFC", src.text)
    assert_words_map_back(src)


def test_cp1258_offsets_refer_to_the_decoded_combining_text(tmp_path):
    p = tmp_path / "kh.txt"
    p.write_bytes(cp1258_encode(OPENING))
    src = read_file(str(p))
    assert src.raw != src.text  # Windows-1258 decodes to combining tone marks
    assert src.warnings
    i = src.text.index("Ban Thường vụ Tỉnh ủy")
    a, b = src.raw_span(i, i + len("Ban Thường vụ Tỉnh ủy"))
    assert unicodedata.normalize("NFC", src.raw[a:b]) == "Ban Thường vụ Tỉnh ủy"


LEGACY_PHRASES = [
    "Ban Thường vụ Tỉnh ủy xây dựng kế hoạch thực hiện như sau",
    "Ban Chấp hành Trung ương Đảng khóa XI về tăng cường sự lãnh đạo của Đảng",
    "Các cấp ủy, tổ chức đảng, chính quyền, Mặt trận Tổ quốc và các đoàn thể chính trị - xã hội",
]


@pytest.mark.parametrize("phrase", LEGACY_PHRASES)
@pytest.mark.parametrize(("name", "encode"), [("VNI", vni_encode), ("TCVN3", tcvn3_encode)])
def test_legacy_font_encodings_are_rejected(tmp_path, phrase, name, encode):
    p = tmp_path / "cu.txt"
    p.write_bytes(encode(phrase))
    with pytest.raises(ReadError) as exc:
        read_file(str(p))
    message = str(exc.value)
    assert message.startswith(str(p) + ": ")
    assert name in message and "convert it to Unicode" in message and "\n" not in message


@pytest.mark.parametrize(("name", "encode"), [("VNI", vni_encode), ("TCVN3", tcvn3_encode)])
def test_legacy_mojibake_inside_utf8_is_rejected(tmp_path, name, encode):
    mojibake = encode(LEGACY_PHRASES[0] + ". " + LEGACY_PHRASES[1]).decode("cp1252")
    p = tmp_path / "cu.txt"
    p.write_text(mojibake, encoding="utf-8")
    with pytest.raises(ReadError, match=f"{name}.*wrong font table"):
        read_file(str(p))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xin chaøo, Ñaûng boä tænh", "VNI"),
        ("§¶ng bé tØnh, Ban Th\xadêng vô, Ban ChÊp hµnh", "TCVN3"),
        (OPENING, None),
        # foreign names and symbols in Unicode Vietnamese text are not mojibake
        (OPENING + " Đoàn công tác của ông Müller (Đức) và bà Muñoz; nhiệt độ 25°C, 30°C, 35°C.", None),
        ("plain ASCII text without diacritics", None),
    ],
)
def test_detect_legacy(text, expected):
    assert detect_legacy(text) == expected


def test_decode_invalid_utf8_bytes_are_replaced_with_a_warning():
    data = OPENING.encode("utf-8")
    data = data[:10] + b"\xff" + data[10:]
    decoded = decode_bytes(data)
    assert decoded.encoding == "utf-8"
    assert "\ufffd" in decoded.text and "1 invalid UTF-8" in decoded.warnings[0]


# --- property: whatever the noise, cleaned words map back to raw spans that read as those words ------

_PIECES = st.sampled_from(
    [
        "Tỉnh ủy",
        "Kết luận số 62-KL/TW",
        "ngày 08/12/2009",
        "Bộ Chính trị",
        "hoá",
        " ",
        " ",
        "\n",
        "\n\n",
        "**",
        "****",
        "*",
        "## ",
        "\\_",
        "\\-",
        "<b>",
        "</b>",
        "<br>",
        "&amp;",
        "&nbsp;",
        "\r\n",
        "\u00ad",
        "(*)",
        "* ",
        "“",
        "”",
        unicodedata.normalize("NFD", "Đảng bộ"),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30))
def test_clean_maps_words_back_whatever_the_noise(pieces):
    raw = "".join(pieces) + " Ban Dân vận"  # some text, so that the reader accepts it
    src = read_text("t.txt", raw)
    assert unicodedata.is_normalized("NFC", src.text)
    keys = [t for t, _ in src.segments]
    assert keys == sorted(keys)  # breakpoints in text order ...
    assert all(0 <= r <= len(raw) for _, r in src.segments)  # ... and inside the raw text
    for m in WORD.finditer(src.text):
        a, b = src.raw_span(*m.span())
        # the raw span is the word plus, at most, markup inside it (an unpaired "*" stays text)
        assert unicodedata.normalize("NFC", _MARKUP.sub("", src.raw[a:b])) == _MARKUP.sub("", m.group())


_MARKUP = re.compile(r"<[^<>]*>|&[a-z]+;|[*\\\u00ad\r]")
