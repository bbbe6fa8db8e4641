# SPDX-License-Identifier: EUPL-1.2
"""The data a decision rests on: each fact it used, where that fact came from and its date.

An automatic decision names the data items it rests on (the facts the failed rules read for a
refusal; the facts every applicable rule and the amount read otherwise), each with the
provenance the case gave for it (:class:`~regelruimte.model.case.FactSource`: register or
document, as-of date, supplied by the citizen or an official). The value is the case's own, so
it is only written when values are asked for (:mod:`.personal`).
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field

from ..compiler import compiled_policy
from ..model.base import LocalizedText, built
from ..model.case import FactSource
from ..model.policy import Policy
from .letter import LetterResult
from .personal import HidesValues


class DataItem(HidesValues):
    """One fact a decision rests on, with where it came from (never its value, unless asked).

    Example:
        >>> item = DataItem(fact="netto_inkomen", label=LocalizedText(nl="Netto inkomen per maand"), value="1400.00")
        >>> "value" in item.model_dump()
        False
    """

    model_config = ConfigDict(frozen=True)
    personal_fields = ("value",)

    fact: str
    label: LocalizedText
    """The fact's description in the policy."""
    provenance: FactSource | None = None
    """Where the case says it came from; None when the case did not say."""
    value: Any = Field(default=None, repr=False)
    """The case's value (personal data): left out unless values are asked for."""


def rests_on(policy: Policy, letter: LetterResult, facts: dict[str, Any], provenance: dict[str, FactSource]) -> list[DataItem]:
    """The known facts the letter's outcome rests on, by name, each with its provenance."""
    compiled = compiled_policy(policy)
    if letter.verdict == "denied":
        used = set().union(*(compiled.rules[r.id].facts for r in letter.failed))
    else:
        used = set().union(*(compiled.rules[r.id].facts for r in letter.rules if r.result != "not_applicable"))
        if letter.amount is not None and compiled.amount is not None:
            used |= compiled.amount.facts
    return [built(DataItem, fact=name, label=policy.facts[name].description, provenance=provenance.get(name), value=facts[name])
            for name in sorted(used) if name in facts]
