# SPDX-License-Identifier: EUPL-1.2
"""Several worker processes share the connections opened together (regelruimte/api/workers.py):
on Linux each worker listens on a socket of its own (SO_REUSEPORT), so the kernel spreads
connections, where one shared socket gave all 16 of a burst to one worker."""

from __future__ import annotations

import signal
import socket
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from apiserver import start, stop

from regelruimte.api.workers import per_worker_sockets

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="SO_REUSEPORT spreads connections on Linux")


@linux
def test_each_worker_gets_a_socket_on_the_same_port_and_the_kernel_spreads_connections() -> None:
    socks = per_worker_sockets("127.0.0.1", 0, 3)
    assert socks is not None and len(socks) == 3
    try:
        ports = {s.getsockname()[1] for s in socks}
        assert len(ports) == 1 and ports != {0}
        assert all(s.getsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT) for s in socks)
        for s in socks:
            s.listen(128)
            s.setblocking(False)
        port = ports.pop()
        clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(64)]  # opened together, as a pool does
        time.sleep(0.2)
        accepted = []
        for s in socks:
            n = 0
            while True:
                try:
                    conn, _ = s.accept()
                except BlockingIOError:
                    break
                conn.close()
                n += 1
            accepted.append(n)
        for c in clients:
            c.close()
        assert sum(accepted) == 64
        assert min(accepted) > 0, accepted  # all 64 on one of three sockets: a chance of 3 in 3**64
    finally:
        for s in socks:
            s.close()


@linux
def test_a_port_in_use_is_refused_before_any_worker_starts() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        with pytest.raises(OSError):
            per_worker_sockets("127.0.0.1", taken.getsockname()[1], 2)


def test_two_workers_serve_a_burst_of_connections_and_keep_their_number(tmp_path: Path) -> None:
    s = start(tmp_path, "--workers", "2")
    try:
        def live(_: int) -> int:
            with s.client() as c:
                return c.get("/v1/health/live").status_code

        with ThreadPoolExecutor(16) as pool:
            assert set(pool.map(live, range(64))) == {200}
        s.signal(signal.SIGTTOU)  # uvicorn would stop a worker, leaving its socket without a reader
        time.sleep(1.0)
        with ThreadPoolExecutor(16) as pool:
            assert set(pool.map(live, range(64))) == {200}
        assert s.proc.poll() is None
    finally:
        stop(s)
    log = s.log_text()
    assert "SIGTTOU ignored" in log
    if sys.platform.startswith("linux"):
        assert "one listening socket each (SO_REUSEPORT)" in log
