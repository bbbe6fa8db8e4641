# SPDX-License-Identifier: EUPL-1.2
"""Views of a :class:`~regelruimte.screening.Screening`: the summary per regulation (no personal data)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from ..money import format_money
from .assessment_views import CSS

if TYPE_CHECKING:  # pragma: no cover
    from ..screening import Screening

HEAD = {
    "nl": ["regeling", "personen", "recht", "geen recht", "onbepaald", "letter blokkeert doel", "niet gebruikt", "bedrag niet gebruikt"],
    "en": ["regulation", "persons", "entitled", "not entitled", "undetermined", "letter blocks purpose", "non-take-up", "amount not taken up"],
}


def rows(s: Screening, lang: str = "nl") -> list[list[str]]:
    out = []
    for r in s.summary.iter_rows(named=True):
        amount = r["amount_not_taken_up"]
        out.append([r["policy"], str(r["persons"]), str(r["granted"]), str(r["denied"]), str(r["undetermined"]),
                    str(r["letter_blocks_intent"]), str(r["non_take_up"]), format_money(amount, lang) if amount is not None else "-"])
    return out


def rich_view(s: Screening, lang: str = "nl") -> Any:
    from rich.table import Table

    title = f"Screening {s.reference_date.isoformat()}: {s.persons} {'personen' if lang == 'nl' else 'persons'}"
    table = Table(title=title, title_justify="left", header_style="bold")
    for i, h in enumerate(HEAD[lang]):
        table.add_column(h, justify="left" if i == 0 else "right")
    for row in rows(s, lang):
        table.add_row(*row)
    return table


def html_fragment(s: Screening, lang: str = "nl") -> str:
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in HEAD[lang])
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in rows(s, lang))
    caption = f"Screening {s.reference_date.isoformat()}: {s.persons} {'personen' if lang == 'nl' else 'persons'}"
    return f'<section class="rr" lang="{lang}"><table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></section>'


def markdown_view(s: Screening, lang: str = "nl") -> str:
    lines = ["| " + " | ".join(HEAD[lang]) + " |", "|" + "---|" * len(HEAD[lang])]
    lines += ["| " + " | ".join(r) + " |" for r in rows(s, lang)]
    return "\n".join(lines) + "\n"


def mimebundle(s: Screening, include: Any = None, exclude: Any = None) -> dict[str, str]:
    bundle = {"text/plain": repr(s), "text/html": f"<style>{CSS}</style>" + html_fragment(s), "text/markdown": markdown_view(s)}
    if include:
        bundle = {k: v for k, v in bundle.items() if k in include}
    if exclude:
        bundle = {k: v for k, v in bundle.items() if k not in exclude}
    return bundle
