"""The speed devices of the structure stage must not change what it finds.

- ``start_filter`` / ``match_prefixes`` (ingest/patterns.py) reject a position only where the regex cannot
  match: checked at every word start of the seeds, on case and tone-placement variants of real agency
  names, and on the regex engine's extra case-insensitive spellings.
- ``anchored_matches`` with a document-wide lower-cased text equals the per-slice version.
- the one-pass sentence splitter keeps the rules of ``_sentences`` (line breaks, bullets, blank lines,
  "; ", ": ", full stops before a lower-case word).
- a search of a deadline window only at anchors equals a plain ``search``; the reporting period found by a
  literal search of "định" in the lower-cased text equals the regex scan.
- ``lowered`` of the items' span only keeps offsets; a forced sentence break merges with a clause start;
  a list item and its separator matched together give the same list as matched apart.
"""

from __future__ import annotations

import re

import pytest

from ingest.agencies import item_regex, match_list
from ingest.assignments import _rules, _sentences
from ingest.deadlines import _compiled as deadline_patterns
from ingest.deadlines import _search, find_deadline
from ingest.patterns import anchored_matches, match_prefixes, start_filter
from ingest.reader import read_file
from ingest.tasks import lowered

_WORD_START = re.compile(r"(?<!\w)\w")


def _seed_texts(samples_dir) -> list[str]:
    return [read_file(str(p)).text for p in sorted(samples_dir.glob("*.txt"))]


@pytest.mark.parametrize("which", ["agency item", "opener", "subject (item or opener)"])
def test_start_filter_never_rejects_a_match_in_the_seeds(samples_dir, which):
    item, openers = item_regex(), _rules()["openers"]
    regex, check = {
        "agency item": (item, start_filter(item)),
        "opener": (openers, start_filter(openers)),
        "subject (item or opener)": (None, _rules()["may_subject"]),
    }[which]
    rejected = 0
    for text in _seed_texts(samples_dir):
        for m in _WORD_START.finditer(text):
            pos = m.start()
            matches = regex.match(text, pos) if regex else (item.match(text, pos) or openers.match(text, pos))
            if check(text, pos):
                continue
            rejected += 1
            assert not matches, f"{which}: filter rejects a match at {text[pos : pos + 40]!r}"
    assert rejected > 1000  # and it does reject most word starts


@pytest.mark.parametrize(
    "name",
    [
        "Ban Dân vận Tỉnh ủy",
        "BAN DÂN VẬN TỈNH ỦY",
        "Ban Tuyên giáo Tỉnh uỷ Quảng Ninh",
        "UBND các xã, thị trấn",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "Uỷ ban nhân dân huyện",
        "ỦY BAN NHÂN DÂN TỈNH",
        "các sở, ban, ngành",
        "Sở Tư pháp",
        "Đảng đoàn HĐND tỉnh",
        "Hội Liên hiệp Phụ nữ tỉnh",
        "Người đứng đầu cấp ủy, chính quyền",
        "Các cơ quan tham mưu, giúp việc cấp ủy",
    ],
)
def test_start_filter_accepts_real_agency_names_in_any_case(name):
    text = f"Nội dung: {name} chủ trì thực hiện."
    pos = text.index(name)
    assert item_regex().match(text, pos)
    assert start_filter(item_regex())(text, pos)
    assert match_list(text, pos) is not None


def test_start_filter_follows_the_engines_extra_case_folding():
    regex = re.compile(r"sở\s+tư\s+pháp|tỉnh", re.IGNORECASE)
    check = start_filter(regex)
    for text in ("Sở Tư pháp", "ſở Tư pháp", "TỈNH", "tỈnh"):
        assert regex.match(text) and check(text, 0), text
    assert not check("Tăng cường", 0)
    assert not check("x", 0)  # shorter than any beginning


def test_match_prefixes_gives_up_on_classes_it_does_not_expand():
    assert match_prefixes(re.compile(r"\w+ủy")) is None
    assert match_prefixes(re.compile(r"(?:các\s+)?ban", re.IGNORECASE)) >= {"các", "ban"}
    check = start_filter(re.compile(r"[A-Z]\w+|x?"))  # may match the empty string: accept everything
    assert check("!!!", 0)


def test_anchored_matches_with_a_document_wide_lower_text(samples_dir):
    regex, anchors = _rules()["role"], _rules()["anchors"]
    for text in _seed_texts(samples_dir):
        low = lowered(text)
        assert low is not None
        for start in range(0, len(text), 997):
            end = min(len(text), start + 1500)
            plain = [m.span() for m in regex.finditer(text, start, end)]
            assert [m.span() for m in anchored_matches(text, start, end, regex, anchors)] == plain
            assert [m.span() for m in anchored_matches(text, start, end, regex, anchors, low=low)] == plain
    assert lowered("İstanbul") is None  # lower() would shift offsets


SENTENCE_CASES = [
    # (text, sentence starts as the first words of each sentence)
    ("Ban A chủ trì. Ban B phối hợp.", ["Ban A", "Ban B"]),
    ("xây dựng đề án... để thực hiện. Tiếp tục", ["xây dựng", "Tiếp tục"]),  # "... để" continues
    ("Thực hiện tốt\nnội dung này.\n\nHai là", ["Thực hiện", "Hai là"]),  # a wrapped line does not end
    ("Đoạn một\n\nđoạn hai", ["Đoạn một"]),  # a blank line without punctuation does not end either
    ("Mở đầu:\n- ý một;\n- ý hai.", ["Mở đầu", "ý một", "ý hai"]),  # bullets start sentences
    ('Ông nói "xong." Sau đó', ["Ông nói", "Sau đó"]),  # closing quote after the full stop
    ("Số liệu 1.5 triệu. Kết quả", ["Số liệu", "Kết quả"]),  # "1.5" is not a sentence end
]


@pytest.mark.parametrize("text,starts", SENTENCE_CASES)
def test_sentences_follow_the_splitting_rules(text, starts):
    sentences = _sentences(text, 0, len(text), ())
    assert len(sentences) == len(starts)
    assert [text[s0 : s0 + len(w)] for (s0, _, _), w in zip(sentences, starts, strict=True)] == starts


def test_clauses_start_after_semicolon_and_colon():
    text = "Các huyện ủy: chỉ đạo; Ban Dân vận Tỉnh ủy theo dõi."
    [(s0, s1, clauses)] = _sentences(text, 0, len(text), ())
    assert [text[c : c + 4] for c in clauses] == ["Các ", "chỉ ", "Ban "]


@pytest.mark.parametrize(
    "text",
    [
        "Thời gian hoàn thành trong quý II năm 2019.",
        "xây dựng Kế hoạch cụ thể (xong trong quý I năm 2020) để triển khai",
        "căn cứ Nghị quyết ngày 15/01/2020, hoàn thành trước ngày 30/6/2022 và báo cáo",
        "từ năm 2021 thực hiện việc khoán kinh phí; nhiệm kỳ 2022-2027, tổ chức sơ kết trong năm 2023",
        "Thực hiện xong trước tháng 9/2021.",
    ],
)
def test_deadline_window_search_at_anchors_equals_plain_search(text):
    deadline = deadline_patterns()[0]
    low = lowered(text)
    for lo in range(len(text)):
        for hi in range(lo, len(text) + 1, 7):
            a = deadline.search(text, lo, hi)
            b = _search(deadline, text, lo, hi, low)
            assert (a and a.span()) == (b and b.span()), (lo, hi)
    assert find_deadline(text, 0, len(text)) == find_deadline(text, 0, len(text), low)


def test_lowered_part_keeps_offsets_and_equals_the_whole_lower_case_inside():
    text = "I. MỤC ĐÍCH\n1. Ban Dân vận Tỉnh ủy CHỦ TRÌ, định kỳ 6 tháng báo cáo.\nNơi nhận:"
    start, end = text.index("Ban"), text.index("\nNơi")
    low = lowered(text, start, end)
    assert low is not None and len(low) == len(text)
    assert low[start:end] == text.lower()[start:end]
    assert not low[:start].strip() and not low[end:].strip()  # padding, never a false anchor
    assert lowered("x İstanbul y", 0, 5) is None  # lower() would shift offsets inside the part
    assert lowered("x İstanbul y", 4, 12) == " " * 4 + "tanbul y"  # the letter is outside it


@pytest.mark.parametrize(
    "text,expect",
    [
        ("Các huyện ủy định kỳ 6 tháng, 1 năm báo cáo kết quả về Tỉnh ủy.", "P6M,P1Y"),
        ("ĐỊNH KỲ hằng quý báo cáo Ban Thường vụ.", None),  # the regex wants "nh", "k" in lower case
        ("Định kỳ hằng quý báo cáo Ban Thường vụ; định kỳ năm báo cáo.", "P3M"),
        ("định kỳ báo cáo kết quả thực hiện", None),
    ],
)
def test_reporting_period_found_by_literal_search_equals_the_regex_scan(text, expect):
    with_low = find_deadline(text, 0, len(text), lowered(text))
    without = find_deadline(text, 0, len(text))
    assert with_low == without
    assert (with_low.period if with_low else None) == expect


def test_forced_break_on_a_clause_start_makes_it_a_sentence():
    text = "Tuyên truyền: Ban Dân vận Tỉnh ủy chủ trì; Sở Nội vụ phối hợp."
    heading_end = text.index(":") + 1  # a bold heading ending at the colon
    plain = _sentences(text, 0, len(text), ())
    forced = _sentences(text, 0, len(text), (heading_end,))
    assert len(plain) == 1 and len(forced) == 2
    assert [text[s0 : s0 + 3] for s0, _, _ in forced] == ["Tuy", "Ban"]
    assert [text[c : c + 3] for c in forced[1][2]] == ["Ban", "Sở "]


@pytest.mark.parametrize(
    "text,agencies",
    [
        ("Sở Tư pháp, Sở Nội vụ và UBND các huyện chủ trì", ["Sở Tư pháp", "Sở Nội vụ", "UBND các huyện"]),
        (
            "Ban Dân vận Tỉnh ủy; Ban Tuyên giáo Tỉnh ủy theo dõi",
            ["Ban Dân vận Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy"],
        ),
        ("Người đứng đầu cấp ủy, chính quyền chịu trách nhiệm", []),  # persons: nobody is an agency
        ("Sở Nội vụ, để thực hiện", ["Sở Nội vụ"]),  # a separator not followed by a body is not part of it
    ],
)
def test_list_items_and_separators_in_one_match(text, agencies):
    lst = match_list(text, 0)
    assert lst is not None
    assert [f.text for f in lst.agencies] == agencies
    if agencies:
        assert lst.text == text[: lst.end] and not lst.text.endswith((",", " "))


def test_year_scan_with_its_first_digit_factored_out_equals_the_plain_alternation(samples_dir):
    """``deadlines._YEAR`` writes the digit both branches begin with once (the engine then skips to
    digits in C); the plain alternation it replaces must find the same spans."""
    from ingest.deadlines import _YEAR

    plain = re.compile(r"\d\d{3}(?!\d)|\d{1,2}\s*[/.\-]\s*\d{1,2}\s+(?i:hằng|hàng|mỗi)\s+năm(?!\w)")
    texts = _seed_texts(samples_dir) + [
        "ngày 31/12 hằng năm, 5 / 6 mỗi năm, 1-7 HÀNG NĂM; năm 2019, 20201, 123, 1.2 hằng nămx, ٢٠٢٠",
    ]
    for text in texts:
        assert [m.span() for m in _YEAR.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_list_start_pattern_begins_as_the_list_pattern_does():
    """The start filters are computed from ``list_start_regex`` (open-vocabulary names cut after their head
    noun) so that the big list pattern is not parsed twice: its possible beginnings must be the same."""
    from ingest.agencies import list_regex, list_start_regex

    start = match_prefixes(list_start_regex())
    assert start is not None and start == match_prefixes(list_regex())
    assert len(list_start_regex().pattern) * 4 < len(list_regex().pattern)
