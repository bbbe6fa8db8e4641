# SPDX-License-Identifier: EUPL-1.2
"""Pattern expressions in a shape that durable-rules 2.0.28 evaluates correctly and in bounds.

durable-rules splits a pattern's expression in two. Comparisons with a constant run in its alpha
network. Comparisons with another message's field (``{"d": {"m": "d"}}``) or with arithmetic
(``{"$add": ...}``), the *join* comparisons, are stored with every ``$and``/``$or`` of the
expression (and an end marker per group) in the rule's beta "expression sequence", and a
recursive C function, ``reduceExpressionSequence`` (``src/rules/events.c``), walks that sequence
for every candidate combination of messages. That walk has two bugs:

* **It reads past the end of the sequence.** When a join comparison decides its group early
  (false in an ``$and``, true in an ``$or``) it skips forward to the group's end marker, but it
  starts looking one slot too far. If the deciding comparison is the group's last element, it
  jumps over the group's own end marker, and the enclosing group, doing the same, over the next
  one; the outermost group then scans past the sequence into whatever memory follows, until it
  happens to find the end-marker byte. The process segfaults when an unmapped page comes first,
  which depends on the heap layout (about 1 run in 5 of ``tests/signals/test_semantics.py``;
  ``AddressSanitizer`` reports a heap-buffer-overflow at ``events.c:614`` every time).
* **It stops a group at the first nested group.** After a nested group is evaluated, the walk
  stands on that group's end marker and takes it for its own: the rest of the enclosing group is
  never evaluated, so a join comparison after an ``$or`` is silently ignored.

A third limit follows from the split itself: an ``$or`` that mixes constant and join comparisons
is evaluated as "(the constant side, or join fields present) and (the join side)", which is not
the ``$or``.

:func:`safe_expression` rewrites an expression into a shape in which the walk is exact and stays
within the sequence, and refuses what cannot be put in that shape; :func:`beta_sequence` and
:func:`walk` model the C code, so the tests can check every shape against it exhaustively.

The shape: nested groups of the same kind are flattened; in every group the comparisons come
first, then at most one nested group that holds join comparisons, then the groups with constant
comparisons only (these leave only an empty group in the sequence, which is true), and last a
*neutral* join comparison (always true in an ``$and``, always false in an ``$or``), so that no
join comparison that decides a group is ever its last element. An ``$or`` that holds a join
comparison holds nothing else.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ..errors import EngineError

AND, OR, END = "$and", "$or", "$end"
MESSAGE_FIELD = "rr_msg"
"""On every caller message, never on the engine's state, barrier or sweep messages: each pattern is
conjoined with ``rr_msg == 1`` (:func:`guarded`)."""

# The neutral join comparisons: every caller message has rr_msg == 1, and so has the barrier's
# rr_barrier field; the barrier is the first pattern of every conjunction, so it is always bound.
_NEUTRAL = {
    AND: {"$gte": {"rr_msg": {"rr_barrier": "rr_barrier"}}},  # 1 >= 1: true
    OR: {"$lt": {"rr_msg": {"rr_barrier": "rr_barrier"}}},  # 1 < 1: false
}


class _Overrun(Exception):
    """The modelled walk left the sequence (the native one would read past its memory)."""


# --------------------------------------------------------------------------- the C model


def is_group(expression: Any) -> bool:
    return isinstance(expression, Mapping) and len(expression) == 1 and next(iter(expression)) in (AND, OR)


def is_join(expression: Any) -> bool:
    """Whether a comparison goes to the beta sequence: its value is a reference or arithmetic."""
    if not isinstance(expression, Mapping) or len(expression) != 1:
        return False
    ((key, value),) = expression.items()
    if key.startswith("$") and isinstance(value, Mapping) and len(value) == 1:
        value = next(iter(value.values()))  # {"$lt": {"d": <value>}}
    return isinstance(value, Mapping)


def beta_sequence(expression: Any) -> list[Any]:
    """The beta expression sequence durable-rules builds for a pattern (``createAlpha``)."""
    if is_group(expression):
        ((op, items),) = expression.items()
        return [op, *(x for item in items for x in beta_sequence(item)), END]
    return [expression] if is_join(expression) else []


def walk(sequence: list[Any], truth: Mapping[int, bool]) -> bool:
    """``isBetaMatch`` on a sequence, given the truth of each join comparison by its position.

    Raises:
        _Overrun: Where the native walk would read past the sequence.
    """
    position = [0]
    target = [True]

    def reduce(operator: str | None) -> None:
        target[0] = True
        while position[0] < len(sequence):
            current = position[0]
            item = sequence[current]
            if item == END:
                return
            if item in (AND, OR):
                position[0] += 1
                reduce(item)
            else:
                target[0] = truth[current]
                position[0] += 1
            if (operator == AND and not target[0]) or (operator == OR and target[0]):
                # The C code tests the *current* item, then moves on from the position after it.
                item = sequence[current]
                while item != END:
                    position[0] += 1
                    if position[0] >= len(sequence):
                        raise _Overrun
                    item = sequence[position[0]]
                return

    reduce(None)
    return target[0]


def evaluate(expression: Any, truth: Mapping[int, bool], joins_true: bool = False) -> bool:
    """The meaning of an expression, with each comparison's truth by its ``id()``."""
    if is_group(expression):
        ((op, items),) = expression.items()
        values = (evaluate(item, truth, joins_true) for item in items)
        return all(values) if op == AND else any(values)
    if joins_true and is_join(expression):
        return True
    return truth[id(expression)]


def engine_result(expression: Any, truth: Mapping[int, bool]) -> bool:
    """What durable-rules decides: the alpha network (joins pass) and the beta walk.

    Raises:
        _Overrun: Where the native walk would read past the sequence.
    """
    sequence = beta_sequence(expression)
    by_position = {n: truth[id(item)] for n, item in enumerate(sequence) if item not in (AND, OR, END)}
    return evaluate(expression, truth, joins_true=True) and walk(sequence, by_position)


# --------------------------------------------------------------------------- the rewrite


def safe_expression(expression: Any, where: object) -> Any:
    """Return the expression in the shape described in the module docstring.

    Args:
        expression (Any): A pattern's expression in durable-rules' JSON format.
        where (object): Where it is, for the error message (a catalogue Text, or a str).

    Raises:
        EngineError: An ``$or`` mixes constant and join comparisons, or a group holds two
            nested groups with join comparisons.
    """
    if not is_group(expression):
        return expression
    ((op, items),) = expression.items()
    if not isinstance(items, list) or not items:
        raise EngineError("engine-group-empty", where=where, op=repr(op))
    flat: list[Any] = []
    for item in items:
        item = safe_expression(item, where)
        if is_group(item) and next(iter(item)) == op:
            inner = item[op]
            flat.extend(inner[:-1] if _has_join(item) else inner)  # drop the inner neutral
        else:
            flat.append(item)
    comparisons = [x for x in flat if not is_group(x)]
    join_groups = [x for x in flat if is_group(x) and _has_join(x)]
    constant_groups = [x for x in flat if is_group(x) and not _has_join(x)]
    if len(join_groups) > 1:
        raise EngineError("engine-one-join-group", where=where, op=repr(op))
    if op == OR and any(_has_join(x) for x in flat) and any(_has_constant(x) for x in flat):
        raise EngineError("engine-or-mixed", where=where)
    ordered = comparisons + join_groups + constant_groups
    if join_groups or any(is_join(x) for x in comparisons):
        ordered.append(copy.deepcopy(_NEUTRAL[op]))
    return {op: ordered}


def _has_join(expression: Any) -> bool:
    return any(item not in (AND, OR, END) for item in beta_sequence(expression))


def _has_constant(expression: Any) -> bool:
    if is_group(expression):
        return any(_has_constant(item) for item in next(iter(expression.values())))
    return not is_join(expression)


def guarded(expression: Any, where: object) -> dict[str, Any]:
    """A pattern's expression conjoined with ``rr_msg == 1``, so it matches caller messages only,
    in the shape durable-rules evaluates exactly and within bounds (:func:`safe_expression`): what
    the engine runs, and what ``regelruimte check`` checks, so a policy the check passes is one the
    engine takes."""
    shaped: dict[str, Any] = safe_expression({AND: [expression, {MESSAGE_FIELD: 1}]}, where)
    return shaped
