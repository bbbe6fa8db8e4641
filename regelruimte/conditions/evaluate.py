# SPDX-License-Identifier: EUPL-1.2
"""The exact, three-valued evaluator: the semantics of the condition language.

Each AST is compiled once, at load time, into a tree of small Python closures (no ``eval``, no
code generation). A closure takes an :class:`Env` and returns a value or ``None``, which means
*unknown* (a fact that was not supplied, or an undefined operation such as a division by zero).

Semantics, shared by every path that evaluates conditions:

* unknown propagates through arithmetic, comparisons, ``in`` and functions;
* an operation without a result is unknown too, never an exception: a division by zero, a date
  outside the calendar, an amount beyond the fixed context's range (10**999) or one too large
  to round to whole cents (34 digits);
* ``and``/``or``/``not`` follow Kleene's strong three-valued logic: ``False and unknown`` is
  False, ``True or unknown`` is True;
* ``if c then a else b`` with ``c`` unknown is ``a`` when ``a == b``, otherwise unknown;
* money is ``Decimal`` in a fixed context (34 digits, independent of the caller's thread
  context); whole numbers stay ``int``; ``+ - *`` are exact; a quotient is rounded half to even
  at 12 decimals (so the vectorised path, in scaled integers, gives the very same number);
  division by zero is unknown.

The evaluator keeps no state between cases and is safe to share between threads.
"""

from __future__ import annotations

import decimal
import operator
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from .._exact import CONTEXT as CTX
from . import ast
from .functions import FUNCTIONS

DIVISION_QUANTUM = Decimal("1e-12")  # a quotient is rounded half to even at 12 decimals (both paths)

Fn = Callable[["Env"], Any]


class Env:
    """The values one evaluation sees: facts, parameters on the reference date, derived values."""

    __slots__ = ("facts", "params", "peildatum", "derived_fns", "cache", "prerequisites")

    def __init__(self, facts: Mapping[str, Any], params: Mapping[str, Any], peildatum: date, derived_fns: Mapping[str, Fn],
                 prerequisites: Mapping[str, tuple[str, ...]] | None = None) -> None:
        self.facts = facts
        self.params = params
        self.peildatum = peildatum
        self.derived_fns = derived_fns
        self.cache: dict[str, Any] = {}
        self.prerequisites = prerequisites or {}
        """For a derived value at the end of a long chain: the values it depends on, dependencies
        first (see :mod:`regelruimte.compiler.derived_graph`)."""

    def derived(self, name: str) -> Any:
        cache = self.cache
        if name in cache:
            return cache[name]
        before = self.prerequisites.get(name)
        if before:
            self._prepare(before)
        value = self.derived_fns[name](self)
        cache[name] = value
        return value

    def _prepare(self, names: tuple[str, ...]) -> None:
        """Compute ``names`` in order, so that no evaluation nests along a chain. A value that
        cannot be computed is left for the lazy evaluation, which raises only if it is needed."""
        cache, fns = self.cache, self.derived_fns
        for dep in names:
            if dep not in cache:
                try:
                    cache[dep] = fns[dep](self)
                except Exception:  # noqa: BLE001 - not needed yet; evaluated (and raised) again where it is needed
                    return


def compile_expr(node: ast.Node, kinds: Mapping[str, str]) -> Fn:
    """Compile ``node``. ``kinds`` maps every name to fact, parameter, derived or builtin."""
    return _Compiler(kinds).build(node)


class _Compiler:
    def __init__(self, kinds: Mapping[str, str]) -> None:
        self.kinds = kinds

    def build(self, n: ast.Node) -> Fn:  # noqa: C901 - one branch per node type
        if isinstance(n, ast.Literal):
            value = n.value
            return lambda env: value
        if isinstance(n, ast.Name):
            return self._name(n.name)
        if isinstance(n, ast.Lookup):
            key_fn = self.build(n.key)
            name = n.name

            def lookup(env: Env) -> Any:
                key = key_fn(env)
                if key is None:
                    return None
                return env.params[name].get(key)

            return lookup
        if isinstance(n, ast.Neg):
            f = self.build(n.operand)
            return lambda env: None if (v := f(env)) is None else _negate(v)
        if isinstance(n, ast.Binary):
            return _binary(n.op, self.build(n.left), self.build(n.right))
        if isinstance(n, ast.Compare):
            return _compare(n.op, self.build(n.left), self.build(n.right))
        if isinstance(n, ast.In):
            f = self.build(n.operand)
            members = frozenset(item.value for item in n.items)
            if n.negated:
                return lambda env: None if (v := f(env)) is None else v not in members
            return lambda env: None if (v := f(env)) is None else v in members
        if isinstance(n, ast.And):
            return _and(tuple(self.build(i) for i in n.items))
        if isinstance(n, ast.Or):
            return _or(tuple(self.build(i) for i in n.items))
        if isinstance(n, ast.Not):
            f = self.build(n.operand)
            return lambda env: None if (v := f(env)) is None else not v
        if isinstance(n, ast.If):
            return _if(self.build(n.cond), self.build(n.then), self.build(n.otherwise))
        if isinstance(n, ast.Call):
            return _call(n.func, tuple(self.build(a) for a in n.args))
        raise TypeError(type(n).__name__)  # pragma: no cover

    def _name(self, name: str) -> Fn:
        kind = self.kinds[name]
        if kind == "fact":
            return lambda env: env.facts.get(name)
        if kind == "parameter":
            return lambda env: env.params[name]
        if kind == "derived":
            return lambda env: env.derived(name)
        if name == "peildatum":
            return lambda env: env.peildatum
        raise KeyError(name)  # pragma: no cover - the type checker refuses unknown names


def _negate(v: Any) -> Any:
    return -v if v.__class__ is int else CTX.minus(v)  # -Decimal would round to the caller's context


def _in_range(op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """``op`` in CTX; no result (unknown) where the fixed context has none (beyond 10**999)."""

    def run(a: Any, b: Any) -> Any:
        try:
            return op(a, b)
        except ArithmeticError:
            return None

    return run


_add, _sub, _mul = _in_range(CTX.add), _in_range(CTX.subtract), _in_range(CTX.multiply)  # accept int operands too
_div = CTX.divide


def _binary(op: str, lf: Fn, rf: Fn) -> Fn:
    def add(env: Env) -> Any:
        a = lf(env)
        if a is None:
            return None
        b = rf(env)
        if b is None:
            return None
        if a.__class__ is int and b.__class__ is int:
            return a + b
        return _add(a, b)

    def sub(env: Env) -> Any:
        a = lf(env)
        if a is None:
            return None
        b = rf(env)
        if b is None:
            return None
        if a.__class__ is int and b.__class__ is int:
            return a - b
        return _sub(a, b)

    def mul(env: Env) -> Any:
        a = lf(env)
        if a is None:
            return None
        b = rf(env)
        if b is None:
            return None
        if a.__class__ is int and b.__class__ is int:
            return a * b
        return _mul(a, b)

    def div(env: Env) -> Any:
        a = lf(env)
        if a is None:
            return None
        b = rf(env)
        if b is None or b == 0:
            return None  # undefined: unknown, never an exception (documented semantics)
        try:
            return _div(a, b).quantize(DIVISION_QUANTUM, rounding=decimal.ROUND_HALF_EVEN, context=CTX)
        except ArithmeticError:  # a quotient beyond 22 integer digits or 10**999: out of range, unknown
            return None

    return {"+": add, "-": sub, "*": mul, "/": div}[op]


def _compare(op: str, lf: Fn, rf: Fn) -> Fn:
    cmp = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne}[op]

    def compare(env: Env) -> Any:
        a = lf(env)
        if a is None:
            return None
        b = rf(env)
        if b is None:
            return None
        return cmp(a, b)

    return compare


def _and(fns: tuple[Fn, ...]) -> Fn:
    def f(env: Env) -> Any:
        unknown = False
        for g in fns:
            v = g(env)
            if v is False:
                return False
            if v is None:
                unknown = True
        return None if unknown else True

    return f


def _or(fns: tuple[Fn, ...]) -> Fn:
    def f(env: Env) -> Any:
        unknown = False
        for g in fns:
            v = g(env)
            if v is True:
                return True
            if v is None:
                unknown = True
        return None if unknown else False

    return f


def _if(cf: Fn, tf: Fn, ef: Fn) -> Fn:
    def f(env: Env) -> Any:
        c = cf(env)
        if c is True:
            return tf(env)
        if c is False:
            return ef(env)
        a, b = tf(env), ef(env)
        return a if a is not None and a == b else None

    return f


def _call(func: str, fns: tuple[Fn, ...]) -> Fn:
    """A call of a builtin function (:mod:`~regelruimte.conditions.functions`): unknown when an
    argument is unknown, otherwise the function's exact implementation."""
    exact = FUNCTIONS[func].exact

    def call(env: Env) -> Any:
        values = []
        for g in fns:
            v = g(env)
            if v is None:
                return None
            values.append(v)
        return exact(*values)

    return call
