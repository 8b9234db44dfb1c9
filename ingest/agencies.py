"""Agencies: find coordinated lists of bodies in a plan's sentences, split them, and key them for matching.

Why a grammar of names and not a list of known agencies: every province writes the same kinds of bodies
("Ban Dân vận Tỉnh ủy", "Đảng đoàn Mặt trận Tổ quốc", "UBND các xã, thị trấn"), but with its own localities
and spellings. The vocabulary in ``rules/agencies.yaml`` describes the *shape* of a body (head noun, the
committee it belongs to, level and locality that may follow) and the conventional collective names that
stay one agency although they contain a comma ("Mặt trận Tổ quốc, các đoàn thể chính trị - xã hội").

Why regular expressions: the list parser runs only where a subject or an object is expected (clause starts,
after a role verb), and there one compiled ``match`` per list item does the work in C.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache

from ingest.patterns import expand, oneline, start_filter, tone_variants
from ingest.rules import load_rules
from ingest.vietnamese import collapse_ws, match_key

__all__ = ["AgencyList", "Found", "agency_key", "item_regex", "list_regex", "list_start_regex", "match_list"]


@dataclass(frozen=True)
class _Grammar:
    """The agency grammar as pattern sources (cheap to build) and the small compiled patterns.

    Why sources: the item pattern is large (the open vocabulary embeds every known body), and compiling it
    costs a noticeable part of a second; each big pattern is compiled on first use, once per process.
    """

    item: str  # one list item: collective name, body or person role (tone variants applied)
    body: str  # a single body
    start: str  # the item pattern with open-vocabulary names cut after their head noun (see list_start_regex)
    sep: str  # the separator between list items
    sep_re: re.Pattern[str]
    abbr_re: re.Pattern[str]


_FLAGS = re.IGNORECASE
# How an open-vocabulary name begins: a head noun ("Phòng", "Trung tâm") and a space, its parts after that.
_OPEN_HEAD = r"(?-i:<<unit_head>>)\s+"


@cache
def _grammar() -> _Grammar:
    rules = load_rules("agencies")
    frags = {k: oneline(v) for k, v in rules["fragments"].items()}
    frags["abbr_body"] = "|".join(re.escape(e["abbr"]) for e in rules["abbreviations"] if e.get("body"))

    def alt(entries: list[dict]) -> str:
        return "|".join("(?:" + expand(oneline(e["pattern"]), frags) + ")" for e in entries)

    det = rules["determiners"]
    closed = [e for e in rules["heads"] if not e.get("open")]
    roles = load_rules("structure")["roles"]
    frags["role_verb"] = "|".join(oneline(r["pattern"]) for r in roles.values())
    # what an open-vocabulary name may not swallow, and where it may end (see unit_end in the rules file)
    frags["known_body"] = (
        rf"(?:(?:{det})\s+)?(?:{alt(rules['collective'])}|{alt(closed)}|(?-i:{oneline(frags['unit_head'])}))(?!\w)"
    )
    pairs = load_rules("citations")["law_comma_pairs"] + rules.get("name_comma_pairs", [])
    frags["comma_pair"] = "|".join(map(_comma_pair_regex, pairs))
    scope = r"(?:\s+(?:" + expand(frags["scope"], frags) + r")(?!\w))*+"

    def body_of(heads: list[dict]) -> str:
        return rf"(?:(?:{det})\s+)?(?:{alt(heads)})(?!\w){scope}"

    def item_of(body: str) -> str:
        return (
            rf"(?P<coll>(?:{alt(rules['collective'])})(?!\w){scope})"
            rf"|(?P<body>{body})"
            rf"|(?P<person>(?:(?:{det})\s+)?(?:{alt(rules['persons'])})(?!\w))"
        )

    body = body_of(rules["heads"])
    # for the start filters (list_start_regex): open-vocabulary names cut after their head noun
    cut = [
        {"pattern": _OPEN_HEAD} if oneline(e["pattern"]).startswith(_OPEN_HEAD) else e for e in rules["heads"]
    ]
    sep = r"\s*[,;]\s*(?:và\s+)?|\s+và\s+"
    abbr = sorted(rules["abbreviations"], key=lambda e: -len(e["abbr"]))
    abbr_re = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(e["abbr"]) for e in abbr) + r")(?!\w)", _FLAGS)
    return _Grammar(
        tone_variants(item_of(body)),
        tone_variants(body),
        tone_variants(item_of(body_of(cut))),
        sep,
        re.compile(sep, _FLAGS),
        abbr_re,
    )


@cache
def list_regex() -> re.Pattern[str]:
    """One list item and the separator after it, in one match: the separator is optional, so it never
    changes how the item itself matches, and a list of n bodies costs n matches instead of 2n."""
    g = _grammar()
    return re.compile(rf"(?:{g.item})(?P<sep>{g.sep})?", _FLAGS)


@cache
def list_start_regex() -> re.Pattern[str]:
    """A pattern whose matches begin as :func:`list_regex`'s do, a fifth of its size: the list pattern with
    every open-vocabulary name cut after its head noun and space. For the start filters, which only look at
    a match's first few characters (the walk over the pattern's beginnings stops at that space): the big
    pattern is then parsed once per process (by its compilation), not a second time for its beginnings."""
    g = _grammar()
    return re.compile(rf"(?:{g.start})(?P<sep>{g.sep})?", _FLAGS)


@cache
def _body_regex() -> re.Pattern[str]:
    """A single body: only read after a person role ("người đứng đầu cấp ủy"), so compiled when first met."""
    return re.compile(_grammar().body, _FLAGS)


@cache
def item_regex() -> re.Pattern[str]:
    """The compiled pattern of one list item (collective name, single body or person role), without the
    separator; extraction itself uses :func:`list_regex`."""
    return re.compile(_grammar().item, _FLAGS)


def _comma_pair_regex(pair: str) -> str:
    """A conventional pair of coordinated words ("phòng, chống") as one regex word: names keep its comma."""
    left, right = pair.split(",", 1)
    return r"\s*,\s*".join(r"\s+".join(map(re.escape, part.split())) for part in (left, right))


@cache
def _list_parts() -> tuple[Callable[[str, int], bool], re.Pattern[str], re.Pattern[str], int, int]:
    """What :func:`match_list` needs, in one cached call (it runs at every clause start): a cheap pre-check
    of ``list_regex().match`` (most clause starts are verbs, not bodies), the list pattern, the separator
    pattern, and the numbers of the list pattern's "sep" and "person" groups."""
    lists = list_regex()
    return (
        start_filter(list_start_regex()),
        lists,
        _grammar().sep_re,
        lists.groupindex["sep"],
        lists.groupindex["person"],
    )


# Found, AgencyList (and assignments.Hit) are read-only by convention but not frozen: they are built by
# the ten thousand at clause starts, and a frozen dataclass's __init__ costs three times a plain one's.
@dataclass(slots=True)
class Found:
    """One agency of a list: offsets in the cleaned text and the name as written (white space collapsed)."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class AgencyList:
    """A coordinated list at one position. ``agencies`` excludes person roles; ``persons_only`` when the list
    names persons ("Người đứng đầu cấp ủy, chính quyền"), so that nobody in it is an agency."""

    start: int
    end: int
    text: str
    agencies: tuple[Found, ...]
    persons_only: bool = False


def match_list(text: str, pos: int, endpos: int | None = None) -> AgencyList | None:
    """The coordinated list of bodies starting exactly at ``pos`` (None if no body starts there)."""
    may_start, item_sep_re, sep_re, sep, person = _list_parts()
    if not may_start(text, pos):
        return None
    endpos = len(text) if endpos is None else endpos
    found: list[Found] = []
    end = pos
    first = True
    persons_only = False
    m = item_sep_re.match(text, pos, endpos)
    while m:
        start = m.start()
        nxt = m.start(sep)  # -1 when no separator follows
        end = nxt if nxt >= 0 else m.end()
        if m.start(person) >= 0:
            # a person role may govern a body: "người đứng đầu cấp ủy" -> skip the body too
            ws = end
            while ws < endpos and text[ws] in " \t":
                ws += 1
            comp = _body_regex().match(text, ws, endpos) if ws > end else None
            if comp:
                end = comp.end()
                if first:
                    persons_only = True
                s = sep_re.match(text, end, endpos)
                nxt = s.end() if s else -1
            elif nxt >= 0:
                nxt = m.end()
        else:
            if not persons_only:
                found.append(Found(start, end, collapse_ws(text[start:end])))
            if nxt >= 0:
                nxt = m.end()
        first = False
        m = item_sep_re.match(text, nxt, endpos) if nxt >= 0 else None
    if end == pos:
        return None
    if persons_only:
        found = []
    if len(found) == 1 and found[0].start == pos and found[0].end == end:  # one body: same text
        return AgencyList(pos, end, found[0].text, tuple(found), persons_only)
    return AgencyList(pos, end, collapse_ws(text[pos:end]), tuple(found), persons_only)


_DET_RE = re.compile(r"^(?:các|những|mỗi|từng|toàn thể)\s+", re.IGNORECASE)
_DASH_RE = re.compile(r"\s*[-–]\s*")


@cache
def _abbreviations() -> dict[str, str]:
    return {match_key(e["abbr"]): e["expansion"] for e in load_rules("agencies")["abbreviations"]}


@lru_cache(maxsize=4096)
def agency_key(name: str) -> str:
    """Matching key of an agency name: abbreviations expanded, determiner dropped, canonical tones, folded.

    "UBND tỉnh" and "Ủy ban nhân dân tỉnh", "các huyện ủy" and "Huyện uỷ", "chính trị-xã hội" and
    "chính trị - xã hội" get the same key. Locality scoping is the graph's job (the key is per document).
    """
    abbr_re = _grammar().abbr_re
    table = _abbreviations()
    expanded = abbr_re.sub(lambda m: table.get(match_key(m.group(0)), m.group(0)), collapse_ws(name))
    expanded = _DET_RE.sub("", expanded)
    expanded = _DASH_RE.sub("-", expanded)
    return match_key(expanded)
