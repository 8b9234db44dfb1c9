"""Every ``examples`` entry of every rules file is checked against the real extractor.

Each rules file (ingest/rules/<name>.yaml) has a checker: a function ``check_<name>_examples(rules=None)``
returning the list of failing examples, in the module ``tests/rule_checkers_<module>.py`` named in
CHECKERS (the structure helper keeps structure.yaml and agencies.yaml checkers in one module). A rules
file without a checker yet is skipped (with the reason), never silently passed.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest

from ingest.rules import load_rules, rule_files

# rules file -> (checker module, function)
CHECKERS: dict[str, tuple[str, str]] = {
    "citations": ("rule_checkers_citations", "check_citations_examples"),
    "document": ("rule_checkers_document", "check_document_examples"),
    "localities": ("rule_checkers_document", "check_localities_examples"),
    "structure": ("rule_checkers_structure", "check_structure_examples"),
    "agencies": ("rule_checkers_structure", "check_agencies_examples"),
}


def _checker(name: str) -> Callable[..., list[str]] | None:
    if name not in CHECKERS:
        return None
    module_name, function = CHECKERS[name]
    for qualified in (module_name, f"tests.{module_name}"):
        try:
            module = importlib.import_module(qualified)
        except ModuleNotFoundError:
            continue
        return getattr(module, function, None)
    return None


def _examples(node: Any) -> int:
    """How many examples a rules tree holds (to catch a file whose checker silently checks nothing)."""
    if isinstance(node, dict):
        own = len(node["examples"]) if isinstance(node.get("examples"), list) else 0
        return own + sum(_examples(v) for k, v in node.items() if k != "examples")
    if isinstance(node, list):
        return sum(_examples(v) for v in node)
    return 0


@pytest.mark.parametrize("name", rule_files())
def test_rule_file_examples(name):
    checker = _checker(name)
    if checker is None:
        pytest.skip(f"no example checker for ingest/rules/{name}.yaml yet")
    failures = checker(load_rules(name))
    assert not failures, "\n".join(failures)


def test_every_citation_rule_has_examples():
    """Each vocabulary entry of citations.yaml carries real phrasings."""
    data = load_rules("citations")
    missing = [e["name"] for e in data["kinds"] if not e.get("examples")]
    missing += [e["name"] for e in data["issuers"] if not e.get("examples")]
    missing += [e["id"] for e in data["named_references"] if not e.get("examples")]
    missing += [k for k in ("party_issuer_codes", "term", "dates", "aliases") if not data[k].get("examples")]
    missing += [k for k, v in data["relations"].items() if not v.get("examples")]
    assert not missing
    assert _examples(data) >= 60


def test_checker_catches_a_wrong_example():
    """The citations checker is not vacuous: a wrong expectation is reported."""
    data = load_rules("citations")
    broken = dict(data)
    broken["dates"] = {"examples": [{"text": "ngày 03/6/2013", "expect": "2013-03-06"}]}
    failures = _checker("citations")(broken)
    assert any("2013-03-06" in f for f in failures)
