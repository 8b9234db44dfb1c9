"""The footer of a Party document: recipients under "Nơi nhận:", the on-behalf-of body, the signer's role
and name.

Why positional: converters flatten the two-column footer table into lines (sometimes both cells on one line
with a tab between), so recipients and the signature block are read cell by cell from the end of the text.
"""

from __future__ import annotations

import re

from ingest.page import _STRIP, Line, _cells, _plain, _vocab
from ingest.vietnamese import collapse_ws, match_key

TAIL_CHARS = 12000
FOOTER_LINES = 40  # without "Nơi nhận": how many last lines may hold a signature
SIGNATURE_LINES_ABOVE = 15  # a flattened footer table may put the signature above "Nơi nhận"
_INDENTED = re.compile(r"^(?:\t| {3,})")
_RECIPIENTS_SPELLINGS = ("Nơi nhận", "NƠI NHẬN", "Nơi Nhận", "nơi nhận")
# recipients written on the "Nơi nhận:" line itself: a bullet after ";" or "," starts the next entry (a
# bare " - " does not: "Ban Kinh tế - Ngân sách")
_INLINE_BULLETS = re.compile(r"[;,][ \t]+[-–—+•][ \t]+")


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
    if rest and _bullet(rest, voc.bullets):  # "Nơi nhận: - Như trên; - Lưu VPTU." on one line
        entries.extend(_INLINE_BULLETS.split(_bullet(rest, voc.bullets) or ""))
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
    voc = _vocab()
    # most cells are body paragraphs above the signature: one set lookup instead of two calls rejects them
    initials = voc.behalf_initials | voc.role_initials
    behalf = role = written = name = None
    role_at = None
    for pos, cell in enumerate(flat):
        if cell[:1] not in initials:
            continue
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


def _footer_start(text: str) -> int:
    """Start of the footer: a few lines above the last "Nơi nhận" of the tail (a signature block may stand
    above it), else the last ``FOOTER_LINES`` lines."""
    tail_start = max(0, len(text) - TAIL_CHARS)
    last = None
    for spelling in _RECIPIENTS_SPELLINGS:  # rfind of a few literal spellings beats an IGNORECASE scan
        # only an occurrence after the one found so far can change the result: once the usual spelling is
        # found near the end, the other spellings scan a few lines instead of the whole tail
        lo = tail_start if last is None else last + 1
        at = text.rfind(spelling, lo)
        while at >= 0 and text[text.rfind("\n", 0, at) + 1 : at].strip(_STRIP):  # not at a line start
            at = text.rfind(spelling, lo, at)
        if at >= 0:
            last = at
    pos = text.rfind("\n", 0, last) + 1 if last is not None else len(text)
    for _ in range(FOOTER_LINES if last is None else SIGNATURE_LINES_ABOVE):
        pos = text.rfind("\n", tail_start, max(tail_start, pos - 1))
        if pos < 0:
            return tail_start
    return pos + 1
