# SPDX-License-Identifier: EUPL-1.2
"""Issue 14, point 4: ask only what can change something.

No question, and no control marked needed, for a fact whose every value gives the same decision
(the letter's verdict and amount, and the tension). The property, on every bundled regulation: a
missing fact that is not asked can take any two values, with the rest of the case filled in any
way, and the decision stays the same. And examples for each way a fact can be idle: a rule already
decided by another, both branches of an ``if`` equal, an amount that can only lower a nil result.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_completions import IDS, POLICIES, _numbers, _value

import regelruimte as rr
from regelruimte.compiler import compiled_policy
from regelruimte.model.policy import Policy

PROPERTY = settings(deadline=None, max_examples=50, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _decision(a: rr.Assessment) -> tuple[Any, ...]:
    return (a.letter.verdict, a.letter.amount, a.tension)


@pytest.mark.parametrize("pid", IDS)
@PROPERTY
@given(data=st.data())
def test_a_fact_not_asked_cannot_change_the_decision(pid: str, data: st.DataObject) -> None:
    policy = POLICIES[pid]
    index = data.draw(st.integers(0, len(policy.tests) - 1))
    day = policy.tests[index].date
    facts = dict(compiled_policy(policy).facts.validate(policy.test_facts(index)))
    dropped = data.draw(st.lists(st.sampled_from(sorted(facts)), unique=True, min_size=1, max_size=min(4, len(facts))))
    partial = {k: v for k, v in facts.items() if k not in dropped}
    a = rr.assess(policy, {"date": day.isoformat(), "facts": partial})
    asked = {q.fact for q in a.questions}
    idle = [f for f in policy.facts if f not in partial and f not in asked and f in compiled_policy(policy).used_facts]
    if not idle:
        return
    fact = data.draw(st.sampled_from(idle))
    numbers = _numbers(policy, day)
    rest = {f: data.draw(_value(policy, f, day, numbers)) for f in policy.facts if f not in partial and f != fact}
    one, two = (data.draw(_value(policy, fact, day, numbers)) for _ in range(2))
    first = rr.assess(policy, {"date": day.isoformat(), "facts": {**partial, **rest, fact: one}})
    second = rr.assess(policy, {"date": day.isoformat(), "facts": {**partial, **rest, fact: two}})
    assert _decision(first) == _decision(second), (fact, a.letter.verdict, a.tension)


SMALL = """
id: vragen
title: Regeling om de vragen te testen
authority: Testgemeente
country: nl
version: "1"
valid_from: 2026-01-01
summary: Een kleine regeling.
sources:
  - {id: wet, citation: "Testwet, art. 1", level: verordening, url: "https://example.org/testwet", verified: "no"}
facts:
  inkomen: {type: money, description: Netto inkomen per maand., minimum: 0, question: Wat is uw netto inkomen per maand?}
  kosten: {type: money, description: Vaste lasten per maand., minimum: 0, question: Hoeveel zijn uw vaste lasten per maand?}
  inwoner: {type: bool, description: Woont in de gemeente., question: Woont u in de gemeente?}
  vermogen: {type: money, description: Vermogen., minimum: 0, question: Hoeveel spaargeld heeft u?}
parameters:
  grens: {type: money, description: Grens., source: wet, values: [{from: 2026-01-01, value: "1000.00"}]}
derived:
  tekort: {type: money, description: Wat tekort is., expr: "max(0, grens - inkomen - vermogen)"}
purposes:
  - {id: doel, title: Bestaanszekerheid, description: Wie weinig heeft krijgt hulp., source: wet, test: "inkomen - kosten <= grens"}
rules:
  - {id: woont_hier, text: U woont in de gemeente., source: wet, serves: [doel], condition: inwoner}
  - {id: inkomen_laag, text: Uw inkomen is niet hoger dan de grens., source: wet, serves: [doel], condition: "inkomen <= grens"}
  - {id: tekort_is_er, text: Er is een tekort., source: wet, serves: [doel], condition: "tekort > 0"}
outcome: {granted: toegekend, denied: afgewezen, amount: tekort}
controls:
  - id: loonstrook
    title: Loonstrook
    kind: document
    verifies: [inkomen]
    serves: [doel]
    source: wet
    explanation: Wij vragen uw loonstrook om uw inkomen te zien.
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Policy:
    path: Path = tmp_path_factory.mktemp("vragen") / "vragen.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return rr.load_policy(path)


def test_an_amount_that_can_only_lower_a_nil_result_is_not_asked(small: Policy) -> None:
    """Savings of 5,000 leave no shortfall whatever the income (at least nil): the letter is denied
    whatever the income is, so the income is not asked for the letter; it is asked only because the
    purpose reads it (whether the letter blocks the purpose depends on it)."""
    a = rr.assess(small, {"date": "2026-03-01", "facts": {"inwoner": True, "vermogen": "5000.00"}})
    assert a.letter.verdict == "denied"
    assert "inkomen" in a.letter.regardless_of
    assert [r.result for r in a.letter.rules if r.id == "tekort_is_er"] == ["failed"]
    assert {q.fact: (q.decides, q.waiting) for q in a.questions} == {"inkomen": ("intent", ["doel"]), "kosten": ("intent", ["doel"])}
    assert a.tension == "undetermined" and a.discretion.note == "divergence_possible"


def test_a_rule_already_decided_by_another_asks_nothing_for_the_letter(small: Policy) -> None:
    """Not a resident: denied; the income changes nothing in the letter, and since the purpose is
    served whatever the costs are (income 200, limit 1,000), not in the tension either."""
    a = rr.assess(small, {"date": "2026-03-01", "facts": {"inwoner": False, "inkomen": "200.00", "vermogen": "0"}})
    assert a.letter.verdict == "denied"
    assert a.tension == "letter_blocks_intent" and a.tension_regardless_of == ["kosten"]
    assert a.questions == []


def test_a_control_on_a_fact_another_rule_already_decides_is_not_needed(small: Policy) -> None:
    """Not a resident and an income far under the limit: a payslip could only move a rule that does
    not decide; the purpose (income minus costs under the limit) stays served for a plausible error."""
    a = rr.assess(small, {"date": "2026-03-01", "facts": {"inwoner": False, "inkomen": "200.00", "kosten": "100.00", "vermogen": "0"}})
    need = next(c for c in a.controls if c.id == "loonstrook")
    assert (need.needed, need.reason) == (False, "cannot_change_outcome")


def test_a_control_whose_fact_moves_the_decision_stays_needed(small: Policy) -> None:
    a = rr.assess(small, {"date": "2026-03-01", "facts": {"inwoner": True, "inkomen": "950.00", "kosten": "100.00", "vermogen": "0"}})
    need = next(c for c in a.controls if c.id == "loonstrook")
    assert (need.needed, need.reason) == (True, "can_change_outcome")
