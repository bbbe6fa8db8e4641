# SPDX-License-Identifier: EUPL-1.2
"""Registering a view so that it draws in the library's own decimal context.

A view formats amounts (``abs``, rounding, percentages), and Python's decimal arithmetic reads
the calling thread's context: a notebook with ``decimal.getcontext().prec = 3`` would otherwise
print ``-€ 156,00`` for ``-156.84``. Every view module registers through :func:`register`, which
wraps each drawing function in :func:`regelruimte._exact.in_context` before handing the view to
:mod:`regelruimte._display`.
"""

from __future__ import annotations

from dataclasses import fields, replace
from typing import Any

from .. import _display
from .._display import View
from .._exact import in_context

__all__ = ["View", "exact_view", "register"]


def exact_view(view: View) -> View:
    """``view`` with every drawing function run in the library's decimal context."""
    wrapped: dict[str, Any] = {f.name: in_context(fn) for f in fields(view) if (fn := getattr(view, f.name)) is not None}
    return replace(view, **wrapped)


def register(cls: type, view: View) -> None:
    """Register ``view`` for ``cls`` (see :func:`regelruimte._display.register`), drawn in the library's context."""
    _display.register(cls, exact_view(view))
