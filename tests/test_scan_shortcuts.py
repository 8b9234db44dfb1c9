"""The scan shortcuts of the metadata/citation speed pass give the same answers as the plain forms they replace.

Why these tests: each rewrite (a regex reshaped so the engine can skip to candidate characters, a word-start
check moved out of a regex, a bounded rfind, named tuples built in C) is only allowed because it is
exactly equivalent; a slip would silently change titles, issuers, footers or mention sentences. Each test
compares against the plain form on the seed files and on the corner cases the rewrite argues about.
"""

from __future__ import annotations

import re

from ingest.footer import (
    FOOTER_LINES,
    SIGNATURE_LINES_ABOVE,
    TAIL_CHARS,
    _footer_start,
    _role_of,
    find_signer,
    on_behalf_of,
)
from ingest.layout import _body_at_start, issuer_in_sentence
from ingest.page import _STRIP, Line, _cells, _vocab, split_lines
from ingest.reader import read_file
from ingest.resolve_mentions import _NEXT_END
from ingest.vietnamese import match_key

_PLAIN_NEXT_END = re.compile(r"[.;!?](?=\s|\Z)|\n[ \t]*\n")
_SPELLINGS = ("Nơi nhận", "NƠI NHẬN", "Nơi Nhận", "nơi nhận")


def _seed_texts(samples_dir) -> list[str]:
    return [read_file(str(p)).text for p in sorted(samples_dir.glob("*.txt"))]


def _plain_issuer_in_sentence(text: str) -> str | None:
    """The issuer phrase with its word-start look-behind inside the regex (one attempt per character)."""
    m = re.compile(r"(?<![^\W_])" + _vocab().issuer_phrase.pattern).search(match_key(text))
    return _body_at_start(m.group("body")) if m else None


def test_issuer_in_sentence_keeps_the_word_start_rule(samples_dir):
    sentences = [
        "Ban Thường vụ Tỉnh ủy ban hành Kế hoạch thực hiện",
        "xBan Thường vụ Tỉnh ủy ban hành Kế hoạch",  # glued to a letter: the later "Tỉnh ủy" is the body
        "1Ban Thường vụ Huyện ủy xây dựng kế hoạch như sau:",  # glued to a digit
        "_Ban Thường vụ Tỉnh ủy ban hành Kế hoạch",  # "_" is no letter or digit: a word start
        "HuyệnBan Thường vụ Tỉnh ủy ban hành kế hoạch; Ban Thường vụ Huyện ủy ban hành kế hoạch",
        "Thực hiện Chỉ thị số 18-CT/TU, Ban Thường vụ Huyện ủy xây dựng kế hoạch triển khai như sau:",
        "",
    ]
    for text in _seed_texts(samples_dir):
        sentences += text.split("\n")[:80]
    for sentence in sentences:
        assert issuer_in_sentence(sentence) == _plain_issuer_in_sentence(sentence), sentence


def _plain_footer_start(text: str) -> int:
    """The last line-start recipients header of the tail from a full list of occurrences, then lines up."""
    tail_start = max(0, len(text) - TAIL_CHARS)
    found = [
        m.start()
        for spelling in _SPELLINGS
        for m in re.finditer(re.escape(spelling), text)
        if m.start() >= tail_start and not text[text.rfind("\n", 0, m.start()) + 1 : m.start()].strip(_STRIP)
    ]
    last = max(found, default=None)
    pos = text.rfind("\n", 0, last) + 1 if last is not None else len(text)
    for _ in range(FOOTER_LINES if last is None else SIGNATURE_LINES_ABOVE):
        pos = text.rfind("\n", tail_start, max(tail_start, pos - 1))
        if pos < 0:
            return tail_start
    return pos + 1


def test_footer_start_finds_the_last_header_of_any_spelling(samples_dir):
    body = "".join(f"Đoạn {i} của văn bản.\n\n" for i in range(30))
    texts = [
        body + "Nơi nhận:\n- Như trên;\n",
        body + "Nơi nhận:\n- A;\n" + body + "NƠI NHẬN:\n- B;\n",  # a later header of another spelling wins
        body + "NƠI NHẬN:\n- A;\n" + body + "**Nơi nhận:**\n- B;\n",  # markdown before it: still a line start
        body + "Nơi nhận:\n- A;\nxem Nơi nhận ở trên, nơi nhận khác\n",  # later but inside a line: ignored
        body + "Nơi Nhận\tT/M BAN THƯỜNG VỤ\n- A;\n",
        body,  # no header at all
        "Nơi nhận:",
    ]
    for text in texts + _seed_texts(samples_dir):
        assert _footer_start(text) == _plain_footer_start(text)


def test_lines_are_the_named_tuples_of_the_plain_split(samples_dir):
    for text in [*_seed_texts(samples_dir), "", "\n", "a\n\nb", "a\nb\n"]:
        lines = split_lines(text, 0, len(text))
        plain, pos = [], 0
        for part in text.split("\n")[: -1 if text.endswith("\n") or not text else None]:
            plain.append(Line(pos, pos + len(part), part))
            pos += len(part) + 1
        assert lines == plain
        assert all(type(line) is Line and text[line.start : line.end] == line.text for line in lines)


def test_signer_skips_only_cells_no_signature_reader_accepts(samples_dir):
    voc = _vocab()
    initials = voc.behalf_initials | voc.role_initials
    for text in _seed_texts(samples_dir):
        footer = split_lines(text, _footer_start(text), len(text))
        cells = [_cells(line.text) for line in footer]
        for cell in (c for row in cells for c in row):
            if cell[:1] not in initials:
                assert on_behalf_of(cell) is None and _role_of(cell) is None, cell
        assert find_signer(footer, cells)["role"] is not None


def test_next_sentence_end_matches_the_plain_pattern(samples_dir):
    texts = ["a.", "a. b", "a.b", "a;\tb", "a?\n", "x\n \t\ny", "x\n\n", "x\ny", "Số 25-NQ/TW.", "a!"]
    texts += _seed_texts(samples_dir)
    for text in texts:
        for pos in range(0, len(text) + 1, 1 if len(text) < 50 else 37):
            fast, plain = _NEXT_END.search(text, pos), _PLAIN_NEXT_END.search(text, pos)
            assert (fast and fast.span()) == (plain and plain.span()), (text[:40], pos)


def test_plain_equals_asdict_on_real_results(samples_dir):
    """ExtractResult.to_dict (models.plain) gives exactly what dataclasses.asdict gives, types included."""
    from dataclasses import asdict

    from ingest.pipeline import extract_file

    for path in sorted(samples_dir.iterdir()):
        result = extract_file(path)
        assert result.tasks and result.citations  # nested records of every kind are exercised
        assert result.to_dict() == asdict(result)
        assert repr(result.to_dict()) == repr(asdict(result))  # tuples stay tuples, key order kept


def test_cap_and_low_classes_written_as_ranges_hold_the_same_letters():
    """patterns.CAP/LOW write their classes as code-point ranges (the agency grammar inlines them hundreds of
    times); the letters must be exactly those of the plain letter-by-letter class."""
    import re

    from ingest import patterns

    for name, chars in (("CAP", patterns._UPPER), ("LOW", patterns._LOWER)):
        plain = re.compile(f"[{re.escape(chars)}]")
        ranged = re.compile(getattr(patterns, name).removesuffix(r"\w*"))
        assert [
            c for c in map(chr, range(0x2000)) if bool(plain.fullmatch(c)) != bool(ranged.fullmatch(c))
        ] == []
