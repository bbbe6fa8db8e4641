# SPDX-License-Identifier: EUPL-1.2
"""The meaning of a signal, in plain Python: the oracle the durable-rules translation is tested
against (``tests/signals``), and the definition ``docs/signals.md`` describes.

A signal matches a household on a reference date for every assignment of the household's events
to the pattern's ``event`` elements such that

* each element gets an event of one of its types, and no event is used twice;
* every condition of an ``event`` element is true (evaluated by the exact evaluator of the
  condition language, with ``alias.field`` read from the assigned events and ``peildatum`` the
  reference date);
* for every ``none`` element, no event of its types that is not already assigned makes its
  condition true.

Events dated after the reference date are not part of the household (the caller leaves them
out). Brute force over all assignments: for tests, not for production.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..compiler.compiled_signals import CompiledSignal, CompiledSignals, evaluator_for
from ..compiler.signal_messages import from_days
from .events import Event, typed_value


def matches(compiled: CompiledSignals, signal_id: str, events: Sequence[Event], day: date, params: dict[str, Any]) -> list[dict[str, int]]:
    """Every match of one signal: for each, the index (in ``events``) of the event per alias."""
    cs = compiled.by_id(signal_id)
    fns = {alias: evaluator_for(node, compiled.kinds) for alias, node in cs.conditions.items()}
    out = []
    candidates = [[i for i, e in enumerate(events) if e.type in cs.types[a]] for a in cs.aliases]
    for combo in itertools.product(*candidates):
        if len(set(combo)) != len(combo):
            continue
        bound = dict(zip(cs.aliases, combo))
        if not all(_true(fns[a], compiled, bound, events, day, params) for a in cs.aliases if a in fns):
            continue
        if any(_blocked(cs, n, fns.get(n), compiled, bound, events, day, params) for n in cs.negated):
            continue
        out.append(bound)
    return out


def _blocked(cs: CompiledSignal, alias: str, fn: Any, compiled: CompiledSignals, bound: dict[str, int], events: Sequence[Event], day: date, params: dict[str, Any]) -> bool:
    used = set(bound.values())
    for i, e in enumerate(events):
        if i in used or e.type not in cs.types[alias]:
            continue
        if fn is None or _true(fn, compiled, {**bound, alias: i}, events, day, params):
            return True
    return False


def _true(fn: Any, compiled: CompiledSignals, bound: dict[str, int], events: Sequence[Event], day: date, params: dict[str, Any]) -> bool:
    from ..conditions.evaluate import Env

    values: dict[str, Any] = {}
    for alias, i in bound.items():
        e = events[i]
        values[f"{alias}.date"] = from_days(e.day)
        values[f"{alias}.type"] = e.type
        fields = compiled.event_types[e.type].fields
        for name, v in e.values.items():
            values[f"{alias}.{name}"] = typed_value(fields.get(name), v)
    return fn(Env(values, params, day, {})) is True
