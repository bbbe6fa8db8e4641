# SPDX-License-Identifier: EUPL-1.2
"""The canonical JSON of a signals run, written household by household, in flat memory.

:meth:`SignalsResult.to_json <regelruimte.signalling.result.SignalsResult.to_json>` needs every
household with a signal in memory (measured: about 39 KB each with its assessment and its JSON).
:func:`write_json` writes the same bytes while the run goes: each household as it comes, then the
refused records, the refused households and the summary, which are only known at the end and sort
after ``households``.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterable, Mapping
from datetime import date as Date
from typing import TYPE_CHECKING, Any, TextIO

from .result import HouseholdSignals, household_dict

if TYPE_CHECKING:  # pragma: no cover
    from ..model.policy import Policy
    from .result import SignalsResult

__all__ = ["write_json"]


def write_json(out: TextIO, policies: Iterable[Policy] | Mapping[str, Policy], events: Any, *, date: Date | str, show_ids: bool = False,
               on_household: Callable[[HouseholdSignals], None] | None = None, **options: Any) -> SignalsResult:
    """Run :func:`regelruimte.signals` and write its canonical JSON to ``out`` as households come.

    The text is byte for byte ``result.to_json(show_ids=show_ids) + "\\n"`` of the same run with
    ``keep=True``, but no household is kept: memory does not grow with the households that have
    a signal. If the run fails, what was written is incomplete; write to a temporary file.

    Args:
        out: Where the JSON goes (a text file or ``sys.stdout``).
        policies: As for :func:`regelruimte.signals`.
        events: As for :func:`regelruimte.signals`.
        date: The reference date (peildatum).
        show_ids: Include household ids (personal data).
        on_household: Also called with each household that has a signal.
        **options: The other options of :func:`regelruimte.signals` (``workers``, ``progress``,
            ``key``, ``sort``, ``assess_rights``); not ``keep``.

    Returns:
        The result without its households (``households`` is empty; the summary counts them).

    Example:
        >>> import io, regelruimte as rr
        >>> from regelruimte.signalling.streaming import write_json
        >>> out = io.StringIO()
        >>> result = write_json(out, rr.load_policies("policies/"), "examples/events_demo.csv", date="2026-03-01")  # doctest: +SKIP
        >>> result.households  # doctest: +SKIP
        []
    """
    from . import signals

    first = True

    def write_household(household: HouseholdSignals) -> None:
        nonlocal first
        text = json.dumps(household_dict(household, show_ids=show_ids), sort_keys=True, ensure_ascii=False, indent=2)
        out.write(("\n" if first else ",\n") + textwrap.indent(text, "    "))
        first = False
        if on_household is not None:
            on_household(household)

    out.write('{\n  "households": [')
    result = signals(policies, events, date=date, on_household=write_household, keep=False, **options)
    out.write("]" if first else "\n  ]")
    rest = result.to_dict(show_ids=show_ids)
    del rest["households"]
    if any(key < "households" for key in rest):  # pragma: no cover - a new field must sort after it
        raise AssertionError("a top-level field of SignalsResult sorts before 'households'")
    tail = json.dumps(rest, sort_keys=True, ensure_ascii=False, indent=2)
    out.write(",\n" + tail[2:] + "\n")  # tail[2:]: without its opening "{\n"
    return result
