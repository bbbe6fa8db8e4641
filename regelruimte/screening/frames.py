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
from ..errors import ScreeningError


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
            raise ScreeningError(f"{path}: no such file")
        if path.suffix == ".parquet":
            return pl.scan_parquet(path), "polars"
        if path.suffix == ".csv":
            return pl.scan_csv(path, infer_schema=False), "polars"
        raise ScreeningError(f"{path}: give a .parquet or .csv file")
    module = type(population).__module__
    if module.startswith("pandas"):
        return from_pandas(population, wanted).lazy(), "pandas"
    if module.startswith("pyarrow"):
        return pl.from_arrow(population).lazy(), "arrow"  # type: ignore[union-attr]
    raise ScreeningError(f"cannot screen a {type(population).__name__}; give a polars, pandas or Arrow table or a Parquet/CSV path")


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
            label = repr(name) if wanted is not None and isinstance(name, str) else f"number {i + 1}"
            row = _first_odd_row(frame[name].tolist())
            raise ScreeningError(f"column {label}: values of different types (text and numbers); first row of another type: {row}") from None
    raise ScreeningError("the table cannot be converted to columns")


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
        raise ScreeningError(f"the reference date is {exc}") from None
