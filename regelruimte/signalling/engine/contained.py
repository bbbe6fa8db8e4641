# SPDX-License-Identifier: EUPL-1.2
"""A contained adapter around durable-rules 2.0.28, for correlating a household's events in time.

durable-rules is a small Rete engine with a C core that crashes the process on misuse, swallows
errors, and puts case data into its exception messages. This module is the only place in
regelruimte that talks to it, and it only runs JSON rulesets (never the decorator DSL). The
pitfall numbers (P1-P17) refer to ``durable-rules.md`` §6 in the project's research notes.

Usage::

    with ContainedEngine({"signals.decision_missing@1": ruleset_json}) as engine:
        fired = engine.run("signals.decision_missing@1", household_events)

Rulesets use the JSON format of durable-rules' ``docs/json/reference.md``, restricted to rules
with ``all`` or ``any`` (and optionally ``pri``). Rules give no ``run``: the adapter supplies the
action of every rule, which records that the rule fired and which messages it matched.

Containment measures, and the pitfall each one answers:

* **Own, quiet Host (P4, P11).** A private :class:`durable.engine.Host` subclass with ``_run``
  disabled, so no timer threads start and every action runs synchronously inside our own call.
  The process-global Host and the DSL of ``durable.lang`` are never used. Constructing an engine
  checks that the timers did not start, and that durable-rules is exactly version 2.0.28,
  because ``_run``, ``_ruleset_directory`` and ``delete_ruleset`` are private API.
* **Deep copies and versioned names (P12, P16).** Definitions are deep-copied before they are
  rewritten and registered (registration mutates them). Ruleset names must be versioned
  (``name@version``); a new version is a new name, so nothing is ever re-registered.
* **One lock (P1).** A process-wide :class:`threading.Lock` is held for a whole session
  (assert, actions, delete) and for registering and deleting rulesets. The C core never releases
  the GIL, so the lock costs no parallelism. It also means at most one live session per ruleset.
* **One fresh session per call, always deleted (P2, P10).** Each :meth:`ContainedEngine.run`
  uses a new uuid4 ``sid`` and deletes its state in ``finally``; callers cannot set ``sid``.
* **Every session runs an action before it is deleted (P3, P5).** Every ruleset gets a
  lowest-priority catch-all rule that matches every message except the session state, so no
  message is unhandled (no ``MessageNotHandledException``, no half-processed batch) and the
  session has always run an action when it is deleted. The rule uses ``cap``, so it runs one
  action per session, not one per message. If the assert failed before any action
  ran, a "sweep" fact is asserted so that the catch-all runs; if even that fails, the state is
  not deleted (deleting it could segfault) and the engine refuses further work.
* **Errors never carry case data (P6, notes §6).** Exceptions from durable-rules are caught
  and replaced by an :class:`~regelruimte.errors.EngineError` whose message names only the
  ruleset and the kind of failure. The original exception is never formatted and is not kept
  as ``__context__`` (the new error is raised outside the ``except`` block). After every call,
  ``state['exception']`` (where durable-rules hides exceptions raised in actions) is checked.
* **The session state is never matched (P7).** Every pattern of every rule is conjoined with
  ``rr_msg == 1``, a field the adapter puts on each caller message and that the state never
  has; a rule can therefore never fire on the state, and never loop. Results are not written
  to the state at all (see *Results* below). All names the adapter adds start with ``rr_``,
  a prefix that caller fields, aliases and rule names may not use.
* **Facts, not events (P13, P14).** Messages are asserted as facts in one batch, so every
  matching rule fires (an event is consumed by the first rule). No rule can assert or retract,
  so there is no derived state to go stale.
* **Validated messages (P8, P10, P17).** Values must be ``str``, ``int`` (at most 2**53) or
  ``bool``; money is integer cents; ``float``, ``Decimal``, ``None`` and nesting are refused.
  At most 200 fields, identifier names, no ``sid``/``id``/``rr_*`` fields.
* **No spurious "already observed" (P9).** The adapter gives each message an explicit ``id``
  (``m0`` … ``m999``). durable-rules keys messages by a 32-bit FNV-1a hash of the id; these ids
  have distinct hashes (checked at import) and each ``sid`` is redrawn if the state's own id
  would collide with them, so a collision is impossible instead of improbable. At most 1,000
  messages per call (see *Limits*).
* **Negation sees the whole household (new finding, not in the notes).** durable-rules
  evaluates ``$not`` in arrival order: a message that arrives *after* the rest of the pattern
  does not cancel the activation, even within one batch. Every rule therefore starts with a
  barrier pattern that matches one fact asserted after all messages, so each rule is evaluated
  only once the whole household is present, and the result does not depend on message order.
* **Join comparisons in a shape the C walk gets right (new finding, not in the notes).** The
  native walk over a rule's join comparisons reads past its memory when a deciding join is the
  last element of an ``$and``/``$or`` (an intermittent segfault), and ignores what follows a
  nested group. Every pattern is rewritten by :mod:`regelruimte.compiler.durable_shape` (flattened groups, at most one
  nested group with joins, a neutral join last); what cannot be rewritten is refused.
* **Native rulesets are freed (notes §2).** :meth:`ContainedEngine.close` deletes the native
  rulesets with the private ``durable_rules_engine.delete_ruleset``; it is idempotent.
* **A crash costs a worker, not the caller (P1-P3).** :func:`run_in_worker` runs jobs in a
  ``spawn`` worker process and turns a dying worker into an :class:`EngineError`.

Results: each activation is reported as a :class:`Fired` (rule name and, per pattern alias,
the index of the matched message in the list given to :meth:`ContainedEngine.run`). Actions
append to a per-session list in Python instead of ``c.s``: writing results into the state
re-serialises the whole state after every action, which measured 2.2 s for 1,000 activations
against 0.07 s without.

Limits: at most 1,000 messages per call, because one call is one household in one session.
Splitting a household over several sessions would silently break joins and make ``$not``
patterns fire, so a longer list is refused rather than chunked. At most 500 rules per ruleset.
"""

from __future__ import annotations

import copy
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..._messages import Text
from ...errors import EngineError
from .host import _durable
from .rulesets import (
    _BARRIER_FIELD,
    _BARRIER_ID,
    _NOOP_ACTION,
    _RECORD_ACTION,
    _RESERVED_ID_HASHES,
    _SWEEP_FIELD,
    _SWEEP_ID,
    Fired,
    _fnv1a_32,
    _prepare_ruleset,
    _to_facts,
    _type_name,
)

__all__ = ["ContainedEngine"]


# One process-wide lock for every call into the C core: see the module docstring (P1).
_ENGINE_LOCK = threading.Lock()



@dataclass
class _Session:
    """Bookkeeping of one live session; only touched while the engine lock is held."""

    fired: list[Fired] = field(default_factory=list)
    actions_run: int = 0



def _new_sid() -> str:
    """Return a uuid4 sid whose state id cannot collide with a message id (P9)."""
    while True:
        sid = str(uuid.uuid4())
        if _fnv1a_32(f"sid-{sid}") not in _RESERVED_ID_HASHES:
            return sid


def _matched_indices(closure: Any) -> tuple[tuple[str, int], ...]:
    """Return ``(alias, message index)`` pairs of an action's matched messages, sorted by alias."""
    # ``Closure._m`` is private, but it is the only place that holds every alias of the frame.
    frame = closure._m
    pairs = []
    for alias, message in frame.items():
        if alias == _BARRIER_FIELD:
            continue
        message_id = message["id"]
        if not (isinstance(message_id, str) and message_id.startswith("m")):
            raise ValueError("unexpected message id in an action frame")
        pairs.append((alias, int(message_id[1:])))
    return tuple(sorted(pairs))


# --------------------------------------------------------------------------- engine


class ContainedEngine:
    """durable-rules rulesets in a private, quiet Host, run one household at a time.

    Thread-safe: every call takes a process-wide lock. Use as a context manager, or call
    :meth:`close`, to free the native rulesets. There is deliberately no finalizer: garbage
    collection can run while this thread holds the (non-reentrant) lock.

    Args:
        rulesets (Mapping[str, Mapping[str, Any]]): Versioned ruleset name (``"name@version"``)
            to a ruleset in durable-rules' JSON format, with rules that use ``all`` or ``any``
            and optionally ``pri``, and no ``run``. The mapping is not modified.

    Raises:
        EngineError: A definition is invalid, durable-rules refused it, or durable-rules is
            missing or not version 2.0.28.
    """

    def __init__(self, rulesets: Mapping[str, Mapping[str, Any]]) -> None:
        if not isinstance(rulesets, Mapping) or not rulesets:
            raise EngineError("engine-rulesets-empty")
        prepared = {name: _prepare_ruleset(name, definition) for name, definition in rulesets.items()}
        _, self._native, host_class = _durable()
        self._sessions: dict[str, _Session] = {}
        self._names: tuple[str, ...] = ()
        self._closed = False
        self._broken = False
        self._live_sessions = 0
        with _ENGINE_LOCK:
            self._host = host_class(self._resolve_action)
            if getattr(self._host, "_d_timer", None) is not None or getattr(self._host, "_t_timer", None) is not None:
                raise EngineError("engine-timer-threads")
            self._register(prepared)

    def _register(self, prepared: dict[str, dict[str, Any]]) -> None:
        """Register one ruleset at a time, so a refused one leaves nothing native behind."""
        for name, definition in prepared.items():
            failed = None
            try:
                # Deep copy again: registration deletes 'run' from the dict it is given (P16).
                self._host.register_rulesets({name: copy.deepcopy(definition)})
            except Exception as exc:  # durable raises bare Exception and C errors; keep the type
                failed = _type_name(exc)
            if failed is not None:
                self._closed = True
                self._delete_native_rulesets()
                raise EngineError("engine-ruleset-refused", name=repr(name), failed=failed)
        self._names = tuple(prepared)

    # ----------------------------------------------------------------------- public

    @property
    def rulesets(self) -> tuple[str, ...]:
        """tuple[str, ...]: The registered ruleset names."""
        return self._names

    @property
    def live_sessions(self) -> int:
        """int: Sessions created and not (yet) deleted; 0 except during a run or after a failure."""
        return self._live_sessions

    def run(self, ruleset_name: str, messages: Sequence[Mapping[str, Any]]) -> list[Fired]:
        """Assert one household's messages as facts in a fresh session and report what fired.

        Messages are facts, so every matching rule fires, once per combination of matching
        messages (P13). Rules are evaluated when all messages are present, so the order of the
        messages does not matter.

        Args:
            ruleset_name (str): A name given to the constructor.
            messages (Sequence[Mapping[str, Any]]): At most 1,000 flat objects with ``str``,
                ``int`` or ``bool`` values (money as integer cents, dates as integers such as
                days since 1970-01-01), at most 200 fields, and no ``sid``, ``id`` or ``rr_*``
                fields.

        Returns:
            list[Fired]: The activations, sorted by rule and matched indices.

        Raises:
            EngineError: The messages are invalid, the engine is closed or unusable, or the
                engine failed. The message never contains a message value.
        """
        facts = _to_facts(messages)
        with _ENGINE_LOCK:
            self._check_usable(ruleset_name)
            return self._run_session(ruleset_name, facts)

    def close(self) -> None:
        """Delete the native rulesets. Idempotent; the engine cannot run afterwards."""
        with _ENGINE_LOCK:
            if self._closed:
                return
            self._closed = True
            self._delete_native_rulesets()

    def __enter__(self) -> ContainedEngine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # ----------------------------------------------------------------------- sessions

    def _check_usable(self, ruleset_name: str) -> None:
        if self._closed:
            raise EngineError("engine-closed")
        if self._broken:
            raise EngineError("engine-broken")
        if ruleset_name not in self._names:
            raise EngineError("engine-unknown-ruleset", name=repr(ruleset_name))

    def _run_session(self, name: str, facts: list[dict[str, Any]]) -> list[Fired]:
        sid = _new_sid()
        session = _Session()
        self._sessions[sid] = session
        self._live_sessions += 1
        try:
            failure = self._assert_household(name, sid, facts)
        finally:
            self._end_session(name, sid, session)
        if failure is not None:
            # Raised here, outside any ``except``, so no durable exception is attached (P6).
            raise EngineError("engine-run-failed", name=repr(name), failure=failure)
        return sorted(session.fired)

    def _assert_household(self, name: str, sid: str, facts: list[dict[str, Any]]) -> Text | None:
        """Assert the facts and then the barrier in one batch; return a failure text or None."""
        engine = _durable()[0]
        batch = [dict(fact, sid=sid) for fact in facts]
        batch.append({"sid": sid, "id": _BARRIER_ID, _BARRIER_FIELD: 1})
        # Only the exception type is looked at: str() of these holds the messages (notes §6).
        try:
            state = self._host.assert_facts(name, batch)
        except engine.MessageNotHandledException:
            return Text("engine-not-handled")
        except engine.MessageObservedException:
            return Text("engine-duplicate")
        except Exception as exc:  # C errors and MemoryError
            return Text("engine-durable-failed", kind=_type_name(exc))
        if not isinstance(state, dict):
            return Text("engine-no-state")
        if "exception" in state:
            # durable stores exceptions raised in actions here and returns normally (P6).
            return Text("engine-action-raised")
        return None

    def _end_session(self, name: str, sid: str, session: _Session) -> None:
        """Delete the session's state, which is only safe once it has run an action (P3)."""
        try:
            if session.actions_run == 0:
                self._sweep(name, sid)
            if session.actions_run == 0:
                self._broken = True  # deleting now could segfault; leave it and stop
                return
            deleted = True
            try:
                self._host.delete_state(name, sid)
            except Exception:  # the state cannot be freed: stop using this engine
                deleted = False
            if deleted:
                self._live_sessions -= 1
            else:
                self._broken = True
        finally:
            del self._sessions[sid]

    def _sweep(self, name: str, sid: str) -> None:
        """Assert one fact that only the catch-all matches, so an action runs in the session."""
        try:
            self._host.assert_fact(name, {"sid": sid, "id": _SWEEP_ID, _SWEEP_FIELD: 1})
        except Exception:  # the caller checks whether an action ran
            pass

    # ----------------------------------------------------------------------- actions

    def _resolve_action(self, action_name: str) -> Callable[[Any], None]:
        """Return the action for an adapter action name (called by the Host on registration)."""
        if action_name == _NOOP_ACTION:
            return self._count_action
        if action_name.startswith(_RECORD_ACTION):
            rule_name = action_name[len(_RECORD_ACTION) :]

            # A plain function, not functools.partial: durable inspects ``__code__.co_argcount``.
            def record(closure: Any) -> None:
                self._record_action(rule_name, closure)

            return record
        raise EngineError("engine-unknown-action")  # unreachable: definitions are rewritten

    def _count_action(self, closure: Any) -> None:
        self._sessions[closure.s.sid].actions_run += 1

    def _record_action(self, rule_name: str, closure: Any) -> None:
        session = self._sessions[closure.s.sid]
        session.actions_run += 1
        session.fired.append(Fired(rule_name, _matched_indices(closure)))

    def _delete_native_rulesets(self) -> None:
        """Free the native rulesets (private API; a popped dict entry alone leaks them, notes §2)."""
        for name in list(self._host._ruleset_directory):
            ruleset = self._host._ruleset_directory.pop(name)
            self._host._ruleset_list.remove(ruleset)
            self._native.delete_ruleset(ruleset._handle)
