"""Read each anchor hit in its context: the kind word before a symbol, and what follows it (date, issuer,
term, subject, "về tiếp tục thực hiện ..."), the way a careful reader does.

Why a pass of local reads: a citation is written as a run of optional parts after the symbol
(``số 25-NQ/TW ngày 03/6/2013 của Ban Chấp hành Trung ương Đảng khóa XI về "..."``); each part is one
``.match`` of a small compiled pattern at the position where the previous part ended, so the cost is per
hit, never per character of the document. Parts belong to the citation they follow: in "160-TB/TW, ngày
15/01/2020, Kết luận số 62-KL/TW ... của Bộ Chính trị khóa X" the issuer and term are 62-KL/TW's, because
a new kind word starts a new citation. Only a bare list ("217-QĐ/TW, 218-QĐ/TW của Bộ Chính trị") shares
its kind, date and issuer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ingest.dates import iso_from_match
from ingest.find import IssuerRule, KindRule, Rules, rules
from ingest.symbols import Symbol, from_match
from ingest.vietnamese import canonical_tones, collapse_ws, match_key

_ROMAN = {1: "I", 4: "IV", 5: "V", 9: "IX", 10: "X", 40: "XL", 50: "L"}
_SUBJECT_HEAD = re.compile(r"[ \t]*,?\s*(?:(?P<ve>(?i:về|v/v))\s+(?:(?i:việc)\s+)?)?(?=(?P<quote>[\"“])?)")
_QUOTED = re.compile(r"[\"“](?P<q>[^\"”\n]{2,500}?)[\"”]")
# an unquoted subject ends at punctuation, or before "và <Kind word> số N" that coordinates a next citation
# ("Thực hiện Quy định số 37-QĐi/TW ... về những điều đảng viên không được làm và Hướng dẫn số 01-HD/TU")
_UNQUOTED = re.compile(
    r"[^\"“”\n;:()]{2,300}?(?=\s*(?:[;:(\n]|\.\s|\.$|,\s|$)"
    r"|\s+và\s+[A-ZĐ][^\W\d_]*(?:\s+[^\W\d_]+){0,3}?\s+(?:số\s*)?\d)"
)
# the rest of a running head or foot a converted PDF leaves between pages: "Kế hoạch số 163-KH/TXU của Ban
# Thường vụ Thị ủy Trảng Bàng      2" (the line ends with the page number after a run of blanks)
_RUNNING_HEAD = re.compile(r"[^\n]{0,120}?[ \t]{2,}\d{1,3}[ \t]*(?=\n|\Z)")
_LIST_GAP = re.compile(r"[ \t]*(?:,|và|;)[ \t]*\n?[ \t]*(?:và[ \t]+)?")  # a list wrapped after its comma
_LAW_WORD = re.compile(r"[ \t]+([^\W\d_]+)")
_TERM_YEARS = re.compile(r"[ \t]*,?[ \t]*(?i:nhiệm kỳ)[ \t]+\d{4}[ \t]*[-–][ \t]*\d{4}")
_LAW_COMMA = re.compile(r"[ \t]*,[ \t]+")
_LAW_YEAR = re.compile(r"[ \t]*\n?[ \t]*(?<=\s)năm[ \t]+((?:19|20)\d\d)\b")  # also wrapped onto the next line
_NUMBER = re.compile(r"\d{1,4}")
_SENTENCE_BREAK = re.compile(r"[.;!?]\s|\n[ \t]*\n")
# "Số 45-KH/HU" / "Số: 45-KH/HU" opening a line or a table cell of the letterhead: the document's own number
_OWN_NUMBER = re.compile(r"(?:^|\t| {2,})[ \t*#_>]*Số[ \t]*:?[ \t]*$", re.M)
OWN_NUMBER_SCAN = 2000  # with no recognizable head, the letterhead is within the first characters
# "(Ban hành) kèm theo Quyết định số ..." under an attached Quy chế: the issuing decision, i.e. this document
_ATTACHED_BY = re.compile(r"(?i:kèm theo)[ \t]*$")
_NO_SYMBOL = (None, None, None)  # the anchor's number groups of a hit that is no symbol
_ATTACH = re.compile(r"\s*,?\s*(?:(?i:về)\s+(?:(?i:việc)\s+)?)?(?i:ban hành)\s*[\"“]?\s*$")


def roman(n: int) -> str:
    out = ""
    for value in sorted(_ROMAN, reverse=True):
        while n >= value:
            out += _ROMAN[value]
            n -= value
    return out


@dataclass(slots=True, eq=False)
class Hit:
    """One occurrence of a cited document (a working record; the public one is models.Mention)."""

    kind: str  # "symbol", "short", "named"
    start: int  # text span of the symbol, the short form or the name
    end: int
    kw_start: int  # where the citation phrase starts (its kind word, else ``start``)
    symbol: Symbol | None = None
    kind_word: str | None = None
    kind_name: str | None = None
    number: str | None = None  # short re-mentions: "Chỉ thị 35"
    date: str | None = None
    issuer: str | None = None
    issuer_written: str | None = None
    term: str | None = None
    subject: str | None = None
    subject_quoted: bool = False  # a quoted subject is complete; an unquoted one may stop at a comma
    tail_end: int = 0  # after date / issuer / term
    phrase_end: int = 0  # after the subject too
    cont_end: int = (
        -1
    )  # end of a following "về tiếp tục thực hiện": the next citation is carried out by this one
    list_prev: bool = False  # a bare list item after another symbol: shares kind, date, issuer
    # a list item with its own kind word after a symbol with no tail: its issuer is the earlier one's too
    # (not its date: "Nghị quyết số 35-NQ/TW và Kết luận số 57-KL/TW ngày 08/3/2023" are years apart)
    issuer_for_prev: bool = False
    name: str | None = None  # named references
    strength: str | None = None
    attached_to: Hit | None = None  # named reference issued by this decision ("về ban hành Quy chế ...")
    implemented: bool = False
    continued_by: str | None = None


@lru_cache(maxsize=512)
def kind_rule(kind_word: str) -> KindRule | None:
    """The kind a written kind word names (cached: a corpus uses a few dozen spellings)."""
    return rules().kind_by_form.get(match_key(kind_word))


def _kind_for(kind_word: str | None, sym: Symbol | None) -> str | None:
    """The kind word decides when it fits the code; else the code's default kind."""
    if sym is None:
        return _kind_name(kind_word, None, None)
    return _kind_name(kind_word, sym.system, sym.kind_code)


@lru_cache(maxsize=1024)
def _kind_name(kind_word: str | None, system: str | None, kind_code: str | None) -> str | None:
    """:func:`_kind_for` of a symbol's system and kind code (``system`` None: no symbol); cached on these
    short strings, as a corpus writes a few dozen kind words and codes."""
    r = rules()
    rule: KindRule | None = kind_rule(kind_word) if kind_word else None
    if rule is not None:
        if system is None or kind_code is None:
            return rule.name
        if any(c.casefold() == kind_code.casefold() for c in rule.codes):
            return rule.name
    if system is not None and kind_code:
        default = r.kind_by_code_default.get(f"{system}:{kind_code.casefold()}")
        if default is not None:
            return default.name
    return rule.name if rule is not None and system == "state" else None


def issuer_rule(m: re.Match[str], r: Rules) -> IssuerRule:
    """The issuer whose form matched: each issuer is one named group ``i<index>`` of ``rules().issuer``."""
    name = m.lastgroup
    assert name is not None and name[0] == "i"
    return r.issuer_rules[int(name[1:])]


def issuer_name(m: re.Match[str], r: Rules) -> str:
    """The issuer's name; as written where the level is part of it ("Ban Chấp hành Đảng bộ tỉnh")."""
    rule = issuer_rule(m, r)
    return collapse_ws(m.group(m.lastgroup or 0)) if rule.as_written else rule.name


def _read_tail(text: str, pos: int, hit: Hit, r: Rules) -> None:
    """Date, issuer (+ place), term, second-chance date; then subject and continuation."""
    n = len(text)
    dm = r.date.match(text, pos)
    if dm:
        hit.date = iso_from_match(dm)
        pos = dm.end()
    im = r.issuer.match(text, pos)
    if im:
        rule = issuer_rule(im, r)
        name = rule.name
        written_end = im.end()
        written_start = written_end - len(im.group().lstrip(" \t,\n"))
        if rule.as_written:
            name = collapse_ws(text[written_start:written_end])
            name = name[4:] if name.casefold().startswith("của ") else name
        if rule.locality:
            lm = r.locality.match(text, written_end)
            if lm:
                words = []
                for w in lm.group(1).split():
                    if w in ("-", "–"):
                        words.append(w)
                        continue
                    if not w[0].isupper() or match_key(w) in r.locality_stop:
                        break
                    words.append(w)
                while words and words[-1] in ("-", "–"):
                    words.pop()
                if (
                    words
                ):  # the normalized name takes the canonical tone placement ("Thanh Hoá" -> "Thanh Hóa")
                    name = f"{name} {canonical_tones(' '.join(words))}"
                    last = lm.group(1).split()[len(words) - 1]
                    written_end = text.index(last, lm.start(1)) + len(last)
        written = text[written_start:written_end]
        low = written.casefold()
        if low.startswith("của"):
            written = written[3:]
        hit.issuer = name
        hit.issuer_written = collapse_ws(written)
        pos = written_end
    tm = r.term.match(text, pos)
    if tm:
        value = tm.group(2)
        hit.term = roman(int(value)) if value.isdigit() else value.upper()
        lead = tm.group()[: len(tm.group()) - len(tm.group().lstrip(" \t,\n"))]
        if hit.issuer_written is not None and lead and not lead.strip(" \t"):  # "Bộ Chính trị khóa XI"
            hit.issuer_written = f"{hit.issuer_written} {collapse_ws(tm.group())}"
        pos = tm.end()
    if hit.date is None:
        dm = r.date.match(text, pos)
        if dm:
            hit.date = iso_from_match(dm)
            pos = dm.end()
    hit.tail_end = hit.phrase_end = pos
    cm = r.continues.match(text, pos)
    if cm:
        hit.cont_end = cm.end()
        return
    sh = _SUBJECT_HEAD.match(text, pos, min(n, pos + 40))
    if sh is None:
        return
    at = sh.end()
    if sh.group("quote"):
        qm = _QUOTED.match(text, at)
        if qm:
            hit.subject = collapse_ws(qm.group("q"))
            hit.subject_quoted = True
            hit.phrase_end = qm.end()
    elif sh.group("ve"):
        um = _UNQUOTED.match(text, at)
        if um:
            hit.subject = collapse_ws(um.group())
            hit.phrase_end = um.end()


def _read_before(text: str, hit: Hit, r: Rules) -> None:
    """Issuer (and date) written before the citation by news and reports: "Ngày 23/11/2022, Ban Thường vụ
    Thành ủy Hà Nội ban hành Chương trình số 20-CTr/TU". Only right before a kind word preceded by "ban
    hành" (a cheap check first: most citations have none). The written form keeps only the words written
    there, even when the place comes from a headline."""
    end = hit.kw_start
    if "ban hành" not in text[max(0, end - 14) : end].casefold():
        return
    m = r.issuer_before.search(text, max(0, end - 200), end)
    if m is None:
        return
    group, words = _issuer_before_parts(m, r)
    rule = r.issuer_rules[int(group[1:])]
    name = collapse_ws(m.group(group)) if rule.as_written else rule.name
    place = words
    if rule.locality and not words and hit.kind_word:
        place = _headline_place(text, m.start(), hit.kind_word, group, r)
    if rule.locality and place:
        name = f"{name} {' '.join(place)}"
    hit.issuer = name
    hit.issuer_written = collapse_ws(text[m.start(group) : m.end(group)] + " " + " ".join(words))
    if hit.date is None and (m.group("d") or m.group("d2")):
        hit.date = iso_from_match(m)


def _issuer_before_parts(m: re.Match[str], r: Rules) -> tuple[str, list[str]]:
    """The issuer group name ("i3") of an ``issuer_before`` match and its place words."""
    group = next(k for k, v in m.groupdict().items() if v is not None and k[0] == "i" and k[1:].isdigit())
    words = []
    for w in (m.group("loc") or "").split():
        if match_key(w) in r.locality_stop:
            break
        words.append(w)
    return group, words


def _headline_place(text: str, end: int, kind_word: str, group: str, r: Rules) -> list[str]:
    """The place of an issuer written without one ("thay mặt Ban Thường vụ Tỉnh ủy, đồng chí ... ký ban
    hành Kế hoạch số 318-KH/TU"), from an earlier line where the same issuer with its place issues the same
    kind ("Ban Thường vụ Tỉnh uỷ Lạng Sơn ban hành Kế hoạch thực hiện ..."): a news headline."""
    for km in re.finditer(r"(?i:ban hành)[ \t]+" + re.escape(kind_word), text[:end]):
        m = r.issuer_before.search(text, max(0, km.start() - 200), km.end() - len(kind_word))
        if m is not None:
            other, words = _issuer_before_parts(m, r)
            if other == group and words:
                return words
    return []


def _and_in_name(text: str, name_start: int, pos: int, r: Rules) -> bool:
    """Does the "và" ending at ``pos`` join two capitalized parts of one law's name ("Luật Khoa học và Công
    nghệ"), or two conventional pairs ("Luật Phòng cháy, chữa cháy và cứu nạn, cứu hộ"), rather than two
    documents ("Luật Đất đai và Luật Nhà ở", "... và Nghị định số ...")?"""
    following = text[pos : pos + 40].split()[:3]
    if following and "," in text[name_start:pos] and _pair_follows(text, pos, r):
        return True
    if not following or not following[0][:1].isupper():
        return False
    return not any(match_key(" ".join(following[:n])) in r.kind_by_form for n in (1, 2, 3))


def _comma_in_name(text: str, name_start: int, pos: int, r: Rules) -> int:
    """Where the name goes on if the comma at ``pos`` joins a conventional pair inside a law's name
    ("Luật Phòng, chống tham nhũng": the name so far is the pair's first part), else -1."""
    cm = _LAW_COMMA.match(text, pos)
    if not cm:
        return -1
    before = match_key(text[name_start:pos])
    after = match_key(text[cm.end() : cm.end() + 30])
    for left, right in r.law_comma:
        if (
            (before == left or before.endswith(" " + left))
            and after.startswith(right)
            and not after[len(right) : len(right) + 1].isalnum()
        ):
            return cm.end() - 1
    return -1


def _pair_follows(text: str, pos: int, r: Rules) -> bool:
    """Does a conventional pair ("cứu nạn, cứu hộ") start at ``pos`` (after blanks)?"""
    ahead = match_key(text[pos : pos + 40]).lstrip()
    return any(ahead.startswith(f"{left}, {right}") for left, right in r.law_comma)


def _law_name(text: str, m: re.Match[str], r: Rules) -> tuple[str, int]:
    """'Luật' + words up to a stop word or punctuation (max 10), + 'năm YYYY'."""
    pos = m.start() + len("Luật")
    words = 0
    while words < 10:
        wm = _LAW_WORD.match(text, pos)
        if not wm:
            comma = _comma_in_name(text, m.start() + len("Luật"), pos, r)
            if comma < 0:
                break
            pos = comma
            continue
        key = match_key(wm.group(1))
        if key == "và" and _and_in_name(text, m.start(), wm.end(), r):  # "Luật Khoa học và Công nghệ"
            pos = wm.end()
            continue
        if key in r.law_stop:
            break
        pos = wm.end()
        words += 1
    ym = _LAW_YEAR.match(text, pos)
    if ym:
        pos = ym.end()
    return text[m.start() : pos], pos


def read_hits(text: str, head_end: int = 0) -> tuple[list[Hit], list[tuple[str, Hit | None, int, int]]]:
    """Every citation occurrence of ``text`` in order, plus alias definitions (alias, target, start, end).

    The document's own number in its letterhead ("Số 45-KH/HU" before ``head_end``, the end of the title
    and opening) is not an occurrence: a document does not cite itself, nor when it repeats that number as
    the issuer of its attachment ("(Ban hành kèm theo Quyết định số 1650-QĐ/TU ...)" under the Quy chế the
    decision issues). Elsewhere the same symbol may be an earlier document of another year ("Sơ kết Kế
    hoạch số 07-KH/TU ngày 05/01/2021" in this year's 07-KH/TU), so it stays a citation.
    """
    r = rules()
    own_limit = head_end or OWN_NUMBER_SCAN
    hits: list[Hit] = []
    aliases: list[tuple[str, Hit | None, int, int]] = []
    last_symbol: Hit | None = None
    own: str | None = None  # the letterhead's own number, once skipped
    done = 0  # end of the last hit: the anchor's matches are one character long and may overlap it
    for m in r.anchor.finditer(text):
        start = m.start()
        if start < done:
            continue
        done = m_end = m.end("all")
        if m.group("pn", "sn", "ln") != _NO_SYMBOL:
            sym = from_match(m)
            lo = max(0, start - 70)
            kb = r.kind_before.match(text[lo:start][::-1])
            hit = Hit("symbol", start, m_end, start, symbol=sym)
            pre_numbers: list[tuple[int, str]] = []
            if kb:
                kw_start = start - kb.end("kw")
                if sym.text == own and (
                    _ATTACHED_BY.search(text, max(0, kw_start - 30), kw_start)
                    or _RUNNING_HEAD.match(text, m_end)
                ):
                    continue  # its own number again: as its attachment's issuer, or in a page's running head
                hit.kind_word = collapse_ws(text[kw_start : start - kb.start("kw")])
                hit.kw_start = kw_start
                if (  # "Kết luận số 127-KL/TW và Kết luận 137-KL/TW của Bộ Chính trị": one issuer for both
                    last_symbol is not None
                    and last_symbol.tail_end == last_symbol.end
                    and _LIST_GAP.fullmatch(text, last_symbol.tail_end, kw_start)
                ):
                    hit.issuer_for_prev = True
                if kb.group("pre"):
                    pre_start = start - kb.end("pre")
                    pre_numbers = [
                        (x.start(), x.group())
                        for x in _NUMBER.finditer(text, pre_start, start - kb.start("pre"))
                    ]
            elif start < own_limit and _OWN_NUMBER.search(text, text.rfind("\n", 0, start) + 1, start):
                own = sym.text
                continue
            elif last_symbol is not None and _LIST_GAP.fullmatch(text, last_symbol.tail_end, start):
                hit.list_prev = True
            hit.kind_name = _kind_for(hit.kind_word, sym)
            _read_tail(text, m_end, hit, r)
            if hit.issuer is None and hit.kind_word is not None:
                _read_before(text, hit, r)
            if pre_numbers and hits and hits[-1].kind == "short" and hits[-1].end > pre_numbers[0][0]:
                hits.pop()  # "Chỉ thị số 15, 16-CT/TU": "Chỉ thị số 15" is the list's first member, not a re-mention
            for pos, number in pre_numbers:  # "Quyết định 217, 218-QĐ/TW": 217 shares the rest
                other = Symbol(
                    sym.text.replace(sym.number, number, 1),
                    sym.system,
                    number,
                    sym.kind_code,
                    sym.issuer_code,
                )
                twin = Hit("symbol", pos, pos + len(number), hit.kw_start, symbol=other)
                for field in ("kind_word", "kind_name", "date", "issuer", "issuer_written", "term"):
                    setattr(twin, field, getattr(hit, field))
                twin.tail_end = twin.phrase_end = hit.tail_end
                hits.append(twin)
            hits.append(hit)
            last_symbol = hit
        elif m.group("short") is not None:
            hit = Hit("short", start, m_end, start, kind_word=collapse_ws(m.group("skw")))
            hit.number = m.group("short")
            hit.kind_name = _kind_for(hit.kind_word, None)
            _read_tail(text, m_end, hit, r)
            hits.append(hit)
        elif m.group("alias") is not None:
            am = r.alias.match(text, start)
            if am:
                target = None
                if last_symbol is not None and not _SENTENCE_BREAK.search(text, last_symbol.end, m.start()):
                    target = last_symbol  # the citation of the same sentence the clause follows
                aliases.append((collapse_ws(am.group(1)).strip(" *"), target, am.start(1), am.end(1)))
        else:
            _named_hit(text, m, r, hits, last_symbol)
    return hits, aliases


@lru_cache(maxsize=256)
def names_of_issuer(kind_name: str, issuer_written: str) -> frozenset[str]:
    """The names (match_key form) a named reference gives a numbered document by its issuer as written:
    "Nghị quyết số 60-NQ/TW ... Hội nghị lần thứ 11 Ban Chấp hành Trung ương Đảng khóa XIII" is the
    "Nghị quyết Trung ương 11 khóa XIII" a headline names, so that name is no separate document."""
    found, _ = read_hits(f"{kind_name} {issuer_written}")
    return frozenset(match_key(h.name) for h in found if h.kind == "named" and h.name)


def _named_hit(text: str, m: re.Match[str], r: Rules, hits: list[Hit], last_symbol: Hit | None) -> None:
    """Append the named reference of anchor match ``m`` (unless it turns out to be none)."""
    index = m.group(*r.named_markers).index("")  # the one empty marker group that took part
    inner = r.named_groups[index][1]
    rule = r.named_rules[index]
    groups = {name: v for name, gi in inner if (v := m.group(gi))}
    if rule.law_name:
        name, end = _law_name(text, m, r)
        if len(name.split()) < 2:
            return
    else:
        name, end = m.group("all"), m.end("all")
    term = next((v for k, v in groups.items() if k.startswith("term")), None)
    if rule.name is not None:  # one name for every spelling: "Nghị quyết Hội nghị Trung ương 4 (khóa XII)"
        plenum = next((v for k, v in groups.items() if k.startswith("plenum")), None)
        if plenum is not None and not plenum.isdigit():
            number = r.ordinals.get(match_key(plenum))
            if number is None:
                return  # "lần thứ <word>" that is no ordinal: not a plenum
            plenum = str(number)
        fields = {"plenum": plenum and plenum.lstrip("0"), "term": term and term.upper()}
        name = rule.name.format(**fields)
        if term and rule.name_term:
            name += rule.name_term.format(**fields)
    kind = rule.kind
    if "kind" in groups:
        kr = r.kind_by_form.get(match_key(groups["kind"]))
        kind = kr.name if kr else groups["kind"]
    hit = Hit("named", m.start(), end, m.start(), kind_name=kind, name=collapse_ws(name))
    hit.strength = "named" if name[:1].isupper() else "descriptive"
    hit.term = term.upper() if term else None
    hit.issuer = rule.issuer
    if "issuer" in groups:
        im = r.issuer.match(" " + groups["issuer"])
        hit.issuer = (
            issuer_name(im, r)
            if im and im.end() == len(groups["issuer"]) + 1
            else collapse_ws(groups["issuer"])
        )
    if (
        last_symbol is not None
        and m.start() - last_symbol.tail_end < 40
        and _ATTACH.fullmatch(text, last_symbol.tail_end, m.start())
    ):
        hit.attached_to = last_symbol
        hit.issuer = hit.issuer or last_symbol.issuer
    tm = _TERM_YEARS.match(text, end)  # "Nghị quyết Đại hội ... lần thứ XXVI, nhiệm kỳ 2020 - 2025"
    hit.tail_end = hit.phrase_end = tm.end() if tm else end
    hits.append(hit)


__all__ = ["Hit", "issuer_name", "names_of_issuer", "read_hits", "roman"]
