# SPDX-License-Identifier: EUPL-1.2
"""Findings on the policy as a whole: rules that serve no purpose, purposes no rule serves or that
have no test, hard thresholds without a discretion provision (cliff edges), and rules from a
beleidsregel without the Awb 4:84 power to deviate."""

from __future__ import annotations

from ..compiler import compiled_policy
from ..conditions import ast
from ..model.policy import Policy
from .findings import Finding, finding


def policy_findings(policy: Policy) -> list[Finding]:
    out: list[Finding] = []
    compiled = compiled_policy(policy)
    sources = policy.all_sources
    # the rules of the policy and of each part of the decision (rule ids are unique over the policy)
    rules = [(r, compiled.rules[r.id]) for r in policy.rules]
    rules += [(r, compiled_policy(view).rules[r.id]) for view in policy.part_policies if view.part for r in view.part.rules]
    served = {pid for r, _e in rules for pid in r.serves}
    whole = [d for d in policy.discretion if not d.sets_aside]
    for r, expr in rules:
        el = f"rules.{r.id}"
        if not r.serves:
            out.append(finding("rule-no-purpose", el))
        covered = bool(whole) or any(r.id in d.sets_aside for d in policy.discretion)
        if not covered and r.no_room is None and _has_threshold(expr.node, compiled.kinds):
            out.append(finding("cliff-edge", el))
        if sources[r.source].level == "beleidsregel" and not any(d.kind == "beleidsregel_afwijking" and (not d.sets_aside or r.id in d.sets_aside) for d in policy.discretion):
            out.append(finding("beleidsregel-no-deviation", el))
    for p in policy.purposes:
        el = f"purposes.{p.id}"
        if p.id not in served:
            out.append(finding("purpose-no-rule", el))
        if p.test is None:
            out.append(finding("purpose-no-test", el))
    return out


def _has_threshold(node: ast.Node, kinds: dict[str, str]) -> bool:
    """A comparison with an order (<, <=, >, >=) between a case quantity and a limit."""
    for n in ast.walk(node):
        if isinstance(n, ast.Compare) and n.op in ("<", "<=", ">", ">="):
            sides = (ast.names(n.left), ast.names(n.right))
            case_side = any(kinds.get(x) in ("fact", "derived") for s in sides for x in s)
            if case_side:
                return True
    return False
