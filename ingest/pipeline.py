"""One file in, one :class:`ExtractResult` out: reader -> citations -> document metadata -> structure.

Citations come first because the other stages use them: the metadata's ``implements`` is the set of
citations with relation ``implements``, and tasks list the citations that occur inside them.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from ingest import EXTRACTOR_VERSION
from ingest.citations import extract_citations
from ingest.metadata import extract_metadata
from ingest.models import ExtractResult
from ingest.reader import read_file
from ingest.structure import extract_structure
from ingest.tasks import lowered
from ingest.text import ReadError, SourceText
from ingest.vietnamese import canonical_tones_nfc

_HASH_DROP = b" \t\n\r\x0b\x0c*#"


@cache
def _fold_differs() -> re.Pattern[str]:
    """Characters whose ``casefold()`` is not their ``lower()`` ("ß", "ς", "ﬁ" ...; every non-BMP one, to be
    safe with later Unicode versions): a text without them folds to its lower case."""
    chars = "".join(chr(c) for c in range(0x10000) if chr(c).casefold() != chr(c).lower())
    return re.compile(f"[{re.escape(chars)}\U00010000-\U0010ffff]")


def content_hash(src: SourceText, low: str | None = None) -> str:
    """A hash of the document's words, independent of format, markup, white space and tone placement.

    Why: an ingested document without its own symbol is identified by its content, and re-ingesting it
    from a .docx instead of a .txt must hit the same node. White space and leftover markup bytes are
    deleted (not collapsed) on the encoded text: one C-level pass instead of a split/join over the words.
    ``low`` may pass ``src.text.lower()`` (the structure stage's copy): moving tones commutes with lower
    case, so the key is then made without a second full case-folding pass when that equals case folding.
    """
    if low is not None and _fold_differs().search(low) is None:
        folded = canonical_tones_nfc(low.replace("\xa0", " "))
    else:
        folded = canonical_tones_nfc(src.text.replace("\xa0", " ")).casefold()
    return hashlib.sha256(folded.encode("utf-8").translate(None, _HASH_DROP)).hexdigest()


def extract_source(src: SourceText) -> ExtractResult:
    """Run every extractor on an already-read text."""
    citations, links, cw = extract_citations(src)
    document, mw = extract_metadata(src, citations)
    low = lowered(src.text)  # shared by the structure stage and the content hash
    sections, tasks, targets, sw = extract_structure(src, citations, low)
    return ExtractResult(
        source=src.path,
        document=document,
        citations=tuple(citations),
        citation_links=tuple(links),
        sections=tuple(sections),
        tasks=tuple(tasks),
        targets=tuple(targets),
        warnings=(*src.warnings, *cw, *mw, *sw),
        content_hash=content_hash(src, low),
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
