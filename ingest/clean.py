"""Remove converter noise from decoded text and keep a map back to the original characters.

Why: documents reach us through converters (Word -> Markdown, web pages -> text) that leave ``**bold**``,
``*italic*``, ``## headings``, ``<b>tags</b>``, ``&nbsp;`` entities and ``\\_`` escapes in the text. Such
noise breaks patterns ("**II- NHIỆM VỤ, GIẢI PHÁP****1. ..."), yet every fact we report must point at the
original characters. :func:`clean` therefore returns the cleaned NFC text together with the breakpoint
map of :class:`ingest.text.SourceText` (``segments``).

How, and why fast: one compiled pattern finds only the noise tokens. It starts with a character class of
every character a token can begin with, so the regex engine skips the (overwhelming) clean text in C;
Python code runs once per token, never per character. Tokens become edits ``(start, end, replacement)``
and the output is assembled from the untouched stretches between them, adding a breakpoint only where an
edit changes the length.

Decisions (documented here because extractors rely on them):

- Line structure is kept: every newline of the raw text survives; ``\\r\\n`` and ``\\r`` become ``\\n``;
  ``<br>``, block tags (``<p>``, ``</div>``, ``<h2>`` ...) and form feeds become ``\\n``.
- Markdown headings (``## I- MỤC ĐÍCH``) lose their ``#`` markers and the spaces after them.
- Markdown bullets ``* item`` become ``- item`` (one character for one; the structure extractor knows
  ``-``/``+`` bullets, and a bullet must not look like an emphasis marker).
- ``**``/``***`` runs are always removed (never meaningful in a Party document). A run glued between
  two non-space characters becomes a space when the next character is a letter or digit ("**KẾ
  HOẠCH**thực hiện" -> "KẾ HOẠCH thực hiện"), so words are never glued together. A run of four or more
  between two non-space characters is a bold heading closed and the next one opened on the same line
  ("GIẢI PHÁP****1. Tăng cường"), and becomes a newline. Lines of only ``*`` (``***``) are rules: removed.
- A single ``*`` is removed only when it pairs with another one in the same paragraph as emphasis
  (``“*tiếp tục ...*”``); footnote marks like ``(*)`` and lone asterisks stay.
- Markdown pipe tables (a letterhead converted from Word: ``| Số: 276-KH/HU | *Hà Nội, ngày ...* |``) become
  the tab-separated rows a .docx table gives: the outer pipes vanish, inner ones become a tab, and the
  ``|---|---|`` row under the header is removed (its line stays, empty). A pipe in prose is left alone.
- HTML entities are decoded (``&nbsp;`` becomes a plain space). In Markdown/text mode only well-known
  tag names are removed, so that "a <b" in prose survives; in HTML mode every tag is, and ``<script>``,
  ``<style>`` and comments are dropped with their content. A page's ``<title>`` stays (it is the headline
  and its mentions count); the rest of ``<head>`` is tags without text.
- Zero-width characters, BOMs and soft hyphens are removed; no-break spaces become spaces.
- NFC: only when the raw text is not already NFC, combining-mark sequences are composed one by one. A text
  character made of several raw ones maps to the first; :meth:`SourceText.raw_span` extends a span's end
  over trailing combining marks.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable

__all__ = ["clean", "MODES"]

MODES = ("markdown", "html", "plain")

Edit = tuple[int, int, str | None]  # raw [start, end) -> replacement (None: undecided / keep as is)

_ZAP = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPACES = "\u00a0\u2007\u202f"
_BREAKS = "\x0b\x0c\u2028\u2029"
_COMBINING = "\u0300-\u036f"
_INLINE_TAGS = "b|strong|i|em|u|s|strike|del|ins|sup|sub|span|font|a|mark|small|big|o:p"
_BLOCK_TAGS = (
    "br|p|div|center|h[1-6]|li|ul|ol|dl|dt|dd|table|tbody|thead|tfoot|tr|td|th|caption|blockquote|"
    "pre|section|article|header|footer|nav|main|aside|hr|title|body|html|form|figure|figcaption"
)
_NEWLINE_TAGS = re.compile(
    r"/?(?:br|p|div|center|h[1-6]|li|dt|dd|tr|table|blockquote|pre|section|article|header|footer|hr|"
    r"title|caption|figure|figcaption)\b",
    re.I,
)
_CELL_END = re.compile(r"/t[dh]\b", re.I)

# Markdown things that only count at the start of a line: rules, headings, bullets (order matters).
_LINE_START = r"[ \t]*(?:(?:\*[ \t]*){3,}(?=[\r\n]|\Z)|\#{1,6}(?=[ \t\r\n]|\Z)[ \t]*|\*(?=[ \t]))"
_LINE_START_RE = re.compile(_LINE_START)

# Continuations: each is tried after the trigger character it names in its look-behind.
_COMMON = [
    ("cr", r"(?<=\r)\n?", "\r"),
    ("zap", rf"(?<=[{_ZAP}])", _ZAP),
    ("space", rf"(?<=[{_SPACES}])", _SPACES),
    ("brk", rf"(?<=[{_BREAKS}])", _BREAKS),
    ("ent", r"(?<=&)(?:\#[0-9]{1,7}|\#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});", "&"),
]
_MARKDOWN = [
    ("crls", rf"(?<=\r)\n?{_LINE_START}", "\r"),
    ("nlls", rf"(?<=\n){_LINE_START}", "\n"),
    *_COMMON,
    ("stars", r"(?<=\*)\**", "*"),
    ("esc", r"(?<=\\)[!-/:-@\[-`{-~]", "\\\\"),
    ("comment", r"(?<=<)!--(?s:.*?)-->", "<"),
    ("tag", rf"(?<=<)(?i:/?(?:{_INLINE_TAGS}|{_BLOCK_TAGS})\b/?(?:\s[^<>]*)?)>", "<"),
    ("pipe", r"(?<=\|)", "|"),
]
_HTML = [
    *_COMMON,
    ("drop", r"(?<=<)(?is:(?P<droptag>script|style|template)\b[^>]*>.*?</(?P=droptag)\s*)>", "<"),
    ("comment", r"(?<=<)(?:!--(?s:.*?)--|![A-Za-z][^<>]*|\?[^<>]*)>", "<"),
    ("tag", r"(?<=<)/?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]*)?/?>", "<"),
]
_PLAIN = list(_COMMON)


def _compile(specs: list[tuple[str, str, str]], nfc: bool) -> re.Pattern[str]:
    if nfc:
        specs = [*specs, ("nfc", rf"(?<=[{_COMBINING}])[{_COMBINING}]*", _COMBINING)]
    trigger = "".join(dict.fromkeys(first for _, _, first in specs))
    others = "|".join(f"(?P<{name}>{rest})" for name, rest, first in specs if first != "\n")
    # the commonest trigger, a line break, only starts line-start tokens: their branch comes first and
    # one look-behind then skips all the others (tried in turn, each would fail on its own look-behind);
    # the order of branches sharing a trigger, the only order that matters, is kept
    lines = "|".join(f"(?P<{name}>{rest})" for name, rest, first in specs if first == "\n")
    body = rf"{lines}|(?<!\n)(?:{others})" if lines else others
    return re.compile(f"[{trigger}](?:{body})")


_PATTERNS = {
    (mode, nfc): _compile(specs, nfc)
    for mode, specs in (("markdown", _MARKDOWN), ("html", _HTML), ("plain", _PLAIN))
    for nfc in (False, True)
}


def clean(raw: str, mode: str = "markdown") -> tuple[str, tuple[tuple[int, int], ...], tuple[str, ...]]:
    """Return ``(text, segments, warnings)`` for ``raw``; see the module docstring for what is removed.

    ``mode`` is ``"markdown"`` (.txt and .md: Markdown plus stray HTML tags), ``"html"`` or ``"plain"``
    (text extracted from .docx/.pdf: only white space, invisible characters and NFC).
    """
    if mode not in MODES:
        raise ValueError(f"unknown cleaning mode {mode!r}")
    nfc = not unicodedata.is_normalized("NFC", raw)
    edits: list[Edit] = []
    singles: list[int] = []  # indexes in ``edits`` of single "*" awaiting a partner
    if mode == "markdown":
        m = _LINE_START_RE.match(raw)
        if m and m.end():
            _line_start(raw, 0, m.end(), edits)
    handlers = _HANDLERS
    for m in _PATTERNS[mode, nfc].finditer(raw):
        handlers[m.lastgroup](raw, m, edits, singles)
    if singles:
        _pair_single_stars(raw, edits, singles)
    text, segments, seams_stable = _apply(raw, edits)
    warnings: tuple[str, ...] = ()
    if (nfc or not seams_stable) and not unicodedata.is_normalized("NFC", text):
        # e.g. markup removed between a letter and its mark
        normalized = unicodedata.normalize("NFC", text)
        if len(normalized) == len(text):
            text = normalized
        else:
            warnings = (
                "markup split a letter from its accent; offsets after that point may be off by a few characters",
            )
            text = normalized
    return text, segments, warnings


# --- token handlers: each appends edits for one match ------------------------------------------------


def _h_cr(raw: str, m: re.Match[str], edits: list[Edit], singles: list[int]) -> None:
    edits.append((m.start(), m.end(), "\n"))


def _h_crls(raw: str, m: re.Match[str], edits: list[Edit], singles: list[int]) -> None:
    s = m.start()
    nl_end = s + 2 if raw.startswith("\r\n", s) else s + 1
    edits.append((s, nl_end, "\n"))
    _line_start(raw, nl_end, m.end(), edits)


def _h_nlls(raw: str, m: re.Match[str], edits: list[Edit], singles: list[int]) -> None:
    _line_start(raw, m.start() + 1, m.end(), edits)


def _line_start(raw: str, start: int, end: int, edits: list[Edit]) -> None:
    """Heading markers and rules vanish; a bullet star becomes a dash (indentation kept)."""
    token = raw[start:end]
    stripped = token.lstrip(" \t")
    if stripped == "*":
        star = start + len(token) - 1
        edits.append((star, star + 1, "-"))
    else:
        edits.append((start, end, ""))


def _h_zap(raw: str, m: re.Match[str], edits: list[Edit], singles: list[int]) -> None:
    edits.append((m.start(), m.end(), ""))


def _h_space(raw: str, m: re.Match[str], edits: list[Edit], singles: list[int]) -> None:
    edits.append((m.start(), m.end(), " "))


def _h_brk(raw: str, m: re.Match[str], edits: list[Edit], singles: list[int]) -> None:
    edits.append((m.start(), m.end(), "\n"))


def _h_ent(raw: str, m: re.Match[str], edits: list[Edit], singles: list[int]) -> None:
    token = m.group()
    value = html.unescape(token)
    if value != token:
        value = value.translate(_ENTITY_FIX)
        edits.append((m.start(), m.end(), value))


_ENTITY_FIX = str.maketrans({"\u00a0": " ", "\u00ad": None, "\u200b": None, "\r": None})


def _h_esc(raw: str, m: re.Match[str], edits: list[Edit], singles: list[int]) -> None:
    edits.append((m.start(), m.end(), m.group()[1]))


def _h_comment(raw: str, m: re.Match[str], edits: list[Edit], singles: list[int]) -> None:
    edits.append((m.start(), m.end(), ""))


def _h_drop(raw: str, m: re.Match[str], edits: list[Edit], singles: list[int]) -> None:
    edits.append((m.start(), m.end(), "\n"))


def _h_tag(raw: str, m: re.Match[str], edits: list[Edit], singles: list[int]) -> None:
    inner = m.group()[1:]
    if _CELL_END.match(inner):
        repl = "\t"
    elif _NEWLINE_TAGS.match(inner):
        repl = "\n"
    else:
        repl = ""
    edits.append((m.start(), m.end(), repl))


_TABLE_RULE = re.compile(r"[ \t]*\|(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(?=\r|\n|\Z)")


def _h_pipe(raw: str, m: re.Match[str], edits: list[Edit], singles: list[int]) -> None:
    """A pipe of a Markdown table row (a line that starts and ends with one): see the module docstring."""
    s = m.start()
    line_start = raw.rfind("\n", 0, s) + 1
    line_end = len(raw) if (nl := raw.find("\n", s)) < 0 else nl
    row = raw[line_start:line_end].strip(" \t\r")
    if len(row) < 2 or row[0] != "|" or row[-1] != "|":
        return
    first = not raw[line_start:s].strip(" \t")
    if first and _TABLE_RULE.match(raw, line_start):
        edits.append((s, line_start + len(raw[line_start:line_end].rstrip(" \t\r")), ""))
    elif first:
        gap = len(raw[s + 1 : line_end]) - len(raw[s + 1 : line_end].lstrip(" \t"))
        edits.append((s, s + 1 + gap, ""))
    elif not raw[s + 1 : line_end].strip(" \t\r"):
        edits.append((s, s + 1, ""))
    else:
        edits.append((s, s + 1, "\t"))


def _h_nfc(raw: str, m: re.Match[str], edits: list[Edit], singles: list[int]) -> None:
    s = m.start() - 1  # the base character the marks combine with
    if s < 0 or (edits and edits[-1][1] > s):
        return
    chunk = raw[s : m.end()]
    composed = unicodedata.normalize("NFC", chunk)
    if composed != chunk:
        edits.append((s, m.end(), composed))


def _h_stars(raw: str, m: re.Match[str], edits: list[Edit], singles: list[int]) -> None:
    s, e = m.span()
    n = e - s
    before = raw[s - 1] if s else " "
    after = raw[e] if e < len(raw) else " "
    glued_left, glued_right = not before.isspace(), not after.isspace()
    if before in "([" and after in ")]":
        return  # footnote marks "(*)", "(**)"
    if n == 1:
        if not (glued_left or glued_right):
            return  # "a * b": a lone asterisk, not markup
        singles.append(len(edits))
        edits.append((s, e, None))
        return
    if n >= 4 and glued_left and glued_right:
        # "GIẢI PHÁP****1." : one bold heading closed, the next opened on the same line
        edits.append((s, e, "\n"))
    else:
        edits.append((s, e, _glue_space(raw, s, e)))


def _glue_space(raw: str, s: int, e: int) -> str:
    """A space when removing raw[s:e] would glue a word to the one before ("**KẾ HOẠCH**thực hiện")."""
    before = raw[s - 1] if s else " "
    if (
        e < len(raw)
        and raw[e].isalnum()
        and (before.isalnum() or before in _ENDS_WORD or unicodedata.combining(before))
    ):
        return " "
    return ""


_ENDS_WORD = ".,;:!?)]}”’\"'"


_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")


def _pair_single_stars(raw: str, edits: list[Edit], singles: list[int]) -> None:
    """Pair single ``*`` as emphasis within a paragraph: an opener (glued right) then a closer (glued left)."""
    pending: int | None = None
    for idx in singles:
        s, e, _ = edits[idx]
        before = raw[s - 1] if s else " "
        after = raw[e] if e < len(raw) else " "
        can_close = not before.isspace()
        can_open = not after.isspace()
        if pending is not None and can_close:
            ps = edits[pending][0]
            if not _BLANK_LINE.search(raw, ps, s):
                edits[pending] = (ps, ps + 1, _glue_space(raw, ps, ps + 1))
                edits[idx] = (s, e, _glue_space(raw, s, e))
                pending = None
                continue
        if can_open:
            pending = idx


_STABLE_MARKS = "‘’“”–—…"  # emphasis often closes on a quote: "*“...”*"


def _apply(raw: str, edits: list[Edit]) -> tuple[str, tuple[tuple[int, int], ...], bool]:
    """Assemble the cleaned text and the breakpoints from edits sorted by start; tell whether every seam
    is stable (see below).

    Text offset ``t`` already maps to raw ``s`` when an edit starts (lengths agree since the last
    breakpoint); the replacement's characters run on from there, and the text after it resumes at raw
    ``e``. Consecutive edits at one text offset overwrite each other's breakpoint, except after a
    non-empty replacement: its end is kept (a duplicate offset) for :meth:`SourceText.raw_span`.

    Stable seams: when every replacement is ASCII and every raw stretch after an edit starts below
    U+0300 (ASCII, Latin letters, đ/ư/ơ/ă) or with a quote or dash of ``_STABLE_MARKS`` (no combining
    class, never composed with what precedes), each piece of the text starts at a normalization
    boundary, so an NFC raw text gives an NFC cleaned text and :func:`clean` spares the check, a pass
    over the whole text.
    """
    pieces: list[str] = []
    segments: list[tuple[int, int]] = [(0, 0)]
    keep_last = False  # does segments[-1] mark the end of a replaced token?
    pos = 0  # raw position copied up to
    t = 0  # length of the text so far
    stable = True
    n_raw = len(raw)
    for s, e, repl in edits:
        if repl is None or s < pos:
            continue  # an unpaired "*" stays; overlapping edits cannot happen but are skipped
        if stable and not (repl.isascii() and (e >= n_raw or raw[e] < "\u0300" or raw[e] in _STABLE_MARKS)):
            stable = False
        if s > pos:
            pieces.append(raw[pos:s])
            t += s - pos
        pieces.append(repl)
        k, n = len(repl), e - s
        if k != n:
            if k > n:  # longer replacement (not produced today): extra characters map to the last raw one
                segments.append((t + n, e - 1))
            if segments[-1][0] == t + k and not keep_last:
                segments[-1] = (t + k, e)
            else:
                segments.append((t + k, e))
            keep_last = k > 0
        t += k
        pos = e
    pieces.append(raw[pos:])
    return "".join(pieces), tuple(segments), stable


_HANDLERS: dict[str, Callable[[str, re.Match[str], list[Edit], list[int]], None]] = {
    name.removeprefix("_h_"): fn for name, fn in globals().items() if name.startswith("_h_")
}
