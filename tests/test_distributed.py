# SPDX-License-Identifier: EUPL-1.2
"""The screening on Dask (regelruimte/distributed.py): a local cluster of two worker processes,
a few thousand synthetic households in four partitions, every row and every summary figure
equal to ``screen`` on the same data in one process.

The workers are real processes (as on a cluster): the policies travel as file paths and are
loaded on each worker, and the results come back through pickling and Arrow.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import regelruimte as rr
from regelruimte.synthetic.population import generate

dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from regelruimte.screening.distributed import screen_dask, summarise_dask  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
POLICIES = rr.load_policies(ROOT / "policies")
DAY = date(2026, 3, 1)
N = 4000


@pytest.fixture(scope="module")
def client():  # noqa: ANN201
    started = time.perf_counter()
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40)
    c = distributed.Client(cluster)
    c.started_in = time.perf_counter() - started  # type: ignore[attr-defined]
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def population() -> pl.DataFrame:
    return generate(POLICIES, N, seed=5, reference_date=DAY, unknown=0.05)


@pytest.fixture(scope="module")
def expected(population: pl.DataFrame) -> rr.Screening:
    return rr.screen(POLICIES, population, date=DAY)


def _rows(frame: Any) -> pl.DataFrame:
    """Every column as text (lists as lists of text), sorted by policy and person."""
    if not isinstance(frame, pl.DataFrame):
        frame = pl.from_pandas(frame)
    return frame.select([pl.col(c).cast(pl.List(pl.String) if isinstance(t, pl.List) else pl.String) for c, t in frame.schema.items()]).sort(["policy", "id"])


def _partitions(population: pl.DataFrame, n: int = 4) -> Any:
    return dd.from_pandas(population.to_pandas(use_pyarrow_extension_array=True), npartitions=n)


def test_the_same_rows_as_screen_on_a_local_cluster(client, population: pl.DataFrame, expected: rr.Screening) -> None:  # noqa: ANN001
    # two worker processes are up before the work is handed to them (checked before, not after:
    # on a loaded machine the nanny may restart a worker once the work is done)
    client.wait_for_workers(2, timeout=60)
    assert len(client.scheduler_info()["workers"]) == 2
    ddf = _partitions(population)
    assert ddf.npartitions == 4
    result = screen_dask(POLICIES, ddf, date=DAY)
    assert list(result.columns) == list(expected.frame.columns)
    computed = result.compute()
    assert len(computed) == expected.frame.height == N * len(POLICIES)
    assert _rows(computed).equals(_rows(expected.frame))
    # the meta promised the dtypes the partitions delivered
    assert computed.dtypes.to_dict() == result._meta.dtypes.to_dict()


def test_the_summary_adds_up_over_partitions(client, population: pl.DataFrame, expected: rr.Screening) -> None:  # noqa: ANN001
    result = screen_dask(POLICIES, _partitions(population, 5), date=DAY).persist()
    summary, by_district = summarise_dask(result)
    cols = expected.summary.columns
    assert summary.columns == cols
    assert summary.with_columns(pl.col("policy").cast(pl.String)).to_dicts() == expected.summary.with_columns(pl.col("policy").cast(pl.String)).to_dicts()
    assert by_district is not None and expected.by_district is not None

    def keyed(frame: pl.DataFrame) -> dict[tuple[str, str], dict[str, Any]]:
        return {(str(r["policy"]), str(r["wijk"])): {k: r[k] for k in cols if k != "policy"} for r in frame.iter_rows(named=True)}

    assert keyed(by_district) == keyed(expected.by_district)
    assert summarise_dask(result, district_column=None)[1] is None


def test_parquet_read_by_dask_gives_the_same_rows(client, population: pl.DataFrame, expected: rr.Screening, tmp_path: Path) -> None:  # noqa: ANN001
    """The lake case: a directory of Parquet files, read with Arrow dtypes, screened and written back."""
    lake = tmp_path / "lake"
    lake.mkdir()
    for i, part in enumerate(population.iter_slices(N // 3 + 1)):
        part.write_parquet(lake / f"deel-{i}.parquet")
    ddf = dd.read_parquet(str(lake), dtype_backend="pyarrow")
    assert ddf.npartitions == 3
    out = tmp_path / "uitkomst"
    screen_dask(POLICIES, ddf, date=DAY).to_parquet(str(out), write_index=False)
    written = pl.read_parquet(out / "*.parquet")
    assert _rows(written).equals(_rows(expected.frame))


def test_wrong_values_are_refused_naming_the_partition(client, population: pl.DataFrame) -> None:  # noqa: ANN001
    bad = population.with_columns(pl.col("netto_inkomen").cast(pl.String))
    bad = bad.with_columns(pl.when(pl.int_range(pl.len()) == N - 1).then(pl.lit("12345.67x")).otherwise(pl.col("netto_inkomen")).alias("netto_inkomen"))
    result = screen_dask(POLICIES, _partitions(bad), date=DAY)
    with pytest.raises(rr.ScreeningError, match=r"partition 3 .*netto_inkomen.*1 value\(s\)") as info:
        result.compute()
    assert "12345" not in str(info.value)
    flagged = screen_dask(POLICIES, _partitions(bad), date=DAY, on_invalid="unknown").compute()
    assert sum(1 for v in flagged["invalid_facts"] if len(v)) == len(POLICIES)
    assert _rows(flagged).equals(_rows(rr.screen(POLICIES, bad, date=DAY, on_invalid="unknown").frame))


def test_refusals_before_any_work(population: pl.DataFrame) -> None:
    ddf = _partitions(population)
    with pytest.raises(rr.ScreeningError, match="id column"):
        screen_dask(POLICIES, ddf.drop(columns=["id"]), date=DAY)
    with pytest.raises(rr.ScreeningError, match="no policy is valid"):
        screen_dask([POLICIES["kwijtschelding_afvalstoffenheffing"]], ddf, date="2025-06-01")
    with pytest.raises(rr.ScreeningError, match="YYYY-MM-DD"):
        screen_dask(POLICIES, ddf, date="1-3-2026")


def test_a_changed_policy_file_is_refused_on_the_worker(tmp_path: Path, population: pl.DataFrame) -> None:
    source = POLICIES["uitpas_kansentarief_gent"]
    copy = tmp_path / "uitpas.yaml"
    copy.write_text(Path(source.path).read_text(encoding="utf-8"), encoding="utf-8")
    policy = rr.load_policy(copy)
    result = screen_dask([policy], _partitions(population.head(50), 2), date=DAY)
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    from regelruimte.screening import distributed as module

    module._CACHE.clear()
    with pytest.raises(rr.ScreeningError, match="changed since the client loaded it"):
        result.compute(scheduler="sync")


def test_the_cluster_starts_in_reasonable_time(client) -> None:  # noqa: ANN001
    assert client.started_in < 20, client.started_in
