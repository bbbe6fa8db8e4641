# SPDX-License-Identifier: EUPL-1.2
"""The household core of the synthetic population: the latent variables every topic builds on,
drawn once per (n, seed, reference date), in whole cents and as numpy arrays.

Nobody in it exists; the numbers are illustrative (see :mod:`~regelruimte.synthetic.population`).
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
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date
from typing import Any

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

NORM_2026 = {"alleenstaande": 140150, "alleenstaande_ouder": 140150, "gehuwden": 200213}
NORM_AOW_2026 = {"alleenstaande": 156469, "alleenstaande_ouder": 156469, "gehuwden": 214416}

_EPOCH = date(1970, 1, 1)
_MAX_KIDS = 4


# -- small helpers ------------------------------------------------------------------------------
def numpy_module() -> Any:
    try:
        import numpy
    except ImportError as exc:  # pragma: no cover - numpy comes with the dev and bench extras
        raise ImportError("regelruimte.synthetic needs numpy: pip install 'regelruimte[synthetic]'") from exc
    return numpy


@dataclass
class Col:
    """One generated column before it becomes a polars Series."""

    type: str  # a fact type: bool, int, money, decimal, date, enum, text
    data: Any  # numpy array: bool, int64 (int; cents for money; 1/10000 for decimal; days since 1970 for date), enum codes
    null: Any = None  # numpy bool array or None
    values: tuple[str, ...] = ()  # enum values for the codes


def day_number(d: date) -> int:
    return (d - _EPOCH).days


def lognormal_cents(np: Any, rng: Any, median_euros: Any, sigma: float, size: int) -> Any:
    return np.rint(np.exp(rng.normal(np.log(np.asarray(median_euros, dtype=float) * 100.0), sigma, size))).astype(np.int64)


def months_ago(day: date, months: int) -> date:
    y, m = divmod(day.year * 12 + (day.month - 1) - months, 12)
    return date(y, m + 1, 1)


def _aow_months(day: date) -> int:
    """The AOW age in months on ``day`` (67 up to 2027; 67 and 3 months from 2028)."""
    return 67 * 12 if day.year < 2028 else 67 * 12 + 3


# -- the household core -------------------------------------------------------------------------
class Household:
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
        ref = day_number(day)
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
        saldo = np.where(self.low, lognormal_cents(np, rng, 900.0, 1.3, n), lognormal_cents(np, rng, 12000.0, 1.4, n))
        self.saldo = np.where(self.pension, saldo * 2, saldo)
        has_car = rng.random(n) < np.where(self.low, 0.35, 0.75)
        self.car = np.where(has_car, lognormal_cents(np, rng, np.where(self.low, 4000.0, 12000.0), 0.7, n), 0)
        has_other = ~self.low & (rng.random(n) < 0.10)
        self.other = np.where(has_other, lognormal_cents(np, rng, 20000.0, 1.0, n), 0)
        self.debts = rng.random(n) < np.clip(np.where(self.low, 0.20, 0.04) * d, 0, 0.9)
        self.debt = np.where(self.debts, lognormal_cents(np, rng, 8000.0, 0.9, n), 0)
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
