# SPDX-License-Identifier: EUPL-1.2
"""The typer application every command registers on, its shared options and the helpers the
commands share: one-line failures, consoles, reading policies, cases and writing output.

Exit codes: 0 clean; 1 findings (problems in policies, failing tests, findings at or above
``--fail-on``); 2 bad input (a missing file, an unreadable case), with a one-line reason on
stderr and no traceback. Output never contains case values unless ``--show-values`` is given.
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

    from ..errors import Problem, RegelruimteError
    from ..model.policy import Policy

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
        from .._version import __version__

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


LANGUAGE_FROM_ENVIRONMENT = os.environ.get("REGELRUIMTE_LANG", "nl") if os.environ.get("REGELRUIMTE_LANG") in ("nl", "en") else "nl"
LANGUAGE = {"lang": LANGUAGE_FROM_ENVIRONMENT}
"""The language of error messages: ``--lang`` of the command, else ``$REGELRUIMTE_LANG``, else Dutch."""


def default_lang() -> Lang:
    """A command's ``--lang`` when it is not given: ``$REGELRUIMTE_LANG`` (nl or en) as the command
    line was loaded, else Dutch (as ``check`` and ``demo``)."""
    return Lang(LANGUAGE_FROM_ENVIRONMENT)


def set_language(lang: str) -> None:
    """Give the command's ``--lang`` to the error messages (called first in a command with ``--lang``)."""
    LANGUAGE["lang"] = lang if lang in ("nl", "en") else "nl"


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print a one-line reason on stderr and return the exit to raise."""
    print(f"regelruimte: {message}", file=sys.stderr)
    return typer.Exit(code)


def refuse_error(exc: RegelruimteError, code: int = 2) -> typer.Exit:
    """Like :func:`fail`, with the reason of a library error in the command's language (one line)."""
    return fail(exc.line(LANGUAGE["lang"]), code)


def warn(key: str, **values: object) -> None:
    """A warning of the catalogue on stderr, in the command's language (``regelruimte: let op: ...``)."""
    from .._messages import message

    print(f"regelruimte: {message(key, LANGUAGE['lang'], **values)}", file=sys.stderr)


def refuse(key: str, code: int = 2, **values: object) -> typer.Exit:
    """Like :func:`fail`, with the message ``key`` of the catalogue in the command's language."""
    from .._messages import message

    return fail(message(key, LANGUAGE["lang"], **values), code)


def open_console() -> Console:
    """The terminal's console (``--output`` is written through :func:`regelruimte.cli.output.print_to`)."""
    from rich.console import Console

    if os.environ.get("NO_COLOR"):  # no colour and no other styling escapes either (https://no-color.org)
        return Console(color_system=None, no_color=True, highlight=False)
    return Console(highlight=False)


def existing(paths: list[Path] | None) -> list[Path]:
    """The given paths, each checked to exist; no paths means the bundled regulations."""
    if not paths:
        return [bundled_policies()]
    for p in paths:
        if not p.exists():
            raise refuse("path-missing", path=p)
    return paths


def load_all(paths: list[Path]) -> tuple[list[Policy], list[Problem]]:
    """Load every policy under ``paths``; returns (policies, problems)."""
    from ..errors import PolicyLoadError
    from ..loading.policy import load_policy
    from ..loading.policy_set import policy_files

    policies: list[Policy] = []
    problems: list[Problem] = []
    for path in paths:
        files = policy_files(path)
        if not files:
            raise refuse("no-policy-files", path=path)
        for f in files:
            try:
                policies.append(load_policy(f))
            except PolicyLoadError as exc:
                problems.extend(exc.problems)
    return policies, problems


def read_case(path: Path) -> dict[str, Any]:
    """A case file (``-``: stdin) read strictly (:mod:`regelruimte.model.case_json`): text that is
    not UTF-8, duplicate keys, huge numbers or deep nesting fail in one line with exit 2."""
    from ..model.case_json import JSONRefused, loads

    if str(path) == "-":
        raw = sys.stdin.buffer.read()
    elif not path.is_file():
        raise refuse("case-missing", path=path)
    else:
        raw = path.read_bytes()
    try:
        data = loads(raw)
    except JSONRefused as exc:
        raise refuse("case-file-refused", path=path, reason=exc.text) from None
    if not isinstance(data, dict):
        raise refuse("case-not-object", path=path)
    return data


class FailOn(str, Enum):
    error = "error"
    warning = "warning"
    never = "never"


def error_console() -> Console:
    from rich.console import Console

    if os.environ.get("NO_COLOR"):
        return Console(stderr=True, color_system=None, no_color=True)
    return Console(stderr=True)


def bundled_policies() -> Path:
    """Where the bundled policies are: $REGELRUIMTE_POLICIES, or the ones installed with the package."""
    env = os.environ.get("REGELRUIMTE_POLICIES")
    if env:
        if not Path(env).is_dir():
            raise refuse("policies-env-not-dir")
        return Path(env)
    from ..loading.bundled import bundled_path

    try:
        return bundled_path("policies")
    except FileNotFoundError:
        raise refuse("bundled-missing") from None
