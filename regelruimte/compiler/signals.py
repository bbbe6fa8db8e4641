# SPDX-License-Identifier: EUPL-1.2
"""Signals of a policy, checked and compiled: one durable-rules ruleset per policy version.

One semantic core: a signal's conditions are condition-language text, parsed by the same
grammar into the same AST and type-checked by the same checker as every rule, with the pattern's
event aliases in scope (``melding.date``). :mod:`~regelruimte.compiler.durable_json` translates
the typed conditions into one durable-rules rule per signal; the ruleset of a policy version is
named ``<policy id>@<version>``. Nothing here runs the engine (see :mod:`regelruimte.signalling.run`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._messages import Text
from ..conditions import Checker, ConditionSyntaxError, ConditionTypeError, Symbol, Type, ast, parse
from ..errors import EngineError
from ..model.policy import Policy
from ..model.signals import Signal
from .compiled_signals import CompiledSignal, CompiledSignals
from .durable_json import RuleBuilder, Unsupported, conjuncts, element, type_test
from .durable_shape import guarded
from .parameters import expression_problem
from .signal_messages import CLOCK_ALIAS, CLOCK_TYPE, TYPE_FIELD

Loc = tuple[str | int, ...]
Issue = tuple[Loc, Text, str]

MAX_ALIAS_LENGTH = 60
RESERVED_ALIASES = frozenset({"peildatum"})

_FIELD_TYPES = {"bool": Type("bool"), "int": Type("int"), "money": Type("money"), "date": Type("date"), "text": Type("text")}


def field_type(f: Any) -> Type:
    """The condition-language type of an event field."""
    if f.type == "enum":
        return Type("enum", frozenset(f.values or ()))
    return _FIELD_TYPES[f.type]


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
            issues.append((("events", name), Text("comp-event-name"), "event-name"))
        for fname, f in et.fields.items():
            loc: Loc = ("events", name, "fields", fname)
            if fname in ("date", "type", "household"):
                issues.append((loc, Text("comp-event-field-reserved", name=repr(fname)), "event-field-reserved"))
            if f.type == "enum" and not f.values:
                issues.append((loc + ("type",), Text("comp-field-enum-values"), "fact-enum-values"))
            if f.type != "enum" and f.values:
                issues.append((loc + ("values",), Text("comp-values-only-enum-field"), "fact-values"))


def _compile_signal(policy: Policy, i: int, signal: Signal, scope: Mapping[str, Symbol], constants: Mapping[str, Any],
                    months: dict[str, set[int]], reads: dict[str, set[str]], issues: list[Issue]) -> CompiledSignal | None:
    base: Loc = ("signals", i)
    before = len(issues)
    if signal.id.startswith("rr_"):
        issues.append((base + ("id",), Text("comp-signal-id"), "signal-id"))
    aliases: list[str] = []
    negated: list[str] = []
    types: dict[str, tuple[str, ...]] = {}
    fields: dict[str, dict[str, Type]] = {}
    for j, el in enumerate(signal.pattern):
        loc = base + ("pattern", j)
        if (el.event is None) == (el.none is None):
            issues.append((loc, Text("comp-signal-event-or-none"), "signal-pattern"))
            continue
        key = "none" if el.negated else "event"
        alias = el.as_
        if alias in RESERVED_ALIASES or alias.startswith("rr_") or len(alias) > MAX_ALIAS_LENGTH:
            issues.append((loc + ("as",), Text("comp-signal-alias", alias=repr(alias), n=MAX_ALIAS_LENGTH), "signal-alias"))
            continue
        if alias in types:
            issues.append((loc + ("as",), Text("comp-signal-alias-twice", alias=repr(alias)), "signal-alias"))
            continue
        el_types = el.types
        if len(set(el_types)) != len(el_types):
            issues.append((loc + (key,), Text("comp-event-type-twice"), "signal-pattern"))
        unknown = [t for t in el_types if t not in policy.events]
        for t in unknown:
            hint = _closest(t, policy.events)
            issues.append((loc + (key,) if isinstance(el.event or el.none, str) else loc + (key, el_types.index(t)), Text("comp-unknown-event-type-hint", type=repr(t), hint=repr(hint)) if hint else Text("comp-unknown-event-type", type=repr(t)), "unknown-event-type"))
        if unknown:
            continue
        types[alias] = tuple(el_types)
        fields[alias] = _common_fields(policy, el_types)
        (negated if el.negated else aliases).append(alias)
    if not aliases and len(issues) == before:
        issues.append((base + ("pattern",), Text("comp-signal-needs-event"), "signal-pattern"))
    if len(issues) > before:
        return None
    order = {CLOCK_ALIAS: 0, **{a: n + 1 for n, a in enumerate(aliases)}}
    builder = RuleBuilder(order, fields, constants, scope)
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
            for part in conjuncts(node):
                target = alias if el.negated else builder.place(part)
                patterns[target].append(builder.condition(part, target))
        except Unsupported as exc:
            issues.append((loc, expression_problem(exc), "signal-condition"))
    if len(issues) > before:
        return None
    for alias, ks in builder.months.items():
        for t in (CLOCK_TYPE,) if alias == CLOCK_ALIAS else types[alias]:
            months.setdefault(t, set()).update(ks)
    for alias, read in builder.reads.items():
        for t in types.get(alias, ()):
            reads.setdefault(t, set()).update(read)
    rule = {"all": [{CLOCK_ALIAS: element({TYPE_FIELD: CLOCK_TYPE}, patterns[CLOCK_ALIAS])},
                    *({a: element(type_test(types[a]), patterns[a])} for a in aliases),
                    *({a + "$not": element(type_test(types[a]), patterns[a])} for a in negated)]}
    _check_shape(rule, {el.as_: j for j, el in enumerate(signal.pattern)}, base, issues)
    if len(issues) > before:
        return None
    assesses, facts, fact_types = _compile_then(policy, i, signal, scope, positive_fields, issues)
    if len(issues) > before:
        return None
    return CompiledSignal(signal, i, tuple(aliases), tuple(negated), types, conditions, rule, assesses, facts, fact_types)


def _check_shape(rule: dict[str, Any], positions: Mapping[str, int], base: Loc, issues: list[Issue]) -> None:
    """Refuse here what the engine would refuse when it is built: a pattern durable-rules cannot
    evaluate exactly (an ``or`` that mixes comparisons with constants and between events, two
    nested groups with comparisons between events; :mod:`.durable_shape`)."""
    for pattern in rule["all"]:
        ((key, expression),) = pattern.items()
        alias = key.removesuffix("$not")
        try:
            guarded(expression, Text("comp-signal-at-pattern", alias=repr(alias)))
        except EngineError as exc:
            loc = base + ("pattern", positions[alias], "condition") if alias in positions else base + ("pattern",)
            issues.append((loc, exc.text, "signal-condition"))


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
            issues.append((floc, Text("comp-signal-case-value", name=repr(bad[0])), "signal-facts"))
            continue
        facts[name] = node
        fact_types[name] = node_types[node]
        if target == policy.id:
            problem = fact_type_problem(node, node_types[node], policy.facts.get(name))
            if problem is not None:
                issues.append((floc, problem, "signal-facts"))
    return target, facts, fact_types


def target_problems(compiled: CompiledSignals | None, policy_id: str, by_id: Mapping[str, Policy]) -> list[Issue]:
    """Problems of signals that assess another policy than their own (unknown id, unfit facts):
    checked by the loader once it has the whole set of policies."""
    if compiled is None:
        return []
    issues: list[Issue] = []
    for cs in compiled.signals:
        if cs.target is None or cs.target == policy_id:
            continue
        loc: Loc = ("signals", cs.index, "then")
        other = by_id.get(cs.target)
        if other is None:
            hint = _closest(cs.target, by_id)
            said = Text("comp-unknown-policy-hint", id=repr(cs.target), hint=repr(hint)) if hint else Text("comp-unknown-policy", id=repr(cs.target))
            issues.append((loc + ("policy",), said, "unknown-policy"))
            continue
        for name, node in cs.facts.items():
            problem = fact_type_problem(node, cs.fact_types[name], other.facts.get(name))
            if problem is not None:
                issues.append((loc + ("facts", name), Text("comp-signal-facts-target", problem=problem, id=repr(cs.target)), "signal-facts"))
    return issues


def fact_type_problem(node: ast.Node, t: Type, fact: Any) -> Text | None:
    """Why an expression cannot give a value for ``fact`` of the target policy (None: it can)."""
    if fact is None:
        return Text("comp-target-no-fact")
    if fact.type == "enum":
        values = frozenset(fact.values or ())
        if t.kind == "text" and isinstance(node, ast.Literal):
            return None if node.value in values else Text("comp-target-not-value", value=repr(node.value))
        if t.kind == "enum" and t.values is not None and t.values <= values:
            return None
        return Text("comp-target-enum", type=str(t), values=", ".join(sorted(values)))
    if t.kind == fact.type or (fact.type == "money" and t.kind in ("int", "decimal") and t.literal) or (fact.type == "decimal" and t.kind == "int"):
        return None
    return Text("comp-target-type", type=str(t), fact_type=fact.type)


def _typed(text: str, scope: Mapping[str, Symbol], visible: Mapping[str, Mapping[str, Type]], loc: Loc,
           issues: list[Issue], expect: str | None = None) -> tuple[ast.Node, dict[ast.Node, Type]] | None:
    """Parse and type-check (the same grammar and checker as every rule)."""
    checker = Checker(scope, events=visible)
    try:
        node = parse(text)
        checker.check(node, expect)
    except (ConditionSyntaxError, ConditionTypeError) as exc:
        code = "expression-syntax" if isinstance(exc, ConditionSyntaxError) else "expression-type"
        issues.append((loc, expression_problem(exc), code))
        return None
    return node, checker.types


def _check_names(node: ast.Node, scope: Mapping[str, Symbol], constants: Mapping[str, Any]) -> None:
    for n in ast.walk(node):
        if isinstance(n, ast.Lookup):
            raise Unsupported(Text("sig-keyed-parameter", name=n.name), n.pos)
        if not isinstance(n, ast.Name) or n.name == "peildatum":
            continue
        kind = scope[n.name].kind
        if kind in ("fact", "derived"):
            raise Unsupported(Text("sig-case-value", name=repr(n.name)), n.pos)
        if n.name not in constants:
            raise Unsupported(Text("sig-changing-parameter", name=repr(n.name)), n.pos)


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
    return hint[0] if hint else ""
