# SPDX-License-Identifier: EUPL-1.2
"""One household's events against the signals of several policies, on one contained engine.

Each household is evaluated in a fresh engine session per policy
(:class:`~regelruimte.signalling.engine.ContainedEngine`), with only the events the policy's
signals read, plus the clock (the reference date); a policy whose ``event`` types the household
lacks is skipped, since nothing can match. For offers, grants and re-assessments the facts are
built from the matched events and :func:`regelruimte.assess` assesses the right itself.
"""

from __future__ import annotations

import functools
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..assessment import Assessment, assess, pseudonym
from ..compiler.compiled import compiled_policy
from ..compiler.compiled_signals import CompiledSignal, CompiledSignals, evaluator_for
from ..compiler.signal_messages import CLOCK_ALIAS, CLOCK_TYPE, DATE_FIELD, FIELD_PREFIX, TYPE_FIELD, days, from_days, months_field
from ..conditions.evaluate import Env
from ..conditions.functions import add_months
from ..errors import CaseError, EvaluationError, SignalsError, listing
from ..model.policy import Policy
from ..model.sources import SourceRef
from .engine import MAX_MESSAGES_PER_RUN, ContainedEngine, Fired
from .events import Event, typed_value
from .result import HouseholdSignals, MatchedEvent, SignalHit

__all__ = ["Evaluator"]

ASSESSMENT_CACHE = 1_024  # assessments kept per evaluator (a few MB)


# --------------------------------------------------------------------------- one household


@dataclass
class Entry:
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
        self.entries, self.skipped = entries_for(policies, day)
        self.targets = {p.id: p for p in policies if p.applies_on(day)}
        check_targets(self.entries, policies)
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

    def evaluate(self, household: str, events: Sequence[Event]) -> tuple[HouseholdSignals | None, list[str]]:
        """The signals of one household (None when none fired), and the policies (``id@version``)
        it has too many events for (more than one engine session holds; it is not evaluated for
        those, since part of a household could make a ``none`` element fire falsely)."""
        hits: list[SignalHit] = []
        too_large: list[str] = []
        present = {e.type for e in events}
        for entry in self.entries:
            if not entry.may_match(present):
                continue
            used = entry.compiled.used_types
            selected = [e for e in events if e.type in used]
            if len(selected) + 1 > MAX_MESSAGES_PER_RUN:
                too_large.append(f"{entry.policy.id}@{entry.policy.version}")
                continue
            assert self.engine is not None
            fired = self.engine.run(entry.compiled.ruleset_name, [entry.clock, *(entry.message(e) for e in selected)])
            hits += self._hits(entry, household, fired, selected)
        if not hits:
            return None, too_large
        return HouseholdSignals(household=household, household_ref=pseudonym(household, self.key), events=len(events), hits=hits), too_large

    def _hits(self, entry: Entry, household: str, fired: list[Fired], selected: list[Event]) -> list[SignalHit]:
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

    def _facts(self, entry: Entry, cs: CompiledSignal, bound: Mapping[str, Event]) -> dict[str, Any]:
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

    def _hit(self, entry: Entry, cs: CompiledSignal, household: str, matches: list[list[MatchedEvent]], facts: dict[str, Any]) -> SignalHit:
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
                failure = "the facts from the events do not fit: " + listing(exc.problems)
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


def check_targets(entries: list[Entry], policies: Sequence[Policy]) -> None:
    given = {p.id for p in policies}
    for entry in entries:
        for cs in entry.active.values():
            if cs.target is not None and cs.target not in given:
                raise SignalsError("signal-target-missing", signal=repr(cs.signal.id), policy=repr(entry.policy.id), target=repr(cs.target))


def policy_list(policies: Iterable[Policy] | Mapping[str, Policy]) -> list[Policy]:
    """Every policy given; for a PolicySet every version (the one valid on the date is run)."""
    versions = getattr(policies, "versions", None)
    if isinstance(policies, Mapping) and callable(versions):
        return [p for pid in policies for p in versions(pid)]
    return list(policies.values() if isinstance(policies, Mapping) else policies)


@functools.lru_cache(maxsize=65_536)
def _months_later(day: int, k: int) -> int:
    """``add_months`` on day numbers (the evaluator's calendar months; cached: dates repeat)."""
    return days(add_months(from_days(day), k))


def entries_for(policies: Sequence[Policy], day: date) -> tuple[list[Entry], list[str]]:
    entries: list[Entry] = []
    skipped: list[str] = []
    seen: dict[str, str] = {}
    for policy in policies:
        compiled = compiled_policy(policy).signals
        label = f"{policy.id}@{policy.version}"
        if compiled is None or not policy.applies_on(day):
            skipped.append(label)
            continue
        if policy.id in seen:
            raise SignalsError("policy-two-versions", policy=repr(policy.id), date=day.isoformat(), one=seen[policy.id], other=label)
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
        entries.append(Entry(policy, compiled, clock, active, fact_fns, compiled_policy(policy).params_on(day), order, requirements))
    return entries, skipped
