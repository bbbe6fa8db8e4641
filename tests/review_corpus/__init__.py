# SPDX-License-Identifier: EUPL-1.2
"""The hand-labelled corpora of issue 15, and how the suite scores the review on them.

* ``explanations.yaml``: 48 pairs of a sound and a flawed citizen explanation, labelled ``not_b1``
  and ``no_why``; scored with the review's judgement of a control's explanation.
* ``controls.yaml``: 54 controls in 27 sound/flawed pairs, each labelled with the criteria C1-C10 it
  must and must not raise. Each control is reviewed in context: a copy of the small regulation in
  ``regulations/`` with the facts as that context knows them (what registers hold, as of when) and
  the amount at stake, made with :func:`regelruimte.change_policy` (so it is checked and compiled as a
  policy file is, its ``applies_to`` condition type-checked), then ``review`` on it, and ``assess`` on
  the case of what the municipality knew before the control (the per-case answer to C4: no plausible
  answer can change the outcome).

How they were built and labelled: README.md.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import regelruimte as rr
from regelruimte.checks.explainability import control_explainability
from regelruimte.model.rules import Control

HERE = Path(__file__).resolve().parent
REPORT: dict[str, list[str]] = {}
"""The scores of the last run, printed at the end of the test session (tests/conftest.py)."""
CRITERIA = tuple(f"C{i}" for i in range(1, 11))
DATE = "2026-03-01"


@functools.cache
def explanations() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load((HERE / "explanations.yaml").read_text(encoding="utf-8"))
    return data


@functools.cache
def controls() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = yaml.safe_load((HERE / "controls.yaml").read_text(encoding="utf-8"))
    return data


@functools.cache
def regulation(name: str) -> rr.Policy:
    return rr.load_policy(HERE / "regulations" / f"{name}.yaml")


def policy_for(entry: dict[str, Any]) -> rr.Policy:
    """The regulation of ``entry`` with its facts as the context knows them, its stake and its one control."""
    base = regulation(entry["regulation"])
    facts = {name: spec.model_dump(mode="python", by_alias=True, exclude_unset=True) for name, spec in base.facts.items()}
    for name, override in (entry.get("facts") or {}).items():
        if name not in facts:
            raise KeyError(f"{entry['id']}: fact {name!r} is not in regulations/{entry['regulation']}.yaml")
        facts[name] = {**facts[name], **override}
    return rr.change_policy(base, facts=facts, controls=[entry["control"]], stake=entry["stake"])


def explanation_judgement(text: str) -> tuple[bool, bool]:
    """(not B1, no why) as the review judges a control with this explanation."""
    reasons = control_explainability(Control.model_validate({"id": "uitleg", "title": "Uitleg", "kind": "document", "explanation": text,
                                                            "serves": ["doel"], "source": "bron"})).reasons
    return "not-b1" in reasons, "no-why" in reasons


@dataclass
class Outcome:
    """What the review and the assessment say about one corpus control."""

    id: str
    raised: set[str]
    codes: list[str]
    need: str | None
    verdict: str


def judge(entry: dict[str, Any]) -> Outcome:
    policy = policy_for(entry)
    cid = entry["control"]["id"]
    r = rr.review(policy)
    found = [f for f in r.findings if f.element == f"controls.{cid}" and not f.justified]
    raised = {c for f in found for c in f.criteria}
    a = rr.assess(policy, {"date": DATE, "facts": entry.get("case") or {}})
    (need,) = [c for c in a.controls if c.id == cid] or [None]
    if need is not None and need.reason == "cannot_change_outcome":
        raised.add("C4")
    (v,) = [v for v in r.controls if v.id == cid]
    return Outcome(cid, raised, sorted(f.code for f in found), None if need is None else need.reason, v.verdict)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, predicted: bool, labelled: bool, what: str) -> None:
        if predicted and labelled:
            self.tp += 1
        elif predicted:
            self.fp += 1
            self.errors.append(f"false positive: {what}")
        elif labelled:
            self.fn += 1
            self.errors.append(f"missed: {what}")
        else:
            self.tn += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def line(self, name: str) -> str:
        return (f"{name:<8} precision {self.precision:.2f} recall {self.recall:.2f}  "
                f"(TP {self.tp}, FP {self.fp}, FN {self.fn}, TN {self.tn})")


def score_explanations() -> tuple[dict[str, Counts], int]:
    """Counts for not-b1 and no-why over every text, and the number of pairs separated (the sound
    text gets neither finding, the flawed text exactly its labels)."""
    counts = {"not-b1": Counts(), "no-why": Counts()}
    separated = 0
    for pair in explanations():
        ok = True
        for side in ("sound", "flawed"):
            t = pair[side]
            not_b1, no_why = explanation_judgement(t["text"])
            counts["not-b1"].add(not_b1, t["not_b1"], f"{pair['id']} {side}")
            counts["no-why"].add(no_why, t["no_why"], f"{pair['id']} {side}")
            ok = ok and not_b1 == t["not_b1"] and no_why == t["no_why"]
        separated += ok
    return counts, separated


def score_controls() -> tuple[dict[str, Counts], dict[str, Outcome], list[str]]:
    """Counts per criterion over the controls that label it, every control's outcome, and the pairs
    not separated (a labelled-not criterion on the sound twin, or a labelled-raise criterion missed on
    the flawed twin)."""
    counts = {c: Counts() for c in CRITERIA}
    outcomes = {e["id"]: judge(e) for e in controls()}
    for e in controls():
        o = outcomes[e["id"]]
        for c in CRITERIA:
            if c in e["must_raise"] or c in e["must_not_raise"]:
                counts[c].add(c in o.raised, c in e["must_raise"], f"{e['id']} ({', '.join(o.codes) or 'no finding'})")
    unseparated = []
    for e in controls():
        if e["id"].endswith("-sound"):
            flawed = next(f for f in controls() if f["id"] == e["pair"])
            wrong_sound = outcomes[e["id"]].raised & set(e["must_not_raise"])
            missed = set(flawed["must_raise"]) - outcomes[flawed["id"]].raised
            if wrong_sound or missed:
                unseparated.append(f"{e['id']}/{flawed['id']}: sound raised {sorted(wrong_sound)}, flawed missed {sorted(missed)}")
    return counts, outcomes, unseparated
