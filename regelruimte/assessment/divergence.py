# SPDX-License-Identifier: EUPL-1.2
"""Where a divergence comes from: the fact the purpose reads and the letter does not.

When letter and purpose part, the cause is usually a fact only the purpose looks at: savings that
are compensation for harm (the letter counts them, the purpose does not), the municipality's own
share in an overpayment, a repayment scheme. For each such fact of the case this finds the smallest
change *of that fact* that makes letter and purpose agree again: the change is on the purpose's side,
never on a value the letter reads (which the citizen cannot change and which is not the cause).

The letter does not read these facts, so only the purposes are evaluated again.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import ConfigDict, Field

from .._exact import CENT
from ..compiler import compiled_policy
from ..model.base import LocalizedText
from ..model.policy import Policy
from .flips import _boundary
from .intent import evaluate_intent, tension_of
from .letter import LetterResult
from .personal import HidesValues

_LIMIT = 10**8  # one million euros in cents


class Divergence(HidesValues):
    """A fact the purpose reads and the letter does not, that makes them part in this case."""

    model_config = ConfigDict(frozen=True)
    personal_fields = ("to_value",)

    fact: str
    reading: LocalizedText
    """How the purpose reads the fact differently from the letter, as the citizen reads it (the
    fact's ``reading``, or its description)."""
    change: Decimal | int | str | None = None
    """The smallest change of this fact that makes letter and purpose agree: for numbers the change
    (+/-, shown only with the values, since with the limit it gives the value back); for a yes/no
    fact "flip"; for a choice the value."""
    direction: Literal["up", "down"] | None = None
    """For numbers: whether the fact must go up or down."""
    to_value: Any = Field(default=None, repr=False)
    unit: Literal["money", "number", "days", "value"] = "value"
    no_room: list[str] = Field(default_factory=list)
    """Purposes that declare no room for this fact (``Purpose.no_room``)."""

    def hidden_fields(self) -> tuple[str, ...]:
        return self.personal_fields if self.unit == "value" else (*self.personal_fields, "change")


def purpose_only_facts(policy: Policy) -> list[str]:
    """The facts the purposes read (also through derived values) and the letter does not."""
    compiled = compiled_policy(policy)
    purpose = set().union(*(e.facts for e in (*compiled.purpose_tests.values(), *compiled.purpose_amounts.values())))
    letter = set().union(*(e.facts for e in compiled.rules.values()))
    if compiled.amount is not None:
        letter |= compiled.amount.facts
    return sorted(purpose - letter)


def divergences(policy: Policy, letter: LetterResult, tension: str, facts: dict[str, Any], day: date, *, exact: bool = True) -> list[Divergence]:
    """For a tension, the purpose-only facts of the case whose change (alone) makes letter and
    purpose agree, each with the smallest such change; the facts that take part in the purpose but
    cannot bridge it alone are left out. Without ``exact`` only whether a change of the fact can do
    it is found (two evaluations per fact), not the smallest change."""
    if tension not in ("letter_blocks_intent", "letter_exceeds_intent"):
        return []
    compiled = compiled_policy(policy)
    no_room: dict[str, list[str]] = {}
    for p in policy.purposes:
        for part in p.no_room:
            for f in part.facts:
                no_room.setdefault(f, []).append(p.id)

    def aligned(new: dict[str, Any]) -> bool:
        env = compiled.env(new, day)
        return tension_of(policy, letter, evaluate_intent(policy, new, day, env)) == "aligned"

    out: list[Divergence] = []
    for fact in purpose_only_facts(policy):
        if fact not in facts:
            continue
        found = _smallest(policy, fact, facts, aligned, exact)
        if found is None:
            continue
        change, value, unit = found
        spec = policy.facts[fact]
        reading = spec.reading if spec.reading is not None else spec.description
        direction: Literal["up", "down"] | None = None if isinstance(change, str) else "up" if change > 0 else "down"
        out.append(Divergence(fact=fact, reading=reading, change=change, direction=direction, to_value=value, unit=unit, no_room=no_room.get(fact, [])))
    return out


def _smallest(policy: Policy, fact: str, facts: dict[str, Any], aligned: Any, exact: bool = True) -> tuple[Any, Any, Literal["money", "number", "days", "value"]] | None:
    spec = policy.facts[fact]
    current = facts[fact]
    if spec.type == "bool":
        return ("flip", not current, "value") if aligned({**facts, fact: not current}) else None
    if spec.type == "enum":
        for value in spec.values or ():
            if value != current and aligned({**facts, fact: value}):
                return value, value, "value"
        return None
    if spec.type in ("money", "decimal", "int"):
        unit: Decimal | int = 1 if spec.type == "int" else CENT
        if spec.type == "decimal":
            unit = Decimal("0.01")
        best: tuple[int, int] | None = None
        for sign in (-1, 1):
            bound = spec.minimum if sign < 0 else spec.maximum
            high = _LIMIT if bound is None else min(_LIMIT, int(abs(Decimal(current) - bound) / Decimal(unit)))
            if high < 1:
                continue
            if not exact:  # only whether the largest change does it: the change itself is searched later
                steps = high if aligned({**facts, fact: current + sign * high * unit}) else None
            else:
                steps = _boundary(lambda k, s=sign: aligned({**facts, fact: current + s * k * unit}), 1, high)
            if steps is not None and (best is None or steps < best[0]):
                best = (steps, sign)
        if best is None:
            return None
        change = best[1] * best[0] * unit
        kind: Literal["money", "number"] = "money" if spec.type == "money" else "number"
        return change, current + change, kind
    return None
