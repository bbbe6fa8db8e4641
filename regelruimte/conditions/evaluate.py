# SPDX-License-Identifier: EUPL-1.2
"""The exact, three-valued evaluator: the semantics of the condition language.

Each AST is compiled once, at load time, into a tree of small Python closures (no ``eval``, no
code generation). A closure takes an :class:`Env` and returns a value or ``None``, which means
*unknown* (a fact that was not supplied, or an undefined operation such as a division by zero).

Semantics, shared by every path that evaluates conditions:

* unknown propagates through arithmetic, comparisons, ``in`` and functions;
* an operation without a result is unknown too, never an exception: a division by zero, a date
  outside the calendar, a number of 22 whole digits or more;
* ``and``/``or``/``not`` follow Kleene's strong three-valued logic: ``False and unknown`` is
  False, ``True or unknown`` is True;
* ``if c then a else b`` with ``c`` unknown is ``a`` when ``a == b``, otherwise unknown;
* money is ``Decimal`` in a fixed context (34 digits, independent of the caller's thread
  context); whole numbers stay ``int``; ``+ -`` are exact; a product and a quotient are rounded
  half to even at 12 decimals (:data:`DECIMALS`), each exactly once; every result of ``+ - * /``
  lies within 22 whole digits (:data:`LIMIT`), beyond that it is unknown. So every number has at
  most 34 digits, and the vectorised path, in 128-bit scaled integers, gives the very same number
  (a product of three ratios and an amount is an ordinary formula there too); division by zero
  is unknown.

The evaluator keeps no state between cases and is safe to share between threads.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from .._exact import CONTEXT as CTX
from . import ast
from .arithmetic import _DLIMIT, _EXACT, DECIMALS, DIVISION_QUANTUM, LIMIT, _negate, _quotient, arithmetic, product, quotient
from .functions import FUNCTIONS

__all__ = ["DECIMALS", "LIMIT", "Env", "Fn", "arithmetic", "compile_expr", "product", "quotient"]

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


def compile_expr(node: ast.Node, kinds: Mapping[str, str], *, shortcuts: bool = True) -> Fn:
    """Compile ``node``. ``kinds`` maps every name to fact, parameter, derived or builtin.

    ``shortcuts``: a node with a literal operand (``x * 12``, ``x > 0``, ``max(0, x)``) gets a
    closure that holds the constant instead of calling one that returns it: the same values, a
    call less per node (a property test compares both forms on generated conditions)."""
    return _Compiler(kinds, shortcuts).build(node)


class _Compiler:
    def __init__(self, kinds: Mapping[str, str], shortcuts: bool = True) -> None:
        self.kinds = kinds
        self.shortcuts = shortcuts

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
            if self.shortcuts and isinstance(n.right, ast.Literal) and n.op != "/":  # ``x * 12``
                return _binary(n.op, self.build(n.left), None, n.right.value)
            return _binary(n.op, self.build(n.left), self.build(n.right))
        if isinstance(n, ast.Compare):
            if self.shortcuts and isinstance(n.right, ast.Literal):  # ``x > 0``
                return _compare_constant(n.op, self.build(n.left), n.right.value)
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
            if self.shortcuts and n.func in ("min", "max") and len(n.args) == 2 and isinstance(n.args[0], ast.Literal):  # ``max(0, x)``
                return _extremum_constant(n.func, n.args[0].value, self.build(n.args[1]))
            return _call(n.func, tuple(self.build(a) for a in n.args))
        raise TypeError(type(n).__name__)  # pragma: no cover

    def _name(self, name: str) -> Fn:
        kind = self.kinds[name]
        if kind == "fact":
            return lambda env: env.facts.get(name)
        if kind == "parameter":
            return lambda env: env.params[name]
        if kind == "derived":

            def derived(env: Env) -> Any:
                cache = env.cache  # a value computed before read here: Env.derived's call saved (the common case)
                return cache[name] if name in cache else env.derived(name)

            return derived
        if name == "peildatum":
            return lambda env: env.peildatum
        raise KeyError(name)  # pragma: no cover - the type checker refuses unknown names


_WHOLE = {"+": operator.add, "-": operator.sub, "*": operator.mul}
_EXACT_OP = {"+": CTX.add, "-": CTX.subtract, "*": _EXACT.multiply}


def _binary(op: str, lf: Fn, rf: Fn | None, constant: Any = None) -> Fn:
    """``+ - * /`` of two sub-expressions, or (``rf`` None, not ``/``) of one and a literal the
    closure holds (``x * 12``: a call less). The exact operation and its range check are inline: a
    call less than :func:`arithmetic`'s, on the evaluator's hottest path."""
    if op == "/":
        assert rf is not None  # a literal divisor is not held (the compiler passes it as a closure)
        divisor = rf

        def div(env: Env) -> Any:
            a = lf(env)
            if a is None:
                return None
            b = divisor(env)
            if b is None or b == 0:
                return None  # undefined: unknown, never an exception (documented semantics)
            return _quotient(a, b)

        return div
    whole, exact, product_, lim, nlim, dlim, dnlim, held = _WHOLE[op], _EXACT_OP[op], op == "*", LIMIT, -LIMIT, _DLIMIT, -_DLIMIT, rf is None

    def run(env: Env) -> Any:
        out: Any
        a = lf(env)
        if a is None:
            return None
        b = constant if held else rf(env)  # type: ignore[misc]  # rf is set where nothing is held
        if b is None:
            return None
        if a.__class__ is int and b.__class__ is int:
            out = whole(a, b)
            return out if nlim < out < lim else None
        if product_:  # as product(): rounded once at 12 decimals
            out = exact(a, b)
            if out.as_tuple().exponent < -DECIMALS:
                out = out.quantize(DIVISION_QUANTUM, context=_EXACT)
        else:
            try:
                out = exact(a, b)
            except ArithmeticError:
                return None
        return out if dnlim < out < dlim else None  # a Decimal against Decimal bounds: no int converted per call

    return run


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


def _compare_constant(op: str, lf: Fn, b: Any) -> Fn:
    """``_compare`` with a literal on the right."""
    cmp = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne}[op]

    def compare(env: Env) -> Any:
        a = lf(env)
        return None if a is None else cmp(a, b)

    return compare


def _extremum_constant(func: str, a: Any, rf: Fn) -> Fn:
    """``min``/``max`` of a literal and an expression: the table's ``min(xs)``/``max(xs)`` of the
    two, which is Python's ``min(a, b)``/``max(a, b)`` (the first of equal values either way)."""
    pick = min if func == "min" else max

    def extremum(env: Env) -> Any:
        b = rf(env)
        return None if b is None else pick(a, b)

    return extremum


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
