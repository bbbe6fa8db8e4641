# SPDX-License-Identifier: EUPL-1.2
"""Several worker processes on one port: uvicorn's supervisor, with a listening socket per worker.

uvicorn's workers accept from one shared listening socket, and the worker that wakes first accepts
every connection waiting. Clients that open their keep-alive connections together (a connection
pool warming up, the load test's 16 clients) then land on one worker and stay there: 16/0 and 14/2
were measured with two workers, so two served like one (docs/performance.md, the HTTP API). On
Linux each worker gets a socket of its own on the same port (``SO_REUSEPORT``), and the kernel
spreads new connections over the sockets by their addresses. The parent keeps every socket open:
a worker that dies is replaced on its own socket (connections that arrive meanwhile wait in its
backlog, none is lost), and the worker count is fixed (SIGTTIN and SIGTTOU, uvicorn's signals to
add or remove a worker, are refused: a removed worker would leave its socket without a reader).
Elsewhere (no ``SO_REUSEPORT`` with this meaning) the workers share one socket, as in uvicorn.

SIGHUP to the main process reloads every worker's regulations (through the generation file)
instead of restarting the workers.
"""

from __future__ import annotations

import logging
import socket
import sys
from pathlib import Path
from typing import Any

from .state import write_generation

log = logging.getLogger("regelruimte.api")


def supervise(config: Any, run_dir: Path) -> None:
    """Serve ``config`` (a uvicorn Config with ``workers`` > 1) until SIGINT or SIGTERM."""
    from uvicorn.supervisors import Multiprocess
    from uvicorn.supervisors.multiprocess import Process

    own = per_worker_sockets(config.host, config.port, config.workers) if config.uds is None and config.fd is None else None

    class Supervisor(Multiprocess):
        def handle_hup(self) -> None:
            log.info("SIGHUP: every worker reloads the regulations")
            write_generation(run_dir / "generation")

        def handle_ttin(self) -> None:
            log.warning("SIGTTIN ignored: the number of workers is fixed (--workers)")

        def handle_ttou(self) -> None:
            log.warning("SIGTTOU ignored: the number of workers is fixed (--workers)")

        def init_processes(self) -> None:
            if own is None:
                super().init_processes()
                return
            for sock in own:
                process = Process(self.config, [sock])
                process.start()
                self.processes.append(process)

        def keep_subprocess_alive(self) -> None:
            if own is None:
                super().keep_subprocess_alive()
                return
            # uvicorn's check, one worker at a time, so a replacement gets the socket of the worker it replaces
            everyone = self.processes
            try:
                for index, sock in enumerate(own):
                    self.processes, self.sockets = [everyone[index]], [sock]
                    super().keep_subprocess_alive()
                    everyone[index] = self.processes[0]
                    if self.should_exit.is_set():
                        return
            finally:
                self.processes = everyone

        def restart_all(self) -> None:  # pragma: no cover - only SIGHUP calls it in uvicorn, and handle_hup reloads instead
            log.warning("restart ignored: send SIGHUP to reload the regulations")

    Supervisor(config, sockets=own or [config.bind_socket()]).run()


def per_worker_sockets(host: str, port: int, workers: int) -> list[socket.socket] | None:
    """``workers`` TCP sockets bound to the same address with ``SO_REUSEPORT`` (Linux), not yet
    listening (each worker listens on its own); None where the kernel does not spread connections
    over such sockets. Port 0 binds the first to a free port and the others to that one."""
    if not sys.platform.startswith("linux") or not hasattr(socket, "SO_REUSEPORT"):
        return None
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    out: list[socket.socket] = []
    try:
        for _ in range(workers):
            sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
            out.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind((host, port))
            port = sock.getsockname()[1]
            sock.set_inheritable(True)
    except OSError:
        for sock in out:
            sock.close()
        raise
    log.info("%d workers on %s port %d, one listening socket each (SO_REUSEPORT)", workers, host, port)
    return out
