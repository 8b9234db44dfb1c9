"""Extraction speed against a regex-scan baseline, on a synthetic corpus of >= 20 MB built from the samples.

Run: ``.venv/bin/python -m benchmarks extract [--mb=N] [--quick]``, or ``make bench`` for every benchmark.
Write ``--mb=N`` with "=": the runner passes on only the arguments that start with a dash.

Why a baseline: "fast" means close to what one ``re.finditer`` pass of the bare symbol pattern costs on
the same text; each stage is reported as MB/s, documents/s and its ratio to that pass, so the figure
stays meaningful on any machine.

The corpus (cached under ``benchmarks/out/``) is many copies of the five samples with their numbers,
dates, localities and paragraph order varied, so that no stage can profit from one string repeated.
The first document is extracted before the stages are timed (start-up: rules loaded, patterns
compiled, reported apart). Stages: (a) baseline scan of the cleaned texts, (b) reader + citations,
(b2) the same + document metadata (the extraction of issue #2), (c) the full pipeline (+ sections, tasks, assignments, content hash), (c1) the
structure stage alone (texts read and citations found beforehand), (d) the reader alone on one file
as large as the corpus (the per-file limit raised for it), and (e) the full pipeline in worker processes
(``--jobs auto``): wall-clock on that many cores, against the single-core scan (a).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
OUT = Path(__file__).resolve().parent / "out"
CORPUS_VERSION = 1

try:  # the citation extractor's own anchor pattern, once it exists
    from ingest.citations import BARE_SYMBOL_RE  # type: ignore[attr-defined]

    BASELINE_SOURCE = "ingest.citations.BARE_SYMBOL_RE"
except ImportError:  # same shape: number, dash, kind code, slash, issuer code (spaces allowed)
    BARE_SYMBOL_RE = re.compile(r"\b\d{1,4}\s*[-–]\s*[A-ZĐ][A-Za-zĐđ]{0,4}\s*/\s*[A-ZĐ][A-ZĐa-z]{1,9}\b")
    BASELINE_SOURCE = "local fallback pattern"

PROVINCES = [
    "Lào Cai",
    "Lâm Đồng",
    "Tuyên Quang",
    "Nghệ An",
    "Hà Tĩnh",
    "Quảng Ninh",
    "Thanh Hóa",
    "Bắc Giang",
    "Đắk Lắk",
    "Cà Mau",
    "An Giang",
    "Điện Biên",
    "Sơn La",
    "Gia Lai",
    "Khánh Hòa",
    "Bình Định",
]
_PROVINCE_RE = re.compile("|".join(map(re.escape, PROVINCES)))
_DATE_RE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_SYMBOL_NUM_RE = re.compile(r"\b(\d{1,4})(\s*[-–]\s*[A-ZĐ][A-Za-z]{0,4}\s*/)")
_OWN_NUM_RE = re.compile(r"(Số:?\s*)(\d{1,4})")


def _vary(text: str, rng: random.Random) -> str:
    """One plausible other document: numbers, dates, provinces changed, some paragraphs reordered."""
    text = _SYMBOL_NUM_RE.sub(lambda m: f"{rng.randint(1, 350):02d}{m.group(2)}", text)
    text = _DATE_RE.sub(
        lambda m: f"{rng.randint(1, 28):02d}/{rng.randint(1, 12)}/{rng.randint(2005, 2025)}", text
    )
    text = _OWN_NUM_RE.sub(lambda m: f"{m.group(1)}{rng.randint(1, 3000)}", text)
    province = rng.choice(PROVINCES)
    text = _PROVINCE_RE.sub(province, text)
    paragraphs = text.split("\n\n")
    if len(paragraphs) > 8:  # swap two body paragraphs: same vocabulary, different text
        i, j = rng.sample(range(4, len(paragraphs) - 2), 2)
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
    return "\n\n".join(paragraphs)


def build_corpus(mb: float) -> tuple[list[Path], int]:
    """Write (or reuse) the corpus; return its files and total size in bytes."""
    folder = OUT / f"corpus_v{CORPUS_VERSION}_{mb:g}mb"
    done = folder / "DONE"
    if done.exists():
        files = sorted(folder.glob("*.txt"))
        return files, sum(p.stat().st_size for p in files)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    rng = random.Random(20240601)
    total, i, files = 0, 0, []
    while total < mb * 1_000_000:
        text = _vary(seeds[i % len(seeds)], rng)
        path = folder / f"doc_{i:06d}.txt"
        data = text.encode("utf-8")
        path.write_bytes(data)
        files.append(path)
        total += len(data)
        i += 1
    done.write_text(f"{len(files)} files, {total} bytes\n")
    return files, total


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main(argv: list[str], *, strict: bool = True) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks extract", description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=20.0, help="corpus size in MB (default 20)")
    parser.add_argument("--quick", action="store_true", help="a 2 MB corpus, for a smoke run")
    # run with other benchmarks (strict=False), options meant for those are not errors here
    args = parser.parse_args(argv) if strict else parser.parse_known_args(argv)[0]
    mb = 2.0 if args.quick else args.mb

    from ingest.citations import extract_citations
    from ingest.metadata import extract_metadata
    from ingest.parallel import auto_jobs, extract_path, map_in_order, worker_died
    from ingest.pipeline import extract_source
    from ingest.reader import read_file
    from ingest.structure import extract_structure

    t0 = time.perf_counter()
    files, size = build_corpus(mb)
    print(
        f"corpus: {len(files)} documents, {size / 1e6:.1f} MB ({time.perf_counter() - t0:.1f} s to build/load)"
    )
    texts = [read_file(str(p)).text for p in files]
    # patterns are compiled on first use, once per process: timed apart, so that the stages show throughput
    t0 = time.perf_counter()
    extract_source(read_file(str(files[0])))
    print(
        f"start-up: first document extracted in {time.perf_counter() - t0:.2f} s (rules loaded, patterns compiled)"
    )

    def report(name: str, seconds: float, base: float | None) -> None:
        ratio = f", {seconds / base:5.1f}x baseline" if base else ""
        print(
            f"{name:<28} {seconds:7.2f} s  {size / 1e6 / seconds:8.1f} MB/s  "
            f"{len(files) / seconds:9.0f} docs/s{ratio}  (peak RSS {_peak_rss_mb():.0f} MB)"
        )

    t0 = time.perf_counter()
    hits = sum(sum(1 for _ in BARE_SYMBOL_RE.finditer(t)) for t in texts)
    base = time.perf_counter() - t0
    report(f"(a) baseline scan [{hits} hits]", base, None)
    print(f"    baseline pattern: {BASELINE_SOURCE}")

    t0 = time.perf_counter()
    for p in files:
        read_file(str(p))
    report("    reader only", time.perf_counter() - t0, base)

    t0 = time.perf_counter()
    n_cit = 0
    for p in files:
        n_cit += len(extract_citations(read_file(str(p)))[0])
    report(f"(b) reader + citations [{n_cit}]", time.perf_counter() - t0, base)

    t0 = time.perf_counter()
    for p in files:
        src = read_file(str(p))
        extract_metadata(src, extract_citations(src)[0])
    report("(b2) + document metadata", time.perf_counter() - t0, base)
    print("    (b2) is what `extract` did before tasks: the extraction issue #2 specified")

    t0 = time.perf_counter()
    for p in files:
        extract_source(read_file(str(p)))
    report("(c) full pipeline", time.perf_counter() - t0, base)

    jobs = auto_jobs(len(files))
    t0 = time.perf_counter()
    for _ in map_in_order(extract_path, map(str, files), str, jobs=jobs, on_failure=worker_died):
        pass
    report(f"(e) full pipeline, {jobs} processes", time.perf_counter() - t0, base)
    print(f"    (e) is wall-clock on {jobs} cores (workers' start included) vs the single-core scan (a)")

    # the structure stage alone, on texts already read and citations already found (its budget: 1.5x)
    sources = [read_file(str(p)) for p in files]
    found = [extract_citations(s)[0] for s in sources]
    t0 = time.perf_counter()
    n_tasks = n_assign = 0
    for s, cits in zip(sources, found, strict=True):
        _, tasks, _, _ = extract_structure(s, cits)
        n_tasks += len(tasks)
        n_assign += sum(len(t.assignments) for t in tasks)
    report(f"(c1) structure only [{n_tasks} tasks, {n_assign} assignments]", time.perf_counter() - t0, base)
    del sources, found

    big = OUT / f"big_{mb:g}mb.txt"
    if not big.exists() or big.stat().st_size < size:
        with big.open("wb") as fh:
            for p in files:
                fh.write(p.read_bytes())
                fh.write(b"\n\n")
    big_mb = big.stat().st_size / 1e6
    t0 = time.perf_counter()
    src = read_file(str(big), max_mb=big_mb + 1)
    seconds = time.perf_counter() - t0
    print(
        f"(d) reader, one {big_mb:.0f} MB file   {seconds:7.2f} s  {big_mb / seconds:8.1f} MB/s  "
        f"({len(src.segments)} breakpoints)"
    )
    del src
    if not args.quick:
        tracemalloc.start()
        read_file(str(big), max_mb=big_mb + 1)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"    reader peak allocation (tracemalloc): {peak / 1e6:.0f} MB for {big_mb:.0f} MB of text")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
