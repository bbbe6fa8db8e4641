# SPDX-License-Identifier: EUPL-1.2
"""Household jobs in a ``spawn`` worker process, so that a crash in durable-rules' C core costs a
worker, never the caller (P1-P3)."""

from __future__ import annotations

import copy
import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from ..._messages import Text
from ...errors import EngineError
from .contained import ContainedEngine
from .rulesets import Fired, _to_facts, _type_name


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
    raise EngineError("engine-worker-failed", kind=failed)


def _call_in_worker(function: Callable[..., Any], *args: Any, timeout: float | None = None) -> Any:
    """Call ``function(*args)`` in a one-off ``spawn`` worker and map its death to EngineError."""
    # spawn: a fork of a threaded web worker could inherit a held lock or half-updated C state.
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    failure: Text | None = None
    try:
        future = pool.submit(function, *args)
        try:
            return future.result(timeout=timeout)
        except BrokenProcessPool:
            failure = Text("engine-worker-died")
        except TimeoutError:
            failure = Text("engine-worker-timeout")
            for process in list(getattr(pool, "_processes", {}).values()):  # private, no public kill
                process.terminate()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    raise EngineError(failure or Text("engine-worker-died"))
