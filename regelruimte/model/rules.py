# SPDX-License-Identifier: EUPL-1.2
"""The letter and its purpose: purposes, rules, the outcome, the room to deviate (discretion)
and the controls a citizen must undergo."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field

from .base import ID_PATTERN, Dated, DecimalValue, Expression, FileModel, Id, MoneyValue, Text


class PurposeNoRoom(FileModel):
    """A part of a purpose the law leaves no room for: the purpose reads these facts differently
    from the letter, but the rule maker chose the letter's reading on purpose (e.g. a deduction the
    national calculation excludes), so no provision may bridge it."""

    facts: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(min_length=1)
    """The facts whose different reading has no room."""
    reason: Text
    source: Id


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
    no_room: list[PurposeNoRoom] = Field(default_factory=list)
    """Parts of this purpose the law leaves no room for: where the divergence comes from these
    facts, the letter applies and the case is a signal, never advice to deviate."""


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


WeighingFactor = Literal["cause_citizen", "cause_authority", "authority_error_or_delay", "acute_hardship", "third_parties",
                         "amount_against_means", "duration", "other"]


class Weighing(FileModel):
    """A fact that weighs in the proportionality of an adverse outcome, and how it weighs (the
    evenwichtigheid step of ABRvS 2 February 2022, ECLI:NL:RVS:2022:285; for recovery the cause and
    the consequences, CRvB 18 April 2024, ECLI:NL:CRVB:2024:726)."""

    id: Id
    factor: WeighingFactor
    """What kind of circumstance: the cause lies with the citizen or with the authority, the
    authority's own error or delay, acute hardship, third parties hit (children), the amount
    against the person's means, how long the debt built up, or another."""
    text: Text
    """The circumstance as the citizen reads it when it holds (B1), e.g. 'U meldde de verandering op tijd.'"""
    condition: Expression
    """When the circumstance holds for the case (unknown while its facts are missing)."""
    weighs: Literal["against", "for"]
    """'against': when it holds it weighs against the outcome (towards disproportionate); 'for':
    when it holds it supports the outcome (towards proportionate)."""
    decisive: bool = False
    """'against' and decisive: when it holds the outcome is disproportionate without further
    weighing. 'for' and decisive: when it holds it outweighs the 'against' circumstances that are
    not decisive. Without decisive circumstances a person weighs."""
    source: Id


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
    kind: Literal["recovery", "revocation", "fine", "refusal"] | None = None
    """For adverse outcomes: what kind of burden the outcome is."""
    weighing: list[Weighing] = Field(default_factory=list)
    """For adverse outcomes: the facts that weigh in the proportionality test and how they weigh;
    with them the test can conclude proportionate, disproportionate, or to weigh on open facts."""


class Discretion(Dated):
    """A provision that allows deviating from the letter: its legal basis, scope and who decides."""

    id: Id
    title: Text
    kind: Literal["beleidsregel_afwijking", "hardheidsclausule", "open_norm", "evenredigheid", "bevoegdheid"]
    """What gives the room, which decides which rules it can reach: 'beleidsregel_afwijking' (Awb
    4:84) only a beleidsregel; 'evenredigheid' (Awb 3:4, the general principles, exceptive review)
    every rule below formal law; a 'hardheidsclausule', 'open_norm' or 'bevoegdheid' the rules of
    its own source's level and below (see regelruimte.model.levels). ``check`` refuses the rest."""
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


Channel = Literal["digital", "paper", "counter", "phone", "visit"]
OnMissing = Literal["refusal", "not_processed", "full_recovery", "suspension", "no_start", "ask_again", "decide_on_available", "no_consequence"]
HARD_ON_MISSING: frozenset[str] = frozenset({"refusal", "not_processed", "full_recovery", "suspension", "no_start"})
"""Outcomes of a missing item that end or take away the right: without a route to escalate, the
letter of the control decides against the purpose (C10)."""


class Burden(FileModel):
    """What a control costs a citizen (standard cost model: minutes x frequency x population) and
    what it takes to do it (doenvermogen, WRR 2017)."""

    minutes: int = Field(ge=0, le=10000)
    per_year: DecimalValue = Field(default=Decimal(1))
    out_of_pocket: MoneyValue | None = None
    """What the citizen pays for it each time (a doctor's statement, copies, travel)."""
    channels: list[Channel] = Field(default_factory=list)
    """How the citizen can do it: online ('digital'), by post ('paper'), at the counter, by phone, or
    a visit at home. Only 'digital' means digital only."""
    deadline_days: int | None = Field(default=None, ge=0, le=3650)
    """Days the citizen has to deliver."""
    documents: int | None = Field(default=None, ge=0, le=1000)
    """How many documents the citizen must supply."""
    third_party_documents: int | None = Field(default=None, ge=0, le=1000)
    """How many of them a third party must supply (an employer, a doctor, an ex-partner, a creditor)."""
    offer_to_fetch: bool = False
    """The municipality offers to obtain the third-party documents itself (with consent)."""


class Stake(FileModel):
    """The typical amount a decision is about, with its period, so a burden is compared like with
    like (a monthly benefit against a monthly burden)."""

    amount: MoneyValue
    period: Literal["month", "year", "once"]
    description: Text | None = None


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
    request: Text | None = None
    """What exactly is asked, as the citizen reads it: a named item ('het afschrift van uw
    spaarrekening over maart'), not a generic one ('de ontbrekende gegevens')."""
    also_collects: list[Text] = Field(default_factory=list)
    """What the request makes visible that no rule needs (the counterparty of every expense, the
    accounts of children): the review asks to leave it out or let the citizen black it out."""
    applies_to: Expression = "everyone"
    """Who undergoes it: 'everyone', or a condition over the facts (the risk signal) under which it
    is asked; in ``assess`` the control is needed only when the condition holds."""
    needed_without_signal: bool | None = None
    """True when the decision needs this control for an applicant about whom nothing is in doubt
    (income at a bijstand application); False when the purpose needs it only on a risk signal, so
    the declaration or register data can be trusted until then (trust by default)."""
    repeats: bool | None = None
    """True for a re-proof that recurs while the right runs (a yearly application, a monthly form);
    False for a step of the application. Unset: a reapplication, or more than once a year, repeats."""
    announced: bool | None = None
    """For a visit: whether it is announced beforehand."""
    on_missing: OnMissing | None = None
    """What happens when the citizen does not deliver: refusal, not processed, full recovery,
    suspension, no start; or ask again, decide on what is there, no consequence."""
    escalation: Text | None = None
    """The route when the control fails or works against its purpose: other proof accepted, the
    worker fetches it, more time, or who may set it aside. A phone number alone is no route."""
    stake: Stake | None = None
    """The amount this control protects, when it differs from the policy's (e.g. a home visit that
    decides between two norms protects their difference)."""

    @property
    def recurring(self) -> bool:
        """Whether it is a re-proof that recurs while the right runs (see ``repeats``)."""
        if self.repeats is not None:
            return self.repeats
        return self.kind == "reapplication" or (self.burden is not None and self.burden.per_year > 1)

    @property
    def asks_nothing(self) -> bool:
        """Whether the citizen has nothing to do or supply for it (a register check, the CAK sending
        its own bill): no minutes, no documents, no cost."""
        b = self.burden
        return b is not None and b.minutes == 0 and not b.documents and not b.out_of_pocket

    @property
    def for_everyone(self) -> bool:
        """Whether every applicant undergoes it (``applies_to: everyone``)."""
        return self.applies_to.strip() == "everyone"


