# SPDX-License-Identifier: EUPL-1.2
"""What :func:`regelruimte.signals.signals` returns, and its views (rich, HTML, Markdown, JSON).

Per household: which signals fired, why (the events that matched: their record numbers and
types, never their values), the legal source, and for offers the assessment of the right
itself. The household is the municipality's own key as given in the event log (it is needed to
act on a signal); with a pseudonym key configured, ``household_ref`` is its keyed pseudonym, and
the views show only that. Errors and logs never contain a household id or a value.
"""

from __future__ import annotations

import json
from datetime import date
from html import escape
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..assessment import Assessment
from ..letter import SourceRef
from ..policy import LocalizedText

Action = Literal["offer", "grant", "reassess", "flag_deadline", "flag_own_error"]

ACTION_LABELS = {
    "nl": {"offer": "aanbieden", "grant": "toekennen zonder aanvraag", "reassess": "opnieuw beoordelen",
           "flag_deadline": "termijn verstreken", "flag_own_error": "eigen fout of vertraging"},
    "en": {"offer": "offer", "grant": "grant without application", "reassess": "assess again",
           "flag_deadline": "deadline passed", "flag_own_error": "own error or delay"},
}


class MatchedEvent(BaseModel):
    """One event a signal matched: its name in the pattern, record number and type."""

    model_config = ConfigDict(frozen=True)

    alias: str
    record: int
    type: str


class SignalHit(BaseModel):
    """One signal that fired for a household, with why and what follows."""

    model_config = ConfigDict(frozen=True)

    policy_id: str
    policy_version: str
    signal: str
    title: LocalizedText
    action: Action
    source: SourceRef
    serves: list[str]
    text: LocalizedText
    """What the authority does now."""
    matches: list[list[MatchedEvent]]
    """Each combination of events that matched the pattern (the events named in it)."""
    assessment: Assessment | None = None
    """For offers, grants and re-assessments: the assessment of the right with the facts the
    events give (missing facts make it undetermined, with the questions to ask)."""
    assessment_problem: str | None = None
    """Why no assessment could be made (never a value)."""

    @property
    def rules_pass(self) -> bool | None:
        """Whether every rule of the letter passes (None without an assessment)."""
        if self.assessment is None:
            return None
        return all(r.result in ("passed", "not_applicable") for r in self.assessment.letter.rules)


class HouseholdSignals(BaseModel):
    """Every signal that fired for one household."""

    model_config = ConfigDict(frozen=True)

    household: str = Field(repr=False)
    """The household key as given in the event log."""
    household_ref: str | None = None
    """Its keyed pseudonym (None without ``$REGELRUIMTE_PSEUDONYM_KEY``)."""
    events: int
    """Valid events of this household known on the reference date."""
    hits: list[SignalHit]

    def __repr__(self) -> str:
        return f"<HouseholdSignals ref={self.household_ref} events={self.events} signals={[h.signal for h in self.hits]}>"

    __str__ = __repr__


class RefusedRecord(BaseModel):
    """A record of the event log that was refused, with why (never its values)."""

    model_config = ConfigDict(frozen=True)

    record: int
    household: str | None = Field(default=None, repr=False)
    problems: list[dict[str, str]]
    """Each with ``field``, ``expected`` and ``message``."""


class SignalCount(BaseModel):
    """How many households one signal fired for."""

    model_config = ConfigDict(frozen=True)

    policy_id: str
    signal: str
    title: LocalizedText
    action: Action
    households: int


class SignalsSummary(BaseModel):
    """Counts of one run; no personal data."""

    model_config = ConfigDict(frozen=True)

    reference_date: date
    policies: list[str]
    """``id@version`` of every policy whose signals ran."""
    skipped_policies: list[str] = Field(default_factory=list)
    """Policies given but not run: without signals, or not valid on the reference date."""
    records: int
    events: int
    """Valid events known on the reference date."""
    refused_records: int
    ignored_records: int
    """Records of event types no given policy declares."""
    ignored_types: dict[str, int] = Field(default_factory=dict)
    after_reference_date: int
    """Valid events dated after the reference date (not yet known then)."""
    households: int
    households_with_signals: int
    too_large: int = 0
    """Households with more events of one policy's types than one session holds (1,000)."""
    signals: list[SignalCount]
    workers: int
    seconds: float


class SignalsResult(BaseModel):
    """Per household, the signals that fired; and the refused records."""

    model_config = ConfigDict(frozen=True)

    summary: SignalsSummary
    households: list[HouseholdSignals]
    refused: list[RefusedRecord]
    """The refused records (at most the first 1,000; ``summary.refused_records`` counts all)."""

    def __repr__(self) -> str:
        s = self.summary
        return (f"<SignalsResult {s.reference_date.isoformat()} households={s.households} with_signals={s.households_with_signals} "
                f"refused={s.refused_records} policies={len(s.policies)}>")

    __str__ = __repr__

    def offers(self) -> list[tuple[HouseholdSignals, SignalHit]]:
        """Every (household, hit) whose action is an offer or a grant."""
        return [(h, hit) for h in self.households for hit in h.hits if hit.action in ("offer", "grant")]

    def to_dict(self, *, show_ids: bool = False) -> dict[str, Any]:
        """A JSON-safe dict. Household ids appear only with ``show_ids`` (else the pseudonym)."""
        exclude: Any = {"households": {"__all__": {"hits": {"__all__": {"assessment"}}}}}
        data = self.model_dump(mode="json", exclude=exclude)
        for h_out, h in zip(data["households"], self.households):
            if not show_ids:
                h_out.pop("household", None)
            for hit_out, hit in zip(h_out["hits"], h.hits):
                hit_out["assessment"] = hit.assessment.to_dict() if hit.assessment is not None else None
                hit_out["rules_pass"] = hit.rules_pass
        if not show_ids:
            for r in data["refused"]:
                r.pop("household", None)
        return data

    def to_json(self, *, show_ids: bool = False, indent: int | None = 2) -> str:
        """Canonical JSON (sorted keys); fact values never, household ids only with ``show_ids``."""
        return json.dumps(self.to_dict(show_ids=show_ids), sort_keys=True, ensure_ascii=False, indent=indent)

    def to_markdown(self, *, lang: str = "nl") -> str:
        return markdown_view(self, lang)

    def to_html(self, *, lang: str = "nl", show_ids: bool = False) -> str:
        """A self-contained HTML page: the summary, then per household the signals."""
        return html_document(self, lang=lang, show_ids=show_ids)

    def __rich__(self) -> Any:
        return rich_view(self)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        from ..render.assessment_views import CSS

        bundle = {"text/plain": repr(self), "text/html": f"<style>{CSS}</style>" + html_fragment(self), "text/markdown": markdown_view(self)}
        if include:
            bundle = {k: v for k, v in bundle.items() if k in include}
        if exclude:
            bundle = {k: v for k, v in bundle.items() if k not in exclude}
        return bundle


# --------------------------------------------------------------------------- views

TEXT = {
    "nl": {"title": "Signalen", "policy": "regeling", "signal": "signaal", "action": "actie", "households": "huishoudens",
           "household": "huishouden", "events": "gebeurtenissen", "why": "waarom", "source": "bron", "assessment": "beoordeling",
           "refused": "geweigerde records", "record": "record", "field": "veld", "expected": "verwacht", "problem": "probleem",
           "summary": "{households} huishoudens, {events} gebeurtenissen; bij {with_signals} huishoudens een signaal; "
                      "{refused} records geweigerd, {ignored} genegeerd (onbekend type), {after} na de peildatum.",
           "all_rules": "alle regels voldaan", "not_all_rules": "nog niet alle regels voldaan", "todo": "wat nu", "ask": "nog nodig",
           "more": "En nog {n} huishoudens; de JSON-uitvoer bevat ze allemaal."},
    "en": {"title": "Signals", "policy": "regulation", "signal": "signal", "action": "action", "households": "households",
           "household": "household", "events": "events", "why": "why", "source": "source", "assessment": "assessment",
           "refused": "refused records", "record": "record", "field": "field", "expected": "expected", "problem": "problem",
           "summary": "{households} households, {events} events; signals for {with_signals} households; "
                      "{refused} records refused, {ignored} ignored (unknown type), {after} after the reference date.",
           "all_rules": "every rule passes", "not_all_rules": "not every rule passes yet", "todo": "what now", "ask": "still needed",
           "more": "And {n} more households; the JSON output has them all."},
}


def _summary_line(r: SignalsResult, lang: str) -> str:
    s = r.summary
    return TEXT[lang]["summary"].format(households=s.households, events=s.events, with_signals=s.households_with_signals,
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
    from ..render.assessment_views import LABELS

    a = hit.assessment
    words = TEXT[lang]["all_rules"] if hit.rules_pass else TEXT[lang]["not_all_rules"]
    questions = ", ".join(q.fact for q in a.questions[:5])
    more = "…" if len(a.questions) > 5 else ""
    return f"{LABELS[lang].get(a.letter.verdict, a.letter.verdict)} ({words})" + (f"; {TEXT[lang]['ask']}: {questions}{more}" if questions else "")


def rich_view(r: SignalsResult, lang: str = "nl", *, show_ids: bool = False, limit: int = 20) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    T = TEXT[lang]
    counts = Table(title=f"{T['title']} {r.summary.reference_date.isoformat()}", title_justify="left", header_style="bold")
    for heading, justify in ((T["policy"], "left"), (T["signal"], "left"), (T["action"], "left"), (T["households"], "right")):
        counts.add_column(heading, justify=justify)  # type: ignore[arg-type]
    for c in r.summary.signals:
        counts.add_row(c.policy_id, c.signal, ACTION_LABELS[lang][c.action], str(c.households))
    parts: list[Any] = [counts, Text(_summary_line(r, lang))]
    if r.households:
        per = Table(header_style="bold")
        for heading in (T["household"], T["signal"], T["why"], T["assessment"]):
            per.add_column(heading, overflow="fold")
        for n, h in enumerate(r.households[:limit], start=1):
            for hit in h.hits:
                per.add_row(_label(h, n, show_ids), f"{hit.signal}\n{ACTION_LABELS[lang][hit.action]}", _why(hit), _verdict(hit, lang))
        parts.append(per)
        if len(r.households) > limit:
            parts.append(Text(T["more"].format(n=len(r.households) - limit)))
    return Group(*parts)


def markdown_view(r: SignalsResult, lang: str = "nl", *, show_ids: bool = False) -> str:
    T = TEXT[lang]

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"

    lines = [f"# {T['title']} {r.summary.reference_date.isoformat()}", "", _summary_line(r, lang), "",
             row([T["policy"], T["signal"], T["action"], T["households"]]), "|---|---|---|---|"]
    lines += [row([c.policy_id, c.signal, ACTION_LABELS[lang][c.action], str(c.households)]) for c in r.summary.signals]
    if r.households:
        lines += ["", row([T["household"], T["signal"], T["why"], T["source"], T["assessment"]]), "|---|---|---|---|---|"]
        for n, h in enumerate(r.households, start=1):
            lines += [row([_label(h, n, show_ids), f"{hit.signal} ({ACTION_LABELS[lang][hit.action]})", _why(hit), hit.source.citation, _verdict(hit, lang)])
                      for hit in h.hits]
    if r.refused:
        lines += ["", f"## {T['refused']}", "", row([T["record"], T["field"], T["expected"], T["problem"]]), "|---|---|---|---|"]
        lines += [row([str(x.record), p["field"], p["expected"], p["message"]]) for x in r.refused for p in x.problems]
    return "\n".join(lines) + "\n"


HTML_LIMIT = 1_000


def html_fragment(r: SignalsResult, lang: str = "nl", *, show_ids: bool = False, assessments: bool = True, limit: int = HTML_LIMIT) -> str:
    """Semantic, escaped HTML: the summary, then at most ``limit`` households (JSON has them all)."""
    from ..render.assessment_views import html_fragment as assessment_html

    T = TEXT[lang]
    e = escape

    def table(caption: str, headers: list[str], rows: list[list[str]]) -> str:
        head = "".join(f'<th scope="col">{e(h)}</th>' for h in headers)
        body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
        return f"<table><caption>{e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"

    parts = [f'<section class="rr" lang="{lang}"><h2>{e(T["title"])} {e(r.summary.reference_date.isoformat())}</h2><p>{e(_summary_line(r, lang))}</p>']
    parts.append(table(T["signal"], [T["policy"], T["signal"], T["action"], T["households"]],
                       [[e(c.policy_id), f"<code>{e(c.signal)}</code><br>{e(c.title.get(lang))}", e(ACTION_LABELS[lang][c.action]), e(str(c.households))]
                        for c in r.summary.signals]))
    for n, h in enumerate(r.households[:limit], start=1):
        parts.append(f"<h3>{e(T['household'])} {e(_label(h, n, show_ids))}</h3>")
        parts.append(table(T["signal"], [T["signal"], T["why"], T["source"], T["todo"], T["assessment"]],
                           [[f"<code>{e(hit.signal)}</code><br>{e(hit.title.get(lang))}<br>{e(ACTION_LABELS[lang][hit.action])}", e(_why(hit)),
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
    from ..render.assessment_views import CSS

    title = f"{TEXT[lang]['title']} {r.summary.reference_date.isoformat()}"
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>{html_fragment(r, lang, show_ids=show_ids)}</main></body></html>\n")
