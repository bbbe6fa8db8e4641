# SPDX-License-Identifier: EUPL-1.2
"""The screening ratios of ``make bench`` alone, in a minute or two: ``screen`` of the two compared
regulations against the hand-written polars query (and, with ``--openfisca``, OpenFisca
vectorised), at 100k and 1M households.

Usage: ``python benchmarks/screen_ratio.py [--sizes 100000,1000000] [--reps 3] [--openfisca] [--all]
[--workdir DIR] [--before DIR]``

The same method as ``benchmarks/run.py``: seeded populations written to Parquet once (kept in
``--workdir`` so a second run skips that), every measurement a fresh process
(``benchmarks/_jobs.py``), the jobs of a round interleaved, the ratio the median of same-round
ratios. It prints the load average with each round, because the machine is shared. ``--all``
adds ``screen`` of every bundled regulation at the largest size (time and peak memory).
``--before DIR`` adds the same ``screen`` jobs run with another version of the package (a
directory holding its ``regelruimte``, e.g. ``git archive <commit> regelruimte | tar -x -C DIR``)
put first on ``PYTHONPATH``, interleaved with this one's: a before/after on a shared machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import PEILDATUM, ROOT, SEED, TWO, loadavg, run_job  # noqa: E402


def populations(workdir: Path, sizes: list[int]) -> dict[int, str]:
    paths = {n: workdir / f"population_{n}.parquet" for n in sizes}
    todo = [n for n, p in paths.items() if not p.exists()]
    if todo:
        import regelruimte as rr
        from regelruimte.synthetic.population import generate

        policies = rr.load_policies(str(ROOT / "policies"))
        for n in todo:
            generate(policies, n, seed=SEED, reference_date=PEILDATUM).write_parquet(paths[n])
    return {n: str(p) for n, p in paths.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--openfisca", action="store_true", help="also OpenFisca vectorised")
    parser.add_argument("--all", action="store_true", help="also screen every bundled regulation at the largest size")
    parser.add_argument("--workdir", default=str(Path(tempfile.gettempdir()) / "rr-screen-ratio"))
    parser.add_argument("--before", help="a directory with another version of the package, screened beside this one")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    paths = populations(workdir, sizes)

    plan = []
    for n in sizes:
        if args.before:
            plan.append({"name": f"before 2 @ {n}", "kind": "screen", "data": paths[n], "policies": list(TWO), "n": n, "pythonpath": args.before})
        plan.append({"name": f"screen 2 @ {n}", "kind": "screen", "data": paths[n], "policies": list(TWO), "n": n})
        plan.append({"name": f"hand @ {n}", "kind": "polars_hand", "data": paths[n], "n": n})
        if args.openfisca:
            plan.append({"name": f"openfisca @ {n}", "kind": "openfisca_vec", "data": paths[n], "n": n})
    if args.all:
        if args.before:
            plan.append({"name": f"before all @ {max(sizes)}", "kind": "screen", "data": paths[max(sizes)], "policies": None, "n": max(sizes), "pythonpath": args.before})
        plan.append({"name": f"screen all @ {max(sizes)}", "kind": "screen", "data": paths[max(sizes)], "policies": None, "n": max(sizes)})
    results: dict[str, list[dict]] = {j["name"]: [] for j in plan}
    loads = []
    for r in range(args.reps):
        for job in plan:
            results[job["name"]].append(run_job(job))
        loads.append(loadavg())
        print(f"round {r + 1}/{args.reps}: load {loads[-1]}", flush=True)

    def ok(name: str) -> list[dict]:
        return [x for x in results[name] if "error" not in x]

    for name, rs in results.items():
        errors = [x["error"] for x in rs if "error" in x]
        good = ok(name)
        if good:
            wall = statistics.median(x["wall"] for x in good)
            cpu = statistics.median(x["cpu"] for x in good)
            peak = statistics.median(x["peak_mib"] or 0 for x in good)
            walls = ", ".join(f"{x['wall']:.3f}" for x in good)
            print(f"{name:<24} wall {wall:7.3f} s  cpu {cpu:7.3f} s  peak {peak:7.0f} MiB  (walls: {walls})")
        for e in errors:
            print(f"{name:<24} error: {e}")

    def ratio(a: str, b: str, key: str) -> float:
        """The median of same-round ratios; NaN (printed as nan) when a job failed in every round."""
        pairs = [(x, y) for x, y in zip(results[a], results[b]) if "error" not in x and "error" not in y]
        return statistics.median(x[key] / y[key] for x, y in pairs) if pairs else float("nan")

    for n in sizes:
        if args.before:
            faster, faster_cpu = ratio(f"before 2 @ {n}", f"screen 2 @ {n}", "wall"), ratio(f"before 2 @ {n}", f"screen 2 @ {n}", "cpu")
            print(f"before / this screen @ {n:>9,}: {faster:.2f}x wall, {faster_cpu:.2f}x cpu; before / hand-written: "
                  f"{ratio(f'before 2 @ {n}', f'hand @ {n}', 'wall'):.2f}x wall, {ratio(f'before 2 @ {n}', f'hand @ {n}', 'cpu'):.2f}x cpu")
        hand, hand_cpu = ratio(f"screen 2 @ {n}", f"hand @ {n}", "wall"), ratio(f"screen 2 @ {n}", f"hand @ {n}", "cpu")
        print(f"screen / hand-written @ {n:>9,}: {hand:.2f}x wall, {hand_cpu:.2f}x cpu (target <= {2.0 if n >= 1_000_000 else 3.0}x)")
        if args.openfisca:
            of, of_cpu = ratio(f"openfisca @ {n}", f"screen 2 @ {n}", "wall"), ratio(f"openfisca @ {n}", f"screen 2 @ {n}", "cpu")
            print(f"OpenFisca vectorised / screen @ {n:>9,}: {of:.2f}x wall, {of_cpu:.2f}x cpu (target >= {8.0 if n >= 1_000_000 else 5.0}x)")
    print(f"load per round: {'; '.join(loads)}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
