"""One file in, one :class:`ExtractResult` out: reader -> citations -> document metadata -> structure.

Citations come first because the other stages use them: the metadata's ``implements`` is the set of
citations with relation ``implements``, and tasks list the citations that occur inside them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest import EXTRACTOR_VERSION
from ingest.citations import extract_citations
from ingest.metadata import extract_metadata
from ingest.models import ExtractResult
from ingest.reader import read_file
from ingest.structure import extract_structure
from ingest.text import ReadError, SourceText
from ingest.vietnamese import canonical_tones_folded

_HASH_DROP = b" \t\n\r\x0b\x0c*#"


def content_hash(src: SourceText) -> str:
    """A hash of the document's words, independent of format, markup, white space and tone placement.

    Why: an ingested document without its own symbol is identified by its content, and re-ingesting it
    from a .docx instead of a .txt must hit the same node. White space and leftover markup bytes are
    deleted (not collapsed) on the encoded text: one C-level pass instead of a split/join over the words.
    A reader's text is NFC already (see :class:`SourceText`), so the normalization check is skipped, and
    the tone placement is unified after casefolding (same key, cheaper scan: see canonical_tones_folded).
    """
    key = canonical_tones_folded(src.text.replace("\xa0", " ").casefold()).encode("utf-8")
    return hashlib.sha256(key.translate(None, _HASH_DROP)).hexdigest()


def extract_source(src: SourceText) -> ExtractResult:
    """Run every extractor on an already-read text."""
    citations, links, cw = extract_citations(src)
    document, mw = extract_metadata(src, citations)
    sections, tasks, targets, sw = extract_structure(src, citations)
    return ExtractResult(
        source=src.path,
        document=document,
        citations=tuple(citations),
        citation_links=tuple(links),
        sections=tuple(sections),
        tasks=tuple(tasks),
        targets=tuple(targets),
        warnings=(*src.warnings, *cw, *mw, *sw),
        content_hash=content_hash(src),
        format=src.format,
        encoding=src.encoding,
        extractor_version=EXTRACTOR_VERSION,
    )


def extract_file(path: str | Path) -> ExtractResult:
    """Read and extract one file; a file that cannot be read gives a result with ``error`` set, never raises."""
    source = str(path)
    try:
        src = read_file(source)
    except ReadError as exc:
        return ExtractResult(source=source, error=exc.problem, extractor_version=EXTRACTOR_VERSION)
    return extract_source(src)
