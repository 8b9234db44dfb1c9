"""``vankien extract PATH... [--jsonl]``: print what was extracted from each file as JSON."""

from __future__ import annotations

import argparse
import json
import sys

from ingest.pipeline import extract_file


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "extract",
        help="extract document metadata, citations and tasks from files and print them as JSON",
        description="For each input file print one JSON object. A file that cannot be read yields an "
        "object with an 'error' field; the others are still processed and the exit status is 1.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="input files (.txt .md .html .docx .pdf)")
    p.add_argument("--jsonl", action="store_true", help="exactly one JSON line per input, in input order")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.paths:
        result = extract_file(path)
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
