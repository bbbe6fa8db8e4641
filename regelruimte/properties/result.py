# SPDX-License-Identifier: EUPL-1.2
"""What the search of a regulation's properties found: per property, whether it held over the cases
tried, and if not the smallest case that breaks it (shrunk), with the outcome before and after and
the rules involved; and the cliff-edge map. Generated cases are invented, so their values are shown."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .._display import Displayable, export
from ..model.base import LocalizedText
from ..model.sources import SourceRef


class CaseOutcome(BaseModel):
    """The outcome of one side of a comparison: a case before or after a change, one version, the
    letter or the purpose."""

    model_config = ConfigDict(frozen=True)

    label: str
    """What this side is: 'before', 'after', 'this version', 'other version', 'letter', 'purpose'."""
    verdict: str
    """granted, denied or undetermined (for a purpose: served, not_served, undetermined)."""
    amount: Decimal | None = None
    """The amount compared (the letter's amount, zero when not granted, or the property's ``of``)."""
    rules: dict[str, str] = Field(default_factory=dict)
    """Every rule's result: passed, failed, unknown or not_applicable."""


class Counterexample(BaseModel):
    """The smallest case found that breaks a property (invented, not a citizen's)."""

    model_config = ConfigDict(frozen=True)

    date: date
    facts: dict[str, Any]
    """The facts of the case; facts it does not need are left out."""
    fact: str | None = None
    """The fact that changes (monotone, no cliff)."""
    before_value: Any = None
    after_value: Any = None
    before: CaseOutcome
    after: CaseOutcome
    change: Decimal | None = None
    """How far the amount moved (after minus before)."""
    rules: list[str] = Field(default_factory=list)
    """The rules involved: those whose result differs between the two sides (or that fail)."""


class PropertyResult(BaseModel):
    """The search of one declared property."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: Literal["monotone", "no_cliff", "bounded", "equivalent"]
    text: LocalizedText
    source: SourceRef | None = None
    reason: LocalizedText | None = None
    holds: bool
    """True when no case among those tried breaks it (a search, not a proof)."""
    examples: int
    """How many cases were tried."""
    seconds: float
    counterexample: Counterexample | None = None


class CliffEdge(BaseModel):
    """The largest jump found in the outcome across one hard threshold of a rule."""

    model_config = ConfigDict(frozen=True)

    rule: str
    fact: str
    step: Decimal
    jump: Decimal
    """How much the amount falls (for an adverse outcome: rises) when the fact goes one step up;
    the citizen's loss for one euro (or one unit) more. Zero: no cliff found here."""
    households: int
    """How many generated households were measured."""
    example: Counterexample | None = None
    """The household with the largest jump."""


class PropertyReport(Displayable, BaseModel):
    """Every declared property of one regulation searched, and its cliff-edge map.

    Example:
        >>> import regelruimte as rr
        >>> policy = rr.load_policy(rr.bundled_path() / "nl" / "zuidplas" / "kwijtschelding.yaml")
        >>> report = rr.check_properties(policy, max_examples=20, cliffs=False)
        >>> report.holds
        True
    """

    model_config = ConfigDict(frozen=True)

    policy_id: str
    policy_version: str
    policy_title: str
    seed: int
    results: list[PropertyResult]
    cliffs: list[CliffEdge] = Field(default_factory=list)

    @property
    def violations(self) -> list[PropertyResult]:
        """The properties a case was found to break."""
        return [r for r in self.results if not r.holds]

    @property
    def holds(self) -> bool:
        """Whether no property was broken by any case tried."""
        return not self.violations

    def to_json(self) -> str:
        """The report as JSON (amounts as text, so they stay exact)."""
        return self.model_dump_json(indent=2)

    def to_html(self, *, lang: str = "nl") -> str:
        """A self-contained HTML page of the report."""
        return export(self, "html", lang=lang)

    def to_markdown(self, *, lang: str = "nl") -> str:
        """A Markdown report."""
        return export(self, "markdown", lang=lang)

    def __repr__(self) -> str:
        return f"<PropertyReport {self.policy_id}@{self.policy_version} properties={len(self.results)} broken={len(self.violations)}>"

    __str__ = __repr__
