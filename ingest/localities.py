"""Provinces and districts named in a text: the locality that scopes a document and its agencies.

Why: "Ban Dân vận Tỉnh ủy" in a Lào Cai plan is the Ban Dân vận Tỉnh ủy *Lào Cai*; the graph needs the
locality to tell committees of different provinces apart. Many plans never name their province in the
letterhead (the converted text starts at the heading), so the name is collected from anywhere in the text:
"tỉnh Lâm Đồng", "Ban Thường vụ Tỉnh ủy Lâm Đồng", "TỈNH ỦY QUẢNG NINH", "tinh" (OCR slip), and, as weaker
evidence, a bare province name ("xây dựng con người Lào Cai", "Báo Tuyên Quang").

How, and why fast: the province list (63 pre-2025 provinces and the 34 since 1 July 2025, with validity
periods) lives in ``rules/localities.yaml``. It is compiled into one regex: an optional locality word
followed by the alternation of every spelling of every name (both tone placements, Title Case and
CAPITALS), or a district word followed by capitalized words; Python code only runs per hit.

That regex is entered at every "h", "t", "q", "đ" (the lower-case district words), one character in seven,
so it only runs on the lines that can hold a hit. A line can only if it holds a spelling that starts with a
capital, or a lower-case district word followed by blanks and a capital (without one, the word is skipped
and changes nothing); no match, and no district phrase, reaches over a line break, so the other lines
add nothing. The line filters are one trie of the capitalized spellings and one literal-prefix regex per
first word of the lower-case district words (a literal prefix is searched in a tight loop, not entered).
A line marked by the first only is read with that trie alone: there the lower-case district words change
nothing, and their matches hold no capital, so they never hide the start of a capitalized spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from ingest.rules import load_rules
from ingest.vietnamese import canonical_tones, match_key

__all__ = ["LocalityHit", "Localities", "find_localities", "province_periods", "province_name"]

_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_CAP_WORD = rf"[{_UPPER}][^\W\d_]*"
_TONES = "\u0300\u0301\u0309\u0303\u0323"
_NEW_STYLE = re.compile(rf"(?<![qQ])([oOuU])([{_TONES}])([aAeEyY])(?![^\W\d_])")

# Weights: a name after "tỉnh"/"Tỉnh ủy"/"thành phố" names the locality; a bare one only suggests it.
STRONG, WEAK = 3, 1


@dataclass(frozen=True)
class LocalityHit:
    """One place name found in the text (offsets into the text that was searched)."""

    level: str  # "province" or "district"
    name: str  # canonical name: "Lào Cai", "Bảo Thắng"
    strong: bool  # introduced by a locality word (tỉnh, huyện, Tỉnh ủy ...) or a letterhead
    start: int
    end: int


@dataclass(frozen=True)
class Localities:
    """The best province and district of a text, and every hit for callers that need more."""

    province: str | None
    district: str | None
    hits: tuple[LocalityHit, ...] = ()


def old_style_tones(text: str) -> str:
    """The old tone placement of ``text`` ("Khánh Hòa" -> "Khánh Hoà"); the inverse of canonical_tones."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _NEW_STYLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), decomposed)
    return unicodedata.normalize("NFC", moved)


def _variants(spelling: str, cases: bool = False) -> set[str]:
    """Both tone placements and CAPITALS (and, for locality words, lower/Title case) of a spelling."""
    forms = {spelling, canonical_tones(spelling), old_style_tones(spelling)}
    if cases:
        forms |= {f.lower() for f in forms} | {f[:1].upper() + f[1:].lower() for f in forms}
    return forms | {f.upper() for f in forms}


def trie_pattern(strings: set[str]) -> str:
    """One regex alternation of literal strings, factored as a trie; a space matches any run of blanks.

    Why: a flat alternation of hundreds of names is tried branch by branch at every candidate position;
    the trie tries one branch per character, which makes the whole-text scan several times faster.
    """
    root: dict[str, Any] = {}
    for string in strings:
        node = root
        for ch in string:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [
            ("[ \\t]+" if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return "(?:" + "|".join(branches) + ")?"
        return body

    return emit(root)


@dataclass(frozen=True)
class _Name:
    name: str
    bare: bool
    strong_alias: bool
    not_before: tuple[str, ...]
    central: bool  # a centrally-run city: "thành phố X" names the province


@dataclass(frozen=True)
class _Compiled:
    regex: re.Pattern[str]  # one trie of every province spelling and every district word
    line_filters: tuple[re.Pattern[str], ...]  # a line without a match of any of them holds no hit
    names_only: re.Pattern[str]  # what reads a line no lower-case district word filter marked
    after: re.Pattern[str]  # the capitalized words after a district word
    before: re.Pattern[str]  # a locality word right before a name: "tỉnh ", "Tỉnh ủy "
    names: dict[str, _Name]  # key of a spelling -> name info
    district_words: frozenset[str]  # keys of "huyện", "Huyện ủy", "thành phố" ...
    stopwords: frozenset[str]


def _entries(rules: dict[str, Any]) -> list[dict[str, Any]]:
    return [*rules["provinces_pre_2025"], *rules["provinces_2025"]]


@cache
def _compiled() -> _Compiled:
    rules = load_rules("localities")
    names: dict[str, _Name] = {}
    spellings: set[str] = set()
    for entry in _entries(rules):
        info = _Name(
            name=entry["name"],
            bare=entry.get("bare", True),
            strong_alias=False,
            not_before=tuple(entry.get("not_before_words", ())),
            central=entry.get("type") == "thành phố",
        )
        for spelling in [entry["name"], *entry.get("aliases", ())]:
            names.setdefault(_spelling_key(spelling), info)
            spellings |= _variants(spelling)
        for spelling in entry.get("strong_aliases", ()):
            strong = _Name(info.name, True, True, info.not_before, info.central)
            names.setdefault(_spelling_key(spelling), strong)
            spellings |= _variants(spelling)
    by_level = {p["level"]: p["words"] for p in rules["patterns"]}
    district_words: set[str] = set()
    for word in by_level["district"] + by_level["city"]:
        district_words |= _variants(word, cases=True)
    before_words: set[str] = set()
    for word in by_level["province"] + by_level["city"]:
        before_words |= _variants(word, cases=True)
    # No groups and literal first characters: the engine skips non-candidate characters in C (a pattern
    # made of two named alternatives was measured four times slower).
    every = spellings | district_words
    regex = re.compile(trie_pattern(every))
    after = re.compile(rf"[ \t]+({_CAP_WORD}(?:[ \t]+{_CAP_WORD}){{0,3}})")
    line_filters = _line_filters(every, district_words)
    capitalized = every - _lower_district_words(every, district_words)
    # the first filter reads a line alone only if its spellings start where no lower-case word can reach
    separate = all(s[:1].isupper() for s in capitalized)
    return _Compiled(
        regex=regex,
        line_filters=line_filters,
        names_only=line_filters[0] if separate else regex,
        after=after,
        before=re.compile(rf"(?<![^\W_])(?:{trie_pattern(before_words)})\s+$"),
        names=names,
        district_words=frozenset(_spelling_key(w) for w in district_words),
        stopwords=frozenset(match_key(w) for w in rules.get("district_stopwords", ())),
    )


def _line_filters(every: set[str], district_words: set[str]) -> tuple[re.Pattern[str], ...]:
    """The regexes whose matches mark the lines :func:`find_localities` has to read (see the module doc).

    A lower-case district word ("huyện") only counts before blanks and a capital (``after`` needs them);
    every other spelling counts wherever it stands. Why the lines are independent: no spelling holds a
    line break (a space in a spelling matches blanks only) and ``after`` reads blanks and letters only.
    """
    if any("\n" in s for s in every):
        raise ValueError("rules/localities.yaml: a spelling holds a line break (lines are read one by one)")
    lower = _lower_district_words(every, district_words)
    # "đảng bộ huyện X" holds "huyện X": a word that ends with another one needs no pass of its own
    covered = {s for s in lower if any(s.endswith(" " + t) for t in lower)}
    by_word: dict[str, set[str]] = {}
    for spelling in lower - covered:
        by_word.setdefault(spelling.split(" ", 1)[0].rstrip("."), set()).add(spelling)  # "tp", "tp."
    followed = rf"(?=[ \t]+[{_UPPER}])"
    return (
        re.compile(trie_pattern(every - lower)),
        *(re.compile(trie_pattern(group) + followed) for _, group in sorted(by_word.items())),
    )


def _lower_district_words(every: set[str], district_words: set[str]) -> set[str]:
    """The spellings that only count before a capital: district words with no capital letter."""
    return {s for s in every if s in district_words and not any(ch.isupper() for ch in s)}


def _lines_to_read(text: str, filters: tuple[re.Pattern[str], ...]) -> list[tuple[int, int, bool]]:
    """(start, end, marked by a filter after the first) of every line with a match of one of ``filters``,
    in text order."""
    marked: dict[tuple[int, int], bool] = {}
    for i, regex in enumerate(filters):
        pos = 0
        while m := regex.search(text, pos):
            end = text.find("\n", m.end())
            pos = len(text) if end < 0 else end  # one match marks the line: go on from its end
            span = (text.rfind("\n", 0, m.start()) + 1, pos)
            marked[span] = marked.get(span, False) or i > 0
    return sorted((start, end, district) for (start, end), district in marked.items())


@lru_cache(maxsize=4096)
def _spelling_key(text: str) -> str:
    """Key of a spelling: match_key with dashes and spaces around them unified."""
    return re.sub(r"\s*[-–]\s*", "-", match_key(text)).rstrip(".")


_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)")


def _next_word(text: str, pos: int) -> str:
    m = _NEXT_WORD.match(text, pos)
    return m.group(1) if m else ""


def _district_name(raw_words: str, stopwords: frozenset[str]) -> str | None:
    """Cut the capitalized run after "huyện" at the first organisation word; Title Case it."""
    kept: list[str] = []
    for word in raw_words.split():
        if match_key(word) in stopwords:
            break
        kept.append(word)
    if not kept:
        return None
    name = " ".join(kept)
    return name.title() if name.isupper() else name


def _glued(text: str, start: int, end: int, check_after: bool = True) -> bool:
    """Is the hit part of a longer word (no word boundary before it, or after it)?"""
    before = text[start - 1 : start]
    if before and (before.isalnum() or before == "_"):
        return True
    after = text[end : end + 1] if check_after else ""
    return bool(after and (after.isalnum() or after == "_"))


def find_localities(text: str) -> Localities:
    """Every province/district named in ``text`` and the best of each.

    The best province is the one with the highest score (strong mention 3, bare mention 1), ties broken by
    the first occurrence; the same for districts (all district mentions are strong).
    """
    comp = _compiled()
    lines = _lines_to_read(text, comp.line_filters)
    readers = {True: comp.regex, False: comp.names_only}
    return _read_hits(
        text, (m for lo, hi, district in lines for m in readers[district].finditer(text, lo, hi))
    )


def _read_hits(text: str, matches: Iterable[re.Match[str]]) -> Localities:
    """The hits of the trie regex's ``matches`` (in text order) and the best province and district."""
    comp = _compiled()
    hits: list[LocalityHit] = []
    done = 0  # end of the last district phrase: a name inside it was already counted
    for m in matches:
        start, end = m.span()
        if start < done or _glued(text, start, end):
            continue
        key = _spelling_key(m.group())
        if key in comp.district_words:
            nxt = comp.after.match(text, end)
            if nxt is None:
                continue
            done = nxt.end()
            info = comp.names.get(_spelling_key(nxt.group(1)))
            if info is not None:
                # "thành phố Hà Nội" / "Thành ủy Hà Nội" name the province; "thành phố Lào Cai" is the
                # provincial city: it names both the district-level city and its province
                hits.append(LocalityHit("province", info.name, True, start, done))
                if not info.central:
                    hits.append(LocalityHit("district", info.name, True, start, done))
                continue
            name = _district_name(nxt.group(1), comp.stopwords)
            if name:
                hits.append(LocalityHit("district", name, True, start, done))
            continue
        info = comp.names.get(key)
        if info is None or (info.not_before and _next_word(text, end) in info.not_before):
            continue
        pre = comp.before.search(text, max(0, start - 40), start)
        if pre is None and not (info.bare or info.strong_alias):
            continue
        strong = pre is not None or info.strong_alias
        hits.append(LocalityHit("province", info.name, strong, pre.start() if pre else start, end))
    return Localities(_best(hits, "province"), _best(hits, "district"), tuple(hits))


def _best(hits: list[LocalityHit], level: str) -> str | None:
    scores: Counter[str] = Counter()
    first: dict[str, int] = {}
    for hit in hits:
        if hit.level == level:
            scores[hit.name] += STRONG if hit.strong else WEAK
            first.setdefault(hit.name, hit.start)
    if not scores:
        return None
    return max(scores, key=lambda name: (scores[name], -first[name]))


def province_name(text: str) -> str | None:
    """The canonical province name of one spelling ("KHÁNH HOÀ" -> "Khánh Hòa"), else None."""
    info = _compiled().names.get(_spelling_key(text))
    return info.name if info else None


def province_periods(name: str) -> list[dict[str, Any]]:
    """Every unit that bore this name with its validity period (pre-2025 and post-2025 entries)."""
    key = _spelling_key(name)
    return [dict(e) for e in _entries(load_rules("localities")) if _spelling_key(e["name"]) == key]
