# SPDX-License-Identifier: EUPL-1.2
"""Reading an event log: records from a file (CSV, JSON lines, JSON, Parquet), a DataFrame or an
iterator, numbered from 1 in input order (for a CSV file: data rows, the header not counted)."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..errors import SignalsError
from ..model.case_json import JSONRefused, loads

__all__ = ["read_records"]

PARQUET_SLICE = 100_000


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
            raise SignalsError("events-missing", path=path)
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
        raise SignalsError("events-type")
    try:
        iterator = iter(source)
    except TypeError:
        raise SignalsError("events-type") from None
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
        raise SignalsError("events-unreadable", path=path) from None
    raise SignalsError("events-suffix", path=path)


def _file_records(path: Path) -> Iterator[tuple[int, Any]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_records(path)
    if suffix in (".jsonl", ".ndjson"):
        return _jsonl_records(path)
    if suffix == ".json":
        return enumerate(_json_list(path), start=1)
    raise SignalsError("events-suffix", path=path)


def _csv_records(path: Path) -> Iterator[tuple[int, Any]]:
    try:
        yield from _csv_rows(path)
    except UnicodeDecodeError:  # read ahead in blocks: which record holds the byte is not known
        raise SignalsError("events-not-utf8", path=path) from None


def _csv_rows(path: Path) -> Iterator[tuple[int, Any]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {"household", "date", "type"} <= set(reader.fieldnames):
            raise SignalsError("events-csv-columns", path=path)
        for n, row in enumerate(reader, start=1):
            if None in row:  # more cells than columns
                yield n, {"household": row.get("household"), "date": row.get("date"), "type": row.get("type"), "(extra cells)": "x"}
            else:
                yield n, row


def _jsonl_records(path: Path) -> Iterator[tuple[int, Any]]:
    """One record a line; a line that is not strict JSON in UTF-8 (:mod:`regelruimte.model.case_json`)
    is a record refused as not valid JSON, and the lines after it are read."""
    with open(path, "rb") as handle:
        n = 0
        for line in handle:
            if not line.strip():
                continue
            n += 1
            try:
                yield n, loads(line)
            except JSONRefused:
                yield n, "(not valid JSON)"


def _json_list(path: Path) -> list[Any]:
    try:
        data = loads(path.read_bytes())
    except JSONRefused as exc:
        raise SignalsError("events-json", path=path, reason=exc.text) from None
    if not isinstance(data, list):
        raise SignalsError("events-json-list", path=path)
    return data


def _polars_records(frame: Any, *, presorted: bool) -> Iterator[tuple[int, Any]]:
    import polars as pl

    if "household" not in frame.columns:
        raise SignalsError("events-household-column")
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
        raise SignalsError("events-household-column")
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
