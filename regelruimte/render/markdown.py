# SPDX-License-Identifier: EUPL-1.2
"""The Markdown every view writes: table cells, rows, tables and links."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["cell", "link", "row", "table"]


def cell(value: Any, newline: str = " ") -> str:
    """One table cell: a ``|`` escaped, a line break as ``newline``."""
    return str(value).replace("|", "\\|").replace("\n", newline)


def row(cells: Iterable[Any], newline: str = " ") -> str:
    """One table row."""
    return "| " + " | ".join(cell(c, newline) for c in cells) + " |"


def table(headers: Sequence[str], rows: Iterable[Iterable[Any]], newline: str = " ") -> list[str]:
    """A table as lines: the header, the ``|---|`` line and one line per row."""
    return [row(headers, newline), "|" + "---|" * len(headers)] + [row(r, newline) for r in rows]


def link(text: str, url: str) -> str:
    """A link, or the text alone without a URL."""
    return f"[{text}]({url})" if url else text
