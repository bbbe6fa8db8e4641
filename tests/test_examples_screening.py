# SPDX-License-Identifier: EUPL-1.2
"""Smoke test: examples/ghent_style_screening.py runs on a small synthetic city and prints no personal data."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "examples" / "ghent_style_screening.py"


def test_ghent_style_screening_runs_and_prints_aggregates_only() -> None:
    proc = subprocess.run([sys.executable, str(SCRIPT), "--n", "3000", "--seed", "1"], capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Non-take-up per regulation" in out
    assert "Non-take-up per district" in out
    assert "Top tensions" in out
    assert "kwijtschelding_afvalstoffenheffing" in out
    assert "Households with at least one unclaimed right" in out
    assert not re.search(r"\bh\d{7}\b", out), "a household id was printed"
