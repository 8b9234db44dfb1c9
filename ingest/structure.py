"""PLACEHOLDER: replaced by the sections/tasks/assignments work."""

from __future__ import annotations

from ingest.models import Citation, Section, Target, Task
from ingest.text import SourceText


def extract_structure(
    src: SourceText, citations: list[Citation]
) -> tuple[list[Section], list[Task], list[Target], list[str]]:
    return [], [], [], []
