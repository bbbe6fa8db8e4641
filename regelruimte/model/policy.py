# SPDX-License-Identifier: EUPL-1.2
"""The policy model: one regulation with its letter, its purposes, its room and its controls.

These pydantic models are the contract of the policy file format: the JSON Schema in
``schema/policy.v1.json`` is generated from them, unknown keys are errors, and scalars are
strict (a yes/no is never a number, a code is never an integer). Structural keys are English;
legal vocabulary and citizen texts are Dutch (see docs/glossary.md).

A loaded policy carries its compiled form (:mod:`regelruimte.compiler`), made by the loader. So
a policy is changed only through :func:`regelruimte.change_policy`, which checks and compiles
the changed policy; ``model_copy(update=...)`` refuses, because its copy would keep the
original's compiled conditions and assess as the original.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal, Self

from pydantic import Field, PrivateAttr

from .._display import Displayable
from .base import ID_PATTERN, FileModel, Id, MoneyValue, Text
from .facts import Derived, Fact, Parameter
from .parts import Part, Periods
from .properties import Property
from .rules import Control, Discretion, Outcome, Purpose, Rule, Stake
from .signals import EventType, Signal
from .sources import Source


class ExpectedPart(FileModel):
    """The expected assessment of one part of the decision (or of the decision as a whole)."""

    letter: Literal["granted", "denied", "partly_granted", "undetermined"]
    """'partly_granted': some parts (or periods) are granted and others denied."""
    amount: MoneyValue | None = None
    intent: Literal["served", "not_served", "partly_served", "undetermined"] | None = None
    tension: Literal["aligned", "letter_blocks_intent", "letter_exceeds_intent", "undetermined"] | None = None
    room: list[Id] | None = None
    """The discretion provisions the court used or pointed to: each must be offered for this case
    (as applying or to weigh)."""
    no_room: bool | None = None
    """True: the law leaves no room here (the assessment must say so and advise no deviation);
    false: it must not report no room."""
    proportionality: Literal["proportionate", "disproportionate", "to_weigh"] | None = None
    """The conclusion of the proportionality test of the adverse outcome (Awb 3:4 lid 2)."""


class Expected(ExpectedPart):
    """The expected assessment of an example case."""

    rules: dict[str, Literal["passed", "failed", "unknown", "not_applicable"]] | None = None
    granted_for: list[Span] | None = None
    """For a case in periods that is partly granted: the spans granted (consecutive periods joined)."""
    parts: dict[Annotated[str, Field(pattern=ID_PATTERN)], ExpectedPart] | None = None
    """Per part of the decision (by part id): what the court decided on that part, when a ruling
    decides the parts separately (the revocation stands, the recovery is reduced)."""


class TestPeriod(FileModel):
    """One period of an example case (for a regulation applied per period)."""

    start: date
    end: date
    """The last day of the period (included)."""
    facts: dict[str, Any] = Field(default_factory=dict)

    __test__ = False  # not a pytest class


class Span(FileModel):
    """A stretch of days, both included."""

    start: date
    end: date


class PolicyTest(FileModel):
    """An example case with its expected assessment, run by ``regelruimte test`` and pytest."""

    name: str = Field(min_length=3)
    id: Id | None = None
    """A short name other tests can build on with ``like``."""
    like: Id | None = None
    """Start from the facts of the test with this id; ``facts`` then adds or overrides."""
    date: date
    facts: dict[str, Any] = Field(default_factory=dict)
    periods: list[TestPeriod] = Field(default_factory=list)
    """For a regulation applied per period: the periods of the case, each with its own facts."""
    expect: Expected
    source: Id | None = None
    """The ruling or report the case is built from."""
    note: str | None = None
    expected_failure: str | None = Field(default=None, min_length=10)
    """Why the library cannot yet reproduce this case (usually a ruling it does not follow yet).
    The test still runs: failing is reported as an expected failure, passing as an error, so the
    mark is removed as soon as the library follows the ruling. A failing ruling is never deleted."""


class Policy(Displayable, FileModel):
    """One regulation: identity and validity, sources, facts, parameters, purposes, rules,
    outcome, declared properties, discretion, controls, events and signals, and example tests."""

    id: Id
    title: str = Field(min_length=3)
    authority: str = Field(min_length=2)
    country: Literal["nl", "be"]
    version: str = Field(pattern=r"^[0-9A-Za-z.\-]+$")
    valid_from: date
    valid_until: date | None = None
    """Exclusive: the first day this version no longer applies."""
    summary: Text
    uses: list[str] = Field(default_factory=list)
    """Norm files (shared parameters and sources), as paths relative to this file."""
    applicants_per_year: int | None = Field(default=None, ge=0)
    """Citizens who apply (or are assessed) per year: the population of the burden figures."""
    stake: Stake | None = None
    """The typical amount at stake for one applicant, with its period (per month, per year, once):
    what the burden of a control is weighed against."""
    sources: list[Source] = Field(default_factory=list)
    facts: dict[Annotated[str, Field(pattern=ID_PATTERN)], Fact] = Field(default_factory=dict)
    parameters: dict[Annotated[str, Field(pattern=ID_PATTERN)], Parameter] = Field(default_factory=dict)
    derived: dict[Annotated[str, Field(pattern=ID_PATTERN)], Derived] = Field(default_factory=dict)
    purposes: list[Purpose] = Field(default_factory=list)
    rules: list[Rule] = Field(min_length=1)
    outcome: Outcome
    parts: list[Part] = Field(default_factory=list)
    """The parts of the decision, each decided on its own (revocation, recovery, fine; several cost
    items). With parts, ``rules`` are the conditions the parts share and ``outcome`` names the
    decision as a whole; the case-level result is derived from the parts."""
    periods: Periods | None = None
    """For a regulation applied per period (per month within a year): the unit and the facts that
    take a value per period. A case that lists its periods gets a verdict and amount per period."""
    properties: list[Property] = Field(default_factory=list)
    """What the law implies for every case (monotone, no cliff, bounded, equivalent to another
    version), searched for a counterexample by ``regelruimte properties``."""
    discretion: list[Discretion] = Field(default_factory=list)
    controls: list[Control] = Field(default_factory=list)
    events: dict[Annotated[str, Field(pattern=ID_PATTERN, max_length=64)], EventType] = Field(default_factory=dict)
    """Event types the signals read, typed like facts."""
    signals: list[Signal] = Field(default_factory=list)
    """Patterns over a household's events that call for offering a right or acting."""
    tests: list[PolicyTest] = Field(default_factory=list)

    _path: str = PrivateAttr(default="")
    _sha256: str = PrivateAttr(default="")
    _compiled: object = PrivateAttr(default=None)
    """The compiled form the loader made (read it with :func:`regelruimte.compiler.compiled_policy`)."""
    _shared_sources: tuple[Source, ...] = PrivateAttr(default=())
    _shared_parameters: dict[str, Parameter] = PrivateAttr(default_factory=dict)
    _part_policies: tuple[Policy, ...] = PrivateAttr(default=())
    _part: Part | None = PrivateAttr(default=None)
    _period_policy: Policy | None = PrivateAttr(default=None)

    @property
    def period_policy(self) -> Policy | None:
        """For a regulation applied per period: the policy one period is assessed with (its
        ``periods.derived`` values and labels in place), made by the loader; otherwise None."""
        return self.__pydantic_private__["_period_policy"]  # type: ignore[index,no-any-return]  # read directly, as sha256

    @property
    def part_policies(self) -> tuple[Policy, ...]:
        """One policy per part of the decision, made by the loader: the part's rules (with the
        rules it shares) and outcome, the purposes it answers to and the provisions it may use,
        on the policy's facts. Each is assessed as a policy of its own. Empty without parts."""
        return self.__pydantic_private__["_part_policies"]  # type: ignore[index,no-any-return]  # read directly, as sha256

    @property
    def part(self) -> Part | None:
        """For a policy of one part (see ``part_policies``): that part; otherwise None."""
        return self.__pydantic_private__["_part"]  # type: ignore[index,no-any-return]  # read directly, as sha256

    @property
    def path(self) -> str:
        """The file the policy was loaded from."""
        return self._path

    @property
    def sha256(self) -> str:
        """SHA-256 of the policy file and every norm file it uses."""
        return self.__pydantic_private__["_sha256"]  # type: ignore[index,no-any-return]  # read directly: self._sha256 goes through pydantic's slow path

    @property
    def all_sources(self) -> dict[str, Source]:
        """Every source by id, including those of the norm files the policy uses."""
        return {s.id: s for s in (*self._shared_sources, *self.sources)}

    @property
    def all_parameters(self) -> dict[str, Parameter]:
        """Every parameter by name, including those of the norm files the policy uses."""
        return {**self._shared_parameters, **self.parameters}

    def test_facts(self, index: int) -> dict[str, Any]:
        """The facts of example test ``index``, with those of the test it is ``like`` underneath."""
        test = self.tests[index]
        if test.like is None:
            return dict(test.facts)
        base = next(i for i, t in enumerate(self.tests[:index]) if t.id == test.like)
        return {**self.test_facts(base), **test.facts}

    def applies_on(self, day: date) -> bool:
        """Whether this version is valid on ``day`` (valid_from inclusive, valid_until exclusive)."""
        return self.valid_from <= day and (self.valid_until is None or day < self.valid_until)

    def __repr__(self) -> str:
        return f"<Policy {self.id}@{self.version} rules={len(self.rules)} purposes={len(self.purposes)} controls={len(self.controls)}>"

    __str__ = __repr__

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy of the policy, without changes: change a policy with :func:`regelruimte.change_policy`.

        Raises:
            TypeError: with ``update``, because the copy would keep the compiled conditions of the
                original and be assessed and reviewed as the original.
        """
        if update:
            raise TypeError("a Policy is not changed with model_copy(update=...): the copy would keep the compiled conditions of the original. "
                            "Use regelruimte.change_policy(policy, **changes), which returns a new, checked and compiled policy")
        return super().model_copy(deep=deep)

class Norms(FileModel):
    """A norm file: parameters and sources shared by several policies (e.g. bijstandsnormen)."""

    kind: Literal["norms"]
    id: Id
    title: str
    sources: list[Source] = Field(default_factory=list)
    parameters: dict[Annotated[str, Field(pattern=ID_PATTERN)], Parameter] = Field(default_factory=dict)
