# SPDX-License-Identifier: EUPL-1.2
"""``make bench``: how fast regelruimte is, against OpenFisca and hand-written polars.

Usage: ``python benchmarks/run.py [--quick] [--reps 3] [--json results.json]``

What it does (method as in /work/shared/notes/perf-anchors.md):

1. Generates seeded synthetic populations (:mod:`regelruimte.synthetic.population`) of 10k, 100k and 1M
   households and writes them to Parquet in a temporary directory (not timed).
2. Checks, before timing anything, that regelruimte (``screen`` and ``assess``), the OpenFisca
   model (``benchmarks/openfisca_model``, vectorised and per case) and the hand-written polars
   expression (``benchmarks/handwritten_polars.py``) agree on eligibility and amount for the
   kwijtschelding and the individuele inkomenstoeslag on every household of the 100k population.
3. Runs every measurement in a fresh process (``benchmarks/_jobs.py``), the measurements of a
   round one after another (interleaved), for a few rounds; reports medians, and ratios as the
   median of the per-round ratios (more robust on a noisy machine than ratios of medians).
   ``assess`` and OpenFisca per case run pinned to one core; ``screen``, OpenFisca vectorised and
   hand-written polars may use every core.
4. Prints a table, the ratios against the targets with PASS/FAIL, and the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

PEILDATUM = date(2026, 3, 1)
SEED = 2026
TWO = ("individuele_inkomenstoeslag_alphen", "kwijtschelding_afvalstoffenheffing")

TARGETS = {
    "assess_rate": 6000.0,  # assessments per second on one core, everything on (issue 18)
    "assess_vs_openfisca_case": 6.0,  # assess throughput / OpenFisca per-case throughput (issue 18)
    "screen_1m_seconds": 2.0,  # 1M persons x all bundled policies (issue 18)
    "screen_1m_peak_mib": 1536.0,
}
# per population size (issue 18): the 100k ratios are the ones most municipalities will see
SIZE_TARGETS = {
    "screen_vs_openfisca_vec": {100_000: 5.0, 1_000_000: 8.0},  # OpenFisca vectorised time / screen time, same rules, same N
    "screen_vs_handwritten": {100_000: 3.0, 1_000_000: 2.0},  # screen time / hand-written polars time: at most
}


def _for_size(target: str, n: int) -> float:
    """The target for population size ``n``: that of the nearest size at or below it (else the smallest)."""
    sizes = sorted(SIZE_TARGETS[target])
    return SIZE_TARGETS[target][max([s for s in sizes if s <= n], default=sizes[0])]


# -- machine -----------------------------------------------------------------------------------
def machine() -> dict[str, Any]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:  # pragma: no cover
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:  # pragma: no cover
        pass
    versions = {}
    for module in ("regelruimte", "polars", "numpy", "pydantic", "openfisca_core"):
        try:
            from importlib.metadata import version

            versions[module] = version(module.replace("_", "-") if module != "openfisca_core" else "openfisca-core")
        except Exception:  # pragma: no cover - best effort
            versions[module] = "?"
    return {
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
    }


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:  # pragma: no cover
        return "?"


# -- preparation ------------------------------------------------------------------------------
def prepare(workdir: Path, sizes: list[int], say: Any) -> dict[str, Any]:
    import polars as pl

    import regelruimte as rr
    from regelruimte.synthetic.population import generate

    policies = rr.load_policies(str(ROOT / "policies"))
    paths: dict[str, Any] = {}
    for n in sizes:
        t = time.perf_counter()
        df = generate(policies, n, seed=SEED, reference_date=PEILDATUM)
        path = workdir / f"population_{n}.parquet"
        df.write_parquet(path)
        paths[str(n)] = str(path)
        say(f"generated {n:>9,} households ({df.width} columns) in {time.perf_counter() - t:5.1f} s")
        del df

    # case samples for assess and OpenFisca per case: half with an entitlement, half at random
    base_n = 100_000 if 100_000 in sizes else min((n for n in sizes if n >= 10_000), default=max(sizes))
    df = pl.read_parquet(paths[str(base_n)])
    s = rr.screen(policies, df, date=PEILDATUM).frame
    granted_any = s.filter(pl.col("letter") == "granted")["id"].unique()
    granted_two = s.filter((pl.col("letter") == "granted") & pl.col("policy").cast(pl.String).is_in(list(TWO)))["id"].unique()

    def sample(ids: Any, k: int, seed: int) -> Any:
        hit = df.filter(pl.col("id").is_in(ids.implode()))
        miss = df.filter(~pl.col("id").is_in(ids.implode()))
        half = k // 2
        return pl.concat([hit.sample(min(half, hit.height), seed=seed), miss.sample(k - min(half, hit.height), seed=seed + 1)]).sample(fraction=1.0, shuffle=True, seed=seed + 2)

    for name, ids, k in (("cases_all", granted_any, 300), ("cases_two", granted_two, 500)):
        path = workdir / f"{name}.parquet"
        sample(ids, k, SEED).write_parquet(path)
        paths[name] = str(path)
    paths["agreement"] = paths[str(base_n)]
    return paths


def agreement(path: str, cases_path: str) -> dict[str, Any]:
    """Eligibility and amount of the two regulations: regelruimte vs OpenFisca vs hand-written polars."""
    import numpy as np
    import polars as pl
    from _jobs import case_dicts, openfisca_arrays, openfisca_requests, openfisca_vectorised
    from handwritten_polars import letter
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_model import OUTPUTS, PERIOD, tax_benefit_system

    import regelruimte as rr

    loaded = rr.load_policies(str(ROOT / "policies"))
    df = pl.read_parquet(path)
    s = rr.screen([loaded[i] for i in TWO], df, date=PEILDATUM).frame
    hand = letter(df)
    tbs = tax_benefit_system()
    of, _ = openfisca_vectorised(tbs, openfisca_arrays(df, tbs), df.height)
    report: dict[str, Any] = {"households": df.height}
    for pid, eligible, amount in (("kwijtschelding_afvalstoffenheffing", "kwijtschelding_recht", "kwijtschelding"),
                                  ("individuele_inkomenstoeslag_alphen", "iit_recht", "individuele_inkomenstoeslag")):
        f = s.filter(pl.col("policy") == pid)
        granted = (f["letter"] == "granted").to_numpy()
        cents = f["amount"].to_physical().fill_null(0).cast(pl.Int64).to_numpy()
        of_cents = np.rint(np.asarray(of[amount], dtype=np.float64) * 100).astype(np.int64)
        report[pid] = {
            "granted": int(granted.sum()),
            "undetermined": int((f["letter"] == "undetermined").sum()),
            "handwritten_letter_mismatch": int((granted != hand[eligible].to_numpy()).sum()),
            "handwritten_amount_mismatch": int((cents != hand[amount].to_numpy()).sum()),
            "openfisca_letter_mismatch": int((granted != np.asarray(of[eligible])).sum()),
            "openfisca_amount_mismatch": int((np.abs(cents - of_cents) > 1).sum()),
            "openfisca_amount_off_by_a_cent": int((np.abs(cents - of_cents) == 1).sum()),
        }
    # per case: assess and OpenFisca's web-API path on the sample
    policies = [loaded[i] for i in TWO]
    cases = case_dicts(cases_path, policies)
    requests = openfisca_requests(cases_path)
    mismatches = 0
    for per_policy, request in zip(cases, requests):
        sim = SimulationBuilder().build_from_entities(tbs, request)
        out = {name: sim.calculate(name, PERIOD)[0] for name in OUTPUTS}
        for p, case in zip(policies, per_policy):
            a = rr.assess(p, case)
            key = "kwijtschelding_recht" if p.id.startswith("kwijtschelding") else "iit_recht"
            mismatches += int((a.letter.verdict == "granted") != bool(out[key]))
    report["per_case"] = {"households": len(cases), "letter_mismatch": mismatches}
    return report


# -- running ----------------------------------------------------------------------------------
def jobs(paths: dict[str, Any], sizes: list[int], compare_n: list[int]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [
        {"name": "assess (all policies)", "kind": "assess", "data": paths["cases_all"], "policies": None, "single_core": True},
        {"name": "assess (2 policies)", "kind": "assess", "data": paths["cases_two"], "policies": list(TWO), "single_core": True},
        {"name": "openfisca per case", "kind": "openfisca_case", "data": paths["cases_two"], "single_core": True},
    ]
    for n in sizes:
        out.append({"name": f"screen all @ {n}", "kind": "screen", "data": paths[str(n)], "policies": None, "n": n})
    for n in compare_n:
        out.append({"name": f"screen 2 @ {n}", "kind": "screen", "data": paths[str(n)], "policies": list(TWO), "n": n})
        out.append({"name": f"openfisca vectorised @ {n}", "kind": "openfisca_vec", "data": paths[str(n)], "n": n})
        out.append({"name": f"handwritten polars @ {n}", "kind": "polars_hand", "data": paths[str(n)], "n": n})
    return out


def run_job(job: dict[str, Any]) -> dict[str, Any]:
    env = dict(os.environ)
    if job.get("single_core"):
        env["POLARS_MAX_THREADS"] = "1"
    if job.get("pythonpath"):  # another version of the package first (benchmarks/screen_ratio.py --before)
        env["PYTHONPATH"] = job["pythonpath"]
    proc = subprocess.run([sys.executable, str(HERE / "_jobs.py"), json.dumps(job)], capture_output=True, text=True, env=env, cwd=str(ROOT))
    if proc.returncode != 0:
        return {"job": job["name"], "error": (proc.stderr.strip().splitlines() or ["exit " + str(proc.returncode)])[-1]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def med(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes and one round: a smoke test, not a measurement")
    parser.add_argument("--reps", type=int, default=3, help="rounds of interleaved measurements (default 3)")
    parser.add_argument("--sizes", default="10000,100000,1000000", help="population sizes for screen over all policies")
    parser.add_argument("--json", help="also write every raw result and the summary to this file")
    parser.add_argument("--workdir", help="keep the generated data here (default: a temporary directory)")
    parser.add_argument("--decisions-entries", type=int, default=1_000_000, help="entries in the decision log the friction report reads")
    parser.add_argument("--skip-decisions", action="store_true", help="leave out the decision-log measurements")
    parser.add_argument("--only-decisions", action="store_true", help="only the decision-log measurements")
    args = parser.parse_args(argv)

    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 150)
    if args.only_decisions:
        return decisions(console, args, Table)
    try:
        import numpy  # noqa: F401
        import openfisca_core  # noqa: F401
    except ImportError as exc:
        console.print(f"[red]{exc}[/]: install the benchmark's dependencies with `pip install -e '.[dev,bench]'` (or run `make bench`)")
        return 2
    sizes = [int(x) for x in args.sizes.split(",")]
    reps = args.reps
    if args.quick:
        sizes, reps = [2_000, 10_000], 1
    compare_n = [n for n in sizes if n >= 100_000] or [max(sizes)]
    big = max(sizes)
    started = time.perf_counter()
    info = machine()
    load_start = loadavg()
    console.print(f"[bold]regelruimte benchmark[/] — {info['cpus_usable']} cores ({info['cpu']}), {info['memory']}, Python {info['python']}, load {load_start}")

    tmp = tempfile.TemporaryDirectory(prefix="rr-bench-") if not args.workdir else None
    workdir = Path(args.workdir) if args.workdir else Path(tmp.name)  # type: ignore[union-attr]
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        paths = prepare(workdir, sorted(set(sizes)), lambda m: console.print("  " + m))
        agree = agreement(paths["agreement"], paths["cases_two"])
        disagreements = sum(v for k, d in agree.items() if isinstance(d, dict) for kk, v in d.items() if kk.endswith("_mismatch"))
        cent = sum(d.get("openfisca_amount_off_by_a_cent", 0) for d in agree.values() if isinstance(d, dict))
        console.print(f"  agreement on {agree['households']:,} households and {agree['per_case']['households']} cases: "
                      + ("[green]all agree[/]" if disagreements == 0 else f"[red]{disagreements} disagreements[/] (see --json)")
                      + (f" (OpenFisca computes in float32: {cent} amount{'s' if cent != 1 else ''} one cent off)" if cent else ""))

        plan = jobs(paths, sorted(set(sizes)), compare_n)
        results: dict[str, list[dict[str, Any]]] = {j["name"]: [] for j in plan}
        for r in range(reps):
            for job in plan:
                res = run_job(job)
                results[job["name"]].append(res)
                if "error" in res:
                    console.print(f"  [red]{job['name']}: {res['error']}[/]")
            console.print(f"  round {r + 1}/{reps} done ({time.perf_counter() - started:.0f} s, load {loadavg()})")
    finally:
        if tmp is not None:
            tmp.cleanup()

    def ok(name: str) -> list[dict[str, Any]]:
        return [x for x in results.get(name, []) if "error" not in x]

    # -- the table of measurements
    table = Table(title="Measurements (median of fresh-process runs)")
    for col in ("measurement", "N", "time (s)", "CPU (s)", "throughput", "peak RSS (MiB)", "Δ (MiB)"):
        table.add_column(col, justify="left" if col == "measurement" else "right")
    rows = []
    for job in plan:
        rs = ok(job["name"])
        if not rs:
            table.add_row(job["name"], "", "error", "", "", "", "")
            continue
        wall, cpu = med([x["wall"] for x in rs]), med([x["cpu"] for x in rs])
        units = rs[0]["units"]
        unit = "assessments/s" if job["kind"] == "assess" else "cases/s" if job["kind"] == "openfisca_case" else "persons/s"
        rate = units / wall if wall else 0.0
        peak, delta = med([x["peak_mib"] for x in rs]), med([x["delta_mib"] for x in rs])
        extra = ""
        if job["kind"] == "openfisca_vec":
            extra = f" (calculate only {med([x['calculate_only'] for x in rs]):.2f} s)"
        if job["kind"] == "openfisca_case":
            unit = "policy-cases/s"
        table.add_row(job["name"] + extra, f"{units:,}", f"{wall:.3f}", f"{cpu:.2f}", f"{rate:,.0f} {unit}", f"{peak:,.0f}" if peak else "?", f"{delta:,.0f}" if delta is not None else "?")
        rows.append({"name": job["name"], "units": units, "wall": wall, "cpu": cpu, "rate": rate, "peak_mib": peak, "delta_mib": delta})
    console.print(table)

    # -- ratios (median of same-round ratios) and targets
    def per_round(a: str, b: str, f: Any) -> float | None:
        pairs = [(x, y) for x, y in zip(results.get(a, []), results.get(b, [])) if "error" not in x and "error" not in y]
        return med([f(x, y) for x, y in pairs]) if pairs else None

    # (what, measured on wall-clock time, the same on CPU time, target, passed, unit)
    checks: list[tuple[str, float | None, float | None, str, bool | None, str]] = []
    assess_all = ok("assess (all policies)")
    rate_all = med([x["units"] / x["wall"] for x in assess_all]) if assess_all else None
    rate_all_cpu = med([x["units"] / x["cpu"] for x in assess_all]) if assess_all else None
    checks.append(("assess, all bundled policies, one core", rate_all, rate_all_cpu, f">= {TARGETS['assess_rate']:,.0f} assessments/s",
                   None if rate_all is None else rate_all >= TARGETS["assess_rate"], "assessments/s"))
    # households per second: 2 assessments vs 1 OpenFisca simulation computing both regulations
    r_case = per_round("assess (2 policies)", "openfisca per case", lambda x, y: (x["households"] / x["wall"]) / (y["households"] / y["wall"]))
    r_case_cpu = per_round("assess (2 policies)", "openfisca per case", lambda x, y: (x["households"] / x["cpu"]) / (y["households"] / y["cpu"]))
    checks.append(("assess / OpenFisca per case (same households, both regulations)", r_case, r_case_cpu, f">= {TARGETS['assess_vs_openfisca_case']}x",
                   None if r_case is None else r_case >= TARGETS["assess_vs_openfisca_case"], "x"))
    screen_big = ok(f"screen all @ {big}")
    t_big = med([x["wall"] for x in screen_big]) if screen_big else None
    t_big_cpu = med([x["cpu"] for x in screen_big]) if screen_big else None
    n_pol = screen_big[0]["policies"] if screen_big else 0
    checks.append((f"screen {big:,} persons x {n_pol} policies, time", t_big, t_big_cpu, f"< {TARGETS['screen_1m_seconds']:.0f} s",
                   None if t_big is None or big < 1_000_000 else t_big < TARGETS["screen_1m_seconds"], "s"))
    p_big = med([x["peak_mib"] for x in screen_big]) if screen_big else None
    checks.append((f"screen {big:,} persons x {n_pol} policies, peak RSS", p_big, None, f"< {TARGETS['screen_1m_peak_mib']:,.0f} MiB",
                   None if p_big is None or big < 1_000_000 else p_big < TARGETS["screen_1m_peak_mib"], "MiB"))
    for n in compare_n:
        r_vec = per_round(f"openfisca vectorised @ {n}", f"screen 2 @ {n}", lambda x, y: x["wall"] / y["wall"])
        r_vec_cpu = per_round(f"openfisca vectorised @ {n}", f"screen 2 @ {n}", lambda x, y: x["cpu"] / y["cpu"])
        want_vec = _for_size("screen_vs_openfisca_vec", n)
        checks.append((f"OpenFisca vectorised / screen, 2 policies @ {n:,}", r_vec, r_vec_cpu, f">= {want_vec}x",
                       None if r_vec is None else r_vec >= want_vec, "x"))
        r_hand = per_round(f"screen 2 @ {n}", f"handwritten polars @ {n}", lambda x, y: x["wall"] / y["wall"])
        r_hand_cpu = per_round(f"screen 2 @ {n}", f"handwritten polars @ {n}", lambda x, y: x["cpu"] / y["cpu"])
        want_hand = _for_size("screen_vs_handwritten", n)
        checks.append((f"screen / hand-written polars, 2 policies @ {n:,}", r_hand, r_hand_cpu, f"<= {want_hand}x",
                       None if r_hand is None else r_hand <= want_hand, "x"))

    def fmt(value: float | None, unit: str) -> str:
        if value is None:
            return ""
        return f"{value:,.2f}x" if unit == "x" else f"{value:,.1f} {unit}" if unit == "s" else f"{value:,.0f} {unit}"

    targets = Table(title="Targets (wall-clock; ratios are the median of same-round ratios)")
    for col in ("what", "measured", "on CPU time", "target", "result"):
        targets.add_column(col, justify="left" if col in ("what", "target") else "right")
    for what, value, cpu_value, target, passed, unit in checks:
        verdict = "[green]PASS[/]" if passed else "[red]FAIL[/]" if passed is False else "[yellow]n/a[/]"
        targets.add_row(what, fmt(value, unit) or "?", fmt(cpu_value, unit), target, verdict)
    console.print(targets)
    if args.quick:
        console.print("[yellow]--quick: small sizes, one round; the verdicts are not measurements.[/]")
    load_end = loadavg()
    console.print(f"machine: {info['cpus_usable']} usable cores, {info['cpu']}, {info['memory']}, {info['platform']}, Python {info['python']}; "
                  + ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    console.print(f"load average at start {load_start}, at end {load_end}; total {time.perf_counter() - started:.0f} s")
    if not args.skip_decisions:
        decisions(console, args, Table)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": info, "load": [load_start, load_end], "agreement": agree, "raw": results,
                                               "rows": rows, "checks": [dict(zip(("what", "value", "cpu_value", "target", "passed", "unit"), c)) for c in checks]}, indent=2))
    return 0


def decisions(console: Any, args: Any, Table: Any) -> int:  # noqa: N803 - rich's Table, imported late like the rest
    """The decision log (benchmarks/decisions_bench.py, in a fresh process): entries recorded per
    second on SQLite and PostgreSQL, batched and one at a time, and the friction report over a log
    of a million entries."""
    entries = 50_000 if args.quick else args.decisions_entries
    extra = ["--households", "1000", "--reps", "1"] if args.quick else []
    console.print(f"[bold]decision log[/] — building and measuring (about {max(1, entries // 150_000)} min for {entries:,} entries) ...")
    proc = subprocess.run([sys.executable, str(HERE / "decisions_bench.py"), "--json", "--entries", str(entries), *extra], capture_output=True, text=True, cwd=str(ROOT))
    for line in proc.stderr.strip().splitlines():
        console.print(line, markup=False, highlight=False)
    if proc.returncode != 0 or not proc.stdout.strip():
        console.print(f"[red]decision-log benchmark failed (exit {proc.returncode})[/]")
        return 1
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    table = Table(title="Decision log (one core; every entry a distinct assessment)")
    for col in ("measurement", "measured", "target", "result"):
        table.add_column(col, justify="left" if col in ("measurement", "target") else "right")

    def rate(key: str) -> str:
        return f"{r[key]:,.0f} entries/s" if isinstance(r.get(key), (int, float)) else str(r.get("postgres", "n/a"))

    batch_ok = r["sqlite_batch_rate"] >= 5000
    table.add_row("SQLite, batches of 1,000", rate("sqlite_batch_rate"), ">= 5,000 entries/s", "[green]PASS[/]" if batch_ok else "[red]FAIL[/]")
    table.add_row("SQLite, one at a time (a commit each)", rate("sqlite_one_rate"), "", "")
    table.add_row("PostgreSQL, batches of 1,000", rate("postgres_batch_rate"), "", "")
    table.add_row("PostgreSQL, one at a time (a commit each)", rate("postgres_one_rate"), "", "")
    ok = r["friction_seconds"] < 10 and r["friction_entries"] >= 1_000_000
    table.add_row(f"friction report over {r['friction_entries']:,} entries (SQLite)", f"{r['friction_seconds']:.2f} s", "< 10 s for 1,000,000",
                  "[green]PASS[/]" if ok else "[yellow]n/a[/]" if r["friction_entries"] < 1_000_000 else "[red]FAIL[/]")
    console.print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
