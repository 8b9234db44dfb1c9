"""The shortcuts of the second speed pass give the same answers as the plain computations they replace.

Why these tests: each shortcut (one-pass tone regex, content hash without the NFC check, prefix-table
start filter) is only allowed because it is exactly equivalent; a slip would silently change content
hashes (graph identity) or drop agencies. Inputs are the seed files and spellings from real documents,
plus the corner cases each shortcut argues about.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import pytest

from ingest.agencies import item_regex
from ingest.assignments import _rules
from ingest.pipeline import content_hash, extract_source
from ingest.reader import read_file
from ingest.text import SourceText
from ingest.vietnamese import canonical_tones

_TONED = "áàảãạÁÀẢÃẠéèẻẽẹÉÈẺẼẸýỳỷỹỵÝỲỶỸỴ"


def _slow_canonical(text: str) -> str:
    """The rule spelled out on NFD text: tone of a syllable-final oa/oe/uy (not after q) moves to o/u."""
    nfd = unicodedata.normalize("NFD", unicodedata.normalize("NFC", text))
    moved = re.sub(
        r"(?<![qQ])([oOuU])([aAeEyY])([\u0300\u0301\u0309\u0303\u0323])(?![^\W\d_]|[\u0300-\u036f])",
        r"\1\3\2",
        nfd,
    )
    return unicodedata.normalize("NFC", moved)


@pytest.mark.parametrize(
    "text",
    [
        "Tỉnh uỷ",  # moved
        "uỷ ban",  # at the very start of the text
        "quý",  # after q: stays
        "Quý",
        "QUÝ",
        "hoàn thành",  # a letter follows: stays
        "hoạch",
        "khoẻ.",  # punctuation follows: moved
        "thuý\n",
        "hoá",  # end of text
        "xoá bỏ; hoà nhập",
        "uỷ" + "\u0301",  # a combining mark follows: stays
    ],
)
def test_one_pass_tone_regex_matches_the_rule(text):
    assert canonical_tones(text) == _slow_canonical(text)


def test_tone_regex_on_every_old_style_pair_and_context():
    # every vowel pair, each with q / other letter / nothing before and letter / space / nothing after
    for first in "oOuU":
        for toned in _TONED:
            for before in ("", "q", "Q", "h", " "):
                for after in ("", "n", " ", ".", "\u0301"):
                    text = before + first + toned + after
                    assert canonical_tones(text) == _slow_canonical(text), text


def _plain_hash(src: SourceText) -> str:
    key = canonical_tones(src.text.replace("\xa0", " ")).casefold().encode("utf-8")
    return hashlib.sha256(key.translate(None, b" \t\n\r\x0b\x0c*#")).hexdigest()


def test_content_hash_equals_plain_hash_on_seeds(samples_dir):
    for path in sorted(samples_dir.glob("*.txt")):
        src = read_file(str(path))
        assert content_hash(src) == _plain_hash(src)
        assert extract_source(src).content_hash == _plain_hash(src)


def test_reader_text_is_nfc_for_non_nfc_input(tmp_path):
    """content_hash skips the NFC check because the reader's text is NFC: decomposed input included."""
    path = tmp_path / "nfd.txt"
    path.write_text(unicodedata.normalize("NFD", "Tỉnh uỷ Lâm Đồng chỉ đạo thực hiện Kế hoạch"), "utf-8")
    src = read_file(str(path))
    assert unicodedata.is_normalized("NFC", src.text)
    assert content_hash(src) == _plain_hash(SourceText.identity("x", unicodedata.normalize("NFC", src.text)))


@pytest.mark.parametrize("text", ["Đường phố Tỉnh uỷ", "Straße ĐẢNG", "ﬁnal Ủy ban", "nbsp\xa0Tỉnh\xa0uỷ"])
def test_content_hash_corner_cases(text):
    src = SourceText.identity("x.txt", text)
    assert content_hash(src) == _plain_hash(src)


def test_start_filter_never_rejects_a_match_on_seeds(samples_dir):
    """The prefix-table filter accepts every position where the opener or agency pattern matches."""
    rules = _rules()
    items = item_regex()
    for path in sorted(samples_dir.glob("*.txt")):
        text = read_file(str(path)).text
        for m in re.finditer(r"(?m)^|(?<=[\s,;:(])", text):
            pos = m.start()
            if rules["openers"].match(text, pos) or items.match(text, pos):
                assert rules["may_subject"](text, pos), text[pos : pos + 30]
            if rules["openers"].match(text, pos):
                assert rules["may_open"](text, pos), text[pos : pos + 30]
