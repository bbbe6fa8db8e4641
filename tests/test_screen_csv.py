# SPDX-License-Identifier: EUPL-1.2
"""``screen`` on the CSV files municipalities have (issue 13, item 16).

Dutch Excel writes CSV separated by semicolons, with decimal commas. Before, such a file was read
as one column and every regulation reported 0 entitled, with exit 0; a misspelt or missing column
was dropped without a word. Now the separator is told from the first lines (or the file refused
with the reason), decimal commas are read in money columns, every missing and unknown column is
named, a file without one fact column is refused (exit 2), and the default view says how many
facts were unknown.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

import regelruimte as rr
from regelruimte.screening.frames import csv_separator

ROOT = Path(__file__).resolve().parent.parent
KWIJTSCHELDING = ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"
DAY = "2026-03-01"


@pytest.fixture(scope="module")
def policy() -> rr.Policy:
    return rr.load_policy(KWIJTSCHELDING)


@pytest.fixture(scope="module")
def city(policy: rr.Policy) -> pl.DataFrame:
    """200 people of the demo city, the columns the kwijtschelding reads, as text."""
    frame = pl.read_parquet(ROOT / "examples" / "demo_city.parquet").head(200)
    columns = ["id", *(c for c in frame.columns if c in policy.facts), "ontvangt_kwijtschelding_afvalstoffenheffing"]
    return frame.select(columns)


def _dutch(frame: pl.DataFrame, policy: rr.Policy) -> pl.DataFrame:
    """As Dutch Excel writes it: money with a decimal comma, thousands with a dot now and then."""
    money = [c for c in frame.columns if c in policy.facts and policy.facts[c].type in ("money", "decimal")]
    out = frame.with_columns([pl.col(c).cast(pl.String).str.replace(".", ",", literal=True) for c in money])
    return out.with_columns(pl.when(pl.col(money[0]).str.len_chars() == 7).then(pl.col(money[0]).str.replace(r"^(\d)(\d{3}),", "$1.$2,"))
                            .otherwise(pl.col(money[0])).alias(money[0]))


def _summary(result: rr.Screening) -> list[tuple[object, ...]]:
    return [tuple(r.values()) for r in result.summary.iter_rows(named=True)]


def test_a_semicolon_csv_with_decimal_commas_screens_as_the_table(tmp_path: Path, policy: rr.Policy, city: pl.DataFrame) -> None:
    plain = tmp_path / "stad.csv"
    city.write_csv(plain)
    dutch = tmp_path / "stad_excel.csv"
    _dutch(city, policy).write_csv(dutch, separator=";")
    assert "," in dutch.read_text(encoding="utf-8").splitlines()[1]  # decimal commas are in the file
    expected = rr.screen([policy], city, date=DAY)
    assert expected.summary["granted"][0] > 0
    for path in (plain, dutch):
        got = rr.screen([policy], path, date=DAY)
        assert _summary(got) == _summary(expected), path.name
        assert got.frame["amount"].to_list() == expected.frame["amount"].to_list()
    tabbed = tmp_path / "stad.tsv.csv"
    city.write_csv(tabbed, separator="\t")
    assert csv_separator(tabbed) == "\t" and csv_separator(dutch) == ";" and csv_separator(plain) == ","


def test_a_file_whose_separator_cannot_be_told_is_refused(tmp_path: Path, policy: rr.Policy) -> None:
    path = tmp_path / "raar.csv"
    path.write_text("id;netto_inkomen;saldo\n1;2\n3,4,5,6\n", encoding="utf-8")
    with pytest.raises(rr.ScreeningError, match="column separator"):
        rr.screen([policy], path, date=DAY)


def test_every_missing_and_unknown_column_is_named(policy: rr.Policy, city: pl.DataFrame) -> None:
    misspelt = city.rename({"netto_inkomen": "netto_inkomsten"}).drop("saldo").with_columns(pl.lit(1).alias("999999990"))
    result = rr.screen([policy], misspelt, date=DAY)
    assert result.missing_columns == ["netto_inkomen", "saldo"]
    assert result.unknown_columns == ["?", "netto_inkomsten"]  # a name that may be personal data is not shown
    nulls = sum(city[c].null_count() for c in city.columns if c in policy.facts and c not in ("netto_inkomen", "saldo"))
    assert result.unknown_values == nulls + 2 * city.height
    text = rr.screen([policy], city, date=DAY)
    assert text.missing_columns == [c for c in sorted(policy.facts) if c not in city.columns]
    assert text.unknown_columns == []


def test_no_fact_column_at_all_is_refused(policy: rr.Policy) -> None:
    with pytest.raises(rr.ScreeningError, match="not one column"):
        rr.screen([policy], pl.DataFrame({"id": ["a"], "inkomen": ["1"]}), date=DAY)


def _cli(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "regelruimte", *map(str, args)], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"})


def test_the_command_line(tmp_path: Path, policy: rr.Policy, city: pl.DataFrame) -> None:
    dutch = tmp_path / "stad.csv"
    _dutch(city.rename({"netto_inkomen": "netto_inkomsten"}), policy).write_csv(dutch, separator=";")
    out = _cli("screen", KWIJTSCHELDING, "--population", dutch, "--date", DAY)
    assert out.returncode == 0, out.stderr
    warning = [line for line in out.stderr.splitlines() if "let op" in line]
    assert len(warning) == 1 and "netto_inkomen" in warning[0] and "netto_inkomsten" in warning[0], out.stderr
    assert "gegevens waren onbekend" in out.stdout and "Kolommen die ontbreken: " in out.stdout
    nothing = tmp_path / "niets.csv"
    nothing.write_text("a;b\n1;2\n", encoding="utf-8")
    refused = _cli("screen", KWIJTSCHELDING, "--population", nothing, "--date", DAY)
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1 and "geen enkele kolom" in refused.stderr


def test_a_windows_1252_csv_is_refused_saying_it_is_not_utf8(tmp_path: Path, policy: rr.Policy, city: pl.DataFrame) -> None:
    """Dutch Excel's plain "CSV" is Windows-1252: a name with an é made the command say only
    "de populatie kan niet gelezen worden (ComputeError)". Now it says what is wrong and what to do."""
    frame = _dutch(city, policy).with_columns(pl.lit("Café de Zwaan 98765,43").alias("naam"))
    latin = tmp_path / "stad.csv"
    latin.write_bytes(frame.write_csv(separator=";").encode("cp1252"))
    out = _cli("screen", KWIJTSCHELDING, "--population", latin, "--date", DAY)
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert "geen UTF-8-tekst" in out.stderr and "CSV UTF-8" in out.stderr and "Traceback" not in out.stderr
    assert "98765" not in out.stderr + out.stdout and "Zwaan" not in out.stderr + out.stdout
    english = _cli("screen", KWIJTSCHELDING, "--population", latin, "--date", DAY, "--lang", "en")
    assert english.returncode == 2 and "not UTF-8 text" in english.stderr, english.stderr
