# SPDX-License-Identifier: EUPL-1.2
"""CPU cost of one ``rr.assess``, and a fingerprint of everything it produces.

Usage::

    python benchmarks/assess_cpu.py                    # rates on the two case mixes
    python benchmarks/assess_cpu.py --profile api      # cProfile of one mix, top 30 by cumulative time
    python benchmarks/assess_cpu.py --fingerprint F    # write every output's sha256 to F (or, when F
                                                       # exists, compare with it and name what differs)

Two mixes, one process, pinned to one core, ``time.process_time`` (CPU seconds, less sensitive to
a shared machine than wall time; each chunk of 10 cases the fastest of ``--repeat`` runs):

* ``api``: the example cases of every bundled regulation, as ``make bench-api`` sends them:
  ``rr.assess`` of the JSON body, then ``to_json(indent=None)`` (what the HTTP API returns).
* ``households``: 300 synthetic households (seed 2026, every fact known) against all bundled
  regulations, as the ``assess`` job of ``benchmarks/_jobs.py``: ``rr.assess`` then ``explain("nl")``.

The fingerprint covers, per case, the JSON with and without values, both citizen texts with and
without figures, the professional trace with and without values, ``model_dump_json`` and the
Markdown report, on the example cases and on the households with 2% of their facts unknown (so
the completion analysis of missing facts runs often): a change in speed must never change one
byte of them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PEILDATUM = "2026-03-01"


def _json_value(v: Any) -> Any:
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, date):
        return v.isoformat()
    return v


def api_mix() -> list[tuple[Any, dict[str, Any]]]:
    import regelruimte as rr

    out = []
    for policy in rr.load_policies().values():
        for i, test in enumerate(policy.tests):
            case = json.loads(json.dumps({"date": test.date.isoformat(), "facts": policy.test_facts(i)}, default=str))
            try:
                rr.assess(policy, case)
            except rr.RegelruimteError:
                continue
            out.append((policy, case))
    return out


def household_mix(n: int = 300, unknown: float = 0.0) -> list[tuple[Any, dict[str, Any]]]:
    import regelruimte as rr
    from regelruimte.synthetic.population import generate

    policies = rr.load_policies()
    rows = generate(policies, n, seed=2026, reference_date=PEILDATUM, unknown=unknown).to_dicts()
    out = []
    for row in rows:
        for pid in sorted(policies):
            p = policies[pid]
            case = {"date": PEILDATUM, "facts": {k: _json_value(row[k]) for k in p.facts if row.get(k) is not None}}
            out.append((p, case))
    return out


def run_api(items: list[tuple[Any, dict[str, Any]]]) -> None:
    import regelruimte as rr

    for policy, case in items:
        rr.assess(policy, case).to_json(indent=None)


def run_households(items: list[tuple[Any, dict[str, Any]]]) -> None:
    import regelruimte as rr

    for policy, case in items:
        rr.assess(policy, case).explain("nl")


def rate(name: str, items: list[tuple[Any, dict[str, Any]]], repeat: int, chunk: int = 10) -> float:
    """Assessments per CPU second: the items in chunks of ``chunk``, each chunk timed ``repeat``
    times and its fastest run kept. On a shared machine a chunk is short enough that some of its
    runs see no other process, so the sum of the minima is stable where one long run is not."""
    fn = run_api if name == "api" else run_households
    fn(items[:20])  # warm: first-use caches
    total = 0.0
    for i in range(0, len(items), chunk):
        part = items[i:i + chunk]
        best = float("inf")
        for _ in range(repeat):
            forget_analyses(part)  # a repeat must not reuse its own earlier analyses (a case seen once is what is measured)
            t = time.process_time()
            fn(part)
            best = min(best, time.process_time() - t)
        total += best
    return len(items) / total


def forget_analyses(items: list[tuple[Any, dict[str, Any]]]) -> None:
    """Empty the completion analyses the policies keep (``regelruimte.assessment.completions.analyse``)."""
    from regelruimte.compiler import compiled_policy

    for policy in {id(p): p for p, _ in items}.values():
        for view in (policy, *policy.part_policies):
            compiled_policy(view).analyses.pop("completions", None)


def outputs(policy: Any, case: dict[str, Any]) -> dict[str, str]:
    import regelruimte as rr

    a = rr.assess(policy, case)
    return {
        "json": a.to_json(),
        "json_values": a.to_json(show_values=True),
        "dump": a.model_dump_json(),
        "nl": a.explain("nl"), "en": a.explain("en"),
        "nl_values": a.explain("nl", show_values=True), "en_values": a.explain("en", show_values=True),
        "trace": a.trace(), "trace_values": a.trace(show_values=True),
        "markdown": a.to_markdown(),
    }


def fingerprint(path: Path, mixes: dict[str, list[tuple[Any, dict[str, Any]]]]) -> int:
    now: dict[str, str] = {}
    for mix, items in mixes.items():
        for i, (policy, case) in enumerate(items):
            for what, text in outputs(policy, case).items():
                now[f"{mix}/{i}/{policy.id}/{what}"] = hashlib.sha256(text.encode()).hexdigest()
    if not path.exists():
        path.write_text(json.dumps(now, indent=0, sort_keys=True))
        print(f"wrote {len(now)} fingerprints to {path}")
        return 0
    before = json.loads(path.read_text())
    differ = sorted(k for k in before.keys() | now.keys() if before.get(k) != now.get(k))
    for k in differ[:30]:
        print("differs:", k)
    print(f"{len(now)} outputs compared, {len(differ)} differ")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profile", choices=("api", "households"))
    parser.add_argument("--fingerprint", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--mix", choices=("api", "households"), help="only this mix")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    os.environ.setdefault("POLARS_MAX_THREADS", "1")
    if args.fingerprint:  # with 2% of the facts unknown, so the completion analysis runs often
        return fingerprint(args.fingerprint, {"api": api_mix(), "households": household_mix(args.households, 0.02)})
    mixes = {"api": api_mix(), "households": household_mix(args.households)}
    if args.mix:
        mixes = {args.mix: mixes[args.mix]}
    if args.profile:
        import cProfile
        import pstats

        fn = run_api if args.profile == "api" else run_households
        fn(mixes[args.profile][:20])
        prof = cProfile.Profile()
        prof.runcall(fn, mixes[args.profile])
        pstats.Stats(prof, stream=sys.stdout).sort_stats("cumulative").print_stats(30)
        return 0
    for name, items in mixes.items():
        print(f"{name:>10}: {len(items):5d} assessments, {rate(name, items, args.repeat):7.0f} per CPU second (each chunk of 10 the best of {args.repeat} runs)")
    print("load average:", " ".join(Path("/proc/loadavg").read_text().split()[:3]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
