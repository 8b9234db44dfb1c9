"""Run the benchmarks: every ``benchmarks/bench_*.py`` exposes ``main(argv) -> int`` and prints its figures."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import benchmarks


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules(benchmarks.__path__) if m.name.startswith("bench_"))
    wanted = [a for a in argv if not a.startswith("-")]
    status = 0
    for name in names:
        if wanted and name not in wanted and name.removeprefix("bench_") not in wanted:
            continue
        print(f"== {name}", flush=True)
        module = importlib.import_module(f"benchmarks.{name}")
        status |= int(module.main([a for a in argv if a.startswith("-")]) or 0)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
