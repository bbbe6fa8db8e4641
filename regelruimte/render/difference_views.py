# SPDX-License-Identifier: EUPL-1.2
"""How a :class:`~regelruimte.assessment.difference.Difference` (``a.diff(b)``) is drawn: a table of
what changed, before and after, then the names of the facts that differ (values only when the
difference was made with ``show_values``)."""

from __future__ import annotations

from typing import Any

from ..assessment.difference import Difference
from . import html, markdown
from .html import escape
from .registry import View, register

HEADINGS = {"nl": ("Wat", "Eerst", "Nu"), "en": ("What", "Before", "After")}
TITLE = {"nl": "Verschil", "en": "Difference"}
FACTS = {"nl": "Gewijzigde feiten", "en": "Facts changed"}
SAME = {"nl": "Geen verschil in de uitkomst.", "en": "The outcome is the same."}


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nl"


def _rows(d: Difference, lang: str) -> list[list[str]]:
    rows = [[c.label(lang), c.before or "-", c.after or "-"] for c in d.changes]
    rows += [[name, "-" if old is None else str(old), "-" if new is None else str(new)] for name, (old, new) in sorted(d.fact_values.items())]
    return rows


def html_fragment(d: Difference, lang: str = "nl") -> str:
    """The difference as an HTML table (cells escaped), or one sentence when nothing changed."""
    lang = _lang(lang)
    title = f"{TITLE[lang]}: {d.policy_id}"
    body = html.table(title, HEADINGS[lang], [[escape(c) for c in r] for r in _rows(d, lang)]) if d.changes or d.fact_values else f"<p>{escape(SAME[lang])}</p>"
    if d.facts:
        body += f"<p>{escape(FACTS[lang])}: {escape(', '.join(d.facts))}</p>"
    return f'<section class="rr">{body}</section>'


def html_document(d: Difference, lang: str = "nl") -> str:
    """A self-contained HTML page."""
    return html.page(f"{TITLE[_lang(lang)]}: {d.policy_id}", html_fragment(d, lang), _lang(lang))


def markdown_view(d: Difference, lang: str = "nl") -> str:
    """The difference as Markdown."""
    lang = _lang(lang)
    lines = [f"### {markdown.text(TITLE[lang] + ': ' + d.policy_id)}", ""]
    lines += markdown.table(HEADINGS[lang], _rows(d, lang)) if d.changes or d.fact_values else [str(markdown.text(SAME[lang]))]
    if d.facts:
        lines += ["", f"{markdown.text(FACTS[lang])}: {markdown.text(', '.join(d.facts))}"]
    return "\n".join(lines) + "\n"


def rich_view(d: Difference, lang: str = "nl") -> Any:
    """A rich table of what changed."""
    from rich.table import Table
    from rich.text import Text

    lang = _lang(lang)
    table = Table(*HEADINGS[lang], title=f"{TITLE[lang]}: {d.policy_id}", caption=(Text(f"{FACTS[lang]}: {', '.join(d.facts)}") if d.facts else None))
    for r in _rows(d, lang):
        table.add_row(*(Text(c) for c in r))
    return table if d.changes or d.fact_values else Text(SAME[lang])


def mimebundle(d: Difference, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """Jupyter display: HTML, Markdown and the plain text of :meth:`Difference.text`."""
    return html.bundle(d.text(), html_fragment(d), markdown_view(d), include, exclude)


register(Difference, View(rich=rich_view, mimebundle=mimebundle, html=html_document, markdown=markdown_view))
