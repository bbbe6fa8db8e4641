# SPDX-License-Identifier: EUPL-1.2
"""Exact numbers on polars: a number as a 128-bit integer column with a scale (its number of
decimals) known at compile time, and the exact operations the polars compiler needs on them
(rescaling, rounding half up, floor, ceiling or half to even, and the quotient rounded half to
even at 12 decimals exactly as the evaluator rounds it)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import polars as pl

I128 = pl.Int128
DIV_SCALE = 12
NUMERIC = ("int", "decimal", "money")


@dataclass(frozen=True)
class Num:
    """A numeric expression as scaled integers: the value is ``expr / 10**scale``."""

    expr: pl.Expr
    scale: int


def lit_int(v: int) -> pl.Expr:
    return pl.lit(v, dtype=I128)


def neg(e: pl.Expr) -> pl.Expr:
    return lit_int(0) - e  # polars has no unary minus for Int128


def absolute(e: pl.Expr) -> pl.Expr:
    return pl.when(e < 0).then(lit_int(0) - e).otherwise(e)


def scaled(value: Decimal | int) -> Num:
    d = Decimal(value)
    exponent = d.as_tuple().exponent
    scale = max(0, -exponent) if isinstance(exponent, int) else 0
    return Num(lit_int(int(d.scaleb(scale))), scale)


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


def div_half_even(num: pl.Expr, den: pl.Expr) -> pl.Expr:
    """Integer ``num / den`` rounded half to even; null when ``den`` is zero or the quotient is
    out of the evaluator's range (22 integer digits at 12 decimals)."""
    negative = den < 0
    n = pl.when(negative).then(neg(num)).otherwise(num)
    d = pl.when(negative).then(neg(den)).otherwise(den)
    safe = pl.when(d == 0).then(lit_int(1)).otherwise(d)
    q = n // safe
    r = n - q * safe
    up = (r * 2 > safe) | ((r * 2 == safe) & (q % 2 != 0))
    out = pl.when(up).then(q + 1).otherwise(q)
    return pl.when(d == 0).then(None).when(absolute(out) >= lit_int(10 ** (22 + DIV_SCALE))).then(None).otherwise(out)
