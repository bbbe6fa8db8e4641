# SPDX-License-Identifier: EUPL-1.2
"""Terminal reports (rich) for the CLI: test runs and the demo."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..model.policy import Policy
from ..policy_tests import TestOutcome

MARK = {"passed": "[green]✓ voldaan[/]", "failed": "[red]✗ niet voldaan[/]", "unknown": "[yellow]? onbekend[/]", "not_applicable": "[dim]– n.v.t.[/]"}
DEMO_DATE = "2026-03-01"


def test_report(console: Console, policies: Sequence[Policy], outcomes: Sequence[TestOutcome], *, verbose: bool = False) -> None:
    """Print one line per example test, the per-rule trace when asked, and a summary."""
    by_policy = {p.id: p for p in policies}
    for o in outcomes:
        status = "[green]PASS[/]" if o.passed else "[red]FAIL[/]"
        console.print(f"{status} [bold]{o.policy_id}[/] #{o.index + 1} ", Text(o.name), highlight=False)
        for d in o.differences:
            console.print(f"     [red]{d}[/]", highlight=False)
        if (verbose or not o.passed) and o.letter is not None:
            policy = by_policy[o.policy_id]
            table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2, 0, 5))
            table.add_column("regel")
            table.add_column("uitkomst")
            table.add_column("bron")
            for r in o.letter.rules:
                table.add_row(r.id, MARK[r.result], r.source.citation)
            console.print(table)
            amount = f", bedrag € {o.letter.amount}" if o.letter.amount is not None else ""
            console.print(f"     letter: {o.letter.verdict}{amount}; doel: {o.intent.verdict if o.intent else '-'}; spanning: {o.tension}  ({policy.title})", highlight=False)
    failed = sum(1 for o in outcomes if not o.passed)
    console.print(f"{len(outcomes) - failed} passed, {failed} failed")


def demo_report(console: Console, root: Path) -> None:
    """The story of regelruimte on the bundled policies, in under a minute: the controls that
    cannot be explained, a case where the letter blocks the purpose and the room the law gives,
    a case where the law leaves no room, and a synthetic city screened for non-take-up."""
    from ..loading.policy_set import load_policies
    from ..policy_review import review
    from ..policy_tests import run_tests
    from ..render.assessment_views import rich_view

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

    from ..loading.bundled import bundled_path
    from ..render.screening_views import rich_view as screening_view
    from ..screening import screen

    try:
        city = pl.read_parquet(bundled_path("examples") / "demo_city.parquet")
    except (FileNotFoundError, OSError):  # pragma: no cover - an incomplete installation
        console.print("De synthetische stad ontbreekt in deze installatie; stap 5 valt weg.\n")
    else:
        console.rule(f"5. Proactief: een synthetische stad van {city.height:,} huishoudens".replace(",", "."))
        result = screen(policies, city, date=DEMO_DATE)
        console.print(screening_view(result))
        console.print("Niemand in deze stad bestaat; de verdelingen zijn illustratief (zie regelruimte/population.py).\n")

    # 6. signals: a right offered before anyone applies
    from ..signals.demo import demo_section

    demo_section(console, root)
