# SPDX-License-Identifier: EUPL-1.2
"""The letter of the same two regulations as the OpenFisca model, hand-written in polars.

The practical limit for ``screen``: what a programmer who knows polars writes for *one*
reference date (2026-03-01) and *these* two regulations, as one query (a ``with_columns`` stage
for the values used more than once, then one ``select``), with every parameter inlined, exact
integer cents (Int64), no unknowns (the two regulations' facts are complete in the generated
population, except ``datum_laatste_betaling`` where it does not apply), and only the letter:
eligible and amount. No intent, no tension, no summary, no validation of the input, no
provenance. ``benchmarks/run.py`` checks that it agrees with ``screen`` on every household.

* kwijtschelding_afvalstoffenheffing (policies/nl/zuidplas/kwijtschelding.yaml): norm 100%,
  80% of the capacity, car limit €3.350, repayment limit €136, 3 months after a payment, no
  document asked for by name still missing (Awb 4:5);
* individuele_inkomenstoeslag_alphen (policies/nl/alphen_aan_den_rijn/individuele_inkomenstoeslag.yaml):
  21 to AOW age, 36-month income at most 110% of the average norm, assets within the
  Participatiewet limit, amounts €601/€701/€801 (€601/€801/€901 with a child of 12-18).
"""

from __future__ import annotations

from datetime import date

import polars as pl

PEILDATUM = date(2026, 3, 1)
NORM = {"alleenstaande": 140150, "alleenstaande_ouder": 140150, "gehuwden": 200213}  # cents, 2026-01-01
NETTO_AOW = {"alleenstaande": 155815, "alleenstaande_ouder": 155815, "gehuwden": 213540}
VERMOGENSGRENS = {"alleenstaande": 800000, "alleenstaande_ouder": 1600000, "gehuwden": 1600000}
IIT = {"alleenstaande": 60100, "alleenstaande_ouder": 70100, "gehuwden": 80100}
IIT_KIND_12_18 = {"alleenstaande": 60100, "alleenstaande_ouder": 80100, "gehuwden": 90100}


def _cents(name: str) -> pl.Expr:
    """A Decimal(38, 2) money column as Int64 cents (its physical value; exact)."""
    return pl.col(name).to_physical().cast(pl.Int64)


def _by_household(table: dict[str, int]) -> pl.Expr:
    """A look-up by household type (an Enum column: comparisons are integer work)."""
    h = pl.col("huishouden")
    return pl.when(h == "alleenstaande").then(table["alleenstaande"]).when(h == "alleenstaande_ouder").then(table["alleenstaande_ouder"]).otherwise(table["gehuwden"])


def expressions() -> list[pl.Expr]:
    """Eligibility and amount (in cents) for both regulations, over the columns of :func:`_stage`."""
    # kwijtschelding
    vermogen = pl.max_horizontal(0, pl.col("_saldo") - pl.col("_kvb") - pl.col("_woon") - pl.col("_zorg")) + pl.col("_auto") + _cents("overig_vermogen")
    capaciteit = pl.max_horizontal(0, _cents("netto_inkomen") - pl.col("_woon") - pl.col("_zorg") - _cents("overige_uitgaven") - pl.col("_kvb"))
    tienden = 10 * _cents("aanslag") - 10 * vermogen - 96 * capaciteit  # in tenths of a cent: 12 months x 80% = 9.6
    op_tijd = pl.col("al_betaald").not_() | (pl.lit(PEILDATUM) <= pl.col("datum_laatste_betaling").dt.offset_by("3mo"))
    gestuurd = pl.col("ontbreekt_na_verzoek") == "niets"  # nothing asked for by name still missing (Awb 4:5)
    kw_recht = (pl.col("belastingsoort") == "afvalstoffenheffing_vast") & (tienden > 0) & (_cents("aflossingen_overige_schulden") <= 13600) & op_tijd & gestuurd
    kw_bedrag = pl.when(kw_recht).then((tienden + 5) // 10).otherwise(0)  # half up to cents

    # individuele inkomenstoeslag
    geboren = pl.col("geboortedatum")
    maanden = (PEILDATUM.year - geboren.dt.year().cast(pl.Int64)) * 12 + (PEILDATUM.month - geboren.dt.month().cast(pl.Int64))
    maanden = pl.when(geboren.dt.day() > PEILDATUM.day).then(maanden - 1).otherwise(maanden)  # the 1st is never a month's end
    iit_recht = (
        (maanden // 12 >= 21)
        & pl.col("pensioengerechtigd").not_()
        & (100 * _cents("gemiddeld_inkomen") <= 110 * _cents("gemiddelde_bijstandsnorm"))
        & (_cents("vermogen") <= _by_household(VERMOGENSGRENS))
        & pl.col("uitzicht_op_inkomensverbetering").not_()
        & pl.col("rijksbekostigd_onderwijs_36m").not_()
        & pl.col("arbeidsplicht_nagekomen_12m")
        & pl.col("iit_verleend_12m").not_()
    )
    iit_bedrag = pl.when(iit_recht).then(pl.when(pl.col("kind_12_tot_18")).then(_by_household(IIT_KIND_12_18)).otherwise(_by_household(IIT))).otherwise(0)
    return [
        kw_recht.alias("kwijtschelding_recht"),
        kw_bedrag.alias("kwijtschelding"),
        iit_recht.alias("iit_recht"),
        iit_bedrag.alias("individuele_inkomenstoeslag"),
    ]


def _stage() -> list[pl.Expr]:
    """Values used more than once, computed once (as a programmer would with ``with_columns``)."""
    auto = _cents("auto_waarde")
    return [
        pl.when(pl.col("pensioengerechtigd")).then(_by_household(NETTO_AOW)).otherwise(_by_household(NORM)).alias("_kvb"),
        _cents("woonlasten").alias("_woon"),
        _cents("zorgkosten").alias("_zorg"),
        _cents("saldo").alias("_saldo"),
        pl.when((auto <= 335000) | pl.col("auto_onmisbaar")).then(0).otherwise(auto).alias("_auto"),
    ]


def letter(population: pl.DataFrame) -> pl.DataFrame:
    """Both regulations' letter for every household, amounts in cents: one query."""
    return population.lazy().with_columns(_stage()).select(pl.col("id"), *expressions()).collect()
