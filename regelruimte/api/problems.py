# SPDX-License-Identifier: EUPL-1.2
"""Errors as ``application/problem+json`` (RFC 9457), as the NL API Design Rules require.

Every 4xx and 5xx response is a :class:`Problem` with ``status``, ``title`` and ``detail``; a
stable ``type`` per kind of problem; for invalid input (400) every problem at once in
``invalidParams`` (the field name ZGW and Haal Centraal APIs use). A problem never holds a fact
value, a case id, or a name the caller made up: an unknown fact is counted, not repeated, because a
caller keying facts by BSN must not see the BSN come back in an error (or in a log that stores it).

``title``, ``detail`` and each reason are in Dutch or English, as the request's ``Accept-Language``
asks (English when it names neither); the answer says which in ``Content-Language``. ``type`` and
each ``code`` are the same in both.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

import regelruimte as rr

from . import _library as lib
from ._library import LANGUAGES, Text

PROBLEM_JSON = "application/problem+json"
TYPE_PREFIX = "urn:regelruimte:problem:"


class InvalidParam(BaseModel):
    """One invalid part of a request: which (never its value), and why."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(examples=["facts.netto_inkomen"])
    """Where: a query parameter, ``date``, ``id``, ``facts`` or ``facts.<a fact of the regulation>``."""
    code: str = Field(examples=["invalid"])
    reason: str = Field(examples=["wrong value: not written as expected (expected an amount in euros with at most two decimals, e.g. 1234.56)"])


class Problem(BaseModel):
    """An error (RFC 9457 problem details)."""

    model_config = ConfigDict(frozen=True)

    type: str = Field(examples=[TYPE_PREFIX + "case-invalid"])
    """A stable identifier of the kind of problem (``urn:regelruimte:problem:<code>``)."""
    title: str = Field(examples=["Bad request"], description="What kind of problem, in the language Accept-Language asks for (nl or en; en by default).")
    status: int = Field(ge=400, le=599, examples=[400])
    detail: str = Field(examples=["1 problem in the case; see invalidParams."], description="What went wrong, in one sentence, in the same language as title.")
    invalidParams: list[InvalidParam] | None = None  # noqa: N815 - the NL API name
    problems: list[str] | None = None
    """For a failed reload: each problem in the policy files as path:line:col  field  message."""


class ProblemError(Exception):
    """Raised anywhere in the API; turned into a problem response by one handler, in the language
    the request asks for (:func:`language`). ``title`` and ``detail`` are texts of the catalogue;
    each invalid parameter's reason and each problem in a policy file say themselves in a language too."""

    def __init__(self, status: int, code: str, title: Text, detail: Text, *, invalid: list[Invalid] | None = None,
                 problems: list[lib.Rendered] | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(code)
        self.status, self.code, self.title, self.detail = status, code, title, detail
        self.invalid, self.problems = invalid, problems
        self.headers = headers or {}

    def problem(self, lang: str = "en") -> Problem:
        """The problem details in ``lang`` (``nl`` or ``en``)."""
        invalid = [InvalidParam(name=i.name, code=i.code, reason=i.reason.render(lang)) for i in self.invalid] if self.invalid is not None else None
        problems = [p.render(lang) for p in self.problems] if self.problems is not None else None
        return Problem(type=TYPE_PREFIX + self.code, title=self.title.render(lang), status=self.status, detail=self.detail.render(lang),
                       invalidParams=invalid, problems=problems)


class Invalid:
    """One invalid part of a request before it is said in a language (see :class:`InvalidParam`)."""

    __slots__ = ("code", "name", "reason")

    def __init__(self, name: str, code: str, reason: lib.Rendered) -> None:
        self.name, self.code, self.reason = name, code, reason


def language(accept: str | None) -> str:
    """The language of a problem: ``nl`` or ``en``, whichever the ``Accept-Language`` header
    (RFC 9110 section 12.5.4) weighs highest, the first on a tie; English when it names neither,
    as the API's resources and its OpenAPI document are English (docs/design-decisions.md)."""
    best, weight = "en", Decimal(0)
    for part in (accept or "")[:1000].split(","):
        tag, _, params = part.partition(";")
        primary = tag.strip().lower().partition("-")[0]
        if primary not in LANGUAGES:
            continue
        q = Decimal(1)
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                q = _qvalue(value.strip())
        if q > weight:
            best, weight = primary, q
    return best


def _qvalue(text: str) -> Decimal:
    """A weight of RFC 9110 (0 to 1, at most three decimals); anything else weighs nothing."""
    if not 0 < len(text) <= 5 or not all(c.isdigit() or c == "." for c in text) or text.count(".") > 1 or text.startswith("."):
        return Decimal(0)
    q = Decimal(text)
    return q if q <= 1 else Decimal(0)


def title(status: int) -> Text:
    """The title of a problem of this HTTP status."""
    return Text(_TITLES.get(status, "api-title-error"))


_TITLES = {400: "api-title-bad-request", 401: "api-title-unauthorized", 403: "api-title-forbidden", 404: "api-title-not-found",
           405: "api-title-method-not-allowed", 406: "api-title-not-acceptable", 408: "api-title-timeout", 409: "api-title-not-done",
           413: "api-title-too-large", 415: "api-title-media-type", 422: "api-title-no-version", 500: "api-title-internal",
           503: "api-title-unavailable"}


def not_found(what: str) -> ProblemError:
    """404: ``what`` is the code of its detail (``api-no-regulation``, ``api-no-screening`` ...)."""
    return ProblemError(404, "not-found", title(404), Text(what))


def bad_request(code: str, detail: Text, invalid: list[Invalid] | None = None) -> ProblemError:
    return ProblemError(400, code, title(400), detail, invalid=invalid)


def case_problem(exc: rr.CaseError, known: Iterable[str], scope: str = "this regulation") -> ProblemError:
    """A :class:`rr.CaseError` as a 400 problem: known facts named, unknown ones only counted."""
    names = frozenset(known)
    invalid: list[Invalid] = []
    unknown = 0
    for p in exc.problems:
        if p.fact in ("date", "id", "facts"):
            invalid.append(Invalid(p.fact, "invalid", _reason(p)))
        elif p.fact in ("(unknown facts)", "(unknown case field)"):
            unknown += p.count
        elif p.fact in ("(case)", "(facts)"):
            invalid.append(Invalid("facts" if p.fact == "(facts)" else "body", "invalid", _reason(p)))
        elif p.fact in names:
            invalid.append(Invalid(f"facts.{p.fact}", "invalid", _reason(p)))
        else:
            unknown += 1
    if unknown:
        invalid.append(Invalid("facts", "unknown-fact", Text("api-unknown-facts-any" if scope == "any regulation" else "api-unknown-facts", n=unknown)))
    return bad_request("case-invalid", case_problems(len(invalid)), invalid)


def case_problems(n: int) -> Text:
    """``n problem(s) in the case; see invalidParams.``"""
    return Text("api-case-problem") if n == 1 else Text("api-case-problems", n=n)


def _reason(p: lib.FactProblem) -> Text:
    return Text("api-reason", message=p.text if p.text is not None else p.message, expected=p.expects if p.expects is not None else p.expected)
