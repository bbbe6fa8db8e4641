# SPDX-License-Identifier: EUPL-1.2
"""Run policies' signals over an event log, one household at a time, on the contained engine.

The pipeline (reasons in ``docs/signals.md``):

1. **Read and validate** the event log record by record in the calling process
   (:mod:`regelruimte.signalling.events`); refused records are reported, the rest go on.
2. **Group** the valid events per household. Files and iterators are streamed and must arrive
   grouped by household (sorted as text or as numbers; checked in constant memory, and a
   household that comes back is an error, never a silently split household). DataFrames are
   sorted here.
3. **Evaluate** each household in a fresh engine session per policy
   (:class:`~regelruimte.signalling.engine.ContainedEngine`: quiet host, catch-all rule, state
   always deleted, errors without case data), sending only the events the policy's signals read,
   plus the clock (the reference date). A policy whose ``event`` types the household lacks is
   skipped: nothing can match.
4. **Follow up**: for offers, grants and re-assessments, build the facts from the matched events
   and run :func:`regelruimte.assess` for the right itself.

Large runs use two ``spawn`` worker processes, each with its own engine, so both cores work and
a crash in the C core costs a worker and raises :class:`~regelruimte.errors.EngineError`, never
the caller. At most a few chunks of households are in flight, so memory does not grow with the
number of households; only the households with a signal are kept.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .._exact import in_context
from .._messages import Text
from ..assessment import pseudonym
from ..compiler.signal_messages import days
from ..errors import EngineError, SignalsError
from ..model.policy import Policy
from .evaluator import Entry, Evaluator, check_targets, entries_for, policy_list
from .events import Event, EventSchema, Refusal, parse_date
from .readers import read_records
from .result import HouseholdSignals, RefusedHousehold, RefusedRecord, SignalCount, SignalsResult, SignalsSummary

__all__ = ["run_signals"]

MAX_LISTED_REFUSED = 1_000
CHUNK_HOUSEHOLDS = 500
CHUNK_EVENTS = 5_000
IN_PROCESS_LIMIT = 20_000  # records; smaller known inputs run in the calling process
IN_PROCESS_FILE_BYTES = 1_000_000
DEFAULT_WORKERS = 2
MAX_EVENTS_PER_HOUSEHOLD = 10_000  # held in memory at once; a larger household is counted as too large

Progress = Callable[[int, int], None]
"""Called with (records read, households evaluated)."""


# --------------------------------------------------------------------------- the whole log


@dataclass
class _Stats:
    records: int = 0
    events: int = 0
    refused: int = 0
    ignored: int = 0
    ignored_types: Counter[str] = field(default_factory=Counter)
    after: int = 0
    households: int = 0
    with_signals: int = 0
    too_large: int = 0
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    refused_list: list[RefusedRecord] = field(default_factory=list)
    refused_households: list[RefusedHousehold] = field(default_factory=list)


@dataclass(frozen=True)
class _TooLarge:
    """A household with more valid events than are held in memory: only its record range."""

    first_record: int
    last_record: int
    events: int


_Household = tuple[str, "list[Event] | _TooLarge"]


def _natural(key: str) -> tuple[int, Any]:
    return (0, int(key)) if key.isascii() and key.isdigit() and len(key) < 30 else (1, key)


def _households(records: Iterator[tuple[int, Any]], schema: EventSchema, day: int, grouped: bool, stats: _Stats) -> Iterator[_Household]:
    """Valid events per household, in input order; refusals and counts go into ``stats``.

    A household with more than ``MAX_EVENTS_PER_HOUSEHOLD`` events comes as :class:`_TooLarge`
    (evaluating part of it could make a ``none`` element fire falsely)."""
    current: str | None = None
    events: list[Event] = []
    count = first = last = 0
    as_text = as_number = True

    def done() -> list[Event] | _TooLarge:
        return _TooLarge(first, last, count) if count > MAX_EVENTS_PER_HOUSEHOLD else events

    for raw in records:
        stats.records += 1
        household, event, refusals = schema.validate(raw)
        if refusals:
            stats.refused += 1
            if len(stats.refused_list) < MAX_LISTED_REFUSED:
                stats.refused_list.append(_refused(raw[0], household, refusals))
            continue
        if isinstance(event, str):
            stats.ignored += 1
            if len(stats.ignored_types) < 1_000 or event in stats.ignored_types:
                stats.ignored_types[event] += 1
            continue
        assert event is not None and household is not None
        if event.day > day:
            stats.after += 1
            continue
        stats.events += 1
        if household != current:
            if current is not None:
                if not grouped:
                    as_text = as_text and household > current
                    as_number = as_number and _natural(household) > _natural(current)
                    if not (as_text or as_number):
                        raise SignalsError("events-not-grouped", record=raw[0])
                yield current, done()
            current, events, count, first = household, [], 0, event.record
        count += 1
        last = event.record
        if count <= MAX_EVENTS_PER_HOUSEHOLD:
            events.append(event)
    if current is not None:
        yield current, done()


def _refused(record: int, household: str | None, refusals: list[Refusal]) -> RefusedRecord:
    return RefusedRecord(record=record, household=household, problems=[{"field": r.field, "expected": r.expected, "message": r.message} for r in refusals])


def _chunks(households: Iterator[_Household]) -> Iterator[list[_Household]]:
    chunk: list[_Household] = []
    size = 0
    for item in households:
        chunk.append(item)
        size += len(item[1]) if isinstance(item[1], list) else 1
        if len(chunk) >= CHUNK_HOUSEHOLDS or size >= CHUNK_EVENTS:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _auto_workers(events: Any, total: int | None, policies: Sequence[Policy]) -> int:
    if any(not p.path for p in policies):
        return 0
    if total is not None:
        return 0 if total < IN_PROCESS_LIMIT else worker_count()
    if isinstance(events, (str, Path)):
        return 0 if Path(events).stat().st_size < IN_PROCESS_FILE_BYTES else worker_count()
    return worker_count()


def run_signals(policies: Iterable[Policy] | Mapping[str, Policy], events: Any, *, date: date | str, workers: int | None = None,
                progress: Progress | None = None, key: bytes | str | None = None, on_household: Callable[[HouseholdSignals], None] | None = None,
                keep: bool = True, sort: bool = False, assess_rights: bool = True) -> SignalsResult:
    """See :func:`regelruimte.signals` (:func:`regelruimte.signalling.signals`)."""
    started = time.perf_counter()
    items = policy_list(policies)
    day = _reference_date(date)
    entries, skipped = entries_for(items, day)
    check_targets(entries, items)
    schema = EventSchema((e.policy.id, e.compiled.event_types) for e in entries)
    records, total, grouped = read_records(events, sort=sort)
    if workers is None:
        workers = _auto_workers(events, total, items)
    if workers > 0 and any(not p.path for p in items):
        raise SignalsError("signals-policies-no-file")
    stats = _Stats()
    kept: list[HouseholdSignals] = []

    def collect(results: list[HouseholdSignals], refused: list[RefusedHousehold], evaluated: int) -> None:
        stats.households += evaluated
        stats.too_large += len(refused)
        room = MAX_LISTED_REFUSED - len(stats.refused_households)
        stats.refused_households += refused[:max(room, 0)]
        for hs in results:
            stats.with_signals += 1
            for pid_sid in {(hit.policy_id, hit.signal) for hit in hs.hits}:
                stats.counts[pid_sid] += 1
            if on_household is not None:
                on_household(hs)
            if keep:
                kept.append(hs)
        if progress is not None:
            progress(stats.records, stats.households)

    chunks = _chunks(_households(records, schema, days(day), grouped, stats))
    if workers <= 0 or not entries:
        with Evaluator(items, day, key, assess_rights=assess_rights) as evaluator:
            for chunk in chunks:
                collect(*_evaluate_chunk(evaluator, chunk))
    else:
        _run_pool(items, day, key, assess_rights, workers, chunks, collect)
    return _result(items, entries, skipped, day, stats, kept, workers, time.perf_counter() - started)


def _reference_date(value: Any) -> date:
    failed = False
    try:
        day = parse_date(value)
    except Exception:  # noqa: BLE001 - the value is never shown
        failed = True
    if failed:
        raise SignalsError("signals-reference-date")
    return day


def _evaluate_chunk(evaluator: Evaluator, chunk: list[_Household]) -> tuple[list[HouseholdSignals], list[RefusedHousehold], int]:
    out = []
    refused = []
    everything = [f"{e.policy.id}@{e.policy.version}" for e in evaluator.entries]
    for household, events in chunk:
        if isinstance(events, _TooLarge):
            refused.append(RefusedHousehold(household=household, household_ref=pseudonym(household, evaluator.key), first_record=events.first_record,
                                            last_record=events.last_record, events=events.events, policies=everything))
            continue
        hs, too_large = evaluator.evaluate(household, events)
        if too_large:
            records = [e.record for e in events]
            refused.append(RefusedHousehold(household=household, household_ref=pseudonym(household, evaluator.key), first_record=min(records),
                                            last_record=max(records), events=len(events), policies=too_large))
        if hs is not None:
            out.append(hs)
    return out, refused, len(chunk)


def _result(items: list[Policy], entries: list[Entry], skipped: list[str], day: date, stats: _Stats, kept: list[HouseholdSignals],
            workers: int, seconds: float) -> SignalsResult:
    counts = []
    for entry in entries:
        for cs in entry.compiled.signals:
            if cs.signal.id in entry.active:
                counts.append(SignalCount(policy_id=entry.policy.id, signal=cs.signal.id, title=cs.signal.title, action=cs.signal.then.action,
                                          households=stats.counts[(entry.policy.id, cs.signal.id)]))
    summary = SignalsSummary(reference_date=day, policies=[e.compiled.ruleset_name for e in entries], skipped_policies=skipped, records=stats.records,
                             events=stats.events, refused_records=stats.refused, ignored_records=stats.ignored, ignored_types=dict(sorted(stats.ignored_types.items())),
                             after_reference_date=stats.after, households=stats.households, households_with_signals=stats.with_signals,
                             too_large=stats.too_large, signals=counts)
    return SignalsResult(summary=summary, households=kept, refused=stats.refused_list, refused_households=stats.refused_households,
                         workers=max(workers, 0), seconds=round(seconds, 3))


# --------------------------------------------------------------------------- worker processes

_WORKER: Evaluator | None = None
_WORKER_FAILURE: Text | None = None


def _init_worker(specs: list[tuple[str, str]], day: str, key: bytes | str | None, assess_rights: bool) -> None:
    """Load the policies from their files (checking they did not change) and build the engine."""
    global _WORKER, _WORKER_FAILURE
    from ..errors import PolicyLoadError
    from ..loading.policy import load_policy

    failure: Text | None = None
    try:
        policies = []
        for path, sha in specs:
            policy = load_policy(path)
            if policy.sha256 != sha:
                failure = Text("engine-policy-changed-during-run", path=path)
                break
            policies.append(policy)
        else:
            _WORKER = Evaluator(policies, date.fromisoformat(day), key, assess_rights=assess_rights)
    except PolicyLoadError:
        failure = Text("engine-policy-no-longer-loads")
    except Exception as exc:  # noqa: BLE001 - kept as a type name only
        failure = Text("engine-worker-cannot-start", kind=type(exc).__name__)
    _WORKER_FAILURE = failure


@in_context
def _worker_chunk(chunk: list[_Household]) -> tuple[list[HouseholdSignals], list[RefusedHousehold], int]:
    """Worker side: evaluate one chunk; any error leaves as a data-free EngineError."""
    if _WORKER is None:
        raise EngineError(_WORKER_FAILURE or Text("engine-worker-not-started"))
    failed: Text | None = None
    try:
        results, refused, n = _evaluate_chunk(_WORKER, chunk)
        for hs in results:
            for hit in hs.hits:
                if hit.assessment is not None:
                    hit.assessment._policy = None  # the parent re-attaches its own; compiled closures do not pickle
        return results, refused, n
    except EngineError as exc:
        failed = exc.text
    except Exception as exc:  # noqa: BLE001 - its text may hold case data: keep the type only
        failed = Text("engine-worker-failed", kind=type(exc).__name__)
    raise EngineError(failed or Text("engine-worker-not-started"))


def _run_pool(items: list[Policy], day: date, key: bytes | str | None, assess_rights: bool, workers: int,
              chunks: Iterator[list[_Household]], collect: Callable[[list[HouseholdSignals], list[RefusedHousehold], int], None],
              task: Callable[[list[_Household]], Any] = _worker_chunk) -> None:
    by_version = {(p.id, p.version): p for p in items}
    specs = [(p.path, p.sha256) for p in items]
    in_flight = 2 * workers + 1
    failure: Text | None = None
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
                               initargs=(specs, day.isoformat(), key, assess_rights))
    pending: dict[Future[Any], int] = {}
    done: dict[int, Any] = {}
    next_out = 0

    def drain(block_until: int) -> None:
        nonlocal next_out
        while len(pending) > block_until:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                done[pending.pop(fut)] = fut.result()  # raises the worker's error
        while next_out in done:
            results, refused, n = done.pop(next_out)
            for hs in results:
                for hit in hs.hits:
                    if hit.assessment is not None:
                        prov = hit.assessment.provenance
                        hit.assessment._policy = by_version.get((prov.policy_id, prov.policy_version))
            collect(results, refused, n)
            next_out += 1

    try:
        try:
            for index, chunk in enumerate(chunks):
                pending[pool.submit(task, chunk)] = index
                drain(in_flight - 1)
            drain(0)
        except BrokenProcessPool:
            failure = Text("engine-pool-died")
        except EngineError as exc:
            failure = exc.text
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if failure is not None:
        raise EngineError(failure)


def worker_count() -> int:
    """Workers used for large runs: two, or one on a single-core machine."""
    return max(1, min(DEFAULT_WORKERS, os.cpu_count() or 1))
