"""Checks every ``examples`` entry of ingest/rules/citations.yaml against the real citation extractor.

Returns a list of failures (empty when all pass), in the same style as the other ``rule_checkers_*``
modules, so that tests/test_rule_examples.py can dispatch by rules-file name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ingest.citations import extract_citations
from ingest.dates import parse_date
from ingest.find import rules as compiled_rules
from ingest.models import Citation
from ingest.rules import load_rules
from ingest.text import SourceText


def citations_of(text: str) -> list[Citation]:
    return extract_citations(SourceText.identity("example", text))[0]


def _first_numbered(text: str) -> dict[str, Any] | None:
    found = [c for c in citations_of(text) if c.symbol]
    return {"symbol": found[0].symbol, "kind": found[0].kind} if found else None


def _first_symbol(text: str) -> str | None:
    found = [c for c in citations_of(text) if c.symbol]
    return found[0].symbol if found else None


def _issuer_after_symbol(text: str) -> dict[str, Any]:
    """``text`` is what follows a symbol; read it as the tail of a citation."""
    found = [c for c in citations_of("Nghị quyết số 01-NQ/TW" + text) if c.symbol]
    return {"issuer": found[0].issuer, "term": found[0].term} if found else {}


def _term(text: str) -> str | None:
    found = [c for c in citations_of("Nghị quyết số 01-NQ/TW của Bộ Chính trị " + text) if c.symbol]
    return found[0].term if found else None


def _relations(text: str) -> dict[str, list[str]]:
    found = [c for c in citations_of(text) if c.symbol]
    return {
        "implements": [c.symbol for c in found if c.relation == "implements"],
        "cites": [c.symbol for c in found if c.relation == "cites"],
    }


def _alias(text: str) -> str | None:
    m = compiled_rules().alias.match(text)
    return m.group(1) if m else None


def _named(text: str) -> dict[str, Any] | None:
    found = [c for c in citations_of(text) if c.symbol is None]
    if not found:
        return None
    return {"name": found[0].name, "kind": found[0].kind, "issuer": found[0].issuer, "term": found[0].term}


def _matches(expect: Any, got: Any) -> bool:
    """Dict expectations only constrain the keys they name."""
    if isinstance(expect, dict) and isinstance(got, dict):
        return all(got.get(k) == v for k, v in expect.items())
    return expect == got


def _run(examples: Iterable[dict[str, Any]] | None, fn: Callable[[str], Any], where: str) -> list[str]:
    failures = []
    if not examples:
        return [f"{where}: no examples"]
    for ex in examples:
        got = fn(ex["text"])
        if not _matches(ex["expect"], got):
            failures.append(f"{where}: {ex['text']!r}: expected {ex['expect']!r}, got {got!r}")
    return failures


def check_citations_examples(rules: dict[str, Any] | None = None) -> list[str]:
    rules = rules or load_rules("citations")
    failures: list[str] = []
    for entry in rules["kinds"]:
        failures += _run(entry.get("examples"), _first_numbered, f"kinds[{entry['name']}]")
    failures += _run(rules["party_issuer_codes"].get("examples"), _first_symbol, "party_issuer_codes")
    for entry in rules["issuers"]:
        failures += _run(entry.get("examples"), _issuer_after_symbol, f"issuers[{entry['name']}]")
    failures += _run(rules["term"].get("examples"), _term, "term")
    failures += _run(rules["dates"].get("examples"), parse_date, "dates")
    for name, section in rules["relations"].items():
        failures += _run(section.get("examples"), _relations, f"relations[{name}]")
    failures += _run(rules["aliases"].get("examples"), _alias, "aliases")
    for entry in rules["named_references"]:
        failures += _run(entry.get("examples"), _named, f"named_references[{entry['id']}]")
    return failures
