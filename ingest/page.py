"""The page of a Party document as lines and table cells, and the vocabularies of ``rules/document.yaml``.

Why a module of its own: the head reader (:mod:`ingest.layout`) and the footer reader (:mod:`ingest.footer`)
both work on the same cheap line/cell split and the same compiled vocabularies; compiling them once here
keeps the two readers independent of each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from itertools import accumulate, repeat
from operator import add
from typing import Any, NamedTuple

from ingest.localities import old_style_tones
from ingest.rules import load_rules
from ingest.vietnamese import canonical_tones, match_key

_STRIP = " \t*#_>"
_CELL_SPLIT = re.compile(r"\t+| {3,}")


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
    issuer_phrase: re.Pattern[str]  # without the word-start check: see issuer_in_sentence
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
    closing = "|".join(re.escape(match_key(c)) for c in phrases["closing"])
    word = r"[^\s,;:.!?\"“”()]+"
    # no leading "(?<![^\W_])": a leading look-behind makes the engine attempt a match at every position
    # instead of skipping to the bodies' first letters; issuer_in_sentence checks the word start itself
    issuer_phrase = re.compile(
        rf"(?P<body>{body_regex})(?:\s+{word}){{0,3}}?\s*,?\s+"
        rf"(?:(?:{verbs})(?:\s+{word}){{0,2}}?\s+(?:{objects})(?![^\W_])"
        rf"|(?:{verbs})(?:\s+{word}){{0,8}}?\s+(?:{closing})\s*:|(?:{alone})\s*:)"
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


def split_lines(text: str, lo: int, hi: int) -> list[Line]:
    """The lines of ``text[lo:hi]`` (a final line break opens no further line), built with C-level
    split/accumulate/map rather than a find loop."""
    parts = text[lo:hi].split("\n")
    if parts[-1] == "":
        parts.pop()
    lengths = list(map(len, parts))
    starts = list(accumulate(map((1).__add__, lengths), initial=lo))  # one more than lines: zip stops
    rows = zip(starts, map(add, starts, lengths), parts, strict=False)
    # tuple.__new__ builds the named tuples in C; calling Line runs its Python-level __new__ once a line
    return list(map(tuple.__new__, repeat(Line), rows))


def _cells(line: str) -> list[str]:
    """The cells of a flattened table row ("Nơi nhận:<TAB>T/M BAN THƯỜNG VỤ"), markdown stripped."""
    line = line.strip()
    if "\t" not in line and "   " not in line:  # the common case: one cell, no regex split
        plain = _plain(line)
        return [plain] if plain else []
    return [c for c in (_plain(part) for part in _CELL_SPLIT.split(line)) if c]
