# SPDX-License-Identifier: EUPL-1.2
"""Proportionality of an adverse outcome (recovery, revocation, fine, refusal): the three-step test
of ABRvS 2 February 2022, ECLI:NL:RVS:2022:285 (geschiktheid, noodzakelijkheid, evenwichtigheid),
with an intensity that rises with the severity circumstances that hold for the case.

The steps conclude where the facts decide:

* *suitable*: do the purposes the outcome's rules serve call for it here (their tests)?
* *necessary*: is the amount no more than those purposes call for (the purpose's amount)?
* *balanced*: the facts the policy declares to weigh (``outcome.weighing``: the cause with the
  citizen or the authority, the authority's own error or delay, acute hardship, third parties,
  the amount against the means, how long the debt built up), each weighing for or against, some
  decisive.

The finding is *disproportionate* when a step says no (with the provisions to use), *proportionate*
when every step says yes (with why), and otherwise *to weigh* (by whom, on which open facts).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .._texts import ROOM
from ..compiler import compiled_policy
from ..conditions.evaluate import Env
from ..model.base import LocalizedText
from ..model.policy import Policy
from ..model.sources import SourceRef
from ..money import format_money
from .intent import IntentResult, tolerance
from .letter import LetterResult, missing_facts
from .reach import reaching

Finding = Literal["yes", "no", "to_weigh"]
Conclusion = Literal["proportionate", "disproportionate", "to_weigh"]


class Step(BaseModel):
    """One step of the three-step proportionality test (ABRvS 2 February 2022, ECLI:NL:RVS:2022:285)."""

    model_config = ConfigDict(frozen=True)

    step: Literal["suitable", "necessary", "balanced"]
    finding: Finding
    known: list[LocalizedText] = Field(default_factory=list)
    to_weigh: list[LocalizedText] = Field(default_factory=list)


class Weighed(BaseModel):
    """One declared weighing fact of the policy, as it holds for this case."""

    model_config = ConfigDict(frozen=True)

    id: str
    factor: str
    weighs: Literal["against", "for"]
    decisive: bool
    holds: Literal["yes", "no", "unknown"]
    text: LocalizedText
    source: SourceRef
    missing: list[str] = Field(default_factory=list)


class Proportionality(BaseModel):
    """For adverse outcomes: suitable, necessary, balanced, with the intensity of review, and the
    conclusion: proportionate (``reasons``), disproportionate (``room``: the provisions to use) or
    to weigh (``decided_by``, on ``open_facts``)."""

    model_config = ConfigDict(frozen=True)

    intensity: Literal["low", "medium", "high"]
    severity: list[str]
    """Ids of the severity circumstances that hold for this case."""
    steps: list[Step]
    conclusion: Conclusion = "to_weigh"
    reasons: list[LocalizedText] = Field(default_factory=list)
    """Why: the facts that carry the conclusion."""
    weighing: list[Weighed] = Field(default_factory=list)
    room: list[str] = Field(default_factory=list)
    """For a disproportionate outcome: the provisions that reach it and may apply (ids)."""
    decided_by: str | None = None
    """For an outcome to weigh: who weighs it (the decider of the provision that reaches it)."""
    open_facts: list[str] = Field(default_factory=list)
    """For an outcome to weigh: the facts whose answer would decide it."""


# -- proportionality -------------------------------------------------------------------------------
def weigh_proportionality(policy: Policy, letter: LetterResult, intent: IntentResult, env: Env, facts: dict[str, Any] | None = None,
                          day: date | None = None) -> Proportionality:
    """The three steps, and what they conclude, for an adverse outcome the letter applies."""
    compiled = compiled_policy(policy)
    known_facts = facts if facts is not None else {}
    severe = [s.id for s in policy.outcome.severity if compiled.severity[s.id].fn(env) is True]
    unknown_severity = [s for s in policy.outcome.severity if compiled.severity[s.id].fn(env) is None]
    weighed = _weighed(policy, env, known_facts)
    against = [w for w in weighed if w.weighs == "against" and w.holds == "yes"]
    raised = len(severe) + len([w for w in against if w.id not in severe])
    intensity: Literal["low", "medium", "high"] = "high" if raised >= 2 else "medium" if raised else "low"
    texts = {s.id: s.text for s in policy.outcome.severity}
    open_facts: set[str] = set()

    suitable, open_suitable = _suitable(policy, intent)
    open_facts |= open_suitable

    if letter.amount is not None and intent.amount is not None and letter.amount - intent.amount > tolerance(policy):
        amounts = {lang: format_money(intent.amount, lang) for lang in ("nl", "en")}, {lang: format_money(letter.amount, lang) for lang in ("nl", "en")}
        necessary = Step(step="necessary", finding="no", known=[bilingual("necessary_no", purpose=amounts[0], letter=amounts[1])])
    elif letter.amount is not None and intent.amount is not None:
        necessary = Step(step="necessary", finding="yes", known=[bilingual("necessary_yes", amount={lang: format_money(letter.amount, lang) for lang in ("nl", "en")})])
    else:
        lighter = [d.title for d in policy.discretion if d.direction in ("citizen_favour", "both")]
        necessary = Step(step="necessary", finding="to_weigh", known=[bilingual("lighter", title={"nl": t.nl, "en": t.get("en")}) for t in lighter],
                         to_weigh=[bilingual("necessary_weigh")])
        open_facts |= {f for p in intent.purposes if p.amount is None for f in p.missing}

    balanced = _balanced(policy, weighed, [texts[s] for s in severe], unknown_severity)
    open_facts |= {f for w in weighed if w.holds == "unknown" for f in w.missing}
    steps = [suitable, necessary, balanced]
    findings = [s.finding for s in steps]
    blocking = {r.id for r in letter.rules if r.result == "passed"}
    reach = reaching(policy, blocking, day) if day is not None else {}
    conditions = compiled.discretion_conditions
    usable = [d for d in policy.discretion if d.id in reach and (d.id not in conditions or conditions[d.id].fn(env) is not False)]
    if "no" in findings:
        reasons = [k for s in steps if s.finding == "no" for k in s.known]
        return Proportionality(intensity=intensity, severity=severe, steps=steps, conclusion="disproportionate", reasons=reasons, weighing=weighed,
                               room=[d.id for d in usable])
    if all(f == "yes" for f in findings):
        reasons = [k for s in steps for k in s.known]
        return Proportionality(intensity=intensity, severity=severe, steps=steps, conclusion="proportionate", reasons=reasons, weighing=weighed)
    decider = usable[0].decided_by if usable else None
    return Proportionality(intensity=intensity, severity=severe, steps=steps, conclusion="to_weigh", weighing=weighed, decided_by=decider,
                           open_facts=sorted(f for f in open_facts if f not in known_facts))


def _weighed(policy: Policy, env: Env, facts: dict[str, Any]) -> list[Weighed]:
    compiled = compiled_policy(policy)
    out: list[Weighed] = []
    for w in policy.outcome.weighing:
        expr = compiled.weighing[w.id]
        value = expr.fn(env)
        holds: Literal["yes", "no", "unknown"] = "yes" if value is True else "no" if value is False else "unknown"
        missing = missing_facts(expr, facts, env, compiled) if value is None else []
        out.append(Weighed(id=w.id, factor=w.factor, weighs=w.weighs, decisive=w.decisive, holds=holds, text=w.text,
                           source=compiled.source_ref(w.source), missing=missing))
    return out


def _suitable(policy: Policy, intent: IntentResult) -> tuple[Step, set[str]]:
    """Whether the purposes the outcome's rules serve call for the outcome (Kleene conjunction of
    their tests); all tested purposes when no rule names one."""
    served_by_rules = {pid for r in policy.rules for pid in r.serves}
    tested = [p for p in intent.purposes if p.result in ("served", "not_served", "undetermined")]
    own = [p for p in tested if p.id in served_by_rules] or tested
    titles = {lang: ", ".join(p.title.get(lang) for p in own) or ROOM["purpose"][i] for i, lang in enumerate(("nl", "en"))}
    results = {p.result for p in own}
    if not own:
        return Step(step="suitable", finding="to_weigh", to_weigh=[bilingual("suitable_unknown")]), set()
    if "not_served" in results:
        failing = [p for p in own if p.result == "not_served"]
        named = {lang: ", ".join(p.title.get(lang) for p in failing) for lang in ("nl", "en")}
        return Step(step="suitable", finding="no", known=[bilingual("suitable_no", titles=named)]), set()
    if "undetermined" in results:
        return Step(step="suitable", finding="to_weigh", to_weigh=[bilingual("suitable_unknown")]), {f for p in own for f in p.missing}
    return Step(step="suitable", finding="yes", known=[bilingual("suitable_yes", titles=titles)]), set()


def _balanced(policy: Policy, weighed: list[Weighed], severe_texts: list[LocalizedText], unknown_severity: list[Any]) -> Step:
    """Evenwichtigheid from the declared weighing facts; without them, a person weighs."""
    still = [bilingual("still_unknown", text={"nl": s.text.nl, "en": s.text.get("en")}) for s in unknown_severity]
    if not weighed:
        return Step(step="balanced", finding="to_weigh", known=severe_texts, to_weigh=[bilingual("balanced_weigh"), *still])
    holds = [w for w in weighed if w.holds == "yes"]
    against = [w for w in weighed if w.weighs == "against"]
    decisive_for = any(w.weighs == "for" and w.decisive and w.holds == "yes" for w in weighed)
    known = [w.text for w in holds]
    unknown = [bilingual("still_unknown", text={"nl": w.text.nl, "en": w.text.get("en")}) for w in weighed if w.holds == "unknown"]
    if any(w.decisive and w.holds == "yes" for w in against):
        return Step(step="balanced", finding="no", known=[w.text for w in against if w.decisive and w.holds == "yes"])
    if any(w.decisive and w.holds == "unknown" for w in against):
        return Step(step="balanced", finding="to_weigh", known=known, to_weigh=unknown)
    open_against = [w for w in against if w.holds in ("yes", "unknown")]
    if not open_against:
        none = [bilingual("balanced_nothing_against")]
        return Step(step="balanced", finding="yes", known=known or none)
    if decisive_for:
        return Step(step="balanced", finding="yes", known=known)
    return Step(step="balanced", finding="to_weigh", known=known, to_weigh=[bilingual("balanced_weigh"), *unknown])


def bilingual(key: str, **values: dict[str, str]) -> LocalizedText:
    """A text of the catalogue in Dutch and English, each filled with its own language's values."""
    nl, en = ROOM[key]
    return LocalizedText(nl=nl.format(**{k: v["nl"] for k, v in values.items()}), en=en.format(**{k: v["en"] for k, v in values.items()}))
