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
        rules, amount = tuple(r.id for r in letter.failed), False
    else:
        rules = tuple(r.id for r in letter.rules if r.result != "not_applicable")
        amount = letter.amount is not None and compiled.amount is not None
    # which facts those rules (and the amount) read, with their labels: a function of the policy and
    # the rule ids alone, kept per policy (a few hundred combinations at most)
    kept: dict[tuple[bool, tuple[str, ...]], tuple[tuple[str, LocalizedText], ...]] = compiled.analyses.setdefault("rests_on", {})
    used = kept.get((amount, rules))
    if used is None:
        names = set().union(*(compiled.rules[r].facts for r in rules))
        if amount and compiled.amount is not None:
            names |= compiled.amount.facts
        used = tuple((name, policy.facts[name].description) for name in sorted(names))
        if len(kept) >= 512:
            kept.clear()
        kept[(amount, rules)] = used
    return [built(DataItem, fact=name, label=label, provenance=provenance.get(name), value=facts[name]) for name, label in used if name in facts]
