# SPDX-License-Identifier: EUPL-1.2
"""Run policies' signals over an event log, one household at a time, on the contained engine.

The pipeline (reasons in ``docs/signals.md``):

1. **Read and validate** the event log record by record in the calling process
   (:mod:`regelruimte.signals.events`); refused records are reported, the rest go on.
2. **Group** the valid events per household. Files and iterators are streamed and must arrive
   grouped by household (sorted as text or as numbers; checked in constant memory, and a
   household that comes back is an error, never a silently split household). DataFrames are
   sorted here.
3. **Evaluate** each household in a fresh engine session per policy
   (:class:`~regelruimte.signals._engine.ContainedEngine`: quiet host, catch-all rule, state
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

import functools
import multiprocessing
import os
import time
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..assessment import Assessment, assess, pseudonym
from ..compiler.compiled import compiled_policy
from ..compiler.signal_messages import CLOCK_ALIAS, CLOCK_TYPE, DATE_FIELD, FIELD_PREFIX, TYPE_FIELD, days, from_days, months_field
from ..compiler.signals import CompiledSignal, CompiledSignals, evaluator_for
from ..conditions.evaluate import Env
from ..conditions.functions import add_months
from ..errors import CaseError, EngineError, EvaluationError
from ..model.policy import Policy
from ..model.sources import SourceRef
from ._engine import MAX_MESSAGES_PER_RUN, ContainedEngine, Fired
from .events import Event, EventSchema, Refusal, SignalsError, parse_date, read_records, typed_value
from .result import HouseholdSignals, MatchedEvent, RefusedRecord, SignalCount, SignalHit, SignalsResult, SignalsSummary

__all__ = ["Evaluator", "run_signals"]

MAX_LISTED_REFUSED = 1_000
CHUNK_HOUSEHOLDS = 500
CHUNK_EVENTS = 5_000
IN_PROCESS_LIMIT = 20_000  # records; smaller known inputs run in the calling process
IN_PROCESS_FILE_BYTES = 1_000_000
DEFAULT_WORKERS = 2
ASSESSMENT_CACHE = 1_024  # assessments kept per evaluator (a few MB)
MAX_EVENTS_PER_HOUSEHOLD = 10_000  # held in memory at once; a larger household is counted as too large

Progress = Callable[[int, int], None]
"""Called with (records read, households evaluated)."""


# --------------------------------------------------------------------------- one household


@dataclass
class _Entry:
    policy: Policy
    compiled: CompiledSignals
    clock: dict[str, Any]
    active: dict[str, CompiledSignal]
    fact_fns: dict[str, dict[str, Any]]
    params: dict[str, Any]
    order: dict[str, dict[str, int]]
    requirements: tuple[tuple[frozenset[str], ...], ...] = ()

    def may_match(self, present: set[str]) -> bool:
        """Whether some active signal has an event of each of its ``event`` elements' types."""
        return any(all(not present.isdisjoint(types) for types in req) for req in self.requirements)

    def message(self, event: Event) -> dict[str, Any]:
        m: dict[str, Any] = {TYPE_FIELD: event.type, DATE_FIELD: event.day}
        values = event.values
        for name in self.compiled.message_fields.get(event.type, ()):
            m[FIELD_PREFIX + name] = values[name]
        for k in self.compiled.months_by_type.get(event.type, ()):
            m[months_field(k)] = _months_later(event.day, k)
        return m


class Evaluator:
    """Evaluates households against the signals of several policies with one contained engine.

    Not for sharing between threads (each thread creates its own); the engine itself serialises
    every call into the C core with a process-wide lock.

    Args:
        policies: Loaded policies; those valid on ``day`` with signals are run.
        day: The reference date (peildatum).
        key: The pseudonym key for household ids (default ``$REGELRUIMTE_PSEUDONYM_KEY``).
        assess_rights: Run ``assess`` for offers, grants and re-assessments.
    """

    def __init__(self, policies: Sequence[Policy], day: date, key: bytes | str | None = None, *, assess_rights: bool = True) -> None:
        self.day = day
        self.key = key
        self.assess_rights = assess_rights
        self.entries, self.skipped = _entries(policies, day)
        self.targets = {p.id: p for p in policies if p.applies_on(day)}
        _check_targets(self.entries, policies)
        # Assessments are pure functions of (policy, facts, date): many households share them
        # (every Gent leefloon gives the same facts). A bounded cache keeps memory flat.
        self._assessments: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self.engine: ContainedEngine | None = None
        if self.entries:
            self.engine = ContainedEngine({e.compiled.ruleset_name: e.compiled.definition() for e in self.entries})

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()

    def __enter__(self) -> Evaluator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def evaluate(self, household: str, events: Sequence[Event]) -> tuple[HouseholdSignals | None, int]:
        """The signals of one household (None when none fired) and how many policies it had too
        many events for (more than one engine session holds)."""
        hits: list[SignalHit] = []
        too_large = 0
        present = {e.type for e in events}
        for entry in self.entries:
            if not entry.may_match(present):
                continue
            used = entry.compiled.used_types
            selected = [e for e in events if e.type in used]
            if len(selected) + 1 > MAX_MESSAGES_PER_RUN:
                too_large += 1
                continue
            assert self.engine is not None
            fired = self.engine.run(entry.compiled.ruleset_name, [entry.clock, *(entry.message(e) for e in selected)])
            hits += self._hits(entry, household, fired, selected)
        if not hits:
            return None, too_large
        return HouseholdSignals(household=household, household_ref=pseudonym(household, self.key), events=len(events), hits=hits), too_large

    def _hits(self, entry: _Entry, household: str, fired: list[Fired], selected: list[Event]) -> list[SignalHit]:
        by_signal: dict[str, list[Fired]] = {}
        for f in fired:
            if f.rule in entry.active:
                by_signal.setdefault(f.rule, []).append(f)
        hits = []
        for cs in entry.compiled.signals:  # in the policy's order
            activations = by_signal.get(cs.signal.id)
            if not activations:
                continue
            order = entry.order[cs.signal.id]
            groups: dict[tuple[Any, ...], list[list[MatchedEvent]]] = {}
            facts_of: dict[tuple[Any, ...], dict[str, Any]] = {}
            for f in activations:
                bound = {alias: selected[i - 1] for alias, i in f.matched if alias != CLOCK_ALIAS}
                match = [MatchedEvent(alias=a, record=bound[a].record, type=bound[a].type) for a in sorted(bound, key=order.__getitem__)]
                facts = self._facts(entry, cs, bound) if cs.target is not None and self.assess_rights else {}
                group = tuple(sorted((k, repr(v)) for k, v in facts.items()))
                groups.setdefault(group, []).append(match)
                facts_of[group] = facts
            for group, matches in groups.items():
                hits.append(self._hit(entry, cs, household, sorted(matches, key=lambda m: [x.record for x in m]), facts_of[group]))
        return hits

    def _facts(self, entry: _Entry, cs: CompiledSignal, bound: Mapping[str, Event]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        types = entry.compiled.event_types
        for alias, event in bound.items():
            values[f"{alias}.date"] = from_days(event.day)
            values[f"{alias}.type"] = event.type
            declared = types[event.type].fields
            for name, value in event.values.items():
                values[f"{alias}.{name}"] = typed_value(declared.get(name), value)
        env = Env(values, entry.params, self.day, {})
        out = {}
        for name, fn in entry.fact_fns[cs.signal.id].items():
            value = fn(env)
            if value is not None:
                out[name] = value
        return out

    def _hit(self, entry: _Entry, cs: CompiledSignal, household: str, matches: list[list[MatchedEvent]], facts: dict[str, Any]) -> SignalHit:
        signal = cs.signal
        source = entry.policy.all_sources[signal.source]
        assessment = None
        problem = None
        if cs.target is not None and self.assess_rights:
            target = self.targets.get(cs.target)
            if target is None:
                problem = f"policy {cs.target!r} is not valid on {self.day.isoformat()}"
            else:
                assessment, problem = self._assess(target, household, facts)
        return SignalHit(policy_id=entry.policy.id, policy_version=entry.policy.version, signal=signal.id, title=signal.title, action=signal.then.action,
                         source=SourceRef.of(source), serves=list(signal.serves), text=signal.then.text, matches=matches,
                         assessment=assessment, assessment_problem=problem)

    def _assess(self, target: Policy, household: str, facts: dict[str, Any]) -> tuple[Assessment | None, str | None]:
        """The assessment of ``target`` with ``facts`` (from a bounded cache), with this household's
        pseudonym as its case reference; or the reason there is none."""
        cache_key = (target.id, target.version, tuple(sorted((k, type(v).__name__, str(v)) for k, v in facts.items())))
        cached = self._assessments.get(cache_key)
        if cached is None:
            failure = None
            try:
                cached = assess(target, {"date": self.day, "facts": facts}, key=self.key)
            except CaseError as exc:  # names facts, never values
                failure = "the facts from the events do not fit: " + "; ".join(str(p) for p in exc.problems)
            except EvaluationError as exc:
                failure = str(exc)
            if failure is not None or cached is None:
                return None, failure
            self._assessments[cache_key] = cached
            if len(self._assessments) > ASSESSMENT_CACHE:
                self._assessments.popitem(last=False)
        else:
            self._assessments.move_to_end(cache_key)
        ref = pseudonym(household, self.key)
        return (cached if ref is None else cached.model_copy(update={"case_ref": ref})), None


def _check_targets(entries: list[_Entry], policies: Sequence[Policy]) -> None:
    given = {p.id for p in policies}
    for entry in entries:
        for cs in entry.active.values():
            if cs.target is not None and cs.target not in given:
                raise SignalsError(f"signal {cs.signal.id!r} of {entry.policy.id!r} assesses policy {cs.target!r}, which was not given")


def _policy_list(policies: Iterable[Policy] | Mapping[str, Policy]) -> list[Policy]:
    """Every policy given; for a PolicySet every version (the one valid on the date is run)."""
    versions = getattr(policies, "versions", None)
    if isinstance(policies, Mapping) and callable(versions):
        return [p for pid in policies for p in versions(pid)]
    return list(policies.values() if isinstance(policies, Mapping) else policies)


@functools.lru_cache(maxsize=65_536)
def _months_later(day: int, k: int) -> int:
    """``add_months`` on day numbers (the evaluator's calendar months; cached: dates repeat)."""
    return days(add_months(from_days(day), k))


def _entries(policies: Sequence[Policy], day: date) -> tuple[list[_Entry], list[str]]:
    entries: list[_Entry] = []
    skipped: list[str] = []
    seen: dict[str, str] = {}
    for policy in policies:
        compiled = compiled_policy(policy).signals
        label = f"{policy.id}@{policy.version}"
        if compiled is None or not policy.applies_on(day):
            skipped.append(label)
            continue
        if policy.id in seen:
            raise SignalsError(f"two versions of policy {policy.id!r} apply on {day.isoformat()}: {seen[policy.id]} and {label}")
        seen[policy.id] = label
        active = {cs.signal.id: cs for cs in compiled.signals if cs.signal.applies_on(day)}
        if not active:
            skipped.append(label)
            continue
        clock: dict[str, Any] = {TYPE_FIELD: CLOCK_TYPE, DATE_FIELD: days(day)}
        for k in compiled.months_by_type.get(CLOCK_TYPE, ()):
            clock[months_field(k)] = _months_later(days(day), k)
        fact_fns = {sid: {name: evaluator_for(node, compiled.kinds) for name, node in cs.facts.items()} for sid, cs in active.items()}
        order = {sid: {a: n for n, a in enumerate((*cs.aliases, *cs.negated))} for sid, cs in active.items()}
        requirements = tuple(tuple(frozenset(cs.types[a]) for a in cs.aliases) for cs in active.values())
        entries.append(_Entry(policy, compiled, clock, active, fact_fns, compiled_policy(policy).params_on(day), order, requirements))
    return entries, skipped


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


def _natural(key: str) -> tuple[int, Any]:
    return (0, int(key)) if key.isascii() and key.isdigit() and len(key) < 30 else (1, key)


def _households(records: Iterator[tuple[int, Any]], schema: EventSchema, day: int, grouped: bool, stats: _Stats) -> Iterator[tuple[str, list[Event] | None]]:
    """Valid events per household, in input order; refusals and counts go into ``stats``.

    A household with more than ``MAX_EVENTS_PER_HOUSEHOLD`` events comes as ``None`` (too large:
    evaluating part of it could make a ``none`` element fire falsely)."""
    current: str | None = None
    events: list[Event] = []
    as_text = as_number = True
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
                        raise SignalsError(f"the event log is not grouped by household (record {raw[0]}): sort it by household first "
                                           "(regelruimte signals --sort, or pass a DataFrame)")
                yield current, (None if len(events) > MAX_EVENTS_PER_HOUSEHOLD else events)
            current, events = household, []
        if len(events) <= MAX_EVENTS_PER_HOUSEHOLD:
            events.append(event)
    if current is not None:
        yield current, (None if len(events) > MAX_EVENTS_PER_HOUSEHOLD else events)


def _refused(record: int, household: str | None, refusals: list[Refusal]) -> RefusedRecord:
    return RefusedRecord(record=record, household=household, problems=[{"field": r.field, "expected": r.expected, "message": r.message} for r in refusals])


def _chunks(households: Iterator[tuple[str, list[Event] | None]]) -> Iterator[list[tuple[str, list[Event] | None]]]:
    chunk: list[tuple[str, list[Event] | None]] = []
    size = 0
    for item in households:
        chunk.append(item)
        size += len(item[1] or ())
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
    """See :func:`regelruimte.signals.signals`."""
    started = time.perf_counter()
    items = _policy_list(policies)
    day = _reference_date(date)
    entries, skipped = _entries(items, day)
    _check_targets(entries, items)
    schema = EventSchema((e.policy.id, e.compiled.event_types) for e in entries)
    records, total, grouped = read_records(events, sort=sort)
    if workers is None:
        workers = _auto_workers(events, total, items)
    if workers > 0 and any(not p.path for p in items):
        raise SignalsError("worker processes load the policies from their files; these policies have no file (use workers=0)")
    stats = _Stats()
    kept: list[HouseholdSignals] = []

    def collect(results: list[HouseholdSignals], too_large: int, evaluated: int) -> None:
        stats.households += evaluated
        stats.too_large += too_large
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
        raise SignalsError("the reference date must be a date as YYYY-MM-DD between 1900 and 2199")
    return day


def _evaluate_chunk(evaluator: Evaluator, chunk: list[tuple[str, list[Event] | None]]) -> tuple[list[HouseholdSignals], int, int]:
    out = []
    too_large = 0
    for household, events in chunk:
        if events is None:
            too_large += 1
            continue
        hs, large = evaluator.evaluate(household, events)
        too_large += large
        if hs is not None:
            out.append(hs)
    return out, too_large, len(chunk)


def _result(items: list[Policy], entries: list[_Entry], skipped: list[str], day: date, stats: _Stats, kept: list[HouseholdSignals],
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
                             too_large=stats.too_large, signals=counts, workers=max(workers, 0), seconds=round(seconds, 3))
    return SignalsResult(summary=summary, households=kept, refused=stats.refused_list)


# --------------------------------------------------------------------------- worker processes

_WORKER: Evaluator | None = None
_WORKER_FAILURE: str | None = None


def _init_worker(specs: list[tuple[str, str]], day: str, key: bytes | str | None, assess_rights: bool) -> None:
    """Load the policies from their files (checking they did not change) and build the engine."""
    global _WORKER, _WORKER_FAILURE
    from ..errors import PolicyLoadError
    from ..loading.policy import load_policy

    failure = None
    try:
        policies = []
        for path, sha in specs:
            policy = load_policy(path)
            if policy.sha256 != sha:
                failure = f"policy file {path} changed during the run"
                break
            policies.append(policy)
        else:
            _WORKER = Evaluator(policies, date.fromisoformat(day), key, assess_rights=assess_rights)
    except PolicyLoadError:
        failure = "a policy file no longer loads"
    except Exception as exc:  # noqa: BLE001 - kept as a type name only
        failure = f"the signals worker could not start ({type(exc).__name__})"
    _WORKER_FAILURE = failure


def _worker_chunk(chunk: list[tuple[str, list[Event] | None]]) -> tuple[list[HouseholdSignals], int, int]:
    """Worker side: evaluate one chunk; any error leaves as a data-free EngineError."""
    if _WORKER is None:
        raise EngineError(_WORKER_FAILURE or "the signals worker did not start")
    failed = None
    try:
        results, too_large, n = _evaluate_chunk(_WORKER, chunk)
        for hs in results:
            for hit in hs.hits:
                if hit.assessment is not None:
                    hit.assessment._policy = None  # the parent re-attaches its own; compiled closures do not pickle
        return results, too_large, n
    except EngineError as exc:
        failed = str(exc)
    except Exception as exc:  # noqa: BLE001 - its text may hold case data: keep the type only
        failed = f"the signals worker failed ({type(exc).__name__})"
    raise EngineError(failed)


def _run_pool(items: list[Policy], day: date, key: bytes | str | None, assess_rights: bool, workers: int,
              chunks: Iterator[list[tuple[str, list[Event] | None]]], collect: Callable[[list[HouseholdSignals], int, int], None],
              task: Callable[[list[tuple[str, list[Event] | None]]], Any] = _worker_chunk) -> None:
    by_version = {(p.id, p.version): p for p in items}
    specs = [(p.path, p.sha256) for p in items]
    in_flight = 2 * workers + 1
    failure: str | None = None
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
            results, too_large, n = done.pop(next_out)
            for hs in results:
                for hit in hs.hits:
                    if hit.assessment is not None:
                        prov = hit.assessment.provenance
                        hit.assessment._policy = by_version.get((prov.policy_id, prov.policy_version))
            collect(results, too_large, n)
            next_out += 1

    try:
        try:
            for index, chunk in enumerate(chunks):
                pending[pool.submit(task, chunk)] = index
                drain(in_flight - 1)
            drain(0)
        except BrokenProcessPool:
            failure = "a signals worker process died (a crash in durable-rules' C core); no partial result"
        except EngineError as exc:
            failure = str(exc)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    if failure is not None:
        raise EngineError(failure)


def worker_count() -> int:
    """Workers used for large runs: two, or one on a single-core machine."""
    return max(1, min(DEFAULT_WORKERS, os.cpu_count() or 1))
