# SPDX-License-Identifier: EUPL-1.2
"""Can a control be explained to a citizen, and does it ask no more than it needs? The review's
findings on each control over the criteria C1-C10 (notes/domain.md §5), its verdict (remove,
reduce, rewrite or sound) and its burden before and after the fixes.

"If you cannot explain to a citizen why you check something, it is not needed." The assessment
reads the verdict's ``explainable`` for each control (:func:`control_verdicts`), so it says what
the review says; the review adds the burden comparison, which needs the amount at stake.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict

from .._texts import REVIEW_PARTS as P
from ..compiler import compiled_policy
from ..model.facts import HeldBy
from ..model.policy import Policy
from ..model.rules import HARD_ON_MISSING, Control, Stake
from .burden import BURDEN_SHARE, HOUR_VALUE, burden_findings, doability_findings
from .explainability import Explainability, explainable_controls
from .findings import Finding, finding
from .requests import generic_phrases

__all__ = ["BURDEN_SHARE", "CHANGES_PER_YEAR", "HOUR_VALUE", "ControlVerdict", "control_verdicts", "review_control"]

CHANGES_PER_YEAR = {"never": Decimal(0), "rarely": Decimal("0.5"), "yearly": Decimal(1), "monthly": Decimal(12)}

REMOVE = {"control-no-purpose", "control-no-legal-basis", "control-verifies-nothing", "control-unused-facts", "control-once-only"}
REDUCE = {"control-excess-period", "control-too-frequent", "control-disproportionate-burden", "control-partly-held", "control-extra-data",
          "control-not-doable", "control-distrust"}
REWRITE = {"control-no-explanation", "control-not-b1", "control-no-why", "control-generic-request", "control-no-escalation"}
UNEXPLAINABLE = REMOVE | {"control-no-explanation", "control-not-b1", "control-no-why", "control-generic-request"}
"""A control with one of these cannot be explained to a citizen as it stands."""

ASKS_OF_CITIZEN = frozenset({"document", "declaration", "visit", "interview", "reapplication"})
"""Kinds in which the citizen supplies or undergoes something; a check in a register, or the consent
to it, is how once-only is done."""


class ControlVerdict(BaseModel):
    """The review's verdict on one control."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: str
    verdict: Literal["remove", "reduce", "rewrite", "sound"]
    """'remove': it cannot be explained (no purpose, no basis, unused, or the government already
    holds the data); 'reduce': it asks more, more often or of more people than needed, or more than
    a person under stress can do; 'rewrite': the reason is sound but the citizen text, the request
    or the route when it fails is missing or unclear; 'sound': no finding."""
    explainable: bool
    findings: list[str]
    minutes_per_year: Decimal
    minutes_per_year_after: Decimal = Decimal(0)
    """The minutes a year it would still take once every 'remove' and 'reduce' finding is applied:
    nothing when removed; only the facts no register holds and that a rule uses; only the months
    the rule needs; only as often as the data can change. A control to be limited to a risk signal,
    made doable or made lighter keeps its minutes (the share of applicants with a signal is not known)."""


@dataclass
class _Facts:
    """What the review found about the facts a control verifies."""

    held: dict[str, list[HeldBy]] = field(default_factory=dict)
    unused: list[str] = field(default_factory=list)
    needed_months: int | None = None
    change_rate: Decimal | None = None


def control_verdicts(policy: Policy) -> dict[str, ControlVerdict]:
    """Every control's verdict without the burden comparison (which needs the amount at stake);
    the assessment reads explainability from here, so it says what the review says."""
    compiled = compiled_policy(policy)
    cached: dict[str, ControlVerdict] | None = compiled.analyses.get("control_verdicts")
    if cached is None:  # a pure function of the policy: made once, not on every assessment
        uses = set(compiled.used_facts)
        explainability = explainable_controls(policy)
        cached = {c.id: review_control(policy, c, uses, explainability[c.id], None)[1] for c in policy.controls}
        compiled.analyses["control_verdicts"] = cached
    return dict(cached)


def review_control(policy: Policy, c: Control, uses: set[str], explained: Explainability, stake: Stake | None,
                   hour_value: Decimal = HOUR_VALUE, burden_share: Decimal = BURDEN_SHARE) -> tuple[list[Finding], ControlVerdict]:
    """The findings on one control and its verdict. ``stake`` is the amount at stake it is weighed
    against (none: no burden comparison)."""
    el = f"controls.{c.id}"
    j = c.justification
    facts = _analyse_facts(policy, c, uses)
    out = _purpose_findings(c, facts, el, j)
    out += _explanation_findings(c, explained, el, j)
    out += _minimisation_findings(policy, c, facts, el, j)
    out += burden_findings(c, stake, el, j, hour_value, burden_share)
    out += doability_findings(c, el, j)
    phrases = generic_phrases(c.request.nl) if c.request is not None else []
    if phrases:
        out.append(finding("control-generic-request", el, j, phrase=phrases[0]))
    if c.for_everyone and c.needed_without_signal is False:
        out.append(finding("control-distrust", el, j))
    if c.escalation is None and c.on_missing in HARD_ON_MISSING:
        out.append(finding("control-no-escalation", el, j, outcome=P[c.on_missing]))
    return out, _verdict(c, out, facts)


def _analyse_facts(policy: Policy, c: Control, uses: set[str]) -> _Facts:
    specs = {f: policy.facts[f] for f in c.verifies}
    facts = _Facts(unused=[f for f in c.verifies if f not in uses])
    if c.kind in ASKS_OF_CITIZEN:
        facts.held = {f: regs for f, s in specs.items() if (regs := s.holdings_for_decision())}
    months = [s.reference_months or (1 if s.period == "month" else 12) for s in specs.values() if s.reference_months or s.period]
    facts.needed_months = max(months) if months else None
    rates = [CHANGES_PER_YEAR[s.changes] for s in specs.values() if s.changes]
    facts.change_rate = max(rates) if rates else None
    return facts


def _purpose_findings(c: Control, facts: _Facts, el: str, j: str | None) -> list[Finding]:
    """C1 (purpose link, legal basis, what it verifies), C3 (already held, per fact, for the moment
    the decision needs it) and the facts no rule uses (C1, C2, C4)."""
    out: list[Finding] = []
    if not c.serves:
        out.append(finding("control-no-purpose", el, j))
    if c.source is None:
        out.append(finding("control-no-legal-basis", el, j))
    if not c.verifies and not c.asks_nothing:
        out.append(finding("control-verifies-nothing", el, j))
    if facts.unused:
        out.append(finding("control-unused-facts", el, j, facts=", ".join(facts.unused)))
    if facts.held:
        holdings = [h for hs in facts.held.values() for h in hs]
        names = ", ".join(dict.fromkeys(h.register_ for h in holdings))
        # what each register holds, where the policy says so: the reader sees what is (and is not) in it
        detail = tuple("; ".join(_what_it_holds(r, [h for h in holdings if h.register_ == r], lang) for r in dict.fromkeys(h.register_ for h in holdings))
                       for lang in ("nl", "en"))
        rest = [f for f in c.verifies if f not in facts.held and f not in facts.unused]
        if rest:
            out.append(finding("control-partly-held", el, j, held=", ".join(facts.held), registers=detail, names=names, ask=", ".join(rest)))
        else:
            out.append(finding("control-once-only", el, j, registers=detail, names=names, facts=", ".join(facts.held)))
    return out


def _what_it_holds(register: str, holdings: list[HeldBy], lang: str) -> str:
    said = list(dict.fromkeys(h.holds.get(lang) for h in holdings if h.holds is not None))
    return f"{register}: {', '.join(said)}" if said else register


def _explanation_findings(c: Control, explained: Explainability, el: str, j: str | None) -> list[Finding]:
    """C7: the citizen text, a calibrated heuristic for readability and for the 'why'."""
    out: list[Finding] = []
    if "no-explanation" in explained.reasons:
        out.append(finding("control-no-explanation", el, j))
    r = explained.readability
    if "not-b1" in explained.reasons and r is not None:
        plain: str | tuple[str, str] = ""
        if r.jargon:
            nl, en = ("; ".join(P["instead"][i].format(alternative=h.alternative, term=h.found) for h in r.jargon) for i in (0, 1))
            plain = (P["plain"][0].format(pairs=nl), P["plain"][1].format(pairs=en))
        out.append(finding("control-not-b1", el, j, reasons=", ".join(r.reasons), plain=plain))
    if "no-why" in explained.reasons:
        out.append(finding("control-no-why", el, j))
    return out


def _period_text(months: int, from_year: bool) -> tuple[str, str]:
    if months == 1:
        return P["one_month"]
    if months == 12 and from_year:
        return P["one_year"]
    return P["months"][0].format(n=months), P["months"][1].format(n=months)


def _minimisation_findings(policy: Policy, c: Control, facts: _Facts, el: str, j: str | None) -> list[Finding]:
    """C2: a longer period than the rule's, data no rule needs, a re-proof more often than the data change."""
    out: list[Finding] = []
    if c.covers_months and facts.needed_months and c.covers_months > facts.needed_months:
        from_year = not any(policy.facts[f].reference_months for f in c.verifies)
        out.append(finding("control-excess-period", el, j, months=c.covers_months, period=_period_text(facts.needed_months, from_year)))
    if c.also_collects:
        out.append(finding("control-extra-data", el, j, data=("; ".join(t.nl for t in c.also_collects), "; ".join(t.get("en") for t in c.also_collects))))
    if c.burden and facts.change_rate is not None and c.kind in ASKS_OF_CITIZEN and c.recurring and c.burden.per_year > facts.change_rate:
        changes = max((ch for f in c.verifies if (ch := policy.facts[f].changes) is not None), key=lambda ch: CHANGES_PER_YEAR[ch])
        out.append(finding("control-too-frequent", el, j, per_year=c.burden.per_year, changes=P[changes]))
    return out


def _verdict(c: Control, cf: list[Finding], facts: _Facts) -> ControlVerdict:
    codes = {f.code for f in cf if not f.justified}
    if "control-unused-facts" in codes and len(facts.unused) < len(c.verifies):
        codes = (codes - {"control-unused-facts"}) | {"control-partly-unused"}  # some facts are used: ask only those
    verdict: Literal["remove", "reduce", "rewrite", "sound"] = (
        "remove" if codes & REMOVE else "reduce" if codes & (REDUCE | {"control-partly-unused"}) else "rewrite" if codes & REWRITE else "sound")
    before = Decimal(c.burden.minutes) * c.burden.per_year if c.burden else Decimal(0)
    return ControlVerdict(id=c.id, title=c.title.nl, verdict=verdict, explainable=not (codes & (UNEXPLAINABLE | {"control-partly-unused"})),
                          findings=[f.code for f in cf], minutes_per_year=before, minutes_per_year_after=_after(c, codes, facts, before, verdict))


def _after(c: Control, codes: set[str], facts: _Facts, before: Decimal, verdict: str) -> Decimal:
    if verdict == "remove" or not c.burden or not c.verifies:
        return Decimal(0) if verdict == "remove" else before
    num, den = 1, 1  # the share of the minutes that stays, as one fraction (divided once, exactly where it can be)
    if codes & {"control-partly-held", "control-partly-unused"}:
        dropped = set(facts.unused) if "control-partly-unused" in codes else set()
        if "control-partly-held" in codes:
            dropped |= set(facts.held)
        num, den = num * len([f for f in c.verifies if f not in dropped]), den * len(c.verifies)
    if "control-excess-period" in codes and c.covers_months and facts.needed_months:
        num, den = num * facts.needed_months, den * c.covers_months
    per_year = c.burden.per_year
    if "control-too-frequent" in codes and facts.change_rate is not None:
        per_year = min(per_year, facts.change_rate)
    return Decimal(c.burden.minutes) * per_year * num / den
