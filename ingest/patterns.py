"""Pattern helpers shared by the rule-driven extractors: fragments, tone variants, literal anchors.

Why literal anchors: a regex with many alternatives tried at every position of a long text costs more than
the rest of the structure stage; ``str.find`` of a few distinctive syllables runs in C at memory speed and
leaves the regex only the few candidate positions to confirm.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

__all__ = ["CAP", "anchored_matches", "expand", "oneline", "tone_variants"]

# Every uppercase letter a Vietnamese name may start with (A-Z and the precomposed Vietnamese capitals).
_UPPER = "".join(
    ch for ch in map(chr, range(0x41, 0x1F00)) if ch.isalpha() and ch.isupper() and ch == ch.upper()
)
CAP = rf"(?-i:[{re.escape(_UPPER)}])\w*"

_TONES = "\u0300\u0301\u0309\u0303\u0323"
_FINAL_PAIR = re.compile(rf"([oOuU])([{_TONES}])([aAeEyY])(?![^\W\d_])")
_PLACEHOLDER = re.compile(r"<<(\w+)>>")


def tone_variants(pattern: str) -> str:
    """Let a pattern written with the canonical tone placement ("ủy", "hóa") also match the old one ("uỷ", "hoá").

    Why: NFC keeps both placements distinct and both occur in real documents, sometimes in one file.
    """
    nfd = unicodedata.normalize("NFD", pattern)

    def both(m: re.Match[str]) -> str:
        new = unicodedata.normalize("NFC", m.group(1) + m.group(2) + m.group(3))
        old = unicodedata.normalize("NFC", m.group(1) + m.group(3) + m.group(2))
        return f"(?:{new}|{old})"

    return unicodedata.normalize("NFC", _FINAL_PAIR.sub(both, nfd))


def expand(pattern: str, fragments: dict[str, str], depth: int = 0) -> str:
    """Replace ``<<name>>`` by the (expanded) fragment ``name``; ``<<CAP>>`` is one capitalized word."""
    if depth > 8:
        raise ValueError(f"fragment recursion too deep in {pattern!r}")

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "CAP":
            return CAP
        if name not in fragments:
            raise KeyError(f"unknown fragment <<{name}>>")
        return "(?:" + expand(oneline(fragments[name]), fragments, depth + 1) + ")"

    return _PLACEHOLDER.sub(sub, pattern)


def oneline(pattern: str) -> str:
    """YAML folded blocks wrap a long alternation (a break becomes a space): drop white space around the
    breaks and the ``|`` between alternatives. Patterns spell a space as ``\\s+``, never literally."""
    return re.sub(r"[ \t]*\|[ \t]*", "|", re.sub(r"\s*\n\s*", "", pattern.strip()))


def anchored_matches(
    text: str, start: int, end: int, regex: re.Pattern[str], anchors: Iterable[str]
) -> list[re.Match[str]]:
    """Non-overlapping matches of ``regex`` in ``text[start:end]`` that begin at one of the lower-case
    literal ``anchors`` (first syllables of every alternative), at a word start, in text order.

    Equivalent to ``regex.finditer`` when every match starts with one of the anchors (case-insensitively).
    """
    low = text[start:end].lower()
    if len(low) != end - start:  # a letter whose lower case changes length: do it the slow way
        return list(regex.finditer(text, start, end))
    positions: set[int] = set()
    for anchor in anchors:
        i = low.find(anchor)
        while i >= 0:
            if i == 0 or not low[i - 1].isalnum():
                positions.add(i + start)
            i = low.find(anchor, i + 1)
    out: list[re.Match[str]] = []
    last = start
    for pos in sorted(positions):
        if pos < last:
            continue
        m = regex.match(text, pos, end)
        if m:
            out.append(m)
            last = m.end()
    return out
