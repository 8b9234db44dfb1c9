"""Run the benchmarks: every ``benchmarks/bench_*.py`` exposes ``main(argv, strict=...) -> int`` and prints figures.

``python -m benchmarks`` runs all of them, ``python -m benchmarks extract --mb=20`` one; options are written with
"=" so that their values are not taken for benchmark names.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    wanted = [a for a in argv if not a.startswith("-")]
    status = 0
    selected = [n for n in names if not wanted or n in wanted or n.removeprefix("bench_") in wanted]
    options = [a for a in argv if a.startswith("-")]
    for name in selected:
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"benchmarks.{name}")
        # one benchmark: its parser checks every option; several: each takes the options it knows
        status |= int(module.main(options, strict=len(selected) == 1) or 0)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
