"""The content hash computed by casefolding first and moving tones after equals the plain hash.

Why these tests: stored ids of documents without a symbol are content hashes, so the shortcut
(``canonical_tones_folded`` on casefolded text instead of ``canonical_tones`` before casefolding) must give
the same value for every text. Its argument is a handful of per-character facts about ``str.casefold``;
the first test checks them over every code point, the others compare both forms on real and odd input.
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from pathlib import Path

from ingest.pipeline import content_hash
from ingest.reader import read_file
from ingest.text import SourceText
from ingest.vietnamese import _TONED, canonical_tones, canonical_tones_folded

_LETTER_OR_MARK = re.compile(r"[^\W\d_]|[\u0300-\u036f]")
_LOWER_TONED = {ch for ch in _TONED if ch.islower()}


def _plain_hash(text: str) -> str:
    key = canonical_tones(text.replace("\xa0", " ")).casefold().encode("utf-8")
    return hashlib.sha256(key.translate(None, b" \t\n\r\x0b\x0c*#")).hexdigest()


def test_casefold_keeps_what_the_tone_rule_looks_at():
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        folded = ch.casefold()
        # the character after a pair: letter or combining mark before folding iff after it
        assert bool(_LETTER_OR_MARK.match(ch)) == bool(_LETTER_OR_MARK.match(folded[0])), hex(cp)
        # the character before a pair: a folding ends in "q" only for q/Q
        assert folded[-1] != "q" or ch in "qQ", hex(cp)
        # no new pair inside or across foldings: "o"/"u" and lower toned a/e/y come only from themselves
        if ch in "oOuU":
            assert folded == ch.lower(), hex(cp)
        else:
            assert "o" not in folded and "u" not in folded, hex(cp)
        if ch in _TONED:
            assert folded == ch.lower(), hex(cp)
        else:
            assert not _LOWER_TONED.intersection(folded), hex(cp)


def test_folded_tones_on_every_pair_and_context():
    for first in "oOuU":
        for toned in _TONED:
            for before in ("", "q", "Q", "h", " ", "ß"):
                for after in ("", "n", "N", " ", ".", "\u0301", "İ", "oá"):
                    text = before + first + toned + after
                    assert canonical_tones_folded(text.casefold()) == canonical_tones(text).casefold(), text


def test_content_hash_equals_plain_hash_on_real_and_odd_texts(samples_dir):
    texts = [read_file(str(p)).text for p in sorted(samples_dir.glob("*.txt"))]
    texts += [
        read_file(str(p)).text for p in sorted((Path(__file__).parent / "data" / "unseen").rglob("*.txt"))
    ]
    alphabet = list("oOuUqQaAeEyY hn.\n\t\xa0*#ßİﬁ\u0301\u0323Đđ") + sorted(_TONED)
    rng = random.Random(7)
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for text in [unicodedata.normalize("NFC", t) for t in texts]:  # a reader's text is NFC
        assert content_hash(SourceText.identity("x.txt", text)) == _plain_hash(text), repr(text[:80])
