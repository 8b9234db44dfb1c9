"""Task records from the numbered items of task and implementation sections.

A task carries its id ("II.1" = section numeral + item number), heading (the bold heading when the item
starts with one in the original file, else its first 12 words), text with raw offsets and lines, deadline,
other time expressions (not those inside a cited document's title), assignments and the numbered citations
whose mentions fall inside it.

Why the raw text for bold headings: the cleaned text has lost the ``**`` / ``<b>`` markers, and boldness
is the only thing that separates a heading from the first words of a paragraph.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left

from ingest.agencies import match_list
from ingest.assignments import Hit, analyze
from ingest.deadlines import find_deadline, find_time_expressions, in_cited_title
from ingest.models import Assignment, Citation, Deadline, Section, Target, Task
from ingest.sections import ItemSpan, SectionSpan, TargetSpan
from ingest.text import SourceText
from ingest.vietnamese import collapse_ws

__all__ = ["build_tasks", "build_section", "build_targets", "first_words", "lowered", "to_assignment"]

_TRAILING = " \t\n.,;:!?…"
_MARKUP = re.compile(r"<[^>]*>|\*+|\\(?=[^\w\s])|^#+")
_NO_WORD = re.compile(r"(?<!\S)(?:[^\w\s]|_)+(?!\S)")  # a token without a letter or digit
_BOLD_OPEN = ("**", "__", "<b>", "<strong>", "<B>", "<STRONG>")
_BOLD_CLOSE = re.compile(r"\*\*|__|</b>|</strong>", re.IGNORECASE)
# a line that starts a sub-item: "a) ...", "2) ...", "- ...", "+ ..."
_HEADING_WORDS = 12  # an item without a bold heading is named by its first 12 words
_SUB_ITEM = re.compile(r"[ \t]*(?:(?:[a-zđ]|\d{1,2})\)|[-+•–])[ \t]")


def first_words(text: str, n: int = _HEADING_WORDS) -> str:
    """The first ``n`` words, trailing punctuation stripped: the heading of an item without a bold one.

    A token without a letter or digit (the dash of "chính trị - xã hội") is kept but not counted.
    """
    head = text[: 40 * n].split(None, n)[:n]
    if _NO_WORD.search(" ".join(head)) is None:  # every token a word: the usual case, no loop
        return " ".join(head).rstrip(_TRAILING + "-–")
    out: list[str] = []
    count = 0
    for token in text[: 40 * n].split():
        if count == n:
            break
        out.append(token)
        count += any(ch.isalnum() for ch in token)
    return " ".join(out).rstrip(_TRAILING + "-–")


def _plain_heading(text: str, body: int, end: int) -> tuple[str, tuple[int, ...]]:
    """(heading, forced sentence ends): the first 12 words, but no further than a lead-in line. A first line
    without closing punctuation names the item on its own when a sub-item line follows ("Công tác nhân sự" /
    "a) Ban Tổ chức ..."), or when it is short (a wrapped sentence fills its line) and the next line starts
    a sentence with a capital ("Trong công tác kiểm tra" / "Hai bên thống nhất ..."): its end is then a
    sentence end, so the next line's subject stands at a clause start."""
    nl = text.find("\n", body, end)
    last = text[body:nl].rstrip()[-1:] if nl > body else ""
    # a line announcing its sub-items ("..., trọng tâm là:" / "a) ...") is a lead-in too, and a heading
    # never runs on into a sub-item ("Nâng cao chất lượng văn bản." / "- Ban cán sự đảng ...")
    if last and _SUB_ITEM.match(text, nl + 1, end):
        return first_words(text[body:nl]), ()
    # (the word count only when it matters: without a newline ``text[body:nl]`` is the rest of the file)
    nxt = nl + 1  # the next line, or the paragraph after a blank one
    while nxt < end and text[nxt] == "\n":
        nxt += 1
    if (
        last
        and last not in _TRAILING
        and text[nxt : nxt + 1].isupper()
        and len(text[body:nl].split(None, _HEADING_WORDS)) <= _HEADING_WORDS
    ):
        return first_words(text[body:nl]), (nl,)
    return first_words(text[body:end]), ()


def _bold_heading(src: SourceText, item: ItemSpan) -> tuple[str, int] | None:
    """(heading, text end of the heading) when the item's first line is bold in the raw file."""
    raw = src.raw
    marker = src.to_raw(item.start)
    body = src.to_raw(item.body)
    line_start = raw.rfind("\n", 0, marker) + 1
    line_end = raw.find("\n", body)
    line_end = len(raw) if line_end < 0 else line_end
    before = raw[line_start:marker].rstrip(" \t#")
    after = raw[marker:body]
    # a Markdown heading line ("### 1. Tuyên truyền ...") is set in bold as a whole
    markdown = raw[line_start:marker].lstrip(" \t").startswith("#")
    opened = markdown or before.endswith(_BOLD_OPEN) or any(tag in after for tag in _BOLD_OPEN)
    if before.endswith(_BOLD_OPEN) and _BOLD_CLOSE.search(after):
        opened = False  # "**1.** Các huyện ủy ...": only the number is bold
    if not opened:
        head_start = body
        while head_start < line_end and raw[head_start] in " \t":
            head_start += 1
        if not raw.startswith(_BOLD_OPEN, head_start):
            return None
    close = _BOLD_CLOSE.search(raw, body + 2, line_end)
    stop = close.start() if close else line_end
    heading = collapse_ws(_MARKUP.sub("", unicodedata.normalize("NFC", raw[body:stop]))).rstrip(_TRAILING)
    if not heading:
        return None
    # the heading's end in the cleaned text: its first line, or where the bold text stops on it
    text_end = item.first_line_end
    if close:
        probe = src.text.find(heading[-12:], item.body, item.first_line_end + 1)
        if probe >= 0:
            text_end = probe + len(heading[-12:])
    return heading, text_end


def to_assignment(src: SourceText, hit: Hit) -> Assignment:
    """A :class:`Hit` (cleaned-text offsets) as an :class:`Assignment` (raw offsets, line, verbatim texts)."""
    start, end = src.raw_span(hit.agency.start, hit.agency.end)
    evidence = None
    if hit.evidence:
        evidence = collapse_ws(src.text[hit.evidence[0] : hit.evidence[1]])
    return Assignment(
        agency=hit.agency.text,
        role=hit.role,  # type: ignore[arg-type]
        key=hit.key,
        span=hit.span.text if hit.span else None,
        evidence=evidence,
        advises=hit.advises,
        via=hit.via,
        start=start,
        end=end,
        line=src.line_of(start),
    )


def _mention_index(citations: list[Citation]) -> tuple[list[int], list[tuple[int, int, str]]]:
    """Every mention of a numbered citation as (raw start, citation index, symbol), sorted, with the starts
    apart for bisecting: a task then looks at its own mentions instead of every citation of the file."""
    flat = sorted((m.start, i, c.symbol) for i, c in enumerate(citations) if c.symbol for m in c.mentions)
    return [f[0] for f in flat], flat


def _cited(index: tuple[list[int], list[tuple[int, int, str]]], start: int, end: int) -> tuple[str, ...]:
    """Symbols of the citations mentioned in [start, end), ordered by first mention (then symbol)."""
    starts, flat = index
    first: dict[int, tuple[int, str]] = {}
    for pos, i, symbol in flat[bisect_left(starts, start) : bisect_left(starts, end)]:
        if i not in first:
            first[i] = (pos, symbol)
    return tuple(sym for _, sym in sorted(first.values()))


def _in_title(src: SourceText, starts: list[int], r0: int, pos: int) -> bool:
    """Is the raw offset ``pos`` in the title of the nearest document cited before it in the task?"""
    i = bisect_left(starts, pos) - 1
    return i >= 0 and starts[i] >= r0 and in_cited_title(src.raw, starts[i], pos)


def lowered(text: str, start: int = 0, end: int | None = None) -> str | None:
    """``text.lower()`` when it keeps every offset (it does unless the text has a letter such as "İ"):
    lower-cased once per document for every literal anchor search of its items.

    With ``start``/``end`` only that part (the items) is lowered and the rest is blank padding, so that
    offsets stay those of ``text``; searches must then stay inside the part.
    """
    end = len(text) if end is None else end
    part = text[start:end].lower()
    if len(part) != end - start:
        return None
    if start == 0 and end == len(text):
        return part
    return " " * start + part + " " * (len(text) - end)


def build_tasks(
    src: SourceText, section: SectionSpan, citations: list[Citation], low: str | None = None
) -> list[Task]:
    """The tasks of a task or implementation section; ``low`` is :func:`lowered` of ``src.text``."""
    text = src.text
    tasks = []
    mentions = _mention_index(citations)
    for item in section.items:
        bold = _bold_heading(src, item)
        if bold:
            heading, heading_end = bold
            breaks: tuple[int, ...] = (heading_end,)
            # a heading that is nothing but a body's name ("**2. Ban Xây dựng Đảng Đảng ủy phường**" / "Tham
            # mưu ...") is the subject of the text under it
            named = match_list(text, item.body, heading_end)
            subject = named if named and named.end == heading_end and named.agencies else None
        else:
            heading, breaks = _plain_heading(text, item.body, item.end)
            subject = None
        hits = analyze(text, item.body, item.end, breaks, low, subject)
        deadline = find_deadline(text, item.body, item.end, low)
        skip = (deadline.start, deadline.end) if deadline else None
        times = find_time_expressions(text, item.body, item.end, skip, low)
        r0, r1 = src.raw_span(item.start, item.end)
        if times and mentions[0]:
            times = [t for t in times if not _in_title(src, mentions[0], r0, src.to_raw(t[1]))]
        dl = None
        if deadline:
            d0, d1 = src.raw_span(deadline.start, deadline.end)
            dl = Deadline(collapse_ws(deadline.text), deadline.date, deadline.period, d0, d1)  # wrapped lines
        tasks.append(
            Task(
                id=f"{section.numeral}.{item.number}" if section.numeral else item.number,
                section=section.title,
                section_type=section.section_type,  # type: ignore[arg-type]
                number=item.number,
                heading=heading,
                heading_source="bold" if bold else "first_12_words",
                text=text[item.body : item.end],
                start=r0,
                end=r1,
                lines=(src.line_of(r0), src.line_of(max(r1 - 1, r0))),
                deadline=dl,
                time_expressions=tuple(collapse_ws(t) for t, _, _ in times),
                assignments=tuple(to_assignment(src, h) for h in hits),
                cited_symbols=_cited(mentions, r0, r1),
            )
        )
    return tasks


def build_section(src: SourceText, section: SectionSpan) -> Section:
    start, end = src.raw_span(section.start, section.end)
    preamble: tuple[Assignment, ...] = ()
    preamble_text = ""
    if section.preamble:
        p0, p1 = section.preamble
        preamble_text = collapse_ws(src.text[p0:p1])
        preamble = tuple(to_assignment(src, h) for h in analyze(src.text, p0, p1))
    return Section(
        title=section.title,
        numeral=section.numeral,
        section_type=section.section_type,  # type: ignore[arg-type]
        start=start,
        end=end,
        line=src.line_of(start),
        preamble=preamble,
        preamble_text=preamble_text if preamble else "",
    )


def build_targets(src: SourceText, spans: list[TargetSpan]) -> list[Target]:
    out = []
    for t in spans:
        start, end = src.raw_span(t.start, t.end)
        out.append(Target(t.number, collapse_ws(src.text[t.body : t.end]), start, end, src.line_of(start)))
    return out
