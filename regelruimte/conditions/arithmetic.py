# SPDX-License-Identifier: EUPL-1.2
"""The exact arithmetic of the condition language: ``+ - * /`` on known numbers, as the evaluator
(:mod:`.evaluate`, whose docstring states the semantics) and the interval evaluator
(:mod:`.intervals`) compute them. Money is ``Decimal`` in the fixed context of
:data:`regelruimte._exact.CONTEXT`; whole numbers stay ``int``; a product and a quotient are
rounded half to even at :data:`DECIMALS` decimals, each exactly once; a result of :data:`LIMIT` or
more in size is unknown (None)."""

from __future__ import annotations

import decimal
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .._exact import CONTEXT as CTX

DECIMALS = 12
"""A product or a quotient is rounded half to even at this many decimals, in both paths."""
LIMIT = 10**22
"""A result of ``+ - * /`` is unknown from this size on (22 whole digits, 34 with the decimals)."""
DIVISION_QUANTUM = Decimal(1).scaleb(-DECIMALS)
_DLIMIT = Decimal(LIMIT)
"""LIMIT as a Decimal: a Decimal result compares with it without converting an int on every call."""
_EXACT = decimal.Context(prec=decimal.MAX_PREC, rounding=decimal.ROUND_HALF_EVEN, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN,
                         traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])
"""A product in full (it has at most twice the digits of its operands), rounded once."""
_QUOTIENT = decimal.Context(prec=24 + DECIMALS, rounding=decimal.ROUND_05UP, Emax=999, Emin=-999,
                            traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])
"""A quotient to two digits more than a result in range can have, rounded toward zero unless the
last digit is 0 or 5 (decimal's round-to-odd): rounding that once more half to even at 12
decimals gives the same number as rounding the exact quotient once."""


def _negate(v: Any) -> Any:
    return -v if v.__class__ is int else CTX.minus(v)  # -Decimal would round to the caller's context


def _in_range(op: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """``op`` in CTX; no result (unknown) where the result is :data:`LIMIT` or more in size."""

    def run(a: Any, b: Any) -> Any:
        try:
            out = op(a, b)
        except ArithmeticError:
            return None
        return out if -LIMIT < out < LIMIT else None

    return run


def product(a: Any, b: Any) -> Decimal:
    """``a * b`` rounded half to even at :data:`DECIMALS` decimals (whatever its size)."""
    out = _EXACT.multiply(a, b)
    if out.as_tuple().exponent < -DECIMALS:  # type: ignore[operator]
        out = out.quantize(DIVISION_QUANTUM, context=_EXACT)
    return out


def quotient(a: Any, b: Any) -> Decimal:
    """``a / b`` (``b`` not zero) rounded half to even at :data:`DECIMALS` decimals.

    Raises:
        ArithmeticError: the quotient is beyond 10**999.
    """
    return _QUOTIENT.divide(a, b).quantize(DIVISION_QUANTUM, rounding=decimal.ROUND_HALF_EVEN, context=_EXACT)


def _product(a: Any, b: Any) -> Any:
    out = product(a, b)
    return out if -LIMIT < out < LIMIT else None


def _quotient(a: Any, b: Any) -> Any:
    try:
        out = quotient(a, b)
    except ArithmeticError:  # beyond 10**999
        return None
    return out if -LIMIT < out < LIMIT else None


_add, _sub = _in_range(CTX.add), _in_range(CTX.subtract)  # accept int operands too


def arithmetic(op: str) -> Callable[[Any, Any], Any]:
    """The evaluator's ``+ - * /`` on two known numbers: the result, or None (unknown)."""

    def whole(a: Any, b: Any) -> Any:
        out = a + b if op == "+" else a - b if op == "-" else a * b
        return out if -LIMIT < out < LIMIT else None

    ranged = {"+": _add, "-": _sub, "*": _product, "/": _quotient}[op]

    def run(a: Any, b: Any) -> Any:
        if op == "/":
            return None if b == 0 else _quotient(a, b)
        if a.__class__ is int and b.__class__ is int:
            return whole(a, b)
        return ranged(a, b)

    return run
