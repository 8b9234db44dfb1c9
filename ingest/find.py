"""The citation rules compiled once: the anchor pattern that finds every candidate in one pass, and the
small patterns that read what follows an anchor (date, issuer, term, subject).

Why one anchor pattern: extraction must stay close to the cost of a bare ``re.finditer`` over the
symbol shape. The anchor alternation (kind word + symbol, bare symbol, kind word + bare number, alias
clause, named references) is guarded by a look-ahead on the characters any alternative can start with,
so the regex engine rejects most positions in C; Python code runs once per hit, and every later
pattern is a ``.match`` at a known position, never a scan.

Rule data lives in ``ingest/rules/citations.yaml``; this module only turns it into regular expressions.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from ingest.rules import load_rules
from ingest.vietnamese import match_key

DASH = "[-–—‐‑−]"
_TONES = "\u0300\u0301\u0309\u0303\u0323"
# a canonical syllable-final "óa/óe/úy" (tone on the first vowel): its old-style twin moves the tone
_CANON_SYLLABLE = re.compile(rf"([oOuU])([{_TONES}])([aAeEyY])(?![^\W\d_])")

# the benchmark's baseline: one bare scan of the Party symbol shape (number-KIND/ISSUER)
BARE_SYMBOL_RE = re.compile(r"\b\d{1,4}\s*[-–]\s*[A-ZĐ][A-Za-zĐđ]{0,4}\s*/\s*[A-ZĐ][A-ZĐa-z]{1,9}\b")


def tone_variants(word: str) -> str:
    """A regex alternation of both tone placements of a canonical word ("ủy" -> "(?:ủy|uỷ)")."""
    nfd = unicodedata.normalize("NFD", word)
    old = _CANON_SYLLABLE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), nfd)
    old = unicodedata.normalize("NFC", old)
    if old == word:
        return word
    return f"(?:{word}|{old})"


def rule_regex(pattern: str, space: str = r"\s+") -> str:
    """Turn a rules-file pattern into a regex: plain spaces outside [...] mean ``space``; canonical
    spellings match both tone placements."""
    out: list[str] = []
    in_class = False
    escaped = False
    word: list[str] = []

    def flush() -> None:
        if word:
            out.append(tone_variants("".join(word)))
            word.clear()

    for ch in pattern:
        if escaped:
            flush()
            out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            flush()
            out.append(ch)
            escaped = True
            continue
        if in_class:
            out.append(ch)
            in_class = ch != "]"
            continue
        if ch.isalpha():
            word.append(ch)
            continue
        flush()
        if ch == "[":
            in_class = True
            out.append(ch)
        elif ch == " ":
            out.append(space)
        else:
            out.append(ch)
    flush()
    return "".join(out)


def phrase_regex(phrase: str, space: str = r"\s+") -> str:
    """A plain phrase (no regex syntax) as a regex, with the same conventions as :func:`rule_regex`."""
    return space.join(tone_variants(re.escape(w)) if w.isalpha() else re.escape(w) for w in phrase.split())


@dataclass(frozen=True)
class KindRule:
    name: str
    codes: tuple[str, ...]
    default: tuple[str, ...]
    system: str


@dataclass(frozen=True)
class IssuerRule:
    name: str
    locality: bool
    codes: tuple[str, ...]
    as_written: bool = False


@dataclass(frozen=True)
class NamedRule:
    id: str
    kind: str | None
    law_name: bool
    issuer_from_decision: bool
    issuer: str | None = None  # a fixed issuer ("Ban Chấp hành Trung ương" for plenum resolutions)
    name: str | None = None  # name template over the pattern's groups
    name_term: str | None = None  # appended to the name when the term group matched


@dataclass(frozen=True)
class Rules:
    """Everything compiled from citations.yaml."""

    anchor: re.Pattern[str]
    kind_before: re.Pattern[str]  # REVERSED: kind word (+ "số", + shared number list) before a symbol
    kind_by_form: dict[str, KindRule]  # match_key(form) -> rule
    kind_by_code_default: dict[str, KindRule]  # "party:tt" / "state:tt" -> the kind a bare code means
    code_spelling: dict[str, str]  # casefolded code -> canonical spelling
    party_issuer_codes: frozenset[str]
    date: re.Pattern[str]
    issuer: re.Pattern[str]
    issuer_before: re.Pattern[str]  # "[Ngày D,] <issuer> [place] (vừa) ban hành" right before a kind word
    issuer_rules: tuple[IssuerRule, ...]  # index i <-> group "i{i}"
    issuer_by_code: dict[str, str]
    locality: re.Pattern[str]
    locality_stop: frozenset[str]
    term: re.Pattern[str]
    subject: re.Pattern[str]
    continues: re.Pattern[str]
    implements_before: re.Pattern[str]
    retrospective: re.Pattern[str]  # matched at the case-folded opening of a citation's sentence
    connector: re.Pattern[str]
    alias: re.Pattern[str]
    named_rules: tuple[NamedRule, ...]  # index i <-> anchor group "n{i}"
    # per named rule: the anchor's group number of "n{i}" and its inner groups as (name, group number);
    # reading groups by number spares building the anchor's whole groupdict at every named hit
    named_groups: tuple[tuple[int, tuple[tuple[str, int], ...]], ...]
    named_markers: tuple[int, ...]  # the group numbers of "n{i}" alone: ``m.group(*markers).index("")`` is i
    law_stop: frozenset[str]
    law_comma: tuple[tuple[str, str], ...]  # folded (words before, words after) a comma inside a law's name
    ordinals: dict[str, int]  # match_key(ordinal word) -> number ("tư" -> 4)
    raw: dict[str, Any]


def _kind_rules(data: dict[str, Any]) -> tuple[dict[str, KindRule], dict[str, KindRule], list[str]]:
    by_form: dict[str, KindRule] = {}
    by_default: dict[str, KindRule] = {}
    forms: list[str] = []
    for entry in data["kinds"]:
        rule = KindRule(
            name=entry["name"],
            codes=tuple(entry.get("codes", ())),
            default=tuple(entry.get("default", ())),
            system=entry.get("system", "party"),
        )
        for form in entry["forms"]:
            by_form[match_key(form)] = rule
            forms.append(form)
        for code in rule.default:  # one code may default differently per system (TT: Thông tri / Thông tư)
            for system in ("party", "state"):
                if rule.system in (system, "both"):
                    by_default[f"{system}:{code.casefold()}"] = rule
    return by_form, by_default, forms


def _split_top(p: str) -> tuple[list[str], int]:
    """Split the group body starting at ``p[0]`` (just after its opening) at top-level "|"; return the
    alternatives and the index of the closing parenthesis."""
    depth, alts, cur, i = 0, [], [], 0
    while i < len(p):
        ch = p[i]
        if ch == "\\":
            cur.append(p[i : i + 2])
            i += 2
            continue
        if ch == "[":
            j = p.index("]", i + 2)
            cur.append(p[i : j + 1])
            i = j + 1
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                alts.append("".join(cur))
                return alts, i
            depth -= 1
        elif ch == "|" and depth == 0:
            alts.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    alts.append("".join(cur))
    return alts, i


def _first_chars(p: str) -> set[str]:
    """The characters a pattern can start with (for the anchor's look-ahead guard)."""
    m = re.match(r"\((?:\?P<\w+>|\?:|\?i:)?", p)
    if m and m.group():
        alts, _ = _split_top(p[m.end() :])
        out: set[str] = set()
        for a in alts:
            out |= _first_chars(a)
        return out
    if p.startswith("["):
        return set(p[1 : p.index("]", 2)])
    if not p or p[0] in "\\.^$":
        raise ValueError(f"named reference pattern must start with a letter or a class: {p!r}")
    return {p[0]}


def _cased(phrase: str) -> str:
    """A kind phrase starting with a capital letter, later words in either case ("Thông báo Kết luận")."""
    words = phrase.split()
    out = [tone_variants(words[0][0].upper() + words[0][1:])]
    for w in words[1:]:
        out.append(f"[{w[0].lower()}{w[0].upper()}]{tone_variants(w[1:]) if w[1:] else ''}")
    return r"[ \t]+".join(out)


def kind_word_regex(kind_forms: list[str]) -> str:
    """Any kind word in any case (for the look-back from a symbol)."""
    kinds = "|".join(phrase_regex(f, r"\s+") for f in sorted(kind_forms, key=len, reverse=True))
    return rf"(?i:{kinds})"


def _kind_before(kind_forms: list[str]) -> re.Pattern[str]:
    """The kind word in front of a symbol, as a pattern over the REVERSED text before the symbol.

    Why reversed: ``.match`` at position 0 of the reversed window costs one attempt; searching the forward
    window for a phrase anchored at its end costs one attempt per character of the window.
    """
    variants: set[str] = set()
    for form in kind_forms:
        words = [tone_variants(w) for w in form.split()]
        combos = [""]
        for w in words:
            options = w[3:-1].split("|") if w.startswith("(?:") else [w]
            combos = [f"{c} {o}".strip() for c in combos for o in options]
        variants.update(combos)
    reversed_forms = sorted((v[::-1] for v in variants), key=len, reverse=True)
    kw = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in reversed_forms)
    return re.compile(
        r"(?P<pre>(?:[ \t]*(?:,|àv)[ \t]*\d{1,4})+)?(?:[ \t]*:?[ \t]*ốs)?\s+"
        rf"(?P<kw>{kw})(?![^\W\d_])",
        re.I,
    )


def _first_letter_trie(alternatives: list[str]) -> str:
    """Alternatives grouped by their (literal) first character: "C(?:hương...|hỉ...)|T(?:hông...)".

    Why: the engine tries the branches of an alternation one by one; grouped, a candidate position costs
    one branch per distinct first letter instead of one per alternative.
    """
    by_first: dict[str, list[str]] = {}
    for alt in alternatives:
        first, rest = alt[0], alt[1:]
        if alt.startswith("(?:"):  # tone variants of the first word: factor out a shared first letter
            variants, close = _split_top(alt[3:])
            if len({v[:1] for v in variants}) == 1 and variants[0][:1].isalpha():
                first = variants[0][0]
                rest = "(?:" + "|".join(v[1:] for v in variants) + ")" + alt[3 + close + 1 :]
            else:
                first, rest = "", alt
        by_first.setdefault(first, []).append(rest)
    return "|".join(
        f"{re.escape(c)}{rests[0]}" if len(rests) == 1 else f"{re.escape(c)}(?:{'|'.join(rests)})"
        for c, rests in by_first.items()
    )


def _anchor(kind_forms: list[str], named: list[str]) -> re.Pattern[str]:
    """Symbols, capitalized kind word + bare number, alias clauses, named references.

    The kind word in front of a symbol is not part of the anchor (it is read backwards from the symbol):
    a case-insensitive kind alternation at every lower-case letter would cost ten bare scans.

    Why the odd shape ``[firsts](?<=(?=(?P<all>...)).)``: the regex engine skips, in a tight C loop,
    every position whose character is not in a leading character class; a leading look-ahead guard does
    not get that treatment (each position is a full match attempt, which is what the bare symbol scan
    costs). So the pattern consumes the first character with the class, then steps back one character in
    a look-behind and matches the real alternation there in a look-ahead; the hit is group ``all``.
    Matches are one character long, so callers skip hits that start inside the previous one.
    """
    num = r"\d{1,4}"
    # after a dash or slash a converter or a PDF text layer may break the line ("19-\nNQ/TW")
    wrap = r"[ \t]*(?:\n[ \t]*)?"
    party = (
        rf"(?P<pn>{num})[ \t]*{DASH}{wrap}(?P<pk>[A-ZĐa-zđ][A-Za-zĐđ]{{0,4}})[ \t]*/{wrap}"
        rf"(?P<pi>[A-ZĐ][A-Za-zĐđƯư]{{1,9}})"
    )
    code = r"[A-ZĐ][A-Za-zĐđ]{0,5}"
    state = (
        rf"(?P<sn>\d{{1,5}})[ \t]*/{wrap}(?:(?P<sy>(?:19|20)\d\d)[ \t]*/{wrap})?(?P<sk>{code})[ \t]*{DASH}{wrap}"
        rf"(?P<si>[A-ZĐ][A-Za-zĐđƯư]{{0,9}}\d{{0,2}}(?:{DASH}[A-ZĐ][A-Za-zĐđ]{{0,9}}\d{{0,2}})*)"
    )
    state_nokind = r"(?P<ln>\d{1,5})[ \t]*/[ \t]*(?P<ly>(?:19|20)\d\d)[ \t]*/[ \t]*(?P<li>(?:UBTV)?QH\d{1,2})"
    symbol = rf"(?=\d)(?<![\d/])(?:{party}|{state}|{state_nokind})(?![\w/])"
    kw = _first_letter_trie([_cased(f) for f in sorted(kind_forms, key=len, reverse=True)])
    short = rf"(?P<skw>{kw})[ \t]+(?:(?i:số)[ \t]*)?(?P<short>{num})(?![\d/]|[ \t]*{DASH}|[ \t]*/)"
    alias = r"\((?=(?:(?:sau|dưới) đây,? )?(?:viết|gọi)(?: tắt)? là)(?P<alias>)"  # marker group last: see named_alts
    named_firsts: set[str] = set()
    for p in named:
        named_firsts |= _first_chars(p)
    # the group that tells which rule matched is an empty marker AFTER each pattern: an alternative that
    # opens with a group is entered at every candidate, one that opens with a letter or a class is skipped
    # by the engine in C when the character does not fit (the anchor pass: 0.69 -> 0.51 of a bare scan)
    named_alts = "|".join(f"{p}(?P<n{i}>)" for i, p in enumerate(named))
    named_guard = _char_class(named_firsts)
    firsts = set("0123456789(") | named_firsts | {f[0].upper() for f in kind_forms}
    body = rf"{symbol}|{alias}|{short}|(?={named_guard})(?:{named_alts})"
    return re.compile(rf"{_char_class(firsts)}(?<=(?=(?P<all>{body})).)")


def _char_class(chars: set[str]) -> str:
    return (
        "["
        + "".join(sorted(chars))
        .replace("\\", "\\\\")
        .replace("]", r"\]")
        .replace("^", r"\^")
        .replace("-", r"\-")
        + "]"
    )


@cache
def rules() -> Rules:
    data = load_rules("citations")
    by_form, by_default, kind_forms = _kind_rules(data)
    spelling = {c.casefold(): c for c in data["code_spellings"]}

    issuer_rules: list[IssuerRule] = []
    alts: list[tuple[int, str, int]] = []
    issuer_by_code: dict[str, str] = {}
    for entry in data["issuers"]:
        idx = len(issuer_rules)
        issuer_rules.append(
            IssuerRule(
                entry["name"],
                bool(entry.get("locality")),
                tuple(entry.get("codes", ())),
                bool(entry.get("as_written")),
            )
        )
        for code in entry.get("codes", ()):
            issuer_by_code[code.casefold()] = entry["name"]
        for form in entry["forms"]:
            alts.append((len(form), rule_regex(form), idx))
    alts.sort(key=lambda a: -a[0])
    groups: dict[int, list[str]] = {}
    order: list[int] = []
    for _, rx, idx in alts:
        if idx not in groups:
            groups[idx] = []
            order.append(idx)
        groups[idx].append(rx)
    # one group per issuer, tried longest form first across issuers ("Ban Thường vụ Tỉnh ủy" before "Tỉnh ủy")
    issuer_alt = "|".join(f"(?P<i{idx}>{'|'.join(groups[idx])})" for idx in order)
    issuer = re.compile(rf"(?:[ \t]*,?\s*(?i:của)\s+|[ \t]+)(?i:{issuer_alt})(?![\w])")
    # news and reports name the issuer (and the date) BEFORE the citation: "Ngày 23/11/2022, Ban Thường vụ
    # Thành ủy Hà Nội (vừa) ban hành Chương trình số 20-CTr/TU"; searched backwards from the kind word
    date_body = (
        r"(?:(?P<d>\d{1,2})[ \t]*(?P<sep>[/.\-–])[ \t]*(?P<m>\d{1,2})[ \t]*(?P=sep)[ \t]*(?P<y>(?:19|20)\d\d)"
        r"|(?P<d2>\d{1,2})\s+(?i:tháng)\s+(?P<m2>\d{1,2})\s+(?i:năm)\s+(?P<y2>(?:19|20)\d\d))"
    )
    # or the signer acts for it: "Ngày 19/5/2025, thay mặt Ban Thường vụ Tỉnh ủy, đồng chí ... đã ký ban hành"
    issuer_before = re.compile(
        rf"(?:(?i:ngày)[ \t]+{date_body}[ \t]*,[ \t]*)?(?P<tm>(?i:thay mặt)[ \t]+)?(?i:{issuer_alt})(?![\w])"
        r"(?P<loc>(?:[ \t]+(?i:thành phố|tỉnh)(?=[ \t]+[A-ZĐ]))?(?:[ \t]+[A-ZĐÂÊÔƠƯĂÁÀẢÃẠ][^\W\d_]*){0,4})"
        r"(?(tm)[ \t]*,[ \t]*(?i:đồng chí)[ \t]+[^.;,\n]{0,80}?)[ \t]+"
        r"(?:(?i:vừa|đã|mới|chính thức)[ \t]+)*(?i:ban hành|ký ban hành)[ \t]+$"
    )
    locality = re.compile(
        r"[ \t]+(?:(?:tỉnh|thành phố|huyện|quận|thị xã)[ \t]+)?"
        r"((?:[A-ZĐÂÊÔƠƯĂÁÀẢÃẠ][^\W\d_]*)(?:(?:[ \t]+|[ \t]*[-–][ \t]*)[A-ZĐÂÊÔƠƯĂÁÀẢÃẠ][^\W\d_]*)*)"
    )  # a dash joins the parts of one name: "Bà Rịa - Vũng Tàu"
    # a bare date (without "ngày") must stand on the citation's line: a news page's "24/11/2022 06:15"
    # under a headline that ends with a citation is the page's date, not the document's; so must a
    # capital "Ngày": on the next line it opens a news lead's dateline ("Ngày 20/3/2025, Ban Thường vụ ...");
    # a citation wrapped by a converter goes on with a lower-case "ngày" on the next line, never past a blank one
    date = re.compile(
        r"[ \t]*,?(?:[ \t]*(?:(?i:ban hành|ký)\s+)?(?i:ngày|ngay)\s*"
        r"|[ \t]*\n[ \t]*(?:(?:ban hành|ký)\s+)?(?:ngày|ngay)\s*|[ \t]*(?:(?i:ban hành|ký)[ \t]+)?)"
        r"(?:(?P<d>\d{1,2})[ \t]*(?P<sep>[/.\-–])[ \t]*(?P<m>\d{1,2})[ \t]*(?P=sep)[ \t]*(?P<y>(?:19|20)\d\d)"
        r"|(?P<d2>\d{1,2})\s+(?i:tháng)\s+(?P<m2>\d{1,2})\s+(?i:năm)\s+(?P<y2>(?:19|20)\d\d))(?!\d)"
    )
    # "khóa XII" or "(khóa XII)": group 1 is the parenthesis, group 2 the term itself
    term = re.compile(
        r"[ \t]*,?\s*(\([ \t]*)?" + rule_regex(data["term"]["pattern"]) + r"(?(1)[ \t]*\))", re.I
    )
    subject = re.compile(
        r"[ \t]*,?\s*(?:(?P<ve>(?i:về|v/v))\s+(?:(?i:việc)\s+)?)?(?:[\"“](?P<q>[^\"”\n]{2,500}?)[\"”]"
        r"|(?(ve)(?P<u>[^\"“”\n;:()]{2,300}?))(?=\s*(?:[;:.(\n]|,\s|$|(?i:ban thường vụ|ban chấp hành)\s)))"
    )
    continues = re.compile(rule_regex(data["relations"]["continues"]["pattern"]), re.I)
    verbs = sorted(data["relations"]["implements"]["verbs"], key=len, reverse=True)
    verb_alt = "|".join(phrase_regex(v) for v in verbs)
    implements_before = re.compile(
        rf"(?:^|[^\w])(?P<ve>(?:về|v/v)\s+(?:việc\s+)?)?[\"“]?\s*(?:{verb_alt})\s+"
        r"(?:(?:có hiệu quả|nghiêm túc|tốt|nội dung|các nội dung)\s+(?:của\s+)?)?$",
        re.I,
    )
    retrospective = re.compile(rule_regex(data["relations"]["retrospective"]["pattern"]))
    connector = re.compile(r"\s*(?:,|;|và|,\s*và|;\s*và)\s*$")
    alias = re.compile(rule_regex(data["aliases"]["pattern"]))

    named_rules: list[NamedRule] = []
    named_patterns: list[str] = []
    for i, entry in enumerate(data["named_references"]):
        named_rules.append(
            NamedRule(
                id=entry["id"],
                kind=entry.get("kind"),
                law_name=bool(entry.get("law_name")),
                issuer_from_decision=bool(entry.get("issuer_from_decision")),
                issuer=entry.get("issuer") if isinstance(entry.get("issuer"), str) else None,
                name=entry.get("name"),
                name_term=entry.get("name_term"),
            )
        )
        # inner named groups must be unique across alternatives: prefix them with the rule index
        pattern = re.sub(
            r"\(\?P<(\w+)>", lambda m, i=i: f"(?P<n{i}_{m.group(1)}>", rule_regex(entry["pattern"])
        )
        named_patterns.append(pattern)

    anchor = _anchor(kind_forms, named_patterns)
    named_groups = tuple(
        (
            anchor.groupindex[f"n{i}"],
            tuple(
                (name.split("_", 1)[1], index)
                for name, index in anchor.groupindex.items()
                if name.startswith(f"n{i}_")
            ),
        )
        for i in range(len(named_rules))
    )
    return Rules(
        anchor=anchor,
        kind_before=_kind_before(kind_forms),
        kind_by_form=by_form,
        kind_by_code_default=by_default,
        code_spelling=spelling,
        party_issuer_codes=frozenset(c.upper() for c in data["party_issuer_codes"]["codes"]),
        date=date,
        issuer=issuer,
        issuer_before=issuer_before,
        issuer_rules=tuple(issuer_rules),
        issuer_by_code=issuer_by_code,
        locality=locality,
        locality_stop=frozenset(match_key(w) for w in data["locality_stop_words"]),
        term=term,
        subject=subject,
        continues=continues,
        implements_before=implements_before,
        retrospective=retrospective,
        connector=connector,
        alias=alias,
        named_rules=tuple(named_rules),
        named_groups=named_groups,
        named_markers=tuple(marker for marker, _ in named_groups),
        law_stop=frozenset(match_key(w) for w in data["law_stop_words"]),
        law_comma=tuple(
            (match_key(a).strip(), match_key(b).strip())
            for a, b in (p.split(",", 1) for p in data["law_comma_pairs"])
        ),
        ordinals={match_key(str(k)): int(v) for k, v in data.get("ordinal_words", {}).items()},
        raw=data,
    )


__all__ = ["BARE_SYMBOL_RE", "DASH", "Rules", "rules", "rule_regex", "phrase_regex", "tone_variants"]
