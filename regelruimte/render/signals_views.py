# SPDX-License-Identifier: EUPL-1.2
"""Views of a :class:`~regelruimte.signalling.result.SignalsResult`: rich, HTML and Markdown.

The summary first, then per household the signals that fired, why (the matched events: record
numbers and types, never values), the source and the assessment of the right. Household ids
appear only with ``show_ids``; otherwise the keyed pseudonym or a row number.
"""

from __future__ import annotations

from typing import Any

from .._texts import ACTIONS, ASSESSMENT, SIGNALS
from ..signalling.result import HouseholdSignals, SignalHit, SignalsResult
from . import html, markdown
from .assessment_views import html_fragment as assessment_html
from .html import escape
from .registry import View, register
from .text import terminal_text


def _summary_line(r: SignalsResult, lang: str) -> str:
    s = r.summary
    return SIGNALS[lang]["summary"].format(households=s.households, events=s.events, with_signals=s.households_with_signals,
                                        refused=s.refused_records, ignored=s.ignored_records, after=s.after_reference_date)


def _label(h: HouseholdSignals, n: int, show_ids: bool) -> str:
    if show_ids:
        return h.household
    return h.household_ref or f"#{n}"


def _why(hit: SignalHit) -> str:
    return "; ".join(", ".join(f"{m.alias}: {m.type} (record {m.record})" for m in match) for match in hit.matches)


def _verdict(hit: SignalHit, lang: str) -> str:
    if hit.assessment is None:
        return hit.assessment_problem or "—"
    a = hit.assessment
    words = SIGNALS[lang]["all_rules"] if hit.rules_pass else SIGNALS[lang]["not_all_rules"]
    questions = ", ".join(q.fact for q in a.questions[:5])
    more = "…" if len(a.questions) > 5 else ""
    return f"{ASSESSMENT[lang].get(a.letter.verdict, a.letter.verdict)} ({words})" + (f"; {SIGNALS[lang]['ask']}: {questions}{more}" if questions else "")


def rich_view(r: SignalsResult, lang: str = "nl", *, show_ids: bool = False, limit: int = 20) -> Any:
    from rich.console import Group
    from rich.table import Table

    T = SIGNALS[lang]
    counts = Table(title=f"{T['title']} {r.summary.reference_date.isoformat()}", title_justify="left", header_style="bold")
    for heading, justify in ((T["policy"], "left"), (T["signal"], "left"), (T["action"], "left"), (T["households"], "right")):
        counts.add_column(heading, justify=justify)  # type: ignore[arg-type]
    for c in r.summary.signals:
        counts.add_row(terminal_text(c.policy_id), terminal_text(c.signal), ACTIONS[lang][c.action], str(c.households))
    parts: list[Any] = [counts, terminal_text(_summary_line(r, lang))]
    if r.households:
        per = Table(header_style="bold")
        for heading in (T["household"], T["signal"], T["why"], T["assessment"]):
            per.add_column(heading, overflow="fold")
        for n, h in enumerate(r.households[:limit], start=1):
            for hit in h.hits:
                per.add_row(*(terminal_text(x) for x in (_label(h, n, show_ids), f"{hit.signal}\n{ACTIONS[lang][hit.action]}", _why(hit), _verdict(hit, lang))))
        parts.append(per)
        if len(r.households) > limit:
            parts.append(terminal_text(T["more"].format(n=len(r.households) - limit)))
    return Group(*parts)


def markdown_view(r: SignalsResult, lang: str = "nl", *, show_ids: bool = False) -> str:
    T = SIGNALS[lang]
    row = markdown.row

    lines = [f"# {T['title']} {r.summary.reference_date.isoformat()}", "", markdown.text(_summary_line(r, lang), line_start=True), "",
             row([T["policy"], T["signal"], T["action"], T["households"]]), "|---|---|---|---|"]
    lines += [row([c.policy_id, c.signal, ACTIONS[lang][c.action], str(c.households)]) for c in r.summary.signals]
    if r.households:
        lines += ["", row([T["household"], T["signal"], T["why"], T["source"], T["assessment"]]), "|---|---|---|---|---|"]
        for n, h in enumerate(r.households, start=1):
            lines += [row([_label(h, n, show_ids), f"{hit.signal} ({ACTIONS[lang][hit.action]})", _why(hit), hit.source.citation, _verdict(hit, lang)])
                      for hit in h.hits]
    if r.refused:
        lines += ["", f"## {T['refused']}", "", row([T["record"], T["field"], T["expected"], T["problem"]]), "|---|---|---|---|"]
        lines += [row([str(x.record), p["field"], p["expected"], p["message"]]) for x in r.refused for p in x.problems]
    return "\n".join(lines) + "\n"


HTML_LIMIT = 1_000


def html_fragment(r: SignalsResult, lang: str = "nl", *, show_ids: bool = False, assessments: bool = True, limit: int = HTML_LIMIT) -> str:
    """Semantic, escaped HTML: the summary, then at most ``limit`` households (JSON has them all)."""
    T = SIGNALS[lang]
    e = escape
    table = html.table

    parts = [f'<section class="rr" lang="{lang}"><h2>{e(T["title"])} {e(r.summary.reference_date.isoformat())}</h2><p>{e(_summary_line(r, lang))}</p>']
    parts.append(table(T["signal"], [T["policy"], T["signal"], T["action"], T["households"]],
                       [[e(c.policy_id), f"<code>{e(c.signal)}</code><br>{e(c.title.get(lang))}", e(ACTIONS[lang][c.action]), e(str(c.households))]
                        for c in r.summary.signals]))
    for n, h in enumerate(r.households[:limit], start=1):
        parts.append(f"<h3>{e(T['household'])} {e(_label(h, n, show_ids))}</h3>")
        parts.append(table(T["signal"], [T["signal"], T["why"], T["source"], T["todo"], T["assessment"]],
                           [[f"<code>{e(hit.signal)}</code><br>{e(hit.title.get(lang))}<br>{e(ACTIONS[lang][hit.action])}", e(_why(hit)),
                             f'<a href="{e(hit.source.url)}">{e(hit.source.citation)}</a>', e(hit.text.get(lang)), e(_verdict(hit, lang))]
                            for hit in h.hits]))
        if assessments:
            parts += [assessment_html(hit.assessment, lang) for hit in h.hits if hit.assessment is not None]
    if len(r.households) > limit:
        parts.append(f"<p>{e(T['more'].format(n=len(r.households) - limit))}</p>")
    if r.refused:
        parts.append(table(T["refused"], [T["record"], T["field"], T["expected"], T["problem"]],
                           [[e(str(x.record)), e(p["field"]), e(p["expected"]), e(p["message"])] for x in r.refused for p in x.problems]))
    parts.append("</section>")
    return "".join(parts)


def html_document(r: SignalsResult, lang: str = "nl", *, show_ids: bool = False) -> str:
    """A self-contained HTML page (inline CSS, no scripts, ``lang`` set)."""
    title = f"{SIGNALS[lang]['title']} {r.summary.reference_date.isoformat()}"
    return html.page(title, html_fragment(r, lang, show_ids=show_ids), lang)


def mimebundle(r: SignalsResult, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """Jupyter display: HTML, Markdown and plain text; honours ``include`` and ``exclude``."""
    return html.bundle(repr(r), html_fragment(r), markdown_view(r), include, exclude)


register(SignalsResult, View(rich=rich_view, mimebundle=mimebundle, html=html_document, markdown=markdown_view))
