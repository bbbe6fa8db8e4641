# SPDX-License-Identifier: EUPL-1.2
"""Events and signals: the event types a register produces, and the patterns over a household's
events in time that call for offering a right or acting."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BeforeValidator, Field

from .base import ID_PATTERN, Dated, Expression, FileModel, Id, Text, nonblank
from .facts import Register

EventFieldType = Literal["bool", "int", "money", "date", "enum", "text"]
RESERVED_EVENT_FIELDS = frozenset({"date", "type", "household"})


class EventField(FileModel):
    """One field of an event type, typed like a fact (there is no 'decimal': the signals engine
    computes in doubles, so numbers are whole numbers and amounts are whole cents)."""

    type: EventFieldType
    description: Text
    values: list[Annotated[str, Field(pattern=ID_PATTERN)]] | None = None
    """The possible values of an 'enum' field."""


class EventType(FileModel):
    """A kind of event about a household that a register or the authority's own records produce.

    Every event has a household, a ``date`` and a ``type``; ``fields`` are what else it carries.
    Every declared field is required in every event of this type.
    """

    description: Text
    produced_by: list[Register] = Field(min_length=1)
    """Where the event comes from: the register or the authority's own records."""
    fields: dict[Annotated[str, Field(pattern=ID_PATTERN, max_length=60)], EventField] = Field(default_factory=dict, max_length=100)


def _expression_text(value: Any) -> Any:
    """Facts for a signal's assessment may be written as YAML booleans or whole numbers; anything
    else but text is left as it is, for the strict check to refuse."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return value


FactExpression = Annotated[str, BeforeValidator(_expression_text, json_schema_input_type=Union[bool, int, Expression]), Field(min_length=1, max_length=2000), AfterValidator(nonblank)]
"""An expression; a YAML yes/no or whole number is taken as its literal (``true``, ``12``)."""
EventTypes = Union[Id, Annotated[list[Id], Field(min_length=1, max_length=20)]]


class PatternElement(FileModel):
    """One element of a signal's pattern: an event that must be there (``event``), or an event
    that must not be there (``none``), each with a name (``as``) and a condition."""

    event: EventTypes | None = None
    """The event type (or one of several types) that must be present."""
    none: EventTypes | None = None
    """The event type (or one of several types) that must be absent."""
    as_: Id = Field(alias="as")
    """The name the condition uses for this event: ``melding.date``."""
    condition: Expression | None = None
    """A condition over this event, the events named before it and ``peildatum``."""

    @property
    def negated(self) -> bool:
        return self.none is not None

    @property
    def types(self) -> list[str]:
        chosen = self.none if self.none is not None else self.event
        if chosen is None:
            return []
        return [chosen] if isinstance(chosen, str) else list(chosen)


class SignalAction(FileModel):
    """What follows when a signal's pattern matches."""

    action: Literal["offer", "grant", "reassess", "flag_deadline", "flag_own_error"]
    """offer: invite the household to apply (with the assessment so far); grant: grant without
    an application when the assessment grants; reassess: assess again; flag_deadline: a legal
    deadline passed; flag_own_error: the authority's own error or delay, to weigh in its decisions."""
    policy: Id | None = None
    """For offer, grant and reassess: the policy to assess (default: this policy)."""
    facts: dict[Annotated[str, Field(pattern=ID_PATTERN)], FactExpression] = Field(default_factory=dict)
    """For offer, grant and reassess: facts for the assessment, as expressions over the matched
    events (``aanslag.bedrag``), ``peildatum`` and literals."""
    text: Text
    """What the authority does now, in plain Dutch."""


class Signal(Dated):
    """A pattern over a household's events in time that calls for action: offer or grant a right,
    assess again, or flag a missed deadline or the authority's own error."""

    id: Id
    title: Text
    description: Text | None = None
    source: Id
    serves: list[Id] = Field(min_length=1)
    """The purposes the signal serves."""
    pattern: list[PatternElement] = Field(min_length=1, max_length=12)
    then: SignalAction


