"""PLACEHOLDER: replaced by the citation extraction work."""

from __future__ import annotations

from ingest.models import Citation, CitationLink
from ingest.text import SourceText


def extract_citations(src: SourceText) -> tuple[list[Citation], list[CitationLink], list[str]]:
    return [], [], []
