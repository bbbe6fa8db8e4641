# SPDX-License-Identifier: EUPL-1.2
"""Which discretion provisions reach the rules that block a case: a provision for named rules
reaches those of them that block; one for the whole outcome reaches the blocking rules its legal
basis can set aside (:mod:`regelruimte.model.levels`), or, where no rule blocks and only the amount
parts from the purpose, the amount when its basis can set aside the amount's source."""

from __future__ import annotations

from datetime import date

from ..compiler.compiled import compiled_policy
from ..model.levels import cannot_set_aside
from ..model.policy import Policy

AMOUNT = "(bedrag)"
"""Stands for the amount of the outcome in a reach set."""


def reaching(policy: Policy, blocking: set[str], day: date) -> dict[str, set[str]]:
    """For each provision valid on ``day`` that reaches something, what it reaches (rule ids, or
    :data:`AMOUNT`), in the order of the policy."""
    sources = compiled_policy(policy).sources
    rule_sources = {r.id: sources[r.source] for r in policy.rules}
    out: dict[str, set[str]] = {}
    for d in policy.discretion:
        if not d.applies_on(day):
            continue
        if d.sets_aside:
            reach = set(d.sets_aside) & blocking
        elif blocking:
            reach = {rid for rid in blocking if cannot_set_aside(d.kind, sources[d.source], rule_sources[rid]) is None}
        else:
            amount_source = sources.get(policy.outcome.source or "")
            reach = {AMOUNT} if amount_source is None or cannot_set_aside(d.kind, sources[d.source], amount_source) is None else set()
        if reach:
            out[d.id] = reach
    return out
