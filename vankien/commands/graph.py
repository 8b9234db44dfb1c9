"""Graph commands: ``ingest``, ``remove`` and the queries ``implementers``, ``lineage``, ``cites``,
``cited-by``, ``tasks``, ``agency``, ``resolve``, ``coverage``.

The store lives in ``--home DIR``, else ``$VANKIEN_HOME``, else ``~/.local/share/vankien`` (file
``graph.sqlite``). ``ingest`` exits 1 when any file failed (the others are stored), a reference that
matches nothing or several directives equally well is a one-line error with exit status 2. Every query
prints a readable answer, or with ``--json`` the query's dataclass as JSON (the same shape the API returns).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from graph.store import DB_NAME, HOME_ENV, Store, default_home
from vankien.commands.extract import add_jobs_option, resolve_jobs

_HOME_HELP = f"store folder (default: ${HOME_ENV}, else ~/.local/share/vankien)"


def _home(args: argparse.Namespace) -> Path:
    return Path(args.home).expanduser() if args.home else default_home()


def _user_error(message: str) -> Exception:
    from vankien.cli import UserError  # late import: vankien.cli imports this module

    return UserError(message)


def _open_existing(args: argparse.Namespace) -> Store:
    db = _home(args) / DB_NAME
    if not db.exists():
        raise _user_error(f"no graph store at {db}; run `vankien ingest PATH...` first (or set --home)")
    return Store(db)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "ingest",
        help="extract files or folders and store them in the graph",
        description="Ingest files (folders are walked). Unchanged files are skipped, a changed "
        "file replaces its own facts. Exit status 1 if any file failed; the others are stored.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--home", help=_HOME_HELP)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    add_jobs_option(p)
    p.set_defaults(func=run_ingest)

    p = sub.add_parser("remove", help="forget the facts of ingested files (or of every file under a folder)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--home", help=_HOME_HELP)
    p.set_defaults(func=run_remove)

    queries = [
        ("implementers", "documents implementing REF, directly or through chains"),
        ("lineage", "what REF implements or continues, up to the roots"),
        ("cites", "documents REF cites or implements, with evidence"),
        ("cited-by", "documents citing REF, with evidence"),
        ("tasks", "tasks of an ingested document and their assignments"),
        ("coverage", "localities with a document implementing REF, and the lag in days"),
    ]
    for name, text in queries:
        p = sub.add_parser(
            name,
            help=text,
            description=f"{text}. REF: symbol ('25-NQ/TW'), free text "
            "('Nghị quyết 25'), node id, or the path of an ingested file.",
        )
        p.add_argument("ref", metavar="REF")
        if name == "implementers":
            p.add_argument(
                "--depth", type=int, default=None, metavar="N", help="follow chains N steps (default all)"
            )
        p.add_argument("--json", action="store_true", help="print JSON")
        p.add_argument("--home", help=_HOME_HELP)
        p.set_defaults(func=run_query, query=name)

    p = sub.add_parser("agency", help="tasks assigned to an agency (name words, accents optional)")
    p.add_argument("name", metavar="NAME")
    p.add_argument(
        "--limit", type=_positive, default=20, metavar="N", help="at most N agencies, best match first (20)"
    )
    p.add_argument(
        "--max-tasks",
        type=_max_tasks,
        default=50,
        metavar="N|all",
        help="list at most N tasks and received documents per agency, with the totals (50; 'all' lists every one)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--home", help=_HOME_HELP)
    p.set_defaults(func=run_query, query="agency")

    p = sub.add_parser("resolve", help="free-text reference -> candidate directives, ranked")
    p.add_argument("text", metavar="TEXT")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--home", help=_HOME_HELP)
    p.set_defaults(func=run_query, query="resolve")


# -- ingest / remove ---------------------------------------------------------------------------------


def run_ingest(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from graph.ingest import expand_paths, ingest_files
    from ingest.parallel import WorkersFailed

    files = list(expand_paths(args.paths))
    if not files:
        raise _user_error("no readable files under the given paths")
    statuses: Counter[str] = Counter()
    citations = edges = warnings = 0
    failed = []
    with Store.open_home(_home(args)) as store:
        jobs = resolve_jobs(args.jobs, len(files))
        bar_off = True if args.quiet else None  # None: tqdm shows the bar only on a terminal
        with tqdm(total=len(files), unit="file", disable=bar_off, file=sys.stderr) as bar:
            try:
                for out in ingest_files(store, files, jobs):
                    bar.update()
                    statuses[out.status] += 1
                    if out.status == "failed":
                        failed.append(out)
                        bar.write(f"vankien ingest: {out.path}: {out.error}", file=sys.stderr)
                        continue
                    if out.status in ("added", "replaced"):
                        citations += out.citations
                        edges += out.edges
                        warnings += len(out.warnings)
            except WorkersFailed as exc:  # the files stored so far stay stored
                raise _user_error(str(exc)) from None
        totals = store.counts()
    done = ", ".join(
        f"{statuses[s]} {s}" for s in ("added", "replaced", "unchanged", "failed") if statuses[s]
    )
    print(f"documents: {done}; citations: {citations}; edges: {edges}; warnings: {warnings}")
    print(
        f"store {_home(args) / DB_NAME}: {totals['documents']} documents, {totals['nodes']} nodes, "
        f"{totals['edges']} edges"
    )
    return 1 if failed else 0


def run_remove(args: argparse.Namespace) -> int:
    missing = 0
    with _open_existing(args) as store:
        stored = [s.path for s in store.sources()]
        for p in args.paths:
            path = str(Path(p).expanduser().resolve())
            targets = [s for s in stored if s == path or s.startswith(path.rstrip("/") + "/")]
            if not targets:
                print(f"vankien remove: {p}: not in the store", file=sys.stderr)
                missing += 1
            for t in targets:
                store.remove_source(t)
                print(f"removed {t}")
    return 1 if missing else 0


# -- queries -----------------------------------------------------------------------------------------


def run_query(args: argparse.Namespace) -> int:
    from graph.queries import RefError

    try:
        with _open_existing(args) as store:
            q = _load_queries(store, args)
        if args.query == "resolve":
            cands = q.resolve(args.text)
            return _emit(
                args, {"query": args.text, "candidates": [c.to_dict() for c in cands]}, _show_resolve
            )
        if args.query == "agency":
            if args.max_tasks is None:
                return _emit(args, q.agency(args.name, args.limit).to_dict(), _show_agency)
            pages = q.agency_page(args.name, args.limit, args.max_tasks)
            answer = {"query": args.name, "agencies": [_paged(p.to_dict()) for p in pages]}
            return _emit(args, answer, _show_agency)
        method = {
            "implementers": q.implementers,
            "lineage": q.lineage,
            "cites": q.cites,
            "cited-by": q.cited_by,
            "tasks": q.tasks,
            "coverage": q.coverage,
        }[args.query]
        answer = method(args.ref, args.depth) if args.query == "implementers" else method(args.ref)
    except RefError as exc:
        raise _user_error(str(exc)) from None
    show = {
        "implementers": _show_chain,
        "lineage": _show_chain,
        "cites": _show_links,
        "cited-by": _show_links,
        "tasks": _show_tasks,
        "coverage": _show_coverage,
    }[args.query]
    return _emit(args, answer.to_dict(), show)


def _load_queries(store: Store, args: argparse.Namespace):
    """Load only what the query reads (graph.nxgraph.load_around): interactive even on a large store."""
    from graph.nxgraph import load_agencies, load_around
    from graph.queries import Queries

    if args.query == "agency":  # ranked and cut in SQL: a provincial committee has thousands of tasks
        return Queries(load_agencies(store, args.name, args.limit, args.max_tasks))
    text = args.text if args.query == "resolve" else args.ref
    return Queries(load_around(store, args.query, text, getattr(args, "depth", None)))


def _positive(value: str) -> int:
    n = int(value)
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def _max_tasks(value: str) -> int | None:
    if value == "all":
        return None
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 or more, or 'all'")
    return n


def _paged(page: dict[str, Any]) -> dict[str, Any]:
    """An agency page as the agency itself plus its totals: the shape ``--max-tasks all`` prints, extended."""
    return {**page["agency"], "tasks_total": page["tasks_total"], "receives_total": page["receives_total"]}


def _emit(args: argparse.Namespace, data: dict[str, Any], show) -> int:
    if args.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        for line in show(data):
            sys.stdout.write(line + "\n")
    return 0


def _node(n: dict[str, Any]) -> str:
    head = n.get("symbol") or n.get("kind") or n["label"]
    bits = [head]
    if n.get("date") or n.get("year"):
        bits.append(str(n.get("date") or n.get("year")))
    if n.get("title"):
        title = n["title"]
        bits.append(title if len(title) <= 90 else title[:87] + "...")
    return f"{' | '.join(bits)}  [{n['id']}]" + (f"  {n['files'][0]}" if n.get("files") else "")


def _show_chain(d: dict[str, Any]) -> list[str]:
    lines = [_node(d["node"])]
    if not d["steps"]:
        lines.append("  (none)")
    for s in d["steps"]:
        lines.append(f"{'  ' * s['depth']}{s['relation']}: {_node(s['node'])}")
    if d.get("roots"):
        lines.append("roots: " + ", ".join(d["roots"]))
    return lines


def _show_links(d: dict[str, Any]) -> list[str]:
    lines = [_node(d["node"])]
    for x in d["links"]:
        extra = f" ({x['resolution']}, confidence {x['confidence']})" if x.get("resolution") else ""
        task = f" in {x['via_task']}" if x.get("via_task") else ""
        where = f" line {x['line']}" if x.get("line") else ""
        lines.append(f"  {x['relation']}{task}: {_node(x['node'])}{extra}{where}")
    if not d["links"]:
        lines.append("  (none)")
    return lines


def _show_tasks(d: dict[str, Any]) -> list[str]:
    lines = [_node(d["node"])]
    for t in d["tasks"]:
        dl = f"  [deadline: {t['deadline']}]" if t.get("deadline") else ""
        lines.append(f"  {t['task_id']} {t.get('heading') or ''}{dl}")
        for a in t["assignments"]:
            lines.append(f"      {a['role']}: {a['agency']}")
    if not d["tasks"]:
        lines.append("  (no tasks)")
    return lines


def _show_agency(d: dict[str, Any]) -> list[str]:
    lines = []
    for a in d["agencies"]:
        n_tasks, n_received = (
            a.get("tasks_total", len(a["tasks"])),
            a.get("receives_total", len(a["receives"])),
        )
        lines.append(f"{a['name']}  [{a['id']}]  {n_tasks} task(s), recipient of {n_received}")
        for t in a["tasks"]:
            lines.append(f"  {t['role']}: {t['task_id']} {t.get('heading') or ''}  [{t['document']}]")
        if n_tasks > len(a["tasks"]):
            lines.append(f"  ... {n_tasks - len(a['tasks'])} more task(s): --max-tasks all lists them")
    return lines or [f"no agency matches {d['query']!r}"]


def _show_resolve(d: dict[str, Any]) -> list[str]:
    lines = [
        f"{c['score']:6.2f}  {c.get('symbol') or ''} {c.get('year') or ''}  {c['id']}  "
        f"{(c.get('title') or '')[:70]}"
        for c in d["candidates"]
    ]
    return lines or [f"no candidate for {d['query']!r}"]


def _show_coverage(d: dict[str, Any]) -> list[str]:
    lines = [_node(d["node"])]
    for c in d["covered"]:
        lag = f", first after {c['first_lag_days']} days" if c["first_lag_days"] is not None else ""
        lines.append(f"  {c['name'] or c['locality']}: {len(c['documents'])} document(s){lag}")
    if d["not_covered"]:
        lines.append(
            "  no implementing document: " + ", ".join(x["name"] or x["locality"] for x in d["not_covered"])
        )
    if d["without_locality"]:
        lines.append(f"  {len(d['without_locality'])} implementing document(s) name no locality")
    return lines
