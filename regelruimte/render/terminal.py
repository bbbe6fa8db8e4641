# SPDX-License-Identifier: EUPL-1.2
"""Terminal report (rich) of the example tests, for ``regelruimte test``: Dutch or English."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from .._texts import ASSESSMENT, TEST_REPORT
from ..model.policy import Policy
from ..policy_tests import TestOutcome
from .text import terminal_text

STYLE = {"passed": "green", "failed": "red", "expected_failure": "yellow", "unexpected_pass": "red"}
MARK = {"passed": ("green", "✓"), "failed": ("red", "✗"), "unknown": ("yellow", "?"), "not_applicable": ("dim", "–")}


def test_report(console: Console, policies: Sequence[Policy], outcomes: Sequence[TestOutcome], *, verbose: bool = False, lang: str = "nl") -> None:
    """Print one line per example test, its differences from the expectation, the per-rule trace
    when asked, and a summary, in ``lang``."""
    t, labels = TEST_REPORT[lang], ASSESSMENT[lang]
    by_policy = {p.id: p for p in policies}
    for o in outcomes:
        status = f"[{STYLE[o.status]}]{t[o.status]}[/]"
        console.print(f"{status} ", terminal_text(o.policy_id, style="bold"), f" #{o.index + 1} ", terminal_text(o.name), highlight=False, sep="")
        if o.expected_failure is not None:
            console.print("     ", terminal_text(t["marked"].format(reason=o.expected_failure), style="yellow"), highlight=False)
        for d in o.differences_in(lang):
            console.print("     ", terminal_text(d, style="yellow" if o.passed else "red"), highlight=False)
        if (verbose or not o.passed) and o.letter is not None:
            policy = by_policy[o.policy_id]
            table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2, 0, 5))
            table.add_column(t["rule"])
            table.add_column(t["result"])
            table.add_column(t["source"])
            for r in o.letter.rules:
                style, sign = MARK[r.result]
                table.add_row(terminal_text(r.id), f"[{style}]{sign} {labels.get(r.result, r.result)}[/]", terminal_text(r.source.citation))
            console.print(table)
            amount = t["amount"].format(amount=o.letter.amount) if o.letter.amount is not None else ""
            intent = labels.get(o.intent.verdict, o.intent.verdict) if o.intent else "-"
            console.print(terminal_text(t["trace"].format(letter=labels.get(o.letter.verdict, o.letter.verdict), amount=amount, intent=intent,
                                                          tension=labels.get(o.tension, o.tension), title=policy.title)), highlight=False)
    failed = sum(1 for o in outcomes if not o.passed)
    xfail = sum(1 for o in outcomes if o.status == "expected_failure")
    console.print(t["summary"].format(passed=len(outcomes) - failed - xfail, failed=failed) + (t["summary_marked"].format(n=xfail) if xfail else ""))
