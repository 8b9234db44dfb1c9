"""Read one input file (.txt .md .html .docx .pdf) into a :class:`SourceText`, or fail with one clear line.

Why the checks come first: a batch run over a folder meets empty files, images renamed .txt, scanned
PDFs, old .doc files, legacy-encoded text and the odd 50 MB dump. Each must give a :class:`ReadError`
whose message names the problem and the fix, while the other files go on; none may give a traceback.

Size limit: a Party document is 10-200 KB, so a file over :data:`DEFAULT_MAX_FILE_MB` is almost always a
concatenation or a wrong file. It is refused with its size, the limit and how to raise it
(``--max-file-mb`` or ``VANKIEN_MAX_FILE_MB``) rather than slowing a batch down silently.

The format comes from the content when the content is unambiguous (a PDF or a Word package, whatever the
file is called) and from the extension otherwise; an unknown extension is read as text (HTML if it looks
like HTML).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from ingest.clean import clean
from ingest.encodings import EncodingProblem, binary_kind, decode_bytes
from ingest.formats import FormatProblem, docx_text, pdf_text, sniff
from ingest.text import ReadError, SourceText

__all__ = ["read_file", "read_text", "max_file_mb", "DEFAULT_MAX_FILE_MB", "FORMATS"]

DEFAULT_MAX_FILE_MB = 20.0
MAX_FILE_ENV = "VANKIEN_MAX_FILE_MB"

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
_CLEAN_MODE = {"txt": "markdown", "md": "markdown", "html": "html", "docx": "plain", "pdf": "plain"}
_LOOKS_HTML = re.compile(rb"^\s*(?:<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<html)", re.I)
_HAS_TEXT = re.compile(r"[^\W_]")


def max_file_mb(path: str, override: float | None = None) -> float:
    """The per-file size limit in MB: the CLI option, else ``VANKIEN_MAX_FILE_MB``, else the default."""
    if override is not None:
        return float(override)
    value = os.environ.get(MAX_FILE_ENV, "").strip()
    if not value:
        return DEFAULT_MAX_FILE_MB
    try:
        limit = float(value)
    except ValueError:
        raise ReadError(path, f"{MAX_FILE_ENV} must be a number of megabytes, got {value!r}") from None
    if limit <= 0:
        raise ReadError(path, f"{MAX_FILE_ENV} must be a positive number of megabytes, got {value!r}")
    return limit


def read_file(path: str, *, max_mb: float | None = None) -> SourceText:
    """Read, decode and clean one file; raise :class:`ReadError` (path + one-line problem) if impossible."""
    data = _read_bytes(path, max_file_mb(path, max_mb))
    fmt = _format_of(path, data)
    try:
        if fmt == "docx":
            raw, encoding, warnings = docx_text(data), "docx", ()
        elif fmt == "pdf":
            raw, encoding, warnings = pdf_text(data), "pdf", ()
        else:
            decoded = decode_bytes(data)
            raw, encoding, warnings = decoded.text, decoded.encoding, decoded.warnings
    except (EncodingProblem, FormatProblem) as exc:
        raise ReadError(path, str(exc)) from None
    del data  # a 50 MB file: free the bytes before cleaning makes two more copies of the text
    return read_text(path, raw, fmt=fmt, encoding=encoding, warnings=warnings)


def read_text(
    path: str, raw: str, *, fmt: str = "txt", encoding: str = "utf-8", warnings: tuple[str, ...] = ()
) -> SourceText:
    """Clean an already-decoded text of format ``fmt`` into a :class:`SourceText` (also for tests, API)."""
    text, segments, clean_warnings = clean(raw, _CLEAN_MODE.get(fmt, "markdown"))
    if not _HAS_TEXT.search(text):
        what = "document" if fmt in ("docx", "pdf") else "file"
        raise ReadError(path, f"{what} has no text (only white space, punctuation or markup)")
    return SourceText(
        path=path,
        raw=raw,
        text=text,
        segments=segments,
        format=fmt,
        encoding=encoding,
        warnings=(*warnings, *clean_warnings),
    )


def _read_bytes(path: str, limit_mb: float) -> bytes:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ReadError(path, "file not found") from None
    except PermissionError:
        raise ReadError(path, "permission denied (cannot access the file)") from None
    except OSError as exc:
        raise ReadError(path, f"cannot access the file: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise ReadError(path, "is a directory, not a file (pass the files inside it, e.g. dir/*.txt)")
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(path, "not a regular file")
    if st.st_size == 0:
        raise ReadError(path, "file is empty")
    if st.st_size > limit_mb * 1_000_000:
        raise ReadError(
            path,
            f"file is {st.st_size / 1_000_000:.1f} MB, over the per-file limit of {limit_mb:g} MB "
            "(a Party document is usually under 1 MB: split the file, or raise the limit with "
            f"--max-file-mb or {MAX_FILE_ENV})",
        )
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except PermissionError:
        raise ReadError(path, "permission denied (cannot open the file for reading)") from None
    except OSError as exc:
        raise ReadError(path, f"cannot read the file: {exc.strerror or exc}") from None


def _format_of(path: str, data: bytes) -> str:
    """The format to read ``data`` as; refuses a .docx/.pdf whose content is something else."""
    by_content = sniff(data)
    ext = Path(path).suffix.lower()
    by_name = FORMATS.get(ext)
    if by_name in ("docx", "pdf") and by_content != by_name:
        kind = binary_kind(data)
        found = f"it looks like {kind}" if kind else "no valid header found"
        label = "Word .docx" if by_name == "docx" else "PDF"
        if ext == ".docx" and data.startswith(b"PK"):
            found = "ZIP package without word/document.xml"
        raise ReadError(path, f"corrupt or not a {label} file ({found})")
    if by_content:
        return by_content
    if by_name:
        return by_name
    return "html" if _LOOKS_HTML.match(data[:1024]) else "txt"
