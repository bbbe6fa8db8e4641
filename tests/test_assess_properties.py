# SPDX-License-Identifier: EUPL-1.2
"""Properties of ``assess`` on generated cases for the real Zuidplas kwijtschelding policy.

Complete cases are generated from the policy's own fact schema (types, enum values, minimum and
maximum) with sensible ranges per fact, mixed with the values of the policy's example tests so
that the interesting boundaries (the norm, the car limit) are hit. A random subset of facts is
then dropped. The three-valued semantics promise:

* a verdict that is determined on the partial case is the verdict of the complete case: supplying
  a missing fact never turns a determined letter or intent verdict into undetermined (or into
  another verdict), and never changes a determined amount;
* the order of the facts does not matter (verdicts and JSON are identical);
* ``assess`` never raises on a valid partial case;
* amounts are exact Decimals with at most two decimals.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import regelruimte as rr
from regelruimte.model.facts import Fact

KWIJTSCHELDING = Path(__file__).resolve().parent.parent / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"
POLICY = rr.load_policy(KWIJTSCHELDING)

# sensible ranges (in euros per month, or euros) where the schema gives no maximum
RANGES: dict[str, tuple[int, int]] = {
    "aanslag": (0, 1500),
    "netto_inkomen": (0, 4000),
    "woonlasten": (0, 1500),
    "zorgkosten": (0, 300),
    "overige_uitgaven": (0, 600),
    "saldo": (-2000, 30000),  # no minimum: an overdraft is possible
    "auto_waarde": (0, 12000),
    "overig_vermogen": (0, 10000),
    "aflossingen_overige_schulden": (0, 400),
    "bestemd_vermogen": (0, 20000),
}
DATES = (date(2025, 6, 1), date(2026, 12, 31))

PROFILE = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


def _money(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low * 100, high * 100).map(lambda cents: Decimal(cents).scaleb(-2))


def _base(name: str, fact: Fact) -> st.SearchStrategy[Any]:
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "enum":
        return st.sampled_from(fact.values or [])
    if fact.type == "date":
        return st.dates(*DATES)
    if fact.type == "text":
        return st.text(max_size=20)
    low, high = RANGES.get(name, (0, 5000))
    if fact.minimum is not None:
        low = max(low, int(fact.minimum))
    if fact.maximum is not None:
        high = min(high, int(fact.maximum))
    if fact.type == "int":
        return st.integers(low, high)
    return _money(low, high)


def _seeds(name: str) -> list[Any]:
    """The values the policy's own example tests use for this fact (the boundaries that matter)."""
    values = []
    for i in range(len(POLICY.tests)):
        v = POLICY.test_facts(i).get(name)
        if v is not None and v not in values:
            values.append(v)
    return values


def _strategy(name: str, fact: Fact) -> st.SearchStrategy[Any]:
    seeds = _seeds(name)
    if fact.type in ("money", "decimal"):
        seeds = [Decimal(str(v)) for v in seeds]
    base = _base(name, fact)
    return st.one_of(base, st.sampled_from(seeds)) if seeds else base


FULL = st.fixed_dictionaries({name: _strategy(name, fact) for name, fact in POLICY.facts.items()})
DAY = st.dates(date(2026, 1, 1), date(2026, 12, 31))


@st.composite
def full_and_partial(draw: st.DrawFn) -> tuple[date, dict[str, Any], dict[str, Any]]:
    facts = draw(FULL)
    # more often near-complete cases: a determined partial verdict is where the property bites
    keep = draw(st.sets(st.sampled_from(sorted(facts)))) if draw(st.booleans()) else set(facts) - draw(st.sets(st.sampled_from(sorted(facts)), max_size=3))
    return draw(DAY), facts, {k: v for k, v in facts.items() if k in keep}


def _assess(day: date, facts: dict[str, Any]) -> rr.Assessment:
    return rr.assess(POLICY, {"date": day, "facts": facts})


@PROFILE
@given(full_and_partial())
def test_supplying_missing_facts_never_undoes_a_determined_verdict(case: tuple[date, dict[str, Any], dict[str, Any]]) -> None:
    day, facts, partial = case
    full = _assess(day, facts)
    part = _assess(day, partial)
    assert full.letter.verdict != "undetermined"  # a complete case is always decided
    assert full.intent.verdict != "undetermined"
    if part.letter.verdict != "undetermined":
        assert part.letter.verdict == full.letter.verdict
        assert part.letter.amount == full.letter.amount
    if part.intent.verdict != "undetermined":
        assert part.intent.verdict == full.intent.verdict
    if part.intent.amount is not None:
        assert part.intent.amount == full.intent.amount
    if part.tension != "undetermined":
        assert part.tension == full.tension
    for p_rule, f_rule in zip(part.letter.rules, full.letter.rules):
        if p_rule.result != "unknown":
            assert p_rule.result == f_rule.result, p_rule.id
        else:
            assert p_rule.missing and set(p_rule.missing) <= set(facts) - set(partial)
    # a question is only ever about a fact that is missing
    assert {q.fact for q in part.questions} <= set(facts) - set(partial)
    assert full.questions == []


@PROFILE
@given(DAY, FULL, st.randoms(use_true_random=False), st.integers(0, 15))
def test_verdicts_and_json_are_independent_of_fact_order(day: date, facts: dict[str, Any], rnd: Any, drop: int) -> None:
    names = sorted(facts)[drop:]
    ordered = {k: facts[k] for k in names}
    shuffled_names = list(names)
    rnd.shuffle(shuffled_names)
    shuffled = {k: facts[k] for k in shuffled_names}
    a, b = _assess(day, ordered), _assess(day, shuffled)
    assert (a.letter.verdict, a.letter.amount, a.intent.verdict, a.tension) == (b.letter.verdict, b.letter.amount, b.intent.verdict, b.tension)
    assert a.to_json() == b.to_json()
    assert a.to_json(show_values=True) == b.to_json(show_values=True)


def _two_decimals(value: Any) -> bool:
    return isinstance(value, Decimal) and value.is_finite() and value.as_tuple().exponent >= -2


@PROFILE
@given(full_and_partial())
def test_assess_never_raises_and_amounts_are_exact_cents(case: tuple[date, dict[str, Any], dict[str, Any]]) -> None:
    day, _facts, partial = case
    a = _assess(day, partial)  # must not raise
    for amount in (a.letter.amount, a.intent.amount, *(p.amount for p in a.intent.purposes)):
        assert amount is None or _two_decimals(amount), amount
    if a.letter.verdict == "granted":
        assert a.letter.amount is not None and a.letter.amount > 0  # the rule bedrag_resteert demands more than zero
    for d in a.discretion.distances:
        if d.unit == "money":
            assert _two_decimals(d.gap), d
    for f in a.discretion.flips:
        if POLICY.facts[f.fact].type == "money":
            assert _two_decimals(f.change) and _two_decimals(f.to_value), f
    # JSON carries the amounts as exact strings, never floats
    data = a.to_dict()
    for amount in (data["letter"]["amount"], data["intent"]["amount"]):
        assert amount is None or (isinstance(amount, str) and Decimal(amount).as_tuple().exponent >= -2)
    assert a.explain("nl") and a.explain("en")
