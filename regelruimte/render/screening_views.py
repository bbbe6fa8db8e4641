# SPDX-License-Identifier: EUPL-1.2
"""Views of a :class:`~regelruimte.screening.Screening`: the summary per regulation (no personal data)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from ..money import format_money
from .assessment_views import CSS, bundle

if TYPE_CHECKING:  # pragma: no cover
    from ..screening import Screening

HEAD = {
    "nl": ["regeling", "recht", "geen", "open", "letter≠doel", "laat liggen", "€ laat liggen"],
    "en": ["regulation", "entitled", "not", "open", "letter≠purpose", "not taken up", "€ not taken up"],
}


def _euros(amount: object, lang: str) -> str:
    if amount is None:
        return "-"
    from decimal import ROUND_HALF_UP, Decimal

    whole = Decimal(str(amount)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    text = format_money(whole, lang)
    return text[: -3]  # whole euros in a summary: drop ",00" / ".00"


def rows(s: Screening, lang: str = "nl") -> list[list[str]]:
    out = []
    for r in s.summary.iter_rows(named=True):
        out.append([r["policy"], str(r["granted"]), str(r["denied"]), str(r["undetermined"]),
                    str(r["letter_blocks_intent"]), str(r["non_take_up"]), _euros(r["amount_not_taken_up"], lang)])
    return out


def rich_view(s: Screening, lang: str = "nl") -> Any:
    """The essentials at terminal width: entitled, not taken up (count and euros), letter ≠ purpose.
    The full summary (also denied and undetermined) is in the HTML, Markdown and JSON views."""
    from rich.table import Table

    title = f"Screening {s.reference_date.isoformat()}: {s.persons} {'huishoudens' if lang == 'nl' else 'households'}"
    table = Table(title=title, title_justify="left", header_style="bold")
    head = HEAD[lang]
    table.add_column(head[0], overflow="fold", min_width=16, ratio=1)
    for h in (head[1], head[5], head[6], head[4]):
        table.add_column(h, justify="right", no_wrap=True)
    for row in rows(s, lang):
        table.add_row(row[0], row[1], row[5], row[6], row[4])
    return table


def html_fragment(s: Screening, lang: str = "nl") -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in HEAD[lang])
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows(s, lang))
    caption = f"Screening {s.reference_date.isoformat()}: {s.persons} {'personen' if lang == 'nl' else 'persons'}"
    return f'<section class="rr" lang="{lang}"><table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>'


def html_document(s: Screening, lang: str = "nl") -> str:
    """A self-contained HTML page of the screening summary (no personal data)."""
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><title>Screening {s.reference_date.isoformat()}</title>'
            f"<style>{CSS}</style></head><body><main>{html_fragment(s, lang)}</main></body></html>\n")


def markdown_view(s: Screening, lang: str = "nl") -> str:
    lines = ["| " + " | ".join(HEAD[lang]) + " |", "|" + "---|" * len(HEAD[lang])]
    lines += ["| " + " | ".join(r) + " |" for r in rows(s, lang)]
    return "\n".join(lines) + "\n"


def mimebundle(s: Screening, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """Jupyter display: HTML, Markdown and plain text; honours ``include`` and ``exclude``."""
    return bundle(repr(s), html_fragment(s), markdown_view(s), include, exclude)
