"""Structure of a plan, resolution or directive: sections, tasks with assignments and deadlines, targets.

Entry point of the structure stage of :mod:`ingest.pipeline`. The work is split by role:
:mod:`ingest.sections` (numbered sections and items), :mod:`ingest.tasks` (task records),
:mod:`ingest.assignments` and :mod:`ingest.agencies` (who does what), :mod:`ingest.deadlines` (by when).
A text without recognizable sections yields no tasks and a warning, never an exception: citations and
metadata of such a text are still worth having.
"""

from __future__ import annotations

from ingest.models import Citation, Section, Target, Task
from ingest.sections import find_sections, find_targets, numbered_lines
from ingest.tasks import build_section, build_targets, build_tasks, lowered
from ingest.text import SourceText

__all__ = ["extract_structure"]


def extract_structure(
    src: SourceText, citations: list[Citation]
) -> tuple[list[Section], list[Task], list[Target], list[str]]:
    warnings: list[str] = []
    lines = numbered_lines(src.text)
    spans = find_sections(src.text, lines)
    if not spans:
        return (
            [],
            [],
            [],
            ["structure: no numbered sections (I, II, ... or 1., 2., ...) found; no tasks extracted"],
        )
    sections = [build_section(src, s) for s in spans]
    tasks: list[Task] = []
    low = None
    items = [i for s in spans if s.section_type in ("tasks", "implementation") for i in s.items]
    if items:  # only the items are searched with it
        low = lowered(src.text, min(i.start for i in items), max(i.end for i in items))
    for s in spans:
        if s.section_type in ("tasks", "implementation"):
            tasks.extend(build_tasks(src, s, citations, low))
    if len(spans) == 1 and not spans[0].numeral:
        warnings.append(
            "structure: no section headings; the numbered items after the opening sentence are the tasks"
        )
    elif not any(s.section_type in ("tasks", "implementation") for s in spans):
        warnings.append("structure: no task or implementation section found; no tasks extracted")
    targets = build_targets(src, find_targets(src.text, spans, lines))
    return sections, tasks, targets, warnings
