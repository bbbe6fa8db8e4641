# SPDX-License-Identifier: EUPL-1.2
"""Deterministic texts: the citizen explanation (Dutch at B1, and English) and the professional trace.

No language model: every sentence comes from a template filled with the policy's own texts
(rule texts, purpose descriptions, citations), so the same assessment always gives the same
words, and every claim points to its source. Templates use short sentences and "u".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .money import format_money, format_percent

if TYPE_CHECKING:  # pragma: no cover
    from .assessment import Assessment
    from .policy import Policy

DECIDERS = {
    "nl": {"consulent": "uw consulent", "teamleider": "de teamleider", "college": "het college van burgemeester en wethouders",
           "uitvoeringsorganisatie": "de uitvoeringsorganisatie", "minister": "de minister"},
    "en": {"consulent": "your case worker", "teamleider": "the team leader", "college": "the municipal executive",
           "uitvoeringsorganisatie": "the implementing organisation", "minister": "the minister"},
}

T = {
    "nl": {
        "outcome": "Uitkomst: {label}.",
        "outcome_amount": "Uitkomst: {label}. Het bedrag is {amount}.",
        "undetermined": "We kunnen nog niet beslissen. We hebben eerst meer informatie nodig.",
        "because": "U voldoet niet aan deze regel: {text}",
        "cite": "Dit staat in {citation}.",
        "why": "Waarom is deze regel er? {purpose}",
        "gap": "U zit {gap} boven de grens ({percent}).",
        "gap_under": "U zit {gap} onder de grens ({percent}).",
        "blocks": "Bij u werkt de regel anders uit dan hij bedoeld is.",
        "room": "{authority} mag in uw situatie afwijken van de regel. Dat staat in {citation}. U kunt daar zelf om vragen. Hierover beslist {decider}.",
        "room_weigh": "{authority} kan in bijzondere situaties afwijken van de regel. Dat staat in {citation}. U kunt daarom vragen. Hierover beslist {decider}.",
        "no_room": "De regel laat geen ruimte om af te wijken. Wij melden uw situatie bij wie de regel maakt.",
        "need": "Wij hebben nog deze informatie van u nodig:",
        "lookup": "Sommige gegevens zoeken wij zelf op. Die hoeft u niet te sturen.",
        "objection_nl": "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken bezwaar maken. Dat staat in de Algemene wet bestuursrecht, artikel 6:7.",
        "objection_be": "Bent u het niet eens met deze beslissing? Neem dan contact op met de stad of gemeente. U kunt vragen om de beslissing opnieuw te bekijken.",
        "ask": "Vindt u dat uw situatie bijzonder is? Vertel het ons. Dan kijken wij of wij mogen afwijken.",
    },
    "en": {
        "outcome": "Outcome: {label}.",
        "outcome_amount": "Outcome: {label}. The amount is {amount}.",
        "undetermined": "We cannot decide yet. We first need more information.",
        "because": "You do not meet this rule: {text}",
        "cite": "This is set out in {citation}.",
        "why": "Why does this rule exist? {purpose}",
        "gap": "You are {gap} above the limit ({percent}).",
        "gap_under": "You are {gap} below the limit ({percent}).",
        "blocks": "In your case the rule works out differently from what it is meant for.",
        "room": "{authority} may deviate from the rule in your situation. This is set out in {citation}. You can ask for this yourself. {decider} decides on it.",
        "room_weigh": "{authority} can deviate from the rule in special situations. This is set out in {citation}. You can ask for this. {decider} decides on it.",
        "no_room": "The rule leaves no room to deviate. We report your situation to those who make the rule.",
        "need": "We still need this information from you:",
        "lookup": "We look up some information ourselves. You do not need to send it.",
        "objection_nl": "Do you disagree with this decision? You can object within six weeks. This is set out in the General Administrative Law Act (Awb), article 6:7.",
        "objection_be": "Do you disagree with this decision? Contact the city or municipality. You can ask for the decision to be reviewed.",
        "ask": "Do you think your situation is special? Tell us. We will then check whether we may deviate.",
    },
}


def _label(policy: Policy, verdict: str, lang: str) -> str:
    text = policy.outcome.granted if verdict == "granted" else policy.outcome.denied
    return text.get(lang)


def citizen_text(policy: Policy, a: Assessment, lang: str = "nl") -> str:
    """The explanation for the citizen: what was decided, which rule, why it exists, what they can do."""
    t = T[lang]
    lines: list[str] = []
    letter = a.letter
    if letter.verdict == "undetermined":
        lines.append(t["undetermined"])
    elif letter.amount is not None:
        lines.append(t["outcome_amount"].format(label=_label(policy, letter.verdict, lang), amount=format_money(letter.amount, lang)))
    else:
        lines.append(t["outcome"].format(label=_label(policy, letter.verdict, lang)))

    purposes = {p.id: p for p in policy.purposes}
    if letter.verdict == "denied":
        for r in letter.failed[:3]:
            lines.append(t["because"].format(text=r.text.get(lang).rstrip()) + (" " if r.text.get(lang).rstrip().endswith(".") else ". ") + t["cite"].format(citation=r.source.citation))
            for d in a.discretion.distances:
                if d.rule == r.id and d.unit == "money" and d.relative is not None:
                    key = "gap" if d.gap > 0 else "gap_under"
                    lines.append(t[key].format(gap=format_money(-d.gap if d.gap < 0 else d.gap, lang), percent=format_percent(abs(d.relative), lang)))
                    break
            served = [purposes[pid] for pid in r.serves if pid in purposes]
            if served:
                lines.append(t["why"].format(purpose=served[0].description.get(lang).strip()))

    if a.tension == "letter_blocks_intent":
        lines.append(t["blocks"])
        usable = [o for o in a.discretion.options if o.applies != "no"]
        if usable and a.discretion.note == "deviate_possible":
            o = usable[0]
            decider = DECIDERS[lang].get(o.decided_by, o.decided_by)
            key = "room" if o.applies == "yes" else "room_weigh"
            lines.append(t[key].format(authority=policy.authority, citation=o.legal_basis.citation, decider=decider[0].upper() + decider[1:] if lang == "en" else decider))
        else:
            lines.append(t["no_room"])

    ask = [q for q in a.questions if q.ask_citizen and q.question is not None]
    if ask:
        lines.append(t["need"])
        lines.extend(f"- {q.question.get(lang)}" for q in ask)  # type: ignore[union-attr]
    if any(not q.ask_citizen for q in a.questions):
        lines.append(t["lookup"])
    if letter.verdict != "undetermined":
        if letter.verdict == "denied" and a.tension != "letter_blocks_intent" and not policy.outcome.adverse:
            lines.append(t["ask"])
        lines.append(t["objection_nl"] if policy.country == "nl" else t["objection_be"])
    return "\n".join(lines)


def professional_trace(policy: Policy, a: Assessment, *, show_values: bool = False) -> str:
    """A plain-text trace for the professional: every rule and purpose with id, result, source
    and (only when asked) the values used."""
    out = [
        f"{policy.id} {policy.version} (sha256 {policy.sha256[:12]}), peildatum {a.provenance.reference_date.isoformat()}",
        f"letter: {a.letter.verdict}" + (f", bedrag {a.letter.amount}" if a.letter.amount is not None else ""),
    ]
    for r in a.letter.rules:
        out.append(f"  [{r.result}] {r.id}: {r.condition}  ({r.source.citation}; {r.source.url})")
        if show_values and r.values:
            out.append("      " + ", ".join(f"{k}={_show(v)}" for k, v in r.values.items()))
        if r.missing:
            out.append("      ontbreekt: " + ", ".join(r.missing))
    out.append(f"doel: {a.intent.verdict}" + (f", bedrag {a.intent.amount}" if a.intent.amount is not None else ""))
    for p in a.intent.purposes:
        out.append(f"  [{p.result}] {p.id}: {p.test or '-'}  ({p.source.citation})")
        if show_values and p.values:
            out.append("      " + ", ".join(f"{k}={_show(v)}" for k, v in p.values.items()))
    out.append(f"spanning: {a.tension}; ruimte: {a.discretion.note}")
    for o in a.discretion.options:
        out.append(f"  optie {o.id} ({o.kind}, {o.decided_by}, {o.applies}): {o.legal_basis.citation}")
    for n in a.discretion.no_room:
        out.append(f"  geen ruimte bij {n.rule}: signaal aan {n.signal_to} ({n.source.citation})")
    for d in a.discretion.distances:
        out.append(f"  afstand {d.rule}: {d.comparison}: {d.gap}" + (f" ({format_percent(d.relative)})" if d.relative is not None else ""))
    for f in a.discretion.flips:
        out.append(f"  kleinste wijziging {f.rule}: {f.fact} {f.change}; letter om: {f.flips_letter}")
    return "\n".join(out)


def _show(v: Any) -> str:
    return "?" if v is None else str(v)
