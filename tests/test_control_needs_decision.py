# SPDX-License-Identifier: EUPL-1.2
"""The control review's what-if probes read the decision of a changed case from what the change
moved and the case's own values of everything else (``control_needs._decision``): on synthetic
households of every bundled regulation, for every fact a control verifies and each of its plausible
other values, that gives exactly the decision the changed case has when evaluated as a whole
(``decision_signature`` in an environment of the changed facts)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

import regelruimte as rr
from regelruimte.assessment.control_needs import _decision, _plausible, decision_signature, outcome_signature
from regelruimte.compiler import compiled_policy
from regelruimte.synthetic.population import generate

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 3, 1)
POLICIES = rr.load_policies(ROOT / "policies")


def _cases(policy: rr.Policy, n: int) -> list[dict[str, Any]]:
    df = generate([policy], n, seed=7, reference_date=DAY, take_up=False, unknown=0.1)
    compiled = compiled_policy(policy)
    rows = df.select([f for f in policy.facts if f in df.columns]).to_dicts()
    return [compiled.facts.validate({k: v for k, v in row.items() if v is not None}) for row in rows]


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
def test_a_probe_reads_the_decision_the_changed_case_has(policy_id: str) -> None:
    policy = POLICIES[policy_id]
    views = [policy, *policy.part_policies] if policy.part_policies else [policy]
    compared = moved_at_all = 0
    for view in views:
        compiled = compiled_policy(view)
        if not view.applies_on(DAY):
            continue
        for facts in _cases(policy, 60):
            facts = {k: v for k, v in facts.items() if k in view.facts}
            env = compiled.env(facts, DAY)
            own: dict[tuple[str, str], Any] = {}
            for control in view.controls:
                for f in control.verifies:
                    if f not in facts or not compiled.exprs_using(f):
                        continue
                    base = outcome_signature(compiled, facts, DAY, f, env=env)
                    assert _decision(compiled, DAY, env, own, f, base) == decision_signature(compiled, facts, DAY, f, env=env)
                    for alt in _plausible(view, control, f, facts[f]):
                        changed = {**facts, f: alt}
                        probe = compiled.env(changed, DAY)
                        moved = outcome_signature(compiled, changed, DAY, f, env=probe)
                        expected = decision_signature(compiled, changed, DAY, f, env=compiled.env(changed, DAY))
                        assert _decision(compiled, DAY, env, own, f, moved) == expected, (view.id, f)
                        compared += 1
                        moved_at_all += moved != base
    assert compared > 0, "no control of this regulation verifies a fact its rules read"
    if policy_id in ("kwijtschelding_afvalstoffenheffing", "individuele_inkomenstoeslag_alphen", "bijzondere_bijstand_rotterdam"):
        assert moved_at_all > 0  # the comparison covered probes that moved something
