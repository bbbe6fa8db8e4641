# SPDX-License-Identifier: EUPL-1.2
"""Hypothesis strategies: well-typed condition *text* over a small fact schema, and cases for it.

The text is built from the grammar's own constructs, typed by construction (money only meets
money or number literals, keyed parameters always get a key, ...), so the real parser and type
checker must accept every generated expression; the tests then evaluate it with the real
compiled code. Kept independent of the package's internals: only names, types and text.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

# name -> type of the facts a generated expression may use
FACTS: dict[str, str] = {
    "b1": "bool", "b2": "bool", "b3": "bool",
    "i1": "int", "i2": "int",
    "m1": "money", "m2": "money", "m3": "money",
    "e1": "enum",
    "d1": "date", "d2": "date",
}
ENUM_VALUES = ("a", "b", "c")
# parameters (one keyed per enum value) and one derived value
PARAMS: dict[str, Any] = {
    "p_m": Decimal("1401.50"),
    "p_d": Decimal("0.80"),
    "p_i": 3,
    "p_k": {"a": Decimal("1000.00"), "b": Decimal("1500.25"), "c": Decimal("0.01")},
}
PARAM_TYPES = {"p_m": "money", "p_d": "decimal", "p_i": "int", "p_k": "money"}
DERIVED = {"dv": ("money", "m1 + m2 * 2")}
PEILDATUM = date(2026, 3, 1)

MAX_INT = 10**12 - 1  # the case validator refuses whole numbers of 10**12 and more

MAX_CENTS = 10**14 - 1  # 999999999999.99, the largest amount a case or a population may hold


def month_ends(years: tuple[int, ...]) -> list[date]:
    """The last and first day of every month of ``years``: where add_months clamps and leap days fall."""
    out = {date(y, m, d) for y in years for m in range(1, 13) for d in (1, calendar.monthrange(y, m)[1])}
    return sorted(out)


# the edges of money's range, and the dates where calendars differ: month ends, leap days (2000 and
# 2024 are leap years, 1900 and 2100 are not), the first and last months of the calendar
MONEY_EDGES = sorted({Decimal(c).scaleb(-2) for c in (0, 1, -1, 99, 100, MAX_CENTS, MAX_CENTS - 1, -MAX_CENTS, -MAX_CENTS + 1, 10**12, -(10**12))})
INT_EDGES = [0, 1, -1, 12, 31, MAX_INT, MAX_INT - 1, -MAX_INT, -MAX_INT + 1]
DATE_EDGES = month_ends((1, 1900, 2000, 2023, 2024, 2025, 2026, 2027, 2028, 2100, 9999))

# Few draws per value (generation dominates the run time); hypothesis already favours 0 and the bounds.
ints = st.one_of(st.integers(-100, 100), st.integers(-MAX_INT, MAX_INT), st.sampled_from(INT_EDGES))
cents = st.integers(-MAX_CENTS, MAX_CENTS)
money = st.one_of(cents.map(lambda c: Decimal(c).scaleb(-2)), st.sampled_from(MONEY_EDGES))
dates = st.one_of(st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)), st.sampled_from(DATE_EDGES))
VALUES: dict[str, st.SearchStrategy[Any]] = {
    "bool": st.booleans(),
    "int": ints,
    "money": money,
    "enum": st.sampled_from(ENUM_VALUES),
    "date": dates,
}


def fact_values() -> st.SearchStrategy[dict[str, Any]]:
    """A value for every fact of the schema."""
    return st.fixed_dictionaries({name: VALUES[t] for name, t in FACTS.items()})


# -- literals as text ---------------------------------------------------------------------------
int_literal = st.one_of(st.integers(0, 1000), st.integers(0, MAX_INT)).map(str)
money_literal = st.builds(lambda e, c: f"{e}.{c:02d}", st.integers(0, 10**9), st.integers(0, 99))
decimal_literal = st.one_of(
    st.builds(lambda e, f: f"{e}.{f}", st.integers(0, 100), st.integers(0, 99_999)),
    st.builds(lambda p: f"{p}%", st.integers(0, 200)),
)
date_literal = st.dates(min_value=date(1000, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat)


def _make_leaf(kind: str) -> st.SearchStrategy[str]:
    names = [n for n, t in FACTS.items() if t == kind] + [n for n, t in PARAM_TYPES.items() if t == kind and n != "p_k"]
    names += [n for n, (t, _) in DERIVED.items() if t == kind]
    options: list[st.SearchStrategy[str]] = [st.sampled_from(names)] if names else []
    if kind == "bool":
        options.append(st.sampled_from(["true", "false"]))
    elif kind == "int":
        options += [int_literal, int_literal.map(lambda s: "-" + s)]
    elif kind == "money":
        options += [st.just("p_k[e1]"), st.sampled_from(ENUM_VALUES).map(lambda v: f'p_k["{v}"]')]
    elif kind == "decimal":
        options.append(decimal_literal)
    elif kind == "date":
        options.append(date_literal)
    return st.one_of(options)


_LEAVES = {kind: _make_leaf(kind) for kind in ("bool", "int", "money", "decimal", "date")}
_S: dict[tuple[Any, ...], st.SearchStrategy[Any]] = {}


def _leaf(kind: str) -> st.SearchStrategy[str]:
    return _LEAVES[kind]


def _one(*options: Any) -> st.SearchStrategy[Any]:
    """A cached ``sampled_from``: building strategies is what makes generation slow."""
    if options not in _S:
        _S[options] = st.sampled_from(options)
    return _S[options]


def _int(lo: int, hi: int) -> st.SearchStrategy[int]:
    if (lo, hi) not in _S:
        _S[(lo, hi)] = st.integers(lo, hi)
    return _S[(lo, hi)]


_BOOLS = st.booleans()
_NUMBER_LITERAL = st.one_of(int_literal, money_literal)
_ENUM_LISTS = st.lists(st.sampled_from(ENUM_VALUES), min_size=1, max_size=3)
_INT_LISTS = st.lists(st.integers(-5, 5), min_size=1, max_size=3)
Draw = Callable[[st.SearchStrategy[Any]], Any]


def _compound(draw: Draw, kind: str, depth: int) -> str:
    def sub(k: str) -> str:
        return _expr(draw, k, depth - 1)

    if kind == "bool":
        choice = draw(_int(0, 10))
        if choice == 0:
            return f"not ({sub('bool')})"
        if choice in (1, 2):
            word = "and" if choice == 1 else "or"
            n = draw(_int(2, 3))
            return f" {word} ".join(f"({sub('bool')})" for _ in range(n))
        if choice == 3:
            return f"if {sub('bool')} then ({sub('bool')}) else ({sub('bool')})"
        if choice == 4:
            op = draw(_one("==", "!="))
            return f'e1 {op} "{draw(_one(*ENUM_VALUES))}"'
        if choice == 5:
            items = draw(_ENUM_LISTS)
            neg = draw(_one("in", "not in"))
            return f"e1 {neg} [{', '.join(repr(v) for v in items)}]"
        if choice == 6:
            items = draw(_INT_LISTS)
            return f"({sub('int')}) in [{', '.join(map(str, items))}]"
        if choice == 7:
            return f"({sub('bool')}) {draw(_one('==', '!='))} ({sub('bool')})"
        op = draw(_one("<", "<=", ">", ">=", "==", "!="))
        left, right = draw(_one(("int", "int"), ("money", "money"), ("decimal", "decimal"), ("int", "decimal"), ("date", "date"), ("money", "lit")))
        rhs = draw(_NUMBER_LITERAL) if right == "lit" else f"({sub(right)})"
        return f"({sub(left)}) {op} {rhs}"
    if kind == "int":
        choice = draw(_int(0, 6))
        if choice == 0:
            return f"({sub('int')}) {draw(_one('+', '-', '*'))} ({sub('int')})"
        if choice == 1:
            return f"-({sub('int')})"
        if choice == 2:
            return f"abs({sub('int')})"
        if choice == 3:
            return f"{draw(_one('min', 'max'))}({sub('int')}, {sub('int')})"
        if choice == 4:
            return f"{draw(_one('days_between', 'months_between', 'years_between'))}({sub('date')}, {sub('date')})"
        if choice == 5:
            return f"if {sub('bool')} then ({sub('int')}) else ({sub('int')})"
        return f"({sub('int')}) * {draw(int_literal)}"
    if kind == "money":
        choice = draw(_int(0, 9))
        if choice == 0:
            return f"({sub('money')}) {draw(_one('+', '-'))} ({sub('money')})"
        if choice == 1:
            return f"({sub('money')}) * ({sub(draw(_one('int', 'decimal')))})"
        if choice == 2:
            return f"({sub(draw(_one('int', 'decimal')))}) * ({sub('money')})"
        if choice == 3:
            return f"({sub('money')}) / ({sub(draw(_one('int', 'decimal')))})"
        if choice == 4:
            fn = draw(_one("round_cents", "round_cents_up", "round_cents_down", "round_euros_down", "abs"))
            return f"{fn}({sub('money')})"
        if choice == 5:
            other = "0" if draw(_BOOLS) else sub("money")
            return f"{draw(_one('min', 'max'))}({sub('money')}, {other})"
        if choice == 6:
            return f"-({sub('money')})"
        if choice == 7:
            return f"if {sub('bool')} then ({sub('money')}) else ({sub('money')})"
        return f"({sub('money')}) {draw(_one('+', '-'))} {draw(money_literal)}"
    if kind == "decimal":
        choice = draw(_int(0, 3))
        if choice == 0:
            return f"({sub('money')}) / ({sub('money')})"
        if choice == 1:
            return f"({sub('int')}) / ({sub('int')})"
        if choice == 2:
            return f"({sub('decimal')}) {draw(_one('+', '-', '*'))} ({sub(draw(_one('int', 'decimal')))})"
        return f"if {sub('bool')} then ({sub('decimal')}) else ({sub('decimal')})"
    # date
    choice = draw(_int(0, 2))
    if choice == 0:
        return f"{draw(_one('add_days', 'add_months'))}({sub('date')}, {sub('int')})"
    if choice == 1:
        return f"{draw(_one('min', 'max'))}({sub('date')}, {sub('date')})"
    return f"if {sub('bool')} then ({sub('date')}) else ({sub('date')})"


def _expr(draw: Draw, kind: str, depth: int) -> str:
    if depth <= 0 or draw(_int(0, 3)) == 0:
        return draw(_leaf(kind))
    return _compound(draw, kind, depth)


@st.composite
def expressions(draw: Draw, kind: str | None = None, max_depth: int = 4) -> tuple[str, str]:
    """``(text, kind)``: a well-typed expression of ``kind`` (any kind when None)."""
    kind = kind or draw(_one("bool", "bool", "int", "money", "decimal", "date"))
    return _expr(draw, kind, draw(_int(1, max_depth))), kind
