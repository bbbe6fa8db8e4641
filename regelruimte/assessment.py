# SPDX-License-Identifier: EUPL-1.2
"""``assess(policy, case)``: the letter against the intent, the room, the controls, the questions
and the explanation for one case; ``assess_all`` for one household against every regulation.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from ._display import Displayable, export
from ._version import __version__
from .compiler.compiled import compiled_policy
from .errors import CaseError, FactProblem, NoApplicableVersion
from .explain import citizen_text, professional_trace
from .intent import IntentResult, Tension, evaluate_intent, tension_of
from .letter import LetterResult, evaluate_letter, missing_facts
from .model.base import LocalizedText
from .model.case import Case, as_case
from .model.policy import Policy
from .questions import ControlNeed, Question, control_needs, questions_for
from .review import control_verdicts
from .room import Room, room_for

LIBRARY_VERSION = __version__
PSEUDONYM_KEY_ENV = "REGELRUIMTE_PSEUDONYM_KEY"


class Provenance(BaseModel):
    """What the assessment was computed from: enough to reproduce it exactly."""

    model_config = ConfigDict(frozen=True)

    policy_id: str
    policy_version: str
    policy_title: str
    valid_from: date
    valid_until: date | None
    policy_sha256: str
    reference_date: date
    library_version: str = LIBRARY_VERSION


class Explanation(BaseModel):
    """The citizen text in Dutch (B1) and English."""

    model_config = ConfigDict(frozen=True)

    nl: str
    en: str


class Assessment(Displayable, BaseModel):
    """What the letter says, whether that serves the purpose, and what room the law gives."""

    model_config = ConfigDict(frozen=True)

    case_ref: str | None = None
    """A keyed pseudonym of the case id (never the id itself); None without a key."""
    letter: LetterResult
    intent: IntentResult
    tension: Tension
    discretion: Room
    controls: list[ControlNeed]
    questions: list[Question]
    explanation: Explanation
    provenance: Provenance

    _policy: Policy | None = PrivateAttr(default=None)

    def explain(self, lang: str = "nl") -> str:
        """The citizen text in ``lang`` (``nl`` or ``en``)."""
        return self.explanation.en if lang == "en" else self.explanation.nl

    def trace(self, *, show_values: bool = False) -> str:
        """The professional trace: rule ids, sources and, only when asked, the values used."""
        if self._policy is None:  # pragma: no cover - only for assessments rebuilt from JSON
            raise ValueError("the trace needs the policy; assess the case again")
        return professional_trace(self._policy, self, show_values=show_values)

    def to_dict(self, *, show_values: bool = False) -> dict[str, Any]:
        """A JSON-safe dict; fact values are left out unless ``show_values``."""
        exclude: Any = None if show_values else {
            "letter": {"rules": {"__all__": {"values"}}},
            "intent": {"purposes": {"__all__": {"values"}}},
            "discretion": {"flips": {"__all__": {"to_value"}}},
        }
        return self.model_dump(mode="json", exclude=exclude)

    def to_json(self, *, show_values: bool = False, indent: int | None = 2) -> str:
        """Canonical JSON: sorted keys, Decimals as strings. Same inputs give identical bytes."""
        return json.dumps(self.to_dict(show_values=show_values), sort_keys=True, ensure_ascii=False, indent=indent)

    def __repr__(self) -> str:
        amount = f" amount={self.letter.amount}" if self.letter.amount is not None else ""
        return f"<Assessment {self.provenance.policy_id}@{self.provenance.reference_date.isoformat()} letter={self.letter.verdict}{amount} intent={self.intent.verdict} tension={self.tension}>"

    __str__ = __repr__

    def to_html(self, *, lang: str = "nl") -> str:
        """A self-contained, accessible HTML page."""
        return export(self, "html", lang=lang)

    def to_markdown(self, *, lang: str = "nl") -> str:
        """A Markdown report."""
        return export(self, "markdown", lang=lang)


def pseudonym(case_id: str, key: bytes | str | None = None) -> str | None:
    """HMAC-SHA256 of the case id with the deployment key, shortened to 16 hex digits.

    The key comes from ``key`` or ``$REGELRUIMTE_PSEUDONYM_KEY``. Without a key there is no
    pseudonym (an unkeyed hash of a BSN is reversed by enumeration in about a minute).
    """
    key = key if key is not None else os.environ.get(PSEUDONYM_KEY_ENV)
    if not key:
        return None
    raw = key.encode() if isinstance(key, str) else key
    return hmac.new(raw, case_id.encode(), hashlib.sha256).hexdigest()[:16]


def assess(policy: Policy, case: Case | Mapping[str, Any], *, key: bytes | str | None = None) -> Assessment:
    """Assess one case against one regulation, on the letter and on the intent.

    Args:
        policy: A loaded policy (:func:`regelruimte.load_policy`).
        case: A :class:`Case` or ``{"date": "2026-03-01", "facts": {...}, "id": "..."}``.
        key: The pseudonym key for the case id (default ``$REGELRUIMTE_PSEUDONYM_KEY``).

    Returns:
        The :class:`Assessment`. Missing facts make it undetermined, with the questions to ask.

    Raises:
        CaseError: a fact is unknown to the policy or has the wrong type (named, value never shown).
        NoApplicableVersion: the reference date is outside the policy's validity.

    Example:
        >>> a = rr.assess(policy, {"date": "2026-03-01", "facts": {"netto_inkomen": "1420.00"}})  # doctest: +SKIP
        >>> a.letter.verdict, a.intent.verdict, a.tension  # doctest: +SKIP
    """
    c = as_case(case)
    compiled = compiled_policy(policy)
    facts = compiled.facts.validate(c.facts)
    return _assess(policy, facts, c, key)


def _assess(policy: Policy, facts: dict[str, Any], c: Case, key: bytes | str | None) -> Assessment:
    day = c.date
    if not policy.applies_on(day):
        until = policy.valid_until.isoformat() if policy.valid_until else "open"
        raise NoApplicableVersion(f"the reference date {day.isoformat()} is outside policy {policy.id!r} version {policy.version} (valid from {policy.valid_from.isoformat()} until {until})")
    compiled = compiled_policy(policy)
    env = compiled.env(facts, day)
    letter = evaluate_letter(policy, facts, day, env=env)
    intent = evaluate_intent(policy, facts, day, env)
    tension = tension_of(policy, letter, intent)
    room = room_for(policy, letter, intent, tension, env, facts, day)
    amount_missing = missing_facts(compiled.amount, facts, env, compiled) if compiled.amount is not None and letter.verdict == "undetermined" else []
    questions = questions_for(policy, letter, intent, amount_missing)
    explainable = {cid: v.explainable for cid, v in control_verdicts(policy).items()}
    controls = control_needs(policy, facts, day, questions, explainable)
    provenance = Provenance(policy_id=policy.id, policy_version=policy.version, policy_title=policy.title, valid_from=policy.valid_from,
                            valid_until=policy.valid_until, policy_sha256=policy.sha256, reference_date=day)
    draft = Assessment(case_ref=pseudonym(c.id, key) if c.id else None, letter=letter, intent=intent, tension=tension, discretion=room,
                       controls=controls, questions=questions, explanation=Explanation(nl="", en=""), provenance=provenance)
    explanation = Explanation(nl=citizen_text(policy, draft, "nl"), en=citizen_text(policy, draft, "en"))
    final = draft.model_copy(update={"explanation": explanation})
    final._policy = policy
    return final


# -- one household, every regulation -----------------------------------------------------------
class SharedQuestion(BaseModel):
    """A question asked once for every regulation that needs the fact."""

    model_config = ConfigDict(frozen=True)

    fact: str
    question: LocalizedText | None
    ask_citizen: bool
    held_by: list[str]
    policies: list[str]


class DocumentRequest(BaseModel):
    """A document or check needed by one or more regulations, asked for once."""

    model_config = ConfigDict(frozen=True)

    verifies: list[str]
    title: LocalizedText
    controls: list[str]
    """``policy_id:control_id`` of every control this one request satisfies."""
    policies: list[str]


class AllAssessment(BaseModel):
    """One household against every regulation: entitlements, tensions, one list of questions."""

    model_config = ConfigDict(frozen=True)

    reference_date: date
    assessments: dict[str, Assessment]
    skipped: list[str] = Field(default_factory=list)
    """Policies not valid on the reference date."""
    questions: list[SharedQuestion]
    documents: list[DocumentRequest]

    @property
    def entitlements(self) -> dict[str, Decimal | None]:
        """Benefits the letter grants (policy id to amount)."""
        return {pid: a.letter.amount for pid, a in self.assessments.items() if a.letter.verdict == "granted"}

    @property
    def tensions(self) -> dict[str, str]:
        """Regulations where letter and purpose part."""
        return {pid: a.tension for pid, a in self.assessments.items() if a.tension in ("letter_blocks_intent", "letter_exceeds_intent")}

    def __repr__(self) -> str:
        return f"<AllAssessment {self.reference_date.isoformat()} policies={len(self.assessments)} granted={len(self.entitlements)} tensions={len(self.tensions)} questions={len(self.questions)}>"

    __str__ = __repr__


def assess_all(policies: Iterable[Policy] | Mapping[str, Policy], case: Case | Mapping[str, Any], *, key: bytes | str | None = None) -> AllAssessment:
    """Assess one household against every regulation at once (one client, one case, one worker).

    Each fact must be known to at least one regulation; each regulation sees only its own facts.
    Questions and documents are deduplicated, so a fact or document several regulations need is
    asked for once.
    """
    c = as_case(case)
    items = list(policies.values() if isinstance(policies, Mapping) else policies)
    known = {f for p in items for f in p.facts}
    unknown = sorted(set(c.facts) - known)
    if unknown:
        raise CaseError([FactProblem(f, "a fact of one of the regulations", "unknown fact: no regulation has a fact with this name") for f in unknown])
    results: dict[str, Assessment] = {}
    skipped: list[str] = []
    problems: list[FactProblem] = []
    for p in sorted(items, key=lambda p: p.id):
        if not p.applies_on(c.date):
            skipped.append(p.id)
            continue
        try:
            facts = compiled_policy(p).facts.validate(c.facts, allow_unknown=True)
        except CaseError as exc:
            problems.extend(FactProblem(fp.fact, fp.expected, f"{fp.message} (for {p.id})") for fp in exc.problems)
            continue
        results[p.id] = _assess(p, facts, c, key)
    if problems:
        raise CaseError(problems)
    return AllAssessment(reference_date=c.date, assessments=results, skipped=skipped, questions=_merge_questions(results), documents=_merge_documents(results, items))


def _merge_questions(results: dict[str, Assessment]) -> list[SharedQuestion]:
    merged: dict[str, dict[str, Any]] = {}
    for pid, a in results.items():
        for q in a.questions:
            entry = merged.setdefault(q.fact, {"fact": q.fact, "question": q.question, "ask_citizen": q.ask_citizen, "held_by": set(q.held_by), "policies": []})
            entry["policies"].append(pid)
            entry["held_by"] |= set(q.held_by)
            entry["ask_citizen"] = entry["ask_citizen"] and q.ask_citizen
    out = [SharedQuestion(**{**e, "held_by": sorted(e["held_by"]), "policies": sorted(e["policies"])}) for e in merged.values()]
    return sorted(out, key=lambda q: (-len(q.policies), q.fact))


def _merge_documents(results: dict[str, Assessment], items: list[Policy]) -> list[DocumentRequest]:
    groups: dict[tuple[str, ...], dict[str, Any]] = {}
    for pid, a in results.items():
        for need in a.controls:
            if not need.needed:
                continue
            key_: tuple[str, ...] = tuple(sorted(need.verifies))
            g = groups.setdefault(key_, {"verifies": list(key_), "title": need.title, "controls": [], "policies": set()})
            g["controls"].append(f"{pid}:{need.id}")
            g["policies"].add(pid)
    return [DocumentRequest(**{**g, "policies": sorted(g["policies"])}) for _, g in sorted(groups.items())]

