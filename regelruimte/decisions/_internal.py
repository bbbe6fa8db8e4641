# SPDX-License-Identifier: EUPL-1.2
"""The one door from the decision log into the rest of regelruimte's internals.

Everything else in this package uses the public facade (``import regelruimte as rr``). What the
facade does not offer (the keyed pseudonym, money formatting, the report stylesheet, the policy's
role names, the facts an assessment was computed from, and the library's decimal context) is reached here and only here, so a
restructure of the package moves one file's imports.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from .._display import Displayable, View, export, register
from .._exact import in_context
from ..assessment.result import PSEUDONYM_KEY_ENV, Assessment, pseudonym
from ..errors import RegelruimteError
from ..model.facts import Fact
from ..model.policy import Policy
from ..model.rules import Discretion
from ..model.sources import Source
from ..money import format_money, format_percent

__all__ = [
    "PSEUDONYM_KEY_ENV", "ROLES", "Assessment", "DecisionLogError", "Displayable", "Fact", "Policy", "Role", "Source", "View",
    "export", "facts_of", "format_money", "format_percent", "in_context", "policy_of", "pseudonym", "register",
]

Role = Literal["consulent", "teamleider", "college", "uitvoeringsorganisatie", "minister"]
"""Who took a decision: a role, never a person (the roles a policy's discretion names)."""
ROLES: tuple[str, ...] = get_args(Role)
assert set(ROLES) == set(get_args(Discretion.model_fields["decided_by"].annotation)), "the log's roles are the policy format's roles"


class DecisionLogError(RegelruimteError):
    """Bad input for the decision log: an unknown entry, a missing log, a reason holding a case value.

    The message is one line and never contains a case value.
    """


def facts_of(a: Assessment) -> dict[str, Any] | None:
    """The validated facts an assessment was computed from (None for one rebuilt from JSON)."""
    return a._facts


def policy_of(a: Assessment) -> Policy | None:
    """The policy an assessment was computed on (None for one rebuilt from JSON)."""
    return a._policy
