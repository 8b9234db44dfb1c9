"""The text a reader hands to the extractors, with a map back to the original characters.

Why: converters leave noise (markdown ``**``/``#``, HTML tags, ``\\_`` escapes) that breaks patterns, but an
analyst must be able to check every fact against the source, so offsets reported to users refer to the
original decoded text. ``the map is kept as breakpoints (see :class:`SourceText`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from itertools import accumulate
from operator import add


class ReadError(Exception):
    """A file that cannot be turned into text. The message names the problem and what to do about it."""

    def __init__(self, path: str, problem: str):
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class SourceText:
    """Cleaned text plus a compact map back to the raw text.

    ``segments`` is a sorted tuple of ``(text_offset, raw_offset)`` breakpoints: from each breakpoint on,
    offsets advance one to one until the next. Two breakpoints may share a text offset: the first marks
    where a replaced raw token ends, the last where the text resumes (markup removed in between). A per-character map would cost ~8 bytes a character on a
    50 MB file; breakpoints only appear where cleaning removed or merged characters.
    """

    path: str
    raw: str  # decoded original text; every user-facing offset refers to it
    text: str  # NFC, converter noise removed; what extractors read
    segments: tuple[tuple[int, int], ...] = ((0, 0),)
    format: str = "txt"  # txt, md, html, docx, pdf
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()
    _line_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _seg_keys: tuple[int, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def identity(cls, path: str, text: str, **kw) -> SourceText:
        """A SourceText whose cleaned text is its raw text (tests, plain strings)."""
        return cls(path=path, raw=text, text=text, **kw)

    def _keys(self) -> tuple[int, ...]:
        """The text offsets of ``segments`` (built once, for bisection)."""
        keys = self._seg_keys
        if not keys:
            keys = tuple(k for k, _ in self.segments)
            object.__setattr__(self, "_seg_keys", keys)
        return keys

    def to_raw(self, pos: int) -> int:
        """Raw offset of text offset ``pos`` (``len(text)`` maps to the raw end of the last character)."""
        i = bisect.bisect_right(self._keys(), pos) - 1
        t0, r0 = self.segments[max(i, 0)]
        return min(r0 + (pos - t0), len(self.raw))

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of ``text`` to the raw text."""
        if end <= start:
            pos = self.to_raw(start)
            return pos, pos
        keys = self._keys()
        i = bisect.bisect_right(keys, start) - 1
        if i >= 0 and (i + 1 == len(keys) or keys[i + 1] >= end):
            # no breakpoint inside the span (the usual case): both ends shift by the same offset
            t0, r0 = self.segments[i]
            size = len(self.raw)
            first, last = min(r0 + (start - t0), size), min(r0 + (end - 1 - t0), size)
        else:
            first, last = self.to_raw(start), self.to_raw(end - 1)
        stop = last + 1
        if self.raw[last:stop] != self.text[end - 1 : end]:
            # the last character stands for a longer raw token (NFC-composed letter, "&amp;", "\\-",
            # "\r\n") and maps to its first raw character: the span ends where the token ends, which is
            # the *first* breakpoint at ``end`` (a later one there skips markup removed after the token)
            i = bisect.bisect_left(keys, end)
            token_end = self.segments[i][1] if i < len(keys) and keys[i] == end else self.to_raw(end)
            stop = max(stop, token_end)
        return first, stop

    def line_of(self, raw_offset: int) -> int:
        """1-based line number of a raw offset."""
        starts = self._line_starts
        if not starts:
            # line i starts after the i lines before it and their newlines; built in C (no loop per line)
            lines = self.raw.split("\n")
            starts = tuple(map(add, accumulate(map(len, lines), initial=0), range(len(lines))))
            object.__setattr__(self, "_line_starts", starts)
        return bisect.bisect_right(starts, raw_offset)


_SENTENCE_END = ".;!?"


def sentence_bounds(text: str, start: int, end: int | None = None) -> tuple[int, int]:
    """The [start, end) of the sentence of ``text`` around the span, for provenance.

    A sentence ends at a blank line, at a line that starts a bullet or a numbered item, or at ``. ! ? ;``
    followed by white space. Line breaks inside a paragraph (converters wrap lines) do not end it.
    """
    end = start if end is None else end
    n = len(text)
    lo = start
    while lo > 0:
        ch = text[lo - 1]
        if ch == "\n" and (lo < 2 or text[lo - 2] == "\n" or _starts_item(text, lo)):
            break
        if ch in _SENTENCE_END and lo < n and text[lo].isspace() and lo - 1 < start:
            # "số 25-NQ/TW." ends a sentence only if the next word starts a new one
            break
        lo -= 1
    hi = max(end, start)
    while hi < n:
        ch = text[hi]
        if ch == "\n" and (hi + 1 >= n or text[hi + 1] == "\n" or _starts_item(text, hi + 1)):
            break
        if ch in _SENTENCE_END and (hi + 1 >= n or text[hi + 1].isspace()):
            hi += 1
            break
        hi += 1
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _starts_item(text: str, pos: int) -> bool:
    """Does the line at ``pos`` start a bullet ("- ", "+ ") or a numbered item ("1.", "a)", "II-")?"""
    line = text[pos : pos + 8].lstrip()
    if line[:1] in "-+•–":
        return True
    head = line.split(" ", 1)[0]
    return bool(head) and head[-1:] in ".-)" and head[:-1].replace(".", "").isalnum() and len(head) <= 6
