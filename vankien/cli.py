"""The ``vankien`` command line. Each command lives in ``vankien/commands/<name>.py`` with a ``register``.

Why this shape: commands are added by separate pieces of work (extraction, graph queries, the API) and
each owns its module; this file only wires them and turns expected failures into one-line messages.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from vankien import __version__
from vankien.commands import COMMAND_MODULES


class UserError(Exception):
    """An error the user can fix (bad reference, missing store ...): printed as one line, exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vankien",
        description="Knowledge graph of Vietnamese Party directive citations.",
    )
    parser.add_argument("--version", action="version", version=f"vankien {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except UserError as exc:
        print(f"vankien: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("vankien: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
