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
import functools
import importlib.metadata
import multiprocessing
import re
import sys
import threading
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from regelruimte.errors import EngineError

__all__ = ["ContainedEngine", "Fired", "run_in_worker"]

SUPPORTED_DURABLE_VERSION = "2.0.28"
MAX_MESSAGES_PER_RUN = 1_000
MAX_FIELDS_PER_MESSAGE = 200
MAX_RULES_PER_RULESET = 500
MAX_STRING_LENGTH = 4_096
MAX_ABS_INT = 2**53  # exact in a C double, which the core uses for arithmetic

# Names the adapter adds. Callers may not use the ``rr_`` prefix anywhere.
_RESERVED_PREFIX = "rr_"
_MESSAGE_FIELD = "rr_msg"  # on every caller message; never on the state, barrier or sweep
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

# One process-wide lock for every call into the C core: see the module docstring (P1).
_ENGINE_LOCK = threading.Lock()


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


@dataclass
class _Session:
    """Bookkeeping of one live session; only touched while the engine lock is held."""

    fired: list[Fired] = field(default_factory=list)
    actions_run: int = 0


# --------------------------------------------------------------------------- durable-rules


@functools.lru_cache(maxsize=1)
def _durable() -> tuple[Any, Any, type]:
    """Import durable-rules lazily and build the quiet Host class.

    Lazy, so that regelruimte imports without the C extension (which does not import on
    Python 3.13, P15) and only the signals engine needs it.

    Returns:
        tuple[Any, Any, type]: ``durable.engine``, ``durable_rules_engine`` and the Host class.

    Raises:
        EngineError: durable-rules is missing, does not import, or is not the pinned version.
    """
    try:
        version = importlib.metadata.version("durable-rules")
        import durable_rules_engine  # type: ignore[import-not-found,unused-ignore]
        from durable import engine  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except (ImportError, importlib.metadata.PackageNotFoundError):
        version = None
    if version != SUPPORTED_DURABLE_VERSION:
        raise EngineError(_missing_engine_message(version))

    class _QuietHost(engine.Host):  # type: ignore[misc]
        """A Host without timer threads, resolving action names through the adapter (P4)."""

        def __init__(self, actions: Callable[[str], Callable[[Any], None]]) -> None:
            self._resolve_action = actions
            super().__init__()

        def _run(self) -> None:
            # The base class starts two self-rescheduling timer threads here that call into the
            # C core without a lock and steal actions (P4). Timers are not used by signals.
            return None

        def get_action(self, action_name: str) -> Callable[[Any], None]:
            return self._resolve_action(action_name)

    return engine, durable_rules_engine, _QuietHost



def _missing_engine_message(found: str | None) -> str:
    """One line: why signals cannot run here and what to do (every other command still works)."""
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if sys.version_info >= (3, 13):
        return (f"signals need durable-rules {SUPPORTED_DURABLE_VERSION}, which does not run on Python {here}; "
                "run signals with Python 3.11 or 3.12 (every other command works here)")
    if found is None:
        return (f"signals need durable-rules {SUPPORTED_DURABLE_VERSION}, which is missing or does not import; "
                "reinstall regelruimte (pip install --force-reinstall regelruimte) to get it")
    return f"signals need durable-rules {SUPPORTED_DURABLE_VERSION}, but {found} is installed; pip install durable-rules=={SUPPORTED_DURABLE_VERSION}"

# --------------------------------------------------------------------------- definitions


def _guard(expression: Any) -> dict[str, Any]:
    """Conjoin an expression with ``rr_msg == 1`` so it matches caller messages only (P7)."""
    return {"$and": [expression, {_MESSAGE_FIELD: 1}]}


def _barrier() -> dict[str, Any]:
    return {_BARRIER_FIELD: {_BARRIER_FIELD: 1}}


def _split_pattern(pattern: Any, where: str) -> tuple[str, str, Any]:
    """Check a pattern ``{alias[$not|$all]: expression}`` and return its parts."""
    if not isinstance(pattern, Mapping) or len(pattern) != 1:
        raise EngineError(f"{where}: a pattern must be an object with exactly one alias")
    ((key, expression),) = pattern.items()
    match = _PATTERN_KEY.fullmatch(key) if isinstance(key, str) else None
    if match is None or match["alias"].startswith(_RESERVED_PREFIX):
        raise EngineError(f"{where}: pattern alias {key!r} is not allowed")
    return match["alias"], match["suffix"] or "", expression


def _prepare_conjunction(patterns: Any, where: str) -> list[dict[str, Any]]:
    """Return ``[barrier, *guarded patterns]`` for an ``all`` list (or an ``x$all`` in ``any``)."""
    if not isinstance(patterns, list) or not patterns:
        raise EngineError(f"{where}: expected a non-empty list of patterns")
    prepared = [_barrier()]
    for pattern in patterns:
        alias, suffix, expression = _split_pattern(pattern, where)
        if suffix == "$all" or not isinstance(expression, Mapping):
            raise EngineError(f"{where}: pattern {alias!r} must be an expression object")
        prepared.append({alias + suffix: _guard(expression)})
    return prepared


def _prepare_any(alternatives: Any, where: str) -> list[dict[str, Any]]:
    """Give every alternative of an ``any`` its own barrier-first conjunction."""
    if not isinstance(alternatives, list) or not alternatives:
        raise EngineError(f"{where}: 'any' must be a non-empty list")
    prepared = []
    for index, alternative in enumerate(alternatives):
        alias, suffix, body = _split_pattern(alternative, where)
        if suffix == "$not":
            raise EngineError(f"{where}: an 'any' alternative cannot be negated")
        # A plain alternative becomes a one-pattern conjunction, so that it waits for the barrier.
        patterns = body if suffix == "$all" else [{alias: body}]
        prepared.append({f"rr_any{index}$all": _prepare_conjunction(patterns, where)})
    return prepared


def _prepare_rule(rule_name: Any, rule: Any, where: str) -> dict[str, Any]:
    """Validate one rule and return it rewritten for containment, with the recording action."""
    if not isinstance(rule_name, str) or not _RULE_NAME.fullmatch(rule_name) or rule_name.startswith(_RESERVED_PREFIX):
        raise EngineError(f"{where}: rule name {rule_name!r} is not allowed")
    where = f"{where}, rule {rule_name!r}"
    if not isinstance(rule, Mapping):
        raise EngineError(f"{where}: a rule must be an object")
    if "run" in rule:
        raise EngineError(f"{where}: rules must not set 'run'; the engine supplies the action")
    unknown = set(rule) - _RULE_KEYS
    if unknown or ("all" in rule) == ("any" in rule):
        raise EngineError(f"{where}: a rule has exactly one of 'all' or 'any', and optionally 'pri'")
    prepared: dict[str, Any] = {"run": _RECORD_ACTION + rule_name}
    if "pri" in rule:
        pri = rule["pri"]
        if type(pri) is not int or not -_CATCH_ALL_PRI < pri < _CATCH_ALL_PRI:
            raise EngineError(f"{where}: 'pri' must be an integer between {-_CATCH_ALL_PRI} and {_CATCH_ALL_PRI}")
        prepared["pri"] = pri
    if "all" in rule:
        prepared["all"] = _prepare_conjunction(rule["all"], where)
    else:
        prepared["any"] = _prepare_any(rule["any"], where)
    return prepared


def _prepare_ruleset(name: Any, definition: Any) -> dict[str, Any]:
    """Validate a ruleset and return a rewritten deep copy with the catch-all rule (P3, P5, P16)."""
    if not isinstance(name, str) or not _RULESET_NAME.fullmatch(name):
        raise EngineError(f"ruleset name {name!r} must be versioned, like 'signals.decision_missing@1'")
    if not isinstance(definition, Mapping) or not definition:
        raise EngineError(f"ruleset {name!r}: expected a non-empty object of rules")
    if len(definition) > MAX_RULES_PER_RULESET:
        raise EngineError(f"ruleset {name!r}: at most {MAX_RULES_PER_RULESET} rules")
    definition = copy.deepcopy(dict(definition))
    prepared = {rule_name: _prepare_rule(rule_name, rule, f"ruleset {name!r}") for rule_name, rule in definition.items()}
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


def _check_value(value: Any, where: str | int, key: str = "") -> None:
    # Exact types: bool is fine, but float, Decimal, None, enums and containers are not (P8).
    # ``where`` (a text, or a message index) and ``key`` are only formatted on failure: this runs
    # for every field of every message.
    kind = type(value)
    if kind is bool:
        return
    if kind is int:
        if abs(value) > MAX_ABS_INT:
            raise EngineError(f"{_where(where, key)}: integer out of range (at most 2**53 in size)")
        return
    if kind is str:
        if len(value) > MAX_STRING_LENGTH or "\x00" in value:
            raise EngineError(f"{_where(where, key)}: text longer than {MAX_STRING_LENGTH} characters or with a NUL character")
        return
    raise EngineError(f"{_where(where, key)}: values of type {kind.__name__} are not allowed; use str, int or bool (money as integer cents)")


def _where(where: str | int, key: str) -> str:
    text = f"message {where}" if isinstance(where, int) else where
    return f"{text}, field {key!r}" if key else text


# Field names that passed the checks below; a bounded memo, so a name is checked once per process.
_CHECKED_KEYS: set[str] = set()
_MAX_CHECKED_KEYS = 10_000


def _to_fact(index: int, message: Any) -> dict[str, Any]:
    """Validate one caller message and return it as a fact with the adapter's fields."""
    # The plain-dict test first: the ABC check is slow and this runs for every message.
    if type(message) is not dict and not isinstance(message, Mapping):
        raise EngineError(f"message {index}: expected an object, got {type(message).__name__}")
    if len(message) > MAX_FIELDS_PER_MESSAGE:
        raise EngineError(f"message {index}: more than {MAX_FIELDS_PER_MESSAGE} fields")
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
        raise EngineError(f"message {index}: field names must be identifiers of at most 64 characters")
    if key in ("sid", "id") or key.startswith(_RESERVED_PREFIX):
        raise EngineError(f"message {index}: field {key!r} is reserved by the engine")
    if type(key) is str and len(_CHECKED_KEYS) < _MAX_CHECKED_KEYS:
        _CHECKED_KEYS.add(key)


def _to_facts(messages: Any) -> list[dict[str, Any]]:
    """Validate a household's messages before anything reaches the C core (P8, P9, P10)."""
    if isinstance(messages, (str, bytes, Mapping)) or not isinstance(messages, Sequence):
        raise EngineError("messages must be a list of objects")
    if len(messages) > MAX_MESSAGES_PER_RUN:
        raise EngineError(f"at most {MAX_MESSAGES_PER_RUN} messages per run (one household per session)")
    return [_to_fact(index, message) for index, message in enumerate(messages)]


def _type_name(exc: BaseException) -> str:
    """Name an exception by its type only: the text of durable's exceptions can hold case data."""
    kind = type(exc)
    return kind.__name__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__name__}"


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
            raise EngineError("expected a non-empty mapping of ruleset names to rulesets")
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
                raise EngineError("durable-rules started its timer threads; the pinned version is required")
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
                raise EngineError(f"durable-rules refused ruleset {name!r} ({failed}); check its expressions")
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
            raise EngineError("the signals engine is closed")
        if self._broken:
            raise EngineError("the signals engine is unusable after a native failure; create a new one, preferably in a new process")
        if ruleset_name not in self._names:
            raise EngineError(f"unknown ruleset {ruleset_name!r}")

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
            raise EngineError(f"ruleset {name!r}: {failure}")
        return sorted(session.fired)

    def _assert_household(self, name: str, sid: str, facts: list[dict[str, Any]]) -> str | None:
        """Assert the facts and then the barrier in one batch; return a failure text or None."""
        engine = _durable()[0]
        batch = [dict(fact, sid=sid) for fact in facts]
        batch.append({"sid": sid, "id": _BARRIER_ID, _BARRIER_FIELD: 1})
        # Only the exception type is looked at: str() of these holds the messages (notes §6).
        try:
            state = self._host.assert_facts(name, batch)
        except engine.MessageNotHandledException:
            return "a message was not handled (the catch-all rule did not match)"
        except engine.MessageObservedException:
            return "durable-rules reported a duplicate message"
        except Exception as exc:  # C errors and MemoryError
            return f"durable-rules failed ({_type_name(exc)})"
        if not isinstance(state, dict):
            return "durable-rules returned no session state"
        if "exception" in state:
            # durable stores exceptions raised in actions here and returns normally (P6).
            return "an action raised an exception"
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
        raise EngineError("unknown action name")  # unreachable: definitions are rewritten

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


# --------------------------------------------------------------------------- worker process


def run_in_worker(
    rulesets: Mapping[str, Mapping[str, Any]],
    jobs: Sequence[tuple[str, Sequence[Mapping[str, Any]]]],
    *,
    timeout: float | None = None,
) -> list[list[Fired]]:
    """Run household jobs in a fresh worker process, so a crash in the C core cannot kill the caller.

    Args:
        rulesets (Mapping[str, Mapping[str, Any]]): As for :class:`ContainedEngine`.
        jobs (Sequence[tuple[str, Sequence[Mapping[str, Any]]]]): ``(ruleset name, messages)``
            per household.
        timeout (float | None): Seconds to wait for the whole list; the worker is killed after.

    Returns:
        list[list[Fired]]: The result of :meth:`ContainedEngine.run` per job, in order.

    Raises:
        EngineError: A job failed, the worker died (for example a segfault), or it timed out.
    """
    for _, messages in jobs:
        _to_facts(messages)  # refuse invalid messages here, before paying for a process
    plain_rulesets = copy.deepcopy(dict(rulesets))
    plain_jobs = [(name, [dict(message) for message in messages]) for name, messages in jobs]
    result: list[list[Fired]] = _call_in_worker(_run_jobs, plain_rulesets, plain_jobs, timeout=timeout)
    return result


def _run_jobs(rulesets: dict[str, Any], jobs: list[tuple[str, list[dict[str, Any]]]]) -> list[list[Fired]]:
    """Worker side of :func:`run_in_worker`; any error leaves it as a data-free EngineError."""
    failed = None
    try:
        with ContainedEngine(rulesets) as engine:
            return [engine.run(name, messages) for name, messages in jobs]
    except EngineError:
        raise
    except Exception as exc:  # its text may hold case data: keep the type only
        failed = _type_name(exc)
    raise EngineError(f"the signals worker failed ({failed})")


def _call_in_worker(function: Callable[..., Any], *args: Any, timeout: float | None = None) -> Any:
    """Call ``function(*args)`` in a one-off ``spawn`` worker and map its death to EngineError."""
    # spawn: a fork of a threaded web worker could inherit a held lock or half-updated C state.
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    failure = None
    try:
        future = pool.submit(function, *args)
        try:
            return future.result(timeout=timeout)
        except BrokenProcessPool:
            failure = "the signals worker process died (a crash in durable-rules' C core)"
        except TimeoutError:
            failure = "the signals worker process timed out and was stopped"
            for process in list(getattr(pool, "_processes", {}).values()):  # private, no public kill
                process.terminate()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    raise EngineError(failure)
