# SPDX-License-Identifier: EUPL-1.2
"""Issue 13 item 9: an error message lists at most ten items, then counts the rest ("and 40 more");
the exception keeps them all, and ``check`` (a listing command) still shows every problem."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import regelruimte as rr
from regelruimte.errors import LISTED, CaseError, FactProblem, PolicyLoadError, Problem, listing
from regelruimte.model.case import FactValidator, as_case

ROOT = Path(__file__).resolve().parent.parent
BAD = 50


def many_facts(text: str, n: int) -> str:
    """The minimal policy with ``n`` extra money facts (``extra_0`` ...)."""
    extra = "".join(f"  extra_{i}:\n    type: money\n    description: Extra bedrag {i}.\n" for i in range(n))
    return text.replace("facts:\n", "facts:\n" + extra, 1)


def broken_facts(text: str, n: int) -> str:
    """The minimal policy with ``n`` facts of a type that does not exist: one problem each."""
    extra = "".join(f"  kapot_{i}:\n    type: geen_type\n    description: Kapot {i}.\n" for i in range(n))
    return text.replace("facts:\n", "facts:\n" + extra, 1)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "NO_COLOR")} | {"COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "regelruimte", *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)


def test_listing_counts_what_it_leaves_out() -> None:
    assert listing(range(3)) == "0; 1; 2"
    assert listing(range(LISTED)) == "; ".join(map(str, range(LISTED)))
    assert listing(range(1_000_000)) == "; ".join(map(str, range(10))) + "; and 999,990 more"
    assert listing(range(1_000_000), lang="nl").endswith("; en nog 999.990")


def test_a_million_unknown_facts_give_one_short_problem(write_policy: Callable[..., Path], minimal_text: str) -> None:
    policy = rr.load_policy(write_policy(minimal_text))
    facts = {f"onbekend_{i}": "1" for i in range(1_000_000)}
    with pytest.raises(CaseError) as info:
        rr.assess(policy, {"date": "2026-03-01", "facts": facts})
    assert len(info.value.problems) == 1
    assert info.value.problems[0].count == 1_000_000
    lines = str(info.value).splitlines()
    assert len(lines) == 2 and all(len(line) < 300 for line in lines)
    assert "onbekend_" not in str(info.value)


def test_unknown_names_never_reach_pydantic(write_policy: Callable[..., Path], minimal_text: str) -> None:
    """A million unknown keys must not become a million validation errors: pydantic sees only the
    policy's own facts (memory and time for 1,000,000 keys are in /work/notes/cap13.md, not timed here)."""
    policy = rr.load_policy(write_policy(minimal_text))
    validator = FactValidator(policy.id, policy.facts)
    seen: list[set[str]] = []
    model = validator.model

    class Spy:
        @staticmethod
        def model_validate(data: dict[str, object]) -> object:
            seen.append(set(data))
            return model.model_validate(data)

    validator.model = Spy  # type: ignore[assignment]
    with pytest.raises(CaseError) as info:
        validator.validate({"inkomen": "100.00", **{f"onbekend_{i}": 1 for i in range(1000)}})
    assert seen == [{"inkomen"}]
    assert [p.count for p in info.value.problems] == [1000]


def test_unknown_facts_are_counted_beside_wrong_values(write_policy: Callable[..., Path], minimal_text: str) -> None:
    """The unknown names are taken out before pydantic validates; the known facts are still checked."""
    policy = rr.load_policy(write_policy(minimal_text))
    with pytest.raises(CaseError) as info:
        rr.assess(policy, {"date": "2026-03-01", "facts": {"inkomen": "veel", "a": 1, "b": 2}})
    problems = {p.fact: p for p in info.value.problems}
    assert set(problems) == {"inkomen", "(unknown facts)"}
    assert problems["(unknown facts)"].count == 2


def test_fifty_wrong_values_list_ten_and_count_forty(write_policy: Callable[..., Path], minimal_text: str) -> None:
    policy = rr.load_policy(write_policy(many_facts(minimal_text, BAD)))
    with pytest.raises(CaseError) as info:
        rr.assess(policy, {"date": "2026-03-01", "facts": {f"extra_{i}": "geen bedrag" for i in range(BAD)}})
    assert len(info.value.problems) == BAD  # the exception keeps every problem
    message = str(info.value)
    assert sum("extra_" in line for line in message.splitlines()) == LISTED
    assert message.rstrip().endswith(f"and {BAD - LISTED} more")
    assert "geen bedrag" not in message


def test_case_error_message_is_capped() -> None:
    problems = [FactProblem(f"f{i:02d}", "an amount", "wrong value") for i in range(BAD)]
    message = str(CaseError(problems, "p"))
    assert message.count("wrong value") == LISTED and f"and {BAD - LISTED} more" in message


def test_cli_gives_one_capped_line_and_exit_2(write_policy: Callable[..., Path], minimal_text: str, tmp_path: Path) -> None:
    policy = write_policy(many_facts(minimal_text, BAD))
    case = tmp_path / "case.json"
    case.write_text(json.dumps({"date": "2026-03-01", "facts": {f"extra_{i}": "geen bedrag" for i in range(BAD)}}), encoding="utf-8")
    for lang, more in (("en", f"and {BAD - LISTED} more"), ("nl", f"en nog {BAD - LISTED}")):
        done = run("assess", str(policy), str(case), "--lang", lang)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in done.stderr
        assert lines[0].count("extra_") == LISTED and lines[0].endswith(more)
        assert "geen bedrag" not in done.stderr


def test_policy_load_error_is_capped_but_check_lists_every_problem(write_policy: Callable[..., Path], minimal_text: str) -> None:
    path = write_policy(broken_facts(minimal_text, 30))
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policy(path)
    n = len(info.value.problems)
    assert n >= 30
    message = str(info.value)
    assert len(message.splitlines()) == 1 + LISTED + 1 and message.endswith(f"and {n - LISTED} more")
    done = run("check", str(path))
    assert done.returncode == 1
    shown = [line for line in done.stdout.splitlines() if line.startswith(str(path))]
    assert len(shown) == n  # check is a listing command: it shows every problem, one per line
    assert sum("kapot_" in line for line in shown) >= 30


def test_policy_load_error_keeps_all_problems() -> None:
    problems = [Problem("p.yaml", i, 1, f"f{i}", "wrong") for i in range(1, 31)]
    exc = PolicyLoadError(problems)
    assert len(exc.problems) == 30 and str(exc).count("p.yaml:") == LISTED


def test_made_up_case_fields_are_counted_in_one_problem() -> None:
    case = {"date": "2026-03-01", "facts": {}, **{f"veld_{i}": 1 for i in range(1000)}}
    with pytest.raises(CaseError) as info:
        as_case(case)
    assert [p.count for p in info.value.problems] == [1000]
    assert "veld_" not in str(info.value)
