# SPDX-License-Identifier: EUPL-1.2
"""The command line's error messages in Dutch (the default, ``--lang nl``) and English
(``--lang en``), from one catalogue keyed by code (issue 13, item 20)."""

from __future__ import annotations

import os
import pickle
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest

import regelruimte as rr
from regelruimte._messages import LANGUAGES, MESSAGES, Text, message

ROOT = Path(__file__).resolve().parent.parent
CLI = ROOT / "regelruimte" / "cli"
KWIJTSCHELDING = ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"
CASE = ROOT / "examples" / "case_aflossingen.json"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_has_both_languages_with_the_same_placeholders(code: str) -> None:
    nl, en = MESSAGES[code]
    words = re.sub(r"\{[a-z_]+\}", "", en)
    assert nl.strip() and en.strip() and (nl != en or not re.search("[a-z]{3}", words)), code  # the same only without words
    assert _fields(nl) == _fields(en), code
    assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", code)


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


# -- one catalogue for the library's errors too (issue 13 item 20) ------------------------------------
PACKAGE = ROOT / "regelruimte"
_USES = re.compile(r'(?:raise \w+Error|Text|refuse|warn|ScreeningError|SignalsError|CaseError|PolicyError)\(\s*"([a-z][a-z0-9-]*)"')


def test_every_code_the_package_uses_is_in_the_catalogue() -> None:
    used = {code for path in PACKAGE.rglob("*.py") for code in _USES.findall(path.read_text(encoding="utf-8"))}
    used -= {"yes-no", "type", "too-large", "not-finite", "pattern"}  # ScalarError's reasons, worded by each reader
    assert len(used) > 100, "the library raises through the catalogue"
    assert used <= set(MESSAGES), sorted(used - set(MESSAGES))


# No error of the package is raised as free text: every one has a code of the catalogue, so it can be
# said in Dutch and English (issue 13 item 20). A reason outside the catalogue would be shown in English
# in either language (code "untranslated"); none is allowed any more, anywhere in the package.
_ERRORS = ("RegelruimteError|PolicyError|PolicyLoadError|CaseError|EvaluationError|NoApplicableVersion|ScreeningError|SignalsError"
           "|EngineError|DecisionLogError|TokenError|SettingsError")
_FREE_TEXT = re.compile(rf'raise (?:{_ERRORS})\(\s*f?"(?![a-z][a-z0-9-]*"[,)])')


def test_no_error_is_raised_as_free_text() -> None:
    found = {path.relative_to(PACKAGE).as_posix(): len(_FREE_TEXT.findall(path.read_text(encoding="utf-8"))) for path in PACKAGE.rglob("*.py")}
    assert not {k: n for k, n in found.items() if n}, found
    assert _FREE_TEXT.search('raise DecisionLogError(f"entry #{n} is gone")') and not _FREE_TEXT.search('raise DecisionLogError("log-no-entry", entry=n)')


def test_a_library_error_is_english_by_default_and_dutch_when_asked() -> None:
    policy = rr.load_policy(KWIJTSCHELDING)
    with pytest.raises(rr.CaseError) as info:
        rr.assess(policy, {"date": "2026-03-01", "facts": {"netto_inkomen": "veel", "aantal_kinderen_typo": 1}})
    exc = info.value
    assert exc.code == "case-problems-for"
    assert str(exc).startswith("2 problem(s) in the case for policy kwijtschelding_afvalstoffenheffing:")
    assert "netto_inkomen: wrong value: not written as expected (expected an amount in euros" in str(exc)
    dutch = exc.message("nl")
    assert dutch.startswith("2 probleem of problemen in de zaak voor regeling kwijtschelding_afvalstoffenheffing:")
    assert "netto_inkomen: verkeerde waarde: niet geschreven zoals verwacht (verwacht: een bedrag in euro's" in dutch
    assert "1 onbekende naam of namen van feiten, hier niet herhaald" in dutch
    assert "veel" not in dutch + str(exc) and "aantal_kinderen_typo" not in dutch + str(exc)
    assert pickle.loads(pickle.dumps(exc)).message("nl") == dutch  # across processes (workers, Dask) too


def test_every_error_class_has_a_code_and_both_languages() -> None:
    errors = [rr.ScreeningError("screen-no-policy-on", date="2026-03-01"), rr.SignalsError("events-type"),
              rr.EvaluationError("parameter-no-value", parameter="'norm'", policy="'p'", date="2026-03-01"),
              rr.PolicyError("policy-not-compiled", policy="'p'"), rr.EngineError("a ruleset detail")]
    for exc in errors:
        assert exc.code in MESSAGES and str(exc) == exc.message("en") == exc.message()
        assert exc.message("nl") and "\n" not in exc.line("nl")
    assert errors[0].message("nl") == "geen regeling geldt op 2026-03-01"
    assert errors[-1].code == "engine-failed" and errors[-1].message("nl") == "de signaleringsmachine faalde: a ruleset detail"


# -- the command line in Dutch and English, for representative failures --------------------------------
BROKEN = """\
id: kapot
title: Kapot
authority: Testgemeente
country: nl
version: "1"
valid_from: 2026-01-01
summary: Kapot.
sources: []
facts: {}
purposes: []
rules: []
outcome: {granted: ja, denied: nee}
controls: []
titel: een veld dat niet bestaat
"""


def _refusal(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_the_command_line_refuses_bad_input_in_both_languages(tmp_path: Path) -> None:
    duplicate = tmp_path / "dubbel.json"
    duplicate.write_text('{"date": "2026-03-01", "facts": {"netto_inkomen": "1000.00", "netto_inkomen": "9999999.99"}}', encoding="utf-8")
    unknown = tmp_path / "onbekend.json"
    unknown.write_text('{"date": "2026-03-01", "facts": {"999999990": "Canary Testpersoon", "netto_inkomen": "12345.678"}}', encoding="utf-8")
    broken = tmp_path / "kapot.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    csv = tmp_path / "stad.csv"
    csv.write_text("id,netto_inkomen,huishouden\nh1,veel,alleenstaande\nh2,1401.50,alleenstaande\n", encoding="utf-8")
    cases = {
        "bad case JSON": (["assess", KWIJTSCHELDING, duplicate], "sleutel 'netto_inkomen' staat er twee keer in", "duplicate key 'netto_inkomen'"),
        "unknown fact": (["assess", KWIJTSCHELDING, unknown], "1 onbekende naam of namen van feiten, hier niet herhaald", "1 unknown fact name(s), not repeated here"),
        "broken policy": (["assess", broken, CASE], f"probleem of problemen in de regeling; voer 'regelruimte check {broken}' uit",
                          f"problem(s) in the policy; run 'regelruimte check {broken}'"),
        "bad CSV column": (["screen", KWIJTSCHELDING, "-p", csv, "-d", "2026-03-01"],
                           "kolom 'netto_inkomen': 1 waarde(n) zijn niet een bedrag in euro's met hoogstens twee decimalen",
                           "column 'netto_inkomen': 1 value(s) are not an amount in euros with at most two decimals"),
    }
    for what, (args, dutch, english) in cases.items():
        nl, en = _refusal(_run(*args)), _refusal(_run(*args, "--lang", "en"))
        assert dutch in nl and english not in nl, (what, nl)
        assert english in en, (what, en)
        for line in (nl, en):
            assert not any(v in line for v in ("9999999.99", "999999990", "Canary", "12345.678", "veel")), (what, line)
    check = _run("check", broken)  # the problem itself names the file, the line and the field
    assert check.returncode == 1 and f"{broken}:14:1" in check.stdout + check.stderr and "titel" in check.stdout + check.stderr


# -- each group of messages in Dutch (the default) and English (issue 13 item 20) ------------------------
def test_the_decision_logs_refusals_in_both_languages(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "REGELRUIMTE_PSEUDONYM_KEY"}
    runs = {lang: subprocess.run([sys.executable, "-m", "regelruimte", "assess", str(KWIJTSCHELDING), str(CASE), "--log", str(tmp_path / "b.db"),
                                  *(["--lang", lang] if lang else [])], capture_output=True, text=True, timeout=120, env={**env, "NO_COLOR": "1"})
            for lang in ("", "nl", "en")}
    assert runs[""].stderr == runs["nl"].stderr == "regelruimte: " + message("log-no-pseudonym", "nl") + "\n"
    assert runs["en"].stderr == "regelruimte: " + message("log-no-pseudonym", "en") + "\n"
    assert "de zaak heeft geen pseudoniem" in runs["nl"].stderr and "the case has no pseudonym" in runs["en"].stderr
    assert all(r.returncode == 2 for r in runs.values())
    exc = rr.DecisionLogError("log-provision-other", provision="'x'", offered=Text("log-offers-none"))
    assert str(exc) == "provision 'x' does not bridge this case's tension (the assessment offers: none)"
    assert exc.message("nl") == "bepaling 'x' lost de spanning in deze zaak niet op (de beoordeling biedt: geen)"


def test_the_signals_refusals_in_both_languages(tmp_path: Path) -> None:
    events = tmp_path / "gebeurtenissen.txt"
    events.write_text("household,date,type\nh1,2026-01-01,aanvraag\n", encoding="utf-8")
    args = ["signals", KWIJTSCHELDING, "--events", events, "--date", "2026-03-01"]
    nl, en = _refusal(_run(*args)), _refusal(_run(*args, "--lang", "en"))
    assert nl == f"regelruimte: {message('events-suffix', 'nl', path=events)}" and "een gebeurtenissenbestand is een" in nl
    assert en == f"regelruimte: {message('events-suffix', 'en', path=events)}" and "event logs are .csv" in en
    failed = rr.EngineError(Text("engine-run-failed", name="'signals.x@1'", failure=Text("engine-action-raised")))
    assert str(failed) == "ruleset 'signals.x@1': an action raised an exception"
    assert failed.message("nl") == "regelset 'signals.x@1': een actie gaf een fout (exception)"


# -- regelruimte check: the problems in a policy file (issue 13 item 20) ---------------------------------
def _english_only_problems() -> dict[str, int]:
    """Problems in a policy file still worded in English only, per module: a message given as a string
    (literal or f-string) to the loader's ``at``, to ``Problem(...)``, as the text of a compiler issue
    ``(loc, message, code)``, or to the condition language's errors and a signal's unsupported condition. Such a
    problem would be shown in English in either language: none is allowed."""
    import ast

    found: dict[str, int] = {}
    for path in PACKAGE.rglob("*.py"):
        n = 0
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr if isinstance(node.func, ast.Attribute) else ""
            args = node.args
            said = {"at": 2, "_problem": 2, "Problem": 4, "ConditionTypeError": 0, "ConditionSyntaxError": 0, "Unsupported": 0}.get(name)
            if said is not None and len(args) > said and isinstance(args[said], (ast.Constant, ast.JoinedStr)):
                n += isinstance(args[said], ast.JoinedStr) or isinstance(args[said].value, str)
            elif (name == "append" and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) and node.func.value.id.endswith("issues")
                  and args and isinstance(args[0], ast.Tuple) and len(args[0].elts) == 3 and isinstance(args[0].elts[1], (ast.Constant, ast.JoinedStr))):
                n += 1  # an issue (loc, message, code)
        if n:
            found[path.relative_to(PACKAGE).as_posix()] = n
    return found


ENGLISH_ONLY_PROBLEMS: dict[str, int] = {}


def test_no_problem_in_a_policy_file_is_worded_in_english_only() -> None:
    found = _english_only_problems()
    assert all(n <= ENGLISH_ONLY_PROBLEMS.get(key, 0) for key, n in found.items()), found
    assert not ENGLISH_ONLY_PROBLEMS, "strict: every problem in a policy file is a text of the catalogue"


def test_check_shows_the_problems_in_dutch_by_default_and_english_when_asked(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    broken, twice = folder / "kapot.yaml", folder / "dubbel.yaml"
    broken.write_text(BROKEN, encoding="utf-8")
    twice.write_text(BROKEN.replace("id: kapot", "id: dubbel").replace("sources: []", "sources: []\nsources: []"), encoding="utf-8")
    nl, en, env_en = _run("check", folder), _run("check", folder, "--lang", "en"), _run("check", folder, env={"REGELRUIMTE_LANG": "en"})
    assert nl.returncode == en.returncode == env_en.returncode == 1
    assert f"{broken}:14:1  titel  onbekende sleutel (kijk de spelling na; zie schema/policy.v1.json)  [policy-unknown-key]" in nl.stdout
    assert f"{twice}:9:1  sources  sleutel 'sources' staat er twee keer in (de eerste keer op regel 8)  [yaml-duplicate-key]" in nl.stdout
    assert f"{broken}:11:8  rules  hier horen minstens 1 element(en)  [policy-invalid-value]" in nl.stdout  # pydantic's kind of error, in our words
    assert nl.stdout.rstrip().endswith("0 regeling(en) geldig, 3 problemen.")
    assert f"{broken}:14:1  titel  unknown key (check the spelling; see schema/policy.v1.json)  [policy-unknown-key]" in en.stdout
    assert f"{twice}:9:1  sources  duplicate key 'sources' (first defined on line 8)  [yaml-duplicate-key]" in en.stdout
    assert f"{broken}:11:8  rules  at least 1 item(s) needed  [policy-invalid-value]" in en.stdout
    assert en.stdout.rstrip().endswith("0 policies valid, 3 problems.") and env_en.stdout == en.stdout
    import json

    shown = json.loads(_run("check", folder, "--format", "json").stdout)  # machine output too (it failed on a catalogue text)
    assert {p["code"]: p["message"] for p in shown["problems"]}["policy-unknown-key"].startswith("onbekende sleutel")
    assert {(p["path"], p["line"], p["column"], p["field"]) for p in shown["problems"]} == {(str(broken), 14, 1, "titel"), (str(broken), 11, 8, "rules"), (str(twice), 9, 1, "sources")}
    with pytest.raises(rr.PolicyLoadError) as info:
        rr.load_policy(broken)
    assert "onbekende sleutel" in info.value.message("nl") and "unknown key" in str(info.value)


def test_a_compiler_problem_in_dutch_and_english(tmp_path: Path) -> None:
    minimal = (ROOT / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(minimal.replace('value: {alleen: "1000.00", samen: "1500.00"}', 'value: {alleen: "1000.00", beiden: "1500.00"}')
                    .replace("expr: grens[huishouden] - inkomen", "expr: ruimte + 1"), encoding="utf-8")
    with pytest.raises(rr.PolicyLoadError) as info:
        rr.load_policy(path)
    codes = {p.code for p in info.value.problems}
    assert {"parameter-keys", "derived-cycle"} <= codes, codes
    nl, en = info.value.message("nl"), str(info.value)
    assert "'grens' heeft geen waarde voor samen" in nl and "'grens' heeft geen sleutel beiden" in nl and "afgeleide waarde 'ruimte' hangt van zichzelf af" in nl
    assert "'grens' has no value for samen" in en and "derived value 'ruimte' depends on itself" in en


@pytest.mark.parametrize(("expr", "dutch", "english"), [
    ("grens[huishouden] * inkomen", "een bedrag kan niet met een bedrag vermenigvuldigd worden (kolom 1 van de expressie)",
     "cannot multiply an amount by an amount (column 1 of the expression)"),
    ("grens[huishouden] * inkomen + (3", "onverwacht: einde van de expressie (kolom 32 van de expressie)", "unexpected end of expression (column 32 of the expression)"),
    ("grens - inkomen", "'grens' heeft een waarde per sleutel (alleen, samen); schrijf grens[...] met de sleutel",
     "'grens' has a value per key (alleen, samen); write grens[...] with the key"),
    ("inkomen > datum", "onbekende naam 'datum'", "unknown name 'datum'"),
])
def test_an_expression_problem_in_dutch_and_english(tmp_path: Path, expr: str, dutch: str, english: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text((ROOT / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8").replace("expr: grens[huishouden] - inkomen", f"expr: {expr}"),
                    encoding="utf-8")
    with pytest.raises(rr.PolicyLoadError) as info:
        rr.load_policy(path)
    assert dutch in info.value.message("nl") and english in str(info.value)
    assert english not in info.value.message("nl")


@pytest.mark.parametrize(("old", "new", "nl", "en"), [
    ("country: nl", "country: NO", "verwacht: 'nl' of 'be'", "expected 'nl' or 'be'"),
    ("type: money", "type: mony", "'enum' of 'text'", "'enum' or 'text'"),
])
def test_the_allowed_values_of_a_field_end_in_the_language_asked(tmp_path: Path, old: str, new: str, nl: str, en: str) -> None:
    """pydantic lists the allowed values with an English 'or': the Dutch line said
    ``verwacht: 'nl' or 'be'``."""
    path = tmp_path / "p.yaml"
    minimal = (ROOT / "tests" / "fixtures" / "minimal.yaml").read_text(encoding="utf-8")
    assert old in minimal
    path.write_text(minimal.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(rr.PolicyLoadError) as info:
        rr.load_policy(path)
    (problem,) = info.value.problems
    assert nl in problem.render("nl") and " or " not in problem.render("nl"), problem.render("nl")
    assert en in problem.render("en") and en in str(problem)
    assert pickle.loads(pickle.dumps(info.value)).problems[0].render("nl") == problem.render("nl")


def test_every_command_with_a_language_takes_it_from_the_environment(tmp_path: Path) -> None:
    """Without --lang, each command's report and errors are in $REGELRUIMTE_LANG (nl or en), else
    Dutch; --lang wins. Before, only check and demo read the environment."""
    missing = tmp_path / "nergens" / "rapport.html"
    from_env = _run("assess", KWIJTSCHELDING, CASE, "--output", missing, env={"REGELRUIMTE_LANG": "en"})
    assert from_env.returncode == 2 and from_env.stderr == f"regelruimte: {missing.parent}: no such folder (for --output)\n"
    english = _run("assess", KWIJTSCHELDING, CASE, env={"REGELRUIMTE_LANG": "en"})
    dutch = _run("assess", KWIJTSCHELDING, CASE, env={"REGELRUIMTE_LANG": ""})
    assert english.returncode == dutch.returncode == 0 and english.stdout != dutch.stdout
    assert english.stdout == _run("assess", KWIJTSCHELDING, CASE, "--lang", "en").stdout
    assert dutch.stdout == _run("assess", KWIJTSCHELDING, CASE, "--lang", "nl", env={"REGELRUIMTE_LANG": "en"}).stdout  # --lang wins
    assert dutch.stdout == _run("assess", KWIJTSCHELDING, CASE, env={"REGELRUIMTE_LANG": "fr"}).stdout  # a language we lack: Dutch
    tested = _run("test", KWIJTSCHELDING, env={"REGELRUIMTE_LANG": "en"})
    assert "passed" in tested.stdout and "geslaagd" not in tested.stdout, tested.stdout



def test_an_instance_of_kind_is_said_in_our_words() -> None:
    """pydantic's ``is_instance_of`` (a field typed Decimal or date given something else) fell back
    to its English "Input should be an instance of Decimal"; another class still does."""
    from regelruimte.loading.problems import _said

    for cls, nl, en in (("Decimal", "hier hoort een getal", "expected a number"), ("date", "hier hoort een datum als JJJJ-MM-DD", "expected a date as YYYY-MM-DD")):
        said = _said({"type": "is_instance_of", "ctx": {"class": cls}, "msg": f"Input should be an instance of {cls}"})
        assert not isinstance(said, str) and (said.render("nl"), said.render("en")) == (nl, en)
    assert _said({"type": "is_instance_of", "ctx": {"class": "Other"}, "msg": "Input should be an instance of Other"}) == "Input should be an instance of Other"
