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
    >>> from regelruimte.assessment.boxes import box_env  # doctest: +SKIP
    >>> box = box_env(compiled, {"vermogen": Decimal("90000")}, day)  # every other fact missing
    >>> abstract(compiled.rules["vermogen_onder_grens"].node, box).single  # doctest: +SKIP
    False
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from . import ast
from .intervals import ANY, NUMBER_BOUND, UNKNOWN, Abs, arith_of, bounds, call, compare, const, interval, join, neg, of_set

__all__ = ["AFn", "ANY", "UNKNOWN", "Abs", "AbsEnv", "abstract", "evaluator", "bounds", "const", "fact_domain", "interval", "join", "of_set"]


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


AFn = Callable[["AbsEnv"], Abs]
"""A compiled abstract evaluator: a box in, the expression's abstract value out."""


class AbsEnv:
    """A box: the abstract value of every fact, the parameters on the day, and the derived values.

    ``overrides`` replace a derived value's abstract value (a bound of a monotone derived value).
    ``compiled`` keeps the compiled evaluators of the nodes by identity; pass the same dictionary
    for every box of one policy (:mod:`regelruimte.assessment.boxes` keeps one per compiled
    policy), so each expression is compiled once.

    A box split from a larger one (``base``, with the same parameters, day and overrides) differs
    from it only in the facts ``varied``. A derived value or expression depends only on its facts
    (``depends``: those of each derived value, also through other derived values): two boxes split
    from one base that give those facts the same abstract values give it the same abstract value.
    So it is computed once for all such boxes and kept in the base (``across``, keyed by the
    values of the varied facts it depends on); one that depends on no varied fact is the base's own.
    """

    __slots__ = ("facts", "params", "peildatum", "derived_nodes", "kinds", "cache", "memo", "compiled", "base", "varied", "depends", "across")

    def __init__(self, facts: Mapping[str, Abs], params: Mapping[str, Any], peildatum: date, derived_nodes: Mapping[str, ast.Node], kinds: Mapping[str, str],
                 overrides: Mapping[str, Abs] | None = None, compiled: dict[int, tuple[ast.Node, AFn]] | None = None, *,
                 base: AbsEnv | None = None, varied: Iterable[str] = (), depends: Mapping[str, frozenset[str]] | None = None) -> None:
        self.facts = facts
        self.params = params
        self.peildatum = peildatum
        self.derived_nodes = derived_nodes
        self.kinds = kinds
        self.cache: dict[str, Abs] = dict(overrides or {})
        self.memo: dict[int, tuple[ast.Node, Abs]] = {}
        self.compiled: dict[int, tuple[ast.Node, AFn]] = {} if compiled is None else compiled
        self.base = base if depends is not None else None
        self.varied = tuple(sorted(varied))
        self.depends = depends
        self.across: dict[tuple[Any, ...], tuple[ast.Node | None, Abs]] = {}
        """In a base box: what its split boxes computed, by (name or node id, varied facts' values)."""

    def _split_key(self, facts: frozenset[str]) -> tuple[tuple[str, Abs], ...]:
        """The varied facts among ``facts`` with their values in this box."""
        mine = self.facts
        return tuple((f, mine[f]) for f in self.varied if f in facts)

    def derived(self, name: str) -> Abs:
        """The abstract value of a derived value (computed once per box, or once per base box for
        every split box that gives its facts the same values)."""
        cached = self.cache.get(name)
        if cached is None:
            base = self.base
            if base is None:
                cached = evaluator(self.derived_nodes[name], self)(self)
            else:
                key = self._split_key(self.depends[name])  # type: ignore[index]  # depends is set with base
                if not key:
                    cached = base.derived(name)
                else:
                    hit = base.across.get((name, key))
                    if hit is None:
                        hit = base.across[(name, key)] = (None, evaluator(self.derived_nodes[name], self)(self))
                    cached = hit[1]
            self.cache[name] = cached
        return cached

    def shared(self, node: ast.Node, facts: frozenset[str]) -> Abs:
        """The abstract value of ``node``, which depends on ``facts`` only: computed once for every
        split box of the same base that gives those facts the same values."""
        base = self.base
        if base is None:
            return abstract(node, self)
        key = self._split_key(facts)
        if not key:
            return abstract(node, base)
        hit = base.across.get((id(node), key))
        if hit is None or hit[0] is not node:
            hit = base.across[(id(node), key)] = (node, abstract(node, self))
        return hit[1]


def evaluator(node: ast.Node, env: AbsEnv) -> AFn:
    """The compiled abstract evaluator of ``node`` (made once per node, kept in ``env.compiled``).

    Keyed by identity, as :meth:`regelruimte.compiler.CompiledPolicy.fn_of`: the node is kept in the
    entry, so a key can never be reused by another object. The kinds of names are read from ``env``
    when the node is compiled; every box sharing ``env.compiled`` has the same kinds (one policy).
    """
    entry = env.compiled.get(id(node))
    if entry is None or entry[0] is not node:
        entry = (node, _build(node, env.kinds))
        env.compiled[id(node)] = entry
    return entry[1]


def abstract(node: ast.Node, env: AbsEnv) -> Abs:
    """The abstract value of ``node`` over the box ``env`` (memoised per node in ``env``)."""
    hit = env.memo.get(id(node))
    if hit is not None and hit[0] is node:
        return hit[1]
    out = evaluator(node, env)(env)
    env.memo[id(node)] = (node, out)
    return out


def _build(n: ast.Node, kinds: Mapping[str, str]) -> AFn:  # noqa: C901 - one branch per node type
    """Compile ``n`` into closures, as :mod:`.evaluate` compiles the exact evaluator: the same
    operations as a walk of the tree would do, in the same order, without dispatching on the node
    type at every step."""
    if isinstance(n, ast.Literal):
        value = const(n.value)
        return lambda env: value
    if isinstance(n, ast.Name):
        return _name(n.name, kinds)
    if isinstance(n, ast.Lookup):
        key_f, table_name = _build(n.key, kinds), n.name

        def lookup(env: AbsEnv) -> Abs:
            key = key_f(env)
            table = env.params[table_name]
            if key.values is None:
                return of_set(table.values(), undef=True)
            got = [table.get(k) for k in key.values]
            return of_set(got, undef=key.undef or any(g is None for g in got))

        return lookup
    if isinstance(n, ast.Neg):
        operand = _build(n.operand, kinds)
        return lambda env: neg(operand(env))
    if isinstance(n, ast.Binary):
        left, right, op = _build(n.left, kinds), _build(n.right, kinds), arith_of(n.op)
        return lambda env: op(left(env), right(env))
    if isinstance(n, ast.Compare):
        left, right, cmp_op = _build(n.left, kinds), _build(n.right, kinds), n.op
        return lambda env: compare(cmp_op, left(env), right(env))
    if isinstance(n, ast.In):
        operand, members, negated = _build(n.operand, kinds), frozenset(i.value for i in n.items), n.negated

        def member(env: AbsEnv) -> Abs:
            a = operand(env)
            if a.values is None:
                return Abs(frozenset((True, False)), undef=a.undef)
            return Abs(frozenset((v in members) != negated for v in a.values), undef=a.undef)

        return member
    if isinstance(n, (ast.And, ast.Or)):
        items, is_and = tuple(_build(i, kinds) for i in n.items), isinstance(n, ast.And)
        return lambda env: _logic(is_and, [f(env) for f in items])
    if isinstance(n, ast.Not):
        operand = _build(n.operand, kinds)
        return lambda env: _truths({None if v is None else not v for v in operand(env).truths})
    if isinstance(n, ast.If):
        cond, then, otherwise = _build(n.cond, kinds), _build(n.then, kinds), _build(n.otherwise, kinds)
        return lambda env: _if(cond(env), then(env), otherwise(env))
    if isinstance(n, ast.Call):
        args, func = tuple(_build(a, kinds) for a in n.args), n.func
        return lambda env: call(func, [f(env) for f in args])
    return lambda env: ANY  # an event field: not in an assessment's conditions


def _name(name: str, kinds: Mapping[str, str]) -> AFn:
    kind = kinds.get(name)
    if kind == "fact":
        return lambda env: env.facts.get(name, UNKNOWN)
    if kind == "parameter":

        def parameter(env: AbsEnv) -> Abs:
            value = env.params[name]
            return ANY if isinstance(value, dict) else const(value)

        return parameter
    if kind == "derived":
        return lambda env: env.derived(name)
    if name == "peildatum":
        return lambda env: const(env.peildatum)
    return lambda env: ANY


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
