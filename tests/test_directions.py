# SPDX-License-Identifier: EUPL-1.2
"""Issue 14, point 4: a fact or derived value declares its direction, and the analysis uses it.

Every declared direction of a bundled regulation is checked as a property: a higher value of the
fact (or of the derived value, its inputs otherwise equal) never gives the citizen less (or never
more) on the letter (granted over denied, then the amount) and on every purpose (served over not
served, then its amount). The analysis decides a partial case from the best and worst corner; its
soundness is the property of tests/test_completions.py, which covers these cases too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_completions import IDS, POLICIES, _numbers, _value

import regelruimte as rr
from regelruimte.assessment.letter import round_amount
from regelruimte.compiler import compiled_policy
from regelruimte.conditions.evaluate import Env
from regelruimte.model.policy import Policy

PROPERTY = settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
DECLARED = [(pid, name) for pid in IDS for name, spec in {**POLICIES[pid].facts, **POLICIES[pid].derived}.items() if spec.direction is not None]


def _rank(policy: Policy, env: Env, day: Any) -> tuple[Any, ...] | None:
    """What the citizen gets, as comparable values: (letter granted, amount, then per purpose
    (served, amount)); None when something is undefined."""
    compiled = compiled_policy(policy)
    granted = True
    for r in policy.rules:
        if r.applies_on(day):
            v = compiled.rules[r.id].fn(env)
            if v is None:
                return None
            granted = granted and v
    amount = Decimal(0)
    if granted and compiled.amount is not None:
        raw = compiled.amount.fn(env)
        if raw is None:
            return None
        amount = round_amount(raw, policy.outcome.rounding)
    out: list[Any] = [(int(granted), amount)]
    for p in policy.purposes:
        if not p.applies_on(day):
            continue
        test, amount_expr = compiled.purpose_tests.get(p.id), compiled.purpose_amounts.get(p.id)
        served = test.fn(env) if test is not None else True
        p_amount = amount_expr.fn(env) if amount_expr is not None else Decimal(0)
        if served is None or p_amount is None:
            return None
        out.append((int(served), round_amount(p_amount, policy.outcome.rounding) if served else Decimal(0)))
    return tuple(out)


def _at_most(low: tuple[Any, ...], high: tuple[Any, ...]) -> bool:
    return all(a <= b for a, b in zip(low, high))


def test_the_bundled_regulations_declare_directions() -> None:
    assert len(DECLARED) >= 5


@pytest.mark.parametrize(("pid", "name"), DECLARED, ids=[f"{p}.{n}" for p, n in DECLARED])
@PROPERTY
@given(data=st.data())
def test_a_declared_direction_holds(pid: str, name: str, data: st.DataObject) -> None:
    policy = POLICIES[pid]
    compiled = compiled_policy(policy)
    index = data.draw(st.integers(0, len(policy.tests) - 1))
    day = policy.tests[index].date
    facts = dict(compiled.facts.validate(policy.test_facts(index)))
    numbers = _numbers(policy, day)
    for f in policy.facts:
        if f not in facts or data.draw(st.booleans()):
            facts[f] = data.draw(_value(policy, f, day, numbers))
    facts = dict(compiled.facts.validate(facts))
    spec = policy.facts.get(name) or policy.derived[name]
    if name in policy.facts:
        one, two = sorted(data.draw(_value(policy, name, day, numbers)) for _ in range(2))
        envs = [compiled.env({**facts, name: v}, day) for v in (one, two)]
    else:
        env = compiled.env(facts, day)
        base = env.derived(name)
        if base is None:
            return
        step = data.draw(st.sampled_from([Decimal("0.01"), Decimal(1), Decimal(100), Decimal(10000)])) if spec.type != "bool" else None
        one, two = (False, True) if spec.type == "bool" else (base, base + step)
        envs = []
        for v in (one, two):
            e = compiled.env(facts, day)
            e.cache[name] = v
            envs.append(e)
    ranks = [_rank(policy, e, day) for e in envs]
    if None in ranks:
        return
    lower, higher = ranks
    if spec.direction == "increases":
        assert _at_most(lower, higher), (name, one, two)
    else:
        assert _at_most(higher, lower), (name, one, two)


def test_a_direction_decides_what_intervals_cannot(tmp_path: Any) -> None:
    """The income counts twice (an allowance of up to 3,000 of it, and all of it): intervals lose the
    link and see room up to 3,000, the declared direction does not: at the best corner (no income)
    the savings already leave nothing, so the letter refuses whatever the income is."""
    policy = rr.load_policy(_write(tmp_path, DIRECTION_POLICY, "p.yaml"))
    a = rr.assess(policy, {"date": "2026-03-01", "facts": {"vermogen": "2000.00"}})
    assert a.letter.verdict == "denied" and a.letter.regardless_of == ["inkomen"]
    assert [q.fact for q in a.questions] == []
    undeclared = rr.load_policy(_write(tmp_path, DIRECTION_POLICY.replace(", direction: decreases", ""), "q.yaml"))
    b = rr.assess(undeclared, {"date": "2026-03-01", "facts": {"vermogen": "2000.00"}})
    assert b.letter.verdict == "undetermined" and [q.fact for q in b.questions] == ["inkomen"]


def _write(tmp_path: Any, text: str, name: str) -> Any:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


DIRECTION_POLICY = """
id: richting
title: Regeling om de richting te testen
authority: Testgemeente
country: nl
version: "1"
valid_from: 2026-01-01
summary: Een kleine regeling.
sources:
  - {id: wet, citation: "Testwet, art. 1", level: verordening, url: "https://example.org/testwet", verified: "no"}
facts:
  inkomen: {type: money, description: Netto inkomen per maand., minimum: 0, direction: decreases, question: Wat is uw inkomen?}
  vermogen: {type: money, description: Vermogen., minimum: 0, direction: decreases, question: Hoeveel spaargeld heeft u?}
parameters:
  norm: {type: money, description: Norm., source: wet, values: [{from: 2026-01-01, value: "1000.00"}]}
derived:
  ruimte: {type: money, description: Wat overblijft., expr: "norm - vermogen + min(inkomen, 3000) - inkomen"}
purposes:
  - {id: doel, title: Bestaanszekerheid, description: Wie weinig heeft krijgt hulp., source: wet, test: "vermogen <= 1000"}
rules:
  - {id: ruimte_over, text: Er blijft niets over., source: wet, serves: [doel], condition: "ruimte > 0"}
outcome: {granted: toegekend, denied: afgewezen}
"""
