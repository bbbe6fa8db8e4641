# SPDX-License-Identifier: EUPL-1.2
"""One loaded policy shared by 8 threads gives exactly the sequential results (reliability C12)."""

from __future__ import annotations

import decimal
import json
import random
import sys
import threading
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import regelruimte as rr
from regelruimte.assessment.intent import evaluate_intent, tension_of
from regelruimte.assessment.letter import evaluate_letter
from regelruimte.compiler import compiled_policy
from regelruimte.model.policy import Policy

KWIJTSCHELDING = Path(__file__).resolve().parents[1] / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"
THREADS = 8
ROUNDS = 2

Case = tuple[dict[str, Any], date]


def _random_case(policy: Policy, rng: random.Random) -> Case:
    """A valid case with random values, some facts missing, on a random day (parameters valued from 2026 on)."""
    facts: dict[str, Any] = {}
    for name, fact in policy.facts.items():
        if rng.random() < 0.15:
            continue
        if fact.type == "bool":
            facts[name] = rng.random() < 0.5
        elif fact.type == "enum":
            facts[name] = rng.choice(fact.values or [""])
        elif fact.type == "money":
            facts[name] = Decimal(rng.choice([0, rng.randrange(0, 500_000), rng.randrange(0, 10**9)])).scaleb(-2)
        elif fact.type == "int":
            facts[name] = rng.randrange(0, 10)
        elif fact.type == "date":
            facts[name] = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 800))
        elif fact.type == "decimal":
            facts[name] = Decimal(rng.randrange(0, 1000)).scaleb(-3)
    day = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 365 * 15))
    return compiled_policy(policy).facts.validate(facts), day


def _cases(policy: Policy) -> list[Case]:
    cases = [(compiled_policy(policy).facts.validate(policy.test_facts(i)), t.date) for i, t in enumerate(policy.tests)]
    rng = random.Random(20260301)
    return cases + [_random_case(policy, rng) for _ in range(180)]


def _evaluate(policy: Policy, facts: dict[str, Any], day: date) -> str:
    env = compiled_policy(policy).env(facts, day)
    letter = evaluate_letter(policy, facts, day, env=env)
    intent = evaluate_intent(policy, facts, day, env)
    out = {"letter": letter.model_dump(mode="json"), "intent": intent.model_dump(mode="json"), "tension": tension_of(policy, letter, intent)}
    return json.dumps(out, sort_keys=True, default=str)


def test_eight_threads_give_the_sequential_results() -> None:
    policy = rr.load_policy(KWIJTSCHELDING)  # a fresh load: cold caches
    cases = _cases(policy)
    shared = rr.load_policy(KWIJTSCHELDING)
    for i in range(4000):  # nearly fill the parameter cache, so the threads also clear it while others read
        compiled_policy(shared).params_on(date(2100, 1, 1) + timedelta(days=i))
    expected = [_evaluate(policy, facts, day) for facts, day in cases]
    assert len(set(expected)) > len(cases) // 2  # the cases really differ
    assert any('"granted"' in e for e in expected) and any('"denied"' in e for e in expected)

    barrier = threading.Barrier(THREADS)
    differences: list[str] = []
    errors: list[BaseException] = []
    done = [0] * THREADS

    def work(n: int) -> None:
        try:
            order = list(range(len(cases)))
            random.Random(n).shuffle(order)
            barrier.wait()
            for _ in range(ROUNDS):
                for i in order:
                    got = _evaluate(shared, *cases[i])
                    if got != expected[i]:
                        differences.append(f"thread {n}, case {i}")
                    done[n] += 1
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often, inside evaluations
    try:
        threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    finally:
        sys.setswitchinterval(old)
    assert not errors, errors[:3]
    assert differences == []
    assert done == [len(cases) * ROUNDS] * THREADS


def test_sequential_runs_are_repeatable() -> None:
    policy = rr.load_policy(KWIJTSCHELDING)
    cases = _cases(policy)[:200]
    first = [_evaluate(policy, f, d) for f, d in cases]
    again = [_evaluate(rr.load_policy(KWIJTSCHELDING), f, d) for f, d in cases[:20]]
    assert again == first[:20]
    assert [_evaluate(policy, f, d) for f, d in reversed(cases)] == first[::-1]


def test_the_evaluator_ignores_each_threads_decimal_context() -> None:
    """Threads that set their own decimal precision get the same conditions and derived values."""
    policy = rr.load_policy(KWIJTSCHELDING)
    cases = _cases(policy)[:300]
    compiled = compiled_policy(policy)

    def values(facts: dict[str, Any], day: date) -> list[Any]:
        env = compiled.env(facts, day)
        return [e.fn(env) for e in compiled.rules.values()] + [env.derived(n) for n in compiled.derived]

    expected = [values(f, d) for f, d in cases]
    results: dict[int, list[Any]] = {}

    def work(n: int) -> None:
        decimal.getcontext().prec = 2 + n  # 2..9 digits: far too few for these amounts
        decimal.getcontext().rounding = decimal.ROUND_DOWN
        results[n] = [values(f, d) for f, d in cases]

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == THREADS
    for n in range(THREADS):
        assert results[n] == expected, f"thread with precision {2 + n}"


def test_the_letters_amount_ignores_the_callers_decimal_context() -> None:
    policy = rr.load_policy(KWIJTSCHELDING)
    facts = compiled_policy(policy).facts.validate(policy.test_facts(0))
    day = policy.tests[0].date
    expected = evaluate_letter(policy, facts, day).amount
    with decimal.localcontext(decimal.Context(prec=4)):
        assert evaluate_letter(policy, facts, day).amount == expected
