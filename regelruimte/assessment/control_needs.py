# SPDX-License-Identifier: EUPL-1.2
"""Which controls this case really needs.

A control is not needed when a register already holds what it verifies, or when no plausible
value of its facts can change the outcome (an income so far under the limit that a payslip cannot
matter). "Plausible" means the declared number off by the control's ``plausible_deviation``
(default 20%, at least € 100 or 1), a yes/no flipped, another choice, or a date moved by 90 days.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..compiler import CompiledPolicy, compiled_policy
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
    reason: Literal["register", "cannot_change_outcome", "can_change_outcome", "fact_missing", "verifies_nothing"]
    registers: list[str] = Field(default_factory=list)
    explainable: bool


def outcome_signature(policy: Policy | CompiledPolicy, facts: dict[str, Any], day: date, fact: str, kept: dict[str, Any] | None = None) -> tuple[Any, ...]:
    """A cheap fingerprint of what a change of ``fact`` could change: the rules, purpose tests and
    amounts that depend on it (the others cannot move). ``kept``: derived values that do not
    depend on ``fact``, reused instead of recomputed."""
    compiled: CompiledPolicy = compiled_policy(policy) if isinstance(policy, Policy) else policy  # callers in a loop pass the compiled policy
    env = compiled.env(facts, day) if kept is None else compiled.env_with(facts, day, kept)
    return tuple(fn(env) for fn in compiled.exprs_using(fact))


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


def control_needs(policy: Policy, facts: dict[str, Any], day: date, questions: list[Question], explainable: dict[str, bool]) -> list[ControlNeed]:
    """For each control that applies on ``day``: is it needed for this case?"""
    asked = {q.fact for q in questions}
    base: dict[str, tuple[Any, ...]] = {}
    kept: dict[str, dict[str, Any]] = {}
    compiled: CompiledPolicy = compiled_policy(policy)
    out = []
    for c in policy.controls:
        if not c.applies_on(day):
            continue
        specs = [policy.facts[f] for f in c.verifies]
        registers = sorted({r for s in specs for r in s.held_by})
        common = dict(id=c.id, title=c.title, kind=c.kind, verifies=list(c.verifies), explainable=explainable.get(c.id, False))
        if not c.verifies:
            out.append(built(ControlNeed, needed=False, reason="verifies_nothing", registers=[], **common))
            continue
        if all(s.held_by for s in specs):
            out.append(built(ControlNeed, needed=False, reason="register", registers=registers, **common))
            continue
        unregistered = [f for f, s in zip(c.verifies, specs) if not s.held_by]
        if any(f in asked for f in unregistered):
            out.append(built(ControlNeed, needed=True, reason="fact_missing", registers=registers, **common))
            continue
        known = [f for f in unregistered if f in facts]
        # a declared value that could plausibly be off and change the outcome makes the control needed
        changes = False
        for f in known:
            if not compiled.exprs_using(f):
                continue  # nothing depends on it: no value can change the outcome
            if f not in base:
                kept[f] = compiled.kept_derived(compiled.env(facts, day), f)
                base[f] = outcome_signature(compiled, facts, day, f, kept[f])
            if any(outcome_signature(compiled, {**facts, f: alt}, day, f, kept[f]) != base[f] for alt in _plausible(policy, c, f, facts[f])):
                changes = True
                break
        out.append(built(ControlNeed, needed=changes, reason="can_change_outcome" if changes else "cannot_change_outcome", registers=registers, **common))
    return out
