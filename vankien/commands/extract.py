"""``vankien extract PATH... [--jsonl] [--max-file-mb N]``: print what was extracted from each file as JSON.

Contract (tested in tests/test_cli_extract.py): one JSON object per input, in input order (with
``--jsonl`` exactly one line each); a file that cannot be read, or whose extraction fails, yields
``{"source": ..., "error": ..., "warnings": [...]}`` plus a one-line message on stderr, the other files
are still processed, and the exit status is then 1. Offsets in the output refer to the raw text.
``--jobs`` (also taken by ``ingest``) extracts in worker processes; the output is the same as with ``-j 1``.
"""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial

from ingest.models import ExtractResult
from ingest.parallel import (
    AUTO_MIN_FILES,
    MAX_AUTO_JOBS,
    WorkersFailed,
    auto_jobs,
    extract_path,
    map_in_order,
    worker_died,
)
from ingest.reader import DEFAULT_MAX_FILE_MB, MAX_FILE_ENV


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="extract document metadata, citations and tasks from files and print them as JSON",
        description="For each input file print one JSON object. A file that cannot be read yields an "
        "object with an 'error' field; the others are still processed and the exit status is 1.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="input files (.txt .md .html .docx .pdf)")
    p.add_argument("--jsonl", action="store_true", help="exactly one JSON line per input, in input order")
    p.add_argument(
        "--max-file-mb",
        type=_positive_mb,
        default=None,
        metavar="MB",
        help=f"refuse files larger than this (default: ${MAX_FILE_ENV} or {DEFAULT_MAX_FILE_MB:g})",
    )
    add_jobs_option(p)
    p.set_defaults(func=run)


def add_jobs_option(p: argparse.ArgumentParser) -> None:
    """``-j/--jobs``, shared with ``vankien ingest``."""
    p.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default="auto",
        metavar="N",
        help="extract in N worker processes; output as with 1 (default: auto = one per CPU core, at most "
        f"{MAX_AUTO_JOBS}, from {AUTO_MIN_FILES} files on, else 1; -j 1: no worker process)",
    )


def _jobs(value: str) -> str | int:
    if value == "auto":
        return value
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of processes or 'auto': {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {value!r}")
    return jobs


def resolve_jobs(jobs: str | int, n_files: int) -> int:
    """The number of processes for ``--jobs`` (an int, or ``auto``) and this many files."""
    return auto_jobs(n_files) if jobs == "auto" else min(int(jobs), max(n_files, 1))


def _positive_mb(value: str) -> float:
    try:
        mb = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of megabytes: {value!r}") from None
    if mb <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value!r}")
    return mb


def _render(path: str, max_mb: float | None, indent: int | None) -> tuple[str | None, str]:
    """Extract one file and serialize it (in the worker: less to send back): (error or None, JSON text)."""
    return _rendered(extract_path(path, max_mb), indent)


def _rendered(result: ExtractResult, indent: int | None) -> tuple[str | None, str]:
    return result.error, json.dumps(result.to_dict(), ensure_ascii=False, indent=indent)


def run(args: argparse.Namespace) -> int:
    failed = 0
    indent = None if args.jsonl else 2
    results = map_in_order(
        partial(_render, max_mb=args.max_file_mb, indent=indent),
        args.paths,
        str,
        jobs=resolve_jobs(args.jobs, len(args.paths)),
        on_failure=lambda path, why: _rendered(worker_died(path, why), indent),
    )
    try:
        for path, rendered in results:
            assert rendered is not None  # every path is extracted
            error, text = rendered
            if error:
                failed += 1
                print(f"vankien extract: {path}: {error}", file=sys.stderr)
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
    except WorkersFailed as exc:
        from vankien.cli import UserError  # late import: vankien.cli imports this module

        raise UserError(str(exc)) from None
    return 1 if failed else 0
