# SPDX-License-Identifier: EUPL-1.2
"""Views of one or more :class:`~regelruimte.policy_review.Review`: a report a policy reviewer who is not a
programmer can read and share. A summary first, then each control with its verdict and reasons,
then the findings on the policy as a whole. One view model feeds rich, HTML and Markdown."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from .._report_texts import REVIEW_DOCUMENT
from .._texts import REVIEW
from .._version import __version__
from ..money import format_hours
from ..policy_review import Review
from . import html, markdown
from .html import escape
from .registry import View, register
from .text import terminal_text

L = {lang: {**REVIEW[lang], **REVIEW_DOCUMENT[lang]} for lang in REVIEW}


def _hours(value: Decimal | None, lang: str) -> str:
    return "-" if value is None else format_hours(value, lang)


_ID = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


def _readable(r: Review, text: str, lang: str) -> str:
    """``text`` with every fact id it names replaced by what a reader calls the fact."""
    def label(match: re.Match[str]) -> str:
        name = match.group()
        shown = r.label(name, lang)
        return name if shown == name else "'" + shown.rstrip(".") + "'"

    return _ID.sub(label, text)


def report_date() -> date:
    """The date a report is made: today, or the day of ``SOURCE_DATE_EPOCH`` (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def _long_date(day: date, lang: str) -> str:
    month = L[lang]["months"].split()[day.month - 1]
    return f"{day.day} {month} {day.year}" if lang == "nl" else f"{day.day} {month} {day.year}"


def view_model(reviews: list[Review], lang: str = "nl") -> dict[str, Any]:
    t = L[lang]
    summary = []
    policies = []
    for r in reviews:
        c = r.counts()
        b = r.burden
        summary.append({
            "policy": r.policy_title, "id": r.policy_id, "errors": c["error"], "warnings": c["warning"], "info": c["info"],
            "hours_app": _hours(b.hours_per_application, lang), "hours_year": _hours(b.hours_per_year, lang),
            "saved": _hours(b.hours_saved_per_year, lang),
            "remove": sum(v.verdict == "remove" for v in r.controls),
        })
        by_control: dict[str, list[str]] = {}
        policy_findings = []
        for f in r.findings:
            text = _readable(r, f.text(lang), lang) + (f" ({t['justified']})" if f.justified else "")
            if f.element.startswith("controls."):
                by_control.setdefault(f.element.split(".", 1)[1], []).append(f"[{t[f.severity]}] {text}")
            else:
                citation = t.get(f"criterion_{f.criterion.id}", f.criterion.citation)
                policy_findings.append((t[f.severity], r.label(f.element, lang), text, citation, f.code))
        controls = [(v.title, t[v.verdict], by_control.get(v.id, []), v.verdict) for v in r.controls]
        policies.append({"title": r.policy_title, "id": r.policy_id, "version": r.policy_version, "sha256": r.policy_sha256,
                         "controls": controls, "findings": policy_findings})
        policies[-1]["fixes"] = _fixes(r, lang)
    made = t["made"].format(date=_long_date(report_date(), lang), version=__version__)
    legend = [(t[k], t[f"legend_{k}"]) for k in ("remove", "reduce", "rewrite", "sound")]
    return {"labels": t, "summary": summary, "policies": policies, "before_after": [_before_after(r, lang) for r in reviews],
            "made": made, "legend": legend}


def _fixes(r: Review, lang: str) -> list[tuple[str, str]]:
    """(the control's title or the element, what to do) for every finding that counts, once each."""
    return list(dict.fromkeys((r.label(f.element, lang), _readable(r, f.fix(lang), lang)) for f in r.findings if not f.justified))


def _before_after(r: Review, lang: str) -> list[str]:
    b = r.burden
    return [r.policy_title, _hours(b.hours_per_applicant_per_year, lang), _hours(b.hours_per_applicant_per_year_after, lang),
            _hours(b.hours_per_year, lang), _hours(b.hours_per_year_after, lang)]


def _before_after_head(t: dict[str, str]) -> list[str]:
    return [t["policy"], t["now_applicant"], t["after_applicant"], t["now_all"], t["after_all"]]


def rich_view(reviews: list[Review], lang: str = "nl") -> Any:
    from rich.console import Group
    from rich.table import Table

    vm = view_model(reviews, lang)
    t = vm["labels"]
    style = {"remove": "bold red", "reduce": "yellow", "rewrite": "cyan", "sound": "green"}
    summary = Table(title=t["summary"], title_justify="left", header_style="bold", expand=True)
    for col in (t["policy"], t["errors"], t["warnings"], t["remove"].split(":")[0], t["hours_app"], t["hours_year"], t["saved"]):
        summary.add_column(col)
    for s in vm["summary"]:
        summary.add_row(terminal_text(s["policy"]), str(s["errors"]), str(s["warnings"]), str(s["remove"]), *(terminal_text(s[k]) for k in ("hours_app", "hours_year", "saved")))
    parts: list[Any] = [summary, terminal_text(t["heuristic"], style="dim")]
    before_after = Table(title=t["before_after"], title_justify="left", header_style="bold", expand=True, caption=t["after_note"])
    for col in _before_after_head(t):
        before_after.add_column(col)
    for row in vm["before_after"]:
        before_after.add_row(*(terminal_text(cell) for cell in row))
    parts.append(before_after)
    for p in vm["policies"]:
        table = Table(title=terminal_text(f"{p['title']} ({p['id']} {p['version']})"), title_justify="left", header_style="bold", expand=True, show_lines=True)
        table.add_column(t["control"], ratio=2)
        table.add_column(t["verdict"], ratio=1)
        table.add_column(t["reasons"], ratio=3)
        for title, verdict, reasons, key in p["controls"]:
            table.add_row(terminal_text(title), terminal_text(verdict, style=style[key]), terminal_text("\n".join(reasons) or "—"))
        parts.append(table)
        if p["findings"]:
            f = Table(title=t["findings"], title_justify="left", header_style="bold", expand=True)
            f.add_column("")
            f.add_column(t["element"])
            f.add_column(t["reasons"], ratio=3)
            for severity, element, text, _citation, _code in p["findings"]:
                f.add_row(severity, terminal_text(element), terminal_text(text))
            parts.append(f)
        if p["fixes"]:
            fixes = Table(title=t["fixes"], title_justify="left", header_style="bold", expand=True)
            fixes.add_column(t["what"], ratio=2)
            fixes.add_column(t["fix"], ratio=3)
            for what, fix in p["fixes"]:
                fixes.add_row(terminal_text(what), terminal_text(fix))
            parts.append(fixes)
    return Group(*parts)


def markdown_view(reviews: list[Review], lang: str = "nl") -> str:
    vm = view_model(reviews, lang)
    t = vm["labels"]

    def row(cells: Any) -> str:
        return markdown.row(cells, newline="<br>")

    out = [f"# {t['title']}", "", markdown.text(vm["made"], line_start=True), "", markdown.text(t["intro"], line_start=True), "",
           f"## {t['versions']}", "", *markdown.table([t["policy"], t["version"], t["fingerprint"]],
                                                    [[p["title"], p["version"], markdown.code(p["sha256"][:16])] for p in vm["policies"]]),
           "", f"## {t['legend']}", "", *(f"- {markdown.bold(k)}: {markdown.text(v)}" for k, v in vm["legend"]), "", markdown.text(t["legend_severity"], line_start=True), "",
           f"## {t['summary']}", "", row([t["policy"], t["errors"], t["warnings"], t["hours_app"], t["hours_year"], t["saved"]]), row(["---"] * 6)]
    out += [row([s["policy"], s["errors"], s["warnings"], s["hours_app"], s["hours_year"], s["saved"]]) for s in vm["summary"]]
    out += ["", f"*{t['heuristic']}*"]
    out += ["", f"## {t['before_after']}", "", row(_before_after_head(t)), row(["---"] * 5)] + [row(r) for r in vm["before_after"]] + ["", f"*{t['after_note']}*"]
    for p in vm["policies"]:
        out += ["", f"## {markdown.text(p['title'])}", "", row([t["control"], t["verdict"], t["reasons"]]), row(["---"] * 3)]
        out += [row([title, verdict, "\n".join(reasons) or "—"]) for title, verdict, reasons, _k in p["controls"]]
        if p["findings"]:
            out += ["", f"### {t['findings']}", ""] + [f"- **{sev}** {markdown.text(el)}: {markdown.text(text)}" for sev, el, text, _c, _code in p["findings"]]
        if p["fixes"]:
            out += ["", f"### {t['fixes']}", "", row([t["what"], t["fix"]]), row(["---"] * 2)] + [row([what, fix]) for what, fix in p["fixes"]]
    return "\n".join(out) + "\n"


def html_fragment(reviews: list[Review], lang: str = "nl") -> str:
    vm = view_model(reviews, lang)
    t = vm["labels"]
    e = escape
    table = html.table

    parts = [f'<section class="rr" lang="{lang}"><h1>{e(t["title"])}</h1>', f"<p>{e(vm['made'])}</p>", f"<p>{e(t['intro'])}</p>"]
    parts.append(table(t["versions"], [t["policy"], t["version"], t["fingerprint"]],
                       [[e(p["title"]), e(p["version"]), f"<code>{e(p['sha256'][:16])}</code>"] for p in vm["policies"]]))
    parts.append(f"<h2>{e(t['legend'])}</h2><dl>" + "".join(f"<dt>{e(k)}</dt><dd>{e(v)}</dd>" for k, v in vm["legend"]) + f"</dl><p>{e(t['legend_severity'])}</p>")
    parts.append(table(t["summary"], [t["policy"], t["errors"], t["warnings"], t["hours_app"], t["hours_year"], t["saved"]],
                       [[e(s["policy"]), str(s["errors"]), str(s["warnings"]), e(s["hours_app"]), e(s["hours_year"]), e(s["saved"])] for s in vm["summary"]]))
    parts.append(f"<p><em>{e(t['heuristic'])}</em></p>")
    parts.append(table(t["before_after"], _before_after_head(t), [[e(cell) for cell in r] for r in vm["before_after"]]))
    parts.append(f"<p><em>{e(t['after_note'])}</em></p>")
    for p in vm["policies"]:
        parts.append(f"<h2>{e(p['title'])}</h2>")
        parts.append(table(t["controls"], [t["control"], t["verdict"], t["reasons"]],
                           [[e(title), f"<strong>{e(verdict)}</strong>", "<br>".join(e(r) for r in reasons) or "—"] for title, verdict, reasons, _k in p["controls"]]))
        if p["findings"]:
            parts.append(table(t["findings"], ["", t["element"], t["reasons"], t["criterion"]],
                               [[e(sev), e(el), e(text), e(citation)] for sev, el, text, citation, _code in p["findings"]]))
        if p["fixes"]:
            parts.append(table(t["fixes"], [t["what"], t["fix"]], [[e(what), e(fix)] for what, fix in p["fixes"]]))
    parts.append("</section>")
    return "".join(parts)


def html_document(reviews: list[Review], lang: str = "nl") -> str:
    return html.page(L[lang]["title"], html_fragment(reviews, lang), lang)


def mimebundle(review: Review, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """Jupyter display: HTML, Markdown and plain text; honours ``include`` and ``exclude``."""
    return html.bundle(repr(review), html_fragment([review]), markdown_view([review]), include, exclude)


register(Review, View(rich=lambda r: rich_view([r]), mimebundle=mimebundle,
                      html=lambda r, lang="nl": html_document([r], lang=lang), markdown=lambda r, lang="nl": markdown_view([r], lang=lang)))
