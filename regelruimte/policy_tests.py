# SPDX-License-Identifier: EUPL-1.2
"""Run a policy's example tests: the letter, amount, intent, tension and per-rule results."""

from __future__ import annotations

from dataclasses import dataclass, field

from .assessment import Assessment, assess
from .assessment.intent import IntentResult
from .assessment.letter import LetterResult
from .model.policy import Policy, PolicyTest


@dataclass(frozen=True)
class TestOutcome:
    """The result of one example test."""

    policy_id: str
    index: int
    name: str
    passed: bool
    differences: list[str] = field(default_factory=list)
    letter: LetterResult | None = None
    intent: IntentResult | None = None
    tension: str = ""
    assessment: Assessment | None = None

    __test__ = False  # not a pytest class


def run_test(policy: Policy, index: int) -> TestOutcome:
    """Run example test ``index`` of ``policy`` and compare every stated expectation."""
    test: PolicyTest = policy.tests[index]
    a = assess(policy, {"date": test.date, "facts": policy.test_facts(index)})
    letter, intent, tension = a.letter, a.intent, a.tension
    exp = test.expect
    diffs: list[str] = []
    if letter.verdict != exp.letter:
        diffs.append(f"letter: expected {exp.letter}, got {letter.verdict}")
    if exp.amount is not None and letter.amount != exp.amount:
        diffs.append(f"amount: expected {exp.amount}, got {letter.amount}")
    if exp.intent is not None and intent.verdict != exp.intent:
        diffs.append(f"intent: expected {exp.intent}, got {intent.verdict}")
    if exp.tension is not None and tension != exp.tension:
        diffs.append(f"tension: expected {exp.tension}, got {tension}")
    for rule_id, expected in (exp.rules or {}).items():
        got = next(r.result for r in letter.rules if r.id == rule_id)
        if got != expected:
            diffs.append(f"rule {rule_id}: expected {expected}, got {got}")
    return TestOutcome(policy.id, index, test.name, not diffs, diffs, letter, intent, tension, a)


def run_tests(policy: Policy) -> list[TestOutcome]:
    """Run every example test of ``policy``."""
    return [run_test(policy, i) for i in range(len(policy.tests))]
