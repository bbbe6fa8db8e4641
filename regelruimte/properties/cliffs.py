# SPDX-License-Identifier: EUPL-1.2
"""The cliff-edge map: for every hard threshold in a rule (an ordered comparison with a case
quantity, the thresholds the review flags as cliff edges), how much the outcome jumps across it.

For each numeric fact the threshold depends on, generated households are walked along that fact:
bisection finds the step where the rule's result flips, and the jump is the letter's amount just
below minus just above (for an adverse outcome the other way round): what a citizen loses for one
euro (or one unit) more. A threshold the amount passes smoothly (a remission that tapers off to
zero) shows a jump of cents; a real cliff shows the whole amount.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import seed as seeded

from ..compiler import compiled_policy
from ..conditions import ast
from ..model.policy import Policy
from .outcomes import Evaluation, involved
from .result import CliffEdge, Counterexample
from .search import Budget
from .strategies import as_value, case_dates, fact_range, facts

NUMERIC = ("int", "money", "decimal")


def thresholds(policy: Policy) -> list[tuple[str, list[str]]]:
    """Every rule with a hard threshold, with the numeric facts its comparisons depend on."""
    compiled = compiled_policy(policy)
    out = []
    for rule in policy.rules:
        expr = compiled.rules[rule.id]
        found: set[str] = set()
        for n in ast.walk(expr.node):
            if isinstance(n, ast.Compare) and n.op in ("<", "<=", ">", ">="):
                for name in ast.names(n):
                    kind = compiled.kinds.get(name)
                    if kind == "fact":
                        found.add(name)
                    elif kind == "derived":
                        found |= compiled.derived[name].facts
        numeric = sorted(f for f in found if policy.facts[f].type in NUMERIC)
        if numeric:
            out.append((rule.id, numeric))
    return out


def _flip(policy: Policy, rule: str, fact: str, day: Any, case: dict[str, Any]) -> int | None:
    """The number of units of ``fact`` just below where ``rule`` flips, or None when it does not."""
    lo, hi, _ = fact_range(policy.facts[fact])
    spec = policy.facts[fact]

    def result(steps: int) -> str:
        return Evaluation(policy, {**case, fact: as_value(spec, steps)}, day).rules[rule]

    a, b = lo, hi
    ra, rb = result(a), result(b)
    if ra == rb or "unknown" in (ra, rb):
        return None
    while b - a > 1:
        m = (a + b) // 2
        rm = result(m)
        if rm != ra:
            b = m
        else:
            a, ra = m, rm
    return a


def measure(policy: Policy, rule: str, fact: str, budget: Budget) -> CliffEdge:
    """The largest jump in the letter's amount across ``rule``'s threshold in ``fact``."""
    spec = policy.facts[fact]
    _, _, unit = fact_range(spec)
    step = 1 if spec.type == "int" else int(Decimal(1) / unit)
    sign = Decimal(-1) if policy.outcome.adverse else Decimal(1)
    best: list[Any] = [Decimal(0), None]
    households = 0
    start = time.monotonic()

    @seeded(budget.seed)
    @settings(max_examples=min(budget.max_examples, 40), deadline=None, database=None, verbosity=Verbosity.quiet,
              phases=(Phase.generate,), suppress_health_check=[HealthCheck.too_slow])
    @given(case_dates(policy), facts(policy))
    def walk(day: Any, case: dict[str, Any]) -> None:
        nonlocal households
        if time.monotonic() - start > budget.seconds:
            return
        households += 1
        below = _flip(policy, rule, fact, day, case)
        if below is None:
            return
        x = max(below - step + 1, fact_range(spec)[0])
        before = Evaluation(policy, {**case, fact: as_value(spec, x)}, day).outcome("before")
        after = Evaluation(policy, {**case, fact: as_value(spec, x + step)}, day).outcome("after")
        if before.amount is None or after.amount is None:
            return
        loss = sign * (before.amount - after.amount)
        if abs(loss) > abs(best[0]) or best[1] is None:
            best[0] = loss
            best[1] = Counterexample(date=day, facts={k: v for k, v in case.items() if k != fact}, fact=fact, before_value=as_value(spec, x),
                                     after_value=as_value(spec, x + step), before=before, after=after, change=after.amount - before.amount,
                                     rules=involved(before, after))

    walk()
    return CliffEdge(rule=rule, fact=fact, step=as_value(spec, step) if spec.type != "int" else Decimal(step), jump=best[0], households=households, example=best[1])


def cliff_map(policy: Policy, budget: Budget | None = None) -> list[CliffEdge]:
    """Every threshold's largest jump, the largest first.

    Example:
        >>> import regelruimte as rr
        >>> from regelruimte.properties import cliff_map
        >>> policy = rr.load_policy(rr.bundled_path() / "nl" / "zuidplas" / "kwijtschelding.yaml")
        >>> edges = cliff_map(policy)
        >>> edges[0].jump > 100   # the car: one euro over the limit costs the whole remission
        True
    """
    budget = budget or Budget()
    per_rule = Budget(seed=budget.seed, max_examples=budget.max_examples, seconds=budget.seconds / 4)
    edges = [measure(policy, rule, fact, per_rule) for rule, found in thresholds(policy) for fact in found]
    return sorted(edges, key=lambda e: (-abs(e.jump), e.rule, e.fact))
