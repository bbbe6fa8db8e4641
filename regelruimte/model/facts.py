# SPDX-License-Identifier: EUPL-1.2
"""Facts, parameters and derived values: what a case holds, what the regulation fixes per date,
and what is computed from both."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal, Union

from pydantic import Field

from .base import ID_PATTERN, DecimalValue, Expression, FileModel, Id, Text

FactType = Literal["bool", "int", "money", "decimal", "date", "enum", "text"]
Register = Literal[
    "BRP", "BRI", "Suwinet", "Inlichtingenbureau", "Belastingdienst", "Toeslagen", "UWV", "SVB",
    "RDW", "DUO", "Kadaster", "eigen_administratie", "CAK", "KSZ", "OCMW", "ziekenfonds",
    "Rijksregister", "FOD_Financien",
]


class Fact(FileModel):
    """One fact of a case: typed, explained, with the question to ask and who already holds it."""

    type: FactType
    description: Text
    question: Text | None = None
    """The question to put to a citizen when the fact is missing (B1 Dutch)."""
    values: list[Annotated[str, Field(pattern=ID_PATTERN)]] | None = None
    """The possible values of an 'enum' fact."""
    held_by: list[Register] = Field(default_factory=list)
    """Registers that already hold this fact (the once-only principle)."""
    period: Literal["month", "year"] | None = None
    """For amounts: the period the amount covers."""
    changes: Literal["never", "rarely", "yearly", "monthly"] | None = None
    """How often the fact can change; a control that recurs more often asks too much."""
    minimum: DecimalValue | None = None
    maximum: DecimalValue | None = None
    loggable: bool = False
    """Whether the decision log may keep this fact's value. Default no: the log keeps the outcome
    and its reasons under a keyed pseudonym, never a case value. Say yes only for a fact the
    reasons of a decision cannot do without (Awb 3:46), such as the period a grant covers."""


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


