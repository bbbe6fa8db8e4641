# SPDX-License-Identifier: EUPL-1.2
"""The ``regelruimte`` command line: a thin shell over the library.

Exit codes: 0 clean; 1 findings (problems in policies, failing tests, findings at or above
``--fail-on``); 2 bad input (a missing file, an unreadable case), with a one-line reason on
stderr and no traceback. Heavy modules are imported inside the commands, so ``--help`` is fast.
Output never contains case values unless ``--show-values`` is given.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:  # rich and the library load inside the commands, so --help stays fast
    from rich.console import Console

    from .errors import Problem
    from .model.policy import Policy

app = typer.Typer(
    name="regelruimte",
    help="Regulations with their purpose: the letter, the intent, the room the law gives, and controls a citizen can understand.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        from ._version import __version__

        print(f"regelruimte {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    """Regulations with their purpose: the letter, the intent, the room the law gives, and controls a citizen can understand."""


class Format(str, Enum):
    rich = "rich"
    json = "json"
    markdown = "markdown"
    html = "html"


class Lang(str, Enum):
    nl = "nl"
    en = "en"


def _fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line reason on stderr and return the exit to raise."""
    print(f"regelruimte: {message}", file=sys.stderr)
    return typer.Exit(code)


def _console(output: Path | None = None) -> Console:
    from rich.console import Console

    if output is not None:
        return Console(file=open(output, "w", encoding="utf-8"), width=110, no_color=True, force_terminal=False)
    if os.environ.get("NO_COLOR"):  # no colour and no other styling escapes either (https://no-color.org)
        return Console(color_system=None, no_color=True, highlight=False)
    return Console(highlight=False)


def _existing(paths: list[Path] | None) -> list[Path]:
    """The given paths, each checked to exist; no paths means the bundled regulations."""
    if not paths:
        return [bundled_policies()]
    for p in paths:
        if not p.exists():
            raise _fail(f"{p}: no such file or directory")
    return paths


def _load_all(paths: list[Path]) -> tuple[list[Policy], list[Problem]]:
    """Load every policy under ``paths``; returns (policies, problems)."""
    from .errors import PolicyLoadError
    from .loading.policy import load_policy
    from .loading.policy_set import policy_files

    policies: list[Policy] = []
    problems: list[Problem] = []
    for path in paths:
        files = policy_files(path)
        if not files:
            raise _fail(f"{path}: no policy files (*.yaml) found")
        for f in files:
            try:
                policies.append(load_policy(f))
            except PolicyLoadError as exc:
                problems.extend(exc.problems)
    return policies, problems


@app.command()
def check(
    paths: list[Path] | None = typer.Argument(None, help="Policy files or directories (default: the regulations bundled with regelruimte).", show_default=False),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format."),
) -> None:
    """Validate policy files: YAML hazards, schema, sources, references and expressions.

    Every problem is reported as path:line:col  field  message  [code].

    Example: [bold]regelruimte check policies/[/bold]
    """
    policies, problems = _load_all(_existing(paths))
    if format == Format.json:
        import json

        print(json.dumps({"policies": [p.id for p in policies], "problems": [p.__dict__ for p in problems]}, indent=2, ensure_ascii=False))
    else:
        for p in problems:  # one line per problem, never wrapped: editors and CI link path:line:col
            print(str(p))
        word = "problem" if len(problems) == 1 else "problems"
        print(f"{len(policies)} policies valid, {len(problems)} {word}.")
    raise typer.Exit(1 if problems else 0)


@app.command("test")
def test_command(
    paths: list[Path] | None = typer.Argument(None, help="Policy files or directories (default: the regulations bundled with regelruimte).", show_default=False),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show the per-rule trace of every test."),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format."),
) -> None:
    """Run the example tests in policy files: letter, amount, intent, tension and rules.

    Example: [bold]regelruimte test policies/ -v[/bold]
    """
    from .policy_tests import run_tests

    policies, problems = _load_all(_existing(paths))
    outcomes = [o for p in policies for o in run_tests(p)]
    failed = [o for o in outcomes if not o.passed]
    if format == Format.json:
        import json

        print(json.dumps({"passed": len(outcomes) - len(failed), "failed": len(failed), "load_problems": [str(p) for p in problems],
                          "tests": [{"policy": o.policy_id, "name": o.name, "passed": o.passed, "differences": o.differences} for o in outcomes]}, indent=2, ensure_ascii=False))
    else:
        from .render.terminal import test_report

        console = _console()
        for p in problems:
            console.print(str(p), markup=False)
        test_report(console, policies, outcomes, verbose=verbose)
    raise typer.Exit(1 if failed or problems else 0)


def _read_case(path: Path) -> dict[str, Any]:
    import json
    from decimal import Decimal

    if str(path) == "-":
        text = sys.stdin.read()
    elif not path.is_file():
        raise _fail(f"{path}: no such case file")
    else:
        text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise _fail(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno})") from None
    if not isinstance(data, dict):
        raise _fail(f"{path}: a case is a JSON object with 'date' and 'facts'")
    return data


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        output.write_text(text, encoding="utf-8")


@app.command()
def assess(
    policy: Path = typer.Argument(..., help="A policy file, or a directory to assess the case against every regulation in it."),
    case: Path = typer.Argument(..., help="A JSON case file: {\"date\": \"2026-03-01\", \"facts\": {...}, \"id\": \"...\"}; '-' reads stdin."),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    lang: Lang = typer.Option(Lang.nl, "--lang", help="Report language."),
    show_values: bool = typer.Option(False, "--show-values", help="Include fact values (personal data) in JSON output."),
) -> None:
    """Assess one case on the letter and the intent, with the room the law gives.

    Example: [bold]regelruimte assess policies/nl/zuidplas/kwijtschelding.yaml case.json --format html -o rapport.html[/bold]
    """
    from .assessment import assess as assess_one
    from .assessment import assess_all
    from .errors import CaseError, EvaluationError, PolicyLoadError
    from .loading.policy import load_policy
    from .loading.policy_set import load_policies

    data = _read_case(case)
    try:
        if policy.is_dir():
            result = assess_all(load_policies(policy), data)
            assessments = list(result.assessments.values())
        elif policy.is_file():
            assessments = [assess_one(load_policy(policy), data)]
        else:
            raise _fail(f"{policy}: no such file or directory")
    except PolicyLoadError as exc:
        raise _fail(f"{len(exc.problems)} problem(s) in the policy; run 'regelruimte check {policy}'") from None
    except CaseError as exc:
        raise _fail("; ".join(str(p) for p in exc.problems)) from None
    except EvaluationError as exc:
        raise _fail(str(exc)) from None
    if show_values:
        print("regelruimte: warning: the output contains fact values (personal data)", file=sys.stderr)
    if format == Format.json:
        import json

        docs = [json.loads(a.to_json(show_values=show_values)) for a in assessments]
        _write(json.dumps(docs[0] if len(docs) == 1 else docs, indent=2, sort_keys=True, ensure_ascii=False), output)
    elif format == Format.markdown:
        _write("\n".join(a.to_markdown(lang=lang.value) for a in assessments), output)
    elif format == Format.html:
        from .render.assessment_views import html_document

        _write(html_document(assessments, lang=lang.value), output)
    else:
        from .render.assessment_views import rich_view

        console = _console(output)
        for a in assessments:
            console.print(rich_view(a, lang.value))


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


@app.command()
def review(
    paths: list[Path] | None = typer.Argument(None, help="Policy files or directories (default: the regulations bundled with regelruimte).", show_default=False),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="Exit 1 when a finding has at least this severity."),
    lang: Lang = typer.Option(Lang.nl, "--lang", help="Report language."),
) -> None:
    """Review regulations: every control that cannot be explained to a citizen, burden figures,
    rules without purpose, purposes without rules, cliff edges and failing tests.

    Example: [bold]regelruimte review policies/ --format html -o review.html --fail-on never[/bold]
    """
    from .policy_review import review as review_one

    policies, problems = _load_all(_existing(paths))
    if problems:
        for p in problems:
            print(str(p), file=sys.stderr)
        raise _fail(f"{len(problems)} problem(s) in the policies; run 'regelruimte check'")
    reviews = [review_one(p) for p in sorted(policies, key=lambda p: p.id)]
    if format == Format.json:
        import json

        _write(json.dumps([json.loads(r.to_json()) for r in reviews], indent=2, sort_keys=True, ensure_ascii=False), output)
    elif format == Format.markdown:
        from .render.review_views import markdown_view

        _write(markdown_view(reviews, lang.value), output)
    elif format == Format.html:
        from .render.review_views import html_document

        _write(html_document(reviews, lang.value), output)
    else:
        from .render.review_views import rich_view

        _console(output).print(rich_view(reviews, lang.value))
    worst = [r.worst() for r in reviews]
    threshold = {"error": {"error"}, "warning": {"error", "warning"}, "never": set()}[fail_on.value]
    raise typer.Exit(1 if any(w in threshold for w in worst) else 0)


@app.command()
def screen(
    paths: list[Path] | None = typer.Argument(None, help="Policy files or directories (default: the regulations bundled with regelruimte).", show_default=False),
    population: Path = typer.Option(..., "--population", "-p", help="A Parquet or CSV file, one row per person (columns named after the facts)."),
    date: str = typer.Option(..., "--date", "-d", help="Reference date (peildatum), YYYY-MM-DD."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the per-person results here (.parquet or .csv)."),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Format of the summary."),
    lang: Lang = typer.Option(Lang.nl, "--lang", help="Report language."),
) -> None:
    """Screen a population: who is entitled but not receiving (non-take-up). Prints a summary
    per regulation; personal data is never printed, only written to --output.

    Example: [bold]regelruimte screen policies/ --population stad.parquet --date 2026-03-01 -o uitkomst.parquet[/bold]
    """
    from rich.progress import Progress

    from .screening import ScreeningError
    from .screening import screen as run_screen

    policies, problems = _load_all(_existing(paths))
    if problems:
        raise _fail(f"{len(problems)} problem(s) in the policies; run 'regelruimte check'")
    if not population.is_file():
        raise _fail(f"{population}: no such population file")
    if output is not None and output.suffix not in (".parquet", ".csv"):
        raise _fail("--output must end in .parquet or .csv")
    with Progress(transient=True, console=_console_err()) as bar:
        task = bar.add_task("screening", total=len(policies))

        def step(policy_id: str) -> None:
            bar.update(task, advance=1, description=policy_id)

        try:
            result = run_screen(policies, population, date=date, progress=step)
        except ScreeningError as exc:
            raise _fail(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - an unreadable file (polars' own error): one line, no traceback
            if type(exc).__module__.startswith("polars"):
                raise _fail(f"{population}: cannot read the population ({type(exc).__name__})") from None
            raise
    if output is not None:
        frame = result.frame
        if output.suffix == ".parquet":
            frame.write_parquet(output)
        else:  # CSV holds no lists: the invalid facts of a row become "fact1;fact2"
            if "invalid_facts" in frame.columns:
                frame = frame.with_columns(frame["invalid_facts"].list.join(";"))
            frame.write_csv(output)
    from .render import screening_views as views

    if format == Format.json:
        import json

        _write(json.dumps(result.summary.with_columns([result.summary[c].cast(str) for c in ("amount_granted", "amount_not_taken_up")]).to_dicts(), indent=2, ensure_ascii=False), None)
    elif format == Format.markdown:
        _write(views.markdown_view(result, lang.value), None)
    elif format == Format.html:
        _write(views.html_document(result, lang.value), None)
    else:
        _console().print(views.rich_view(result, lang.value))


@app.command("signals")
def signals_command(
    paths: list[Path] | None = typer.Argument(None, help="Policy files or directories (default: the regulations bundled with regelruimte).", show_default=False),
    events: Path = typer.Option(..., "--events", "-e", help="The event log (.csv, .jsonl, .json or .parquet): household, date, type and the fields of each type, grouped by household."),
    date: str = typer.Option(..., "--date", "-d", help="Reference date (peildatum), YYYY-MM-DD: the clock of every signal; later events are left out."),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    lang: Lang = typer.Option(Lang.nl, "--lang", help="Report language."),
    workers: int | None = typer.Option(None, "--workers", "-w", min=0, max=32, help="Worker processes (0: in this process; default: 2 for large logs)."),
    sort: bool = typer.Option(False, "--sort", help="Load the whole log and sort it by household first (memory grows with the log)."),
    show_ids: bool = typer.Option(False, "--show-ids", help="Include household ids in the output (personal data); otherwise pseudonyms or row numbers."),
    no_assess: bool = typer.Option(False, "--no-assess", help="Do not assess the rights that signals offer (faster)."),
) -> None:
    """Run the regulations' signals over an event log: who to offer a right without an
    application, which deadlines passed, where the authority's own delay weighs. Prints a summary
    and, per household, the signals with the matched events and the assessment of the right.

    Exit code 1 when records of the event log were refused (the rest is processed).

    Example: [bold]regelruimte signals policies/ --events examples/events_demo.csv --date 2026-03-01[/bold]
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .errors import EngineError
    from .signals import SignalsError
    from .signals import signals as run_signals

    policies, problems = _load_all(_existing(paths))
    if problems:
        raise _fail(f"{len(problems)} problem(s) in the policies; run 'regelruimte check'")
    if not events.is_file():
        raise _fail(f"{events}: no such event log")
    total = _count_records(events)
    columns = [TextColumn("[progress.description]{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, transient=True, console=_console_err()) as bar:
        task = bar.add_task("signalen", total=total)

        def step(records: int, households: int) -> None:
            bar.update(task, completed=records, description=f"signalen: {households} huishoudens")

        failure = None
        try:
            result = run_signals(policies, events, date=date, workers=workers, progress=step, sort=sort, assess_rights=not no_assess)
        except (SignalsError, EngineError) as exc:
            failure = str(exc)
    if failure is not None:
        raise _fail(failure)
    s = result.summary
    print(f"regelruimte: {s.households} households, {s.events} events, signals for {s.households_with_signals} households, "
          f"{s.refused_records} records refused, {s.ignored_records} ignored, {s.seconds:.1f} s", file=sys.stderr)
    if show_ids:
        print("regelruimte: warning: the output contains household ids (personal data)", file=sys.stderr)
    from .render import signals_views as views

    if format == Format.json:
        _write(result.to_json(show_ids=show_ids), output)
    elif format == Format.markdown:
        _write(views.markdown_view(result, lang.value, show_ids=show_ids), output)
    elif format == Format.html:
        _write(views.html_document(result, lang.value, show_ids=show_ids), output)
    else:
        _console(output).print(views.rich_view(result, lang.value, show_ids=show_ids, limit=10_000 if output else 20))
    raise typer.Exit(1 if s.refused_records else 0)


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


def _console_err() -> Console:
    from rich.console import Console

    if os.environ.get("NO_COLOR"):
        return Console(stderr=True, color_system=None, no_color=True)
    return Console(stderr=True)


@app.command()
def schema(
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    kind: str = typer.Option("policy", "--kind", help="policy or norms."),
) -> None:
    """Print the JSON Schema (draft-07) of policy or norm files, for editors and CI.

    Example: [bold]regelruimte schema --output schema/policy.v1.json[/bold]
    """
    from .loading.schema import dumps, norms_schema, policy_schema

    if kind not in ("policy", "norms"):
        raise _fail(f"--kind must be policy or norms, not {kind!r}")
    text = dumps(policy_schema() if kind == "policy" else norms_schema())
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def bundled_policies() -> Path:
    """Where the bundled policies are: $REGELRUIMTE_POLICIES, or the ones installed with the package."""
    env = os.environ.get("REGELRUIMTE_POLICIES")
    if env:
        if not Path(env).is_dir():
            raise _fail("REGELRUIMTE_POLICIES is not a directory")
        return Path(env)
    from .loading.bundled import bundled_path

    try:
        return bundled_path("policies")
    except FileNotFoundError as exc:
        raise _fail(str(exc)) from None


@app.command()
def demo() -> None:
    """Tell the story on the bundled regulations in under a minute: controls that cannot be
    explained, a case where the letter blocks the purpose and the room the law gives, a case
    without room, and a synthetic city screened for non-take-up.

    Example: [bold]regelruimte demo[/bold]
    """
    from .render.terminal import demo_report

    demo_report(_console(), bundled_policies())


def main() -> None:
    """Entry point of the ``regelruimte`` console script."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        raise SystemExit(130) from None


if __name__ == "__main__":  # pragma: no cover
    main()
