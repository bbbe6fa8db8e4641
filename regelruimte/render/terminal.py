# SPDX-License-Identifier: EUPL-1.2
"""Terminal reports (rich) for the CLI: test runs and the demo."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..policy import Policy
from ..policy_tests import TestOutcome

MARK = {"passed": "[green]✓ voldaan[/]", "failed": "[red]✗ niet voldaan[/]", "unknown": "[yellow]? onbekend[/]", "not_applicable": "[dim]– n.v.t.[/]"}


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
    """The story of regelruimte on the bundled policies."""
    from ..loading import load_policies
    from ..policy_tests import run_tests

    policies = load_policies(root)
    console.rule("[bold]regelruimte[/]: de letter, het doel en de ruimte daartussen")
    table = Table(title="Meegeleverde regelingen", header_style="bold")
    table.add_column("regeling")
    table.add_column("gemeente / instantie")
    table.add_column("regels", justify="right")
    table.add_column("doelen", justify="right")
    table.add_column("controles", justify="right")
    table.add_column("voorbeelden", justify="right")
    outcomes = []
    for p in policies.values():
        results = run_tests(p)
        outcomes += results
        ok = sum(r.passed for r in results)
        table.add_row(p.title, p.authority, str(len(p.rules)), str(len(p.purposes)), str(len(p.controls)), f"{ok}/{len(results)}")
    console.print(table)
    parted = [o for o in outcomes if o.tension == "letter_blocks_intent"]
    console.print(f"\nIn {len(parted)} van de {len(outcomes)} voorbeeldzaken wijst de letter af wat het doel van de regeling vraagt.")
    if parted:
        o = parted[0]
        p = policies[o.policy_id]
        console.rule(f"Voorbeeld: {p.title}")
        console.print(Text(o.name), style="bold")
        for r in o.letter.rules:
            if r.result != "passed":
                console.print(f"  {MARK[r.result]} {r.text.nl}  [dim]({r.source.citation})[/]", highlight=False)
        for pr in o.intent.purposes:
            console.print(f"  doel [bold]{pr.title.nl}[/]: {pr.result}  [dim]({pr.source.citation})[/]", highlight=False)
        console.print(f"  spanning: [bold yellow]{o.tension}[/]")
