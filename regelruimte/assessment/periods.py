# SPDX-License-Identifier: EUPL-1.2
"""A regulation applied per period: each period of the case assessed on its own, the case-level
result derived from the periods.

A policy that declares ``periods`` lets a case list its periods (``Case.periods``: start, end and
the facts of that period). Each period is the case with that period's facts added, assessed as a
whole (with its parts, if the decision has parts). The case-level result:

* the letter: ``granted`` when every period is granted, ``denied`` when none is, ``partly_granted``
  when some are: a verdict of its own, with ``granted_for``, the spans of consecutive granted
  periods ("granted for the period from ... to ..."); ``undetermined`` while a period is; the
  amount is the sum of the granted periods' amounts;
* each rule: ``passed`` when it passes in every period, ``failed`` when it fails in one (and is
  known in all), ``unknown`` while it is unknown in one, ``not_applicable`` when it applies in none;
* the intent and the tension as for parts (:mod:`.parts`), the room the periods' provisions once.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializationInfo, field_serializer

from .._texts import CITIZEN
from ..model.base import built
from ..money import format_money
from .intent import IntentResult, Tension
from .letter import LetterResult, RuleResult, Span
from .parts import PartAssessment, Texts, combined_amount, combined_intent_verdict, combined_tension, combined_verdict
from .personal import values_shown
from .room import Room


class PeriodAssessment(BaseModel):
    """One period of the case: its own letter (verdict and amount), intent, tension and room, and
    its parts when the decision has parts."""

    model_config = ConfigDict(frozen=True)

    start: date
    end: date
    """The last day of the period (included)."""
    letter: LetterResult
    intent: IntentResult
    tension: Tension
    tension_regardless_of: list[str] = Field(default_factory=list)
    """The missing facts this period's tension holds whatever their values (as for the case)."""
    discretion: Room
    parts: list[PartAssessment] = Field(default_factory=list)
    explanation: Texts
    explanation_values: Texts | None = Field(default=None, exclude=True, repr=False)

    @field_serializer("explanation")
    def _explanation(self, explanation: Texts, info: SerializationInfo) -> Texts:
        return (self.explanation_values if values_shown(info) and self.explanation_values is not None else explanation).filled()

    def explain(self, lang: str = "nl", *, show_values: bool = False) -> str:
        """The citizen text of this period in ``lang``."""
        text = (self.explanation_values or self.explanation) if show_values else self.explanation
        return text.en if lang == "en" else text.nl


def period_result(start: date, end: date, a: Any) -> PeriodAssessment:
    """The assessment ``a`` of the case with one period's facts, as a period of the case."""
    plain = Texts(nl=_body(a.explain("nl"), "nl"), en=_body(a.explain("en"), "en"))
    values = Texts(nl=_body(a.explain("nl", show_values=True), "nl"), en=_body(a.explain("en", show_values=True), "en"))
    return PeriodAssessment(start=start, end=end, letter=a.letter, intent=a.intent, tension=a.tension, tension_regardless_of=a.tension_regardless_of,
                            discretion=a.discretion, parts=a.parts,
                            explanation=plain, explanation_values=values if values != plain else None)


def _body(text: str, lang: str) -> str:
    """A period's text without what the case says once: the questions and the objection line."""
    t = CITIZEN[lang]
    out: list[str] = []
    skipping = False
    for line in text.split("\n"):
        if line in (t["need"], t["lookup"], t["objection_nl"], t["objection_be"]):
            skipping = line == t["need"]
            continue
        if skipping and line.startswith("- "):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out).strip("\n")


def granted_spans(periods: list[PeriodAssessment]) -> list[Span]:
    """The granted periods, consecutive ones (the next starts the day after) joined into one span."""
    spans: list[Span] = []
    for p in periods:
        if p.letter.verdict != "granted":
            continue
        if spans and spans[-1].end + timedelta(days=1) == p.start:
            spans[-1] = Span(start=spans[-1].start, end=p.end)
        else:
            spans.append(Span(start=p.start, end=p.end))
    return spans


def combined_rule(results: list[str]) -> str:
    """A rule over the periods (see the module docstring)."""
    applied = [r for r in results if r != "not_applicable"]
    if not applied:
        return "not_applicable"
    if "unknown" in applied:
        return "unknown"
    return "failed" if "failed" in applied else "passed"


def periods_letter(periods: list[PeriodAssessment]) -> LetterResult:
    """The case-level letter of a case in periods."""
    first = periods[0].letter.rules
    rules: list[RuleResult] = []
    for i, rule in enumerate(first):
        own = [p.letter.rules[i] for p in periods]
        rules.append(rule.model_copy(update={"result": combined_rule([r.result for r in own]), "values": {}, "calculation": [], "regardless_of": [],
                                             "missing": sorted({f for r in own for f in r.missing})}))
    letters = [p.letter for p in periods]
    verdict = combined_verdict([le.verdict for le in letters])
    return built(LetterResult, verdict=verdict, amount=None if verdict == "undetermined" else combined_amount(letters), rules=rules, regardless_of=[], amount_calculation=[],
                 granted_for=granted_spans(periods) if verdict == "partly_granted" else [])


def periods_intent(periods: list[PeriodAssessment]) -> IntentResult:
    """The case-level intent: the verdict from the periods, the purposes as the first period has them."""
    amounts = [p.intent.amount for p in periods]
    amount = None if any(a is None for a in amounts) else sum(a for a in amounts if a is not None)
    return built(IntentResult, verdict=combined_intent_verdict([p.intent.verdict for p in periods]), amount=amount, purposes=periods[0].intent.purposes,
                 regardless_of=[])


def periods_tension(periods: list[PeriodAssessment]) -> Tension:
    return combined_tension([p.tension for p in periods])


def periods_room(periods: list[PeriodAssessment], tension: Tension) -> Room:
    """The periods' provisions and no-room signals, each once (by id and part)."""
    options = list({(o.id, o.part): o for p in periods for o in p.discretion.options}.values())
    no_room = list({(n.rule, n.part): n for p in periods for n in p.discretion.no_room}.values())
    notes = [p.discretion.note for p in periods]
    note = next((n for n in ("deviate_possible", "signal_only", "divergence_possible", "reviewer_signal") if n in notes), "none")
    return Room(options=options, no_room=no_room, note=note if tension != "aligned" else "none")  # type: ignore[arg-type]


def day_text(day: date, lang: str) -> str:
    """A date as a citizen reads it: 12 maart 2020, 12 March 2020."""
    return f"{day.day} {CITIZEN[lang]['months'].split()[day.month - 1]} {day.year}"


def periods_text(periods: list[PeriodAssessment], label: dict[str, str], lang: str, *, show_values: bool) -> list[str]:
    """The citizen text of a case in periods: the granted spans, then each period under its dates."""
    t = CITIZEN[lang]
    lines = [t["periods_intro"].format(count=len(periods)) if len(periods) != 1 else t["period_intro"]]
    letters = [p.letter for p in periods]
    verdict = combined_verdict([le.verdict for le in letters])
    if verdict == "partly_granted":
        for span in granted_spans(periods):
            lines.append(t["granted_for"].format(label=label["granted"], start=day_text(span.start, lang), end=day_text(span.end, lang)))
        total = combined_amount(letters)
        if total is not None:
            lines.append(t["periods_total"].format(amount=format_money(total, lang)))
    runs: list[tuple[date, date, str]] = []  # consecutive periods with the same text and no amount read as one
    for p in periods:
        text = p.explain(lang, show_values=show_values)
        if runs and p.letter.amount is None and runs[-1][2] == text and runs[-1][1] + timedelta(days=1) == p.start:
            runs[-1] = (runs[-1][0], p.end, text)
        else:
            runs.append((p.start, p.end, text))
    for start, end, text in runs:
        lines.append("")
        lines.append(t["period_heading"].format(start=day_text(start, lang), end=day_text(end, lang)))
        lines.append(text)
    return lines
