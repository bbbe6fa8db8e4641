# SPDX-License-Identifier: EUPL-1.2
"""The command on event logs: ``signals``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from .app import LANGUAGE, Format, Lang, default_lang, error_console, existing, fail, load_all, refuse, set_language, warn
from .output import check_output, print_to, write, write_file


def signals_command(
    paths: list[Path] | None = typer.Argument(None, help="Policy files or directories (default: the regulations bundled with regelruimte).", show_default=False),
    events: Path = typer.Option(..., "--events", "-e", help="The event log (.csv, .jsonl, .json or .parquet): household, date, type and the fields of each type, grouped by household."),
    date: str = typer.Option(..., "--date", "-d", help="Reference date (peildatum), YYYY-MM-DD: the clock of every signal; later events are left out."),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    lang: Lang = typer.Option(default_lang(), "--lang", show_default="$REGELRUIMTE_LANG, else nl", help="Report language."),
    workers: int | None = typer.Option(None, "--workers", "-w", min=0, max=32, help="Worker processes (0: in this process; default: 2 for large logs)."),
    sort: bool = typer.Option(False, "--sort", help="Load the whole log and sort it by household first (memory grows with the log)."),
    show_ids: bool = typer.Option(False, "--show-ids", help="Include household ids in the output (personal data); otherwise pseudonyms or row numbers."),
    no_assess: bool = typer.Option(False, "--no-assess", help="Do not assess the rights that signals offer (faster)."),
) -> None:
    """Run the regulations' signals over an event log: who to offer a right without an
    application, which deadlines passed, where the authority's own delay weighs. Prints a summary
    and, per household, the signals with the matched events and the assessment of the right.

    Exit code 1 when records or households of the event log were refused (the rest is
    processed): a household with more events than one engine session holds (1,000 of one
    regulation's types) is refused with its record range, never evaluated in part.

    Example: [bold]regelruimte signals policies/ --events examples/events_demo.csv --date 2026-03-01[/bold]
    """
    set_language(lang.value)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from ..errors import EngineError, SignalsError
    from ..signalling import signals as run_signals

    check_output(output)
    policies, problems = load_all(existing(paths))
    if problems:
        raise refuse("policies-invalid", n=len(problems))
    if not events.is_file():
        raise refuse("events-missing", path=events)
    total = _count_records(events)
    columns = [TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    options: dict[str, Any] = {"date": date, "workers": workers, "sort": sort, "assess_rights": not no_assess}
    with Progress(*columns, transient=True, console=error_console()) as bar:
        task = bar.add_task("signalen", total=total)

        def step(records: int, households: int) -> None:
            bar.update(task, completed=records, description=f"signalen: {households} huishoudens")

        failure = None
        try:
            if format == Format.json:  # streamed: memory does not grow with the households
                result = _stream_json(policies, events, output, show_ids, progress=step, **options)
            else:
                result = run_signals(policies, events, progress=step, **options)
        except (SignalsError, EngineError) as exc:
            failure = exc.line(LANGUAGE["lang"])
    if failure is not None:
        raise fail(failure)
    s = result.summary
    # Timings go to stderr only: the report itself is the same for the same input.
    warn("signals-summary", households=s.households, events=s.events, signalled=s.households_with_signals, refused=s.refused_records,
         too_large=s.too_large, ignored=s.ignored_records, seconds=f"{result.seconds:.1f}")
    if show_ids:
        warn("warning-households-shown")
    from ..render import signals_views as views

    if format == Format.markdown:
        write(views.markdown_view(result, lang.value, show_ids=show_ids), output, keep=True)
    elif format == Format.html:
        write(views.html_document(result, lang.value, show_ids=show_ids), output, keep=True)
    elif format != Format.json:
        print_to(output, views.rich_view(result, lang.value, show_ids=show_ids, limit=10_000 if output else 20), keep=True)
    raise typer.Exit(1 if result.has_refusals else 0)


def _stream_json(policies: Any, events: Path, output: Path | None, show_ids: bool, **options: Any) -> Any:
    """Run the signals while writing their JSON to stdout or, through a temporary file, to ``output``."""
    from ..signalling.streaming import write_json

    if output is None:
        return write_json(sys.stdout, policies, events, show_ids=show_ids, **options)
    results = []

    def produce(path: Path) -> None:
        # Runs again into a private file if ``output`` cannot be written (write_file's keep).
        with path.open("w", encoding="utf-8") as handle:
            results.append(write_json(handle, policies, events, show_ids=show_ids, **options))

    write_file(output, produce, keep=True)
    return results[-1]


def _count_records(path: Path) -> int | None:
    """Records in an event log, for the progress bar (None when it cannot be told cheaply)."""
    suffix = path.suffix.lower()
    if suffix in (".csv", ".jsonl", ".ndjson"):
        lines = 0
        last = b"\n"
        with open(path, "rb") as handle:
            while block := handle.read(1 << 20):
                lines += block.count(b"\n")
                last = block[-1:]
        lines += last != b"\n"
        return max(lines - (suffix == ".csv"), 0)
    if suffix == ".parquet":
        try:
            import polars as pl

            return int(pl.scan_parquet(path).select(pl.len()).collect().item())
        except Exception:  # noqa: BLE001 - only for the progress bar
            return None
    return None
