# SPDX-License-Identifier: EUPL-1.2
"""The letter and its purpose: purposes, rules, the outcome, the room to deviate (discretion)
and the controls a citizen must undergo."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from .base import ID_PATTERN, Dated, DecimalValue, Expression, FileModel, Id, MoneyValue, Text


class Purpose(Dated):
    """Why the regulation exists, stated in its own sources, with a test of when it is served."""

    id: Id
    title: Text
    description: Text
    """The purpose in plain Dutch, as the source states it (quoted or cited, never invented)."""
    source: Id
    test: Expression | None = None
    """A condition over the facts saying when this purpose is served for the case."""
    amount: Expression | None = None
    """The amount the purpose calls for (e.g. recovery limited to what was materially paid too much)."""
    tolerance: MoneyValue | None = None
    """Amounts of letter and purpose that differ by no more than this are aligned."""


class NoRoom(FileModel):
    """A rule of formal law that leaves no room to deviate: the signal goes to the legislator."""

    reason: Text
    source: Id


class Rule(Dated):
    """One condition of the letter, with its text, source and the purposes it serves."""

    id: Id
    text: Text
    """The rule in plain Dutch, as a citizen would read it."""
    condition: Expression
    source: Id
    serves: list[Id] = Field(default_factory=list)
    no_room: NoRoom | None = None


class Severity(FileModel):
    """A circumstance that makes an adverse outcome weigh heavier for the citizen."""

    id: Id
    text: Text
    condition: Expression
    source: Id | None = None


class Outcome(FileModel):
    """What the letter decides when every rule passes."""

    granted: Text
    """What 'granted' means here, e.g. 'kwijtschelding' or 'terugvordering'."""
    denied: Text
    adverse: bool = False
    """True for outcomes that burden the citizen (recovery, revocation, sanction)."""
    amount: Expression | None = None
    amount_description: Text | None = None
    rounding: Literal["half_up", "down", "up"] = "half_up"
    """How the amount is rounded to whole cents."""
    source: Id | None = None
    severity: list[Severity] = Field(default_factory=list)
    """For adverse outcomes: circumstances that raise the intensity of the proportionality test
    (ABRvS 2 February 2022, ECLI:NL:RVS:2022:285: a sliding scale)."""


class Discretion(Dated):
    """A provision that allows deviating from the letter: its legal basis, scope and who decides."""

    id: Id
    title: Text
    kind: Literal["beleidsregel_afwijking", "hardheidsclausule", "open_norm", "evenredigheid", "bevoegdheid"]
    source: Id
    sets_aside: list[Id] = Field(default_factory=list)
    """The rules this provision may set aside; empty means the amount or outcome as a whole."""
    direction: Literal["citizen_favour", "both"] = "citizen_favour"
    when: Text
    """The circumstances under which the provision may be used."""
    condition: Expression | None = None
    """Optional: a condition over the facts for when the provision applies."""
    decided_by: Literal["consulent", "teamleider", "college", "uitvoeringsorganisatie", "minister"]
    """Who decides: escalation inside a municipality (consulent, teamleider, college), or for a
    national scheme the implementing organisation (e.g. Dienst Toeslagen) or the minister."""


class Burden(FileModel):
    """What a control costs a citizen (standard cost model: minutes x frequency x population)."""

    minutes: int = Field(ge=0, le=10000)
    per_year: DecimalValue = Field(default=Decimal(1))
    out_of_pocket: MoneyValue | None = None


class Control(Dated):
    """Something a citizen must provide or undergo: a document, a visit, a re-application."""

    id: Id
    title: Text
    kind: Literal["document", "declaration", "visit", "interview", "reapplication", "check", "consent"]
    verifies: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(default_factory=list)
    serves: list[Id] = Field(default_factory=list)
    explanation: Text | None = None
    """The citizen-facing why, in B1 Dutch."""
    source: Id | None = None
    burden: Burden | None = None
    covers_months: int | None = Field(default=None, ge=1, le=120)
    """How many months of data the control demands (e.g. three months of bank statements)."""
    justification: str | None = None
    """A written justification that keeps the review from flagging this control."""
    plausible_deviation: DecimalValue = Field(default=Decimal("0.20"))
    """How far a declared number may plausibly be off (a fraction); a control whose facts cannot
    change the outcome within this margin is not needed for the case."""


