# SPDX-License-Identifier: EUPL-1.2
"""The value of one fact of a case: the validator of each fact type, the type it gives, and what the
case's JSON Schema says a value may look like. :class:`~regelruimte.model.case.FactValidator`
builds its pydantic model from these and reads a plain case with the same validators."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import BeforeValidator, Field

from .._exact import DECIMAL, DECIMAL_TEXT, MONEY, MONEY_TEXT, ScalarError, exact_date, exact_decimal
from .facts import Fact

_SCALAR_MESSAGES = {"yes-no": "a yes/no value is not a number", "too-large": "the number is too large", "not-finite": "the number is not finite",
                    "type": "not a number", "pattern": "not written as expected"}
_LIMIT = 10**12 - 1  # numbers of 10**12 and more are refused


def encodable(text: str) -> bool:
    """Whether ``text`` can be written as UTF-8 (a lone surrogate from a JSON escape cannot)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _money(value: Any) -> Any:
    if type(value) is str:  # the usual value from JSON: exact_decimal's own steps for text, written out
        text = value.strip()
        if MONEY.fullmatch(text):
            return Decimal(text)
    return _decimal(value, money=True)  # anything else, and every refusal, the one way


def _number(value: Any) -> Any:
    if type(value) is str:
        text = value.strip()
        if DECIMAL.fullmatch(text):
            return Decimal(text)
    return _decimal(value, money=False)


def _decimal(value: Any, *, money: bool) -> Decimal:
    try:
        return exact_decimal(value, money=money, floats=True, max_int=10**12)
    except ScalarError as exc:
        raise ValueError(_SCALAR_MESSAGES[exc.reason]) from None


def _date(value: Any) -> Any:
    return exact_date(value)


def _strict_int(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("not a whole number")
    if abs(value) >= 10**12:
        raise ValueError("the number is too large")
    return value


def _strict_bool(value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError("not true or false")
    return value


def _strict_text(value: Any) -> Any:
    if not isinstance(value, str):
        raise ValueError("not text")
    if not encodable(value):
        raise ValueError("not valid Unicode text")
    if len(value) > 10_000:
        raise ValueError("the text is longer than 10,000 characters")
    return value


def check_of(fact: Fact) -> tuple[Callable[[Any], Any], type]:
    """A fact's validator and the type of what it gives (the field type pydantic checks after it)."""
    if fact.type == "enum":
        values = tuple(fact.values or ())

        def _enum(value: Any) -> Any:
            if not isinstance(value, str) or value not in values:
                raise ValueError("not one of the possible values")
            return value

        return _enum, str
    validator = {"bool": _strict_bool, "int": _strict_int, "money": _money, "decimal": _number, "date": _date, "text": _strict_text}[fact.type]
    return validator, {"bool": bool, "int": int, "money": Decimal, "decimal": Decimal, "date": date, "text": str}[fact.type]


def annotation(fact: Fact, check: tuple[Callable[[Any], Any], type]) -> Any:
    validator, base = check
    if fact.type == "enum":
        values = tuple(fact.values or ())
        return Annotated[str, BeforeValidator(validator, json_schema_input_type=Literal[values] if values else str)]
    return Annotated[base, BeforeValidator(validator, json_schema_input_type=_input_type(fact))]


def _input_type(fact: Fact) -> Any:
    """What the validator of a fact accepts, as a type, for the case's JSON Schema (what a form or
    another program may send). Amounts are best sent as text ("1234.56"): JSON numbers are
    binary floats in most languages."""
    low = None if fact.minimum is None else _bound(fact.minimum)
    high = None if fact.maximum is None else _bound(fact.maximum)
    if fact.type == "int":
        return Annotated[int, Field(ge=-_LIMIT if low is None else max(low, -_LIMIT), le=_LIMIT if high is None else min(high, _LIMIT))]
    if fact.type in ("money", "decimal"):
        pattern = MONEY_TEXT if fact.type == "money" else DECIMAL_TEXT
        return Union[Annotated[str, Field(pattern=f"^{pattern}$")], Annotated[float, Field(ge=low, le=high)]]
    if fact.type == "text":
        return Annotated[str, Field(max_length=10_000)]
    return {"bool": bool, "date": date}[fact.type]


def _bound(value: Decimal) -> int | float:
    """A bound as a JSON number (a schema holds no Decimal); whole bounds stay exact."""
    return int(value) if value == value.to_integral_value() else float(value)
