# SPDX-License-Identifier: EUPL-1.2
"""The event log: read it from a file, a DataFrame or an iterator, and validate every record.

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

import csv
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .._exact import DATE, MONEY
from ..compiler.signal_messages import days, from_days
from ..errors import RegelruimteError
from ..model.signals import EventField, EventType

__all__ = ["Event", "EventSchema", "Refusal", "SignalsError", "read_records"]

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
PARQUET_SLICE = 100_000

EXPECTED = {
    "bool": "true or false",
    "int": "a whole number",
    "money": "an amount in euros with at most two decimals, e.g. 1234.56",
    "date": "a date as YYYY-MM-DD",
    "text": "text",
}


class SignalsError(RegelruimteError, ValueError):
    """The event log or the policies cannot be run as signals (the message never holds a value)."""


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
                    raise SignalsError(f"event type {name!r} is declared with different fields by {owner[name]!r} and {policy_id!r}; "
                                       "one event log needs one meaning per type")
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


# --------------------------------------------------------------------------- reading


def read_records(source: Any, *, sort: bool = False) -> tuple[Iterator[tuple[int, Any]], int | None, bool]:
    """Records of an event log, numbered from 1, and whether the source is already grouped.

    Args:
        source: A path (``.csv``, ``.jsonl``/``.ndjson``, ``.json`` with a list, ``.parquet``), a
            polars or pandas DataFrame (sorted by household here), or an iterable of mappings.
        sort: For a path: load the whole file and sort it by household (memory grows with the
            file); otherwise records must arrive grouped by household.

    Returns:
        ``(records, total, grouped)``: the numbered records, their number when known, and whether
        the records are guaranteed grouped by household (DataFrames and sorted files are).
    """
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise SignalsError(f"{path}: no such event log")
        if sort or path.suffix.lower() == ".parquet":
            frame = _read_frame(path)
            return _polars_records(frame, presorted=not sort), frame.height, sort
        return _file_records(path), None, False
    kind = type(source).__module__.split(".")[0]
    if kind == "polars" and hasattr(source, "collect") and not hasattr(source, "height"):
        source = source.collect()
    if kind == "polars" and hasattr(source, "height"):
        return _polars_records(source, presorted=False), source.height, True
    if kind == "pandas" and hasattr(source, "to_dict"):
        return _pandas_records(source), len(source), True
    if isinstance(source, Mapping) or isinstance(source, (bytes, str)):
        raise SignalsError("events must be a file, a DataFrame or an iterable of records (mappings)")
    try:
        iterator = iter(source)
    except TypeError:
        raise SignalsError("events must be a file, a DataFrame or an iterable of records (mappings)") from None
    total = len(source) if hasattr(source, "__len__") else None
    return ((n, r) for n, r in enumerate(iterator, start=1)), total, False


def _read_frame(path: Path) -> Any:
    import polars as pl

    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            return pl.read_parquet(path)
        if suffix == ".csv":
            return pl.read_csv(path, infer_schema=False)
        if suffix in (".jsonl", ".ndjson"):
            return pl.DataFrame([r for _, r in _jsonl_records(path)])
        if suffix == ".json":
            return pl.DataFrame(_json_list(path))
    except (pl.exceptions.PolarsError, OSError, ValueError, TypeError):
        raise SignalsError(f"{path}: cannot read the event log") from None
    raise SignalsError(f"{path}: event logs are .csv, .jsonl, .json or .parquet files")


def _file_records(path: Path) -> Iterator[tuple[int, Any]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_records(path)
    if suffix in (".jsonl", ".ndjson"):
        return _jsonl_records(path)
    if suffix == ".json":
        return enumerate(_json_list(path), start=1)
    raise SignalsError(f"{path}: event logs are .csv, .jsonl, .json or .parquet files")


def _csv_records(path: Path) -> Iterator[tuple[int, Any]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {"household", "date", "type"} <= set(reader.fieldnames):
            raise SignalsError(f"{path}: a CSV event log needs the columns household, date and type")
        for n, row in enumerate(reader, start=1):
            if None in row:  # more cells than columns
                yield n, {"household": row.get("household"), "date": row.get("date"), "type": row.get("type"), "(extra cells)": "x"}
            else:
                yield n, row


def _jsonl_records(path: Path) -> Iterator[tuple[int, Any]]:
    with open(path, encoding="utf-8") as handle:
        n = 0
        for line in handle:
            if not line.strip():
                continue
            n += 1
            try:
                yield n, json.loads(line, parse_float=Decimal)
            except json.JSONDecodeError:
                yield n, "(not valid JSON)"


def _json_list(path: Path) -> list[Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise SignalsError(f"{path}: not valid JSON") from None
    if not isinstance(data, list):
        raise SignalsError(f"{path}: a JSON event log is a list of records")
    return data


def _polars_records(frame: Any, *, presorted: bool) -> Iterator[tuple[int, Any]]:
    import polars as pl

    if "household" not in frame.columns:
        raise SignalsError("the event log needs a column 'household'")
    row = "__rr_record"
    while row in frame.columns:
        row += "_"
    frame = frame.with_row_index(row, offset=1)
    if frame.schema["household"] != pl.Utf8:
        frame = frame.with_columns(pl.col("household").cast(pl.Utf8))
    if not presorted:
        frame = frame.sort("household", maintain_order=True, nulls_last=True)

    def rows() -> Iterator[tuple[int, Any]]:
        for offset in range(0, frame.height, PARQUET_SLICE):
            for record in frame.slice(offset, PARQUET_SLICE).iter_rows(named=True):
                yield record.pop(row), record

    return rows()


def _pandas_records(frame: Any) -> Iterator[tuple[int, Any]]:
    if "household" not in frame.columns:
        raise SignalsError("the event log needs a column 'household'")
    frame = frame.reset_index(drop=True)
    order = frame["household"].astype(str).sort_values(kind="stable").index

    def rows() -> Iterator[tuple[int, Any]]:
        columns = [str(c) for c in frame.columns]
        for offset in range(0, len(order), PARQUET_SLICE):
            part = frame.loc[order[offset:offset + PARQUET_SLICE]]
            for index, values in zip(part.index, part.itertuples(index=False, name=None)):
                yield int(index) + 1, {c: _plain(v) for c, v in zip(columns, values)}

    return rows()


def _plain(value: Any) -> Any:
    """numpy scalars as Python values (np.int64 is no int, np.bool_ no bool)."""
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        return value.item()
    return value
