# SPDX-License-Identifier: EUPL-1.2
"""Terminal report (rich) of the example tests, for ``regelruimte test``."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from ..model.policy import Policy
from ..policy_tests import TestOutcome
from .text import terminal_text

STATUS = {"passed": "[green]PASS[/]", "failed": "[red]FAIL[/]", "expected_failure": "[yellow]XFAIL[/]", "unexpected_pass": "[red]XPASS[/]"}
MARK = {"passed": "[green]✓ voldaan[/]", "failed": "[red]✗ niet voldaan[/]", "unknown": "[yellow]? onbekend[/]", "not_applicable": "[dim]– n.v.t.[/]"}


def test_report(console: Console, policies: Sequence[Policy], outcomes: Sequence[TestOutcome], *, verbose: bool = False) -> None:
    """Print one line per example test, the per-rule trace when asked, and a summary."""
    by_policy = {p.id: p for p in policies}
    for o in outcomes:
        status = STATUS[o.status]
        console.print(f"{status} ", terminal_text(o.policy_id, style="bold"), f" #{o.index + 1} ", terminal_text(o.name), highlight=False, sep="")
        if o.expected_failure is not None:
            console.print("     ", terminal_text(f"verwacht mislukt: {o.expected_failure}", style="yellow"), highlight=False)
        for d in o.differences:
            console.print("     ", terminal_text(d, style="yellow" if o.passed else "red"), highlight=False)
        if (verbose or not o.passed) and o.letter is not None:
            policy = by_policy[o.policy_id]
            table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2, 0, 5))
            table.add_column("regel")
            table.add_column("uitkomst")
            table.add_column("bron")
            for r in o.letter.rules:
                table.add_row(terminal_text(r.id), MARK[r.result], terminal_text(r.source.citation))
            console.print(table)
            amount = f", bedrag € {o.letter.amount}" if o.letter.amount is not None else ""
            console.print(terminal_text(f"     letter: {o.letter.verdict}{amount}; doel: {o.intent.verdict if o.intent else '-'}; spanning: {o.tension}  ({policy.title})"), highlight=False)
    failed = sum(1 for o in outcomes if not o.passed)
    xfail = sum(1 for o in outcomes if o.status == "expected_failure")
    console.print(f"{len(outcomes) - failed - xfail} passed, {failed} failed" + (f", {xfail} expected failures" if xfail else ""))
