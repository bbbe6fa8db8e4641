# SPDX-License-Identifier: EUPL-1.2
"""The facts that decide real disputes about recovering bijstand (issue 14, point 6), on the
bundled Utrecht policy: the period the college has proven and who bears the burden of proof
(CRvB 2025:768, 2025:1405), whether the municipality contributed as a yes/no before any share, and
the material overpayment from assets above the vermogensgrens (Participatiewet art. 34)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import regelruimte as rr
from regelruimte.policy_tests import run_test

ROOT = Path(__file__).resolve().parent.parent
UTRECHT = ROOT / "policies" / "nl" / "utrecht" / "terugvordering_bijstand.yaml"
DAY = "2026-03-01"
LIMIT_SINGLE_2026 = Decimal("8000.00")  # Participatiewet art. 34 lid 3 onder a, 2026 (shared norms)
BASE: dict[str, Any] = {
    "oorzaak": "inlichtingenplicht", "feit_bekend_bij_overheid": False, "recht_vast_te_stellen": True, "betaald_in_periode": "5000.00",
    "materieel_te_veel": "5000.00", "te_veel_door_vermogen": False, "periode_bewezen": "geheel", "gemeente_droeg_bij": False,
    "acute_noodsituatie": False, "minderjarige_kinderen": False,
}


POLICY = rr.load_policy(UTRECHT)


@pytest.fixture(scope="module")
def utrecht() -> rr.Policy:
    return POLICY


def assess(policy: rr.Policy, **facts: Any) -> rr.Assessment:
    return rr.assess(policy, {"date": DAY, "facts": {**BASE, **facts}})


def rec(a: rr.Assessment) -> Any:
    """The recovery part of the decision (the fine is the other part, issue 14 point 6)."""
    return next(p for p in a.parts if p.id == "terugvordering")


def test_crvb_2025_768_is_followed_and_no_longer_an_expected_failure(utrecht: rr.Policy) -> None:
    index = next(i for i, t in enumerate(utrecht.tests) if t.source == "crvb_2025_768")
    assert utrecht.tests[index].expected_failure is None
    outcome = run_test(utrecht, index)
    assert (outcome.matched, outcome.passed, outcome.status) == (True, True, "passed"), outcome.differences


def test_recovery_stops_at_the_months_the_college_proved(utrecht: rr.Policy) -> None:
    whole = assess(utrecht)
    part = assess(utrecht, periode_bewezen="gedeeltelijk", te_veel_buiten_bewezen_periode="1500.00")
    none = assess(utrecht, periode_bewezen="niet")
    assert (rec(whole).letter.verdict, rec(whole).letter.amount) == ("granted", Decimal("5000.00"))
    assert (rec(part).letter.verdict, rec(part).letter.amount, rec(part).tension) == ("granted", Decimal("3500.00"), "aligned")
    assert rec(none).letter.verdict == "denied"
    assert {r.id for r in rec(none).letter.rules if r.result == "failed"} == {"bewezen_door_gemeente", "te_veel_ontvangen"}
    # the burden of proof is named in the citizen text of the failing rule
    assert "Dat bewijs moet de gemeente leveren, niet u." in none.explain("nl")
    assert "The municipality must provide that proof, not you." in none.explain("en")


def test_the_amount_outside_the_proven_period_is_asked_only_when_part_is_proven(utrecht: rr.Policy) -> None:
    asked = {q.fact for q in assess(utrecht, periode_bewezen="gedeeltelijk").questions}
    assert "te_veel_buiten_bewezen_periode" in asked
    assert "te_veel_buiten_bewezen_periode" not in {q.fact for q in assess(utrecht).questions}


@settings(max_examples=40, deadline=None)
@given(claimed=st.integers(min_value=1, max_value=5_000_000), outside=st.integers(min_value=0, max_value=6_000_000))
def test_the_unproven_part_is_never_recovered(claimed: int, outside: int) -> None:
    policy = POLICY
    amount, unproven = Decimal(claimed) / 100, Decimal(outside) / 100
    a = assess(policy, betaald_in_periode=str(amount), materieel_te_veel=str(amount), periode_bewezen="gedeeltelijk",
               te_veel_buiten_bewezen_periode=str(unproven))
    expected = max(Decimal(0), amount - unproven)
    if expected > 0:
        assert (rec(a).letter.verdict, rec(a).letter.amount) == ("granted", expected)
    else:
        assert rec(a).letter.verdict == "denied"


def test_the_burden_shifts_to_the_citizen_only_after_an_established_breach(utrecht: rr.Policy) -> None:
    expr = utrecht.derived["bewijslast_bij_burger"]
    assert expr.source == "crvb_2023_1527"
    shifted = assess(utrecht, recht_vast_te_stellen=False)
    kept = assess(utrecht, oorzaak="onjuist_besluit", recht_vast_te_stellen=False)
    # after a breach the whole period is withdrawn; without one only what was too much
    assert rec(shifted).letter.amount == Decimal("5000.00") and rec(kept).letter.amount == Decimal("5000.00")
    assert rec(kept).letter.amount == rec(assess(utrecht, oorzaak="onjuist_besluit", materieel_te_veel="5000.00")).letter.amount


def test_a_contribution_of_the_municipality_is_a_yes_no_before_the_share(utrecht: rr.Policy) -> None:
    no = assess(utrecht)  # no share given: not needed when the municipality did not contribute
    assert "aandeel_gemeente" not in {q.fact for q in no.questions}
    assert rec(no).discretion.proportionality is not None and rec(no).discretion.proportionality.conclusion == "proportionate"
    yes = assess(utrecht, oorzaak="onjuist_besluit", gemeente_droeg_bij=True)
    prop = rec(yes).discretion.proportionality
    assert prop is not None and prop.conclusion == "to_weigh" and prop.open_facts == ["aandeel_gemeente"]
    # the contribution weighs as soon as it is known, before its share is
    assert [w.holds for w in prop.weighing if w.id == "eigen_fout_of_vertraging"] == ["yes"]
    assert "aandeel_gemeente" in {q.fact for q in yes.questions}
    unknown = rr.assess(utrecht, {"date": DAY, "facts": {k: v for k, v in BASE.items() if k != "gemeente_droeg_bij"}})
    assert "gemeente_droeg_bij" in {q.fact for q in unknown.questions}


def test_assets_above_the_limit_are_the_material_overpayment(utrecht: rr.Policy) -> None:
    a = assess(utrecht, te_veel_door_vermogen=True, huishouden="alleenstaande", vermogen="10000.00", betaald_in_periode="16818.00")
    assert (rec(a).letter.verdict, rec(a).letter.amount) == ("granted", Decimal("16818.00"))  # no right while above the limit
    assert rec(a).intent.amount == Decimal("2000.00") and rec(a).tension == "letter_blocks_intent"
    below = assess(utrecht, te_veel_door_vermogen=True, huishouden="alleenstaande", vermogen="7999.99", betaald_in_periode="16818.00")
    assert rec(below).letter.verdict == "denied"


@settings(max_examples=40, deadline=None)
@given(assets=st.integers(min_value=0, max_value=5_000_000), paid=st.integers(min_value=1, max_value=5_000_000))
def test_the_purpose_never_asks_more_than_the_assets_above_the_limit(assets: int, paid: int) -> None:
    policy = POLICY
    vermogen, betaald = Decimal(assets) / 100, Decimal(paid) / 100
    a = assess(policy, te_veel_door_vermogen=True, huishouden="alleenstaande", vermogen=str(vermogen), betaald_in_periode=str(betaald))
    above = max(Decimal(0), vermogen - LIMIT_SINGLE_2026)
    if above > 0:
        assert rec(a).letter.amount == betaald
        assert rec(a).intent.amount == min(betaald, above)
    else:
        assert rec(a).letter.verdict == "denied"
