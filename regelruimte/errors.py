# SPDX-License-Identifier: EUPL-1.2
"""Every exception regelruimte raises, in one module that imports nothing from the package.

The hierarchy::

    RegelruimteError
    ├── PolicyError (ValueError)           a policy file or policy set is wrong
    │   └── PolicyLoadError                one or more problems, each with file:line:col
    ├── CaseError (ValueError)             a case has a wrong or unknown fact
    ├── EvaluationError                    evaluation could not finish (never holds case values)
    │   └── NoApplicableVersion            the reference date is outside the policy's validity
    ├── ScreeningError (ValueError)        a population cannot be screened (columns named, values never)
    ├── SignalsError (ValueError)          an event log or the policies cannot be run as signals
    └── EngineError                        the signals engine (durable-rules) failed

No message ever contains a fact value: only names of facts, fields and files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

LISTED = 10
"""How many items a one-line error message lists; the rest are counted ("and 40 more")."""

_MORE = {"en": "and {n} more", "nl": "en nog {n}"}


def listing(items: Iterable[object], sep: str = "; ", *, lang: str = "en", limit: int = LISTED) -> str:
    """The first ``limit`` items joined by ``sep``, then how many more there are ("and 999,990
    more", Dutch "en nog 999.990"): an error message stays readable whatever it is about. Every
    joined list in an error or a one-line command-line reason goes through here; the exception
    object itself keeps every item (``exc.problems``)."""
    shown: list[str] = []
    rest = 0
    for item in items:
        if len(shown) < limit:
            shown.append(str(item))
        else:
            rest += 1
    if rest:
        n = f"{rest:,}" if lang == "en" else f"{rest:,}".replace(",", ".")
        shown.append(_MORE.get(lang, _MORE["en"]).format(n=n))
    return sep.join(shown)


def _indented(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.split("\n"))


class RegelruimteError(Exception):
    """Base class of every error raised by regelruimte."""


@dataclass(frozen=True)
class Problem:
    """One problem in a policy file, located as precisely as the YAML allows."""

    path: str
    line: int
    column: int
    field: str
    message: str
    code: str = "policy-invalid"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}  {self.field}  {self.message}  [{self.code}]"


class PolicyError(RegelruimteError, ValueError):
    """A policy file or a set of policies is not valid."""


class PolicyLoadError(PolicyError):
    """A policy could not be loaded. Holds *every* problem found, each with file, line and column."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.column, p.field, p.message))
        super().__init__(self._summary())

    def _summary(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in policy file{'s' if len({p.path for p in self.problems}) > 1 else ''}"
        return head + ":\n" + _indented(listing(self.problems, "\n"))


@dataclass(frozen=True)
class FactProblem:
    """One wrong fact in a case: its name, what was expected, and what is wrong (never its value)."""

    fact: str
    expected: str
    message: str
    count: int = 1
    """How many facts the problem is about: unknown fact names are counted in one problem
    (``fact`` is then ``"(unknown facts)"``), never named."""

    def __str__(self) -> str:
        return f"{self.fact}: {self.message} (expected {self.expected})"


class CaseError(RegelruimteError, ValueError):
    """A case has facts that are unknown to the policy or have the wrong type."""

    def __init__(self, problems: list[FactProblem], policy_id: str = "") -> None:
        self.problems = problems
        self.policy_id = policy_id
        where = f" for policy {policy_id}" if policy_id else ""
        lines = _indented(listing(problems, "\n"))
        super().__init__(f"{len(problems)} problem(s) in the case{where}:\n{lines}")


class EvaluationError(RegelruimteError):
    """Evaluation could not complete. The message names elements, never case values."""


class NoApplicableVersion(EvaluationError):
    """The case's reference date falls outside the validity period of the policy."""


class ScreeningError(RegelruimteError, ValueError):
    """The population cannot be screened: wrong column types or values (named, never shown)."""


class SignalsError(RegelruimteError, ValueError):
    """The event log or the policies cannot be run as signals (the message never holds a value)."""


class EngineError(RegelruimteError):
    """The signals engine failed; no partial result is returned."""
