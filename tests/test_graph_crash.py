"""kill -9 in the middle of `vankien ingest` leaves the store as after some whole file, never in between.

Each file is one SQLite transaction; the test widens the window inside each transaction
(VANKIEN_DEBUG_TXN_DELAY) so the kill almost surely lands while a write transaction is open, then checks
the store equals one of the snapshots a clean run takes after each file, and that a re-run completes it.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graph.ingest import expand_paths, ingest_file
from graph.store import DB_NAME, TXN_DELAY_ENV, Store

ROOT = Path(__file__).resolve().parent.parent
N_FILES = 24


def _corpus(samples_dir: Path, folder: Path) -> list[Path]:
    seeds = sorted(samples_dir.glob("*.txt"))
    folder.mkdir()
    for i in range(N_FILES):
        text = seeds[i % len(seeds)].read_text(encoding="utf-8")
        (folder / f"doc_{i:03d}.txt").write_text(text + f"\n\nPhụ lục số {i}\n", encoding="utf-8")
    return list(expand_paths([folder]))


def _sources(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT count(*) FROM sources").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _prefixes(files: list[Path], db: Path) -> list:
    """Snapshots of a reference store before any file and after each one: the only states a crash may leave."""
    with Store(db) as ref:
        prefixes = [ref.snapshot()]
        for f in files:
            assert ingest_file(ref, f).status == "added"
            prefixes.append(ref.snapshot())
    return prefixes


def _kill_mid_transaction(proc: subprocess.Popen, db: Path) -> None:
    """Once four files are stored, kill -9 the ingest about half way through the next file's transaction."""
    deadline = time.monotonic() + 60
    while _sources(db) < 4 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    time.sleep(0.07)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()


@pytest.mark.slow
def test_kill_during_ingest_leaves_a_before_or_after_state(samples_dir, tmp_path):
    prefixes = _prefixes(_corpus(samples_dir, tmp_path / "corpus"), tmp_path / "ref.sqlite")

    home = tmp_path / "home"
    env = {**os.environ, TXN_DELAY_ENV: "0.15", "PYTHONPATH": str(ROOT)}
    cmd = [
        sys.executable,
        "-m",
        "vankien",
        "ingest",
        str(tmp_path / "corpus"),
        "--home",
        str(home),
        "--quiet",
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _kill_mid_transaction(proc, home / DB_NAME)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read().decode()

    with Store(home / DB_NAME) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        snap = store.snapshot()
    assert snap in prefixes
    k = prefixes.index(snap)
    assert 0 < k < N_FILES, "the kill should land in the middle of the run"

    done = subprocess.run(
        cmd[:-1] + ["--quiet"], env={**env, TXN_DELAY_ENV: "0"}, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert f"{k} unchanged" in done.stdout
    with Store(home / DB_NAME) as store:
        assert store.snapshot() == prefixes[-1]
