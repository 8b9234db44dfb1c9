"""Normalized document symbols: "62- KL/TW" -> "62-KL/TW", "06-Ctr/TU" -> "06-CTr/TU", "217/QĐ-TW" -> "217-QĐ/TW".

Why: one document is written many ways (spaces or dashes inside, lower-case codes, a Party symbol written
in the state shape); the graph needs one key per document. Party symbols are NUMBER-KIND/ISSUER, state
ones NUMBER[/YEAR]/KIND-ISSUER or NUMBER/YEAR/QHnn. The number keeps its leading zeros ("05-CT/TW"), as
written on the document itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.find import DASH, rules

_DASH_RE = re.compile(DASH)
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Symbol:
    """A parsed symbol: what the graph needs to identify and describe the document."""

    text: str  # normalized
    system: str  # "party" or "state"
    number: str
    kind_code: str | None
    issuer_code: str
    year: int | None = None


def canonical_code(code: str) -> str:
    """Kind code in its usual spelling ("Ctr" -> "CTr", "qđ" -> "QĐ"); unknown codes are upper-cased."""
    return rules().code_spelling.get(code.casefold(), code.upper())


_GROUPS = ("pn", "pk", "pi", "sn", "sy", "sk", "si", "ln", "ly", "li")
_BY_GROUPS: dict[tuple[str | None, ...], Symbol] = {}  # the written parts -> their symbol (a few per text)
_BY_GROUPS_MAX = 4096


def from_match(m: re.Match[str]) -> Symbol:
    """Build the symbol from a match of the anchor pattern (groups pn/pk/pi, sn/sy/sk/si, ln/ly/li).

    Cached on the written parts (short strings): a text cites a few documents many times, and a corpus
    cites the same central documents again and again; the symbol is immutable, so hits may share it."""
    key = m.group(*_GROUPS)
    sym = _BY_GROUPS.get(key)
    if sym is None:
        if len(_BY_GROUPS) >= _BY_GROUPS_MAX:
            _BY_GROUPS.clear()
        sym = _BY_GROUPS[key] = _from_match(m)
    return sym


def _from_match(m: re.Match[str]) -> Symbol:
    r = rules()
    if m.group("pn") is not None:
        number, kind, issuer = m.group("pn"), canonical_code(m.group("pk")), m.group("pi").upper()
        return Symbol(f"{number}-{kind}/{issuer}", "party", number, kind, issuer)
    if m.group("sn") is not None:
        number, year, kind = m.group("sn"), m.group("sy"), canonical_code(m.group("sk"))
        issuer = _DASH_RE.sub("-", _WS.sub("", m.group("si")))
        if year is None and issuer.upper() in r.party_issuer_codes:  # "217/QĐ-TW": a Party symbol
            issuer = issuer.upper()
            return Symbol(f"{number}-{kind}/{issuer}", "party", number, kind, issuer)
        text = f"{number}/{year}/{kind}-{issuer}" if year else f"{number}/{kind}-{issuer}"
        return Symbol(text, "state", number, kind, issuer, int(year) if year else None)
    number, year, issuer = m.group("ln"), m.group("ly"), m.group("li").upper()
    return Symbol(f"{number}/{year}/{issuer}", "state", number, None, issuer, int(year))


def normalize_symbol(text: str) -> str | None:
    """Normalize one written symbol ("21 – NQ/TW" -> "21-NQ/TW"); None if ``text`` holds none."""
    for m in rules().anchor.finditer(text):
        if m.group("pn") is not None or m.group("sn") is not None or m.group("ln") is not None:
            return from_match(m).text
    return None


__all__ = ["Symbol", "canonical_code", "from_match", "normalize_symbol"]
