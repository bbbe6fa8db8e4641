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
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, overload

from pydantic import BaseModel, ConfigDict, PrivateAttr

from ._display import Displayable, export
from ._exact import CENT, in_context
from .checks.controls import BURDEN_SHARE, HOUR_VALUE, ControlVerdict, review_control
from .checks.explainability import explainable_controls
from .checks.findings import SEVERITY_ORDER, Finding, Severity, finding
from .checks.rules import policy_findings
from .compiler import compiled_policy
from .model.policy import Policy
from .model.rules import Stake
from .policy_tests import run_tests


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
    hours_per_applicant_per_year_after: Decimal = Decimal(0)
    """The hours a year per applicant if every 'remove' and 'reduce' finding is applied (see
    :attr:`ControlVerdict.minutes_per_year_after`)."""
    hours_per_year_after: Decimal | None = None
    """The same for all applicants."""
    stake_amount: Decimal | None = None
    """The amount at stake the burden was weighed against."""
    stake_period: str | None = None
    """Its period: 'month', 'year' or 'once'."""
    stake_from: str | None = None
    """'policy' (declared with its period), or 'tests' (the median granted amount of the example
    tests, its period unknown and taken as a year)."""


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
    _labels: dict[str, tuple[str, str]] = PrivateAttr(default_factory=dict)
    """What a reader calls each element and fact the findings name: (Dutch, English), for the views."""

    def label(self, element: str, lang: str = "nl") -> str:
        """The reader's name of ``element`` (``controls.x``, ``purposes.y``, a fact), or the element itself."""
        for key in (element, ".".join(element.split(".")[:2])):
            pair = self._labels.get(key)
            if pair:
                return pair[1 if lang == "en" else 0]
        return element

    @property
    def labels(self) -> dict[str, tuple[str, str]]:
        """Every element and fact the views may name, with its (Dutch, English) label."""
        return dict(self._labels)

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


def amount_at_stake(policy: Policy) -> Decimal | None:
    """The median granted amount of the example tests (used when the policy declares no ``stake``)."""
    amounts = sorted(o.letter.amount for o in run_tests(policy) if o.letter is not None and o.letter.amount is not None and o.letter.verdict == "granted")
    return amounts[len(amounts) // 2] if amounts else None


def policy_stake(policy: Policy) -> tuple[Stake | None, str | None]:
    """The amount at stake for one applicant and where it comes from: the policy's ``stake``, or the
    median granted amount of its example tests, whose period is not known and is taken as a year."""
    if policy.stake is not None:
        return policy.stake, "policy"
    amount = amount_at_stake(policy)
    return (None, None) if amount is None else (Stake(amount=amount, period="year"), "tests")


@overload
def review(policy: Policy, *, hour_value: Decimal = ..., burden_share: Decimal = ...) -> Review: ...
@overload
def review(policy: Mapping[str, Policy] | Iterable[Policy], *, hour_value: Decimal = ..., burden_share: Decimal = ...) -> dict[str, Review]: ...
def review(policy: Policy | Mapping[str, Policy] | Iterable[Policy], *, hour_value: Decimal = HOUR_VALUE,
           burden_share: Decimal = BURDEN_SHARE) -> Review | dict[str, Review]:
    """Review one policy: its controls first, then the policy as a whole.

    Args:
        policy: A loaded policy; or several (a :class:`~regelruimte.PolicySet`, a mapping or a list
            of policies), each reviewed on its own.
        hour_value: Value of an hour of a citizen's time, for the burden heuristic only.
        burden_share: Flag a control whose burden per applicant exceeds this share of the amount at stake.

    Returns:
        The :class:`Review`, with findings sorted by severity, then element; for several policies a
        dict of reviews keyed by policy id, sorted by id.
    """
    if isinstance(policy, Policy):
        return _review(policy, hour_value=hour_value, burden_share=burden_share)
    items = list(policy.values()) if isinstance(policy, Mapping) else list(policy)
    if not all(isinstance(p, Policy) for p in items):
        raise TypeError("review takes a policy, or a PolicySet, mapping or list of policies (load files with load_policy)")
    return {p.id: _review(p, hour_value=hour_value, burden_share=burden_share) for p in sorted(items, key=lambda p: p.id)}


@in_context
def _review(policy: Policy, *, hour_value: Decimal, burden_share: Decimal) -> Review:
    """Review one policy (see :func:`review`)."""
    findings: list[Finding] = []
    uses = set(compiled_policy(policy).used_facts)
    explainability = explainable_controls(policy)
    stake, stake_from = policy_stake(policy)
    verdicts: list[ControlVerdict] = []
    for c in policy.controls:
        cf, v = review_control(policy, c, uses, explainability[c.id], c.stake or stake, hour_value, burden_share)
        findings += cf
        verdicts.append(v)
    findings += policy_findings(policy)
    for o in run_tests(policy):
        if not o.passed:
            findings.append(finding("test-failing", f"tests[{o.index}]", name=o.name, differences="; ".join(o.differences)))
        elif o.status == "expected_failure":
            findings.append(finding("test-expected-failure", f"tests[{o.index}]", name=o.name, reason=o.expected_failure or ""))
    for s in policy.all_sources.values():
        if s.verified == "no":
            findings.append(finding("source-unverified", f"sources.{s.id}"))
    findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.element, f.code))
    result = Review(policy_id=policy.id, policy_version=policy.version, policy_title=policy.title, policy_sha256=policy.sha256,
                    findings=findings, controls=verdicts, burden=_burden(policy, verdicts, stake, stake_from))
    result._labels = _labels(policy)
    return result


def _labels(policy: Policy) -> dict[str, tuple[str, str]]:
    """(Dutch, English) labels of the elements and facts of ``policy`` a reader may meet in a finding."""
    def pair(text: Any) -> tuple[str, str]:
        return (text.get("nl"), text.get("en")) if hasattr(text, "get") else (str(text), str(text))

    out: dict[str, tuple[str, str]] = {}
    for name, fact in policy.facts.items():
        out[name] = out[f"facts.{name}"] = pair(fact.description)
    for p in policy.purposes:
        out[f"purposes.{p.id}"] = pair(p.title)
    for r in (*policy.rules, *(r for part in policy.parts for r in part.rules)):
        out[f"rules.{r.id}"] = pair(r.text)
    for c in policy.controls:
        out[f"controls.{c.id}"] = pair(c.title)
    for s in policy.all_sources.values():
        out[f"sources.{s.id}"] = (s.citation, s.citation)
    for i, t in enumerate(policy.tests):
        out[f"tests[{i}]"] = (f"voorbeeld {i + 1}: {t.name}", f"example {i + 1}: {t.name}")
    return out


def _burden(policy: Policy, verdicts: list[ControlVerdict], stake: Stake | None, stake_from: str | None) -> BurdenFigures:
    flagged = {v.id for v in verdicts if v.verdict == "remove"}
    per_application = sum((Decimal(c.burden.minutes) for c in policy.controls if c.burden), Decimal(0)) / 60
    per_year = sum((Decimal(c.burden.minutes) * c.burden.per_year for c in policy.controls if c.burden), Decimal(0)) / 60
    saved = sum((Decimal(c.burden.minutes) * c.burden.per_year for c in policy.controls if c.burden and c.id in flagged), Decimal(0)) / 60
    pocket = sum((c.burden.out_of_pocket * c.burden.per_year for c in policy.controls if c.burden and c.burden.out_of_pocket), Decimal(0))
    after = sum((v.minutes_per_year_after for v in verdicts), Decimal(0)) / 60
    n = policy.applicants_per_year
    q = CENT
    return BurdenFigures(
        hours_per_application=per_application.quantize(q),
        hours_per_applicant_per_year=per_year.quantize(q),
        applicants_per_year=n,
        hours_per_year=None if n is None else (per_year * n).quantize(q),
        hours_saved_per_year=None if n is None else (saved * n).quantize(q),
        out_of_pocket_per_applicant=pocket.quantize(q),
        hours_per_applicant_per_year_after=after.quantize(q),
        hours_per_year_after=None if n is None else (after * n).quantize(q),
        stake_amount=None if stake is None else stake.amount,
        stake_period=None if stake is None else stake.period,
        stake_from=stake_from,
    )

