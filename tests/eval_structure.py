"""Evaluate sections, tasks, assignments and targets against the gold annotation of the seeds.

Run: ``.venv/bin/python -m tests.eval_structure`` (prints per-seed and overall figures and every miss).
``--gold PATH --dir DIR`` measures another annotation in the same schema over the texts in DIR, e.g. the
held-out batch: ``--gold tests/data/unseen/heldout2/structure.json --dir tests/data/unseen/heldout2``.
tests/test_structure_gold.py uses :func:`evaluate` for its assertions.

Assignments are compared per task as sets of (agency key, role), the key being
:func:`ingest.agencies.agency_key` of the agency as written (so "UBND tỉnh" = "Ủy ban nhân dân tỉnh").
Citations: the structure stage lists the citations whose mentions fall inside a task; to measure that
independently of the citation extractor, :func:`regex_citations` finds numbered symbols with a plain pattern
(full Party symbols only). ``--citations extractor`` feeds the real citation extractor instead, so that
state documents ("88/2019/QH14"), short re-mentions ("Chỉ thị 21") and list members ("Chỉ thị số 15,
16-CT/TU") inside tasks are measured too (end to end: a citation miss then shows as a task field error).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ingest.agencies import agency_key
from ingest.citations import extract_citations
from ingest.evaluate import Score as Counts
from ingest.models import Citation, Mention
from ingest.reader import read_file
from ingest.structure import extract_structure
from ingest.tasks import first_words
from ingest.text import SourceText

ROOT = Path(__file__).resolve().parent.parent
GOLD_PATH = Path(__file__).resolve().parent / "data" / "gold_seeds.json"
SAMPLES = ROOT / "samples"

_SYMBOL = re.compile(
    r"(?<![\w/])(\d{1,4})\s*[-–]\s*([A-ZĐ][A-Za-zĐđ]{0,4})\s*/\s*([A-ZĐ][A-ZĐa-z]{1,9})(?![\w])"
)


def regex_citations(src: SourceText) -> list[Citation]:
    """Numbered Party symbols found by a plain pattern, one Citation per normalized symbol."""
    mentions: dict[str, list[Mention]] = {}
    for m in _SYMBOL.finditer(src.text):
        a, b = src.raw_span(m.start(), m.end())
        sym = f"{m.group(1)}-{m.group(2)}/{m.group(3)}"
        mentions.setdefault(sym, []).append(Mention(a, b, src.raw[a:b]))
    return [Citation(symbol=s, kind=None, mentions=tuple(ms)) for s, ms in mentions.items()]


def extractor_citations(src: SourceText) -> list[Citation]:
    """The citations of the real extractor (every kind of mention it resolves)."""
    return extract_citations(src)[0]


CITATION_SOURCES = {"regex": regex_citations, "extractor": extractor_citations}


def load_gold(path: Path = GOLD_PATH) -> dict:
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)["documents"]


@dataclass
class SeedReport:
    name: str
    tasks: Counts = field(default_factory=Counts)
    assignments: Counts = field(default_factory=Counts)
    preamble: Counts = field(default_factory=Counts)
    targets: Counts = field(default_factory=Counts)
    field_errors: list[str] = field(default_factory=list)  # task fields (section, deadline, lines ...)
    misses: list[str] = field(default_factory=list)  # assignment misses and extras


def _pairs(assignments) -> set[tuple[str, str]]:
    out = set()
    for a in assignments:
        agency = a["agency"] if isinstance(a, dict) else a.agency
        role = a["role"] if isinstance(a, dict) else a.role
        out.add((agency_key(agency), role))
    return out


def _score(gold: set, got: set) -> Counts:
    return Counts(len(gold & got), len(got - gold), len(gold - got))


def evaluate_seed(name: str, gold_doc: dict, folder: Path = SAMPLES, citations: str = "regex") -> SeedReport:
    """One text against its gold; ``citations`` names the citation source (see CITATION_SOURCES)."""
    rep = SeedReport(name)
    src = read_file(folder / name)
    sections, tasks, targets, _ = extract_structure(src, CITATION_SOURCES[citations](src))
    by_id = {t.id: t for t in tasks}
    gold_ids = {t["id"] for t in gold_doc["tasks"]}
    rep.tasks = _score(gold_ids, set(by_id))
    for g in gold_doc["tasks"]:
        t = by_id.get(g["id"])
        if t is None:
            rep.field_errors.append(f"{name} {g['id']}: task not found")
            rep.assignments.add(Counts(fn=len(_pairs(g["assignments"]))))
            continue
        checks = {
            "section": (g["section"], t.section),
            "section_type": (g["section_type"], t.section_type),
            "number": (g["number"], t.number),
            "deadline": (g["deadline"], t.deadline.text if t.deadline else None),
            "lines": (tuple(g["lines"]), t.lines),
            "heading": (g["heading"], t.heading),
            "heading_source": (g["heading_source"], t.heading_source),
            "time_expressions": (list(g["other_time_expressions"]), list(t.time_expressions)),
            "cited_symbols": (set(g["cited_symbols"]), set(t.cited_symbols)),
        }
        for fld, (want, got) in checks.items():
            if want != got:
                rep.field_errors.append(f"{name} {g['id']} {fld}: want {want!r} got {got!r}")
        got_by_pair = {(agency_key(a.agency), a.role): a for a in t.assignments}
        for ga in g["assignments"]:
            a = got_by_pair.get((agency_key(ga["agency"]), ga["role"]))
            if a is None:
                continue
            if "advises" in ga and (ga["advises"] and agency_key(ga["advises"])) != (
                a.advises and agency_key(a.advises)
            ):
                rep.field_errors.append(
                    f"{name} {g['id']} advises of {ga['agency']}: want {ga['advises']!r} got {a.advises!r}"
                )
            if bool(ga.get("via")) != a.via:
                rep.field_errors.append(
                    f"{name} {g['id']} via of {ga['agency']}: want {ga.get('via')!r} got {a.via!r}"
                )
            if ga.get("line") and ga["line"] != a.line:
                rep.field_errors.append(
                    f"{name} {g['id']} line of {ga['agency']}: want {ga['line']} got {a.line}"
                )
        gold_pairs, got_pairs = _pairs(g["assignments"]), _pairs(t.assignments)
        rep.assignments.add(_score(gold_pairs, got_pairs))
        for key, role in sorted(gold_pairs - got_pairs):
            rep.misses.append(f"{name} {g['id']} MISSING {role}: {key}")
        for key, role in sorted(got_pairs - gold_pairs):
            rep.misses.append(f"{name} {g['id']} EXTRA {role}: {key}")
    gold_pre = {
        s["numeral"]: _pairs(s["preamble"]["assignments"]) for s in gold_doc["sections"] if s["preamble"]
    }
    got_pre = {
        s.numeral: _pairs(s.preamble) for s in sections if s.section_type in ("tasks", "implementation")
    }
    for numeral in set(gold_pre) | set(got_pre):
        rep.preamble.add(_score(gold_pre.get(numeral, set()), got_pre.get(numeral, set())))
    gold_secs = {(s["numeral"], s["section"], s["section_type"], s["line"]) for s in gold_doc["sections"]}
    got_secs = {
        (s.numeral, s.title, s.section_type, s.line)
        for s in sections
        if s.section_type in ("tasks", "implementation")
    }
    for miss in sorted(gold_secs ^ got_secs):
        rep.field_errors.append(f"{name} section mismatch: {miss}")
    gold_t = {(t["number"], t["first_words"], t["line"]) for t in gold_doc["targets"]}
    got_t = {(t.number, first_words(t.text, 15), t.line) for t in targets}
    rep.targets = _score(gold_t, got_t)
    return rep


def evaluate(
    gold: dict | None = None, folder: Path = SAMPLES, citations: str = "regex"
) -> tuple[list[SeedReport], SeedReport]:
    """Per-seed reports and the overall one (counts summed; errors and misses concatenated)."""
    gold = gold or load_gold()
    reports = [evaluate_seed(name, doc, folder, citations) for name, doc in sorted(gold.items())]
    total = SeedReport("overall")
    for r in reports:
        total.tasks.add(r.tasks)
        total.assignments.add(r.assignments)
        total.preamble.add(r.preamble)
        total.targets.add(r.targets)
        total.field_errors.extend(r.field_errors)
        total.misses.extend(r.misses)
    return reports, total


def _line(r: SeedReport) -> str:
    a, t = r.assignments, r.tasks
    return (
        f"{r.name:28s} tasks P={t.precision:.3f} R={t.recall:.3f}  assignments P={a.precision:.3f} "
        f"R={a.recall:.3f} (tp={a.tp} fp={a.fp} fn={a.fn})  preamble P={r.preamble.precision:.2f} "
        f"R={r.preamble.recall:.2f}  targets R={r.targets.recall:.2f}"
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD_PATH, help="annotation JSON (default: the seeds)")
    parser.add_argument("--dir", type=Path, default=SAMPLES, help="folder of the annotated texts")
    parser.add_argument(
        "--citations",
        choices=[*CITATION_SOURCES, "both"],
        default="regex",
        help="citations fed to the structure stage: plain symbol regex (default), the real extractor, or both",
    )
    args = parser.parse_args(argv)
    gold = load_gold(args.gold)
    for source in CITATION_SOURCES if args.citations == "both" else [args.citations]:
        reports, total = evaluate(gold, args.dir, source)
        errors = sum(1 for e in total.field_errors if " cited_symbols:" in e)
        print(f"== citations: {source} (cited_symbols errors: {errors})")
        for r in reports:
            print(_line(r))
        print(_line(total))
        for line in total.field_errors + total.misses:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
