# SPDX-License-Identifier: EUPL-1.2
"""Load test of the HTTP API: ``regelruimte serve`` on 127.0.0.1 with 16 concurrent clients.

Usage: ``python benchmarks/api_load.py [--clients 16] [--requests 20000] [--seconds 30] [--json]``
(``make bench`` runs it after ``benchmarks/run.py``).

What it does:

1. Starts ``regelruimte serve`` (the bundled regulations) on a free port of 127.0.0.1 in its own
   process and waits until it is ready; it is always stopped at the end.
2. Takes the example cases of every bundled regulation (about 120 cases over 9 regulations) and
   checks, before timing, that the API's answer for each equals ``rr.assess(...).to_json(indent=None)``
   byte for byte.
3. Runs ``--clients`` clients at once, each sending one ``POST /v1/regulations/{id}/assessments``
   after the other over its own keep-alive connection, round-robin over the cases (with
   ``--households N``, over N synthetic households against every regulation instead: cases the
   library's memo of recent analyses has not seen, as in real traffic): a warm-up of
   ``--warmup`` requests, then ``--requests`` requests or ``--seconds`` seconds, whichever ends first.
   The clients are a small asyncio HTTP/1.1 client (pre-built requests, an asyncio Protocol per
   connection that reads only the status and the Content-Length framing), so the load generator
   takes as little as possible of the cores it shares with the server (its CPU time is reported).
4. Reports assessments per second, latency percentiles (p50, p90, p99, max), errors, the CPU
   seconds of the server (all its processes) and of the load generator, and the machine's load
   average before and after; for one worker process and for two (``--workers 1,2``): one process
   serves on one core (the GIL), two use both cores of a two-core machine.

Bounded in count and time, local address only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATE = 1000.0  # assessments per second
TARGET_P99_MS = 50.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:  # pragma: no cover
        return "?"


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):  # pragma: no cover
        return None


def listening(port: int) -> int:
    """How many sockets listen on ``port`` of 127.0.0.1 (Linux /proc; 0 elsewhere)."""
    try:
        lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:  # pragma: no cover
        return 0
    return sum(1 for line in lines if line.split()[1] == f"0100007F:{port:04X}" and line.split()[3] == "0A")


def start_server(port: int, extra: list[str], workers: int = 1) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("regelruimte")
    env = {k: v for k, v in os.environ.items() if k not in ("REGELRUIMTE_API_TOKEN", "REGELRUIMTE_PSEUDONYM_KEY")}
    proc = subprocess.Popen([str(exe), "serve", "--host", "127.0.0.1", "--port", str(port), *extra], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/health/ready", timeout=1) as r:
                if r.status == 200:
                    # with several workers on Linux, each listens on a socket of its own once it has
                    # loaded the regulations: wait for all of them, or connections opened now would
                    # all go to the first (at most 30 s more; one shared socket elsewhere)
                    ready = time.monotonic() + 30
                    while workers > 1 and 0 < listening(port) < workers and time.monotonic() < ready:
                        time.sleep(0.1)
                    return proc
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("the server did not become ready in 60 s")


def cases() -> list[tuple[str, bytes, bytes]]:
    """(regulation id, request body, expected response body) for every example case."""
    import regelruimte as rr

    out = []
    for policy in rr.load_policies().values():
        for i, test in enumerate(policy.tests):
            case = {"date": test.date.isoformat(), "facts": policy.test_facts(i)}
            body = json.dumps(case, default=str).encode()
            try:
                expected = rr.assess(policy, json.loads(body)).to_json(indent=None).encode()
            except rr.RegelruimteError:
                continue
            out.append((policy.id, body, expected))
    return out


def households(n: int, seed: int = 1, day: str = "2026-03-01") -> list[tuple[str, bytes]]:
    """(regulation id, request body) for ``n`` synthetic households against every bundled regulation
    (``regelruimte.synthetic``), interleaved: cases a load test has not sent before, so the library's
    memo of recent completion analyses (``assessment/completions.py``, 256 per regulation) answers
    only what real traffic could also find there (households that give the same facts the same
    values), not the repeats of a short list. A regulation that refuses the generated facts is left out."""
    import regelruimte as rr
    from regelruimte.synthetic.population import generate

    policies = rr.load_policies()
    rows = generate(policies, n, seed=seed, reference_date=day).to_dicts()
    per_policy = {}
    for pid in policies:
        facts = list(policies[pid].facts)
        bodies = [json.dumps({"date": day, "facts": {k: row[k] for k in facts if row.get(k) is not None}}, default=str).encode() for row in rows]
        try:
            rr.assess(policies[pid], json.loads(bodies[0]))
        except rr.RegelruimteError:
            continue
        per_policy[pid] = bodies
    return [(pid, bodies[i]) for i in range(n) for pid, bodies in per_policy.items()]


def request_bytes(port: int, policy_id: str, body: bytes) -> bytes:
    head = (f"POST /v1/regulations/{policy_id}/assessments HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    return head.encode() + body


class Connection(asyncio.Protocol):
    """One keep-alive connection, one request at a time: the response's status and body, read
    with as little Python per response as possible (no stream reader; the head is parsed once, for
    the status and Content-Length, the only framing the server uses)."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.end = -1  # where the response ends in the buffer, once its head is read
        self.start = 0  # where its body starts
        self.status = 0
        self.waiter: asyncio.Future[tuple[int, bytes]] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        buf = self.buffer
        buf += data
        if self.end < 0:
            head_end = buf.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = bytes(buf[:head_end]).lower()
            self.status = int(head[9:12])
            at = head.find(b"\r\ncontent-length:")
            length = 0
            if at >= 0:
                stop = head.find(b"\r\n", at + 2)
                length = int(head[at + 17:stop if stop >= 0 else len(head)])
            self.start, self.end = head_end + 4, head_end + 4 + length
        if len(buf) >= self.end and self.waiter is not None:
            body = bytes(buf[self.start:self.end])
            del buf[:self.end]
            self.end = -1
            self.waiter.set_result((self.status, body))

    def connection_lost(self, exc: Exception | None) -> None:
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(exc or ConnectionError("the server closed the connection"))

    def exchange(self, request: bytes) -> asyncio.Future[tuple[int, bytes]]:
        """Send one request; the future gets the response's status and body."""
        self.waiter = asyncio.get_running_loop().create_future()
        assert self.transport is not None
        self.transport.write(request)
        return self.waiter


async def connect(port: int) -> Connection:
    _, conn = await asyncio.get_running_loop().create_connection(Connection, "127.0.0.1", port)
    return conn


async def verify(port: int, items: list[tuple[str, bytes, bytes]]) -> int:
    """Mismatches between the API and rr.assess, over every case."""
    conn = await connect(port)
    bad = 0
    for pid, body, expected in items:
        status, got = await conn.exchange(request_bytes(port, pid, body))
        bad += int(status != 200 or got != expected)
    assert conn.transport is not None
    conn.transport.close()
    return bad


async def load(port: int, items: list[tuple[str, bytes]], clients: int, warmup: int, total: int, seconds: float) -> dict[str, Any]:
    requests = [request_bytes(port, pid, body) for pid, body in items]
    latencies: list[float] = []
    errors = 0
    counter = 0
    stop_at = 0.0
    measuring = asyncio.Event()

    async def client(k: int) -> None:
        nonlocal errors, counter
        conn = await connect(port)
        i = k
        try:
            while True:
                if counter >= warmup + total or (measuring.is_set() and time.perf_counter() >= stop_at):
                    return
                counter += 1
                counted = measuring.is_set()
                t0 = time.perf_counter()
                status, _ = await conn.exchange(requests[i % len(requests)])
                dt = time.perf_counter() - t0
                i += clients
                if counted:
                    latencies.append(dt)
                    errors += int(status != 200)
                if not measuring.is_set() and counter >= warmup:
                    measuring.set()
        finally:
            assert conn.transport is not None
            conn.transport.close()

    started: list[float] = []

    async def mark() -> None:
        nonlocal stop_at
        await measuring.wait()
        started.append(time.perf_counter())
        stop_at = started[0] + seconds

    marker = asyncio.create_task(mark())
    await asyncio.gather(*(client(k) for k in range(clients)))
    end = time.perf_counter()
    await marker
    wall = end - started[0]
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))] * 1000

    return {"requests": len(lat), "errors": errors, "wall": wall, "rate": len(lat) / wall, "p50_ms": pct(50), "p90_ms": pct(90),
            "p99_ms": pct(99), "max_ms": lat[-1] * 1000, "mean_ms": statistics.fmean(lat) * 1000}


def measure(items: list[tuple[str, bytes, bytes]], workers: int, args: argparse.Namespace, sent: list[tuple[str, bytes]]) -> dict[str, Any]:
    """One run: ``items`` checked against the library before timing, ``sent`` during it."""
    port = free_port()
    load_start = loadavg()
    server = start_server(port, ["--workers", str(workers), *args.server_args.split()], workers)
    try:
        mismatches = asyncio.run(verify(port, items))
        pids = [server.pid, *children(server.pid)]
        cpu0_server, cpu0_self = sum(cpu_seconds(p) or 0.0 for p in pids), time.process_time()
        result = asyncio.run(load(port, sent, args.clients, args.warmup, args.requests, args.seconds))
        cpu1_server, cpu1_self = sum(cpu_seconds(p) or 0.0 for p in pids), time.process_time()
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover
            server.kill()
    result.update({"workers": workers, "clients": args.clients, "cases": len(items), "distinct_requests": len(sent), "mismatches": mismatches,
                   "server_cpu_s": cpu1_server - cpu0_server, "client_cpu_s": cpu1_self - cpu0_self, "load_start": load_start, "load_end": loadavg()})
    result["server_cpu_ms_per_request"] = result["server_cpu_s"] / result["requests"] * 1000 if result["requests"] else None
    result["passed"] = result["rate"] >= TARGET_RATE and result["p99_ms"] < TARGET_P99_MS and result["errors"] == 0 and mismatches == 0
    return result


def children(pid: int) -> list[int]:
    """The worker processes of a server started with --workers (Linux /proc)."""
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:  # pragma: no cover
        return []
    out = []
    for child in map(int, text.split()):
        out += [child, *children(child)]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--requests", type=int, default=20_000, help="measured requests at most, per run (default 20,000)")
    parser.add_argument("--seconds", type=float, default=30.0, help="measured seconds at most, per run (default 30)")
    parser.add_argument("--warmup", type=int, default=1_000)
    parser.add_argument("--workers", default="1,2", help="worker process counts to measure, e.g. 1,2 (default: both)")
    parser.add_argument("--server-args", default="", help="extra options for regelruimte serve, e.g. '--threads 2'")
    parser.add_argument("--households", type=int, default=0,
                        help="send N synthetic households against every regulation instead of repeating the example cases "
                             "(requests the library's memo has not seen; the examples are still checked before timing)")
    parser.add_argument("--json", action="store_true", help="print one JSON line with every number")
    args = parser.parse_args(argv)
    try:
        import uvloop

        uvloop.install()
    except ImportError:  # pragma: no cover
        pass

    items = cases()
    sent = households(args.households) if args.households else [(pid, body) for pid, body, _ in items]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    results = [measure(items, int(w), args, sent) for w in args.workers.split(",")]
    if args.json:
        print(json.dumps({"cores": cores, "python": platform.python_version(), "runs": results}))
        return 0
    what = f" checked, then {len(sent):,} distinct synthetic cases ({args.households:,} households) sent" if args.households else ""
    print(f"HTTP API load test: POST /v1/regulations/{{id}}/assessments, {args.clients} concurrent clients on 127.0.0.1, "
          f"{len(items)} example cases of the bundled regulations{what}; {cores} cores, Python {platform.python_version()}")
    for r in results:
        same = "yes" if r["mismatches"] == 0 else f"NO, {r['mismatches']} differ"
        print(f"  {r['workers']} worker process(es): {r['requests']:,} assessments in {r['wall']:.1f} s, identical to rr.assess before timing: {same}")
        print(f"    throughput  {r['rate']:,.0f} assessments/s   (target >= {TARGET_RATE:,.0f})")
        print(f"    latency     p50 {r['p50_ms']:.1f} ms   p90 {r['p90_ms']:.1f} ms   p99 {r['p99_ms']:.1f} ms   max {r['max_ms']:.1f} ms   (target p99 < {TARGET_P99_MS:.0f} ms)")
        print(f"    errors      {r['errors']}")
        print(f"    CPU         server {r['server_cpu_s']:.1f} s ({r['server_cpu_ms_per_request']:.2f} ms per assessment), load generator {r['client_cpu_s']:.1f} s")
        print(f"    load average before {r['load_start']}, after {r['load_end']}")
        print(f"    {'PASS' if r['passed'] else 'FAIL'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
