# SPDX-License-Identifier: EUPL-1.2
"""``screen``: input kinds, missing and wrong columns, the summary, non-take-up, and the CLI.

The population is the synthetic one (:func:`regelruimte.synthetic.population.generate`) for three
regulations with money, whole numbers, fractions, dates, choices and an adverse outcome; every
figure the screening reports is checked against ``assess`` on the same rows.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from typer.testing import CliRunner

import regelruimte as rr
from regelruimte.cli import app
from regelruimte.synthetic.population import generate

ROOT = Path(__file__).resolve().parents[1]
POLICIES = rr.load_policies(ROOT / "policies")
IDS = ("kwijtschelding_afvalstoffenheffing", "meedoen_is_belangrijk_oss", "terugvordering_bijstand_utrecht")
SELECTED = [POLICIES[i] for i in IDS]
DAY = date(2026, 3, 1)
COLUMNS = ["policy", "id", "letter", "amount", "intent", "intent_amount", "tension", "receives", "non_take_up"]
CANARY = "12345.67x"
SCRIPT = Path(sys.executable).parent / "regelruimte"


@pytest.fixture(scope="module")
def population() -> pl.DataFrame:
    """80 households with a district, the facts of the three regulations, receipts and some unknowns."""
    return generate(SELECTED, 80, seed=11, reference_date=DAY, unknown=0.1)


@pytest.fixture(scope="module")
def screened(population: pl.DataFrame) -> rr.Screening:
    return rr.screen(SELECTED, population, date=DAY)


def _canonical(frame: Any) -> list[dict[str, str | None]]:
    """Any result frame as sorted rows of text, so that kinds and dtypes compare."""
    if isinstance(frame, pl.LazyFrame):
        frame = frame.collect()
    if not isinstance(frame, pl.DataFrame):
        frame = pl.from_pandas(frame) if type(frame).__module__.startswith("pandas") else pl.from_arrow(frame)
    assert isinstance(frame, pl.DataFrame)
    out = frame.select([pl.col(c).cast(pl.String) for c in COLUMNS]).sort(["policy", "id"])
    return out.to_dicts()


def _facts(row: dict[str, Any], policy: rr.Policy) -> dict[str, Any]:
    return {k: row[k] for k in policy.facts if row.get(k) is not None}


def _assess_all_rows(frame: pl.DataFrame) -> dict[tuple[str, str], Any]:
    out = {}
    for row in frame.iter_rows(named=True):
        for p in SELECTED:
            out[(p.id, str(row["id"]))] = rr.assess(p, {"date": DAY, "facts": _facts(row, p)})
    return out


# -- input kinds -----------------------------------------------------------------------------------
def _without_receipts(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.drop([c for c in frame.columns if c.startswith("ontvangt_")])


def test_the_population_is_mixed(screened: rr.Screening) -> None:
    """The checks below mean something only if there are grants, denials and unknowns."""
    counts = Counter(screened.frame["letter"].to_list())
    assert counts["granted"] and counts["denied"] and counts["undetermined"], counts
    assert screened.frame["non_take_up"].any()


def test_every_input_kind_gives_the_same_result_and_the_same_kind_back(population: pl.DataFrame, screened: rr.Screening, tmp_path: Path) -> None:
    frame = population
    expected = _canonical(screened.frame)
    parquet, csv = tmp_path / "stad.parquet", tmp_path / "stad.csv"
    frame.write_parquet(parquet)
    frame.write_csv(csv)  # everything becomes text: amounts, dates, true/false, choices
    import pandas as pd
    import pyarrow as pa

    kinds: list[tuple[Any, type]] = [
        (frame, pl.DataFrame),
        (frame.lazy(), pl.DataFrame),  # a LazyFrame is collected: the result is eager
        (frame.to_pandas(), pd.DataFrame),  # numpy dtypes: dates as datetime64, amounts as Decimal objects
        (frame.to_pandas(use_pyarrow_extension_array=True), pd.DataFrame),
        (frame.to_arrow(), pa.Table),
        (parquet, pl.DataFrame),
        (str(parquet), pl.DataFrame),
        (csv, pl.DataFrame),
    ]
    for given, kind in kinds:
        result = rr.screen(SELECTED, given, date=DAY)
        assert isinstance(result.frame, kind), type(given)
        assert _canonical(result.frame) == expected, type(given)


def test_money_may_be_decimal_text_whole_euros_or_float_cents(population: pl.DataFrame) -> None:
    frame = _without_receipts(population)
    expected = _canonical(rr.screen(SELECTED, frame, date=DAY).frame)
    as_text = frame.with_columns(pl.col("aanslag").cast(pl.String), pl.col("netto_inkomen").cast(pl.Float64))
    assert _canonical(rr.screen(SELECTED, as_text, date=DAY).frame) == expected


def test_typed_columns_read_as_their_text(population: pl.DataFrame) -> None:
    """A column already of the fact's type (an Enum of the fact's values, a Decimal at the fact's
    scale) is read without converting it; it must give what the same values as text give, an
    Enum in another order or with other values too, and a Decimal out of bounds is still refused."""
    frame = _without_receipts(population)
    assert frame.schema["huishouden"] == pl.Enum(["alleenstaande", "alleenstaande_ouder", "gehuwden"]) and frame.schema["aanslag"] == pl.Decimal(38, 2)
    expected = _canonical(rr.screen(SELECTED, frame.with_columns(pl.col("huishouden", "aanslag").cast(pl.String)), date=DAY).frame)
    assert _canonical(rr.screen(SELECTED, frame, date=DAY).frame) == expected
    other = pl.Enum(["gehuwden", "alleenstaande", "koning", "alleenstaande_ouder"])
    assert _canonical(rr.screen(SELECTED, frame.with_columns(pl.col("huishouden").cast(pl.String).cast(other)), date=DAY).frame) == expected
    below = frame.with_columns(pl.when(pl.int_range(pl.len()) == 7).then(pl.lit(Decimal("-0.01"))).otherwise(pl.col("aanslag")).cast(pl.Decimal(38, 2)).alias("aanslag"))
    with pytest.raises(rr.ScreeningError, match="aanslag.*1 value"):
        rr.screen(SELECTED, below, date=DAY)
    huge = frame.with_columns(pl.when(pl.int_range(pl.len()) == 7).then(pl.lit(Decimal("10") ** 13)).otherwise(pl.col("aanslag")).cast(pl.Decimal(38, 2)).alias("aanslag"))
    with pytest.raises(rr.ScreeningError, match="aanslag.*1 value"):
        rr.screen(SELECTED, huge, date=DAY)
    # a Decimal with fewer decimals than the fact (whole euros) is read by its range too, as its text is
    whole = frame.with_columns(pl.col("aanslag").cast(pl.Float64).round(0).cast(pl.Decimal(38, 0)))
    assert _canonical(rr.screen(SELECTED, whole, date=DAY).frame) == _canonical(rr.screen(SELECTED, whole.with_columns(pl.col("aanslag").cast(pl.String)), date=DAY).frame)
    negative = whole.with_columns(pl.when(pl.int_range(pl.len()) == 7).then(pl.lit(Decimal("-1"))).otherwise(pl.col("aanslag")).cast(pl.Decimal(38, 0)).alias("aanslag"))
    with pytest.raises(rr.ScreeningError, match="aanslag.*1 value"):
        rr.screen(SELECTED, negative, date=DAY)
    # read as unknown, the value out of range is what an empty cell is (screen finds it by the
    # column's smallest and largest value, then tests that column row by row)
    empty = frame.with_columns(pl.when(pl.int_range(pl.len()) == 7).then(None).otherwise(pl.col("aanslag")).alias("aanslag"))
    blank = rr.screen(SELECTED, empty, date=DAY)
    for wrong in (below, huge):
        unknown = rr.screen(SELECTED, wrong, date=DAY, on_invalid="unknown")
        assert _canonical(unknown.frame.drop("invalid_facts")) == _canonical(blank.frame)
        assert unknown.unknown_values == blank.unknown_values
        assert unknown.frame.filter(pl.col("invalid_facts").list.len() > 0)["id"].unique().to_list() == [frame["id"][7]]


def test_regression_pandas_datetime64_dates_are_dates(population: pl.DataFrame) -> None:
    """pandas keeps dates as datetime64 (polars Datetime); they were refused as 'not a date'. A
    date with a time of day is still not a date."""
    frame = _without_receipts(population)
    result = rr.screen(SELECTED, frame.to_pandas(), date=DAY)
    assert _canonical(result.frame) == _canonical(rr.screen(SELECTED, frame, date=DAY).frame)
    noon = frame.with_columns(pl.col("geboortedatum").cast(pl.Datetime("ms")) + pl.duration(hours=12))
    with pytest.raises(rr.ScreeningError, match="geboortedatum"):
        rr.screen(SELECTED, noon.to_pandas(), date=DAY)


def test_regression_receipts_from_csv(population: pl.DataFrame, screened: rr.Screening, tmp_path: Path) -> None:
    """A receipt column read from CSV is text; a cast to Boolean failed."""
    population.write_csv(tmp_path / "stad.csv")
    assert _canonical(rr.screen(SELECTED, tmp_path / "stad.csv", date=DAY).frame) == _canonical(screened.frame)


def test_a_file_that_is_not_parquet_or_csv_is_refused(tmp_path: Path) -> None:
    (tmp_path / "stad.xlsx").write_bytes(b"PK")
    with pytest.raises(rr.ScreeningError, match="parquet or .csv"):
        rr.screen(SELECTED, tmp_path / "stad.xlsx", date=DAY)
    with pytest.raises(rr.ScreeningError, match="no such file"):
        rr.screen(SELECTED, tmp_path / "geen.parquet", date=DAY)
    with pytest.raises(rr.ScreeningError):
        rr.screen(SELECTED, {"netto_inkomen": [1]}, date=DAY)


# -- per row: the same as assess ---------------------------------------------------------------------
def test_every_row_agrees_with_assess(population: pl.DataFrame, screened: rr.Screening) -> None:
    """Exactly, except where assess decided over the completions of missing facts (issue 14, point
    1; it says so in ``regardless_of``): screening reads point-wise, so there it may only be
    coarser (undetermined, no amount), never different."""
    assessed = _assess_all_rows(population)
    lifted_rows = 0
    for row in screened.frame.iter_rows(named=True):
        a = assessed[(row["policy"], row["id"])]
        lifted_rows += _agrees((row["letter"], row["amount"], row["intent"], row["intent_amount"], row["tension"]),
                               (a.letter.verdict, a.letter.amount, a.intent.verdict, a.intent.amount, a.tension), a, row["policy"])
    assert lifted_rows < screened.frame.height // 2, "most rows are compared exactly"


def _agrees(got: tuple[Any, ...], expected: tuple[Any, ...], a: rr.Assessment, where: str) -> int:
    """Assert the screened row agrees with the assessment; 1 when assess decided over completions."""
    if a.letter.regardless_of or a.intent.regardless_of or a.tension_regardless_of:
        assert all(g == e or g in ("undetermined", None) for g, e in zip(got, expected)), where
        return 1
    assert got == expected, where
    return 0


def test_a_missing_column_means_unknown_for_everyone(population: pl.DataFrame) -> None:
    """Facts without a column are unknown; the rows agree with assess without those facts. Among
    them a choice used in a look-up (``bijstandsnorm[huishouden]``), which used to crash."""
    dropped = ["netto_inkomen", "geboortedatum", "aandeel_gemeente", "al_betaald", "huishouden", "oorzaak"]
    frame = population.drop(dropped)
    result = rr.screen(SELECTED, frame, date=DAY).frame
    for row in result.iter_rows(named=True):
        source = frame.row(by_predicate=pl.col("id") == row["id"], named=True)
        policy = POLICIES[row["policy"]]
        a = rr.assess(policy, {"date": DAY, "facts": _facts(source, policy)})
        _agrees((row["letter"], row["amount"], row["tension"]), (a.letter.verdict, a.letter.amount, a.tension), a, row["policy"])
    # meedoen needs the age and the income: nobody can be decided without them
    assert set(result.filter(pl.col("policy") == "meedoen_is_belangrijk_oss")["letter"]) <= {"denied", "undetermined"}


def test_without_an_id_column_rows_are_numbered(population: pl.DataFrame) -> None:
    result = rr.screen(SELECTED, population.drop("id"), date=DAY).frame
    assert sorted(set(result["id"].to_list())) == list(range(population.height))


# -- wrong values: refused, named, never shown ----------------------------------------------------------
BAD = [
    ("netto_inkomen", CANARY, "amount"),
    ("aanslag", "-0.01", "amount"),  # below the minimum of 0
    ("aantal_gezinsleden", "3.5", "whole number"),
    ("geboortedatum", "2026-02-30", "date"),
    ("al_betaald", "misschien", "true or false"),
    ("huishouden", "koning", "one of"),
    ("aandeel_gemeente", "1.5", "number"),  # above the maximum of 1
]


@pytest.mark.parametrize(("column", "value", "expected"), BAD, ids=[b[0] for b in BAD])
def test_wrong_values_are_refused_with_column_expectation_and_count_but_not_the_value(population: pl.DataFrame, column: str, value: str, expected: str) -> None:
    frame = population.with_columns(pl.col(column).cast(pl.String))
    bad_rows = [3, 17, 42]
    frame = frame.with_columns(pl.when(pl.int_range(pl.len()).is_in(bad_rows)).then(pl.lit(value)).otherwise(pl.col(column)).alias(column))
    with pytest.raises(rr.ScreeningError) as info:
        rr.screen(SELECTED, frame, date=DAY)
    message = str(info.value)
    assert column in message and expected in message and "3 value(s)" in message, message
    assert value not in message
    if value == CANARY:
        assert "12345" not in message
    for pid in frame["id"].gather(bad_rows).to_list():
        assert str(pid) not in message  # the rows are named by position, never by the person's id


def test_on_invalid_unknown_flags_the_rows_and_treats_the_value_as_unknown(population: pl.DataFrame) -> None:
    frame = population.with_columns(pl.col("netto_inkomen").cast(pl.String))
    frame = frame.with_columns(pl.when(pl.int_range(pl.len()) < 5).then(pl.lit(CANARY)).otherwise(pl.col("netto_inkomen")).alias("netto_inkomen"))
    result = rr.screen(SELECTED, frame, date=DAY, on_invalid="unknown").frame
    first = set(frame["id"].head(5).to_list())
    for row in result.iter_rows(named=True):
        assert row["invalid_facts"] == (["netto_inkomen"] if row["id"] in first else []), row["id"]
    clean = population.with_columns(pl.when(pl.int_range(pl.len()) < 5).then(None).otherwise(pl.col("netto_inkomen")).alias("netto_inkomen"))
    assert _canonical(result) == _canonical(rr.screen(SELECTED, clean, date=DAY).frame)


def test_a_date_that_is_not_a_date_string_is_refused(population: pl.DataFrame) -> None:
    frame = population.with_columns(pl.lit(1.5).alias("geboortedatum"))
    with pytest.raises(rr.ScreeningError, match="geboortedatum"):
        rr.screen(SELECTED, frame, date=DAY)
    with pytest.raises(rr.ScreeningError, match="YYYY-MM-DD"):
        rr.screen(SELECTED, population, date="1-3-2026")


# -- the summary ----------------------------------------------------------------------------------------
def _expected_summary(frame: pl.DataFrame, group: str | None, screened: pl.DataFrame) -> dict[tuple[str, ...], dict[str, Any]]:
    """The summary assess gives row by row. Where assess decided over the completions of missing
    facts, the screened row stands in (it is checked to be a coarsening of assess, row by row)."""
    assessed = _assess_all_rows(frame)
    rows = {(r["policy"], str(r["id"])): r for r in screened.iter_rows(named=True)}
    out: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in frame.iter_rows(named=True):
        for p in SELECTED:
            a = assessed[(p.id, str(row["id"]))]
            verdict, amount, tension = a.letter.verdict, a.letter.amount, a.tension
            if a.letter.regardless_of or a.intent.regardless_of or a.tension_regardless_of:
                r = rows[(p.id, str(row["id"]))]
                _agrees((r["letter"], r["amount"], r["tension"]), (verdict, amount, tension), a, p.id)
                verdict, amount, tension = r["letter"], r["amount"], r["tension"]
            key = (p.id,) if group is None else (p.id, row[group])
            s = out.setdefault(key, Counter())
            s["persons"] += 1
            s[verdict] += 1
            if tension in ("letter_blocks_intent", "letter_exceeds_intent"):
                s[tension] += 1
            if verdict == "granted":
                s["amount_granted"] += amount
                if row.get(f"ontvangt_{p.id}") is False:
                    s["non_take_up"] += 1
                    s["amount_not_taken_up"] += amount
    return out


def _reported(summary: pl.DataFrame, keys: list[str]) -> dict[tuple[str, ...], dict[str, Any]]:
    fields = ["persons", "granted", "denied", "undetermined", "letter_blocks_intent", "letter_exceeds_intent", "non_take_up", "amount_granted", "amount_not_taken_up"]
    return {tuple(str(r[k]) for k in keys): {f: r[f] for f in fields} for r in summary.iter_rows(named=True)}


def _zero(counter: dict[str, Any]) -> dict[str, Any]:
    fields = ["persons", "granted", "denied", "undetermined", "letter_blocks_intent", "letter_exceeds_intent", "non_take_up", "amount_granted", "amount_not_taken_up"]
    return {f: counter.get(f, 0) for f in fields}


def _same(reported: dict[str, Any], expected: dict[str, Any]) -> bool:
    return all(Decimal(reported[k] or 0) == Decimal(expected[k] or 0) for k in expected)


def test_the_summary_counts_and_totals_agree_with_assess(population: pl.DataFrame, screened: rr.Screening) -> None:
    small = population.head(30)
    result = rr.screen(SELECTED, small, date=DAY)
    reported = _reported(result.summary, ["policy"])
    expected = _expected_summary(small, None, result.frame)
    assert set(reported) == set(expected)
    for key, counts in expected.items():
        assert _same(reported[key], _zero(counts)), (key, reported[key], _zero(counts))
    assert result.persons == 30
    assert set(result.policies) == set(IDS)
    assert all(len(h) == 64 for h in result.policies.values())
    assert "non_take_up=" in repr(result)
    # the summary of the whole population adds up to its per-row frame
    frame = screened.frame
    for r in screened.summary.iter_rows(named=True):
        rows = frame.filter(pl.col("policy") == r["policy"])
        assert r["persons"] == rows.height == population.height
        assert r["granted"] + r["denied"] + r["undetermined"] == r["persons"]
        assert r["amount_granted"] == rows["amount"].sum()


def test_a_summary_per_district_when_the_data_has_one(population: pl.DataFrame, screened: rr.Screening) -> None:
    small = population.head(30)
    result = rr.screen(SELECTED, small, date=DAY)
    assert result.by_district is not None
    reported = _reported(result.by_district, ["policy", "wijk"])
    expected = _expected_summary(small, "wijk", result.frame)
    assert set(reported) == set(expected)
    for key, counts in expected.items():
        assert _same(reported[key], _zero(counts)), key
    # districts add up to the whole
    whole = screened.summary.sort("policy")
    parts = screened.by_district.group_by("policy").agg(pl.col("persons", "granted", "non_take_up", "amount_granted").sum()).sort("policy")
    assert parts["persons"].to_list() == whole["persons"].to_list()
    assert parts["granted"].to_list() == whole["granted"].to_list()
    assert parts["amount_granted"].to_list() == whole["amount_granted"].to_list()
    assert rr.screen(SELECTED, population.drop("wijk"), date=DAY).by_district is None
    other = rr.screen(SELECTED, population.rename({"wijk": "buurt"}), date=DAY, district_column="buurt")
    assert other.by_district is not None and "buurt" in other.by_district.columns


# -- non-take-up -------------------------------------------------------------------------------------------
def test_non_take_up_is_granted_and_not_received(population: pl.DataFrame, screened: rr.Screening) -> None:
    frame = screened.frame
    receipts = population.select("id", *[pl.col(f"ontvangt_{p}").alias(p) for p in IDS])
    by_id = {r["id"]: r for r in receipts.iter_rows(named=True)}
    for row in frame.iter_rows(named=True):
        receives = by_id[row["id"]][row["policy"]]
        assert row["receives"] is receives
        assert row["non_take_up"] is (row["letter"] == "granted" and receives is False)
    # without a receipt column nobody is known to receive it: no non-take-up is claimed
    without = rr.screen(SELECTED, _without_receipts(population), date=DAY).frame
    assert without["receives"].null_count() == without.height
    assert not without["non_take_up"].fill_null(False).any()
    # another column name, through receives= (several policies: the regression below)
    renamed = population.rename({"ontvangt_meedoen_is_belangrijk_oss": "meedoenpas"})
    oss = POLICIES["meedoen_is_belangrijk_oss"]
    other = rr.screen([oss], renamed, date=DAY, receives={oss.id: "meedoenpas"}).frame
    assert _canonical(other) == _canonical(frame.filter(pl.col("policy") == oss.id))


def test_regression_a_receipt_column_of_any_name_with_several_policies(population: pl.DataFrame, screened: rr.Screening) -> None:
    """A receives= column not named ontvangt_* was kept in the other policies' frames but not in its
    own, so the frames could not be concatenated."""
    renamed = population.rename({"ontvangt_meedoen_is_belangrijk_oss": "meedoenpas"})
    other = rr.screen(SELECTED, renamed, date=DAY, receives={"meedoen_is_belangrijk_oss": "meedoenpas"}).frame
    assert _canonical(other) == _canonical(screened.frame)


# -- validity ------------------------------------------------------------------------------------------------
def test_a_policy_not_valid_on_the_date_is_skipped(population: pl.DataFrame) -> None:
    # kwijtschelding (Zuidplas 2026) starts on 2026-01-01; the other two are valid in 2025 too
    early = rr.screen(SELECTED, population, date="2025-06-01")
    assert set(early.policies) == {"meedoen_is_belangrijk_oss", "terugvordering_bijstand_utrecht"}
    assert set(early.frame["policy"].cast(pl.String)) == set(early.policies)
    assert set(early.summary["policy"].cast(pl.String)) == set(early.policies)
    with pytest.raises(rr.ScreeningError, match="no policy is valid"):
        rr.screen([POLICIES["kwijtschelding_afvalstoffenheffing"]], population, date="2025-06-01")


# -- the command line ------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cli_files(population: pl.DataFrame, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("cli")
    population.write_parquet(d / "stad.parquet")
    bad = population.with_columns(pl.col("netto_inkomen").cast(pl.String)).with_columns(
        pl.when(pl.int_range(pl.len()) == 7).then(pl.lit(CANARY)).otherwise(pl.col("netto_inkomen")).alias("netto_inkomen"))
    bad.write_parquet(d / "fout.parquet")
    (d / "kapot.parquet").write_bytes(b"this is not parquet")
    return {"dir": d, "stad": d / "stad.parquet", "fout": d / "fout.parquet", "kapot": d / "kapot.parquet"}


def _policy_args() -> list[str]:
    return [p.path for p in SELECTED]


@pytest.fixture(scope="module")
def processes(cli_files: dict[str, Path]) -> dict[str, subprocess.CompletedProcess[str]]:
    """The real console script, two calls run side by side (each pays the package import)."""
    d = cli_files["dir"]
    calls = {
        "ok": [str(SCRIPT), "screen", *_policy_args(), "-p", str(cli_files["stad"]), "-d", DAY.isoformat(), "-o", str(d / "uitkomst.parquet")],
        "bad": [str(SCRIPT), "screen", *_policy_args(), "-p", str(cli_files["fout"]), "-d", DAY.isoformat()],
    }
    with ThreadPoolExecutor(len(calls)) as pool:
        futures = {k: pool.submit(subprocess.run, v, capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "120"}) for k, v in calls.items()}
        return {k: f.result() for k, f in futures.items()}


def _personal_values(population: pl.DataFrame, summary: pl.DataFrame) -> set[str]:
    """Ids and fact values as they could be printed (ISO dates, amounts with a point or a comma)."""
    printed_totals = {str(v) for c in ("amount_granted", "amount_not_taken_up") for v in summary[c].to_list()}
    out: set[str] = set(population["id"].to_list())
    for name, dtype in population.schema.items():
        if name == "id" or name == "wijk" or name.startswith("ontvangt_"):
            continue
        for v in population[name].drop_nulls().unique().to_list():
            if isinstance(v, Decimal):
                text = f"{v:.2f}"
                if text in printed_totals or abs(v) < 100:
                    continue  # an aggregate that happens to equal one value, or too short to be telling
                out |= {text, text.replace(".", ",")}
            elif isinstance(v, date):
                out.add(v.isoformat())
    return out


def test_cli_screen_writes_parquet_and_prints_a_summary_without_personal_data(processes: dict[str, subprocess.CompletedProcess[str]], cli_files: dict[str, Path],
                                                                              population: pl.DataFrame, screened: rr.Screening) -> None:
    result = processes["ok"]
    assert result.returncode == 0, result.stderr[-500:]
    written = pl.read_parquet(cli_files["dir"] / "uitkomst.parquet")
    assert _canonical(written) == _canonical(screened.frame)
    for pid in IDS:
        assert pid[:12] in result.stdout
    leaked = [v for v in _personal_values(population, screened.summary) if v in result.stdout]
    assert not leaked, leaked
    assert "Traceback" not in result.stderr


def test_cli_screen_bad_population_exits_2_with_one_line(processes: dict[str, subprocess.CompletedProcess[str]]) -> None:
    result = processes["bad"]
    assert result.returncode == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("regelruimte: "), result.stderr
    assert "netto_inkomen" in lines[0] and "1 waarde(n)" in lines[0]
    assert CANARY not in result.stderr + result.stdout and "12345" not in result.stderr + result.stdout


@pytest.mark.parametrize("fmt", ["json", "markdown", "html"])
def test_cli_summary_formats_hold_no_personal_data(fmt: str, cli_files: dict[str, Path], population: pl.DataFrame, screened: rr.Screening) -> None:
    result = CliRunner().invoke(app, ["screen", *_policy_args(), "-p", str(cli_files["stad"]), "-d", DAY.isoformat(), "-f", fmt])
    assert result.exit_code == 0, result.output[-500:]
    leaked = [v for v in _personal_values(population, screened.summary) if v in result.stdout]
    assert not leaked, leaked
    if fmt == "json":
        import json

        summary = {r["policy"]: r for r in json.loads(result.stdout)}
        for r in screened.summary.iter_rows(named=True):
            assert summary[r["policy"]]["non_take_up"] == r["non_take_up"]
            assert Decimal(summary[r["policy"]]["amount_not_taken_up"]) == r["amount_not_taken_up"]


def test_cli_missing_population_file_exits_2() -> None:
    result = CliRunner().invoke(app, ["screen", *_policy_args(), "-p", "/nonexistent/stad.parquet", "-d", DAY.isoformat()])
    assert result.exit_code == 2
    assert "dit populatiebestand bestaat niet" in result.stderr  # Dutch by default (issue 13, item 20)


def test_regression_cli_screen_writes_csv(cli_files: dict[str, Path], screened: rr.Screening) -> None:
    """CSV holds no nested data: the list column invalid_facts made the write fail."""
    out = cli_files["dir"] / "uitkomst.csv"
    result = CliRunner().invoke(app, ["screen", *_policy_args(), "-p", str(cli_files["stad"]), "-d", DAY.isoformat(), "-o", str(out)])
    assert result.exit_code == 0
    assert _canonical(pl.read_csv(out, infer_schema=False)) == _canonical(screened.frame)


def test_regression_cli_screen_unreadable_population_exits_2(cli_files: dict[str, Path]) -> None:
    """It raised a polars error with a traceback (exit 1)."""
    result = CliRunner().invoke(app, ["screen", *_policy_args(), "-p", str(cli_files["kapot"]), "-d", DAY.isoformat()])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("regelruimte: "), result.stderr


@pytest.mark.parametrize("dtype", [pl.Int8, pl.Int32, pl.Int64, pl.UInt16, pl.String])
def test_whole_numbers_of_any_integer_type_are_read_by_their_range(dtype: pl.DataType) -> None:
    """A whole-number fact with a minimum of 0 is checked by one aggregation (its largest value
    read as unsigned, where a negative value is larger than any valid one): every integer type
    must give what its text gives, and a negative value must still be refused."""
    policy = POLICIES["kinderopvangtoeslag_terugvordering"]
    frame = generate([policy], 40, seed=5, reference_date=DAY).with_columns(pl.col("uren_opvang").clip(0, 100))
    expected = _canonical(rr.screen([policy], frame.with_columns(pl.col("uren_opvang").cast(pl.String)), date=DAY).frame)
    assert _canonical(rr.screen([policy], frame.with_columns(pl.col("uren_opvang").cast(dtype)), date=DAY).frame) == expected
    if dtype in (pl.UInt16, pl.String):
        return
    negative = frame.with_columns(pl.when(pl.int_range(pl.len()) == 3).then(-1).otherwise(pl.col("uren_opvang")).cast(dtype).alias("uren_opvang"))
    with pytest.raises(rr.ScreeningError, match="uren_opvang.*1 value"):
        rr.screen([policy], negative, date=DAY)
