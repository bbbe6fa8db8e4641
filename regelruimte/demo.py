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
REASONS = ("control-once-only", "control-unused-facts", "control-no-purpose", "control-no-legal-basis", "control-verifies-nothing")
"""The review findings that say why a control cannot be explained, as the demo names them."""

DEMO: dict[str, dict[str, str]] = {  # the story, in Dutch and English
    "nl": {"rule": "[bold]regelruimte[/]: de letter, het doel en de ruimte daartussen",
           "intro": "Elke regel heeft een doel. Wij toetsen een zaak aan allebei, en laten zien waar ze uit elkaar lopen.\n",
           "policies": "1. De meegeleverde regelingen",
           "parted": "In [bold]{parted}[/] van de {total} voorbeeldzaken wijst de letter af wat het doel van de regeling vraagt.\n",
           "controls": "2. Controles die je een burger niet kunt uitleggen",
           "control-once-only": "de overheid heeft deze gegevens al", "control-unused-facts": "geen regel gebruikt het",
           "control-no-purpose": "dient geen doel", "control-no-legal-basis": "geen wettelijke grondslag", "control-verifies-nothing": "controleert niets",
           "removable": "{n} controles kunnen weg; dat scheelt burgers samen ongeveer [bold]{hours}[/] uur per jaar (schatting).\n",
           "blocking": "3. Eén zaak: de letter blokkeert het doel, en de wet geeft ruimte",
           "no_room": "4. Eén zaak zonder ruimte: een signaal aan de wetgever, geen advies om af te wijken",
           "no_room_at": "  [magenta]geen ruimte[/] bij {rule}: {reason} [dim]({citation})[/]",
           "city_missing": "De synthetische stad ontbreekt in deze installatie; stap 5 valt weg.\n",
           "city": "5. Proactief: een synthetische stad van {households} huishoudens",
           "city_note": "Niemand in deze stad bestaat; de verdelingen zijn illustratief (zie regelruimte/synthetic/).\n",
           "signals": "[bold]Signalen[/bold] op {date}: {households} huishoudens, {events} gebeurtenissen uit registers.",
           "story": "  Huishouden {household}: het OCMW kent op 10 februari 2026 een leefloon toe. Niemand vraagt iets aan.",
           "all_rules": "alle regels van de letter zijn voldaan", "not_all_rules": "nog niet alle regels zijn voldaan", "source": "Bron",
           "refused": "  {n} records geweigerd (met recordnummer en veld, zonder de waarde); de rest is verwerkt."},
    "en": {"rule": "[bold]regelruimte[/]: the letter, the purpose and the room between them",
           "intro": "Every rule has a purpose. We test a case against both, and show where they part.\n",
           "policies": "1. The bundled regulations",
           "parted": "In [bold]{parted}[/] of the {total} example cases the letter refuses what the purpose of the regulation asks for.\n",
           "controls": "2. Controls you cannot explain to a citizen",
           "control-once-only": "the government already has this data", "control-unused-facts": "no rule uses it",
           "control-no-purpose": "serves no purpose", "control-no-legal-basis": "no legal basis", "control-verifies-nothing": "verifies nothing",
           "removable": "{n} controls can go; that saves citizens together about [bold]{hours}[/] hours a year (estimate).\n",
           "blocking": "3. One case: the letter blocks the purpose, and the law gives room",
           "no_room": "4. One case without room: a signal to the legislator, no advice to deviate",
           "no_room_at": "  [magenta]no room[/] at {rule}: {reason} [dim]({citation})[/]",
           "city_missing": "The synthetic city is missing from this installation; step 5 is left out.\n",
           "city": "5. Proactive: a synthetic city of {households} households",
           "city_note": "Nobody in this city exists; the distributions are illustrative (see regelruimte/synthetic/).\n",
           "signals": "[bold]Signals[/bold] on {date}: {households} households, {events} events from registers.",
           "story": "  Household {household}: on 10 February 2026 the OCMW grants a leefloon (living wage). Nobody applies for anything.",
           "all_rules": "every rule of the letter passes", "not_all_rules": "not every rule passes yet", "source": "Source",
           "refused": "  {n} records refused (with record number and field, without the value); the rest was processed."},
}

DEMO_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {  # the columns of the demo's two tables
    "nl": {"policies": ("regeling", "instantie", "regels", "doelen", "controles", "voorbeeldzaken"),
           "controls": ("regeling", "controle", "waarom niet uit te leggen")},
    "en": {"policies": ("regulation", "authority", "rules", "purposes", "controls", "example cases"),
           "controls": ("regulation", "control", "why it cannot be explained")},
}


def demo_report(console: Console, root: Path, *, lang: str = "nl") -> None:
    """The story of regelruimte on the bundled policies, in under a minute, in ``lang``: the
    controls that cannot be explained, a case where the letter blocks the purpose and the room
    the law gives, a case where the law leaves no room, and a synthetic city screened for
    non-take-up. The regulations' own texts (titles, test names) are Dutch in both languages."""
    t = DEMO[lang]
    policies = load_policies(root)
    console.rule(t["rule"])
    console.print(t["intro"])

    # 1. the regulations and their example cases
    table = Table(title=t["policies"], title_justify="left", header_style="bold")
    for col, justify in zip(DEMO_COLUMNS[lang]["policies"], ("left", "left", "right", "right", "right", "right"), strict=True):
        table.add_column(col, justify=justify)  # type: ignore[arg-type]
    outcomes = []
    for p in policies.values():
        results = run_tests(p)
        outcomes += results
        table.add_row(p.title, p.authority, str(len(p.rules)), str(len(p.purposes)), str(len(p.controls)), f"{sum(r.passed for r in results)}/{len(results)}")
    console.print(table)
    parted = [o for o in outcomes if o.tension == "letter_blocks_intent"]
    console.print(t["parted"].format(parted=len(parted), total=len(outcomes)))

    # 2. controls that cannot be explained to a citizen
    reviews = [review(p) for p in policies.values()]
    removable = [(r, v) for r in reviews for v in r.controls if v.verdict == "remove"]
    saved = sum((r.burden.hours_saved_per_year or 0) for r in reviews)
    console.rule(t["controls"])
    c = Table(header_style="bold", show_lines=False)
    for col in DEMO_COLUMNS[lang]["controls"]:
        c.add_column(col)
    for r, v in removable[:8]:
        reasons = [t[f] for f in v.findings if f in REASONS]
        c.add_row(r.policy_title, v.title, "; ".join(reasons))
    console.print(c)
    console.print(t["removable"].format(n=len(removable), hours=_thousands(f"{saved:,.0f}", lang)))

    # 3. one case where the letter blocks the purpose, with the room the law gives
    blocking = next((o for o in parted if o.assessment is not None and o.assessment.discretion.note == "deviate_possible"), None)
    if blocking is not None and blocking.assessment is not None:
        console.rule(t["blocking"])
        console.print(Text(blocking.name, style="bold"))
        console.print(rich_view(blocking.assessment, lang))
    no_room = next((o for o in parted if o.assessment is not None and any(n.signal_to == "legislator" for n in o.assessment.discretion.no_room)), None)
    if no_room is not None and no_room.assessment is not None:
        console.rule(t["no_room"])
        console.print(Text(no_room.name, style="bold"))
        for n in no_room.assessment.discretion.no_room:
            console.print(t["no_room_at"].format(rule=n.rule, reason=n.reason.get(lang), citation=n.source.citation), highlight=False)
        console.print()

    # 5. a synthetic city, screened for people entitled but not receiving (the city ships with the
    # library, generated by tools/make_demo_data.py, so the demo needs no numpy)
    import polars as pl

    try:
        city = pl.read_parquet(bundled_path("examples") / "demo_city.parquet")
    except (FileNotFoundError, OSError):  # pragma: no cover - an incomplete installation
        console.print(t["city_missing"])
    else:
        console.rule(t["city"].format(households=_thousands(f"{city.height:,}", lang)))
        result = screen(policies, city, date=DEMO_DATE)
        console.print(screening_view(result, lang))
        console.print(t["city_note"])

    # 6. signals: a right offered before anyone applies
    demo_section(console, root, lang=lang)


def _thousands(number: str, lang: str) -> str:
    """A number formatted with ``,`` between thousands, with a full stop between them in Dutch."""
    return number.replace(",", ".") if lang == "nl" else number


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
    t = DEMO[lang]
    console.print(t["signals"].format(date=DEMO_DATE, households=result.summary.households, events=result.summary.events))
    if story is not None:
        hit = story.hits[0]
        console.print(t["story"].format(household=DEMO_HOUSEHOLD))
        verdict = t["all_rules"] if hit.rules_pass else t["not_all_rules"]
        console.print(f"  → {hit.title.get(lang)}: {ACTIONS[lang][hit.action]}; {verdict}.", markup=False)
        console.print(f"    {t['source']}: {hit.source.citation}", markup=False)
    for household, h in households.items():
        if household == DEMO_HOUSEHOLD:
            continue
        for hit in h.hits:
            console.print(f"  {household}: {hit.title.get(lang)} ({ACTIONS[lang][hit.action]})", markup=False)
    if result.summary.refused_records:
        console.print(t["refused"].format(n=result.summary.refused_records))
    return True
