# SPDX-License-Identifier: EUPL-1.2
"""How results show themselves without knowing their views: a display mixin and a view registry.

A result class inherits :class:`Displayable`, which gives it the terminal and notebook protocols
(``__rich__`` for rich, ``_repr_mimebundle_`` for Jupyter); its ``to_html`` and ``to_markdown``
call :func:`export`. How a result is drawn lives higher up, in :mod:`regelruimte.render`: each view
module imports the result type it draws and calls :func:`register`. So the arrow points from the
views to the results, never back, as in rich's ``JupyterMixin`` (which works through a protocol,
never a concrete class) and IPython's deferred printers; and this module imports nothing of the
package.

The one lazy bootstrap: the first time a result is displayed and no view is registered for its
type, :func:`view_of` imports :data:`VIEWS_PACKAGE` by name, whose ``__init__`` imports every view
module. It is the only place where a lower layer names a higher one, as a string, so that
``rich.print(assessment)`` or a notebook cell works without the caller importing a view.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

VIEWS_PACKAGE = "regelruimte.render"
"""The package whose import registers every view (see the module docstring)."""


@dataclass(frozen=True)
class View:
    """How one result type is drawn. Every function takes the result first."""

    rich: Callable[[Any], Any]
    """A rich renderable (``__rich__``)."""
    mimebundle: Callable[[Any, Any, Any], dict[str, str]]
    """The Jupyter display ``(result, include, exclude)``: plain text, HTML and Markdown."""
    html: Callable[..., str] | None = None
    """A self-contained HTML page (``to_html``), with the options of the result's ``to_html``."""
    markdown: Callable[..., str] | None = None
    """A Markdown report (``to_markdown``), with the options of the result's ``to_markdown``."""


_VIEWS: dict[type, View] = {}


def register(cls: type, view: View) -> None:
    """Register how instances of ``cls`` (and its subclasses) are drawn; called by the view modules."""
    _VIEWS[cls] = view


def registered(cls: type) -> View | None:
    """The view registered for ``cls`` or its nearest base class (None: none is registered)."""
    for klass in cls.__mro__:
        view = _VIEWS.get(klass)
        if view is not None:
            return view
    return None


def view_of(result: object) -> View:
    """The view of ``result``; the first call imports the views (the lazy bootstrap)."""
    view = registered(type(result))
    if view is None:
        importlib.import_module(VIEWS_PACKAGE)
        view = registered(type(result))
    if view is None:
        raise LookupError(f"no view is registered for {type(result).__name__}")
    return view


def export(result: object, kind: str, **options: Any) -> str:
    """``result`` as a document of ``kind`` (``"html"`` or ``"markdown"``), with the view's options."""
    view = view_of(result)
    draw = view.html if kind == "html" else view.markdown
    if draw is None:
        raise LookupError(f"{type(result).__name__} has no {kind} view")
    return draw(result, **options)


class Displayable:
    """A result that renders itself in the terminal (rich) and in Jupyter, through its registered view."""

    __slots__ = ()

    def __rich__(self) -> Any:
        return view_of(self).rich(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return view_of(self).mimebundle(self, include, exclude)

    def __dir__(self) -> list[str]:
        """The names tab completion offers: the result's own API, without pydantic's ``model_*``
        methods and its deprecated ``dict``, ``json``, ``copy``, ... (still there, only not offered)."""
        return [n for n in super().__dir__() if not _machinery(type(self), n)]


def _machinery(cls: type, name: str) -> bool:
    """Whether ``name`` is pydantic's rather than the result's: a ``model_*`` name, or one that the
    first class defining it in ``cls``'s MRO got from the ``pydantic`` package."""
    if name.startswith("model_"):
        return True
    if name.startswith("__"):
        return False
    for klass in cls.__mro__:
        if name in vars(klass):
            return klass.__module__.split(".")[0] == "pydantic"
    return False
