"""PLACEHOLDER: replaced by the document metadata work."""

from __future__ import annotations

from ingest.models import Citation, DocumentMeta
from ingest.text import SourceText


def extract_metadata(src: SourceText, citations: list[Citation]) -> tuple[DocumentMeta, list[str]]:
    implements = tuple(c.symbol for c in citations if c.relation == "implements" and c.symbol)
    return DocumentMeta(kind=None, implements=implements), []
