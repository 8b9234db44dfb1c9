"""``vankien extract PATH... [--jsonl] [--max-file-mb N]``: print what was extracted from each file as JSON.

Contract (tested in tests/test_cli_extract.py): one JSON object per input, in input order (with
``--jsonl`` exactly one line each); a file that cannot be read, or whose extraction fails, yields
``{"source": ..., "error": ..., "warnings": [...]}`` plus a one-line message on stderr, the other files
are still processed, and the exit status is then 1. Offsets in the output refer to the raw text.
"""

from __future__ import annotations

import argparse
import json
import sys

from ingest import EXTRACTOR_VERSION
from ingest.models import ExtractResult
from ingest.pipeline import extract_source
from ingest.reader import DEFAULT_MAX_FILE_MB, MAX_FILE_ENV, read_file
from ingest.text import ReadError


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
    p.set_defaults(func=run)


def _positive_mb(value: str) -> float:
    try:
        mb = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of megabytes: {value!r}") from None
    if mb <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {value!r}")
    return mb


def extract_one(path: str, max_mb: float | None = None) -> ExtractResult:
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


def run(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.paths:
        result = extract_one(path, args.max_file_mb)
        data = result.to_dict()
        if result.error:
            failed += 1
            print(f"vankien extract: {path}: {result.error}", file=sys.stderr)
        if args.jsonl:
            sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        sys.stdout.flush()
    return 1 if failed else 0
