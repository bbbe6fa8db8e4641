# SPDX-License-Identifier: EUPL-1.2
"""The ground of the policy file format: the strict base model, ids, texts, expressions, exact
amounts and numbers, and validity periods.

Every model of what is read from a policy file derives from :class:`FileModel`: unknown keys
are errors, scalars are strict (a yes/no is never a number, a code is never an integer) and
the values are frozen.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial
from typing import Annotated, Any, TypeVar, Union

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticUndefined

from .._exact import ScalarError, exact_decimal
from .._messages import Text as Message

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]


class FileModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True)


class SaidError(ValueError):
    """A value of a policy file refused with a text of the catalogue: pydantic keeps it as its
    error's cause, and the loader says it in Dutch or English (``str`` is the English)."""

    def __init__(self, text: Message) -> None:
        self.text = text
        super().__init__(str(text))


_SCALAR_MESSAGES = {"yes-no": "value-yes-no-number", "type": "load-write-number"}


def to_decimal(value: Any, *, money: bool) -> Any:
    """An amount or number in a policy file (any whole number, or text with at most two resp.
    twelve decimals), as the exact scalars of :mod:`regelruimte._exact` read it."""
    try:
        return exact_decimal(value, money=money)
    except ScalarError as exc:
        if exc.reason in _SCALAR_MESSAGES:
            raise SaidError(Message(_SCALAR_MESSAGES[exc.reason])) from None
        raise SaidError(Message("load-expect-amount" if money else "load-expect-number")) from None


MoneyValue = Annotated[Decimal, BeforeValidator(lambda v: to_decimal(v, money=True))]
DecimalValue = Annotated[Decimal, BeforeValidator(lambda v: to_decimal(v, money=False))]


class LocalizedText(FileModel):
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


def nonblank(value: str) -> str:
    if not value.strip():
        raise SaidError(Message("load-not-empty"))
    return value


Expression = Annotated[str, Field(min_length=1, max_length=2000), AfterValidator(nonblank)]


class Dated(FileModel):
    valid_from: date | None = None
    """First day this element applies (default: the policy's valid_from)."""
    valid_until: date | None = None
    """First day this element no longer applies (exclusive; default: the policy's)."""

    def applies_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_until is None or day < self.valid_until)



_M = TypeVar("_M")


def built(cls: type[_M], **fields: Any) -> _M:
    """An instance of a result model from values the library itself computed, with every field
    given (in the model's order): no validation (they are already of the right types), which
    ``assess`` would otherwise spend a large share of its time on. Private attributes start at
    their defaults, as pydantic's ``model_construct`` sets them (a default factory called anew)."""
    private = _PRIVATE.get(cls)
    if private is None:
        defaults = _private_defaults(cls)
        template = {name: value for name, _make, value in defaults}  # in the attributes' order; a made one is set in its place
        makers = tuple((name, make) for name, make, _value in defaults if make is not None)
        private = _PRIVATE[cls] = partial(_private_values, template, makers) if defaults else _none
    return unvalidated(cls, fields, set(fields), private())


def unvalidated(cls: type[_M], fields: dict[str, Any], fields_set: set[str], private: dict[str, Any] | None) -> _M:
    """An instance of ``cls`` with exactly this state, set through BaseModel's own slot descriptors
    (object.__setattr__ would look each name up first): no validation, no defaults."""
    obj: _M = _new(cls)
    _set_dict(obj, fields)
    _set_fields_set(obj, fields_set)
    _set_extra(obj, None)
    _set_private(obj, private)
    return obj


def updated(model: _M, update: dict[str, Any]) -> _M:
    """``model.model_copy(update=update)`` of a result model the library made (no extra fields):
    the same state (the fields updated in place of order, the fields set with the updated names,
    the private attributes copied), without pydantic's generic steps."""
    extra = model.__pydantic_extra__  # type: ignore[attr-defined]
    if extra is not None:
        return model.model_copy(update=update)  # type: ignore[attr-defined, no-any-return]
    private = model.__pydantic_private__  # type: ignore[attr-defined]
    return unvalidated(type(model), {**model.__dict__, **update}, model.__pydantic_fields_set__ | update.keys(),  # type: ignore[attr-defined]
                       None if private is None else {k: v for k, v in private.items() if v is not PydanticUndefined})


_new = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def _none() -> None:
    return None


def _private_values(template: dict[str, Any], makers: tuple[tuple[str, Any], ...]) -> dict[str, Any]:
    values = template.copy()
    for name, make in makers:
        values[name] = make()
    return values


_PRIVATE: dict[type, Any] = {}
"""Per model class, what makes its ``__pydantic_private__`` (None for a class without private attributes)."""


def _private_defaults(cls: type) -> tuple[tuple[str, Any, Any], ...]:
    """Each private attribute's default: (name, None, value) for a value that is never copied
    (None, an empty tuple, a string, a number), else (name, a callable that makes it)."""
    out: list[tuple[str, Any, Any]] = []
    for name, attr in cls.__private_attributes__.items():  # type: ignore[attr-defined]
        default = attr.default
        if attr.default_factory is None and (default is None or default == () and type(default) is tuple or type(default) in (str, int, bool)):
            out.append((name, None, default))
        elif attr.default_factory_takes_validated_data:
            raise TypeError(f"built() cannot make {cls.__name__}: the default of {name} reads the validated data")
        elif attr.default_factory is not None:
            out.append((name, attr.default_factory, None))  # as pydantic: the factory called
        elif attr.default is not PydanticUndefined:
            out.append((name, partial(attr.get_default, call_default_factory=True), None))  # as pydantic: the default copied
    return tuple(out)
