# SPDX-License-Identifier: EUPL-1.2
"""Benchmark of the decision log: decisions recorded per second, and the friction report over a
million entries.

Method:

* The assessments are made first (not timed): a synthetic year (``regelruimte.synthetic.decisions``)
  of distinct cases, each serialised once so its lazy what-if search is done (that search is part
  of assessing, not of recording). Recording then includes everything the log does per entry: the
  checks, the canonical JSON, keeping case values out, hashing, compressing, chaining and the
  database write.
* Each rate is measured on a fresh log, every entry a distinct assessment, pinned to one core;
  "one at a time" commits every entry (``record``), "batch" commits 1,000 at a time
  (``with log.batch()``). SQLite runs with ``synchronous=FULL`` in WAL mode; PostgreSQL is the
  throwaway server of the test suite (``tests/decisions/postgres_server.py``) on a unix socket.
* The friction report: a SQLite log of ``--entries`` entries (default 1,000,000) is built in batches
  (not timed; the distinct assessments are recorded again and again, so it holds fewer distinct
  stored documents than entries: the report never reads those), then the report over the whole
  log is timed after the log is reopened.

Usage: ``python benchmarks/decisions_bench.py [--entries 1000000] [--json]``
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGETS = {"sqlite_batch_rate": 5000.0, "friction_1m_seconds": 10.0}


def _pool(households: int) -> list[tuple[Any, dict[str, Any]]]:
    import regelruimte as rr
    from regelruimte.synthetic.decisions import decisions

    pool = list(decisions(rr.load_policies(ROOT / "policies"), households, seed=2026))
    for a, _ in pool:
        a.to_json()  # the lazy what-if search, once: part of assessing
    return pool


def _rate(url: str, pool: list[tuple[Any, dict[str, Any]]], batch: int) -> float:
    from regelruimte.decisions import DecisionLog

    with DecisionLog(url) as log:
        log.record(pool[0][0], **pool[0][1])  # the policy files stored, connections open: not timed
        items = pool[1:]
        t0 = time.perf_counter()
        if batch == 1:
            for a, d in items:
                log.record(a, **d)
        else:
            for i in range(0, len(items), batch):
                with log.batch() as b:
                    for a, d in items[i:i + batch]:
                        b.record(a, **d)
        seconds = time.perf_counter() - t0
        assert len(log) == len(pool)
    return len(items) / seconds


def _postgres() -> Any:
    sys.path.insert(0, str(ROOT / "tests" / "decisions"))
    import postgres_server

    return postgres_server


def run(entries: int = 1_000_000, households: int = 4000, reps: int = 3, say: Any = print) -> dict[str, Any]:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    t = time.perf_counter()
    pool = _pool(households)
    say(f"  {len(pool):,} distinct assessments made in {time.perf_counter() - t:.0f} s (not timed)")
    out: dict[str, Any] = {"distinct_assessments": len(pool)}
    one = pool[: min(len(pool), 600)]
    with tempfile.TemporaryDirectory(prefix="rr-bench-log-") as tmp:
        for name, batch, items in (("sqlite_one_rate", 1, one), ("sqlite_batch_rate", 1000, pool)):
            rates = [_rate(str(Path(tmp) / f"{name}-{r}.db"), items, batch) for r in range(reps)]
            out[name] = statistics.median(rates)
            say(f"  {name}: {out[name]:,.0f} entries/s (median of {reps})")
        pg = _postgres()
        server = pg.start()
        if isinstance(server, str):
            out["postgres"] = f"not measured: {server}"
            say(f"  PostgreSQL {out['postgres']}")
        else:
            try:
                import psycopg

                for name, batch, items in (("postgres_one_rate", 1, one), ("postgres_batch_rate", 1000, pool)):
                    rates = []
                    for r in range(reps):
                        db = f"bench_{name}_{r}"
                        with psycopg.connect(server.url(), autocommit=True) as conn:
                            conn.execute(f"CREATE DATABASE {db}")
                        rates.append(_rate(server.url(db), items, batch))
                    out[name] = statistics.median(rates)
                    say(f"  {name}: {out[name]:,.0f} entries/s (median of {reps})")
            finally:
                server.stop()
        out["friction_entries"] = entries
        out.update(_friction(Path(tmp) / "million.db", pool, entries, say))
    return out


def _friction(path: Path, pool: list[tuple[Any, dict[str, Any]]], entries: int, say: Any) -> dict[str, Any]:
    from regelruimte.decisions import DecisionLog

    t = time.perf_counter()
    with DecisionLog(path) as log:
        written = 0
        while written < entries:
            with log.batch() as b:
                for a, d in pool[: min(len(pool), entries - written, 5000)]:
                    b.record(a, **d)
            written += len(b.entries)
    say(f"  built a log of {written:,} entries in {time.perf_counter() - t:.0f} s ({path.stat().st_size / 2**20:,.0f} MiB; not timed)")
    times = []
    for _ in range(3):
        with DecisionLog(path, create=False) as log:
            t0 = time.perf_counter()
            report = log.friction()
            times.append(time.perf_counter() - t0)
    assert report.decisions == written
    seconds = statistics.median(times)
    say(f"  friction report over {written:,} entries: {seconds:.2f} s (median of 3); flagged rules: {len(report.flagged)}")
    return {"friction_seconds": seconds, "friction_flagged": len(report.flagged)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000, help="entries in the log the friction report reads")
    parser.add_argument("--households", type=int, default=4000, help="synthetic households (the distinct assessments come from them)")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the results as one JSON line at the end")
    args = parser.parse_args(argv)
    results = run(args.entries, args.households, args.reps, say=(lambda m: print(m, file=sys.stderr)) if args.json else print)
    if args.json:
        print(json.dumps(results, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
