# SPDX-License-Identifier: EUPL-1.2
"""Compile a policy: every expression parsed, type-checked and compiled to the evaluator's closures.

:func:`compile_policy` is the single place where policy text turns into executable semantics
(:class:`~regelruimte.compiler.compiled.CompiledPolicy`). It reports problems as ``(location,
message, code)`` triples so the loader can point at file, line and column; it never raises for a
problem in the policy.
"""

from __future__ import annotations

from .._messages import Text
from ..conditions import Checker, ConditionSyntaxError, ConditionTypeError, Symbol, Type, ast, compile_expr, parse
from ..conditions.evaluate import Fn
from ..model.case import FactValidator
from ..model.policy import Policy
from .compiled import CompiledPolicy, Expr
from .compiled_signals import CompiledSignals
from .derived_graph import dependency_order, derived_limits, prerequisites
from .parameters import Issue, Loc, constants, expression_problem, timelines
from .signals import compile_signals

BUILTINS = {"peildatum": Symbol("builtin", Type("date"))}


def compile_policy(policy: Policy) -> tuple[CompiledPolicy | None, list[Issue]]:
    """Parse, type-check and compile every expression of ``policy``; collect every issue."""
    issues: list[Issue] = []
    params = policy.all_parameters
    scope: dict[str, Symbol] = dict(BUILTINS)
    kinds: dict[str, str] = {"peildatum": "builtin"}

    for name, fact in policy.facts.items():
        t = Type("enum", frozenset(fact.values or ())) if fact.type == "enum" else Type(fact.type)
        scope[name], kinds[name] = Symbol("fact", t), "fact"
        if fact.type == "enum" and not fact.values:
            issues.append((("facts", name, "type"), Text("comp-enum-values"), "fact-enum-values"))
        if fact.type != "enum" and fact.values:
            issues.append((("facts", name, "values"), Text("comp-values-only-enum"), "fact-values"))
    for name, param in params.items():
        loc = ("parameters", name) if name in policy.parameters else ("uses",)
        if name in scope:
            issues.append((loc, Text("comp-name-fact-parameter", name=repr(name)), "name-collision"))
        keys = frozenset(param.keys) if param.keys else None
        scope[name], kinds[name] = Symbol("parameter", Type(param.type), keys), "parameter"
    for name, d in policy.derived.items():
        if name in scope:
            issues.append((("derived", name), Text("comp-name-taken", name=repr(name)), "name-collision"))
        scope[name], kinds[name] = Symbol("derived", Type(d.type)), "derived"

    checker = Checker(scope)
    param_timelines = timelines(policy, params, issues)

    def build(text: str, loc: Loc, expect: str | None) -> Expr | None:
        try:
            node = parse(text)
            t = checker.check(node, expect)
        except (ConditionSyntaxError, ConditionTypeError) as exc:
            issues.append((loc, expression_problem(exc), "expression-syntax" if isinstance(exc, ConditionSyntaxError) else "expression-type"))
            return None
        return Expr(text, node, compile_expr(node, kinds), t, frozenset(), _traced(node, kinds))

    raw_derived: dict[str, Expr] = {}
    for name, d in policy.derived.items():
        e = build(d.expr, ("derived", name, "expr"), d.type)
        if e is not None:
            raw_derived[name] = e
    graph = {n: {x for x in ast.names(e.node) if kinds.get(x) == "derived" and x in raw_derived} for n, e in raw_derived.items()}
    order, cycles = dependency_order(graph)
    for name in cycles:
        issues.append((("derived", name, "expr"), Text("comp-derived-cycle", name=repr(name)), "derived-cycle"))
    if cycles:
        return None, issues
    limit_issues = derived_limits(policy, raw_derived, graph, order)
    if limit_issues:
        return None, issues + limit_issues

    # the facts each derived value depends on, dependencies first (no recursion along a chain)
    deps_cache: dict[str, frozenset[str]] = {}
    for name in order:
        deps_cache[name] = frozenset(x for x in ast.names(raw_derived[name].node) if kinds.get(x) == "fact").union(
            *(deps_cache[d] for d in graph[name]))

    def fact_deps(node: ast.Node) -> frozenset[str]:
        out: set[str] = set()
        for n in ast.names(node):
            if kinds.get(n) == "fact":
                out.add(n)
            elif n in deps_cache:
                out |= deps_cache[n]
        return frozenset(out)

    def finish(e: Expr | None) -> Expr | None:
        if e is None:
            return None
        return Expr(e.text, e.node, e.fn, e.type, fact_deps(e.node), e.traced)

    def finished(items: list[tuple[str, str | None, Loc]], expect: str) -> dict[str, Expr]:
        out: dict[str, Expr] = {}
        for key, text, loc in items:
            e = finish(build(text, loc, expect)) if text is not None else None
            if e is not None:
                out[key] = e
        return out

    rules = finished([(r.id, r.condition, ("rules", i, "condition")) for i, r in enumerate(policy.rules)], "bool")
    purpose_tests = finished([(p.id, p.test, ("purposes", i, "test")) for i, p in enumerate(policy.purposes)], "bool")
    purpose_amounts = finished([(p.id, p.amount, ("purposes", i, "amount")) for i, p in enumerate(policy.purposes)], "money")
    discretion = finished([(d.id, d.condition, ("discretion", i, "condition")) for i, d in enumerate(policy.discretion)], "bool")
    severity = finished([(s.id, s.condition, ("outcome", "severity", i, "condition")) for i, s in enumerate(policy.outcome.severity)], "bool")
    weighing = finished([(w.id, w.condition, ("outcome", "weighing", i, "condition")) for i, w in enumerate(policy.outcome.weighing)], "bool")
    amount = finish(build(policy.outcome.amount, ("outcome", "amount"), "money")) if policy.outcome.amount is not None else None
    properties = finished([(f"{p.id}.{name}", getattr(p, name), ("properties", i, name)) for i, p in enumerate(policy.properties)
                           for name in ("given", "except_when")], "bool")
    properties |= finished([(f"{p.id}.of", p.of, ("properties", i, "of")) for i, p in enumerate(policy.properties)], "money")
    applies_to = finished([(c.id, c.applies_to, ("controls", i, "applies_to")) for i, c in enumerate(policy.controls) if not c.for_everyone], "bool")
    signals: CompiledSignals | None = None
    if policy.signals or policy.events:
        signals, signal_issues = compile_signals(policy, scope, kinds, constants(policy, params, param_timelines))
        issues += signal_issues
    if issues:
        return None, issues
    derived = {n: e for n, e in ((n, finish(e)) for n, e in raw_derived.items()) if e is not None}
    return CompiledPolicy(policy, scope, kinds, checker.types, FactValidator(policy.id, policy.facts), param_timelines, derived=derived,
                          derived_order=prerequisites(graph, order), rules=rules,
                          purpose_tests=purpose_tests, purpose_amounts=purpose_amounts, discretion_conditions=discretion, severity=severity, weighing=weighing,
                          amount=amount, signals=signals, control_conditions=applies_to, properties=properties), issues


def _traced(node: ast.Node, kinds: dict[str, str]) -> tuple[tuple[str, Fn], ...]:
    seen: dict[str, Fn] = {}
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.name not in seen:
            seen[n.name] = compile_expr(n, kinds)
        elif isinstance(n, ast.Lookup):
            key = n.key.name if isinstance(n.key, ast.Name) else (n.key.value if isinstance(n.key, ast.Literal) else "…")
            label = f"{n.name}[{key}]"
            if label not in seen:
                seen[label] = compile_expr(n, kinds)
                if isinstance(n.key, ast.Name) and n.key.name not in seen:
                    seen[n.key.name] = compile_expr(n.key, kinds)
    return tuple(sorted(seen.items()))


