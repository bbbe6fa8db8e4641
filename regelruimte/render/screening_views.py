# SPDX-License-Identifier: EUPL-1.2
"""Views of a :class:`~regelruimte.screening.Screening`: the summary per regulation (no personal data)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from .._exact import CONTEXT
from .._texts import SCREENING
from ..money import format_money
from ..screening import Screening
from . import html, markdown
from .html import escape
from .registry import View, register
from .text import terminal_text


def _euros(amount: object, lang: str) -> str:
    if amount is None:
        return "-"
    whole = Decimal(str(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP, context=CONTEXT)
    text = format_money(whole, lang)
    return text[: -3]  # whole euros in a summary: drop ",00" / ".00"


def rows(s: Screening, lang: str = "nl") -> list[list[str]]:
    out = []
    for r in s.summary.iter_rows(named=True):
        out.append([r["policy"], str(r["granted"]), str(r["denied"]), str(r["undetermined"]),
                    str(r["letter_blocks_intent"]), str(r["non_take_up"]), _euros(r["amount_not_taken_up"], lang)])
    return out


def unknown_line(s: Screening, lang: str = "nl") -> str:
    """How many facts were unknown, and which columns were missing or no fact."""
    t = SCREENING[lang]
    none = str(t["none"])
    return str(t["unknown"]).format(values=s.unknown_values, missing=", ".join(s.missing_columns) or none, unknown=", ".join(s.unknown_columns) or none)


def rich_view(s: Screening, lang: str = "nl") -> Any:
    """The essentials at terminal width: entitled, not taken up (count and euros), letter ≠ purpose.
    The full summary (also denied and undetermined) is in the HTML, Markdown and JSON views."""
    from rich.table import Table

    title = f"Screening {s.reference_date.isoformat()}: {s.persons} {SCREENING[lang]['households']}"
    table = Table(title=title, title_justify="left", header_style="bold", caption=terminal_text(unknown_line(s, lang)), caption_justify="left")
    head = SCREENING[lang]["head"]
    table.add_column(head[0], overflow="fold", min_width=16, ratio=1)
    for h in (head[1], head[5], head[6], head[4]):
        table.add_column(h, justify="right", no_wrap=True)
    for row in rows(s, lang):
        table.add_row(*(terminal_text(row[i]) for i in (0, 1, 5, 6, 4)))
    return table


def html_fragment(s: Screening, lang: str = "nl") -> str:
    caption = f"Screening {s.reference_date.isoformat()}: {s.persons} {SCREENING[lang]['persons']}"
    table = html.table(caption, SCREENING[lang]["head"], [[escape(c) for c in r] for r in rows(s, lang)])
    return f'<section class="rr" lang="{lang}">{table}<p>{escape(unknown_line(s, lang))}</p></section>'


def html_document(s: Screening, lang: str = "nl") -> str:
    """A self-contained HTML page of the screening summary (no personal data)."""
    return html.page(f"Screening {s.reference_date.isoformat()}", html_fragment(s, lang), lang, viewport=False)


def markdown_view(s: Screening, lang: str = "nl") -> str:
    return "\n".join([*markdown.table(SCREENING[lang]["head"], rows(s, lang)), "", markdown.text(unknown_line(s, lang), line_start=True)]) + "\n"


def mimebundle(s: Screening, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """Jupyter display: HTML, Markdown and plain text; honours ``include`` and ``exclude``."""
    return html.bundle(repr(s), html_fragment(s), markdown_view(s), include, exclude)


register(Screening, View(rich=rich_view, mimebundle=mimebundle))
