# SPDX-License-Identifier: EUPL-1.2
"""Signals from the policy model to durable-rules' JSON ruleset format.

One semantic core: a signal's conditions are condition-language text, parsed by the same
grammar into the same AST and type-checked by the same checker as every rule, with the pattern's
event aliases in scope (``melding.date``). This module then translates the typed AST into one
durable-rules rule per signal, and one ruleset per policy version (``<policy id>@<version>``).
Nothing here runs the engine; see :mod:`regelruimte.signals.run`.

How a pattern becomes a rule (the reasons are in ``docs/signals.md``):

* **Messages.** Each event is one flat message ``{"t": type, "d": days since 1970-01-01,
  "f_<field>": value, "dm_<k>": days of add_months(date, k)}``: money in integer cents, dates as
  whole days, text and choices as strings, yes/no as booleans; never a float or Decimal (P8).
  The field prefix ``f_`` keeps event fields apart from the message's own keys and from the
  engine's reserved names (``id``, ``sid``, ``rr_*``).
* **The clock.** The reference date (peildatum) enters as one more message, of type ``@clock``
  (no event type can have that name), bound to the alias ``Clock`` that every rule starts with.
  ``peildatum`` in a condition reads ``Clock.d``. The wall clock is never read.
* **Calendar months** are not arithmetic on days, so ``add_months(x.date, k)`` is computed
  exactly in Python (with the evaluator's own ``add_months``) and sent as the field ``dm_k`` of
  every message; ``months_between(a, b) >= n`` is rewritten to ``b >= add_months(a, n)``, which
  is equivalent for whole ``n >= 1`` (both clamp to the end of a shorter month; tested), and
  ``months_between(a, b) >= 0`` to ``a < add_months(b, 1)``.
* **Placement.** durable-rules compares a field of the message being matched with constants and
  fields of messages matched *earlier* in the rule, and allows no arithmetic on the left. So each
  top-level ``and`` part of a condition moves to the latest event it reads (the clock counts as
  the first), and is solved for that event's field: ``peildatum > add_days(melding.date, 42)``
  becomes, on ``melding``, ``melding.d < Clock.d - 42``. A ``none`` element keeps its whole
  condition, and every comparison in it must read a field of the absent event.
* **Negation** is pushed down to the comparisons (``not (a < b)`` is ``a >= b``), because the
  engine has no ``not`` inside an expression. Every declared field is required in every event
  (the event log is validated before it reaches the engine), so there is no unknown value and
  two-valued logic is exact.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from ..conditions import Checker, ConditionSyntaxError, ConditionTypeError, Symbol, Type, ast, parse
from ..conditions.evaluate import compile_expr
from ..conditions.functions import FUNCTIONS
from ..policy import EventType, Policy, Signal

Loc = tuple[str | int, ...]
Issue = tuple[Loc, str, str]

EPOCH = date(1970, 1, 1)
EPOCH_ORDINAL = EPOCH.toordinal()
CLOCK_ALIAS = "Clock"
CLOCK_TYPE = "@clock"
TYPE_FIELD = "t"
DATE_FIELD = "d"
FIELD_PREFIX = "f_"
MONTHS_PREFIX = "dm_"
MAX_DAYS_CONSTANT = 36_600  # a hundred years: add_days(x, n) with |n| above this is refused
MAX_MONTHS_CONSTANT = 1_200
MAX_ALIAS_LENGTH = 60
RESERVED_ALIASES = frozenset({"peildatum"})
BUILTIN_FIELDS = ("date", "type")

_FIELD_TYPES = {"bool": Type("bool"), "int": Type("int"), "money": Type("money"), "date": Type("date"), "text": Type("text")}
_NEGATED = {"<": ">=", "<=": ">", ">": "<=", ">=": "<", "==": "!=", "!=": "=="}
_MIRRORED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_SIGNAL_FUNCTIONS = " or ".join(", ".join(sorted(f for f, spec in FUNCTIONS.items() if spec.in_signals)).rsplit(", ", 1))
"""The functions a pattern can use (the engine compares whole days), for messages."""
_DURABLE_OP = {"<": "$lt", "<=": "$lte", ">": "$gt", ">=": "$gte", "!=": "$neq"}


def days(day: date) -> int:
    """Whole days since 1970-01-01 (the engine's date)."""
    return day.toordinal() - EPOCH_ORDINAL


def from_days(value: int) -> date:
    """The date of a day number."""
    return date.fromordinal(value + EPOCH_ORDINAL)


def months_field(k: int) -> str:
    """The message field that holds ``add_months(date, k)`` in days."""
    return f"{MONTHS_PREFIX}{k}" if k >= 0 else f"{MONTHS_PREFIX}m{-k}"


def message_field(name: str) -> str:
    """The message key of an event field (``date`` and ``type`` are the message's own keys)."""
    if name == "date":
        return DATE_FIELD
    if name == "type":
        return TYPE_FIELD
    return FIELD_PREFIX + name


def field_type(f: Any) -> Type:
    """The condition-language type of an event field."""
    if f.type == "enum":
        return Type("enum", frozenset(f.values or ()))
    return _FIELD_TYPES[f.type]


# --------------------------------------------------------------------------- compiled form


@dataclass(frozen=True)
class CompiledSignal:
    """One signal, type-checked and translated to one durable-rules rule."""

    signal: Signal
    index: int
    """Position in ``policy.signals`` (for locations)."""
    aliases: tuple[str, ...]
    """The aliases of the ``event`` elements, in order."""
    negated: tuple[str, ...]
    """The aliases of the ``none`` elements, in order."""
    types: dict[str, tuple[str, ...]]
    """Event types per alias."""
    conditions: dict[str, ast.Node]
    """The typed condition of each element that has one, by alias (the exact semantics)."""
    rule: dict[str, Any]
    """The durable-rules rule (JSON)."""
    target: str | None
    """The policy whose assessment follows (None: no assessment)."""
    facts: dict[str, ast.Node]
    """Facts for that assessment, as typed expressions over the matched events."""
    fact_types: dict[str, Type] = field(default_factory=dict)
    """The type of each fact expression."""


@dataclass(frozen=True)
class CompiledSignals:
    """Every signal of one policy version as one durable-rules ruleset."""

    policy_id: str
    ruleset_name: str
    ruleset: dict[str, Any]
    signals: tuple[CompiledSignal, ...]
    event_types: dict[str, EventType]
    used_types: frozenset[str]
    """Event types any pattern reads: only these are sent to the engine."""
    trigger_types: frozenset[str]
    """Event types of ``event`` elements: a household without one of them cannot match."""
    message_fields: dict[str, tuple[str, ...]]
    """Per event type, the fields the rules read (only these are sent)."""
    month_offsets: tuple[int, ...]
    """Every k of ``add_months(x, k)`` the rules read, as precomputed ``dm_k`` fields."""
    months_by_type: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Per event type (and ``@clock``), the k whose ``dm_k`` field its messages need."""
    kinds: dict[str, str] = field(default_factory=dict)
    """Name kinds for evaluating conditions and fact expressions with the exact evaluator."""

    def by_id(self, signal_id: str) -> CompiledSignal:
        return next(s for s in self.signals if s.signal.id == signal_id)

    def definition(self) -> dict[str, Any]:
        """A deep copy of the ruleset (the engine mutates what it registers, P16)."""
        return copy.deepcopy(self.ruleset)


class _Unsupported(Exception):
    """A construct the engine cannot express; ``column`` is 0-based within the expression."""

    def __init__(self, message: str, column: int = 0) -> None:
        self.column = column
        super().__init__(message)


# --------------------------------------------------------------------------- entry point


def compile_signals(policy: Policy, scope: Mapping[str, Symbol], kinds: Mapping[str, str], constants: Mapping[str, Any]) -> tuple[CompiledSignals | None, list[Issue]]:
    """Check and compile every event type and signal of ``policy``.

    Args:
        policy: The policy (its events and signals).
        scope: The policy's names (facts, parameters, derived values, ``peildatum``).
        kinds: The kind of every name, as for the evaluator.
        constants: Parameters with one value over the whole validity of the policy, by name
            (the only parameters a signal's pattern may read).

    Returns:
        The compiled signals (None when there are none or when there are issues) and the issues.
    """
    issues: list[Issue] = []
    _check_event_types(policy, issues)
    if not policy.signals:
        return None, issues
    compiled: list[CompiledSignal] = []
    months: dict[str, set[int]] = {}
    reads: dict[str, set[str]] = {}
    for i, signal in enumerate(policy.signals):
        cs = _compile_signal(policy, i, signal, scope, constants, months, reads, issues)
        if cs is not None:
            compiled.append(cs)
    if issues:
        return None, issues
    used = {t for cs in compiled for types in cs.types.values() for t in types}
    triggers = {t for cs in compiled for a in cs.aliases for t in cs.types[a]}
    ruleset = {cs.signal.id: cs.rule for cs in compiled}
    message_fields = {t: tuple(sorted(reads.get(t, ()))) for t in sorted(used)}
    eval_kinds = {k: v for k, v in kinds.items() if v in ("parameter", "builtin")}
    all_months = tuple(sorted({k for ks in months.values() for k in ks}))
    by_type = {t: tuple(sorted(ks)) for t, ks in sorted(months.items())}
    return CompiledSignals(policy.id, f"{policy.id}@{policy.version}", ruleset, tuple(compiled), dict(policy.events), frozenset(used), frozenset(triggers),
                           message_fields, all_months, months_by_type=by_type, kinds=eval_kinds), issues


def _check_event_types(policy: Policy, issues: list[Issue]) -> None:
    for name, et in policy.events.items():
        if name.startswith("rr_"):
            issues.append((("events", name), "event type names may not start with 'rr_' (reserved by the engine)", "event-name"))
        for fname, f in et.fields.items():
            loc: Loc = ("events", name, "fields", fname)
            if fname in ("date", "type", "household"):
                issues.append((loc, f"{fname!r} is part of every event; choose another field name", "event-field-reserved"))
            if f.type == "enum" and not f.values:
                issues.append((loc + ("type",), "a field of type enum needs 'values'", "fact-enum-values"))
            if f.type != "enum" and f.values:
                issues.append((loc + ("values",), "only enum fields have 'values'", "fact-values"))


def _compile_signal(policy: Policy, i: int, signal: Signal, scope: Mapping[str, Symbol], constants: Mapping[str, Any],
                    months: dict[str, set[int]], reads: dict[str, set[str]], issues: list[Issue]) -> CompiledSignal | None:
    base: Loc = ("signals", i)
    before = len(issues)
    if signal.id.startswith("rr_"):
        issues.append((base + ("id",), "signal ids may not start with 'rr_' (reserved by the engine)", "signal-id"))
    aliases: list[str] = []
    negated: list[str] = []
    types: dict[str, tuple[str, ...]] = {}
    fields: dict[str, dict[str, Type]] = {}
    for j, el in enumerate(signal.pattern):
        loc = base + ("pattern", j)
        if (el.event is None) == (el.none is None):
            issues.append((loc, "give exactly one of 'event' (must be there) or 'none' (must not be there)", "signal-pattern"))
            continue
        key = "none" if el.negated else "event"
        alias = el.as_
        if alias in RESERVED_ALIASES or alias.startswith("rr_") or len(alias) > MAX_ALIAS_LENGTH:
            issues.append((loc + ("as",), f"{alias!r} cannot name an event (reserved, or longer than {MAX_ALIAS_LENGTH} characters)", "signal-alias"))
            continue
        if alias in types:
            issues.append((loc + ("as",), f"the name {alias!r} is used twice in this pattern", "signal-alias"))
            continue
        el_types = el.types
        if len(set(el_types)) != len(el_types):
            issues.append((loc + (key,), "an event type is listed twice", "signal-pattern"))
        unknown = [t for t in el_types if t not in policy.events]
        for t in unknown:
            hint = _closest(t, policy.events)
            issues.append((loc + (key,) if isinstance(el.event or el.none, str) else loc + (key, el_types.index(t)), f"unknown event type {t!r}{hint}; declare it under 'events'", "unknown-event-type"))
        if unknown:
            continue
        types[alias] = tuple(el_types)
        fields[alias] = _common_fields(policy, el_types)
        (negated if el.negated else aliases).append(alias)
    if not aliases and len(issues) == before:
        issues.append((base + ("pattern",), "a pattern needs at least one 'event' that must be there", "signal-pattern"))
    if len(issues) > before:
        return None
    order = {CLOCK_ALIAS: 0, **{a: n + 1 for n, a in enumerate(aliases)}}
    builder = _RuleBuilder(order, fields, constants, scope)
    patterns: dict[str, list[dict[str, Any]]] = {a: [] for a in (CLOCK_ALIAS, *aliases, *negated)}
    conditions: dict[str, ast.Node] = {}
    positive_fields = {a: fields[a] for a in aliases}
    for j, el in enumerate(signal.pattern):
        if el.condition is None:
            continue
        alias = el.as_
        loc = base + ("pattern", j, "condition")
        visible = dict(positive_fields)
        if el.negated:
            visible[alias] = fields[alias]
        typed = _typed(el.condition, scope, visible, loc, issues, "bool")
        if typed is None:
            continue
        node, builder.types = typed
        conditions[alias] = node
        try:
            _check_names(node, scope, constants)
            for part in _conjuncts(node):
                target = alias if el.negated else builder.place(part)
                patterns[target].append(builder.condition(part, target))
        except _Unsupported as exc:
            issues.append((loc, f"{exc} (column {exc.column + 1} of the expression)", "signal-condition"))
    if len(issues) > before:
        return None
    for alias, ks in builder.months.items():
        for t in (CLOCK_TYPE,) if alias == CLOCK_ALIAS else types[alias]:
            months.setdefault(t, set()).update(ks)
    for alias, read in builder.reads.items():
        for t in types.get(alias, ()):
            reads.setdefault(t, set()).update(read)
    rule = {"all": [{CLOCK_ALIAS: _element({TYPE_FIELD: CLOCK_TYPE}, patterns[CLOCK_ALIAS])},
                    *({a: _element(_type_test(types[a]), patterns[a])} for a in aliases),
                    *({a + "$not": _element(_type_test(types[a]), patterns[a])} for a in negated)]}
    assesses, facts, fact_types = _compile_then(policy, i, signal, scope, positive_fields, issues)
    if len(issues) > before:
        return None
    return CompiledSignal(signal, i, tuple(aliases), tuple(negated), types, conditions, rule, assesses, facts, fact_types)


def _compile_then(policy: Policy, i: int, signal: Signal, scope: Mapping[str, Symbol], visible: dict[str, dict[str, Type]],
                  issues: list[Issue]) -> tuple[str | None, dict[str, ast.Node], dict[str, Type]]:
    then = signal.then
    loc: Loc = ("signals", i, "then")
    assesses = then.action in ("offer", "grant", "reassess") or bool(then.facts) or then.policy is not None
    if not assesses:
        return None, {}, {}
    target = then.policy or policy.id
    facts: dict[str, ast.Node] = {}
    fact_types: dict[str, Type] = {}
    for name, text in then.facts.items():
        floc = loc + ("facts", name)
        typed = _typed(text, scope, visible, floc, issues)
        if typed is None:
            continue
        node, node_types = typed
        bad = sorted(n for n in ast.names(node) if scope.get(n) is not None and scope[n].kind in ("fact", "derived"))
        if bad:
            issues.append((floc, f"{bad[0]!r} is a value of the case; a signal's facts are built from the matched events, parameters and peildatum", "signal-facts"))
            continue
        facts[name] = node
        fact_types[name] = node_types[node]
        if target == policy.id:
            problem = fact_type_problem(node, node_types[node], policy.facts.get(name))
            if problem is not None:
                issues.append((floc, problem, "signal-facts"))
    return target, facts, fact_types


def target_problems(policy: Policy, by_id: Mapping[str, Policy]) -> list[Issue]:
    """Problems of signals that assess another policy than their own (unknown id, unfit facts)."""
    compiled = policy._compiled.signals if policy._compiled is not None else None
    if compiled is None:
        return []
    issues: list[Issue] = []
    for cs in compiled.signals:
        if cs.target is None or cs.target == policy.id:
            continue
        loc: Loc = ("signals", cs.index, "then")
        other = by_id.get(cs.target)
        if other is None:
            hint = _closest(cs.target, by_id)
            issues.append((loc + ("policy",), f"unknown policy {cs.target!r}{hint}", "unknown-policy"))
            continue
        for name, node in cs.facts.items():
            problem = fact_type_problem(node, cs.fact_types[name], other.facts.get(name))
            if problem is not None:
                issues.append((loc + ("facts", name), f"{problem} (policy {cs.target!r})", "signal-facts"))
    return issues


def fact_type_problem(node: ast.Node, t: Type, fact: Any) -> str | None:
    """Why an expression cannot give a value for ``fact`` of the target policy (None: it can)."""
    if fact is None:
        return "the policy to assess has no fact with this name"
    if fact.type == "enum":
        values = frozenset(fact.values or ())
        if t.kind == "text" and isinstance(node, ast.Literal):
            return None if node.value in values else f"{node.value!r} is not a possible value of this fact"
        if t.kind == "enum" and t.values is not None and t.values <= values:
            return None
        return f"expression gives {t}, but this fact is one of {', '.join(sorted(values))}"
    if t.kind == fact.type or (fact.type == "money" and t.kind in ("int", "decimal") and t.literal) or (fact.type == "decimal" and t.kind == "int"):
        return None
    return f"expression gives {t}, but this fact is {fact.type}"


def check_fact_expression(node: ast.Node, scope: Mapping[str, Symbol], visible: Mapping[str, Mapping[str, Type]]) -> Type:
    """The type of a fact expression (for targets in other policies, checked by the loader)."""
    return Checker(scope, events=visible).check(node)


def _typed(text: str, scope: Mapping[str, Symbol], visible: Mapping[str, Mapping[str, Type]], loc: Loc,
           issues: list[Issue], expect: str | None = None) -> tuple[ast.Node, dict[ast.Node, Type]] | None:
    """Parse and type-check (the same grammar and checker as every rule)."""
    checker = Checker(scope, events=visible)
    try:
        node = parse(text)
        checker.check(node, expect)
    except (ConditionSyntaxError, ConditionTypeError) as exc:
        code = "expression-syntax" if isinstance(exc, ConditionSyntaxError) else "expression-type"
        issues.append((loc, f"{exc} (column {exc.column + 1} of the expression)", code))
        return None
    return node, checker.types


def _check_names(node: ast.Node, scope: Mapping[str, Symbol], constants: Mapping[str, Any]) -> None:
    for n in ast.walk(node):
        if isinstance(n, ast.Lookup):
            raise _Unsupported(f"{n.name}[...] has a value per key; a signal's pattern can only read parameters with one value", n.pos)
        if not isinstance(n, ast.Name) or n.name == "peildatum":
            continue
        kind = scope[n.name].kind
        if kind in ("fact", "derived"):
            raise _Unsupported(f"{n.name!r} is a value of the case; a signal's pattern reads events, parameters and peildatum", n.pos)
        if n.name not in constants:
            raise _Unsupported(f"parameter {n.name!r} changes value during the policy's validity, or is not a whole number, amount or yes/no; a pattern can only read a parameter with one value", n.pos)


def _common_fields(policy: Policy, types: list[str]) -> dict[str, Type]:
    """The fields every listed type has with the same type, plus ``date`` and ``type``."""
    first = policy.events[types[0]].fields
    out = {name: field_type(f) for name, f in first.items()}
    for t in types[1:]:
        other = policy.events[t].fields
        out = {name: ft for name, ft in out.items() if name in other and field_type(other[name]) == ft}
    out["date"] = Type("date")
    out["type"] = Type("enum", frozenset(types))
    return out


def _closest(name: str, known: Mapping[str, Any]) -> str:
    import difflib

    hint = difflib.get_close_matches(name, list(known), n=1)
    return f"; did you mean {hint[0]!r}?" if hint else ""


def _conjuncts(node: ast.Node) -> list[ast.Node]:
    return list(node.items) if isinstance(node, ast.And) else [node]


def _type_test(types: tuple[str, ...]) -> dict[str, Any]:
    if len(types) == 1:
        return {TYPE_FIELD: types[0]}
    return {"$or": [{TYPE_FIELD: t} for t in types]}


def _element(base: dict[str, Any], parts: list[dict[str, Any]]) -> dict[str, Any]:
    return {"$and": [base, *parts]} if parts else base


# --------------------------------------------------------------------------- expressions


_Ref = tuple[str, str]  # (alias, message field)


class _RuleBuilder:
    """Translates typed condition parts into durable-rules expressions for one rule."""

    def __init__(self, order: dict[str, int], fields: dict[str, dict[str, Type]], constants: Mapping[str, Any], scope: Mapping[str, Symbol]) -> None:
        self.order = order
        self.fields = fields
        self.constants = constants
        self.scope = scope
        self.months: dict[str, set[int]] = {}
        """Per alias (or the clock), the k of every add_months(alias.date, k) read."""
        self.reads: dict[str, set[str]] = {}
        self.types: dict[ast.Node, Type] = {}

    # -- placement ---------------------------------------------------------------------
    def aliases_of(self, node: ast.Node) -> set[str]:
        out: set[str] = set()
        for n in ast.walk(node):
            if isinstance(n, ast.FieldRef):
                out.add(n.alias)
            elif isinstance(n, ast.Name) and n.name == "peildatum":
                out.add(CLOCK_ALIAS)
        return out

    def place(self, part: ast.Node) -> str:
        """The latest event the part reads (the clock when it reads no event)."""
        refs = self.aliases_of(part)
        return max(refs, key=lambda a: self.order.get(a, -1)) if refs else CLOCK_ALIAS

    # -- conditions ----------------------------------------------------------------------
    def condition(self, node: ast.Node, target: str, negate: bool = False) -> dict[str, Any]:
        """A boolean node as an expression over the fields of ``target``."""
        if isinstance(node, ast.Not):
            return self.condition(node.operand, target, not negate)
        if isinstance(node, (ast.And, ast.Or)):
            conj = isinstance(node, ast.And) != negate
            parts = [self.condition(item, target, negate) for item in node.items]
            return {"$and" if conj else "$or": parts}
        if isinstance(node, ast.Compare):
            op = _NEGATED[node.op] if negate else node.op
            return self.compare(op, node.left, node.right, target, node.pos)
        if isinstance(node, ast.In):
            return self.member(node, target, node.negated != negate)
        if isinstance(node, ast.FieldRef):  # a yes/no field on its own
            ref = self.own(node, target)
            return {ref: not negate}
        raise _Unsupported("a signal's condition compares fields of events with each other, with peildatum or with values; this part is not a comparison", node.pos)

    def member(self, node: ast.In, target: str, negated: bool) -> dict[str, Any]:
        if not isinstance(node.operand, ast.FieldRef):
            raise _Unsupported("'in' needs a field of an event on its left", node.pos)
        ref = self.own(node.operand, target)
        kind = self._kind_of(node.operand)
        values = [self.literal(item, kind) for item in node.items]
        if negated:
            return {"$and": [{"$neq": {ref: v}} for v in values]}
        return {"$or": [{ref: v} for v in values]}

    def compare(self, op: str, left: ast.Node, right: ast.Node, target: str, pos: int) -> dict[str, Any]:
        rewritten = self._rewrite_between(op, left, right, pos)
        if rewritten is not None:
            op, left, right, kind = rewritten
        else:
            kind = self._compare_kind(left, right)
        if kind in ("text", "enum", "bool"):
            return self._compare_plain(op, left, right, target, kind, pos)
        coeffs, const = self.linear(left, kind)
        rcoeffs, rconst = self.linear(right, kind)
        for ref, c in rcoeffs.items():
            coeffs[ref] = coeffs.get(ref, 0) - c
        const -= rconst
        coeffs = {r: c for r, c in coeffs.items() if c}
        own = [r for r in coeffs if r[0] == target]
        if len(own) != 1 or abs(coeffs[own[0]]) != 1:
            who = "the clock (peildatum)" if target == CLOCK_ALIAS else f"event {target!r}"
            raise _Unsupported(f"this comparison must read exactly one field of {who}, once; write it as <field> {op} <expression over other events>", pos)
        (mine,) = own
        if coeffs.pop(mine) < 0:  # -x op rest  ->  x mirrored(op) -rest
            op = _MIRRORED[op]
        else:
            coeffs = {r: -c for r, c in coeffs.items()}
            const = -const
        # now: mine op sum(coeffs * refs) + const
        rhs = self._sum(coeffs, const, pos)
        return self._durable(op, mine[1], rhs)

    def _compare_plain(self, op: str, left: ast.Node, right: ast.Node, target: str, kind: str, pos: int) -> dict[str, Any]:
        if op not in ("==", "!="):
            raise _Unsupported(f"cannot order {kind} values", pos)
        sides = [left, right]
        mine = [s for s in sides if isinstance(s, ast.FieldRef) and s.alias == target]
        if len(mine) != 1:
            raise _Unsupported(f"this comparison must read one field of event {target!r}", pos)
        other = right if mine[0] is left else left
        ref = self.own(mine[0], target)
        if isinstance(other, ast.FieldRef):
            value: Any = self.ref(other)
        elif isinstance(other, ast.Literal):
            value = self.literal(other, kind)
        elif isinstance(other, ast.Name) and other.name in self.constants:
            value = self.constant(other, kind)
        else:
            raise _Unsupported("compare a field with a value or with a field of another event", other.pos)
        return self._durable(op, ref, value)

    @staticmethod
    def _durable(op: str, ref: str, rhs: Any) -> dict[str, Any]:
        if op == "==":
            return {ref: rhs}
        return {_DURABLE_OP[op]: {ref: rhs}}

    def _sum(self, coeffs: dict[_Ref, int], const: int, pos: int) -> Any:
        terms: list[tuple[int, _Ref]] = []
        for ref, c in sorted(coeffs.items(), key=lambda rc: (rc[1] < 0, self.order.get(rc[0][0], 0), rc[0][1])):
            if abs(c) > 1:
                raise _Unsupported("an event field may appear only once in a comparison; multiplication is not available in signals", pos)
            terms += [(1 if c > 0 else -1, ref)] * abs(c)
        if not terms:
            return const
        sign, first = terms[0]
        expr: Any = {first[0]: first[1]} if sign > 0 else {"$sub": {"$l": const, "$r": {first[0]: first[1]}}}
        used_const = sign < 0
        for s, ref in terms[1:]:
            expr = {"$add" if s > 0 else "$sub": {"$l": expr, "$r": {ref[0]: ref[1]}}}
        if const and not used_const:
            expr = {"$add": {"$l": expr, "$r": const}}
        return expr

    # -- linear arithmetic on whole numbers (days, cents, counts) ------------------------
    def linear(self, node: ast.Node, kind: str) -> tuple[dict[_Ref, int], int]:
        if isinstance(node, ast.Literal):
            return {}, self.literal(node, kind)
        if isinstance(node, ast.FieldRef):
            self.check_ref(node)
            return {(node.alias, self.read(node.alias, node.field)): 1}, 0
        if isinstance(node, ast.Name):
            if node.name == "peildatum":
                return {(CLOCK_ALIAS, DATE_FIELD): 1}, 0
            return {}, self.constant(node, kind)
        if isinstance(node, ast.Neg):
            coeffs, const = self.linear(node.operand, kind)
            return {r: -c for r, c in coeffs.items()}, -const
        if isinstance(node, ast.Binary) and node.op in "+-":
            a, ac = self.linear(node.left, kind)
            b, bc = self.linear(node.right, kind)
            sign = 1 if node.op == "+" else -1
            for r, c in b.items():
                a[r] = a.get(r, 0) + sign * c
            return a, ac + sign * bc
        if isinstance(node, ast.Call) and node.func == "add_days":
            a, ac = self.linear(node.args[0], "date")
            b, bc = self.linear(node.args[1], "int")
            if b or abs(bc) > MAX_DAYS_CONSTANT:
                raise _Unsupported(f"add_days() needs a whole number of days of at most {MAX_DAYS_CONSTANT}", node.pos)
            return a, ac + bc
        if isinstance(node, ast.Call) and node.func == "days_between":
            a, ac = self.linear(node.args[0], "date")
            b, bc = self.linear(node.args[1], "date")
            for r, c in a.items():
                b[r] = b.get(r, 0) - c
            return b, bc - ac
        if isinstance(node, ast.Call) and node.func == "add_months":
            return self.add_months(node)
        if isinstance(node, ast.Binary):
            raise _Unsupported(f"'{node.op}' is not available in signals (the engine computes in doubles); use + and -", node.pos)
        if isinstance(node, ast.Call):
            raise _Unsupported(f"{node.func}() is not available in signals; use {_SIGNAL_FUNCTIONS} (compared with a whole number)", node.pos)
        raise _Unsupported("this expression is not available in signals", getattr(node, "pos", 0))

    def add_months(self, node: ast.Call) -> tuple[dict[_Ref, int], int]:
        base, count = node.args
        k = self.whole_number(count)
        if abs(k) > MAX_MONTHS_CONSTANT:
            raise _Unsupported(f"add_months() takes at most {MAX_MONTHS_CONSTANT} months", node.pos)
        if isinstance(base, ast.Name) and base.name == "peildatum":
            self.months.setdefault(CLOCK_ALIAS, set()).add(k)
            return {(CLOCK_ALIAS, months_field(k)): 1}, 0
        if isinstance(base, ast.FieldRef) and base.field == "date":
            self.check_ref(base)
            self.months.setdefault(base.alias, set()).add(k)
            return {(base.alias, months_field(k)): 1}, 0
        raise _Unsupported("add_months() needs an event's date or peildatum, and a whole number of months", node.pos)

    def _rewrite_between(self, op: str, left: ast.Node, right: ast.Node, pos: int) -> tuple[str, ast.Node, ast.Node, str] | None:
        """``months_between(a, b) >= n`` as ``b >= add_months(a, n)`` (exact for whole n >= 1), and
        ``months_between(a, b) >= 0`` as ``a < add_months(b, 1)``."""
        call, other = (left, right) if isinstance(left, ast.Call) and left.func == "months_between" else (right, left)
        if not (isinstance(call, ast.Call) and call.func == "months_between"):
            return None
        if call is right:
            op = _MIRRORED[op]
        n = self.whole_number(other)
        if n < 0 or op in ("==", "!="):
            raise _Unsupported("compare months_between() with <, <=, > or >= and a whole number of 0 or more", pos)
        a, b = call.args
        if op in (">", "<="):
            n += 1
        if n == 0:
            # months_between(a, b) >= 0 is false only when b lies a whole month or more before a,
            # that is when a >= add_months(b, 1); b >= add_months(a, 0) would miss b just before a
            boundary = ast.Call("add_months", (b, ast.Literal(1, "int", pos)), pos)
            return ("<" if op == ">=" else ">="), a, boundary, "date"
        boundary = ast.Call("add_months", (a, ast.Literal(n, "int", pos)), pos)
        return (">=" if op in (">=", ">") else "<"), b, boundary, "date"

    def whole_number(self, node: ast.Node) -> int:
        if isinstance(node, ast.Literal) and node.kind == "int":
            return int(node.value)  # type: ignore[arg-type]
        if isinstance(node, ast.Name) and node.name in self.constants and isinstance(self.constants[node.name], int) and not isinstance(self.constants[node.name], bool):
            return int(self.constants[node.name])
        if isinstance(node, ast.Neg):
            return -self.whole_number(node.operand)
        raise _Unsupported("expected a whole number written out, or a parameter with one whole-number value", getattr(node, "pos", 0))

    # -- atoms ---------------------------------------------------------------------------
    def check_ref(self, node: ast.FieldRef) -> None:
        if node.alias not in self.fields or node.field not in self.fields[node.alias]:  # pragma: no cover - the checker refused it
            raise _Unsupported(f"unknown field {node.alias}.{node.field}", node.pos)

    def read(self, alias: str, name: str) -> str:
        key = message_field(name)
        if name not in BUILTIN_FIELDS:
            self.reads.setdefault(alias, set()).add(name)
        return key

    def own(self, node: ast.FieldRef, target: str) -> str:
        if node.alias != target:
            raise _Unsupported(f"this comparison must read a field of event {target!r}", node.pos)
        self.check_ref(node)
        return self.read(node.alias, node.field)

    def ref(self, node: ast.FieldRef) -> dict[str, str]:
        self.check_ref(node)
        return {node.alias: self.read(node.alias, node.field)}

    def literal(self, node: ast.Literal, kind: str) -> Any:
        v = node.value
        if node.kind == "date":
            return days(v)  # type: ignore[arg-type]
        if node.kind in ("text", "bool"):
            return v
        if kind == "money":
            cents = Decimal(v) * 100  # type: ignore[arg-type]
            if cents != cents.to_integral_value():
                raise _Unsupported("amounts in signals are whole cents", node.pos)
            return int(cents)
        if node.kind == "int":
            return v
        raise _Unsupported("numbers in signals are whole numbers (amounts: whole cents)", node.pos)

    def constant(self, node: ast.Name, kind: str) -> Any:
        value = self.constants[node.name]
        if isinstance(value, Decimal):
            if kind != "money":  # pragma: no cover - the type checker keeps amounts with amounts
                raise _Unsupported(f"{node.name!r} is an amount", node.pos)
            return int(value * 100)
        return value

    def _kind_of(self, node: ast.Node) -> str:
        return self.types[node].kind

    def _compare_kind(self, left: ast.Node, right: ast.Node) -> str:
        kinds = {self.types[left].kind, self.types[right].kind}
        for k in ("money", "date", "text", "enum", "bool"):
            if k in kinds:
                return k
        return "int"


# --------------------------------------------------------------------------- evaluation helpers


def evaluator_for(node: ast.Node, kinds: Mapping[str, str]) -> Any:
    """Compile ``node`` with the exact evaluator, reading ``alias.field`` as a fact of that name."""
    rewritten = _rename_fields(node)
    names = {f"{r.alias}.{r.field}" for r in ast.field_refs(node)}
    return compile_expr(rewritten, {**kinds, **dict.fromkeys(names, "fact")})


def _rename_fields(node: ast.Node) -> ast.Node:
    """The same tree with every ``alias.field`` as a name ``"alias.field"`` (for the evaluator)."""
    if isinstance(node, ast.FieldRef):
        return ast.Name(f"{node.alias}.{node.field}", node.pos)
    if isinstance(node, (ast.Literal, ast.Name)):
        return node
    if isinstance(node, ast.Lookup):
        return ast.Lookup(node.name, _rename_fields(node.key), node.pos)
    if isinstance(node, ast.Neg):
        return ast.Neg(_rename_fields(node.operand), node.pos)
    if isinstance(node, ast.Not):
        return ast.Not(_rename_fields(node.operand), node.pos)
    if isinstance(node, ast.Binary):
        return ast.Binary(node.op, _rename_fields(node.left), _rename_fields(node.right), node.pos)
    if isinstance(node, ast.Compare):
        return ast.Compare(node.op, _rename_fields(node.left), _rename_fields(node.right), node.pos)
    if isinstance(node, ast.In):
        return ast.In(_rename_fields(node.operand), node.items, node.negated, node.pos)
    if isinstance(node, ast.And):
        return ast.And(tuple(_rename_fields(i) for i in node.items), node.pos)
    if isinstance(node, ast.Or):
        return ast.Or(tuple(_rename_fields(i) for i in node.items), node.pos)
    if isinstance(node, ast.Call):
        return ast.Call(node.func, tuple(_rename_fields(a) for a in node.args), node.pos)
    if isinstance(node, ast.If):
        return ast.If(_rename_fields(node.cond), _rename_fields(node.then), _rename_fields(node.otherwise), node.pos)
    raise TypeError(type(node).__name__)  # pragma: no cover
