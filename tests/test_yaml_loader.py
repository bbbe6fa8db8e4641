# SPDX-License-Identifier: EUPL-1.2
"""The strict YAML reader and the broken-policy corpus (notes/reliability.md C1-C6).

Every file in tests/broken/ is the valid base policy tests/fixtures/minimal.yaml broken in one
place (or, for the alias bomb, a classic hostile document). Its second line says what must be
reported (``# expect: code=... field=...``) and the offending line carries ``# <-- error``; the
duplicate-key files also mark the first definition with ``# <-- first``. The test derives the
expected line from those markers, so the expectations are written by hand next to the hazard.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import tracemalloc
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

import regelruimte as rr
from regelruimte.errors import PolicyLoadError
from regelruimte.loading import strict_yaml as _yaml
from regelruimte.loading.strict_yaml import MAX_BYTES, MAX_DEPTH, parse_yaml, read_yaml

TESTS = Path(__file__).resolve().parent
BROKEN = sorted((TESTS / "broken").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: code=(?P<code>\S+) field=(?P<field>\S+)$")


def _expectation(path: Path) -> tuple[str, str, int, int | None]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Hazard: "), f"{path.name}: the first line must say which hazard the file shows"
    m = EXPECT.match(lines[1])
    assert m, f"{path.name}: the second line must be '# expect: code=... field=...'"
    error = [i + 1 for i, line in enumerate(lines) if line.rstrip().endswith("# <-- error")]
    first = [i + 1 for i, line in enumerate(lines) if line.rstrip().endswith("# <-- first")]
    assert len(error) == 1, f"{path.name}: mark exactly one line with '# <-- error'"
    return m["code"], m["field"], error[0], (first[0] if first else None)


def _refusal(path: Path) -> PolicyLoadError:
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policy(path)
    return info.value


def test_the_base_policy_is_valid() -> None:
    """The broken files are only evidence if the policy they break is valid."""
    policy = rr.load_policy(TESTS / "fixtures" / "minimal.yaml")
    assert policy.id == "minimaal"


def test_the_corpus_covers_every_hazard() -> None:
    codes = {_expectation(p)[0] for p in BROKEN}
    required = {
        "yaml-tag", "yaml-duplicate-key", "yaml-alias", "yaml-ambiguous-number", "yaml-float", "policy-invalid-value",
        "unknown-source", "unknown-purpose", "unknown-fact", "derived-cycle", "policy-unknown-key", "parameter-gap",
        "parameter-keys", "test-fact", "expression-syntax", "expression-type",
    }
    assert required <= codes, f"no broken fixture for {sorted(required - codes)}"
    assert len(BROKEN) >= 25


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_policy_is_refused_with_file_line_and_field(path: Path) -> None:
    code, field, line, first = _expectation(path)
    exc = _refusal(path)
    assert len(exc.problems) == 1, f"expected one problem, got:\n{exc}"
    problem = exc.problems[0]
    assert (problem.path, problem.line, problem.field, problem.code) == (str(path), line, field, code), str(exc)
    assert problem.column >= 1
    assert f"{path}:{line}:{problem.column}" in str(exc)
    if first is not None:  # duplicate keys: the message names both lines
        assert f"line {first}" in problem.message
        assert str(line) in str(problem) and str(first) in str(problem)


def test_object_building_tags_run_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Positive control: an unsafe loader really does execute what such a tag names.
    assert yaml.unsafe_load("!!python/object/apply:os.getpid []") == os.getpid()
    monkeypatch.chdir(tmp_path)
    for name in ("tag_python_object_apply", "tag_python_name", "tag_python_object_new"):
        exc = _refusal(TESTS / "broken" / f"{name}.yaml")
        assert exc.problems[0].code == "yaml-tag"
    assert not (tmp_path / "rr_pwned").exists()
    assert not Path("rr_pwned").exists()


@pytest.mark.parametrize("scalar", ["!!python/object/new:os.system [ls]", "!!binary aGVsbG8=", "!!set {a, b}", "!foo bar", "!!int '8'"])
def test_every_explicit_tag_is_refused(scalar: str) -> None:
    with pytest.raises(PolicyLoadError) as info:
        parse_yaml(f"a: 1\nb: {scalar}\n", "t.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.field, problem.code) == (2, "b", "yaml-tag")


def test_tag_directive_is_refused() -> None:
    with pytest.raises(PolicyLoadError) as info:
        parse_yaml("%TAG !e! tag:example.com,2000:\n---\na: !e!thing 1\n", "t.yaml")
    assert info.value.problems[0].code == "yaml-tag"
    assert info.value.problems[0].line == 3


def test_billion_laughs_is_refused_fast_and_small() -> None:
    path = TESTS / "broken" / "alias_billion_laughs.yaml"
    assert path.stat().st_size < 600
    rr.load_policy(TESTS / "fixtures" / "minimal.yaml")  # warm up imports and the grammar
    tracemalloc.start()
    try:
        start = time.perf_counter()
        exc = _refusal(path)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert exc.problems[0].code == "yaml-alias"
    assert elapsed < 0.1, f"refusing the alias bomb took {elapsed:.3f} s"
    assert peak < 10 * 1024 * 1024, f"refusing the alias bomb allocated {peak} bytes"


def test_deep_nesting_is_refused_in_under_a_second(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    start = time.perf_counter()
    exc = _refusal(path)  # a RecursionError or a crash would fail here
    assert time.perf_counter() - start < 1.0
    (problem,) = exc.problems
    assert (problem.path, problem.line, problem.code) == (str(path), 1, "yaml-too-deep")
    assert problem.field.startswith("a[0][0]")


@pytest.mark.parametrize("opening", ["[", "{a: ", "- "])
def test_deep_nesting_of_every_kind_is_refused(opening: str) -> None:
    if opening == "- ":  # compact block sequences: "- - - x" nests one level per dash
        text = opening * 50_000 + "x\n"
    else:
        closing = "]" if opening == "[" else "}"
        text = opening * 50_000 + "1" + closing * 50_000
    start = time.perf_counter()
    with pytest.raises(PolicyLoadError) as info:
        parse_yaml(text, "deep.yaml")
    assert time.perf_counter() - start < 1.0
    assert info.value.problems[0].code == "yaml-too-deep"


def test_deep_nesting_does_not_crash_the_process(tmp_path: Path) -> None:
    """The libyaml composer segfaults at 50,000 levels (reliability §1.4): run it where a crash is visible."""
    path = tmp_path / "deep.yaml"
    path.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    code = (
        "import sys, regelruimte as rr\n"
        "try:\n    rr.load_policy(sys.argv[1])\n"
        "except rr.PolicyLoadError as exc:\n    print(exc.problems[0].code)\n"
    )
    run = subprocess.run([sys.executable, "-X", "faulthandler", "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "yaml-too-deep"


def test_nesting_depth_boundary() -> None:
    """MAX_DEPTH levels are read, MAX_DEPTH + 1 are refused."""
    doc = parse_yaml("[" * MAX_DEPTH + "]" * MAX_DEPTH, "ok.yaml")
    depth, value = 0, doc.data
    while isinstance(value, list):
        depth += 1
        value = value[0] if value else None
    assert depth == MAX_DEPTH
    with pytest.raises(PolicyLoadError) as info:
        parse_yaml("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), "deep.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column, problem.code) == (1, MAX_DEPTH + 1, "yaml-too-deep")


def test_file_size_boundary(tmp_path: Path, minimal_text: str) -> None:
    """A policy of exactly MAX_BYTES loads; one byte more is refused before it is read."""
    body = minimal_text.encode("utf-8")
    pad = MAX_BYTES - len(body) - len(b"\n")
    exact = tmp_path / "exact.yaml"
    exact.write_bytes(body + b"#" * pad + b"\n")
    assert exact.stat().st_size == MAX_BYTES
    assert rr.load_policy(exact).id == "minimaal"

    over = tmp_path / "over.yaml"
    over.write_bytes(body + b"#" * (pad + 1) + b"\n")
    assert over.stat().st_size == MAX_BYTES + 1
    start = time.perf_counter()
    exc = _refusal(over)
    assert time.perf_counter() - start < 1.0
    (problem,) = exc.problems
    assert (problem.path, problem.line, problem.code) == (str(over), 1, "file-too-large")
    assert str(MAX_BYTES) in problem.message


def test_huge_file_is_refused_without_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"a: [" + b"1, " * 2_000_000 + b"1]\n")
    start = time.perf_counter()
    assert _refusal(path).problems[0].code == "file-too-large"
    assert time.perf_counter() - start < 0.5


# -- YAML 1.1 surprises: refused, or kept exactly as written -----------------------------------
KEPT = {
    "NO": "NO", "no": "no", "on": "on", "Off": "Off", "yes": "yes", "y": "y", "n": "n",
    "12:30": "12:30", "1:20:30": "1:20:30", "0x1F": "0x1F", "0o17": "0o17", "1_000": "1_000",
    "'010'": "010", '"1e3"': "1e3", "'1.10'": "1.10", "2026-01-01T10:00:00": "2026-01-01T10:00:00",
    "true": True, "True": True, "false": False, "~": None, "null": None,
    "10": 10, "-7": -7, "0": 0, "1.10": Decimal("1.10"), "1401.50": Decimal("1401.50"), "0.1": Decimal("0.1"),
    "2026-01-01": date(2026, 1, 1),
}
REFUSED = {
    "010": "yaml-ambiguous-number", "0123": "yaml-ambiguous-number", "-010": "yaml-ambiguous-number",
    "1e3": "yaml-float", "1E3": "yaml-float", "1.5e-3": "yaml-float", ".5": "yaml-float", "1.": "yaml-float",
    ".inf": "yaml-float", "-.inf": "yaml-float", ".nan": "yaml-float", "2026-02-30": "yaml-invalid-date",
}


@pytest.mark.parametrize("scalar", list(KEPT), ids=list(KEPT))
def test_scalars_are_never_coerced(scalar: str) -> None:
    value = parse_yaml(f"key: {scalar}\n").data["key"]
    expected = KEPT[scalar]
    assert type(value) is type(expected) and value == expected
    if isinstance(value, Decimal):
        assert str(value) == scalar  # 1.10 stays 1.10, never the float 1.1


@pytest.mark.parametrize("scalar", list(REFUSED), ids=list(REFUSED))
def test_ambiguous_scalars_are_refused_with_line_and_field(scalar: str) -> None:
    with pytest.raises(PolicyLoadError) as info:
        parse_yaml(f"a: 1\nnested:\n  key: {scalar}\n", "s.yaml")
    (problem,) = info.value.problems
    assert (problem.path, problem.line, problem.column, problem.field, problem.code) == ("s.yaml", 3, 8, "nested.key", REFUSED[scalar])


def test_yaml11_words_keep_their_text_in_a_loaded_policy(write_policy, minimal_text: str) -> None:
    text = (
        minimal_text.replace("authority: Testgemeente", "authority: NO")
        .replace("title: Minimale regeling", "title: 12:30")
        .replace('version: "1"', 'version: "1.10"')
        .replace("summary: Een kleine regeling om de lader te testen.", "summary: on")
        .replace("    source: wet\n    explanation:", "    source: wet\n    burden: {minutes: 010, per_year: 1.10}\n    explanation:")
    )
    with pytest.raises(PolicyLoadError) as info:  # 010 minutes is ambiguous ...
        rr.load_policy(write_policy(text))
    assert [p.code for p in info.value.problems] == ["yaml-ambiguous-number"]
    policy = rr.load_policy(write_policy(text.replace("minutes: 010", "minutes: 10")))  # ... the rest is kept as written
    assert policy.authority == "NO"
    assert policy.title == "12:30"
    assert policy.version == "1.10"
    assert policy.summary.nl == "on"
    burden = policy.controls[0].burden
    assert burden is not None and burden.minutes == 10
    assert isinstance(burden.per_year, Decimal) and str(burden.per_year) == "1.10"


def test_very_long_integer_is_refused_not_crashed() -> None:
    """Python refuses int() of more than 4,300 digits with a ValueError; the reader must report it."""
    with pytest.raises(PolicyLoadError) as info:
        parse_yaml("a: 1\nb: " + "9" * 5000 + "\n", "n.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.field) == (2, "b")


def test_unreadable_and_odd_files(tmp_path: Path) -> None:
    cases = {
        "latin1.yaml": ("a: 1\nb: caf\xe9\n".encode("latin-1"), "file-encoding", 2),
        "empty.yaml": (b"", "yaml-empty", 1),
        "comment.yaml": (b"# only a comment\n", "yaml-empty", 1),
        "syntax.yaml": (b"a: 1\nb: [1, 2\n", "yaml-syntax", 3),
        "tab.yaml": (b"a:\n\t- 1\n", "yaml-syntax", 2),
        "nul.yaml": (b"a: 1\nb: \x00\n", "yaml-syntax", 2),
        "list.yaml": (b"- 1\n- 2\n", "policy-not-mapping", 1),
    }
    for name, (data, code, line) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        exc = _refusal(path)
        assert (exc.problems[0].path, exc.problems[0].code, exc.problems[0].line) == (str(path), code, line), name
    missing = _refusal(tmp_path / "missing.yaml")
    assert missing.problems[0].code == "file-unreadable"
    assert _refusal(tmp_path).problems[0].code == "file-unreadable"  # a directory


def test_positions_are_recorded_for_values_and_keys() -> None:
    doc = parse_yaml("a:\n  b: [x, {c: 1}]\n")
    assert doc.locate(("a", "b", 1, "c")) == (2, 14)
    assert doc.locate(("a", "b"), key=True) == (2, 3)
    assert doc.locate(("a", "missing", 3)) == (2, 3)  # the deepest known part


def test_read_yaml_uses_the_display_name(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("a: 010\n", encoding="utf-8")
    with pytest.raises(PolicyLoadError) as info:
        read_yaml(path, display="shown.yaml")
    assert info.value.problems[0].path == "shown.yaml"


def test_only_safe_yaml_machinery_is_used() -> None:
    """The reader composes with the (C)SafeLoader, never a loader that builds objects."""
    assert issubclass(_yaml._Loader, yaml.SafeLoader) or _yaml._Loader.__name__ == "CSafeLoader"
    assert "Unsafe" not in _yaml._Loader.__name__ and _yaml._Loader.__name__ not in ("Loader", "CLoader", "FullLoader")


@pytest.mark.skipif(not hasattr(yaml, "CSafeLoader"), reason="libyaml is not installed: the pure-Python loader is the only one")
def test_the_pure_python_loader_reports_the_same(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """On a machine without libyaml the reader falls back to SafeLoader: same refusals, same places."""

    def problems() -> list[tuple[str, int, int, str, str]]:
        out = []
        for path in BROKEN:
            with pytest.raises(PolicyLoadError) as info:
                rr.load_policy(path)
            out += [(Path(p.path).name, p.line, p.column, p.field, p.code) for p in info.value.problems]
        for text in ("a: 1\nb: x\x85\x07\n", "[" * 50_000 + "]" * 50_000, "a: 1\nb: [1, 2\n"):
            with pytest.raises(PolicyLoadError) as info:
                parse_yaml(text, "t.yaml")
            out += [(p.path, p.line, p.column, p.field, p.code) for p in info.value.problems]
        return out

    with_libyaml = problems()
    monkeypatch.setattr(_yaml, "_Loader", yaml.SafeLoader)
    start = time.perf_counter()
    assert problems() == with_libyaml
    assert time.perf_counter() - start < 10


# -- deep nesting is refused by our own pre-scan, whatever PyYAML does ------------------------------
@pytest.mark.parametrize(
    "text",
    ["[" * 50_000 + "]" * 50_000, "a: " + "{b: " * 50_000 + "1" + "}" * 50_000, "- " * 50_000 + "x\n", "k:\n" + "".join(" " * i + "a:\n" for i in range(1, 2000))],
    ids=["flow-sequence", "flow-mapping", "compact-block-sequence", "block-indentation"],
)
def test_deep_nesting_never_reaches_pyyaml(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """PyYAML 6.0.4 gives up at 1,000 levels with its own error (a yaml-syntax problem for us): the
    loader's lexical scan refuses first and hands PyYAML at most a short, closed-off prefix."""
    seen: list[int] = []
    real_parse, real_compose = yaml.parse, yaml.compose

    def spy_parse(stream: str, Loader: Any = None) -> Any:
        seen.append(len(stream))
        return real_parse(stream, Loader=Loader)

    def spy_compose(stream: str, Loader: Any = None) -> Any:
        seen.append(len(stream))
        return real_compose(stream, Loader=Loader)

    monkeypatch.setattr(_yaml.yaml, "parse", spy_parse)
    monkeypatch.setattr(_yaml.yaml, "compose", spy_compose)
    with pytest.raises(PolicyLoadError) as info:
        parse_yaml(text, "deep.yaml")
    assert [p.code for p in info.value.problems] == ["yaml-too-deep"]
    assert seen and max(seen) < 300_000 and all(n < len(text) for n in seen)


@pytest.mark.parametrize(
    "text",
    [
        "a: '" + "[" * 100 + "'\n",
        'a: "' + "{" * 100 + '"\n',
        "a: |\n  " + "[" * 100 + "\n  more\nb: 1\n",
        "a: # " + "[" * 100 + "\nb: 1\n",
        "a: text" + "[" * 100 + "\n",
    ],
    ids=["single-quoted", "double-quoted", "block-scalar", "comment", "plain-text"],
)
def test_brackets_in_text_are_not_nesting(text: str) -> None:
    """Brackets inside quotes, block scalars, comments and plain text are text, not levels."""
    doc = parse_yaml(text, "ok.yaml")
    assert "[" * 100 in str(doc.data) or "{" * 100 in str(doc.data) or doc.data["b"] == 1
