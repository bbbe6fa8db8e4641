# SPDX-License-Identifier: EUPL-1.2
"""``assess_all(policies, case)``: one household against every regulation at once (one client,
one case, one worker), with one deduplicated list of questions and of documents to ask for."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .._exact import in_context
from .._messages import Text
from ..compiler import compiled_policy
from ..errors import CaseError, FactProblem
from ..model.base import LocalizedText
from ..model.case import Case, as_case, unknown_facts
from ..model.policy import Policy
from .pipeline import assess_case, assess_periods
from .result import Assessment


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

    def to_dict(self, *, show_values: bool = False) -> dict[str, Any]:
        """A JSON-safe dict; each assessment as :meth:`Assessment.to_dict` (values only if ``show_values``)."""
        out = self.model_dump(mode="json", exclude={"assessments"})
        out["assessments"] = {pid: a.to_dict(show_values=show_values) for pid, a in self.assessments.items()}
        return out

    def to_json(self, *, show_values: bool = False, indent: int | None = 2) -> str:
        """Canonical JSON, as :meth:`Assessment.to_json`."""
        return json.dumps(self.to_dict(show_values=show_values), sort_keys=True, ensure_ascii=False, indent=indent)

    def __repr__(self) -> str:
        return f"<AllAssessment {self.reference_date.isoformat()} policies={len(self.assessments)} granted={len(self.entitlements)} tensions={len(self.tensions)} questions={len(self.questions)}>"

    __str__ = __repr__


@in_context
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
        raise CaseError([unknown_facts(unknown, known, "any of the regulations")])
    per_period = {f for p in items if p.periods is not None for f in p.periods.facts}
    unknown_in_periods = sorted({f for q in c.periods for f in q.facts} - per_period)
    if unknown_in_periods:  # a period's fact no regulation applied per period takes would be dropped unseen
        raise CaseError([unknown_facts(unknown_in_periods, per_period, "any of the regulations applied per period")])
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
            problems.extend(FactProblem(fp.fact, fp.expected, f"{fp.message} (for {p.id})", fp.count,
                                        Text("fact-problem-for", message=fp.text or fp.message, policy=p.id), fp.expects) for fp in exc.problems)
            continue
        if c.periods and p.periods is not None:  # a regulation applied per period gets the case's periods; the others the case as a whole
            own = c.model_copy(update={"facts": {k: v for k, v in c.facts.items() if k in p.facts},
                                       "periods": [q.model_copy(update={"facts": {k: v for k, v in q.facts.items() if k in p.facts}}) for q in c.periods]})
            results[p.id] = assess_periods(p, own, key)
            continue
        results[p.id] = assess_case(p, facts, c, key)
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
