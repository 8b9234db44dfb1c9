"""Text out of container formats: Word .docx (paragraphs and tables, in order) and PDF (its text layer).

Why separate from :mod:`ingest.reader`: these parsers are third-party code running on untrusted files,
so each is wrapped to turn *any* failure into a one-line :class:`FormatProblem` ("corrupt .docx file:
...") instead of a traceback, and the reader stays about files, sizes and encodings.

The text returned here is the document's ``raw`` text (what offsets refer to): paragraphs are separated
by a blank line, like the converted text files the project also reads; table cells by a tab, table rows
by a newline, so that a table row reads as one line.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator

__all__ = ["FormatProblem", "sniff", "docx_text", "pdf_text"]

MIN_CHARS_PER_PAGE = 20
OCR_HINT = "run OCR first, e.g. `ocrmypdf in.pdf out.pdf`, then ingest the result"


class FormatProblem(ValueError):
    """The container cannot give text; the message is the user-facing problem."""


def sniff(data: bytes) -> str | None:
    """``"pdf"`` or ``"docx"`` when the bytes are one, whatever the file is called; else None."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                if "word/document.xml" in zf.namelist():
                    return "docx"
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
    return None


# --- Word ------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def docx_text(data: bytes) -> str:
    """The text of a .docx: body paragraphs and tables in document order (nested tables included)."""
    try:
        import docx
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise FormatProblem(f"cannot read .docx files: python-docx is not installed ({exc})") from None
    if not data.startswith(b"PK"):
        raise FormatProblem("corrupt .docx file: not a ZIP package (is it an old .doc or a renamed file?)")
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_blocks(document.element.body, document, Paragraph))
    except Exception as exc:  # third-party parser on untrusted input: any failure is a corrupt file
        raise FormatProblem(f"corrupt .docx file: {_reason(exc)}") from None
    return "\n\n".join(b for b in blocks if b.strip())


def _blocks(parent, document, paragraph_cls) -> Iterator[str]:
    """Paragraph texts and table texts under a body/cell element, in order."""
    for child in parent.iterchildren():
        tag = child.tag
        if tag == f"{_W}p":
            yield paragraph_cls(child, document).text
        elif tag == f"{_W}tbl":
            yield _table_text(child, document, paragraph_cls)
        elif tag == f"{_W}sdt":  # content control wrapping paragraphs or tables
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _blocks(content, document, paragraph_cls)


def _table_text(tbl, document, paragraph_cls) -> str:
    rows = []
    for tr in tbl.iterchildren(f"{_W}tr"):
        cells = []
        for tc in tr.iterchildren(f"{_W}tc"):
            text = "\n".join(b for b in _blocks(tc, document, paragraph_cls) if b.strip())
            cells.append(text.strip())
        if any(cells):
            rows.append("\t".join(cells))
    return "\n".join(rows)


# --- PDF -------------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF, pages separated by a blank line; no text at all is an error (scanned PDF)."""
    try:
        from pypdf import PdfReader
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise FormatProblem(f"cannot read PDF files: pypdf is not installed ({exc})") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-but-readable files warn a lot
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise FormatProblem(
                "PDF is encrypted (password protected); remove the protection and ingest again"
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except FormatProblem:
        raise
    except Exception as exc:  # third-party parser on untrusted input: any failure is a corrupt file
        raise FormatProblem(f"corrupt PDF file: {_reason(exc)}") from None
    if not pages:
        raise FormatProblem("PDF has no pages")
    text = "\n\n".join(p.strip("\n") for p in pages)
    # a scanned PDF may still carry a page number or a scanner's stamp: ask for a page's worth of text
    if sum(ch.isalnum() for ch in text) < MIN_CHARS_PER_PAGE * len(pages):
        raise FormatProblem(f"PDF has no text layer (scanned image?); {OCR_HINT}")
    return text


def _reason(exc: Exception) -> str:
    message = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
