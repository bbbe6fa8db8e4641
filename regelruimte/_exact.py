# SPDX-License-Identifier: EUPL-1.2
"""Exact scalars, written once: how money, numbers and dates are written, and how they round.

Policy files, cases, event logs and population columns all read money as at most twelve whole
digits and two decimals, other numbers with at most twelve decimals, and dates as YYYY-MM-DD;
:func:`exact_decimal` is the one strict conversion of a value to ``Decimal`` (never through a
binary float unless asked, and then only through its shortest ``repr``). The condition
language computes in :data:`CONTEXT`, a fixed decimal context independent of the caller's
thread context. This module imports nothing of the package.
"""

from __future__ import annotations

import decimal
import functools
import re
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Literal, ParamSpec, TypeVar

MONEY_TEXT = r"-?[0-9]{1,12}(\.[0-9]{1,2})?"
"""An amount in euros: at most twelve whole digits and two decimals (``1401.50``)."""
DECIMAL_TEXT = r"-?[0-9]{1,12}(\.[0-9]{1,12})?"
"""A number: at most twelve whole digits and twelve decimals (``0.035``)."""
WHOLE_TEXT = r"-?[0-9]{1,12}"
"""A whole number of at most twelve digits."""
DATE_TEXT = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
"""A date as YYYY-MM-DD (whether it is a real date is checked when it is read)."""

MONEY = re.compile(MONEY_TEXT)
DECIMAL = re.compile(DECIMAL_TEXT)
DATE = re.compile(DATE_TEXT)

CENT = Decimal("0.01")
EURO = Decimal("1")

CONTEXT = decimal.Context(prec=34, rounding=decimal.ROUND_HALF_EVEN, Emax=999, Emin=-999,
                          traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])
"""The condition language's arithmetic: 34 digits, half to even, up to 10**999; used for every
operation and rounding so the caller's thread context never changes a result."""

_P = ParamSpec("_P")
_R = TypeVar("_R")


def in_context(fn: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run ``fn`` in a local copy of :data:`CONTEXT`, whatever context the calling thread set.

    Every public entry point that computes (``assess``, ``screen``, ``review``, ``signals``, the
    money formatting) is wrapped in it, so a caller's ``decimal.getcontext().prec = 3`` or traps
    turned off never change an amount, a verdict or a text. The caller's context is restored on
    return (``decimal.localcontext``).
    """

    @functools.wraps(fn)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        # what ``with decimal.localcontext(CONTEXT)`` does (set a copy, restore the caller's on any
        # exit), without making a context manager on every call: entry points run per case
        saved = _getcontext()
        _setcontext(_copy())
        try:
            return fn(*args, **kwargs)
        finally:
            _setcontext(saved)

    return wrapper


_getcontext, _setcontext, _copy = decimal.getcontext, decimal.setcontext, CONTEXT.copy

RoundingMode = Literal["half_up", "floor", "ceiling"]
ROUNDING: dict[RoundingMode, str] = {"half_up": decimal.ROUND_HALF_UP, "floor": decimal.ROUND_FLOOR, "ceiling": decimal.ROUND_CEILING}
"""Rounding modes by name (half up is away from zero on a tie), as the decimal module spells them."""
OUTCOME_ROUNDING: dict[str, RoundingMode] = {"half_up": "half_up", "down": "floor", "up": "ceiling"}
"""A policy outcome's ``rounding`` (``half_up``, ``down``, ``up``) as a rounding mode."""

Reason = Literal["yes-no", "type", "too-large", "not-finite", "pattern"]


class ScalarError(ValueError):
    """A value is not an exact number. ``reason`` says why; each reader words it for its readers."""

    def __init__(self, reason: Reason) -> None:
        self.reason: Reason = reason
        super().__init__(reason)


def exact_decimal(value: object, *, money: bool, floats: bool = False, max_int: int | None = None) -> Decimal:
    """``value`` as an exact ``Decimal``, written as money (two decimals) or as a number (twelve).

    Accepts ``int``, ``Decimal`` and text (surrounding spaces ignored), and with ``floats`` a
    ``float`` through its shortest ``repr`` (``1234.5`` is ``Decimal("1234.5")``: what was typed
    is what is used). A yes/no value is never a number.

    Args:
        value: The value.
        money: Two decimals at most (an amount in euros); otherwise twelve.
        floats: Accept binary floats whose ``repr`` is written as expected.
        max_int: Refuse whole numbers whose size is this or more.

    Raises:
        ScalarError: with the reason (``yes-no``, ``type``, ``too-large``, ``not-finite``, ``pattern``).
    """
    if isinstance(value, bool):
        raise ScalarError("yes-no")
    if isinstance(value, int):
        if max_int is not None and abs(value) >= max_int:
            raise ScalarError("too-large")
        return Decimal(value)
    if isinstance(value, float) and floats:
        text = repr(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ScalarError("not-finite")
        text = format(value, "f")
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise ScalarError("type")
    if not (MONEY if money else DECIMAL).fullmatch(text):
        raise ScalarError("pattern")
    return Decimal(text)


def date_text(text: str) -> date | None:
    """The date written as YYYY-MM-DD in ``text``; None when it is not written so.

    Raises:
        ValueError: it is written so, but no such day exists (2026-02-30).
    """
    if not DATE.fullmatch(text):
        return None
    return date.fromisoformat(text)


def exact_date(value: object) -> date:
    """``value`` as a date: a ``date`` that is not a ``datetime``, or text written YYYY-MM-DD.

    A unix timestamp, an ISO date-time (``2026-03-01T00:00:00Z``) or a ``datetime`` is not a date:
    which day it is depends on a time zone the value does not settle.

    Raises:
        ValueError: one line that never quotes the value (``not a date as YYYY-MM-DD``, ``not a
            real date`` for 2026-02-30, ``a moment in time, not a date``).
    """
    if isinstance(value, datetime):
        raise ValueError("a moment in time, not a date (give YYYY-MM-DD)")
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            day = date_text(value)
        except ValueError:
            raise ValueError("not a real date") from None
        if day is not None:
            return day
    raise ValueError("not a date as YYYY-MM-DD")


def round_exact(value: Decimal | int, places: int, mode: RoundingMode) -> Decimal:
    """``value`` rounded to ``places`` decimals in :data:`CONTEXT` (never the caller's context).

    Raises:
        ArithmeticError: the result has more digits than the context holds.
    """
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUNDING[mode], context=CONTEXT)
