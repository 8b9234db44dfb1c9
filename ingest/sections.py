"""Sections and numbered items of plans, resolutions and directives (offsets in the cleaned text).

Why one line-start pass: every numbering style (``I-``, ``I.``, ``1-``, ``1.``, ``(1)``, ``2.1.``, ``a)``,
bullets) is recognised by one compiled multi-line pattern built from ``rules/structure.yaml``; markdown
markers (``#``, ``**``) are already gone from the cleaned text, and a bold heading glued to the previous
one ("GIẢI PHÁP****1. ...") has become a line of its own (see :mod:`ingest.clean`). The rest is bookkeeping
over the (few) numbered lines, never a loop over characters.

Sections are the roman-numbered headings in sequence (I, II, III ...). Without them, upper-case numbered
headings ("1. MỤC ĐÍCH, YÊU CẦU") are the sections; without those either (a Chỉ thị), the numbered items
announced by an opening sentence ending with ":" form one untitled task section. Items of a section are the lines of the first
numbering style found in it, numbered 1, 2, 3 ... in sequence; anything else is content of the item.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache

from ingest.patterns import tone_variants
from ingest.rules import load_rules
from ingest.vietnamese import collapse_ws, match_key

__all__ = ["Line", "SectionSpan", "ItemSpan", "TargetSpan", "numbered_lines", "find_sections", "find_targets"]

_ROMAN = {"I": 1, "V": 5, "X": 10}


def roman_value(numeral: str) -> int:
    """Value of a roman numeral made of I, V, X (0 if malformed)."""
    total = 0
    prev = 0
    for ch in reversed(numeral.upper()):
        v = _ROMAN.get(ch, 0)
        if not v:
            return 0
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total


@dataclass(frozen=True, slots=True)
class Line:
    """A line that starts with a numbering marker. ``body`` is where the text after the marker starts."""

    start: int
    end: int  # end of the line (before the newline)
    style: str
    num: str
    body: int


@dataclass(frozen=True, slots=True)
class ItemSpan:
    number: str
    start: int  # line start (marker included)
    body: int  # after the marker
    end: int  # end of the item's text (trailing white space excluded)
    first_line_end: int


@dataclass(frozen=True, slots=True)
class SectionSpan:
    numeral: str
    title: str
    section_type: str
    start: int
    heading_end: int
    end: int
    items: tuple[ItemSpan, ...] = ()
    preamble: tuple[int, int] | None = None  # text between the heading and the first item


@dataclass(frozen=True, slots=True)
class TargetSpan:
    number: str
    start: int
    body: int
    end: int


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    rules = load_rules("structure")
    alts = []
    for entry in rules["numbering"]:
        style = entry["style"]
        pat = entry["pattern"].replace("(?P<num>", f"(?P<n_{style}>")
        alts.append(f"(?P<s_{style}>{pat})")
    # a literal "\n" first lets the regex engine skip to line starts in C (the text start is tried apart)
    line = re.compile(r"(?:\A|(?<=\n))[ \t]*(?:" + "|".join(alts) + r")[ \t]*(?=\S)")
    line_nl = re.compile(r"\n[ \t]*(?:" + "|".join(alts) + r")[ \t]*(?=\S)")
    ends = "|".join(f"(?:{e['pattern']})" for e in rules["body_end"])
    body_end = re.compile(tone_variants(r"^[ \t]*(?:" + ends + ")"), re.MULTILINE | re.IGNORECASE)
    body_end_nl = re.compile(tone_variants(r"\n[ \t]*(?:" + ends + ")"), re.MULTILINE | re.IGNORECASE)
    targets = re.compile(tone_variants(rules["targets_heading"]["pattern"]), re.IGNORECASE)
    return {
        "line": line,
        "line_nl": line_nl,
        "body_end": body_end,
        "body_end_nl": body_end_nl,
        "targets": targets,
    }


def numbered_lines(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """Every line of ``text[start:end]`` that starts with a numbering marker, in order."""
    end = len(text) if end is None else end
    out = []
    pats = _patterns()
    first = pats["line"].match(text, start, end) if start == 0 or text[start - 1] == "\n" else None
    matches = [first] if first else []
    matches.extend(pats["line_nl"].finditer(text, start, end))
    n = len(text)
    for m in matches:
        group = m.lastgroup or "s_"
        style = group[2:]
        at = m.start()
        line_end = text.find("\n", m.end())
        out.append(
            Line(
                at + (text[at] == "\n"), line_end if line_end >= 0 else n, style, m["n" + group[1:]], m.end()
            )
        )
    return out


@cache
def _section_words() -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (e["type"], tuple(match_key(w) for w in e["words"])) for e in load_rules("structure")["section_types"]
    )


@lru_cache(maxsize=1024)
def section_type(title: str) -> str:
    """purpose / viewpoints / tasks / implementation / other, from the heading's words (rules table)."""
    key = match_key(title)
    for kind, words in _section_words():
        if any(w in key for w in words):
            return kind
    return "other"


def body_end(text: str, after: int = 0) -> int:
    """Where the body ends: the first footer line or closing paragraph after ``after`` (else the text end).

    Searched as "a newline, then a footer" so that the engine skips to newlines in C; a line starting
    exactly at ``after`` is tried apart.
    """
    pats = _patterns()
    if (after == 0 or text[after - 1 : after] == "\n") and pats["body_end"].match(text, after):
        return after
    m = pats["body_end_nl"].search(text, after)
    return m.start() + 1 if m else len(text)


def _is_upper_heading(text: str, line: Line) -> bool:
    title = text[line.body : line.end]
    letters = [c for c in title if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and len(title) < 200


def _is_title_heading(text: str, line: Line) -> bool:
    """A short, capitalised line with no closing punctuation: "2. Nhiệm vụ, giải pháp trong thời gian tới"."""
    title = text[line.body : line.end].rstrip()
    return 0 < len(title) <= 100 and title[0].isupper() and title[-1] not in ".:;,"


def _arabic_heads(
    text: str, lines: list[Line], is_heading: Callable[[str, Line], bool], first: int | None = None
) -> list[Line]:
    """Arabic-numbered lines that pass ``is_heading``, numbered in sequence (from ``first`` if given)."""
    heads: list[Line] = []
    for ln in lines:
        if ln.style != "arabic" or (heads and int(ln.num) != int(heads[-1].num) + 1):
            continue
        if not heads and first is not None and int(ln.num) != first:
            continue
        if is_heading(text, ln):
            heads.append(ln)
    return heads


def _section_heads(text: str, lines: list[Line]) -> list[Line]:
    """Roman-numbered headings in sequence; failing that, upper-case arabic-numbered headings; failing that,
    short title-like arabic headings ("1. Đánh giá chung", "2. Nhiệm vụ, giải pháp", as a Kết luận has).

    Why the last needs a task or implementation heading among them: a Chỉ thị's numbered items can be short
    capitalised lines too, and they are its tasks, not its sections.
    """
    heads: list[Line] = []
    for ln in lines:
        if ln.style != "roman" or ln.end - ln.body > 250:
            continue
        value = roman_value(ln.num)
        if not heads or value == roman_value(heads[-1].num) + 1:
            heads.append(ln)
    if heads:
        return heads
    heads = _arabic_heads(text, lines, _is_upper_heading)
    if heads:
        return heads
    heads = _arabic_heads(text, lines, _is_title_heading, first=1)
    kinds = {section_type(text[h.body : h.end]) for h in heads}
    return heads if len(heads) >= 2 and kinds & {"tasks", "implementation"} else []


def _trim_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over trailing white space (not before ``start``)."""
    return start + len(text[start:end].rstrip()) if end > start else end


def _consecutive(lines: list[Line], style: str) -> list[Line]:
    """The lines of ``style`` that continue one list: arabic and "(n)" numbers in sequence, dotted at one depth.

    Why: a stray "3." quoted inside an item, or a "2.1." under an item, must not start or break the list.
    """
    chosen: list[Line] = []
    for ln in lines:
        if ln.style != style:
            continue
        if style in ("arabic", "paren") and chosen and int(ln.num) != int(chosen[-1].num) + 1:
            continue
        if style == "dotted" and chosen and ln.num.count(".") != chosen[0].num.count("."):
            continue
        chosen.append(ln)
    return chosen


def _spans(text: str, chosen: list[Line], style: str, end: int) -> Iterator[tuple[str, Line, int]]:
    """(number, line, end of its text) per chosen line; each runs to the next one, the last to ``end``.

    Bullets have no number of their own: they are counted from 1.
    """
    for i, ln in enumerate(chosen):
        stop = chosen[i + 1].start if i + 1 < len(chosen) else end
        yield (str(i + 1) if style == "bullet" else ln.num), ln, _trim_end(text, ln.body, stop)


def _items(text: str, lines: list[Line], start: int, end: int) -> list[ItemSpan]:
    """Items of one section: lines of its first numbering style (bullets only if nothing is numbered)."""
    inside = [ln for ln in lines if start <= ln.start < end]
    numbered = [ln for ln in inside if ln.style not in ("roman", "bullet")]
    pool = numbered or [ln for ln in inside if ln.style == "bullet"]
    if not pool:
        return []
    style = pool[0].style
    chosen = _consecutive(pool, style)
    items = [ItemSpan(num, ln.start, ln.body, e, ln.end) for num, ln, e in _spans(text, chosen, style, end)]
    if style != "arabic" or not any(ln.style == "dotted" for ln in inside):
        return items
    return [sub for item in items for sub in _group_items(text, inside, item)]


_GROUP_HEADING_WORDS = 30  # a group heading is a title: short, no sentence punctuation at its end


def _group_items(text: str, lines: list[Line], item: ItemSpan) -> list[ItemSpan]:
    """The "1.1.", "1.2." items of a group heading "1. Đổi mới tư duy" (a short line of its own with no
    sentence), which are the tasks; any other item is one task whose "2.1." lines are part of its text."""
    kids = [
        ln
        for ln in lines
        if ln.style == "dotted" and item.start < ln.start < item.end and ln.num.split(".")[:1] == [item.number]
        and ln.num.count(".") == 1
    ]  # fmt: skip
    own = text[item.body : kids[0].start].strip() if kids else ""
    if len(kids) < 2 or "\n" in own or own[-1:] in ".;:," or len(own.split()) > _GROUP_HEADING_WORDS:
        return [item]
    kids = _consecutive(kids, "dotted")
    return [
        ItemSpan(num, ln.start, ln.body, e, ln.end) for num, ln, e in _spans(text, kids, "dotted", item.end)
    ]


def find_sections(text: str, lines: list[Line] | None = None) -> list[SectionSpan]:
    """All numbered sections with their type, items (for task-bearing sections) and preamble."""
    lines = numbered_lines(text) if lines is None else lines
    heads = _section_heads(text, lines)
    if not heads:
        return _unsectioned(text, lines)
    stop = body_end(text, heads[-1].end)
    out = []
    for i, head in enumerate(heads):
        end = heads[i + 1].start if i + 1 < len(heads) else stop
        end = min(end, stop) if head.start < stop else end
        title = collapse_ws(text[head.start : head.end])
        kind = section_type(text[head.body : head.end])
        items: list[ItemSpan] = []
        preamble = None
        if kind in ("tasks", "implementation"):
            items = _items(text, lines, head.end, end)
            first = items[0].start if items else end
            p0, p1 = head.end, _trim_end(text, head.end, first)
            while p0 < p1 and text[p0].isspace():
                p0 += 1
            if p1 > p0:
                preamble = (p0, p1)
        out.append(SectionSpan(head.num, title, kind, head.start, head.end, end, tuple(items), preamble))
    return out


def _unsectioned(text: str, lines: list[Line]) -> list[SectionSpan]:
    """A directive without section headings: "... thực hiện tốt một số nhiệm vụ sau:" then "1.", "2." ...

    The numbered items after an opening sentence that announces them (it ends with ":") are the tasks of
    one untitled section (numeral "", title "", starting at item 1): that sentence is the section's
    preamble, not its title, because it names who does the work, as a roman section's opening sentence does.
    """
    for ln in lines:
        if ln.style != "arabic" or ln.num != "1":
            continue
        intro_end = _trim_end(text, 0, ln.start)
        if intro_end == 0 or text[intro_end - 1] != ":":
            continue
        intro_start = text.rfind("\n\n", 0, intro_end) + 1
        while intro_start < intro_end and text[intro_start].isspace():
            intro_start += 1
        stop = body_end(text, ln.end)
        items = _items(text, lines, ln.start, stop)
        if len(items) < 2:
            continue
        return [
            SectionSpan("", "", "tasks", ln.start, ln.start, stop, tuple(items), (intro_start, intro_end))
        ]
    return []


def find_targets(text: str, sections: list[SectionSpan], lines: list[Line] | None = None) -> list[TargetSpan]:
    """The numbered items under a "Mục tiêu cụ thể" heading, up to the next heading of another style."""
    lines = numbered_lines(text) if lines is None else lines
    heads_at = {s.start for s in sections}
    stop = body_end(text, sections[-1].heading_end) if sections else len(text)
    pat = _patterns()["targets"]
    for i, ln in enumerate(lines):
        if ln.start >= stop:
            break
        heading = text[ln.body : ln.end]
        if len(heading) > 80 or not pat.match(heading):
            continue
        rest = [x for x in lines[i + 1 :] if x.start < stop]
        if not rest or rest[0].start in heads_at:
            return []
        style = rest[0].style
        block_end = stop
        for x in rest:
            if x.start in heads_at or (x.style != style and x.style != "bullet"):
                block_end = x.start
                break
        chosen = _consecutive([x for x in rest if x.start < block_end], style)
        return [TargetSpan(num, x.start, x.body, e) for num, x, e in _spans(text, chosen, style, block_end)]
    return []
