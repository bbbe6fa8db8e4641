# SPDX-License-Identifier: EUPL-1.2
"""Cases: the facts of one citizen or household on a reference date, validated per policy.

A policy's facts become a pydantic model (built once per policy). Wrong types and unknown fact
names are errors that name the fact and what was expected; the value itself is never repeated
in an error, because case values are personal data. Missing facts are allowed: they make the
assessment undetermined, with the questions to ask.

Money is accepted as ``Decimal``, ``int``, a string such as ``"1234.56"``, or a ``float`` whose
shortest representation has at most two decimals (``1234.5`` becomes ``Decimal("1234.5")``
through ``repr``, so what was typed is what is used). Other floats are refused.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Collection, Mapping
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model, model_validator

from .._exact import exact_date
from .._messages import Text
from ..errors import CaseError, FactProblem
from .base import unvalidated
from .fact_values import annotation, check_of, encodable
from .facts import Fact

EXPECTED = {
    "bool": "true or false",
    "int": "a whole number",
    "money": "an amount in euros with at most two decimals, e.g. 1234.56",
    "decimal": "a number, e.g. 0.5",
    "date": "a date as YYYY-MM-DD",
    "text": "text",
}


def _unicode_id(value: Any) -> Any:
    """A case id is text that can be written as UTF-8 (a lone surrogate from a JSON escape cannot,
    and would break the keyed pseudonym)."""
    if isinstance(value, str) and not encodable(value):
        raise ValueError("not valid Unicode text")
    return value



class FactSource(BaseModel):
    """Where one fact of a case came from: a register or a document, its date, and who supplied it.

    An automatic decision names the data it rests on with this (never with the value, unless
    values are asked for).

    Example:
        >>> FactSource(source="register", register="BRP/Suwinet", as_of="2026-02-01", supplied_by="official").model_dump()["register"]
        'BRP/Suwinet'
    """

    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True, validate_by_name=True, validate_by_alias=True, serialize_by_alias=True)

    source: Literal["register", "document", "statement"]
    """A government register, a document (payslip, bank statement), or the citizen's own statement."""
    register_: Annotated[str, Field(min_length=1, max_length=80)] | None = Field(default=None, alias="register")
    """The register it was read from (``BRP``, ``Suwinet``, ``BRP/Suwinet``); only for ``register``."""
    document: Annotated[str, Field(min_length=1, max_length=80)] | None = None
    """What the document is (``loonstrook``, ``bankafschrift``); only for ``document``."""
    as_of: Annotated[date, BeforeValidator(exact_date, json_schema_input_type=date)] | None = None
    """The date the data describes (the register's state, the document's date)."""
    supplied_by: Literal["citizen", "official"]
    """Who put it into the case: the citizen, or an official (or a system on an official's behalf)."""

    @model_validator(mode="after")
    def _named_where_it_came_from(self) -> FactSource:
        if self.register_ is not None and self.source != "register":
            raise ValueError("a register name goes with source 'register'")
        if self.document is not None and self.source != "document":
            raise ValueError("a document name goes with source 'document'")
        return self


class CasePeriod(BaseModel):
    """One period of a case, for a regulation applied per period: its first and last day (both
    included) and the facts that take a value per period (the policy's ``periods.facts``)."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True, frozen=True)

    start: Annotated[date, BeforeValidator(exact_date, json_schema_input_type=date)]
    end: Annotated[date, BeforeValidator(exact_date, json_schema_input_type=date)]
    """The last day of the period (included)."""
    facts: dict[str, Any] = Field(default_factory=dict, repr=False)


class Case(BaseModel):
    """One case: the reference date (peildatum), the facts, and an optional case id."""

    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    date: Annotated[date, BeforeValidator(exact_date, json_schema_input_type=date)]
    """The reference date: YYYY-MM-DD or a ``datetime.date`` (never a timestamp or a date-time)."""
    facts: dict[str, Any] = Field(default_factory=dict, repr=False)
    id: Annotated[str | None, BeforeValidator(_unicode_id)] = Field(default=None, repr=False)
    """The municipality's own case id; reports only ever show a keyed pseudonym of it."""
    provenance: dict[str, FactSource] = Field(default_factory=dict, repr=False)
    """Per fact, where it came from (:class:`FactSource`); the facts must be the policy's."""
    periods: list[CasePeriod] = Field(default_factory=list, repr=False)
    """For a regulation applied per period: the periods, in order and not overlapping, each with
    the facts that take a value per period. Empty: the case is assessed as one whole."""

    def __repr__(self) -> str:
        return f"<Case date={self.date.isoformat()} facts={len(self.facts)}>"

    __str__ = __repr__


UNKNOWN_FACTS = "(unknown facts)"
PROVENANCE_EXPECTED = ("per fact: source (register, document or statement), register or document (a name), as_of (YYYY-MM-DD), "
                       "supplied_by (citizen or official)")
UNKNOWN_FIELD = "(unknown case field)"
PERIODS_EXPECTED = "a list of periods, each with start and end (YYYY-MM-DD) and the facts of that period"


VALUE_PROBLEMS = {
    "not valid Unicode text": "value-not-unicode", "a register name goes with source 'register'": "value-register-name",
    "a document name goes with source 'document'": "value-document-name", "a yes/no value is not a number": "value-yes-no-number",
    "the number is too large": "value-too-large", "the number is not finite": "value-not-finite", "not a number": "value-not-number",
    "not written as expected": "value-not-written-as-expected", "not a whole number": "value-not-whole", "not true or false": "value-not-bool",
    "not text": "value-not-text", "the text is longer than 10,000 characters": "value-text-too-long",
    "not one of the possible values": "value-not-possible", "a moment in time, not a date (give YYYY-MM-DD)": "value-moment-not-date",
    "not a real date": "value-not-real-date", "not a date as YYYY-MM-DD": "value-not-date",
}
"""What a validator says of a wrong value (in English, as pydantic passes it on), by its code in
the catalogue; a reason not listed here is shown as it is."""


def value_problem(reason: str) -> Text | str:
    """A validator's reason as a text of the catalogue, when it is one."""
    code = VALUE_PROBLEMS.get(reason)
    return Text(code) if code else reason


WHOSE = {"this policy": "facts-of-policy", "any of the regulations": "facts-of-any-regulation", "any of the regulations applied per period": "facts-of-any-period-regulation", "the provenance": "facts-of-provenance"}


def unknown_facts(names: Collection[str], known: Collection[str], whose: str | Text) -> FactProblem:
    """One problem for every unknown fact name, which it counts but never repeats: a caller who
    keys facts by BSN or name must not get it back in an error, a log or a problem response. A
    close known name is suggested (a typo of ``netto_inkomen``), which says nothing of the key."""
    sample = [n for n in list(names)[:100] if len(n) <= 64]  # a suggestion is for a typo, not for a flood
    close = sorted({m for n in sample for m in difflib.get_close_matches(n, list(known), n=1, cutoff=0.8)})
    text = Text("unknown-facts-hint", n=len(names), names=", ".join(repr(c) for c in close[:5])) if close else Text("unknown-facts", n=len(names))
    return FactProblem.of(UNKNOWN_FACTS, whose if isinstance(whose, Text) else Text(WHOSE[whose]), text, count=len(names))


def as_case(case: Case | Mapping[str, Any]) -> Case:
    """Accept a :class:`Case` or a mapping ``{"date": ..., "facts": {...}, "id": ...}``."""
    if type(case) is dict:  # the usual shape, a JSON object: read without pydantic when it is plain
        plain = _plain_case(case)
        if plain is not None:
            return plain
    elif isinstance(case, Case):
        return case
    if not isinstance(case, Mapping):
        raise CaseError([FactProblem.of("(case)", Text("expect-case-mapping"), Text("case-not-mapping"))])
    data = {k: v for k, v in case.items() if k in Case.model_fields}
    extra = len(case) - len(data)  # made-up fields are counted here, not validated one by one
    problems = [FactProblem.of(UNKNOWN_FIELD, Text("expect-case-field"), Text("unknown-case-fields", n=extra), count=extra)] if extra else []
    try:
        built = Case.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors(include_input=False):
            where = ".".join(str(p) for p in err["loc"]) or "(case)"
            if where.startswith("provenance"):  # never the fact name (a caller may key by BSN) nor the value
                where = "provenance"
            elif where.startswith("periods"):
                where = "periods"
            elif where not in ("date", "facts", "id"):  # a field the caller made up: not repeated (it may be a BSN)
                where = UNKNOWN_FIELD if err["type"] == "extra_forbidden" else "(case)"
            expected = {"date": "expect-date", "facts": "expect-facts-mapping", "id": "expect-text",
                        "provenance": "expect-provenance", "periods": "expect-periods"}.get(where, "expect-case-field")
            said = "field-missing" if err["type"] == "missing" else "field-unknown" if err["type"] == "extra_forbidden" else "field-not-valid"
            problems.append(FactProblem.of(where, Text(expected), Text(said)))
        raise CaseError(problems) from None
    if problems:
        raise CaseError(problems)
    return built


_PLAIN_FIELDS = frozenset(("date", "facts", "id"))


@functools.lru_cache(maxsize=64)
def _reference_day(text: str) -> date:
    """A case's reference date written as text, read as :func:`exact_date` reads it: kept per text
    (a handful of dates, the days cases are assessed on; never a fact of the case)."""
    return exact_date(text)


def _plain_case(case: dict[str, Any]) -> Case | None:
    """The :class:`Case` ``Case.model_validate`` makes of a plain case (a date, the facts as a dict
    keyed by text, maybe an id; no provenance, no periods), read with the same validators but
    without pydantic's machinery; None for anything else (also for a value pydantic would refuse),
    which :func:`as_case` then validates the full way, with its errors."""
    if "date" not in case or "facts" not in case or not case.keys() <= _PLAIN_FIELDS:
        return None
    facts = case["facts"]
    if type(facts) is not dict or not all(type(k) is str for k in facts):
        return None
    case_id = case.get("id")
    if case_id is not None and (type(case_id) is not str or not encodable(case_id)):
        return None
    written = case["date"]
    try:
        day = _reference_day(written) if type(written) is str else exact_date(written)
    except ValueError:
        return None
    if type(day) is not date:
        return None
    fields = {"date": day, "facts": dict(facts), "id": case_id, "provenance": {}, "periods": []}
    return unvalidated(Case, fields, set(case), None)



def expected_text(fact: Fact) -> str:
    """What a value of this fact must look like, for error messages and questions (English)."""
    return str(expected(fact))


def expected(fact: Fact) -> Text:
    """What a value of this fact must look like, as a text of the catalogue (Dutch and English)."""
    if fact.type == "enum":
        return Text("expect-one-of", values=", ".join(fact.values or ()))
    text = Text(f"expect-{fact.type}")
    if fact.minimum is not None and fact.maximum is not None:
        return Text("expect-between", what=text, low=fact.minimum, high=fact.maximum)
    if fact.minimum is not None:
        return Text("expect-at-least", what=text, low=fact.minimum)
    if fact.maximum is not None:
        return Text("expect-at-most", what=text, high=fact.maximum)
    return text


class FactValidator:
    """Validates the facts of a case against one policy's fact schema."""

    def __init__(self, policy_id: str, facts: Mapping[str, Fact]) -> None:
        self.policy_id = policy_id
        self.facts = dict(facts)
        self.bounded = [(name, f) for name, f in self.facts.items() if f.type in ("int", "money", "decimal") and (f.minimum is not None or f.maximum is not None)]
        """The numbers with a declared minimum or maximum (the only facts :meth:`_bounds` checks)."""
        bounds = dict(self.bounded)
        self.checks: tuple[tuple[str, Callable[[Any], Any], type, Decimal | None, Decimal | None], ...] = tuple((name, *check_of(f), *((f.minimum, f.maximum) if name in bounds else (None, None))) for name, f in self.facts.items())
        """Per fact in the policy's order: its name, validator, the type the validator gives, and the
        minimum and maximum :meth:`_bounds` checks (None for none)."""
        fields = {name: (annotation(f, (check, base)) | None, Field(None, description=f.description.nl))
                  for (name, check, base, _low, _high), f in zip(self.checks, facts.values(), strict=True)}
        self.model = create_model(  # type: ignore[call-overload]
            f"Facts_{policy_id}",
            __config__=ConfigDict(extra="forbid", hide_input_in_errors=True),
            **fields,
        )

    def validate(self, facts: Mapping[str, Any], *, allow_unknown: bool = False) -> dict[str, Any]:
        """Return the typed facts (missing ones left out). Raises :class:`CaseError`."""
        if type(facts) is not dict and not isinstance(facts, Mapping):  # Mapping's check is an ABC's: not for a dict
            raise CaseError([FactProblem.of("(facts)", Text("expect-facts-mapping"), Text("facts-not-mapping"))], self.policy_id)
        plain = self._plain(facts, allow_unknown)
        if plain is not None:
            return plain  # read with the same validators, within its bounds
        # the full way: pydantic's model validates and says what is wrong, then the bounds. Unknown
        # names are counted here, before pydantic sees the facts: a million unknown keys must not
        # become a million validation errors (only the known facts are validated).
        data = {k: v for k, v in facts.items() if k in self.facts}
        unknown = [] if allow_unknown or len(data) == len(facts) else [str(k) for k in facts if k not in self.facts]
        try:
            model = self.model.model_validate(data)
        except ValidationError as exc:
            raise CaseError(self._problems(exc, unknown), self.policy_id) from None
        if unknown:
            raise CaseError([unknown_facts(unknown, self.facts, "this policy")], self.policy_id)
        values = model.__dict__  # the fields, read directly (getattr on a model costs more)
        out = {name: values[name] for name in self.facts if values[name] is not None}
        problems = self._bounds(out)
        if problems:
            raise CaseError(problems, self.policy_id)
        return out

    def _plain(self, facts: Mapping[str, Any], allow_unknown: bool = False) -> dict[str, Any] | None:
        """The known facts as :attr:`model` gives them, in the policy's order and without the
        missing ones, read with the same validators without pydantic's machinery (a tenth of an
        assessment); None when a fact is unknown (unless allowed), a validator refuses a value or
        gives another type than the field's, or a number is outside its bounds (pydantic's model
        then validates, and :meth:`validate` words the problems)."""
        if type(facts) is not dict:  # another mapping may answer `in` and `[]` otherwise than it lists its items
            return None
        out: dict[str, Any] = {}
        known = 0
        try:
            for name, check, base, low, high in self.checks:
                if name in facts:
                    known += 1
                    value = facts[name]
                    if value is not None:
                        read: Any = check(value)
                        if type(read) is not base or (low is not None or high is not None) and _outside(read, low, high):
                            return None
                        out[name] = read
        except Exception:  # noqa: BLE001 - the model validates again and says what is wrong
            return None
        return out if allow_unknown or known == len(facts) else None

    def _problems(self, exc: ValidationError, unknown: list[str]) -> list[FactProblem]:
        problems = []
        unknown = list(unknown)
        for err in exc.errors(include_input=False, include_url=False):
            name = str(err["loc"][0]) if err["loc"] else "(facts)"
            fact = self.facts.get(name)
            if err["type"] == "extra_forbidden" or fact is None:
                unknown.append(name)
                continue
            msg = str(err.get("msg", "not valid")).removeprefix("Value error, ")
            problems.append(FactProblem.of(name, expected(fact), Text("fact-wrong-value", reason=value_problem(msg))))
        if unknown:
            problems.append(unknown_facts(unknown, self.facts, "this policy"))
        return sorted(problems, key=lambda p: p.fact)

    def _bounds(self, values: Mapping[str, Any]) -> list[FactProblem]:
        problems = []
        for name, fact in self.bounded:
            v = values.get(name)
            if v is None:
                continue
            if fact.minimum is not None and v < fact.minimum:
                problems.append(FactProblem.of(name, expected(fact), Text("fact-below-minimum")))
            if fact.maximum is not None and v > fact.maximum:
                problems.append(FactProblem.of(name, expected(fact), Text("fact-above-maximum")))
        return problems


def _outside(value: Any, low: Decimal | None, high: Decimal | None) -> bool:
    """Whether a number is below its minimum or above its maximum (as :meth:`FactValidator._bounds` checks)."""
    return low is not None and value < low or high is not None and value > high
