# SPDX-License-Identifier: EUPL-1.2
"""Views of the rule-friction report for a policy adviser: rich, HTML, Markdown and Jupyter.

The conclusions come first (the rules a series of cases calls into question), then per regulation
a table of its rules. One view model feeds every view, so they cannot disagree. Dutch by default.
"""

from __future__ import annotations

from html import escape
from typing import Any

from ..render import markdown
from ..render.html import CSS, bundle
from ..render.registry import View, register
from ..render.text import terminal_text
from .friction import SERIES_URL, Friction

L = {
    "nl": {
        "title": "Wrijving tussen regel en doel", "period": "Periode", "all": "alles in het logboek", "from": "vanaf", "until": "tot",
        "decisions": "besluiten", "corrected": "gecorrigeerd (niet meegeteld)", "conclusions": "Conclusies",
        "none": "Geen regel wordt in een reeks opzij gezet of blokkeert steeds het doel.", "rule": "Regel", "failed": "Niet voldaan",
        "blocked": "Letter blokkeert doel", "set_aside": "Opzij gezet (door)", "followed": "Toch letter gevolgd", "signalled": "Gesignaleerd",
        "no_room": "Geen ruimte", "near": "Net over de grens", "distances": "Afstand tot de grens", "source": "Bron",
        "tension": "Spanning", "decided": "Besluiten", "aligned": "letter en doel sporen", "letter_blocks_intent": "letter blokkeert doel",
        "letter_exceeds_intent": "letter geeft meer dan het doel", "undetermined": "nog niet te bepalen", "follow_letter": "letter gevolgd",
        "use_provision": "ruimte gebruikt", "signal": "gesignaleerd", "legislator": "wetgever", "policy_maker": "regelmaker",
        "versions": "versies", "series": "Een reeks is {n} of meer zaken; 'net over de grens' is binnen {pct}%.",
        "case_law": "Uitspraak", "rules": "Regels",
    },
    "en": {
        "title": "Friction between rule and purpose", "period": "Period", "all": "everything in the log", "from": "from", "until": "until",
        "decisions": "decisions", "corrected": "corrected (not counted)", "conclusions": "Conclusions",
        "none": "No rule is set aside in a series or keeps blocking the purpose.", "rule": "Rule", "failed": "Failed",
        "blocked": "Letter blocks purpose", "set_aside": "Set aside (by)", "followed": "Letter applied anyway", "signalled": "Signalled",
        "no_room": "No room", "near": "Just over the limit", "distances": "Distance to the limit", "source": "Source",
        "tension": "Tension", "decided": "Decisions", "aligned": "letter and purpose agree", "letter_blocks_intent": "letter blocks purpose",
        "letter_exceeds_intent": "letter gives more than the purpose", "undetermined": "undetermined", "follow_letter": "letter followed",
        "use_provision": "room used", "signal": "signalled", "legislator": "legislator", "policy_maker": "rule maker",
        "versions": "versions", "series": "A series is {n} or more cases; 'just over the limit' is within {pct}%.",
        "case_law": "Case law", "rules": "Rules",
    },
}


def view_model(f: Friction, lang: str = "nl") -> dict[str, Any]:
    t = L[lang]
    if f.since is None and f.until is None:
        period = t["all"]
    else:
        period = " ".join(x for x in ((f"{t['from']} {f.since.isoformat()}" if f.since else ""), (f"{t['until']} {f.until.isoformat()}" if f.until else "")) if x)
    conclusions = [(p.title, r.rule, getattr(a, lang)) for p in f.policies for r in p.rules for a in r.advice]
    policies = []
    for p in f.policies:
        rows = []
        for r in p.rules:
            by = ", ".join(f"{role} {n}" for role, n in r.set_aside_by.items())
            rows.append({
                "rule": r.rule, "text": r.text.get(lang) or r.text["nl"], "source": r.source, "failed": r.failed, "blocked": r.blocked,
                "set_aside": f"{r.set_aside}" + (f" ({by})" if by else ""), "followed": r.followed_letter, "signalled": r.signalled,
                "no_room": f"{r.no_room}" + (f" → {t[r.no_room_to]}" if r.no_room_to else ""), "near": r.near,
                "distances": ", ".join(f"{k}: {v}" for k, v in r.distances.items()), "flag": r.series,
            })
        policies.append({
            "title": p.title, "id": p.policy_id, "versions": ", ".join(p.versions), "decisions": p.decisions,
            "tension": ", ".join(f"{t.get(k, k)} {v}" for k, v in p.tension.items()),
            "decided": ", ".join(f"{t.get(k, k)} {v}" for k, v in p.decided.items()), "rows": rows,
        })
    return {"labels": t, "period": period, "decisions": f.decisions, "corrected": f.corrected, "conclusions": conclusions,
            "policies": policies, "note": t["series"].format(n=f.series_threshold, pct=f"{f.near_bp / 100:g}".replace(".", "," if lang == "nl" else "."))}


COLUMNS = ("rule", "failed", "blocked", "set_aside", "followed", "signalled", "no_room", "near", "distances")


def rich_view(f: Friction, lang: str = "nl") -> Any:
    from rich.console import Group
    from rich.table import Table

    vm = view_model(f, lang)
    t = vm["labels"]
    parts: list[Any] = [terminal_text(t["title"], style="bold"),
                        terminal_text(f"{t['period']}: {vm['period']} · {vm['decisions']} {t['decisions']} · {vm['corrected']} {t['corrected']}")]
    parts.append(terminal_text(t["conclusions"], style="bold"))
    if vm["conclusions"]:
        for title, rule, text in vm["conclusions"]:
            parts.append(terminal_text(f"• {title} — {rule}: {text}"))
    else:
        parts.append(terminal_text(t["none"]))
    for p in vm["policies"]:
        table = Table(title=terminal_text(f"{p['title']} ({p['id']}; {t['versions']} {p['versions']}) · {p['decisions']} {t['decisions']}"), title_justify="left",
                      caption=terminal_text(f"{t['tension']}: {p['tension']} · {t['decided']}: {p['decided']}"), caption_justify="left", header_style="bold",
                      expand=True, show_lines=True)
        for col in COLUMNS:
            table.add_column(t[col], ratio=3 if col in ("rule", "distances") else 1, overflow="fold")
        for r in p["rows"]:
            mark = "⚑ " if r["flag"] else ""
            table.add_row(terminal_text(f"{mark}{r['rule']}\n{r['text']}", style="bold" if r["flag"] else ""), *(terminal_text(str(r[c])) for c in COLUMNS[1:]))
        parts.append(table)
    parts.append(terminal_text(vm["note"] + " ABRvS 16-03-2016, ECLI:NL:RVS:2016:709.", style="dim"))
    return Group(*parts)


def markdown_view(f: Friction, lang: str = "nl") -> str:
    vm = view_model(f, lang)
    t = vm["labels"]

    def row(cells: Any) -> str:
        return markdown.row(cells)

    out = [f"# {t['title']}", "", f"{t['period']}: {vm['period']} · {vm['decisions']} {t['decisions']} · {vm['corrected']} {t['corrected']}", "",
           f"## {t['conclusions']}", ""]
    out += [f"- {markdown.bold(f'{title} — {rule}')}: {markdown.text(text)}" for title, rule, text in vm["conclusions"]] or [t["none"]]
    for p in vm["policies"]:
        out += ["", f"## {markdown.text(p['title'])}", "", f"*{markdown.text(p['id'])}; {t['versions']} {p['versions']} · {p['decisions']} {t['decisions']} · "
                f"{t['tension']}: {p['tension']} · {t['decided']}: {p['decided']}*", "", row([t[c] for c in COLUMNS]), row(["---"] * len(COLUMNS))]
        out += [row([markdown.Md(f"{'⚑ ' if r['flag'] else ''}{markdown.code(r['rule'])} {markdown.text(r['text'])}"), *(r[c] for c in COLUMNS[1:])]) for r in p["rows"]]
    out += ["", f"*{vm['note']} [ABRvS 16-03-2016, ECLI:NL:RVS:2016:709]({SERIES_URL})*"]
    return "\n".join(out) + "\n"


def html_fragment(f: Friction, lang: str = "nl") -> str:
    vm = view_model(f, lang)
    t = vm["labels"]
    e = escape
    parts = [f'<section class="rr" lang="{lang}"><h1>{e(t["title"])}</h1>',
             f"<p>{e(t['period'])}: {e(vm['period'])} · {vm['decisions']} {e(t['decisions'])} · {vm['corrected']} {e(t['corrected'])}</p>",
             f"<h2>{e(t['conclusions'])}</h2>"]
    if vm["conclusions"]:
        parts.append("<ul>" + "".join(f"<li><strong>{e(title)} — <code>{e(rule)}</code></strong>: {e(text)}</li>" for title, rule, text in vm["conclusions"]) + "</ul>")
    else:
        parts.append(f"<p>{e(t['none'])}</p>")
    for p in vm["policies"]:
        parts.append(f"<h2>{e(p['title'])}</h2><p>{e(p['id'])}; {e(t['versions'])} {e(p['versions'])} · {p['decisions']} {e(t['decisions'])}<br>"
                     f"{e(t['tension'])}: {e(p['tension'])}<br>{e(t['decided'])}: {e(p['decided'])}</p>")
        head = "".join(f'<th scope="col">{e(t[c])}</th>' for c in COLUMNS)
        body = "".join(
            "<tr>" + f'<th scope="row">{"⚑ " if r["flag"] else ""}<code>{e(r["rule"])}</code><br>{e(r["text"])}<br><small>{e(r["source"])}</small></th>'
            + "".join(f"<td>{e(str(r[c]))}</td>" for c in COLUMNS[1:]) + "</tr>" for r in p["rows"])
        parts.append(f"<table><caption>{e(t['rules'])}: {e(p['title'])}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
    parts.append(f'<p><em>{e(vm["note"])} {e(t["case_law"])}: <a href="{e(SERIES_URL)}">ABRvS 16-03-2016, ECLI:NL:RVS:2016:709</a>.</em></p></section>')
    return "".join(parts)


def html_document(f: Friction, lang: str = "nl") -> str:
    title = L[lang]["title"]
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>{html_fragment(f, lang)}</main></body></html>\n")


def mimebundle(f: Friction, include: Any = None, exclude: Any = None) -> dict[str, str]:
    return bundle(repr(f), html_fragment(f), markdown_view(f), include, exclude)


register(Friction, View(rich=rich_view, mimebundle=mimebundle, html=html_document, markdown=markdown_view))
