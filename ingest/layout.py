"""Where things stand on the page of a Party document: heading, title, letterhead, stamps and footer.

Why a module of its own: a Party document's metadata is positional. The kind is the heading line
("KẾ HOẠCH"), the title is the line(s) right under it, the own number and date sit in the letterhead above
it, and the recipients and signer in the footer ("Nơi nhận:", "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", name).
Converters flatten the two-column letterhead and footer tables into lines, sometimes with the two cells
of a row on one line separated by a tab; receiving offices add an incoming-mail stamp ("ĐẾN Số: 1909
Ngày: 20/3") that looks like a number and date but belongs to the receiver.

How, and why fast: only the head (up to the first section, at most ``HEAD_CHARS``) and the tail (the last
``TAIL_CHARS``) of the cleaned text are split into lines; everything is local line parsing against the
vocabularies of ``rules/document.yaml``. The body of the document is never scanned here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from operator import add
from typing import Any, NamedTuple

from ingest.localities import find_localities, old_style_tones
from ingest.rules import load_rules
from ingest.vietnamese import canonical_tones, collapse_ws, match_key

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
TAIL_CHARS = 12000
FOOTER_LINES = 40  # without "Nơi nhận": how many last lines may hold a signature
SIGNATURE_LINES_ABOVE = 15  # a flattened footer table may put the signature above "Nơi nhận"
MAX_TITLE_LINES = 8
MAX_TITLE_CHARS = 700

_UPPER = "A-ZÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_STRIP = " \t*#_>"
_SECTION = re.compile(r"^(?:[IVXLC]{1,5}|\d{1,2}(?:\.\d{1,2})*|PHẦN\b|Phần\b)\s*[-.):–]?\s")
_SEPARATOR = re.compile(r"^[\W_]+$")
_CELL_SPLIT = re.compile(r"\t+| {3,}")
_INDENTED = re.compile(r"^(?:\t| {3,})")
# Cheap whole-region searches that decide where the line-by-line parsing has to look at all.
_SECTION_LINE = re.compile(r"^[ \t*#_>]*[IVX]{1,4}[ \t]*[-.)–][ \t]*\S", re.MULTILINE)
_STAMP_HINT = re.compile(r"^[ \t*#_>]*(?:công văn |văn bản )?đến(?![^\W_])", re.MULTILINE | re.IGNORECASE)
_RECIPIENTS_SPELLINGS = ("Nơi nhận", "NƠI NHẬN", "Nơi Nhận", "nơi nhận")
# Words a title line cannot end with: the next line continues it even if it starts with a capital.
_DANGLING = frozenset(
    ["của", "và", "về", "với", "các", "số", "ngày", "trong", "đối", "cho", "tại", "theo", "những", "để"]
    + ["nhằm", "giai", "đoạn", "đến", "năm", "khóa", "khoá", "tháng"]
)
_QUOTES = re.compile(r"[\"“”]")


class Line(NamedTuple):
    """One line of the cleaned text: [start, end) offsets into ``SourceText.text`` and its content.

    A named tuple rather than a frozen dataclass: a document's head and footer make ~100 of them, and a
    frozen dataclass costs several times more to build.
    """

    start: int
    end: int
    text: str

    @property
    def plain(self) -> str:
        """The content without surrounding blanks and left-over markdown markers."""
        return _plain(self.text)


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


# ---------------------------------------------------------------- vocabularies


def _rules() -> dict[str, Any]:
    return load_rules("document")


def _forms_regex(forms: list[str], whole: bool = False) -> re.Pattern[str]:
    """Case-insensitive regex of word forms in both tone placements, longest first, words on a blank run."""
    spellings: set[str] = set()
    for form in forms:
        spellings |= {form, canonical_tones(form), old_style_tones(form)}
    ordered = sorted(spellings, key=len, reverse=True)
    alternation = "|".join(r"\s+".join(re.escape(w) for w in s.split()) for s in ordered)
    pattern = rf"(?:{alternation})"
    return re.compile(rf"^{pattern}$" if whole else pattern, re.IGNORECASE)


@dataclass(frozen=True)
class _Vocab:
    headings: list[tuple[re.Pattern[str], str]]
    bodies: list[tuple[str, str]]  # (form key, normalized issuer) longest first
    body_regex: str  # alternation of body forms on match_key text
    issuer_phrase: re.Pattern[str]
    header_levels: list[tuple[str, str]]  # (form key, level) longest first
    kind_codes: dict[str, tuple[str, str | None]]  # casefolded code -> (canonical code, kind)
    roles: dict[str, str]  # form key -> role
    role_initials: frozenset[str]  # cheap pre-checks before a match_key: first letters, longest form
    role_max_len: int
    behalf_markers: re.Pattern[str]
    behalf_initials: frozenset[str]
    behalf_words: tuple[str, ...]  # casefolded first words of the markers: a cheap check before match_key
    behalf_bodies: list[tuple[str, str]]
    stamp_marker: re.Pattern[str]
    recipients_header: re.Pattern[str]
    bullets: str


@cache
def _vocab() -> _Vocab:
    rules = _rules()
    headings = []
    for entry in sorted(rules["headings"], key=lambda e: -max(len(f) for f in e["forms"])):
        headings.append((_forms_regex(entry["forms"]), entry["kind"]))
    bodies = sorted(
        ((match_key(f), e["name"]) for e in rules["issuer_bodies"] for f in e["forms"]),
        key=lambda p: -len(p[0]),
    )
    body_regex = "|".join(re.escape(f) for f, _ in bodies)
    phrases = rules["issuer_phrases"]
    verbs = "|".join(re.escape(match_key(v)) for v in phrases["verbs"])
    objects = "|".join(re.escape(match_key(o)) for o in phrases["objects"])
    alone = "|".join(re.escape(match_key(v)) for v in phrases["verbs_alone"])
    word = r"[^\s,;:.!?\"“”()]+"
    issuer_phrase = re.compile(
        rf"(?<![^\W_])(?P<body>{body_regex})(?:\s+{word}){{0,3}}?\s*,?\s+"
        rf"(?:(?:{verbs})(?:\s+{word}){{0,2}}?\s+(?:{objects})(?![^\W_])|(?:{alone})\s*:)"
    )
    header_levels = sorted(
        ((match_key(f), e["level"]) for e in rules["header_lines"] for f in e["forms"]),
        key=lambda p: -len(p[0]),
    )
    kind_codes = {code.casefold(): (code, kind) for code, kind in rules["own_symbol"]["kind_codes"].items()}
    roles = {match_key(f): e["role"] for e in rules["signer_roles"] for f in e["forms"]}
    behalf = rules["on_behalf_of"]
    markers = "|".join(re.escape(m) for m in sorted(behalf["markers"], key=len, reverse=True))
    behalf_markers = re.compile(rf"^(?:{markers})(?:\s+|(?<=\.))(?P<body>\S.*)$")
    behalf_bodies = sorted(
        ((match_key(f), b["name"]) for b in behalf["bodies"] for f in b["forms"]), key=lambda p: -len(p[0])
    )
    stamp = rules["stamps"]
    stamp_marker = re.compile(
        r"^(?:"
        + "|".join(re.escape(m) for m in sorted(stamp["markers"], key=len, reverse=True))
        + r")(?:\s|$)"
    )
    rec = rules["recipients"]
    recipients_header = _forms_regex(rec["header"])
    return _Vocab(
        headings=headings,
        bodies=bodies,
        body_regex=body_regex,
        issuer_phrase=issuer_phrase,
        header_levels=header_levels,
        kind_codes=kind_codes,
        roles=roles,
        role_initials=frozenset(f[0] for f in roles) | frozenset(f[0].upper() for f in roles),
        role_max_len=max(len(f) for f in roles) + 4,
        behalf_markers=behalf_markers,
        behalf_initials=frozenset(m[0] for m in behalf["markers"])
        | frozenset(m[0].upper() for m in behalf["markers"]),
        behalf_words=tuple(sorted({m.split()[0].casefold() for m in behalf["markers"]})),
        behalf_bodies=behalf_bodies,
        stamp_marker=stamp_marker,
        recipients_header=recipients_header,
        bullets="".join(rec["bullets"]),
    )


def _plain(line: str) -> str:
    return line.strip(_STRIP)


def _lines(text: str, lo: int, hi: int) -> list[Line]:
    """The lines of ``text[lo:hi]`` (a final line break opens no further line), built with C-level
    split/accumulate/map rather than a find loop."""
    parts = text[lo:hi].split("\n")
    if parts[-1] == "":
        parts.pop()
    lengths = list(map(len, parts))
    starts = list(accumulate(map((1).__add__, lengths), initial=lo))
    return list(map(Line, starts, map(add, starts, lengths), parts))


def _cells(line: str) -> list[str]:
    """The cells of a flattened table row ("Nơi nhận:<TAB>T/M BAN THƯỜNG VỤ"), markdown stripped."""
    line = line.strip()
    if "\t" not in line and "   " not in line:  # the common case: one cell, no regex split
        plain = _plain(line)
        return [plain] if plain else []
    return [c for c in (_plain(part) for part in _CELL_SPLIT.split(line)) if c]


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


def issuer_in_sentence(text: str) -> str | None:
    """The issuer of a sentence "<body> [locality] ban hành|xây dựng ... Kế hoạch" (first match), else None."""
    m = _vocab().issuer_phrase.search(match_key(text))
    return _body_at_start(m.group("body")) if m else None


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


def _is_stop(plain: str) -> bool:
    """Lines that end a title: separators, section headings, stamp lines, "Căn cứ"/"Kính gửi" lines."""
    if _SEPARATOR.match(plain) or _SECTION.match(plain):
        return True
    key = match_key(plain)
    return bool(_vocab().stamp_marker.match(key)) or key.startswith(("căn cứ", "kính gửi", "số:", "ngày:"))


def _looks_opening(plain: str) -> bool:
    """The opening sentence ("Thực hiện ..., Ban Thường vụ Tỉnh ủy xây dựng kế hoạch như sau:")."""
    return (
        plain.endswith(":") or (len(plain) > 250 and plain.endswith(".")) or bool(issuer_in_sentence(plain))
    )


def _continues(title: str, plain: str) -> bool:
    """Does ``plain`` continue the title gathered so far?"""
    if _looks_opening(plain) or _is_stop(plain):
        return False
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
    for line in lines[first:]:
        plain = line.plain
        if not plain:
            continue
        if not picked:
            if _is_stop(plain) or _looks_opening(plain) or heading_kind(plain):
                break
            picked.append(line)
            continue
        text = collapse_ws(" ".join(p.plain for p in picked))
        if len(picked) >= MAX_TITLE_LINES or len(text) > MAX_TITLE_CHARS or not _continues(text, plain):
            break
        picked.append(line)
    if not picked:
        return [], None
    return picked, collapse_ws(" ".join(p.plain for p in picked))


# ---------------------------------------------------------------- own number, date, stamps


_OWN_SYMBOL = re.compile(
    r"(?:^|\t| {2,})[*#_ ]*Số\s*:?\s*(?P<num>\d{1,5}[a-z]?)\s*[-–]\s*(?P<kind>[^\W\d_]{1,5})\s*/\s*"
    r"(?P<iss>[^\W\d_]{1,12}(?:\s*[-–]\s*[^\W\d_]{1,12})?)(?![^\W_])",
    re.MULTILINE,
)
_DATE_WORDS = re.compile(
    rf"(?:^|\t| {{2,}})[*_ ]*(?P<place>[{_UPPER}][^\W\d_]*(?: [^\W\d_]+){{0,4}})\s*,\s*ngày\s*"
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


# ---------------------------------------------------------------- footer: recipients and signer


def on_behalf_of(line: str) -> str | None:
    """The body a signer signs for: "T/M BAN THƯỜNG VỤ" -> "Ban Thường vụ"."""
    plain = _plain(line)
    voc = _vocab()
    if plain[:1] not in voc.behalf_initials or not plain[:12].casefold().startswith(voc.behalf_words):
        return None
    m = voc.behalf_markers.match(match_key(plain))
    if not m:
        return None
    body = m.group("body")
    for form, name in _vocab().behalf_bodies:
        if body == form or body.startswith(form + " "):
            return name
    return None


def _role_of(cell: str) -> str | None:
    plain = _plain(cell)
    voc = _vocab()
    if plain[:1] not in voc.role_initials or len(plain) > voc.role_max_len:
        return None
    return voc.roles.get(match_key(plain))


def signer_role(text: str) -> str | None:
    """The normalized role of a role block ("PHÓ BÍ THƯ", or "K/T BÍ THƯ" + "PHÓ BÍ THƯ": the deputy signs)."""
    role = None
    for line in text.splitlines():
        for cell in _cells(line):
            found = _role_of(cell)
            if found:
                role = found
    return role


def _is_name(cell: str) -> bool:
    """A person's name: 2-6 words, each capitalized, letters only ("Phạm Minh Tấn", "NGUYỄN VĂN A")."""
    words = cell.split()
    if not 2 <= len(words) <= 6 or not all(w[0].isupper() and w.isalpha() for w in words):
        return False
    return not (_role_of(cell) or on_behalf_of(cell))


def _bullet(plain: str, bullets: str) -> str | None:
    """The entry of a bullet line "- Bộ Chính trị," (bullet removed), else None."""
    if plain and plain[0] in bullets:
        return plain[1:].strip()
    return None


def _entry(text: str) -> str:
    return collapse_ws(text).rstrip(",.;").strip()


def find_recipients(lines: list[Line], cells: list[list[str]] | None = None) -> tuple[list[str], int | None]:
    """Recipients under the last "Nơi nhận" line: one entry per bullet line, a bullet-less line right after
    an entry continues it, a blank line followed by a non-bullet line ends the list.

    Returns the entries and the index of the "Nơi nhận" line (None when there is none). ``cells`` are the
    lines' :func:`_cells` when the caller already has them.
    """
    voc = _vocab()
    by_line = cells if cells is not None else [_cells(line.text) for line in lines]
    header = None
    for i in range(len(lines) - 1, -1, -1):
        row = by_line[i]
        if row and voc.recipients_header.match(row[0]):
            header = i
            break
    if header is None:
        return [], None
    entries: list[str] = []
    first_cell = by_line[header][0]
    after = voc.recipients_header.match(first_cell)
    rest = first_cell[after.end() :].lstrip(" :/").strip() if after else ""
    if rest and _bullet(rest, voc.bullets):
        entries.append(_bullet(rest, voc.bullets) or "")
    blank = False
    for line, row in zip(lines[header + 1 :], by_line[header + 1 :], strict=True):
        if not row or (_INDENTED.match(line.text) and _bullet(row[0], voc.bullets) is None):
            blank = blank or not row  # an indented non-bullet line holds only right-hand cells
            continue
        left = row[0]
        item = _bullet(left, voc.bullets)
        if item is not None:
            if item:
                entries.append(item)
            blank = False
            continue
        if blank or not entries or on_behalf_of(left) or _role_of(left) or _is_name(left):
            break
        entries[-1] = entries[-1] + " " + left
    return [e for e in map(_entry, entries) if e], header


def find_signer(lines: list[Line], cells: list[list[str]] | None = None) -> dict[str, str | None]:
    """On-behalf-of body, role (normalized and as written) and name from the footer lines.

    The signature block may follow the recipients or share their lines as the right-hand cells of a
    flattened table; so every cell is read in order, and the role is the last role cell of the footer.
    """
    by_line = cells if cells is not None else [_cells(line.text) for line in lines]
    flat = [c for row in by_line for c in row]
    behalf = role = written = name = None
    role_at = None
    for pos, cell in enumerate(flat):
        body = on_behalf_of(cell)
        if body:
            behalf = body
            continue
        found = _role_of(cell)
        if found:
            role, written, role_at = found, collapse_ws(cell), pos
    if role_at is not None:
        for cell in flat[role_at + 1 :]:
            if _is_name(cell):
                name = collapse_ws(cell)
                break
    return {"on_behalf_of": behalf, "role": role, "role_as_written": written, "name": name}


# ---------------------------------------------------------------- the whole page


def read_layout(text: str) -> Layout:
    """Read the head (up to the first roman-numbered section) and the footer of a cleaned document text."""
    section = _SECTION_LINE.search(text, 0, HEAD_CHARS)
    head_end = section.start() if section else min(len(text), HEAD_CHARS)
    head = _lines(text, 0, head_end)
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
            first += 1
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
    letterhead = text[: head[heading_at].start] if heading_at is not None else text[:body_from]
    own_region = "\n".join(
        ln.text for i, ln in enumerate(head) if i not in stamp_lines and ln.end <= body_from
    )
    own_region = own_region or letterhead
    header = tuple(
        h for ln in head[: heading_at or 0] for cell in _cells(ln.text) if (h := header_line(cell))
    )
    symbol = own_symbol(own_region)
    date = own_date(own_region)
    if kind is None and symbol:
        code = symbol.split("-", 1)[1].split("/", 1)[0]
        kind = _kind_code(code)[1]
    opening = text[body_from:section_at] if heading_at is not None else text[:section_at]

    footer = _lines(text, _footer_start(text), len(text))
    footer_cells = [_cells(line.text) for line in footer]
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


def _footer_start(text: str) -> int:
    """Start of the footer: a few lines above the last "Nơi nhận" of the tail (a signature block may stand
    above it), else the last ``FOOTER_LINES`` lines."""
    tail_start = max(0, len(text) - TAIL_CHARS)
    last = None
    for spelling in _RECIPIENTS_SPELLINGS:  # rfind of a few literal spellings beats an IGNORECASE scan
        at = text.rfind(spelling, tail_start)
        while at >= 0 and text[text.rfind("\n", 0, at) + 1 : at].strip(_STRIP):  # not at a line start
            at = text.rfind(spelling, tail_start, at)
        if at >= 0 and (last is None or at > last):
            last = at
    pos = text.rfind("\n", 0, last) + 1 if last is not None else len(text)
    for _ in range(FOOTER_LINES if last is None else SIGNATURE_LINES_ABOVE):
        pos = text.rfind("\n", tail_start, max(tail_start, pos - 1))
        if pos < 0:
            return tail_start
    return pos + 1
