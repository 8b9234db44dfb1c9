"""A regular (non-editable) install must carry the named queries and the web page, and the code must find them.

In a checkout they are read in place; a wheel puts them under ``<prefix>/share/vankien`` through the
``data-files`` table of pyproject.toml. These tests check that table against the folders and the lookup
against a fake installed prefix, without building a wheel (which would need the network for build isolation).
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import pytest

from vankien import resources

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("folder", ["queries", "web"])
def test_data_files_table_ships_every_file(folder: str) -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    table = pyproject["tool"]["setuptools"]["data-files"]
    shipped = {p for pattern in table[f"share/vankien/{folder}"] for p in ROOT.glob(pattern)}
    on_disk = {p for p in (ROOT / folder).iterdir() if p.is_file()}
    assert on_disk, f"{folder}/ is empty"
    assert on_disk == shipped, f"not shipped in a wheel: {sorted(p.name for p in on_disk - shipped)}"


def test_checkout_folders_are_used_in_place() -> None:
    from api.settings import Settings
    from graph.named_queries import QUERIES_DIR

    assert QUERIES_DIR == ROOT / "queries"
    assert Settings().web_dir == ROOT / "web"


def test_installed_copy_found_when_not_in_a_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    prefix = tmp_path / "venv"
    installed = prefix / "share" / "vankien" / "queries"
    installed.mkdir(parents=True)
    (installed / "lineage.rq").write_bytes((ROOT / "queries" / "lineage.rq").read_bytes())
    monkeypatch.setattr(resources, "REPO_ROOT", tmp_path / "site-packages")
    monkeypatch.setattr(resources.sysconfig, "get_path", lambda name: str(prefix))
    monkeypatch.setattr(sys, "prefix", str(prefix))
    assert resources.data_dir("queries") == installed

    from graph.named_queries import load_query

    query = load_query("lineage", "sparql", directory=resources.data_dir("queries"))
    assert query.path == installed / "lineage.rq"
