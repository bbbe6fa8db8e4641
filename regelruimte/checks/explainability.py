# SPDX-License-Identifier: EUPL-1.2
"""Can a control be explained to a citizen? One answer, used by the assessment and the review.

"If you cannot explain to a citizen why you check something, it is not needed." A control is
explainable here when it has a citizen explanation that reads at B1 (a calibrated heuristic, see
:mod:`regelruimte.checks.readability`), says *why* (:mod:`regelruimte.checks.reasons`), serves a
stated purpose and has a legal basis.
"""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from ..model.policy import Policy
from ..model.rules import Control
from .readability import EXPLANATION_THRESHOLDS, Readability, analyse
from .reasons import explains_why


class Explainability(BaseModel):
    """Whether one control can be explained, and why not."""

    model_config = ConfigDict(frozen=True)

    explainable: bool
    reasons: list[str]
    """Stable codes: no-explanation, not-b1, no-why, no-purpose, no-legal-basis."""
    readability: Readability | None = None


@functools.lru_cache(maxsize=1024)
def _analysed(text: str) -> Readability:
    """The readability of a citizen explanation (:data:`EXPLANATION_THRESHOLDS`): a pure function of
    the text, so it is computed once per text, however often a policy is assessed."""
    return analyse(text, thresholds=EXPLANATION_THRESHOLDS)


def control_explainability(control: Control) -> Explainability:
    """Judge one control's explanation (a heuristic for readability, a fact for the rest)."""
    reasons: list[str] = []
    readability = None
    text = control.explanation.nl if control.explanation is not None else ""
    if not text.strip():
        reasons.append("no-explanation")
    else:
        readability = _analysed(text)
        if not readability.b1_ok:
            reasons.append("not-b1")
        if not explains_why(text) and not control.asks_nothing:
            reasons.append("no-why")  # a control that asks nothing has nothing to explain the why of
    if not control.serves:
        reasons.append("no-purpose")
    if control.source is None:
        reasons.append("no-legal-basis")
    return Explainability(explainable=not reasons, reasons=reasons, readability=readability)


def explainable_controls(policy: Policy) -> dict[str, Explainability]:
    """Every control's explainability (the readability of each text is analysed once per process)."""
    return {c.id: control_explainability(c) for c in policy.controls}
