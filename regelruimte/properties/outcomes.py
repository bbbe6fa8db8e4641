# SPDX-License-Identifier: EUPL-1.2
"""The outcome of a generated case, lean enough to evaluate thousands of times a second: the letter's
verdict and amount, each rule's result, a purpose's amount, or a property's own amount (``of``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ..assessment.letter import outcome_of, round_amount
from ..compiler import compiled_policy
from ..conditions.evaluate import Env
from ..model.policy import Policy
from .result import CaseOutcome

ZERO = Decimal(0)
ONE = Decimal(1)


class Evaluation:
    """One case of one policy evaluated on demand (the environment is made once)."""

    def __init__(self, policy: Policy, facts: dict[str, Any], day: date) -> None:
        self.policy = policy
        self.compiled = compiled_policy(policy)
        self.env: Env = self.compiled.env(facts, day)
        self.day = day
        self._rules: dict[str, str] | None = None

    @property
    def rules(self) -> dict[str, str]:
        if self._rules is None:
            self._rules = {r.id: outcome_of(self.compiled.rules[r.id].fn(self.env)) if r.applies_on(self.day) else "not_applicable"
                           for r in self.policy.rules}
        return self._rules

    @property
    def verdict(self) -> str:
        results = set(self.rules.values())
        verdict = "denied" if "failed" in results else "undetermined" if "unknown" in results else "granted"
        if verdict == "granted" and self.compiled.amount is not None and self.compiled.amount.fn(self.env) is None:
            return "undetermined"
        return verdict

    def letter_amount(self) -> Decimal | None:
        """The letter's amount: zero when it does not grant, None when undetermined; for an outcome
        without an amount, one when it grants."""
        verdict = self.verdict
        if verdict == "undetermined":
            return None
        if verdict == "denied":
            return ZERO
        if self.compiled.amount is None:
            return ONE
        return round_amount(self.compiled.amount.fn(self.env), self.policy.outcome.rounding)

    def amount(self, of: str | None) -> Decimal | None:
        """The property's amount: its ``of`` expression, or the letter's amount."""
        if of is None:
            return self.letter_amount()
        value = self.compiled.properties[of].fn(self.env)
        return None if value is None else round_amount(value, self.policy.outcome.rounding)

    def purpose_amount(self, purpose_id: str) -> Decimal | None:
        value = self.compiled.purpose_amounts[purpose_id].fn(self.env)
        return None if value is None else round_amount(value, self.policy.outcome.rounding)

    def condition(self, key: str) -> bool | None:
        """A property's condition (``<id>.given`` or ``<id>.except_when``); None: unknown."""
        value = self.compiled.properties[key].fn(self.env)
        return value if isinstance(value, bool) else None

    def outcome(self, label: str, of: str | None = None) -> CaseOutcome:
        return CaseOutcome(label=label, verdict=self.verdict, amount=self.amount(of), rules=dict(self.rules))


def involved(before: CaseOutcome, after: CaseOutcome) -> list[str]:
    """The rules whose result differs between two sides; when none does, the amount itself."""
    changed = [r for r, v in before.rules.items() if after.rules.get(r, v) != v]
    return changed or ["outcome.amount"]
