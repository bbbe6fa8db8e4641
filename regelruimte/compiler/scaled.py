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
estimate has set aside (as unknown) the rows whose result is far out of range anyway."""

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
def lit_int(v: int) -> pl.Expr:
    """An Int128 constant. Made once per value: polars builds an Int128 literal through a Series,
    which cost a quarter of a millisecond each, a third of the compile time of a screening."""
    return pl.lit(v, dtype=I128)


def neg(e: pl.Expr) -> pl.Expr:
    return lit_int(0) - e  # polars has no unary minus for Int128


def absolute(e: pl.Expr) -> pl.Expr:
    return pl.when(e < 0).then(lit_int(0) - e).otherwise(e)


def scaled(value: Decimal | int) -> Num:
    d = Decimal(value)
    exponent = d.as_tuple().exponent
    scale = max(0, -exponent) if isinstance(exponent, int) else 0
    v = int(d.scaleb(scale))
    return Num(lit_int(v), scale, abs(v))


def rescale(n: Num, scale: int) -> pl.Expr:
    """``n`` at a higher (or equal) scale; exact."""
    if scale < n.scale:  # pragma: no cover - callers only raise the scale
        raise ValueError("rescale only raises the scale")
    return n.expr if scale == n.scale else n.expr * lit_int(10 ** (scale - n.scale))


def round_to(n: Num, scale: int, mode: str) -> pl.Expr:
    """``n`` rounded to ``scale`` decimals: half_up (away from zero), floor, ceiling, half_even."""
    if n.scale <= scale:
        return rescale(n, scale)
    div = lit_int(10 ** (n.scale - scale))
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
    if product < LIMIT * 10**total // 10**k and product < 2**126:
        # bound within range (and Int128) before rounding: the product itself, rounded half to
        # even by 10^k as the evaluator rounds it; no estimate, no parts, no range test
        exact = Num(a.expr * b.expr, total)
        return Num(exact.expr if k == 0 else round_to(exact, scale, "half_even"), scale, product // 10**k + 1)
    x, y = helper(a.expr), helper(b.expr)
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
    x, y = helper(a.expr), helper(b.expr)
    n = absolute(x)
    d0 = absolute(y) if shift >= 0 else absolute(y) * lit_int(10 ** (-shift))
    d = pl.when(d0 == 0).then(lit_int(1)).otherwise(d0)
    far: pl.Expr | None = None
    if shift <= 0 or b.scale <= 3:
        num = n if shift <= 0 else n * lit_int(10**shift)
        q = helper(num // d)
        out = _half_even(q, (num - q * d) * 2, d)
    else:
        d = helper(d)
        far = _far_out(n.cast(pl.Float64) / d.cast(pl.Float64) * float(10**shift), DIV_SCALE)
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
    signed = in_range(pl.when((x < 0) != (y < 0)).then(neg(out)).otherwise(out), DIV_SCALE)
    undefined = y == 0 if far is None else (y == 0) | far
    return Num(helper(pl.when(undefined).then(None).otherwise(signed)), DIV_SCALE)
