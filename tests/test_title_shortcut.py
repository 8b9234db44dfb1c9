"""The title reader checks each line once for "ends the title", with the same titles as the plain form.

Why this test: the title loop used to ask "opening sentence?" and "stop line?" separately (each making the
line's match_key, a whole paragraph for the opening) and again for a wrapped line, and re-joined the picked
lines for every candidate. The rewrite is only allowed because it picks exactly the same lines and text; the
plain form is spelled out here and compared on the heads of real documents and on shuffled head lines.
"""

from __future__ import annotations

import random
from pathlib import Path

from ingest.layout import _DANGLING, _QUOTES, _SECTION, _SEPARATOR, _title, heading_kind, issuer_in_sentence
from ingest.page import Line, _vocab, split_lines
from ingest.reader import read_file
from ingest.vietnamese import collapse_ws, match_key


def _is_stop(plain: str) -> bool:
    if _SEPARATOR.match(plain) or _SECTION.match(plain):
        return True
    key = match_key(plain)
    return bool(_vocab().stamp_marker.match(key)) or key.startswith(("căn cứ", "kính gửi", "số:", "ngày:"))


def _looks_opening(plain: str) -> bool:
    return (
        plain.endswith(":") or (len(plain) > 250 and plain.endswith(".")) or bool(issuer_in_sentence(plain))
    )


def _continues(title: str, plain: str) -> bool:
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


def _plain_title(lines: list[Line], first: int) -> tuple[list[Line], str | None]:
    picked: list[Line] = []
    adjacent = True
    for line in lines[first:]:
        plain = line.plain
        if not plain:
            adjacent = False
            continue
        if not picked:
            if _is_stop(plain) or _looks_opening(plain) or heading_kind(plain):
                break
            picked.append(line)
            continue
        text = collapse_ws(" ".join(p.plain for p in picked))
        wrapped = adjacent and not text.endswith((".", ":", ";")) and not plain.isupper()
        if (
            len(picked) >= 8
            or len(text) > 700
            or not (_continues(text, plain) or wrapped and not _looks_opening(plain) and not _is_stop(plain))
        ):
            break
        picked.append(line)
        adjacent = True
    if not picked:
        return [], None
    return picked, collapse_ws(" ".join(p.plain for p in picked))


def test_title_reader_matches_the_plain_form(samples_dir):
    paths = sorted(samples_dir.glob("*.txt")) + sorted(
        (Path(__file__).parent / "data" / "unseen").rglob("*.*")
    )
    heads = [
        split_lines(text, 0, min(len(text), 8000))
        for text in (read_file(str(p)).text for p in paths if p.suffix != ".json")
    ]
    rng = random.Random(3)
    pool = [line for head in heads for line in head]
    heads += [[rng.choice(pool) for _ in range(rng.randint(1, 12))] for _ in range(3000)]
    for head in heads:
        for first in range(min(len(head), 40)):
            assert _title(head, first) == _plain_title(head, first)
