# SPDX-License-Identifier: EUPL-1.2
"""The events of an event log, validated record by record (reading the log is :mod:`~regelruimte.signalling.readers`).

A record is one event about one household: ``household`` (the municipality's own household
key), ``date`` (YYYY-MM-DD), ``type`` (an event type a policy declares) and the fields of that
type, either flat (CSV columns, DataFrame columns, dict keys) or nested under ``fields``. Every
record is validated against the declared event types before anything reaches the engine:

* a field of the wrong type, a missing or unknown field, a bad date or household: the record is
  **refused** and reported with its record number, household, field and the expected type, never
  its value; the household's other records are still processed;
* an event type no given policy declares: the record is **ignored** (counted per type), because
  a register's export holds many kinds of events that no signal reads;
* a date after the reference date: the record is **not yet known** on that date and left out
  (counted), so a run for an earlier reference date gives what was known then.

Values go to the engine as it needs them (P8): money as integer cents, dates as whole days since
1970-01-01, yes/no as booleans, whole numbers as ``int``, choices and text as ``str``.

Record numbers count records from 1 in input order (for a CSV file: data rows, the header not
counted; for a DataFrame: rows).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from .._exact import DATE, MONEY
from ..compiler.signal_messages import days, from_days
from ..errors import SignalsError
from ..model.signals import EventField, EventType

__all__ = ["Event", "EventSchema", "Refusal", "parse_date", "typed_value"]

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2199, 12, 31)
MAX_HOUSEHOLD_LENGTH = 128
MAX_TEXT_LENGTH = 4_096
MAX_INT = 10**15
MAX_CENTS = 10**14
STRUCTURAL = ("household", "date", "type")
_NAME = re.compile(r"[a-z][a-z0-9_]{0,63}")
_INT = re.compile(r"-?[0-9]{1,16}")
_HOUSEHOLD = re.compile(r"[^\x00-\x1f\x7f]{1,128}")

EXPECTED = {
    "bool": "true or false",
    "int": "a whole number",
    "money": "an amount in euros with at most two decimals, e.g. 1234.56",
    "date": "a date as YYYY-MM-DD",
    "text": "text",
}


@dataclass(frozen=True, slots=True)
class Event:
    """One validated event, with its values as the engine needs them."""

    record: int
    """Its record number in the event log (from 1)."""
    type: str
    day: int
    """Its date, in whole days since 1970-01-01."""
    values: dict[str, Any]
    """Field values: money in cents, dates in days, yes/no, whole numbers, text."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why one field of a record was refused: never its value."""

    field: str
    expected: str
    message: str


class _Bad(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def expected_text(f: EventField) -> str:
    """What a value of this event field must look like."""
    if f.type == "enum":
        return "one of " + ", ".join(f.values or ())
    return EXPECTED[f.type]


def is_absent(value: Any) -> bool:
    """An empty cell: None, an empty string, NaN, or pandas' NA/NaT."""
    if value is None:
        return True
    if isinstance(value, str):
        return value == ""
    if isinstance(value, float):
        return math.isnan(value)
    return type(value).__name__ in ("NAType", "NaTType")


class EventSchema:
    """Every event type the given policies declare, for validating records.

    Raises:
        SignalsError: two policies declare one event type with different fields.
    """

    def __init__(self, declared: Iterable[tuple[str, Mapping[str, EventType]]]) -> None:
        self.types: dict[str, EventType] = {}
        owner: dict[str, str] = {}
        for policy_id, events in declared:
            for name, et in events.items():
                if name in self.types and _shape(self.types[name]) != _shape(et):
                    raise SignalsError("event-type-differs", type=repr(name), one=repr(owner[name]), other=repr(policy_id))
                self.types.setdefault(name, et)
                owner.setdefault(name, policy_id)
        self._parsers = {name: {fname: (_parser(f), f) for fname, f in et.fields.items()} for name, et in self.types.items()}

    def validate(self, raw: Any) -> tuple[str | None, Event | str | None, list[Refusal]]:
        """Validate one raw record.

        Returns:
            ``(household, event, refusals)``: the household (None if it is not valid); the event,
            or the type name of an undeclared type (the record is ignored), or None when refused;
            and the refusals (empty when the record is valid).
        """
        record, data = raw
        refusals: list[Refusal] = []
        if not isinstance(data, Mapping):
            return None, None, [Refusal("(record)", "an object with household, date, type and fields", "not an object")]
        kind = data.get("type")
        if isinstance(kind, str) and _NAME.fullmatch(kind) and kind not in self._parsers:
            return None, kind, refusals  # an event no policy reads: ignored, not checked
        household = _household(data.get("household"), refusals)
        day = _event_day(data.get("date"), refusals)
        if is_absent(kind):
            refusals.append(Refusal("type", "an event type name", "missing"))
            return household, None, refusals
        if not isinstance(kind, str) or not _NAME.fullmatch(kind):
            refusals.append(Refusal("type", "an event type name (lower case letters, digits and _)", "not a name"))
            return household, None, refusals
        parsers = self._parsers[kind]
        nested = data.get("fields")
        if isinstance(nested, Mapping):
            given: dict[str, Any] = {k: v for k, v in nested.items() if not is_absent(v)}
            extra = [k for k in data if k not in STRUCTURAL and k != "fields" and not is_absent(data[k])]
        else:
            given = {k: v for k, v in data.items() if k not in STRUCTURAL and k != "fields" and not is_absent(v)}
            extra = []
        values: dict[str, Any] = {}
        for fname, (parse, f) in parsers.items():
            if fname not in given:
                refusals.append(Refusal(fname, expected_text(f), "missing"))
                continue
            try:
                values[fname] = parse(given[fname])
            except _Bad as exc:
                refusals.append(Refusal(fname, expected_text(f), exc.message))
        for name in sorted(set(given) - set(parsers), key=str) + sorted(extra, key=str):
            label = name if isinstance(name, str) and _NAME.fullmatch(name) else "(a field)"
            refusals.append(Refusal(label, f"a field of event type {kind!r}", "unknown field for this event type"))
        if refusals or household is None or day is None:
            return household, None, refusals
        return household, Event(record, kind, day, values), refusals


def _shape(et: EventType) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {name: (f.type, tuple(f.values or ())) for name, f in et.fields.items()}


def _household(value: Any, refusals: list[Refusal]) -> str | None:
    expected = f"a household id (text of at most {MAX_HOUSEHOLD_LENGTH} characters)"
    if is_absent(value):
        refusals.append(Refusal("household", expected, "missing"))
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not _HOUSEHOLD.fullmatch(value):
        refusals.append(Refusal("household", expected, "not valid"))
        return None
    return value


def _event_day(value: Any, refusals: list[Refusal]) -> int | None:
    expected = f"a date as YYYY-MM-DD between {MIN_DATE.isoformat()} and {MAX_DATE.isoformat()}"
    if is_absent(value):
        refusals.append(Refusal("date", expected, "missing"))
        return None
    try:
        return days(parse_date(value))
    except _Bad as exc:
        refusals.append(Refusal("date", expected, exc.message))
        return None


def parse_date(value: Any) -> date:
    """A date from a ``date``, a midnight ``datetime`` or ``YYYY-MM-DD``, within 1900-2199."""
    if isinstance(value, datetime):
        if value.time() != datetime.min.time() or value.tzinfo is not None:
            raise _Bad("a moment in time, not a date")
        value = value.date()
    elif isinstance(value, str) and DATE.fullmatch(value):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            raise _Bad("not a real date") from None
    elif not isinstance(value, date):
        raise _Bad("not a date")
    if not MIN_DATE <= value <= MAX_DATE:
        raise _Bad("outside the years 1900-2199")
    day: date = value
    return day


def _parser(f: EventField) -> Any:
    if f.type == "bool":
        return _bool
    if f.type == "int":
        return _int
    if f.type == "money":
        return _cents
    if f.type == "date":
        return lambda v: days(parse_date(v))
    if f.type == "enum":
        allowed = frozenset(f.values or ())

        def choice(v: Any) -> str:
            if not isinstance(v, str) or v not in allowed:
                raise _Bad("not one of the possible values")
            return v

        return choice
    return _text


def _bool(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    if isinstance(v, str) and v.strip().lower() in ("true", "false"):
        return v.strip().lower() == "true"
    raise _Bad("not true or false")


def _int(v: Any) -> int:
    if isinstance(v, bool):
        raise _Bad("a yes/no value is not a number")
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, str) and _INT.fullmatch(v.strip()):
        v = int(v.strip())
    if type(v) is not int and not (isinstance(v, int) and not isinstance(v, bool)):
        raise _Bad("not a whole number")
    if abs(v) > MAX_INT:
        raise _Bad("the number is too large")
    return int(v)


def _cents(v: Any) -> int:
    if isinstance(v, bool):
        raise _Bad("a yes/no value is not an amount")
    if isinstance(v, int):
        amount = Decimal(v)
    elif isinstance(v, float):
        if not math.isfinite(v) or not MONEY.fullmatch(repr(v)):
            raise _Bad("not written as expected")
        amount = Decimal(repr(v))
    elif isinstance(v, Decimal):
        if not v.is_finite():
            raise _Bad("not a finite number")
        amount = v
    elif isinstance(v, str) and MONEY.fullmatch(v.strip()):
        amount = Decimal(v.strip())
    else:
        raise _Bad("not written as expected")
    try:
        cents = amount.scaleb(2)
        if cents != cents.to_integral_value():
            raise _Bad("more than two decimals")
        value = int(cents)
    except (InvalidOperation, OverflowError):
        raise _Bad("not a valid amount") from None
    if abs(value) >= MAX_CENTS:
        raise _Bad("the amount is too large")
    return value


def _text(v: Any) -> str:
    if not isinstance(v, str):
        raise _Bad("not text")
    if len(v) > MAX_TEXT_LENGTH or "\x00" in v:
        raise _Bad(f"longer than {MAX_TEXT_LENGTH} characters, or with a NUL character")
    return v


def typed_value(f: EventField | None, value: Any) -> Any:
    """The condition language's value of an engine value (cents to euros, days to a date)."""
    if f is None:
        return value
    if f.type == "money":
        return Decimal(value).scaleb(-2)
    if f.type == "date":
        return from_days(value)
    return value
