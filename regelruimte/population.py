# SPDX-License-Identifier: EUPL-1.2
"""A synthetic population for examples, tests and benchmarks: ``generate(policies, n, ...)``.

One row per household (the unit of ``docs/facts.md``), with a pseudonymous ``id`` ("h0000001"),
a district ``wijk``, one column per fact of every given policy (the union of their facts) and,
unless ``take_up=False``, a boolean ``ontvangt_<policy id>`` per policy: whether the household
already receives it. Receipt is drawn *only among the households the letter entitles* (computed
with :func:`regelruimte.screen` itself), at a take-up rate per policy, so non-take-up exists the
way it does in reality.

Nobody in it exists. The numbers are **illustrative**: chosen so that outcomes are mixed and
the orders of magnitude resemble a Dutch city, not estimated from data. Where a figure comes
from a source it is named below; everything else says "illustrative". Do not publish results
computed on this population as facts about any real place.

Properties:

* deterministic for a seed: the same ``(policies, n, seed, reference_date, take_up, unknown)``
  gives the same frame, bit for bit. Each topic draws from its own random stream
  (``numpy.random.default_rng([seed, crc32(topic)])``), so adding a policy does not change the
  households' incomes, ages or other columns that were already there;
* exact money: amounts are drawn in whole cents (int64) and stored as polars ``Decimal(38, 2)``,
  never as floats; fractions (``decimal`` facts) as ``Decimal(38, 4)``; choices as polars
  ``Enum`` with the fact's own values; dates as ``Date``;
* vectorised numpy and polars: a million households in a few seconds (plus the screening that
  decides entitlement for the receipt columns);
* a fact the generator has no model for (a new policy) still gets a column, from a generic
  fallback by type within the fact's ``minimum``/``maximum`` (see "Generic fallback").
  A modelled fact whose type or choice list in a policy differs from the model also falls
  back, so a column always passes ``screen``'s validation.

Needs numpy (installed with the ``dev`` and ``bench`` extras).

Distributions
=============

Per household; ``norm`` is the bijstandsnorm for the household type on the reference date
(art. 22 when pensioengerechtigd), read from the given policies' ``bijstandsnorm`` and
``bijstandsnorm_aow`` parameters (``policies/nl/normen/participatiewet.yaml``; 2026 values
€1.401,50 single, €2.002,13 couple, €1.564,69 / €2.144,16 at AOW age: domain notes §2.1,
[V-text]) and otherwise those 2026 values.

District (``wijk``)
    Ten fictional districts with a size share and a deprivation index (mean 1) that scales the
    shares of low income, debts and social-assistance receipt: illustrative. The names are
    invented so that no real neighbourhood is labelled poor.
Household type (``huishouden``)
    alleenstaande 39%, alleenstaande_ouder 7%, gehuwden (incl. samenwonenden) 54%:
    illustrative, the order of magnitude of CBS household statistics for the Netherlands
    (about 4 in 10 households are one person) [UNVERIFIED].
Age of the head (``geboortedatum``)
    A band per household type, uniform within the band (illustrative):
    alleenstaande 18–24 10%, 25–44 27%, 45–66 30%, 67–79 20%, 80–99 13%;
    alleenstaande_ouder 21–34 25%, 35–49 55%, 50–64 20%;
    gehuwden 21–34 15%, 35–49 28%, 50–66 32%, 67–79 19%, 80–94 6%.
AOW age (``pensioengerechtigd``)
    Reached on the reference date: 67 years up to 2027, 67 years and 3 months from 2028
    (SVB table [UNVERIFIED here]; later years are kept at 67y3m).
Children
    alleenstaande_ouder: always, 1/2/3/4 children with 50/35/11/4%; gehuwden with a head under
    60: 55% have children, 1/2/3/4 with 35/45/15/5%; gehuwden 60+: 5%; singles: none
    (illustrative). Ages uniform 0–17, at most the head's age minus 18. School: basisonderwijs
    4–11, overgangsjaar (first year of secondary school) 12, voortgezet onderwijs 13–17.
    ``aantal_gezinsleden`` = adults + children.
Income (``netto_inkomen``, per month, applicant and partner)
    A mixture relative to the norm (illustrative), with the first three shares multiplied by the
    district's deprivation index:
    * working age: 5.5% social assistance (exactly the norm), 8% near the norm (uniform
      95–140%), 1.2% below it (uniform 60–95%: sanctions, a partial month, an income gap);
    * AOW age: 10% AOW only (exactly the AOW-age norm), 12% near (95–140%), 1% below
      (60–95%: an incomplete AOW);
    * the rest: 130% of the norm plus a lognormal part with sigma 0.7 and a median that puts
      the household's median at 180% (single), 160% (single parent), 220% (couple),
      140%/160% (single/couple at AOW age).
    Households up to 120% of the norm are then about 13% of all (9% at or below the norm, 2%
    below it): illustrative, near the share of households around the social minimum in Dutch
    cities [UNVERIFIED].
Income over 36 months (``gemiddeld_inkomen``, ``gemiddelde_bijstandsnorm``)
    The average norm is the mean of the norm parameter over the 36 calendar months before the
    reference date (months before the first known value use the first known value, so it is
    slightly high). Months on the current low income: exponential with mean 70 (social
    assistance) or 30 (other low incomes); who has been low for 36 months averages 99–103% of
    the current ratio, others mix in a previous income of 130% + lognormal(median 40%).
    Higher incomes vary 92–105%. ``maanden_met_dit_inkomen``: 12 for 85%, else 1–11.
Savings and assets (``saldo``, ``vermogen``, ``overig_vermogen``, ``auto_waarde``)
    Bank balance lognormal, median €900 (sigma 1.3) below 130% of the norm and €12.000
    (sigma 1.4) above it, doubled at AOW age. A car: 35% of low incomes (median €4.000),
    75% of others (median €12.000), lognormal sigma 0.7. Other assets (investments, a second
    car): 10% of higher incomes, median €20.000. ``vermogen`` (Participatiewet art. 34) =
    bank + car + other assets − problematic debts, so it can be negative. Illustrative.
Debts
    Problematic debts: 20% of low incomes, 4% of others, times the deprivation index
    (illustrative; CBS reports roughly one in twelve households with problematic debts
    [UNVERIFIED]); amount lognormal median €8.000. Of those, 35% are in debt counselling
    (``in_schuldhulptraject``; in Ghent terms 60% budgetbeheer/schuldbemiddeling, 40%
    collectieve schuldenregeling); half of the others repay €25–300 a month.
Disability and Wmo
    A limitation in daily life (``beperkingen``): 6% under 65, 20% at 65–79, 45% at 80+
    (illustrative). Of those, 40% made a Wmo melding 7–150 days before the reference date, the
    aanvraag followed 0–90 days later; the household's own situation (own strength, housemate,
    network, general provision) is drawn with the shares in ``_wmo``. Without a melding the
    melding dates are unknown; without a limitation the Wmo-specific facts are not applicable
    (null).
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
    A bijstand overpayment: 12% of social-assistance households, median €1.500. The
    afvalstoffenheffing bill: €300 for one person, €390 for more (illustrative, not Zuidplas'
    tariff). Residence facts (``inwoner_oss``, ``woont_in_gent``, ``ingezetene_gemeente``)
    are true: the synthetic city stands in for each municipality whose rules are screened.
    Facts that describe an event a household does not have (a cost, an overpayment, a
    childcare year, a melding) are null (not applicable), except the facts that say it is
    absent (``kosten`` 0 and ``kosten_aangetoond`` false, ``materieel_te_veel`` 0,
    ``geregistreerde_opvang`` false, ``uren_per_maand`` 0).
Take-up (``ontvangt_<policy id>``)
    Among households the letter grants: 50% for the minimaregelingen and other benefits the
    citizen must apply for (domain notes §3.2: take-up of social benefits among working-age
    people is about 50–60%, Goedemé/UAntwerpen via visie.net [V-src]); 80% for the Ghent UiTPAS
    kansentarief, which Ghent grants automatically (§3.2; the rate itself is illustrative);
    100% for adverse outcomes (a recovery is carried out, not taken up). Households the letter
    does not grant never receive. Override with ``take_up=`` (one rate, or per policy id).
Unknown facts (``unknown=``)
    Optionally a share of the values of facts that no register holds (``held_by`` empty, so the
    citizen must tell) is set to null, to exercise undetermined outcomes.

Generic fallback (facts without a model)
    bool: true with 50%; int: uniform between minimum (default 0) and maximum (default
    minimum + 10); money: lognormal, median €500, sigma 1, within minimum/maximum (default
    0 and €1.000.000); decimal: uniform between minimum (default 0) and maximum (default 1),
    four decimals; date: uniform in the three years before the reference date; enum: uniform
    over the values; text: "x0" to "x9".
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import polars as pl

from .compiler.compiled import compiled_policy
from .model.facts import Fact
from .model.policy import Policy

__all__ = ["DEFAULT_TAKE_UP", "DISTRICTS", "generate"]

DISTRICTS: tuple[tuple[str, float, float], ...] = (
    # (name, share of households, deprivation index before normalising to mean 1): illustrative
    ("Binnenstad", 0.12, 1.0),
    ("Havenkwartier", 0.10, 1.8),
    ("Stationsbuurt", 0.09, 1.4),
    ("Oude Dokken", 0.08, 2.0),
    ("Tuindorp", 0.11, 1.3),
    ("Parkwijk", 0.10, 0.6),
    ("Molenhoek", 0.10, 0.8),
    ("Nieuwe Akker", 0.12, 0.9),
    ("Kanaalzone", 0.08, 1.6),
    ("Beekdal", 0.10, 0.5),
)

HOUSEHOLD_TYPES = ("alleenstaande", "alleenstaande_ouder", "gehuwden")
HOUSEHOLD_SHARES = (0.39, 0.07, 0.54)

# age bands of the head per household type: (from, to inclusive, share)
AGE_BANDS: dict[str, tuple[tuple[int, int, float], ...]] = {
    "alleenstaande": ((18, 24, 0.10), (25, 44, 0.27), (45, 66, 0.30), (67, 79, 0.20), (80, 99, 0.13)),
    "alleenstaande_ouder": ((21, 34, 0.25), (35, 49, 0.55), (50, 64, 0.20)),
    "gehuwden": ((21, 34, 0.15), (35, 49, 0.28), (50, 66, 0.32), (67, 79, 0.19), (80, 94, 0.06)),
}

DEFAULT_TAKE_UP: dict[str, float] = {
    # domain notes §3.2 (50-60% for social benefits) for what a citizen must apply for
    "bijzondere_bijstand_rotterdam": 0.5,
    "individuele_inkomenstoeslag_alphen": 0.5,
    "kwijtschelding_afvalstoffenheffing": 0.5,
    "meedoen_is_belangrijk_oss": 0.5,
    "kinderopvangtoeslag_terugwerkende_kracht": 0.5,
    "wmo_maatwerkvoorziening_assen": 0.5,
    # Ghent grants it automatically (§3.2); the rate is illustrative
    "uitpas_kansentarief_gent": 0.8,
}
"""Take-up among the entitled per policy id; others: 0.5, or 1.0 for adverse outcomes."""

# 2026 norms (domain notes §2.1), used only when no given policy carries the norm parameters
_NORM_2026 = {"alleenstaande": 140150, "alleenstaande_ouder": 140150, "gehuwden": 200213}
_NORM_AOW_2026 = {"alleenstaande": 156469, "alleenstaande_ouder": 156469, "gehuwden": 214416}

_EPOCH = date(1970, 1, 1)
_MAX_KIDS = 4


# -- small helpers ------------------------------------------------------------------------------
def _np() -> Any:
    try:
        import numpy
    except ImportError as exc:  # pragma: no cover - numpy comes with the dev and bench extras
        raise ImportError("regelruimte.population needs numpy: pip install numpy (or the 'dev' or 'bench' extra)") from exc
    return numpy


@dataclass
class _Col:
    """One generated column before it becomes a polars Series."""

    type: str  # a fact type: bool, int, money, decimal, date, enum, text
    data: Any  # numpy array: bool, int64 (int; cents for money; 1/10000 for decimal; days since 1970 for date), enum codes
    null: Any = None  # numpy bool array or None
    values: tuple[str, ...] = ()  # enum values for the codes


def _days(d: date) -> int:
    return (d - _EPOCH).days


def _lognormal_cents(np: Any, rng: Any, median_euros: Any, sigma: float, size: int) -> Any:
    return np.rint(np.exp(rng.normal(np.log(np.asarray(median_euros, dtype=float) * 100.0), sigma, size))).astype(np.int64)


def _months_ago_day(day: date, months: int) -> date:
    y, m = divmod(day.year * 12 + (day.month - 1) - months, 12)
    return date(y, m + 1, 1)


def _aow_months(day: date) -> int:
    """The AOW age in months on ``day`` (67 up to 2027; 67 and 3 months from 2028)."""
    return 67 * 12 if day.year < 2028 else 67 * 12 + 3


# -- the household core -------------------------------------------------------------------------
class _Household:
    """The latent variables every topic builds on, drawn once per (n, seed, reference date)."""

    def __init__(self, np: Any, n: int, seed: int, day: date, norms: dict[str, Any], avg_norms: dict[str, Any]) -> None:
        self.np, self.n, self.seed, self.day = np, n, seed, day
        self.avg_norms = avg_norms  # cents per household type, averaged over the 36 months before ``day``
        rng = self.rng("core")

        # district and its deprivation (normalised to a household-weighted mean of 1)
        shares = np.array([d[1] for d in DISTRICTS])
        shares = shares / shares.sum()
        dep = np.array([d[2] for d in DISTRICTS])
        dep = dep / (shares * dep).sum()  # a dimensionless weight, not money
        self.wijk = rng.choice(len(DISTRICTS), size=n, p=shares)
        self.dep = dep[self.wijk]

        # household type and age of the head
        self.htype = rng.choice(3, size=n, p=np.array(HOUSEHOLD_SHARES))
        ref = _days(day)
        age_days = np.empty(n, dtype=np.int64)
        for t, name in enumerate(HOUSEHOLD_TYPES):
            idx = np.flatnonzero(self.htype == t)
            bands = AGE_BANDS[name]
            p = np.array([b[2] for b in bands])
            band = rng.choice(len(bands), size=idx.size, p=p / p.sum())
            lo = np.array([b[0] for b in bands])[band]
            hi = np.array([b[1] + 1 for b in bands])[band]
            age_days[idx] = np.floor((lo + rng.random(idx.size) * (hi - lo)) * 365.2425).astype(np.int64)
        self.birth = ref - age_days  # days since 1970
        b = self.birth.astype("datetime64[D]")
        by = b.astype("datetime64[Y]").astype(np.int64) + 1970
        bm = b.astype("datetime64[M]").astype(np.int64) % 12 + 1
        bd = (b - b.astype("datetime64[M]")).astype(np.int64) + 1
        months = (day.year - by) * 12 + (day.month - bm) - (day.day < bd)
        self.age_months = months
        self.age = months // 12
        self.pension = months >= _aow_months(day)
        self.couple = self.htype == 2

        # children (ages 0-17; -1 = none)
        k = np.zeros(n, dtype=np.int64)
        parent = self.htype == 1
        k[parent] = 1 + rng.choice(4, size=int(parent.sum()), p=[0.50, 0.35, 0.11, 0.04])
        has = self.couple & (rng.random(n) < np.where(self.age < 60, 0.55, 0.05))
        k[has] = 1 + rng.choice(4, size=int(has.sum()), p=[0.35, 0.45, 0.15, 0.05])
        max_age = np.clip(self.age - 17, 1, 18)
        ages = np.floor(rng.random((n, _MAX_KIDS)) * max_age[:, None]).astype(np.int64)
        ages[np.arange(_MAX_KIDS)[None, :] >= k[:, None]] = -1
        self.kids, self.kid_ages = k, ages
        self.adults = np.where(self.couple, 2, 1)
        self.housemate = self.couple | (ages.max(axis=1) >= 16)  # a partner or a child of 16 or older

        # income relative to the norm
        t = self.htype
        self.norm = np.where(self.pension, norms["aow"][t], norms["norm"][t]).astype(np.int64)  # cents
        d = self.dep
        work = ~self.pension
        p_assist = np.where(work, 0.055, 0.10) * d
        p_near = np.where(work, 0.08, 0.12) * d
        p_below = np.where(work, 0.012, 0.01) * d
        u = rng.random(n)
        status = np.zeros(n, dtype=np.int8)  # 0 rest, 1 assistance / AOW only, 2 near, 3 below
        status[u < p_assist] = 1
        status[(u >= p_assist) & (u < p_assist + p_near)] = 2
        status[(u >= p_assist + p_near) & (u < p_assist + p_near + p_below)] = 3
        median = np.where(self.pension, np.where(self.couple, 1.6, 1.4), np.array([1.8, 1.6, 2.2])[t])
        rest = 1.3 + np.exp(rng.normal(np.log(median - 1.3), 0.7, n))
        near = rng.uniform(0.95, 1.40, n)
        below = rng.uniform(0.60, 0.95, n)
        ratio = np.select([status == 1, status == 2, status == 3], [np.ones(n), near, below], rest)
        self.status, self.ratio = status, ratio
        self.income = np.where(status == 1, self.norm, np.rint(ratio * self.norm).astype(np.int64))
        self.low = ratio < 1.3

        # work (for childcare and IIT)
        p_work = np.select([self.pension, status == 1, status == 2, status == 3], [0.05, 0.15, 0.75, 0.30], 0.92)
        self.works = rng.random(n) < p_work
        self.partner_works = self.couple & (rng.random(n) < 0.75)

        # savings, car, other assets, debts
        saldo = np.where(self.low, _lognormal_cents(np, rng, 900.0, 1.3, n), _lognormal_cents(np, rng, 12000.0, 1.4, n))
        self.saldo = np.where(self.pension, saldo * 2, saldo)
        has_car = rng.random(n) < np.where(self.low, 0.35, 0.75)
        self.car = np.where(has_car, _lognormal_cents(np, rng, np.where(self.low, 4000.0, 12000.0), 0.7, n), 0)
        has_other = ~self.low & (rng.random(n) < 0.10)
        self.other = np.where(has_other, _lognormal_cents(np, rng, 20000.0, 1.0, n), 0)
        self.debts = rng.random(n) < np.clip(np.where(self.low, 0.20, 0.04) * d, 0, 0.9)
        self.debt = np.where(self.debts, _lognormal_cents(np, rng, 8000.0, 0.9, n), 0)
        self.counselling = self.debts & (rng.random(n) < 0.35)
        repays = self.debts & ~self.counselling & (rng.random(n) < 0.5)
        self.repayment = np.where(repays, rng.integers(25, 301, n) * 100, 0)
        self.vermogen = self.saldo + self.car + self.other - self.debt

        # limitations in daily life
        self.limited = rng.random(n) < np.select([self.age >= 80, self.age >= 65], [0.45, 0.20], 0.06)

    def rng(self, topic: str) -> Any:
        return self.np.random.default_rng([self.seed, zlib.crc32(topic.encode())])

    def kids_between(self, lo: int, hi: int) -> Any:
        a = self.kid_ages
        return ((a >= lo) & (a <= hi)).sum(axis=1)


# -- topics: each returns columns by fact name ----------------------------------------------------
Topic = Callable[["_Household"], dict[str, _Col]]


def _core(h: _Household) -> dict[str, _Col]:
    np = h.np
    yes = np.ones(h.n, dtype=bool)
    minors = h.kids > 0
    return {
        "huishouden": _Col("enum", h.htype, values=HOUSEHOLD_TYPES),
        "pensioengerechtigd": _Col("bool", h.pension),
        "geboortedatum": _Col("date", h.birth),
        "netto_inkomen": _Col("money", h.income),
        "saldo": _Col("money", h.saldo),
        "vermogen": _Col("money", h.vermogen),
        "kind_12_tot_18": _Col("bool", h.kids_between(12, 17) > 0),
        "minderjarige_kinderen": _Col("bool", minors),
        "aantal_gezinsleden": _Col("int", h.adults + h.kids),
        "kinderen_basisonderwijs": _Col("int", h.kids_between(4, 11)),
        "kinderen_overgangsjaar": _Col("int", h.kids_between(12, 12)),
        "kinderen_voortgezet_onderwijs": _Col("int", h.kids_between(13, 17)),
        "heeft_partner": _Col("bool", h.couple),
        "huisgenoot_aanwezig": _Col("bool", h.housemate),
        "in_schuldhulptraject": _Col("bool", h.counselling),
        "inwoner_oss": _Col("bool", yes),
        "woont_in_gent": _Col("bool", yes),
        "ingezetene_gemeente": _Col("bool", yes),
        "ouder_arbeid_of_traject": _Col("bool", h.works),
        "partner_arbeid_of_traject": _Col("bool", h.partner_works, null=~h.couple),
    }


def _income_history(h: _Household) -> dict[str, _Col]:
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
        "gemiddeld_inkomen": _Col("money", np.rint(ratio36 * avg_norm).astype(np.int64)),
        "gemiddelde_bijstandsnorm": _Col("money", avg_norm),
        "maanden_met_dit_inkomen": _Col("int", months),
        "uitzicht_op_inkomensverbetering": _Col("bool", working_age & (rng.random(n) < 0.25)),
        "rijksbekostigd_onderwijs_36m": _Col("bool", rng.random(n) < np.select([h.age < 30, h.age < 45], [0.35, 0.05], 0.01)),
        "arbeidsplicht_nagekomen_12m": _Col("bool", rng.random(n) < 0.93),
        "iit_verleend_12m": _Col("bool", long_low & (rng.random(n) < 0.25)),
    }


def _kwijtschelding(h: _Household) -> dict[str, _Col]:
    np, rng, n = h.np, h.rng("kwijtschelding"), h.n
    single = h.adults + h.kids == 1
    low = h.low
    paid = rng.random(n) < 0.15
    has_car = h.car > 0
    return {
        "belastingsoort": _Col("enum", np.zeros(n, dtype=np.int64), values=("afvalstoffenheffing_vast",)),
        "aanslag": _Col("money", np.where(single, 30000, 39000)),
        "woonlasten": _Col("money", np.where(low, rng.integers(0, 20001, n), rng.integers(10000, 60001, n))),
        "zorgkosten": _Col("money", h.adults * np.where(low, rng.integers(2000, 5001, n), rng.integers(14000, 17501, n))),
        "overige_uitgaven": _Col("money", np.where(rng.random(n) < 0.10, rng.integers(5000, 40001, n), 0)),
        "auto_waarde": _Col("money", h.car),
        "auto_onmisbaar": _Col("bool", has_car & (rng.random(n) < 0.10)),
        "overig_vermogen": _Col("money", h.other),
        "aflossingen_overige_schulden": _Col("money", h.repayment),
        "al_betaald": _Col("bool", paid),
        "datum_laatste_betaling": _Col("date", _days(h.day) - rng.integers(0, 241, n), null=~paid),
        "bestemd_vermogen": _Col("money", np.where(rng.random(n) < 0.02, rng.integers(50000, 500001, n), 0)),
    }


_COST_KINDS = ("rechtsbijstand", "griffierecht", "bewindvoering", "eigen_bijdrage_kinderopvang", "eigen_bijdrage_zorgverzekering",
               "inrichting", "witgoed", "verhuiskosten", "uitvaart", "reiskosten", "medische_kosten", "overig")
_COST_SHARES = (0.08, 0.04, 0.10, 0.03, 0.08, 0.12, 0.15, 0.06, 0.02, 0.07, 0.15, 0.10)


def _bijzondere_kosten(h: _Household) -> dict[str, _Col]:
    np, rng, n = h.np, h.rng("bijzondere_kosten"), h.n
    event = rng.random(n) < np.where(h.low, 0.15, 0.03)
    na = ~event

    def share(p: float) -> _Col:
        return _Col("bool", rng.random(n) < p, null=na)

    cost_date = _days(h.day) + rng.integers(-120, 61, n)
    before = cost_date < _days(h.day)
    return {
        "kostensoort": _Col("enum", rng.choice(len(_COST_KINDS), size=n, p=np.array(_COST_SHARES)), null=na, values=_COST_KINDS),
        "draagkrachtregime": _Col("enum", (rng.random(n) < 0.3).astype(np.int64), null=na, values=("bijlage_2", "bijlage_3")),
        "kosten": _Col("money", np.where(event, _lognormal_cents(np, rng, 350.0, 0.9, n), 0)),
        "kosten_datum": _Col("date", cost_date, null=na),
        "kosten_voldaan": _Col("bool", before & (rng.random(n) < 0.6), null=na),
        "kosten_vast_te_stellen": share(0.7),
        "kosten_aangetoond": _Col("bool", event & (rng.random(n) < 0.85)),
        "voorliggende_voorziening": share(0.15),
        "kosten_noodzakelijk": share(0.80),
        "uit_bijzondere_omstandigheden": share(0.75),
        "uit_norm_te_betalen": share(0.15),
        "eerder_aanvragen_onmogelijk": share(0.10),
    }


def _oss(h: _Household) -> dict[str, _Col]:
    np, rng, n = h.np, h.rng("oss"), h.n
    student = rng.random(n) < np.where((h.htype == 0) & (h.age < 30), 0.30, 0.01)
    vtlb = np.rint(h.norm * 0.95).astype(np.int64)  # what a debt arrangement leaves: illustrative 95% of the norm
    return {
        "student": _Col("bool", student),
        "studeeromgeving": _Col("bool", rng.random(n) < 0.5, null=~student),
        "aflossing_schuldregeling": _Col("money", np.where(h.counselling, np.maximum(0, h.income - vtlb), 0)),
    }


def _terugvordering(h: _Household) -> dict[str, _Col]:
    np, rng, n = h.np, h.rng("terugvordering"), h.n
    event = (h.status == 1) & ~h.pension & (rng.random(n) < 0.12)
    na = ~event
    cause = rng.choice(3, size=n, p=[0.6, 0.2, 0.2])
    payment_error = event & (cause == 2)
    too_much = np.where(event, _lognormal_cents(np, rng, 1500.0, 1.0, n), 0)
    paid = np.where(event, np.rint(too_much * rng.uniform(1.0, 4.0, n)).astype(np.int64), 0)
    old = np.where(payment_error & (rng.random(n) < 0.2), np.rint(too_much * rng.uniform(0, 0.5, n)).astype(np.int64), 0)
    share = np.where(rng.random(n) < 0.3, rng.integers(1000, 6001, n), 0)  # 1/10000
    return {
        "oorzaak": _Col("enum", cause, null=na, values=("inlichtingenplicht", "onjuist_besluit", "betaalfout")),
        "feit_bekend_bij_overheid": _Col("bool", rng.random(n) < 0.3, null=na),
        "recht_vast_te_stellen": _Col("bool", rng.random(n) < 0.8, null=na),
        "betaald_in_periode": _Col("money", paid),
        "materieel_te_veel": _Col("money", too_much),
        "redelijkerwijs_kunnen_begrijpen": _Col("bool", rng.random(n) < 0.5, null=na),
        "deel_ouder_dan_twee_jaar": _Col("money", old),
        "aandeel_gemeente": _Col("decimal", share, null=na),
        "acute_noodsituatie": _Col("bool", rng.random(n) < 0.10, null=na),
    }


_MAX_PRICE = {"dagopvang": 11.23, "buitenschoolse_opvang": 9.98, "gastouderopvang": 8.49}  # the 2026 maxima of the bundled policies


def _kinderopvang(h: _Household) -> dict[str, _Col]:
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
    start = np.array([_days(_months_ago_day(h.day, k)) for k in range(7)])[rng.integers(0, 7, n)]
    return {
        "soort_opvang": _Col("enum", kind, null=na, values=tuple(_MAX_PRICE)),
        "uren_per_maand": _Col("int", hours),
        "uren_opvang": _Col("int", hours_year, null=na),
        "uurprijs": _Col("money", price, null=na),
        "toeslagpercentage": _Col("decimal", pct, null=na),
        "ontvangen_voorschot": _Col("money", advance, null=na),
        "betaalde_kosten": _Col("money", paid, null=na),
        "gevolgen_onevenredig": _Col("bool", ~paid_all & (rng.random(n) < 0.3), null=na),
        "begin_gevraagde_periode": _Col("date", start, null=na),
        "geregistreerde_opvang": _Col("bool", user & (rng.random(n) < 0.95)),
        "kosten_aantoonbaar": _Col("bool", rng.random(n) < 0.9, null=na),
        "datum_aanvraag_toeslag": _Col("date", np.full(n, _days(h.day)), null=na),  # a request on the reference date
    }


def _wmo(h: _Household) -> dict[str, _Col]:
    np, rng, n = h.np, h.rng("wmo"), h.n
    limited = h.limited
    na = ~limited
    melding = limited & (rng.random(n) < 0.40)
    melding_day = _days(h.day) - rng.integers(7, 151, n)
    aanvraag_day = np.minimum(melding_day + rng.integers(0, 91, n), _days(h.day))
    housemate = h.housemate

    def share(p: float, null: Any = na) -> _Col:
        return _Col("bool", rng.random(n) < p, null=null)

    return {
        "datum_melding": _Col("date", melding_day, null=~melding),
        "datum_aanvraag": _Col("date", aanvraag_day, null=~melding),
        "onderzoek_uitgevoerd": _Col("bool", melding & (rng.random(n) < 0.7), null=na),
        "onderzoek_volledig": share(0.6, ~melding),
        "beperkingen": _Col("bool", limited),
        "eigen_kracht": share(0.30),
        "huisgenoot_kan_taken_overnemen": share(0.60, na | ~housemate),
        "huisgenoot_overbelast": share(0.35, na | ~housemate),
        "netwerk_persoon_beschikbaar": share(0.40),
        "netwerk_hulp_vrijwillig": share(0.50),
        "algemene_voorziening_beschikbaar": share(0.50),
        "algemene_voorziening_toereikend": share(0.50),
    }


def _gent(h: _Household) -> dict[str, _Col]:
    np, rng, n = h.np, h.rng("gent"), h.n
    low = h.low
    assistance = (h.status == 1) & ~h.pension
    vt = low & (rng.random(n) < 0.65)
    budget = h.counselling & (rng.random(n) < 0.6)
    return {
        "verhoogde_tegemoetkoming": _Col("bool", vt),
        "leefloon_of_equivalent": _Col("bool", assistance),
        "tegemoetkoming_handicap": _Col("bool", h.limited & ~h.pension & (rng.random(n) < 0.25)),
        "inkomen_onder_gentse_grens": _Col("bool", h.ratio <= 1.25),
        "budgetbeheer_of_schuldbemiddeling": _Col("bool", budget),
        "collectieve_schuldenregeling": _Col("bool", h.counselling & ~budget),
        "gezinslid_ten_laste": _Col("bool", np.zeros(n, dtype=bool)),  # a household row is its head, never ten laste
        "recht_op_vt_niet_opgenomen": _Col("bool", low & ~vt & ~assistance & (rng.random(n) < 0.7)),
        "armoede_volgens_hulpverlener": _Col("bool", (low | h.debts) & (rng.random(n) < 0.10)),
        "prijs_activiteit": _Col("money", rng.integers(4, 61, n) * 50),
    }


TOPICS: tuple[Topic, ...] = (_core, _income_history, _kwijtschelding, _bijzondere_kosten, _oss, _terugvordering, _kinderopvang, _wmo, _gent)
_NEEDS: dict[str, tuple[Topic, ...]] = {}


# -- generic fallback --------------------------------------------------------------------------
def _generic(np: Any, h: _Household, name: str, fact: Fact) -> _Col:
    rng, n = h.rng("generic:" + name), h.n
    lo = fact.minimum
    hi = fact.maximum
    t = fact.type
    if t == "bool":
        return _Col("bool", rng.random(n) < 0.5)
    if t == "int":
        a = int(lo) if lo is not None else 0
        b = int(hi) if hi is not None else a + 10
        return _Col("int", rng.integers(a, b + 1, n))
    if t == "money":
        a = int((lo if lo is not None else Decimal(0)) * 100)
        b = int((hi if hi is not None else Decimal(1_000_000)) * 100)
        return _Col("money", np.clip(_lognormal_cents(np, rng, 500.0, 1.0, n), a, b))
    if t == "decimal":
        a = int((lo if lo is not None else Decimal(0)) * 10000)
        b = int((hi if hi is not None else Decimal(1)) * 10000)
        return _Col("decimal", rng.integers(a, b + 1, n))
    if t == "date":
        return _Col("date", _days(h.day) - rng.integers(0, 3 * 365 + 1, n))
    if t == "enum":
        values = tuple(fact.values or ())
        return _Col("enum", rng.integers(0, len(values), n), values=values)
    return _Col("text", rng.integers(0, 10, n))


def _fits(col: _Col, fact: Fact) -> bool:
    if col.type != fact.type:
        return False
    if col.type == "enum":
        return set(col.values) <= set(fact.values or ())
    return True


def _series(np: Any, name: str, col: _Col, fact: Fact) -> pl.Series:
    data, t = col.data, col.type
    if t == "bool":
        s = pl.Series(name, np.asarray(data, dtype=bool))
    elif t == "int":
        v = np.asarray(data, dtype=np.int64)
        if fact.minimum is not None or fact.maximum is not None:
            v = np.clip(v, int(fact.minimum) if fact.minimum is not None else None, int(fact.maximum) if fact.maximum is not None else None)
        s = pl.Series(name, v)
    elif t in ("money", "decimal"):
        unit = 100 if t == "money" else 10000
        v = np.asarray(data, dtype=np.int64)
        if fact.minimum is not None or fact.maximum is not None:
            v = np.clip(v, int(fact.minimum * unit) if fact.minimum is not None else None, int(fact.maximum * unit) if fact.maximum is not None else None)
        s = pl.Series(name, v)  # whole cents (1/10000 for decimals): made Decimal in one parallel select at the end
    elif t == "date":
        s = pl.Series(name, np.asarray(data, dtype=np.int32)).cast(pl.Date)
    elif t == "enum":
        allowed = list(fact.values or ())
        index = np.array([allowed.index(v) for v in col.values], dtype=np.int64)
        s = pl.Series(name, allowed, dtype=pl.Enum(allowed)).gather(index[np.asarray(data, dtype=np.int64)])
    else:
        s = pl.Series(name, np.char.add("x", np.asarray(data).astype(str)))
    if col.null is not None and bool(col.null.any()):
        s = s.set(pl.Series(np.asarray(col.null, dtype=bool)), None)
    return s.alias(name)


def _decimal(name: str, scale: int) -> pl.Expr:
    """A column of whole units of 10**-scale (Int64) as an exact Decimal(38, scale)."""
    wide = pl.col(name).cast(pl.Int128)
    try:
        return wide.reinterpret(dtype=pl.Decimal(38, scale))
    except TypeError:  # pragma: no cover - older polars: scale up exactly, then shift the point
        return (wide.cast(pl.Decimal(38, 0)).cast(pl.Decimal(38, scale)) * pl.lit(Decimal(1).scaleb(-scale), dtype=pl.Decimal(38, scale))).cast(pl.Decimal(38, scale))


def _ids(np: Any, n: int) -> pl.Series:
    """"h0000001", "h0000002", ...: built as fixed-width bytes (a Python loop costs a second per million)."""
    width = max(7, len(str(n)))
    i = np.arange(1, n + 1, dtype=np.int64)
    buf = np.empty((n, width + 1), dtype=np.uint8)
    buf[:, 0] = ord("h")
    for k in range(width):
        buf[:, width - k] = 48 + (i // 10**k) % 10
    return pl.Series("id", buf.view(f"S{width + 1}").ravel()).cast(pl.String)


# -- norms from the policies -----------------------------------------------------------------------
def _norm_table(np: Any, items: list[Policy], day: date) -> tuple[dict[str, Any], dict[str, Any]]:
    """(norms on the day, average norms over the 36 months before it), cents per household type."""
    timelines: dict[str, list[tuple[date, Any]]] = {}
    for p in items:
        for name in ("bijstandsnorm", "bijstandsnorm_aow"):
            tl = compiled_policy(p).timelines.get(name)
            if tl and name not in timelines and isinstance(tl[0][1], dict):
                timelines[name] = tl

    def value(name: str, fallback: dict[str, int], on: date) -> Any:
        tl = timelines.get(name)
        if not tl:
            return np.array([fallback[t] for t in HOUSEHOLD_TYPES], dtype=np.int64)
        current = tl[0][1]
        for start, v in tl:
            if start <= on:
                current = v
        return np.array([int(Decimal(current[t]) * 100) for t in HOUSEHOLD_TYPES], dtype=np.int64)

    now = {"norm": value("bijstandsnorm", _NORM_2026, day), "aow": value("bijstandsnorm_aow", _NORM_AOW_2026, day)}
    months = [_months_ago_day(day, k) for k in range(1, 37)]
    avg = {
        key: np.rint(np.mean([value(name, fb, m) for m in months], axis=0)).astype(np.int64)
        for key, name, fb in (("norm", "bijstandsnorm", _NORM_2026), ("aow", "bijstandsnorm_aow", _NORM_AOW_2026))
    }
    return now, avg


# -- the public function ----------------------------------------------------------------------------
def generate(
    policies: Iterable[Policy] | Mapping[str, Policy],
    n: int,
    *,
    seed: int = 0,
    reference_date: date | str,
    take_up: float | Mapping[str, float] | bool | None = None,
    unknown: float = 0.0,
) -> pl.DataFrame:
    """A synthetic population of ``n`` households with a column per fact of ``policies``.

    Args:
        policies: Loaded policies (a list, or the mapping from :func:`regelruimte.load_policies`).
        n: Number of households (rows).
        seed: The random seed; the same arguments give the same frame.
        reference_date: The peildatum the population describes (ages, dates, norms); no implicit today.
        take_up: Receipt columns ``ontvangt_<policy id>``: ``None`` for :data:`DEFAULT_TAKE_UP`,
            one rate for every policy, a mapping per policy id (others default), or ``False`` for
            no receipt columns (and no screening). Adverse policies default to 1.0.
        unknown: Share of values set to null for facts no register holds (the citizen must tell).

    Returns:
        A polars DataFrame: ``id``, ``wijk``, the facts (sorted by name), then the receipt columns.
        See the module docstring for every distribution and its source.
    """
    np = _np()
    day = date.fromisoformat(reference_date) if isinstance(reference_date, str) else reference_date
    if n < 0:
        raise ValueError("n must be zero or more")
    if not 0.0 <= unknown <= 1.0:
        raise ValueError("unknown is a share between 0 and 1")
    items = sorted((policies.values() if isinstance(policies, Mapping) else policies), key=lambda p: p.id)
    facts: dict[str, Fact] = {}
    for p in items:
        for name, fact in p.facts.items():
            facts.setdefault(name, fact)

    now, avg = _norm_table(np, items, day)
    h = _Household(np, n, seed, day, now, avg)
    cols: dict[str, _Col] = {}
    for topic in TOPICS:  # only the topics whose facts are asked for (each has its own random stream)
        if topic is _core or _topic_names(topic) & set(facts) or any(topic in _NEEDS.get(f, ()) for f in facts):
            cols.update(topic(h))

    series = [
        _ids(np, n),
        pl.Series("wijk", [d[0] for d in DISTRICTS], dtype=pl.Enum([d[0] for d in DISTRICTS])).gather(h.wijk),
    ]
    unknown_rng = h.rng("unknown")
    for name in sorted(facts):
        fact = facts[name]
        col = cols.get(name)
        if col is None or not _fits(col, fact):
            col = _generic(np, h, name, fact)
        if unknown > 0 and not fact.held_by:
            hide = unknown_rng.random(n) < unknown
            col = _Col(col.type, col.data, hide if col.null is None else (col.null | hide), col.values)
        series.append(_series(np, name, col, fact))
    frame = pl.DataFrame(series)
    frame = frame.with_columns([_decimal(name, 2 if facts[name].type == "money" else 4).alias(name) for name in facts if facts[name].type in ("money", "decimal")])
    if take_up is False or not items:
        return frame
    return _with_receipts(np, frame, items, day, take_up, h)


_TOPIC_NAMES: dict[Topic, set[str]] = {}


def _topic_names(topic: Topic) -> set[str]:
    """The fact names a topic produces (from a one-household dry run, cached)."""
    names = _TOPIC_NAMES.get(topic)
    if names is None:
        np = _np()
        norms = {"norm": np.array(list(_NORM_2026.values())), "aow": np.array(list(_NORM_AOW_2026.values()))}
        names = set(topic(_Household(np, 1, 0, date(2026, 3, 1), norms, norms)))
        _TOPIC_NAMES[topic] = names
    return names


def _with_receipts(np: Any, frame: pl.DataFrame, items: list[Policy], day: date, take_up: Any, h: _Household) -> pl.DataFrame:
    from .screening import screen

    valid = [p for p in items if p.applies_on(day)]
    if not valid or frame.height == 0:
        return frame.with_columns([pl.lit(False).alias(f"ontvangt_{p.id}") for p in valid])
    result = screen(valid, frame, date=day).frame
    granted_all = (result["letter"] == "granted").to_numpy()
    ids = frame["id"]
    out = []
    for i, p in enumerate(sorted(valid, key=lambda p: p.id)):
        block = slice(i * frame.height, (i + 1) * frame.height)
        if not result["id"][block].equals(ids):  # pragma: no cover - screen keeps the row order
            raise RuntimeError("screen changed the row order")
        rate = _rate(p, take_up)
        draw = h.rng("take_up:" + p.id).random(frame.height)
        out.append(pl.Series(f"ontvangt_{p.id}", granted_all[block] & (draw < rate)))
    return frame.with_columns(out)


def _rate(p: Policy, take_up: Any) -> float:
    """The take-up probability for ``p`` (a share between 0 and 1, never an amount of money)."""
    default = 1.0 if p.outcome.adverse else DEFAULT_TAKE_UP.get(p.id, 0.5)
    if take_up is None or take_up is True:
        rate = default
    elif isinstance(take_up, Mapping):
        rate = take_up.get(p.id, default) * 1.0  # a probability: a float is right here
    else:
        rate = take_up * 1.0  # a probability: a float is right here
    if not 0.0 <= rate <= 1.0:
        raise ValueError(f"take-up for {p.id} must be between 0 and 1")
    return rate
