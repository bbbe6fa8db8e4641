# SPDX-License-Identifier: EUPL-1.2
"""The property report (``regelruimte properties``, ``rr.check_properties``) in the terminal, as
Markdown and as HTML: per property whether it held, and the smallest case that breaks it, with the
outcome on both sides and the rules involved; then the cliff-edge map. The cases are invented by the
search, so their values are shown."""

from __future__ import annotations

from typing import Any

from .._property_texts import PROPERTIES as L
from .._property_texts import PROPERTY_SIDES
from ..properties.result import CliffEdge, Counterexample, PropertyReport, PropertyResult
from . import html, markdown
from .html import escape
from .registry import View, register
from .text import terminal_text


def _value(v: Any) -> str:
    return "—" if v is None else str(v).lower() if isinstance(v, bool) else str(v)


def _sides(c: Counterexample, lang: str) -> list[list[str]]:
    return [[PROPERTY_SIDES[lang].get(s.label, s.label), s.verdict, _value(s.amount)] for s in (c.before, c.after)]


def _case(c: Counterexample) -> list[list[str]]:
    rows = [[name, _value(v)] for name, v in sorted(c.facts.items())]
    if c.fact is not None:
        rows.append([c.fact, f"{_value(c.before_value)} → {_value(c.after_value)}"])
    return [["peildatum", c.date.isoformat()], *rows]


def _status(r: PropertyResult, t: dict[str, str]) -> str:
    return t["holds"] if r.holds else t["broken"]


def _cliff_rows(edges: list[CliffEdge]) -> list[list[str]]:
    return [[e.rule, e.fact, _value(e.jump), str(e.households)] for e in edges]


def rich_view(reports: list[PropertyReport], lang: str = "nl") -> Any:
    from rich.console import Group
    from rich.table import Table

    t = L[lang]
    parts: list[Any] = []
    for rep in reports:
        parts.append(terminal_text(f"{t['title']}: {rep.policy_title} ({rep.policy_version})", style="bold"))
        if not rep.results:
            parts.append(terminal_text(t["none"]))
        table = Table(show_lines=False)
        for head in (t["result"], t["property"], t["tried"], t["source"]):
            table.add_column(head)
        for r in rep.results:
            table.add_row(terminal_text(_status(r, t), style="green" if r.holds else "bold red"), terminal_text(f"{r.id}\n{r.text.get(lang)}"),
                          str(r.examples), terminal_text(r.source.citation if r.source else (r.reason.get(lang) if r.reason else "")))
        if rep.results:
            parts.append(table)
        for r in rep.violations:
            c = r.counterexample
            assert c is not None
            parts.append(terminal_text(f"\n{r.id}: {t['counterexample']}", style="bold red"))
            case = Table(t["fact"], t["value"], title=t["case"])
            for row in _case(c):
                case.add_row(*row)
            sides = Table(t["side"], t["verdict"], t["amount"])
            for row in _sides(c, lang):
                sides.add_row(*row)
            parts += [case, sides, terminal_text(f"{t['rules']}: {', '.join(c.rules)}")]
        if rep.cliffs:
            cliffs = Table(t["rule"], t["fact"], t["jump"], t["households"], title=t["cliffs"])
            for row in _cliff_rows(rep.cliffs):
                cliffs.add_row(*row)
            parts.append(cliffs)
        parts.append(terminal_text(f"{t['seed']}: {rep.seed}", style="dim"))
    return Group(*parts)


def markdown_view(reports: list[PropertyReport], lang: str = "nl") -> str:
    t = L[lang]
    out = [f"# {t['title']}"]
    for rep in reports:
        out += ["", f"## {markdown.text(f'{rep.policy_title} ({rep.policy_version})')}", ""]
        if not rep.results:
            out.append(t["none"])
        else:
            out += markdown.table([t["result"], t["property"], t["tried"], t["source"]],
                                  [[markdown.bold(_status(r, t)), markdown.Md(f"{markdown.code(r.id)} {markdown.text(r.text.get(lang))}"), r.examples,
                                    markdown.link(r.source.citation, r.source.url) if r.source else (r.reason.get(lang) if r.reason else "")] for r in rep.results])
        for r in rep.violations:
            c = r.counterexample
            assert c is not None
            out += ["", f"### {markdown.code(r.id)}: {t['counterexample']}", ""] + markdown.table([t["fact"], t["value"]], _case(c))
            out += [""] + markdown.table([t["side"], t["verdict"], t["amount"]], _sides(c, lang)) + ["", f"{t['rules']}: {', '.join(markdown.code(x) for x in c.rules)}"]
        if rep.cliffs:
            out += ["", f"### {t['cliffs']}", ""] + markdown.table([t["rule"], t["fact"], t["jump"], t["households"]], _cliff_rows(rep.cliffs))
        out += ["", f"*{t['seed']}: {rep.seed}. {t['search_note']}*"]
    return "\n".join(out) + "\n"


def html_fragment(reports: list[PropertyReport], lang: str = "nl") -> str:
    t = L[lang]
    e = escape
    parts = [f'<section class="rr" lang="{lang}"><h1>{e(t["title"])}</h1>']
    for rep in reports:
        parts.append(f"<h2>{e(rep.policy_title)} ({e(rep.policy_version)})</h2>")
        if not rep.results:
            parts.append(f"<p>{e(t['none'])}</p>")
        else:
            parts.append(html.table(t["property"], [t["result"], t["property"], t["tried"], t["source"]],
                                    [[f"<strong>{e(_status(r, t))}</strong>", f"<code>{e(r.id)}</code> {e(r.text.get(lang))}", str(r.examples),
                                      html.link(r.source.citation, r.source.url) if r.source else e(r.reason.get(lang) if r.reason else "")] for r in rep.results]))
        for r in rep.violations:
            c = r.counterexample
            assert c is not None
            parts.append(f"<h3><code>{e(r.id)}</code>: {e(t['counterexample'])}</h3>")
            parts.append(html.table(t["case"], [t["fact"], t["value"]], [[e(a), e(b)] for a, b in _case(c)]))
            parts.append(html.table(t["change"], [t["side"], t["verdict"], t["amount"]], [[e(x) for x in row] for row in _sides(c, lang)]))
            parts.append(f"<p>{e(t['rules'])}: {', '.join(f'<code>{e(x)}</code>' for x in c.rules)}</p>")
        if rep.cliffs:
            parts.append(html.table(t["cliffs"], [t["rule"], t["fact"], t["jump"], t["households"]], [[e(x) for x in row] for row in _cliff_rows(rep.cliffs)]))
        parts.append(f"<p><em>{e(t['seed'])}: {rep.seed}. {e(t['search_note'])}</em></p>")
    parts.append("</section>")
    return "".join(parts)


def html_document(reports: list[PropertyReport], lang: str = "nl") -> str:
    return html.page(L[lang]["title"], html_fragment(reports, lang), lang)


def mimebundle(report: PropertyReport, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """Jupyter display: HTML, Markdown and plain text; honours ``include`` and ``exclude``."""
    return html.bundle(repr(report), html_fragment([report]), markdown_view([report]), include, exclude)


register(PropertyReport, View(rich=lambda r: rich_view([r]), mimebundle=mimebundle,
                              html=lambda r, lang="nl": html_document([r], lang=lang), markdown=lambda r, lang="nl": markdown_view([r], lang=lang)))
