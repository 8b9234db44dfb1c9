"""Vietnamese text helpers shared by every stage: NFC, canonical tone placement, matching keys.

Why a module of its own: NFC does not unify the two tone placements that both occur in real documents
("hóa"/"hoá", "ủy"/"uỷ", "khỏe"/"khoẻ", "thúy"/"thuý"), sometimes inside one file. Display text keeps what
was written; every comparison (issuer names, agency names, kind words) goes through :func:`match_key`.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["nfc", "canonical_tones", "match_key", "fold_diacritics", "collapse_ws"]

# Combining tone marks (NFD): grave, acute, hook above, tilde, dot below.
_TONES = "\u0300\u0301\u0309\u0303\u0323"
_LETTER = r"[^\W\d_]"

# Old style puts the tone on the second vowel of a syllable-final "oa", "oe", "uy" (hoá, khoẻ, thuý, uỷ);
# the new style (and our canonical key) puts it on the first (hóa, khỏe, thúy, ủy). After "q" the "u"
# belongs to the consonant ("quý"), so the tone stays on "y". With a final consonant both styles agree
# ("hoàn", "quyết"), hence the negative look-ahead for a following letter.
#
# Why the work is done on NFC text with a lookup table rather than on NFD: decomposing and recomposing a
# whole document costs ~10x more than one regex pass, and content hashing runs this over every text.
_TONED: dict[str, tuple[str, str]] = {}  # precomposed toned a/e/y -> (base letter, combining tone)
for _base in "aAeEyY":
    for _tone in _TONES:
        _TONED[unicodedata.normalize("NFC", _base + _tone)] = (_base, _tone)
# The pattern starts with a bare character class so that the engine skips to candidates in C; the context
# checks (not after "q": the look-behind covers the character before the o/u; syllable-final: no letter or
# combining mark follows) run only there. A callback per candidate instead costs ~3x the scan, because
# most candidates ("hoàn", "hoạch", "quả") are not syllable-final or follow "q".
_OLD_STYLE = re.compile(f"[oOuU](?<![qQ].)[{''.join(_TONED)}](?!{_LETTER}|[\u0300-\u036f])")


def _move_tone(m: re.Match[str]) -> str:
    found = m.group()
    base, tone = _TONED[found[1]]
    return unicodedata.normalize("NFC", found[0] + tone) + base


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (cheap when it already is)."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def canonical_tones(text: str) -> str:
    """Move old-style tone marks to the canonical (new-style) vowel, e.g. "Tỉnh uỷ" -> "Tỉnh ủy".

    Works on any normalization form and returns NFC. Only syllable-final "oa/oe/uy" are affected.
    """
    return _OLD_STYLE.sub(_move_tone, nfc(text))


def collapse_ws(text: str) -> str:
    """Collapse every run of white space (line breaks included) to one space and strip the ends.

    Most texts given (a sentence of one line, a name) are collapsed already, and saying so takes three C
    scans where splitting makes an object per word: a printable text holds no white space but the plain
    space (every other ``str.isspace`` character is unprintable), so it is collapsed when no two spaces
    meet and none stands at an end."""
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())


def match_key(text: str) -> str:
    """The key under which two spellings of the same name compare equal.

    NFC, canonical tone placement, case folded, white space collapsed, "Đ"/"đ" kept (it is a distinct
    letter, not a diacritic).
    """
    return collapse_ws(canonical_tones(text)).casefold()


def fold_diacritics(text: str) -> str:
    """Strip all diacritics (đ -> d) for a loose, accent-insensitive key, e.g. for OCR slips "tinh"/"tỉnh"."""
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d").replace("Đ", "D")


# The same move on casefolded text, for content hashing (casefold first, then move: equal to moving, then
# casefolding, because casefold maps only o/O/u/U to "o"/"u", only q/Q to a trailing "q", only the toned
# a/e/y to their lower forms, and keeps whether a character is a letter or combining mark; checked over
# every code point in tests/test_hash_shortcuts.py). Why two patterns: one that starts with a literal
# character lets the engine skip to candidates in a tight loop, about 2.5x faster than the [ou] class;
# the "o" and "u" moves never touch each other's candidates.
_FOLDED_TAIL = f"[{''.join(ch for ch in _TONED if ch.islower())}](?!{_LETTER}|[\u0300-\u036f])"
_OLD_STYLE_FOLDED = (re.compile(f"o(?<!qo){_FOLDED_TAIL}"), re.compile(f"u(?<!qu){_FOLDED_TAIL}"))


def canonical_tones_folded(folded: str) -> str:
    """``canonical_tones(text).casefold()`` computed from ``folded = text.casefold()`` (text NFC)."""
    for pattern in _OLD_STYLE_FOLDED:
        folded = pattern.sub(_move_tone, folded)
    return folded
