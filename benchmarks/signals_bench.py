# SPDX-License-Identifier: EUPL-1.2
"""Benchmark of signals: a synthetic city event log through the bundled policies on durable-rules.

Generates the seeded synthetic log (``regelruimte.synthetic.events``: about 1,000,000 events for
250,000 households by default) into a temporary CSV file, then runs ``signals`` over it with the
bundled policies, two worker processes, and prints throughput and memory:

* throughput: events (records) and households per second, wall clock, including reading and
  validating the log, the engine sessions and the assessments of offered rights;
* memory: the peak resident set of the calling process and of the largest worker, and how much
  the caller grew between 10% and 100% of the log (flat memory: it should not grow with the
  number of households).

Usage::

    python benchmarks/signals_bench.py                      # 250,000 households, 2 workers
    python benchmarks/signals_bench.py --households 20000 --json
    python benchmarks/signals_bench.py --no-assess          # the engine alone

From ``benchmarks/run.py``: ``from signals_bench import run; results = run(households=250_000)``
(a dict of the numbers below), or run this file with ``--json`` and read its last line.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def run(households: int = 250_000, *, seed: int = 2026, workers: int = 2, assess_rights: bool = True, log: Path | None = None) -> dict[str, Any]:
    """Generate the log (unless ``log`` exists), run the signals, and return the measurements."""
    import regelruimte as rr
    from regelruimte.signalling import signals
    from regelruimte.synthetic import events as synthetic

    with tempfile.TemporaryDirectory() as tmp:
        path = log or Path(tmp) / "city.csv"
        started = time.perf_counter()
        if not path.exists():
            synthetic.generate(path, households, seed=seed)
        generate_s = time.perf_counter() - started
        policies = rr.load_policies(ROOT / "policies")
        marks: list[tuple[int, float]] = []

        def progress(records: int, done: int) -> None:
            marks.append((records, _rss_mb()))

        cpu0 = resource.getrusage(resource.RUSAGE_SELF)
        started = time.perf_counter()
        result = signals(policies, path, date=synthetic.REFERENCE_DATE, workers=workers, progress=progress, keep=False, assess_rights=assess_rights)
        wall = time.perf_counter() - started
        cpu1 = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
    s = result.summary
    tenth = next((m for r, m in marks if r >= s.records // 10), marks[0][1] if marks else 0.0)
    return {
        "households": s.households,
        "records": s.records,
        "events": s.events,
        "households_with_signals": s.households_with_signals,
        "refused_records": s.refused_records,
        "workers": s.workers,
        "assess_rights": assess_rights,
        "generate_seconds": round(generate_s, 2),
        "seconds": round(wall, 2),
        "events_per_second": round(s.records / wall),
        "households_per_second": round(s.households / wall),
        "caller_cpu_seconds": round((cpu1.ru_utime + cpu1.ru_stime) - (cpu0.ru_utime + cpu0.ru_stime), 2),
        "workers_cpu_seconds": round(children.ru_utime + children.ru_stime, 2),
        "peak_rss_caller_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "peak_rss_worker_mb": round(children.ru_maxrss / 1024, 1),
        "caller_rss_growth_10_to_100_percent_mb": round((marks[-1][1] - tenth) if marks else 0.0, 1),
        "signals": {f"{c.policy_id}:{c.signal}": c.households for c in s.signals},
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--households", type=int, default=250_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-assess", action="store_true", help="do not assess offered rights (the engine alone)")
    parser.add_argument("--log", type=Path, help="use (or keep) this CSV log instead of a temporary one")
    parser.add_argument("--json", action="store_true", help="print one JSON line")
    args = parser.parse_args(argv)
    results = run(args.households, seed=args.seed, workers=args.workers, assess_rights=not args.no_assess, log=args.log)
    if args.json:
        print(json.dumps(results, sort_keys=True))
        return
    width = max(len(k) for k in results)
    for key, value in results.items():
        if key != "signals":
            print(f"{key:<{width}}  {value}")
    for name, count in results["signals"].items():
        print(f"  {name:<{width}}  {count}")


if __name__ == "__main__":
    sys.exit(main())
