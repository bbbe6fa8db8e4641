# SPDX-License-Identifier: EUPL-1.2
"""Findings: a stable reason code, a severity, the element, the reason and the fix in Dutch and
English, and the source of the criterion (notes/domain.md §5, C1-C10). The texts are in
:mod:`regelruimte._texts`.

A finding on a control with a written ``justification`` is downgraded to ``info`` and marked as
justified, so a reader sees both.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .._texts import FINDINGS, FIXES

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


class Criterion(BaseModel):
    """Where a review criterion comes from."""

    model_config = ConfigDict(frozen=True)

    id: str
    citation: str
    url: str


CRITERIA = {
    "C1": Criterion(id="C1", citation="Participatiewet art. 17 lid 2 ('redelijkerwijs nodig'); Awb art. 3:2 (zorgvuldigheid); AVG art. 5 lid 1 onder b (doelbinding)", url="https://wetten.overheid.nl/BWBR0015703/2026-01-01#Artikel17"),
    "C2": Criterion(id="C2", citation="AVG art. 5 lid 1 onder c (minimale gegevensverwerking); Awb art. 4:2 lid 2", url="https://eur-lex.europa.eu/eli/reg/2016/679/oj"),
    "C3": Criterion(id="C3", citation="Participatiewet art. 17 lid 1, tweede zin; Wet BRP art. 1.8 (eenmalige gegevensuitvraag)", url="https://wetten.overheid.nl/BWBR0033715/2026-01-01#Artikel1.8"),
    "C4": Criterion(id="C4", citation="Awb art. 3:2; 'als je niet aan een burger kunt uitleggen waarom je iets controleert, is het niet nodig'", url="https://wetten.overheid.nl/BWBR0005537/2026-01-01#Hoofdstuk3_Afdeling3.2_Artikel3:2"),
    "C5": Criterion(id="C5", citation="Awb art. 3:4 lid 2 (evenredigheid); standaardkostenmodel regeldruk (KCBR)", url="https://wetten.overheid.nl/BWBR0005537/2026-01-01#Hoofdstuk3_Afdeling3.2_Artikel3:4"),
    "C6": Criterion(id="C6", citation="WRR 2017, 'Weten is nog geen doen' (doenvermogen); Beleidskompas, doenvermogentoets", url="https://www.wrr.nl/publicaties/persberichten/2017/04/24/weten-is-nog-geen-doen"),
    "C7": Criterion(id="C7", citation="Awb art. 3:46-3:47 (motivering); Direct Duidelijk (taalniveau B1); Nationale ombudsman 2017/104 en 2017/129", url="https://wetten.overheid.nl/BWBR0005537/2026-01-01#Hoofdstuk3_Afdeling3.7"),
    "C8": Criterion(id="C8", citation="Awb art. 4:5 (herstelverzuim: gelegenheid om de aanvraag aan te vullen); Nationale ombudsman 2017/104 (vraag het ene ontbrekende stuk)", url="https://www.nationaleombudsman.nl/rapporten/2017104"),
    "C9": Criterion(id="C9", citation="Nationale ombudsman, Behoorlijkheidswijzer (evenredigheid, betrouwbaarheid); ABRvS 23 oktober 2019, ECLI:NL:RVS:2019:3535", url="https://www.nationaleombudsman.nl/folders-en-brochures/behoorlijkheidswijzer"),
    "C10": Criterion(id="C10", citation="Awb art. 4:84 en 3:4 lid 2; ABRvS 16 maart 2016, ECLI:NL:RVS:2016:709", url="https://wetten.overheid.nl/BWBR0005537/2026-01-01#Hoofdstuk4_Titeldeel4.3_Artikel4:84"),
    "T": Criterion(id="T", citation="Standard for Public Code: bundle policy and source code (tests run the policy)", url="https://standard.publiccode.net/criteria/bundle-policy-and-source-code.html"),
}

# code: (severity, criterion); the Dutch and English texts of the reason and of the fix are in
# regelruimte._texts.FINDINGS and FIXES
CODES: dict[str, tuple[Severity, str]] = {
    "control-no-purpose": ("error", "C1"),
    "control-no-legal-basis": ("error", "C1"),
    "control-verifies-nothing": ("error", "C1"),
    "control-unused-facts": ("error", "C4"),
    "control-no-explanation": ("error", "C7"),
    "control-not-b1": ("warning", "C7"),
    "control-no-why": ("warning", "C7"),
    "control-once-only": ("warning", "C3"),
    "control-partly-held": ("warning", "C3"),
    "control-excess-period": ("warning", "C2"),
    "control-too-frequent": ("warning", "C2"),
    "control-extra-data": ("warning", "C2"),
    "control-disproportionate-burden": ("warning", "C5"),
    "control-not-doable": ("warning", "C6"),
    "control-generic-request": ("warning", "C8"),
    "control-distrust": ("warning", "C9"),
    "control-no-escalation": ("warning", "C10"),
    "rule-no-purpose": ("warning", "C1"),
    "purpose-no-rule": ("warning", "C1"),
    "purpose-no-test": ("warning", "C10"),
    "cliff-edge": ("warning", "C10"),
    "beleidsregel-no-deviation": ("warning", "C10"),
    "test-failing": ("error", "T"),
    "test-expected-failure": ("warning", "T"),
    "source-unverified": ("info", "T"),
}

# criteria a finding answers besides its own: a fact no rule uses cannot change the outcome (C4),
# has no purpose link (C1) and asks more than the decision needs (C2)
ALSO: dict[str, tuple[str, ...]] = {
    "control-unused-facts": ("C1", "C2"),
}

Text = str | tuple[str, str]
"""A value to fill into a text: the same in both languages, or (Dutch, English)."""


class Finding(BaseModel):
    """One finding on the policy: a stable reason code, severity, element and explanation."""

    model_config = ConfigDict(frozen=True)

    code: str
    severity: Severity
    element: str
    """The element, e.g. ``controls.bankafschriften`` or ``rules.inkomen_laag``."""
    nl: str
    en: str
    criterion: Criterion
    justified: str | None = None
    """The policy's written justification, when it keeps this finding from counting."""
    fix_nl: str = ""
    """What to do about it, in plain Dutch (B1)."""
    fix_en: str = ""
    """What to do about it, in English."""
    criteria: list[str] = Field(default_factory=list)
    """Every criterion (C1-C10) the finding answers: its own first, then any it implies (a fact no
    rule uses also asks more than needed and cannot change the outcome)."""

    def text(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl

    def fix(self, lang: str = "nl") -> str:
        """What to do about it."""
        return self.fix_en if lang == "en" else self.fix_nl


def finding(code: str, element: str, justified: str | None = None, **fmt: Any) -> Finding:
    """The finding ``code`` on ``element``, its reason and fix filled with ``fmt`` (a value is the same
    in both languages, or a (Dutch, English) pair), and ``info`` when justified."""
    severity, criterion = CODES[code]
    nl, en = FINDINGS[code]
    fix_nl, fix_en = FIXES[code]
    if justified:
        severity = "info"
    fmt_nl = {k: v[0] if isinstance(v, tuple) else v for k, v in fmt.items()}
    fmt_en = {k: v[1] if isinstance(v, tuple) else v for k, v in fmt.items()}
    return Finding(code=code, severity=severity, element=element, nl=nl.format(**fmt_nl), en=en.format(**fmt_en), criterion=CRITERIA[criterion],
                   justified=justified, fix_nl=fix_nl.format(**fmt_nl), fix_en=fix_en.format(**fmt_en), criteria=[criterion, *ALSO.get(code, ())])
