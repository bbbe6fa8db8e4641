# SPDX-License-Identifier: EUPL-1.2
"""The real server for the HTTP API tests (fixtures in conftest.py): ``regelruimte serve`` in a subprocess on a free port of
127.0.0.1, called with a real HTTP client (httpx), always stopped at the end, also on failure.

Each server writes its log (stderr) to a file the tests read: the access log must hold no value.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="the HTTP API needs the api extra")
httpx = pytest.importorskip("httpx")

ROOT = Path(__file__).resolve().parents[2]
PSEUDONYM_KEY = "test-sleutel-niet-voor-productie"
TOKEN = "t0k3n-voor-de-test-van-de-api-2026"


@dataclass
class Server:
    url: str
    proc: subprocess.Popen[bytes]
    log: Path

    def client(self, token: str | None = None, **kw: object) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30, **kw)  # type: ignore[arg-type]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def signal(self, sig: int) -> None:
        self.proc.send_signal(sig)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(tmp: Path, *args: str, token: str | None = None, env: dict[str, str] | None = None, ready: bool = True) -> Server:
    """Start ``regelruimte serve`` and wait until it answers /v1/health/ready (60 s at most)."""
    port = _free_port()
    log = tmp / f"serve-{port}.log"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("REGELRUIMTE_")}
    environ.update({"REGELRUIMTE_PSEUDONYM_KEY": PSEUDONYM_KEY, "PYTHONUNBUFFERED": "1", **(env or {})})
    if token is not None:
        environ["REGELRUIMTE_API_TOKEN"] = token
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "regelruimte", "serve", "--port", str(port), *args], stdout=out, stderr=subprocess.STDOUT,
                                env=environ, cwd=ROOT)
    server = Server(f"http://127.0.0.1:{port}", proc, log)
    if not ready:
        return server
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited with {proc.returncode}:\n{server.log_text()}")
        try:
            if httpx.get(server.url + "/v1/health/ready", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    stop(server)
    raise AssertionError("the server did not become ready in 60 s:\n" + server.log_text())


def stop(server: Server) -> None:
    if server.proc.poll() is None:
        server.proc.send_signal(signal.SIGTERM)
        try:
            server.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            server.proc.wait(timeout=10)
