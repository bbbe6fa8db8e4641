# SPDX-License-Identifier: EUPL-1.2
"""Errors as ``application/problem+json`` (RFC 9457), as the NL API Design Rules require.

Every 4xx and 5xx response is a :class:`Problem` with ``status``, ``title`` and ``detail``; a
stable ``type`` per kind of problem; for invalid input (400) every problem at once in
``invalidParams`` (the field name ZGW and Haal Centraal APIs use). A problem never holds a fact
value, a case id, or a name the caller made up: an unknown fact is counted, not repeated, because a
caller keying facts by BSN must not see the BSN come back in an error (or in a log that stores it).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

import regelruimte as rr

from . import _library as lib

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
    title: str = Field(examples=["The case is not valid"])
    status: int = Field(ge=400, le=599, examples=[400])
    detail: str = Field(examples=["1 problem in the case; see invalidParams."])
    invalidParams: list[InvalidParam] | None = None  # noqa: N815 - the NL API name
    problems: list[str] | None = None
    """For a failed reload: each problem in the policy files as path:line:col  field  message."""


class ProblemError(Exception):
    """Raised anywhere in the API; turned into a problem response by one handler."""

    def __init__(self, status: int, code: str, title: str, detail: str, *, invalid: list[InvalidParam] | None = None,
                 problems: list[str] | None = None, headers: dict[str, str] | None = None) -> None:
        super().__init__(code)
        self.problem = Problem(type=TYPE_PREFIX + code, title=title, status=status, detail=detail, invalidParams=invalid, problems=problems)
        self.headers = headers or {}


def not_found(what: str = "resource") -> ProblemError:
    return ProblemError(404, "not-found", "Not found", f"There is no such {what}.")


def bad_request(code: str, detail: str, invalid: list[InvalidParam] | None = None) -> ProblemError:
    return ProblemError(400, code, "Bad request", detail, invalid=invalid)


def case_problem(exc: rr.CaseError, known: Iterable[str], scope: str = "this regulation") -> ProblemError:
    """A :class:`rr.CaseError` as a 400 problem: known facts named, unknown ones only counted."""
    names = frozenset(known)
    invalid: list[InvalidParam] = []
    unknown = 0
    for p in exc.problems:
        if p.fact in ("date", "id", "facts"):
            invalid.append(InvalidParam(name=p.fact, code="invalid", reason=_reason(p)))
        elif p.fact in ("(unknown facts)", "(unknown case field)"):
            unknown += p.count
        elif p.fact in ("(case)", "(facts)"):
            invalid.append(InvalidParam(name="facts" if p.fact == "(facts)" else "body", code="invalid", reason=_reason(p)))
        elif p.fact in names:
            invalid.append(InvalidParam(name=f"facts.{p.fact}", code="invalid", reason=_reason(p)))
        else:
            unknown += 1
    if unknown:
        invalid.append(InvalidParam(name="facts", code="unknown-fact",
                                    reason=f"{unknown} name(s) in the case are not facts of {scope} (the names are not repeated; the case schema lists the facts)"))
    n = len(invalid)
    return bad_request("case-invalid", f"{n} problem{'s' if n != 1 else ''} in the case; see invalidParams.", invalid)


def _reason(p: lib.FactProblem) -> str:
    return f"{p.message} (expected {p.expected})"
