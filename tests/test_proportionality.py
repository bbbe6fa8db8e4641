# SPDX-License-Identifier: EUPL-1.2
"""Proportionality that concludes (issue 14, point 2).

Per adverse outcome a policy declares the facts that weigh and how (``outcome.weighing``); the three
steps of ABRvS 2 February 2022, ECLI:NL:RVS:2022:285 then conclude *proportionate* (why),
*disproportionate* (the provisions to use) or *to weigh* (by whom, on which open facts). Where letter
and purpose agree on an adverse outcome, the citizen text still gives the rule, its purpose and the
reason. On the bundled Utrecht recovery of bijstand and the kinderopvangtoeslag recovery, and on the
small recovery fixture.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import regelruimte as rr

ROOT = Path(__file__).resolve().parent.parent
UTRECHT = ROOT / "policies" / "nl" / "utrecht" / "terugvordering_bijstand.yaml"
KOT = ROOT / "policies" / "nl" / "toeslagen" / "kinderopvangtoeslag_terugvordering.yaml"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "assess" / "terugvordering.yaml"
DAY = "2026-03-01"
STORTINGEN: dict[str, Any] = {
    "oorzaak": "inlichtingenplicht", "feit_bekend_bij_overheid": False, "recht_vast_te_stellen": True, "betaald_in_periode": "8072.70",
    "materieel_te_veel": "2400.00", "te_veel_door_vermogen": False, "periode_bewezen": "geheel", "gemeente_droeg_bij": False,
    "acute_noodsituatie": False, "minderjarige_kinderen": False,
    "verwijtbaarheid": "normaal",  # for the fine, the other part of the decision (invented fill-in)
}
GEMELD: dict[str, Any] = {
    "oorzaak": "onjuist_besluit", "betaald_in_periode": "14500.00", "materieel_te_veel": "14500.00", "te_veel_door_vermogen": False,
    "periode_bewezen": "geheel", "gemeente_droeg_bij": True, "acute_noodsituatie": False, "minderjarige_kinderen": False,
}


@pytest.fixture(scope="module")
def utrecht() -> rr.Policy:
    return rr.load_policy(UTRECHT)


@pytest.fixture(scope="module")
def kot() -> rr.Policy:
    return rr.load_policy(KOT)


def prop_of(p: rr.Policy, facts: dict[str, Any], day: str = DAY) -> tuple[rr.Assessment, Any]:
    a = rr.assess(p, {"date": day, "facts": facts})
    room = next((part.discretion for part in a.parts if part.id == "terugvordering"), a.discretion)  # Utrecht: the recovery part
    assert room.proportionality is not None
    return a, room.proportionality


def test_known_facts_conclude_proportionate_and_say_why(utrecht: rr.Policy) -> None:
    # CRvB 2024:2192: deposits not reported, nothing of it the municipality's doing, no hardship
    a, prop = prop_of(utrecht, STORTINGEN)
    assert [(s.step, s.finding) for s in prop.steps] == [("suitable", "yes"), ("necessary", "yes"), ("balanced", "yes")]
    assert prop.conclusion == "proportionate"
    reasons = [r.nl for r in prop.reasons]
    assert "U meldde iets niet wat u wel moest melden, en de overheid wist het niet al." in reasons
    assert any("€ 2.400,00" in r for r in reasons)
    assert (prop.room, prop.decided_by, prop.open_facts) == ([], None, [])


def test_an_open_fact_leaves_it_to_weigh_by_whom_on_which_fact(utrecht: rr.Policy) -> None:
    # CRvB 2024:726: he reported his income, the authority did nothing; its share is not yet established
    a, prop = prop_of(utrecht, GEMELD)
    assert prop.conclusion == "to_weigh"
    assert prop.decided_by == "college"  # the dringende redenen of art. 58 lid 8 are the college's
    assert prop.open_facts == ["aandeel_gemeente"]
    assert "Of dit deel van het besluit in verhouding is, weegt het college van burgemeester en wethouders nog af." in a.explain("nl")
    # answered: the municipality did not contribute -> proportionate; half of it -> disproportionate, with the room
    assert prop_of(utrecht, {**GEMELD, "gemeente_droeg_bij": False})[1].conclusion == "proportionate"
    half, prop_half = prop_of(utrecht, {**GEMELD, "aandeel_gemeente": "0.5"})
    assert prop_half.conclusion == "disproportionate"
    assert ("necessary", "no") in [(s.step, s.finding) for s in prop_half.steps]
    assert "dringende_redenen" in prop_half.room
    assert [w.holds for w in prop_half.weighing if w.id == "eigen_fout_of_vertraging"] == ["yes"]


def test_a_decisive_circumstance_makes_it_disproportionate(utrecht: rr.Policy) -> None:
    a, prop = prop_of(utrecht, {**STORTINGEN, "acute_noodsituatie": True})
    assert prop.conclusion == "disproportionate"
    assert [(s.step, s.finding) for s in prop.steps][2] == ("balanced", "no")
    assert [r.en for r in prop.reasons] == ["Repayment would put you in acute financial hardship that cannot be solved another way."]
    assert "dringende_redenen" in prop.room
    assert "Repayment would put you in acute financial hardship" in a.explain("en")
    assert "Wij hebben gekeken of dit deel van het besluit in verhouding is. Dit deel is dat niet:" in a.explain("nl")


def test_a_circumstance_that_is_not_decisive_is_weighed_by_a_person(utrecht: rr.Policy) -> None:
    a, prop = prop_of(utrecht, {**STORTINGEN, "minderjarige_kinderen": True})
    assert prop.conclusion == "to_weigh"
    assert prop.steps[2].finding == "to_weigh"
    assert "Er wonen kinderen onder de 18 jaar bij u; ook zij merken de terugvordering." in [k.nl for k in prop.steps[2].known]
    assert prop.decided_by == "college" and prop.open_facts == []


def test_where_letter_and_purpose_agree_the_citizen_text_explains_rule_purpose_and_reason(utrecht: rr.Policy) -> None:
    a, prop = prop_of(utrecht, STORTINGEN)
    assert a.tension == "aligned"
    rule = next(r for r in utrecht.rules if r.id == "te_veel_ontvangen")
    purpose = next(p for p in utrecht.purposes if p.id == "herstel_materieel")
    nl = a.explain("nl")
    assert rule.text.nl.strip() in nl
    assert purpose.description.nl.strip() in nl
    assert "Wij hebben gekeken of dit deel van het besluit in verhouding is. Dat is zo, omdat:" in nl
    assert "- U meldde iets niet wat u wel moest melden, en de overheid wist het niet al." in nl
    assert "We checked whether this part of the decision is in proportion. It is, because:" in a.explain("en")


def test_kinderopvangtoeslag_partial_payment_is_disproportionate_nothing_paid_is_not(kot: rr.Policy) -> None:
    base = kot.test_facts(0)
    _, partial = prop_of(kot, {**base, "betaalde_kosten": "22260.00"}, "2026-06-30")
    assert partial.conclusion == "disproportionate"
    assert any("€ 192,00" in r.nl and "€ 21.561,60" in r.nl for r in partial.reasons)
    _, nothing = prop_of(kot, {**base, "betaalde_kosten": "0.00"}, "2026-06-30")
    assert nothing.conclusion == "proportionate"
    assert "U heeft niets aan de opvang betaald." in [r.nl for r in nothing.reasons]
    _, hardship = prop_of(kot, {**base, "betaalde_kosten": "0.00", "gevolgen_onevenredig": True}, "2026-06-30")
    assert hardship.conclusion == "disproportionate" and "lager_terugvorderen" in hardship.room


def test_without_declared_weighing_the_balance_stays_with_a_person() -> None:
    terug = rr.load_policy(FIXTURE)
    _, prop = prop_of(terug, {"te_veel_betaald": "1000.00", "materieel_te_veel": "1000.00", "verwijtbaar": True, "schulden": "0", "kinderen": 0})
    assert prop.steps[2].finding == "to_weigh" and prop.conclusion == "to_weigh"


WEIGHING = """  weighing:
    - id: kinderen_geraakt
      factor: third_parties
      text: Er wonen kinderen in het gezin.
      condition: kinderen > 0
      weighs: against
      source: wet
    - id: eigen_schuld
      factor: cause_citizen
      text: U wist dat u te veel kreeg.
      condition: verwijtbaar
      weighs: for
      decisive: true
      source: wet
"""


def with_weighing(tmp_path: Path, text: str = WEIGHING, adverse: bool = True) -> Path:
    src = FIXTURE.read_text(encoding="utf-8")
    anchor = "  severity:\n"
    assert src.count(anchor) == 1
    src = src.replace(anchor, text + anchor)
    if not adverse:
        src = src.replace("  adverse: true\n", "")
    path = tmp_path / "terugvordering.yaml"
    path.write_text(src, encoding="utf-8")
    return path


def test_a_decisive_circumstance_for_outweighs_one_against_that_is_not(tmp_path: Path) -> None:
    p = rr.load_policy(with_weighing(tmp_path))
    facts = {"te_veel_betaald": "1000.00", "materieel_te_veel": "1000.00", "schulden": "0", "kinderen": 2}
    assert prop_of(p, {**facts, "verwijtbaar": True})[1].conclusion == "proportionate"
    assert prop_of(p, {**facts, "verwijtbaar": False})[1].conclusion == "to_weigh"
    unknown = prop_of(p, facts)[1]
    assert unknown.conclusion == "to_weigh" and unknown.open_facts == ["verwijtbaar"]


def test_check_refuses_weighing_on_an_outcome_that_is_not_adverse(tmp_path: Path) -> None:
    with pytest.raises(rr.PolicyLoadError) as exc:
        rr.load_policy(with_weighing(tmp_path, adverse=False))
    assert "weighing-not-adverse" in [p.code for p in exc.value.problems]


def test_check_refuses_a_weighing_fact_with_an_unknown_source(tmp_path: Path) -> None:
    with pytest.raises(rr.PolicyLoadError) as exc:
        rr.load_policy(with_weighing(tmp_path, WEIGHING.replace("      source: wet\n    - id: eigen_schuld", "      source: nergens\n    - id: eigen_schuld")))
    assert "unknown-source" in [p.code for p in exc.value.problems]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    share=st.sampled_from(["0", "0.25", "0.5", "1", None]),
    contributed=st.sampled_from([True, False, None]),
    hardship=st.sampled_from([True, False, None]),
    children=st.sampled_from([True, False, None]),
    cause=st.sampled_from(["inlichtingenplicht", "onjuist_besluit", "betaalfout"]),
    cents=st.integers(min_value=1, max_value=2_000_000),
)
def test_the_conclusion_follows_the_steps(utrecht: rr.Policy, share: str | None, contributed: bool | None, hardship: bool | None, children: bool | None,
                                         cause: str, cents: int) -> None:
    amount = str(Decimal(cents) / 100)
    facts: dict[str, Any] = {"oorzaak": cause, "feit_bekend_bij_overheid": False, "recht_vast_te_stellen": True, "betaald_in_periode": amount,
                             "materieel_te_veel": amount, "redelijkerwijs_kunnen_begrijpen": True, "deel_ouder_dan_twee_jaar": "0",
                             "te_veel_door_vermogen": False, "periode_bewezen": "geheel"}
    for name, value in (("aandeel_gemeente", share), ("gemeente_droeg_bij", contributed), ("acute_noodsituatie", hardship),
                        ("minderjarige_kinderen", children)):
        if value is not None:
            facts[name] = value
    a = rr.assess(utrecht, {"date": DAY, "facts": facts})
    prop = next(p for p in a.parts if p.id == "terugvordering").discretion.proportionality
    assert prop is not None  # the letter recovers a positive amount
    findings = [s.finding for s in prop.steps]
    expected = "disproportionate" if "no" in findings else "proportionate" if set(findings) == {"yes"} else "to_weigh"
    assert prop.conclusion == expected
    if hardship:  # decisive against
        assert prop.conclusion == "disproportionate"
    if prop.conclusion == "to_weigh":
        assert set(prop.open_facts) <= {"aandeel_gemeente", "gemeente_droeg_bij", "acute_noodsituatie", "minderjarige_kinderen"}
        assert prop.open_facts or prop.steps[2].finding == "to_weigh"
    if prop.conclusion == "proportionate":
        # the municipality's contribution is a yes/no that weighs before any share is known
        assert hardship is False and children is False and contributed is False
