# SPDX-License-Identifier: EUPL-1.2
"""The pydantic models of what the API says besides the library's own results.

Assessments, reviews and the regulations' elements are the library's models, served as they are;
these models describe the envelopes around them (lists, forms, screening jobs, health). Field
names follow the library's JSON (snake_case); amounts are exact and written as strings.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

import regelruimte as rr

from . import _library as lib
from .settings import API_VERSION
from .state import Registry, Snapshot

EXAMPLE_ID = "kwijtschelding_afvalstoffenheffing"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)


class Link(_Out):
    href: str


def _absent(value: Any) -> bool:
    return value is None


class Links(_Out):
    """Where to go from here (paths relative to the server, e.g. ``/v1/regulations/<id>``)."""

    self: Link
    caseSchema: Link | None = Field(default=None, exclude_if=_absent)  # noqa: N815 - link relations in camelCase, as query keys
    review: Link | None = Field(default=None, exclude_if=_absent)
    assessments: Link | None = Field(default=None, exclude_if=_absent)
    questions: Link | None = Field(default=None, exclude_if=_absent)
    result: Link | None = Field(default=None, exclude_if=_absent)


def regulation_links(policy_id: str) -> Links:
    base = f"/v1/regulations/{policy_id}"
    return Links(self=Link(href=base), caseSchema=Link(href=base + "/case-schema"), review=Link(href=base + "/review"),
                 assessments=Link(href=base + "/assessments"), questions=Link(href=base + "/questions"))


class Version(_Out):
    """One version of a regulation; a case is assessed against the version valid on its date."""

    version: str
    valid_from: date
    valid_until: date | None
    """Exclusive: the first day this version no longer applies."""
    sha256: str


class RegulationSummary(_Out):
    """A regulation in the list: identity and validity of its newest version."""

    id: str = Field(examples=[EXAMPLE_ID])
    title: str
    authority: str
    country: Literal["nl", "be"]
    version: str
    valid_from: date
    valid_until: date | None
    summary: lib.LocalizedText
    sha256: str
    """SHA-256 of the policy file and every norm file it uses."""
    versions: list[Version]
    links: Links = Field(serialization_alias="_links")


class RegulationList(_Out):
    """Every regulation the service serves."""

    regulations: list[RegulationSummary]
    sha256: str
    """One hash over every regulation's id, version and content hash (also in the Regelruimte-Policies-Sha256 header)."""
    loaded_at: datetime


class RegulationDetail(_Out):
    """One regulation: its facts (with the question to ask for each), parameters, derived values,
    purposes, rules, outcome, room to deviate and controls, with their legal sources."""

    id: str
    title: str
    authority: str
    country: Literal["nl", "be"]
    version: str
    valid_from: date
    valid_until: date | None
    summary: lib.LocalizedText
    sha256: str
    sources: list[lib.Source]
    facts: dict[str, lib.Fact]
    parameters: dict[str, lib.Parameter]
    derived: dict[str, lib.Derived]
    purposes: list[lib.Purpose]
    rules: list[lib.Rule]
    outcome: lib.Outcome
    discretion: list[lib.Discretion]
    controls: list[lib.Control]
    versions: list[Version]
    links: Links = Field(serialization_alias="_links")


def versions_of(policies: tuple[rr.Policy, ...]) -> list[Version]:
    return [Version(version=p.version, valid_from=p.valid_from, valid_until=p.valid_until, sha256=p.sha256) for p in policies]


def summary_of(policy: rr.Policy, versions: tuple[rr.Policy, ...]) -> RegulationSummary:
    return RegulationSummary(id=policy.id, title=policy.title, authority=policy.authority, country=policy.country, version=policy.version,
                             valid_from=policy.valid_from, valid_until=policy.valid_until, summary=policy.summary, sha256=policy.sha256,
                             versions=versions_of(versions), links=regulation_links(policy.id))


def detail_of(policy: rr.Policy, versions: tuple[rr.Policy, ...]) -> RegulationDetail:
    return RegulationDetail(id=policy.id, title=policy.title, authority=policy.authority, country=policy.country, version=policy.version,
                            valid_from=policy.valid_from, valid_until=policy.valid_until, summary=policy.summary, sha256=policy.sha256,
                            sources=list(policy.all_sources.values()), facts=dict(policy.facts), parameters=policy.all_parameters,
                            derived=dict(policy.derived), purposes=list(policy.purposes), rules=list(policy.rules), outcome=policy.outcome,
                            discretion=list(policy.discretion), controls=list(policy.controls), versions=versions_of(versions),
                            links=regulation_links(policy.id))


# -- the case a caller sends --------------------------------------------------------------------
class PeriodInput(BaseModel):
    """One period of a case, for a regulation applied per period (its ``periods`` section): the
    first and last day (both included) and the facts that take a value in this period."""

    model_config = ConfigDict(extra="forbid")

    start: date
    end: date
    facts: dict[str, bool | int | str | float | None] = Field(default_factory=dict)


class CaseInput(BaseModel):
    """A case: the reference date, the facts (named as the regulation names them) and an optional
    case id. Amounts are best written as strings ("1420.00"). The case schema of a regulation
    (``/regulations/{id}/case-schema``) says exactly which facts and values it accepts."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"date": "2026-03-01", "facts": {"belastingsoort": "afvalstoffenheffing_vast", "aanslag": "315.97", "huishouden": "alleenstaande",
                                          "pensioengerechtigd": False, "netto_inkomen": "1420.00"}},
    ]})

    date: date
    """The reference date (peildatum)."""
    facts: dict[str, bool | int | str | float | None] = Field(default_factory=dict)
    id: str | None = None
    """The municipality's own case id; the assessment holds only a keyed pseudonym of it."""
    periods: list[PeriodInput] = Field(default_factory=list)
    """For a regulation applied per period: the periods, in order, each with its own facts; each
    gets its own verdict and amount in the assessment's ``periods``."""


# -- a form for the open questions ----------------------------------------------------------------
class FormField(_Out):
    """One open question, as a field a portal can render."""

    fact: str
    type: Literal["bool", "int", "money", "decimal", "date", "enum", "text"]
    label: lib.LocalizedText
    """The question to ask (B1 Dutch, and English where the regulation has it)."""
    description: lib.LocalizedText
    expected: str
    """What an answer must look like, in words."""
    choices: list[str] | None = None
    """For 'enum': the possible answers."""
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    period: Literal["month", "year"] | None = None
    held_by: list[str]
    """Registers that hold the fact: look it up there instead of asking (the once-only principle)."""
    ask_citizen: bool
    decides: Literal["letter", "intent"]
    """What waits for the answer: the letter of the regulation first, then whether its purpose is served."""
    waiting: list[str]
    """The rules, purposes or amounts that wait for this answer."""


class Form(_Out):
    """The questions still open for a partial case, most decisive first."""

    regulation: str
    version: str
    reference_date: date
    letter: Literal["granted", "denied", "partly_granted", "undetermined"]
    intent: Literal["served", "not_served", "partly_served", "undetermined"]
    complete: bool
    """True when nothing is left to ask: the outcome is determined."""
    fields: list[FormField]


def form_of(policy: rr.Policy, a: rr.Assessment) -> Form:
    fields = []
    for q in a.questions:
        spec = policy.facts[q.fact]
        fields.append(FormField(fact=q.fact, type=spec.type, label=q.question or q.description, description=q.description, expected=q.expected,
                                choices=list(spec.values) if spec.values else None, minimum=spec.minimum, maximum=spec.maximum, period=spec.period,
                                held_by=list(q.held_by), ask_citizen=q.ask_citizen, decides=q.decides, waiting=list(q.waiting)))
    return Form(regulation=policy.id, version=policy.version, reference_date=a.provenance.reference_date, letter=a.letter.verdict,
                intent=a.intent.verdict, complete=not fields, fields=fields)


# -- screenings -----------------------------------------------------------------------------------
class ScreeningRow(_Out):
    """Per regulation: how the population came out, and who is entitled but not receiving."""

    policy: str
    persons: int
    granted: int
    denied: int
    undetermined: int
    letter_blocks_intent: int
    letter_exceeds_intent: int
    non_take_up: int
    amount_granted: Decimal | None
    amount_not_taken_up: Decimal | None


class Progress(_Out):
    regulations_done: int
    regulations_total: int


class ScreeningJob(_Out):
    """A screening of an uploaded population: queued, running, done (with a summary and a result
    to download) or failed (with the problem)."""

    id: str
    status: Literal["queued", "running", "done", "failed"]
    reference_date: date
    regulations: list[str]
    progress: Progress
    created_at: datetime
    finished_at: datetime | None = None
    expires_at: datetime | None = None
    """When the result (personal data) is deleted."""
    persons: int | None = None
    summary: list[ScreeningRow] | None = None
    problem: dict[str, Any] | None = None
    """For a failed screening: the problem (names columns and row numbers, never values)."""
    links: Links = Field(serialization_alias="_links")


# -- the service ----------------------------------------------------------------------------------
class Health(_Out):
    status: Literal["up"]


class Readiness(_Out):
    status: Literal["ready"]
    regulations: int
    loaded_at: datetime
    sha256: str
    reloads: int
    library_version: str
    api_version: str


def readiness_of(registry: Registry, snap: Snapshot) -> Readiness:
    return Readiness(status="ready", regulations=len(snap.policies), loaded_at=snap.loaded_at, sha256=snap.sha256, reloads=registry.reloads,
                     library_version=rr.__version__, api_version=API_VERSION)
