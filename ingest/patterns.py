"""Pattern helpers shared by the rule-driven extractors: fragments, tone variants, literal anchors.

Why literal anchors: a regex with many alternatives tried at every position of a long text costs more than
the rest of the structure stage; ``str.find`` of a few distinctive syllables runs in C at memory speed and
leaves the regex only the few candidate positions to confirm.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache

__all__ = [
    "CAP",
    "LOW",
    "anchored_matches",
    "expand",
    "match_prefixes",
    "oneline",
    "start_filter",
    "tone_variants",
]

# Every uppercase letter a Vietnamese name may start with (A-Z and the precomposed Vietnamese capitals).
_UPPER = "".join(
    ch for ch in map(chr, range(0x41, 0x1F00)) if ch.isalpha() and ch.isupper() and ch == ch.upper()
)
# One word that starts with a lower-case letter (the later syllables of a name: "Phát triển nông thôn").
_LOWER = "".join(ch for ch in map(chr, range(0x61, 0x1F00)) if ch.isalpha() and ch.islower())


def _char_class(chars: str) -> str:
    """``chars`` as the body of a regex class, runs of consecutive code points written as ranges.

    Why: CAP is inlined a few hundred times in the agency grammar; written out letter by letter it is most
    of that pattern's text, and parsing it most of the first document's cost in a process.
    """
    codes = sorted(set(map(ord, chars)))
    parts = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first, last = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        parts.append(f"{first}-{last}" if j - i >= 2 else "".join(map(re.escape, map(chr, codes[i : j + 1]))))
        i = j + 1
    return "".join(parts)


CAP = rf"(?-i:[{_char_class(_UPPER)}])\w*"
LOW = rf"(?-i:[{_char_class(_LOWER)}])\w*"

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
    """Replace ``<<name>>`` by the (expanded) fragment ``name``; ``<<CAP>>`` is one capitalized word,
    ``<<LOW>>`` one word starting in lower case."""
    if depth > 8:
        raise ValueError(f"fragment recursion too deep in {pattern!r}")

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "CAP":
            return CAP
        if name == "LOW":
            return LOW
        if name not in fragments:
            raise KeyError(f"unknown fragment <<{name}>>")
        return "(?:" + expand(oneline(fragments[name]), fragments, depth + 1) + ")"

    return _PLACEHOLDER.sub(sub, pattern)


def oneline(pattern: str) -> str:
    """YAML folded blocks wrap a long alternation (a break becomes a space): drop white space around the
    breaks and the ``|`` between alternatives. Patterns spell a space as ``\\s+``, never literally."""
    return re.sub(r"[ \t]*\|[ \t]*", "|", re.sub(r"\s*\n\s*", "", pattern.strip()))


def anchored_matches(
    text: str,
    start: int,
    end: int,
    regex: re.Pattern[str],
    anchors: Iterable[str],
    limit: int = 0,
    low: str | None = None,
) -> list[re.Match[str]]:
    """Non-overlapping matches of ``regex`` in ``text[start:end]`` that begin at one of the lower-case
    literal ``anchors`` (first syllables of every alternative), at a word start, in text order; at most
    ``limit`` of them if it is set (``limit=1`` is ``regex.search``).

    Equivalent to ``regex.finditer`` when every match starts with one of the anchors (case-insensitively).
    ``low`` may pass ``text.lower()`` (same length as ``text``), computed once for many calls.
    """
    positions: set[int] = set()
    if low is None:
        part = text[start:end].lower()
        if len(part) != end - start:  # a letter whose lower case changes length: do it the slow way
            return list(regex.finditer(text, start, end))
        for anchor in anchors:
            i = part.find(anchor)
            while i >= 0:
                if i == 0 or not part[i - 1].isalnum():
                    positions.add(i + start)
                i = part.find(anchor, i + 1)
    else:
        for anchor in anchors:
            i = low.find(anchor, start, end)
            while i >= 0:
                if i == start or not low[i - 1].isalnum():
                    positions.add(i)
                i = low.find(anchor, i + 1, end)
    out: list[re.Match[str]] = []
    last = start
    for pos in sorted(positions):
        if pos < last:
            continue
        m = regex.match(text, pos, end)
        if m:
            out.append(m)
            if len(out) == limit:
                break
            last = m.end()
    return out


def _fold_table() -> dict[int, int]:
    """Characters that ``re.IGNORECASE`` treats as equal beyond ``str.lower`` (dotless i, long s ...),
    mapped to one representative, so that a folded literal compares like the regex engine would."""
    try:
        from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - other Python versions: lower() alone
        return {}
    table: dict[int, int] = {}
    for code, others in _EXTRA_CASES.items():
        rep = min(code, *others)
        for c in (code, *others):
            table[c] = rep
    return table


_FOLD = _fold_table()
_MAX_PREFIXES = 4000


def _fold(s: str) -> str:
    """Lower case, with the engine's extra case-insensitive equivalences mapped to one representative."""
    return s.lower().translate(_FOLD)


def _charset(items: list) -> list[str] | None:
    """The characters of a small ``[...]`` set (None for categories, negations or big ranges)."""
    from re._constants import LITERAL, RANGE  # type: ignore[import-not-found]

    out: list[str] = []
    for op, av in items:
        if op is LITERAL:
            out.append(chr(av))
        elif op is RANGE and av[1] - av[0] < 64:
            out.extend(map(chr, range(av[0], av[1] + 1)))
        else:
            return None
    return out


def _prefixes(tree, k: int) -> set[str]:
    """Every possible folded beginning (up to ``k`` characters) of a match of the parsed pattern ``tree``.

    A string shorter than ``k`` means "this much is known" (the pattern may end, or continue with
    something this walk does not expand, such as ``\\s``); the set is a superset guarantee: every match
    begins with one of its strings.
    """
    from re import _constants as c  # type: ignore[attr-defined]

    zero_width = {c.AT, c.ASSERT, c.ASSERT_NOT}
    repeats = {c.MAX_REPEAT, c.MIN_REPEAT, getattr(c, "POSSESSIVE_REPEAT", c.MAX_REPEAT)}

    def seq(nodes, i: int, cur: str, cont) -> set[str]:
        if len(cur) >= k:
            return {cur[:k]}
        if i == len(nodes):
            return cont(cur)
        op, av = nodes[i]
        nxt = lambda s: seq(nodes, i + 1, s, cont)  # noqa: E731
        if op is c.LITERAL:
            return nxt(cur + _fold(chr(av)))
        if op is c.IN:
            chars = _charset(av)
            if chars is None:
                return {cur}
            return _union(nxt(cur + _fold(ch)) for ch in dict.fromkeys(chars))
        if op is c.BRANCH:
            return _union(seq(list(alt), 0, cur, nxt) for alt in av[1])
        if op is c.SUBPATTERN:
            return seq(list(av[-1]), 0, cur, nxt)
        if op is getattr(c, "ATOMIC_GROUP", None):
            return seq(list(av), 0, cur, nxt)
        if op in zero_width:
            return nxt(cur)
        if op in repeats:
            lo, hi, sub = av
            body = list(sub)

            def rep(n_lo: int, n_hi: int, s: str) -> set[str]:
                if len(s) >= k:
                    return {s[:k]}
                out: set[str] = set()
                if n_lo == 0:
                    out |= nxt(s)
                if n_hi > 0:
                    out |= seq(
                        body, 0, s, lambda s2: {s2} if s2 == s else rep(max(n_lo - 1, 0), n_hi - 1, s2)
                    )
                return out

            return rep(lo, hi, cur)
        return {cur}

    return seq(list(tree), 0, "", lambda s: {s})


def _union(sets: Iterable[set[str]]) -> set[str]:
    out: set[str] = set()
    for s in sets:
        out |= s
        if len(out) > _MAX_PREFIXES:
            raise OverflowError
    return out


@lru_cache(maxsize=64)
def match_prefixes(regex: re.Pattern[str], k: int = 4) -> frozenset[str] | None:
    """Lower-case strings (up to ``k`` characters) one of which begins every match of ``regex`` (with the
    regex engine's other case-insensitive spellings); None when the pattern cannot be analysed or a
    match may begin with a character this walk does not expand (a class such as ``\\w``). Cached: parsing
    the agency grammar again costs a noticeable part of a second, and two filters ask for its prefixes."""
    try:
        from re import _parser  # type: ignore[attr-defined]

        found = _prefixes(_parser.parse(regex.pattern, regex.flags), k)
    except (ImportError, AttributeError, OverflowError, RecursionError, TypeError, ValueError):
        return None
    if "" in found:
        return None
    return frozenset(set().union(*(_variants(s) for s in found)))


def start_filter(
    regex: re.Pattern[str], k: int = 4, also: re.Pattern[str] | None = None
) -> Callable[[str, int], bool]:
    """A cheap necessary condition for ``regex.match(text, pos)``: the lower-cased first characters at
    ``pos`` must begin one of the pattern's possible match beginnings (computed once from the parse tree).

    Why: a failing ``match`` of a pattern with a hundred alternatives (the agency grammar) still tries
    every alternative, a few microseconds at each of thousands of clause starts; a slice and a set lookup
    reject most of those positions for a fraction of that. The filter never rejects a position where the
    regex matches (when the pattern cannot be analysed it accepts everything). With ``also``, the test is
    "may ``regex`` or ``also`` match here".
    """
    spelled = match_prefixes(regex, k)
    if spelled is not None and also is not None:
        more = match_prefixes(also, k)
        spelled = None if more is None else spelled | more
    if spelled is None or any(len(s) < 2 for s in spelled):
        return lambda text, pos: True
    by_head: dict[str, list[str]] = {}  # first two characters -> the beginnings that start with them
    for s in sorted(spelled):
        if len(s) <= k:
            by_head.setdefault(s[:2], []).append(s)
    heads = {h: tuple(v) for h, v in by_head.items()}

    def check(text: str, pos: int) -> bool:
        head = text[pos : pos + 2].lower()
        beginnings = heads.get(head)
        if beginnings is None:
            return len(head) != 2 and len(text[pos : pos + 2]) == 2  # a letter lower() lengthens: accept
        window = text[pos : pos + k]
        low = window.lower()
        return len(low) != len(window) or low.startswith(beginnings)

    return check


def _variants(s: str) -> set[str]:
    """``s`` and every spelling the regex engine also accepts for it case-insensitively (\u0131 for i ...)."""
    out = [""]
    for ch in s:
        alts = {ch} | {chr(c) for c, rep in _FOLD.items() if rep == _FOLD.get(ord(ch), -1)}
        out = [o + a.lower() for o in out for a in alts]
    return set(out)
