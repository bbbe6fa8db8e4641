# SPDX-License-Identifier: EUPL-1.2
"""``screen`` on a decision in parts agrees with ``assess`` (issue 14 point 5): one row per person
derived from the parts as ``assess`` derives the case, or one row per person and part with
``per="part"``; a policy without parts is screened as before."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import regelruimte as rr
from regelruimte.testing import cases

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PARTS = rr.load_policy(FIXTURES / "parts.yaml")
DAY = date(2026, 3, 1)
DTYPES = {"bool": pl.Boolean, "money": pl.Decimal(38, 2), "decimal": pl.Decimal(38, 12)}


def frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    columns = {"id": pl.Series("id", range(len(rows)), dtype=pl.Int64)}
    for name, fact in PARTS.facts.items():
        columns[name] = pl.Series(name, [r.get(name) for r in rows], dtype=DTYPES[fact.type])
    return pl.DataFrame(columns)


def lifted(x: Any) -> bool:
    return bool(x.letter.regardless_of or x.intent.regardless_of or x.tension_regardless_of)


def agrees(got: dict[str, Any], expected: dict[str, Any], coarse: bool) -> bool:
    """Exactly, or coarser (undetermined, no amount) where assess decided over completions."""
    if not coarse:
        return got == expected
    return all(got[k] == v or got[k] in ("undetermined", None) for k, v in expected.items())


KEYS = ("letter", "amount", "intent", "intent_amount", "tension")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(cases(PARTS).map(lambda c: c["facts"]), min_size=1, max_size=12))
def test_screen_agrees_with_assess_per_case_and_per_part(rows: list[dict[str, Any]]) -> None:
    whole = {r["id"]: r for r in rr.screen([PARTS], frame(rows), date=DAY).frame.iter_rows(named=True)}
    per_part = {(r["id"], r["part"]): r for r in rr.screen([PARTS], frame(rows), date=DAY, per="part").frame.iter_rows(named=True)}
    assert len(whole) == len(rows) and len(per_part) == 3 * len(rows)
    for i, facts in enumerate(rows):
        a = rr.assess(PARTS, {"date": DAY, "facts": facts})
        expected = {"letter": a.letter.verdict, "amount": a.letter.amount, "intent": a.intent.verdict, "intent_amount": a.intent.amount, "tension": a.tension}
        got = {k: whole[i][k] for k in KEYS}
        assert agrees(got, expected, any(lifted(p) for p in a.parts)), f"case {i}: screen {got} != assess {expected}"
        for p in a.parts:
            want = {"letter": p.letter.verdict, "amount": p.letter.amount, "intent": p.intent.verdict, "intent_amount": p.intent.amount, "tension": p.tension}
            row = {k: per_part[(i, p.id)][k] for k in KEYS}
            assert agrees(row, want, lifted(p)), f"case {i}, part {p.id}: screen {row} != assess {want}"


def test_a_known_population_per_case_and_per_part() -> None:
    rows = [{"niet_gemeld": True, "te_veel": Decimal("1000.00"), "aandeel_gemeente": Decimal(0), "verminderd_verwijtbaar": True},
            {"niet_gemeld": False, "te_veel": Decimal("10.00"), "aandeel_gemeente": Decimal(0), "verminderd_verwijtbaar": False}]
    whole = rr.screen([PARTS], frame(rows), date=DAY)
    assert whole.frame["letter"].to_list() == ["granted", "partly_granted"]
    assert whole.frame["amount"].to_list() == [Decimal("1500.00"), Decimal("10.00")]
    assert "part" not in whole.frame.columns and whole.persons == 2
    assert whole.summary["partly_granted"].to_list() == [1]
    parts = rr.screen([PARTS], frame(rows), date=DAY, per="part")
    assert parts.persons == 2
    assert parts.summary.select("part", "granted").rows() == [("intrekking", 1), ("terugvordering", 2), ("boete", 1)]


def test_a_policy_without_parts_gets_an_empty_part_per_part() -> None:
    minimal = rr.load_policy(FIXTURES / "minimal.yaml")
    population = pl.DataFrame({"id": [1], "inkomen": ["900.00"], "huishouden": ["alleen"]})
    out = rr.screen([minimal], population, date=DAY, per="part")
    assert out.frame["part"].to_list() == [None] and out.frame["letter"].to_list() == ["granted"]
    assert "part" not in rr.screen([minimal], population, date=DAY).frame.columns


def test_the_command_line_screens_per_part(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from regelruimte.cli import app

    rows = [{"niet_gemeld": True, "te_veel": Decimal("1000.00"), "aandeel_gemeente": Decimal(0), "verminderd_verwijtbaar": True}]
    population = tmp_path / "stad.parquet"
    frame(rows).write_parquet(population)
    out = tmp_path / "uit.parquet"
    result = CliRunner().invoke(app, ["screen", str(FIXTURES / "parts.yaml"), "--population", str(population), "--date", "2026-03-01",
                                      "--per-part", "-o", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert pl.read_parquet(out)["part"].to_list() == ["intrekking", "terugvordering", "boete"]


# -- a population in periods ------------------------------------------------------------------------
PERIODS = rr.load_policy(FIXTURES / "periods.yaml")
KOT = rr.load_policy(Path(__file__).resolve().parents[1] / "policies" / "nl" / "toeslagen" / "kinderopvangtoeslag_terugwerkende_kracht.yaml")


def _month(m: int) -> tuple[date, date]:
    return date(2026, m, 1), (date(2026, m + 1, 1) if m < 12 else date(2027, 1, 1)) - timedelta(days=1)


def _long(people: list[list[dict[str, Any]]]) -> pl.DataFrame:
    rows = [{"id": i, "period_start": _month(j + 1)[0], "period_end": _month(j + 1)[1], **facts} for i, months in enumerate(people) for j, facts in enumerate(months)]
    return pl.DataFrame(rows, schema={"id": pl.Int64, "period_start": pl.Date, "period_end": pl.Date, "niet_gemeld": pl.Boolean, "bewezen": pl.Boolean,
                                      "te_veel": pl.Decimal(38, 2)})


MONTH = st.fixed_dictionaries({"bewezen": st.sampled_from([True, False, None]), "te_veel": st.sampled_from([None, Decimal("0.00"), Decimal("10.00"), Decimal("500.00")])})
PERSON = st.tuples(st.sampled_from([True, False, None]), st.lists(MONTH, min_size=1, max_size=4))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(PERSON, min_size=1, max_size=6))
def test_screen_agrees_with_assess_per_person_and_per_period(people: list[tuple[bool | None, list[dict[str, Any]]]]) -> None:
    frame = _long([[{"niet_gemeld": shared, **m} for m in months] for shared, months in people])
    whole = {r["id"]: r for r in rr.screen([PERIODS], frame, date=DAY).frame.iter_rows(named=True)}
    per_period = {(r["id"], r["period_start"]): r for r in rr.screen([PERIODS], frame, date=DAY, per="period").frame.iter_rows(named=True)}
    for i, (shared, months) in enumerate(people):
        periods = [{"start": _month(j + 1)[0], "end": _month(j + 1)[1], "facts": {k: v for k, v in f.items() if v is not None}} for j, f in enumerate(months)]
        a = rr.assess(PERIODS, {"date": DAY, "facts": {} if shared is None else {"niet_gemeld": shared}, "periods": periods})
        expected = {"letter": a.letter.verdict, "amount": a.letter.amount, "intent": a.intent.verdict, "intent_amount": a.intent.amount, "tension": a.tension}
        got = {k: whole[i][k] for k in KEYS}
        assert agrees(got, expected, any(bool(p.letter.regardless_of or p.intent.regardless_of) for p in a.periods)), f"person {i}: {got} != {expected}"
        for p in a.periods:
            want = {"letter": p.letter.verdict, "amount": p.letter.amount, "intent": p.intent.verdict, "intent_amount": p.intent.amount, "tension": p.tension}
            row = {k: per_period[(i, p.start)][k] for k in KEYS}
            assert agrees(row, want, bool(p.letter.regardless_of or p.intent.regardless_of)), f"person {i}, {p.start}: {row} != {want}"


def test_the_kinderopvangtoeslag_screened_per_month_agrees_with_assess() -> None:
    facts = {"soort_opvang": "dagopvang", "uren_per_maand": 150, "uurprijs": Decimal("10.95"), "toeslagpercentage": Decimal("0.96"),
             "datum_aanvraag_toeslag": date(2026, 5, 4), "geregistreerde_opvang": True, "ouder_arbeid_of_traject": True, "heeft_partner": False,
             "partner_arbeid_of_traject": False, "kosten_aantoonbaar": True}
    rows = [{"id": 1, "period_start": _month(m)[0], "period_end": _month(m)[1], **facts} for m in range(1, 6)]
    frame = pl.DataFrame(rows, schema_overrides={"uurprijs": pl.Decimal(38, 2), "toeslagpercentage": pl.Decimal(38, 12)})
    screened = rr.screen([KOT], frame, date=date(2026, 5, 4)).frame.row(0, named=True)
    a = rr.assess(KOT, {"date": "2026-05-04", "facts": facts, "periods": [{"start": r["period_start"], "end": r["period_end"]} for r in rows]})
    assert (screened["letter"], screened["amount"]) == (a.letter.verdict, a.letter.amount) == ("partly_granted", Decimal("6307.20"))
    months = rr.screen([KOT], frame, date=date(2026, 5, 4), per="period").frame
    assert months["letter"].to_list() == [p.letter.verdict for p in a.periods] == ["denied", "granted", "granted", "granted", "granted"]


def test_per_period_needs_a_population_in_periods() -> None:
    with pytest.raises(rr.ScreeningError, match="period_start"):
        rr.screen([PERIODS], pl.DataFrame({"id": [1], "bewezen": [True]}), date=DAY, per="period")
    bad = pl.DataFrame({"id": [1], "period_start": ["2026-13-01"], "period_end": ["2026-01-31"], "bewezen": [True]})
    with pytest.raises(rr.ScreeningError, match="period_start"):
        rr.screen([PERIODS], bad, date=DAY)


def test_two_rows_with_the_same_id_stay_two_persons() -> None:
    rows = [{"niet_gemeld": True, "te_veel": Decimal("1000.00"), "aandeel_gemeente": Decimal(0), "verminderd_verwijtbaar": True},
            {"niet_gemeld": False, "te_veel": Decimal("10.00"), "aandeel_gemeente": Decimal(0), "verminderd_verwijtbaar": False}]
    population = frame(rows).with_columns(pl.lit(7, dtype=pl.Int64).alias("id"))
    out = rr.screen([PARTS], population, date=DAY).frame
    assert out["letter"].to_list() == ["granted", "partly_granted"] and out["id"].to_list() == [7, 7]
