"""Example checkers for ingest/rules/structure.yaml and ingest/rules/agencies.yaml.

tests/test_rule_examples.py dispatches to ``check_structure_examples`` / ``check_agencies_examples``; each
takes the loaded rules (default: the files) and returns one message per failing example. The examples are
run through the real extractor functions, so an example that no longer holds fails the suite.
"""

from __future__ import annotations

from typing import Any

from ingest.agencies import agency_key, match_list
from ingest.assignments import analyze
from ingest.deadlines import find_deadline, find_time_expressions, in_cited_title
from ingest.rules import load_rules
from ingest.sections import _patterns, body_end, numbered_lines, section_type


def _pairs(text: str) -> set[tuple[str, str]]:
    return {(h.key, h.role) for h in analyze(text, 0, len(text))}


def _expected_pairs(expect: list[list[str]]) -> set[tuple[str, str]]:
    return {(agency_key(agency), role) for agency, role in expect}


def check_structure_examples(rules: dict[str, Any] | None = None) -> list[str]:
    rules = rules or load_rules("structure")
    fails: list[str] = []

    def check(where: str, text: str, want: Any, got: Any) -> None:
        if want != got:
            fails.append(f"structure.yaml {where}: {text!r}: expected {want!r}, got {got!r}")

    for entry in rules["numbering"]:
        for ex in entry["examples"]:
            lines = numbered_lines(ex["text"])
            got = [lines[0].style, lines[0].num] if lines else None
            check(f"numbering/{entry['style']}", ex["text"], ex["expect"], got)
    for entry in rules["section_types"]:
        for ex in entry["examples"]:
            check(f"section_types/{entry['type']}", ex["text"], ex["expect"], section_type(ex["text"]))
    for entry in rules["body_end"]:
        for ex in entry["examples"]:
            check(f"body_end/{entry['name']}", ex["text"], ex["expect"], body_end(ex["text"]) == 0)
    for ex in rules["targets_heading"]["examples"]:
        lines = numbered_lines(ex["text"])
        heading = ex["text"][lines[0].body :] if lines else ex["text"]
        check("targets_heading", ex["text"], ex["expect"], bool(_patterns()["targets"].match(heading)))
    for name, entry in rules["roles"].items():
        for ex in entry["examples"]:
            check(f"roles/{name}", ex["text"], _expected_pairs(ex["expect"]), _pairs(ex["text"]))
    for entry in rules["openers"]:
        for ex in entry["examples"]:
            check(f"openers/{entry['mode']}", ex["text"], _expected_pairs(ex["expect"]), _pairs(ex["text"]))
    for ex in rules["requests"]["examples"]:
        check("requests", ex["text"], _expected_pairs(ex["expect"]), _pairs(ex["text"]))
    for ex in rules["object_labels"]["examples"]:
        check("object_labels", ex["text"], _expected_pairs(ex["expect"]), _pairs(ex["text"]))
    for entry in rules["deadlines"]:
        for ex in entry["examples"]:
            d = find_deadline(ex["text"])
            got = [d.text, d.date or d.period] if d and (d.date or d.period) else None
            check(f"deadlines/{entry['kind']}", ex["text"], ex["expect"], got)
    for ex in rules["report_period"]["examples"]:
        d = find_deadline(ex["text"])
        got = [d.text, d.period] if d and d.period else None
        check("report_period", ex["text"], ex["expect"], got)
    for ex in rules["time_expressions"]["examples"]:
        d = find_deadline(ex["text"])
        skip = (d.start, d.end) if d else None
        got = [t for t, _, _ in find_time_expressions(ex["text"], skip=skip)]
        check("time_expressions", ex["text"], ex["expect"], got)
    for ex in rules["cited_title"]["examples"]:
        got = [t for t, a, _ in find_time_expressions(ex["text"]) if not in_cited_title(ex["text"], 0, a)]
        check("cited_title", ex["text"], ex["expect"], got)
    return fails


def check_agencies_examples(rules: dict[str, Any] | None = None) -> list[str]:
    rules = rules or load_rules("agencies")
    fails: list[str] = []
    for section in ("collective", "heads", "persons"):
        for entry in rules[section]:
            for ex in entry.get("examples", []):
                lst = match_list(ex["text"], 0)
                got = [f.text for f in lst.agencies] if lst else []
                if got != ex["expect"]:
                    fails.append(
                        f"agencies.yaml {section}/{entry['name']}: {ex['text']!r}: expected {ex['expect']!r}, got {got!r}"
                    )
    for entry in rules["abbreviations"]:
        for ex in entry["examples"]:
            got = agency_key(ex["text"])
            if got != ex["expect"]:
                fails.append(
                    f"agencies.yaml abbreviations/{entry['abbr']}: {ex['text']!r}: expected {ex['expect']!r}, got {got!r}"
                )
    return fails
