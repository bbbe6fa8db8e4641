# SPDX-License-Identifier: EUPL-1.2
"""The room (regelruimte) of one case: how far it is from the letter, which provisions could
bridge a tension, where the law leaves no room, and the proportionality of adverse outcomes.

Everything here reads the same compiled conditions as the letter; nothing re-interprets a rule.
Deviation is only ever proposed in the citizen's favour, unless a provision says the law allows
both directions.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, computed_field

from ._exact import CENT
from ._texts import ROOM
from .compiler.compiled import CompiledPolicy, compiled_policy
from .conditions import ast
from .conditions.evaluate import Env
from .intent import IntentResult, Tension
from .letter import LetterResult
from .model.base import LocalizedText, built
from .model.policy import Policy
from .model.sources import SourceRef

_LIMIT = Decimal(10) ** 8  # one million euros in cents: a larger change is no practical flip


class Distance(BaseModel):
    """How far one failed comparison is from passing (e.g. income € 12 above the limit, 0,8%)."""

    model_config = ConfigDict(frozen=True)

    rule: str
    comparison: str
    left: str
    right: str
    gap: Decimal | int
    """Positive: how much the left side must come down (or the right side go up) to pass."""
    relative: Decimal | None = None
    """The gap as a fraction of the right side, where that is a number."""
    unit: Literal["money", "number", "days"]


class Flip(BaseModel):
    """The smallest change of one fact that makes a failed rule pass."""

    model_config = ConfigDict(frozen=True)

    rule: str
    fact: str
    change: Decimal | int | str
    """For numbers: the change (+/-); for dates: days; for a yes/no fact: "flip" (the new value would
    disclose the case's value); for a choice: the value that would pass."""
    to_value: Any = Field(default=None, repr=False)
    unit: Literal["money", "number", "days", "value"] = "value"
    flips_letter: bool
    """True when this change alone turns the letter into a grant."""


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


class NoRoom(BaseModel):
    """The law leaves no room for a rule that blocks the purpose: a signal, never advice to deviate."""

    model_config = ConfigDict(frozen=True)

    rule: str
    signal_to: Literal["legislator", "policy_maker"]
    reason: LocalizedText
    source: SourceRef


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


class Room(BaseModel):
    """The room the law gives for this case."""

    model_config = ConfigDict(frozen=True)

    options: list[Option] = Field(default_factory=list)
    no_room: list[NoRoom] = Field(default_factory=list)
    distances: list[Distance] = Field(default_factory=list)
    proportionality: Proportionality | None = None
    note: Literal["none", "deviate_possible", "signal_only", "reviewer_signal"] = "none"
    """'deviate_possible': provisions may bridge the tension; 'signal_only': no provision does,
    so the case is a signal to the policy maker or legislator; 'reviewer_signal': the letter
    gives more than the purpose asks, which is never a reason to refuse."""

    _search: Any = PrivateAttr(default=None)
    _flips: list[Flip] | None = PrivateAttr(default=None)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def flips(self) -> list[Flip]:
        """For each failed rule, the smallest change of one fact that makes it pass. A search (tens
        of evaluations per fact), so it runs the first time it is read, then is kept."""
        if self._flips is None:
            self._flips = self._search() if self._search is not None else []
        return self._flips


# -- distance to the letter -------------------------------------------------------------------
def _failing_comparisons(node: ast.Node, env: Env, compiled: CompiledPolicy) -> list[ast.Compare]:
    """The comparisons inside a failed condition that make it fail."""
    if isinstance(node, ast.Compare):
        return [node]
    if isinstance(node, ast.And):
        return [c for item in node.items if compiled.fn_of(item)(env) is False for c in _failing_comparisons(item, env, compiled)]
    if isinstance(node, ast.Or):
        return [c for item in node.items for c in _failing_comparisons(item, env, compiled)]
    return []


def distances(policy: Policy, letter: LetterResult, env: Env) -> list[Distance]:
    """For each failed rule, how far each failing comparison is from passing."""
    compiled: CompiledPolicy = compiled_policy(policy)
    out: list[Distance] = []
    for r in letter.rules:
        if r.result != "failed":
            continue
        for cmp in _failing_comparisons(compiled.rules[r.id].node, env, compiled):
            d = _distance(r.id, cmp, env, compiled)
            if d is not None:
                out.append(d)
    return out


def _distance(rule_id: str, cmp: ast.Compare, env: Env, compiled: CompiledPolicy) -> Distance | None:
    if cmp.op in ("==", "!="):
        return None
    cmp = _relaxed(compiled, cmp)  # max(0, X) > 0 is X > 0: the distance of X is the informative one
    left, right = compiled.fn_of(cmp.left)(env), compiled.fn_of(cmp.right)(env)
    if left is None or right is None:
        return None
    if isinstance(left, date):
        gap: Decimal | int = (left - right).days if cmp.op in ("<", "<=") else (right - left).days
        unit: Literal["money", "number", "days"] = "days"
        relative = None
    else:
        diff = Decimal(left) - Decimal(right)
        gap = diff if cmp.op in ("<", "<=") else -diff
        types = compiled.types
        unit = "money" if types.get(cmp.left) and types[cmp.left].kind == "money" or types.get(cmp.right) and types[cmp.right].kind == "money" else "number"
        relative = (Decimal(gap) / abs(Decimal(right))).quantize(Decimal("0.0001")) if right != 0 else None
        gap = Decimal(gap).quantize(CENT) if unit == "money" else gap
    return Distance(rule=rule_id, comparison=ast.to_text(cmp), left=ast.to_text(cmp.left), right=ast.to_text(cmp.right), gap=gap, relative=relative, unit=unit)


# -- smallest change of one fact -----------------------------------------------------------------
def flips(policy: Policy, letter: LetterResult, facts: dict[str, Any], day: date) -> list[Flip]:
    """For each failed rule, the smallest change of one known fact that makes the rule pass."""
    compiled: CompiledPolicy = compiled_policy(policy)
    failed = [r.id for r in letter.rules if r.result == "failed"]
    out: list[Flip] = []
    base = compiled.env(facts, day)
    for rule_id in failed:
        expr = compiled.rules[rule_id]
        best: Flip | None = None
        for fact in sorted(expr.facts):
            if fact not in facts:
                continue
            found = _search(compiled, rule_id, fact, facts, day, base)
            if found is None:
                continue
            change, value = found
            others_pass = all(
                compiled.rules[other].fn(compiled.env({**facts, fact: value}, day)) is True for other in failed if other != rule_id
            )
            kind = compiled.policy.facts[fact].type
            unit: Literal["money", "number", "days", "value"] = "money" if kind == "money" else "number" if kind in ("int", "decimal") else "days" if kind == "date" else "value"
            candidate = built(Flip, rule=rule_id, fact=fact, change=change, to_value=value, unit=unit, flips_letter=others_pass)
            if best is None or _size(candidate, facts) < _size(best, facts):
                best = candidate
        if best is not None:
            out.append(best)
    return out


def _size(f: Flip, facts: dict[str, Any]) -> Decimal:
    if isinstance(f.change, str):
        return Decimal(1)
    base = facts.get(f.fact)
    denominator = abs(Decimal(base)) if isinstance(base, (int, Decimal)) and not isinstance(base, bool) and base != 0 else Decimal(1)
    return abs(Decimal(f.change)) / denominator


def _passes(compiled: CompiledPolicy, rule_id: str, facts: dict[str, Any], day: date, kept: dict[str, Any] | None = None) -> bool:
    env = compiled.env(facts, day) if kept is None else compiled.env_with(facts, day, kept)
    return compiled.rules[rule_id].fn(env) is True


def _search(compiled: CompiledPolicy, rule_id: str, fact: str, facts: dict[str, Any], day: date, base: Env | None = None) -> tuple[Any, Any] | None:
    current = facts[fact]
    kept = compiled.kept_derived(base if base is not None else compiled.env(facts, day), fact)
    spec = compiled.policy.facts[fact]
    if spec.type == "bool":
        new = not current
        # the change of a yes/no fact is "flip": its new value would disclose the old one
        return ("flip", new) if _passes(compiled, rule_id, {**facts, fact: new}, day, kept) else None
    if spec.type == "enum":
        for value in spec.values or ():
            if value != current and _passes(compiled, rule_id, {**facts, fact: value}, day, kept):
                return value, value
        return None
    if spec.type == "date":
        def moved_passes(k: int, s: int) -> bool:
            try:
                moved = current + timedelta(days=s * k)
            except OverflowError:  # beyond the calendar: no such date, so no flip there
                return False
            return _passes(compiled, rule_id, {**facts, fact: moved}, day, kept)

        for sign in (-1, 1):
            days = _boundary(lambda k, s=sign: moved_passes(k, s), 1, 36500)
            if days is not None:
                return sign * days, current + timedelta(days=sign * days)
        return None
    if spec.type in ("money", "decimal", "int"):
        unit: Decimal | int = 1 if spec.type == "int" else CENT
        results = []
        guess = _linear_guess(compiled, rule_id, fact, facts, day, unit)
        for sign in (-1, 1):
            bound = spec.minimum if sign < 0 else spec.maximum
            high = int(_LIMIT) if bound is None else min(int(_LIMIT), int(abs(Decimal(current) - bound) / Decimal(unit)))
            if high < 1:
                continue

            def ok(k: int, s: int = sign) -> bool:
                return _passes(compiled, rule_id, {**facts, fact: current + s * k * unit}, day, kept)

            if guess is not None and guess[1] == sign and guess[0] <= high and ok(guess[0]) and (guess[0] == 1 or not ok(guess[0] - 1)):
                results.append(guess)  # a linear rule: the exact boundary in two evaluations
                continue
            steps = _boundary(ok, 1, high)
            if steps is not None:
                results.append((steps, sign))
        if not results:
            return None
        steps, sign = min(results)
        change = sign * steps * unit
        return change, current + change
    return None


def _linear_guess(compiled: CompiledPolicy, rule_id: str, fact: str, facts: dict[str, Any], day: date, unit: Decimal | int) -> tuple[int, int] | None:
    """Where the single failing comparison of a rule crosses its limit, if it is linear in ``fact``:
    the gap divided by the slope, in whole units (cents), with the direction of the change."""
    node = compiled.rules[rule_id].node
    env = compiled.env(facts, day)
    failing = _failing_comparisons(node, env, compiled)
    if len(failing) != 1 or failing[0].op in ("==", "!="):
        return None
    cmp = _relaxed(compiled, failing[0])
    left, right = compiled.fn_of(cmp.left), compiled.fn_of(cmp.right)

    def gap(value: Any) -> Decimal | None:
        e = compiled.env({**facts, fact: value}, day)
        a, b = left(e), right(e)
        if a is None or b is None or isinstance(a, date):
            return None
        return Decimal(a) - Decimal(b)

    current = facts[fact]
    g0, g1 = gap(current), gap(current + unit * 100)
    if g0 is None or g1 is None or g1 == g0:
        return None
    slope = (g1 - g0) / (unit * 100)
    # the comparison passes when gap <= 0 (for <, <=) or gap >= 0 (for >, >=)
    needed = -g0 / slope
    steps = abs(needed) / Decimal(unit)
    k = int(steps.to_integral_value(rounding="ROUND_CEILING"))
    if cmp.op in ("<", ">") and Decimal(k) == steps:
        k += 1
    return (max(k, 1), 1 if needed > 0 else -1)


def _relaxed(compiled: CompiledPolicy, cmp: ast.Compare) -> ast.Compare:
    """An equivalent comparison without a floor that hides the slope: ``max(a, X) > c`` is
    ``X > c`` when ``a <= c`` (the common ``kwijtschelding > 0`` with ``max(0, ...)``).
    Derived names on the left are looked through. Only used to guess where to search."""
    left = cmp.left
    for _ in range(16):
        if isinstance(left, ast.Name) and compiled.kinds.get(left.name) == "derived":
            left = compiled.derived[left.name].node
        else:
            break
    if (
        cmp.op in (">", ">=")
        and isinstance(left, ast.Call)
        and left.func == "max"
        and len(left.args) == 2
        and isinstance(cmp.right, ast.Literal)
    ):
        floor, inner = left.args
        if isinstance(floor, ast.Literal) and floor.value <= cmp.right.value:  # type: ignore[operator]
            return ast.Compare(cmp.op, inner, cmp.right, cmp.pos)
    return ast.Compare(cmp.op, left, cmp.right, cmp.pos)


def _boundary(ok: Any, low: int, high: int) -> int | None:
    """The smallest k in [low, high] with ok(k), assuming ok is monotone in k (a larger change
    never stops a passing rule from passing): None when even ``high`` does not pass; otherwise
    exponential search for a passing k, then bisection."""
    if not ok(high):
        return None
    k, last_fail = low, low - 1
    while k < high and not ok(k):
        last_fail, k = k, k * 4
    k = min(k, high)
    lo, hi = last_fail, k  # ok(hi) is True, ok(lo) False (or lo below range)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    return hi


# -- provisions and no-room ----------------------------------------------------------------------
def room_for(policy: Policy, letter: LetterResult, intent: IntentResult, tension: Tension, env: Env, facts: dict[str, Any], day: date) -> Room:
    """Everything the assessment says about room: options, no-room signals, distance, proportionality."""
    compiled: CompiledPolicy = compiled_policy(policy)
    sources = policy.all_sources
    dist = distances(policy, letter, env) if letter.verdict == "denied" else []
    search = (lambda: flips(policy, letter, facts, day)) if letter.verdict == "denied" else None
    proportionality = _proportionality(policy, letter, intent, env) if policy.outcome.adverse and letter.verdict == "granted" else None
    if tension not in ("letter_blocks_intent", "letter_exceeds_intent"):
        return _with_search(Room(distances=dist, proportionality=proportionality), search)
    if tension == "letter_exceeds_intent":
        return _with_search(Room(distances=dist, proportionality=proportionality, note="reviewer_signal"), search)

    # the rules that stand between the citizen and what the purpose calls for: for a benefit the
    # failed rules; for an adverse outcome that is applied, the passed rules that carry the burden
    if policy.outcome.adverse and letter.verdict == "granted":
        blocking = {r.id for r in letter.rules if r.result == "passed"}
    else:
        blocking = {r.id for r in letter.rules if r.result == "failed"}
    options: list[Option] = []
    for d in policy.discretion:
        targets = set(d.sets_aside)
        # a provision for the whole outcome (no sets_aside) is relevant to every tension;
        # one for named rules only when one of them blocks
        if not d.applies_on(day) or (targets and not targets & blocking):
            continue
        cond = compiled.discretion_conditions.get(d.id)
        value = cond.fn(env) if cond is not None else None
        applies: Literal["yes", "no", "to_weigh"] = "yes" if value is True else "no" if value is False else "to_weigh"
        options.append(Option(id=d.id, title=d.title, kind=d.kind, legal_basis=SourceRef.of(sources[d.source]), sets_aside=list(d.sets_aside),
                              direction=d.direction, decided_by=d.decided_by, when=d.when, applies=applies))
    usable = [o for o in options if o.applies != "no"]
    no_room: list[NoRoom] = []
    adverse_applied = policy.outcome.adverse and letter.verdict == "granted"
    for r in policy.rules:
        if r.id not in blocking or (adverse_applied and usable and r.no_room is None):
            continue  # an applied burden is bridged by any usable provision; each rule need not be
        if r.no_room is not None:
            # formal law weighed this itself (e.g. ABRvS 2023:772): never advise to deviate from it
            no_room.append(NoRoom(rule=r.id, signal_to="legislator", reason=r.no_room.reason, source=SourceRef.of(sources[r.no_room.source])))
        elif not any(not o.sets_aside or r.id in o.sets_aside for o in usable):
            level = sources[r.source].level
            signal: Literal["legislator", "policy_maker"] = "legislator" if level in ("formele_wet", "amvb", "belgische_wet") else "policy_maker"
            reason = _text("no_provision_rule")
            no_room.append(NoRoom(rule=r.id, signal_to=signal, reason=reason, source=SourceRef.of(sources[r.source])))
    if (not blocking or adverse_applied) and not usable and not no_room:
        reason = _text("no_provision_amount")
        src = sources[policy.outcome.source or policy.rules[0].source]
        no_room.append(NoRoom(rule="(bedrag)", signal_to="policy_maker", reason=reason, source=SourceRef.of(src)))
    note: Literal["deviate_possible", "signal_only"] = "signal_only" if no_room or not usable else "deviate_possible"
    if any(r.no_room is not None and r.id in blocking for r in policy.rules):
        options = []  # a formal-law rule decides anyway: deviating elsewhere cannot help, so never advise it
    return _with_search(Room(options=options, no_room=no_room, distances=dist, proportionality=proportionality, note=note), search)


def _with_search(room: Room, search: Any) -> Room:
    room._search = search
    return room


# -- proportionality -------------------------------------------------------------------------------
def _proportionality(policy: Policy, letter: LetterResult, intent: IntentResult, env: Env) -> Proportionality:
    from .intent import _tolerance
    from .money import format_money

    compiled: CompiledPolicy = compiled_policy(policy)
    severe = [s.id for s in policy.outcome.severity if compiled.severity[s.id].fn(env) is True]
    unknown_severity = [s for s in policy.outcome.severity if compiled.severity[s.id].fn(env) is None]
    intensity: Literal["low", "medium", "high"] = "high" if len(severe) >= 2 else "medium" if severe else "low"
    texts = {s.id: s.text for s in policy.outcome.severity}
    titles = {lang: ", ".join(p.title.get(lang) for p in policy.purposes) or ROOM["purpose"][i] for i, lang in enumerate(("nl", "en"))}

    if intent.verdict == "served":
        suitable = Step(step="suitable", finding="yes", known=[_text("suitable_yes", titles=titles)])
    elif intent.verdict == "not_served":
        suitable = Step(step="suitable", finding="no", known=[_text("suitable_no", titles=titles)])
    else:
        suitable = Step(step="suitable", finding="to_weigh", to_weigh=[_text("suitable_unknown")])

    if letter.amount is not None and intent.amount is not None and letter.amount - intent.amount > _tolerance(policy):
        amounts = {lang: format_money(intent.amount, lang) for lang in ("nl", "en")}, {lang: format_money(letter.amount, lang) for lang in ("nl", "en")}
        necessary = Step(step="necessary", finding="no", known=[_text("necessary_no", purpose=amounts[0], letter=amounts[1])])
    else:
        lighter = [d.title for d in policy.discretion if d.direction in ("citizen_favour", "both")]
        necessary = Step(step="necessary", finding="to_weigh", known=[_text("lighter", title={"nl": t.nl, "en": t.get("en")}) for t in lighter],
                         to_weigh=[_text("necessary_weigh")])
    balanced = Step(
        step="balanced",
        finding="to_weigh",
        known=[texts[s] for s in severe],
        to_weigh=[_text("balanced_weigh")] + [_text("still_unknown", text={"nl": s.text.nl, "en": s.text.get("en")}) for s in unknown_severity],
    )
    return Proportionality(intensity=intensity, severity=severe, steps=[suitable, necessary, balanced])


def _text(key: str, **values: dict[str, str]) -> LocalizedText:
    """A text of the catalogue in Dutch and English, each filled with its own language's values."""
    nl, en = ROOM[key]
    return LocalizedText(nl=nl.format(**{k: v["nl"] for k, v in values.items()}), en=en.format(**{k: v["en"] for k, v in values.items()}))
