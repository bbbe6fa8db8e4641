# SPDX-License-Identifier: EUPL-1.2
"""Decision parts and periods: one decision made of parts that are each decided on their own (revocation,
recovery amount, fine; several cost items of one request).

A part has its own rules and its own outcome, and answers to some of the policy's purposes and
may use some of its discretion provisions. Facts, parameters, derived values and sources are the
policy's and shared by every part. The policy's own ``rules`` decide every part (they are the
conditions the parts share) unless a part names the ones it shares in ``shared_rules``.

A regulation applied per period declares ``periods``: the unit and the facts that take a value per
period; a case then lists its periods (``Case.periods``).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import ID_PATTERN, Expression, FileModel, Id, Text
from .rules import Outcome, Rule


class Part(FileModel):
    """One part of the decision, assessed with its own letter, intent, tension, room and
    proportionality (issue 14 point 5)."""

    id: Id
    title: Text
    """The part as the citizen reads it, e.g. 'Boete' or 'Kosten van de wasmachine'."""
    rules: list[Rule] = Field(default_factory=list)
    """The rules of this part only, on top of the rules it shares. Rule ids are unique over the
    whole policy, its parts included."""
    shared_rules: list[Id] | None = None
    """The ids of the policy's own rules that also decide this part; unset: all of them, []: none."""
    purposes: list[Id] | None = None
    """The ids of the policy's purposes this part answers to (its intent and tension); unset: all."""
    discretion: list[Id] | None = None
    """The ids of the policy's discretion provisions this part may use; unset: every provision
    that reaches its rules."""
    outcome: Outcome
    """What the letter decides for this part when its rules pass (with its own amount, adverse
    kind, severity and weighing for the proportionality test)."""


class Periods(FileModel):
    """A regulation applied per period (per month within a year): the case lists its periods, each
    with the facts that take a value per period, and each period gets its own verdict and amount."""

    unit: Literal["day", "week", "month", "year"]
    """What one period usually is (a case may still give a period of any length, e.g. from the day
    a fact was proven)."""
    facts: list[Annotated[str, Field(pattern=ID_PATTERN)]] = Field(default_factory=list)
    """The facts that take a value per period; the case's other facts hold for every period."""
    start: Annotated[str, Field(pattern=ID_PATTERN)] | None = None
    """A date fact that takes each period's first day (e.g. the start of the period requested)."""
    end: Annotated[str, Field(pattern=ID_PATTERN)] | None = None
    """A date fact that takes each period's last day."""
    derived: dict[Annotated[str, Field(pattern=ID_PATTERN)], Expression] = Field(default_factory=dict)
    """Derived values that read one period instead of the whole case, by name, with the expression
    they have for one period (e.g. the number of months requested is 1 for one month)."""
    granted: Text | None = None
    """What 'granted' means for one period (default: the outcome's), e.g. 'kinderopvangtoeslag'."""
    denied: Text | None = None
    """What 'denied' means for one period (default: the outcome's)."""
    description: Text | None = None
