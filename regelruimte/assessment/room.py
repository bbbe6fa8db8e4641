# SPDX-License-Identifier: EUPL-1.2
"""The room (regelruimte) of one case: how far it is from the letter, which provisions could
bridge a tension, where the law leaves no room, and the proportionality of adverse outcomes.

Everything here reads the same compiled conditions as the letter; nothing re-interprets a rule.
Deviation is only ever proposed in the citizen's favour, unless a provision says the law allows
both directions.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, computed_field

from .._exact import in_context
from ..compiler import compiled_policy
from ..conditions.evaluate import Env
from ..model.base import LocalizedText, built
from ..model.levels import cannot_set_aside
from ..model.policy import Policy
from ..model.sources import SourceRef
from .completions import Completions
from .divergence import Divergence, divergences
from .flips import Distance, Flip, distances, smallest_flips
from .intent import IntentResult, Tension
from .letter import LetterResult
from .proportionality import Proportionality, bilingual, weigh_proportionality
from .reach import reaching


class Option(BaseModel):
    """A discretion provision that could bridge the tension in this case."""

    model_config = ConfigDict(frozen=True)

    id: str
    title: LocalizedText
    kind: str
    legal_basis: SourceRef
    sets_aside: list[str]
    direction: str
    decided_by: str
    when: LocalizedText
    applies: Literal["yes", "no", "to_weigh"]
    """Whether the provision's own condition holds for this case ('to_weigh' without one)."""
    depends_on: list[str] = Field(default_factory=list)
    """For a tension still undetermined: the missing facts on which it depends whether letter and
    purpose part here (the provision bridges a *possible* divergence); empty when they part."""
    part: str | None = None
    """In a decision in parts, at the level of the case: the part this provision is offered for."""


class NoRoom(BaseModel):
    """The law leaves no room for a rule that blocks the purpose: a signal, never advice to deviate."""

    model_config = ConfigDict(frozen=True)

    rule: str
    signal_to: Literal["legislator", "policy_maker"]
    reason: LocalizedText
    source: SourceRef
    part: str | None = None
    """In a decision in parts, at the level of the case: the part this signal is about."""


class Room(BaseModel):
    """The room the law gives for this case."""

    model_config = ConfigDict(frozen=True)

    options: list[Option] = Field(default_factory=list)
    no_room: list[NoRoom] = Field(default_factory=list)
    distances: list[Distance] = Field(default_factory=list)
    proportionality: Proportionality | None = None
    note: Literal["none", "deviate_possible", "signal_only", "reviewer_signal", "divergence_possible"] = "none"
    """'deviate_possible': provisions may bridge the tension; 'signal_only': no provision does,
    so the case is a signal to the policy maker or legislator; 'reviewer_signal': the letter
    gives more than the purpose asks, which is never a reason to refuse; 'divergence_possible':
    the tension is undetermined, but some values of the missing facts make the letter block the
    purpose, and the options say which provisions would bridge it and on which facts it depends."""

    _search: Any = PrivateAttr(default=None)
    _flips: list[Flip] | None = PrivateAttr(default=None)
    _causes: list[Divergence] = PrivateAttr(default_factory=list)
    _cause_search: Any = PrivateAttr(default=None)
    _divergence: list[Divergence] | None = PrivateAttr(default=None)

    def __eq__(self, other: object) -> bool:
        """Rooms are equal when what they say is equal, the searches run when first read included;
        the closures that run those searches are an implementation detail (two assessments of the
        same case hold different ones), so pydantic's comparison of private attributes is not used."""
        if not isinstance(other, Room):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    __hash__ = BaseModel.__hash__

    def __getstate__(self) -> dict[Any, Any]:
        """A pickled room carries what its searches found, not the closures that run them (they do
        not pickle; signals' worker processes send assessments back to the parent)."""
        _ = self.flips, self.divergence
        state = super().__getstate__()
        private = dict(state.get("__pydantic_private__") or {})
        private["_search"] = private["_cause_search"] = None
        state["__pydantic_private__"] = private
        return state

    @property
    def causes(self) -> list[Divergence]:
        """The facts the divergence comes from, found without the search for the smallest change
        (what the citizen text and the room need)."""
        return self._causes

    @computed_field  # type: ignore[prop-decorator]
    @property
    def divergence(self) -> list[Divergence]:
        """Where letter and purpose part: the facts the purpose reads and the letter does not that
        cause it, each with the smallest change of that fact that makes them agree (a search, run
        the first time it is read, then kept)."""
        kept: list[Divergence] | None = _private(self)["_divergence"]
        if kept is None:
            self._divergence = kept = self._cause_search() if self._cause_search is not None else []
        return kept

    @computed_field  # type: ignore[prop-decorator]
    @property
    def flips(self) -> list[Flip]:
        """For each failed rule, the smallest change of one fact that makes it pass. A search (tens
        of evaluations per fact), so it runs the first time it is read, then is kept."""
        kept: list[Flip] | None = _private(self)["_flips"]
        if kept is None:
            self._flips = kept = self._search() if self._search is not None else []
        return kept


def _private(model: BaseModel) -> dict[str, Any]:
    """A model's private attributes, read directly: reading ``model._x`` goes through pydantic's
    ``__getattr__``, which costs about 10 µs (it probes the attribute for a descriptor and catches
    the error), and every serialisation of an assessment reads these twice."""
    private: dict[str, Any] = model.__pydantic_private__  # type: ignore[assignment]
    return private


# -- provisions and no-room ----------------------------------------------------------------------
def room_for(policy: Policy, letter: LetterResult, intent: IntentResult, tension: Tension, env: Env, facts: dict[str, Any], day: date,
             possible: Completions | None = None) -> Room:
    """Everything the assessment says about room: options, no-room signals, distance, proportionality.

    ``possible`` is what every completion of the missing facts can give (:mod:`.completions`): with
    it, an undetermined tension that can still part lists the provisions that would bridge it,
    each with the facts it depends on.
    """
    compiled = compiled_policy(policy)
    sources = compiled.sources
    dist = distances(policy, letter, env) if letter.verdict == "denied" else []
    search = (lambda: smallest_flips(policy, letter, facts, day)) if letter.verdict == "denied" else None
    weighed = weigh_proportionality(policy, letter, intent, env, facts, day) if policy.outcome.adverse and letter.verdict == "granted" else None
    maybe = tension == "undetermined" and possible is not None and "letter_blocks_intent" in possible.tensions
    if tension not in ("letter_blocks_intent", "letter_exceeds_intent") and not maybe:
        return _with_search(_room(distances=dist, proportionality=weighed), search)
    causes = divergences(policy, letter, tension, facts, day, exact=False)
    exact = lambda: divergences(policy, letter, tension, facts, day)  # noqa: E731 - run when first read
    if tension == "letter_exceeds_intent":
        return _with_causes(_with_search(_room(distances=dist, proportionality=weighed, note="reviewer_signal"), search), causes, exact)

    # the rules that stand between the citizen and what the purpose calls for: for a benefit the
    # failed rules; for an adverse outcome that is applied, the passed rules that carry the burden.
    # With the letter still open, the rules that can do so in some completion of the missing facts.
    if letter.verdict == "undetermined" and possible is not None:
        blocking = possible.may_block(policy.outcome.adverse)
    elif policy.outcome.adverse and letter.verdict == "granted":
        blocking = {r.id for r in letter.rules if r.result == "passed"}
    else:
        blocking = {r.id for r in letter.rules if r.result == "failed"}
    if maybe:
        return _with_search(_room(options=_possible_options(policy, letter, intent, blocking, env, day), distances=dist, proportionality=weighed,
                                 note="divergence_possible"), search)
    options: list[Option] = []
    # a provision for named rules is offered only when one of them blocks; one for the whole
    # outcome (no sets_aside) only when its legal basis can set aside a blocking rule (Awb 4:84
    # never reaches a ministerial regulation, a formal law is never set aside by a principle)
    reaches = reaching(policy, blocking, day)
    for d in policy.discretion:
        if d.id not in reaches:
            continue
        cond = compiled.discretion_conditions.get(d.id)
        value = cond.fn(env) if cond is not None else None
        applies: Literal["yes", "no", "to_weigh"] = "yes" if value is True else "no" if value is False else "to_weigh"
        options.append(_option(d, compiled.source_ref(d.source), applies, []))
    usable = [o for o in options if o.applies != "no"]
    no_room: list[NoRoom] = []
    adverse_applied = policy.outcome.adverse  # an adverse outcome blocks the purpose only where it is applied
    for r in policy.rules:
        if r.id not in blocking or (adverse_applied and (usable or r.no_room is not None)):
            # an applied burden is bridged by any usable provision; each rule need not be. A rule
            # without room that passes in an applied burden is a limit that protects the citizen
            # (no recovery after two years): it does not stop the room to burden less
            continue
        if r.no_room is not None:
            # formal law weighed this itself (e.g. ABRvS 2023:772): never advise to deviate from it
            no_room.append(NoRoom(rule=r.id, signal_to="legislator", reason=r.no_room.reason, source=compiled.source_ref(r.no_room.source)))
        elif not any(r.id in reaches[o.id] for o in usable):
            level = sources[r.source].level
            signal: Literal["legislator", "policy_maker"] = "legislator" if level in ("formele_wet", "amvb", "belgische_wet") else "policy_maker"
            reason = bilingual("no_provision_rule")
            no_room.append(NoRoom(rule=r.id, signal_to=signal, reason=reason, source=compiled.source_ref(r.source)))
    if (not blocking or adverse_applied) and not usable and not no_room:
        reason = bilingual("no_provision_amount")
        no_room.append(NoRoom(rule="(bedrag)", signal_to="policy_maker", reason=reason, source=compiled.source_ref(policy.outcome.source or policy.rules[0].source)))
    # a divergence that comes only from facts a purpose declares without room: the letter's
    # reading was chosen on purpose, so no provision may bridge it (a signal, never advice)
    unbridgeable = [c for c in causes if c.no_room]
    if causes and len(unbridgeable) == len(causes):
        parts = {(p.id, i): part for p in policy.purposes for i, part in enumerate(p.no_room)}
        for (pid, _i), part in parts.items():
            if any(c.fact in part.facts for c in causes):
                level = sources[part.source].level
                to: Literal["legislator", "policy_maker"] = "legislator" if level in ("formele_wet", "amvb", "ministeriele_regeling", "belgische_wet", "belgisch_besluit") else "policy_maker"
                no_room.append(NoRoom(rule=f"(doel {pid})", signal_to=to, reason=part.reason, source=compiled.source_ref(part.source)))
        options = []
    note: Literal["deviate_possible", "signal_only"] = "signal_only" if no_room or not usable or not options else "deviate_possible"
    if not adverse_applied and any(r.no_room is not None and r.id in blocking for r in policy.rules):
        options = []  # a formal-law rule decides anyway: deviating elsewhere cannot help, so never advise it
    return _with_causes(_with_search(_room(options=options, no_room=no_room, distances=dist, proportionality=weighed, note=note), search), causes, exact)


def has_room_for(policy: Policy, failed: list[str], day: date) -> bool:
    """Whether a provision of the policy could set aside the failed rules on ``day``: one that names
    a failed rule, or one for the whole outcome whose legal basis reaches a failed rule; never
    where a failed rule leaves no room. Only then does a refusal invite the citizen to ask."""
    # a pure function of the policy, the failed rules and the day: kept per policy (a few hundred at most)
    kept: dict[tuple[frozenset[str], date], bool] = compiled_policy(policy).analyses.setdefault("has_room_for", {})
    key = (frozenset(failed), day)
    hit = kept.get(key)
    if hit is None:
        rules = {r.id: r for r in policy.rules}
        hit = bool(failed) and not any(rules[rid].no_room is not None for rid in failed) and bool(reaching(policy, set(failed), day))
        if len(kept) >= 256:
            kept.clear()
        kept[key] = hit
    return hit


def _possible_options(policy: Policy, letter: LetterResult, intent: IntentResult, blocking: set[str], env: Env, day: date) -> list[Option]:
    """The provisions that would bridge a divergence some completion of the missing facts gives,
    each with the missing facts it depends on (those of the rules it sets aside, and the purposes')."""
    compiled = compiled_policy(policy)
    sources = compiled.sources
    rule_missing = {r.id: set(r.missing) for r in letter.rules}
    purpose_missing = {f for p in intent.purposes for f in p.missing}
    every = purpose_missing.union(*rule_missing.values())
    rule_sources = {r.id: sources[r.source] for r in policy.rules}
    out: list[Option] = []
    for d in policy.discretion:
        targets = set(d.sets_aside)
        if not d.applies_on(day) or (targets and not targets & blocking):
            continue
        if not targets and blocking and not any(cannot_set_aside(d.kind, sources[d.source], rule_sources[rid]) is None for rid in blocking):
            continue  # its legal basis reaches none of the rules that may block (as in room_for)
        if any(r.no_room is not None and r.id in targets for r in policy.rules):
            continue  # a rule formal law weighed itself is never set aside (see room_for)
        cond = compiled.discretion_conditions.get(d.id)
        value = cond.fn(env) if cond is not None else None
        applies: Literal["yes", "no", "to_weigh"] = "yes" if value is True else "no" if value is False else "to_weigh"
        depends = (purpose_missing.union(*(rule_missing.get(t, set()) for t in targets & blocking)) if targets else every) or every
        out.append(_option(d, compiled.source_ref(d.source), applies, sorted(depends)))
    return out


def _option(d: Any, legal_basis: SourceRef, applies: str, depends_on: list[str]) -> Option:
    """An option made by the library from a provision of the policy (its shared source reference),
    every field given in the model's order: not validated again."""
    return built(Option, id=d.id, title=d.title, kind=d.kind, legal_basis=legal_basis, sets_aside=list(d.sets_aside), direction=d.direction,
                 decided_by=d.decided_by, when=d.when, applies=applies, depends_on=depends_on, part=None)


def _room(*, options: list[Option] | None = None, no_room: list[NoRoom] | None = None, distances: list[Distance] | None = None,
          proportionality: Proportionality | None = None, note: str = "none") -> Room:
    """A room made by the library from values of the right types, without validating them again."""
    return built(Room, options=[] if options is None else options, no_room=[] if no_room is None else no_room,
                 distances=[] if distances is None else distances, proportionality=proportionality, note=note)


def _with_causes(room: Room, causes: list[Divergence], search: Any) -> Room:
    private = _private(room)  # set directly: pydantic's __setattr__ on a frozen model costs µs per attribute
    private["_causes"] = causes
    private["_cause_search"] = in_context(search) if causes else None  # run when first read, maybe in the caller's context
    return room


def _with_search(room: Room, search: Any) -> Room:
    _private(room)["_search"] = search
    return room
