"""The reader and citation speed shortcuts give the same answers as the plain forms they replace.

Why these tests: each rewrite (a test on the UTF-8 bytes instead of the decoded text, an NFC check spared
when no seam can compose, a regex branch moved first, line starts built in C, one bisection per span, a
collapse skipped, results cached on short strings) is only allowed because it is exactly equivalent; a
slip would silently change decoding decisions, offsets, sentences or citation kinds. Each test compares
against the plain form on the seed and unseen files and on the corner cases the rewrite argues about.
"""

from __future__ import annotations

import random
import re
import unicodedata
from pathlib import Path

from ingest.citation_context import _kind_for, kind_rule, read_hits
from ingest.clean import _HTML, _MARKDOWN, _PATTERNS, _PLAIN, _apply, clean
from ingest.encodings import _SUSPECT, _VNI_MARKS, _utf8_clear
from ingest.find import rules
from ingest.reader import read_file
from ingest.symbols import _from_match, from_match
from ingest.text import SourceText
from ingest.vietnamese import collapse_ws

_DATA = Path(__file__).parent / "data" / "unseen"


def _raw_texts(samples_dir: Path) -> list[str]:
    paths = sorted(samples_dir.glob("*.txt")) + sorted(_DATA.rglob("*.txt")) + sorted(_DATA.rglob("*.md"))
    return [p.read_text(encoding="utf-8") for p in paths]


def _sources(samples_dir: Path) -> list[SourceText]:
    paths = sorted(samples_dir.glob("*.txt")) + sorted(_DATA.rglob("*.txt")) + sorted(_DATA.rglob("*.html"))
    return [read_file(str(p)) for p in paths]


def test_collapse_ws_skips_only_collapsed_texts(samples_dir):
    cases = [
        "",
        " ",
        "a",
        "a b",
        "a  b",
        " a",
        "a ",
        "a\tb",
        "a\nb",
        "a\u00a0b",
        "a\u2028b",
        "a\x1cb",
        "a\u3000b",
    ]
    cases += [chr(c) for c in range(0x2000, 0x2030)]
    for text in _raw_texts(samples_dir):
        cases += text.split("\n")[:200] + text.split(". ")[:200]
    for case in cases:
        assert collapse_ws(case) == " ".join(case.split()), repr(case)
    # every character str.split() splits on is unprintable, except the plain space
    assert [c for c in map(chr, range(0x110000)) if c.isspace() and c.isprintable()] == [" "]


def test_utf8_clear_bytes_agree_with_the_text_scan(samples_dir):
    texts = _raw_texts(samples_dir)
    texts += [
        "Ñaûng",
        "§¶ng",
        "Äáº£ng",
        "a\u00a0b",
        "Müller",
        "Đảng bộ tỉnh",
        "x\u00bfy",
        "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúý",
    ]
    texts += [f"a{c}b" for c in _VNI_MARKS] + [chr(c) for c in range(0x80, 0x180)]
    for text in texts:
        data = text.encode("utf-8")
        if _utf8_clear(data):
            assert _SUSPECT.search(text) is None, text
    # a damaged file decoded with U+FFFD: still no suspect character the bytes did not show
    for data in (b"\xc3\xa4\xff", b"abc\xc2", b"\xc3\xc3\xa0", b"\xe1\xba\xa1\xc3"):
        text = data.decode("utf-8", errors="replace")
        assert _utf8_clear(data) is False or _SUSPECT.search(text) is None


def _plain_pattern(specs: list[tuple[str, str, str]], nfc: bool) -> re.Pattern[str]:
    """The clean pattern with its branches in rule order (each behind its trigger look-behind)."""
    if nfc:
        specs = [*specs, ("nfc", r"(?<=[\u0300-\u036f])[\u0300-\u036f]*", "\u0300-\u036f")]
    trigger = "".join(dict.fromkeys(first for _, _, first in specs))
    return re.compile(f"[{trigger}](?:{'|'.join(f'(?P<{n}>{r})' for n, r, _ in specs)})")


def test_clean_pattern_with_line_breaks_first_finds_the_same_tokens(samples_dir):
    texts = _raw_texts(samples_dir)
    texts += [
        "\n* a\n## b\n***\n**x**\r\n# c\r* d",
        "a\n\n  * b\n\t#",
        "<b>x</b>&amp;\\*\u200b\u00a0\u2028",
        "e\u0301\u0302",
    ]
    for mode, specs in (("markdown", _MARKDOWN), ("html", _HTML), ("plain", _PLAIN)):
        for nfc in (False, True):
            plain = _plain_pattern(specs, nfc)
            for text in texts:
                got = [(m.span(), m.lastgroup) for m in _PATTERNS[mode, nfc].finditer(text)]
                assert got == [(m.span(), m.lastgroup) for m in plain.finditer(text)], (mode, nfc)


def test_stable_seams_give_nfc_text(samples_dir):
    """Where :func:`_apply` calls every seam stable, an NFC raw text really gives an NFC text."""
    raws = _raw_texts(samples_dir)
    # markup removed before every BMP character (combining marks, Hangul vowels, Indic signs included)
    probe = "".join(f"{base}**{chr(c)} " for c in range(0x80, 0x10000) for base in ("a", "\u1100"))
    raws.append(unicodedata.normalize("NFC", probe))
    raws += ["*“a”*", "**Đảng**", "e**\u0301**", "&#769;", "a&#x301;b", "a\\\u0301"]
    for raw in raws:
        if not unicodedata.is_normalized("NFC", raw):
            continue
        text, _segments, _warnings = clean(raw)
        assert unicodedata.is_normalized("NFC", text), repr(raw[:80])
    # the probe text is NFC piece by piece: check each seam the rule calls stable on its own
    for c in map(chr, range(0x80, 0x10000)):
        raw = f"a**{c}"
        _text, _segments, stable = _apply(raw, [(1, 3, "")])
        if stable:  # c neither composes with nor reorders against what precedes it
            for base in ("a", "\u1100", "e\u0301", "\u0301"):
                assert unicodedata.normalize("NFC", base) + c == unicodedata.normalize("NFC", base + c), hex(
                    ord(c)
                )


def test_line_starts_and_raw_spans_match_the_plain_forms(samples_dir):
    rng = random.Random(7)
    for src in _sources(samples_dir):
        src.line_of(0)
        assert src._line_starts == (0, *(m.end() for m in re.finditer("\n", src.raw)))
        n = len(src.text)
        spans = [(a, a + rng.randint(1, 40)) for a in (rng.randrange(n) for _ in range(400))]
        spans += [(k, k + 1) for k, _ in src.segments] + [(max(0, k - 1), k + 2) for k, _ in src.segments]
        for start, end in spans:
            end = min(end, n)
            if end <= start:
                continue
            last = src.to_raw(end - 1)
            plain_first, plain_stop = src.to_raw(start), last + 1
            first, stop = src.raw_span(start, end)
            assert first == plain_first
            if src.raw[last : last + 1] == src.text[end - 1 : end]:
                assert stop == plain_stop


def _plain_kind_for(kind_word, sym):
    """The kind name before caching (the kind word decides when it fits the code, else the default)."""
    rule = kind_rule(kind_word) if kind_word else None
    if rule is not None:
        if sym is None or sym.kind_code is None:
            return rule.name
        if any(c.casefold() == sym.kind_code.casefold() for c in rule.codes):
            return rule.name
    if sym is not None and sym.kind_code:
        default = rules().kind_by_code_default.get(f"{sym.system}:{sym.kind_code.casefold()}")
        if default is not None:
            return default.name
    return rule.name if rule is not None and sym is not None and sym.system == "state" else None


def test_cached_symbols_and_kinds_match_the_plain_forms(samples_dir):
    anchor = rules().anchor
    kind_words = {None, "Nghị quyết", "Chỉ thị", "Thông tri", "Thông tư", "Quyết định"}
    for src in _sources(samples_dir):
        hits, _ = read_hits(src.text)
        kind_words |= {h.kind_word for h in hits}
        for m in anchor.finditer(src.text):
            if m.group("pn", "sn", "ln") != (None, None, None):
                assert from_match(m) == _from_match(m)
                for word in kind_words:
                    assert _kind_for(word, from_match(m)) == _plain_kind_for(word, from_match(m)), word
    for word in kind_words:
        assert _kind_for(word, None) == _plain_kind_for(word, None)


def test_relations_stop_after_the_head_without_changing_them(samples_dir, monkeypatch):
    import ingest.relations as relations

    texts = [src.text for src in _sources(samples_dir)]

    def outcome(text: str) -> list:
        end = relations.head_end(text)
        hits, _ = read_hits(text, end)
        links = relations.assign_relations(text, hits, end)
        return [(h.start, h.implemented, h.continued_by) for h in hits] + [
            (a.start, b.start) for a, b in links
        ]

    fast = [outcome(text) for text in texts]
    monkeypatch.setattr(relations, "_through_head", lambda hits, end: hits)
    assert [outcome(text) for text in texts] == fast
