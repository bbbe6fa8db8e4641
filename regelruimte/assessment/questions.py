# SPDX-License-Identifier: EUPL-1.2
"""What to ask: the missing facts that can still change the letter or the intent, in that order;
facts that cannot change anything are not asked. A fact a government register holds is marked to
be looked up, not asked (the once-only principle, Participatiewet art. 17 lid 1, Wet BRP art. 1.8).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..compiler import compiled_policy
from ..model.base import LocalizedText, built
from ..model.case import expected_text
from ..model.policy import Policy
from .intent import IntentResult
from .letter import LetterResult


class Question(BaseModel):
    """A missing fact that can still change the outcome, with the question to ask."""

    model_config = ConfigDict(frozen=True)

    fact: str
    question: LocalizedText | None
    description: LocalizedText
    expected: str
    held_by: list[str]
    """The registers that hold the fact for the moment the decision needs it."""
    ask_citizen: bool
    """False when a government register holds the fact for the moment the decision needs it: look it
    up instead of asking (a bank balance of last 31 December does not answer today's)."""
    decides: Literal["letter", "intent"]
    waiting: list[str] = Field(default_factory=list)
    """The rules, purposes or amounts that wait for this fact."""


def questions_for(policy: Policy, letter: LetterResult, intent: IntentResult, amount_missing: list[str], tension: str = "undetermined") -> list[Question]:
    """The missing facts that can still change the letter (first) or the tension: a purpose's facts
    are asked only while the tension is open (when every answer gives the same tension, they
    change nothing)."""
    waiting: dict[str, tuple[list[int], list[str]]] = {}  # per fact: its best rank (in a list, to lower it in place) and the elements waiting

    def add(fact: str, rank: int, element: str) -> None:
        entry = waiting.get(fact)
        if entry is None:
            waiting[fact] = ([rank], [element])
        else:
            entry[0][0] = min(entry[0][0], rank)
            entry[1].append(element)

    if letter.verdict == "undetermined":
        for r in letter.rules:
            for f in r.missing:
                add(f, 0, r.id)
        for f in amount_missing:
            add(f, 0, "bedrag")
    for p in intent.purposes:
        # an undetermined purpose test, or a purpose amount still unknown, waits for these facts
        if tension != "undetermined":
            break
        if intent.verdict == "undetermined" or (p.result == "served" and p.amount is None and p.missing):
            for f in p.missing:
                add(f, 1, p.id)
    if not waiting:
        return []
    order, asked = _asking(policy)
    out = []
    for fact, ([rank], elements) in sorted(waiting.items(), key=lambda kv: (kv[1][0][0], -len(kv[1][1]), order[kv[0]])):
        question, description, expected, held = asked[fact]
        # made by the library from values of the right types, every field given in the model's order: not validated again
        out.append(built(Question, fact=fact, question=question, description=description, expected=expected, held_by=list(held),
                         ask_citizen=not held, decides="letter" if rank == 0 else "intent", waiting=sorted(set(elements))))
    return out


def _asking(policy: Policy) -> tuple[dict[str, int], dict[str, tuple[LocalizedText | None, LocalizedText, str, tuple[str, ...]]]]:
    """Per fact of the policy: its place in the policy's order, and what a question about it says
    (the question, the description, what a value must look like, the registers that hold it for
    the moment the decision needs it). A pure function of the policy: made once per compiled policy."""
    kept = compiled_policy(policy).analyses
    asking = kept.get("asking")
    if asking is None:
        asking = kept["asking"] = ({name: i for i, name in enumerate(policy.facts)},
                                   {name: (spec.question, spec.description, expected_text(spec), tuple(spec.held_for_decision())) for name, spec in policy.facts.items()})
    return asking
