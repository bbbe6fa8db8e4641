# SPDX-License-Identifier: EUPL-1.2
"""The letter: every rule of a policy evaluated on one case, with a per-rule trace.

The verdict is the Kleene conjunction of the rules that apply on the reference date: granted
when every rule passes, denied when one fails, undetermined otherwise. The amount is computed
only for a granted case and rounded to whole cents as the policy declares.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .._exact import OUTCOME_ROUNDING, in_context, round_exact
from ..compiler.compiled import CompiledPolicy, Expr, compiled_policy
from ..conditions import ast
from ..conditions.evaluate import Env
from ..model.base import LocalizedText, built
from ..model.policy import Policy
from ..model.sources import SourceRef
from .calculation import Step, chain
from .personal import HidesValues

RuleOutcome = Literal["passed", "failed", "unknown", "not_applicable"]
Verdict = Literal["granted", "denied", "partly_granted", "undetermined"]
"""'partly_granted': a decision in parts whose parts are some granted, some denied."""



class RuleResult(HidesValues):
    """The outcome of one rule of the letter for one case."""

    model_config = ConfigDict(frozen=True)
    personal_fields = ("values",)

    id: str
    result: RuleOutcome
    text: LocalizedText
    condition: str
    source: SourceRef
    serves: list[str]
    values: dict[str, Any] = Field(default_factory=dict, repr=False)
    """The values the condition used (personal data: renderers hide them unless asked)."""
    missing: list[str] = Field(default_factory=list)
    """Facts that are missing and on which this rule's result depends."""
    regardless_of: list[str] = Field(default_factory=list)
    """Missing facts this result holds whatever they are (every value they can take gives it)."""
    calculation: list[Step] = Field(default_factory=list)
    """For a failed rule: the derived values its condition uses, each after those it depends on
    (the calculation shown; step values only when values are asked for)."""


class Span(BaseModel):
    """A stretch of days, both included: the periods a partial grant is for."""

    model_config = ConfigDict(frozen=True)

    start: date
    end: date


class LetterResult(BaseModel):
    """What the letter of the regulation says for this case."""

    model_config = ConfigDict(frozen=True)

    verdict: Verdict
    amount: Decimal | None = None
    rules: list[RuleResult]
    regardless_of: list[str] = Field(default_factory=list)
    """Missing facts the verdict and amount hold whatever they are (unknown is not no: every value
    they can take gives this result)."""
    amount_calculation: list[Step] = Field(default_factory=list)
    """For an amount: the derived values it is computed from, each after those it depends on."""
    granted_for: list[Span] = Field(default_factory=list)
    """For a case in periods that is ``partly_granted``: the spans of consecutive granted periods
    (granted for the period from ... to ...). Empty otherwise."""

    @property
    def failed(self) -> list[RuleResult]:
        return [r for r in self.rules if r.result == "failed"]

    @property
    def unknown(self) -> list[RuleResult]:
        return [r for r in self.rules if r.result == "unknown"]


def outcome_of(value: Any) -> RuleOutcome:
    return "passed" if value is True else "failed" if value is False else "unknown"


def trace_values(expr: Expr, env: Env) -> dict[str, Any]:
    """The values of every name (and keyed look-up) the expression refers to."""
    return {label: fn(env) for label, fn in expr.traced}


def missing_facts(expr: Expr, facts: dict[str, Any], env: Env | None = None, compiled: Any = None, seen: dict[str, set[str]] | None = None) -> list[str]:
    """The missing facts an unknown expression still waits for.

    With ``env``, only the live parts count: a branch of ``if`` that is not taken, an ``and``
    item that is already true, or a sub-expression that is already determined cannot change the
    result, so its facts are not asked for. ``seen``: each derived value's answer in ``env``, shared
    by the calls on one environment (only where :func:`shallow` holds).
    """
    if env is None or compiled is None:
        return sorted(f for f in expr.facts if f not in facts)
    return sorted(_walker(compiled, expr.node)(env, facts, 0, {} if seen is None else seen))


WALK_DEPTH = 64
"""How deep the walks for live facts go (:func:`_compile_walk`, :func:`regelruimte.assessment.lifting.live_facts`)."""


def shallow(compiled: Any) -> bool:
    """Whether no expression of the policy, with its derived values expanded, is deeper than
    :data:`WALK_DEPTH`: then a walk never stops at the limit, a derived value's live facts in one
    environment do not depend on where the walk meets it, and the walks of the rules, purposes and
    amounts on one environment can share what they found (a pure function of the policy, kept)."""
    hit = compiled.analyses.get("shallow")
    if hit is None:
        heights: dict[str, int] = {}  # a derived value's height: how much deeper than its name a walk can go

        def height(node: ast.Node, at: int) -> int:
            """The height of ``node``, met at depth ``at``; _TooDeep as soon as a walk can pass the limit."""
            if at > WALK_DEPTH:
                raise _TooDeep
            if isinstance(node, ast.Name) and compiled.kinds.get(node.name) == "derived":
                if node.name not in heights:
                    heights[node.name] = WALK_DEPTH + 1  # a guard while it is measured (cycles are refused at load)
                    heights[node.name] = 1 + height(compiled.derived[node.name].node, at + 1)
                if at + heights[node.name] > WALK_DEPTH:
                    raise _TooDeep
                return heights[node.name]
            return 1 + max((height(c, at + 1) for c in ast.children(node)), default=-1)

        exprs = [*compiled.rules.values(), *compiled.purpose_tests.values(), *compiled.purpose_amounts.values()]
        if compiled.amount is not None:
            exprs.append(compiled.amount)
        try:
            for e in exprs:
                height(e.node, 0)
            hit = True
        except _TooDeep:
            hit = False
        compiled.analyses["shallow"] = hit
    return bool(hit)


class _TooDeep(Exception):
    """A walk of :func:`shallow` can pass :data:`WALK_DEPTH`."""


_Walk = Callable[[Env, dict[str, Any], int, dict[str, set[str]]], set[str]]


def _walker(compiled: Any, node: ast.Node) -> _Walk:
    """The walk for the live missing facts of ``node`` (see :func:`_compile_walk`), made once per
    policy and node. Keyed by identity, as ``CompiledPolicy.fn_of``: the node is kept in the entry."""
    table: dict[int, tuple[ast.Node, _Walk]] = compiled.analyses.setdefault("live_walks", {})
    entry = table.get(id(node))
    if entry is None or entry[0] is not node:
        entry = table[id(node)] = (node, _compile_walk(compiled, node))
    return entry[1]


def _none_live(env: Env, facts: dict[str, Any], depth: int, seen: dict[str, set[str]]) -> set[str]:
    return set()


def _compile_walk(compiled: Any, node: ast.Node) -> _Walk:  # noqa: C901 - one branch per kind of node, as the walk
    """Missing facts in the parts of an unknown expression that can still decide it. Values are
    only computed where a part can be dead (``and``/``or`` items, ``if`` conditions, derived
    values); arithmetic and comparisons need all their operands, so their facts all count.
    ``seen`` keeps each derived value's answer, so interlinked values are each walked once. The
    walk of a node is compiled once per policy (closures, as the evaluator): it meets the nodes in
    the same order and stops at the same depth (:data:`WALK_DEPTH`) as a walk of the tree would."""
    if isinstance(node, ast.Name):
        name = node.name
        kind = compiled.kinds.get(name)
        if kind == "fact":

            def fact(env: Env, facts: dict[str, Any], depth: int, seen: dict[str, set[str]]) -> set[str]:
                return {name} if depth <= WALK_DEPTH and name not in facts else set()

            return fact
        if kind == "derived":

            def derived(env: Env, facts: dict[str, Any], depth: int, seen: dict[str, set[str]]) -> set[str]:
                if depth > WALK_DEPTH or env.derived(name) is not None:
                    return set()
                if name not in seen:
                    seen[name] = set()  # a guard while it is walked (cycles are refused at load)
                    seen[name] = _walker(compiled, compiled.derived[name].node)(env, facts, depth + 1, seen)
                return seen[name]

            return derived
        return _none_live
    if isinstance(node, (ast.And, ast.Or)):
        items = tuple((compiled.fn_of(item), _walker(compiled, item)) for item in node.items)

        def either(env: Env, facts: dict[str, Any], depth: int, seen: dict[str, set[str]]) -> set[str]:
            out: set[str] = set()
            if depth > WALK_DEPTH:
                return out
            for fn, walk in items:
                if fn(env) is None:  # a determined item cannot change the result
                    out |= walk(env, facts, depth + 1, seen)
            return out

        return either
    kids = tuple(_walker(compiled, child) for child in ast.children(node))
    if isinstance(node, ast.If):
        cond_fn, then, otherwise = compiled.fn_of(node.cond), kids[1], kids[2]

        def branch(env: Env, facts: dict[str, Any], depth: int, seen: dict[str, set[str]]) -> set[str]:
            if depth > WALK_DEPTH:
                return set()
            cond = cond_fn(env)
            if cond is True:
                return then(env, facts, depth + 1, seen)
            if cond is False:
                return otherwise(env, facts, depth + 1, seen)
            out: set[str] = set()
            for walk in kids:
                out |= walk(env, facts, depth + 1, seen)
            return out

        return branch
    if not kids:
        return _none_live

    def every(env: Env, facts: dict[str, Any], depth: int, seen: dict[str, set[str]]) -> set[str]:
        out: set[str] = set()
        if depth > WALK_DEPTH:
            return out
        for walk in kids:
            out |= walk(env, facts, depth + 1, seen)
        return out

    return every


@in_context
def evaluate_letter(policy: Policy, facts: dict[str, Any], day: date, *, env: Env | None = None) -> LetterResult:
    """Evaluate the letter on already validated ``facts`` at reference date ``day``."""
    compiled: CompiledPolicy = compiled_policy(policy)
    env = env or compiled.env(facts, day)
    results: list[RuleResult] = []
    verdict_value: bool | None = True
    seen: dict[str, set[str]] | None = {} if shallow(compiled) else None  # the live facts of derived values, found once for every rule
    for rule in policy.rules:
        expr = compiled.rules[rule.id]
        if not rule.applies_on(day):
            results.append(built(RuleResult, id=rule.id, result="not_applicable", text=rule.text, condition=expr.text, source=compiled.source_ref(rule.source),
                                                      serves=list(rule.serves), values={}, missing=[], regardless_of=[], calculation=[]))
            continue
        value = expr.fn(env)
        outcome = outcome_of(value)
        if value is False:
            verdict_value = False
        elif value is None and verdict_value is not False:
            verdict_value = None
        results.append(
            built(RuleResult,   # internal values of the right types: no validation needed
                id=rule.id,
                result=outcome,
                text=rule.text,
                condition=expr.text,
                source=compiled.source_ref(rule.source),
                serves=list(rule.serves),
                values=trace_values(expr, env),
                missing=missing_facts(expr, facts, env, compiled, seen) if outcome == "unknown" else [],
                regardless_of=[],
                calculation=chain(expr.node, env, compiled) if outcome == "failed" else [],
            )
        )
    verdict: Verdict = "granted" if verdict_value is True else "denied" if verdict_value is False else "undetermined"
    amount = None
    if verdict == "granted" and compiled.amount is not None:
        raw = compiled.amount.fn(env)
        if raw is None:
            verdict = "undetermined"
        else:
            amount = round_amount(raw, policy.outcome.rounding)
    steps = chain(compiled.amount.node, env, compiled) if amount is not None and compiled.amount is not None else []
    return built(LetterResult, verdict=verdict, amount=amount, rules=results, regardless_of=[], amount_calculation=steps, granted_for=[])


def round_amount(value: Any, mode: str) -> Decimal:
    """Round an amount to whole cents with the policy's rounding mode (``half_up``, ``down``, ``up``)."""
    return round_exact(value, 2, OUTCOME_ROUNDING[mode])
