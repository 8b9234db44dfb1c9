"""Tone placement and matching keys, from spellings seen in real documents."""

import unicodedata

import pytest

from ingest.vietnamese import canonical_tones, fold_diacritics, match_key

CASES = [
    # (as written, canonical)
    ("Tỉnh uỷ", "Tỉnh ủy"),
    ("Tỉnh ủy", "Tỉnh ủy"),
    ("cụ thể hoá", "cụ thể hóa"),
    ("sức khoẻ", "sức khỏe"),
    ("Nguyễn Thị Thuý", "Nguyễn Thị Thúy"),
    ("Huyện uỷ Đức Trọng", "Huyện ủy Đức Trọng"),
    # after "q" the "u" is part of the consonant: "quý" is already canonical
    ("quý II năm 2019", "quý II năm 2019"),
    # with a final consonant both styles agree
    ("hoàn thành", "hoàn thành"),
    ("quyết định", "quyết định"),
    ("UỶ BAN", "ỦY BAN"),
    # a vowel with two marks ("ậ") is not an old-style placement
    ("kết luận", "kết luận"),
    ("hoặc", "hoặc"),
]


@pytest.mark.parametrize(("written", "canonical"), CASES)
def test_canonical_tones(written, canonical):
    assert canonical_tones(written) == canonical
    # NFD input gives the same NFC answer
    assert canonical_tones(unicodedata.normalize("NFD", written)) == canonical


def test_match_key_unifies_spelling_case_and_spacing():
    assert match_key("Ban  Thường vụ\nTỉnh uỷ") == match_key("ban thường vụ tỉnh ủy")
    assert match_key("Tỉnh ủy") != match_key("Tỉnh Đoàn")


def test_fold_diacritics_for_ocr_slips():
    assert fold_diacritics("tỉnh Đồng") == "tinh Dong"
