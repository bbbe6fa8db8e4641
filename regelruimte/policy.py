# SPDX-License-Identifier: EUPL-1.2
"""The policy model: one regulation with its letter, its purposes, its room and its controls.

These pydantic models are the contract of the policy file format: the JSON Schema in
``schema/policy.v1.json`` is generated from them, unknown keys are errors, and scalars are
strict (a yes/no is never a number, a code is never an integer). Structural keys are English;
legal vocabulary and citizen texts are Dutch (see docs/glossary.md).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr

from ._display import Displayable
from ._exact import ScalarError, exact_decimal

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True)


# -- scalar helpers ------------------------------------------------------------------------
_SCALAR_MESSAGES = {"yes-no": "a yes/no value is not a number", "type": "write the number as 1234.56 or '1234.56'"}


def _to_decimal(value: Any, *, money: bool) -> Any:
    """An amount or number in a policy file (any whole number, or text with at most two resp.
    twelve decimals), as the exact scalars of :mod:`regelruimte._exact` read it."""
    try:
        return exact_decimal(value, money=money)
    except ScalarError as exc:
        if exc.reason in _SCALAR_MESSAGES:
            raise ValueError(_SCALAR_MESSAGES[exc.reason]) from None
        what = "an amount in euros with at most two decimals" if money else "a number with at most twelve decimals"
        raise ValueError(f"expected {what}, such as 1401.50") from None


MoneyValue = Annotated[Decimal, BeforeValidator(lambda v: _to_decimal(v, money=True))]
DecimalValue = Annotated[Decimal, BeforeValidator(lambda v: _to_decimal(v, money=False))]


class LocalizedText(_Model):
    """A text in Dutch (required) and English (optional)."""

    nl: str = Field(min_length=1)
    en: str | None = None

    def get(self, lang: str = "nl") -> str:
        """The text in ``lang``, falling back to Dutch."""
        return (self.en if lang == "en" else None) or self.nl


def _localized(value: Any) -> Any:
    return LocalizedText(nl=value) if isinstance(value, str) else value


# A text is written as a plain Dutch string or as {nl, en}; it is always read as LocalizedText.
Text = Annotated[LocalizedText, BeforeValidator(_localized, json_schema_input_type=Union[Annotated[str, Field(min_length=1)], LocalizedText])]


def _nonblank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Expression = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(_nonblank)]


# -- legal sources --------------------------------------------------------------------------
LegalLevel = Literal[
    "formele_wet", "amvb", "ministeriele_regeling", "verordening", "beleidsregel",
    "rechtspraak", "toelichting", "ombudsman", "uitvoering", "belgische_wet", "belgisch_besluit",
    "gemeentelijk_reglement",
]


class Source(_Model):
    """A legal source that rules, purposes, controls and parameters cite by ``id``."""

    id: Id
    citation: str = Field(min_length=3)
    """How a lawyer cites it, e.g. 'Uitvoeringsregeling Invorderingswet 1990, art. 11 lid 1'."""
    level: LegalLevel
    """The kind of source; it decides which room the law leaves (Awb 4:84 applies to beleidsregels)."""
    url: str = Field(pattern=r"^https://")
    """Where the text can be read (wetten.overheid.nl, lokaleregelgeving.overheid.nl, ...)."""
    verified: Literal["text", "secondary", "no"]
    """'text': read in the official text; 'secondary': read in a secondary source; 'no': not verified."""
    law: str | None = None
    bwb: str | None = Field(default=None, pattern=r"^BWBR[0-9]{7}$")
    cvdr: str | None = Field(default=None, pattern=r"^CVDR[0-9]+$")
    ecli: str | None = Field(default=None, pattern=r"^ECLI:[A-Z]{2}:[A-Za-z0-9]+:[0-9]{4}:[A-Za-z0-9.]+$")
    reference: str | None = None
    """Other identifiers: Kamerstuk, ombudsman report number, Belgian NUMAC or ELI."""
    article: str | None = None
    lid: str | None = None
    quote: str | None = None
    """The words of the source, verbatim, where they were read."""
    explanation: str | None = None
    """In Dutch: how this element relates to the text of the law."""
    note: str | None = None
    """What could not be verified, and why."""


# -- facts, parameters, derived values ------------------------------------------------------
FactType = Literal["bool", "int", "money", "decimal", "date", "enum", "text"]
Register = Literal[
    "BRP", "BRI", "Suwinet", "Inlichtingenbureau", "Belastingdienst", "Toeslagen", "UWV", "SVB",
    "RDW", "DUO", "Kadaster", "eigen_administratie", "CAK", "KSZ", "OCMW", "ziekenfonds",
    "Rijksregister", "FOD_Financien",
]


class Fact(_Model):
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


class ParameterValue(_Model):
    """The value of a parameter from a date on (until the next value)."""

    from_: date = Field(alias="from")
    value: Union[bool, int, Decimal, str, dict[str, Union[bool, int, Decimal, str]]]
    source: Id | None = None
    """Overrides the parameter's source for this value (e.g. the half-yearly indexation)."""
    verified: Literal["text", "secondary", "no"] | None = None


class Parameter(_Model):
    """A named amount or limit, valued by date (norms change on 1 January and 1 July)."""

    type: Literal["money", "decimal", "int", "bool"]
    description: Text
    source: Id
    keys: list[Annotated[str, Field(pattern=ID_PATTERN)]] | None = None
    """When the value differs per key (e.g. per household type): the keys."""
    values: list[ParameterValue] = Field(min_length=1)


class Derived(_Model):
    """A named value computed from facts, parameters and other derived values."""

    type: Literal["money", "decimal", "int", "bool", "date"]
    description: Text
    expr: Expression
    source: Id | None = None


# -- purposes, rules, outcome ------------------------------------------------------------
class _Dated(_Model):
    valid_from: date | None = None
    """First day this element applies (default: the policy's valid_from)."""
    valid_until: date | None = None
    """First day this element no longer applies (exclusive; default: the policy's)."""

    def applies_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_until is None or day < self.valid_until)


class Purpose(_Dated):
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


class NoRoom(_Model):
    """A rule of formal law that leaves no room to deviate: the signal goes to the legislator."""

    reason: Text
    source: Id


class Rule(_Dated):
    """One condition of the letter, with its text, source and the purposes it serves."""

    id: Id
    text: Text
    """The rule in plain Dutch, as a citizen would read it."""
    condition: Expression
    source: Id
    serves: list[Id] = Field(default_factory=list)
    no_room: NoRoom | None = None


class Severity(_Model):
    """A circumstance that makes an adverse outcome weigh heavier for the citizen."""

    id: Id
    text: Text
    condition: Expression
    source: Id | None = None


class Outcome(_Model):
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


# -- discretion and controls ----------------------------------------------------------------
class Discretion(_Dated):
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


class Burden(_Model):
    """What a control costs a citizen (standard cost model: minutes x frequency x population)."""

    minutes: int = Field(ge=0, le=10000)
    per_year: DecimalValue = Field(default=Decimal(1))
    out_of_pocket: MoneyValue | None = None


class Control(_Dated):
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


# -- events and signals ----------------------------------------------------------------------
EventFieldType = Literal["bool", "int", "money", "date", "enum", "text"]
RESERVED_EVENT_FIELDS = frozenset({"date", "type", "household"})


class EventField(_Model):
    """One field of an event type, typed like a fact (there is no 'decimal': the signals engine
    computes in doubles, so numbers are whole numbers and amounts are whole cents)."""

    type: EventFieldType
    description: Text
    values: list[Annotated[str, Field(pattern=ID_PATTERN)]] | None = None
    """The possible values of an 'enum' field."""


class EventType(_Model):
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


FactExpression = Annotated[str, BeforeValidator(_expression_text, json_schema_input_type=Union[bool, int, Expression]), Field(min_length=1, max_length=2000), AfterValidator(_nonblank)]
"""An expression; a YAML yes/no or whole number is taken as its literal (``true``, ``12``)."""
EventTypes = Union[Id, Annotated[list[Id], Field(min_length=1, max_length=20)]]


class PatternElement(_Model):
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


class SignalAction(_Model):
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


class Signal(_Dated):
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


# -- tests ---------------------------------------------------------------------------------
class Expected(_Model):
    """The expected assessment of an example case."""

    letter: Literal["granted", "denied", "undetermined"]
    amount: MoneyValue | None = None
    intent: Literal["served", "not_served", "undetermined"] | None = None
    tension: Literal["aligned", "letter_blocks_intent", "letter_exceeds_intent", "undetermined"] | None = None
    rules: dict[str, Literal["passed", "failed", "unknown", "not_applicable"]] | None = None


class PolicyTest(_Model):
    """An example case with its expected assessment, run by ``regelruimte test`` and pytest."""

    name: str = Field(min_length=3)
    id: Id | None = None
    """A short name other tests can build on with ``like``."""
    like: Id | None = None
    """Start from the facts of the test with this id; ``facts`` then adds or overrides."""
    date: date
    facts: dict[str, Any] = Field(default_factory=dict)
    expect: Expected
    source: Id | None = None
    """The ruling or report the case is built from."""
    note: str | None = None


# -- the policy -----------------------------------------------------------------------------
class Policy(Displayable, _Model):
    """One regulation: identity and validity, sources, facts, parameters, purposes, rules,
    outcome, discretion, controls, events and signals, and example tests."""

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
    sources: list[Source] = Field(default_factory=list)
    facts: dict[Annotated[str, Field(pattern=ID_PATTERN)], Fact] = Field(default_factory=dict)
    parameters: dict[Annotated[str, Field(pattern=ID_PATTERN)], Parameter] = Field(default_factory=dict)
    derived: dict[Annotated[str, Field(pattern=ID_PATTERN)], Derived] = Field(default_factory=dict)
    purposes: list[Purpose] = Field(default_factory=list)
    rules: list[Rule] = Field(min_length=1)
    outcome: Outcome
    discretion: list[Discretion] = Field(default_factory=list)
    controls: list[Control] = Field(default_factory=list)
    events: dict[Annotated[str, Field(pattern=ID_PATTERN, max_length=64)], EventType] = Field(default_factory=dict)
    """Event types the signals read, typed like facts."""
    signals: list[Signal] = Field(default_factory=list)
    """Patterns over a household's events that call for offering a right or acting."""
    tests: list[PolicyTest] = Field(default_factory=list)

    _path: str = PrivateAttr(default="")
    _sha256: str = PrivateAttr(default="")
    _compiled: Any = PrivateAttr(default=None)
    _shared_sources: tuple[Source, ...] = PrivateAttr(default=())
    _shared_parameters: dict[str, Parameter] = PrivateAttr(default_factory=dict)

    @property
    def path(self) -> str:
        """The file the policy was loaded from."""
        return self._path

    @property
    def sha256(self) -> str:
        """SHA-256 of the policy file and every norm file it uses."""
        return self._sha256

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


class Norms(_Model):
    """A norm file: parameters and sources shared by several policies (e.g. bijstandsnormen)."""

    kind: Literal["norms"]
    id: Id
    title: str
    sources: list[Source] = Field(default_factory=list)
    parameters: dict[Annotated[str, Field(pattern=ID_PATTERN)], Parameter] = Field(default_factory=dict)
