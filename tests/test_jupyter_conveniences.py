# SPDX-License-Identifier: EUPL-1.2
"""Conveniences for a notebook (issue 13 item 19): ``rr.assess`` on a path, ``rr.review`` on a set
of policies, what-ifs with ``with_facts``/``answer`` and their ``diff``, ``hash(assessment)`` and a
tab completion that shows the domain API first."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import regelruimte as rr

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assess"
TOESLAG = FIXTURES / "toeslag.yaml"
DAY = "2026-03-01"
BASE: dict[str, Any] = {
    "netto_inkomen": "900.00", "huishouden": "alleenstaande", "woonlasten": "205.00", "ingeschreven": True,
    "leeftijd": 30, "aanvraagdatum": "2026-02-01", "gedetineerd": False,
}


@pytest.fixture(scope="module")
def toeslag() -> rr.Policy:
    return rr.load_policy(TOESLAG)


def case(**facts: Any) -> dict[str, Any]:
    return {"date": DAY, "facts": {**BASE, **facts}}


# 1. a path to ``assess``, a set of policies to ``review``

@pytest.mark.parametrize("as_path", [str, Path], ids=["str", "Path"])
def test_assess_takes_a_path(toeslag: rr.Policy, as_path: Any) -> None:
    by_path = rr.assess(as_path(TOESLAG), case())
    assert by_path.to_json(show_values=True) == rr.assess(toeslag, case()).to_json(show_values=True)
    assert by_path.provenance.policy_sha256 == toeslag.sha256


def test_assess_takes_any_path_like(toeslag: rr.Policy) -> None:
    class Where(os.PathLike[str]):
        def __fspath__(self) -> str:
            return str(TOESLAG)

    assert rr.assess(Where(), case()).to_json() == rr.assess(toeslag, case()).to_json()


def test_assess_on_a_missing_path_is_our_error(tmp_path: Path) -> None:
    with pytest.raises(rr.PolicyLoadError):
        rr.assess(tmp_path / "nothing.yaml", case())


def test_review_takes_a_policy_set(tmp_path: Path, toeslag: rr.Policy) -> None:
    (tmp_path / "toeslag.yaml").write_bytes(TOESLAG.read_bytes())
    policies = rr.load_policies(tmp_path)
    reviews = rr.review(policies)
    assert list(reviews) == list(policies)
    assert reviews[toeslag.id] == rr.review(toeslag)


def test_review_takes_a_list_and_a_mapping(toeslag: rr.Policy) -> None:
    assert rr.review([toeslag]) == rr.review({"any name": toeslag}) == {toeslag.id: rr.review(toeslag)}
