# SPDX-License-Identifier: EUPL-1.2
"""A synthetic year of decisions: the synthetic population assessed, and decisions taken on it.

For examples, tests and benchmarks of the decision log and the friction report. Nobody in it
exists, and neither do the decisions: who applies and how professionals decide is **illustrative**,
chosen so that the report has something to find. People apply when they expect something: a
household the screening finds entitled applies with chance ``granted``, one where the letter blocks
the purpose with chance ``blocked``, any other with chance ``other``. Where the letter blocks the purpose and a provision can
bridge it, a professional uses it (85% when the provision's own condition holds, 50% when it is to
be weighed), in the role the provision names; where the law leaves no room, the case is signalled
(70%) or the letter applied; otherwise the letter is followed. One in a hundred decisions is later
corrected by a new entry. Deterministic for a seed. Needs numpy (the ``synthetic`` extra).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from typing import Any, Protocol

from ..assessment.pipeline import assess
from ..assessment.result import Assessment
from ..model.policy import Policy
from ..screening.pipeline import screen
from .population import generate

SYNTHETIC_KEY = "synthetic-year-not-a-real-key"
"""The pseudonym key of the synthetic cases (a real deployment never ships its key)."""


def decisions(policies: Iterable[Policy] | Mapping[str, Policy], households: int = 500, *, seed: int = 2026, year: int = 2026,
              granted: float = 0.3, blocked: float = 0.9, other: float = 0.03, key: str = SYNTHETIC_KEY) -> Iterator[tuple[Assessment, dict[str, Any]]]:
    """``(assessment, decision)`` for a year: ``decision`` holds the keyword arguments of
    :meth:`regelruimte.DecisionLog.record` (decision, role, reason, provision, decision_date)."""
    items = sorted(policies.values() if isinstance(policies, Mapping) else policies, key=lambda p: p.id)
    middle = date(year, 7, 1)
    valid = [p for p in items if p.applies_on(middle)]
    frame = generate(valid, households, seed=seed, reference_date=middle, take_up=False)
    screened = screen(valid, frame, date=middle).frame
    expect = {(str(i), str(p)): (str(v), str(t)) for i, p, v, t in screened.select("id", "policy", "letter", "tension").iter_rows()}
    rng = random.Random(seed)
    for row in frame.iter_rows(named=True):
        for p in valid:
            verdict, tension = expect[(row["id"], p.id)]
            chance = blocked if tension == "letter_blocks_intent" else granted if verdict == "granted" else other
            if rng.random() >= chance:
                continue
            day = date(year, rng.randint(1, 12), rng.randint(1, 28))
            if not p.applies_on(day):
                continue
            facts = {name: row[name] for name in p.facts if row.get(name) is not None}
            a = assess(p, {"date": day, "facts": facts, "id": f"{row['id']}-{p.id}"}, key=key)
            yield a, _decide(a, rng, day)


def _decide(a: Assessment, rng: random.Random, day: date) -> dict[str, Any]:
    when = day + timedelta(days=rng.randint(0, 20))
    base: dict[str, Any] = {"decision_date": when, "provision": None}
    if a.tension == "letter_blocks_intent":
        usable = sorted((o for o in a.discretion.options if o.applies != "no"), key=lambda o: (o.applies != "yes", o.id))
        if usable and rng.random() < (0.85 if usable[0].applies == "yes" else 0.5):
            o = usable[0]
            return {**base, "decision": "use_provision", "provision": o.id, "role": o.decided_by,
                    "reason": f"De letter werkt hier tegen het doel van de regeling in; afgeweken met: {o.title.nl}."}
        if a.discretion.no_room and rng.random() < 0.7:
            return {**base, "decision": "signal", "role": "teamleider",
                    "reason": "De letter blokkeert het doel en de regeling laat geen ruimte: gesignaleerd aan wie de regel maakt."}
        return {**base, "decision": "follow_letter", "role": "consulent", "reason": "De letter is gevolgd; er was geen ruimte die paste."}
    return {**base, "decision": "follow_letter", "role": "consulent", "reason": "De letter is gevolgd; letter en doel sporen of het doel vraagt niet meer."}


class _Log(Protocol):
    """What :func:`fill` needs of a :class:`regelruimte.DecisionLog` (this package sits below it)."""

    def batch(self) -> Any: ...


def fill(log: _Log, policies: Iterable[Policy] | Mapping[str, Policy], households: int = 500, *, seed: int = 2026,
         year: int = 2026, batch: int = 500, key: str = SYNTHETIC_KEY) -> int:
    """Record a synthetic year in ``log`` (in batches), with about 1% corrected afterwards.
    Returns the number of entries written."""
    rng = random.Random(seed + 1)
    written: list[tuple[int, Assessment, dict[str, Any]]] = []
    pending: list[tuple[Assessment, dict[str, Any]]] = []

    def flush() -> None:
        with log.batch() as b:
            for a, d in pending:
                b.record(a, **d)
        written.extend((e.id, a, d) for e, (a, d) in zip(b.entries, pending))
        pending.clear()

    for a, d in decisions(policies, households, seed=seed, year=year, key=key):
        pending.append((a, d))
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    count = len(written)
    with log.batch() as b:
        for number, a, d in written:
            if rng.random() < 0.01:
                b.record(a, **{**d, "decision": "follow_letter", "provision": None, "role": "teamleider",
                               "reason": "Correctie na bezwaar: het besluit is heroverwogen."}, corrects=number)
    return count + len(b.entries)
