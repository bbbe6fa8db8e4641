# SPDX-License-Identifier: EUPL-1.2
"""The CPU cost of the HTTP layer alone, in process: what the service adds to an assessment.

Usage: ``python benchmarks/api_layer.py [--requests 3000] [--profile]``

``benchmarks/api_load.py`` measures the whole service under load, which on a shared machine moves
with the neighbours. This measures, in CPU time of one process (``time.process_time``, not wall
time), three figures over the example cases of the bundled regulations:

* **library**: ``rr.assess(policy, case).to_json(indent=None)`` per case;
* **service**: the ASGI application of ``regelruimte serve`` (guard, hot path, FastAPI) called
  directly with each ``POST /v1/regulations/{id}/assessments``, the library included;
* **HTTP layer**: the same, with ``rr.assess`` answering from a table of the answers computed
  before timing, so only the layer between the socket and the library is left (uvicorn's own
  part, about 0.03 ms per request with httptools and uvloop, is not in it).

Every answer is checked against the library's bytes before timing. ``--profile`` prints the
HTTP layer's cProfile instead (its hot spots). The access log is on, written to nowhere, as
``regelruimte serve`` configures it.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import logging
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import api_load  # noqa: E402

import regelruimte as rr  # noqa: E402


class _Answer:
    """What the stubbed ``rr.assess`` returns: the library's bytes for this case."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.case_ref = None

    def to_json(self, *, show_values: bool = False, indent: int | None = None) -> str:
        return self.text


def _app() -> tuple[Any, Any]:
    from regelruimte.api.app import create_app
    from regelruimte.api.server import _configure_logging
    from regelruimte.api.settings import Settings
    from regelruimte.api.state import Registry

    handler = logging.StreamHandler(io.StringIO())
    _configure_logging()
    logging.getLogger().handlers[:] = [handler]  # the access log is written, to nowhere
    policies = rr.load_policies()
    return create_app(Settings(), Registry(lambda: policies), Path(tempfile.mkdtemp(prefix="regelruimte-layer-")))


async def _post(app: Any, policy_id: str, body: bytes) -> list[dict[str, Any]]:
    path = f"/v1/regulations/{policy_id}/assessments"
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1:8000"), (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
             "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000), "state": {}}
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    out: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.sleep(3600)
        return {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        out.append(message)

    await app(scope, receive, send)
    return out


def _cpu_ms(run: Callable[[], None], n: int, rounds: int = 3) -> float:
    """The least CPU milliseconds per request over ``rounds`` runs of ``n`` (the least is the one
    the neighbours disturbed least)."""
    best = float("inf")
    for _ in range(rounds):
        t = time.process_time()
        run()
        best = min(best, (time.process_time() - t) / n * 1000)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--profile", action="store_true", help="print the HTTP layer's cProfile (library stubbed)")
    args = parser.parse_args(argv)
    n = args.requests
    items = api_load.cases()
    policies = rr.load_policies()
    app, framework = _app()

    def library() -> None:
        for k in range(n):
            pid, body, _ = items[k % len(items)]
            rr.assess(policies.versions(pid)[-1], json.loads(body)).to_json(indent=None)

    current: list[bytes] = [b""]  # the body being served (the stubbed library answers for it)

    async def serve_all() -> None:
        async with framework.router.lifespan_context(framework):
            for k in range(n):
                pid, body, expected = items[k % len(items)]
                current[0] = body
                out = await _post(app, pid, body)
                if k < len(items) and (out[0]["status"] != 200 or out[-1]["body"] != expected):
                    raise SystemExit(f"{pid}: the service's answer differs from the library's")

    def service() -> None:
        asyncio.run(serve_all())

    library()  # warm: the compiled policies, the caches
    lib_ms = _cpu_ms(library, n)
    service_ms = _cpu_ms(service, n)
    answers = {body: _Answer(expected.decode()) for _, body, expected in items}
    real_assess = rr.assess
    rr.assess = lambda policy, case, **kw: answers[current[0]]  # type: ignore[assignment]
    try:
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            service()
            profile.disable()
            pstats.Stats(profile).sort_stats("tottime").print_stats(30)
            return 0
        layer_ms = _cpu_ms(service, n)
    finally:
        rr.assess = real_assess
    print(f"CPU per request, in process, {len(items)} example cases, {n:,} requests per round (best of 3):")
    print(f"  library (rr.assess + to_json)         {lib_ms:.3f} ms")
    print(f"  service (the ASGI app, library in it) {service_ms:.3f} ms")
    print(f"  HTTP layer (library stubbed)          {layer_ms:.3f} ms")
    print(f"  load average {api_load.loadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
