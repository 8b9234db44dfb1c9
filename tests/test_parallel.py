"""``--jobs``: extraction in worker processes gives exactly the output, store and summary of ``-j 1``.

Run through the real CLI entry point (in this process for extract/ingest, so the workers are real spawned
processes; in a subprocess where a signal or an environment switch is involved). Worker death is simulated
with ``VANKIEN_DEBUG_WORKER_CRASH`` (a worker given a file of that name kills itself with SIGKILL).
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT
from test_graph_crash import N_FILES, _corpus, _kill_mid_transaction, _prefixes, _sources

from graph.store import DB_NAME, TXN_DELAY_ENV, Store
from ingest.parallel import AUTO_MIN_FILES, CRASH_ENV, auto_jobs
from vankien.cli import main

UNSEEN = ROOT / "tests" / "data" / "unseen"


def _inputs(samples_dir: Path, tmp_path: Path) -> list[str]:
    """Samples and every unseen text, with a bad file (empty) and a missing one among them."""
    files = sorted(samples_dir.glob("*.txt")) + sorted(
        p for p in UNSEEN.rglob("*") if p.is_file() and p.suffix != ".json"
    )
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    paths = [str(p) for p in files]
    return [*paths[:3], str(empty), *paths[3:7], str(tmp_path / "missing.txt"), *paths[7:]]


def _cli(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _dump(home: Path) -> list[str]:
    con = sqlite3.connect(home / DB_NAME)
    try:
        return list(con.iterdump())
    finally:
        con.close()


def _run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "vankien", *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.mark.parametrize("style", [["--jsonl"], []])
def test_extract_j2_prints_what_j1_prints(capsys, samples_dir, tmp_path, style):
    paths = _inputs(samples_dir, tmp_path)
    one = _cli(capsys, "extract", *style, "-j", "1", *paths)
    two = _cli(capsys, "extract", *style, "--jobs", "2", *paths)
    assert one == two
    status, out, err = two
    assert status == 1 and len(err.splitlines()) == 2  # the empty and the missing file
    if style:
        assert len(out.splitlines()) == len(paths)


def test_ingest_j2_gives_the_store_and_summary_of_j1(capsys, samples_dir, tmp_path):
    corpus = tmp_path / "in"
    shutil.copytree(samples_dir, corpus / "samples")
    shutil.copytree(UNSEEN, corpus / "unseen")
    (corpus / "unseen" / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    runs = []
    for jobs in ("1", "2"):
        home = tmp_path / f"home{jobs}"
        status, out, err = _cli(capsys, "ingest", str(corpus), "--home", str(home), "--quiet", "-j", jobs)
        runs.append((status, out.replace(str(home), "HOME"), err, _dump(home)))
    assert runs[0] == runs[1]
    status, out, err, dump = runs[1]
    assert status == 1 and "broken.pdf" in err and len(err.splitlines()) == 1
    assert "1 failed" in out and len(dump) > 100

    # again with two processes: every file is unchanged (skipped before extraction), nothing changes
    home = tmp_path / "home2"
    status, out, _ = _cli(capsys, "ingest", str(corpus), "--home", str(home), "--quiet", "-j", "2")
    n_good = sum(1 for p in corpus.rglob("*") if p.suffix in (".txt", ".md", ".html", ".docx"))
    assert status == 1 and f"{n_good} unchanged, 1 failed" in out
    assert _dump(home) == dump


def test_a_path_given_twice_is_stored_once_then_unchanged(capsys, samples_dir, tmp_path):
    f = str(sorted(samples_dir.glob("*.txt"))[0])
    for jobs in ("1", "2"):
        home = tmp_path / f"home{jobs}"
        status, out, _ = _cli(capsys, "ingest", f, f, "--home", str(home), "--quiet", "-j", jobs)
        assert status == 0 and out.startswith("documents: 1 added, 1 unchanged;")


def test_a_dying_worker_fails_its_file_only(samples_dir, tmp_path):
    paths = _inputs(samples_dir, tmp_path)
    victim = paths[5]
    ref = _run("extract", "--jsonl", "-j", "1", *paths)
    got = _run("extract", "--jsonl", "-j", "2", *paths, env={CRASH_ENV: Path(victim).name})
    assert got.returncode == 1 and "Traceback" not in got.stderr
    assert f"vankien extract: {victim}: the worker process extracting this file died" in got.stderr
    ref_lines, got_lines = ref.stdout.splitlines(), got.stdout.splitlines()
    assert len(got_lines) == len(paths)
    for i, (a, b) in enumerate(zip(ref_lines, got_lines, strict=True)):
        if i == 5:
            assert '"error": "the worker process extracting this file died' in b
        else:
            assert a == b


def test_workers_dying_on_every_file_stop_the_run_with_one_line(samples_dir, tmp_path):
    seed = sorted(samples_dir.glob("*.txt"))[0]
    for d in "abcde":
        (tmp_path / "in" / d).mkdir(parents=True)
        shutil.copy(seed, tmp_path / "in" / d / "x.txt")
    proc = _run(
        "ingest", str(tmp_path / "in"), "--home", str(tmp_path / "h"), "-j", "2", env={CRASH_ENV: "x.txt"}
    )
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[-1].startswith("vankien: worker processes died on 3 files in a row")
    assert "rerun with -j 1" in proc.stderr


def test_jobs_option_values(capsys, samples_dir):
    with pytest.raises(SystemExit):
        main(["extract", "-j", "0", str(samples_dir)])
    assert "must be at least 1" in capsys.readouterr().err
    assert auto_jobs(AUTO_MIN_FILES - 1) == 1
    assert 1 <= auto_jobs(AUTO_MIN_FILES) <= 8


def _group_left(pgid: int) -> list[str]:
    """Processes of the run's process group still alive (zombies excluded), after up to 5 s."""
    deadline = time.monotonic() + 5
    while True:
        ps = subprocess.run(["ps", "-eo", "pgid=,stat=,pid="], capture_output=True, text=True).stdout
        alive = [
            line for line in ps.splitlines() if line.split()[0] == str(pgid) and "Z" not in line.split()[1]
        ]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def _start_ingest(folder: Path, home: Path, delay: str) -> subprocess.Popen:
    env = {**os.environ, TXN_DELAY_ENV: delay, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "vankien", "ingest", str(folder), "--home", str(home), "--quiet", "-j", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group: the signal reaches it and its workers, as from a terminal
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # even if this run ignores Ctrl-C
    )


@pytest.mark.slow
def test_ctrl_c_stops_workers_and_store_cleanly(samples_dir, tmp_path):
    _corpus(samples_dir, tmp_path / "corpus")
    home = tmp_path / "home"
    proc = _start_ingest(tmp_path / "corpus", home, "0.15")
    deadline = time.monotonic() + 60
    while _sources(home / DB_NAME) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and err.strip() == "vankien: interrupted", err
    assert _group_left(proc.pid) == []
    with Store(home / DB_NAME) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert 2 <= len(store.sources()) < N_FILES


@pytest.mark.slow
def test_kill_9_with_workers_leaves_a_before_or_after_state_and_no_orphan(samples_dir, tmp_path):
    prefixes = _prefixes(_corpus(samples_dir, tmp_path / "corpus"), tmp_path / "ref.sqlite")
    home = tmp_path / "home"
    proc = _start_ingest(tmp_path / "corpus", home, "0.15")
    _kill_mid_transaction(proc, home / DB_NAME)
    assert proc.returncode == -signal.SIGKILL
    assert _group_left(proc.pid) == []  # the workers noticed their parent died and exited
    with Store(home / DB_NAME) as store:
        snap = store.snapshot()
    assert snap in prefixes and 0 < prefixes.index(snap) < N_FILES
