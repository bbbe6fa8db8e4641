# SPDX-License-Identifier: EUPL-1.2
"""Signals: patterns over a household's events in time that call for offering a right or acting.

A policy declares its event types (``events:``) and its signals (``signals:``): each a pattern
of events that must be there and events that must not (``none``), with conditions in the
condition language over the events' fields and the reference date, the legal source and the
purposes it serves, and what follows (offer or grant a right, assess again, flag a missed
deadline or the authority's own error). The patterns are compiled to durable-rules rulesets and
run per household on a contained engine; offers come with the assessment of the right itself.

The package is called ``signalling``, not ``signals``, so that no module shares its name with
the public function :func:`regelruimte.signals` (docs/design-decisions.md, Architecture).
Follow a run through :mod:`~regelruimte.signalling.readers` (the event log),
:mod:`~regelruimte.signalling.events` (every record validated),
:mod:`~regelruimte.signalling.run` (households grouped, in chunks, in worker processes),
:mod:`~regelruimte.signalling.evaluator` (one household on the contained engine,
:mod:`~regelruimte.signalling.engine`) to :mod:`~regelruimte.signalling.result`;
:mod:`~regelruimte.signalling.reference` is the plain-Python meaning the engine is tested against.

Example:
    >>> import regelruimte as rr
    >>> policies = rr.load_policies("policies/")  # doctest: +SKIP
    >>> result = rr.signals(policies, "examples/events_demo.csv", date="2026-03-01")  # doctest: +SKIP
    >>> result.summary.households_with_signals  # doctest: +SKIP

See ``docs/signals.md`` for the format and the reasons behind the design.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date as Date
from typing import TYPE_CHECKING, Any

from .._exact import in_context
from ..errors import SignalsError

if TYPE_CHECKING:  # pragma: no cover
    from ..model.policy import Policy
    from .result import HouseholdSignals, SignalsResult

__all__ = ["SignalsError", "signals"]


@in_context
def signals(policies: Iterable[Policy] | Mapping[str, Policy], events: Any, *, date: Date | str, workers: int | None = None,
            progress: Callable[[int, int], None] | None = None, key: bytes | str | None = None,
            on_household: Callable[[HouseholdSignals], None] | None = None, keep: bool = True, sort: bool = False,
            assess_rights: bool = True) -> SignalsResult:
    """Run the policies' signals over an event log, per household, on the reference date.

    Args:
        policies: Loaded policies (a list, or the mapping :func:`regelruimte.load_policies`
            returns). Those valid on ``date`` that declare signals are run.
        events: The event log: a path (``.csv``, ``.jsonl``, ``.json``, ``.parquet``), a polars
            or pandas DataFrame, or an iterable of records. A record has ``household``, ``date``,
            ``type`` and the fields of its type (flat, or nested under ``fields``). Files and
            iterators must be grouped by household (sorted as text or as numbers); DataFrames
            are sorted here.
        date: The reference date (peildatum): the clock of every signal. Events dated later are
            not yet known and are left out. The wall clock is never read.
        workers: Worker processes (each with its own engine; a crash costs the worker, not the
            caller). 0 runs in this process. Default: in this process for small inputs, two
            workers for large ones.
        progress: Called with (records read, households evaluated) after every chunk.
        key: Pseudonym key for household ids (default ``$REGELRUIMTE_PSEUDONYM_KEY``).
        on_household: Called with each household that has a signal, in input order.
        keep: Keep the households with a signal in the result (False: only the summary, so
            memory stays flat however many households have a signal).
        sort: For a file: load it whole and sort it by household first.
        assess_rights: Assess the right for offers, grants and re-assessments.

    Returns:
        A :class:`~regelruimte.signalling.result.SignalsResult`: per household the signals that
        fired, the matched events (record numbers and types), the source, and for offers the
        :class:`~regelruimte.assessment.Assessment`; the refused records; a summary.

    Raises:
        SignalsError: the event log cannot be read or is not grouped by household, the
            reference date is not valid, or the policies cannot run together. Never holds a value.
        EngineError: the engine failed (for example a worker process died); no partial result.
    """
    from .run import run_signals

    return run_signals(policies, events, date=date, workers=workers, progress=progress, key=key, on_household=on_household, keep=keep,
                       sort=sort, assess_rights=assess_rights)
