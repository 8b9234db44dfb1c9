"""The API's two ways of loading the graph give the same answers, and the per-request one stays bounded.

``Settings.full_graph_max_nodes`` picks the path: a store of at most that many nodes is loaded whole once,
a larger one is read per request from SQLite (api/graph_adapter.py). Here the threshold forces each path
over the same store (the five samples and every unseen text, ingested by the real CLI), and every endpoint
is asked about every directive, symbol, ingested file and a few free-text, unknown and ambiguous references.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.backend import AmbiguousReference, UnknownReference
from api.main import create_app
from api.settings import Settings
from graph.store import DB_NAME, Store

UNSEEN = Path(__file__).resolve().parent / "data" / "unseen"
TEXTS = ("Nghị quyết 25", "NQ 25", "nghi quyet 25", "Kết luận 43 của Ban Bí thư", "18-NQ/TW", "Chỉ thị 999",
         "999-KL/TW", "tiếp tục đổi mới nội dung phương thức hoạt động", "Quy chế dân chủ ở cơ sở")  # fmt: skip


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    from conftest import SAMPLES

    from vankien.cli import main

    home = tmp_path_factory.mktemp("paths")
    assert main(["ingest", "--quiet", "--home", str(home), str(SAMPLES), str(UNSEEN)]) == 0
    return home


def _client(home: Path, max_nodes: int) -> TestClient:
    return TestClient(create_app(Settings(home=home, full_graph_max_nodes=max_nodes)))


@pytest.fixture(scope="module")
def both(home: Path):
    """(whole-graph client, per-request client) over the same store."""
    with _client(home, 10**9) as whole, _client(home, 0) as partial:
        assert whole.app.state.backend.whole and not partial.app.state.backend.whole
        yield whole, partial


def _refs(home: Path) -> list[str]:
    db = sqlite3.connect(home / DB_NAME)
    ids = [r[0] for r in db.execute("SELECT id FROM nodes WHERE label = 'Directive' ORDER BY id")]
    symbols = [r[0] for r in db.execute("SELECT DISTINCT json_extract(props, '$.symbol') FROM nodes "
                                        "WHERE label = 'Directive' AND props LIKE '%symbol%' ORDER BY 1")]  # fmt: skip
    files = [r[0] for r in db.execute("SELECT path FROM sources ORDER BY path")]
    db.close()
    return ids + [s for s in symbols if s] + files + list(TEXTS)


def _same(whole: TestClient, partial: TestClient, url: str, **params) -> dict:
    a, b = whole.get(url, params=params), partial.get(url, params=params)
    assert (a.status_code, a.json()) == (b.status_code, b.json()), (url, params)
    return a.json()


def _answer(backend, method: str, ref: str, *args) -> tuple[str, object]:
    """A backend's answer, or the error the API turns into 404/409 (with its candidates)."""
    try:
        return "ok", getattr(backend, method)(ref, *args)
    except UnknownReference as exc:
        return "404", exc.suggestions
    except AmbiguousReference as exc:
        return "409", exc.candidates


def test_every_directive_endpoint_answers_the_same_both_ways(home: Path, both) -> None:
    """Compared at the backend (the routers serialize both the same way), then a sample over HTTP."""
    whole, partial = (c.app.state.backend for c in both)
    calls = [("directive",), ("implementers", 1), ("implementers", 3), ("implementers", 20), ("lineage",),
             ("cites",), ("cited_by",), ("tasks",), ("coverage",)]  # fmt: skip
    statuses: dict[str, int] = {}
    for ref in _refs(home):
        for method, *args in calls:
            a, b = _answer(whole, method, ref, *args), _answer(partial, method, ref, *args)
            assert a == b, (method, ref, args)
            statuses[a[0]] = statuses.get(a[0], 0) + 1
    # the comparison covered answers, unknown references (with suggestions) and ambiguous ones
    assert statuses["ok"] > 1000 and statuses["404"] and statuses["409"], statuses
    for ref in _refs(home)[::10]:
        for tail in ("", "/implementers", "/lineage", "/cites", "/cited-by", "/tasks", "/coverage"):
            _same(*both, f"/api/directives/{ref}{tail}")


def test_resolve_and_health_answer_the_same_both_ways(home: Path, both) -> None:
    whole, partial = both
    for q in TEXTS + ("Kế hoạch", "ban chấp hành"):
        for limit in (1, 10):
            _same(whole, partial, "/api/resolve", q=q, limit=limit)
    db = sqlite3.connect(home / DB_NAME)
    assert (
        _same(whole, partial, "/health")["counts"]["documents"]
        == db.execute("SELECT count(*) FROM sources").fetchone()[0]
        > 20
    )
    db.close()


def test_agencies_answer_the_same_both_ways_with_their_limits(home: Path, both) -> None:
    whole, partial = both
    db = sqlite3.connect(home / DB_NAME)
    names = sorted(
        {json.loads(p)["name"] for (p,) in db.execute("SELECT props FROM nodes WHERE label='Agency'")}
    )
    db.close()
    for name in [*names[::3], "ban dân vận", "Ủy ban", "tỉnh ủy", "không có cơ quan này"]:
        _same(whole, partial, "/api/agencies", name=name)
    for limit, max_tasks in ((1, 0), (2, 1), (5, 3), (100, 1000)):
        body = _same(whole, partial, "/api/agencies", name="tỉnh", limit=limit, max_tasks=max_tasks)
        assert len(body["agencies"]) <= limit
        assert all(len(a["tasks"]) == min(max_tasks, a["tasks_total"]) for a in body["agencies"])


def test_capped_agency_lists_the_first_tasks_of_its_full_list(home: Path, both) -> None:
    """The cap keeps the order and the totals of the uncapped answer (ranking by the store's totals)."""
    whole, partial = both
    full = whole.get("/api/agencies", params={"name": "ban", "limit": 100, "max_tasks": 1000}).json()
    busiest = max(full["agencies"], key=lambda a: a["tasks_total"])
    assert busiest["tasks_total"] == len(busiest["tasks"]) >= 3
    for client in both:
        capped = client.get("/api/agencies", params={"name": "ban", "limit": 100, "max_tasks": 2}).json()
        assert [a["id"] for a in capped["agencies"]] == [a["id"] for a in full["agencies"]]
        got = next(a for a in capped["agencies"] if a["id"] == busiest["id"])
        assert got["tasks"] == busiest["tasks"][:2] and got["tasks_total"] == busiest["tasks_total"]


def _crafted_home(home: Path) -> Path:
    """Three plans whose tasks II.2 and II.10 (string order differs from document order) assign one agency
    twice with two roles, and which are sent to it: the cases where a wrong SQL order would show."""
    from ingest.models import Assignment, DocumentMeta, ExtractResult, Task

    with Store.open_home(home) as store:
        for i in (2, 0, 1):
            tasks = tuple(
                Task(id=f"II.{k}", section="II", section_type="tasks", number=str(k), heading=f"Việc {k}",
                     assignments=(Assignment(agency="Ban Dân vận Tỉnh ủy", role="lead"),
                                  Assignment(agency="Ban Dân vận Tỉnh ủy", role="cooperate")))
                for k in (2, 10)
            )  # fmt: skip
            meta = DocumentMeta(kind="Kế hoạch", symbol=f"{i + 1}-KH/TU", date="2020-01-0{i + 1}",
                                issuer="Ban Thường vụ Tỉnh ủy", locality="Lào Cai", province="Lào Cai",
                                recipients=("Ban Dân vận Tỉnh ủy",))  # fmt: skip
            result = ExtractResult(source=f"/plans/p{i}.txt", document=meta, tasks=tasks,
                                   content_hash=f"{i:064x}", extractor_version="t")  # fmt: skip
            store.ingest_result(result)
    return home


def test_capped_agency_order_and_totals_on_a_crafted_store(tmp_path: Path) -> None:
    home = _crafted_home(tmp_path)
    with _client(home, 10**9) as whole, _client(home, 0) as partial:
        full = _same(whole, partial, "/api/agencies", name="ban dân vận", max_tasks=1000)["agencies"]
        [agency] = full
        assert (agency["tasks_total"], agency["receives_total"], len(agency["receives"])) == (12, 3, 3)
        first = [(t["directive"]["symbol"], t["task"], t["role"]) for t in agency["tasks"][:3]]
        assert first == [
            ("1-KH/TU", "II.10", "cooperate"),
            ("1-KH/TU", "II.10", "lead"),
            ("1-KH/TU", "II.2", "cooperate"),
        ]
        for cap in range(6):
            [capped] = _same(whole, partial, "/api/agencies", name="ban dân vận", max_tasks=cap)["agencies"]
            assert capped["tasks"] == agency["tasks"][:cap] and capped["receives"] == agency["receives"][:cap]
            assert (capped["tasks_total"], capped["receives_total"]) == (12, 3)


@pytest.mark.parametrize("max_nodes", [0, 10**9])
def test_both_paths_pick_up_an_ingest_made_while_serving(tmp_path: Path, max_nodes: int) -> None:
    """`vankien ingest` in another connection while serving: the next request sees it, on either path."""
    from conftest import SAMPLES, SEED_NAMES

    from graph.ingest import ingest_file

    seed = str(SAMPLES / SEED_NAMES[3])
    with _client(tmp_path, max_nodes) as c:
        assert c.get("/api/directives/43-KL/TW").status_code == 404
        with Store.open_home(tmp_path) as store:
            assert ingest_file(store, seed).status == "added"
        assert c.get("/health").json()["counts"]["documents"] == 1
        items = c.get("/api/directives/43-KL/TW/implementers").json()["items"]
        assert [i["directive"]["sources"] for i in items] == [[seed]]
        # the threshold decides again after each change: a store that outgrew it is read per request
        assert c.app.state.backend.whole == (max_nodes > 0)


def test_per_request_reads_do_not_wait_for_an_ingest_holding_the_write_lock(home: Path) -> None:
    """An ingest holds the write lock for each file's transaction; requests read the last committed state."""
    with _client(home, 0) as c:
        before = c.get("/api/directives/43-KL/TW/implementers").json()
        writer = sqlite3.connect(home / DB_NAME, isolation_level=None, timeout=0)
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("DELETE FROM edges")  # uncommitted: invisible to readers
        try:
            assert c.get("/api/directives/43-KL/TW/implementers").json() == before
            assert c.get("/health").json()["status"] == "ok"
        finally:
            writer.execute("ROLLBACK")
            writer.close()


def test_threshold_is_a_setting_read_from_the_environment(monkeypatch) -> None:
    monkeypatch.setenv("VANKIEN_FULL_GRAPH_MAX_NODES", "1234")
    assert Settings().full_graph_max_nodes == 1234
    monkeypatch.setenv("VANKIEN_FULL_GRAPH_MAX_NODES", "-1")
    with pytest.raises(ValueError, match="full_graph_max_nodes"):
        Settings()


def test_cli_agency_loading_ranks_like_the_whole_graph_beyond_the_limit(home: Path) -> None:
    """`vankien agency ban` matches more agencies than it lists: the partial load must pick the same ones
    (ranked by their tasks in the store), not the first ids among equally scored names."""
    from graph.nxgraph import load_around, load_graph
    from graph.queries import AGENCY_LIMIT, Queries

    with Store.open_home(home) as store:
        whole = Queries(load_graph(store))
        for name in ("ban", "tỉnh", "ủy ban nhân dân"):
            part = Queries(load_around(store, "agency", name))
            assert whole.agency(name).to_dict() == part.agency(name).to_dict(), name
        assert len(whole.agency("ban", limit=1000).agencies) > AGENCY_LIMIT  # the case needing the totals
