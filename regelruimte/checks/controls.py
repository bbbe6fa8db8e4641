# SPDX-License-Identifier: EUPL-1.2
"""Can a control be explained to a citizen, and does it ask no more than it needs? The review's
findings on each control, and its verdict: remove, reduce, rewrite or sound.

"If you cannot explain to a citizen why you check something, it is not needed." The assessment
reads the verdict's ``explainable`` for each control (:func:`control_verdicts`), so it says what
the review says; the review adds the burden comparison, which needs the amount at stake.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from ..compiler import compiled_policy
from ..model.policy import Policy
from ..model.rules import Control
from ..money import format_money
from .explainability import explainable_controls
from .findings import Finding, finding

# The value of an hour of a citizen's time in the standard cost model. The Dutch method reports
# hours and out-of-pocket costs separately; a valuation of about EUR 15 per hour is often quoted
# but is UNVERIFIED (notes/domain.md §5.4). It is only used to compare burden with the amount at
# stake, and callers can change it.
HOUR_VALUE = Decimal("15.00")
# A control whose burden per applicant costs more than this share of the amount at stake is flagged.
BURDEN_SHARE = Decimal("0.05")

CHANGES_PER_YEAR = {"never": Decimal(0), "rarely": Decimal("0.5"), "yearly": Decimal(1), "monthly": Decimal(12)}


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


def control_verdicts(policy: Policy) -> dict[str, ControlVerdict]:
    """Every control's verdict without the burden comparison (which needs the amount at stake);
    the assessment reads explainability from here, so it says what the review says."""
    uses = set(compiled_policy(policy).used_facts)
    explainability = explainable_controls(policy)
    return {c.id: verdict(c, control_findings(policy, c, uses, explainability[c.id].reasons, explainability[c.id].readability, None, HOUR_VALUE, BURDEN_SHARE))
            for c in policy.controls}


def verdict(c: Control, cf: list[Finding]) -> ControlVerdict:
    codes = {f.code for f in cf if not f.justified}
    verdict: Literal["remove", "reduce", "rewrite", "sound"] = "remove" if codes & REMOVE else "reduce" if codes & REDUCE else "rewrite" if codes & REWRITE else "sound"
    per_year = Decimal(c.burden.minutes) * c.burden.per_year if c.burden else Decimal(0)
    return ControlVerdict(id=c.id, title=c.title.nl, verdict=verdict, explainable=not (codes & (REMOVE | REWRITE)), findings=[f.code for f in cf], minutes_per_year=per_year)


def control_findings(policy: Policy, c: Control, uses: set[str], reasons: list[str], readability: Any, stake: Decimal | None, hour_value: Decimal, burden_share: Decimal) -> list[Finding]:
    el = f"controls.{c.id}"
    j = c.justification
    out: list[Finding] = []
    if not c.serves:
        out.append(finding("control-no-purpose", el, j))
    if c.source is None:
        out.append(finding("control-no-legal-basis", el, j))
    if not c.verifies:
        out.append(finding("control-verifies-nothing", el, j))
    unused = [f for f in c.verifies if f not in uses]
    if unused:
        out.append(finding("control-unused-facts", el, j, facts=", ".join(unused)))
    if "no-explanation" in reasons:
        out.append(finding("control-no-explanation", el, j))
    if "not-b1" in reasons and readability is not None:
        out.append(finding("control-not-b1", el, j, reasons=", ".join(readability.reasons)))
    if "no-why" in reasons:
        out.append(finding("control-no-why", el, j))
    specs = [policy.facts[f] for f in c.verifies]
    # once-only concerns what the citizen must provide; a check the municipality does itself in a
    # register, or the consent that allows it, is how once-only is done
    if c.kind not in ("consent", "check") and specs and all(s.held_by for s in specs):
        registers = ", ".join(sorted({r for s in specs for r in s.held_by}))
        out.append(finding("control-once-only", el, j, registers=registers))
    periods = {s.period for s in specs if s.period}
    if c.covers_months and periods:
        needed = 1 if "month" in periods else 12
        if c.covers_months > needed:
            out.append(finding("control-excess-period", el, j, months=c.covers_months, period={"month": "maand", "year": "jaar"}["month" if needed == 1 else "year"]))
    changes = [CHANGES_PER_YEAR[s.changes] for s in specs if s.changes]
    if c.burden and changes and c.kind not in ("consent", "check"):
        fastest = max(changes)
        if c.burden.per_year > max(fastest, Decimal(1)):
            out.append(finding("control-too-frequent", el, j, per_year=c.burden.per_year, changes=fastest))
    if c.burden and stake is not None and stake > 0:
        cost = Decimal(c.burden.minutes) / 60 * c.burden.per_year * hour_value + (c.burden.out_of_pocket or Decimal(0))
        if cost > stake * burden_share:
            out.append(finding("control-disproportionate-burden", el, j, minutes=c.burden.minutes, per_year=c.burden.per_year, amount=format_money(stake)))
    return out
