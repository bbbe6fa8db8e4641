# SPDX-License-Identifier: EUPL-1.2
"""Fact columns, normalised: each column read as its fact's type (money and decimals as exact scaled
integers, choices as a polars Enum), with the rows whose value is not valid, by the same text rules
as policy files and cases (:mod:`regelruimte._exact`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import polars as pl

from .._exact import DATE_TEXT, DECIMAL_TEXT, MONEY_TEXT, WHOLE_TEXT
from ..compiler.scaled import I128, lit_int
from ..model.facts import Fact

DECIMAL_SCALE = 12
_MONEY_TEXT, _DECIMAL_TEXT, _WHOLE_TEXT, _DATE_TEXT = (f"^{p}$" for p in (MONEY_TEXT, DECIMAL_TEXT, WHOLE_TEXT, DATE_TEXT))


def normalise(col: str, fact: Fact, dtype: pl.DataType, *, decimal_comma: bool = False) -> tuple[pl.Expr, pl.Expr, str, int]:
    """(value expression, invalid-row expression, expected text, scale) for one fact column.

    With ``decimal_comma`` (a CSV file separated by semicolons, as Dutch Excel writes it), an
    amount or decimal written ``1401,50`` or ``1.401,50`` reads as 1401.50.
    """
    c = pl.col(col)
    t = fact.type
    if t in ("money", "decimal"):
        scale = 2 if t == "money" else DECIMAL_SCALE
        expected = "an amount with at most two decimals" if t == "money" else "a number with at most twelve decimals"
        if dtype == pl.String and decimal_comma:
            dutch = c.str.strip_chars()
            grouped = dutch.str.contains(r"^[-+]?[0-9]{1,3}(\.[0-9]{3})+(,[0-9]+)?$")
            c = pl.when(grouped).then(dutch.str.replace_all(".", "", literal=True)).otherwise(dutch).str.replace(",", ".", literal=True)
        if dtype == pl.String:
            ok = c.str.contains(_MONEY_TEXT if t == "money" else _DECIMAL_TEXT)
            value = c.cast(pl.Decimal(38, scale), strict=False)
        elif isinstance(dtype, pl.Decimal) and (dtype.scale or 0) == scale:
            # already at the fact's scale: its storage is the scaled integer (range checked below)
            value = c
            ok = pl.lit(True)
        elif isinstance(dtype, pl.Decimal):
            # out of range first (a cast that overflows quotes the value), then the exact value
            fits = (c < 10**12) & (c > -(10**12))
            value = pl.when(fits).then(c).cast(pl.Decimal(38, scale), strict=False)
            ok = fits & (value.cast(dtype) == c if (dtype.scale or 0) > scale else pl.lit(True))
        elif dtype.is_integer():
            value = c.cast(pl.Decimal(38, scale))
            ok = (c < 10**12) & (c > -(10**12))
        elif dtype.is_float():
            # inf, NaN and the huge are refused before any cast: a failed cast quotes the value
            scaled = pl.when(_finite(c)).then(c * 10**scale)
            ok = (scaled - scaled.round(0)).abs() < 1e-6
            value = scaled.round(0).cast(pl.Decimal(38, 0)).cast(pl.Decimal(38, scale)) * pl.lit(Decimal(1).scaleb(-scale), dtype=pl.Decimal(38, scale))
        else:
            return pl.lit(None, dtype=I128), c.is_not_null(), expected, scale
        cents = value.to_physical()  # a Decimal is stored as its scaled integer (Int128): exact and free
        ok = ok & (cents < 10 ** (12 + scale)) & (cents > -(10 ** (12 + scale)))
        if fact.minimum is not None:
            ok = ok & (cents >= int(fact.minimum.scaleb(scale)))
        if fact.maximum is not None:
            ok = ok & (cents <= int(fact.maximum.scaleb(scale)))
        invalid = c.is_not_null() & ok.not_().fill_null(True)
        return pl.when(invalid).then(None).otherwise(cents), invalid, expected, scale
    if t == "int":
        if dtype.is_integer():
            value = c.cast(I128)
            ok = (c < 10**12) & (c > -(10**12))
        elif dtype.is_float():
            whole = pl.when(_finite(c)).then(c)
            ok = (whole - whole.round(0)).abs() == 0
            value = whole.round(0).cast(I128)
        elif dtype == pl.String:
            ok = c.str.contains(_WHOLE_TEXT)
            value = c.cast(I128, strict=False)
        else:
            return pl.lit(None, dtype=I128), c.is_not_null(), "a whole number", 0
        if fact.minimum is not None:
            ok = ok & (value >= int(fact.minimum))
        if fact.maximum is not None:
            ok = ok & (value <= int(fact.maximum))
        invalid = c.is_not_null() & ok.not_().fill_null(True)
        return pl.when(invalid).then(None).otherwise(value), invalid, "a whole number", 0
    if t == "bool":
        if dtype == pl.Boolean:
            return c, pl.lit(False), "true or false", 0
        if dtype == pl.String:
            value = c.replace_strict({"true": True, "false": False}, default=None, return_dtype=pl.Boolean)
            return value, c.is_not_null() & value.is_null(), "true or false", 0
        return pl.lit(None, dtype=pl.Boolean), c.is_not_null(), "true or false", 0
    if t == "date":
        if dtype == pl.Date:
            return c, pl.lit(False), "a date", 0
        if isinstance(dtype, pl.Datetime):  # pandas keeps dates as datetime64: a date at midnight is a date
            value = c.dt.date()
            return value, c.is_not_null() & (c != value.cast(dtype)), "a date (without a time of day)", 0
        if dtype == pl.String:
            value = c.str.to_date("%Y-%m-%d", strict=False)
            return value, c.is_not_null() & (value.is_null() | c.str.contains(_DATE_TEXT).not_()), "a date as YYYY-MM-DD", 0
        return pl.lit(None, dtype=pl.Date), c.is_not_null(), "a date", 0
    # enum and text
    if t == "enum" and isinstance(dtype, pl.Enum) and list(dtype.categories) == list(fact.values or ()):
        return c, pl.lit(False), "one of " + ", ".join(fact.values or ()), 0  # already the fact's Enum: valid by its type
    value = c.cast(pl.String)
    if t == "enum":
        allowed = pl.lit(pl.Series(list(fact.values or ()), dtype=pl.String)).implode()
        invalid = c.is_not_null() & value.is_in(allowed).not_()
        # an Enum column makes look-ups and comparisons integer work instead of string hashing
        return pl.when(invalid).then(None).otherwise(value).cast(pl.Enum(list(fact.values or ()))), invalid, "one of " + ", ".join(fact.values or ()), 0
    return value, pl.lit(False), "text", 0


@dataclass(frozen=True)
class RangeCheck:
    """A typed column whose values are valid exactly when its physical value (``physical``: a
    Decimal's scaled integer, an integer itself) times ``factor`` (the fact's scale over the
    column's) lies within ``low`` .. ``high``. Its smallest and largest value tell whether any is
    invalid, without a test per row; when none is, the fact's value is :attr:`value`."""

    physical: pl.Expr
    low: int
    high: int
    factor: int = 1
    signed64: bool = True
    """Whether the physical values are signed integers of 64 bits or more: read as unsigned, a
    negative one is then at least 2**63, beyond any valid value (which is below 10**24)."""

    @property
    def value(self) -> pl.Expr:
        """The fact's scaled integer, exactly (for a column whose values are all valid)."""
        return self.physical if self.factor == 1 else self.physical * lit_int(self.factor)

    def extremes(self, low: str, high: str) -> list[pl.Expr]:
        """Aggregations giving the smallest (as ``low``) and largest (as ``high``) physical value.
        With ``low`` zero (an amount of at least 0) and 64 bits or more, one aggregation: the
        largest value read as unsigned, where a negative value is larger than any valid one (the
        smallest is then taken as 0, and :meth:`valid` refuses the column when a value is
        negative). A narrower integer read as unsigned would not be: -1 as UInt8 is 255."""
        if self.low == 0 and self.signed64:
            return [self.physical.reinterpret(signed=False).max().alias(high)]
        return [self.physical.min().alias(low), self.physical.max().alias(high)]

    def valid(self, smallest: int | None, largest: int | None) -> bool:
        """Whether every value is valid, given the column's smallest and largest physical value."""
        return smallest is None or (largest is not None and self.low <= smallest * self.factor and largest * self.factor <= self.high)


def range_check(col: str, fact: Fact, dtype: pl.DataType) -> RangeCheck | None:
    """The :class:`RangeCheck` of a money or decimal column at the fact's scale or fewer decimals, or an
    integer column of an int fact; ``None`` for any other (its values are tested row by row)."""
    c = pl.col(col)
    if fact.type in ("money", "decimal") and isinstance(dtype, pl.Decimal) and (dtype.scale or 0) <= (scale := 2 if fact.type == "money" else DECIMAL_SCALE):
        low, high = -(10 ** (12 + scale)) + 1, 10 ** (12 + scale) - 1
        if fact.minimum is not None:
            low = max(low, int(fact.minimum.scaleb(scale)))
        if fact.maximum is not None:
            high = min(high, int(fact.maximum.scaleb(scale)))
        return RangeCheck(c.to_physical(), low, high, 10 ** (scale - (dtype.scale or 0)))
    if fact.type == "int" and dtype.is_integer():
        low, high = -(10**12) + 1, 10**12 - 1
        if fact.minimum is not None:
            low = max(low, int(fact.minimum))
        if fact.maximum is not None:
            high = min(high, int(fact.maximum))
        return RangeCheck(c, low, high, 1, dtype in (pl.Int64, pl.Int128))
    return None


def _finite(c: pl.Expr) -> pl.Expr:
    """A float that can be a fact value at all: not inf, not NaN, less than 10**12 either way."""
    return c.is_finite() & (c.abs() < 10**12)


def missing(fact: Fact) -> pl.Expr:
    if fact.type == "enum":  # the same Enum type as a present column, so look-ups by code work
        return pl.lit(None, dtype=pl.Enum(list(fact.values or ())))
    dtype = {"money": I128, "decimal": I128, "int": I128, "bool": pl.Boolean, "date": pl.Date}.get(fact.type, pl.String)
    return pl.lit(None, dtype=dtype)


def as_bool(c: pl.Expr, dtype: Any) -> pl.Expr:
    if dtype == pl.Boolean:
        return c
    if dtype == pl.String:  # e.g. from CSV
        return c.str.to_lowercase().replace_strict({"true": True, "false": False, "1": True, "0": False, "ja": True, "nee": False}, default=None, return_dtype=pl.Boolean)
    return c.cast(pl.Boolean, strict=False)
