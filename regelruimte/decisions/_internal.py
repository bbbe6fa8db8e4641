# SPDX-License-Identifier: EUPL-1.2
"""The one door from the decision log into the rest of regelruimte's internals.

Everything else in this package uses the public facade (``import regelruimte as rr``). What the
facade does not offer (the keyed pseudonym, money formatting, the report stylesheet, the policy's
role names, the facts an assessment was computed from, the library's decimal context, and the base class of
results that hide fact values) is reached here and only here, so a
restructure of the package moves one file's imports.
"""

from __future__ import annotations

from typing import Any, Literal, get_args

from .._display import Displayable, View, export, register
from .._exact import in_context
from ..assessment.personal import HidesValues
from ..assessment.result import PSEUDONYM_KEY_ENV, Assessment, fill_texts, pseudonym
from ..errors import RegelruimteError
from ..model.facts import Fact
from ..model.policy import Policy
from ..model.rules import Discretion
from ..model.sources import Source
from ..money import format_money, format_percent

__all__ = [
    "PSEUDONYM_KEY_ENV", "ROLES", "Assessment", "DecisionLogError", "Displayable", "Fact", "HidesValues", "Policy", "Role", "Source", "View",
    "export", "facts_of", "fill_texts", "format_money", "format_percent", "in_context", "policy_of", "policy_sha256", "pseudonym", "register",
]

Role = Literal["consulent", "teamleider", "college", "uitvoeringsorganisatie", "minister"]
"""Who took a decision: a role, never a person (the roles a policy's discretion names)."""
ROLES: tuple[str, ...] = get_args(Role)
assert set(ROLES) == set(get_args(Discretion.model_fields["decided_by"].annotation)), "the log's roles are the policy format's roles"


class DecisionLogError(RegelruimteError):
    """Bad input for the decision log: an unknown entry, a missing log, a reason holding a case value.

    The message is one line and never contains a case value.
    """


def _private(model: Assessment | Policy) -> dict[str, Any]:
    """A model's private attributes, read directly (``model._x`` goes through pydantic's
    ``__getattr__``, about 10 µs a read: a tenth of what recording an entry may cost)."""
    private: dict[str, Any] = model.__pydantic_private__  # type: ignore[assignment]
    return private


def facts_of(a: Assessment) -> dict[str, Any] | None:
    """The validated facts an assessment was computed from (None for one rebuilt from JSON)."""
    facts: dict[str, Any] | None = _private(a)["_facts"]
    return facts


def policy_of(a: Assessment) -> Policy | None:
    """The policy an assessment was computed on (None for one rebuilt from JSON)."""
    policy: Policy | None = _private(a)["_policy"]
    return policy


def policy_sha256(policy: Policy) -> str:
    """``policy.sha256``, read directly."""
    sha: str = _private(policy)["_sha256"]
    return sha
