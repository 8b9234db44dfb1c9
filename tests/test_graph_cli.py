"""The graph commands: ingest (progress, summary, failures), remove, and every query with --json."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import SEED_NAMES, load_gold
from graphfactory import cite, doc, from_gold

from graph.store import DB_NAME, Store
from vankien.cli import main

SEED_000, SEED_001, SEED_002, SEED_003, SEED_004 = SEED_NAMES


@pytest.fixture()
def gold_home(tmp_path):
    """A store holding the seeds' gold facts (independent of extraction progress)."""
    home = tmp_path / "home"
    with Store.open_home(home) as store:
        for name, g in sorted(load_gold().items()):
            store.ingest_result(from_gold(name, g))
        store.ingest_result(doc("x", cite("18-NQ/TW", date="2022-06-16", term="XIII")))
    return home


def _json(capsys, *argv) -> dict:
    assert main([*argv, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_ingest_summary_idempotent_and_failures(tmp_path, samples_dir, capsys):
    corpus = tmp_path / "in"
    shutil.copytree(samples_dir, corpus)
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    home = tmp_path / "home"
    assert main(["ingest", str(corpus), "--home", str(home), "--quiet"]) == 1
    out, err = capsys.readouterr()
    assert "5 added" in out and "1 failed" in out
    assert "broken.pdf" in err and err.count("\n") == 1
    with Store.open_home(home) as s:
        assert len(s.sources()) == 5
    assert main(["ingest", str(corpus / SEED_000), "--home", str(home), "--quiet"]) == 0
    assert "1 unchanged" in capsys.readouterr().out


def test_home_from_environment(tmp_path, samples_dir, monkeypatch, capsys):
    monkeypatch.setenv("VANKIEN_HOME", str(tmp_path / "envhome"))
    assert main(["ingest", str(samples_dir / SEED_003), "--quiet"]) == 0
    assert (tmp_path / "envhome" / DB_NAME).exists()
    assert main(["remove", str(samples_dir / SEED_003)]) == 0
    assert "removed" in capsys.readouterr().out
    assert main(["remove", str(samples_dir / SEED_003)]) == 1


def test_query_without_store_is_a_one_line_error(tmp_path, capsys):
    assert main(["lineage", "25-NQ/TW", "--home", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("vankien: no graph store") and err.count("\n") == 1


def test_implementers_and_lineage_json(gold_home, capsys):
    h = ["--home", str(gold_home)]
    data = _json(capsys, "implementers", "43-KL/TW", *h)
    assert data["node"]["id"] == "dir:TW/KL/43/2019"
    assert [s["node"]["files"] for s in data["steps"]] == [[f"/seeds/{SEED_003}"]]
    data = _json(capsys, "implementers", "Nghị quyết 25", "--depth", "1", *h)
    assert [s["node"]["symbol"] for s in data["steps"]] == ["43-KL/TW"]
    data = _json(capsys, "lineage", f"/seeds/{SEED_000}", *h)
    assert [s["node"]["symbol"] for s in data["steps"]] == ["160-TB/TW", "62-KL/TW"]
    assert data["roots"] == ["dir:TW/KL/62/2009"]


def test_text_output(gold_home, capsys):
    assert main(["lineage", f"/seeds/{SEED_000}", "--home", str(gold_home)]) == 0
    out = capsys.readouterr().out
    assert "IMPLEMENTS: 160-TB/TW" in out and "CONTINUES: 62-KL/TW" in out


def test_cites_cited_by_tasks_agency_resolve_coverage(gold_home, capsys):
    h = ["--home", str(gold_home)]
    cites = _json(capsys, "cites", f"/seeds/{SEED_003}", *h)
    assert cites["links"][0]["relation"] == "IMPLEMENTS" and cites["links"][0]["node"]["symbol"] == "43-KL/TW"
    cited = _json(capsys, "cited-by", "124-QĐ/TW", *h)
    assert {x["node"]["files"][0] for x in cited["links"] if x["node"]["files"]} >= {
        f"/seeds/{SEED_001}", f"/seeds/{SEED_003}"}  # fmt: skip
    tasks = _json(capsys, "tasks", f"/seeds/{SEED_003}", *h)
    assert tasks["tasks"][0]["task_id"] == "II.1" and tasks["tasks"][0]["deadline"] == "quý II năm 2019"
    agency = _json(capsys, "agency", "Ban Dân vận Tỉnh ủy", *h)
    assert agency["agencies"] and all("dân-vận" in a["id"] for a in agency["agencies"])
    res = _json(capsys, "resolve", "Kết luận 43 của Ban Bí thư", *h)
    assert res["candidates"][0]["id"] == "dir:TW/KL/43/2019"
    cov = _json(capsys, "coverage", "43-KL/TW", *h)
    assert [c["locality"] for c in cov["covered"]] == ["loc:tuyên-quang"]


def test_agency_lists_are_capped_with_totals(gold_home, capsys):
    """A provincial committee is assigned thousands of tasks on a large store: the CLI lists the first ones
    and says how many there are; ``--max-tasks all`` gives the uncapped answer the totals must agree with."""
    h = ["--home", str(gold_home)]
    full = _json(capsys, "agency", "Tỉnh ủy", "--max-tasks", "all", *h)["agencies"]
    busiest = max(full, key=lambda a: len(a["tasks"]))
    assert len(busiest["tasks"]) >= 2
    capped = _json(capsys, "agency", "Tỉnh ủy", "--max-tasks", "1", *h)["agencies"]
    assert [a["id"] for a in capped] == [a["id"] for a in full]
    by_id = {a["id"]: a for a in capped}
    for a in full:
        got = by_id[a["id"]]
        assert got["tasks"] == a["tasks"][:1] and got["tasks_total"] == len(a["tasks"])
        assert got["receives"] == a["receives"][:1] and got["receives_total"] == len(a["receives"])
    assert len(_json(capsys, "agency", "Tỉnh ủy", "--limit", "1", *h)["agencies"]) == 1
    assert main(["agency", "Tỉnh ủy", "--max-tasks", "1", *h]) == 0
    assert f"{len(busiest['tasks']) - 1} more task(s)" in capsys.readouterr().out


def test_ambiguous_reference_is_refused(gold_home, capsys):
    assert main(["cited-by", "18-NQ/TW", "--home", str(gold_home)]) == 2
    err = capsys.readouterr().err
    assert "ambiguous" in err and "dir:TW/NQ/18/2017" in err and "dir:TW/NQ/18/2022" in err
    assert main(["cited-by", "18-NQ/TW năm 2017", "--home", str(gold_home), "--json"]) == 0


def test_unknown_reference(gold_home, capsys):
    assert main(["lineage", "Chỉ thị 999", "--home", str(gold_home)]) == 2
    assert "no directive matches" in capsys.readouterr().err


def test_file_not_ingested(gold_home, samples_dir, capsys):
    assert main(["lineage", str(samples_dir / SEED_004), "--home", str(gold_home)]) == 2
    assert "is not ingested" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("lineage", f"/seeds/{SEED_000}"),
        ("implementers", "Nghị quyết 25"),
        ("coverage", "43-KL/TW"),
        ("cites", f"/seeds/{SEED_003}"),
        ("cited-by", "124-QĐ/TW"),
        ("tasks", f"/seeds/{SEED_004}"),
        ("agency", "ban dân vận"),
        ("resolve", "Kết luận 43"),
        ("resolve", "tiếp tục đổi mới nội dung phương thức hoạt động"),
    ],
)
def test_partial_loading_answers_like_the_whole_graph(gold_home, query, text):
    """The CLI loads only what a query reads; the answer must equal the one on the whole graph."""
    from graph.nxgraph import load_around, load_graph
    from graph.queries import Queries

    with Store.open_home(gold_home) as store:
        whole, part = Queries(load_graph(store)), Queries(load_around(store, query, text))
    if query == "resolve":
        assert [c.to_dict() for c in whole.resolve(text)] == [c.to_dict() for c in part.resolve(text)]
        return
    name = {"cited-by": "cited_by"}.get(query, query)
    a, b = getattr(whole, name)(text).to_dict(), getattr(part, name)(text).to_dict()
    assert a == b
    assert a.get("steps") or a.get("links") or a.get("tasks") or a.get("agencies") or a.get("covered")
