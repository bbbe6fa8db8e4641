# SPDX-License-Identifier: EUPL-1.2
"""Abstract values and the operations on them: the domain of :mod:`.abstract`.

An :class:`Abs` holds every value an expression can take over a box of completions: a finite
set, or an interval of numbers or dates, and whether some completion gives no value (unknown).
Every operation over-approximates the exact evaluator's (:mod:`.evaluate`): on two finite sets it
is computed pair by pair (exact), on intervals from their ends in the evaluator's own decimal
context, whose correctly rounded operations are monotone, so the ends bound every result.
Products and quotients round at 12 decimals as the evaluator's do (monotone too), and where an
interval reaches 10**22, the evaluator's range, some completion may be unknown.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from itertools import product
from typing import Any, NamedTuple

from .._exact import CONTEXT as CTX
from .evaluate import LIMIT, arithmetic, quotient
from .evaluate import product as rounded_product
from .functions import FUNCTIONS

SET_CAP = 24
"""A finite set of possible values larger than this becomes its interval (or *anything*)."""
PAIR_CAP = 256
"""Operations on two finite sets are computed pairwise up to this many pairs, else on intervals."""
NUMBER_BOUND = Decimal(10) ** 12
"""Numbers and amounts of a case are under 10**12 in size (:mod:`regelruimte.model.case`)."""


class Abs(NamedTuple):
    """The possible results of an expression over a box.

    ``values`` is the finite set of possible (known) values, or None for an interval
    ``[lo, hi]`` (numbers or dates); ``lo is None`` then means *anything*. ``undef``: some
    completion gives no value (unknown). Immutable and hashable; a named tuple, because the
    analysis makes tens of thousands of them a case and a frozen dataclass is several times
    slower to make.
    """

    values: frozenset[Any] | None
    lo: Any = None
    hi: Any = None
    undef: bool = False

    @property
    def single(self) -> Any:
        """The one value every completion gives, or None when there is not exactly one."""
        if self.values is not None and len(self.values) == 1 and not self.undef:
            return next(iter(self.values))
        if self.values is None and self.lo is not None and self.lo == self.hi and not self.undef:
            return self.lo
        return None

    @property
    def determined(self) -> bool:
        """Every completion gives the same known value."""
        return self.single is not None

    def may_be(self, value: Any) -> bool:
        """Whether some completion can give ``value`` (None: unknown)."""
        if value is None:
            return self.undef
        if self.values is not None:
            return value in self.values
        if self.lo is None:
            return True
        try:
            return bool(self.lo <= value <= self.hi)
        except TypeError:
            return False

    @property
    def truths(self) -> frozenset[bool | None]:
        """For a condition: the possible results among true, false and unknown."""
        if self.values is None:
            return frozenset((True, False, None))
        out: set[bool | None] = {v for v in self.values if isinstance(v, bool)}
        if self.undef:
            out.add(None)
        return frozenset(out)


ANY = Abs(None, undef=True)
UNKNOWN = Abs(frozenset(), undef=True)


def const(value: Any) -> Abs:
    """The abstract value of a known value (None: unknown)."""
    return UNKNOWN if value is None else Abs(frozenset((value,)))


def interval(lo: Any, hi: Any, undef: bool = False) -> Abs:
    """Every value from ``lo`` to ``hi`` (numbers or dates)."""
    if lo == hi:
        return Abs(frozenset((lo,)), undef=undef)
    return Abs(None, lo, hi, undef)


def of_set(values: Iterable[Any], undef: bool = False) -> Abs:
    """A finite set of possible values; a large one becomes its interval."""
    vals = frozenset(v for v in values if v is not None)
    if len(vals) > SET_CAP:
        return _hull(vals, undef)
    return Abs(vals, undef=undef)


def _ordered(v: Any) -> bool:
    return (isinstance(v, (int, Decimal)) and not isinstance(v, bool)) or isinstance(v, date)


def _hull(vals: frozenset[Any], undef: bool) -> Abs:
    if vals and all(_ordered(v) for v in vals) and (all(isinstance(v, date) for v in vals) or not any(isinstance(v, date) for v in vals)):
        return interval(min(vals), max(vals), undef)
    return Abs(None, undef=True) if not vals else Abs(None, undef=undef)


def bounds(a: Abs) -> tuple[Any, Any] | None:
    """``(lo, hi)`` of a numeric or date value, or None when it has none (anything, text, yes/no)."""
    if a.values is None:
        return None if a.lo is None else (a.lo, a.hi)
    if not a.values or not all(_ordered(v) for v in a.values):
        return None
    try:
        return min(a.values), max(a.values)
    except TypeError:
        return None


def join(a: Abs, b: Abs) -> Abs:
    """Every value either can take."""
    undef = a.undef or b.undef
    if a.values is not None and b.values is not None:
        return of_set(a.values | b.values, undef)
    if (a.values is not None and not a.values) or (b.values is not None and not b.values):
        other = b if a.values is not None and not a.values else a
        return Abs(other.values, other.lo, other.hi, undef)
    ba, bb = bounds(a), bounds(b)
    if ba is None or bb is None:
        return Abs(None, undef=undef)
    try:
        return interval(min(ba[0], bb[0]), max(ba[1], bb[1]), undef)
    except TypeError:
        return Abs(None, undef=undef)




def neg(a: Abs) -> Abs:
    if a.values is not None:
        return Abs(frozenset(-v if v.__class__ is int else CTX.minus(v) for v in a.values), undef=a.undef)
    if a.lo is None:
        return a
    return interval(_minus(a.hi), _minus(a.lo), a.undef)


def _minus(v: Any) -> Any:
    return -v if v.__class__ is int else CTX.minus(v)


def _num_op(op: str) -> Callable[[Any, Any], Any]:
    """``op`` on two numbers, rounded as the evaluator rounds it, whatever the size."""
    ops = {"+": (operator.add, CTX.add), "-": (operator.sub, CTX.subtract), "*": (operator.mul, rounded_product)}
    whole, exact = ops[op]

    def run(x: Any, y: Any) -> Any:
        if x.__class__ is int and y.__class__ is int:
            return whole(x, y)
        return exact(x, y)

    return run


def _divide(x: Any, y: Any) -> Any:
    return None if y == 0 else quotient(x, y)


def _ranged(lo: Any, hi: Any, undef: bool) -> Abs:
    """The results from ``lo`` to ``hi`` that the evaluator keeps (under 10**22 in size); the
    completions beyond are unknown."""
    if hi <= -LIMIT or lo >= LIMIT:
        return UNKNOWN
    beyond = lo <= -LIMIT or hi >= LIMIT
    return interval(max(lo, -LIMIT), min(hi, LIMIT), undef or beyond)


def _pointwise(fn: Callable[..., Any], args: list[Abs]) -> Abs | None:
    """``fn`` on every combination of finite sets, or None when they are too many or not finite."""
    if len(args) == 2:  # the common case, two known values, without the general machinery
        a, b = args
        av, bv = a.values, b.values
        if av is not None and bv is not None and len(av) == 1 and len(bv) == 1:
            (x,), (y,) = av, bv
            try:
                v = fn(x, y)
            except ArithmeticError:
                v = None
            return UNKNOWN if v is None else Abs(frozenset((v,)), undef=a.undef or b.undef)
    size = 1
    for a in args:
        if a.values is None:
            return None
        size *= max(len(a.values), 1)
    if size > PAIR_CAP:
        return None
    undef = any(a.undef for a in args)
    got = []
    for combo in product(*(a.values for a in args)):  # type: ignore[arg-type]
        try:
            v = fn(*combo)
        except ArithmeticError:
            v = None
        undef = undef or v is None
        got.append(v)
    return of_set(got, undef)


def arith(op: str, a: Abs, b: Abs) -> Abs:
    """``a op b`` for ``+ - * /`` over every pair of possible values."""
    return _ARITH[op](a, b)


def arith_of(op: str) -> Callable[[Abs, Abs], Abs]:
    """The abstract ``op`` (``+ - * /``) as a function of two abstract values."""
    return _ARITH[op]


def _arith(op: str) -> Callable[[Abs, Abs], Abs]:
    fn = _divide if op == "/" else _num_op(op)
    exact_op = arithmetic(op)

    def run(a: Abs, b: Abs) -> Abs:
        exact = _pointwise(exact_op, [a, b])
        if exact is not None:
            return exact
        ba, bb = bounds(a), bounds(b)
        undef = a.undef or b.undef
        if ba is None or bb is None:
            return Abs(None, undef=True)
        (alo, ahi), (blo, bhi) = ba, bb
        try:
            if op == "+":
                return _ranged(fn(alo, blo), fn(ahi, bhi), undef)
            if op == "-":
                return _ranged(fn(alo, bhi), fn(ahi, blo), undef)
            if op == "/" and blo <= 0 <= bhi:
                return Abs(None, undef=True)  # a divisor that can be zero (or near it): anything, or unknown
            corners = [fn(x, y) for x in (alo, ahi) for y in (blo, bhi)]
            return _ranged(min(corners), max(corners), undef)
        except ArithmeticError:
            return Abs(None, undef=True)

    return run


_ARITH = {op: _arith(op) for op in ("+", "-", "*", "/")}


_CMP = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq, "!=": operator.ne}


def compare(op: str, a: Abs, b: Abs) -> Abs:
    cmp = _CMP[op]
    undef = a.undef or b.undef
    if (a.values is not None and not a.values) or (b.values is not None and not b.values):
        return UNKNOWN
    exact = _pointwise(cmp, [a, b])
    if exact is not None:
        return exact
    ba, bb = bounds(a), bounds(b)
    both = frozenset((True, False))
    if ba is None or bb is None:
        return Abs(both, undef=undef)
    (alo, ahi), (blo, bhi) = ba, bb
    try:
        if op in ("<", "<=", ">", ">="):
            # all pairs true when the worst pair is true; all false when the best pair is false
            worst = (ahi, blo) if op in ("<", "<=") else (alo, bhi)
            best = (alo, bhi) if op in ("<", "<=") else (ahi, blo)
            if cmp(*worst):
                return Abs(frozenset((True,)), undef=undef)
            if not cmp(*best):
                return Abs(frozenset((False,)), undef=undef)
            return Abs(both, undef=undef)
        disjoint = ahi < blo or bhi < alo
        if disjoint:
            return Abs(frozenset((op == "!=",)), undef=undef)
    except TypeError:
        pass
    return Abs(both, undef=undef)


def _monotone(fn: Callable[..., Any], lo_args: list[Any], hi_args: list[Any], undef: bool) -> Abs:
    try:
        lo, hi = fn(*lo_args), fn(*hi_args)
    except (ArithmeticError, ValueError, OverflowError):
        return Abs(None, undef=True)
    if lo is None or hi is None:
        return Abs(None, undef=True)
    return interval(lo, hi, undef)


def call(func: str, args: list[Abs]) -> Abs:
    exact_fn = FUNCTIONS[func].exact
    if any(a.values is not None and not a.values for a in args):
        return UNKNOWN
    exact = _pointwise(exact_fn, args)
    if exact is not None:
        return exact
    spans = [bounds(a) for a in args]
    undef = any(a.undef for a in args)
    if any(s is None for s in spans):
        return Abs(None, undef=True)
    los = [s[0] for s in spans]  # type: ignore[index]
    his = [s[1] for s in spans]  # type: ignore[index]
    shape = FUNCTIONS[func].shape
    if shape in ("extremum", "rounding", "shift"):  # increasing in every argument
        return _monotone(exact_fn, los, his, undef)
    if shape == "interval":  # decreasing in the first date, increasing in the second
        return _monotone(exact_fn, [his[0], los[1]], [los[0], his[1]], undef)
    if shape == "magnitude":
        lo, hi = los[0], his[0]
        if lo >= 0:
            return interval(lo, hi, undef)
        if hi <= 0:
            return interval(_minus(hi), _minus(lo), undef)
        return interval(0 if lo.__class__ is int else Decimal(0), max(_minus(lo), hi), undef)
    return Abs(None, undef=True)  # pragma: no cover - every shape is handled above
