# SPDX-License-Identifier: EUPL-1.2
"""The topics of the synthetic population: each draws the facts of one subject (income history,
kwijtschelding, special costs, Oss, recovery, childcare, Wmo, Gent) from the household core, from
its own random stream, so adding a policy does not change the columns that were already there.

The distributions are illustrative (see :mod:`~regelruimte.synthetic.population`):

Income over 36 months (``gemiddeld_inkomen``, ``gemiddelde_bijstandsnorm``)
    The average norm is the mean of the norm parameter over the 36 calendar months before the
    reference date (months before the first known value use the first known value, so it is
    slightly high). Months on the current low income: exponential with mean 70 (social
    assistance) or 30 (other low incomes); who has been low for 36 months averages 99–103% of
    the current ratio, others mix in a previous income of 130% + lognormal(median 40%).
    Higher incomes vary 92–105%. ``maanden_met_dit_inkomen``: 12 for 85%, else 1–11.
Childcare
    Households with a child of 0–12 whose adults all work or follow a trajectory: 65% use
    childcare (dagopvang for a youngest child of 0–3, otherwise buitenschoolse opvang; 25% resp.
    20% gastouderopvang); hours and hourly prices around the 2026 maximum hourly prices of the
    policies; ``toeslagpercentage`` from 96% falling with income to 33% (shape illustrative, the
    end points as in the Besluit kinderopvangtoeslag [UNVERIFIED]); 85% paid all costs; the
    advance equals the full allowance for 70% and is 90–115% of it for the others. A retroactive request is modelled as made on
    the reference date, for a period that began 0–6 months earlier.
Other events (illustrative)
    A special cost (bijzondere bijstand): 15% of low incomes and 3% of others, median €350.
    A bijstand overpayment: 12% of social-assistance households, median €1.500; 30% with a
    share of the municipality (10–60%), 15% of the unreported ones from assets (the household's
    ``vermogen``), proven for the whole period in 85%, part of it in 12% (10–60% of what was
    paid outside the proven months), none in 3%. The
    afvalstoffenheffing bill: €300 for one person, €390 for more (illustrative, not Zuidplas'
    tariff); 30% of low incomes had remission last year; for 3% a document the municipality
    asked for by name is still missing after the term (Awb 4:5), spread over the five kinds. Residence facts (``inwoner_oss``, ``woont_in_gent``, ``ingezetene_gemeente``)
    are true: the synthetic city stands in for each municipality whose rules are screened.
    Facts that describe an event a household does not have (a cost, an overpayment, a
    childcare year, a melding) are null (not applicable), except the facts that say it is
    absent (``kosten`` 0 and ``kosten_aangetoond`` false, ``materieel_te_veel`` 0; without an
    overpayment ``te_veel_door_vermogen``, ``gemeente_droeg_bij`` and ``acute_noodsituatie`` are
    false, as a municipal file says of a household that got nothing too much: these statements
    are simply not true of it, and a case that leaves them open runs the completion analysis;
    ``geregistreerde_opvang`` false, ``uren_per_maand`` 0).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .households import HOUSEHOLD_TYPES, Col, Household, day_number, lognormal_cents, months_ago

Topic = Callable[["Household"], dict[str, Col]]


def _core(h: Household) -> dict[str, Col]:
    np = h.np
    yes = np.ones(h.n, dtype=bool)
    minors = h.kids > 0
    return {
        "huishouden": Col("enum", h.htype, values=HOUSEHOLD_TYPES),
        "pensioengerechtigd": Col("bool", h.pension),
        "geboortedatum": Col("date", h.birth),
        "netto_inkomen": Col("money", h.income),
        "saldo": Col("money", h.saldo),
        "vermogen": Col("money", h.vermogen),
        "kind_12_tot_18": Col("bool", h.kids_between(12, 17) > 0),
        "minderjarige_kinderen": Col("bool", minors),
        "aantal_gezinsleden": Col("int", h.adults + h.kids),
        "kinderen_basisonderwijs": Col("int", h.kids_between(4, 11)),
        "kinderen_overgangsjaar": Col("int", h.kids_between(12, 12)),
        "kinderen_voortgezet_onderwijs": Col("int", h.kids_between(13, 17)),
        "heeft_partner": Col("bool", h.couple),
        "huisgenoot_aanwezig": Col("bool", h.housemate),
        "in_schuldhulptraject": Col("bool", h.counselling),
        "inwoner_oss": Col("bool", yes),
        "woont_in_gent": Col("bool", yes),
        "ingezetene_gemeente": Col("bool", yes),
        "ouder_arbeid_of_traject": Col("bool", h.works),
        "partner_arbeid_of_traject": Col("bool", h.partner_works, null=~h.couple),
    }


def _income_history(h: Household) -> dict[str, Col]:
    np, rng, n = h.np, h.rng("income_history"), h.n
    low_status = h.status > 0
    mean = np.where(h.status == 1, 70.0, 30.0)
    duration = np.where(low_status, rng.exponential(mean, n), 120.0)
    long = duration >= 36
    previous = 1.3 + np.exp(rng.normal(np.log(0.4), 0.5, n))
    w = np.clip(duration / 36.0, 0, 1)
    ratio36 = np.where(
        low_status,
        np.where(long, h.ratio * rng.uniform(0.99, 1.03, n), w * h.ratio + (1 - w) * previous),
        h.ratio * rng.uniform(0.92, 1.05, n),
    )
    avg_norm = np.where(h.pension, h.avg_norms["aow"][h.htype], h.avg_norms["norm"][h.htype]).astype(np.int64)
    months = np.where(rng.random(n) < 0.85, 12, rng.integers(1, 12, n))
    working_age = ~h.pension
    long_low = low_status & long
    return {
        "gemiddeld_inkomen": Col("money", np.rint(ratio36 * avg_norm).astype(np.int64)),
        "gemiddelde_bijstandsnorm": Col("money", avg_norm),
        "maanden_met_dit_inkomen": Col("int", months),
        "uitzicht_op_inkomensverbetering": Col("bool", working_age & (rng.random(n) < 0.25)),
        "rijksbekostigd_onderwijs_36m": Col("bool", rng.random(n) < np.select([h.age < 30, h.age < 45], [0.35, 0.05], 0.01)),
        "arbeidsplicht_nagekomen_12m": Col("bool", rng.random(n) < 0.93),
        "iit_verleend_12m": Col("bool", long_low & (rng.random(n) < 0.25)),
    }


def _kwijtschelding(h: Household) -> dict[str, Col]:
    np, rng, n = h.np, h.rng("kwijtschelding"), h.n
    single = h.adults + h.kids == 1
    low = h.low
    paid = rng.random(n) < 0.15
    has_car = h.car > 0
    return {
        "belastingsoort": Col("enum", np.zeros(n, dtype=np.int64), values=("afvalstoffenheffing_vast",)),
        "aanslag": Col("money", np.where(single, 30000, 39000)),
        "woonlasten": Col("money", np.where(low, rng.integers(0, 20001, n), rng.integers(10000, 60001, n))),
        "zorgkosten": Col("money", h.adults * np.where(low, rng.integers(2000, 5001, n), rng.integers(14000, 17501, n))),
        "overige_uitgaven": Col("money", np.where(rng.random(n) < 0.10, rng.integers(5000, 40001, n), 0)),
        "auto_waarde": Col("money", h.car),
        "auto_onmisbaar": Col("bool", has_car & (rng.random(n) < 0.10)),
        "overig_vermogen": Col("money", h.other),
        "aflossingen_overige_schulden": Col("money", h.repayment),
        "al_betaald": Col("bool", paid),
        "datum_laatste_betaling": Col("date", day_number(h.day) - rng.integers(0, 241, n), null=~paid),
        "bestemd_vermogen": Col("money", np.where(rng.random(n) < 0.02, rng.integers(50000, 500001, n), 0)),
        # drawn after the facts above, so adding these did not redraw them
        "kwijtschelding_vorig_jaar": Col("bool", low & (rng.random(n) < 0.30)),
        "ontbreekt_na_verzoek": Col("enum", np.where(rng.random(n) < 0.03, rng.integers(1, 6, n), 0),
                                    values=("niets", "bankafschriften", "inkomensspecificaties", "taxatie_auto", "verklaring_onmisbare_auto",
                                            "woonlasten_zorgpolis")),
    }


_COST_KINDS = ("rechtsbijstand", "griffierecht", "bewindvoering", "eigen_bijdrage_kinderopvang", "eigen_bijdrage_zorgverzekering",
               "inrichting", "witgoed", "verhuiskosten", "uitvaart", "reiskosten", "medische_kosten", "overig")
_COST_SHARES = (0.08, 0.04, 0.10, 0.03, 0.08, 0.12, 0.15, 0.06, 0.02, 0.07, 0.15, 0.10)


def _bijzondere_kosten(h: Household) -> dict[str, Col]:
    np, rng, n = h.np, h.rng("bijzondere_kosten"), h.n
    event = rng.random(n) < np.where(h.low, 0.15, 0.03)
    na = ~event

    def share(p: float) -> Col:
        return Col("bool", rng.random(n) < p, null=na)

    cost_date = day_number(h.day) + rng.integers(-120, 61, n)
    before = cost_date < day_number(h.day)
    return {
        "kostensoort": Col("enum", rng.choice(len(_COST_KINDS), size=n, p=np.array(_COST_SHARES)), null=na, values=_COST_KINDS),
        "draagkrachtregime": Col("enum", (rng.random(n) < 0.3).astype(np.int64), null=na, values=("bijlage_2", "bijlage_3")),
        "kosten": Col("money", np.where(event, lognormal_cents(np, rng, 350.0, 0.9, n), 0)),
        "kosten_datum": Col("date", cost_date, null=na),
        "kosten_voldaan": Col("bool", before & (rng.random(n) < 0.6), null=na),
        "kosten_vast_te_stellen": share(0.7),
        "kosten_aangetoond": Col("bool", event & (rng.random(n) < 0.85)),
        "voorliggende_voorziening": share(0.15),
        "kosten_noodzakelijk": share(0.80),
        "uit_bijzondere_omstandigheden": share(0.75),
        "uit_norm_te_betalen": share(0.15),
        "eerder_aanvragen_onmogelijk": share(0.10),
    }


def _oss(h: Household) -> dict[str, Col]:
    np, rng, n = h.np, h.rng("oss"), h.n
    student = rng.random(n) < np.where((h.htype == 0) & (h.age < 30), 0.30, 0.01)
    vtlb = np.rint(h.norm * 0.95).astype(np.int64)  # what a debt arrangement leaves: illustrative 95% of the norm
    return {
        "student": Col("bool", student),
        "studeeromgeving": Col("bool", rng.random(n) < 0.5, null=~student),
        "aflossing_schuldregeling": Col("money", np.where(h.counselling, np.maximum(0, h.income - vtlb), 0)),
    }


def _terugvordering(h: Household) -> dict[str, Col]:
    np, rng, n = h.np, h.rng("terugvordering"), h.n
    event = (h.status == 1) & ~h.pension & (rng.random(n) < 0.12)
    na = ~event
    cause = rng.choice(3, size=n, p=[0.6, 0.2, 0.2])
    payment_error = event & (cause == 2)
    too_much = np.where(event, lognormal_cents(np, rng, 1500.0, 1.0, n), 0)
    paid = np.where(event, np.rint(too_much * rng.uniform(1.0, 4.0, n)).astype(np.int64), 0)
    old = np.where(payment_error & (rng.random(n) < 0.2), np.rint(too_much * rng.uniform(0, 0.5, n)).astype(np.int64), 0)
    share = np.where(rng.random(n) < 0.3, rng.integers(1000, 6001, n), 0)  # 1/10000
    out = {
        "oorzaak": Col("enum", cause, null=na, values=("inlichtingenplicht", "onjuist_besluit", "betaalfout")),
        "feit_bekend_bij_overheid": Col("bool", rng.random(n) < 0.3, null=na),
        "recht_vast_te_stellen": Col("bool", rng.random(n) < 0.8, null=na),
        "betaald_in_periode": Col("money", paid),
        "materieel_te_veel": Col("money", too_much),
        "redelijkerwijs_kunnen_begrijpen": Col("bool", rng.random(n) < 0.5, null=na),
        "deel_ouder_dan_twee_jaar": Col("money", old),
        "aandeel_gemeente": Col("decimal", share, null=na),
        "acute_noodsituatie": Col("bool", event & (rng.random(n) < 0.10)),  # nothing to repay: no hardship from it
    }
    # drawn after the facts above, so adding these did not redraw them
    proven = rng.choice(3, size=n, p=[0.85, 0.12, 0.03])
    return out | {
        "gemeente_droeg_bij": Col("bool", event & (share > 0)),  # no overpayment: the municipality added to none
        "te_veel_door_vermogen": Col("bool", event & (cause == 0) & (rng.random(n) < 0.15)),  # no overpayment: none from assets
        "periode_bewezen": Col("enum", proven, null=na, values=("geheel", "gedeeltelijk", "niet")),
        "te_veel_buiten_bewezen_periode": Col("money", np.where(proven == 1, np.rint(paid * rng.uniform(0.1, 0.6, n)).astype(np.int64), 0)),
    }


_MAX_PRICE = {"dagopvang": 11.23, "buitenschoolse_opvang": 9.98, "gastouderopvang": 8.49}  # the 2026 maxima of the bundled policies


def _kinderopvang(h: Household) -> dict[str, Col]:
    np, rng, n = h.np, h.rng("kinderopvang"), h.n
    young = np.where(h.kid_ages >= 0, h.kid_ages, 99).min(axis=1)
    all_work = h.works & (~h.couple | h.partner_works)
    user = (young <= 12) & all_work & (rng.random(n) < 0.65)
    na = ~user
    kind = np.where(young <= 3, np.where(rng.random(n) < 0.25, 2, 0), np.where(rng.random(n) < 0.20, 2, 1))
    hours = np.select([kind == 0, kind == 1], [rng.integers(40, 181, n), rng.integers(20, 91, n)], rng.integers(30, 151, n))
    hours = np.where(user, hours, 0)
    price_mean = np.array([10.9, 10.0, 8.0])[kind]
    price = np.rint(np.clip(rng.normal(price_mean, 0.8, n), 5.0, 15.0) * 100).astype(np.int64)
    pct = np.rint(np.clip(0.96 - 0.25 * np.maximum(0.0, h.ratio - 1.5), 0.33, 0.96) * 10000).astype(np.int64)
    max_price = np.rint(np.array(list(_MAX_PRICE.values()))[kind] * 100).astype(np.int64)
    hours_year = hours * 12
    costs = hours_year * price  # cents
    full = np.rint(pct * hours_year * np.minimum(price, max_price) / 10000).astype(np.int64)
    exact = rng.random(n) < 0.7  # the advance matched the final allowance
    advance = np.where(user, np.where(exact, full, np.rint(full * rng.uniform(0.90, 1.15, n)).astype(np.int64)), 0)
    paid_all = rng.random(n) < 0.85
    paid = np.where(user, np.where(paid_all, costs, np.rint(costs * rng.uniform(0.5, 0.98, n)).astype(np.int64)), 0)
    start = np.array([day_number(months_ago(h.day, k)) for k in range(7)])[rng.integers(0, 7, n)]
    return {
        "soort_opvang": Col("enum", kind, null=na, values=tuple(_MAX_PRICE)),
        "uren_per_maand": Col("int", hours),
        "uren_opvang": Col("int", hours_year, null=na),
        "uurprijs": Col("money", price, null=na),
        "toeslagpercentage": Col("decimal", pct, null=na),
        "ontvangen_voorschot": Col("money", advance, null=na),
        "betaalde_kosten": Col("money", paid, null=na),
        "gevolgen_onevenredig": Col("bool", ~paid_all & (rng.random(n) < 0.3), null=na),
        "begin_gevraagde_periode": Col("date", start, null=na),
        "geregistreerde_opvang": Col("bool", user & (rng.random(n) < 0.95)),
        "kosten_aantoonbaar": Col("bool", rng.random(n) < 0.9, null=na),
        "datum_aanvraag_toeslag": Col("date", np.full(n, day_number(h.day)), null=na),  # a request on the reference date
    }


def _wmo(h: Household) -> dict[str, Col]:
    np, rng, n = h.np, h.rng("wmo"), h.n
    limited = h.limited
    na = ~limited
    melding = limited & (rng.random(n) < 0.40)
    melding_day = day_number(h.day) - rng.integers(7, 151, n)
    aanvraag_day = np.minimum(melding_day + rng.integers(0, 91, n), day_number(h.day))
    housemate = h.housemate

    def share(p: float, null: Any = na) -> Col:
        return Col("bool", rng.random(n) < p, null=null)

    return {
        "datum_melding": Col("date", melding_day, null=~melding),
        "datum_aanvraag": Col("date", aanvraag_day, null=~melding),
        "onderzoek_uitgevoerd": Col("bool", melding & (rng.random(n) < 0.7), null=na),
        "onderzoek_volledig": share(0.6, ~melding),
        "beperkingen": Col("bool", limited),
        "eigen_kracht": share(0.30),
        "huisgenoot_kan_taken_overnemen": share(0.60, na | ~housemate),
        "huisgenoot_overbelast": share(0.35, na | ~housemate),
        "netwerk_persoon_beschikbaar": share(0.40),
        "netwerk_hulp_vrijwillig": share(0.50),
        "algemene_voorziening_beschikbaar": share(0.50),
        "algemene_voorziening_toereikend": share(0.50),
    }


def _gent(h: Household) -> dict[str, Col]:
    np, rng, n = h.np, h.rng("gent"), h.n
    low = h.low
    assistance = (h.status == 1) & ~h.pension
    vt = low & (rng.random(n) < 0.65)
    budget = h.counselling & (rng.random(n) < 0.6)
    return {
        "verhoogde_tegemoetkoming": Col("bool", vt),
        "leefloon_of_equivalent": Col("bool", assistance),
        "tegemoetkoming_handicap": Col("bool", h.limited & ~h.pension & (rng.random(n) < 0.25)),
        "inkomen_onder_gentse_grens": Col("bool", h.ratio <= 1.25),
        "budgetbeheer_of_schuldbemiddeling": Col("bool", budget),
        "collectieve_schuldenregeling": Col("bool", h.counselling & ~budget),
        "gezinslid_ten_laste": Col("bool", np.zeros(n, dtype=bool)),  # a household row is its head, never ten laste
        "recht_op_vt_niet_opgenomen": Col("bool", low & ~vt & ~assistance & (rng.random(n) < 0.7)),
        "armoede_volgens_hulpverlener": Col("bool", (low | h.debts) & (rng.random(n) < 0.10)),
        "prijs_activiteit": Col("money", rng.integers(4, 61, n) * 50),
    }


TOPICS: tuple[Topic, ...] = (_core, _income_history, _kwijtschelding, _bijzondere_kosten, _oss, _terugvordering, _kinderopvang, _wmo, _gent)
