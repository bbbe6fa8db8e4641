# SPDX-License-Identifier: EUPL-1.2
"""The population in and out: a polars, pandas or Arrow table, or a Parquet or CSV file, read as a
polars LazyFrame; the result given back as the same kind of table."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import polars as pl

from .._exact import date_text
from ..errors import ScreeningError


def to_lazy(population: Any) -> tuple[pl.LazyFrame, str]:
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
        return pl.from_pandas(population).lazy(), "pandas"
    if module.startswith("pyarrow"):
        return pl.from_arrow(population).lazy(), "arrow"  # type: ignore[union-attr]
    raise ScreeningError(f"cannot screen a {type(population).__name__}; give a polars, pandas or Arrow table or a Parquet/CSV path")


def from_polars(df: pl.DataFrame, kind: str) -> Any:
    if kind == "pandas":
        return df.to_pandas()
    if kind == "arrow":
        return df.to_arrow()
    return df




def parse_date(text: str) -> date:
    day = date_text(text)
    if day is None:
        raise ScreeningError("the reference date must be written as YYYY-MM-DD")
    return day
