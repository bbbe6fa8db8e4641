# SPDX-License-Identifier: EUPL-1.2
"""A changed policy is a new, checked and compiled policy (issue 12).

Before, ``policy.model_copy(update=...)`` kept the original's compiled conditions and caches, so a
copy whose control had lost its explanation was still reviewed as explained, and a copy with
another parameter value was assessed with the old one. Now ``model_copy`` refuses changes and
``rr.change_policy`` is the one way to change a policy.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import regelruimte as rr
from regelruimte.compiler import compiled_policy

ROOT = Path(__file__).resolve().parent.parent
KWIJTSCHELDING = ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"
GENT = ROOT / "policies" / "be" / "gent" / "uitpas_kansentarief.yaml"


def without_explanation(policy: rr.Policy, control_id: str) -> list:
    return [c.model_copy(update={"explanation": None}) if c.id == control_id else c for c in policy.controls]


def test_model_copy_with_changes_refuses_and_points_to_change_policy() -> None:
    policy = rr.load_policy(KWIJTSCHELDING)
    with pytest.raises(TypeError, match=r"change_policy"):
        policy.model_copy(update={"controls": without_explanation(policy, "taxatie_auto")})
    same = policy.model_copy()  # an unchanged copy is still fine, and assesses as the original
    assert same == policy
    case = {"date": policy.tests[0].date, "facts": policy.test_facts(0)}
    assert rr.assess(same, case).to_json() == rr.assess(policy, case).to_json()


def test_a_control_whose_explanation_is_removed_is_reviewed_as_unexplained() -> None:
    policy = rr.load_policy(KWIJTSCHELDING)
    before = {v.id: v for v in rr.review(policy).controls}
    assert before["taxatie_auto"].explainable

    changed = rr.change_policy(policy, controls=without_explanation(policy, "taxatie_auto"))

    after = {v.id: v for v in rr.review(changed).controls}
    assert not after["taxatie_auto"].explainable
    assert "control-no-explanation" in after["taxatie_auto"].findings
    case = {"date": policy.tests[0].date, "facts": policy.test_facts(0)}
    needs = {c.id: c for c in rr.assess(changed, case).controls}
    assert not needs["taxatie_auto"].explainable
    # the original is untouched and still says what it said
    assert {v.id: v for v in rr.review(policy).controls}["taxatie_auto"].explainable
    assert compiled_policy(changed) is not compiled_policy(policy)


def test_a_parameter_change_is_assessed_with_the_new_value() -> None:
    policy = rr.load_policy(GENT)
    case = {"date": policy.tests[0].date, "facts": policy.test_facts(0)}
    assert rr.assess(policy, case).letter.amount == Decimal("8.00")
    korting = policy.parameters["kortingspercentage"]
    half = korting.model_copy(update={"values": [v.model_copy(update={"value": "0.50"}) for v in korting.values]})

    changed = rr.change_policy(policy, parameters={**policy.parameters, "kortingspercentage": half})

    assert rr.assess(changed, case).letter.amount == Decimal("5.00")
    assert rr.assess(policy, case).letter.amount == Decimal("8.00")


def test_a_changed_policy_is_checked_like_a_file() -> None:
    policy = rr.load_policy(KWIJTSCHELDING)
    rule = policy.rules[0]
    with pytest.raises(rr.PolicyLoadError) as info:
        rr.change_policy(policy, rules=[rule.model_copy(update={"condition": "netto_inkomen > onbekend"}), *policy.rules[1:]])
    assert [p.code for p in info.value.problems] == ["expression-type"]
    assert "unknown name 'onbekend'" in info.value.problems[0].message
    with pytest.raises(TypeError, match="not a field"):
        rr.change_policy(policy, regels=[])


def test_a_changed_policy_names_no_file_in_its_provenance() -> None:
    policy = rr.load_policy(KWIJTSCHELDING)
    changed = rr.change_policy(policy, title="Kwijtschelding, een variant")
    assert changed.title == "Kwijtschelding, een variant" and policy.title != changed.title
    assert changed.path == "" and changed.sha256 not in ("", policy.sha256)
    assert changed.all_sources == policy.all_sources and changed.all_parameters == policy.all_parameters
    case = {"date": policy.tests[0].date, "facts": policy.test_facts(0)}
    assert rr.assess(changed, case).provenance.policy_sha256 == changed.sha256


def test_a_policy_that_was_not_loaded_says_how_to_get_one() -> None:
    policy = rr.load_policy(KWIJTSCHELDING)
    built = rr.Policy.model_validate(policy.model_dump(by_alias=True, exclude_unset=True))
    with pytest.raises(rr.PolicyError, match="load_policy"):
        rr.assess(built, {"date": policy.tests[0].date, "facts": {}})
