# SPDX-License-Identifier: EUPL-1.2
"""Proportionality of an adverse outcome (recovery, revocation, sanction): the three-step test
of ABRvS 2 February 2022, ECLI:NL:RVS:2022:285 (suitable, necessary, balanced), with an intensity
that rises with the severity circumstances that hold for the case."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .._texts import ROOM
from ..compiler import compiled_policy
from ..conditions.evaluate import Env
from ..model.base import LocalizedText
from ..model.policy import Policy
from ..money import format_money
from .intent import IntentResult, tolerance
from .letter import LetterResult


class Step(BaseModel):
    """One step of the three-step proportionality test (ABRvS 2 February 2022, ECLI:NL:RVS:2022:285)."""

    model_config = ConfigDict(frozen=True)

    step: Literal["suitable", "necessary", "balanced"]
    finding: Literal["yes", "no", "to_weigh"]
    known: list[LocalizedText] = Field(default_factory=list)
    to_weigh: list[LocalizedText] = Field(default_factory=list)


class Proportionality(BaseModel):
    """For adverse outcomes: suitable, necessary, balanced, with the intensity of review."""

    model_config = ConfigDict(frozen=True)

    intensity: Literal["low", "medium", "high"]
    severity: list[str]
    """Ids of the severity circumstances that hold for this case."""
    steps: list[Step]


# -- proportionality -------------------------------------------------------------------------------
def weigh_proportionality(policy: Policy, letter: LetterResult, intent: IntentResult, env: Env) -> Proportionality:
    compiled = compiled_policy(policy)
    severe = [s.id for s in policy.outcome.severity if compiled.severity[s.id].fn(env) is True]
    unknown_severity = [s for s in policy.outcome.severity if compiled.severity[s.id].fn(env) is None]
    intensity: Literal["low", "medium", "high"] = "high" if len(severe) >= 2 else "medium" if severe else "low"
    texts = {s.id: s.text for s in policy.outcome.severity}
    titles = {lang: ", ".join(p.title.get(lang) for p in policy.purposes) or ROOM["purpose"][i] for i, lang in enumerate(("nl", "en"))}

    if intent.verdict == "served":
        suitable = Step(step="suitable", finding="yes", known=[bilingual("suitable_yes", titles=titles)])
    elif intent.verdict == "not_served":
        suitable = Step(step="suitable", finding="no", known=[bilingual("suitable_no", titles=titles)])
    else:
        suitable = Step(step="suitable", finding="to_weigh", to_weigh=[bilingual("suitable_unknown")])

    if letter.amount is not None and intent.amount is not None and letter.amount - intent.amount > tolerance(policy):
        amounts = {lang: format_money(intent.amount, lang) for lang in ("nl", "en")}, {lang: format_money(letter.amount, lang) for lang in ("nl", "en")}
        necessary = Step(step="necessary", finding="no", known=[bilingual("necessary_no", purpose=amounts[0], letter=amounts[1])])
    else:
        lighter = [d.title for d in policy.discretion if d.direction in ("citizen_favour", "both")]
        necessary = Step(step="necessary", finding="to_weigh", known=[bilingual("lighter", title={"nl": t.nl, "en": t.get("en")}) for t in lighter],
                         to_weigh=[bilingual("necessary_weigh")])
    balanced = Step(
        step="balanced",
        finding="to_weigh",
        known=[texts[s] for s in severe],
        to_weigh=[bilingual("balanced_weigh")] + [bilingual("still_unknown", text={"nl": s.text.nl, "en": s.text.get("en")}) for s in unknown_severity],
    )
    return Proportionality(intensity=intensity, severity=severe, steps=[suitable, necessary, balanced])


def bilingual(key: str, **values: dict[str, str]) -> LocalizedText:
    """A text of the catalogue in Dutch and English, each filled with its own language's values."""
    nl, en = ROOM[key]
    return LocalizedText(nl=nl.format(**{k: v["nl"] for k, v in values.items()}), en=en.format(**{k: v["en"] for k, v in values.items()}))
