# SPDX-License-Identifier: EUPL-1.2
"""The Algoritmeregister draft as a page a person can read and complete: rich, HTML, Markdown."""

from __future__ import annotations

from html import escape
from typing import Any

from ..render import markdown
from ..render.html import CSS, bundle
from ..render.registry import View, register
from ..render.text import terminal_text
from .register import SOURCE, STANDARD, RegisterDraft

STATUS = {"filled": "ingevuld uit de regeling", "check": "controleren", "todo": "nog invullen"}


def _value(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, list):
        return "\n".join(f"{x['title']} ({x['link']})" if isinstance(x, dict) else str(x) for x in v)
    return str(v)


def rich_view(d: RegisterDraft) -> Any:
    from rich.console import Group
    from rich.table import Table

    table = Table(title=terminal_text(f"Concept voor het Algoritmeregister: {d.policy_id} {d.policy_version}"), title_justify="left", header_style="bold",
                  expand=True, show_lines=True, caption=f"{STANDARD}. Nog in te vullen of te controleren: {len(d.to_complete)} velden.", caption_justify="left")
    table.add_column("Veld", ratio=1)
    table.add_column("Waarde", ratio=3, overflow="fold")
    table.add_column("Status", ratio=1)
    style = {"filled": "green", "check": "yellow", "todo": "bold red"}
    for f in d.fields:
        note = f"\n{f.note}" if f.status != "filled" else ""
        table.add_row(terminal_text(f"{f.title}{' *' if f.required else ''}\n{f.key}"), terminal_text(_value(f.value)), terminal_text(STATUS[f.status] + note, style=style[f.status]))
    return Group(table, terminal_text("* verplicht in de standaard", style="dim"))


def markdown_view(d: RegisterDraft) -> str:
    def cell(x: str) -> str:
        return markdown.cell(x, newline="<br>")

    out = [f"# Concept voor het Algoritmeregister: {markdown.text(f'{d.policy_id} {d.policy_version}')}", "", f"Volgens de [{STANDARD}]({SOURCE}). "
           f"Nog in te vullen of te controleren: {len(d.to_complete)} velden. * = verplicht.", "", "| Veld | Waarde | Status |", "| --- | --- | --- |"]
    out += [f"| {cell(f.title)}{' *' if f.required else ''} ({markdown.code(f.key)}) | {cell(_value(f.value))} | {STATUS[f.status]}{': ' + cell(f.note) if f.status != 'filled' else ''} |"
            for f in d.fields]
    return "\n".join(out) + "\n"


def html_fragment(d: RegisterDraft) -> str:
    e = escape
    rows = "".join(
        f'<tr><th scope="row">{e(f.title)}{" *" if f.required else ""}<br><code>{e(f.key)}</code></th>'
        f'<td style="white-space:pre-line">{e(_value(f.value))}</td><td><strong>{e(STATUS[f.status])}</strong>'
        f'{"<br>" + e(f.note) if f.status != "filled" else "<br><small>" + e(f.note) + "</small>"}</td></tr>' for f in d.fields)
    return (f'<section class="rr" lang="nl"><h1>Concept voor het Algoritmeregister</h1><p>{e(d.policy_id)} {e(d.policy_version)} · '
            f'volgens de <a href="{e(SOURCE)}">{e(STANDARD)}</a>. Nog in te vullen of te controleren: {len(d.to_complete)} velden. * = verplicht.</p>'
            f'<table><caption>Velden van de registratie</caption><thead><tr><th scope="col">Veld</th><th scope="col">Waarde</th>'
            f'<th scope="col">Status</th></tr></thead><tbody>{rows}</tbody></table></section>')


def html_document(d: RegisterDraft) -> str:
    return ('<!DOCTYPE html>\n<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Concept Algoritmeregister: {escape(d.policy_id)}</title><style>{CSS}</style></head><body><main>{html_fragment(d)}</main></body></html>\n")


def mimebundle(d: RegisterDraft, include: Any = None, exclude: Any = None) -> dict[str, str]:
    return bundle(repr(d), html_fragment(d), markdown_view(d), include, exclude)


register(RegisterDraft, View(rich=rich_view, mimebundle=mimebundle, html=html_document, markdown=markdown_view))
