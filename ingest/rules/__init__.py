"""Extraction rules as data: every vocabulary the extractors use lives in a YAML file of this folder.

Why data and not code: analysts and reviewers can read and extend the vocabularies (kinds, issuer codes,
relation verbs, section headings, role verbs ...) without reading the matchers, and every entry may carry
``examples`` (real phrasings) that ``tests/test_rule_examples.py`` checks against the extractor.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).resolve().parent


@cache
def load_rules(name: str) -> dict[str, Any]:
    """Load ``<name>.yaml`` from this folder (cached; treat the result as read-only)."""
    path = RULES_DIR / f"{name}.yaml"
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a rules file must be a mapping at the top level")
    return data


def rule_files() -> list[str]:
    """Names of every rules file, for tests that check all ``examples``."""
    return sorted(p.stem for p in RULES_DIR.glob("*.yaml"))
