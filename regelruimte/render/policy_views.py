# SPDX-License-Identifier: EUPL-1.2
"""Views of a :class:`~regelruimte.model.policy.Policy`: what a regulation is for, its letter, its room
and what it asks of citizens, with every element next to its legal source.

One view model (:func:`view_model`) feeds the rich, HTML and Markdown views, so they cannot
disagree. The HTML is semantic (tables with captions and header scopes), escaped, with inline
CSS and no scripts, so it reads the same in a notebook, a browser and a screen reader.
"""

from __future__ import annotations

from typing import Any

from .._texts import POLICY as LABELS
from ..model.policy import Policy
from . import html, markdown
from .html import escape
from .registry import View, register
from .text import terminal_text


def view_model(policy: Policy, lang: str = "nl") -> dict[str, Any]:
    """Everything a view of the policy shows, as plain strings."""
    L = LABELS[lang]
    sources = policy.all_sources

    def cite(source_id: str | None) -> tuple[str, str]:
        s = sources.get(source_id or "")
        return (s.citation, s.url) if s is not None else (L["none"], "")

    until = policy.valid_until.isoformat() if policy.valid_until else L["open"]
    purposes = {p.id: p.title.get(lang) for p in policy.purposes}
    return {
        "title": policy.title,
        "subtitle": f"{policy.id} {policy.version} · {policy.authority} · {L['valid']} {L['from']} {policy.valid_from.isoformat()} {L['until']} {until}",
        "summary": policy.summary.get(lang),
        "counts": L["counts"].format(facts=len(policy.facts), parameters=len(policy.all_parameters), sources=len(sources), tests=len(policy.tests)),
        "purposes": [(p.id, p.title.get(lang), p.description.get(lang), L["has_test"] if p.test else L["no_test"], *cite(p.source)) for p in policy.purposes],
        "rules": [(r.id, r.text.get(lang), ", ".join(purposes.get(s, s) for s in r.serves) or L["none"],
                   L["no_room"] if r.no_room else "", *cite(r.source)) for r in policy.rules],
        "discretion": [(d.title.get(lang), d.kind, d.decided_by, ", ".join(d.sets_aside) or L["whole_outcome"], *cite(d.source)) for d in policy.discretion],
        "controls": [(c.id, c.title.get(lang), ", ".join(purposes.get(s, s) for s in c.serves) or L["none"],
                      f"{c.burden.minutes} × {c.burden.per_year}" if c.burden else L["none"],
                      c.explanation.get(lang) if c.explanation else L["missing"], *cite(c.source)) for c in policy.controls],
        "labels": L,
    }


# -- rich --------------------------------------------------------------------------------------
def rich_view(policy: Policy, lang: str = "nl") -> Any:
    """A rich renderable: a panel with the purposes first, then the rules, the room and the controls."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    vm = view_model(policy, lang)
    L = vm["labels"]
    parts: list[Any] = [terminal_text(vm["subtitle"], style="dim"), terminal_text(vm["summary"]), terminal_text(vm["counts"], style="dim")]

    def table(title: str, headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> Table:
        t = Table(title=title, title_justify="left", header_style="bold", expand=True)
        for h in headers:
            t.add_column(h)
        for row in rows:
            t.add_row(*(terminal_text(c) for c in row))
        return t

    parts.append(table(L["purposes"], (L["purpose"], L["source"]), [(title, citation) for _i, title, _d, _t, citation, _u in vm["purposes"]]))
    parts.append(table(L["rules"], (L["rule"], L["serves"], L["source"]), [(f"{rid}: {text}", serves, citation) for rid, text, serves, _n, citation, _u in vm["rules"]]))
    if vm["discretion"]:
        parts.append(table(L["room"], (L["provision"], L["decided_by"], L["source"]), [(title, decided, citation) for title, _k, decided, _s, citation, _u in vm["discretion"]]))
    if vm["controls"]:
        parts.append(table(L["controls"], (L["control"], L["burden"], L["source"]), [(title, burden, citation) for _i, title, _s, burden, _e, citation, _u in vm["controls"]]))
    return Panel(Group(*parts), title=terminal_text(vm["title"], style="bold"), title_align="left")


# -- markdown ----------------------------------------------------------------------------------
def markdown_view(policy: Policy, lang: str = "nl") -> str:
    """A Markdown summary of the regulation, with links to its sources."""
    vm = view_model(policy, lang)
    L = vm["labels"]
    out = [f"### {markdown.text(vm['title'])}", "", f"*{markdown.text(vm['subtitle'])}*", "", markdown.text(vm["summary"], line_start=True), "", f"*{markdown.text(vm['counts'])}*", "", f"**{L['purposes']}**", ""]
    out += markdown.table([L["purpose"], L["test"].capitalize(), L["source"]], [[title, test, markdown.link(c, u)] for _i, title, _d, test, c, u in vm["purposes"]])
    out += ["", f"**{L['rules']}**", ""]
    out += markdown.table([L["rule"], L["serves"], L["source"]], [[markdown.Md(f"{markdown.code(rid)} {markdown.text(text)}" + (f" ({markdown.text(note)})" if note else "")), serves, markdown.link(c, u)] for rid, text, serves, note, c, u in vm["rules"]])
    if vm["discretion"]:
        out += ["", f"**{L['room']}**", ""]
        out += markdown.table([L["provision"], L["decided_by"], L["sets_aside"], L["source"]], [[t, d, s, markdown.link(c, u)] for t, _k, d, s, c, u in vm["discretion"]])
    if vm["controls"]:
        out += ["", f"**{L['controls']}**", ""]
        out += markdown.table([L["control"], L["serves"], L["burden"], L["source"]], [[t, s, b, markdown.link(c, u)] for _i, t, s, b, _e, c, u in vm["controls"]])
    return "\n".join(out) + "\n"


# -- html --------------------------------------------------------------------------------------
def html_fragment(policy: Policy, lang: str = "nl") -> str:
    """Semantic, escaped HTML (tables with captions and header scopes), no scripts."""
    vm = view_model(policy, lang)
    L = vm["labels"]
    e = escape
    link, table = html.link, html.table

    parts = [f'<section class="rr" lang="{lang}"><h2>{e(vm["title"])}</h2><p>{e(vm["subtitle"])}</p><p>{e(vm["summary"])}</p><p><em>{e(vm["counts"])}</em></p>']
    parts.append(table(L["purposes"], [L["purpose"], L["test"].capitalize(), L["source"]],
                       [[f"<strong>{e(title)}</strong><br>{e(desc)}", e(test), link(c, u)] for _i, title, desc, test, c, u in vm["purposes"]]))
    parts.append(table(L["rules"], [L["rule"], L["serves"], L["source"]],
                       [[f"<code>{e(rid)}</code><br>{e(text)}" + (f"<br><em>{e(note)}</em>" if note else ""), e(serves), link(c, u)] for rid, text, serves, note, c, u in vm["rules"]]))
    if vm["discretion"]:
        parts.append(table(L["room"], [L["provision"], L["kind"], L["decided_by"], L["sets_aside"], L["source"]],
                           [[e(t), e(k), e(d), e(s), link(c, u)] for t, k, d, s, c, u in vm["discretion"]]))
    if vm["controls"]:
        parts.append(table(L["controls"], [L["control"], L["serves"], L["burden"], L["explanation"], L["source"]],
                           [[e(t), e(s), e(b), e(x), link(c, u)] for _i, t, s, b, x, c, u in vm["controls"]]))
    parts.append("</section>")
    return "".join(parts)


def mimebundle(policy: Policy, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """Jupyter display: HTML, Markdown and plain text; honours ``include`` and ``exclude``."""
    return html.bundle(repr(policy), html_fragment(policy), markdown_view(policy), include, exclude)


register(Policy, View(rich=rich_view, mimebundle=mimebundle))
