"""Files and folders -> the store: read, extract, build facts, replace that file's facts (one transaction).

Why a skip on size + mtime before reading: re-running ``vankien ingest`` on a large folder should cost a
``stat`` per unchanged file; a touched but identical file is still recognised by its content hash and left
alone, so ingesting the same file twice never changes the graph.

Why only extraction is parallel (:func:`ingest_files`): SQLite has one writer, and storing each file in its
own transaction in input order keeps a crash's before-or-after guarantee and makes the store and the
summary the same whatever ``--jobs`` is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from graph.store import Store
from ingest import EXTRACTOR_VERSION
from ingest.models import ExtractResult
from ingest.parallel import extract_path, map_in_order, worker_died
from ingest.reader import FORMATS


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


@dataclass(frozen=True)
class _Pending:
    """A file to extract, with the size and mtime seen before reading it (stored with its facts)."""

    key: str  # absolute path
    size: int
    mtime_ns: int


def ingest_file(store: Store, path: str | Path) -> IngestOutcome:
    """Ingest one file (stored under its absolute path); never raises for a bad file."""
    job = _check(store, path)
    return job if isinstance(job, IngestOutcome) else _store(store, job, extract_path(job.key))


def ingest_files(store: Store, paths: Iterable[str | Path], jobs: int = 1) -> Iterator[IngestOutcome]:
    """Ingest files in order, extracting in ``jobs`` worker processes; one outcome per path, in order.

    Only extraction runs in the workers: the unchanged-file check happens here before a file is sent (an
    unchanged file costs no worker time) and each file is stored here in its own transaction, in input
    order, so the store and the outcomes are those of :func:`ingest_file` called on each path in turn.
    """
    results = map_in_order(
        extract_path,
        (_check(store, p) for p in paths),
        lambda job: job.key if isinstance(job, _Pending) else None,
        jobs=jobs,
        on_failure=worker_died,
    )
    for job, result in results:
        if isinstance(job, IngestOutcome):
            yield job
        elif result is not None:
            # a path listed twice may have been stored by its first copy since it was checked
            yield _unchanged(store, job) or _store(store, job, result)


def _check(store: Store, path: str | Path) -> IngestOutcome | _Pending:
    """The outcome of a file that needs no extraction (unreadable, or unchanged since stored), else the job."""
    p = Path(path).expanduser()
    try:
        p = p.resolve()
        st = p.stat()
    except OSError as exc:
        return IngestOutcome(str(p), "failed", error=f"cannot read: {exc.strerror or exc}")
    job = _Pending(str(p), st.st_size, st.st_mtime_ns)
    return _unchanged(store, job) or job


def _unchanged(store: Store, job: _Pending) -> IngestOutcome | None:
    old = store.source(job.key)
    if old and (old.size, old.mtime_ns, old.extractor_version) == (job.size, job.mtime_ns, EXTRACTOR_VERSION):
        return IngestOutcome(job.key, "unchanged", old.doc_id, warnings=old.warnings)
    return None


def _store(store: Store, job: _Pending, result: ExtractResult) -> IngestOutcome:
    """Store one extraction result in one transaction (or report why it failed)."""
    key = job.key
    if result.error:
        return IngestOutcome(key, "failed", error=result.error, warnings=result.warnings)
    try:
        status = store.ingest_result(result, key, job.size, job.mtime_ns)
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
