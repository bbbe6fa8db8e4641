# SPDX-License-Identifier: EUPL-1.2
"""Text from a policy file or a case reaches a terminal, a Markdown renderer and a browser as
data, never as markup (issue 13, item 15).

A hostile policy puts terminal escapes (CSI, OSC-8, the C1 byte 0x9b, a bidi override), rich
markup (``[/]``), raw HTML, ``javascript:`` links, tracking images and a heading into every text
it has; every view must show them inert.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

import regelruimte as rr
from regelruimte.cli import app
from regelruimte.render.text import for_markdown, for_terminal

CONTROL = "\x1b[2J\x1b]8;;https://evil.example\x07klik\x1b]8;;\x07\x9b31m\u202e"
MARKUP = "[/] [bold]x[/bold] [link=https://evil.example]y[/link]"
HTML = "<script>alert(1)</script><img src=x onerror=alert(2)>![t](https://track.example/p.gif)[klik](javascript:alert(3))\n# Kop"
HOSTILE = f"Tekst {CONTROL} {MARKUP} {HTML}"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile_policy(tmp_path: Path, minimal_text: str) -> Path:
    data = yaml.safe_load(minimal_text)
    data["title"] = "Regeling " + HOSTILE
    data["summary"] = HOSTILE
    data["authority"] = "Gemeente " + HOSTILE.replace("\n", " ")
    data["sources"][0]["citation"] = "Wet " + HOSTILE.replace("\n", " ")
    data["purposes"][0]["title"] = HOSTILE
    data["purposes"][0]["description"] = HOSTILE
    data["rules"][0]["text"] = HOSTILE
    data["controls"][0]["title"] = HOSTILE
    data["controls"][0]["explanation"] = "Wij vragen dit om uw inkomen te zien. " + HOSTILE
    data["outcome"] = {"granted": "toegekend " + MARKUP, "denied": "afgewezen " + MARKUP}
    data["tests"][0]["name"] = HOSTILE.replace("\n", " ")
    path = tmp_path / "vijandig.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _assert_inert_terminal(text: str) -> None:
    assert not RAW_CONTROL.search(text), repr(RAW_CONTROL.search(text))
    assert "\\x1b" in text or "\\x9b" in text  # shown, escaped


def _assert_inert_markdown(text: str) -> None:
    assert "<script" not in text and "<img" not in text
    assert not re.search(r"(?<!\\)\]\(javascript:", text) and not re.search(r"!(?<!\\)\[", text)  # no link, no image
    assert not re.search(r"(?m)^#+ Kop", text)  # no injected heading
    assert not RAW_CONTROL.search(text)
    assert "&lt;script&gt;" in text


def test_the_helpers() -> None:
    from regelruimte.render import html, markdown

    assert html.link("x", "javascript:alert(1)") == "x" and markdown.link("x", "javascript:alert(1)") == "x"
    assert markdown.link("x", "https://e.example/a(b)") == "[x](https://e.example/a%28b%29)"
    assert for_terminal("a\x1b[31mb\x9bc\u202ed\nx") == "a\\x1b[31mb\\x9bc\\u202ed\nx"
    assert for_terminal("a\nb", lines=False) == "a\\x0ab"
    md = for_markdown("[klik](javascript:x) <b>*</b>\n# Kop")
    assert md == "\\[klik\\](javascript:x) &lt;b&gt;\\*&lt;/b&gt; \\# Kop"


def test_terminal_views_show_hostile_text_inert(hostile_policy: Path) -> None:
    from rich.console import Console

    policy = rr.load_policy(hostile_policy)
    case = {"date": "2026-03-01", "id": "zaak " + CONTROL + MARKUP, "facts": {"inkomen": "2000.00", "huishouden": "alleen"}}
    assessment = rr.assess(policy, case)
    for result in (policy, rr.review(policy), assessment):
        out = io.StringIO()
        Console(file=out, width=120, color_system=None, force_terminal=False).print(result)
        text = out.getvalue()
        _assert_inert_terminal(text)
        assert "[/]" in text  # shown as written, not read as markup


def test_markdown_views_escape_hostile_text(hostile_policy: Path) -> None:
    policy = rr.load_policy(hostile_policy)
    assessment = rr.assess(policy, {"date": "2026-03-01", "facts": {"inkomen": "2000.00", "huishouden": "alleen"}})
    for text in (rr.review(policy).to_markdown(), assessment.to_markdown(), policy._repr_mimebundle_()["text/markdown"]):
        _assert_inert_markdown(text)


def test_html_never_links_javascript(hostile_policy: Path) -> None:
    policy = rr.load_policy(hostile_policy)
    assessment = rr.assess(policy, {"date": "2026-03-01", "facts": {"inkomen": "2000.00", "huishouden": "alleen"}})
    for text in (assessment.to_html(), rr.review(policy).to_html()):
        assert 'href="javascript' not in text and "<script" not in text


def test_cli_review_and_test_never_crash_on_markup(hostile_policy: Path) -> None:
    runner = CliRunner()
    for args in (["review", str(hostile_policy), "--fail-on", "never"], ["test", str(hostile_policy), "-v"]):
        result = runner.invoke(app, args, env={"NO_COLOR": "1", "COLUMNS": "200"})
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code in (0, 1), result.output
        _assert_inert_terminal(result.stdout)
    md = runner.invoke(app, ["review", str(hostile_policy), "--fail-on", "never", "--format", "markdown"])
    _assert_inert_markdown(md.stdout)


def test_a_newline_in_a_yaml_key_cannot_forge_a_problem_line(tmp_path: Path, minimal_text: str) -> None:
    forged = f"{tmp_path}/x.yaml:1:1  title  alles in orde  [forged]"
    path = tmp_path / "sleutel.yaml"
    path.write_text(minimal_text.replace("facts:\n", f'facts:\n  "a\\n{forged}":\n    type: money\n    description: x.\n', 1), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "regelruimte", "check", str(path)], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "NO_COLOR": "1"})
    assert out.returncode == 1, out.stdout + out.stderr
    assert not any(line.startswith(forged) for line in out.stdout.splitlines()), out.stdout
    assert "\\x0a" in out.stdout
    assert all(line.startswith(str(path)) for line in out.stdout.splitlines()[:-1]), out.stdout
