"""PLACEHOLDER: replaced by the readers work (txt/md/html/docx/pdf, encodings, cleaning with offset map)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from ingest.text import ReadError, SourceText


def read_file(path: str) -> SourceText:
    p = Path(path)
    try:
        raw = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(path, str(exc)) from None
    text = unicodedata.normalize("NFC", raw)
    return SourceText.identity(path, text)  # NFC may change offsets; the real reader maps them
