# SPDX-License-Identifier: EUPL-1.2
"""What the contained engine accepts and how it rewrites it: ruleset definitions (validated, then
guarded, given a barrier and a catch-all rule) and household messages (validated, then given the
adapter's fields). The reasons for each rule are in :mod:`~regelruimte.signalling.engine.contained`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..._messages import Text
from ...compiler.durable_shape import MESSAGE_FIELD, guarded
from ...errors import EngineError

SUPPORTED_DURABLE_VERSION = "2.0.28"
MAX_MESSAGES_PER_RUN = 1_000
MAX_FIELDS_PER_MESSAGE = 200
MAX_RULES_PER_RULESET = 500
MAX_STRING_LENGTH = 4_096
MAX_ABS_INT = 2**53  # exact in a C double, which the core uses for arithmetic

# Names the adapter adds. Callers may not use the ``rr_`` prefix anywhere.
_RESERVED_PREFIX = "rr_"
_MESSAGE_FIELD = MESSAGE_FIELD  # on every caller message; never on the state, barrier or sweep
_BARRIER_FIELD = "rr_barrier"
_BARRIER_ID = "rr_barrier"
_SWEEP_FIELD = "rr_sweep"
_SWEEP_ID = "rr_sweep"
_CATCH_ALL_RULE = "rr_catch_all"
_CATCH_ALL_PRI = 1_000_000  # lower value runs first, so this runs last
_NOOP_ACTION = "rr_noop"
_RECORD_ACTION = "rr_record:"

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,63}")
_RULESET_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.:-]{0,127}@[A-Za-z0-9_.-]{1,32}")
_RULE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_.-]{0,127}")
_PATTERN_KEY = re.compile(r"(?P<alias>[A-Za-z][A-Za-z0-9_]{0,63})(?P<suffix>\$not|\$all)?")
_RULE_KEYS = frozenset({"all", "any", "pri"})


def _fnv1a_32(text: str) -> int:
    """Return the 32-bit FNV-1a hash that durable-rules uses to index messages (``fnv1Hash32``)."""
    value = 0x811C9DC5
    for byte in text.encode("ascii"):
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value


def _message_id(index: int) -> str:
    return f"m{index}"


_RESERVED_IDS = [_message_id(i) for i in range(MAX_MESSAGES_PER_RUN)] + [_BARRIER_ID, _SWEEP_ID]
_RESERVED_ID_HASHES = frozenset(_fnv1a_32(i) for i in _RESERVED_IDS)
if len(_RESERVED_ID_HASHES) != len(_RESERVED_IDS):  # pragma: no cover - fixed data, checked once
    raise ImportError("message ids of the signals engine collide in durable-rules' 32-bit index")


@dataclass(frozen=True, order=True)
class Fired:
    """One activation of one rule.

    Attributes:
        rule (str): The rule's name in the ruleset definition.
        matched (tuple[tuple[str, int], ...]): For each pattern alias of the rule (sorted), the
            index of the matched message in the list given to :meth:`ContainedEngine.run`.
            Negated patterns match nothing and do not appear.
    """

    rule: str
    matched: tuple[tuple[str, int], ...]

    def messages(self, messages: Sequence[Mapping[str, Any]]) -> dict[str, Mapping[str, Any]]:
        """Return the matched messages by alias.

        Args:
            messages (Sequence[Mapping[str, Any]]): The list that was given to ``run``.

        Returns:
            dict[str, Mapping[str, Any]]: Alias to message.
        """
        return {alias: messages[index] for alias, index in self.matched}


# --------------------------------------------------------------------------- definitions

def _guard(expression: Any, where: Text) -> dict[str, Any]:
    """Conjoin an expression with ``rr_msg == 1`` so it matches caller messages only (P7), in the
    shape durable-rules evaluates exactly and within bounds (:mod:`regelruimte.compiler.durable_shape`)."""
    return guarded(expression, where)


def _barrier() -> dict[str, Any]:
    return {_BARRIER_FIELD: {_BARRIER_FIELD: 1}}


def _split_pattern(pattern: Any, where: Text) -> tuple[str, str, Any]:
    """Check a pattern ``{alias[$not|$all]: expression}`` and return its parts."""
    if not isinstance(pattern, Mapping) or len(pattern) != 1:
        raise EngineError("engine-pattern-one-alias", where=where)
    ((key, expression),) = pattern.items()
    match = _PATTERN_KEY.fullmatch(key) if isinstance(key, str) else None
    if match is None or match["alias"].startswith(_RESERVED_PREFIX):
        raise EngineError("engine-alias-not-allowed", where=where, alias=repr(key))
    return match["alias"], match["suffix"] or "", expression


def _prepare_conjunction(patterns: Any, where: Text) -> list[dict[str, Any]]:
    """Return ``[barrier, *guarded patterns]`` for an ``all`` list (or an ``x$all`` in ``any``)."""
    if not isinstance(patterns, list) or not patterns:
        raise EngineError("engine-patterns-empty", where=where)
    prepared = [_barrier()]
    for pattern in patterns:
        alias, suffix, expression = _split_pattern(pattern, where)
        if suffix == "$all" or not isinstance(expression, Mapping):
            raise EngineError("engine-pattern-not-expression", where=where, alias=repr(alias))
        prepared.append({alias + suffix: _guard(expression, Text("engine-at-pattern", where=where, alias=repr(alias)))})
    return prepared


def _prepare_any(alternatives: Any, where: Text) -> list[dict[str, Any]]:
    """Give every alternative of an ``any`` its own barrier-first conjunction."""
    if not isinstance(alternatives, list) or not alternatives:
        raise EngineError("engine-any-empty", where=where)
    prepared = []
    for index, alternative in enumerate(alternatives):
        alias, suffix, body = _split_pattern(alternative, where)
        if suffix == "$not":
            raise EngineError("engine-any-negated", where=where)
        # A plain alternative becomes a one-pattern conjunction, so that it waits for the barrier.
        patterns = body if suffix == "$all" else [{alias: body}]
        prepared.append({f"rr_any{index}$all": _prepare_conjunction(patterns, where)})
    return prepared


def _prepare_rule(rule_name: Any, rule: Any, where: Text) -> dict[str, Any]:
    """Validate one rule and return it rewritten for containment, with the recording action."""
    if not isinstance(rule_name, str) or not _RULE_NAME.fullmatch(rule_name) or rule_name.startswith(_RESERVED_PREFIX):
        raise EngineError("engine-rule-name", where=where, rule=repr(rule_name))
    where = Text("engine-at-rule", where=where, rule=repr(rule_name))
    if not isinstance(rule, Mapping):
        raise EngineError("engine-rule-not-object", where=where)
    if "run" in rule:
        raise EngineError("engine-rule-sets-run", where=where)
    unknown = set(rule) - _RULE_KEYS
    if unknown or ("all" in rule) == ("any" in rule):
        raise EngineError("engine-rule-keys", where=where)
    prepared: dict[str, Any] = {"run": _RECORD_ACTION + rule_name}
    if "pri" in rule:
        pri = rule["pri"]
        if type(pri) is not int or not -_CATCH_ALL_PRI < pri < _CATCH_ALL_PRI:
            raise EngineError("engine-rule-pri", where=where, low=-_CATCH_ALL_PRI, high=_CATCH_ALL_PRI)
        prepared["pri"] = pri
    if "all" in rule:
        prepared["all"] = _prepare_conjunction(rule["all"], where)
    else:
        prepared["any"] = _prepare_any(rule["any"], where)
    return prepared


def _prepare_ruleset(name: Any, definition: Any) -> dict[str, Any]:
    """Validate a ruleset and return a rewritten deep copy with the catch-all rule (P3, P5, P16)."""
    if not isinstance(name, str) or not _RULESET_NAME.fullmatch(name):
        raise EngineError("engine-ruleset-name", name=repr(name))
    if not isinstance(definition, Mapping) or not definition:
        raise EngineError("engine-ruleset-empty", name=repr(name))
    if len(definition) > MAX_RULES_PER_RULESET:
        raise EngineError("engine-ruleset-too-many", name=repr(name), n=MAX_RULES_PER_RULESET)
    definition = copy.deepcopy(dict(definition))
    prepared = {rule_name: _prepare_rule(rule_name, rule, Text("engine-at-ruleset", name=repr(name))) for rule_name, rule in definition.items()}
    # Matches every message but the state (which alone has "$s"), so every message is handled.
    # 'cap' hands all of a session's messages to one action: 1 action per run instead of 1 per
    # message (measured 9.6k against 5.9k runs/s for a 3-message household).
    prepared[_CATCH_ALL_RULE] = {
        "pri": _CATCH_ALL_PRI,
        "cap": MAX_MESSAGES_PER_RUN + 2,
        "all": [{"m": {"$nex": {"$s": 1}}}],
        "run": _NOOP_ACTION,
    }
    return prepared


# --------------------------------------------------------------------------- messages


def _check_value(value: Any, where: Text | int, key: str = "") -> None:
    # Exact types: bool is fine, but float, Decimal, None, enums and containers are not (P8).
    # ``where`` (a text, or a message index) and ``key`` are only formatted on failure: this runs
    # for every field of every message.
    kind = type(value)
    if kind is bool:
        return
    if kind is int:
        if abs(value) > MAX_ABS_INT:
            raise EngineError("engine-int-range", where=_where(where, key))
        return
    if kind is str:
        if len(value) > MAX_STRING_LENGTH or "\x00" in value:
            raise EngineError("engine-text-too-long", where=_where(where, key), n=MAX_STRING_LENGTH)
        return
    raise EngineError("engine-value-type", where=_where(where, key), kind=kind.__name__)


def _where(where: Text | int, key: str) -> Text:
    text = Text("engine-at-message", index=where) if isinstance(where, int) else where
    return Text("engine-at-field", where=text, key=repr(key)) if key else text


# Field names that passed the checks below; a bounded memo, so a name is checked once per process.
_CHECKED_KEYS: set[str] = set()
_MAX_CHECKED_KEYS = 10_000


def _to_fact(index: int, message: Any) -> dict[str, Any]:
    """Validate one caller message and return it as a fact with the adapter's fields."""
    # The plain-dict test first: the ABC check is slow and this runs for every message.
    if type(message) is not dict and not isinstance(message, Mapping):
        raise EngineError("engine-message-not-object", index=index, kind=type(message).__name__)
    if len(message) > MAX_FIELDS_PER_MESSAGE:
        raise EngineError("engine-message-too-many-fields", index=index, n=MAX_FIELDS_PER_MESSAGE)
    for key, value in message.items():
        if key not in _CHECKED_KEYS:  # a str key that passed both checks before
            _check_key(index, key)
        _check_value(value, index, key)
    fact = dict(message)
    fact["id"] = _message_id(index)
    fact[_MESSAGE_FIELD] = 1
    return fact


def _check_key(index: int, key: Any) -> None:
    # Field names are checked before they appear in any message, so no arbitrary text leaks.
    if not isinstance(key, str) or not _IDENTIFIER.fullmatch(key):
        raise EngineError("engine-field-name", index=index)
    if key in ("sid", "id") or key.startswith(_RESERVED_PREFIX):
        raise EngineError("engine-field-reserved", index=index, key=repr(key))
    if type(key) is str and len(_CHECKED_KEYS) < _MAX_CHECKED_KEYS:
        _CHECKED_KEYS.add(key)


def _to_facts(messages: Any) -> list[dict[str, Any]]:
    """Validate a household's messages before anything reaches the C core (P8, P9, P10)."""
    if isinstance(messages, (str, bytes, Mapping)) or not isinstance(messages, Sequence):
        raise EngineError("engine-messages-not-list")
    if len(messages) > MAX_MESSAGES_PER_RUN:
        raise EngineError("engine-messages-too-many", n=MAX_MESSAGES_PER_RUN)
    return [_to_fact(index, message) for index, message in enumerate(messages)]


def _type_name(exc: BaseException) -> str:
    """Name an exception by its type only: the text of durable's exceptions can hold case data."""
    kind = type(exc)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"
