# SPDX-License-Identifier: EUPL-1.2
"""A policy with every expression parsed, type-checked and compiled, ready to evaluate.

:func:`compile_policy` is the single place where policy text turns into executable
semantics. It reports problems as ``(location, message, code)`` triples so the loader can point
at file, line and column; it never raises for a problem in the policy.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .case import FactValidator
from .conditions import Checker, ConditionSyntaxError, ConditionTypeError, Symbol, Type, ast, compile_expr, parse
from .conditions.evaluate import Env, Fn
from .errors import EvaluationError
from .policy import Parameter, Policy

Loc = tuple[str | int, ...]
Issue = tuple[Loc, str, str]  # (location in the policy data, message, problem code)

BUILTINS = {"peildatum": Symbol("builtin", Type("date"))}


@dataclass(frozen=True)
class Expr:
    """One compiled expression: its text, tree, evaluator and what it depends on."""

    text: str
    node: ast.Node
    fn: Fn
    type: Type
    facts: frozenset[str]
    """Facts it depends on, also through derived values."""
    traced: tuple[tuple[str, Fn], ...]
    """The values to show in a trace: (label, evaluator) per name or keyed look-up used."""


@dataclass
class CompiledPolicy:
    """Everything needed to evaluate one policy."""

    policy: Policy
    scope: dict[str, Symbol]
    kinds: dict[str, str]
    types: dict[ast.Node, Type]
    derived: dict[str, Expr] = field(default_factory=dict)
    rules: dict[str, Expr] = field(default_factory=dict)
    purpose_tests: dict[str, Expr] = field(default_factory=dict)
    purpose_amounts: dict[str, Expr] = field(default_factory=dict)
    discretion_conditions: dict[str, Expr] = field(default_factory=dict)
    severity: dict[str, Expr] = field(default_factory=dict)
    amount: Expr | None = None
    facts: FactValidator | None = None
    signals: Any = None
    """The policy's signals compiled to a durable-rules ruleset
    (:class:`regelruimte.signals.compile.CompiledSignals`), or None when it has none."""
    timelines: dict[str, list[tuple[date, Any]]] = field(default_factory=dict)
    _params_cache: dict[date, dict[str, Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def derived_fns(self) -> dict[str, Fn]:
        return {name: e.fn for name, e in self.derived.items()}

    def params_on(self, day: date) -> dict[str, Any]:
        """Every parameter's value on ``day`` (cached; safe to share between threads)."""
        cached = self._params_cache.get(day)
        if cached is not None:
            return cached
        out: dict[str, Any] = {}
        for name, timeline in self.timelines.items():
            value = None
            for start, v in timeline:
                if start <= day:
                    value = v
                else:
                    break
            if value is None:
                raise EvaluationError(f"parameter {name!r} of policy {self.policy.id!r} has no value on {day.isoformat()}")
            out[name] = value
        with self._lock:
            if len(self._params_cache) > 4096:
                self._params_cache.clear()
            self._params_cache[day] = out
        return out

    def fn_of(self, node: ast.Node) -> Fn:
        """The evaluator of any sub-expression of this policy (compiled once, then cached)."""
        # keyed by identity, not by value: hashing a frozen AST hashes its whole subtree. The node is
        # kept in the entry, so a key can never be reused by another object.
        entry = self._sub_fns.get(id(node))
        if entry is None or entry[0] is not node:
            entry = (node, compile_expr(node, self.kinds))
            self._sub_fns[id(node)] = entry
        return entry[1]

    def kept_derived(self, env: Env, fact: str) -> dict[str, Any]:
        """The derived values of ``env`` that do not depend on ``fact``: still valid in an
        environment where only ``fact`` changed (what-if probes reuse them)."""
        for name in self.derived:
            env.derived(name)
        return {n: v for n, v in env.cache.items() if fact not in self.derived[n].facts}

    def env_with(self, facts: dict[str, Any], day: date, kept: dict[str, Any]) -> Env:
        """A fresh environment that starts from derived values known to be unchanged."""
        e = Env(facts, self.params_on(day), day, self._derived_fns)
        e.cache.update(kept)
        return e

    def env(self, facts: dict[str, Any], day: date) -> Env:
        """A fresh evaluation environment for one case."""
        return Env(facts, self.params_on(day), day, self._derived_fns)

    def __post_init__(self) -> None:
        self._derived_fns: dict[str, Fn] = {}
        self._sub_fns: dict[int, tuple[ast.Node, Fn]] = {}
        self._source_refs: dict[str, Any] = {}
        self._fact_exprs: dict[str, tuple[Fn, ...]] | None = None

    def source_ref(self, source_id: str) -> Any:
        """The result-side reference of a source (built once per source)."""
        ref = self._source_refs.get(source_id)
        if ref is None:
            from .letter import SourceRef

            ref = SourceRef.of(self.policy.all_sources[source_id])
            self._source_refs[source_id] = ref
        return ref

    def exprs_using(self, fact: str) -> tuple[Fn, ...]:
        """Evaluators of every rule, purpose test and amount that depends on ``fact``."""
        if self._fact_exprs is None:
            table: dict[str, list[Fn]] = {}
            exprs = [*self.rules.values(), *self.purpose_tests.values(), *self.purpose_amounts.values()]
            if self.amount is not None:
                exprs.append(self.amount)
            for e in exprs:
                for f in e.facts:
                    table.setdefault(f, []).append(e.fn)
            self._fact_exprs = {f: tuple(fns) for f, fns in table.items()}
        return self._fact_exprs.get(fact, ())


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
            issues.append((("facts", name, "type"), "a fact of type enum needs 'values'", "fact-enum-values"))
        if fact.type != "enum" and fact.values:
            issues.append((("facts", name, "values"), "only enum facts have 'values'", "fact-values"))
    for name, param in params.items():
        loc = ("parameters", name) if name in policy.parameters else ("uses",)
        if name in scope:
            issues.append((loc, f"name {name!r} is used for a fact and a parameter", "name-collision"))
        keys = frozenset(param.keys) if param.keys else None
        scope[name], kinds[name] = Symbol("parameter", Type(param.type), keys), "parameter"
    for name, d in policy.derived.items():
        if name in scope:
            issues.append((("derived", name), f"name {name!r} is already used by a fact or parameter", "name-collision"))
        scope[name], kinds[name] = Symbol("derived", Type(d.type)), "derived"

    checker = Checker(scope)
    compiled = CompiledPolicy(policy, scope, kinds, checker.types)
    compiled.timelines = _timelines(policy, params, issues)

    def build(text: str, loc: Loc, expect: str | None) -> Expr | None:
        try:
            node = parse(text)
            t = checker.check(node, expect)
        except (ConditionSyntaxError, ConditionTypeError) as exc:
            issues.append((loc, f"{exc} (column {exc.column + 1} of the expression)", "expression-syntax" if isinstance(exc, ConditionSyntaxError) else "expression-type"))
            return None
        return Expr(text, node, compile_expr(node, kinds), t, frozenset(), _traced(node, kinds))

    raw_derived: dict[str, Expr] = {}
    for name, d in policy.derived.items():
        e = build(d.expr, ("derived", name, "expr"), d.type)
        if e is not None:
            raw_derived[name] = e
    cycles = _cycles({n: {x for x in ast.names(e.node) if kinds.get(x) == "derived"} for n, e in raw_derived.items()})
    for name in cycles:
        issues.append((("derived", name, "expr"), f"derived value {name!r} depends on itself", "derived-cycle"))
    if cycles:
        return None, issues

    deps_cache: dict[str, frozenset[str]] = {}

    def fact_deps(node: ast.Node) -> frozenset[str]:
        out: set[str] = set()
        for n in ast.names(node):
            if kinds.get(n) == "fact":
                out.add(n)
            elif kinds.get(n) == "derived" and n in raw_derived:
                if n not in deps_cache:
                    deps_cache[n] = frozenset()  # guard; cycles were refused above
                    deps_cache[n] = fact_deps(raw_derived[n].node)
                out |= deps_cache[n]
        return frozenset(out)

    def finish(e: Expr | None) -> Expr | None:
        if e is None:
            return None
        return Expr(e.text, e.node, e.fn, e.type, fact_deps(e.node), e.traced)

    compiled.derived = {n: finish(e) for n, e in raw_derived.items()}  # type: ignore[misc]
    compiled._derived_fns = compiled.derived_fns
    for i, rule in enumerate(policy.rules):
        e = finish(build(rule.condition, ("rules", i, "condition"), "bool"))
        if e is not None:
            compiled.rules[rule.id] = e
    for i, p in enumerate(policy.purposes):
        if p.test is not None:
            e = finish(build(p.test, ("purposes", i, "test"), "bool"))
            if e is not None:
                compiled.purpose_tests[p.id] = e
        if p.amount is not None:
            e = finish(build(p.amount, ("purposes", i, "amount"), "money"))
            if e is not None:
                compiled.purpose_amounts[p.id] = e
    for i, provision in enumerate(policy.discretion):
        if provision.condition is not None:
            e = finish(build(provision.condition, ("discretion", i, "condition"), "bool"))
            if e is not None:
                compiled.discretion_conditions[provision.id] = e
    for i, sev in enumerate(policy.outcome.severity):
        e = finish(build(sev.condition, ("outcome", "severity", i, "condition"), "bool"))
        if e is not None:
            compiled.severity[sev.id] = e
    if policy.outcome.amount is not None:
        compiled.amount = finish(build(policy.outcome.amount, ("outcome", "amount"), "money"))
    compiled.facts = FactValidator(policy.id, policy.facts)
    if policy.signals or policy.events:
        from .signals.compile import compile_signals  # here, not at the top: the signals package imports this module

        compiled.signals, signal_issues = compile_signals(policy, scope, kinds, _constants(policy, params, compiled.timelines))
        issues += signal_issues
    return (None if issues else compiled), issues


def _constants(policy: Policy, params: dict[str, Parameter], timelines: dict[str, list[tuple[date, Any]]]) -> dict[str, Any]:
    """Parameters with one value over the policy's whole validity (whole numbers, amounts, yes/no):
    the only parameters a signal's pattern may read, because a ruleset is compiled once per version."""
    out: dict[str, Any] = {}
    for name, timeline in timelines.items():
        param = params[name]
        if param.keys or param.type == "decimal":
            continue
        during = [value for i, (start, value) in enumerate(timeline)
                  if (policy.valid_until is None or start < policy.valid_until)
                  and (i + 1 == len(timeline) or timeline[i + 1][0] > policy.valid_from)]
        if during and None not in during and len(set(during)) == 1:
            out[name] = during[0]
    return out


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


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    """Names that lie on a dependency cycle (iterative DFS, deterministic order)."""
    on_cycle: set[str] = set()
    for start in sorted(graph):
        stack = [(start, iter(sorted(graph.get(start, ()))))]
        path = [start]
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                stack.pop()
                path.pop()
                continue
            if nxt == start:
                on_cycle.add(start)
                break
            if nxt in path or nxt not in graph:
                continue
            path.append(nxt)
            stack.append((nxt, iter(sorted(graph.get(nxt, ())))))
    return sorted(on_cycle)


def _timelines(policy: Policy, params: dict[str, Parameter], issues: list[Issue]) -> dict[str, list[tuple[date, Any]]]:
    out: dict[str, list[tuple[date, Any]]] = {}
    for name, param in params.items():
        local = name in policy.parameters
        timeline: list[tuple[date, Any]] = []
        previous: date | None = None
        for j, pv in enumerate(param.values):
            loc: Loc = ("parameters", name, "values", j) if local else ("uses",)
            if previous is not None and pv.from_ <= previous:
                issues.append((loc + ("from",) if local else loc, f"values of {name!r} must be in date order without repeats", "parameter-order"))
            previous = pv.from_
            value = _typed_value(name, param, pv.value, loc, issues, local)
            timeline.append((pv.from_, value))
        if timeline and timeline[0][0] > policy.valid_from:
            issues.append((("parameters", name, "values", 0, "from") if local else ("uses",), f"{name!r} has no value on the policy's valid_from {policy.valid_from.isoformat()}", "parameter-gap"))
        out[name] = timeline
    return out


def _typed_value(name: str, param: Parameter, raw: Any, loc: Loc, issues: list[Issue], local: bool) -> Any:
    from .policy import _to_decimal  # the same conversion the model uses for amounts

    def one(v: Any, where: Loc) -> Any:
        try:
            if param.type in ("money", "decimal"):
                return _to_decimal(v, money=param.type == "money")
            if param.type == "int" and isinstance(v, int) and not isinstance(v, bool):
                return v
            if param.type == "bool" and isinstance(v, bool):
                return v
            raise ValueError(f"expected {'a whole number' if param.type == 'int' else 'true or false'}")
        except ValueError as exc:
            issues.append((where, f"value of {name!r}: {exc}", "parameter-value"))
            return None

    vloc = loc + ("value",) if local else loc
    if param.keys:
        if not isinstance(raw, dict):
            issues.append((vloc, f"{name!r} has keys ({', '.join(param.keys)}); give a value per key", "parameter-keys"))
            return {}
        missing = sorted(set(param.keys) - set(raw))
        extra = sorted(set(raw) - set(param.keys))
        if missing:
            issues.append((vloc, f"{name!r} has no value for {', '.join(missing)}", "parameter-keys"))
        if extra:
            issues.append((vloc, f"{name!r} has no key {', '.join(extra)}", "parameter-keys"))
        return {k: one(v, vloc + (k,) if local else vloc) for k, v in raw.items() if k in param.keys}
    if isinstance(raw, dict):
        issues.append((vloc, f"{name!r} has no keys; give one value", "parameter-keys"))
        return None
    return one(raw, vloc)


def transitive_facts(compiled: CompiledPolicy, names: Iterable[str]) -> frozenset[str]:
    """Facts behind a set of names (through derived values)."""
    out: set[str] = set()
    for n in names:
        kind = compiled.kinds.get(n)
        if kind == "fact":
            out.add(n)
        elif kind == "derived":
            out |= compiled.derived[n].facts
    return frozenset(out)

