# SPDX-License-Identifier: EUPL-1.2
"""The abstract evaluator: what an expression can be over every completion of the missing facts.

A *box* gives each fact the set of values it can take: a known fact its value; a missing yes/no
fact ``{true, false}``; a missing choice its declared values; a missing number, amount or date
the interval its type and bounds allow (money and numbers under 10**12, as a case is read). The
abstract value of an expression (:class:`Abs`) contains the exact evaluator's result on *every*
completion of the box: a finite set of values, or an interval, plus whether some completion
gives no value at all (*unknown*: a division by zero). This is sound by construction: every
operation over-approximates (interval arithmetic in the evaluator's own decimal context, whose
correctly rounded operations are monotone, Kleene logic per pair of possible values), so when an
expression's abstract value is one value, every completion gives that value. The converse does
not hold: an interval loses the link between two uses of one fact, so a result can be less
precise than the truth, never wrong. The assessment splits a box on yes/no and choice facts and
at the limits numbers are compared with (:mod:`regelruimte.assessment.completions`) to win
precision back, within a fixed cap. The values and their operations are in :mod:`.intervals`.

Example:
    >>> from regelruimte.assessment.completions import box_env  # doctest: +SKIP
    >>> box = box_env(compiled, {"vermogen": Decimal("90000")}, day)  # every other fact missing
    >>> abstract(compiled.rules["vermogen_onder_grens"].node, box).single  # doctest: +SKIP
    False
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from . import ast
from .intervals import ANY, NUMBER_BOUND, UNKNOWN, Abs, arith, bounds, call, compare, const, interval, join, neg, of_set

__all__ = ["ANY", "UNKNOWN", "Abs", "AbsEnv", "abstract", "bounds", "const", "fact_domain", "interval", "join", "of_set"]


def fact_domain(kind: str, values: Iterable[str] | None = None, minimum: Decimal | None = None, maximum: Decimal | None = None) -> Abs:
    """Every value a missing fact of this type can take in a case."""
    if kind == "bool":
        return Abs(frozenset((True, False)))
    if kind == "enum":
        return Abs(frozenset(values or ()))
    if kind == "date":
        return interval(date.min, date.max)
    if kind in ("money", "decimal", "int"):
        top = NUMBER_BOUND - (1 if kind == "int" else Decimal("0.01") if kind == "money" else Decimal("1e-12"))
        lo: Any = -top
        hi: Any = top
        if minimum is not None:
            lo = max(lo, minimum)
        if maximum is not None:
            hi = min(hi, maximum)
        if kind == "int":
            lo, hi = int(Decimal(lo).to_integral_value(rounding=decimal.ROUND_CEILING)), int(Decimal(hi).to_integral_value(rounding=decimal.ROUND_FLOOR))
        return interval(lo, hi) if lo <= hi else Abs(frozenset())
    return Abs(None)  # text: anything


class AbsEnv:
    """A box: the abstract value of every fact, the parameters on the day, and the derived values.

    ``overrides`` replace a derived value's abstract value (a bound of a monotone derived value).
    """

    __slots__ = ("facts", "params", "peildatum", "derived_nodes", "kinds", "cache", "memo")

    def __init__(self, facts: Mapping[str, Abs], params: Mapping[str, Any], peildatum: date, derived_nodes: Mapping[str, ast.Node], kinds: Mapping[str, str],
                 overrides: Mapping[str, Abs] | None = None) -> None:
        self.facts = facts
        self.params = params
        self.peildatum = peildatum
        self.derived_nodes = derived_nodes
        self.kinds = kinds
        self.cache: dict[str, Abs] = dict(overrides or {})
        self.memo: dict[int, tuple[ast.Node, Abs]] = {}


def abstract(node: ast.Node, env: AbsEnv) -> Abs:
    """The abstract value of ``node`` over the box ``env`` (memoised per node in ``env``)."""
    hit = env.memo.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    out = _eval(node, env)
    env.memo[id(node)] = (node, out)
    return out


def _eval(n: ast.Node, env: AbsEnv) -> Abs:  # noqa: C901 - one branch per node type
    if isinstance(n, ast.Literal):
        return const(n.value)
    if isinstance(n, ast.Name):
        return _name(n.name, env)
    if isinstance(n, ast.Lookup):
        key = abstract(n.key, env)
        table = env.params[n.name]
        if key.values is None:
            return of_set(table.values(), undef=True)
        got = [table.get(k) for k in key.values]
        return of_set(got, undef=key.undef or any(g is None for g in got))
    if isinstance(n, ast.Neg):
        return neg(abstract(n.operand, env))
    if isinstance(n, ast.Binary):
        return arith(n.op, abstract(n.left, env), abstract(n.right, env))
    if isinstance(n, ast.Compare):
        return compare(n.op, abstract(n.left, env), abstract(n.right, env))
    if isinstance(n, ast.In):
        a = abstract(n.operand, env)
        members = frozenset(i.value for i in n.items)
        if a.values is None:
            return Abs(frozenset((True, False)), undef=a.undef)
        return Abs(frozenset((v in members) != n.negated for v in a.values), undef=a.undef)
    if isinstance(n, (ast.And, ast.Or)):
        return _logic(isinstance(n, ast.And), [abstract(i, env) for i in n.items])
    if isinstance(n, ast.Not):
        t = abstract(n.operand, env).truths
        return _truths({None if v is None else not v for v in t})
    if isinstance(n, ast.If):
        return _if(abstract(n.cond, env), abstract(n.then, env), abstract(n.otherwise, env))
    if isinstance(n, ast.Call):
        return call(n.func, [abstract(a, env) for a in n.args])
    return ANY  # an event field: not in an assessment's conditions


def _name(name: str, env: AbsEnv) -> Abs:
    kind = env.kinds.get(name)
    if kind == "fact":
        return env.facts.get(name, UNKNOWN)
    if kind == "parameter":
        value = env.params[name]
        return ANY if isinstance(value, dict) else const(value)
    if kind == "derived":
        cached = env.cache.get(name)
        if cached is None:
            cached = abstract(env.derived_nodes[name], env)
            env.cache[name] = cached
        return cached
    if name == "peildatum":
        return const(env.peildatum)
    return ANY


def _truths(values: Iterable[bool | None]) -> Abs:
    vals = set(values)
    return Abs(frozenset(v for v in vals if v is not None), undef=None in vals)


def _logic(is_and: bool, items: list[Abs]) -> Abs:
    """Kleene's and/or over every combination of the items' possible truth values."""
    stop = not is_and  # the value that decides: False for and, True for or
    states: set[str] = {"open"}  # "open": no deciding value yet, no unknown; "unknown"; "decided"
    for item in items:
        t = item.truths
        nxt: set[str] = set()
        for s in states:
            if s == "decided":
                nxt.add(s)
                continue
            if stop in t:
                nxt.add("decided")
            if None in t:
                nxt.add("unknown")
            if (not stop) in t:
                nxt.add(s)
        states = nxt
    out: set[bool | None] = set()
    for s in states:
        out.add(stop if s == "decided" else None if s == "unknown" else (not stop))
    return _truths(out)


def _if(c: Abs, a: Abs, b: Abs) -> Abs:
    t = c.truths
    parts: list[Abs] = []
    if True in t:
        parts.append(a)
    if False in t:
        parts.append(b)
    if None in t:
        parts.append(_common(a, b))  # the evaluator gives the branches' value when they are equal, else unknown
    out = parts[0]
    for p in parts[1:]:
        out = join(out, p)
    return out


def _common(a: Abs, b: Abs) -> Abs:
    """The evaluator's ``if`` with an unknown condition: a value both branches can give, or unknown."""
    sa, sb = a.single, b.single
    if sa is not None and sa == sb:
        return a
    if a.values is not None and b.values is not None:
        return Abs(a.values & b.values, undef=True)
    ba, bb = bounds(a), bounds(b)
    if ba is None or bb is None:
        return Abs(None, undef=True)
    try:
        lo, hi = max(ba[0], bb[0]), min(ba[1], bb[1])
    except TypeError:
        return Abs(None, undef=True)
    return interval(lo, hi, True) if lo <= hi else UNKNOWN
