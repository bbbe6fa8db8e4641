# SPDX-License-Identifier: EUPL-1.2
"""Which controls this case really needs.

A control asked only on a risk signal (``applies_to``) is not needed when its signal does not hold
for this case, or is not known (trust by default). A control is not needed when a register already
holds what it verifies for the moment the decision needs it, or when no plausible value of its
facts can change the decision (an income so far under the limit that a payslip cannot matter, or a
fact of a rule that another rule already decides). A
needed control names what is still missing for this case and the item to ask for. "Plausible" means the declared number off by the control's ``plausible_deviation``
(default 20%, at least € 100 or 1), a yes/no flipped, another choice, or a date moved by 90 days.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..compiler import CompiledPolicy, compiled_policy
from ..conditions.evaluate import Env
from ..model.base import LocalizedText, built
from ..model.policy import Policy
from ..model.rules import Control
from .questions import Question


class ControlNeed(BaseModel):
    """Whether one control is needed for this case, and whether it can be explained."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: LocalizedText
    kind: str
    verifies: list[str]
    needed: bool
    reason: Literal["register", "cannot_change_outcome", "can_change_outcome", "fact_missing", "verifies_nothing", "no_signal", "signal_unknown"]
    """Why: its signal does not hold ('no_signal') or is not known ('signal_unknown'); a register holds
    what it verifies; no plausible answer can change the outcome, or one can; a fact it verifies is
    still missing; it verifies nothing."""
    registers: list[str] = Field(default_factory=list)
    explainable: bool
    missing: list[str] = Field(default_factory=list)
    """The facts it verifies that this case still misses and no register holds for the moment the
    decision needs them: what to ask for, by name (Awb 4:5; Nationale ombudsman 2017/104)."""
    request: LocalizedText | None = None
    """The item the policy asks for (its ``request``), to name in the letter."""


def outcome_signature(policy: Policy | CompiledPolicy, facts: dict[str, Any], day: date, fact: str, kept: dict[str, Any] | None = None,
                      env: Env | None = None) -> tuple[Any, ...]:
    """A cheap fingerprint of what a change of ``fact`` could change: the rules, purpose tests and
    amounts that depend on it (the others cannot move). ``kept``: derived values that do not
    depend on ``fact``, reused instead of recomputed; ``env``: an environment of exactly these
    facts on ``day`` to evaluate in (its derived values are reused too)."""
    compiled: CompiledPolicy = compiled_policy(policy) if isinstance(policy, Policy) else policy  # callers in a loop pass the compiled policy
    if env is None:
        env = compiled.env(facts, day) if kept is None else compiled.env_with(facts, day, kept)
    return tuple(fn(env) for fn in compiled.exprs_using(fact))


def decision_signature(compiled: CompiledPolicy, facts: dict[str, Any], day: date, fact: str, kept: dict[str, Any] | None = None,
                       env: Env | None = None) -> tuple[Any, ...]:
    """What the decision is for these facts: the letter's verdict and amount and the intent's verdict
    and amount (the tension follows from them). A change of a rule that another rule already decides,
    or of a value both branches of an ``if`` share, leaves it as it is. While the decision is still
    open, the finer :func:`outcome_signature` (every value ``fact`` reaches) stands in for it, so a
    fact that could matter once the rest is known still counts. ``env``: as for :func:`outcome_signature`."""
    if env is None:
        env = compiled.env(facts, day) if kept is None else compiled.env_with(facts, day, kept)
    values: dict[tuple[str, str], Any] = {}
    decided = _assemble(compiled, day, lambda k: _own(compiled, env, values, k))
    return decided if decided is not None else ("open", outcome_signature(compiled, facts, day, fact, kept, env))


def _assemble(compiled: CompiledPolicy, day: date, value: Callable[[tuple[str, str]], Any]) -> tuple[Any, ...] | None:
    """The decision (letter verdict and amount, intent verdict and amount) from ``value``, the value
    of each rule, purpose test and amount on demand (keys as :func:`_using_keys`); None while it is
    open (see :func:`decision_signature`)."""
    rules, purposes = _on_day(compiled, day)
    letter: bool | None = True
    for k in rules:
        v = value(k)
        letter = False if v is False or letter is False else None if v is None or letter is None else True
    amount = value(_AMOUNT) if letter is True and compiled.amount is not None else None
    intent: bool | None = True
    tested = False
    intent_amount = None
    for amount_key, test_key in purposes:
        if amount_key is not None and intent_amount is None:
            intent_amount = value(amount_key)
        if test_key is not None:
            tested = True
            v = value(test_key)
            intent = False if v is False or intent is False else None if v is None or intent is None else True
    if letter is None or (letter is True and compiled.amount is not None and amount is None) or not tested or intent is None:
        return None
    return (letter, amount, intent, intent_amount)


_AMOUNT = ("amount", "")


def _on_day(compiled: CompiledPolicy, day: date) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[tuple[str, str] | None, tuple[str, str] | None], ...]]:
    """The keys of the rules that apply on ``day``, and per purpose that applies, the keys of its
    amount and its test (None where it has none), in the policy's order (kept per day)."""
    table: dict[date, Any] = compiled.analyses.setdefault("decision_on_day", {})
    hit = table.get(day)
    if hit is None:
        if len(table) >= 64:
            table.clear()
        policy = compiled.policy
        hit = table[day] = (tuple(("rule", r.id) for r in policy.rules if r.applies_on(day)),
                            tuple((("amount_of", p.id) if p.id in compiled.purpose_amounts else None, ("test", p.id) if p.id in compiled.purpose_tests else None)
                                  for p in policy.purposes if p.applies_on(day)))
    return hit


def _using_keys(compiled: CompiledPolicy, fact: str) -> tuple[tuple[str, str], ...]:
    """The rules, purpose tests and amounts that depend on ``fact``, as keys of :func:`_decision`,
    in the order of :meth:`CompiledPolicy.exprs_using` (a pure function of the policy, kept)."""
    table: dict[str, tuple[tuple[str, str], ...]] = compiled.analyses.setdefault("decision_keys", {})
    keys = table.get(fact)
    if keys is None:
        keys = table[fact] = (*(("rule", k) for k, e in compiled.rules.items() if fact in e.facts),
                              *(("test", k) for k, e in compiled.purpose_tests.items() if fact in e.facts),
                              *(("amount_of", k) for k, e in compiled.purpose_amounts.items() if fact in e.facts),
                              *((("amount", ""),) if compiled.amount is not None and fact in compiled.amount.facts else ()))
    return keys


_EXPRS = {"rule": "rules", "test": "purpose_tests", "amount_of": "purpose_amounts"}


def _own(compiled: CompiledPolicy, env: Env, own: dict[tuple[str, str], Any], key: tuple[str, str]) -> Any:
    """The case's value of one rule, purpose test or amount (``key`` as :func:`_using_keys`),
    evaluated in ``env`` once and kept in ``own``."""
    if key in own:
        return own[key]
    kind, name = key
    expr = compiled.amount if kind == "amount" else getattr(compiled, _EXPRS[kind])[name]
    assert expr is not None  # asked only where the policy has it
    value = own[key] = expr.fn(env)
    return value


def _decision(compiled: CompiledPolicy, day: date, env: Env, own: dict[tuple[str, str], Any], fact: str, values: tuple[Any, ...]) -> tuple[Any, ...]:
    """:func:`decision_signature` of the case with ``fact`` changed, from ``values`` (its outcome
    signature: what depends on ``fact``, in the changed case) and the case's own value of every
    other rule, purpose test and amount (read in ``env``, the case's environment, and kept in
    ``own``): those do not depend on ``fact``, so the changed case has the very same values."""
    changed = dict(zip(_using_keys(compiled, fact), values))

    def value(k: tuple[str, str]) -> Any:
        return changed[k] if k in changed else _own(compiled, env, own, k)

    decided = _assemble(compiled, day, value)
    return decided if decided is not None else ("open", values)


@dataclass(frozen=True)
class _ControlFacts:
    """What a control verifies and which registers hold it: a pure function of the policy, made
    once per compiled policy (``compiled.analyses``) instead of on every case."""

    control: Control
    registers: list[str]
    held: list[bool]
    unregistered: list[str]
    """The facts it verifies that no register holds for the moment the decision needs them."""


def _control_facts(compiled: CompiledPolicy) -> list[_ControlFacts]:
    cached: list[_ControlFacts] | None = compiled.analyses.get("control_facts")
    if cached is None:
        policy = compiled.policy
        cached = []
        for c in policy.controls:
            specs = [policy.facts[f] for f in c.verifies]
            held = [bool(s.held_for_decision()) for s in specs]
            cached.append(_ControlFacts(c, sorted({r for s in specs for r in s.registers()}), held, [f for f, h in zip(c.verifies, held) if not h]))
        compiled.analyses["control_facts"] = cached
    return cached


def _plausible(policy: Policy, control: Control, fact: str, value: Any) -> list[Any]:
    spec = policy.facts[fact]
    if spec.type == "bool":
        return [not value]
    if spec.type == "enum":
        return [v for v in spec.values or () if v != value]
    if spec.type == "date":
        out = []
        for days in (-90, 90):
            try:
                out.append(value + timedelta(days=days))
            except OverflowError:  # a sentinel date at the calendar's edge: no date beyond it
                pass
        return out
    if spec.type in ("money", "decimal", "int"):
        floor = Decimal(100) if spec.type == "money" else Decimal(1)
        delta = max(abs(Decimal(value)) * control.plausible_deviation, floor)
        if spec.type == "int":
            delta = Decimal(int(delta.to_integral_value()))
        out = []
        for v in (Decimal(value) - delta, Decimal(value) + delta):
            if spec.minimum is not None and v < spec.minimum:
                v = spec.minimum
            if spec.maximum is not None and v > spec.maximum:
                v = spec.maximum
            out.append(int(v) if spec.type == "int" else v)
        return out
    return []


def _need(needed: bool, reason: str, registers: list[str], c: Control, explainable: bool, missing: list[str]) -> ControlNeed:
    """One control's need, built without validating the library's own values again (the fields in
    the order they always had in ``__dict__``, which ``model_dump_json`` follows)."""
    return built(ControlNeed, needed=needed, reason=reason, registers=registers, id=c.id, title=c.title, kind=c.kind, verifies=list(c.verifies),
                 explainable=explainable, missing=missing, request=c.request)


def control_needs(policy: Policy, facts: dict[str, Any], day: date, questions: list[Question], explainable: dict[str, bool],
                  env: Env | None = None) -> list[ControlNeed]:
    """For each control that applies on ``day``: is it needed for this case? ``env``: the case's own
    environment (exactly ``facts`` on ``day``), whose derived values the letter already computed."""
    asked = {q.fact for q in questions}
    compiled: CompiledPolicy = compiled_policy(policy)
    # the case's own environment: given, or made when first needed; shared by every control
    base: dict[str, tuple[Any, ...]] = {}
    decided: dict[str, tuple[Any, ...]] = {}
    kept: dict[str, dict[str, Any]] = {}
    probed: dict[tuple[str, Any], tuple[tuple[Any, ...], tuple[Any, ...] | None]] = {}  # (fact, value): its outcome and decision signatures
    own: dict[tuple[str, str], Any] = {}  # the case's value of each rule, purpose test and amount, computed when first needed
    out = []
    for cf in _control_facts(compiled):
        c = cf.control
        if not c.applies_on(day):
            continue
        registers = cf.registers
        missing = [f for f, h in zip(c.verifies, cf.held) if not h and f not in facts]
        common = (c, explainable.get(c.id, False), missing)
        condition = compiled.control_conditions.get(c.id)
        if condition is not None:
            if env is None:
                env = compiled.env(facts, day)
            signal = condition.fn(env)
            if signal is not True:
                out.append(_need(False, "no_signal" if signal is False else "signal_unknown", list(registers), *common))
                continue
        if not c.verifies:
            out.append(_need(False, "verifies_nothing", [], *common))
            continue
        if not cf.unregistered:
            out.append(_need(False, "register", list(registers), *common))
            continue
        if any(f in asked for f in cf.unregistered):
            out.append(_need(True, "fact_missing", list(registers), *common))
            continue
        # a declared value that could plausibly be off and change the outcome makes the control needed
        changes = False
        for f in cf.unregistered:
            if f not in facts or not compiled.exprs_using(f):
                continue  # missing, or nothing depends on it: no value can change the outcome
            if f not in base:
                if env is None:
                    env = compiled.env(facts, day)
                kept[f] = compiled.unchanged_by(env, f)
                base[f] = tuple(_own(compiled, env, own, key) for key in _using_keys(compiled, f))  # its outcome signature
            assert env is not None  # made with base[f]
            for alt in _plausible(policy, c, f, facts[f]):
                key = (f, alt)  # 1.0 and 1.00 share a probe: the signatures are compared by value
                hit = probed.get(key)
                if hit is None:
                    changed = {**facts, f: alt}
                    probe = compiled.env_with(changed, day, kept[f])
                    moved = tuple([fn(probe) for fn in compiled.exprs_using(f)])  # its outcome signature
                    # the rest of the decision reads nothing that depends on f: the case's own values
                    hit = probed[key] = (moved, None if moved == base[f] else _decision(compiled, day, env, own, f, moved))
                if hit[1] is None:
                    continue  # nothing that reads the fact moved: the decision cannot have
                if f not in decided:
                    decided[f] = _decision(compiled, day, env, own, f, base[f])
                if hit[1] != decided[f]:
                    changes = True
                    break
            if changes:
                break
        out.append(_need(changes, "can_change_outcome" if changes else "cannot_change_outcome", list(registers), *common))
    return out
