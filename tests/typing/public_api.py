# SPDX-License-Identifier: EUPL-1.2
"""Code as a municipal developer writes it against the public API, checked by ``mypy --strict``
in ``make test`` (``[tool.mypy]`` in pyproject.toml). It is never run: it proves that the types a
user's checker sees are precise (no ``Any`` leaking out of the facade) and that the package ships
``py.typed``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import assert_type

import regelruimte as rr


def use_the_library() -> None:
    assert_type(rr.__version__, str)
    assert_type(rr.bundled_path(), Path)
    policies = rr.load_policies()
    assert_type(policies, rr.PolicySet)
    policy = policies["kwijtschelding_afvalstoffenheffing"]
    assert_type(policy, rr.Policy)
    assert_type(policy.id, str)
    one = rr.load_policy(rr.bundled_path() / "nl" / "zuidplas" / "kwijtschelding.yaml")
    assert_type(one, rr.Policy)

    a = rr.assess(policy, {"date": "2026-03-01", "facts": {"netto_inkomen": "1401.50"}})
    assert_type(a, rr.Assessment)
    amount = a.letter.amount
    assert_type(amount, Decimal | None)
    text: str = a.explain("nl")
    print(text, a.letter.verdict, a.intent.verdict, a.tension, [q.fact for q in a.questions])

    every = rr.assess_all(policies.values(), {"date": "2026-03-01", "facts": {}})
    assert_type(every, rr.AllAssessment)
    assert_type(every.to_json(show_values=False, indent=None), str)

    r = rr.review(policy)
    assert_type(r, rr.Review)
    findings: list[rr.Finding] = list(r.findings)
    print(len(findings))

    try:
        rr.load_policy("missing.yaml")
    except rr.PolicyLoadError as exc:
        for problem in exc.problems:
            print(problem.path, problem.line, problem.code)

    with rr.DecisionLog("besluiten.db") as log:
        entry = log.record(a, decision="follow_letter", role="consulent", reason="De letter is gevolgd.")
        assert_type(entry.id, int)
        report = log.friction()
        print(report.flagged, log.verify().ok, len(log))
    draft = rr.register_draft(policy, organisation="Gemeente Zuidplas")
    print(draft.to_json())
