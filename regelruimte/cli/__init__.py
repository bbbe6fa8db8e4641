# SPDX-License-Identifier: EUPL-1.2
"""The ``regelruimte`` command line: a thin shell over the library.

Each module holds one group of commands (:mod:`~regelruimte.cli.policies`,
:mod:`~regelruimte.cli.cases`, :mod:`~regelruimte.cli.signalling`, :mod:`~regelruimte.cli.serving`); :data:`COMMANDS` below
registers them, in the order ``--help`` lists them, on the one typer application of
:mod:`~regelruimte.cli.app`, which also holds the shared options and helpers. A new group of
commands is a new module here and a line in :data:`COMMANDS`. Heavy modules are imported inside
the commands, so ``--help`` is fast.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import cases, decision_log, policies, properties, serving, signalling
from .app import app

COMMANDS: list[tuple[str, Callable[..., Any]]] = [
    ("check", policies.check),
    ("test", policies.test_command),
    ("assess", cases.assess),
    ("review", policies.review),
    ("properties", properties.properties_command),
    ("screen", cases.screen),
    ("signals", signalling.signals_command),
    ("schema", policies.schema),
    ("demo", policies.demo),
    ("friction", decision_log.friction),
    ("replay", decision_log.replay),
    ("register", decision_log.register),
    ("serve", serving.serve),
]
"""Every command as (name, function), in the order of ``regelruimte --help``."""

for _name, _command in COMMANDS:
    app.command(_name)(_command)
app.add_typer(decision_log.log_app)  # the group ``log verify|list``

__all__ = ["COMMANDS", "app", "main"]


def main() -> None:
    """Entry point of the ``regelruimte`` console script."""
    try:
        app()
    except KeyboardInterrupt:  # pragma: no cover
        raise SystemExit(130) from None


if __name__ == "__main__":  # pragma: no cover
    main()
