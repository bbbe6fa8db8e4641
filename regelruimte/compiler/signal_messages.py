# SPDX-License-Identifier: EUPL-1.2
"""The messages the signals engine reads: one flat message per event, and the reference date as
the clock.

Each event is ``{"t": type, "d": days since 1970-01-01, "f_<field>": value, "dm_<k>": days of
add_months(date, k)}``: money in integer cents, dates as whole days, text and choices as strings,
yes/no as booleans; never a float or Decimal. The durable-rules compiler
(:mod:`~regelruimte.compiler.durable_json`) writes rules over these keys; the runner
(:mod:`regelruimte.signalling.run`) writes the messages.
"""

from __future__ import annotations

from datetime import date

EPOCH = date(1970, 1, 1)
EPOCH_ORDINAL = EPOCH.toordinal()
CLOCK_ALIAS = "Clock"
CLOCK_TYPE = "@clock"
TYPE_FIELD = "t"
DATE_FIELD = "d"
FIELD_PREFIX = "f_"
MONTHS_PREFIX = "dm_"
BUILTIN_FIELDS = ("date", "type")


def days(day: date) -> int:
    """Whole days since 1970-01-01 (the engine's date)."""
    return day.toordinal() - EPOCH_ORDINAL


def from_days(value: int) -> date:
    """The date of a day number."""
    return date.fromordinal(value + EPOCH_ORDINAL)


def months_field(k: int) -> str:
    """The message field that holds ``add_months(date, k)`` in days."""
    return f"{MONTHS_PREFIX}{k}" if k >= 0 else f"{MONTHS_PREFIX}m{-k}"


def message_field(name: str) -> str:
    """The message key of an event field (``date`` and ``type`` are the message's own keys)."""
    if name == "date":
        return DATE_FIELD
    if name == "type":
        return TYPE_FIELD
    return FIELD_PREFIX + name

