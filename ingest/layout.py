"""Where things stand on the page of a Party document: heading, title, letterhead, stamps and footer.

Why a module of its own: a Party document's metadata is positional. The kind is the heading line
("KẾ HOẠCH"), the title is the line(s) right under it, the own number and date sit in the letterhead above
it, and the recipients and signer in the footer ("Nơi nhận:", "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", name).
Converters flatten the two-column letterhead and footer tables into lines, sometimes with the two cells
of a row on one line separated by a tab; receiving offices add an incoming-mail stamp ("ĐẾN Số: 1909
Ngày: 20/3") that looks like a number and date but belongs to the receiver.

How, and why fast: only the head (up to the first section, at most ``HEAD_CHARS``) and the tail (the last
``TAIL_CHARS``) of the cleaned text are split into lines; everything is local line parsing against the
vocabularies of ``rules/document.yaml``. The body of the document is never scanned here. The footer readers
(recipients, signer) live in :mod:`ingest.footer`, the line/cell split and vocabularies in :mod:`ingest.page`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from ingest.footer import (
    _footer_start,
    find_recipients,
    find_signer,
    on_behalf_of,
    signer_role,
)
from ingest.localities import find_localities
from ingest.page import Line, _cells, _plain, _rules, _vocab, split_lines
from ingest.patterns import tone_variants
from ingest.vietnamese import collapse_ws, match_key

__all__ = [
    "Layout",
    "Line",
    "heading_kind",
    "issuer_of_line",
    "issuer_in_sentence",
    "header_line",
    "own_symbol",
    "own_date",
    "find_stamp",
    "on_behalf_of",
    "signer_role",
    "find_recipients",
    "find_signer",
    "read_layout",
]

HEAD_CHARS = 8000
MAX_TITLE_LINES = 8
MAX_TITLE_CHARS = 700

_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_SECTION = re.compile(r"^(?:[IVXLC]{1,5}|\d{1,2}(?:\.\d{1,2})*|PHẦN\b|Phần\b)\s*[-.):–]?\s")
_SEPARATOR = re.compile(r"^[\W_]+$")
# Cheap whole-region searches that decide where the line-by-line parsing has to look at all.
_SECTION_LINE = re.compile(r"^[ \t*#_>]*[IVX]{1,4}[ \t]*[-.)–][ \t]*\S", re.MULTILINE)
_STAMP_HINT = re.compile(r"^[ \t*#_>]*(?:công văn |văn bản )?đến(?![^\W_])", re.MULTILINE | re.IGNORECASE)
# Words a title line cannot end with: the next line continues it even if it starts with a capital.
_DANGLING = frozenset(
    ["của", "và", "về", "với", "các", "số", "ngày", "trong", "đối", "cho", "tại", "theo", "những", "để"]
    + ["nhằm", "giai", "đoạn", "đến", "năm", "khóa", "khoá", "tháng"]
)
_QUOTES = re.compile(r"[\"“”]")


@dataclass(frozen=True)
class Layout:
    """What the positional reading of a document found. Line indexes refer to ``lines`` of the head."""

    kind: str | None = None
    kind_as_written: str | None = None
    heading: Line | None = None
    issuer_line: str | None = None  # normalized issuer named under the heading ("CỦA BAN THƯỜNG VỤ TỈNH ỦY")
    title: str | None = None
    title_span: tuple[int, int] | None = None  # text offsets of the first and last title line
    opening: str | None = None  # the head text after the title, up to the first section (match_key form)
    header: tuple[dict[str, str], ...] = ()  # letterhead lines: {level, province?, district?}
    symbol: str | None = None
    date: str | None = None
    stamp: dict[str, Any] | None = None  # receiver, number, date, span (text offsets)
    recipients: tuple[str, ...] = ()
    on_behalf_of: str | None = None
    role: str | None = None
    role_as_written: str | None = None
    signer_name: str | None = None


# ---------------------------------------------------------------- head: heading, issuer, title


def heading_kind(line: str) -> tuple[str, str, str] | None:
    """(kind, heading as written, rest of the line) if ``line`` is a document-kind heading.

    A heading is the kind word(s) alone on a line ("KẾ HOẠCH", "**NGHỊ QUYẾT**"), or in capitals followed
    by a lower-case title a converter glued to it ("KẾ HOẠCH thực hiện ...").
    """
    plain = _plain(line)
    if not plain:
        return None
    for regex, kind in _vocab().headings:
        m = regex.match(plain)
        if not m:
            continue
        written, rest = m.group(), plain[m.end() :].strip()
        if not rest:
            return kind, written, ""
        if written.isupper() and rest[0].islower() and not plain[m.end()].isalnum():
            return kind, written, rest
    return None


def _body_at_start(key: str) -> str | None:
    for form, name in _vocab().bodies:
        if key == form or key.startswith(form + " "):
            return name
    return None


def issuer_of_line(line: str) -> str | None:
    """The issuer named by a heading line such as "CỦA BAN THƯỜNG VỤ TỈNH ỦY", else None."""
    key = match_key(_plain(line))
    leads = [match_key(w) for w in _rules()["issuer_line"]["lead"]]
    for lead in leads:
        if key.startswith(lead + " "):
            return _body_at_start(key[len(lead) + 1 :])
    return None


def _title_after_issuer(line: Line) -> Line | None:
    """The rest of an issuer line that goes on with the title ("của Ban Chấp hành Đảng bộ thành phố thực hiện
    Nghị quyết số 68-NQ/TW" -> "thực hiện Nghị quyết số 68-NQ/TW"), as a line of its own; None if none."""
    m = _title_start_regex().search(line.text)
    if m is None:
        return None
    return Line(line.start + m.end(), line.end, line.text[m.end() :])


@cache
def _title_start_regex() -> re.Pattern[str]:
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _rules()["issuer_line"]["title_starts"])
    return re.compile(tone_variants(rf"\s+(?=(?:{words})\s)"), re.IGNORECASE)


def issuer_in_sentence(text: str) -> str | None:
    """The issuer of a sentence "<body> [locality] ban hành|xây dựng ... Kế hoạch" (first match), else None."""
    return _issuer_in_key(match_key(text))


def _issuer_in_key(key: str) -> str | None:
    """:func:`issuer_in_sentence` of a sentence's match_key."""
    phrase = _vocab().issuer_phrase
    pos = 0
    while m := phrase.search(key, pos):
        start = m.start()
        if start == 0 or not key[start - 1].isalnum():  # the body starts a word
            return _body_at_start(m.group("body"))
        pos = start + 1
    return None


def header_line(line: str) -> dict[str, str] | None:
    """A letterhead line "TỈNH ỦY LÀO CAI" / "HUYỆN ỦY BẢO THẮNG": its level and the locality it names."""
    plain = _plain(line)
    if not plain or not plain.isupper():
        return None
    key = match_key(plain)
    for form, level in _vocab().header_levels:
        if key == form or key.startswith(form + " "):
            found = find_localities(plain)
            out = {"level": level}
            if found.province:
                out["province"] = found.province
            if found.district and level not in ("Tỉnh ủy", "Thành ủy"):
                out["district"] = found.district
            return out
    return None


def _ends_title(plain: str) -> bool:
    """Lines that end a title: the opening sentence ("Thực hiện ..., Ban Thường vụ Tỉnh ủy xây dựng kế hoạch
    như sau:"), separators, section headings, stamp lines, "Căn cứ"/"Kính gửi" lines.

    Both kinds in one function so that a line's match_key (a whole paragraph for the opening) is made once.
    """
    if plain.endswith(":") or (len(plain) > 250 and plain.endswith(".")):
        return True
    if _SEPARATOR.match(plain) or _SECTION.match(plain):
        return True
    key = match_key(plain)
    if _issuer_in_key(key):
        return True
    return bool(_vocab().stamp_marker.match(key)) or key.startswith(("căn cứ", "kính gửi", "số:", "ngày:"))


def _continues(title: str, plain: str) -> bool:
    """Does ``plain``, a line that does not end the title (see :func:`_ends_title`), continue the title?"""
    if plain[0].islower() or plain[0] in '("“-–,;':
        return True
    last = title.rsplit(" ", 1)[-1].casefold()
    if last in _DANGLING or title.endswith(("“", '"', "-", ",")):
        return True
    quotes = _QUOTES.findall(title)
    if title.count("“") > title.count("”") or (quotes.count('"') % 2 == 1):
        return True
    return title.isupper() and plain.isupper()


def _title(lines: list[Line], first: int) -> tuple[list[Line], str | None]:
    """Title lines from index ``first``; the glued heading rest is handled by the caller."""
    picked: list[Line] = []
    text = ""  # the picked lines' words, one space between
    adjacent = True  # no blank line since the last title line: a wrapped title line, whatever its case
    for line in lines[first:]:
        plain = line.plain
        if not plain:
            adjacent = False
            continue
        if not picked:
            if _ends_title(plain) or heading_kind(plain):
                break
            picked.append(line)
            text = collapse_ws(plain)
            continue
        wrapped = adjacent and not text.endswith((".", ":", ";")) and not plain.isupper()
        if (
            len(picked) >= MAX_TITLE_LINES
            or len(text) > MAX_TITLE_CHARS
            or _ends_title(plain)
            or not (_continues(text, plain) or wrapped)
        ):
            break
        picked.append(line)
        text = collapse_ws(text + " " + plain)
        adjacent = True
    if not picked:
        return [], None
    return picked, text


# ---------------------------------------------------------------- own number, date, stamps


_OWN_SYMBOL = re.compile(
    r"(?:^|\t| {2,})[*#_ ]*Số\s*:?\s*(?P<num>\d{1,5}[a-z]?)\s*[-–]\s*(?P<kind>[^\W\d_]{1,5})\s*/\s*"
    r"(?P<iss>[^\W\d_]{1,12}(?:\s*[-–]\s*[^\W\d_]{1,12})?)(?![^\W_])",
    re.MULTILINE,
)
_DATE_WORDS = re.compile(
    rf"(?:^|\t| {{2,}})[*_ ]*(?P<place>[{_UPPER}][^\W\d_]*(?:(?: ?[-–] ?| )[^\W\d_]+){{0,4}})\s*,\s*ngày\s*"
    r"(?:(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})"
    r"|(?P<d2>\d{1,2})\s*[/.-]\s*(?P<m2>\d{1,2})\s*[/.-]\s*(?P<y2>\d{4})"
    r"|(?P<blank>[\s.…_]*tháng\s*[\d.…_ ]*năm\s*\d{4}))",
    re.MULTILINE,
)


def _kind_code(code: str) -> tuple[str, str | None]:
    return _vocab().kind_codes.get(code.casefold(), (code.upper(), None))


def own_symbol(text: str) -> str | None:
    """The document's own number "Số 12-KH/TU" in letterhead text (a line or table cell starting "Số")."""
    m = _OWN_SYMBOL.search(text)
    if not m:
        return None
    code, _ = _kind_code(m.group("kind"))
    issuer = re.sub(r"\s*[-–]\s*", "-", m.group("iss")).upper()
    return f"{m.group('num')}-{code}/{issuer}"


def _iso(year: str, month: str, day: str) -> str | None:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def own_date(text: str) -> str | None:
    """ISO date of the letterhead line "Lào Cai, ngày 15 tháng 4 năm 2021"; None when left blank."""
    for m in _DATE_WORDS.finditer(text):
        if m.group("y"):
            return _iso(m.group("y"), m.group("m"), m.group("d"))
        if m.group("y2"):
            return _iso(m.group("y2"), m.group("m2"), m.group("d2"))
        return None  # "ngày    tháng 3 năm 2022": an unsigned draft, no own date
    return None


_STAMP_NUMBER = re.compile(r"(?<![^\W_])Số\s*:?\s*(\d+)(?!\s*[-–/]\s*[^\W\d_])", re.IGNORECASE)
_STAMP_DATE = re.compile(r"(?<![^\W_])Ngày\s*:\s*(\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?)", re.I)


def find_stamp(lines: list[Line]) -> tuple[dict[str, Any], int, int] | None:
    """An incoming-mail stamp: a "ĐẾN" line with "Số: <digits>" / "Ngày: <d/m>" on it or the next lines.

    Returns (stamp, first line index, last line index); the receiver is the capitals line above "ĐẾN".
    """
    marker = _vocab().stamp_marker
    for i, line in enumerate(lines):
        cells = _cells(line.text)
        if not cells or not marker.match(match_key(cells[0])):
            continue
        number = date = None
        last = i
        for j in range(i, min(i + 5, len(lines))):
            content = lines[j].text
            if j > i and heading_kind(content):
                break
            n = _STAMP_NUMBER.search(content)
            d = _STAMP_DATE.search(content)
            if n and number is None:
                number, last = n.group(1), j
            if d and date is None:
                date, last = re.sub(r"\s+", "", d.group(1)), j
            if j > i and match_key(lines[j].plain).startswith(("chuyển", "lưu hồ sơ")):
                last = j
        if number is None and date is None:
            continue
        first, receiver = i, None
        k = i - 1
        while k >= 0 and not lines[k].plain:
            k -= 1
        if k >= 0 and lines[k].plain.isupper() and not heading_kind(lines[k].text) and k >= i - 2:
            first, receiver = k, collapse_ws(lines[k].plain)
        return {"receiver": receiver, "number": number, "date": date}, first, last
    return None


# ---------------------------------------------------------------- the whole page


def read_layout(text: str) -> Layout:
    """Read the head (up to the first roman-numbered section) and the footer of a cleaned document text."""
    section = _SECTION_LINE.search(text, 0, HEAD_CHARS)
    head_end = section.start() if section else min(len(text), HEAD_CHARS)
    head = split_lines(text, 0, head_end)
    heading_at = None
    kind = written = None
    glued_rest = ""
    for i, line in enumerate(head):
        found = heading_kind(line.text)
        if found:
            heading_at, (kind, written, glued_rest) = i, found
            break
    stamp_found = find_stamp(head) if _STAMP_HINT.search(text, 0, head_end) else None
    stamp_lines = set(range(stamp_found[1], stamp_found[2] + 1)) if stamp_found else set()
    visible = [ln if i not in stamp_lines else Line(ln.start, ln.start, "") for i, ln in enumerate(head)]

    issuer_line = None
    title = None
    title_span = None
    body_from = 0
    if heading_at is not None:
        first = heading_at + 1
        while first < len(visible) and not visible[first].plain:
            first += 1
        if first < len(visible) and (issuer := issuer_of_line(visible[first].text)):
            issuer_line = issuer
            rest = _title_after_issuer(visible[first])
            if rest is None:
                first += 1
            else:
                visible[first] = rest
        picked, title = _title(visible, first)
        heading = head[heading_at]
        if glued_rest:
            rest_start = heading.start + heading.text.find(glued_rest)
            title = collapse_ws(glued_rest + " " + (title or ""))
            first_line = Line(rest_start, heading.end, glued_rest)
            picked = [first_line, *picked]
        if picked:
            title_span = (picked[0].start, picked[-1].end)
            body_from = picked[-1].end
        else:
            body_from = heading.end
    section_at = head_end
    letter_lines = heading_at
    if (
        heading_at is None
    ):  # a Công văn has no heading: its letterhead ends at "Kính gửi" or the first sentence
        letter_lines = _letterhead_end(head)
        picked, title = _subject_line(visible[:letter_lines])
        if picked:
            title_span = (picked[0].start, picked[-1].end)
        body_from = head[letter_lines - 1].end if letter_lines else 0
    letterhead = text[: head[heading_at].start] if heading_at is not None else text[:body_from]
    own_region = "\n".join(
        ln.text for i, ln in enumerate(head) if i not in stamp_lines and ln.end <= body_from
    )
    own_region = own_region or letterhead
    header = tuple(
        h for ln in head[: letter_lines or 0] for cell in _cells(ln.text) if (h := header_line(cell))
    )
    symbol = own_symbol(own_region)
    date = own_date(own_region)
    if kind is None and symbol:
        code = symbol.split("-", 1)[1].split("/", 1)[0]
        kind = _kind_code(code)[1]
    opening = text[body_from:section_at] if heading_at is not None else text[:section_at]

    footer = split_lines(text, _footer_start(text), len(text))
    footer_cells = [_cells(line.text) if line.text else [] for line in footer]  # half are blank lines
    recipients, _ = find_recipients(footer, footer_cells)
    signer = find_signer(footer, footer_cells)
    stamp = None
    if stamp_found:
        info, first_i, last_i = stamp_found
        stamp = {**info, "span": (head[first_i].start, head[last_i].end)}
    return Layout(
        kind=kind,
        kind_as_written=written,
        heading=head[heading_at] if heading_at is not None else None,
        issuer_line=issuer_line,
        title=title,
        title_span=title_span,
        opening=opening,
        header=header,
        symbol=symbol,
        date=date,
        stamp=stamp,
        recipients=tuple(recipients),
        on_behalf_of=signer["on_behalf_of"],
        role=signer["role"],
        role_as_written=signer["role_as_written"],
        signer_name=signer["name"],
    )


LETTERHEAD_LINES = 16
_LETTER_BODY = ("kính gửi", "căn cứ", "thực hiện")


def _letterhead_end(head: list[Line]) -> int:
    """Number of letterhead lines of a document without a kind heading (a Công văn): the lines before
    "Kính gửi" or before the first sentence-long line; none when the text opens with prose (news)."""
    for i, line in enumerate(head[:LETTERHEAD_LINES]):
        plain = line.plain
        if len(plain) > 120 or match_key(plain).startswith(_LETTER_BODY):
            return i
    return min(len(head), LETTERHEAD_LINES)


def _subject_line(lines: list[Line]) -> tuple[list[Line], str | None]:
    """The "V/v ..." subject line(s) of a Công văn's letterhead: its title ("V/v" dropped)."""
    for i, line in enumerate(lines):
        plain = line.plain
        if plain[:4].casefold() in ("v/v ", "v/v:"):
            picked = [line]
            for nxt in lines[i + 1 :]:
                if not nxt.plain or not nxt.plain[0].islower():
                    break
                picked.append(nxt)
            title = collapse_ws(" ".join(p.plain for p in picked))[4:].lstrip(" :")
            return picked, title or None
    return [], None
