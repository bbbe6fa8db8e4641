# SPDX-License-Identifier: EUPL-1.2
"""The result of ``assess``: the letter against the intent, the room, the controls, the
questions and the explanation of one case, with its provenance."""

from __future__ import annotations

import hashlib
import hmac
import importlib
import json
import os
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SerializationInfo, field_serializer

from .._display import Displayable, export
from .._version import __version__
from ..model.policy import Policy
from .control_needs import ControlNeed
from .data_items import DataItem
from .difference import Difference, difference
from .explain import professional_trace
from .intent import IntentResult, Tension
from .lazy_texts import LazyTexts
from .letter import LetterResult
from .parts import PartAssessment
from .periods import PeriodAssessment
from .personal import SHOW_VALUES, values_shown
from .questions import Question
from .room import Room

LIBRARY_VERSION = __version__
PSEUDONYM_KEY_ENV = "REGELRUIMTE_PSEUDONYM_KEY"

_ASSESS_AGAIN: list[Callable[[Assessment, dict[str, Any]], Assessment]] = []
"""How :meth:`Assessment.with_facts` assesses again: set by :mod:`.pipeline`, which imports this
module (a module-level function, never a closure on the assessment, so assessments still pickle)."""


def assess_again_with(fn: Callable[[Assessment, dict[str, Any]], Assessment]) -> None:
    """Register the function that assesses a case again with changed facts (called by :mod:`.pipeline`)."""
    _ASSESS_AGAIN[:] = [fn]


class Provenance(BaseModel):
    """What the assessment was computed from: enough to reproduce it exactly."""

    model_config = ConfigDict(frozen=True)

    policy_id: str
    policy_version: str
    policy_title: str
    valid_from: date
    valid_until: date | None
    policy_sha256: str
    reference_date: date
    library_version: str = LIBRARY_VERSION


class Explanation(LazyTexts, BaseModel):
    """The citizen text in Dutch (B1) and English."""

    # ``assess`` writes each language when it is first read (:mod:`.lazy_texts`); the docstring
    # above is the OpenAPI schema's description

    model_config = ConfigDict(frozen=True)

    nl: str
    en: str

    _make: Any = PrivateAttr(default=None)


class LazyExplanation:
    """The citizen text with the figures of the case, made when it is first asked for: most callers
    never ask, and making it took a quarter of ``assess``. ``make`` returns it; the holder keeps
    None when it says the same as the text without figures. Two holders are equal when their texts
    are (pydantic compares private attributes in ``==``); a pickle or deep copy keeps the text."""

    __slots__ = ("_make", "_done", "_text")

    def __init__(self, make: Callable[[], Explanation | None]) -> None:
        self._make: Callable[[], Explanation | None] | None = make
        self._done = False
        self._text: Explanation | None = None

    def get(self) -> Explanation | None:
        """The text with figures, or None when it is the same as the one without."""
        if not self._done:
            make = self._make
            if make is not None:  # another thread may have made it meanwhile: the same text
                self._text = make()
            self._done, self._make = True, None
        return self._text

    def __eq__(self, other: object) -> bool:
        return self.get() == (other.get() if isinstance(other, LazyExplanation) else other)

    __hash__ = None  # type: ignore[assignment]  # like the models it stands for

    def __reduce__(self) -> tuple[Any, ...]:
        return (_kept, (self.get(),))


def _kept(text: Explanation | None) -> Explanation | None:
    """What a pickled :class:`LazyExplanation` comes back as: its text."""
    return text


class Assessment(Displayable, BaseModel):
    """What the letter says, whether that serves the purpose, and what room the law gives."""

    model_config = ConfigDict(frozen=True)

    case_ref: str | None = None
    """A keyed pseudonym of the case id (never the id itself); None without a key."""
    letter: LetterResult
    intent: IntentResult
    tension: Tension
    tension_regardless_of: list[str] = Field(default_factory=list)
    """Missing facts the tension holds regardless of: every value they can take (within their
    type, choices and bounds) gives this tension. Empty when the tension needs none of them."""
    discretion: Room
    controls: list[ControlNeed]
    questions: list[Question]
    explanation: Explanation
    provenance: Provenance
    data: list[DataItem] = Field(default_factory=list)
    """The facts the decision rests on, each with where it came from and its date (the case's
    ``provenance``); their values only when values are asked for."""
    parts: list[PartAssessment] = Field(default_factory=list)
    """For a decision in parts (revocation, recovery, fine; several cost items): each part with its
    own letter, intent, tension, room and proportionality. The letter, tension and room above are
    then derived from the parts (:mod:`regelruimte.assessment.parts`); empty without parts."""
    periods: list[PeriodAssessment] = Field(default_factory=list)
    """For a case in periods (a regulation applied per month): each period with its own verdict and
    amount; the letter above is then derived from them, ``partly_granted`` with ``granted_for``
    when only some periods are granted (:mod:`regelruimte.assessment.periods`)."""

    _policy: Policy | None = PrivateAttr(default=None)
    _facts: dict[str, Any] | None = PrivateAttr(default=None)
    """The validated facts (personal data, never serialised): the decision log uses them to keep
    every case value out of what it stores."""
    _explanation_values: Explanation | LazyExplanation | None = PrivateAttr(default=None)
    _case_periods: tuple[Any, ...] = PrivateAttr(default=())
    """The case's periods (personal data, never serialised), kept so a what-if keeps them."""
    """The citizen text with the figures of the case (how far above a limit): only on request, and
    made then (:class:`LazyExplanation`); None when it says the same as :attr:`explanation`."""

    def _with_figures(self) -> Explanation | None:
        held = self._explanation_values
        return held.get() if isinstance(held, LazyExplanation) else held

    def explain(self, lang: str = "nl", *, show_values: bool = False) -> str:
        """The citizen text in ``lang`` (``nl`` or ``en``); with ``show_values`` it also says how far
        the case is from a limit, in euros and per cent (figures that give the case's values back)."""
        text = (self._with_figures() or self.explanation) if show_values else self.explanation
        return text.en if lang == "en" else text.nl

    def trace(self, *, show_values: bool = False) -> str:
        """The professional trace: rule ids, sources and, only when asked, the values used."""
        if self._policy is None:  # pragma: no cover - only for assessments rebuilt from JSON
            raise ValueError("the trace needs the policy; assess the case again")
        day = self.provenance.reference_date
        text = professional_trace(self._policy, self.letter, self.intent, self.tension, self.discretion, day, show_values=show_values, data=self.data)
        for view, part in zip(self._policy.part_policies, self.parts, strict=False):
            text += f"\n\ndeel {part.id}:\n" + professional_trace(view, part.letter, part.intent, part.tension, part.discretion, day, show_values=show_values)
        for period in self.periods:
            text += f"\n\nperiode {period.start.isoformat()} t/m {period.end.isoformat()}:\n" + professional_trace(
                self._policy, period.letter, period.intent, period.tension, period.discretion, day, show_values=show_values)
        return text

    def with_facts(self, **facts: Any) -> Assessment:
        """A new assessment of the same case against the same policy, with ``facts`` added or changed.

        For a what-if in a notebook: ``a.with_facts(netto_inkomen="1500.00")``; compare with
        :meth:`diff`. This assessment is left as it is. The facts are checked as in ``assess``; the
        case's date and pseudonym stay, and so do the sources of the facts left unchanged.

        Raises:
            CaseError: a fact is unknown to the policy or has the wrong type (named, value never shown).
            ValueError: the assessment was rebuilt from JSON and has no policy or facts.
        """
        if not _ASSESS_AGAIN:  # unpickled in a process that has not imported the pipeline yet
            importlib.import_module(f"{__package__}.pipeline")
        if self._policy is None or self._facts is None:
            raise ValueError("this assessment has no policy or facts (rebuilt from JSON?); assess the case again")
        return _ASSESS_AGAIN[0](self, facts)

    def answer(self, **facts: Any) -> Assessment:
        """Answer open questions: the same as :meth:`with_facts`, named for ``a.questions``."""
        return self.with_facts(**facts)

    def diff(self, other: Assessment, *, show_values: bool = False) -> Difference:
        """What changed from this assessment to ``other``: the letter's verdict and amount, the
        intent, the tension and the open questions, and the names of the facts that differ (their
        values only with ``show_values``). Shows itself in Jupyter and rich; ``.text()`` as text."""
        return difference(self, other, show_values=show_values)

    def to_dict(self, *, show_values: bool = False) -> dict[str, Any]:
        """A JSON-safe dict; fact values, and the figures that give them back, are left out unless
        ``show_values`` (docs/privacy.md).

        ``model_dump()``, ``model_dump_json()``, ``.dict()`` and ``.json()`` leave them out too
        (:mod:`regelruimte.assessment.personal`); this is the one place that writes them.
        """
        return self.model_dump(mode="json", context=SHOW_VALUES if show_values else None)

    @field_serializer("explanation")
    def _explanation(self, explanation: Explanation, info: SerializationInfo) -> Explanation:
        """The citizen text with the figures of the case only when values are asked for."""
        figures = self._with_figures() if values_shown(info) else None
        return figures.filled() if figures is not None else explanation.filled()

    def to_json(self, *, show_values: bool = False, indent: int | None = 2) -> str:
        """Canonical JSON: sorted keys, Decimals as strings. Same inputs give identical bytes."""
        return json.dumps(self.to_dict(show_values=show_values), sort_keys=True, ensure_ascii=False, indent=indent)

    def __hash__(self) -> int:
        """The hash of the canonical JSON (no values): equal assessments hash alike. Computed on each
        call, never kept on the assessment (pydantic compares private attributes in ``==``)."""
        return hash(self.to_json(indent=None))

    def __repr__(self) -> str:
        amount = f" amount={self.letter.amount}" if self.letter.amount is not None else ""
        return f"<Assessment {self.provenance.policy_id}@{self.provenance.reference_date.isoformat()} letter={self.letter.verdict}{amount} intent={self.intent.verdict} tension={self.tension}>"

    __str__ = __repr__

    def to_html(self, *, lang: str = "nl") -> str:
        """A self-contained, accessible HTML page."""
        return export(self, "html", lang=lang)

    def to_markdown(self, *, lang: str = "nl") -> str:
        """A Markdown report."""
        return export(self, "markdown", lang=lang)


def fill_texts(a: Assessment) -> Assessment:
    """``a`` with every citizen text it serialises written in both languages (:mod:`.lazy_texts`):
    for a serialiser that reads the models' fields directly, without their field serialisers."""
    a.explanation.filled()
    for period in a.periods:
        period.explanation.filled()
    for part in (*a.parts, *(p for period in a.periods for p in period.parts)):
        part.explanation.filled()
    return a


def pseudonym(case_id: str, key: bytes | str | None = None) -> str | None:
    """HMAC-SHA256 of the case id with the deployment key, shortened to 16 hex digits.

    The key comes from ``key`` or ``$REGELRUIMTE_PSEUDONYM_KEY``. Without a key there is no
    pseudonym (an unkeyed hash of a BSN is reversed by enumeration in about a minute).
    """
    key = key if key is not None else os.environ.get(PSEUDONYM_KEY_ENV)
    if not key:
        return None
    raw = key.encode() if isinstance(key, str) else key
    return hmac.new(raw, case_id.encode(), hashlib.sha256).hexdigest()[:16]
