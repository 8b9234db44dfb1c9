"""Named queries shared by the code, the tests and analysts: ``queries/<name>.cypher`` and ``queries/<name>.rq``.

Why files and not strings in code: an analyst pastes the same text into Neo4j Browser or a SPARQL endpoint
that the tests run, so the two cannot drift. Each file starts with a comment header::

    // name: implementers
    // params: id (node id of the directive)
    // answers: documents implementing the directive, directly or through chains

(``#`` instead of ``//`` in SPARQL). Cypher files are written in the subset FalkorDB understands; a file
``<name>.neo4j.cypher`` overrides ``<name>.cypher`` for the "neo4j" dialect when Neo4j needs other syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from vankien.resources import data_dir

QUERIES_DIR = data_dir("queries")
DIALECTS = ("neo4j", "falkordb", "sparql")
_HEADER = re.compile(r"^\s*(?://|#)\s*(name|params|answers)\s*:\s*(.*?)\s*$")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    language: str  # "cypher" | "sparql"
    path: Path
    text: str
    params: str
    answers: str


def _parse(path: Path, language: str) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        m = _HEADER.match(line)
        if m:
            header[m.group(1)] = m.group(2)
        elif line.strip() and not line.lstrip().startswith(("//", "#")):
            break
    missing = {"name", "params", "answers"} - set(header)
    if missing:
        raise ValueError(f"{path}: header lacks {sorted(missing)}")
    return NamedQuery(header["name"], language, path, text, header["params"], header["answers"])


def load_query(name: str, dialect: str, directory: Path | None = None) -> NamedQuery:
    """The query ``name`` for ``dialect`` ("neo4j", "falkordb" or "sparql"); KeyError when there is none."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}; expected one of {', '.join(DIALECTS)}")
    folder = directory or QUERIES_DIR
    if dialect == "sparql":
        candidates = [folder / f"{name}.rq"]
    else:
        candidates = [folder / f"{name}.neo4j.cypher"] if dialect == "neo4j" else []
        candidates.append(folder / f"{name}.cypher")
    for path in candidates:
        if path.is_file():
            return _parse(path, "sparql" if dialect == "sparql" else "cypher")
    raise KeyError(f"no {dialect} query named {name!r} in {folder}")


def query_names(language: str, directory: Path | None = None) -> list[str]:
    """Names of every query in one language ("cypher" or "sparql"), sorted."""
    folder = directory or QUERIES_DIR
    suffix = ".rq" if language == "sparql" else ".cypher"
    names = {p.name[: -len(suffix)] for p in folder.glob(f"*{suffix}")}
    return sorted(n for n in names if not n.endswith(".neo4j"))
