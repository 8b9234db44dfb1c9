"""Checkers for the `examples` of ingest/rules/document.yaml and ingest/rules/localities.yaml.

Each checker runs every example through the real extractor function the rule feeds and returns the list of
failures (empty when all pass), so that tests/test_rule_examples.py can dispatch by rules-file name:
``{"document": check_document_examples, "localities": check_localities_examples}``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ingest import layout
from ingest.localities import find_localities
from ingest.metadata import archive_level
from ingest.page import split_lines
from ingest.rules import load_rules


def _lines(text: str) -> list[layout.Line]:
    return split_lines(text, 0, len(text))


def _kind(text: str) -> str | None:
    found = layout.heading_kind(text)
    return found[0] if found else None


def _stamp(text: str) -> dict[str, Any] | None:
    found = layout.find_stamp(_lines(text))
    return found[0] if found else None


def _recipients(text: str) -> list[str]:
    return layout.find_recipients(_lines(text))[0]


def _header(text: str) -> dict[str, str] | None:
    return layout.header_line(text)


def _run(examples: Iterable[dict[str, Any]], fn: Callable[[str], Any], where: str) -> list[str]:
    failures = []
    for ex in examples or ():
        got = fn(ex["text"])
        if got != ex["expect"]:
            failures.append(f"{where}: {ex['text']!r}: expected {ex['expect']!r}, got {got!r}")
    return failures


def check_document_examples(rules: dict[str, Any] | None = None) -> list[str]:
    """Failures among the examples of document.yaml (every section that carries examples)."""
    rules = rules or load_rules("document")
    failures: list[str] = []
    for entry in rules["headings"]:
        failures += _run(entry.get("examples"), _kind, f"headings[{entry['kind']}]")
    failures += _run(rules["issuer_phrases"]["examples"], layout.issuer_in_sentence, "issuer_phrases")
    failures += _run(rules["issuer_line"]["examples"], layout.issuer_of_line, "issuer_line")
    for entry in rules["header_lines"]:
        failures += _run(entry.get("examples"), _header, f"header_lines[{entry['level']}]")
    failures += _run(rules["own_symbol"]["examples"], layout.own_symbol, "own_symbol")
    failures += _run(rules["own_date"]["examples"], layout.own_date, "own_date")
    failures += _run(rules["stamps"]["examples"], _stamp, "stamps")
    failures += _run(rules["on_behalf_of"]["examples"], layout.on_behalf_of, "on_behalf_of")
    for entry in rules["signer_roles"]:
        failures += _run(entry.get("examples"), layout.signer_role, f"signer_roles[{entry['role']}]")
    failures += _run(rules["recipients"]["examples"], _recipients, "recipients")
    for entry in rules["archive_hints"]["levels"]:
        failures += _run(entry.get("examples"), archive_level, f"archive_hints[{entry['level']}]")
    return failures


def _locality(text: str) -> dict[str, str]:
    found = find_localities(text)
    return {k: v for k, v in (("province", found.province), ("district", found.district)) if v}


def check_localities_examples(rules: dict[str, Any] | None = None) -> list[str]:
    """Failures among the examples of localities.yaml."""
    rules = rules or load_rules("localities")
    failures: list[str] = []
    for entry in rules["patterns"]:
        failures += _run(entry.get("examples"), _locality, f"patterns[{entry['level']}]")
    return failures


CHECKERS = {"document": check_document_examples, "localities": check_localities_examples}


def count_examples(name: str) -> int:
    """How many examples a rules file carries (so a test can assert the checker saw them all)."""

    def walk(node: Any) -> int:
        if isinstance(node, dict):
            return sum(len(v) if k == "examples" else walk(v) for k, v in node.items())
        if isinstance(node, list):
            return sum(walk(v) for v in node)
        return 0

    return walk(load_rules(name))
