# SPDX-License-Identifier: EUPL-1.2
"""The builtin functions of the condition language: one table, read by every path that runs them.

Each :class:`Function` has its name, its signature (one of a few shapes the type checker knows),
a description, and its exact implementation on known arguments. The type checker
(:mod:`~regelruimte.conditions.typecheck`) reads the signature, the evaluator
(:mod:`~regelruimte.conditions.evaluate`) the implementation, the polars compiler
(:mod:`regelruimte.compiler.vectorised`) the rounding and its own column form of each name, and
the durable-rules compiler (:mod:`regelruimte.compiler.durable_json`) which functions a signal's
pattern can use. A function is added here, and a test fails until every path handles it.

The set is closed and pure: no clock, no chance, no input or output. An implementation gets
only known values (unknown propagates before it is called) and returns None where the function
has no result (a date outside the calendar, an amount beyond the context's range).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from .._exact import CONTEXT, RoundingMode, round_exact

Shape = Literal["extremum", "magnitude", "rounding", "interval", "shift"]
"""The signatures: ``extremum`` f(x, y, ...) of numbers, amounts or dates, of their type;
``magnitude`` f(number or amount) of its type; ``rounding`` f(amount) an amount; ``interval``
f(date, date) a whole number; ``shift`` f(date, whole number) a date."""


@dataclass(frozen=True)
class Rounding:
    """How a rounding function rounds: to ``places`` decimals, half up, down (floor) or up (ceiling)."""

    places: int
    mode: RoundingMode


@dataclass(frozen=True)
class Function:
    """One builtin function of the condition language."""

    name: str
    shape: Shape
    description: str
    exact: Callable[..., Any]
    """The evaluator's implementation, on known arguments; None where there is no result."""
    rounding: Rounding | None = None
    """For the rounding functions: how they round (the evaluator and the polars compiler read it)."""
    in_signals: bool = False
    """Whether a signal's pattern can use it (the engine compares whole days)."""


def months_between(a: date, b: date) -> int:
    """Whole calendar months from ``a`` to ``b`` (negative when ``b`` is before ``a``).

    A month is complete when ``b`` reaches the day of the month of ``a``, or the last day of a
    shorter month (31 January to 28 February is one month).
    """
    if b < a:
        return -months_between(b, a)
    months = (b.year - a.year) * 12 + (b.month - a.month)
    if b.day < a.day and not (b.day == calendar.monthrange(b.year, b.month)[1]):
        months -= 1
    return months


def add_months(d: date, n: int) -> date:
    """``d`` plus ``n`` calendar months; the day is clamped to the end of a shorter month."""
    index = d.year * 12 + (d.month - 1) + n
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last))


def _years_between(a: date, b: date) -> int:
    m = months_between(a, b)
    return m // 12 if m >= 0 else -((-m) // 12)


def _abs(v: Any) -> Any:
    return abs(v) if v.__class__ is int else CONTEXT.abs(v)


def _rounder(rounding: Rounding) -> Callable[[Any], Decimal | None]:
    def run(v: Any) -> Decimal | None:
        try:
            return round_exact(v, rounding.places, rounding.mode)
        except ArithmeticError:  # more digits than the context holds: out of range, unknown
            return None

    return run


def _add_days(d: date, n: int) -> date | None:
    try:
        return d + timedelta(days=n)
    except OverflowError:
        return None


def _add_months(d: date, n: int) -> date | None:
    try:
        return add_months(d, n)
    except (ValueError, OverflowError):
        return None


def _rounding(name: str, description: str, places: int, mode: RoundingMode) -> Function:
    spec = Rounding(places, mode)
    return Function(name, "rounding", description, _rounder(spec), rounding=spec)


FUNCTIONS: dict[str, Function] = {f.name: f for f in (
    Function("min", "extremum", "the smallest of two or more numbers, amounts or dates", lambda *xs: min(xs)),
    Function("max", "extremum", "the largest of two or more numbers, amounts or dates", lambda *xs: max(xs)),
    Function("abs", "magnitude", "the absolute value of a number or amount", _abs),
    _rounding("round_cents", "an amount rounded to whole cents, half up", 2, "half_up"),
    _rounding("round_cents_up", "an amount rounded up to whole cents", 2, "ceiling"),
    _rounding("round_cents_down", "an amount rounded down to whole cents", 2, "floor"),
    _rounding("round_euros_down", "an amount rounded down to whole euros", 0, "floor"),
    Function("days_between", "interval", "whole days from the first date to the second", lambda a, b: (b - a).days, in_signals=True),
    Function("months_between", "interval", "whole calendar months from the first date to the second", months_between, in_signals=True),
    Function("years_between", "interval", "whole years from the first date to the second (an age)", _years_between),
    Function("add_days", "shift", "a date plus a number of days", _add_days, in_signals=True),
    Function("add_months", "shift", "a date plus a number of calendar months", _add_months, in_signals=True),
)}
"""Every builtin function by name."""
