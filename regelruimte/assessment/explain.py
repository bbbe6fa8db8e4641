# SPDX-License-Identifier: EUPL-1.2
"""Deterministic texts: the citizen explanation (Dutch at B1, and English) and the professional trace.

No language model: every sentence comes from a template filled with the policy's own texts
(rule texts, purpose descriptions, citations), so the same assessment always gives the same
words, and every claim points to its source. Templates use short sentences and "u".
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from .._exact import in_context
from .._texts import CITIZEN as T
from .._texts import DECIDERS
from ..model.policy import Policy
from ..money import format_money, format_percent
from .calculation import Step
from .calculation import show as show_step
from .data_items import DataItem
from .flips import Distance
from .intent import IntentResult
from .letter import LetterResult
from .questions import Question
from .room import Room, has_room_for


def _label(policy: Policy, verdict: str, lang: str) -> str:
    text = policy.outcome.granted if verdict == "granted" else policy.outcome.denied
    return text.get(lang)


# The texts below are made of a policy's own texts (never of a case's values), the same on every
# case: each is kept per text (a few thousand at most) instead of being written again per case.
@functools.lru_cache(maxsize=4096)
def _sentence(text: str) -> str:
    """A rule's text as one quoted sentence: trimmed, ending in a full stop."""
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else text + "."


@functools.lru_cache(maxsize=4096)
def _because(lang: str, text: str, citation: str) -> str:
    """The line that names a failed rule and its source."""
    t = T[lang]
    return t["because"].format(text=_sentence(text)) + " " + t["cite"].format(citation=citation)


@functools.lru_cache(maxsize=4096)
def _why(lang: str, purpose: str) -> str:
    """The line that says why a rule exists: the description of the purpose it serves."""
    return T[lang]["why"].format(purpose=purpose.strip())


@functools.lru_cache(maxsize=4096)
def _one_line(text: str) -> str:
    """A policy's label on one line, without a closing full stop."""
    return " ".join(text.split()).rstrip(".")


def citizen_text(policy: Policy, letter: LetterResult, tension: str, room: Room, questions: list[Question], lang: str = "nl", day: date | None = None, *,
                 show_values: bool = False, data: list[DataItem] | None = None) -> str:
    """The explanation for the citizen: what was decided, which rule, why it exists, what they can do.
    How far the case is from a limit is said in euros only with ``show_values`` (docs/privacy.md)."""
    t = T[lang]
    lines: list[str] = []
    if letter.verdict == "undetermined":
        lines.append(t["undetermined"])
    elif letter.amount is not None:
        lines.append(t["outcome_amount"].format(label=_label(policy, letter.verdict, lang), amount=format_money(letter.amount, lang)))
    else:
        lines.append(t["outcome"].format(label=_label(policy, letter.verdict, lang)))

    failed = letter.failed if letter.verdict == "denied" else []
    if letter.verdict == "denied":
        purposes = {p.id: p for p in policy.purposes}
        for r in failed[:3]:
            lines.append(_because(lang, r.text.get(lang), r.source.citation))
            for d in room.distances:
                if d.rule == r.id and d.unit == "money" and d.relative is not None and d.gap is not None:
                    lines.extend(_distance_lines(d, lang, show_values))
                    break
            lines.extend(_calculation(r.calculation, t["calculation"], lang, show_values))
            served = [purposes[pid] for pid in r.serves if pid in purposes]
            if served:
                lines.append(_why(lang, served[0].description.get(lang)))
    elif letter.amount is not None:
        lines.extend(_calculation(letter.amount_calculation, t["calculation_amount"], lang, show_values))

    if policy.outcome.adverse and letter.verdict == "granted":
        lines.extend(_adverse_reasons(policy, letter, room, lang))

    if tension == "letter_blocks_intent":
        lines.append(t["blocks"])
        # where it comes from: the fact the purpose reads differently from the letter
        lines.extend(t["diverges"].format(reading=c.reading.get(lang).strip()) for c in room.causes[:2])
        usable = [o for o in room.options if o.applies != "no"]
        if usable and room.note == "deviate_possible":
            o = usable[0]
            decider = DECIDERS[lang].get(o.decided_by, o.decided_by)
            key = "room" if o.applies == "yes" else "room_weigh"
            lines.append(t[key].format(authority=policy.authority, citation=o.legal_basis.citation, decider=decider[0].upper() + decider[1:] if lang == "en" else decider))
        else:
            lines.append(t["no_room"])
    elif room.note == "divergence_possible":  # the tension is open, but the letter may block the purpose
        usable = [o for o in room.options if o.applies != "no"]
        if usable:
            lines.append(t["maybe_room"].format(authority=policy.authority, citation=usable[0].legal_basis.citation))

    decided = letter.verdict != "undetermined"
    # invite the citizen to ask for room only where the policy has room for the failed rules
    ask_room = (letter.verdict == "denied" and tension != "letter_blocks_intent" and not policy.outcome.adverse and day is not None
                and has_room_for(policy, [r.id for r in failed], day))
    lines.extend(closing_lines(policy, questions, lang, data=(data or ()) if decided else (), ask_room=ask_room, objection=decided))
    return "\n".join(lines)


def closing_lines(policy: Policy, questions: Sequence[Question], lang: str, *, data: Sequence[DataItem] = (), ask_room: bool = False,
                  objection: bool) -> list[str]:
    """The closing lines of a citizen text, shared by a single decision, a decision in parts and a
    decision per period: the data the decision rests on (only when one of ``data`` has a
    provenance; the caller passes none where it must not show them), the questions the citizen
    still has to answer, the line that the authority looks the other facts up, the invitation to
    ask for room (``ask_room``) and the line on how to object (``objection``, Dutch or Belgian by
    the policy's country)."""
    t = T[lang]
    lines: list[str] = []
    if data and any(d.provenance is not None for d in data):
        lines.append(t["data"])
        lines.extend(f"- {data_line(d, lang)}" for d in data)
    ask = [q for q in questions if q.ask_citizen and q.question is not None]
    if ask:
        lines.append(t["need"])
        lines.extend(f"- {q.question.get(lang)}" for q in ask)  # type: ignore[union-attr]
    if any(not q.ask_citizen for q in questions):
        lines.append(t["lookup"])
    if ask_room:
        lines.append(t["ask"])
    if objection:
        lines.append(t["objection_nl"] if policy.country == "nl" else t["objection_be"])
    return lines


def shows_figures(letter: LetterResult, room: Room) -> bool:
    """Whether :func:`citizen_text` with ``show_values`` says more than without: only where it
    writes a calculation (of a failed rule, or of the amount) or a refusal's distance in euros
    (not for a case exactly at a limit without a name: that line is the same either way). Mirrors
    the branches of :func:`citizen_text` and :func:`_distance_lines`: where it is false, both texts
    are the same, where it is true they differ (in at least one language)."""
    if letter.verdict == "denied":
        for r in letter.failed[:3]:
            if r.calculation:
                return True
            d = next((d for d in room.distances if d.rule == r.id and d.unit == "money" and d.relative is not None and d.gap is not None), None)
            if d is not None and (d.position != "at" or any(_limit_text(d, lang) for lang in ("nl", "en"))):
                return True
        return False
    return letter.amount is not None and bool(letter.amount_calculation)


def _adverse_reasons(policy: Policy, letter: LetterResult, room: Room, lang: str) -> list[str]:
    """For an adverse outcome that is applied: the rule it rests on, why that rule exists, and the
    reason the outcome is (or is not, or not yet) in proportion; also where letter and purpose agree."""
    t = T[lang]
    passed = [r for r in letter.rules if r.result == "passed"]
    carrying = [r for r in passed if policy.outcome.source is not None and r.source.id == policy.outcome.source] or passed[:1]
    purposes = {p.id: p for p in policy.purposes}
    lines: list[str] = []
    for r in carrying[:1]:
        text = r.text.get(lang).strip()
        lines.append(t["applies"].format(text=text) + (" " if text.endswith(".") else ". ") + t["cite"].format(citation=r.source.citation))
        served = [purposes[pid] for pid in r.serves if pid in purposes]
        if served:
            lines.append(t["why"].format(purpose=served[0].description.get(lang).strip()))
    prop = room.proportionality
    if prop is None:
        return lines
    if prop.conclusion == "proportionate":
        lines.append(t["proportionate"])
        lines.extend(f"- {r.get(lang)}" for r in prop.reasons)
    elif prop.conclusion == "disproportionate":
        lines.append(t["disproportionate"])
        lines.extend(f"- {r.get(lang)}" for r in prop.reasons)
    else:
        decider = DECIDERS[lang].get(prop.decided_by or "", t["someone"])
        lines.append(t["to_weigh"].format(decider=decider))
    return lines


@in_context
def professional_trace(policy: Policy, letter: LetterResult, intent: IntentResult, tension: str, room: Room, reference_date: date, *,
                       show_values: bool = False, data: list[DataItem] | None = None) -> str:
    """A plain-text trace for the professional: every rule and purpose with id, result, source
    and (only when asked) the values used."""
    out = [
        f"{policy.id} {policy.version} (sha256 {policy.sha256[:12]}), peildatum {reference_date.isoformat()}",
        f"letter: {letter.verdict}" + (f", bedrag {letter.amount}" if letter.amount is not None else ""),
    ]
    for r in letter.rules:
        out.append(f"  [{r.result}] {r.id}: {r.condition}  ({r.source.citation}; {r.source.url})")
        if show_values and r.values:
            out.append("      " + ", ".join(f"{k}={_show(v)}" for k, v in r.values.items()))
        if r.missing:
            out.append("      ontbreekt: " + ", ".join(r.missing))
        out.extend(_trace_steps(r.calculation, show_values))
    if letter.amount_calculation:
        out.append("  bedrag:")
        out.extend(_trace_steps(letter.amount_calculation, show_values))
    if data:
        out.append("gegevens:")
        out.extend(f"  {d.fact}: {data_line(d, 'nl')}" + (f" = {_show(d.value)}" if show_values else "") for d in data)
    out.append(f"doel: {intent.verdict}" + (f", bedrag {intent.amount}" if intent.amount is not None else ""))
    for p in intent.purposes:
        out.append(f"  [{p.result}] {p.id}: {p.test or '-'}  ({p.source.citation})")
        if show_values and p.values:
            out.append("      " + ", ".join(f"{k}={_show(v)}" for k, v in p.values.items()))
    out.append(f"spanning: {tension}; ruimte: {room.note}")
    for o in room.options:
        out.append(f"  optie {o.id}" + (f" [deel {o.part}]" if o.part else "") + f" ({o.kind}, {o.decided_by}, {o.applies}): {o.legal_basis.citation}" + (f"; hangt af van: {', '.join(o.depends_on)}" if o.depends_on else ""))
    for n in room.no_room:
        out.append(f"  geen ruimte bij {n.rule}" + (f" [deel {n.part}]" if n.part else "") + f": signaal aan {n.signal_to} ({n.source.citation})")
    prop = room.proportionality
    if prop is not None:
        out.append(f"  evenredigheid: {prop.conclusion} ({', '.join(f'{s.step}={s.finding}' for s in prop.steps)}; intensiteit {prop.intensity})"
                   + (f"; ruimte: {', '.join(prop.room)}" if prop.room else "") + (f"; weegt: {prop.decided_by}" if prop.decided_by else "")
                   + (f"; open: {', '.join(prop.open_facts)}" if prop.open_facts else ""))
        for w in prop.weighing:
            out.append(f"    weegt {'tegen' if w.weighs == 'against' else 'voor'}{' (beslissend)' if w.decisive else ''} {w.id} [{w.factor}]: {w.holds} ({w.source.citation})")
    for c in room.divergence:
        shown = c.change if show_values or c.unit == "value" else c.direction
        smallest = "" if shown is None else f"; kleinste wijziging aan die kant: {c.fact} {shown}"
        out.append(f"  verschil komt van {c.fact}: het doel leest dit, de letter niet{smallest}" + (f" (geen ruimte: {', '.join(c.no_room)})" if c.no_room else ""))
    for d in room.distances:
        limit = d.left if d.limit == "left" else d.right
        figures = f": {d.position} {limit}" + (f"; geval {d.case_value}, grens {d.limit_value}, verschil {d.gap}" if show_values else "") \
            + (f" ({format_percent(d.relative)})" if show_values and d.relative is not None else "")
        out.append(f"  afstand {d.rule}: {d.comparison}{figures}")
    for f in room.flips:
        change = f.change if show_values or f.unit == "value" else f.direction
        out.append(f"  kleinste wijziging {f.rule}: {f.fact} {change}; letter om: {f.flips_letter}")
    return "\n".join(out)


def data_line(d: DataItem, lang: str) -> str:
    """Where one data item came from, its date and who supplied it (never its value)."""
    t = T[lang]
    label = _one_line(d.label.get(lang))
    p = d.provenance
    if p is None:
        return f"{label}: {t['data_unknown']}."
    name = p.register_ if p.source == "register" else p.document
    where = t["data_" + p.source].format(name=name or p.source)
    when = f", {t['data_as_of'].format(date=p.as_of.isoformat())}" if p.as_of is not None else ""
    return f"{label}: {where}{when}; {t['data_' + p.supplied_by]}."


def _distance_lines(d: Distance, lang: str, show_values: bool) -> list[str]:
    """How far the case is from a limit: which side of it (never "above" for a case below it),
    what the limit is and, only with ``show_values``, both figures and the gap."""
    t = T[lang]
    key = {"above": "gap", "below": "gap_under", "at": "gap_at"}[d.position]
    limit = _limit_text(d, lang)
    if not show_values or d.gap is None or d.relative is None:
        return [t[key + "_named"].format(limit=limit) if limit else t[key + "_only"]]
    lines = []
    if d.case_label is not None and limit and isinstance(d.case_value, Decimal) and isinstance(d.limit_value, Decimal):
        case = _one_line(d.case_label.get(lang))
        lines.append(t["sides"].format(case=case, case_value=format_money(d.case_value, lang), limit=_lower_first(limit), limit_value=format_money(d.limit_value, lang)))
    if d.position == "at":
        lines.append(t["gap_at_only"])
    else:
        lines.append(t[key].format(gap=format_money(abs(Decimal(d.gap)), lang), percent=format_percent(abs(d.relative), lang)))
    return lines


def _limit_text(d: Distance, lang: str) -> str | None:
    """The name of the limit a distance is measured to, as a citizen text says it (None without one)."""
    return _one_line(d.limit_label.get(lang)) if d.limit_label is not None else None


def _lower_first(text: str | None) -> str:
    return text[:1].lower() + text[1:] if text else ""


def _calculation(steps: list[Step], heading: str, lang: str, show_values: bool) -> list[str]:
    """The chain behind a failed rule or an amount for the citizen: each step's label, and its
    figure only with ``show_values`` (money in whole cents)."""
    if not steps:
        return []
    lines = [heading]
    for s in steps:
        label = _one_line(s.label.get(lang))
        lines.append(f"- {label}: {show_step(s, lang)}." if show_values else f"- {label}.")
    return lines


def _trace_steps(steps: list[Step], show_values: bool) -> list[str]:
    """The chain in the trace: each derived value, its expression and (only when asked) its value."""
    return [f"      = {s.id}: {' '.join(s.expression.split())}" + (f"  -> {show_step(s)}" if show_values else "") for s in steps]


def _show(v: Any) -> str:
    return "?" if v is None else str(v)
