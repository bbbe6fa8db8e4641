# SPDX-License-Identifier: EUPL-1.2
"""The population in and out: a polars, pandas or Arrow table, or a Parquet or CSV file, read as a
polars LazyFrame; the result given back as the same kind of table."""

from __future__ import annotations

import math
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from .._exact import exact_date
from .._messages import Text
from ..errors import ScreeningError
from ..model.case import value_problem


def to_lazy(population: Any, wanted: Collection[str] | None = None) -> tuple[pl.LazyFrame, str]:
    """The population as a LazyFrame and the kind of table it came as. A pandas frame is converted
    column by column as far as ``wanted`` (the columns the screening reads) reaches."""
    if isinstance(population, pl.LazyFrame):
        return population, "polars_lazy"
    if isinstance(population, pl.DataFrame):
        return population.lazy(), "polars"
    if isinstance(population, (str, Path)):
        path = Path(population)
        if not path.exists():
            raise ScreeningError("file-missing", path=path)
        if path.suffix == ".parquet":
            return pl.scan_parquet(path), "polars"
        if path.suffix == ".csv":
            separator = csv_separator(path)
            return pl.scan_csv(path, infer_schema=False, separator=separator), "polars_csv_decimal_comma" if separator == ";" else "polars"
        raise ScreeningError("population-suffix", path=path)
    module = type(population).__module__
    if module.startswith("pandas"):
        return from_pandas(population, wanted).lazy(), "pandas"
    if module.startswith("pyarrow"):
        return pl.from_arrow(population).lazy(), "arrow"  # type: ignore[union-attr]
    raise ScreeningError("population-type", kind=type(population).__name__)


SEPARATORS = (",", ";", "\t")
"""The column separators a CSV file may use: a comma, a semicolon (Dutch Excel) or a tab."""
SAMPLE_BYTES = 1 << 16


def csv_separator(path: Path) -> str:
    """The column separator of a CSV file, told from its first lines (at most 64 KiB).

    The separator is the one of :data:`SEPARATORS` that splits the header into the most columns
    and every complete sample line into as many; a file of one column is read with a comma.

    Raises:
        ScreeningError: when no separator splits the lines evenly (the reason, never a value).
    """
    try:
        with open(path, "rb") as handle:
            sample = handle.read(SAMPLE_BYTES)
    except OSError as exc:
        raise ScreeningError("file-unreadable", path=path, reason=exc.strerror or type(exc).__name__) from None
    text = sample.decode("utf-8-sig", errors="replace")
    lines = [line for line in text.splitlines()[: 50 if len(sample) < SAMPLE_BYTES else -1] if line.strip()][:50]
    if not lines:
        return ","
    header = lines[0]
    candidates = sorted(SEPARATORS, key=lambda s: -_fields(header, s))
    for separator in candidates:
        width = _fields(header, separator)
        if width < 2:
            break
        if all(_fields(line, separator) == width for line in lines[1:]):
            return separator
    if all(_fields(line, s) < 2 for line in lines for s in SEPARATORS):
        return ","
    raise ScreeningError("csv-separator", path=path)


def _fields(line: str, separator: str) -> int:
    """How many fields ``line`` has when split by ``separator``, quotes respected."""
    import csv

    return len(next(csv.reader([line], delimiter=separator), []))


def from_pandas(frame: Any, wanted: Collection[str] | None = None) -> pl.DataFrame:
    """A pandas DataFrame as polars, its index left out. A column Arrow cannot convert (an
    ``object`` column of mixed types: text and numbers) is refused by name and first row; Arrow's
    own error would quote the cell."""
    columns = [c for c in frame.columns if wanted is None or c in wanted]
    try:
        converted: pl.DataFrame = pl.from_pandas(frame[columns], include_index=False)
        return converted
    except Exception:  # noqa: BLE001 - pyarrow's errors quote the value; find the column instead
        pass
    for i, name in enumerate(columns):
        try:
            pl.from_pandas(frame[name])
        except Exception:  # noqa: BLE001 - as above
            label = repr(name) if wanted is not None and isinstance(name, str) else Text("column-number", n=i + 1)
            row = _first_odd_row(frame[name].tolist())
            raise ScreeningError("column-mixed-types", column=label, row=row) from None
    raise ScreeningError("table-not-columns")


def _first_odd_row(values: list[Any]) -> int:
    """The row number of the first value whose type differs from the first non-empty value's."""
    kinds = [(i, type(v)) for i, v in enumerate(values) if v is not None and not (isinstance(v, float) and math.isnan(v))]
    return next((i for i, k in kinds if k is not kinds[0][1]), kinds[0][0] if kinds else 0)


def from_polars(df: pl.DataFrame, kind: str) -> Any:
    if kind == "pandas":
        return df.to_pandas()
    if kind == "arrow":
        return df.to_arrow()
    return df




def parse_date(value: object) -> date:
    """The reference date: a ``date`` (not a ``datetime``) or text written YYYY-MM-DD."""
    try:
        return exact_date(value)
    except ValueError as exc:
        raise ScreeningError("reference-date", reason=value_problem(str(exc))) from None
