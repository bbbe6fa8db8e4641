# SPDX-License-Identifier: EUPL-1.2
"""Commands of the decision log (:mod:`regelruimte.decisions`): ``friction``, ``replay``,
``register`` and the ``log`` group (``log verify``, ``log list``). Each opens the log, calls one
library function and emits its result; a missing log or an unknown entry is a one-line reason
and exit 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from .app import Format, Lang, default_lang, open_console, read_case, refuse, refuse_error, set_language
from .output import check_output, print_to, write

# -- the decision log (regelruimte.decisions): each command opens the log, calls one function, emits
log_app = typer.Typer(name="log", no_args_is_help=True,
                      help="The decision log: check that it is intact, list its entries.\n\nExample: [bold]regelruimte log verify --log besluiten.db[/bold]")
LOG_HELP = "The decision log: a SQLite file or a postgresql:// URL (default: $REGELRUIMTE_LOG)."


def _decision_log(url: str) -> Any:
    """Open an existing decision log only to read it (it stays as it is), or exit 2 with the reason."""
    from ..decisions import DecisionLog, DecisionLogError

    try:
        return DecisionLog(url, create=False, read_only=True)
    except DecisionLogError as exc:
        raise refuse_error(exc) from None


def _day(text: str | None, option: str) -> Any:
    from datetime import date

    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise refuse("option-date", option=option) from None


@log_app.command("verify")
def log_verify(
    log: str = typer.Option(..., "--log", "-l", envvar="REGELRUIMTE_LOG", help=LOG_HELP),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format (rich or json)."),
    lang: Lang = typer.Option(default_lang(), "--lang", show_default="$REGELRUIMTE_LANG, else nl", help="Report language."),
) -> None:
    """Check the hash chain, every stored assessment and policy version. Exit 1 names the first
    entry that was changed, removed or added behind the log's back.

    Example: [bold]regelruimte log verify --log besluiten.db[/bold]
    """
    set_language(lang.value)
    from .._messages import message

    result = _decision_log(log).verify()
    if format == Format.json:
        write(result.model_dump_json(indent=2), None)
    else:
        if result.ok:
            print(message("log-intact", lang.value, n=result.entries, head=result.head))
        else:
            print(message("log-not-intact", lang.value, entry=result.first_bad))
            for problem in result.problems_in(lang.value):
                print(f"  {problem}")
    raise typer.Exit(0 if result.ok else 1)


@log_app.command("list")
def log_list(
    log: str = typer.Option(..., "--log", "-l", envvar="REGELRUIMTE_LOG", help=LOG_HELP),
    policy: str | None = typer.Option(None, "--policy", "-p", help="Only this regulation (its id)."),
    subject: str | None = typer.Option(None, "--subject", help="Only this case (its pseudonym)."),
    last: int = typer.Option(20, "--last", "-n", min=1, help="The last N entries."),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format (rich or json)."),
    lang: Lang = typer.Option(default_lang(), "--lang", show_default="$REGELRUIMTE_LANG, else nl", help="Report language."),
) -> None:
    """List the last entries: number, date, regulation, tension, decision, role (no case values).

    Example: [bold]regelruimte log list --log besluiten.db -n 5[/bold]
    """
    set_language(lang.value)
    d = _decision_log(log)
    total = len(d)
    entries = d.entries(policy=policy, subject=subject, first=max(1, total - last + 1) if policy is None and subject is None else None)[-last:]
    if format == Format.json:
        import json

        write(json.dumps([e.model_dump(mode="json") for e in entries], indent=2, ensure_ascii=False), None)
        return
    from rich.table import Table

    from .._messages import message

    table = Table(header_style="bold")
    table.add_column("#", overflow="fold")
    for col in ("date", "regulation", "tension", "decision", "role", "reason", "corrects"):
        table.add_column(message(f"log-column-{col}", lang.value), overflow="fold")
    for e in entries:
        table.add_row(str(e.id), e.decision_date.isoformat(), e.policy_id, e.tension, e.decision + (f" ({e.provision})" if e.provision else ""), e.role, e.reason,
                      f"#{e.corrects}" if e.corrects else "")
    open_console().print(table)


def replay(
    entry: int = typer.Argument(..., help="The number of the entry."),
    log: str = typer.Option(..., "--log", "-l", envvar="REGELRUIMTE_LOG", help=LOG_HELP),
    case: Path | None = typer.Option(None, "--case", "-c", help="The case file from the municipality's own records (with its 'id'), to assess again."),
    policy: Path | None = typer.Option(None, "--policy", "-p", help="The policy file as it is now: named if it changed since the decision."),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format (rich or json)."),
    lang: Lang = typer.Option(default_lang(), "--lang", show_default="$REGELRUIMTE_LANG, else nl", help="Report language."),
) -> None:
    """Reproduce a decision's assessment on the policy version stored in the log, and say whether
    it is byte-identical. The log holds no case values: give --case to assess again; without it
    the entry is checked and the stored assessment shown. Exit 1 when it is not reproduced.

    Example: [bold]regelruimte replay 17 --log besluiten.db --case zaak-17.json[/bold]
    """
    set_language(lang.value)
    from ..decisions import DecisionLogError

    d = _decision_log(log)
    data = read_case(case) if case is not None else None
    try:
        result = d.replay(entry, data, policy_file=policy)
    except DecisionLogError as exc:
        raise refuse_error(exc) from None
    if format == Format.json:
        write(result.model_dump_json(indent=2), None)
    else:
        for line in result.lines(lang.value):
            print(line)
    raise typer.Exit(0 if result.ok else 1)


def friction(
    log: str = typer.Option(..., "--log", "-l", envvar="REGELRUIMTE_LOG", help=LOG_HELP),
    since: str | None = typer.Option(None, "--from", help="First decision date counted, YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="First decision date not counted, YYYY-MM-DD."),
    policy: str | None = typer.Option(None, "--policy", "-p", help="Only this regulation (its id)."),
    series: int = typer.Option(5, "--series", min=2, help="From how many cases a pattern is a series."),
    near: str = typer.Option("0.05", "--near", help="How close to a limit is 'just over it' (a fraction)."),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    lang: Lang = typer.Option(default_lang(), "--lang", show_default="$REGELRUIMTE_LANG, else nl", help="Report language."),
) -> None:
    """The rule-friction report: per regulation and rule, how often the letter blocked the purpose,
    room was used (by whom) or was missing, where cases cluster just over a limit, and which rules a
    series of deviations calls into question (ABRvS 16 maart 2016, ECLI:NL:RVS:2016:709).

    Example: [bold]regelruimte friction --log besluiten.db --from 2026-01-01 --until 2027-01-01 --format html -o wrijving.html[/bold]
    """
    set_language(lang.value)
    from ..decisions import DecisionLogError

    check_output(output)
    d = _decision_log(log)
    try:
        report = d.friction(since=_day(since, "--from"), until=_day(until, "--until"), policy=policy, series=series, near=near)
    except DecisionLogError as exc:
        raise refuse_error(exc) from None
    if format == Format.json:
        write(report.to_json(), output)
    elif format == Format.markdown:
        write(report.to_markdown(lang=lang.value), output)
    elif format == Format.html:
        write(report.to_html(lang=lang.value), output)
    else:
        from ..decisions.friction_views import rich_view

        print_to(output, rich_view(report, lang.value))


def register(
    policy: Path = typer.Argument(..., help="A policy file."),
    organisation: str | None = typer.Option(None, "--organisation", help="The organisation's name as in the TOOI list (default: the policy's authority, to check)."),
    format: Format = typer.Option(Format.json, "--format", "-f", help="Output format (json for the register; html or markdown to read)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
) -> None:
    """Draft the policy's entry for the Dutch Algoritmeregister (publication standard 1.0), from
    what the policy holds, marking every field a person must still fill in or check.

    Example: [bold]regelruimte register policies/nl/zuidplas/kwijtschelding.yaml --format html -o register.html[/bold]
    """
    from ..decisions import register_draft
    from ..errors import PolicyLoadError
    from ..loading.policy import load_policy

    check_output(output)
    if not policy.is_file():
        raise refuse("path-missing", path=policy)
    try:
        draft = register_draft(load_policy(policy), organisation=organisation)
    except PolicyLoadError as exc:
        raise refuse("policy-invalid", n=len(exc.problems), path=policy) from None
    if format == Format.json:
        write(draft.to_json(), output)
    elif format == Format.markdown:
        from ..decisions.register_views import markdown_view

        write(markdown_view(draft), output)
    elif format == Format.html:
        write(draft.to_html(), output)
    else:
        from ..decisions.register_views import rich_view

        print_to(output, rich_view(draft))
