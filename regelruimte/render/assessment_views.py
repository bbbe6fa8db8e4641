# SPDX-License-Identifier: EUPL-1.2
"""Views of an :class:`~regelruimte.assessment.Assessment`: rich, HTML, Markdown and plain text.

All views are built from one view model (:func:`view_model`), so they cannot disagree. Fact
values are never shown here; the case is identified only by its keyed pseudonym.
"""

from __future__ import annotations

import io
from typing import Any

from .._texts import ASSESSMENT as LABELS
from .._texts import CHANGES, DECIDERS
from ..assessment import Assessment
from ..assessment.periods import day_text
from ..money import format_money
from . import html, markdown
from .html import escape
from .registry import View, register
from .text import terminal_text


def view_model(a: Assessment, lang: str = "nl") -> dict[str, Any]:
    """Everything a view shows, as plain strings, in one structure."""
    L = LABELS[lang]
    p = a.provenance

    def verdict(v: str, amount: Any) -> str:
        return L[v] + (f" ({format_money(amount, lang)})" if amount is not None else "")

    def days(start: Any, end: Any) -> str:
        return f"{day_text(start, lang)} – {day_text(end, lang)}"

    spans = "; ".join(days(sp.start, sp.end) for sp in a.letter.granted_for)

    room = a.discretion
    titles = {part.id: part.title.get(lang) for part in a.parts}

    def for_part(title: str, part: str | None) -> str:
        return f"{title} ({L['part']}: {titles.get(part, part)})" if part else title

    return {
        "title": p.policy_title,
        "subtitle": f"{p.policy_id} {p.policy_version} · {L['peildatum']} {p.reference_date.isoformat()}" + (f" · {L['case']} {a.case_ref}" if a.case_ref else ""),
        "verdicts": [
            (L["letter"], verdict(a.letter.verdict, a.letter.amount) + (f" {L['granted_for']} {spans}" if spans else ""), a.letter.verdict),
            (L["intent"], verdict(a.intent.verdict, a.intent.amount), a.intent.verdict),
            (L["tension"], (L[a.tension] if a.tension != "undetermined" else L["undetermined"])
             + (f" ({L['regardless'].format(facts=', '.join(a.tension_regardless_of))})" if a.tension_regardless_of else ""), a.tension),
            (L["room"], L[room.note], room.note),
        ],
        "rules": [(r.id, L[r.result], r.text.get(lang), r.source.citation, r.source.url) for r in a.letter.rules],
        "purposes": [(pr.id, L.get(pr.result, pr.result), pr.title.get(lang), pr.source.citation, pr.source.url) for pr in a.intent.purposes],
        "parts": [(part.title.get(lang), verdict(part.letter.verdict, part.letter.amount), L[part.intent.verdict], L[part.tension], L[part.discretion.note],
                   L[part.discretion.proportionality.conclusion] if part.discretion.proportionality is not None else L["none"]) for part in a.parts],
        "periods": [(days(p.start, p.end), verdict(p.letter.verdict, p.letter.amount), L[p.intent.verdict], L[p.tension],
                     ", ".join(r.id for r in p.letter.failed) or L["none"]) for p in a.periods],
        "options": [(for_part(o.title.get(lang), o.part), o.legal_basis.citation, o.legal_basis.url, f"{L['decided_by']}: {DECIDERS[lang].get(o.decided_by, o.decided_by)}",
                     L[o.applies] + (f"; {L['depends_on'].format(facts=', '.join(o.depends_on))}" if o.depends_on else "")) for o in room.options],
        "no_room": [(for_part(n.rule, n.part), L[n.signal_to], n.reason.get(lang), n.source.citation) for n in room.no_room],
        # how far and by how much give the case's values back: a report says only which way (docs/privacy.md)
        "distances": [(d.rule, d.comparison, CHANGES[lang][d.position]) for d in room.distances],
        "flips": [(f.rule, f.fact, _change(f.change, f.direction, f.unit, lang), L["yes"] if f.flips_letter else L["no"]) for f in room.flips],
        "proportionality": None if room.proportionality is None else {
            "intensity": f"{L[room.proportionality.intensity]}; {L['conclusion']}: {L[room.proportionality.conclusion]}",
            "steps": [(L[s.step], L[s.finding], "; ".join(k.get(lang) for k in s.known), "; ".join(w.get(lang) for w in s.to_weigh)) for s in room.proportionality.steps],
        },
        "controls": [(c.id, c.title.get(lang), L["yes"] if c.needed else L["no"], L[c.reason], L["yes"] if c.explainable else L["no"]) for c in a.controls],
        "questions": [(q.fact, (q.question.get(lang) if q.question else q.description.get(lang)), L["ask"] if q.ask_citizen else L["lookup"] + ": " + ", ".join(q.held_by)) for q in a.questions],
        "explanation": a.explain(lang),
        "labels": L,
    }


def _change(change: Any, direction: str | None, unit: str, lang: str) -> str:
    if change == "flip":
        return CHANGES[lang]["flip"]
    if unit == "value" and isinstance(change, str):
        return f"→ {change}"
    if unit == "days":
        return CHANGES[lang]["later" if direction == "up" else "earlier"]
    return CHANGES[lang][direction or "up"]


# -- rich ---------------------------------------------------------------------------------------
def rich_view(a: Assessment, lang: str = "nl") -> Any:
    """A rich renderable: a panel with the verdicts first, then the details."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table

    vm = view_model(a, lang)
    L = vm["labels"]
    style = {"granted": "green", "denied": "red", "served": "green", "not_served": "red", "aligned": "green",
             "letter_blocks_intent": "bold yellow", "letter_exceeds_intent": "yellow", "deviate_possible": "yellow", "signal_only": "bold magenta", "divergence_possible": "yellow"}
    head = Table.grid(padding=(0, 2))
    head.add_column(style="bold")
    head.add_column()
    for name, text, key in vm["verdicts"]:
        head.add_row(name, terminal_text(text, style=style.get(key, "")))
    parts: list[Any] = [terminal_text(vm["subtitle"], style="dim"), head]

    rules = Table(title=L["rules"], title_justify="left", header_style="bold", expand=True)
    for col in (L["rule"], L["result"], L["source"]):
        rules.add_column(col, overflow="fold")
    for rid, result, _text, citation, _url in vm["rules"]:
        rules.add_row(terminal_text(rid), terminal_text(result, style=style.get({v: k for k, v in L.items()}.get(result, ""), "")), terminal_text(citation))
    parts.append(rules)
    if vm["parts"]:
        table = Table(title=L["parts"], title_justify="left", header_style="bold", expand=True)
        for col in (L["part"].capitalize(), L["letter"], L["intent"], L["tension"], L["room"], L["proportionality"]):
            table.add_column(col, overflow="fold")
        for row in vm["parts"]:
            table.add_row(*(terminal_text(x) for x in row))
        parts.append(table)
    if vm["periods"]:
        table = Table(title=L["periods"], title_justify="left", header_style="bold", expand=True)
        for col in (L["period"].capitalize(), L["letter"], L["intent"], L["tension"], L["failed"].capitalize()):
            table.add_column(col, overflow="fold")
        for row in vm["periods"]:
            table.add_row(*(terminal_text(x) for x in row))
        parts.append(table)
    if vm["options"] or vm["no_room"] or vm["distances"] or vm["flips"]:
        room = Table(title=L["room"], title_justify="left", header_style="bold", expand=True, show_header=False)
        room.add_column()
        room.add_column()
        for title, citation, _url, decides, applies in vm["options"]:
            room.add_row(terminal_text(title), terminal_text(f"{citation} · {decides} · {applies}"))
        for rule, to, reason, citation in vm["no_room"]:
            room.add_row(terminal_text(f"{L['no_room']}: {rule}", style="magenta"), terminal_text(f"{reason} ({citation}) → {to}"))
        for rule, comparison, gap in vm["distances"]:
            room.add_row(terminal_text(f"{L['distance']}: {rule}"), terminal_text(f"{comparison}: {gap}"))
        for rule, fact, change, flips_letter in vm["flips"]:
            room.add_row(terminal_text(f"{L['flip']}: {rule}"), terminal_text(f"{fact} {change} (letter: {flips_letter})"))
        parts.append(room)
    if vm["proportionality"]:
        prop = Table(title=f"{L['proportionality']} ({L['intensity']}: {vm['proportionality']['intensity']})", title_justify="left", header_style="bold", expand=True)
        for col in (L["step"], L["result"], L["known"], L["weigh"]):
            prop.add_column(col)
        for row in vm["proportionality"]["steps"]:
            prop.add_row(*(terminal_text(x) for x in row))
        parts.append(prop)
    if vm["controls"]:
        controls = Table(title=L["controls"], title_justify="left", header_style="bold", expand=True)
        controls.add_column("id", no_wrap=True)  # an id must stay whole to be found in the policy
        for col in (L["needed"], L["reason"], L["explainable"]):
            controls.add_column(col, overflow="fold")
        for cid, _title, needed, reason, explainable in vm["controls"]:
            controls.add_row(terminal_text(cid), terminal_text(needed), terminal_text(reason), terminal_text(explainable))
        parts.append(controls)
    if vm["questions"]:
        q = Table(title=L["questions"], title_justify="left", header_style="bold", expand=True, show_header=False)
        q.add_column()
        q.add_column()
        for _fact, question, how in vm["questions"]:
            q.add_row(terminal_text(question), terminal_text(how, style="dim"))
        parts.append(q)
    parts.append(Panel(terminal_text(vm["explanation"]), title=L["explanation"], title_align="left"))
    return Panel(Group(*parts), title=terminal_text(vm["title"], style="bold"), title_align="left")


def plain_text(a: Assessment, lang: str = "nl", width: int = 100) -> str:
    """The rich view rendered as plain text (no colour), e.g. for golden tests and logs."""
    from rich.console import Console

    console = Console(width=width, no_color=True, color_system=None, record=True, file=io.StringIO(), legacy_windows=False)
    console.print(rich_view(a, lang))
    return console.export_text()


# -- markdown -----------------------------------------------------------------------------------
def markdown_view(a: Assessment, lang: str = "nl") -> str:
    """A Markdown report with the verdicts first."""
    vm = view_model(a, lang)
    L = vm["labels"]
    out = [f"### {markdown.text(vm['title'])}", "", f"*{markdown.text(vm['subtitle'])}*", ""]
    out += [markdown.row(["", ""]), markdown.row(["---", "---"])]
    out += [markdown.row([markdown.bold(name), text]) for name, text, _ in vm["verdicts"]]
    out += ["", f"**{L['rules']}**", "", markdown.row([L["rule"], L["result"], L["source"]]), markdown.row(["---"] * 3)]
    out += [markdown.row([rid, result, markdown.link(citation, url)]) for rid, result, _text, citation, url in vm["rules"]]
    if vm["parts"]:
        out += ["", f"**{L['parts']}**", "", markdown.row([L["part"].capitalize(), L["letter"], L["intent"], L["tension"], L["room"], L["proportionality"]]), markdown.row(["---"] * 6)]
        out += [markdown.row([markdown.text(x) for x in row]) for row in vm["parts"]]
    if vm["periods"]:
        out += ["", f"**{L['periods']}**", "", markdown.row([L["period"].capitalize(), L["letter"], L["intent"], L["tension"], L["failed"].capitalize()]),
                markdown.row(["---"] * 5)]
        out += [markdown.row([markdown.text(x) for x in row]) for row in vm["periods"]]
    if vm["options"] or vm["no_room"]:
        out += ["", f"**{L['room']}**", ""]
        out += [f"- {markdown.text(title)}: {markdown.link(citation, url)}, {markdown.text(decides)}, {markdown.text(applies)}" for title, citation, url, decides, applies in vm["options"]]
        out += [f"- {L['no_room']} ({markdown.text(rule)}): {markdown.text(reason)} → {markdown.text(to)}" for rule, to, reason, _c in vm["no_room"]]
    if vm["purposes"]:
        out += ["", f"**{L['purposes']}**", "", markdown.row([L["intent"], L["result"], L["source"]]), markdown.row(["---"] * 3)]
        out += [markdown.row([title, result, markdown.link(citation, url)]) for _id, result, title, citation, url in vm["purposes"]]
    if vm["distances"] or vm["flips"]:
        out += ["", f"**{L['distance']}**", ""] + [f"- {markdown.text(rule)}: {markdown.code(comparison)}: {markdown.text(gap)}" for rule, comparison, gap in vm["distances"]]
        out += [f"- {L['flip']} ({markdown.text(rule)}): {markdown.text(fact)} {markdown.text(change)} (letter: {markdown.text(fl)})" for rule, fact, change, fl in vm["flips"]]
    if vm["proportionality"]:
        out += ["", f"**{L['proportionality']}** ({L['intensity']}: {vm['proportionality']['intensity']})", ""]
        out += [markdown.text(f"{step}: {finding}. {known} {weigh}".rstrip()).join(("- ", "")) for step, finding, known, weigh in vm["proportionality"]["steps"]]
    if vm["controls"]:
        out += ["", f"**{L['controls']}**", "", markdown.row(["id", L["needed"], L["reason"], L["explainable"]]), markdown.row(["---"] * 4)]
        out += [markdown.row([cid, needed, reason, expl]) for cid, _t, needed, reason, expl in vm["controls"]]
    if vm["questions"]:
        out += ["", f"**{L['questions']}**", ""] + [f"- {markdown.text(question)} ({markdown.text(how)})" for _f, question, how in vm["questions"]]
    out += ["", f"**{L['explanation']}**", ""] + ["> " + markdown.text(line, line_start=True) for line in vm["explanation"].splitlines()]
    return "\n".join(out) + "\n"


# -- html ---------------------------------------------------------------------------------------
def html_fragment(a: Assessment, lang: str = "nl") -> str:
    """Semantic, escaped HTML (tables with captions and header scopes), no scripts."""
    vm = view_model(a, lang)
    L = vm["labels"]
    e = escape

    def table(caption: str, headers: list[str], rows: list[list[str]]) -> str:
        return html.table(caption, headers, rows, cls="")

    verdicts = "".join(f'<tr><th scope="row">{e(n)}</th><td class="badge">{e(t)}</td></tr>' for n, t, _ in vm["verdicts"])
    parts = [f'<section class="rr" lang="{lang}"><h2>{e(vm["title"])}</h2><p>{e(vm["subtitle"])}</p>',
             f'<table class="verdict"><caption>{e(L["result"])}</caption><tbody>{verdicts}</tbody></table>']
    parts.append(table(L["rules"], [L["rule"], L["result"], L["source"]],
                       [[f"<code>{e(rid)}</code><br>{e(text)}", e(result), f'<a href="{e(url)}">{e(citation)}</a>'] for rid, result, text, citation, url in vm["rules"]]))
    if vm["parts"]:
        parts.append(table(L["parts"], [L["part"].capitalize(), L["letter"], L["intent"], L["tension"], L["room"], L["proportionality"]], [[e(x) for x in row] for row in vm["parts"]]))
    if vm["periods"]:
        parts.append(table(L["periods"], [L["period"].capitalize(), L["letter"], L["intent"], L["tension"], L["failed"].capitalize()],
                           [[e(x) for x in row] for row in vm["periods"]]))
    if vm["purposes"]:
        parts.append(table(L["purposes"], [L["intent"], L["result"], L["source"]],
                           [[e(title), e(result), f'<a href="{e(url)}">{e(citation)}</a>'] for _id, result, title, citation, url in vm["purposes"]]))
    if vm["options"] or vm["no_room"]:
        rows = [[e(title), f'<a href="{e(url)}">{e(citation)}</a>', e(f"{decides}; {applies}")] for title, citation, url, decides, applies in vm["options"]]
        rows += [[e(f"{L['no_room']}: {rule}"), e(citation), e(f"{reason} → {to}")] for rule, to, reason, citation in vm["no_room"]]
        parts.append(table(L["room"], [L["room"], L["source"], L["decided_by"]], rows))
    if vm["distances"] or vm["flips"]:
        rows = [[e(rule), f"<code>{e(comparison)}</code>", e(gap)] for rule, comparison, gap in vm["distances"]]
        rows += [[e(rule), e(f"{L['flip']}: {fact}"), e(f"{change} (letter: {fl})")] for rule, fact, change, fl in vm["flips"]]
        parts.append(table(L["distance"], [L["rule"], L["distance"], L["amount"]], rows))
    if vm["proportionality"]:
        parts.append(table(f"{L['proportionality']} ({L['intensity']}: {vm['proportionality']['intensity']})", [L["step"], L["result"], L["known"], L["weigh"]],
                           [[e(x) for x in row] for row in vm["proportionality"]["steps"]]))
    if vm["controls"]:
        parts.append(table(L["controls"], [L["controls"], L["needed"], L["reason"], L["explainable"]],
                           [[e(title), e(needed), e(reason), e(expl)] for _cid, title, needed, reason, expl in vm["controls"]]))
    if vm["questions"]:
        parts.append(table(L["questions"], [L["questions"], L["ask"]], [[e(q), e(how)] for _f, q, how in vm["questions"]]))
    parts.append(f'<h3>{e(L["explanation"])}</h3><blockquote>{e(vm["explanation"])}</blockquote></section>')
    return "".join(parts)


def html_page(a: Assessment, lang: str = "nl") -> str:
    """A self-contained HTML document (inline CSS, no scripts, ``lang`` set)."""
    return html_document([a], lang=lang)


def html_document(assessments: list[Assessment], lang: str = "nl", title: str | None = None) -> str:
    """One self-contained HTML document for one or more assessments."""
    heading = title or (view_model(assessments[0], lang)["title"] if len(assessments) == 1 else ("Beoordeling" if lang == "nl" else "Assessment"))
    return html.page(heading, "".join(html_fragment(a, lang) for a in assessments), lang)


def mimebundle(a: Assessment, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """Jupyter display: HTML, Markdown and plain text; honours ``include`` and ``exclude``."""
    return html.bundle(repr(a), html_fragment(a), markdown_view(a), include, exclude)


register(Assessment, View(rich=rich_view, mimebundle=mimebundle, html=html_page, markdown=markdown_view))
