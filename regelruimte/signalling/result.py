# SPDX-License-Identifier: EUPL-1.2
"""What :func:`regelruimte.signals` returns (its views are in :mod:`regelruimte.render.signals_views`).

Per household: which signals fired, why (the events that matched: their record numbers and
types, never their values), the legal source, and for offers the assessment of the right
itself. The household is the municipality's own key as given in the event log (it is needed to
act on a signal); with a pseudonym key configured, ``household_ref`` is its keyed pseudonym, and
the views show only that. Errors and logs never contain a household id or a value.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .._display import Displayable, export
from ..assessment import Assessment
from ..model.base import LocalizedText
from ..model.sources import SourceRef

Action = Literal["offer", "grant", "reassess", "flag_deadline", "flag_own_error"]

class MatchedEvent(BaseModel):
    """One event a signal matched: its name in the pattern, record number and type."""

    model_config = ConfigDict(frozen=True)

    alias: str
    record: int
    type: str


class SignalHit(BaseModel):
    """One signal that fired for a household, with why and what follows."""

    model_config = ConfigDict(frozen=True)

    policy_id: str
    policy_version: str
    signal: str
    title: LocalizedText
    action: Action
    source: SourceRef
    serves: list[str]
    text: LocalizedText
    """What the authority does now."""
    matches: list[list[MatchedEvent]]
    """Each combination of events that matched the pattern (the events named in it)."""
    assessment: Assessment | None = None
    """For offers, grants and re-assessments: the assessment of the right with the facts the
    events give (missing facts make it undetermined, with the questions to ask)."""
    assessment_problem: str | None = None
    """Why no assessment could be made (never a value)."""

    @property
    def rules_pass(self) -> bool | None:
        """Whether every rule of the letter passes (None without an assessment)."""
        if self.assessment is None:
            return None
        return all(r.result in ("passed", "not_applicable") for r in self.assessment.letter.rules)


class HouseholdSignals(BaseModel):
    """Every signal that fired for one household."""

    model_config = ConfigDict(frozen=True)

    household: str = Field(repr=False)
    """The household key as given in the event log."""
    household_ref: str | None = None
    """Its keyed pseudonym (None without ``$REGELRUIMTE_PSEUDONYM_KEY``)."""
    events: int
    """Valid events of this household known on the reference date."""
    hits: list[SignalHit]

    def __repr__(self) -> str:
        return f"<HouseholdSignals ref={self.household_ref} events={self.events} signals={[h.signal for h in self.hits]}>"

    __str__ = __repr__


class RefusedRecord(BaseModel):
    """A record of the event log that was refused, with why (never its values)."""

    model_config = ConfigDict(frozen=True)

    record: int
    household: str | None = Field(default=None, repr=False)
    problems: list[dict[str, str]]
    """Each with ``field``, ``expected`` and ``message``."""


class RefusedHousehold(BaseModel):
    """A household that was not evaluated for a policy: it has more events of that policy's types
    than one engine session holds (1,000), and splitting it could make a ``none`` element fire
    falsely. Named by its records (never a value); the id only with ``show_ids``."""

    model_config = ConfigDict(frozen=True)

    household: str = Field(repr=False)
    """The household key as given in the event log."""
    household_ref: str | None = None
    """Its keyed pseudonym (None without ``$REGELRUIMTE_PSEUDONYM_KEY``)."""
    first_record: int
    """The record number of its first valid event."""
    last_record: int
    """The record number of its last valid event."""
    events: int
    """Its valid events known on the reference date."""
    policies: list[str]
    """``id@version`` of the policies it was not evaluated for; empty when it had more events
    than are held in memory for one household (10,000), so no policy was run."""

    def __repr__(self) -> str:
        return f"<RefusedHousehold ref={self.household_ref} records={self.first_record}-{self.last_record} events={self.events} policies={self.policies}>"

    __str__ = __repr__


class SignalCount(BaseModel):
    """How many households one signal fired for."""

    model_config = ConfigDict(frozen=True)

    policy_id: str
    signal: str
    title: LocalizedText
    action: Action
    households: int


class SignalsSummary(BaseModel):
    """Counts of one run; no personal data."""

    model_config = ConfigDict(frozen=True)

    reference_date: date
    policies: list[str]
    """``id@version`` of every policy whose signals ran."""
    skipped_policies: list[str] = Field(default_factory=list)
    """Policies given but not run: without signals, or not valid on the reference date."""
    records: int
    events: int
    """Valid events known on the reference date."""
    refused_records: int
    ignored_records: int
    """Records of event types no given policy declares."""
    ignored_types: dict[str, int] = Field(default_factory=dict)
    after_reference_date: int
    """Valid events dated after the reference date (not yet known then)."""
    households: int
    households_with_signals: int
    too_large: int = 0
    """Refused households: more events of one policy's types than one session holds (1,000);
    listed in :attr:`SignalsResult.refused_households`."""
    signals: list[SignalCount]


class SignalsResult(Displayable, BaseModel):
    """Per household, the signals that fired; and the refused records."""

    model_config = ConfigDict(frozen=True)

    summary: SignalsSummary
    households: list[HouseholdSignals]
    refused: list[RefusedRecord]
    """The refused records (at most the first 1,000; ``summary.refused_records`` counts all)."""
    refused_households: list[RefusedHousehold] = Field(default_factory=list)
    """Households too large to evaluate (at most the first 1,000; ``summary.too_large`` counts all)."""
    workers: int = Field(default=0, exclude=True)
    """Worker processes used. How the run went, not what it found: not in any serialisation."""
    seconds: float = Field(default=0.0, exclude=True)
    """Wall time of the run. Not in any serialisation, so the same input gives the same bytes."""

    @property
    def has_refusals(self) -> bool:
        """Whether records or households were refused (the CLI exits 1)."""
        return bool(self.summary.refused_records or self.summary.too_large)

    def __repr__(self) -> str:
        s = self.summary
        return (f"<SignalsResult {s.reference_date.isoformat()} households={s.households} with_signals={s.households_with_signals} "
                f"refused={s.refused_records} policies={len(s.policies)}>")

    __str__ = __repr__

    def offers(self) -> list[tuple[HouseholdSignals, SignalHit]]:
        """Every (household, hit) whose action is an offer or a grant."""
        return [(h, hit) for h in self.households for hit in h.hits if hit.action in ("offer", "grant")]

    def to_dict(self, *, show_ids: bool = False) -> dict[str, Any]:
        """A JSON-safe dict. Household ids appear only with ``show_ids`` (else the pseudonym)."""
        data = self.model_dump(mode="json", exclude={"households"})
        data["households"] = [household_dict(h, show_ids=show_ids) for h in self.households]
        if not show_ids:
            for r in (*data["refused"], *data["refused_households"]):
                r.pop("household", None)
        return data

    def to_json(self, *, show_ids: bool = False, indent: int | None = 2) -> str:
        """Canonical JSON (sorted keys); fact values never, household ids only with ``show_ids``;
        no wall time or worker count, so the same input gives the same bytes.
        :func:`regelruimte.signalling.streaming.write_json` writes the same bytes in flat memory."""
        return json.dumps(self.to_dict(show_ids=show_ids), sort_keys=True, ensure_ascii=False, indent=indent)

    def to_markdown(self, *, lang: str = "nl") -> str:
        """A Markdown report: the summary, then per household the signals."""
        return export(self, "markdown", lang=lang)

    def to_html(self, *, lang: str = "nl", show_ids: bool = False) -> str:
        """A self-contained HTML page: the summary, then per household the signals."""
        return export(self, "html", lang=lang, show_ids=show_ids)


def household_dict(h: HouseholdSignals, *, show_ids: bool = False) -> dict[str, Any]:
    """One household of :meth:`SignalsResult.to_dict`: assessments as their own ``to_dict``."""
    out = h.model_dump(mode="json", exclude={"hits": {"__all__": {"assessment"}}})
    if not show_ids:
        out.pop("household", None)
    for hit_out, hit in zip(out["hits"], h.hits, strict=True):
        hit_out["assessment"] = hit.assessment.to_dict() if hit.assessment is not None else None
        hit_out["rules_pass"] = hit.rules_pass
    return out
