# SPDX-License-Identifier: EUPL-1.2
"""The Markdown every view writes: table cells, rows, tables and links.

Every piece of data goes through :func:`regelruimte.render.text.for_markdown`: a cell, a heading,
a list item. What a view formats itself (bold labels, code spans, links) is built with
:func:`bold`, :func:`code` and :func:`link`, which escape the data inside and return
:class:`Md`, text that is already Markdown and is not escaped again.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from .text import for_markdown, for_terminal, safe_url

__all__ = ["Md", "bold", "cell", "code", "link", "row", "table", "text"]


class Md(str):
    """Text that is already Markdown (built by this module); :func:`cell` leaves it as it is."""

    __slots__ = ()


def text(value: Any, newline: str = " ", *, line_start: bool = False) -> Md:
    """Data as Markdown text (already Markdown stays as it is); ``line_start`` when it begins a line."""
    return value if isinstance(value, Md) else Md(for_markdown(value, newline=newline, line_start=line_start))


def cell(value: Any, newline: str = " ") -> str:
    """One table cell: data escaped, a line break as ``newline``."""
    if isinstance(value, Md):
        return value.replace("\n", newline)
    return for_markdown(value, newline=newline, line_start=False)


def row(cells: Iterable[Any], newline: str = " ") -> str:
    """One table row."""
    return "| " + " | ".join(cell(c, newline) for c in cells) + " |"


def table(headers: Sequence[str], rows: Iterable[Iterable[Any]], newline: str = " ") -> list[str]:
    """A table as lines: the header, the ``|---|`` line and one line per row."""
    return [row(headers, newline), "|" + "---|" * len(headers)] + [row(r, newline) for r in rows]


def link(label: Any, url: str) -> Md:
    """A link with an escaped label, or the label alone without an ``http(s)`` URL."""
    url = safe_url(url)
    shown = text(label)
    return Md(f"[{shown}]({url.replace('(', '%28').replace(')', '%29')})") if url else shown


def bold(value: Any) -> Md:
    """Data in bold."""
    return Md(f"**{text(value)}**")


def code(value: Any) -> Md:
    """An id as a code span (backticks and line breaks in it are dropped)."""
    clean = " ".join(for_terminal(value, lines=False).replace("`", "").split()) or " "
    return Md(f"`{clean}`")
