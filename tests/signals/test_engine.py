# SPDX-License-Identifier: EUPL-1.2
"""Tests of the contained durable-rules adapter (``regelruimte.signalling.engine``).

The rulesets are small and hand-written. Dates are integers (days since 1970-01-01) and money
is integer cents. The expected results come from a plain-Python oracle of the same rules.
"""

from __future__ import annotations

import copy
import ctypes
import itertools
import random
import threading
import time
from decimal import Decimal

import pytest

pytest.importorskip("durable.engine", reason="durable-rules==2.0.28 is needed for the signals engine")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from regelruimte.errors import EngineError  # noqa: E402
from regelruimte.signalling.engine import ContainedEngine, Fired, host, rulesets, run_in_worker, worker  # noqa: E402  # noqa: E402
from regelruimte.signalling.engine import contained as _engine  # noqa: E402

NAME = "signals.test@1"
WINDOW = 42
SECRET = "Jan Jansen 123456782"  # stands in for case data that must never reach an error

# A decision within 42 days (inclusive) after report ``r``.
DECISION_IN_WINDOW = {
    "$and": [
        {"type": "decision"},
        {"$gte": {"day": {"r": "day"}}},
        {"$lte": {"day": {"$add": {"$l": {"r": "day"}, "$r": WINDOW}}}},
    ]
}

RULESET = {
    # Join: a report and a decision in its window.
    "decision_in_time": {"all": [{"r": {"type": "report"}}, {"d": DECISION_IN_WINDOW}]},
    # Join + none + window: the clock is past the window and no decision came within it.
    "decision_missing": {
        "all": [
            {"r": {"type": "report"}},
            {"now": {"$and": [{"type": "clock"}, {"$gt": {"day": {"$add": {"$l": {"r": "day"}, "$r": WINDOW}}}}]}},
            {"d$not": DECISION_IN_WINDOW},
        ]
    },
    # One message, money in integer cents.
    "large_claim": {"all": [{"c": {"$and": [{"type": "claim"}, {"$gte": {"amount_cents": 100_000}}]}}]},
}
RULESETS = {NAME: RULESET}


def oracle(messages: list[dict]) -> list[Fired]:
    """The rules of RULESET in plain Python."""
    fired = []
    for i, report in enumerate(messages):
        if report["type"] != "report":
            continue
        in_window = [j for j, m in enumerate(messages) if m["type"] == "decision" and report["day"] <= m["day"] <= report["day"] + WINDOW]
        fired += [Fired("decision_in_time", (("d", j), ("r", i))) for j in in_window]
        if not in_window:
            late = [k for k, m in enumerate(messages) if m["type"] == "clock" and m["day"] > report["day"] + WINDOW]
            fired += [Fired("decision_missing", (("now", k), ("r", i))) for k in late]
    fired += [Fired("large_claim", (("c", i),)) for i, m in enumerate(messages) if m["type"] == "claim" and m["amount_cents"] >= 100_000]
    return sorted(fired)


def household(rng: random.Random, size: int) -> list[dict]:
    """A random household; days cluster so that window boundaries are hit."""
    kinds = ["report", "decision", "clock", "claim", "other"]
    messages = []
    for _ in range(size):
        kind = rng.choice(kinds)
        message = {"type": kind, "day": 19_000 + rng.randint(0, 120), "hh": "H1"}
        if kind == "claim":
            message["amount_cents"] = rng.choice([99_999, 100_000, 250_000, 0])
        messages.append(message)
    return messages


@pytest.fixture
def engine():
    with ContainedEngine(RULESETS) as contained:
        yield contained


# ----------------------------------------------------------------------------- firing


def test_join_reports_rule_and_matched_message_indices(engine):
    messages = [{"type": "report", "day": 100}, {"type": "decision", "day": 120}]
    fired = engine.run(NAME, messages)
    assert fired == [Fired("decision_in_time", (("d", 1), ("r", 0)))]
    assert fired[0].messages(messages) == {"r": messages[0], "d": messages[1]}


@pytest.mark.parametrize(
    ("decision_day", "expected_rule"),
    [
        (None, "decision_missing"),  # no decision at all
        (99, "decision_missing"),  # before the report: does not count
        (100, "decision_in_time"),  # same day
        (142, "decision_in_time"),  # day 42: still in the window
        (143, "decision_missing"),  # day 43: too late
    ],
)
def test_window_boundaries(engine, decision_day, expected_rule):
    messages = [{"type": "report", "day": 100}, {"type": "clock", "day": 200}]
    if decision_day is not None:
        messages.append({"type": "decision", "day": decision_day})
    assert [f.rule for f in engine.run(NAME, messages)] == [expected_rule]


def test_missing_decision_waits_for_the_window_to_pass(engine):
    messages = [{"type": "report", "day": 100}, {"type": "clock", "day": 142}]
    assert engine.run(NAME, messages) == []


def test_result_does_not_depend_on_message_order(engine):
    # durable-rules itself evaluates `$not` in arrival order; the barrier makes it order-free.
    base = [{"type": "report", "day": 100}, {"type": "clock", "day": 200}, {"type": "decision", "day": 120}]
    for order in itertools.permutations(range(3)):
        messages = [base[i] for i in order]
        assert engine.run(NAME, messages) == oracle(messages), order


def test_facts_make_every_matching_rule_fire_and_duplicates_count(engine):
    claim = {"type": "claim", "day": 1, "amount_cents": 150_000}
    messages = [{"type": "report", "day": 10}, {"type": "decision", "day": 11}, {"type": "decision", "day": 12}, claim, dict(claim)]
    assert engine.run(NAME, messages) == [
        Fired("decision_in_time", (("d", 1), ("r", 0))),
        Fired("decision_in_time", (("d", 2), ("r", 0))),
        Fired("large_claim", (("c", 3),)),
        Fired("large_claim", (("c", 4),)),
    ]


def test_any_rule_and_pure_negation():
    ruleset = {
        "report_or_objection": {"any": [{"r": {"type": "report"}}, {"x$all": [{"o": {"type": "objection"}}, {"w$not": {"type": "withdrawal"}}]}]},
        "no_report_at_all": {"all": [{"r$not": {"type": "report"}}], "pri": 5},
    }
    with ContainedEngine({"any.test@1": ruleset}) as contained:
        assert contained.run("any.test@1", [{"type": "objection"}]) == [
            Fired("no_report_at_all", ()),
            Fired("report_or_objection", (("o", 0),)),
        ]
        assert contained.run("any.test@1", [{"type": "objection"}, {"type": "withdrawal"}]) == [Fired("no_report_at_all", ())]
        assert contained.run("any.test@1", [{"type": "report"}]) == [Fired("report_or_objection", (("r", 0),))]


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(min_value=0, max_value=9))
def test_matches_the_python_oracle(rng, size):
    messages = household(rng, size)
    with ContainedEngine(RULESETS) as contained:
        assert contained.run(NAME, messages) == oracle(messages)


def test_rules_cannot_match_the_session_state():
    # The state has "sid" and "id"; unguarded, this rule would fire on it forever (P7).
    with ContainedEngine({"state.test@1": {"has_sid": {"all": [{"m": {"$ex": {"sid": 1}}}]}}}) as contained:
        assert contained.run("state.test@1", [{"a": 1}, {"a": 2}]) == [Fired("has_sid", (("m", 0),)), Fired("has_sid", (("m", 1),))]


def test_largest_household_runs_and_one_more_is_refused(engine):
    messages = [{"type": "claim", "day": i, "amount_cents": 100_000} for i in range(rulesets.MAX_MESSAGES_PER_RUN)]
    assert len(engine.run(NAME, messages)) == rulesets.MAX_MESSAGES_PER_RUN
    with pytest.raises(EngineError, match="at most 1000 messages"):
        engine.run(NAME, [*messages, {"type": "other"}])


# ----------------------------------------------------------------------------- catch-all and errors


def test_unmatched_messages_do_not_raise(engine):
    assert engine.run(NAME, [{"type": "other", "note": SECRET}]) == []
    assert engine.run(NAME, []) == []
    assert engine.live_sessions == 0


def test_not_handled_exception_becomes_engine_error_without_case_data(engine, monkeypatch):
    durable_engine = host._durable()[0]

    def refuse(name, batch):
        raise durable_engine.MessageNotHandledException(batch)

    monkeypatch.setattr(engine._host, "assert_facts", refuse)
    with pytest.raises(EngineError) as caught:
        engine.run(NAME, [{"type": "other", "note": SECRET}])
    assert_no_case_data(caught.value)
    monkeypatch.undo()
    # The sweep let the session be deleted safely, so the engine stays usable.
    assert engine.live_sessions == 0
    assert engine.run(NAME, [{"type": "report", "day": 1}, {"type": "decision", "day": 2}]) == [Fired("decision_in_time", (("d", 1), ("r", 0)))]


def test_action_error_becomes_engine_error_without_case_data(engine, monkeypatch):
    def leaky(closure):
        raise ValueError(f"cannot handle {closure._m}")  # the text holds every matched message

    monkeypatch.setattr(_engine, "_matched_indices", leaky)
    with pytest.raises(EngineError, match="an action raised an exception") as caught:
        engine.run(NAME, [{"type": "report", "day": 1, "name": SECRET}, {"type": "decision", "day": 2}])
    assert_no_case_data(caught.value)
    monkeypatch.undo()
    assert engine.live_sessions == 0
    assert len(engine.run(NAME, [{"type": "report", "day": 1}, {"type": "decision", "day": 2}])) == 1


def test_native_error_in_a_run_leaves_the_engine_usable():
    # durable accepts a reference to an unknown alias and fails on the first matching message,
    # before any action ran. The sweep lets each session be deleted; 1,100 > 1,024 proves it (P2, P3).
    ruleset = {"bad_reference": {"all": [{"m": {"$lt": {"a": {"nobody": "day"}}}}]}, "ok": {"all": [{"m": {"b": 1}}]}}
    with ContainedEngine({"native.test@1": ruleset}) as contained:
        for _ in range(1_100):
            with pytest.raises(EngineError, match=r"durable-rules failed \(durable_rules_engine.error\)") as caught:
                contained.run("native.test@1", [{"a": 1, "name": SECRET}])
            assert_no_case_data(caught.value)
        assert contained.live_sessions == 0
        assert contained.run("native.test@1", [{"b": 1}]) == [Fired("ok", (("m", 0),))]


def assert_no_case_data(error: BaseException) -> None:
    assert SECRET not in str(error)
    assert SECRET not in repr(error)
    assert "Jansen" not in " ".join(map(str, error.args))
    # Raised outside the except block: no durable exception hangs on it (P6, notes §6).
    assert error.__context__ is None
    assert error.__cause__ is None


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ({"amount": 1234.56}, "float"),
        ({"amount": Decimal("1234.56")}, "Decimal"),
        ({"amount": None}, "NoneType"),
        ({"amount": [1234]}, "list"),
        ({"amount": {"cents": 1234}}, "dict"),
        ({"amount": 2**60}, "out of range"),
        ({"name": "Jan\x00Jansen"}, "NUL"),
        ({"sid": "s1"}, "reserved"),
        ({"id": 7}, "reserved"),
        ({"rr_msg": 1}, "reserved"),
        ({"not a name": 1}, "identifiers"),
        ({f"f{i}": i for i in range(201)}, "more than 200 fields"),
    ],
)
def test_invalid_messages_are_refused_without_their_value(engine, message, expected):
    with pytest.raises(EngineError, match=expected) as caught:
        engine.run(NAME, [{"type": "other"}, message])
    assert "1234" not in str(caught.value)
    assert "Jansen" not in str(caught.value)
    assert "message 1" in str(caught.value)
    assert engine.live_sessions == 0


@pytest.mark.parametrize("messages", [{"type": "report"}, "report", [["report"]], None])
def test_messages_must_be_a_list_of_objects(engine, messages):
    with pytest.raises(EngineError):
        engine.run(NAME, messages)


@pytest.mark.parametrize(
    ("rulesets", "expected"),
    [
        ({"unversioned": RULESET}, "versioned"),
        ({NAME: {"r": {"all": [{"m": {"t": 1}}], "run": "act"}}}, "must not set 'run'"),
        ({NAME: {"r": {"all": [{"m": {"t": 1}}], "count": 3}}}, "exactly one of"),
        ({NAME: {"r": {"all": [{"m": {"t": 1}}], "any": [{"m": {"t": 1}}]}}}, "exactly one of"),
        ({NAME: {"r": {"all": [{"rr_m": {"t": 1}}]}}}, "alias"),
        ({NAME: {"r": {"all": []}}}, "non-empty"),
        ({NAME: {"rr_rule": {"all": [{"m": {"t": 1}}]}}}, "rule name"),
        ({NAME: {"r": {"all": [{"m": {"t": 1}}], "pri": 10**7}}}, "pri"),
        ({NAME: {"r": {"any": [{"m$not": {"t": 1}}]}}}, "negated"),
        ({NAME: {"r": {"all": [{"m": {"$foo": {"a": 1}}}]}}}, "refused"),
        ({NAME: {f"r{i}": {"all": [{"m": {"t": i}}]} for i in range(501)}}, "at most 500 rules"),
    ],
)
def test_invalid_definitions_are_refused(rulesets, expected):
    with pytest.raises(EngineError, match=expected):
        ContainedEngine(rulesets)


def test_definitions_are_not_modified():
    rulesets = copy.deepcopy(RULESETS)
    with ContainedEngine(rulesets) as contained:
        contained.run(NAME, [{"type": "report", "day": 1}])
    assert rulesets == RULESETS


# ----------------------------------------------------------------------------- threads and sessions


def test_constructing_and_running_start_no_threads():
    before = set(threading.enumerate())
    contained = ContainedEngine(RULESETS)
    assert set(threading.enumerate()) == before
    contained.run(NAME, [{"type": "report", "day": 1}, {"type": "clock", "day": 100}])
    time.sleep(0.3)  # the stock Host would have started its first timer threads by now (0.1 s)
    assert set(threading.enumerate()) == before
    contained.close()
    assert set(threading.enumerate()) == before


def test_eight_threads_give_the_sequential_results(engine):
    rng = random.Random(20261123)
    households = [household(rng, rng.randint(0, 8)) for _ in range(200)]
    expected = [engine.run(NAME, messages) for messages in households]
    assert expected == [oracle(messages) for messages in households]
    results: dict[int, list] = {}

    def worker(number: int) -> None:
        results[number] = [engine.run(NAME, messages) for messages in households]

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert all(result == expected for result in results.values())
    assert engine.live_sessions == 0


def test_sessions_are_deleted_natively(engine, monkeypatch):
    sids = []
    new_sid = _engine._new_sid

    def recording_new_sid() -> str:
        sids.append(new_sid())
        return sids[-1]

    monkeypatch.setattr(_engine, "_new_sid", recording_new_sid)
    messages = [{"type": "report", "day": 1}, {"type": "decision", "day": 2}, {"type": "clock", "day": 3}]
    for _ in range(500):
        engine.run(NAME, messages)
    rss_before = rss_mb()
    # 5,000 > 1,024: a single leaked session per run would exhaust the ruleset (P2).
    for _ in range(5_000):
        assert len(engine.run(NAME, messages)) == 1
    assert engine.live_sessions == 0
    assert rss_mb() - rss_before < 20  # ~87 KB per leaked session would be ~430 MB
    for sid in sids[-50:]:
        with pytest.raises(Exception, match="error code: 309"):  # 309: sid not found
            engine._host.get_state(NAME, sid)


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096 / 2**20


def test_sids_never_collide_with_message_ids():
    # The hash must be durable's own: these are HASH_ID and HASH_SID from its state.h.
    assert rulesets._fnv1a_32("id") == 926444256
    assert rulesets._fnv1a_32("sid") == 3593476751
    for _ in range(1_000):
        assert rulesets._fnv1a_32(f"sid-{_engine._new_sid()}") not in rulesets._RESERVED_ID_HASHES


# ----------------------------------------------------------------------------- close


def test_close_is_idempotent_and_final():
    contained = ContainedEngine(RULESETS)
    contained.close()
    contained.close()
    assert contained._host._ruleset_directory == {}
    with pytest.raises(EngineError, match="closed"):
        contained.run(NAME, [])
    with ContainedEngine(RULESETS) as other:  # the same name in a new engine works again
        assert other.run(NAME, []) == []
    with pytest.raises(EngineError, match="closed"):
        other.run(NAME, [])


def test_close_frees_the_native_rulesets():
    for _ in range(100):
        ContainedEngine(RULESETS).close()
    rss_before = rss_mb()
    for _ in range(1_000):
        ContainedEngine(RULESETS).close()
    assert rss_mb() - rss_before < 10  # without delete_ruleset: ~70 KB each, ~70 MB


def test_unknown_ruleset_is_refused(engine):
    with pytest.raises(EngineError, match="unknown ruleset"):
        engine.run("signals.other@1", [])


# ----------------------------------------------------------------------------- worker process


def test_worker_returns_the_in_process_results(engine):
    rng = random.Random(7)
    households = [household(rng, rng.randint(0, 8)) for _ in range(50)]
    jobs = [(NAME, messages) for messages in households]
    assert run_in_worker(RULESETS, jobs, timeout=120) == [engine.run(NAME, messages) for messages in households]


def test_worker_errors_and_crashes_become_engine_errors():
    with pytest.raises(EngineError, match="float") as caught:
        run_in_worker(RULESETS, [(NAME, [{"type": "claim", "amount": 1234.56}])], timeout=120)
    assert "1234" not in str(caught.value)
    assert caught.value.code == "engine-value-type"  # its code and both languages cross the process boundary (issue 13 item 20)
    assert caught.value.message("nl") == "bericht 0, veld 'amount': waarden van soort float zijn niet toegestaan; gebruik str, int of bool (geld in hele centen)"
    with pytest.raises(EngineError, match="unknown ruleset") as caught:  # raised in the worker
        run_in_worker(RULESETS, [(NAME, [{"name": SECRET}]), ("signals.other@1", [{"name": SECRET}])], timeout=120)
    assert SECRET not in str(caught.value)
    assert SECRET not in str(caught.value.__cause__)  # the worker's formatted traceback
    with pytest.raises(EngineError, match="died"):
        worker._call_in_worker(ctypes.string_at, 0, timeout=120)  # a real segfault in the worker
    with pytest.raises(EngineError, match="timed out"):
        worker._call_in_worker(time.sleep, 60, timeout=1)


def test_engine_failures_in_dutch_and_english(engine):
    """Every failure of the engine has a code and says where in both languages, never a value (issue 13 item 20)."""
    cases = [
        (lambda: ContainedEngine({}), "engine-rulesets-empty", "hier hoort een mapping van namen van regelsets naar regelsets"),
        (lambda: ContainedEngine({"signals.x@1": {"r": {"all": [{"m": {"$eq": 1}}], "run": "x"}}}), "engine-rule-sets-run",
         "regelset 'signals.x@1', regel 'r': een regel mag 'run' niet zetten"),
        (lambda: engine.run("signals.other@1", []), "engine-unknown-ruleset", "onbekende regelset 'signals.other@1'"),
        (lambda: engine.run(NAME, [{"name": SECRET, "rr_x": 1}]), "engine-field-reserved", "bericht 0: veld 'rr_x' is gereserveerd voor de machine"),
    ]
    for call, code, dutch in cases:
        with pytest.raises(EngineError) as caught:
            call()
        exc = caught.value
        assert exc.code == code and dutch in exc.message("nl") and exc.message("nl") != str(exc) == exc.message("en")
        assert SECRET not in exc.message("nl") + str(exc) and "\n" not in exc.line("nl")
