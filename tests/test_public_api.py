# SPDX-License-Identifier: EUPL-1.2
"""The public surface, written down once (issue 12; httpx's tests/test_exported_members.py).

``regelruimte.__all__`` is this list, sorted; every name resolves and says it is ``rr.<name>``;
no public name is also a module of the package (that would make ``import regelruimte.x`` hide
``rr.x``); and ``import regelruimte`` loads the facade and the version only.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import regelruimte as rr

PUBLIC = [
    "AllAssessment",
    "assess",
    "assess_all",
    "Assessment",
    "bundled_path",
    "Case",
    "CaseError",
    "change_policy",
    "check_properties",
    "court_score",
    "DecisionLog",
    "DecisionLogError",
    "Difference",
    "EngineError",
    "evaluate_letter",
    "EvaluationError",
    "FactSource",
    "Finding",
    "load_policies",
    "load_policy",
    "NoApplicableVersion",
    "Policy",
    "PolicyError",
    "PolicyLoadError",
    "PolicySet",
    "RegelruimteError",
    "register_draft",
    "Review",
    "review",
    "run_tests",
    "screen",
    "Screening",
    "ScreeningError",
    "signals",
    "SignalsError",
]


def test_the_public_names_are_this_list_sorted() -> None:
    assert rr.__all__ == PUBLIC
    assert PUBLIC == sorted(PUBLIC, key=str.casefold)


def test_every_public_name_resolves_as_a_member_of_the_facade() -> None:
    for name in PUBLIC:
        obj = getattr(rr, name)
        assert obj.__module__ == "regelruimte", name
    assert set(PUBLIC) <= set(dir(rr))


def test_no_public_name_is_a_module() -> None:
    modules = {m.name for m in pkgutil.walk_packages(rr.__path__)}
    assert not set(PUBLIC) & modules, set(PUBLIC) & modules


LOADED = (
    "import sys, regelruimte as rr\n"
    "print(sorted(m for m in sys.modules if m == 'regelruimte' or m.startswith('regelruimte.')))\n"
)


def test_import_regelruimte_stays_light() -> None:
    """Only the facade and the version load; everything else on first use (measured before
    issue 12: 15 modules of the package, among them the condition language, the policy model,
    the review and the signals compiler)."""
    out = subprocess.run([sys.executable, "-c", LOADED], capture_output=True, text=True, check=True, timeout=60).stdout
    assert eval(out) == ["regelruimte", "regelruimte._version"]  # noqa: S307 - our own printed list


def test_a_public_name_loads_what_it_needs_and_leaves_the_rest() -> None:
    code = LOADED.replace("regelruimte as rr\n", "regelruimte as rr\nrr.load_policy\n")
    out = eval(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60).stdout)  # noqa: S307
    assert not [m for m in out if m.split(".")[1:2] in (["render"], ["screening"], ["signalling"], ["synthetic"], ["cli"], ["demo"])], out
