"""Extraction of many files in a pool of processes, results in input order (``--jobs`` of extract and ingest).

Why processes: extraction is pure Python and CPU-bound (a few ms per document), so threads would not help;
everything else (printing, the store's one-transaction-per-file writes, progress, exit status) stays in the
calling process, which consumes the results in input order so the output is exactly what one process gives.

Design choices, each for a failure a batch run over thousands of files meets:
- *spawn* start method on every OS: workers import the extractor afresh and inherit no open SQLite
  connection or thread (forking a process with threads is unsafe); a worker costs one import (~0.3 s).
- *bounded window*: at most ``16 * jobs`` files are in flight, sent in chunks of 4 (one wake-up of the
  calling process per chunk, not per file), so memory does not grow with the input.
- *worker death* (killed, out of memory) breaks a ``ProcessPoolExecutor`` and fails every file in flight:
  those files are retried one at a time in a fresh pool, and a file whose worker dies again gets a
  one-line error result; the other files go on. When workers die on several files in a row even alone
  (they cannot start, or memory is short), :class:`WorkersFailed` stops the run.
- *Ctrl-C*: workers ignore SIGINT, the calling process gets the ``KeyboardInterrupt``, terminates its
  workers and re-raises it (the CLI turns it into "interrupted", exit status 130).
- a worker also exits when its parent dies (kill -9): it would otherwise wait on its queue for ever.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Generic, TypeVar

from ingest import EXTRACTOR_VERSION
from ingest.models import ExtractResult
from ingest.pipeline import extract_source
from ingest.reader import read_file
from ingest.text import ReadError

__all__ = [
    "AUTO_MIN_FILES",
    "MAX_AUTO_JOBS",
    "WorkersFailed",
    "auto_jobs",
    "extract_path",
    "map_in_order",
    "worker_died",
]

T = TypeVar("T")
R = TypeVar("R")

MAX_AUTO_JOBS = 8  # past this the single writing/printing process is the bottleneck anyway
AUTO_MIN_FILES = 100  # starting a worker (~0.3 s) costs about what ~100 documents' extraction does
CHUNK = 4  # files per task: fewer wake-ups of the calling process, little imbalance at the end
FILES_PER_JOB = 4 * CHUNK  # files in flight per worker: keeps every worker busy while results are consumed
ITEMS_PER_JOB = 64  # items held per worker, counting those needing no extraction (memory stays bounded)
CRASH_ENV = "VANKIEN_DEBUG_WORKER_CRASH"  # a file name whose worker kills itself (crash tests only)


def auto_jobs(n_files: int) -> int:
    """Processes for ``--jobs auto``: one per usable core (at most 8) once there are enough files."""
    if n_files < AUTO_MIN_FILES:
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, min(cores, MAX_AUTO_JOBS))


def extract_path(path: str, max_mb: float | None = None) -> ExtractResult:
    """Read and extract one file; never raises: problems become a result with ``error`` set."""
    try:
        src = read_file(path, max_mb=max_mb)
    except ReadError as exc:
        return ExtractResult(source=path, error=exc.problem, extractor_version=EXTRACTOR_VERSION)
    try:
        return extract_source(src)
    except Exception as exc:  # an extractor bug on one file must not stop the batch or print a traceback
        return ExtractResult(
            source=path,
            error=f"internal error while extracting ({type(exc).__name__}: {exc}); please report it",
            warnings=src.warnings,
            extractor_version=EXTRACTOR_VERSION,
        )


def worker_died(path: str, detail: str) -> ExtractResult:
    """The error result of a file whose worker process died or failed outside the extractor."""
    return ExtractResult(source=path, error=detail, extractor_version=EXTRACTOR_VERSION)


def map_in_order(
    fn: Callable[[str], R],
    items: Iterable[T],
    path_of: Callable[[T], str | None],
    *,
    jobs: int,
    on_failure: Callable[[str, str], R],
) -> Iterator[tuple[T, R | None]]:
    """Yield ``(item, fn(path_of(item)))`` in input order; an item whose path is None yields ``(item, None)``.

    ``fn`` must be picklable (a module-level function or a ``functools.partial`` of one) and should not
    raise; ``on_failure(path, message)`` makes the result of a file whose worker died. ``items`` is
    consumed lazily, at most a window ahead of what has been yielded. ``jobs <= 1`` runs ``fn`` in this
    process, one item at a time, without a pool.
    """
    if jobs <= 1:
        for item in items:
            path = path_of(item)
            yield item, None if path is None else fn(path)
        return
    pool = _Pool(jobs, fn, on_failure)
    window: deque[tuple[T, _Chunk[R] | None, int]] = deque()
    filling: _Chunk[R] | None = None  # the chunk taking the next paths; sent when full or needed
    in_flight = 0  # files in the window to extract
    try:
        it = iter(items)
        exhausted = False
        while True:
            while not exhausted and in_flight < FILES_PER_JOB * jobs and len(window) < ITEMS_PER_JOB * jobs:
                item = next(it, _END)
                if item is _END:
                    exhausted = True
                    break
                path = path_of(item)
                if path is None:
                    window.append((item, None, 0))
                    continue
                filling = filling or _Chunk()
                filling.paths.append(path)
                window.append((item, filling, len(filling.paths) - 1))
                in_flight += 1
                if len(filling.paths) == CHUNK:
                    pool.send(filling)
                    filling = None
            if not window:
                return
            item, chunk, index = window.popleft()
            if chunk is None:
                yield item, None
                continue
            if chunk is filling:  # its results are needed now: send it as it is
                pool.send(chunk)
                filling = None
            in_flight -= 1
            yield item, pool.results(chunk, window)[index]
    except BaseException:  # KeyboardInterrupt, or the consumer stopped: do not wait for the workers
        pool.terminate()
        raise
    finally:
        pool.shutdown()


class WorkersFailed(RuntimeError):
    """Worker processes die whatever file they get (cannot start, or memory too short): stop the run."""


_END = object()
MAX_DEATHS_IN_A_ROW = 3  # files whose worker died even alone, in a row: the workers, not the files, fail
_DIED = (
    "the worker process extracting this file died (killed, or out of memory?); "
    "it was retried alone and died again"
)


def _failed(exc: Exception) -> str:
    return f"extraction failed in a worker process ({type(exc).__name__}: {exc})"


class _Chunk(Generic[R]):
    """Consecutive files sent to a worker as one task, and their results once known."""

    __slots__ = ("paths", "future", "results")

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.future: Future[list[R]] | None = None
        self.results: list[R] | None = None


class _Pool(Generic[R]):
    """A ``ProcessPoolExecutor`` (spawn) started on first use and replaced when a worker dies."""

    def __init__(self, jobs: int, fn: Callable[[str], R], on_failure: Callable[[str, str], R]):
        self.jobs = jobs
        self.fn = fn
        self.on_failure = on_failure
        self._executor: ProcessPoolExecutor | None = None
        self._deaths_in_a_row = 0

    def send(self, chunk: _Chunk[R]) -> None:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                self.jobs, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker
            )
        chunk.future = self._executor.submit(_call, self.fn, chunk.paths)

    def results(self, chunk: _Chunk[R], window: deque) -> list[R]:
        """The chunk's results, waiting for them; after a worker died, those of every chunk sent are redone."""
        if chunk.results is None:
            assert chunk.future is not None
            try:
                chunk.results = chunk.future.result()
            except BrokenProcessPool:
                self._recover([chunk, *(c for _, c, _ in window if c is not None)])
            except Exception as exc:  # e.g. a result that cannot be pickled: those files fail, not the run
                chunk.results = [self.on_failure(p, _failed(exc)) for p in chunk.paths]
        assert chunk.results is not None
        return chunk.results

    def _recover(self, chunks: list[_Chunk[R]]) -> None:
        """A worker died, failing every chunk in flight: rerun their files one by one in a fresh pool."""
        self.shutdown()
        for chunk in dict.fromkeys(chunks):  # each chunk once, in order
            future = chunk.future
            if chunk.results is None and future is not None:
                if future.done() and not future.cancelled() and future.exception() is None:
                    chunk.results = future.result()
                else:
                    chunk.results = [self._alone(p) for p in chunk.paths]

    def _alone(self, path: str) -> R:
        chunk: _Chunk[R] = _Chunk()
        chunk.paths.append(path)
        self.send(chunk)
        assert chunk.future is not None
        try:
            result = chunk.future.result()[0]
        except BrokenProcessPool:
            self.shutdown()
            self._deaths_in_a_row += 1
            if self._deaths_in_a_row >= MAX_DEATHS_IN_A_ROW:
                raise WorkersFailed(
                    f"worker processes died on {self._deaths_in_a_row} files in a row, each retried alone "
                    "(cannot start, or out of memory?); rerun with -j 1 to extract in this process"
                ) from None
            return self.on_failure(path, _DIED)
        except Exception as exc:
            return self.on_failure(path, _failed(exc))
        self._deaths_in_a_row = 0
        return result

    def terminate(self) -> None:
        """Stop now: cancel queued files and terminate the workers (Python 3.14 has terminate_workers())."""
        if self._executor is None:
            return
        self._executor.shutdown(wait=False, cancel_futures=True)
        for proc in list((getattr(self._executor, "_processes", None) or {}).values()):
            proc.terminate()

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def _init_worker() -> None:
    """Leave Ctrl-C to the parent, and exit when the parent dies (a kill -9 leaves no orphan behind)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None and parent.sentinel is not None:
        sentinel = parent.sentinel

        def _watch() -> None:
            multiprocessing.connection.wait([sentinel])
            os._exit(1)

        threading.Thread(target=_watch, name="vankien-parent-watch", daemon=True).start()


def _call(fn: Callable[[str], R], paths: list[str]) -> list[R]:
    crash = os.environ.get(CRASH_ENV)
    if crash and any(os.path.basename(p) == crash for p in paths):
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
    return [fn(p) for p in paths]
