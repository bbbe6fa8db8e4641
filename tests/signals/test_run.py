# SPDX-License-Identifier: EUPL-1.2
"""Running signals safely: threads, worker processes, crashes, and memory that does not grow.

Each test answers a crash pattern of the research notes (notes/durable-rules.md §6): P1 (threads
sharing a ruleset), P2 (more than 1,024 sessions), P3 (deleting a session nothing fired in),
P4 (timer threads), and a C-level crash that must cost a worker, not the caller.
"""

from __future__ import annotations

import ctypes
import threading
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("durable.engine", reason="durable-rules==2.0.28 is needed for signals")

import regelruimte as rr  # noqa: E402
from regelruimte.errors import EngineError  # noqa: E402
from regelruimte.signalling import run as run_module  # noqa: E402
from regelruimte.signalling import signals  # noqa: E402
from regelruimte.signalling.events import Event  # noqa: E402
from regelruimte.synthetic import events as synthetic  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
POLICIES = rr.load_policies(ROOT / "policies")
FIXTURE = Path(__file__).parent / "fixtures" / "signaaltest.yaml"
DEMO = ROOT / "examples" / "events_demo.csv"


def comparable(result) -> dict:
    return result.model_dump()  # wall time and worker count are never in a dump


def test_eight_threads_at_once_give_the_sequential_result() -> None:
    records = list(synthetic.records(400, seed=8, bad_rate=0.02))
    expected = comparable(signals(POLICIES, records, date="2026-03-01", workers=0))
    results: dict[int, dict] = {}
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work(n: int) -> None:
        try:
            barrier.wait()
            results[n] = comparable(signals(POLICIES, records, date="2026-03-01", workers=0))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 8
    assert all(r == expected for r in results.values())
    assert expected["summary"]["households_with_signals"] > 20 and expected["summary"]["refused_records"] > 0


def test_no_timer_threads_are_started() -> None:
    before = set(threading.enumerate())
    signals(POLICIES, DEMO, date="2026-03-01", workers=0)
    assert set(threading.enumerate()) == before


def test_worker_processes_give_the_in_process_result(tmp_path: Path) -> None:
    path = tmp_path / "city.csv"
    synthetic.generate(path, 1_500, seed=5, bad_rate=0.01)
    seen: list[str] = []
    in_process = signals(POLICIES, path, date="2026-03-01", workers=0)
    with_workers = signals(POLICIES, path, date="2026-03-01", workers=2, on_household=lambda h: seen.append(h.household))
    assert comparable(with_workers) == comparable(in_process)
    assert with_workers.workers == 2 and seen == [h.household for h in in_process.households]
    hit = next(hit for hh in with_workers.households for hit in hh.hits if hit.assessment is not None)
    assert hit.assessment.trace()  # the policy is re-attached in the caller


def crash(chunk: list) -> None:
    """A worker task that segfaults, as durable-rules' C core can (P1-P3)."""
    ctypes.string_at(0)


def test_a_crashing_worker_raises_engine_error_and_the_caller_lives_on() -> None:
    chunk = [("h1", [Event(1, "wmo_melding", 20_000, {})])]
    items = list(POLICIES.values())
    with pytest.raises(EngineError, match="worker process died") as info:
        run_module._run_pool(items, date(2026, 3, 1), None, False, 1, iter([chunk]), lambda *a: None, task=crash)
    assert info.value.__context__ is None
    assert signals(POLICIES, DEMO, date="2026-03-01", workers=0).summary.households_with_signals == 5


def test_a_changed_policy_file_stops_the_workers(tmp_path: Path) -> None:
    path = tmp_path / "signaaltest.yaml"
    path.write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    policy = rr.load_policy(path)
    path.write_text(FIXTURE.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    records = [{"household": "h1", "date": "2026-01-01", "type": "melding", "soort": "a"}]
    with pytest.raises(EngineError, match="changed during the run"):
        signals([policy], records, date="2026-03-31", workers=1)


def test_too_many_events_for_one_session_is_reported_not_fatal() -> None:
    policy = rr.load_policy(FIXTURE)
    records = [{"household": "big", "date": "2026-01-01", "type": "melding", "soort": "a"}] * 1_000
    records += [{"household": "small", "date": "2026-01-01", "type": "melding", "soort": "a"}]
    result = signals([policy], records, date="2026-03-31", workers=0)
    assert result.summary.too_large == 1
    assert [h.household for h in result.households] == ["small"]
    huge = records[:1] * (run_module.MAX_EVENTS_PER_HOUSEHOLD + 1)  # more than is held in memory for one household
    result = signals([policy], huge + records[-1:], date="2026-03-31", workers=0)
    assert result.summary.too_large == 1 and [h.household for h in result.households] == ["small"]


@pytest.mark.slow
def test_one_hundred_thousand_households_in_flat_memory() -> None:
    # 100,000 sessions (P2: 1,024 live sessions corrupt a ruleset), none of which fires a signal
    # (P3: deleting a session without an action crashed), in one engine, in this process.
    policy = rr.load_policy(FIXTURE)

    def records():
        for n in range(100_000):
            yield {"household": f"h{n:06d}", "date": "2026-03-30", "type": "melding", "soort": "b"}

    def rss_mb() -> float:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * 4096 / 2**20

    marks: list[tuple[int, float]] = []
    result = signals([policy], records(), date="2026-03-31", workers=0, keep=False, progress=lambda r, h: marks.append((h, rss_mb())))
    assert result.summary.households == 100_000 and result.summary.households_with_signals == 0
    early = next(m for h, m in marks if h >= 10_000)
    assert marks[-1][1] - early < 10, marks[::20]  # a leaked session costs ~87 KB: 90,000 of them ~7.5 GB
