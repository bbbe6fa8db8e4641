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

Every error has a stable ``code`` and its message in Dutch and English, from one catalogue
(:mod:`regelruimte._messages`): ``str(exc)`` is English, as Python users expect, and
``exc.message("nl")`` Dutch, as the command line shows it by default (``--lang nl``). No message
ever contains a fact value: only names of facts, fields and files, and counts.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from ._messages import LISTED as LISTED  # how many items an error lists (re-exported, as listing)
from ._messages import MESSAGES, Text
from ._messages import Listing as Listing
from ._messages import listing as listing


def _indented(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.split("\n"))


class RegelruimteError(Exception):
    """Base class of every error raised by regelruimte.

    Every error has a stable ``code`` (kebab-case, the key of its message in
    :mod:`regelruimte._messages`) and says what is wrong in Dutch and English: ``str(exc)`` is
    English, as Python users expect; ``exc.message("nl")`` is Dutch (the command line's default,
    ``--lang``). A message names files, fields, options and counts, never a fact value.

    Example:
        >>> try:
        ...     raise ScreeningError("screen-no-policy-on", date="2026-03-01")
        ... except RegelruimteError as exc:
        ...     print(exc.code, "|", exc, "|", exc.message("nl"))
        screen-no-policy-on | no policy is valid on 2026-03-01 | geen regeling geldt op 2026-03-01
    """

    def __init__(self, text: Text | str, /, **params: object) -> None:
        if isinstance(text, Text):
            self.text = text
        elif text in MESSAGES:
            self.text = Text(text, **params)
        else:  # a reason not (yet) in the catalogue: English in either language (tests/test_messages.py counts them)
            self.text = Text("untranslated", detail=text)
        super().__init__(self.message("en"))

    @property
    def code(self) -> str:
        """The stable code of the error (the key of its message)."""
        return self.text.code

    def message(self, lang: str = "en") -> str:
        """What is wrong, in ``lang`` (``nl`` or ``en``)."""
        return self.text.render(lang)

    def line(self, lang: str = "en") -> str:
        """The message as one line (the command line's reason)."""
        return " ".join(self.message(lang).split())

    def __reduce__(self) -> tuple[Any, ...]:  # across processes (workers, a Dask cluster)
        return (_restore, (type(self), dict(self.__dict__)))


def _restore(cls: type[RegelruimteError], state: dict[str, Any]) -> RegelruimteError:
    exc = cls.__new__(cls)
    exc.__dict__.update(state)
    Exception.__init__(exc, exc.message("en"))
    return exc


@dataclass(frozen=True)
class Problem:
    """One problem in a policy file, located as precisely as the YAML allows."""

    path: str
    line: int
    column: int
    field: str
    message: str
    code: str = "policy-invalid"
    text: Text | None = dataclasses.field(default=None, compare=False, repr=False)
    """The message from the catalogue, when it has one there (``message`` is then its English)."""

    def render(self, lang: str = "en") -> str:
        """The problem as one line, ``path:line:column  field  message  [code]``, in ``lang``."""
        said = self.text.render(lang) if self.text is not None else self.message
        return f"{self.path}:{self.line}:{self.column}  {self.field}  {said}  [{self.code}]"

    def __str__(self) -> str:
        return self.render("en")

    @classmethod
    def of(cls, path: str, line: int, column: int, field: str, text: Text, code: str | None = None) -> Problem:
        """A problem whose message is ``text`` of the catalogue; its code is ``code``, or the text's."""
        return cls(path, line, column, field, str(text), code or text.code, text)


class PolicyError(RegelruimteError, ValueError):
    """A policy file or a set of policies is not valid."""


class PolicyLoadError(PolicyError):
    """A policy could not be loaded. Holds *every* problem found, each with file, line and column."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.column, p.field, p.message))
        n, files = len(self.problems), len({p.path for p in self.problems})
        super().__init__("policy-problems-files" if files > 1 else "policy-problem" if n == 1 else "policy-problems", n=n)

    def message(self, lang: str = "en") -> str:
        """How many problems, then each one: ``path:line:column  field  message  [code]``."""
        return super().message(lang) + ":\n" + _indented(listing((p.render(lang) for p in self.problems), "\n", lang=lang))

    def line(self, lang: str = "en") -> str:
        """The first problems on one line (each names its file, line and field)."""
        return super().message(lang) + ": " + listing((p.render(lang) for p in self.problems), "; ", lang=lang)


_STAND_INS = {"(unknown facts)": "fact-stand-in-unknown-facts", "(unknown case field)": "fact-stand-in-unknown-field",
              "(case)": "fact-stand-in-case", "(the case)": "fact-stand-in-the-case", "(facts)": "fact-stand-in-facts"}
"""The names a problem stands under when it is about no one fact, to their texts (their English is the name)."""


@dataclass(frozen=True)
class FactProblem:
    """One wrong fact in a case: its name, what was expected, and what is wrong (never its value)."""

    fact: str
    expected: str
    message: str
    count: int = 1
    """How many facts the problem is about: unknown fact names are counted in one problem
    (``fact`` is then ``"(unknown facts)"``), never named."""
    text: Text | None = dataclasses.field(default=None, compare=False, repr=False)
    """``message`` from the catalogue, when it has one there."""
    expects: Text | None = dataclasses.field(default=None, compare=False, repr=False)
    """``expected`` from the catalogue, when it has one there."""

    def render(self, lang: str = "en") -> str:
        """``fact: message (expected ...)`` in ``lang`` (a stand-in such as ``(unknown facts)`` too)."""
        said = self.text.render(lang) if self.text is not None else self.message
        expected = self.expects.render(lang) if self.expects is not None else self.expected
        label = _STAND_INS.get(self.fact)
        fact = Text(label).render(lang) if label is not None else self.fact
        return Text("fact-problem", fact=fact, message=said, expected=expected).render(lang)

    def __str__(self) -> str:
        return self.render("en")

    @classmethod
    def of(cls, fact: str, expects: Text, text: Text, count: int = 1) -> FactProblem:
        """A problem whose texts are in the catalogue (``expected`` and ``message`` their English)."""
        return cls(fact, str(expects), str(text), count, text, expects)


class CaseError(RegelruimteError, ValueError):
    """A case has facts that are unknown to the policy or have the wrong type."""

    def __init__(self, problems: list[FactProblem], policy_id: str = "") -> None:
        self.problems = problems
        self.policy_id = policy_id
        if policy_id:
            super().__init__("case-problems-for", n=len(problems), policy=policy_id)
        else:
            super().__init__("case-problems", n=len(problems))

    def message(self, lang: str = "en") -> str:
        """How many problems, then each one: ``fact: message (expected ...)``."""
        return super().message(lang) + ":\n" + _indented(listing((p.render(lang) for p in self.problems), "\n", lang=lang))

    def line(self, lang: str = "en") -> str:
        """The problems on one line (the command line's reason)."""
        return listing((p.render(lang) for p in self.problems), "; ", lang=lang)


class EvaluationError(RegelruimteError):
    """Evaluation could not complete. The message names elements, never case values."""


class NoApplicableVersion(EvaluationError):
    """The case's reference date falls outside the validity period of the policy."""


class ScreeningError(RegelruimteError, ValueError):
    """The population cannot be screened: wrong column types or values (named, never shown)."""


class SignalsError(RegelruimteError, ValueError):
    """The event log or the policies cannot be run as signals (the message never holds a value)."""


class EngineError(RegelruimteError):
    """The signals engine failed; no partial result is returned.

    Raised with a code of the catalogue, or with a technical detail (in English: it is about the
    rulesets regelruimte generates for durable-rules, not about the input), code ``engine-failed``.
    """

    def __init__(self, text: Text | str, /, **params: object) -> None:
        super().__init__(Text("engine-failed", detail=text) if isinstance(text, str) and text not in MESSAGES else text, **params)
