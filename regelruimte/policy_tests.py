# SPDX-License-Identifier: EUPL-1.2
"""Run a policy's example tests: the letter, amount, intent, tension, per-rule results, room and
proportionality; and the court score, how many tests built from a published ruling or ombudsman
report the library follows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from ._exact import in_context
from ._messages import Text
from .assessment import Assessment, assess
from .assessment.intent import IntentResult
from .assessment.letter import LetterResult
from .assessment.room import Room
from .model.policy import ExpectedPart, Policy, PolicyTest

Status = Literal["passed", "failed", "expected_failure", "unexpected_pass"]
COURT_LEVELS = ("rechtspraak", "ombudsman")


@dataclass(frozen=True)
class TestOutcome:
    """The result of one example test.

    ``matched`` says whether the assessment met every expectation; ``passed`` whether the test
    succeeds as marked: a match, or a mismatch on a test marked ``expected_failure``."""

    policy_id: str
    index: int
    name: str
    passed: bool
    differences: list[str] = field(default_factory=list)
    letter: LetterResult | None = None
    intent: IntentResult | None = None
    tension: str = ""
    assessment: Assessment | None = None
    matched: bool = True
    expected_failure: str | None = None
    """The reason the test is marked as not yet reproducible, if it is."""
    ruling: str | None = None
    """The ECLI or report number of the ruling or ombudsman report the test is built from."""
    said: list[Text] = field(default_factory=list)
    """The differences as messages, to say them in Dutch or English (``differences`` is English)."""

    __test__ = False  # not a pytest class

    def differences_in(self, lang: str) -> list[str]:
        """The differences from the expectation in ``lang`` (``nl`` or ``en``)."""
        return [d.render(lang) for d in self.said] if self.said else list(self.differences)

    @property
    def status(self) -> Status:
        if self.expected_failure is None:
            return "passed" if self.matched else "failed"
        return "unexpected_pass" if self.matched else "expected_failure"


def proportionality_conclusion(a: Assessment) -> str | None:
    """The conclusion of the proportionality test: disproportionate when a step says no,
    proportionate when every step says yes, otherwise to weigh; None without an adverse outcome."""
    return conclusion_of(a.discretion)


def conclusion_of(room: Room) -> str | None:
    """The proportionality conclusion of one room (of the case, or of one part)."""
    p = room.proportionality
    if p is None:
        return None
    stated = getattr(p, "conclusion", None)  # a conclusion the assessment states itself wins
    if isinstance(stated, str):
        return stated
    findings = {s.finding for s in p.steps}
    return "disproportionate" if "no" in findings else "proportionate" if findings == {"yes"} else "to_weigh"


def ruling_of(policy: Policy, test: PolicyTest) -> str | None:
    """The ECLI or report number of the ruling or report a test is built from, if it is one."""
    if test.source is None:
        return None
    src = policy.all_sources.get(test.source)
    if src is None or src.level not in COURT_LEVELS:
        return None
    return src.ecli or src.reference or src.id


@in_context
def run_test(policy: Policy, index: int) -> TestOutcome:
    """Run example test ``index`` of ``policy`` and compare every stated expectation."""
    test: PolicyTest = policy.tests[index]
    periods = [{"start": p.start, "end": p.end, "facts": p.facts} for p in test.periods]
    a = assess(policy, {"date": test.date, "facts": policy.test_facts(index), **({"periods": periods} if periods else {})})
    letter, intent, tension = a.letter, a.intent, a.tension
    exp = test.expect
    diffs = _differences(exp, a.letter, a.intent, a.tension, a.discretion, "")
    for rule_id, expected in (exp.rules or {}).items():
        got = next(r.result for r in letter.rules if r.id == rule_id)
        if got != expected:
            diffs.append(Text("test-rule", rule=rule_id, expected=expected, got=got))
    if exp.granted_for is not None:
        got_spans = [(sp.start, sp.end) for sp in letter.granted_for]
        want = [(sp.start, sp.end) for sp in exp.granted_for]
        if got_spans != want:
            diffs.append(Text("test-granted-for", expected=_spans(want), got=_spans(got_spans) or NONE))
    parts = {p.id: p for p in a.parts}
    for part_id, expected_part in (exp.parts or {}).items():
        p = parts[part_id]
        diffs += _differences(expected_part, p.letter, p.intent, p.tension, p.discretion, Text("test-part", part=part_id))
    matched = not diffs
    passed = matched if test.expected_failure is None else not matched
    if test.expected_failure is not None and matched:
        diffs.append(Text("test-marked-passes"))
    return TestOutcome(policy.id, index, test.name, passed, [d.render("en") for d in diffs], letter, intent, tension, a,
                       matched=matched, expected_failure=test.expected_failure, ruling=ruling_of(policy, test), said=diffs)


NONE = Text("test-none")


def _spans(spans: list[tuple[Any, Any]]) -> str:
    return ", ".join(f"{a.isoformat()}..{b.isoformat()}" for a, b in spans)


def _yes_no(value: bool) -> Text:
    return Text("test-true" if value else "test-false")


def _differences(exp: ExpectedPart, letter: LetterResult, intent: IntentResult, tension: str, room: Room, part: Text | str) -> list[Text]:
    """What differs from the expectation, for the case or (with ``part``) one part of it."""
    diffs: list[Text] = []
    if letter.verdict != exp.letter:
        diffs.append(Text("test-letter", part=part, expected=exp.letter, got=letter.verdict))
    if exp.amount is not None and letter.amount != exp.amount:
        diffs.append(Text("test-amount", part=part, expected=exp.amount, got=letter.amount))
    if exp.intent is not None and intent.verdict != exp.intent:
        diffs.append(Text("test-intent", part=part, expected=exp.intent, got=intent.verdict))
    if exp.tension is not None and tension != exp.tension:
        diffs.append(Text("test-tension", part=part, expected=exp.tension, got=tension))
    offered = {o.id for o in room.options if o.applies != "no"}
    for provision in exp.room or []:
        if provision not in offered:
            diffs.append(Text("test-room", part=part, provision=provision, offered=sorted(offered) or NONE))
    if exp.no_room is not None and bool(room.no_room) != exp.no_room:
        diffs.append(Text("test-no-room", part=part, expected=_yes_no(exp.no_room), got=_yes_no(bool(room.no_room))))
    if exp.proportionality is not None:
        got_p = conclusion_of(room)
        if got_p != exp.proportionality:
            diffs.append(Text("test-proportionality", part=part, expected=exp.proportionality, got=got_p or NONE))
    return diffs


def run_tests(policy: Policy) -> list[TestOutcome]:
    """Run every example test of ``policy``."""
    return [run_test(policy, i) for i in range(len(policy.tests))]


@dataclass(frozen=True)
class CourtScore:
    """How many example tests built from a published ruling or ombudsman report the library follows."""

    followed: int
    expected_failures: int
    failed: int
    """Ruling tests that fail without being marked, or that pass while marked."""
    rulings: int
    """Distinct rulings and reports behind these tests."""

    __test__ = False

    @property
    def total(self) -> int:
        return self.followed + self.expected_failures + self.failed

    def sentence(self, lang: str = "nl") -> str:
        if lang == "en":
            text = f"Tested against case law: {self.followed} of {self.total} rulings followed; {self.expected_failures} expected to fail"
            return text + (f"; {self.failed} failing" if self.failed else "")
        text = f"Getoetst aan rechtspraak: {self.followed} van {self.total} uitspraken gevolgd; {self.expected_failures} verwacht mislukt"
        return text + (f"; {self.failed} mislukt" if self.failed else "")


def court_score(outcomes: Iterable[TestOutcome]) -> CourtScore:
    """The court score of a set of test outcomes: only tests whose source is a ruling or report count."""
    court = [o for o in outcomes if o.ruling is not None]
    return CourtScore(
        followed=sum(o.status == "passed" for o in court),
        expected_failures=sum(o.status == "expected_failure" for o in court),
        failed=sum(o.status in ("failed", "unexpected_pass") for o in court),
        rulings=len({o.ruling for o in court}),
    )
