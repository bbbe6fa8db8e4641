# SPDX-License-Identifier: EUPL-1.2
"""The synthetic population (regelruimte.synthetic.population): seeded, typed, plausible, with non-take-up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import regelruimte as rr
from regelruimte.synthetic.households import DISTRICTS, HOUSEHOLD_SHARES, HOUSEHOLD_TYPES
from regelruimte.synthetic.population import DEFAULT_TAKE_UP, generate

ROOT = Path(__file__).resolve().parents[1]
POLICIES = rr.load_policies(ROOT / "policies")
DAY = date(2026, 3, 1)


@pytest.fixture(scope="module")
def city() -> pl.DataFrame:
    return generate(POLICIES, 20_000, seed=7, reference_date=DAY)


@pytest.fixture(scope="module")
def screening(city: pl.DataFrame) -> rr.Screening:
    return rr.screen(POLICIES, city, date=DAY)


def test_same_seed_same_frame_other_seed_other_frame() -> None:
    a = generate(POLICIES, 3_000, seed=1, reference_date=DAY)
    b = generate(POLICIES, 3_000, seed=1, reference_date="2026-03-01")
    c = generate(POLICIES, 3_000, seed=2, reference_date=DAY)
    assert a.equals(b)
    assert not a.equals(c)


def test_a_household_keeps_its_facts_when_policies_are_added() -> None:
    # each topic has its own random stream: adding a regulation does not redraw incomes or ages
    one = generate([POLICIES["kwijtschelding_afvalstoffenheffing"]], 2_000, seed=3, reference_date=DAY, take_up=False)
    all_ = generate(POLICIES, 2_000, seed=3, reference_date=DAY, take_up=False)
    assert one.equals(all_.select(one.columns))


def test_columns_are_the_union_of_the_facts_plus_id_district_and_receipt(city: pl.DataFrame) -> None:
    facts = {name for p in POLICIES.values() for name in p.facts}
    receipts = {f"ontvangt_{pid}" for pid, p in POLICIES.items() if p.applies_on(DAY)}
    assert set(city.columns) == {"id", "wijk"} | facts | receipts
    assert city.columns[:2] == ["id", "wijk"]
    assert city["id"][0] == "h0000001" and city["id"].n_unique() == city.height
    assert set(city["wijk"].unique().cast(pl.String)) <= {d[0] for d in DISTRICTS}


def test_types_follow_the_fact_types(city: pl.DataFrame) -> None:
    expected = {"money": pl.Decimal(38, 2), "decimal": pl.Decimal(38, 4), "int": pl.Int64, "bool": pl.Boolean, "date": pl.Date}
    for p in POLICIES.values():
        for name, fact in p.facts.items():
            dtype = city.schema[name]
            if fact.type == "enum":
                assert isinstance(dtype, pl.Enum) and set(dtype.categories) <= set(fact.values or ()), name
            elif fact.type == "text":
                assert dtype == pl.String, name
            else:
                assert dtype == expected[fact.type], name
            column = city[name]
            if fact.minimum is not None and fact.type in ("money", "decimal", "int"):
                assert column.drop_nulls().cast(pl.Float64).min() >= float(fact.minimum), name
            if fact.maximum is not None and fact.type in ("money", "decimal", "int"):
                assert column.drop_nulls().cast(pl.Float64).max() <= float(fact.maximum), name
    for name in [c for c in city.columns if c.startswith("ontvangt_")]:
        assert city.schema[name] == pl.Boolean


def test_money_is_exact_cents(city: pl.DataFrame) -> None:
    income = city["netto_inkomen"]
    assert income.dtype == pl.Decimal(38, 2)
    # social-assistance households have exactly the norm: Decimal('1401.50'), not a float near it
    values = set(income.head(5_000).to_list())
    assert Decimal("1401.50") in values and Decimal("2002.13") in values


def test_screen_accepts_it_and_every_outcome_occurs(screening: rr.Screening) -> None:
    summary = screening.summary
    assert summary.height == len([p for p in POLICIES.values() if p.applies_on(DAY)])
    assert int(summary["granted"].sum()) > 0 and int(summary["denied"].sum()) > 0
    assert (summary["granted"] > 0).all(), "every regulation grants someone in a city of 20,000"
    tensions = set(screening.frame["tension"].unique().cast(pl.String))
    assert {"aligned", "letter_blocks_intent"} <= tensions


def test_assess_agrees_with_the_screening_on_generated_households(city: pl.DataFrame, screening: rr.Screening) -> None:
    # the generated values are valid cases too: the per-case validator accepts them
    frame = screening.frame
    rows = city.head(25).to_dicts()
    for pid, p in POLICIES.items():
        if not p.applies_on(DAY):
            continue
        letters = frame.filter(pl.col("policy") == pid).head(25)["letter"].cast(pl.String).to_list()
        for row, expected in zip(rows, letters):
            facts = {k: _json(row[k]) for k in p.facts if row[k] is not None}
            assert rr.assess(p, {"date": "2026-03-01", "facts": facts}).letter.verdict == expected, pid


def _json(v: Any) -> Any:
    return format(v, "f") if isinstance(v, Decimal) else v.isoformat() if isinstance(v, date) else v


def test_household_types_near_the_documented_shares(city: pl.DataFrame) -> None:
    shares = city["huishouden"].cast(pl.String).value_counts(normalize=True)
    got = dict(zip(shares["huishouden"], shares["proportion"]))
    for name, share in zip(HOUSEHOLD_TYPES, HOUSEHOLD_SHARES):
        assert abs(got[name] - share) < 0.015, name


def test_incomes_ages_and_assets_are_plausible(city: pl.DataFrame) -> None:
    norm = pl.when(pl.col("huishouden") == "gehuwden").then(2002.13).otherwise(1401.50)
    norm = pl.when(pl.col("pensioengerechtigd")).then(pl.when(pl.col("huishouden") == "gehuwden").then(2144.16).otherwise(1564.69)).otherwise(norm)
    ratio = city.select((pl.col("netto_inkomen").cast(pl.Float64) / norm).alias("r"))["r"]
    near_or_below = (ratio <= 1.2).mean()
    assert 0.07 < near_or_below < 0.2, near_or_below  # a real share near and below the social minimum
    assert (ratio < 1.0).mean() > 0.005  # and some below the norm
    assert 4.0 > ratio.median() > 1.5
    pension = city["pensioengerechtigd"].mean()
    assert 0.15 < pension < 0.35, pension
    age = city.select(((pl.lit(DAY) - pl.col("geboortedatum")).dt.total_days() / 365.25).alias("a"))["a"]
    assert age.min() >= 18 and age.max() < 100
    # AOW age 67 in 2026: pensioengerechtigd exactly when 67 or older
    older = city.filter(pl.col("pensioengerechtigd"))
    younger = city.filter(~pl.col("pensioengerechtigd"))
    assert older["geboortedatum"].max() <= date(1959, 3, 1) < younger["geboortedatum"].min()
    parents = city.filter(pl.col("huishouden") == "alleenstaande_ouder")
    assert (parents["aantal_gezinsleden"] >= 2).all()
    savings = city["saldo"].cast(pl.Float64)
    assert 500 < savings.median() < 50_000


def test_districts_differ_in_deprivation(city: pl.DataFrame) -> None:
    low = city.group_by("wijk").agg((pl.col("netto_inkomen").cast(pl.Float64) < 1500).mean().alias("low")).sort("low")
    assert low["low"][-1] > 2 * low["low"][0]


def test_non_take_up_exists_and_only_the_entitled_receive(city: pl.DataFrame, screening: rr.Screening) -> None:
    frame = screening.frame
    summary = screening.summary
    for pid, p in POLICIES.items():
        if not p.applies_on(DAY):
            continue
        rows = frame.filter(pl.col("policy") == pid)
        granted = rows["letter"].is_in(["granted", "partly_granted"])  # a decision in parts or periods may be granted in part
        receives = rows["receives"]
        assert not (receives & ~granted).any(), f"{pid}: someone receives without being entitled"
        n_granted = int(granted.sum())
        taken = int((receives & granted).sum())
        nt = int(summary.filter(pl.col("policy") == pid)["non_take_up"][0])
        if p.outcome.adverse:
            assert nt == 0 and taken == n_granted, pid
        elif n_granted >= 100:
            rate = DEFAULT_TAKE_UP.get(pid, 0.5)
            assert abs(taken / n_granted - rate) < 0.12, (pid, taken, n_granted)
            assert nt == n_granted - taken > 0
    minima = ["kwijtschelding_afvalstoffenheffing", "meedoen_is_belangrijk_oss", "individuele_inkomenstoeslag_alphen"]
    share = summary.filter(pl.col("policy").cast(pl.String).is_in(minima)).select(pl.col("non_take_up").sum() / pl.col("granted").sum()).item()
    assert 0.4 < share < 0.6, share  # about half, as the domain notes say (§3.2)


def test_take_up_options() -> None:
    kw = POLICIES["kwijtschelding_afvalstoffenheffing"]
    none = generate([kw], 3_000, seed=5, reference_date=DAY, take_up=False)
    assert not [c for c in none.columns if c.startswith("ontvangt_")]
    everyone = generate([kw], 3_000, seed=5, reference_date=DAY, take_up=1.0)
    nobody = generate([kw], 3_000, seed=5, reference_date=DAY, take_up={kw.id: 0.0})
    granted = rr.screen([kw], none, date=DAY).frame["letter"] == "granted"
    assert (everyone["ontvangt_kwijtschelding_afvalstoffenheffing"] == granted).all()
    assert not nobody["ontvangt_kwijtschelding_afvalstoffenheffing"].any()
    with pytest.raises(ValueError):
        generate([kw], 10, reference_date=DAY, take_up=1.5)


def test_unknown_hides_facts_only_the_citizen_knows() -> None:
    kw = POLICIES["kwijtschelding_afvalstoffenheffing"]
    df = generate([kw], 5_000, seed=9, reference_date=DAY, take_up=False, unknown=0.3)
    for name, fact in kw.facts.items():
        nulls = df[name].null_count() / df.height
        if fact.held_by or name == "datum_laatste_betaling":
            continue
        assert 0.2 < nulls < 0.4, name
    assert df["netto_inkomen"].null_count() == 0  # held by Suwinet/UWV: never hidden
    undetermined = rr.screen([kw], df, date=DAY).summary["undetermined"][0]
    assert undetermined > 0


def test_a_new_policy_gets_columns_from_the_generic_fallback(minimal_text: str, write_policy: Any) -> None:
    text = minimal_text.replace(
        "facts:\n",
        "facts:\n"
        "  aantal_maanden:\n    type: int\n    description: Maanden.\n    minimum: 1\n    maximum: 6\n"
        "  percentage:\n    type: decimal\n    description: Een deel.\n    minimum: 0\n    maximum: 1\n"
        "  toegekend_op:\n    type: date\n    description: Datum.\n"
        "  opmerking:\n    type: text\n    description: Tekst.\n"
        "  akkoord:\n    type: bool\n    description: Ja of nee.\n",
    )
    policy = rr.load_policy(write_policy(text))
    df = generate([policy], 2_000, seed=4, reference_date=DAY)
    assert df["aantal_maanden"].min() >= 1 and df["aantal_maanden"].max() <= 6
    assert df.schema["percentage"] == pl.Decimal(38, 4) and df["percentage"].cast(pl.Float64).max() <= 1
    # 'huishouden' here has other values than the shared vocabulary: the generic fallback draws them
    assert set(df["huishouden"].cast(pl.String).unique()) == {"alleen", "samen"}
    assert df.schema["inkomen"] == pl.Decimal(38, 2)
    summary = rr.screen([policy], df, date=DAY).summary
    assert int(summary["granted"][0]) + int(summary["denied"][0]) == 2_000


def test_zero_households_and_bad_arguments() -> None:
    df = generate(POLICIES, 0, reference_date=DAY)
    assert df.height == 0 and "netto_inkomen" in df.columns
    with pytest.raises(ValueError):
        generate(POLICIES, -1, reference_date=DAY)
    with pytest.raises(ValueError):
        generate(POLICIES, 10, reference_date=DAY, unknown=2.0)
