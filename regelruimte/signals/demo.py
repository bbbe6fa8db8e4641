# SPDX-License-Identifier: EUPL-1.2
"""The signals part of ``regelruimte demo``: a household that is granted a right without applying.

Runs the bundled policies' signals over the bundled ``examples/events_demo.csv`` on 2026-03-01 and tells
the story of one household: in Gent, the OCMW grants a leefloon on 10 February 2026; nobody
applies for anything; the signal grants the UiTPAS kansentarief, with the assessment of the
right (every rule passes) and the legal source. Then one line per other signal that fired.

Call :func:`demo_section` from the demo command (``render/terminal.py``)::

    from ..signals.demo import demo_section
    demo_section(console, root)   # root: the bundled policies directory
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

DEMO_DATE = "2026-03-01"
DEMO_HOUSEHOLD = "gent-001"


def demo_log(root: Path) -> Path | None:
    """The demo event log that ships with the library (``examples/events_demo.csv``)."""
    from ..loading.bundled import bundled_path

    try:
        candidate = bundled_path("examples") / "events_demo.csv"
    except FileNotFoundError:
        return None
    return candidate if candidate.is_file() else None


def demo_section(console: Any, root: Path, *, lang: str = "nl") -> bool:
    """Print the signals story; returns False (and prints nothing) when it cannot run here
    (no demo log, or durable-rules missing, e.g. on Python 3.13)."""
    from .._texts import ACTIONS as ACTION_LABELS
    from ..errors import EngineError
    from ..loading.policy_set import load_policies
    from . import SignalsError, signals

    log = demo_log(root)
    if log is None:
        return False
    failed = False
    try:
        result = signals(load_policies(root), log, date=DEMO_DATE, workers=0)
    except (EngineError, SignalsError):
        failed = True
    if failed:
        return False
    households = {h.household: h for h in result.households}
    story = households.get(DEMO_HOUSEHOLD)
    console.print(f"[bold]Signalen[/bold] op {DEMO_DATE}: {result.summary.households} huishoudens, {result.summary.events} gebeurtenissen uit registers.")
    if story is not None:
        hit = story.hits[0]
        console.print(f"  Huishouden {DEMO_HOUSEHOLD}: het OCMW kent op 10 februari 2026 een leefloon toe. Niemand vraagt iets aan.")
        verdict = "alle regels van de letter zijn voldaan" if hit.rules_pass else "nog niet alle regels zijn voldaan"
        console.print(f"  → {hit.title.get(lang)}: {ACTION_LABELS[lang][hit.action]}; {verdict}.", markup=False)
        console.print(f"    Bron: {hit.source.citation}", markup=False)
    for household, h in households.items():
        if household == DEMO_HOUSEHOLD:
            continue
        for hit in h.hits:
            console.print(f"  {household}: {hit.title.get(lang)} ({ACTION_LABELS[lang][hit.action]})", markup=False)
    if result.summary.refused_records:
        console.print(f"  {result.summary.refused_records} records geweigerd (met recordnummer en veld, zonder de waarde); de rest is verwerkt.")
    return True
