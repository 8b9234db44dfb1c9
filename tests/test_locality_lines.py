"""find_localities reads only the lines that can hold a hit, with the same result as reading every line.

Why this test: the line filters (a trie of the capitalized spellings, one literal-prefix regex per first
word of the lower-case district words, which only count before blanks and a capital) are only allowed
because a line without a match of them adds no hit and changes nothing for the next lines (and a line
marked by the capitalized trie only is read with that trie alone, because there the lower-case district
words change nothing and hide no capitalized spelling). A slip would
silently change provinces and districts, so the result is compared with the plain whole-text pass on the
seeds, the unseen documents and texts built from spellings, district words, blanks and line breaks.
"""

from __future__ import annotations

import random
from pathlib import Path

from ingest.localities import _compiled, _read_hits, find_localities
from ingest.reader import read_file

_PIECES = (
    [
        "huyện",
        "Huyện",
        "HUYỆN",
        "huyện ủy",
        "Huyện uỷ",
        "thành phố",
        "Thành phố",
        "tp.",
        "tp",
        "TP.",
        "TP.HCM",
    ]
    + ["thị xã", "thị  uỷ", "quận", "đảng bộ huyện", "Đảng bộ thành phố", "tỉnh", "Tỉnh ủy", "tinh", "Ủy"]
    + ["Lào Cai", "LÀO CAI", "Hà Nội", "Hà NỘI", "Khánh Hoà", "Bảo Thắng", "Si Ma Cai", "Đoàn", "Hồ Chí Minh"]
    + ["Thái Bình Dương", "Điện Biên Phủ", "Bà Rịa - Vũng Tàu", "Bà Rịa–Vũng Tàu", "Quyết", "xhuyện", "ban"]
    + [" ", "  ", "\t", "\n", "\n\n", ",", ".", "x", "A", "đ", "_", "1"]
)


def _plain(text: str):
    return _read_hits(text, _compiled().regex.finditer(text))


def test_line_filters_keep_every_hit(samples_dir):
    texts = [read_file(str(p)).text for p in sorted(samples_dir.glob("*.txt"))]
    unseen = Path(__file__).parent / "data" / "unseen"
    texts += [read_file(str(p)).text for p in sorted(unseen.rglob("*.*")) if p.suffix != ".json"]
    rng = random.Random(11)
    for _ in range(4000):
        words = (
            rng.choice(_PIECES) + rng.choice(["", " ", "\t", "\n", ", "]) for _ in range(rng.randint(1, 25))
        )
        texts.append("".join(words))
    for text in texts:
        assert find_localities(text) == _plain(text), repr(text[:120])
