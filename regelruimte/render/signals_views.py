# SPDX-License-Identifier: EUPL-1.2
"""Views of a :class:`~regelruimte.signalling.result.SignalsResult`: rich, HTML and Markdown.

The summary first, then per household the signals that fired, why (the matched events: record
numbers and types, never values), the source and the assessment of the right. Household ids
appear only with ``show_ids``; otherwise the keyed pseudonym or a row number.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._signal_texts import ACTIONS, SIGNALS
from .._texts import ASSESSMENT
from ..signalling.engine.rulesets import MAX_MESSAGES_PER_RUN
from ..signalling.result import HouseholdSignals, SignalHit, SignalsResult
from . import html, markdown
from .assessment_views import html_fragment as assessment_html
from .html import escape
from .registry import View, register
from .text import terminal_text


def _number(n: int, lang: str) -> str:
    return f"{n:,}".replace(",", "." if lang == "nl" else ",")


def _summary_line(r: SignalsResult, lang: str) -> str:
    s = r.summary
    T = SIGNALS[lang]
    line = T["summary"].format(households=s.households, events=s.events, with_signals=s.households_with_signals,
                               refused=s.refused_records, ignored=s.ignored_records, after=s.after_reference_date)
    if s.too_large:
        line += " " + T["too_large"].format(n=s.too_large, limit=_number(MAX_MESSAGES_PER_RUN, lang))
    return line


def record_ranges(records: Iterable[int]) -> str:
    """Record numbers as ranges: ``[2, 3, 4, 7]`` gives ``"2–4, 7"``."""
    parts: list[str] = []
    run: list[int] = []
    for n in sorted(set(records)):
        if run and n == run[-1] + 1:
            run.append(n)
            continue
        if run:
            parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
        run = [n]
    if run:
        parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
    return ", ".join(parts)


def _refused_groups(r: SignalsResult) -> list[list[str]]:
    """One row per kind of problem: the records (as ranges), field, expected, problem, count."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for x in r.refused:
        for p in x.problems:
            groups.setdefault((p["field"], p["expected"], p["message"]), []).append(x.record)
    return [[record_ranges(records), *key, str(len(set(records)))] for key, records in groups.items()]


def _listed_first(r: SignalsResult, lang: str) -> str | None:
    if r.summary.refused_records > len(r.refused):
        return SIGNALS[lang]["listed_first"].format(n=_number(len(r.refused), lang))
    return None


def _refused_household_rows(r: SignalsResult, lang: str, show_ids: bool) -> list[list[str]]:
    why = SIGNALS[lang]["too_many"].format(limit=_number(MAX_MESSAGES_PER_RUN, lang))
    return [[(h.household if show_ids else h.household_ref) or "—", _span(h.first_record, h.last_record),
             str(h.events), ", ".join(h.policies), why] for h in r.refused_households]


def _span(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}–{last}"


def _refused_household_headings(lang: str) -> list[str]:
    T = SIGNALS[lang]
    return [T["household"], T["records"], T["events"], T["policies_not_run"], T["why_refused"]]


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
    if r.refused_households:
        households = Table(title=T["refused_households"].capitalize(), title_justify="left", header_style="bold")
        for heading in _refused_household_headings(lang):
            households.add_column(heading, overflow="fold")
        for row in _refused_household_rows(r, lang, show_ids):
            households.add_row(*(terminal_text(x) for x in row))
        parts.append(households)
    if r.refused:
        records = Table(title=T["refused"].capitalize(), title_justify="left", header_style="bold")
        for heading, justify in ((T["records"], "left"), (T["field"], "left"), (T["expected"], "left"), (T["problem"], "left"), (T["count"], "right")):
            records.add_column(heading, justify=justify, overflow="fold")  # type: ignore[arg-type]
        for row in _refused_groups(r):
            records.add_row(*(terminal_text(x) for x in row))
        parts.append(records)
        if (first := _listed_first(r, lang)) is not None:
            parts.append(terminal_text(first))
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
    if r.refused_households:
        lines += ["", f"## {T['refused_households']}", "", row(_refused_household_headings(lang)), "|---|---|---|---|---|"]
        lines += [row(cells) for cells in _refused_household_rows(r, lang, show_ids)]
    if r.refused:
        lines += ["", f"## {T['refused']}", "", row([T["record"], T["field"], T["expected"], T["problem"]]), "|---|---|---|---|"]
        lines += [row([str(x.record), p["field"], p["expected"], p["message"]]) for x in r.refused for p in x.problems]
        if (first := _listed_first(r, lang)) is not None:
            lines += ["", first]
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
    if r.refused_households:
        parts.append(table(T["refused_households"], _refused_household_headings(lang),
                           [[e(cell) for cell in cells] for cells in _refused_household_rows(r, lang, show_ids)]))
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
