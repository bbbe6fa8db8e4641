# SPDX-License-Identifier: EUPL-1.2
"""The date functions' column forms (regelruimte/compiler/vectorised_functions.py) against the
evaluator's, with each argument a column or a constant: a constant date (the reference date,
mostly) is taken apart at compile time, and a constant number of months is one offset for every
row, so each combination is its own code path."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from regelruimte.compiler.scaled import Num, lit_int
from regelruimte.compiler.vectorised_functions import DATE_TABLE_DAYS, _interval, _shift, interval_by_day, shifted_by_day
from regelruimte.conditions.functions import _years_between, add_months, months_between

EDGES = [date(2024, 2, 29), date(2026, 3, 1), date(2026, 1, 31), date(2025, 12, 31), date(2026, 2, 28), date(2000, 2, 29), date(1, 1, 1), date(9999, 12, 31)]
DAYS = st.one_of(st.sampled_from(EDGES), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)),
                 st.integers(-900, 900).map(lambda d: date(2026, 3, 1) + timedelta(days=d)))
INTERVALS = {"months_between": months_between, "years_between": _years_between}


def _column(values: list[date | None]) -> pl.DataFrame:
    return pl.DataFrame({"d": values}, schema={"d": pl.Date})


@settings(deadline=None, max_examples=60)
@given(st.lists(st.one_of(st.none(), DAYS), min_size=1, max_size=30), DAYS, st.sampled_from(sorted(INTERVALS)))
def test_an_interval_with_a_constant_date_on_either_side(values: list[date | None], constant: date, function: str) -> None:
    frame = _column(values)
    ref = INTERVALS[function]
    forward = frame.select(_interval(function, [pl.col("d"), pl.lit(constant)]).expr)[:, 0].to_list()
    backward = frame.select(_interval(function, [pl.lit(constant), pl.col("d")]).expr)[:, 0].to_list()
    both = frame.select(_interval(function, [pl.col("d"), pl.col("d").reverse()]).expr)[:, 0].to_list()
    assert forward == [None if v is None else ref(v, constant) for v in values]
    assert backward == [None if v is None else ref(constant, v) for v in values]
    assert both == [None if a is None or b is None else ref(a, b) for a, b in zip(values, reversed(values))]


@pytest.mark.parametrize("function", sorted(INTERVALS))
def test_an_interval_of_two_constants_is_a_constant(function: str) -> None:
    for a in EDGES:
        for b in EDGES:
            assert pl.select(_interval(function, [pl.lit(a), pl.lit(b)]).expr).item() == INTERVALS[function](a, b)


def _add_months(d: date | None, n: int) -> date | None:
    if d is None:
        return None
    try:
        return add_months(d, n)
    except (ValueError, OverflowError):  # past the calendar: the evaluator's unknown
        return None


@settings(deadline=None, max_examples=60)
@given(st.lists(st.one_of(st.none(), DAYS), min_size=1, max_size=30),
       st.one_of(st.integers(-36, 36), st.sampled_from([1200, -1200, 119_999, -119_999, 120_000, -120_000, 10**9])))
def test_add_months_of_a_constant_term_as_of_a_term_per_row(values: list[date | None], months: int) -> None:
    frame = _column(values).with_columns(pl.lit(months, dtype=pl.Int128).alias("n"))
    constant = frame.select(_shift("add_months", [pl.col("d"), Num(lit_int(months), 0)]).alias("x"))["x"].to_list()
    per_row = frame.select(_shift("add_months", [pl.col("d"), Num(pl.col("n"), 0)]).alias("x"))["x"].to_list()
    assert constant == per_row == [_add_months(v, months) for v in values]


NEAR = st.one_of(st.sampled_from(EDGES[:6]), st.dates(min_value=date(1800, 1, 1), max_value=date(2300, 12, 31)))
"""Dates within DATE_TABLE_DAYS of each other (about 550 years), plus the calendar's ends apart."""


@settings(deadline=None, max_examples=60)
@given(st.lists(st.one_of(st.none(), NEAR), min_size=1, max_size=30), DAYS, st.sampled_from(sorted(INTERVALS)))
def test_an_interval_looked_up_by_day_equals_its_column_form(values: list[date | None], constant: date, function: str) -> None:
    # screen looks up months and years between a date column and the reference date in a table of
    # the column's days (first..last in the population); a null date is a null index, thus null
    known = [v for v in values if v is not None]
    first, last = ((min(known) - date(1970, 1, 1)).days, (max(known) - date(1970, 1, 1)).days) if known else (0, 0)
    frame, ref = _column(values), INTERVALS[function]
    for column_first in (True, False):
        looked_up = interval_by_day(function, pl.col("d"), first, last, constant, column_first, [True, False])
        assert looked_up is not None
        out = frame.select(looked_up.expr)[:, 0].to_list()
        assert out == [None if v is None else ref(v, constant) if column_first else ref(constant, v) for v in values]
        assert looked_up.nullable


def test_an_interval_over_more_days_than_the_table_holds_is_not_looked_up() -> None:
    wide = interval_by_day("years_between", pl.col("d"), 0, DATE_TABLE_DAYS + 1, date(2026, 3, 1), True, [True, False])
    assert wide is None
    edge = interval_by_day("years_between", pl.col("d"), 0, DATE_TABLE_DAYS, date(2026, 3, 1), True, [True, False])
    assert edge is not None


@settings(deadline=None, max_examples=60)
@given(st.lists(st.one_of(st.none(), NEAR), min_size=1, max_size=30),
       st.one_of(st.integers(-36, 36), st.sampled_from([1200, -1200, 119_999, -119_999, 120_000, -120_000, 10**9])))
def test_add_months_looked_up_by_day_equals_the_evaluator(values: list[date | None], months: int) -> None:
    known = [v for v in values if v is not None]
    first, last = ((min(known) - date(1970, 1, 1)).days, (max(known) - date(1970, 1, 1)).days) if known else (0, 0)
    looked_up = shifted_by_day(pl.col("d"), first, last, Num(lit_int(months), 0))
    assert looked_up is not None
    assert _column(values).select(looked_up.alias("x"))["x"].to_list() == [_add_months(v, months) for v in values]
    assert shifted_by_day(pl.col("d"), first, last, Num(pl.col("n"), 0)) is None  # months per row: the column form
    assert shifted_by_day(pl.col("d"), 0, DATE_TABLE_DAYS + 1, Num(lit_int(months), 0)) is None
