# SPDX-License-Identifier: EUPL-1.2
"""Screening beyond one machine: the same ``screen`` on every partition of a Dask DataFrame.

:func:`screen_dask` maps :func:`regelruimte.screen` over the partitions of a Dask DataFrame:
each pandas partition is converted to polars, screened by the very same code (the same
normalisation, the same compiled polars expressions, so the same semantics as ``assess``), and
converted back to pandas with Arrow-backed dtypes. A person is one row, so a person never spans
two partitions and the per-row result cannot depend on how the population is partitioned.
:func:`summarise_dask` adds the per-policy (and per-district) summary of every partition up:
every figure in it is a count or a sum, so the partial summaries add up exactly to the summary
``screen`` gives on the whole population.

Why plain Dask and not narwhals: narwhals translates one dataframe API onto several engines; to
run on Dask through it, the conditions would need a second compiler (to narwhals expressions)
whose semantics would have to be proven equal all over again, and Dask's pandas engine has no
exact 128-bit integers for the amounts. Here the engine-specific part is two conversions per
partition (pandas to polars and back) and everything in between is the code that the
differential tests check against ``assess``. Spark or Ray could be added the same way (their
``mapInPandas``/``map_batches`` take the same per-partition function).

Policies travel to the workers as file paths with their SHA-256, not as objects (a compiled
policy holds closures and a lock): every worker loads the files once per process and refuses a
file that changed since the client loaded it. So the policy files must be readable at the same
absolute path on every worker (a shared file system, or the same container image).

Needs the ``distributed`` extra: ``pip install 'regelruimte[distributed]'``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import polars as pl

from .._messages import Text
from ..errors import ScreeningError
from ..model.policy import Policy
from .frames import from_pandas, parse_date
from .pipeline import screen, summaries

if TYPE_CHECKING:  # pragma: no cover
    import dask.dataframe as dd
    import pandas as pd

__all__ = ["screen_dask", "summarise_dask"]

PolicyRef = tuple[str, str]  # (absolute path, sha256)

_CACHE: dict[PolicyRef, Policy] = {}
_LOCK = threading.Lock()


def _refs(policies: Iterable[Policy] | Mapping[str, Policy]) -> tuple[PolicyRef, ...]:
    items = list(policies.values() if isinstance(policies, Mapping) else policies)
    refs = []
    for p in items:
        if not p.path or not p.sha256:
            raise ScreeningError("dask-policy-no-file", policy=repr(p.id))
        refs.append((str(Path(p.path).resolve()), p.sha256))
    return tuple(sorted(refs))


def _load(refs: tuple[PolicyRef, ...]) -> list[Policy]:
    """The policies on this worker: loaded once per process, refused when the file changed."""
    from ..loading import load_policy

    out = []
    for path, sha in refs:
        with _LOCK:
            policy = _CACHE.get((path, sha))
            if policy is None:
                policy = load_policy(path)
                if policy.sha256 != sha:
                    raise ScreeningError("dask-policy-changed", path=path)
                _CACHE[(path, sha)] = policy
        out.append(policy)
    return out


def _to_polars(partition: pd.DataFrame) -> pl.DataFrame:
    return from_pandas(partition)


def _to_pandas(frame: pl.DataFrame) -> pd.DataFrame:
    return frame.to_pandas(use_pyarrow_extension_array=True)


def _screen_partition(partition: pd.DataFrame, refs: tuple[PolicyRef, ...], day: date, options: dict[str, Any], dtypes: dict[str, Any] | None,
                      partition_info: dict[str, Any] | None = None) -> pd.DataFrame:
    """``screen`` on one partition; the result gets the dtypes of the meta (an all-null column
    of one partition must not change the schema of the whole)."""
    try:
        result = screen(_load(refs), _to_polars(partition), date=day, **options)
    except ScreeningError as exc:
        where = Text("partition-number", n=partition_info["number"]) if partition_info else Text("partition-some")
        raise ScreeningError("dask-partition", where=where, reason=exc.text) from None
    out = _to_pandas(result.frame)
    if dtypes is not None and out.dtypes.to_dict() != dtypes:
        out = out.astype(dtypes)
    return out


def screen_dask(
    policies: Iterable[Policy] | Mapping[str, Policy],
    ddf: dd.DataFrame,
    *,
    date: date | str,
    id_column: str = "id",
    district_column: str | None = "wijk",
    receives: Mapping[str, str] | None = None,
    on_invalid: Literal["raise", "unknown"] = "raise",
) -> dd.DataFrame:
    """Screen a Dask DataFrame partition by partition with :func:`regelruimte.screen`.

    Args:
        policies: Loaded policies (loaded from files: the workers load the same files).
        ddf: One row per person, columns named after the facts, as for ``screen``. Read Parquet
            with ``dd.read_parquet(path, dtype_backend="pyarrow")`` so that dates stay dates and
            amounts stay exact decimals.
        date: The reference date (peildatum).
        id_column: The person id column; required here (row numbers would restart in every partition).
        district_column, receives, on_invalid: As for :func:`regelruimte.screen`.

    Returns:
        A lazy Dask DataFrame with the columns of ``screen(...).frame`` (Arrow-backed dtypes):
        per partition, one row per person and policy. Nothing is computed until you ask
        (``.compute()``, ``.to_parquet(...)``, :func:`summarise_dask`).

    Raises:
        ScreeningError: at once for a missing id column or no policy valid on ``date``; when
            computing, for wrong values, naming the partition (row numbers count within it).
    """
    day = parse_date(date)
    refs = _refs(policies)
    if id_column not in ddf.columns:
        raise ScreeningError("dask-no-id-column", column=repr(id_column))
    options: dict[str, Any] = {"id_column": id_column, "district_column": district_column, "receives": dict(receives) if receives else None, "on_invalid": on_invalid}
    # the output schema: the same screening on the (empty) meta of the input
    meta = _screen_partition(ddf._meta, refs, day, options, None)
    return ddf.map_partitions(_screen_partition, refs, day, options, meta.dtypes.to_dict(), meta=meta, enforce_metadata=False, clear_divisions=True, align_dataframes=False)


def _partial_summary(partition: pd.DataFrame, district: str | None) -> pd.DataFrame:
    frame = _to_polars(partition)
    summary, by_district = summaries(frame, district)
    parts = [summary.with_columns(pl.lit(None, dtype=pl.String).alias("__district"))]
    if by_district is not None:
        parts.append(by_district.with_columns(pl.col(district).cast(pl.String).alias("__district")).drop(district))  # type: ignore[arg-type]
    out = pl.concat([p.with_columns(pl.col("policy").cast(pl.String), pl.lit(i).alias("__level")) for i, p in enumerate(parts)], how="vertical_relaxed")
    return _to_pandas(out)


def summarise_dask(result: dd.DataFrame, *, district_column: str | None = "wijk") -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The summary of a :func:`screen_dask` result, added up over its partitions.

    Returns:
        ``(summary, by_district)``: the figures of :attr:`regelruimte.Screening.summary` and
        :attr:`regelruimte.Screening.by_district`, with the same columns (the district as text);
        ``by_district`` is None without the column.
        This computes ``result``: persist it first (``result.persist()``) when you also write it.
    """
    from dask.base import compute
    from dask.delayed import delayed

    district = district_column if district_column and district_column in result.columns else None
    parts = result.to_delayed()
    partials = compute(*[delayed(_partial_summary)(p, district) for p in parts])
    frames = [_to_polars(p) for p in partials if len(p)]
    if not frames:
        raise ScreeningError("dask-no-rows")
    whole = pl.concat(frames, how="vertical_relaxed")
    counts = [c for c in whole.columns if c not in ("policy", "__district", "__level")]
    summed = whole.group_by(["__level", "policy", "__district"]).agg([pl.col(c).sum() for c in counts])
    policy_order = pl.Enum(sorted(whole["policy"].unique().to_list()))
    summary = summed.filter(pl.col("__level") == 0).drop("__level", "__district").with_columns(pl.col("policy").cast(policy_order)).sort("policy")
    by_district = None
    if district is not None:
        by_district = (summed.filter(pl.col("__level") == 1).drop("__level").rename({"__district": district})
                       .with_columns(pl.col("policy").cast(policy_order)).sort(["policy", district]).select(["policy", district, *counts]))
    return summary.select(["policy", *counts]), by_district
