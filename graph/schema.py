"""Load and check graph/schema.yaml, the one declaration of node labels, edge types and provenance fields.

Why checked at build time: a fact the schema does not declare would be stored by SQLite but silently lost by
the Neo4j store or the RDF export that read the same schema; :func:`check_fact` rejects it at the source.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SCHEMA_PATH = Path(__file__).resolve().parent / "schema.yaml"


@dataclass(frozen=True)
class EdgeType:
    name: str
    sources: frozenset[str]
    targets: frozenset[str]
    properties: frozenset[str]
    rdf: str | None = None


@dataclass(frozen=True)
class Schema:
    version: int
    labels: dict[str, frozenset[str]]  # label -> property names
    edges: dict[str, EdgeType]
    provenance: tuple[str, ...]
    implementation_edges: tuple[str, ...]
    identity: dict[str, Any]
    raw: dict[str, Any]

    def check_node(self, label: str, props: dict[str, Any]) -> None:
        if label not in self.labels:
            raise ValueError(f"node label {label!r} is not declared in graph/schema.yaml")
        extra = set(props) - self.labels[label]
        if extra:
            raise ValueError(f"{label}: undeclared properties {sorted(extra)}")

    def check_edge(self, etype: str, src_label: str, dst_label: str, props: dict[str, Any]) -> None:
        spec = self.edges.get(etype)
        if spec is None:
            raise ValueError(f"edge type {etype!r} is not declared in graph/schema.yaml")
        if src_label not in spec.sources or dst_label not in spec.targets:
            raise ValueError(f"{etype}: {src_label} -> {dst_label} not allowed by the schema")
        extra = set(props) - spec.properties
        if extra:
            raise ValueError(f"{etype}: undeclared properties {sorted(extra)}")


@cache
def load_schema(path: str | None = None) -> Schema:
    """The parsed schema (cached; treat as read-only)."""
    with Path(path or SCHEMA_PATH).open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    labels = {name: frozenset(spec.get("properties") or {}) for name, spec in data["nodes"].items()}
    edges = {}
    for name, spec in data["edges"].items():
        edges[name] = EdgeType(
            name=name,
            sources=frozenset(spec["from"]),
            targets=frozenset(spec["to"]),
            properties=frozenset(spec.get("properties") or {}),
            rdf=spec.get("rdf"),
        )
        unknown = (edges[name].sources | edges[name].targets) - set(labels)
        if unknown:
            raise ValueError(f"schema edge {name} refers to undeclared labels {sorted(unknown)}")
    return Schema(
        version=int(data["version"]),
        labels=labels,
        edges=edges,
        provenance=tuple(data["provenance"]),
        implementation_edges=tuple(data["implementation_edges"]),
        identity=data["identity"],
        raw=data,
    )
