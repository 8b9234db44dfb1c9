"""Where the shared data folders are: ``queries/`` (named Cypher/SPARQL) and ``web/`` (the page the API serves).

Why a lookup: in a checkout (and an editable install) they are top-level folders of the repository, which
analysts open and edit in place; a regular wheel install puts them under ``<prefix>/share/vankien/`` (see
``[tool.setuptools.data-files]`` in pyproject.toml), where no path relative to the code reaches them.
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder ``name`` of the checkout when it exists, else the installed copy (which may be missing too)."""
    in_repo = REPO_ROOT / name
    if in_repo.is_dir():
        return in_repo
    for prefix in (sysconfig.get_path("data"), sys.prefix, sys.base_prefix):
        installed = Path(prefix) / "share" / "vankien" / name
        if installed.is_dir():
            return installed
    return in_repo  # reported as missing by the caller, with this path in the message
