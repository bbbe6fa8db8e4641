# SPDX-License-Identifier: EUPL-1.2
"""``screen`` on hostile populations (issue 13, item 3): every error is a ScreeningError that names
the column and the row, never the value; facts may carry the names the screening uses itself.

Each value below is the PII canary (a test BSN, a name, an amount) hidden where a library's own
error would quote it: a pandas ``object`` column of mixed types (pyarrow quotes the cell), a float
column with inf, NaN or a huge value (polars quotes the value when a cast fails).
"""

from __future__ import annotations

import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd
import polars as pl
import pytest

import regelruimte as rr

ROOT = Path(__file__).resolve().parents[1]
KWIJTSCHELDING = rr.load_policy(ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml")
DAY = date(2026, 3, 1)
CANARIES = ("999999990", "Canary Testpersoon", "12345.67", "12345,67", "1.2345", "inf", "nan", "NaN", "e+")


def _refused(population: object, *, column: str, row: int, **options: object) -> str:
    with pytest.raises(rr.ScreeningError) as info:
        rr.screen([KWIJTSCHELDING], population, date=DAY, **options)  # type: ignore[arg-type]
    message = str(info.value)
    assert "\n" not in message
    assert repr(column) in message and str(row) in message, message
    for canary in CANARIES:
        assert canary not in message, message
    return message


@pytest.mark.parametrize("cells", [["1401.50", 999999990], [1401.5, "Canary Testpersoon"], ["1401.50", 12345.67]])
def test_a_mixed_pandas_column_is_refused_by_name_and_row(cells: list[object]) -> None:
    """pyarrow raised ArrowTypeError/ArrowInvalid quoting the cell (a BSN), or a TypeError."""
    frame = pd.DataFrame({"id": ["a", "b"], "netto_inkomen": cells}, index=[999999990, 5])
    message = _refused(frame, column="netto_inkomen", row=1)
    assert "different types" in message


def test_a_mixed_pandas_id_column_is_refused_and_other_columns_are_not_read() -> None:
    frame = pd.DataFrame({"id": ["999999990", 7], "netto_inkomen": ["1401.50", "1000.00"]})
    _refused(frame, column="id", row=1)
    # a column no regulation reads is not converted at all: its mixed types do not matter
    frame = pd.DataFrame({"id": ["a", "b"], "netto_inkomen": ["1401.50", "1000.00"], "notitie": ["Canary Testpersoon", 999999990]})
    assert rr.screen([KWIJTSCHELDING], frame, date=DAY).persons == 2


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 1e300, -1e30, 1.234567e15])
@pytest.mark.parametrize("column", ["netto_inkomen", "aflossingen_overige_schulden"])
def test_a_float_that_is_no_amount_is_refused_by_column_and_row(value: float, column: str) -> None:
    """polars raised InvalidOperationError 'conversion from f64 to decimal failed ... [inf]'."""
    frame = pl.DataFrame({"id": ["a", "b"], column: [100.0, value]})
    message = _refused(frame, column=column, row=1)
    assert "1 value(s)" in message


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e300])
def test_a_float_that_is_no_amount_is_unknown_when_asked(value: float) -> None:
    """on_invalid="unknown" raised the same polars error; now the row has the fact unknown and listed."""
    frame = pl.DataFrame({"id": ["a", "b"], "netto_inkomen": [1401.5, value]})
    out = rr.screen([KWIJTSCHELDING], frame, date=DAY, on_invalid="unknown").frame
    assert out["invalid_facts"].to_list() == [[], ["netto_inkomen"]]


@pytest.mark.parametrize("value", [float("inf"), float("nan"), 1e300])
def test_a_float_that_is_no_whole_number_is_refused(tmp_path: Path, value: float) -> None:
    policy = rr.load_policy(_policy(tmp_path))
    frame = pl.DataFrame({"id": ["x", "y"], "kinderen": [1.0, value]})
    with pytest.raises(rr.ScreeningError, match="'kinderen'.*first rows: 1") as info:
        rr.screen([policy], frame, date=DAY)
    assert not any(c in str(info.value) for c in CANARIES)


def test_a_decimal_too_large_for_an_amount_is_refused() -> None:
    frame = pl.DataFrame({"id": ["a"], "netto_inkomen": pl.Series([Decimal("1" + "0" * 30)], dtype=pl.Decimal(38, 0))})
    _refused(frame, column="netto_inkomen", row=0)


def _policy(directory: Path) -> Path:
    """A regulation whose facts are called like the screening's own columns: id, wijk, invalid_facts."""
    path = directory / "namen.yaml"
    path.write_text(textwrap.dedent("""\
        id: namen
        title: Feiten met lastige namen
        authority: Testgemeente
        country: nl
        version: "1"
        valid_from: 2020-01-01
        summary: Een regeling waarvan de feiten heten zoals de kolommen van de screening.
        sources:
          - id: wet
            citation: Testwet, art. 1
            level: verordening
            url: https://example.org/testwet
            verified: "no"
        facts:
          id:
            type: int
            description: Een nummer dat de aanvrager opgeeft.
          wijk:
            type: enum
            values: [noord, zuid]
            description: De wijk waar de aanvrager woont.
          invalid_facts:
            type: bool
            description: Een feit met de naam van een kolom van de uitkomst.
          kinderen:
            type: int
            description: Het aantal kinderen.
        purposes:
          - id: doel
            title: Doel
            description: Het doel van de regeling.
            source: wet
            test: kinderen > 0
        rules:
          - id: regel
            text: De regel.
            condition: wijk == "noord" and id > 3 and not invalid_facts
            source: wet
            serves: [doel]
        outcome:
          granted: toegekend
          denied: afgewezen
        """), encoding="utf-8")
    return path


@pytest.mark.parametrize("on_invalid", ["raise", "unknown"])
def test_facts_named_like_the_screening_columns(tmp_path: Path, on_invalid: str) -> None:
    """A fact called wijk or id raised polars' DuplicateError: the facts now live apart from the
    population's id and district columns, and the result is the one ``assess`` gives."""
    policy = rr.load_policy(_policy(tmp_path))
    frame = pl.DataFrame({
        "id": [1, 5, 5, None],
        "wijk": ["noord", "noord", "zuid", "noord"],
        "invalid_facts": [False, False, False, True],
        "kinderen": [0, 1, 1, 2],
        "persoon": ["p1", "p2", "p3", "p4"],
    })
    out = rr.screen([policy], frame, date=DAY, id_column="persoon", on_invalid=on_invalid).frame  # type: ignore[arg-type]
    assert isinstance(out, pl.DataFrame)
    assert out["persoon"].to_list() == ["p1", "p2", "p3", "p4"]
    assert out["wijk"].to_list() == ["noord", "noord", "zuid", "noord"]  # the district column, as given
    for row, got in zip(frame.iter_rows(named=True), out.iter_rows(named=True), strict=True):
        facts = {k: v for k, v in row.items() if k != "persoon" and v is not None}
        expected = rr.assess(policy, {"date": DAY, "facts": facts})
        assert (got["letter"], got["intent"], got["tension"]) == (expected.letter.verdict, expected.intent.verdict, expected.tension)
    # and with the fact id as the id column: the row's number stays the id, the fact its value
    rr.screen([policy], frame.drop("persoon"), date=DAY)


@pytest.mark.parametrize(("option", "name"), [("id_column", "letter"), ("district_column", "amount"), ("id_column", "__fact:x")])
def test_an_id_or_district_column_may_not_take_a_result_name(option: str, name: str) -> None:
    frame = pl.DataFrame({"id": ["a"], "netto_inkomen": ["1.00"]})
    with pytest.raises(rr.ScreeningError, match=option):
        rr.screen([KWIJTSCHELDING], frame, date=DAY, **{option: name})  # type: ignore[arg-type]
