# SPDX-License-Identifier: EUPL-1.2
"""``review(policy)``: findings on the regulation itself, above all every control that cannot be
explained to a citizen. "If you cannot explain to a citizen why you check something, it is not
needed."

Each finding has a stable reason code, a severity, the element it is about, a Dutch and English
explanation and the source of the criterion (notes/domain.md §5, C1-C10). Readability and the
burden comparison are heuristics and say so. A control with a written ``justification`` keeps its
findings, downgraded to ``info`` and marked as justified, so a reader sees both.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ._display import Displayable, export
from ._exact import CENT
from ._texts import FINDINGS
from .compiler.compiled import compiled_policy
from .conditions import ast
from .explainability import explainable_controls
from .model.policy import Policy
from .model.rules import Control

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# The value of an hour of a citizen's time in the standard cost model. The Dutch method reports
# hours and out-of-pocket costs separately; a valuation of about EUR 15 per hour is often quoted
# but is UNVERIFIED (notes/domain.md §5.4). It is only used to compare burden with the amount at
# stake, and callers can change it.
HOUR_VALUE = Decimal("15.00")
# A control whose burden per applicant costs more than this share of the amount at stake is flagged.
BURDEN_SHARE = Decimal("0.05")

CHANGES_PER_YEAR = {"never": Decimal(0), "rarely": Decimal("0.5"), "yearly": Decimal(1), "monthly": Decimal(12)}


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
    "C7": Criterion(id="C7", citation="Awb art. 3:46-3:47 (motivering); Direct Duidelijk (taalniveau B1); Nationale ombudsman 2017/104 en 2017/129", url="https://wetten.overheid.nl/BWBR0005537/2026-01-01#Hoofdstuk3_Afdeling3.7"),
    "C10": Criterion(id="C10", citation="Awb art. 4:84 en 3:4 lid 2; ABRvS 16 maart 2016, ECLI:NL:RVS:2016:709", url="https://wetten.overheid.nl/BWBR0005537/2026-01-01#Hoofdstuk4_Titeldeel4.3_Artikel4:84"),
    "T": Criterion(id="T", citation="Standard for Public Code: bundle policy and source code (tests run the policy)", url="https://standard.publiccode.net/criteria/bundle-policy-and-source-code.html"),
}

# code: (severity, criterion); the Dutch and English texts are in regelruimte._texts.FINDINGS
CODES: dict[str, tuple[Severity, str]] = {
    "control-no-purpose": ("error", "C1"),
    "control-no-legal-basis": ("error", "C1"),
    "control-verifies-nothing": ("error", "C1"),
    "control-unused-facts": ("error", "C4"),
    "control-no-explanation": ("error", "C7"),
    "control-not-b1": ("warning", "C7"),
    "control-no-why": ("warning", "C7"),
    "control-once-only": ("warning", "C3"),
    "control-excess-period": ("warning", "C2"),
    "control-too-frequent": ("warning", "C2"),
    "control-disproportionate-burden": ("warning", "C5"),
    "rule-no-purpose": ("warning", "C1"),
    "purpose-no-rule": ("warning", "C1"),
    "purpose-no-test": ("warning", "C10"),
    "cliff-edge": ("warning", "C10"),
    "beleidsregel-no-deviation": ("warning", "C10"),
    "test-failing": ("error", "T"),
    "source-unverified": ("info", "T"),
}

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

    def text(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl


REMOVE = {"control-no-purpose", "control-no-legal-basis", "control-verifies-nothing", "control-unused-facts", "control-once-only"}
REWRITE = {"control-no-explanation", "control-not-b1", "control-no-why"}
REDUCE = {"control-excess-period", "control-too-frequent", "control-disproportionate-burden"}


class ControlVerdict(BaseModel):
    """The review's verdict on one control."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    verdict: Literal["remove", "reduce", "rewrite", "sound"]
    """'remove': it cannot be explained (no purpose, no basis, unused, or the government already
    holds the data); 'reduce': it asks more or more often than needed; 'rewrite': the reason is
    sound but the citizen text is missing or unclear; 'sound': no finding."""
    explainable: bool
    findings: list[str]
    minutes_per_year: Decimal


class BurdenFigures(BaseModel):
    """Citizen hours from the controls (standard cost model: minutes x frequency x population)."""

    model_config = ConfigDict(frozen=True)

    hours_per_application: Decimal
    hours_per_applicant_per_year: Decimal
    applicants_per_year: int | None
    hours_per_year: Decimal | None
    hours_saved_per_year: Decimal | None
    """What removing the controls that cannot be explained (verdict 'remove') would save."""
    out_of_pocket_per_applicant: Decimal


class Review(Displayable, BaseModel):
    """Findings on one policy, its controls and the burden they put on citizens."""

    model_config = ConfigDict(frozen=True)

    policy_id: str
    policy_version: str
    policy_title: str
    policy_sha256: str
    findings: list[Finding]
    controls: list[ControlVerdict]
    burden: BurdenFigures

    def counts(self) -> dict[str, int]:
        """Number of findings per severity (a justified finding counts as info)."""
        out = {"error": 0, "warning": 0, "info": 0}
        for f in self.findings:
            out[f.severity] += 1
        return out

    def worst(self) -> Severity | None:
        severities: tuple[Severity, ...] = ("error", "warning", "info")
        return next((s for s in severities if any(f.severity == s for f in self.findings)), None)

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, indent=indent)

    def __repr__(self) -> str:
        c = self.counts()
        return f"<Review {self.policy_id}@{self.policy_version} errors={c['error']} warnings={c['warning']} info={c['info']}>"

    __str__ = __repr__

    def to_html(self, *, lang: str = "nl") -> str:
        """A self-contained HTML page of the review."""
        return export(self, "html", lang=lang)

    def to_markdown(self, *, lang: str = "nl") -> str:
        """A Markdown report of the review."""
        return export(self, "markdown", lang=lang)


def _finding(code: str, element: str, justified: str | None = None, **fmt: Any) -> Finding:
    severity, criterion = CODES[code]
    nl, en = FINDINGS[code]
    if justified:
        severity = "info"
    return Finding(code=code, severity=severity, element=element, nl=nl.format(**fmt), en=en.format(**fmt), criterion=CRITERIA[criterion], justified=justified)


def used_facts(policy: Policy) -> set[str]:
    """Facts any rule, derived value, purpose, amount, discretion or severity condition uses."""
    return set(compiled_policy(policy).used_facts)


def amount_at_stake(policy: Policy) -> Decimal | None:
    """The typical amount for one applicant: the median granted amount of the example tests."""
    from .policy_tests import run_tests

    amounts = sorted(o.letter.amount for o in run_tests(policy) if o.letter is not None and o.letter.amount is not None and o.letter.verdict == "granted")
    return amounts[len(amounts) // 2] if amounts else None


def control_verdicts(policy: Policy) -> dict[str, ControlVerdict]:
    """Every control's verdict without the burden comparison (which needs the amount at stake);
    the assessment reads explainability from here, so it says what the review says."""
    uses = used_facts(policy)
    explainability = explainable_controls(policy)
    return {c.id: _verdict(c, _control_findings(policy, c, uses, explainability[c.id].reasons, explainability[c.id].readability, None, HOUR_VALUE, BURDEN_SHARE))
            for c in policy.controls}


def _verdict(c: Control, cf: list[Finding]) -> ControlVerdict:
    codes = {f.code for f in cf if not f.justified}
    verdict: Literal["remove", "reduce", "rewrite", "sound"] = "remove" if codes & REMOVE else "reduce" if codes & REDUCE else "rewrite" if codes & REWRITE else "sound"
    per_year = Decimal(c.burden.minutes) * c.burden.per_year if c.burden else Decimal(0)
    return ControlVerdict(id=c.id, title=c.title.nl, verdict=verdict, explainable=not (codes & (REMOVE | REWRITE)), findings=[f.code for f in cf], minutes_per_year=per_year)


def review(policy: Policy, *, hour_value: Decimal = HOUR_VALUE, burden_share: Decimal = BURDEN_SHARE) -> Review:
    """Review one policy: its controls first, then the policy as a whole.

    Args:
        policy: A loaded policy.
        hour_value: Value of an hour of a citizen's time, for the burden heuristic only.
        burden_share: Flag a control whose burden per applicant exceeds this share of the amount at stake.

    Returns:
        The :class:`Review`, with findings sorted by severity, then element.
    """
    from .policy_tests import run_tests

    findings: list[Finding] = []
    uses = used_facts(policy)
    explainability = explainable_controls(policy)
    stake = amount_at_stake(policy)
    verdicts: list[ControlVerdict] = []
    for c in policy.controls:
        cf = _control_findings(policy, c, uses, explainability[c.id].reasons, explainability[c.id].readability, stake, hour_value, burden_share)
        findings += cf
        verdicts.append(_verdict(c, cf))
    findings += _policy_findings(policy)
    for o in run_tests(policy):
        if not o.passed:
            findings.append(_finding("test-failing", f"tests[{o.index}]", name=o.name, differences="; ".join(o.differences)))
    for s in policy.all_sources.values():
        if s.verified == "no":
            findings.append(_finding("source-unverified", f"sources.{s.id}"))
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.element, f.code))
    return Review(policy_id=policy.id, policy_version=policy.version, policy_title=policy.title, policy_sha256=policy.sha256,
                  findings=findings, controls=verdicts, burden=_burden(policy, {v.id for v in verdicts if v.verdict == "remove"}))


def _control_findings(policy: Policy, c: Control, uses: set[str], reasons: list[str], readability: Any, stake: Decimal | None, hour_value: Decimal, burden_share: Decimal) -> list[Finding]:
    el = f"controls.{c.id}"
    j = c.justification
    out: list[Finding] = []
    if not c.serves:
        out.append(_finding("control-no-purpose", el, j))
    if c.source is None:
        out.append(_finding("control-no-legal-basis", el, j))
    if not c.verifies:
        out.append(_finding("control-verifies-nothing", el, j))
    unused = [f for f in c.verifies if f not in uses]
    if unused:
        out.append(_finding("control-unused-facts", el, j, facts=", ".join(unused)))
    if "no-explanation" in reasons:
        out.append(_finding("control-no-explanation", el, j))
    if "not-b1" in reasons and readability is not None:
        out.append(_finding("control-not-b1", el, j, reasons=", ".join(readability.reasons)))
    if "no-why" in reasons:
        out.append(_finding("control-no-why", el, j))
    specs = [policy.facts[f] for f in c.verifies]
    # once-only concerns what the citizen must provide; a check the municipality does itself in a
    # register, or the consent that allows it, is how once-only is done
    if c.kind not in ("consent", "check") and specs and all(s.held_by for s in specs):
        registers = ", ".join(sorted({r for s in specs for r in s.held_by}))
        out.append(_finding("control-once-only", el, j, registers=registers))
    periods = {s.period for s in specs if s.period}
    if c.covers_months and periods:
        needed = 1 if "month" in periods else 12
        if c.covers_months > needed:
            out.append(_finding("control-excess-period", el, j, months=c.covers_months, period={"month": "maand", "year": "jaar"}["month" if needed == 1 else "year"]))
    changes = [CHANGES_PER_YEAR[s.changes] for s in specs if s.changes]
    if c.burden and changes and c.kind not in ("consent", "check"):
        fastest = max(changes)
        if c.burden.per_year > max(fastest, Decimal(1)):
            out.append(_finding("control-too-frequent", el, j, per_year=c.burden.per_year, changes=fastest))
    if c.burden and stake is not None and stake > 0:
        cost = Decimal(c.burden.minutes) / 60 * c.burden.per_year * hour_value + (c.burden.out_of_pocket or Decimal(0))
        if cost > stake * burden_share:
            from .money import format_money

            out.append(_finding("control-disproportionate-burden", el, j, minutes=c.burden.minutes, per_year=c.burden.per_year, amount=format_money(stake)))
    return out


def _policy_findings(policy: Policy) -> list[Finding]:
    out: list[Finding] = []
    compiled = compiled_policy(policy)
    sources = policy.all_sources
    served = {pid for r in policy.rules for pid in r.serves}
    whole = [d for d in policy.discretion if not d.sets_aside]
    for r in policy.rules:
        el = f"rules.{r.id}"
        if not r.serves:
            out.append(_finding("rule-no-purpose", el))
        covered = bool(whole) or any(r.id in d.sets_aside for d in policy.discretion)
        if not covered and r.no_room is None and _has_threshold(compiled.rules[r.id].node, compiled.kinds):
            out.append(_finding("cliff-edge", el))
        if sources[r.source].level == "beleidsregel" and not any(d.kind == "beleidsregel_afwijking" and (not d.sets_aside or r.id in d.sets_aside) for d in policy.discretion):
            out.append(_finding("beleidsregel-no-deviation", el))
    for p in policy.purposes:
        el = f"purposes.{p.id}"
        if p.id not in served:
            out.append(_finding("purpose-no-rule", el))
        if p.test is None:
            out.append(_finding("purpose-no-test", el))
    return out


def _has_threshold(node: ast.Node, kinds: dict[str, str]) -> bool:
    """A comparison with an order (<, <=, >, >=) between a case quantity and a limit."""
    for n in ast.walk(node):
        if isinstance(n, ast.Compare) and n.op in ("<", "<=", ">", ">="):
            sides = (ast.names(n.left), ast.names(n.right))
            case_side = any(kinds.get(x) in ("fact", "derived") for s in sides for x in s)
            if case_side:
                return True
    return False


def _burden(policy: Policy, flagged: set[str]) -> BurdenFigures:
    per_application = sum((Decimal(c.burden.minutes) for c in policy.controls if c.burden), Decimal(0)) / 60
    per_year = sum((Decimal(c.burden.minutes) * c.burden.per_year for c in policy.controls if c.burden), Decimal(0)) / 60
    saved = sum((Decimal(c.burden.minutes) * c.burden.per_year for c in policy.controls if c.burden and c.id in flagged), Decimal(0)) / 60
    pocket = sum((c.burden.out_of_pocket * c.burden.per_year for c in policy.controls if c.burden and c.burden.out_of_pocket), Decimal(0))
    n = policy.applicants_per_year
    q = CENT
    return BurdenFigures(
        hours_per_application=per_application.quantize(q),
        hours_per_applicant_per_year=per_year.quantize(q),
        applicants_per_year=n,
        hours_per_year=None if n is None else (per_year * n).quantize(q),
        hours_saved_per_year=None if n is None else (saved * n).quantize(q),
        out_of_pocket_per_applicant=pocket.quantize(q),
    )

