"""Files and folders -> the store: read, extract, build facts, replace that file's facts (one transaction).

Why a skip on size + mtime before reading: re-running ``vankien ingest`` on a large folder should cost a
``stat`` per unchanged file; a touched but identical file is still recognised by its content hash and left
alone, so ingesting the same file twice never changes the graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.store import Store
from ingest import EXTRACTOR_VERSION
from ingest.models import ExtractResult
from ingest.pipeline import extract_source
from ingest.reader import FORMATS, read_file
from ingest.text import ReadError


@dataclass(frozen=True)
class IngestOutcome:
    path: str
    status: str  # "added", "replaced", "unchanged", "failed"
    doc_id: str | None = None
    citations: int = 0
    edges: int = 0
    warnings: tuple[str, ...] = ()
    error: str | None = None


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files as given; folders walked recursively (sorted, hidden entries skipped) for readable formats."""
    for p in paths:
        path = Path(p).expanduser()
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path).parts
                if f.is_file() and f.suffix.lower() in FORMATS and not any(x.startswith(".") for x in rel):
                    yield f
        else:
            yield path


def _extract(path: str) -> ExtractResult:
    try:
        src = read_file(path)
    except ReadError as exc:
        return ExtractResult(source=path, error=exc.problem, extractor_version=EXTRACTOR_VERSION)
    try:
        return extract_source(src)
    except Exception as exc:  # one extractor bug must not stop a batch ingest
        return ExtractResult(
            source=path,
            error=f"internal error while extracting ({type(exc).__name__}: {exc})",
            extractor_version=EXTRACTOR_VERSION,
        )


def ingest_file(store: Store, path: str | Path) -> IngestOutcome:
    """Ingest one file (stored under its absolute path); never raises for a bad file."""
    p = Path(path).expanduser()
    try:
        p = p.resolve()
        st = p.stat()
    except OSError as exc:
        return IngestOutcome(str(p), "failed", error=f"cannot read: {exc.strerror or exc}")
    key = str(p)
    old = store.source(key)
    if old and (old.size, old.mtime_ns, old.extractor_version) == (
        st.st_size,
        st.st_mtime_ns,
        EXTRACTOR_VERSION,
    ):
        return IngestOutcome(key, "unchanged", old.doc_id, warnings=old.warnings)
    result = _extract(key)
    if result.error:
        return IngestOutcome(key, "failed", error=result.error, warnings=result.warnings)
    try:
        status = store.ingest_result(result, key, st.st_size, st.st_mtime_ns)
    except ValueError as exc:  # a fact the schema refuses: report, keep the rest of the batch going
        return IngestOutcome(key, "failed", error=f"cannot store: {exc}", warnings=result.warnings)
    info = store.source(key)
    n_edges = store.db.execute("SELECT count(*) FROM edges WHERE source=?", (key,)).fetchone()[0]
    return IngestOutcome(
        key,
        status,
        info.doc_id if info else None,
        len(result.citations),
        n_edges,
        info.warnings if info else result.warnings,
    )
