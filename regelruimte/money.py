# SPDX-License-Identifier: EUPL-1.2
"""Exact money formatting for citizen texts and reports (no floats anywhere)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ._exact import CENT, in_context


@in_context
def format_money(amount: Decimal | int, lang: str = "nl") -> str:
    """Format euros the way a Dutch (``nl``) or English (``en``) reader expects.

    Example:
        >>> format_money(Decimal("1401.5"))
        '€ 1.401,50'
        >>> format_money(Decimal("-1012"), "en")
        '-€1,012.00'
    """
    q = Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, cents = f"{abs(q):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    if lang == "en":
        return f"{sign}€{','.join(groups)}.{cents}"
    return f"{sign}€ {'.'.join(groups)},{cents}"


@in_context
def format_percent(fraction: Decimal, lang: str = "nl") -> str:
    """``Decimal("0.0085")`` as ``0,9%`` (nl) or ``0.9%`` (en), one decimal, half up."""
    pct = (Decimal(fraction) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    text = f"{pct:f}"
    return (text.replace(".", ",") if lang == "nl" else text) + "%"


@in_context
def format_hours(hours: Decimal | int, lang: str = "nl") -> str:
    """Hours the way a reader expects: whole hours with thousands grouped from 100 on, one decimal
    below (``80.000`` and ``2,7`` in Dutch; ``80,000`` and ``2.7`` in English).

    Example:
        >>> format_hours(Decimal("80000.00")), format_hours(Decimal("2.67")), format_hours(Decimal("2.67"), "en")
        ('80.000', '2,7', '2.7')
    """
    value = Decimal(hours)
    if value == 0:
        return "0"
    q = value.quantize(Decimal(1) if abs(value) >= 100 else Decimal("0.1"), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, fraction = f"{abs(q):f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    thousands, point = (",", ".") if lang == "en" else (".", ",")
    return sign + thousands.join(groups) + (point + fraction if fraction else "")
