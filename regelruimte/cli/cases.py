# SPDX-License-Identifier: EUPL-1.2
"""Commands on cases and populations: ``assess`` and ``screen``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from .app import Format, Lang, default_lang, error_console, existing, load_all, open_console, read_case, refuse, refuse_error, set_language, warn
from .output import check_output, print_to, write, write_file


def assess(
    policy: Path = typer.Argument(..., help="A policy file, or a directory to assess the case against every regulation in it."),
    case: Path = typer.Argument(..., help="A JSON case file: {\"date\": \"2026-03-01\", \"facts\": {...}, \"id\": \"...\"}; '-' reads stdin."),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    lang: Lang = typer.Option(default_lang(), "--lang", show_default="$REGELRUIMTE_LANG, else nl", help="Report language."),
    show_values: bool = typer.Option(False, "--show-values", help="Include fact values (personal data) in JSON output."),
    log: str | None = typer.Option(None, "--log", help="Record each assessment in this decision log (a SQLite file or postgresql://...) as an entry of kind 'assessed'; the case needs an id and $REGELRUIMTE_PSEUDONYM_KEY."),
) -> None:
    """Assess one case on the letter and the intent, with the room the law gives.

    Example: [bold]regelruimte assess policies/nl/zuidplas/kwijtschelding.yaml case.json --format html -o rapport.html[/bold]
    """
    set_language(lang.value)
    from ..assessment import assess as assess_one
    from ..assessment import assess_all
    from ..errors import CaseError, EvaluationError, PolicyLoadError
    from ..loading.policy import load_policy
    from ..loading.policy_set import load_policies

    check_output(output)
    data = read_case(case)
    try:
        if policy.is_dir():
            result = assess_all(load_policies(policy), data)
            assessments = list(result.assessments.values())
        elif policy.is_file():
            assessments = [assess_one(load_policy(policy), data)]
        else:
            raise refuse("path-missing", path=policy)
    except PolicyLoadError as exc:
        raise refuse("policy-invalid", n=len(exc.problems), path=policy) from None
    except (CaseError, EvaluationError) as exc:
        raise refuse_error(exc) from None
    if log is not None:
        _record(log, assessments)
    if show_values:
        warn("warning-values-shown")
    if format == Format.json:
        import json

        docs = [json.loads(a.to_json(show_values=show_values)) for a in assessments]
        write(json.dumps(docs[0] if len(docs) == 1 else docs, indent=2, sort_keys=True, ensure_ascii=False), output)
    elif format == Format.markdown:
        write("\n".join(a.to_markdown(lang=lang.value) for a in assessments), output)
    elif format == Format.html:
        from ..render.assessment_views import html_document

        write(html_document(assessments, lang=lang.value), output)
    else:
        from ..render.assessment_views import rich_view

        print_to(output, *(rich_view(a, lang.value) for a in assessments))


def screen(
    paths: list[Path] | None = typer.Argument(None, help="Policy files or directories (default: the regulations bundled with regelruimte).", show_default=False),
    population: Path = typer.Option(..., "--population", "-p", help="A Parquet or CSV file, one row per person (columns named after the facts)."),
    date: str = typer.Option(..., "--date", "-d", help="Reference date (peildatum), YYYY-MM-DD."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the per-person results here (.parquet or .csv)."),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Format of the summary."),
    lang: Lang = typer.Option(default_lang(), "--lang", show_default="$REGELRUIMTE_LANG, else nl", help="Report language."),
    per_part: bool = typer.Option(False, "--per-part", help="One row per person and part of a decision in parts (column 'part'), not one per person."),
    per_period: bool = typer.Option(False, "--per-period", help="For a population in periods (columns period_start, period_end): one row per person and period."),
) -> None:
    """Screen a population: who is entitled but not receiving (non-take-up). Prints a summary
    per regulation; personal data is never printed, only written to --output.

    Example: [bold]regelruimte screen policies/ --population stad.parquet --date 2026-03-01 -o uitkomst.parquet[/bold]
    """
    set_language(lang.value)
    from rich.progress import Progress

    from ..screening import ScreeningError
    from ..screening import screen as run_screen

    policies, problems = load_all(existing(paths))
    if problems:
        raise refuse("policies-invalid", n=len(problems))
    if not population.is_file():
        raise refuse("population-missing", path=population)
    if output is not None and output.suffix not in (".parquet", ".csv"):
        raise refuse("output-suffix")
    check_output(output)
    with Progress(transient=True, console=error_console()) as bar:
        task = bar.add_task("screening", total=len(policies))

        def step(policy_id: str) -> None:
            bar.update(task, advance=1, description=policy_id)

        try:
            result = run_screen(policies, population, date=date, progress=step, per="part" if per_part else "period" if per_period else "case")
        except ScreeningError as exc:
            raise refuse_error(exc) from None
        except Exception as exc:  # noqa: BLE001 - an unreadable file (polars' own error): one line, no traceback
            if type(exc).__module__.startswith("polars"):
                if "utf-8" in str(exc).lower():  # polars says only "invalid utf-8 sequence" (no value): Excel's "CSV" is Windows-1252
                    raise refuse("population-not-utf8", path=population) from None
                raise refuse("population-unreadable", path=population, kind=type(exc).__name__) from None
            raise
    if result.missing_columns or result.unknown_columns:  # every one, so a misspelt column is never dropped without a word
        warn("warning-columns", n=len(result.missing_columns), names=", ".join(result.missing_columns) or "-",
             m=len(result.unknown_columns), columns=", ".join(result.unknown_columns) or "-")
    from ..render import screening_views as views

    if format == Format.json:
        import json

        write(json.dumps(result.summary.with_columns([result.summary[c].cast(str) for c in ("amount_granted", "amount_not_taken_up")]).to_dicts(), indent=2, ensure_ascii=False), None)
    elif format == Format.markdown:
        write(views.markdown_view(result, lang.value), None)
    elif format == Format.html:
        write(views.html_document(result, lang.value), None)
    else:
        open_console().print(views.rich_view(result, lang.value))
    if output is not None:  # last, after the summary: when it cannot be written, the results are kept elsewhere
        frame = result.frame
        if output.suffix == ".parquet":
            write_file(output, frame.write_parquet, keep=True)
        else:  # CSV holds no lists: the invalid facts of a row become "fact1;fact2"
            if "invalid_facts" in frame.columns:
                frame = frame.with_columns(frame["invalid_facts"].list.join(";"))
            write_file(output, frame.write_csv, keep=True)


def _record(url: str, assessments: list[Any]) -> None:
    """Append every assessment to the decision log, all or none."""
    from ..decisions import DecisionLog, DecisionLogError

    try:
        with DecisionLog(url) as decision_log, decision_log.batch() as batch:
            for a in assessments:
                batch.record_assessment(a)
    except DecisionLogError as exc:
        raise refuse_error(exc) from None
