# SPDX-License-Identifier: EUPL-1.2
"""Results show themselves through views they do not know (issue 12): every displayable result
type has a registered view, and the views are found without the caller importing them."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import regelruimte
from regelruimte import _display


def _all_subclasses(cls: type) -> set[type]:
    out: set[type] = set()
    for sub in cls.__subclasses__():
        out |= {sub} | _all_subclasses(sub)
    return out


def test_every_displayable_result_has_a_view() -> None:
    for module in pkgutil.walk_packages(regelruimte.__path__, "regelruimte."):
        importlib.import_module(module.name)
    results = {c for c in _all_subclasses(_display.Displayable) if c.__module__.split(".")[0] == "regelruimte"}
    names = {c.__name__ for c in results}
    assert {"Policy", "Assessment", "Review", "Screening", "SignalsResult"} <= names, names
    for cls in results:
        view = _display.registered(cls)
        assert view is not None, f"{cls.__module__}.{cls.__name__} has no registered view"
        assert view.rich is not None and view.mimebundle is not None
        for method, kind in (("to_html", "html"), ("to_markdown", "markdown")):
            if hasattr(cls, method):
                assert getattr(view, kind) is not None, f"{cls.__name__}.{method} has no {kind} view"


def test_a_result_finds_its_view_on_first_display() -> None:
    """The lazy bootstrap: a fresh interpreter displays an assessment without importing a view."""
    code = (
        "import sys, regelruimte as rr\n"
        "p = rr.load_policies()['kwijtschelding_afvalstoffenheffing']\n"
        "a = rr.assess(p, {'date': p.tests[0].date, 'facts': p.test_facts(0)})\n"
        "assert not any(m.startswith('regelruimte.render') for m in sys.modules), 'a view was imported before display'\n"
        "bundle = a._repr_mimebundle_(include=['text/html'])\n"
        "assert list(bundle) == ['text/html'] and '<table' in bundle['text/html']\n"
        "assert 'regelruimte.render.assessment_views' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
