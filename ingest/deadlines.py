"""Deadlines and time expressions of a task item (offsets in the cleaned text).

Why two kinds: a *deadline* is the completion date ("Thời gian hoàn thành trong quý II năm 2019",
"(xong trong quý I năm 2020)", "trước ngày 30/6/2022") or the stated reporting period ("định kỳ 6 tháng,
1 năm báo cáo ..."), normalized to the latest ISO date it allows or to ISO 8601 durations; every other
periodicity or start phrase ("hằng năm", "định kỳ", "từ năm 2021") is kept verbatim as a time expression,
because it says *how often*, not *by when*. A time inside a cited document's title ("Chiến lược ... đến năm
2030, tầm nhìn đến năm 2045") belongs to that document, not to the task (:func:`in_cited_title`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from functools import cache

from ingest.patterns import anchored_matches, expand, match_prefixes, tone_variants
from ingest.rules import load_rules

__all__ = ["Found", "find_deadline", "find_time_expressions", "in_cited_title", "period_of"]

_QUARTER = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True, slots=True)
class Found:
    """A deadline found in the text: verbatim text, its offsets and the normalized date or period."""

    text: str
    start: int
    end: int
    date: str | None = None
    period: str | None = None


@cache
def _compiled() -> tuple[re.Pattern[str], list[str], re.Pattern[str], re.Pattern[str]]:
    rules = load_rules("structure")
    trigger = rules["deadline_trigger"]
    alts = []
    kinds = []
    for i, entry in enumerate(rules["deadlines"]):
        pat = entry["pattern"].replace("(?P<", f"(?P<e{i}_")
        core = f"(?P<core{i}>{pat})"
        alts.append(f"(?:{trigger}){core}" if entry["trigger"] else core)
        kinds.append(entry["kind"])
    flags = re.IGNORECASE
    deadline = re.compile(tone_variants(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)"), flags)
    frags = {"period": rules["report_period"]["period"]}
    report = re.compile(tone_variants(r"(?<!\w)" + expand(rules["report_period"]["pattern"], frags)), flags)
    times = re.compile(
        tone_variants(r"(?<!\w)(?:" + expand(rules["time_expressions"]["pattern"], frags) + ")"), flags
    )
    return deadline, kinds, report, times


# where a deadline ends: a year, or a day of every year ("31/12 hằng năm"). Both branches share their
# first digit, written once before the alternation: a pattern that begins with one \d (not with a branch
# point, nor \d{4}) lets the engine skip to digits in C, three times faster over an item's text.
_YEAR = re.compile(r"\d(?:\d{3}(?!\d)|\d?\s*[/.\-]\s*\d{1,2}\s+(?i:hằng|hàng|mỗi)\s+năm(?!\w))")
_WINDOW = 80  # longest trigger + expression before the year, in characters
_BEFORE = re.compile(r"[tT]rước|[cC]hậm|[tT]háng|[qQ]uý")
_PERIODIC = re.compile(r"[đĐ][ịỊ]nh\s+k[ỳỲ]")
_UNIT = re.compile(r"(?:(\d+)\s+)?(tháng|quý|năm|tuần)", re.IGNORECASE)


def period_of(spec: str) -> str:
    """ISO 8601 durations of a period phrase: "6 tháng, 1 năm" -> "P6M,P1Y", "hằng quý" -> "P3M"."""
    out = []
    for m in _UNIT.finditer(spec):
        n = int(m.group(1) or 1)
        unit = m.group(2).lower()
        out.append({"tháng": f"P{n}M", "quý": f"P{3 * n}M", "năm": f"P{n}Y", "tuần": f"P{n}W"}[unit])
    return ",".join(out)


def _last_day(year: int, month: int) -> str:
    month = min(max(month, 1), 12)
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _date_of(kind: str, g: dict[str, str | None]) -> str | None:
    try:
        year = int(g["y"] or 0)
        if kind == "quarter":
            return _last_day(year, 3 * _QUARTER[(g["q"] or "").upper()])
        if kind == "half":
            return _last_day(year, 6)
        if kind == "month":
            return _last_day(year, int(g["m"] or 0))
        if kind == "year":
            return f"{year:04d}-12-31"
        if kind == "date":
            day, month = int(g["d"] or 0), int(g["m"] or 0)
            if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
                return f"{year:04d}-{month:02d}-{day:02d}"
    except (KeyError, ValueError):
        return None
    return None


@cache
def _deadline_anchors() -> tuple[str, ...] | None:
    found = match_prefixes(_compiled()[0])
    return tuple(sorted(found)) if found else None


def _search(regex: re.Pattern[str], text: str, lo: int, hi: int, low: str | None) -> re.Match[str] | None:
    """``regex.search(text, lo, hi)``, tried only where one of the pattern's possible beginnings occurs
    (a short window rarely holds one; a search tries every alternative at every position)."""
    anchors = _deadline_anchors()
    if anchors is None:
        return regex.search(text, lo, hi)
    found = anchored_matches(text, lo, hi, regex, anchors, limit=1, low=low)
    return found[0] if found else None


def find_deadline(text: str, start: int = 0, end: int | None = None, low: str | None = None) -> Found | None:
    """The item's deadline: its first completion deadline, else its stated reporting period. ``low`` is
    ``text.lower()`` if the caller has it."""
    end = len(text) if end is None else end
    deadline, kinds, report, _ = _compiled()
    m = None
    # every deadline ends with a year: search only the short window before each one (a full search of
    # the item with this many alternatives at every position would cost more than the rest of the stage)
    for y in _YEAR.finditer(text, start, end):
        lo = max(start, y.start() - _WINDOW)
        if text[y.start() - 1 : y.start()] in ("/", "-", ".") and not _BEFORE.search(text, lo, y.start()):
            continue  # a date ("ngày 15/01/2020") is a deadline only after "trước" / "chậm nhất"
        m = _search(deadline, text, lo, y.end(), low)
        if m:
            break
    if m:
        i = next(i for i in range(len(kinds)) if m.group(f"core{i}") is not None)
        prefix = f"e{i}_"
        groups = {k[len(prefix) :]: v for k, v in m.groupdict().items() if k.startswith(prefix)}
        for key in ("y", "q", "m", "d"):
            groups.setdefault(key, None)
        s, e = m.span(f"core{i}")
        if kinds[i] == "annual":
            return Found(text[s:e], s, e, period="P1Y")
        return Found(text[s:e], s, e, date=_date_of(kinds[i], groups))
    r = None
    if low is not None:  # "định kỳ" begins with "định" in the lower-cased text: a C search, no regex scan
        i = low.find("định", start, end)
        while i >= 0:
            if _PERIODIC.match(text, i, end):
                r = _reported(report, text, i, start, end)
                if r:
                    break
            i = low.find("định", i + 1, end)
    else:
        for k in _PERIODIC.finditer(text, start, end):
            r = _reported(report, text, k.start(), start, end)
            if r:
                break
    if r:
        s, e = r.start(), r.end("spec")
        return Found(text[s:e], s, e, period=period_of(r.group("spec")))
    return None


_CLAUSE_START = re.compile(r".*[.;\n]", re.S)  # greedy: up to the last clause end before the period
_REPORTED = re.compile(r"(?i:báo\s+cáo)(?!\w)")


def _reported(report: re.Pattern[str], text: str, pos: int, start: int, end: int) -> re.Match[str] | None:
    """The reporting period at ``pos``: before "báo cáo", or closing a clause in which "báo cáo" came first."""
    r = report.match(text, pos, end)
    if r is None or r.group("before") is None:
        return r
    cm = _CLAUSE_START.match(text, start, pos)
    return r if _REPORTED.search(text, cm.end() if cm else start, pos) else None


def find_time_expressions(
    text: str,
    start: int = 0,
    end: int | None = None,
    skip: tuple[int, int] | None = None,
    low: str | None = None,
) -> list[tuple[str, int, int]]:
    """Other time expressions, verbatim and distinct, in order; ``skip`` is the deadline's span; ``low``
    is ``text.lower()`` if the caller has it."""
    end = len(text) if end is None else end
    *_, times = _compiled()
    out: list[tuple[str, int, int]] = []
    seen: set[str] = set()
    anchors = load_rules("structure")["time_expressions"]["anchors"]
    for m in anchored_matches(text, start, end, times, anchors, low=low):
        if skip and m.start() < skip[1] and skip[0] < m.end():
            continue
        phrase = " ".join(m.group(0).split())
        if phrase not in seen:
            seen.add(phrase)
            out.append((phrase, m.start(), m.end()))
    return out


@cache
def _cited_title() -> re.Pattern[str]:
    return re.compile(tone_variants(load_rules("structure")["cited_title"]["pattern"]), re.IGNORECASE)


def in_cited_title(text: str, cited_at: int, pos: int) -> bool:
    """Is ``pos`` inside the title of the document cited at ``cited_at`` (same clause, after "về" or
    "phê duyệt")? Offsets in the same text (the caller uses raw offsets: mentions are raw)."""
    return cited_at < pos and _cited_title().fullmatch(text, cited_at, pos) is not None
