"""Graph speed: store ingest throughput, and lineage / implementers on a synthetic graph of 100k directives.

Run: ``.venv/bin/python -m benchmarks graph [--n=100000] [--quick]`` (``make bench`` runs every benchmark).

The synthetic corpus mirrors the real hierarchy: central resolutions and conclusions (referenced only,
some cited without a date), provincial plans implementing them (own symbol "N-KH/TU", a date, a province),
and district plans implementing a provincial plan (own "N-KH/HU" in a district), each also citing a few
other documents, with tasks and assignments. Every document is an ExtractResult ingested through the real
store (facts, resolution, merge), so the figures include all the store's bookkeeping.

Baselines in the same run, on the same graph: a bare networkx BFS over the same edges (``nx.ancestors`` /
``nx.descendants`` on the MultiDiGraph) for lineage and implementers, and a dict lookup of a node. The
built store is cached under ``benchmarks/out/`` so repeated runs time the queries without re-ingesting.

The HTTP API is timed through FastAPI's TestClient: start-up (app lifespan: opening the store) and each
endpoint's p50/p95, reading per request from SQLite (the path of a store above
``VANKIEN_FULL_GRAPH_MAX_NODES``) and, up to 20k directives, from the whole graph loaded at start-up;
its baseline is ``GET /health`` (HTTP and TestClient overhead, no graph work).
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
GRAPH_VERSION = 1
PROVINCES = ["Lào Cai", "Lâm Đồng", "Tuyên Quang", "Nghệ An", "Hà Tĩnh", "Quảng Ninh", "Thanh Hóa", "Bắc Giang",
             "Đắk Lắk", "Cà Mau", "An Giang", "Điện Biên", "Sơn La", "Gia Lai", "Khánh Hòa", "Bình Định"]  # fmt: skip
KINDS = [("NQ", "Nghị quyết", "Ban Chấp hành Trung ương"), ("KL", "Kết luận", "Bộ Chính trị"),
         ("CT", "Chỉ thị", "Ban Bí thư"), ("TB", "Thông báo", "Ban Bí thư")]  # fmt: skip
AGENCIES = ["Ban Dân vận Tỉnh ủy", "Ban Tuyên giáo Tỉnh ủy", "Ủy ban nhân dân tỉnh", "Ban Tổ chức Tỉnh ủy",
            "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Văn phòng Tỉnh ủy"]  # fmt: skip


def synthetic_corpus(n_directives: int, seed: int = 7):
    """ExtractResults whose graph holds about ``n_directives`` directive nodes (3% central, 25% provincial,
    the rest district plans); yields (result, own node id or None)."""
    from ingest.models import Assignment, Citation, DocumentMeta, ExtractResult, Mention, Task

    rng = random.Random(seed)
    n_central = max(10, n_directives * 3 // 100)
    n_prov = max(10, n_directives // 4)
    n_dist = max(10, n_directives - n_central - n_prov)
    central = []
    for i in range(n_central):
        code, kind, issuer = KINDS[i % len(KINDS)]
        year = 2005 + (i * 7) % 20
        central.append(
            (f"{i // len(KINDS) + 1}-{code}/TW", kind, issuer, f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}")
        )
    m = Mention(start=10, end=20, text="x", sentence="Thực hiện ...", line=3)

    def cite(symbol, kind, issuer, date, relation="cites", undated=False):
        return Citation(symbol=symbol, kind=kind, relation=relation, date=None if undated else date,
                        issuer=issuer, mentions=(m,))  # fmt: skip

    provincial = []
    for i in range(n_prov):
        province = PROVINCES[i % len(PROVINCES)]
        parent = central[rng.randrange(n_central)]
        year = int(parent[3][:4]) + rng.randint(0, 2)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        symbol = f"{i // len(PROVINCES) + 1}-KH/TU"
        cits = [cite(*parent, relation="implements")]
        for other in rng.sample(central, 2):
            cits.append(cite(*other, undated=rng.random() < 0.3))
        provincial.append((symbol, province, date))
        yield _doc(ExtractResult, DocumentMeta, Task, Assignment, f"p{i}", symbol, date, province, None,
                   "Ban Thường vụ Tỉnh ủy", cits, rng)  # fmt: skip
    for i in range(n_dist):
        p_symbol, province, p_date = provincial[rng.randrange(len(provincial))]
        year = int(p_date[:4]) + rng.randint(0, 1)
        date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        parent = Citation(symbol=p_symbol, kind="Kế hoạch", relation="implements", date=p_date,
                          issuer=f"Ban Thường vụ Tỉnh ủy {province}", mentions=(m,))  # fmt: skip
        cits = [parent, cite(*central[rng.randrange(n_central)], undated=rng.random() < 0.3)]
        yield _doc(ExtractResult, DocumentMeta, Task, Assignment, f"d{i}", f"{i + 1}-KH/HU", date, province,
                   f"Huyện {i % 97}", "Ban Thường vụ Huyện ủy", cits, rng)  # fmt: skip


def _doc(
    ExtractResult, DocumentMeta, Task, Assignment, name, symbol, date, province, district, issuer, cits, rng
):
    tasks = tuple(
        Task(id=f"II.{k}", section="II", section_type="tasks", number=str(k), heading=f"Nhiệm vụ {k}",
             assignments=(Assignment(agency=rng.choice(AGENCIES), role="lead"),
                          Assignment(agency=rng.choice(AGENCIES), role="cooperate")))
        for k in range(1, 4)
    )  # fmt: skip
    meta = DocumentMeta(kind="Kế hoạch", symbol=symbol, date=date, issuer=issuer, locality=province,
                        province=province, district=district, title=f"Kế hoạch {name}",
                        implements=(cits[0].symbol,))  # fmt: skip
    return ExtractResult(source=f"/bench/{name}.txt", document=meta, citations=tuple(cits), tasks=tasks,
                         content_hash=hashlib.sha256(name.encode()).hexdigest(), extractor_version="bench")  # fmt: skip


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _timed(fn, refs) -> list[float]:
    out = []
    for r in refs:
        t0 = time.perf_counter()
        fn(r)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main(argv: list[str], *, strict: bool = True) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks graph", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--n", type=int, default=100_000, help="directives in the synthetic graph (default 100k)"
    )
    parser.add_argument("--quick", action="store_true", help="10k directives, for a smoke run")
    parser.add_argument("--queries", type=int, default=300, help="queries timed per kind")
    # run with other benchmarks (strict=False), options meant for those are not errors here
    args = parser.parse_args(argv) if strict else parser.parse_known_args(argv)[0]
    n = 10_000 if args.quick else args.n

    import networkx as nx

    from graph.nxgraph import load_graph
    from graph.queries import Queries
    from graph.store import Store

    OUT.mkdir(parents=True, exist_ok=True)
    db = OUT / f"graph_v{GRAPH_VERSION}_{n}.sqlite"
    done = db.with_suffix(".done")
    if not done.exists():
        for p in OUT.glob(db.name + "*"):
            p.unlink()
        store = Store(db)
        t0 = time.perf_counter()
        docs = 0
        lap, lap_t = [], t0
        for result in synthetic_corpus(n):
            store.ingest_result(result)
            docs += 1
            if docs % 10_000 == 0:
                now = time.perf_counter()
                lap.append(10_000 / (now - lap_t))
                lap_t = now
        seconds = time.perf_counter() - t0
        store.close()
        laps = ", ".join(f"{x:.0f}" for x in lap)
        done.write_text(
            f"{docs} documents in {seconds:.1f} s = {docs / seconds:.0f} docs/s (per 10k: {laps})\n"
        )
    print(f"store ingest: {done.read_text().strip()}  [{db.name}]")

    store = Store(db)
    from graph.nxgraph import load_around

    def cli_like(
        query: str, refs: list[str]
    ) -> list[float]:  # what one `vankien QUERY REF` does after startup
        out = []
        for ref in refs:
            t0 = time.perf_counter()
            answer = getattr(Queries(load_around(store, query, ref)), query.replace("-", "_"))(ref)
            for one in answer if isinstance(answer, list) else [answer]:  # resolve answers a list
                one.to_dict()
            out.append((time.perf_counter() - t0) * 1000)
        return out

    pick = random.Random(2)
    ids = [r[0] for r in store.db.execute("SELECT id FROM nodes WHERE id LIKE 'dir:HU@%' LIMIT 2000")]
    central = [r[0] for r in store.db.execute("SELECT id FROM nodes WHERE id LIKE 'dir:TW/%/____' LIMIT 500")]
    cli_rows = [
        ("CLI lineage (load_around)", cli_like("lineage", pick.sample(ids, 20))),
        ("CLI implementers", cli_like("implementers", pick.sample(central, 20))),
        ("CLI cites", cli_like("cites", pick.sample(ids, 20))),
        ("CLI cited-by", cli_like("cited-by", pick.sample(central, 20))),
        # free text read as title words (the store's title index): every synthetic title shares "Kế hoạch"
        ("CLI resolve, title words", cli_like("resolve", [f"Kế hoạch thực hiện d{i}" for i in range(20)])),
        ("CLI resolve, unknown words", cli_like("resolve", [f"không có tài liệu x{i}" for i in range(20)])),
    ]
    for name, ms in cli_rows:
        print(
            f"{name:<28} p50 {_pct(ms, 50):8.1f} ms   p95 {_pct(ms, 95):8.1f} ms   (incl. reading from SQLite)"
        )
    for line in api_figures(db, pick.sample(ids, 20), pick.sample(central, 20), n <= 20_000):
        print(line, flush=True)
    t0 = time.perf_counter()
    g = load_graph(store)
    load_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    q = Queries(g)
    index_s = time.perf_counter() - t0
    directives = sum(1 for _, d in g.nodes(data=True) if d.get("label") == "Directive")
    print(f"graph: {g.number_of_nodes()} nodes ({directives} directives), {g.number_of_edges()} edges; "
          f"load {load_s:.1f} s, query index {index_s:.2f} s")  # fmt: skip

    rng = random.Random(1)
    district_docs = [nid for nid in g if nid.startswith("dir:HU@")]
    central_docs = [nid for nid, d in g.nodes(data=True) if nid.startswith("dir:TW/") and g.in_degree(nid)]
    lin_refs = rng.sample(district_docs, min(args.queries, len(district_docs)))
    imp_refs = rng.sample(central_docs, min(args.queries, len(central_docs)))
    impl = {"IMPLEMENTS", "CONTINUES"}
    sub = nx.MultiDiGraph(
        (u, v, k, d) for u, v, k, d in g.edges(keys=True, data=True) if d["type"] in impl
    )  # baseline: the same traversal as bare networkx on the implementation edges only
    sub.add_nodes_from(g)

    rows = [
        ("lineage (Queries)", _timed(q.lineage, lin_refs)),
        ("  baseline nx.descendants", _timed(lambda r: nx.descendants(sub, r), lin_refs)),
        ("implementers (Queries)", _timed(q.implementers, imp_refs)),
        ("  baseline nx.ancestors", _timed(lambda r: nx.ancestors(sub, r), imp_refs)),
        (
            "resolve 'Nghị quyết N'",
            _timed(q.resolve, [f"Nghị quyết {rng.randint(1, 500)}" for _ in lin_refs]),
        ),
        ("  baseline dict lookup", _timed(lambda r: g.nodes[r], lin_refs)),
    ]
    sizes = [len(q.implementers(r).steps) for r in imp_refs[:50]]
    for name, ms in rows:
        print(f"{name:<28} p50 {_pct(ms, 50):8.3f} ms   p95 {_pct(ms, 95):8.3f} ms   max {max(ms):8.2f} ms")
    print(f"    implementers answers: median {statistics.median(sizes):.0f} documents, max {max(sizes)}")
    store.close()
    return 0


def api_figures(db: Path, local: list[str], central: list[str], whole: bool) -> list[str]:
    """Start-up time and per-endpoint latency of the HTTP API over the store ``db`` (see the module doc)."""
    import shutil
    import tempfile
    from urllib.parse import quote

    from fastapi.testclient import TestClient

    from api.main import create_app
    from api.settings import Settings
    from graph.store import DB_NAME

    local, central = [quote(r) for r in local], [quote(r) for r in central]  # ids may hold "?"
    home = Path(tempfile.mkdtemp(prefix="vankien-bench-api-"))
    (home / DB_NAME).symlink_to(db)  # the app opens <home>/graph.sqlite
    urls = [
        ("health (baseline)", ["/health"] * 20),
        ("directive", [f"/api/directives/{r}" for r in local]),
        ("lineage", [f"/api/directives/{r}/lineage" for r in local]),
        ("cites", [f"/api/directives/{r}/cites" for r in local]),
        ("tasks", [f"/api/directives/{r}/tasks" for r in local]),
        ("implementers depth 1", [f"/api/directives/{r}/implementers" for r in central]),
        ("implementers depth 3", [f"/api/directives/{r}/implementers?depth=3" for r in central]),
        ("cited-by", [f"/api/directives/{r}/cited-by" for r in central]),
        ("coverage", [f"/api/directives/{r}/coverage" for r in central]),
        ("resolve 'Nghị quyết N'", [f"/api/resolve?q=Nghị quyết {i}" for i in range(1, 21)]),
        ("agencies 'Ban Dân vận'", ["/api/agencies?name=Ban Dân vận"] * 5),
    ]
    out = []
    modes = [("per request", 0)] + ([("whole graph", 10**9)] if whole else [])
    try:
        for mode, max_nodes in modes:
            t0 = time.perf_counter()
            with TestClient(create_app(Settings(home=home, full_graph_max_nodes=max_nodes))) as client:
                start = time.perf_counter() - t0
                out.append(f"API ({mode}): start-up {start:.2f} s")
                for name, batch in urls:
                    ms = []
                    for url in batch:
                        t0 = time.perf_counter()
                        assert client.get(url).status_code == 200, url
                        ms.append((time.perf_counter() - t0) * 1000)
                    out.append(f"  API {name:<24} p50 {_pct(ms, 50):8.1f} ms   p95 {_pct(ms, 95):8.1f} ms")
    finally:
        shutil.rmtree(home)
    return out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
