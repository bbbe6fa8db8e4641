# SPDX-License-Identifier: EUPL-1.2
"""The command ``properties``: search a regulation's declared properties for a case that breaks
them, and draw its cliff-edge map."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .app import LANGUAGE, Format, Lang, default_lang, existing, fail, load_all, open_console, refuse, set_language
from .output import check_output, print_to, write


def properties_command(
    paths: list[Path] | None = typer.Argument(None, help="Policy files or directories (default: the regulations bundled with regelruimte).", show_default=False),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    seed: int = typer.Option(0, "--seed", help="The search's seed: the same seed tries the same cases."),
    examples: int = typer.Option(200, "--examples", min=1, max=100_000, help="Cases to try per property."),
    seconds: float = typer.Option(5.0, "--seconds", min=0.1, max=3600, help="Time budget per property (and per threshold of the cliff map)."),
    cliffs: bool = typer.Option(True, "--cliffs/--no-cliffs", help="Also measure the jump across every hard threshold."),
    only: list[str] | None = typer.Option(None, "--only", help="Search only the property with this id (repeatable)."),
    lang: Lang = typer.Option(default_lang(), "--lang", show_default="$REGELRUIMTE_LANG, else nl", help="Report language."),
) -> None:
    """Ask your regulation a question: search every declared property (monotone, no cliff, bounded,
    equivalent to another version) for a case that breaks it, shown as the smallest such case with
    the outcome before and after and the rules involved; and measure what one euro more costs at
    every hard threshold. Exit 1 when a property is broken.

    Example: [bold]regelruimte properties policies/nl/zuidplas/kwijtschelding.yaml --seconds 2[/bold]
    """
    set_language(lang.value)
    from ..errors import RegelruimteError
    from ..properties import check_properties
    from ..properties.result import PropertyReport

    check_output(output)
    policies, problems = load_all(existing(paths))
    if problems:
        from ..render.text import for_terminal

        for p in problems:
            print(for_terminal(str(p), lines=False), file=sys.stderr)
        raise refuse("policies-invalid", n=len(problems))
    policies = sorted(policies, key=lambda p: p.id)
    total = sum(len(p.properties) for p in policies)
    reports: list[PropertyReport] = []
    console = open_console()
    show_progress = format == Format.rich and output is None and console.is_terminal and total > 1
    try:
        if show_progress:
            from rich.progress import Progress

            with Progress(console=console, transient=True) as progress:
                task = progress.add_task("properties", total=total)
                for policy in policies:
                    reports.append(check_properties(policy, seed=seed, max_examples=examples, seconds=seconds, cliffs=cliffs, only=only,
                                                    on_property=lambda _id: progress.advance(task)))
        else:
            reports = [check_properties(p, seed=seed, max_examples=examples, seconds=seconds, cliffs=cliffs, only=only) for p in policies]
    except RegelruimteError as exc:
        raise fail(exc.message(LANGUAGE["lang"]).splitlines()[0]) from None
    except OSError as exc:
        raise fail(str(exc).splitlines()[0]) from None
    if format == Format.json:
        import json

        write(json.dumps([json.loads(r.to_json()) for r in reports], indent=2, ensure_ascii=False), output)
    elif format == Format.markdown:
        from ..render.property_views import markdown_view

        write(markdown_view(reports, lang.value), output)
    elif format == Format.html:
        from ..render.property_views import html_document

        write(html_document(reports, lang.value), output)
    else:
        from ..render.property_views import rich_view

        print_to(output, rich_view(reports, lang.value))
    raise typer.Exit(1 if any(not r.holds for r in reports) else 0)
