# SPDX-License-Identifier: EUPL-1.2
"""A decision in parts: each part assessed on its own, the case-level result derived from them.

Each part is assessed as the policy of that part (:attr:`Policy.part_policies`): its own letter,
intent, tension, room and proportionality. The case-level result is derived from the parts and
never adds a finding of its own:

* the letter: ``granted`` when every part is granted, ``denied`` when every part is denied,
  ``partly_granted`` when some are and some are not, ``undetermined`` while a part is; its amount
  is the sum of the granted parts' amounts, its rules the shared rules and then each part's own;
* the tension: ``aligned`` when every part is; otherwise the strongest signal of a part
  (``letter_blocks_intent`` before ``letter_exceeds_intent``), else ``undetermined``. Which part
  carries it is in ``parts`` and on every option of the case-level room;
* the room: the parts' provisions and no-room signals, each naming its part; proportionality is
  a finding per adverse part only, so a disproportionate fine never makes the whole decision so;
* the questions and the controls: those of any part, once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SerializationInfo, field_serializer

from .._exact import in_context
from .._texts import CITIZEN
from ..model.base import LocalizedText, built, updated
from ..model.policy import Policy
from .control_needs import ControlNeed
from .data_items import DataItem
from .explain import citizen_text, closing_lines, shows_figures
from .intent import IntentResult, IntentVerdict, Tension
from .lazy_texts import LazyTexts, lazy
from .letter import LetterResult, Verdict
from .personal import values_shown
from .questions import Question
from .room import Room


class Texts(LazyTexts, BaseModel):
    """A citizen text in Dutch (B1) and English."""

    # a part's is written in each language when it is first read (:mod:`.lazy_texts`); the
    # docstring above is the OpenAPI schema's description

    model_config = ConfigDict(frozen=True)

    nl: str
    en: str

    _make: Any = PrivateAttr(default=None)


class PartAssessment(BaseModel):
    """One part of a decision (revocation, recovery, fine; a cost item): its own letter, intent,
    tension, room (with the proportionality of an adverse part) and citizen text."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: LocalizedText
    letter: LetterResult
    intent: IntentResult
    tension: Tension
    tension_regardless_of: list[str] = Field(default_factory=list)
    discretion: Room
    explanation: Texts
    explanation_values: Texts | None = Field(default=None, exclude=True, repr=False)
    """The citizen text with the figures of the case: serialised only when values are asked for."""
    # None when it says the same as explanation (shows_figures)

    @field_serializer("explanation")
    def _explanation(self, explanation: Texts, info: SerializationInfo) -> Texts:
        return (self.explanation_values if values_shown(info) and self.explanation_values is not None else explanation).filled()

    def explain(self, lang: str = "nl", *, show_values: bool = False) -> str:
        """The citizen text of this part in ``lang``."""
        text = (self.explanation_values or self.explanation) if show_values else self.explanation
        return text.en if lang == "en" else text.nl


def combined_verdict(verdicts: list[str]) -> Verdict:
    """The case-level letter of a decision in parts (see the module docstring)."""
    if not verdicts or "undetermined" in verdicts:
        return "undetermined"
    if all(v == "granted" for v in verdicts):
        return "granted"
    if all(v == "denied" for v in verdicts):
        return "denied"
    return "partly_granted"


def combined_intent_verdict(verdicts: list[str]) -> IntentVerdict:
    """The case-level intent of a decision in parts: like the letter, from the parts' verdicts."""
    if not verdicts or "undetermined" in verdicts:
        return "undetermined"
    if all(v == "served" for v in verdicts):
        return "served"
    if all(v == "not_served" for v in verdicts):
        return "not_served"
    return "partly_served"


def states_amount(view: Policy) -> bool:
    """Whether a part counts in the case's intent amount: its outcome has an amount and a purpose
    it answers to names the amount it calls for (a revocation without an amount does not count)."""
    return view.outcome.amount is not None and any(p.amount is not None for p in view.purposes)


def combined_intent(whole: IntentResult, parts: list[PartAssessment], states_amount: list[bool]) -> IntentResult:
    """Every purpose as the case gives it; the verdict from the parts, the amount the sum of what
    the purposes call for in the parts that count (:func:`states_amount`; None while one of those
    cannot be computed)."""
    with_amount = [p.intent.amount for p, stated in zip(parts, states_amount, strict=True) if stated]
    amount = None if not with_amount or any(a is None for a in with_amount) else sum((a for a in with_amount if a is not None), Decimal(0))
    verdict = combined_intent_verdict([p.intent.verdict for p in parts])
    regardless = [] if verdict == "undetermined" else sorted({f for p in parts for f in p.intent.regardless_of})
    return built(IntentResult, verdict=verdict, amount=amount, purposes=whole.purposes, regardless_of=regardless)


def combined_tension(tensions: list[str]) -> Tension:
    """The case-level tension of a decision in parts (see the module docstring)."""
    if tensions and all(t == "aligned" for t in tensions):
        return "aligned"
    for signal in ("letter_blocks_intent", "letter_exceeds_intent"):
        if signal in tensions:
            return signal
    return "undetermined"


def combined_amount(letters: list[LetterResult]) -> Decimal | None:
    """The sum of the granted parts' amounts; None when no granted part has one."""
    amounts = [le.amount for le in letters if le.verdict == "granted" and le.amount is not None]
    return sum(amounts, Decimal(0)) if amounts else None


def combined_room(parts: list[PartAssessment], note_of: Tension) -> Room:
    """The parts' provisions and no-room signals, each naming its part; no case-level proportionality."""
    options = [updated(o, {"part": p.id}) for p in parts for o in p.discretion.options]
    no_room = [updated(n, {"part": p.id}) for p in parts for n in p.discretion.no_room]
    notes = [p.discretion.note for p in parts]
    note = next((n for n in ("deviate_possible", "signal_only", "divergence_possible", "reviewer_signal") if n in notes), "none")
    # made by the library from values of the right types, every field given in the model's order: not validated again
    return built(Room, options=options, no_room=no_room, distances=[], proportionality=None, note=note if note_of != "aligned" else "none")


def part_result(view: Policy, a: Any, day: date) -> PartAssessment:
    """The assessment ``a`` of the policy of one part, as a part of the case (its citizen text
    without the questions and the objection line, which the case says once). The texts are written
    in each language when first read (:func:`.lazy_texts.lazy`); the one with figures exists only
    where it says more than the one without (:func:`shows_figures`)."""
    part = view.part
    assert part is not None

    # made by the library from values of the right types: no validation again
    return built(PartAssessment, id=part.id, title=part.title, letter=a.letter, intent=a.intent, tension=a.tension, tension_regardless_of=list(a.tension_regardless_of),
                 discretion=a.discretion, explanation=lazy(Texts, partial(_part_text, view, a, day, False)),
                 explanation_values=lazy(Texts, partial(_part_text, view, a, day, True)) if shows_figures(a.letter, a.discretion) else None)


@in_context
def _part_text(view: Policy, a: Any, day: date, show_values: bool, lang: str) -> str:
    """The citizen text of one part in ``lang`` (module-level: a closure decorated per case cost µs)."""
    return _without_objection(citizen_text(view, a.letter, a.tension, a.discretion, [], lang, day, show_values=show_values, data=None), lang)


def _without_objection(text: str, lang: str) -> str:
    """A part's citizen text: without the objection line (the case says it once), and its
    proportionality finding about this part, not the whole decision."""
    t = CITIZEN[lang]
    lines = [_of_part(line, t) for line in text.split("\n") if line not in (t["objection_nl"], t["objection_be"])]
    return "\n".join(lines)


def _of_part(line: str, t: dict[str, str]) -> str:
    for key in ("proportionate", "disproportionate"):
        if line == t[key]:
            return t[f"{key}_part"]
    head, _, tail = t["to_weigh"].partition("{decider}")
    if line.startswith(head) and line.endswith(tail):
        return t["to_weigh_part"].format(decider=line[len(head):len(line) - len(tail)])
    return line


def combined_letter(whole: LetterResult, parts: list[PartAssessment]) -> LetterResult:
    """The case-level letter: the shared rules, then each part's own rules; verdict and amount derived."""
    shared = {r.id for r in whole.rules}
    rules = [*whole.rules, *(r for p in parts for r in p.letter.rules if r.id not in shared)]
    letters = [p.letter for p in parts]
    verdict = combined_verdict([le.verdict for le in letters])
    # a part decided over the completions of missing facts makes the case so decided (issue 14 point 1)
    return built(LetterResult, verdict=verdict, amount=None if verdict == "undetermined" else combined_amount(letters), rules=rules,
                 regardless_of=[] if verdict == "undetermined" else sorted({f for le in letters for f in le.regardless_of}), amount_calculation=[], granted_for=[])


def combined_questions(per_part: list[list[Question]]) -> list[Question]:
    """Every part's questions, each fact asked once, in the order the parts ask them."""
    seen: set[str] = set()
    out: list[Question] = []
    for questions in per_part:
        for q in questions:
            if q.fact not in seen:
                seen.add(q.fact)
                out.append(q)
    return out


def combined_controls(per_part: list[list[ControlNeed]]) -> list[ControlNeed]:
    """Each control once: needed when a part needs it (with that part's reason)."""
    first = per_part[0] if per_part else []
    needed: dict[str, ControlNeed] = {}  # per control, the first part's need that is needed, in the parts' order
    for controls in per_part:
        for c in controls:
            if c.needed and c.id not in needed:
                needed[c.id] = c
    return [needed.get(base.id, base) for base in first]


def case_text(policy: Policy, parts: list[PartAssessment], questions: list[Question], lang: str, *, show_values: bool, data: list[DataItem]) -> str:
    """The citizen text of a decision in parts: each part under its title, then the questions, the
    data and the objection once."""
    t = CITIZEN[lang]
    lines = [t["parts_intro"].format(count=len(parts))]
    for i, p in enumerate(parts, start=1):
        lines.append("")
        lines.append(t["part_heading"].format(number=i, title=p.title.get(lang)))
        lines.append(p.explain(lang, show_values=show_values))
    lines.append("")
    # the data only when every part is decided; the objection as soon as one part is
    all_decided = all(p.letter.verdict != "undetermined" for p in parts)
    lines.extend(closing_lines(policy, questions, lang, data=data if all_decided else (),
                               objection=any(p.letter.verdict != "undetermined" for p in parts)))
    return "\n".join(line for line in lines).strip("\n")
