# SPDX-License-Identifier: EUPL-1.2
"""One measurement in a fresh process: ``python benchmarks/_jobs.py '<json job>'``.

Started by ``benchmarks/run.py``; prints one JSON line. Input preparation (reading the Parquet
file, building dicts or numpy arrays, loading policies or the OpenFisca system) is not timed;
only the evaluation is (``time.perf_counter``, plus ``time.process_time`` for CPU time). Peak
memory is the process's VmHWM during evaluation, reset through ``/proc/self/clear_refs`` just
before it, as in /work/shared/notes/perf-anchors.md; "delta" is that peak minus the RSS just
before evaluation.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

PEILDATUM = "2026-03-01"
TWO = ("individuele_inkomenstoeslag_alphen", "kwijtschelding_afvalstoffenheffing")


# -- memory ----------------------------------------------------------------------------------
def _status_kib(field: str) -> int | None:
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:  # pragma: no cover - not Linux
        return None
    return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:  # pragma: no cover - not Linux, or not allowed
        return False


class Measure:
    """Times a block and records peak RSS during it."""

    def __enter__(self) -> Measure:
        self.reset = _reset_peak()
        self.rss_before = _status_kib("VmRSS")
        self.cpu0 = time.process_time()
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.wall = time.perf_counter() - self.t0
        self.cpu = time.process_time() - self.cpu0
        peak = _status_kib("VmHWM") if self.reset else None
        if peak is None:
            import resource

            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux; the whole life of the process
        self.peak = peak

    def result(self, **extra: Any) -> dict[str, Any]:
        return {
            "wall": self.wall,
            "cpu": self.cpu,
            "peak_mib": self.peak / 1024 if self.peak else None,
            "delta_mib": (self.peak - self.rss_before) / 1024 if self.peak and self.rss_before else None,
            "peak_is_process_life": not self.reset,
            **extra,
        }


# -- inputs ------------------------------------------------------------------------------------
def _policies(ids: tuple[str, ...] | None = None) -> list[Any]:
    import regelruimte as rr

    loaded = rr.load_policies(str(ROOT / "policies"))
    return [loaded[i] for i in (ids if ids is not None else sorted(loaded))]


def _json_value(v: Any) -> Any:
    if isinstance(v, Decimal):
        return format(v, "f")
    if isinstance(v, date):
        return v.isoformat()
    return v


def case_dicts(path: str, policies: list[Any]) -> list[list[dict[str, Any]]]:
    """Per household, per policy: ``{"date", "facts"}`` with JSON-like values (what a web request carries)."""
    import polars as pl

    df = pl.read_parquet(path)
    rows = df.to_dicts()
    return [[{"date": PEILDATUM, "facts": {k: _json_value(row[k]) for k in p.facts if row.get(k) is not None}} for p in policies] for row in rows]


def openfisca_requests(path: str) -> list[dict[str, Any]]:
    """Per household, the ``build_from_entities`` input of the OpenFisca web API's /calculate."""
    import polars as pl
    from openfisca_model import INPUT_NAMES, PERIOD

    df = pl.read_parquet(path)
    out = []
    for i, row in enumerate(df.select(INPUT_NAMES).to_dicts()):
        variables = {}
        for name, v in row.items():
            if v is None:
                continue
            v = float(v) if isinstance(v, Decimal) else v.isoformat() if isinstance(v, date) else v
            variables[name] = {PERIOD: v}
        out.append({"households": {f"h{i}": variables}})
    return out


def openfisca_arrays(df: Any, tbs: Any) -> dict[str, Any]:
    """The population as numpy arrays in OpenFisca's input form (Enums encoded, dates filled)."""
    import polars as pl
    from openfisca_model import INPUT_NAMES

    arrays: dict[str, Any] = {}
    for name in INPUT_NAMES:
        s = df[name]
        variable = tbs.get_variable(name)
        if isinstance(s.dtype, (pl.Enum, pl.Categorical)):
            arrays[name] = variable.possible_values.encode(s.cast(pl.String).to_numpy().astype(str))
        elif isinstance(s.dtype, pl.Decimal):
            arrays[name] = s.cast(pl.Float64).to_numpy()
        elif s.dtype == pl.Date:
            arrays[name] = s.fill_null(date(1970, 1, 1)).to_numpy().astype("datetime64[D]")
        else:
            arrays[name] = s.to_numpy()
    return arrays


def openfisca_vectorised(tbs: Any, arrays: dict[str, Any], n: int) -> tuple[dict[str, Any], float]:
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_model import OUTPUTS, PERIOD

    sim = SimulationBuilder().build_default_simulation(tbs, n)
    for name, values in arrays.items():
        sim.set_input(name, PERIOD, values)
    t = time.perf_counter()
    out = {name: sim.calculate(name, PERIOD) for name in OUTPUTS}
    return out, time.perf_counter() - t


# -- the jobs -------------------------------------------------------------------------------------
def _pin_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})


def job_screen(spec: dict[str, Any]) -> dict[str, Any]:
    import polars as pl

    import regelruimte as rr

    policies = _policies(tuple(spec["policies"]) if spec.get("policies") else None)
    df = pl.read_parquet(spec["data"])
    screen = rr.screen  # the screening package is imported on first use: an import, not the evaluation (as the other jobs import theirs)
    with Measure() as m:
        s = screen(policies, df, date=PEILDATUM)
    return m.result(units=df.height, rows_out=s.frame.height, policies=len(policies))


def job_polars_hand(spec: dict[str, Any]) -> dict[str, Any]:
    import handwritten_polars
    import polars as pl

    df = pl.read_parquet(spec["data"])
    with Measure() as m:
        out = handwritten_polars.letter(df)
    return m.result(units=df.height, rows_out=out.height)


def job_openfisca_vec(spec: dict[str, Any]) -> dict[str, Any]:
    import polars as pl
    from openfisca_model import tax_benefit_system

    tbs = tax_benefit_system()
    df = pl.read_parquet(spec["data"])
    arrays = openfisca_arrays(df, tbs)
    n = df.height
    del df
    with Measure() as m:
        _, calc = openfisca_vectorised(tbs, arrays, n)
    return m.result(units=n, calculate_only=calc)


def job_assess(spec: dict[str, Any]) -> dict[str, Any]:
    _pin_one_core()
    import regelruimte as rr

    policies = _policies(tuple(spec["policies"]) if spec.get("policies") else None)
    cases = case_dicts(spec["data"], policies)
    for p, case in zip(policies, cases[0]):  # warm each regulation: its first-use caches (parameters on the date,
        rr.assess(p, case).explain("nl")  # control verdicts, the hyphenation dictionary) are paid once per process
    verdicts: dict[str, int] = {}
    with Measure() as m:
        for per_policy in cases:
            for p, case in zip(policies, per_policy):
                a = rr.assess(p, case)
                a.explain("nl")
                verdicts[a.letter.verdict] = verdicts.get(a.letter.verdict, 0) + 1
    return m.result(units=sum(verdicts.values()), households=len(cases), verdicts=verdicts)


def job_openfisca_case(spec: dict[str, Any]) -> dict[str, Any]:
    _pin_one_core()
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_model import OUTPUTS, PERIOD, tax_benefit_system

    tbs = tax_benefit_system()
    requests = openfisca_requests(spec["data"])
    warm = SimulationBuilder().build_from_entities(tbs, requests[0])
    for name in OUTPUTS:  # warm every output, as assess warms every regulation
        warm.calculate(name, PERIOD)
    granted = 0
    with Measure() as m:
        for request in requests:
            sim = SimulationBuilder().build_from_entities(tbs, request)
            out = {name: sim.calculate(name, PERIOD)[0] for name in OUTPUTS}
            granted += int(out["kwijtschelding_recht"]) + int(out["iit_recht"])
    return m.result(units=2 * len(requests), households=len(requests), granted=granted)


JOBS = {
    "screen": job_screen,
    "polars_hand": job_polars_hand,
    "openfisca_vec": job_openfisca_vec,
    "assess": job_assess,
    "openfisca_case": job_openfisca_case,
}


def main() -> None:
    spec = json.loads(sys.argv[1])
    result = JOBS[spec["kind"]](spec)
    print(json.dumps({"job": spec["name"], **result}))


if __name__ == "__main__":
    main()
