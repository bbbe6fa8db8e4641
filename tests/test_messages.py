# SPDX-License-Identifier: EUPL-1.2
"""The command line's error messages in Dutch (the default, ``--lang nl``) and English
(``--lang en``), from one catalogue keyed by code (issue 13, item 20)."""

from __future__ import annotations

import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

from regelruimte._messages import LANGUAGES, MESSAGES, message

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "regelruimte" / "cli"
KWIJTSCHELDING = ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"
CASE = ROOT / "examples" / "case_aflossingen.json"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_both_languages_with_the_same_placeholders(code: str) -> None:
    nl, en = MESSAGES[code]
    assert nl.strip() and en.strip() and nl != en, code
    assert _fields(nl) == _fields(en), code
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", code)


def test_every_code_the_command_line_uses_is_in_the_catalogue() -> None:
    used = {m for path in CLI.glob("*.py") for m in re.findall(r'refuse\("([a-z-]+)"', path.read_text(encoding="utf-8"))}
    assert used, "the command line refuses through the catalogue"
    assert used <= set(MESSAGES), sorted(used - set(MESSAGES))
    assert LANGUAGES == ("nl", "en")


def test_message_fills_in_each_language() -> None:
    assert message("policies-invalid", n=3) == "3 probleem of problemen in de regelingen; voer 'regelruimte check' uit"
    assert message("policies-invalid", "en", n=3) == "3 problem(s) in the policies; run 'regelruimte check'"


def _run(*args: object, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "regelruimte", *map(str, args)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1", **(env or {})})


def test_the_command_line_speaks_dutch_by_default_and_english_when_asked(tmp_path: Path) -> None:
    missing = tmp_path / "nergens" / "rapport.html"
    nl = _run("assess", KWIJTSCHELDING, CASE, "--output", missing)
    en = _run("assess", KWIJTSCHELDING, CASE, "--output", missing, "--lang", "en")
    assert nl.returncode == en.returncode == 2
    assert nl.stderr == f"regelruimte: {missing.parent}: deze map bestaat niet (voor --output)\n"
    assert en.stderr == f"regelruimte: {missing.parent}: no such folder (for --output)\n"
    case = tmp_path / "geen_zaak.json"
    assert "dit zaakbestand bestaat niet" in _run("assess", KWIJTSCHELDING, case).stderr
    assert "no such case file" in _run("assess", KWIJTSCHELDING, case, "--lang", "en").stderr
    check = _run("check", tmp_path / "weg.yaml", env={"REGELRUIMTE_LANG": "en"})  # check has no --lang: the environment says
    assert check.returncode == 2 and "no such file or directory" in check.stderr
    assert "dit bestand of deze map bestaat niet" in _run("check", tmp_path / "weg.yaml").stderr
