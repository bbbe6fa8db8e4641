# SPDX-License-Identifier: EUPL-1.2
"""Commands on regulations: ``check``, ``test``, ``review``, ``schema`` and ``demo``."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from .app import LANGUAGE, FailOn, Format, Lang, bundled_policies, default_lang, existing, load_all, open_console, refuse, set_language
from .output import check_output, print_to, write


def check(
    paths: list[Path] | None = typer.Argument(None, help="Policy files or directories (default: the regulations bundled with regelruimte).", show_default=False),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format."),
    lang: Lang | None = typer.Option(None, "--lang", help="Language of the problems (default: $REGELRUIMTE_LANG, else nl).", show_default=False),
) -> None:
    """Validate policy files: YAML hazards, schema, sources, references and expressions.

    Every problem is reported as path:line:col  field  message  [code], in Dutch or English.

    Example: [bold]regelruimte check policies/[/bold]
    """
    if lang is not None:
        set_language(lang.value)
    said = LANGUAGE["lang"]
    policies, problems = load_all(existing(paths))
    if format == Format.json:
        import json

        shown = [{"path": p.path, "line": p.line, "column": p.column, "field": p.field, "message": p.text.render(said) if p.text is not None else p.message,
                  "code": p.code} for p in problems]
        print(json.dumps({"policies": [p.id for p in policies], "problems": shown}, indent=2, ensure_ascii=False))
    else:
        from .._messages import message
        from ..render.text import for_terminal

        for p in problems:  # one line per problem, never wrapped, a line break in it escaped: editors and CI link path:line:col
            print(for_terminal(p.render(said), lines=False))
        print(message("check-summary-one" if len(problems) == 1 else "check-summary", said, n=len(policies), m=len(problems)))
    raise typer.Exit(1 if problems else 0)


def test_command(
    paths: list[Path] | None = typer.Argument(None, help="Policy files or directories (default: the regulations bundled with regelruimte).", show_default=False),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show the per-rule trace of every test."),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format."),
    lang: Lang = typer.Option(default_lang(), "--lang", show_default="$REGELRUIMTE_LANG, else nl", help="Report language (the JSON format is the same in both)."),
) -> None:
    """Run the example tests in policy files: letter, amount, intent, tension, rules, room and
    proportionality. Tests built from a ruling or ombudsman report make up the court score; a test
    marked expected_failure is reported as such, and fails the run only when it passes.

    Example: [bold]regelruimte test policies/ -v[/bold]
    """
    set_language(lang.value)
    from ..policy_tests import court_score, run_tests

    policies, problems = load_all(existing(paths))
    outcomes = [o for p in policies for o in run_tests(p)]
    failed = [o for o in outcomes if not o.passed]
    score = court_score(outcomes)
    if format == Format.json:
        import json

        print(json.dumps({"passed": sum(o.status == "passed" for o in outcomes), "failed": len(failed),
                          "expected_failures": sum(o.status == "expected_failure" for o in outcomes), "load_problems": [p.render(lang.value) for p in problems],
                          "court": {"rulings": score.rulings, "tests": score.total, "followed": score.followed,
                                    "expected_failures": score.expected_failures, "failed": score.failed, "text": score.sentence(lang.value)},
                          "tests": [{"policy": o.policy_id, "name": o.name, "passed": o.passed, "status": o.status, "ruling": o.ruling,
                                     "expected_failure": o.expected_failure, "differences": o.differences} for o in outcomes]}, indent=2, ensure_ascii=False))
    else:
        from ..render.terminal import test_report

        console = open_console()
        from ..render.text import for_terminal

        for p in problems:  # as check prints them: in the language asked, one line each (editors and CI link path:line:col)
            console.print(for_terminal(p.render(lang.value), lines=False), markup=False, highlight=False, soft_wrap=True)
        test_report(console, policies, outcomes, verbose=verbose, lang=lang.value)
        console.print(score.sentence(lang.value), highlight=False, soft_wrap=True)
    raise typer.Exit(1 if failed or problems else 0)


def review(
    paths: list[Path] | None = typer.Argument(None, help="Policy files or directories (default: the regulations bundled with regelruimte).", show_default=False),
    format: Format = typer.Option(Format.rich, "--format", "-f", help="Output format."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    fail_on: FailOn = typer.Option(FailOn.error, "--fail-on", help="Exit 1 when a finding has at least this severity."),
    lang: Lang = typer.Option(default_lang(), "--lang", show_default="$REGELRUIMTE_LANG, else nl", help="Report language."),
) -> None:
    """Review regulations: every control that cannot be explained to a citizen, burden figures,
    rules without purpose, purposes without rules, cliff edges and failing tests.

    Example: [bold]regelruimte review policies/ --format html -o review.html --fail-on never[/bold]
    """
    set_language(lang.value)
    from ..policy_review import review as review_one

    check_output(output)
    policies, problems = load_all(existing(paths))
    if problems:
        from ..render.text import for_terminal

        for p in problems:
            print(for_terminal(p.render(lang.value), lines=False), file=sys.stderr)
        raise refuse("policies-invalid", n=len(problems))
    reviews = [review_one(p) for p in sorted(policies, key=lambda p: p.id)]
    if format == Format.json:
        import json

        write(json.dumps([json.loads(r.to_json()) for r in reviews], indent=2, sort_keys=True, ensure_ascii=False), output)
    elif format == Format.markdown:
        from ..render.review_views import markdown_view

        write(markdown_view(reviews, lang.value), output)
    elif format == Format.html:
        from ..render.review_views import html_document

        write(html_document(reviews, lang.value), output)
    else:
        from ..render.review_views import rich_view

        print_to(output, rich_view(reviews, lang.value))
    worst = [r.worst() for r in reviews]
    threshold = {"error": {"error"}, "warning": {"error", "warning"}, "never": set()}[fail_on.value]
    raise typer.Exit(1 if any(w in threshold for w in worst) else 0)


def schema(
    output: Path | None = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout."),
    kind: str = typer.Option("policy", "--kind", help="policy or norms."),
) -> None:
    """Print the JSON Schema (draft-07) of policy or norm files, for editors and CI.

    Example: [bold]regelruimte schema --output schema/policy.v1.json[/bold]
    """
    from ..loading.schema import dumps, norms_schema, policy_schema

    if kind not in ("policy", "norms"):
        raise refuse("option-kind")
    text = dumps(policy_schema() if kind == "policy" else norms_schema())
    write(text, output)


def demo(
    lang: Lang | None = typer.Option(None, "--lang", help="Report language (default: $REGELRUIMTE_LANG, else nl).", show_default=False),
) -> None:
    """Tell the story on the bundled regulations in under a minute: controls that cannot be
    explained, a case where the letter blocks the purpose and the room the law gives, a case
    without room, and a synthetic city screened for non-take-up.

    Example: [bold]regelruimte demo --lang en[/bold]
    """
    if lang is not None:
        set_language(lang.value)
    from ..demo import demo_report

    demo_report(open_console(), bundled_policies(), lang=LANGUAGE["lang"])
