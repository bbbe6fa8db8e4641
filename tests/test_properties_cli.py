# SPDX-License-Identifier: EUPL-1.2
"""``regelruimte properties`` (issue 19): exit 0 when every property holds, 1 with the smallest
counterexample when one is broken, 2 on bad input (one line, no traceback); the report in rich,
Markdown, HTML and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_properties import CLIFF, KWIJTSCHELDING, copy_of
from typer.testing import CliRunner

from regelruimte.cli import app


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_of(tmp_path_factory.mktemp("broken"), KWIJTSCHELDING, CLIFF)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["properties", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def broken_json(broken: Path) -> tuple[int, str]:
    code, out, _ = run(str(broken), "--only", "geen_klif_bij_inkomen", "--seconds", "300", "--no-cliffs", "-f", "json")
    return code, out


def test_a_broken_property_exits_1_with_its_counterexample_in_json(broken_json: tuple[int, str]) -> None:
    code, out = broken_json
    assert code == 1
    (report,) = json.loads(out)
    (result,) = report["results"]
    assert result["holds"] is False and result["counterexample"]["rules"] == ["geen_hoge_aflossingen"]
    assert report["cliffs"] == []


def test_the_bundled_regulation_holds_and_exits_0_with_its_cliff_map() -> None:
    code, out, _ = run(str(KWIJTSCHELDING), "--seconds", "0.3", "--examples", "20", "-f", "markdown", "--lang", "en")
    assert code == 0, out
    assert "| **holds** |" in out and "Cliffs" in out and "auto_waarde" in out


def test_every_format_shows_the_counterexample_and_the_rules(broken_json: tuple[int, str], broken: Path) -> None:
    from regelruimte.properties import PropertyReport
    from regelruimte.render.property_views import html_document, markdown_view

    (data,) = json.loads(broken_json[1])
    report = PropertyReport.model_validate(data)
    for out in (markdown_view([report]), html_document([report]), report.to_markdown(lang="en"), report.to_html()):
        assert "geen_hoge_aflossingen" in out and "netto_inkomen" in out and "1410" in out
    assert "<code>geen_hoge_aflossingen</code>" in report.to_html()
    code, out, _ = run(str(broken), "--only", "geen_klif_bij_inkomen", "--seconds", "300", "--no-cliffs")
    assert code == 1 and "geschonden" in out and "geen_hoge_aflossingen" in out


def test_bad_input_exits_2_with_one_line(tmp_path: Path) -> None:
    code, out, err = run(str(tmp_path / "nope.yaml"))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    wrong = copy_of(tmp_path, KWIJTSCHELDING, ("    fact: saldo\n", "    fact: spaargeld\n"))
    code, _, err = run(str(wrong))
    assert code == 2 and "unknown fact 'spaargeld'" in err and "Traceback" not in err
    missing_other = copy_of(tmp_path / "o", KWIJTSCHELDING, ("\ndiscretion:\n", "\n  - id: gelijk\n    kind: equivalent\n    text: Gelijk.\n"
                                                             "    other: weg.yaml\n    reason: Test.\ndiscretion:\n"))
    code, _, err = run(str(missing_other), "--only", "gelijk")
    assert code == 2 and err.count("\n") == 1 and "is geen bestand" in err
