# SPDX-License-Identifier: EUPL-1.2
"""The builtin functions of the condition language as polars expressions: one column form per
signature shape of :data:`~regelruimte.conditions.functions.FUNCTIONS`, with the evaluator's
semantics (unknown in, unknown out; calendar months clamped to the end of a shorter month;
dates outside the calendar unknown)."""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, timedelta

import polars as pl

from ..conditions import ast
from ..conditions.functions import FUNCTIONS, Shape
from .scaled import I64, Num, absolute, bound_of, constant, narrow, neg, rescaled, rounded, widened

YEARS_IN_CALENDAR = 10_000
DAYS_IN_CALENDAR = 3_652_059
"""Bounds of an interval between two dates of the calendar (0001-01-01 to 9999-12-31)."""


def _extremum(f: str, args: list[pl.Expr | Num], nullable: list[bool] | None = None) -> pl.Expr | Num:
    """min/max: unknown when any argument is (polars' own min_horizontal skips nulls)."""
    unknown = [True] * len(args) if nullable is None else list(nullable)
    if isinstance(args[0], Num):
        s = max(a.scale for a in args)  # type: ignore[union-attr]
        nums = [rescaled(a, s) for a in args]  # type: ignore[arg-type]
        small = narrow(*nums)
        cols = [n.expr if small else widened(n) for n in nums]
        unknown = [n.nullable for n in nums]
        bound = None if any(n.bound is None for n in nums) else max(bound_of(n) for n in nums)
    else:
        s, cols = -1, [a for a in args if isinstance(a, pl.Expr)]  # dates
        small, bound = True, None
    if not any(unknown):
        pick = pl.min_horizontal(cols) if f == "min" else pl.max_horizontal(cols)
    elif len(cols) == 2:
        # two values: a comparison with an unknown side is unknown, and so is the choice
        a, b = cols
        first, second = (a <= b, a > b) if f == "min" else (a >= b, a < b)
        pick = pl.when(first).then(a).when(second).then(b)
    else:
        flagged = [c for c, u in zip(cols, unknown, strict=True) if u]
        any_null = flagged[0].is_null() if len(flagged) == 1 else pl.any_horizontal([c.is_null() for c in flagged])
        pick = pl.when(any_null).then(None).otherwise(pl.min_horizontal(cols) if f == "min" else pl.max_horizontal(cols))
    # max is at least 0 when one argument is; min when all are
    nonneg = s >= 0 and (any if f == "max" else all)(a.nonneg for a in args if isinstance(a, Num))
    return Num(pick, s, bound, not small, None, any(unknown), nonneg) if s >= 0 else pick


def _magnitude(f: str, args: list[pl.Expr | Num], nullable: list[bool] | None = None) -> Num:
    a = args[0]
    assert isinstance(a, Num)
    if a.const is not None:
        return constant(abs(a.const), a.scale)
    return Num(absolute(a.expr, a.wide), a.scale, a.bound, a.wide, None, a.nullable, True)


def _rounding(f: str, args: list[pl.Expr | Num], nullable: list[bool] | None = None) -> Num:
    a = args[0]
    assert isinstance(a, Num)
    spec = FUNCTIONS[f].rounding
    assert spec is not None
    return rounded(a, spec.places, spec.mode)


def _interval(f: str, args: list[pl.Expr | Num], nullable: list[bool] | None = None) -> Num:
    d1, d2 = args
    assert not isinstance(d1, Num) and not isinstance(d2, Num)
    unknown = nullable is None or any(nullable)
    if f == "days_between":
        return Num((d2 - d1).dt.total_days().cast(I64), 0, DAYS_IN_CALENDAR, False, None, unknown)
    return _of_months(f, _months_between(d1, d2), unknown)


def _of_months(f: str, months: pl.Expr, unknown: bool) -> Num:
    """``f`` (months or years between) from the whole months between the two dates."""
    if f == "months_between":
        return Num(months, 0, 12 * YEARS_IN_CALENDAR, False, None, unknown)
    if f == "years_between":
        return Num(pl.when(months >= 0).then(months // 12).otherwise(neg(neg(months, False) // 12, False)), 0, YEARS_IN_CALENDAR, False, None, unknown)
    raise KeyError(f)  # pragma: no cover - an interval function without a column form


DATE_TABLE_DAYS = 200_000
"""The widest range of days (about 550 years) over which an interval to a constant date is worked
out once per day and looked up by row (:func:`interval_by_day`)."""


def interval_by_day(f: str, column: pl.Expr, first: int, last: int, other: date, column_first: bool, nullable: list[bool]) -> Num | None:
    """``f`` between a date column whose days lie in ``first..last`` (days since 1970-01-01) and
    the constant date ``other``, as a table of the same column form worked out once for each day of
    that range and looked up by the row's day: a date's year, month and day cost polars a calendar
    conversion per row each (at 1M rows 0.05 CPU s for an age); the lookup a subtraction and a
    gather. An unknown date is a null index, and gathering it gives null. ``None`` when the range
    is wider than :data:`DATE_TABLE_DAYS`."""
    if not 0 <= last - first <= DATE_TABLE_DAYS:
        return None
    # the same column form, in stages: each day's parts once (see _day_parts), then its months,
    # then the result (as one expression, polars worked out each part and the months several times over)
    d, const = pl.col("d"), pl.lit(other, dtype=pl.Date)
    own = (pl.col("y"), pl.col("m"), pl.col("dd"), pl.col("n"))
    fixed = (other.year, other.month, other.day, calendar.monthrange(other.year, other.month)[1])  # the constant's parts, known now
    months = _months_between(d, const, own, fixed) if column_first else _months_between(const, d, fixed, own)
    form = _of_months(f, pl.col("months"), nullable is None or any(nullable))
    table = _day_parts(first, last).with_columns(months.alias("months")).select(form.expr.cast(I64).alias("d")).collect(engine="in-memory").to_series()
    return Num(pl.lit(table).gather(column.to_physical() - first), form.scale, form.bound, form.wide, None, form.nullable)


def shifted_by_day(column: pl.Expr, first: int, last: int, months: Num) -> pl.Expr | None:
    """``add_months`` of a date column whose days lie in ``first..last`` and a constant number of
    months, looked up by day as :func:`interval_by_day` does (``dt.offset_by`` converts each row's
    date; 0.016 CPU s at 1M rows). ``None`` when the range is wider than :data:`DATE_TABLE_DAYS`
    or the months are not a constant."""
    known = months.const if months.const is not None else _constant(months.expr)  # a constant's value is known: no query for it
    if not 0 <= last - first <= DATE_TABLE_DAYS or not isinstance(known, int):
        return None
    table = _days(first, last).select(_add_months(pl.col("d"), months.expr, known)).collect(engine="in-memory").to_series()
    return pl.lit(table).gather(column.to_physical() - first)


def _day_parts(first: int, last: int) -> pl.LazyFrame:
    """The days ``first..last`` (days since 1970-01-01) as ``d`` with their year ``y``, month ``m``,
    day ``dd`` and month length ``n`` (Int32): made from the months of the range (the calendar
    worked out once per month, not per day), each month's days 1 to its length, then cut to the
    range; half the cost of polars' year, month, day and month length of each day."""
    start, end = _EPOCH + timedelta(days=first), _EPOCH + timedelta(days=last)
    month = pl.col("month")
    return (pl.LazyFrame().select(pl.date_range(date(start.year, start.month, 1), date(end.year, end.month, 1), "1mo").alias("month"))
            .with_columns(month.dt.year().alias("y"), month.dt.month().cast(pl.Int32).alias("m"), month.dt.days_in_month().cast(pl.Int32).alias("n"))
            .with_columns(pl.int_ranges(1, pl.col("n") + 1, dtype=pl.Int32).alias("dd")).explode("dd")
            .with_columns((month.to_physical() + pl.col("dd") - 1).cast(pl.Date).alias("d"))
            .slice(start.day - 1, last - first + 1))


_EPOCH = date(1970, 1, 1)


def _days(first: int, last: int) -> pl.LazyFrame:
    """The days ``first..last`` (days since 1970-01-01) as a column ``d``."""
    return pl.LazyFrame().select(pl.int_range(first, last + 1, dtype=pl.Int32).cast(pl.Date).alias("d"))


def _shift(f: str, args: list[pl.Expr | Num], nullable: list[bool] | None = None) -> pl.Expr:
    d1, d2 = args
    assert not isinstance(d1, Num) and isinstance(d2, Num)
    if f == "add_days":
        days = d2.expr
        ok = (days < 4_000_000) & (days > -4_000_000)  # beyond any calendar date either way
        return _in_calendar(d1 + pl.duration(days=pl.when(ok).then(days).otherwise(None).cast(pl.Int64)))
    if f == "add_months":
        return _add_months(d1, d2.expr)
    raise KeyError(f)  # pragma: no cover - a shift function without a column form


CALLS: dict[Shape, Callable[[str, list[pl.Expr | Num], list[bool]], pl.Expr | Num]] = {"extremum": _extremum, "magnitude": _magnitude, "rounding": _rounding, "interval": _interval, "shift": _shift}
"""The column form of each signature shape of :data:`~regelruimte.conditions.functions.FUNCTIONS`."""


Part = pl.Expr | int
"""A part of a date (year, month, day, days in its month): a column, or a number when the date is
a constant (the reference date, mostly), so that its parts are worked out once, at compile time."""


def _constant(e: pl.Expr) -> object:
    """The value of a constant expression (a literal), or ``None`` when it is not one."""
    if not e.meta.is_literal():
        return None
    return pl.select(e).item()


def literal_value(node: ast.Node, expr: pl.Expr, day: date, kinds: dict[str, str]) -> object:
    """The value of ``expr``, the literal compiled from ``node``: the condition's own literal, or
    the reference date ``day`` (the builtin peildatum), without a query; anything else queried."""
    if isinstance(node, ast.Literal):
        return node.value
    if isinstance(node, ast.Name) and kinds.get(node.name) == "builtin":
        return day
    return _constant(expr)


def _date_parts(d: pl.Expr) -> tuple[Part, Part, Part, Part]:
    value = _constant(d)
    if isinstance(value, date):
        return value.year, value.month, value.day, calendar.monthrange(value.year, value.month)[1]
    # Int32: a date's parts and the months between two dates are small; the result is cast once
    return d.dt.year().cast(pl.Int32), d.dt.month().cast(pl.Int32), d.dt.day().cast(pl.Int32), d.dt.days_in_month().cast(pl.Int32)


def _forward_months(a: tuple[Part, ...], b: tuple[Part, ...]) -> Part:
    """Whole months from the date of parts ``a`` to the one of parts ``b`` (not before it)."""
    (ay, am, ad, _), (by, bm, bd, b_last) = a, b
    months = (by - ay) * 12 + (bm - am)
    if isinstance(bd, int) and isinstance(b_last, int) and isinstance(ad, int):
        return months - int(bd < ad and bd != b_last)
    if isinstance(bd, int) and isinstance(b_last, int):  # b constant: on its month's last day no month is short
        return months if bd == b_last else months - (ad > bd).cast(pl.Int32)  # type: ignore[union-attr]
    short = (bd < ad) & (bd != b_last)
    return months - short.cast(pl.Int32)  # type: ignore[union-attr]


def _months_between(a: pl.Expr, b: pl.Expr, a_parts: tuple[Part, Part, Part, Part] | None = None, b_parts: tuple[Part, Part, Part, Part] | None = None) -> pl.Expr:
    """Whole months from ``a`` to ``b`` (negative when ``b`` is before ``a``); the parts of either
    date may be given (columns worked out before)."""
    pa, pb = a_parts or _date_parts(a), b_parts or _date_parts(b)
    forward, backward = _forward_months(pa, pb), _forward_months(pb, pa)
    if not isinstance(forward, pl.Expr) and not isinstance(backward, pl.Expr):
        return pl.lit(-backward if _constant(b) < _constant(a) else forward, dtype=I64)  # type: ignore[operator]
    as_expr = [f if isinstance(f, pl.Expr) else pl.lit(f, dtype=pl.Int32) for f in (forward, backward)]
    return pl.when(b < a).then(-as_expr[1]).otherwise(as_expr[0]).cast(I64)


def _in_calendar(d: pl.Expr) -> pl.Expr:
    """A date the evaluator can hold (0001-01-01 .. 9999-12-31); outside it, unknown."""
    return pl.when((d > pl.lit(date(9999, 12, 31))) | (d < pl.lit(date(1, 1, 1)))).then(None).otherwise(d)


def _add_months(d: pl.Expr, n: pl.Expr, known: int | None = None) -> pl.Expr:
    months = _constant(n) if known is None else known
    if isinstance(months, int):  # a constant term (three months): one offset for every row, no text per row
        if not -120_000 < months < 120_000:
            return pl.when(pl.lit(False)).then(d)  # past the calendar either way: unknown, row by row
        return _in_calendar(d.dt.offset_by(f"{months}mo"))
    ok = (n < 120_000) & (n > -120_000)  # 10,000 years: past the calendar either way
    safe = pl.when(ok).then(n).otherwise(0)
    by = pl.concat_str([safe.cast(pl.Int64).cast(pl.String), pl.lit("mo")])
    return pl.when(n.is_null() | d.is_null() | ok.not_()).then(None).otherwise(_in_calendar(d.dt.offset_by(by)))
