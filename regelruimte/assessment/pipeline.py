# SPDX-License-Identifier: EUPL-1.2
"""``assess(policy, case)``: one case against one regulation, step by step.

The case is validated against the policy's facts; then the letter (:mod:`.letter`), the intent
and the tension between them (:mod:`.intent`), the room the law gives (:mod:`.room`, with
:mod:`.flips` and :mod:`.proportionality`), the questions still to ask (:mod:`.questions`), the
controls this case needs (:mod:`.control_needs`) and the citizen text (:mod:`.explain`) make the
:class:`~regelruimte.assessment.result.Assessment`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import partial
from typing import Any, NamedTuple

from .._exact import in_context
from .._messages import Text
from ..checks.controls import control_verdicts
from ..compiler import compiled_policy
from ..errors import CaseError, FactProblem, NoApplicableVersion
from ..loading.policy import load_policy
from ..model.base import built
from ..model.case import Case, as_case, unknown_facts
from ..model.policy import Policy
from .completions import Completions, analyse, waiting_facts
from .control_needs import control_needs
from .data_items import rests_on
from .directions import decide_by_direction
from .explain import citizen_text, closing_lines
from .intent import IntentResult, evaluate_intent, tension_of
from .lazy_texts import lazy
from .letter import LetterResult, evaluate_letter, missing_facts
from .lifting import lift
from .log_sink import AssessmentLog
from .parts import (
    case_text,
    combined_controls,
    combined_intent,
    combined_letter,
    combined_questions,
    combined_room,
    combined_tension,
    part_result,
    states_amount,
)
from .periods import period_result, periods_intent, periods_letter, periods_room, periods_tension, periods_text
from .questions import questions_for
from .result import LIBRARY_VERSION, Assessment, Explanation, LazyExplanation, Provenance, assess_again_with, pseudonym
from .room import room_for


@in_context
def assess(policy: Policy | str | os.PathLike[str], case: Case | Mapping[str, Any], *, key: bytes | str | None = None,
           log: AssessmentLog | None = None) -> Assessment:
    """Assess one case against one regulation, on the letter and on the intent.

    Args:
        policy: A loaded policy (:func:`regelruimte.load_policy`), or the path of a policy file,
            which is loaded first (handy in a notebook; load once to assess many cases).
        case: A :class:`Case` or ``{"date": "2026-03-01", "facts": {...}, "id": "..."}``.
        key: The pseudonym key for the case id (default ``$REGELRUIMTE_PSEUDONYM_KEY``).
        log: Record the assessment in this log once it is made: a :class:`regelruimte.DecisionLog`
            appends an entry of kind ``assessed`` (no decision yet; values left out as for every
            entry). Without it ``assess`` does no I/O.

    Returns:
        The :class:`Assessment`. Missing facts make it undetermined, with the questions to ask.

    Raises:
        PolicyLoadError: ``policy`` is a path and the file is missing or not a valid policy.
        CaseError: a fact is unknown to the policy or has the wrong type (named, value never shown).
        NoApplicableVersion: the reference date is outside the policy's validity.
        DecisionLogError: with ``log``: the case has no id or no pseudonym key, or the log refused
            the entry (the assessment is not recorded then).

    Example:
        >>> a = rr.assess(policy, {"date": "2026-03-01", "facts": {"netto_inkomen": "1420.00"}})  # doctest: +SKIP
        >>> a.letter.verdict, a.intent.verdict, a.tension  # doctest: +SKIP
    """
    if type(policy) is not Policy and isinstance(policy, (str, os.PathLike)):  # os.PathLike's check is an ABC's: not on every case
        policy = load_policy(os.fspath(policy))
    c = as_case(case)
    compiled = compiled_policy(policy)
    facts = compiled.facts.validate(c.facts)
    if c.provenance and set(c.provenance) - set(policy.facts):  # counted, never named (a caller may key by BSN)
        raise CaseError([unknown_facts(set(c.provenance) - set(policy.facts), policy.facts, "the provenance")], policy.id)
    # already in the library's decimal context: assess_case's own wrapper would only enter it again
    result = assess_periods(policy, c, key) if c.periods else _assess_case(policy, facts, c, key)
    if log is not None:
        log.record_assessment(result)
    return result


def _assess_case(policy: Policy, facts: dict[str, Any], c: Case, key: bytes | str | None) -> Assessment:
    """Assess a case whose facts are already validated against ``policy`` (``assess_all`` validates
    one household's facts per regulation). A decision in parts is assessed per part (:mod:`.parts`)."""
    day = c.date
    if not policy.applies_on(day):
        until = policy.valid_until.isoformat() if policy.valid_until else Text("open-end")
        raise NoApplicableVersion("date-outside-policy", date=day.isoformat(), policy=repr(policy.id), version=policy.version,
                                  start=policy.valid_from.isoformat(), until=until)
    if not policy.part_policies:
        return _assess_one(policy, facts, c, key)
    # of the whole decision the case keeps only the rules and purposes as the case gives them
    # (:func:`in_parts`); its room, questions, controls and texts would be made and thrown away
    whole = _decide(policy, facts, day)
    per_part = [_assess_part(view, facts, c, whole.env if _same_derived(policy, view) else None) for view in policy.part_policies]
    return in_parts(policy, whole.letter, whole.intent, per_part, day, _provenance(policy, day), pseudonym(c.id, key) if c.id else None, facts)


assess_case = in_context(_assess_case)


class _Decided(NamedTuple):
    """The letter, intent and tension of one policy on a case, with what the rest of an assessment
    is made from (the environment, the analysis over the completions of missing facts). A named
    tuple: made on every case, and a frozen dataclass sets each field through object.__setattr__."""

    env: Any
    letter: LetterResult
    intent: IntentResult
    amount_missing: list[str]
    tension: Any
    possible: Completions | None
    regardless: list[str]


class _Part(NamedTuple):
    """What :func:`in_parts` reads of the assessment of one part (the part's own citizen text is
    made by :func:`part_result`, so none is made here)."""

    letter: LetterResult
    intent: IntentResult
    tension: Any
    tension_regardless_of: list[str]
    discretion: Any
    questions: list[Any]
    controls: list[Any]
    data: list[Any]


def _provenance(policy: Policy, day: Any) -> Provenance:
    """A function of the policy and the reference date alone, and frozen: one per policy and day,
    shared by the assessments of that day (as they share the policy's texts and source references)."""
    kept: dict[Any, Provenance] = compiled_policy(policy).analyses.setdefault("provenance", {})
    provenance = kept.get(day)
    if provenance is None:
        if len(kept) >= 64:
            kept.clear()
        # made by the library from values of the right types: not validated again
        provenance = kept[day] = built(Provenance, policy_id=policy.id, policy_version=policy.version, policy_title=policy.title, valid_from=policy.valid_from,
                                       valid_until=policy.valid_until, policy_sha256=policy.sha256, reference_date=day, library_version=LIBRARY_VERSION)
    return provenance


def _same_derived(policy: Policy, view: Policy) -> bool:
    """Whether the policy of a part computes every derived value as the whole policy does (the same
    names, expressions, kinds of names and parameters): then a value the whole decision computed
    for a case is that part's value too. A pure function of the two policies, kept on the part's."""
    kept = compiled_policy(view).analyses
    same = kept.get("same_derived_as_whole")
    if same is None:
        whole, part = compiled_policy(policy), compiled_policy(view)
        same = kept["same_derived_as_whole"] = (whole.derived.keys() == part.derived.keys() and whole.kinds == part.kinds and whole.timelines == part.timelines
                                                and all(whole.derived[n].text == e.text for n, e in part.derived.items()))
    return bool(same)


def _assess_part(view: Policy, facts: dict[str, Any], c: Case, seed: Any = None) -> _Part:
    """The policy of one part on the case: as :func:`_assess_one`, without the citizen text.
    ``seed``: the whole decision's environment on the case, when the part computes every derived
    value as the whole does (:func:`_same_derived`): its values are not computed again."""
    d = _decide(view, facts, c.date, seed)
    room = room_for(view, d.letter, d.intent, d.tension, d.env, facts, c.date, d.possible)
    questions = questions_for(view, d.letter, d.intent, d.amount_missing, d.tension)
    controls = control_needs(view, facts, c.date, questions, _explainable(view), d.env)
    return _Part(d.letter, d.intent, d.tension, d.regardless, room, questions, controls, rests_on(view, d.letter, facts, c.provenance))


def _explainable(policy: Policy) -> dict[str, bool]:
    """Per control, whether it can be explained (as the review says): a pure function of the
    policy, kept on the compiled policy (read only by :func:`control_needs`)."""
    kept = compiled_policy(policy).analyses
    explainable: dict[str, bool] | None = kept.get("explainable")
    if explainable is None:
        explainable = kept["explainable"] = {cid: v.explainable for cid, v in control_verdicts(policy).items()}
    return explainable


def _decide(policy: Policy, facts: dict[str, Any], day: Any, seed: Any = None) -> _Decided:
    """Letter, intent and tension: point-wise, then over the completions of the missing facts.
    ``seed``: an environment of the same facts and day whose derived values are this policy's too."""
    compiled = compiled_policy(policy)
    env = compiled.env(facts, day)
    if seed is not None:
        env.cache.update(seed.cache)
    letter = evaluate_letter(policy, facts, day, env=env)
    intent = evaluate_intent(policy, facts, day, env)
    amount_missing = missing_facts(compiled.amount, facts, env, compiled) if compiled.amount is not None and letter.verdict == "undetermined" else []
    tension = tension_of(policy, letter, intent)
    possible = None
    regardless: list[str] = []
    if tension == "undetermined":  # unknown is not no: reason over every completion of the missing facts
        possible = analyse(policy, facts, day)
        waiting = waiting_facts(letter, intent, amount_missing)
        letter, intent, amount_missing = lift(policy, facts, letter, intent, possible, amount_missing)
        if letter.verdict == "undetermined" or intent.verdict == "undetermined":
            letter, intent = decide_by_direction(policy, facts, day, letter, intent, waiting, possible.box)
            if letter.verdict != "undetermined":
                amount_missing = []
        tension = tension_of(policy, letter, intent)
        if tension == "undetermined" and possible.tension not in (None, "undetermined"):
            tension = possible.tension  # type: ignore[assignment]
        if tension != "undetermined":
            regardless = waiting
    return _Decided(env, letter, intent, amount_missing, tension, possible, regardless)


def _assess_one(policy: Policy, facts: dict[str, Any], c: Case, key: bytes | str | None) -> Assessment:
    """One policy on the case: letter, intent, tension, room, questions, controls and citizen text."""
    day = c.date
    d = _decide(policy, facts, day)
    env, letter, intent, amount_missing, tension, possible, regardless = d.env, d.letter, d.intent, d.amount_missing, d.tension, d.possible, d.regardless
    room = room_for(policy, letter, intent, tension, env, facts, day, possible)
    questions = questions_for(policy, letter, intent, amount_missing, tension)
    controls = control_needs(policy, facts, day, questions, _explainable(policy), env)
    provenance = _provenance(policy, day)
    data = rests_on(policy, letter, facts, c.provenance)

    # each language written when first read (module-level makers: a closure decorated per case cost µs)
    explanation = lazy(Explanation, partial(_text, policy, letter, tension, room, questions, day, data, False))
    with_figures = LazyExplanation(partial(_with_figures, policy, letter, tension, room, questions, day, data, explanation))

    # made by the library from values of the right types: not validated again
    result = built(Assessment, case_ref=pseudonym(c.id, key) if c.id else None, letter=letter, intent=intent, tension=tension, tension_regardless_of=regardless,
                   discretion=room, controls=controls, questions=questions, explanation=explanation, provenance=provenance, data=data, parts=[], periods=[])
    _keep(result, policy, facts, with_figures)
    return result


@in_context
def _text(policy: Policy, letter: LetterResult, tension: str, room: Any, questions: list[Any], day: Any, data: list[Any], show_values: bool, lang: str) -> str:
    """The citizen text of one decision in ``lang``."""
    return citizen_text(policy, letter, tension, room, questions, lang, day, show_values=show_values, data=data)


@in_context
def _with_figures(policy: Policy, letter: LetterResult, tension: str, room: Any, questions: list[Any], day: Any, data: list[Any],
                  plain: Explanation) -> Explanation | None:
    """The citizen text of one decision with the figures of the case; None when it says the same as ``plain``."""
    text = built(Explanation, nl=_text(policy, letter, tension, room, questions, day, data, True, "nl"), en=_text(policy, letter, tension, room, questions, day, data, True, "en"))
    return text if text != plain else None


def _keep(result: Assessment, policy: Policy, facts: dict[str, Any], with_values: Explanation | LazyExplanation | None) -> None:
    """Set the assessment's private attributes directly (pydantic's __setattr__ costs µs each)."""
    private = result.__pydantic_private__
    assert private is not None  # built() sets the defaults
    private["_policy"], private["_facts"], private["_explanation_values"] = policy, facts, with_values


def in_parts(policy: Policy, whole_letter: LetterResult, whole_intent: IntentResult, per_part: list[Any], day: Any, provenance: Provenance,
             case_ref: str | None, facts: dict[str, Any]) -> Assessment:
    """The case-level assessment of a decision in parts, derived from the parts' assessments
    (the whole decision's letter and intent give the rules and purposes as the case gives them)."""
    data = list({d.fact: d for a in per_part for d in a.data}.values())
    parts = [part_result(view, a, day) for view, a in zip(policy.part_policies, per_part, strict=True)]
    tension = combined_tension([p.tension for p in parts])
    questions = combined_questions([a.questions for a in per_part])
    explanation = lazy(Explanation, partial(_case_text, policy, parts, questions, data, False))  # each language written when first read
    # with figures only a part's text can differ (case_text passes show_values to the parts alone)
    with_values = None if all(p.explanation_values is None for p in parts) else LazyExplanation(partial(_case_with_figures, policy, parts, questions, data, explanation))
    # made by the library from values of the right types: not validated again
    result = built(Assessment, case_ref=case_ref, letter=combined_letter(whole_letter, parts), intent=combined_intent(whole_intent, parts, [states_amount(view) for view in policy.part_policies]), tension=tension,
                   tension_regardless_of=[] if tension == "undetermined" else sorted({f for p in parts for f in p.tension_regardless_of}), discretion=combined_room(parts, tension), controls=combined_controls([a.controls for a in per_part]), questions=questions,
                   explanation=explanation, provenance=provenance, data=data, parts=parts, periods=[])
    _keep(result, policy, facts, with_values)
    return result


@in_context
def _case_text(policy: Policy, parts: list[Any], questions: list[Any], data: list[Any], show_values: bool, lang: str) -> str:
    """The citizen text of a decision in parts in ``lang``."""
    return case_text(policy, parts, questions, lang, show_values=show_values, data=data)


@in_context
def _case_with_figures(policy: Policy, parts: list[Any], questions: list[Any], data: list[Any], plain: Explanation) -> Explanation | None:
    """The citizen text of a decision in parts with the figures of the case; None when it says the same as ``plain``."""
    valued = built(Explanation, **{lang: _case_text(policy, parts, questions, data, True, lang) for lang in ("nl", "en")})
    return valued if valued != plain else None


def assess_periods(policy: Policy, c: Case, key: bytes | str | None) -> Assessment:
    """A case in periods: each period (the case's facts with that period's) assessed on its own,
    the case-level result derived from them (:mod:`.periods`)."""
    check_periods(policy, c)
    compiled = compiled_policy(policy)
    view = policy.period_policy or policy
    spec = policy.periods
    assert spec is not None  # check_periods

    def facts_of(p: Any) -> dict[str, Any]:
        days = {name: day for name, day in ((spec.start, p.start), (spec.end, p.end)) if name is not None}
        return compiled.facts.validate({**c.facts, **p.facts, **days})

    # each period on the law of that period: its parameters, rules and purposes as on its first day
    # (a month of 2025 asked for in 2026 gets 2025's maximum hourly price)
    per_period = [assess_case(view, facts_of(p), c.model_copy(update={"date": p.start}), key) for p in c.periods]
    periods = [period_result(p.start, p.end, a) for p, a in zip(c.periods, per_period, strict=True)]
    first = per_period[0]
    provenance = first.provenance.model_copy(update={"reference_date": c.date})
    letter = periods_letter(periods)
    tension = periods_tension(periods)
    questions = combined_questions([a.questions for a in per_period])
    data = list({d.fact: d for a in per_period for d in a.data}.values())
    texts = {lang: _periods_explanation(policy, periods, questions, lang, False) for lang in ("nl", "en")}
    valued = {lang: _periods_explanation(policy, periods, questions, lang, True) for lang in ("nl", "en")}
    explanation, with_values = Explanation(**texts), Explanation(**valued)
    regardless = [] if tension == "undetermined" else sorted({f for p in periods for f in p.tension_regardless_of})
    result = Assessment(case_ref=first.case_ref, letter=letter, intent=periods_intent(periods), tension=tension, tension_regardless_of=regardless,
                        discretion=periods_room(periods, tension), controls=combined_controls([a.controls for a in per_period]), questions=questions,
                        explanation=explanation, provenance=provenance, data=data, periods=periods)
    result._policy = policy
    result._facts = compiled.facts.validate(c.facts)
    result._case_periods = tuple(c.periods)
    result._explanation_values = with_values if with_values != explanation else None
    return result


def _periods_explanation(policy: Policy, periods: list[Any], questions: list[Any], lang: str, show_values: bool) -> str:
    label = {"granted": (policy.periods.granted if policy.periods and policy.periods.granted else policy.outcome.granted).get(lang)}
    lines = periods_text(periods, label, lang, show_values=show_values)
    lines.append("")
    # a decision per period lists no data the decision rests on
    lines.extend(closing_lines(policy, questions, lang, objection=any(p.letter.verdict != "undetermined" for p in periods)))
    return "\n".join(lines).strip("\n")


def check_periods(policy: Policy, c: Case) -> None:
    """The case's periods fit the policy: it is applied per period, each period starts within the
    policy's validity, gives only the facts that take a value per period, and the periods are in
    order without overlap."""
    problems: list[FactProblem] = []
    if policy.periods is None:
        raise CaseError([FactProblem.of("periods", Text("expect-no-periods"), Text("case-lists-periods"))], policy.id)
    per_period = set(policy.periods.facts)
    until = policy.valid_until.isoformat() if policy.valid_until else Text("open-end")
    for i, p in enumerate(c.periods):
        if not policy.applies_on(p.start):  # a period is assessed on the law of its first day
            problems.append(FactProblem.of(f"periods[{i}]", Text("expect-period-in-policy", start=policy.valid_from.isoformat(), until=until),
                                           Text("period-outside-policy")))
        if p.end < p.start:
            problems.append(FactProblem.of(f"periods[{i}]", Text("expect-period-end"), Text("period-ends-before-start")))
        if i and p.start <= c.periods[i - 1].end:
            problems.append(FactProblem.of(f"periods[{i}]", Text("expect-periods-in-order"), Text("period-overlaps")))
        unknown = [n for n in p.facts if n not in policy.facts]
        if unknown:  # counted, never named (a caller may key by BSN)
            problems.append(unknown_facts(unknown, policy.facts, Text("facts-of-period", i=i)))
        problems += [FactProblem.of(n, Text("expect-period-fact", names=", ".join(sorted(per_period))), Text("fact-not-per-period", i=i))
                     for n in p.facts if n in policy.facts and n not in per_period]
    if problems:
        raise CaseError(problems, policy.id)


def assess_again(before: Assessment, facts: dict[str, Any]) -> Assessment:
    """``before``'s case with ``facts`` added or changed, assessed again (:meth:`Assessment.with_facts`)."""
    assert before._policy is not None and before._facts is not None  # checked by the caller
    kept = {d.fact: d.provenance for d in before.data if d.provenance is not None and d.fact not in facts}
    case = Case(date=before.provenance.reference_date, facts={**before._facts, **facts}, provenance=kept, periods=list(before._case_periods))
    return assess(before._policy, case).model_copy(update={"case_ref": before.case_ref})


assess_again_with(assess_again)
