# SPDX-License-Identifier: EUPL-1.2
"""The story of ``regelruimte demo`` on the bundled regulations, in under a minute.

The controls that cannot be explained, a case where the letter blocks the purpose and the room
the law gives, a case where the law leaves no room, a synthetic city screened for non-take-up
(the city ships with the library as ``examples/demo_city.parquet``, made by
``tools/make_demo_data.py``, so the demo needs no numpy), and a household granted a right
without applying: in Gent, the OCMW grants a leefloon on 10 February 2026; nobody applies for
anything; a signal grants the UiTPAS kansentarief, with the assessment of the right and its
legal source.

Only the command line imports this module: it tells a story with the library, it is no part of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ._signal_texts import ACTIONS
from .errors import EngineError, SignalsError
from .loading import bundled_path, load_policies
from .policy_review import review
from .policy_tests import run_tests
from .render.assessment_views import rich_view
from .render.screening_views import rich_view as screening_view
from .screening import screen
from .signalling import signals

DEMO_DATE = "2026-03-01"
DEMO_HOUSEHOLD = "gent-001"


def demo_report(console: Console, root: Path) -> None:
    """The story of regelruimte on the bundled policies, in under a minute: the controls that
    cannot be explained, a case where the letter blocks the purpose and the room the law gives,
    a case where the law leaves no room, and a synthetic city screened for non-take-up."""
    policies = load_policies(root)
    console.rule("[bold]regelruimte[/]: de letter, het doel en de ruimte daartussen")
    console.print("Elke regel heeft een doel. Wij toetsen een zaak aan allebei, en laten zien waar ze uit elkaar lopen.\n")

    # 1. the regulations and their example cases
    table = Table(title="1. De meegeleverde regelingen", title_justify="left", header_style="bold")
    for col, justify in (("regeling", "left"), ("instantie", "left"), ("regels", "right"), ("doelen", "right"), ("controles", "right"), ("voorbeeldzaken", "right")):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    outcomes = []
    for p in policies.values():
        results = run_tests(p)
        outcomes += results
        table.add_row(p.title, p.authority, str(len(p.rules)), str(len(p.purposes)), str(len(p.controls)), f"{sum(r.passed for r in results)}/{len(results)}")
    console.print(table)
    parted = [o for o in outcomes if o.tension == "letter_blocks_intent"]
    console.print(f"In [bold]{len(parted)}[/] van de {len(outcomes)} voorbeeldzaken wijst de letter af wat het doel van de regeling vraagt.\n")

    # 2. controls that cannot be explained to a citizen
    reviews = [review(p) for p in policies.values()]
    removable = [(r, v) for r in reviews for v in r.controls if v.verdict == "remove"]
    saved = sum((r.burden.hours_saved_per_year or 0) for r in reviews)
    console.rule("2. Controles die je een burger niet kunt uitleggen")
    t = Table(header_style="bold", show_lines=False)
    t.add_column("regeling")
    t.add_column("controle")
    t.add_column("waarom niet uit te leggen")
    labels = {"control-once-only": "de overheid heeft deze gegevens al", "control-unused-facts": "geen regel gebruikt het",
              "control-no-purpose": "dient geen doel", "control-no-legal-basis": "geen wettelijke grondslag", "control-verifies-nothing": "controleert niets"}
    for r, v in removable[:8]:
        reasons = [labels[c] for c in v.findings if c in labels]
        t.add_row(r.policy_title, v.title, "; ".join(reasons))
    console.print(t)
    console.print(f"{len(removable)} controles kunnen weg; dat scheelt burgers samen ongeveer [bold]{saved:,.0f}[/] uur per jaar (schatting).\n".replace(",", "."))

    # 3. one case where the letter blocks the purpose, with the room the law gives
    blocking = next((o for o in parted if o.assessment is not None and o.assessment.discretion.note == "deviate_possible"), None)
    if blocking is not None and blocking.assessment is not None:
        console.rule("3. Eén zaak: de letter blokkeert het doel, en de wet geeft ruimte")
        console.print(Text(blocking.name, style="bold"))
        console.print(rich_view(blocking.assessment))
    no_room = next((o for o in parted if o.assessment is not None and any(n.signal_to == "legislator" for n in o.assessment.discretion.no_room)), None)
    if no_room is not None and no_room.assessment is not None:
        console.rule("4. Eén zaak zonder ruimte: een signaal aan de wetgever, geen advies om af te wijken")
        console.print(Text(no_room.name, style="bold"))
        for n in no_room.assessment.discretion.no_room:
            console.print(f"  [magenta]geen ruimte[/] bij {n.rule}: {n.reason.nl} [dim]({n.source.citation})[/]", highlight=False)
        console.print()

    # 5. a synthetic city, screened for people entitled but not receiving (the city ships with the
    # library, generated by tools/make_demo_data.py, so the demo needs no numpy)
    import polars as pl

    try:
        city = pl.read_parquet(bundled_path("examples") / "demo_city.parquet")
    except (FileNotFoundError, OSError):  # pragma: no cover - an incomplete installation
        console.print("De synthetische stad ontbreekt in deze installatie; stap 5 valt weg.\n")
    else:
        console.rule(f"5. Proactief: een synthetische stad van {city.height:,} huishoudens".replace(",", "."))
        result = screen(policies, city, date=DEMO_DATE)
        console.print(screening_view(result))
        console.print("Niemand in deze stad bestaat; de verdelingen zijn illustratief (zie regelruimte/synthetic/).\n")

    # 6. signals: a right offered before anyone applies
    demo_section(console, root)


def demo_log(root: Path) -> Path | None:
    """The demo event log that ships with the library (``examples/events_demo.csv``)."""
    try:
        candidate = bundled_path("examples") / "events_demo.csv"
    except FileNotFoundError:
        return None
    return candidate if candidate.is_file() else None


def demo_section(console: Any, root: Path, *, lang: str = "nl") -> bool:
    """Print the signals story; returns False (and prints nothing) when it cannot run here
    (no demo log, or durable-rules missing, e.g. on Python 3.13)."""
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
        console.print(f"  → {hit.title.get(lang)}: {ACTIONS[lang][hit.action]}; {verdict}.", markup=False)
        console.print(f"    Bron: {hit.source.citation}", markup=False)
    for household, h in households.items():
        if household == DEMO_HOUSEHOLD:
            continue
        for hit in h.hits:
            console.print(f"  {household}: {hit.title.get(lang)} ({ACTIONS[lang][hit.action]})", markup=False)
    if result.summary.refused_records:
        console.print(f"  {result.summary.refused_records} records geweigerd (met recordnummer en veld, zonder de waarde); de rest is verwerkt.")
    return True
