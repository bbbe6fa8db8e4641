# SPDX-License-Identifier: EUPL-1.2
"""Exact numbers on polars: a number as a 128-bit integer column with a scale (its number of
decimals) known at compile time, and the exact operations the polars compiler needs on them
(rescaling, rounding half up, floor, ceiling or half to even, and the product and the quotient
rounded half to even at 12 decimals exactly as the evaluator rounds them).

Why no result wraps around: every number the compiler makes lies within 22 whole digits at 12
decimals at most (:data:`~regelruimte.conditions.evaluate.LIMIT`; beyond it the evaluator says
unknown, and so does :func:`in_range`), so it needs at most 34 of Int128's 38 digits. A product or
a quotient can need more on the way (three ratios of 12 decimals and an amount: 38 decimals);
:func:`mul_half_even` and :func:`div_long` work in parts that each fit, after a floating-point
estimate has set aside (as unknown) the rows whose result is far out of range anyway.

Int64 where the bounds allow: a number whose bound (:attr:`Num.bound`, known at compile time) is
at most :data:`NARROW` is an Int64 column (``Num.wide`` false), and an operation on such numbers
stays Int64 only when the bound of its result is at most :data:`NARROW` too; otherwise its
operands are cast to Int128 first. So no Int64 operation wraps around, and Int128 (two to three
times slower) is left to the numbers that need it."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from ..conditions.evaluate import DECIMALS, LIMIT

I128 = pl.Int128
DIV_SCALE = DECIMALS
WHOLE_DIGITS = len(str(LIMIT)) - 1
_STEP = 3
"""Digits a partial remainder (below 10**35) is shifted by at a time in a long division."""
NUMERIC = ("int", "decimal", "money")


I64 = pl.Int64
NARROW = 2**62
"""The largest bound of a number kept as Int64: with a factor two to spare (twice a remainder, a
rounding step up), nothing the compiler does with it reaches Int64's 2**63."""


@dataclass(frozen=True)
class Num:
    """A numeric expression as scaled integers: the value is ``expr / 10**scale``."""

    expr: pl.Expr
    scale: int
    bound: int | None = None
    """A bound on the magnitude of the scaled integer, known at compile time (facts are at most
    12 whole digits, a constant is what it is); ``None``: only the range every number keeps,
    :data:`~regelruimte.conditions.evaluate.LIMIT` at this scale. Where a result is bound
    within that range, it needs no range test, and a product no work in parts."""
    wide: bool = True
    """Whether ``expr`` is Int128; otherwise it is Int64 and ``bound`` is at most :data:`NARROW`."""
    const: int | None = None
    """The scaled integer itself when the number is a constant (folded at compile time)."""
    nullable: bool = True
    """Whether the value can be unknown (``False``: known for every row, so no null tests)."""
    nonneg: bool = False
    """Whether every known value is at least 0 (a constant that is, ``max`` with one that is):
    rounding it needs no sign, one division (see :func:`round_to`)."""


def bound_of(n: Num) -> int:
    """The bound of ``n``'s scaled integer (see :attr:`Num.bound`)."""
    return n.bound if n.bound is not None else int(LIMIT * 10**n.scale)


def bound_at(n: Num, scale: int) -> int:
    """The bound of ``n`` rescaled to ``scale`` (not below its own)."""
    return bound_of(n) * int(10 ** (scale - n.scale))


def within(bound: int, scale: int) -> int | None:
    """``bound`` when it lies inside the range at ``scale``, else ``None`` (in range is all we know)."""
    return bound if bound < LIMIT * 10**scale else None


@functools.lru_cache(maxsize=4096)
def lit_int(v: int, wide: bool = True) -> pl.Expr:
    """An Int128 constant (or Int64, ``wide`` false). Made once per value: polars builds an Int128
    literal through a Series, which cost a quarter of a millisecond each, a third of the compile
    time of a screening."""
    return pl.lit(v, dtype=I128 if wide else I64)


def neg(e: pl.Expr, wide: bool = True) -> pl.Expr:
    return lit_int(0, wide) - e  # polars has no unary minus for Int128


def absolute(e: pl.Expr, wide: bool = True) -> pl.Expr:
    return pl.when(e < 0).then(lit_int(0, wide) - e).otherwise(e)


def constant(v: int, scale: int) -> Num:
    """The scaled integer ``v`` at ``scale`` as a constant: Int64 when it fits."""
    wide = abs(v) > NARROW
    return Num(lit_int(v, wide), scale, abs(v), wide, v, False, v >= 0)


def scaled(value: Decimal | int) -> Num:
    d = Decimal(value)
    exponent = d.as_tuple().exponent
    scale = max(0, -exponent) if isinstance(exponent, int) else 0
    return constant(int(d.scaleb(scale)), scale)


def widened(n: Num) -> pl.Expr:
    """``n`` as Int128."""
    if n.wide:
        return n.expr
    return lit_int(n.const) if n.const is not None else n.expr.cast(I128)


def narrow(*nums: Num) -> bool:
    """Whether every one of ``nums`` is Int64."""
    return not any(n.wide for n in nums)


def rescaled(n: Num, scale: int) -> Num:
    """``n`` at a higher (or equal) scale; exact. Int64 stays Int64 while the bound allows."""
    if scale < n.scale:  # pragma: no cover - callers only raise the scale
        raise ValueError("rescale only raises the scale")
    if scale == n.scale:
        return n
    factor = 10 ** (scale - n.scale)
    if n.const is not None:
        return constant(n.const * factor, scale)
    bound = n.bound * factor if n.bound is not None else None
    if not n.wide and bound is not None and bound <= NARROW:
        return Num(n.expr * lit_int(factor, False), scale, bound, False, None, n.nullable, n.nonneg)
    return Num(widened(n) * lit_int(factor), scale, bound, True, None, n.nullable, n.nonneg)


def rescale(n: Num, scale: int) -> pl.Expr:
    """``n`` at a higher (or equal) scale; exact."""
    return rescaled(n, scale).expr


def rounded(n: Num, scale: int, mode: str) -> Num:
    """:func:`round_to` with the result's bound and width."""
    if n.scale <= scale:
        return rescaled(n, scale)
    bound = n.bound // 10 ** (n.scale - scale) + 1 if n.bound is not None else None
    return Num(round_to(n, scale, mode), scale, bound, n.wide, None, n.nullable, n.nonneg)


def round_to(n: Num, scale: int, mode: str) -> pl.Expr:
    """``n`` rounded to ``scale`` decimals: half_up (away from zero), floor, ceiling, half_even."""
    if n.scale <= scale:
        return rescale(n, scale)
    if not n.wide and n.scale - scale > 18:  # pragma: no cover - 10**19 and up is no Int64
        n = Num(widened(n), n.scale, n.bound, True, None, n.nullable)
    div = lit_int(10 ** (n.scale - scale), n.wide)
    if n.nonneg and mode != "half_even":
        # at least 0: rounding up from the floor is adding (nearly) a divisor first, one division
        # instead of a quotient, its remainder and three tests; the sum stays below 2**63 in
        # Int64 (a bound of at most 2**62, a divisor below 10**19)
        if mode == "floor":
            return n.expr // div
        more = 10 ** (n.scale - scale) // 2 if mode == "half_up" else 10 ** (n.scale - scale) - 1  # a tie rounds up (away from zero)
        return (n.expr + lit_int(more, n.wide)) // div
    q = n.expr // div  # floor division
    r = n.expr - q * div  # 0 <= r < div
    if mode == "floor":
        return q
    if mode == "ceiling":
        return pl.when(r > 0).then(q + 1).otherwise(q)
    twice = r * 2
    if mode == "half_up":  # away from zero on a tie
        up = (twice > div) | ((twice == div) & (n.expr >= 0))
    else:  # half_even
        up = (twice > div) | ((twice == div) & (q % 2 != 0))
    return pl.when(up).then(q + 1).otherwise(q)


def in_range(e: pl.Expr, scale: int) -> pl.Expr:
    """``e`` (at ``scale``) where it is within the evaluator's range, null from 10**22 on."""
    return pl.when(absolute(e) >= lit_int(LIMIT * 10**scale)).then(None).otherwise(e)


def _far_out(estimate: pl.Expr, scale: int) -> pl.Expr:
    """Whether a float estimate of a result at ``scale`` is surely out of range (the estimate is
    off by far less than the factor 2 allowed, so a row in range is never set aside here)."""
    return estimate.abs() >= float(2 * LIMIT * 10**scale)


def _half_even(floor: pl.Expr, twice_rest: pl.Expr, divisor: pl.Expr | int) -> pl.Expr:
    """``floor`` rounded half to even, given twice the remainder and what it was divided by."""
    d = lit_int(divisor) if isinstance(divisor, int) else divisor
    up = (twice_rest > d) | ((twice_rest == d) & (floor % 2 != 0))
    return pl.when(up).then(floor + 1).otherwise(floor)


Helper = Callable[[pl.Expr], pl.Expr]
"""Computes an expression once as a column and gives a reference to it (keeps the plan small)."""


def mul_half_even(a: Num, b: Num, helper: Helper) -> Num:
    """``a * b`` rounded half to even at 12 decimals at most, null out of range, exactly as the
    evaluator's product.

    With ``k`` decimals too many, ``A = Ah·10^k + Al`` and ``B = Bh·10^k + Bl`` (``0 <= Al, Bl <
    10^k``) give ``A·B / 10^k = Ah·Bh·10^k + Ah·Bl + Al·Bh + Al·Bl / 10^k``: every part fits in
    Int128 when the result is in range, where ``A·B`` itself would not (38 decimals)."""
    total = a.scale + b.scale
    scale = min(total, DIV_SCALE)
    k = total - scale
    product = bound_of(a) * bound_of(b)
    nullable = a.nullable or b.nullable
    if a.const is not None and b.const is not None:
        # two constants: the product made now, rounded half to even as the evaluator rounds it
        q, r = divmod(a.const * b.const, 10**k)
        q += 1 if 2 * r > 10**k or (2 * r == 10**k and q % 2) else 0
        if abs(q) < LIMIT * 10**scale:
            return constant(q, scale)
    if product < LIMIT * 10**total // 10**k and product < 2**126:
        # bound within range (and Int128) before rounding: the product itself, rounded half to
        # even by 10^k as the evaluator rounds it; no estimate, no parts, no range test
        small = narrow(a, b) and product <= NARROW
        exact = Num(a.expr * b.expr if small else widened(a) * widened(b), total, product, not small, None, nullable)
        if k:  # rounding reads the product five times: a column, computed once
            exact = Num(helper(exact.expr), total, product, not small, None, nullable)
        return Num(exact.expr if k == 0 else round_to(exact, scale, "half_even"), scale, product // 10**k + 1, not small, None, nullable)
    x, y = helper(widened(a)), helper(widened(b))
    far = _far_out(x.cast(pl.Float64) * y.cast(pl.Float64) / float(10**k), scale)
    if k == 0:
        out = x * y
    else:
        d = lit_int(10**k)
        xh, yh = x // d, y // d
        xl, yl = x - xh * d, y - yh * d
        low = xl * yl
        floor = helper(xh * yh * d + xh * yl + xl * yh + low // d)
        out = _half_even(floor, (low - (low // d) * d) * 2, 10**k)
    return Num(pl.when(far).then(None).otherwise(in_range(out, scale)), scale)


def div_half_even(a: Num, b: Num, helper: Helper) -> Num:
    """``a / b`` rounded half to even at 12 decimals, exactly as the evaluator's quotient; null
    when ``b`` is zero or the quotient is out of range.

    The quotient at 12 decimals is ``N / D`` with ``N = A·10^(12 + sb - sa)`` and ``D = B``. When
    ``N`` fits in Int128 (the divisor has three decimals or fewer) it is one integer division;
    otherwise a long division, a few digits at a time, so that no partial product wraps around."""
    shift = DIV_SCALE + b.scale - a.scale
    # |A / B| <= |A|·10^shift, since a divisor is a whole number of its scale's units (|B| >= 1):
    # a quotient whose bound lies in range needs no range test and no estimate
    bound = within((bound_of(a) * 10**shift if shift >= 0 else bound_of(a) // 10 ** (-shift)) + 1, DIV_SCALE)
    if shift >= 0 and narrow(a, b) and bound_of(a) * 10**shift < NARROW and 10**shift < NARROW:
        # Int64 throughout: the shifted dividend, the divisor and twice a remainder (below twice
        # the divisor) are all below 2**63; one integer division, several times faster than Int128's
        x, y = helper(a.expr), helper(b.expr)
        d0 = absolute(y, False)
        d = helper(pl.when(d0 == 0).then(lit_int(1, False)).otherwise(d0))
        num = helper(absolute(x, False) * lit_int(10**shift, False))
        q = helper(num // d)
        out = _half_even(q, (num - q * d) * 2, d)
        signed = pl.when((x < 0) != (y < 0)).then(neg(out, False)).otherwise(out)
        return Num(helper(pl.when(y == 0).then(None).otherwise(signed)), DIV_SCALE, bound, False)
    x, y = helper(widened(a)), helper(widened(b))
    n = absolute(x)
    d0 = absolute(y) if shift >= 0 else absolute(y) * lit_int(10 ** (-shift))
    d = pl.when(d0 == 0).then(lit_int(1)).otherwise(d0)
    far: pl.Expr | None = None
    if shift <= 0 or b.scale <= 3 or bound_of(a) * 10**shift < 2**126:  # the shifted dividend fits: one division
        num = n if shift <= 0 else n * lit_int(10**shift)
        q = helper(num // d)
        out = _half_even(q, (num - q * d) * 2, d)
    else:
        d = helper(d)
        far = None if bound is not None else _far_out(n.cast(pl.Float64) / d.cast(pl.Float64) * float(10**shift), DIV_SCALE)
        q = helper(n // d)
        rest = helper(n - q * d)
        left = shift
        while left:
            step = min(_STEP, left)
            t = rest * lit_int(10**step)
            digit = helper(t // d)
            rest = helper(t - digit * d)
            q = helper(q * lit_int(10**step) + digit)
            left -= step
        out = _half_even(q, rest * 2, d)
    signed = pl.when((x < 0) != (y < 0)).then(neg(out)).otherwise(out)
    signed = signed if bound is not None else in_range(signed, DIV_SCALE)
    undefined = y == 0 if far is None else (y == 0) | far
    return Num(helper(pl.when(undefined).then(None).otherwise(signed)), DIV_SCALE, bound)
