# SPDX-License-Identifier: EUPL-1.2
"""Run a policy's example tests: the letter, amount, intent, tension and per-rule results."""

from __future__ import annotations

from dataclasses import dataclass, field

from .intent import IntentResult, evaluate_intent, tension_of
from .letter import LetterResult, evaluate_letter
from .policy import Policy, PolicyTest


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

    __test__ = False  # not a pytest class


def run_test(policy: Policy, index: int) -> TestOutcome:
    """Run example test ``index`` of ``policy`` and compare every stated expectation."""
    test: PolicyTest = policy.tests[index]
    compiled = policy._compiled
    facts = compiled.facts.validate(policy.test_facts(index))
    env = compiled.env(facts, test.date)
    letter = evaluate_letter(policy, facts, test.date, env=env)
    intent = evaluate_intent(policy, facts, test.date, env)
    tension = tension_of(policy, letter, intent)
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
    return TestOutcome(policy.id, index, test.name, not diffs, diffs, letter, intent, tension)


def run_tests(policy: Policy) -> list[TestOutcome]:
    """Run every example test of ``policy``."""
    return [run_test(policy, i) for i in range(len(policy.tests))]
