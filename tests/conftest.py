"""Shared fixtures: the bundled samples and their gold annotation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
GOLD_PATH = Path(__file__).resolve().parent / "data" / "gold_seeds.json"


def load_gold() -> dict:
    with GOLD_PATH.open(encoding="utf-8") as fh:
        return json.load(fh)["documents"]


SEED_NAMES = sorted(load_gold())


@pytest.fixture(scope="session")
def gold() -> dict:
    return load_gold()


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES
