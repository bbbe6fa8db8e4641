# SPDX-License-Identifier: EUPL-1.2
"""A citizen text in Dutch and English whose languages are written when first read.

``assess`` made every citizen text in both languages (and, for a decision in parts, each part's
with and without figures) before returning, though most callers read one language or none: a
tenth of its time. :func:`lazy` makes a :class:`~regelruimte.assessment.result.Explanation` or a
:class:`~regelruimte.assessment.parts.Texts` that writes a language on its first read
(``text.nl``) and keeps it. Everything that reads the model as a whole (``==``, ``hash``,
``repr``, pickling, copying, ``model_dump``, the field serialisers of the results that hold it)
first writes both languages (:meth:`LazyTexts.filled`), so it sees exactly the text an eager one
holds. A serialiser that reads the model's ``__dict__`` without a field serialiser (the decision
log's, :mod:`regelruimte.decisions.document`) calls :func:`fill` on the assessment first.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, TypeVar, cast

from ..model.base import unvalidated

LANGS = ("nl", "en")

_T = TypeVar("_T")


class LazyTexts:
    """Mixin (before ``BaseModel``) for a frozen model with the fields ``nl`` and ``en``. A
    model made by :func:`lazy` holds a maker in the private attribute ``_make`` until both
    languages are written; one made the ordinary way holds None there and is never lazy."""

    __slots__ = ()

    if not TYPE_CHECKING:  # for mypy the fields are ordinary attributes

        def __getattr__(self, name: str) -> Any:
            if name == "nl" or name == "en":
                values = self.__dict__
                private = self.__pydantic_private__
                make = private.get("_make") if private else None
                if make is not None:
                    text = values.setdefault(name, make(name))  # another thread may have written it: the same text
                    if "nl" in values and "en" in values:
                        private["_make"] = None  # written: the maker and what it holds can go
                    return text
                if name in values:  # another thread wrote both since this lookup failed (and dropped the maker)
                    return values[name]
            return super().__getattr__(name)

    def filled(self: _T) -> _T:
        """This text with both languages written (itself)."""
        private = self.__pydantic_private__  # type: ignore[attr-defined]
        if private and private.get("_make") is not None:
            for lang in LANGS:
                getattr(self, lang)
        return self

    def __eq__(self, other: object) -> bool:
        self.filled()
        if isinstance(other, LazyTexts):
            other.filled()
        return super().__eq__(other)

    def __hash__(self) -> int:
        self.filled()
        return hash((self.__dict__["nl"], self.__dict__["en"]))  # as pydantic's frozen hash: the fields in order

    def __repr_args__(self) -> Any:
        self.filled()
        return super().__repr_args__()  # type: ignore[misc]

    def __iter__(self) -> Generator[tuple[str, Any], None, None]:
        self.filled()
        return super().__iter__()  # type: ignore[misc, no-any-return]

    def __getstate__(self) -> dict[Any, Any]:
        self.filled()
        return cast("dict[Any, Any]", super().__getstate__())

    def __copy__(self: _T) -> _T:
        self.filled()  # type: ignore[attr-defined]
        return super().__copy__()  # type: ignore[misc, no-any-return]

    def __deepcopy__(self: _T, memo: dict[int, Any] | None = None) -> _T:
        self.filled()  # type: ignore[attr-defined]
        return super().__deepcopy__(memo)  # type: ignore[misc, no-any-return]

    def model_dump(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self.filled()
        return super().model_dump(*args, **kwargs)  # type: ignore[misc, no-any-return]

    def model_dump_json(self, *args: Any, **kwargs: Any) -> str:
        self.filled()
        return super().model_dump_json(*args, **kwargs)  # type: ignore[misc, no-any-return]


def lazy(cls: type[_T], make: Callable[[str], str]) -> _T:
    """An instance of ``cls`` (a :class:`LazyTexts` model) whose ``nl`` and ``en`` are
    ``make("nl")`` and ``make("en")``, each called on its first read. ``make`` must give the same
    text whenever it is called (the library's citizen texts do: no clock, no randomness)."""
    return cast(_T, unvalidated(cast(Any, cls), {}, {"nl", "en"}, {"_make": make}))
