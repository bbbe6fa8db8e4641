# SPDX-License-Identifier: EUPL-1.2
"""What changed between two assessments of one case (a what-if or an answered question).

``Assessment.diff`` builds a :class:`Difference`: the letter's verdict and amount, the intent's
verdict, the tension and the questions still open, each before and after. The facts that differ are
named; their values only with ``show_values`` (they are the case's personal data).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .._display import Displayable

ASPECTS = ("letter", "amount", "intent", "tension", "questions")
"""What a difference compares, in this order."""

LABELS = {"letter": ("Letter van de regel", "Letter of the rule"), "amount": ("Bedrag", "Amount"),
          "intent": ("Doel van de regel", "Purpose of the rule"), "tension": ("Spanning", "Tension"),
          "questions": ("Open vragen", "Open questions")}
"""(Dutch, English) name of each aspect."""


class Change(BaseModel):
    """One aspect that differs: its value before and after (as text; ``None`` when absent)."""

    model_config = ConfigDict(frozen=True)

    aspect: str
    """One of :data:`ASPECTS`."""
    before: str | None
    after: str | None

    def label(self, lang: str = "nl") -> str:
        """The aspect's name in ``lang``."""
        return LABELS[self.aspect][1 if lang == "en" else 0]


class Difference(Displayable, BaseModel):
    """What changed from one assessment to another (``before.diff(after)``)."""

    model_config = ConfigDict(frozen=True)

    policy_id: str
    changes: list[Change]
    """The aspects that differ, in the order of :data:`ASPECTS`; empty when the outcome is the same."""
    facts: list[str] = Field(default_factory=list)
    """The names of the facts that differ (added, changed or dropped), sorted; never their values."""
    fact_values: dict[str, tuple[Any, Any]] = Field(default_factory=dict, repr=False)
    """Per differing fact its (before, after) value: only filled with ``show_values=True``."""

    def __bool__(self) -> bool:
        return bool(self.changes)

    def lines(self, lang: str = "nl") -> list[str]:
        """The difference as lines of plain text: one per changed aspect, then the facts."""
        out = [f"{c.label(lang)}: {c.before or '-'} -> {c.after or '-'}" for c in self.changes]
        if not out:
            out.append("Geen verschil in de uitkomst." if lang != "en" else "The outcome is the same.")
        if self.facts:
            out.append(("Facts changed: " if lang == "en" else "Gewijzigde feiten: ") + ", ".join(self.facts))
        for name, (old, new) in sorted(self.fact_values.items()):
            out.append(f"  {name}: {'-' if old is None else old} -> {'-' if new is None else new}")
        return out

    def text(self, lang: str = "nl") -> str:
        """:meth:`lines` joined by newlines."""
        return "\n".join(self.lines(lang))

    def __repr__(self) -> str:
        aspects = ", ".join(c.aspect for c in self.changes) or "none"
        return f"<Difference {self.policy_id} changed={aspects} facts={len(self.facts)}>"

    __str__ = __repr__


def _questions(a: Any) -> str | None:
    return ", ".join(q.fact for q in a.questions) or None


def _aspects(a: Any) -> dict[str, str | None]:
    amount = a.letter.amount
    return {"letter": a.letter.verdict, "amount": None if amount is None else str(amount), "intent": a.intent.verdict,
            "tension": a.tension, "questions": _questions(a)}


def difference(before: Any, after: Any, *, show_values: bool = False) -> Difference:
    """What changed from ``before`` to ``after`` (two :class:`~regelruimte.Assessment` objects)."""
    if before.provenance.policy_id != after.provenance.policy_id:
        raise ValueError(f"these assessments are of different policies ({before.provenance.policy_id!r} and {after.provenance.policy_id!r})")
    old, new = _aspects(before), _aspects(after)
    changes = [Change(aspect=k, before=old[k], after=new[k]) for k in ASPECTS if old[k] != new[k]]
    f_old, f_new = before._facts or {}, after._facts or {}
    names = sorted(n for n in set(f_old) | set(f_new) if f_old.get(n, _ABSENT) != f_new.get(n, _ABSENT))
    values = {n: (f_old.get(n), f_new.get(n)) for n in names} if show_values else {}
    return Difference(policy_id=before.provenance.policy_id, changes=changes, facts=names, fact_values=values)


_ABSENT = object()
