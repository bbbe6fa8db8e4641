# SPDX-License-Identifier: EUPL-1.2
"""durable-rules itself, imported lazily, version-checked, with a quiet Host (no timer threads).

Lazy, so that regelruimte imports without the C extension (which does not import on Python 3.13,
P15) and only the signals engine needs it.
"""

from __future__ import annotations

import functools
import importlib.metadata
import sys
from collections.abc import Callable
from typing import Any

from ..._messages import Text
from ...errors import EngineError

SUPPORTED_DURABLE_VERSION = "2.0.28"


@functools.lru_cache(maxsize=1)
def _durable() -> tuple[Any, Any, type]:
    """Import durable-rules lazily and build the quiet Host class.

    Lazy, so that regelruimte imports without the C extension (which does not import on
    Python 3.13, P15) and only the signals engine needs it.

    Returns:
        tuple[Any, Any, type]: ``durable.engine``, ``durable_rules_engine`` and the Host class.

    Raises:
        EngineError: durable-rules is missing, does not import, or is not the pinned version.
    """
    try:
        version = importlib.metadata.version("durable-rules")
        import durable_rules_engine  # type: ignore[import-not-found,unused-ignore]
        from durable import engine  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except (ImportError, importlib.metadata.PackageNotFoundError):
        version = None
    if version != SUPPORTED_DURABLE_VERSION:
        raise EngineError(_missing_engine_message(version))

    class _QuietHost(engine.Host):  # type: ignore[misc]
        """A Host without timer threads, resolving action names through the adapter (P4)."""

        def __init__(self, actions: Callable[[str], Callable[[Any], None]]) -> None:
            self._resolve_action = actions
            super().__init__()

        def _run(self) -> None:
            # The base class starts two self-rescheduling timer threads here that call into the
            # C core without a lock and steal actions (P4). Timers are not used by signals.
            return None

        def get_action(self, action_name: str) -> Callable[[Any], None]:
            return self._resolve_action(action_name)

    return engine, durable_rules_engine, _QuietHost



def _missing_engine_message(found: str | None) -> Text:
    """One line: why signals cannot run here and what to do (every other command still works)."""
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    if sys.version_info >= (3, 13):
        return Text("engine-python-too-new", version=SUPPORTED_DURABLE_VERSION, python=here)
    if found is None:
        return Text("engine-missing", version=SUPPORTED_DURABLE_VERSION)
    return Text("engine-wrong-version", version=SUPPORTED_DURABLE_VERSION, found=found)
