# SPDX-License-Identifier: EUPL-1.2
"""The compiled form of a policy: every expression parsed, type-checked and compiled, with the
caches evaluation needs, as one typed object.

:func:`~regelruimte.compiler.policy.compile_policy` makes it and the loader attaches it to the
policy it loaded, once; everything that evaluates reads it through :func:`compiled_policy`. Its
caches are its own declared fields (parameter values per day, sub-expression evaluators, source
references, which expressions read a fact), filled on first use and safe to share between
threads: a cache entry is a pure function of the policy, so two threads that fill one at once
store the same value.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..conditions import Symbol, Type, ast, compile_expr
from ..conditions.evaluate import Env, Fn
from ..errors import EvaluationError, PolicyError
from ..model.case import FactValidator
from ..model.policy import Policy
from ..model.sources import Source, SourceRef
from .compiled_signals import CompiledSignals

PARAMS_CACHE_DAYS = 4096  # parameter sets kept per policy; a screening of many dates refills it


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


@dataclass(eq=False)
class CompiledPolicy:
    """Everything needed to evaluate one policy, made once by the loader."""

    policy: Policy
    scope: dict[str, Symbol]
    kinds: dict[str, str]
    """The kind of every name: fact, parameter, derived or builtin."""
    types: dict[ast.Node, Type]
    """The type of every node of every expression, from the type checker."""
    facts: FactValidator
    """The case validator built from the policy's facts."""
    timelines: dict[str, list[tuple[date, Any]]]
    """Each parameter's typed values, in date order."""
    derived: dict[str, Expr] = field(default_factory=dict)
    derived_order: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """For a derived value at the end of a long chain, what it depends on, dependencies first
    (:func:`~regelruimte.compiler.derived_graph.prerequisites`)."""
    rules: dict[str, Expr] = field(default_factory=dict)
    purpose_tests: dict[str, Expr] = field(default_factory=dict)
    purpose_amounts: dict[str, Expr] = field(default_factory=dict)
    discretion_conditions: dict[str, Expr] = field(default_factory=dict)
    severity: dict[str, Expr] = field(default_factory=dict)
    weighing: dict[str, Expr] = field(default_factory=dict)
    """Each proportionality weighing condition (``outcome.weighing``), by id."""
    amount: Expr | None = None
    signals: CompiledSignals | None = None
    """The policy's signals as a durable-rules ruleset, or None when it has none."""
    control_conditions: dict[str, Expr] = field(default_factory=dict)
    """Each control's ``applies_to`` condition (the risk signal it is asked on), by control id;
    a control asked of everyone has none. They are not uses of a fact by the regulation's rules."""
    properties: dict[str, Expr] = field(default_factory=dict)
    """The expressions of the declared properties, by ``<property id>.<given|of|except_when>``;
    like the controls' conditions, they are not uses of a fact by the rules."""

    # caches, filled on first use (see the module docstring)
    _params_cache: dict[date, dict[str, Any]] = field(default_factory=dict, init=False, repr=False)
    _sub_fns: dict[int, tuple[ast.Node, Fn]] = field(default_factory=dict, init=False, repr=False)
    _source_refs: dict[str, SourceRef] = field(default_factory=dict, init=False, repr=False)
    _sources: dict[str, Source] | None = field(default=None, init=False, repr=False)
    _fact_exprs: dict[str, tuple[Fn, ...]] | None = field(default=None, init=False, repr=False)
    _dependents: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, repr=False)
    """Per fact, the derived values that depend on it (:meth:`unchanged_by`)."""
    _derived_fns: dict[str, Fn] = field(default_factory=dict, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    analyses: dict[str, Any] = field(default_factory=dict, init=False, repr=False)
    """Per-policy analyses of the layers above (e.g. the control verdicts the assessment reads),
    filled on first use: like the caches above, each is a pure function of the policy."""

    def __post_init__(self) -> None:
        self._derived_fns = self.derived_fns

    def __deepcopy__(self, memo: dict[int, Any]) -> CompiledPolicy:
        # the compiled form never changes (its caches are derived), so an unchanged copy of a
        # policy shares it; a changed policy gets its own through regelruimte.change_policy
        return self

    @property
    def derived_fns(self) -> dict[str, Fn]:
        """The evaluator of every derived value, by name."""
        return {name: e.fn for name, e in self.derived.items()}

    @property
    def used_facts(self) -> frozenset[str]:
        """Facts any rule, derived value, purpose, amount, discretion, severity or weighing condition uses."""
        exprs = [*self.rules.values(), *self.purpose_tests.values(), *self.purpose_amounts.values(),
                 *self.discretion_conditions.values(), *self.severity.values(), *self.weighing.values(), *self.derived.values()]
        if self.amount is not None:
            exprs.append(self.amount)
        return frozenset(f for e in exprs for f in e.facts)

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
                raise EvaluationError("parameter-no-value", parameter=repr(name), policy=repr(self.policy.id), date=day.isoformat())
            out[name] = value
        with self._lock:
            if len(self._params_cache) > PARAMS_CACHE_DAYS:
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

    def unchanged_by(self, env: Env, fact: str) -> dict[str, Any]:
        """The derived values ``env`` has computed so far that do not depend on ``fact`` (as
        :meth:`kept_derived`, without computing the others first: a probe computes those it needs,
        and they are the same values)."""
        depends = self._dependents.get(fact)
        if depends is None:
            depends = self._dependents[fact] = tuple(n for n, e in self.derived.items() if fact in e.facts)
        kept = env.cache.copy()
        for name in depends:
            kept.pop(name, None)
        return kept

    def env_with(self, facts: dict[str, Any], day: date, kept: dict[str, Any]) -> Env:
        """A fresh environment that starts from derived values known to be unchanged."""
        e = self.env(facts, day)
        e.cache.update(kept)
        return e

    def env(self, facts: dict[str, Any], day: date) -> Env:
        """A fresh evaluation environment for one case."""
        return Env(facts, self.params_on(day), day, self._derived_fns, self.derived_order)

    @property
    def sources(self) -> dict[str, Source]:
        """Every source of the policy by id (``policy.all_sources``, made once): read only."""
        if self._sources is None:
            self._sources = self.policy.all_sources
        return self._sources

    def source_ref(self, source_id: str) -> SourceRef:
        """The result-side reference of a source (built once per source)."""
        ref = self._source_refs.get(source_id)
        if ref is None:
            ref = SourceRef.of(self.sources[source_id])
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


def compiled_policy(policy: Policy) -> CompiledPolicy:
    """The compiled form the loader made of ``policy``.

    Raises:
        PolicyError: the policy was not loaded (built in code, or validated from data): load it
            with :func:`regelruimte.load_policy`, or change a loaded one with
            :func:`regelruimte.change_policy`.
    """
    private = policy.__pydantic_private__  # not policy._compiled: pydantic reaches a private attribute only after a failed lookup (µs a call)
    compiled = private.get("_compiled") if private else None
    if not isinstance(compiled, CompiledPolicy):
        raise PolicyError("policy-not-compiled", policy=repr(policy.id))
    return compiled
