# SPDX-License-Identifier: EUPL-1.2
"""Facts, parameters and derived values: what a case holds, what the regulation fixes per date,
and what is computed from both."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import BeforeValidator, Field

from .base import ID_PATTERN, DecimalValue, Expression, FileModel, Id, Text

FactType = Literal["bool", "int", "money", "decimal", "date", "enum", "text"]
Freshness = Literal["current", "last_month", "past_months", "previous_year", "two_years_ago"]
"""The moment data describe, from the most recent: today; the month that just closed; months that
closed some weeks ago or more (monthly data that arrive with a delay, such as the UWV
polisadministratie); the last closed tax year (a balance on 31 December, an income of that year);
two years back (the CAK's peiljaar t-2)."""
FRESHNESS: tuple[Freshness, ...] = ("current", "last_month", "past_months", "previous_year", "two_years_ago")
Register = Literal[
    "BRP", "BRI", "Suwinet", "Inlichtingenbureau", "Belastingdienst", "Toeslagen", "UWV", "SVB",
    "RDW", "DUO", "Kadaster", "eigen_administratie", "CAK", "KSZ", "OCMW", "ziekenfonds",
    "Rijksregister", "FOD_Financien",
]


class HeldBy(FileModel):
    """A register that holds a fact: what exactly it holds, and for which moment.

    Once-only counts a register only when it holds the fact itself for the moment the decision
    needs (``Fact.needed_as_of``): the Belastingdienst holds bank balances of 31 December of the
    last closed tax year, so a decision that needs today's balance must still ask for it; the BRP
    holds where someone is registered, not where someone actually lives (``complete: false``).
    """

    register_: Register = Field(alias="register")
    """The register (named ``register`` in the file)."""
    holds: Text | None = None
    """What the register holds, in a few words (e.g. 'saldi van bekende rekeningen op 31 december')."""
    as_of: Freshness = "current"
    """The moment its data describe, seen from the day of the decision."""
    complete: bool = True
    """False when the register holds something related but not the fact itself (a registration, not
    where someone lives; a value indication without mileage), or holds it only for some applicants
    (the municipality's own bijstand): it does not count as held."""


def _held_by(value: object) -> object:
    return {"register": value} if isinstance(value, str) else value


# A register is written as its bare name (it holds the fact as of today) or as what it holds and
# as of when; it is always read as HeldBy.
HeldByEntry = Annotated[HeldBy, BeforeValidator(_held_by, json_schema_input_type=Union[Register, HeldBy])]


class Fact(FileModel):
    """One fact of a case: typed, explained, with the question to ask and who already holds it."""

    type: FactType
    description: Text
    question: Text | None = None
    """The question to put to a citizen when the fact is missing (B1 Dutch)."""
    reading: Text | None = None
    """For a fact the purpose reads and the letter does not: how they read it differently, as the
    citizen reads it ('Een deel van uw spaargeld is smartengeld: de regel telt het mee, het doel
    niet.'). Named in the citizen text and the trace when the fact is where letter and purpose part."""
    values: list[Annotated[str, Field(pattern=ID_PATTERN)]] | None = None
    """The possible values of an 'enum' fact."""
    held_by: list[HeldByEntry] = Field(default_factory=list)
    """Registers that already hold this fact (the once-only principle): a register's name (it holds
    the fact as of today), or what it holds and as of when."""
    needed_as_of: Freshness = "current"
    """The moment the decision needs this fact for: today (a bank balance on the day of the
    request), the month that just closed (income to set off against this month's benefit), past
    months (a reference period), the last closed tax year, or two years back."""
    reference_months: int | None = Field(default=None, ge=1, le=120)
    """How many months of data the rules look at for this fact (1 for a balance or this month's
    income, 3 for the months before a bijstand application, 36 for the reference period of the
    individuele inkomenstoeslag). Without it, 1 for a monthly amount and 12 for a yearly one."""
    period: Literal["month", "year"] | None = None
    """For amounts: the period the amount covers."""
    changes: Literal["never", "rarely", "yearly", "monthly"] | None = None
    """How often the fact can change; a control that recurs more often asks too much."""
    minimum: DecimalValue | None = None
    maximum: DecimalValue | None = None
    direction: Literal["increases", "decreases"] | None = None
    """How a higher value moves what the citizen gets, all other facts equal: ``increases`` (never
    less: more children, higher costs) or ``decreases`` (never more: more income, more savings). It
    covers the letter (granted over denied, then the amount) and every purpose (served over not
    served, then its amount); for yes/no, yes is the higher value. The assessment uses it to decide
    a case whatever this fact is, from its most and least favourable values (docs/concepts.md)."""
    loggable: bool = False
    """Whether the decision log may keep this fact's value. Default no: the log keeps the outcome
    and its reasons under a keyed pseudonym, never a case value. Say yes only for a fact the
    reasons of a decision cannot do without (Awb 3:46), such as the period a grant covers."""

    @property
    def holdings(self) -> list[HeldBy]:
        """Every register that holds this fact, a bare name read as 'holds it as of today'."""
        return list(self.held_by)

    def registers(self) -> list[str]:
        """The names of the registers that hold something of this fact, in the order given."""
        return list(dict.fromkeys(h.register_ for h in self.holdings))

    def holdings_for_decision(self) -> list[HeldBy]:
        """The registers that hold this fact itself for the moment the decision needs it: a
        register's data cover the need when they are at least as recent (once-only with freshness)."""
        need = FRESHNESS.index(self.needed_as_of)
        return [h for h in self.holdings if h.complete and FRESHNESS.index(h.as_of) <= need]

    def held_for_decision(self) -> list[str]:
        """The names of the registers of :meth:`holdings_for_decision`."""
        return list(dict.fromkeys(h.register_ for h in self.holdings_for_decision()))


class ParameterValue(FileModel):
    """The value of a parameter from a date on (until the next value)."""

    from_: date = Field(alias="from")
    value: Union[bool, int, Decimal, str, dict[str, Union[bool, int, Decimal, str]]]
    source: Id | None = None
    """Overrides the parameter's source for this value (e.g. the half-yearly indexation)."""
    verified: Literal["text", "secondary", "no"] | None = None


class Parameter(FileModel):
    """A named amount or limit, valued by date (norms change on 1 January and 1 July)."""

    type: Literal["money", "decimal", "int", "bool"]
    description: Text
    source: Id
    keys: list[Annotated[str, Field(pattern=ID_PATTERN)]] | None = None
    """When the value differs per key (e.g. per household type): the keys."""
    values: list[ParameterValue] = Field(min_length=1)


class Derived(FileModel):
    """A named value computed from facts, parameters and other derived values."""

    type: Literal["money", "decimal", "int", "bool", "date"]
    description: Text
    expr: Expression
    source: Id | None = None
    direction: Literal["increases", "decreases"] | None = None
    """How a higher value moves what the citizen gets, the facts it is computed from otherwise equal
    (see ``Fact.direction``), e.g. ``decreases`` for a capacity to pay."""


