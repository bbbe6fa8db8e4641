# SPDX-License-Identifier: EUPL-1.2
"""A plain case and its facts are read without pydantic's machinery (regelruimte.model.case:
``_plain_case``, ``FactValidator._plain``): what they give must be exactly what pydantic's models
give, value for value and type for type, and anything they do not read the same goes the full way
(with pydantic's errors)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import regelruimte as rr
from regelruimte.errors import CaseError
from regelruimte.model.case import Case, FactValidator, _plain_case, as_case
from regelruimte.model.facts import Fact

FACTS = {
    "inkomen": Fact(type="money", description="Inkomen", minimum=Decimal(0), maximum=Decimal("100000")),
    "kinderen": Fact(type="int", description="Kinderen", minimum=Decimal(0)),
    "factor": Fact(type="decimal", description="Factor"),
    "werkt": Fact(type="bool", description="Werkt"),
    "geboren": Fact(type="date", description="Geboren"),
    "naam": Fact(type="text", description="Naam"),
    "huishouden": Fact(type="enum", description="Huishouden", values=["alleen", "samen"]),
}
VALIDATOR = FactValidator("plain", FACTS)


class _Text(str):
    pass


class _Number(int):
    pass


class _Day(dt.date):
    pass


VALUES: list[Any] = [
    None, True, False, 0, 1, -1, 3, 10**12 - 1, 10**12, -(10**12), _Number(2), 1.5, 1234.56, 1234.567, 0.1, float("nan"), float("inf"), -0.0,
    "0", "-0.00", "1234.56", " 12.50 ", "1234.567", "0.000000000001", "1e3", "NaN", "", "ja", "alleen", "samen", _Text("alleen"), "Alleen",
    "2026-03-01", "2026-02-30", "2026-03-01T00:00:00", "\ud800", "x" * 10_001, Decimal("12.34"), Decimal("-0"), Decimal("NaN"), Decimal("1E+2"),
    Decimal("0.001"), dt.date(2026, 3, 1), _Day(2026, 3, 1), dt.datetime(2026, 3, 1), [], {}, b"1",
]


def _by_model(facts: dict[str, Any]) -> dict[str, Any] | CaseError:
    """What the validator gave before the plain reading: pydantic's model, then the bounds."""
    plain, VALIDATOR._plain = VALIDATOR._plain, lambda *args: None  # type: ignore[method-assign]
    try:
        return VALIDATOR.validate(facts)
    except CaseError as exc:
        return exc
    finally:
        VALIDATOR._plain = plain  # type: ignore[method-assign]


def _as_read(facts: dict[str, Any]) -> dict[str, Any] | CaseError:
    try:
        return VALIDATOR.validate(facts)
    except CaseError as exc:
        return exc


def _same(a: dict[str, Any] | CaseError, b: dict[str, Any] | CaseError) -> None:
    if isinstance(a, CaseError) or isinstance(b, CaseError):
        assert isinstance(a, CaseError) and isinstance(b, CaseError)
        assert [(p, p.render("nl")) for p in a.problems] == [(p, p.render("nl")) for p in b.problems]
        return
    assert list(a.items()) == list(b.items())  # the same names in the same order, equal values
    assert [(type(v), repr(v)) for v in a.values()] == [(type(v), repr(v)) for v in b.values()]  # of the same type, written the same


@pytest.mark.parametrize("name", sorted(FACTS))
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_every_value_of_every_type_reads_as_pydantic_reads_it(name: str, value: Any) -> None:
    _same(_as_read({name: value}), _by_model({name: value}))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(sorted(FACTS)), st.sampled_from(VALUES), max_size=len(FACTS)))
def test_cases_read_as_pydantic_reads_them(facts: dict[str, Any]) -> None:
    _same(_as_read(facts), _by_model(facts))


def test_the_plain_reading_reads_a_plain_case_and_declines_what_it_cannot_read() -> None:
    assert VALIDATOR._plain({"inkomen": "12.50", "naam": None}) == {"inkomen": Decimal("12.50")}
    assert VALIDATOR._plain({"kinderen": _Number(2)}) is None  # a subclass: pydantic decides what it becomes
    assert VALIDATOR._plain({"inkomen": "12.505"}) is None  # refused: pydantic words the problem
    assert VALIDATOR._plain({"inkomen": "12.50", "onbekend": 1}) is None  # an unknown fact: counted the full way
    assert VALIDATOR._plain({"inkomen": "12.50", "onbekend": 1}, allow_unknown=True) == {"inkomen": Decimal("12.50")}


CASES: list[dict[str, Any]] = [
    {"date": "2026-03-01", "facts": {"a": "1"}},
    {"date": dt.date(2026, 3, 1), "facts": {}, "id": "zaak-1"},
    {"date": "2026-03-01", "facts": {}, "id": None},
    {"date": _Day(2026, 3, 1), "facts": {}},
    {"date": "2026-03-01", "facts": {_Text("a"): 1}},
    {"date": "2026-03-01", "facts": {1: 1}},
    {"date": "2026-03-01", "facts": {}, "id": _Text("zaak")},
    {"date": "2026-03-01", "facts": {}, "id": 7},
    {"date": "2026-03-01", "facts": {}, "id": "\ud800"},
    {"date": "2026-03-01", "facts": {}, "provenance": {}},
    {"date": "2026-03-01", "facts": {}, "periods": []},
    {"date": "2026-03-01"},
    {"facts": {}},
    {"date": "2026-02-30", "facts": {}},
    {"date": dt.datetime(2026, 3, 1), "facts": {}},
    {"date": "2026-03-01", "facts": [("a", 1)]},
    {"date": "2026-03-01", "facts": {}, "bsn": "1"},
]


@pytest.mark.parametrize("case", CASES, ids=repr)
def test_a_case_reads_as_pydantic_reads_it(case: dict[str, Any]) -> None:
    try:
        expected: Case | str = Case.model_validate(case)
    except Exception:  # noqa: BLE001 - as_case words it; compared below
        expected = "refused"
    if expected == "refused":
        assert _plain_case(case) is None
        with pytest.raises(CaseError):
            as_case(case)
        return
    got = as_case(case)
    assert isinstance(expected, Case)
    assert got == expected and got.__pydantic_fields_set__ == expected.__pydantic_fields_set__
    assert list(got.__dict__) == list(expected.__dict__) and got.__pydantic_private__ == expected.__pydantic_private__
    assert type(got.date) is type(expected.date) and [type(k) for k in got.facts] == [type(k) for k in expected.facts]
    if "facts" in case:  # a copy, as pydantic makes: changing the caller's dict later changes nothing
        assert got.facts is not case["facts"] and expected.facts is not case["facts"]


def test_a_plain_case_is_read_plainly() -> None:
    assert _plain_case({"date": "2026-03-01", "facts": {"a": 1}, "id": "z"}) is not None
    assert _plain_case({"date": "2026-03-01", "facts": {}, "provenance": {}}) is None  # the full way
    policy = rr.load_policies()["kwijtschelding_afvalstoffenheffing"]
    with pytest.raises(CaseError):
        rr.assess(policy, {"date": "2026-03-01", "facts": {"netto_inkomen": "veel"}})


@pytest.mark.parametrize("money", [True, False])
@pytest.mark.parametrize("value", [v for v in VALUES if isinstance(v, str)] + ["1401.5", "-12", "0.123456789012", "0.1234567890123", "1234567890123", "12 34", "+1", "١٢"], ids=repr)
def test_text_reads_as_exact_decimal_reads_it(money: bool, value: str) -> None:
    """The money and number validators read text in a few steps of their own: as exact_decimal does."""
    from regelruimte.model.fact_values import _decimal, _money, _number

    def read(fn: Any, *args: Any, **kwargs: Any) -> tuple[str, str]:
        try:
            got = fn(*args, **kwargs)
        except ValueError as exc:
            return ("refused", str(exc))
        return (type(got).__name__, repr(got))

    assert read(_money if money else _number, value) == read(_decimal, value, money=money)
