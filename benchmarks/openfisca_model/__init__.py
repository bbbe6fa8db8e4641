# SPDX-License-Identifier: EUPL-1.2
"""The letter of two bundled regulations written as an OpenFisca model, for the benchmark.

A standalone ``TaxBenefitSystem`` (openfisca-core from PyPI, no country package) with one
entity, the household (one row = one household, as in ``docs/facts.md``), and the eligibility
rules and amounts of:

* ``kwijtschelding_afvalstoffenheffing`` (policies/nl/zuidplas/kwijtschelding.yaml);
* ``individuele_inkomenstoeslag_alphen`` (policies/nl/alphen_aan_den_rijn/individuele_inkomenstoeslag.yaml).

Only the letter (eligible, amount): OpenFisca has no purposes, no three-valued logic (every
input must have a value), no explanation. Parameters are YAML files under ``parameters/``,
copied by hand from the policy files, as an OpenFisca modeller would; ``benchmarks/run.py``
checks that this model and regelruimte agree on every household before it times anything.

Written the idiomatic OpenFisca way: ``float`` variables (float32 in OpenFisca), Enums for
choices, ``date`` variables, monthly periods, keyed parameters indexed by the Enum.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.model_api import MONTH, Enum, Variable, max_, where
from openfisca_core.parameters import ParameterNode
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

PERIOD = "2026-03"

Household = build_entity(
    key="household",
    plural="households",
    label="Huishouden",
    doc="One household: the unit of a case (docs/facts.md).",
    is_person=True,
)


class HuishoudenType(Enum):
    alleenstaande = "alleenstaande"
    alleenstaande_ouder = "alleenstaande_ouder"
    gehuwden = "gehuwden"


class Belastingsoort(Enum):
    afvalstoffenheffing_vast = "afvalstoffenheffing_vast"
    afvalstoffenheffing_variabel = "afvalstoffenheffing_variabel"
    onroerendezaakbelasting = "onroerendezaakbelasting"
    rioolheffing = "rioolheffing"
    hondenbelasting = "hondenbelasting"


class OntbrekendStuk(Enum):
    niets = "niets"
    bankafschriften = "bankafschriften"
    inkomensspecificaties = "inkomensspecificaties"
    taxatie_auto = "taxatie_auto"
    verklaring_onmisbare_auto = "verklaring_onmisbare_auto"
    woonlasten_zorgpolis = "woonlasten_zorgpolis"


def _input(name: str, value_type: type, label: str, **extra: object) -> type[Variable]:
    attrs = {"value_type": value_type, "entity": Household, "definition_period": MONTH, "label": label, **extra}
    return type(name, (Variable,), attrs)


INPUTS: list[type[Variable]] = [
    _input("huishouden", Enum, "Soort huishouden", possible_values=HuishoudenType, default_value=HuishoudenType.alleenstaande),
    _input("pensioengerechtigd", bool, "Heeft de AOW-leeftijd bereikt"),
    _input("geboortedatum", date, "Geboortedatum"),
    _input("netto_inkomen", float, "Netto inkomen per maand"),
    _input("saldo", float, "Saldo van alle rekeningen"),
    _input("vermogen", float, "Vermogen (Participatiewet art. 34)"),
    # kwijtschelding
    _input("belastingsoort", Enum, "Belasting", possible_values=Belastingsoort, default_value=Belastingsoort.afvalstoffenheffing_vast),
    _input("aanslag", float, "Bedrag van de aanslag"),
    _input("woonlasten", float, "Netto woonlasten per maand"),
    _input("zorgkosten", float, "Zorgkosten per maand"),
    _input("overige_uitgaven", float, "Overige uitgaven per maand"),
    _input("auto_waarde", float, "Waarde van de auto"),
    _input("auto_onmisbaar", bool, "Auto onmisbaar"),
    _input("overig_vermogen", float, "Overig vermogen"),
    _input("aflossingen_overige_schulden", float, "Aflossingen op andere schulden per maand"),
    _input("al_betaald", bool, "Aanslag al betaald"),
    _input("datum_laatste_betaling", date, "Datum laatste betaling"),
    _input("ontbreekt_na_verzoek", Enum, "Stuk dat na een verzoek met naam nog ontbreekt (Awb 4:5)", possible_values=OntbrekendStuk, default_value=OntbrekendStuk.niets),
    # individuele inkomenstoeslag
    _input("kind_12_tot_18", bool, "Kind van 12 tot 18"),
    _input("gemiddeld_inkomen", float, "Gemiddeld netto inkomen over 36 maanden"),
    _input("gemiddelde_bijstandsnorm", float, "Gemiddelde bijstandsnorm over 36 maanden"),
    _input("uitzicht_op_inkomensverbetering", bool, "Uitzicht op inkomensverbetering"),
    _input("rijksbekostigd_onderwijs_36m", bool, "Rijksbekostigd onderwijs in 36 maanden"),
    _input("arbeidsplicht_nagekomen_12m", bool, "Arbeidsplicht nagekomen in 12 maanden"),
    _input("iit_verleend_12m", bool, "IIT verleend in 12 maanden"),
]
INPUT_NAMES = [v.__name__ for v in INPUTS]


def _peildatum(period: object) -> np.datetime64:
    return np.datetime64(str(period.start), "D")  # type: ignore[attr-defined]


def _add_months(d: np.ndarray, k: int) -> np.ndarray:
    """``d`` plus ``k`` calendar months, the day clamped to the month's end (as regelruimte does)."""
    month = d.astype("datetime64[M]")
    day = (d - month.astype("datetime64[D]")).astype(np.int64)
    target = month + k
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    return target.astype("datetime64[D]") + np.minimum(day, length - 1)


def _years_between(a: np.ndarray, b: np.datetime64) -> np.ndarray:
    """Whole years from ``a`` to ``b`` (``b`` >= ``a``), with regelruimte's month-end rule."""
    ay = a.astype("datetime64[Y]").astype(np.int64)
    am = a.astype("datetime64[M]").astype(np.int64) % 12
    ad = (a - a.astype("datetime64[M]").astype("datetime64[D]")).astype(np.int64)
    bm_ = b.astype("datetime64[M]")
    by, bm = bm_.astype("datetime64[Y]").astype(np.int64), bm_.astype(np.int64) % 12
    bd = int((b - bm_.astype("datetime64[D]")).astype(np.int64))
    b_last = int(((bm_ + 1).astype("datetime64[D]") - bm_.astype("datetime64[D]")).astype(np.int64)) - 1
    months = (by - ay) * 12 + (bm - am)
    months = np.where((bd < ad) & (bd != b_last), months - 1, months)
    return np.where(months >= 0, months // 12, -((-months) // 12))


# -- kwijtschelding ---------------------------------------------------------------------------
class kosten_van_bestaan(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Kosten van bestaan"

    def formula(household, period, parameters):  # noqa: N805 - OpenFisca's convention
        p = parameters(period)
        h = household("huishouden", period)
        norm = where(household("pensioengerechtigd", period), p.kwijtschelding.netto_aow[h], p.bijstandsnorm[h])
        return p.kwijtschelding.norm_percentage * norm


class kw_uitgaven(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Uitgaven die meetellen"

    def formula(household, period):  # noqa: N805
        return household("woonlasten", period) + household("zorgkosten", period) + household("overige_uitgaven", period)


class kw_vermogen(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Vermogen voor de kwijtschelding"

    def formula(household, period, parameters):  # noqa: N805
        p = parameters(period).kwijtschelding
        vrij_saldo = household("kosten_van_bestaan", period) + household("woonlasten", period) + household("zorgkosten", period)
        auto = household("auto_waarde", period)
        auto_als_vermogen = where((auto <= p.autogrens) | household("auto_onmisbaar", period), 0, auto)
        return max_(0, household("saldo", period) - vrij_saldo) + auto_als_vermogen + household("overig_vermogen", period)


class betalingscapaciteit(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Betalingscapaciteit per jaar"

    def formula(household, period):  # noqa: N805
        rest = household("netto_inkomen", period) - household("kw_uitgaven", period) - household("kosten_van_bestaan", period)
        return max_(0, rest) * 12


class kwijtschelding_bedrag(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Kwijtschelding volgens de letter (voor de regels)"

    def formula(household, period, parameters):  # noqa: N805
        p = parameters(period).kwijtschelding
        return max_(0, household("aanslag", period) - household("kw_vermogen", period) - household("betalingscapaciteit", period) * p.deel_betalingscapaciteit)


class kwijtschelding_recht(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "Recht op kwijtschelding"

    def formula(household, period, parameters):  # noqa: N805
        p = parameters(period).kwijtschelding
        soort = household("belastingsoort", period) == Belastingsoort.afvalstoffenheffing_vast
        resteert = household("kwijtschelding_bedrag", period) > 0
        aflossingen = household("aflossingen_overige_schulden", period) <= p.aflossingsgrens
        betaald = household("al_betaald", period)
        op_tijd = ~betaald | (_peildatum(period) <= _add_months(household("datum_laatste_betaling", period), 3))
        gestuurd = household("ontbreekt_na_verzoek", period) == OntbrekendStuk.niets
        return soort & resteert & aflossingen & op_tijd & gestuurd


class kwijtschelding(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Kwijtschelding (bedrag als er recht is)"

    def formula(household, period):  # noqa: N805
        bedrag = np.floor(household("kwijtschelding_bedrag", period).astype(np.float64) * 100 + 0.5) / 100  # half up to cents
        return where(household("kwijtschelding_recht", period), bedrag, 0)


# -- individuele inkomenstoeslag ---------------------------------------------------------------
class leeftijd(Variable):
    value_type = int
    entity = Household
    definition_period = MONTH
    label = "Leeftijd op de peildatum"

    def formula(household, period):  # noqa: N805
        return _years_between(household("geboortedatum", period), _peildatum(period))


class iit_recht(Variable):
    value_type = bool
    entity = Household
    definition_period = MONTH
    label = "Recht op individuele inkomenstoeslag"

    def formula(household, period, parameters):  # noqa: N805
        p = parameters(period)
        h = household("huishouden", period)
        leeftijd_ok = (household("leeftijd", period) >= 21) & ~household("pensioengerechtigd", period)
        inkomen_ok = household("gemiddeld_inkomen", period) <= p.iit.inkomensgrens_factor * household("gemiddelde_bijstandsnorm", period)
        vermogen_ok = household("vermogen", period) <= p.vermogensgrens[h]
        return (
            leeftijd_ok
            & inkomen_ok
            & vermogen_ok
            & ~household("uitzicht_op_inkomensverbetering", period)
            & ~household("rijksbekostigd_onderwijs_36m", period)
            & household("arbeidsplicht_nagekomen_12m", period)
            & ~household("iit_verleend_12m", period)
        )


class individuele_inkomenstoeslag(Variable):
    value_type = float
    entity = Household
    definition_period = MONTH
    label = "Individuele inkomenstoeslag (bedrag als er recht is)"

    def formula(household, period, parameters):  # noqa: N805
        p = parameters(period).iit
        h = household("huishouden", period)
        bedrag = where(household("kind_12_tot_18", period), p.bedrag_kind_12_18[h], p.bedrag[h])
        return where(household("iit_recht", period), bedrag, 0)


FORMULAS = [kosten_van_bestaan, kw_uitgaven, kw_vermogen, betalingscapaciteit, kwijtschelding_bedrag, kwijtschelding_recht, kwijtschelding,
            leeftijd, iit_recht, individuele_inkomenstoeslag]
OUTPUTS = ("kwijtschelding_recht", "kwijtschelding", "iit_recht", "individuele_inkomenstoeslag")
POLICIES = ("kwijtschelding_afvalstoffenheffing", "individuele_inkomenstoeslag_alphen")


class BenchmarkTaxBenefitSystem(TaxBenefitSystem):
    """The two regulations' letter as an OpenFisca tax-benefit system."""

    def __init__(self) -> None:
        super().__init__([Household])
        self.parameters = ParameterNode("", directory_path=str(Path(__file__).parent / "parameters"))
        self.add_variables(*INPUTS, *FORMULAS)


def tax_benefit_system() -> BenchmarkTaxBenefitSystem:
    return BenchmarkTaxBenefitSystem()
