# SPDX-License-Identifier: EUPL-1.2
"""Declared properties of a regulation: what its law implies for every case, not only for the
example cases, so a search can look for a case that breaks it (:mod:`regelruimte.properties`).

Four kinds, each with a source or a reason in words, like every other element:

* ``monotone``: when ``fact`` goes up (other facts equal; a yes/no from no to yes, a date later),
  the amount never rises (``never_up``) or never falls (``never_down``);
* ``no_cliff``: a change of ``step`` in ``fact`` changes the amount by at most ``max_change``;
* ``bounded``: the letter's amount never exceeds the purpose's amount by more than the tolerance
  (``bound: at_most``), or never falls short of it by more (``at_least``);
* ``equivalent``: another version of the regulation (``other``, a file) gives the same verdict and
  amount, except in the cases ``except_when`` describes.

The amount is the letter's amount (zero when the letter does not grant; for an outcome without
an amount, one when it grants and zero when not) unless ``of`` names another, as an expression over facts, parameters and derived values. ``given`` limits the search to
the cases where a condition holds. Every expression is type-checked at load, like the rules.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal, Self

from pydantic import Field, model_validator

from .._messages import Text as Message
from .base import DecimalValue, Expression, FileModel, Id, MoneyValue, SaidError, Text

PropertyKind = Literal["monotone", "no_cliff", "bounded", "equivalent"]

_FIELDS: dict[str, tuple[set[str], set[str]]] = {
    # kind: (required, allowed besides the common fields)
    "monotone": ({"fact", "direction"}, {"fact", "direction", "of", "step"}),
    "no_cliff": ({"fact", "max_change"}, {"fact", "step", "max_change", "of"}),
    "bounded": ({"purpose"}, {"purpose", "tolerance", "bound"}),
    "equivalent": ({"other"}, {"other", "except_when", "tolerance"}),
}
_COMMON = {"id", "kind", "text", "source", "reason", "given"}


class Property(FileModel):
    """A property the regulation's law implies for every case, searched for a counterexample."""

    id: Id
    kind: PropertyKind
    """monotone, no_cliff, bounded or equivalent (see the module's description)."""
    text: Text
    """What the property says, in plain words (e.g. 'Meer inkomen geeft nooit meer kwijtschelding')."""
    source: Id | None = None
    """The source that implies it; give a ``reason`` when no single article does."""
    reason: Text | None = None
    """Why the regulation should have this property, in words (with or without a source)."""
    given: Expression | None = None
    """Only cases where this condition holds are searched (e.g. 'huishouden == "alleenstaande"')."""
    fact: Id | None = None
    """monotone, no_cliff: the fact that changes (a whole number, an amount or a number; for
    monotone also a yes/no, from no to yes, or a date)."""
    direction: Literal["never_up", "never_down"] | None = None
    """monotone: what the amount does when the fact goes up: it never rises, or it never falls."""
    of: Expression | None = None
    """monotone, no_cliff: the amount it is about (default: the letter's amount, zero when the letter
    does not grant)."""
    step: DecimalValue = Decimal(1)
    """no_cliff, monotone: the change in the fact (default 1: one euro, one for a whole number, one day)."""
    max_change: MoneyValue | None = None
    """no_cliff: the largest change in the amount that one step may cause."""
    purpose: Id | None = None
    """bounded: the purpose whose amount bounds the letter's."""
    tolerance: MoneyValue | None = None
    """bounded: the difference allowed (default: the purpose's tolerance); equivalent: between the
    versions' amounts (default 0)."""
    bound: Literal["at_most", "at_least"] = "at_most"
    """bounded: the letter's amount is at most (or at least) the purpose's, within the tolerance."""
    other: str | None = Field(default=None, min_length=1)
    """equivalent: the other version's file, relative to this file."""
    except_when: Expression | None = None
    """equivalent: the cases where the versions may differ (the change that was meant)."""

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Self:
        required, allowed = _FIELDS[self.kind]
        given = {name for name in self.model_fields_set if getattr(self, name) is not None}
        missing = sorted(required - given)
        if missing:
            raise SaidError(Message("load-property-needs", kind=self.kind, names=", ".join(missing)))
        extra = sorted(given - allowed - _COMMON)
        if extra:
            raise SaidError(Message("load-property-has-no", kind=self.kind, names=", ".join(extra)))
        if self.source is None and self.reason is None:
            raise SaidError(Message("load-property-source"))
        if self.step <= 0:
            raise SaidError(Message("load-property-step-positive"))
        return self
