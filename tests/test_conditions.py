# SPDX-License-Identifier: EUPL-1.2
"""The condition language: hostile input, limits, type errors, and no eval (reliability C7-C9)."""

from __future__ import annotations

import ast as pyast
import decimal
import re
import time
import tomllib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import regelruimte as rr
from regelruimte.conditions import (
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_NODES,
    Checker,
    ConditionSyntaxError,
    ConditionTypeError,
    Env,
    Symbol,
    Type,
    ast,
    compile_expr,
    parse,
)
from regelruimte.conditions.parser import MAX_DECIMALS, MAX_INTEGER_DIGITS
from regelruimte.errors import PolicyLoadError

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "regelruimte"

# The scope of tests/fixtures/minimal.yaml plus a whole-number and a date fact.
SCOPE = {
    "inkomen": Symbol("fact", Type("money")),
    "kinderen": Symbol("fact", Type("int")),
    "geboren": Symbol("fact", Type("date")),
    "naam": Symbol("fact", Type("text")),
    "actief": Symbol("fact", Type("bool")),
    "b": Symbol("fact", Type("bool")),
    "huishouden": Symbol("fact", Type("enum", frozenset({"alleen", "samen"}))),
    "grens": Symbol("parameter", Type("money"), frozenset({"alleen", "samen"})),
    "factor": Symbol("parameter", Type("decimal")),
    "peildatum": Symbol("builtin", Type("date")),
}

HOSTILE = [
    "__import__('os')",
    '__import__("os").system("touch rr_pwned")',
    "x.__class__",
    "inkomen.__class__",
    "().__class__.__bases__",
    "().__class__.__bases__[0].__subclasses__()",
    "lambda: 1",
    "(lambda x: x)(1)",
    "'{0.__class__}'.format(inkomen)",
    '"%s" % inkomen',
    "inkomen[0] > 0",
    'huishouden[0] == "a"',
    "naam[0:1] == 'a'",
    "inkomen > 0; import os",
    "import os",
    "9**9**9",
    "'a'*10**8",
    '"a" * 100000000 == naam',
    "rand() < 0.5",
    "randint(0, 1) == 1",
    "today() > 2026-01-01",
    "now() > peildatum",
    "open('/etc/passwd')",
    'open("/etc/passwd").read() == ""',
    'eval("1") == 1',
    'exec("import os")',
    'getattr(inkomen, "real") > 0',
    "globals()",
    "__builtins__",
    '__name__ == "__main__"',
    "__class__",
    "_ > 0",
    "onbekend > 0",
    "Inkomen > 0",
    "[x for x in range(10**7)]",
    "{1: 2}",
    "inkomen if actief else 0",
    "inkomen > 0 or print(1)",
    "inkomen @ inkomen",
    "inkomen // 2 > 0",
    "inkomen % 2 > 0",
    "inkomen ** 2 > 0",
    "kinderen << 2 > 0",
    "~kinderen > 0",
    "inkomen > 0\nimport os",
    "f'{inkomen}' == naam",
    "b'x' == naam",
    "inkomen.real > 0",
    "peildatum.year > 2000",
    'grens[__import__("os")] > inkomen',
    "inkomen() > 0",
    "inkomen > 0 # comment",
    "inkomen is None",
    "inkomen === 1",
    'naam == "a\\"b"',
    "inkomen > 1e3",
    "inkomen > 0x10",
    "inkomen > 1_000",
    "inkomen > .5",
    "inkomen > 01",
    "2026-02-30 > peildatum",
    "inkomen > 1234567890123",
    "inkomen > 99999999999999999999999999999999999999999999999999",
    "kinderen > 1234567890123%",
    "",
    "   ",
    "\x00",
    "inkomen > 0 and",
    "(inkomen > 0",
    "inkomen > 0)",
]


def _refuse(text: str) -> Exception:
    with pytest.raises((ConditionSyntaxError, ConditionTypeError)) as info:
        Checker(SCOPE).check(parse(text), "bool")
    return info.value


def test_the_corpus_is_large_enough() -> None:
    assert len(HOSTILE) >= 30 and len(set(HOSTILE)) == len(HOSTILE)


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_condition_is_refused_by_parser_or_checker(text: str) -> None:
    exc = _refuse(text)
    assert isinstance(exc.column, int) and 0 <= exc.column <= max(len(text), 1)


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def _with_condition(minimal_text: str, text: str) -> str:
    """The minimal policy with ``text`` as the rule's condition, as a YAML literal block."""
    block = "|-\n" + "\n".join("      " + line for line in text.split("\n"))
    return minimal_text.replace("    condition: inkomen <= grens[huishouden]", f"    condition: {block}")


@pytest.mark.parametrize("text", [t for t in HOSTILE if t.strip() and "\x00" not in t])
def test_hostile_condition_is_refused_at_load_time(hostile_dir: Path, minimal_text: str, text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(hostile_dir)
    policy_text = _with_condition(minimal_text, text)
    path = hostile_dir / "hostile.yaml"
    path.write_text(policy_text, encoding="utf-8")
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policy(path)
    (problem,) = info.value.problems
    line = policy_text.splitlines().index("    condition: |-") + 1
    assert (problem.path, problem.field, problem.line) == (str(path), "rules[0].condition", line)
    assert problem.code in ("expression-syntax", "expression-type")
    assert "column" in problem.message
    assert not (hostile_dir / "rr_pwned").exists()


# -- limits: the limit is accepted, limit + 1 is refused ---------------------------------------
def _ast_depth(node: ast.Node) -> int:
    deepest, stack = 0, [(node, 1)]
    while stack:
        n, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((c, d + 1) for c in ast.children(n))
    return deepest


def test_length_boundary() -> None:
    head = 'naam == "'
    at_limit = head + "x" * (MAX_LENGTH - len(head) - 1) + '"'
    assert len(at_limit) == MAX_LENGTH
    Checker(SCOPE).check(parse(at_limit), "bool")
    padded = "actief" + " " * (MAX_LENGTH - len("actief"))
    assert len(padded) == MAX_LENGTH
    parse(padded)
    with pytest.raises(ConditionSyntaxError, match="limit"):
        parse(at_limit[:-1] + 'x"')
    with pytest.raises(ConditionSyntaxError, match="limit"):
        parse(padded + " ")


def test_length_boundary_at_load_time(write_policy, minimal_text: str) -> None:
    text = "inkomen <= grens[huishouden]"
    at_limit = text + " " * (MAX_LENGTH - len(text))
    assert len(at_limit) == MAX_LENGTH
    rr.load_policy(write_policy(minimal_text.replace(f"condition: {text}", f'condition: "{at_limit}"')))
    with pytest.raises(PolicyLoadError) as info:
        rr.load_policy(write_policy(minimal_text.replace(f"condition: {text}", f'condition: "{at_limit} "')))
    assert info.value.problems[0].field == "rules[0].condition"


@pytest.mark.parametrize(
    ("build", "kind"),
    [
        (lambda n: "not " * (n - 1) + "actief", "not-chain"),
        (lambda n: "abs(" * (n - 1) + "kinderen" + ")" * (n - 1), "calls"),
        (lambda n: "kinderen" + " + 1" * (n - 1), "left-nested sums"),
        (lambda n: "-(" * (n - 1) + "kinderen" + ")" * (n - 1), "negations"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_depth_boundary(build, kind: str) -> None:
    """An expression MAX_DEPTH nodes deep is accepted; one node deeper is refused."""
    node = parse(build(MAX_DEPTH))
    assert _ast_depth(node) == MAX_DEPTH, kind
    with pytest.raises(ConditionSyntaxError, match="nested"):
        parse(build(MAX_DEPTH + 1))


def test_bracket_depth_boundary() -> None:
    parse("(" * MAX_DEPTH + "actief" + ")" * MAX_DEPTH)
    with pytest.raises(ConditionSyntaxError, match="nested"):
        parse("(" * (MAX_DEPTH + 1) + "actief" + ")" * (MAX_DEPTH + 1))
    parse('naam == "' + "(" * 100 + '"')  # brackets inside text do not count
    start = time.perf_counter()
    with pytest.raises(ConditionSyntaxError):
        parse("(" * 1000 + "actief" + ")" * 1000)  # longer than the limit: refused before parsing
    with pytest.raises(ConditionSyntaxError):
        parse("-" * (MAX_LENGTH - 1) + "1")  # deep without brackets: no RecursionError
    with pytest.raises(ConditionSyntaxError):
        parse("not " * (MAX_LENGTH // 4 - 2) + "actief")
    assert time.perf_counter() - start < 1.0


def test_node_count_boundary() -> None:
    """``b and b and ... b`` with k terms has k + 1 nodes."""
    terms = MAX_NODES - 1
    node = parse(" and ".join(["b"] * terms))
    assert sum(1 for _ in ast.walk(node)) == MAX_NODES
    with pytest.raises(ConditionSyntaxError, match="parts"):
        parse(" and ".join(["b"] * (terms + 1)))


def test_integer_digit_boundary() -> None:
    assert parse("9" * MAX_INTEGER_DIGITS).value == int("9" * MAX_INTEGER_DIGITS)  # type: ignore[union-attr]
    assert parse("9" * MAX_INTEGER_DIGITS + ".99").value == Decimal("9" * MAX_INTEGER_DIGITS + ".99")  # type: ignore[union-attr]
    assert parse("9" * MAX_INTEGER_DIGITS + "%").value == Decimal("9" * MAX_INTEGER_DIGITS) / 100  # type: ignore[union-attr]
    for text in ("1" + "0" * MAX_INTEGER_DIGITS, "1" + "0" * MAX_INTEGER_DIGITS + ".5", "1" + "0" * MAX_INTEGER_DIGITS + "%"):
        with pytest.raises(ConditionSyntaxError, match="too large"):
            parse(text)


def test_decimal_places_boundary() -> None:
    """12 decimals at most, as in a case: a product or quotient rounds at 12 in both evaluation paths."""
    assert parse("0." + "9" * MAX_DECIMALS).value == Decimal("0." + "9" * MAX_DECIMALS)  # type: ignore[union-attr]
    assert parse("0." + "9" * (MAX_DECIMALS - 2) + "%").value == Decimal("0.00" + "9" * (MAX_DECIMALS - 2))  # type: ignore[union-attr]
    for text in ("0." + "0" * MAX_DECIMALS + "1", "-1." + "5" * (MAX_DECIMALS + 1), "0." + "9" * (MAX_DECIMALS - 1) + "%"):
        with pytest.raises(ConditionSyntaxError, match="decimals"):
            parse(text)


@pytest.mark.parametrize(("text", "value"), [("-1234567.25", "-1234567.25"), ("- 1234567.25", "-1234567.25"), ("12.345%", "0.12345"), ("99.99%", "0.9999")])
def test_literals_are_exact_whatever_the_callers_decimal_context(text: str, value: str) -> None:
    with decimal.localcontext(decimal.Context(prec=3, traps=[decimal.Inexact])):
        node = parse(text)
        in_list = parse(f"kinderen in [{text.replace(' ', '')}]") if "%" not in text else None
    assert isinstance(node, ast.Literal) and node.value == Decimal(value)
    if in_list is not None:
        assert isinstance(in_list, ast.In) and in_list.items[0].value == Decimal(value)


def test_the_worst_case_allowed_condition_is_fast() -> None:
    """A condition at the node limit evaluates in well under a millisecond (C9)."""
    def balanced(n: int) -> str:
        return "(inkomen * 2)" if n == 1 else f"({balanced(n // 2)} + {balanced(n - n // 2)})"

    text = balanced(49) + " > 0"
    node = parse(text)
    assert MAX_NODES - 10 <= sum(1 for _ in ast.walk(node)) <= MAX_NODES
    Checker(SCOPE).check(node, "bool")
    fn = compile_expr(node, {n: s.kind for n, s in SCOPE.items()})
    env = Env({"inkomen": Decimal("999999999999.99")}, {}, date(2026, 1, 1), {})
    assert fn(env) is True
    start = time.perf_counter()
    for _ in range(200):
        fn(Env({"inkomen": Decimal("999999999999.99")}, {}, date(2026, 1, 1), {}))
    assert (time.perf_counter() - start) / 200 < 0.001


# -- type errors: refused with a clear message at a column --------------------------------------
TYPE_ERRORS = [
    ('inkomen > "1000"', "cannot order money and text", 0),
    ('naam == 1000', "do not match: text and whole number", 0),
    ("inkomen > kinderen", "mix an amount with whole number", 0),
    ("inkomen + kinderen > 0", "mix an amount with whole number", 0),
    ("inkomen > factor", "mix an amount with number", 0),
    ('huishouden == "gehuwd"', "'gehuwd' is not a possible value (one of alleen, samen)", 14),
    ('"gehuwd" != huishouden', "'gehuwd' is not a possible value", 0),
    ('huishouden in ["alleen", "gehuwd"]', "'gehuwd' is not a possible value", 25),
    ("huishouden == 1", "cannot compare one of alleen, samen with whole number", 0),
    ("grens > inkomen", "'grens' has a value per key (alleen, samen); write grens[...]", 0),
    ('grens["gehuwd"] > inkomen', "'gehuwd' is not a key of 'grens'", 6),
    ("grens[kinderen] > inkomen", "must be a choice fact or a quoted key", 6),
    ("factor[huishouden] > 0", "'factor' has one value", 0),
    ("rand() > 0", "unknown function 'rand'", 0),
    ("mni(inkomen, 1) > 0", "unknown function 'mni'; did you mean 'min'?", 0),
    ("abs(inkomen, inkomen) > 0", "abs() takes 1 argument, not 2", 0),
    ("min(inkomen) > 0", "min() needs at least two arguments", 0),
    ("days_between(peildatum) > 0", "days_between() takes 2 arguments, not 1", 0),
    ("round_cents() > 0", "round_cents() takes 1 argument, not 0", 0),
    ("add_days(peildatum, 1, 2) > peildatum", "add_days() takes 2 arguments, not 3", 0),
    ("add_days(peildatum, inkomen) > peildatum", "needs a date and a whole number", 0),
    ("round_cents(kinderen) > 0", "rounds an amount, not whole number", 0),
    ("months_between(peildatum, 1) > 0", "needs two dates, not whole number", 26),
    ("inkomnе > 0", "unexpected character", 6),
    ("inkomne > 0", "unknown name 'inkomne'; did you mean 'inkomen'?", 0),
    ("inkomen * inkomen > 0", "cannot multiply an amount by an amount", 0),
    ("kinderen / inkomen > 0", "cannot divide a number by an amount", 0),
    ("geboren > 0", "cannot order date and whole number", 0),
    ("naam > naam", "cannot order text and text", 0),
    ("actief and kinderen", "'and' needs yes/no conditions on both sides, not whole number", 11),
    ("not kinderen", "'not' needs a yes/no condition, not whole number", 0),
    ("(if actief then inkomen else naam) == naam", "both branches of 'if' do not match: money and text", 1),
    ("if kinderen then actief else actief", "'if' needs a yes/no condition, not whole number", 3),
    ("-naam == naam", "cannot negate text", 0),
    ("kinderen in [1.5]", "list items must be numbers of the same kind as whole number", 13),
    ("geboren in [1]", "'in' works on choices, text and numbers, not date", 0),
]


@pytest.mark.parametrize(("text", "message", "column"), TYPE_ERRORS, ids=[t[0] for t in TYPE_ERRORS])
def test_type_error_is_refused_with_a_clear_message(text: str, message: str, column: int) -> None:
    exc = _refuse(text)
    assert message in str(exc)
    assert exc.column == column


@pytest.mark.parametrize(("text", "expect"), [("inkomen", "bool"), ("inkomen > 0", "money"), ("kinderen", "money"), ("1.5", "int")])
def test_the_result_type_is_checked(text: str, expect: str) -> None:
    with pytest.raises(ConditionTypeError, match="is needed"):
        Checker(SCOPE).check(parse(text), expect)


@pytest.mark.parametrize(
    "text",
    ["inkomen > 0", "inkomen + 10 > 1000.50", "max(0, inkomen - grens[huishouden]) * 12 < 300", "round_cents(inkomen * factor) >= 0",
     'huishouden == "alleen" or huishouden in ["samen"]', "kinderen >= 2 and not actief", "years_between(geboren, peildatum) >= 18",
     "add_months(geboren, 3) <= peildatum", "if actief then inkomen > 0 else kinderen > 0", "inkomen / 2 > 12.5%", "-inkomen < 0",
     "inkomen * kinderen > 0", "inkomen / inkomen > 0.5", 'naam != "" and naam in ["a", "b"]', "grens['alleen'] > 0"],
)
def test_well_typed_conditions_are_accepted(text: str) -> None:
    assert Checker(SCOPE).check(parse(text), "bool").kind == "bool"


# -- no eval, no unsafe YAML: a static scan of the package --------------------------------------
FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile"}
FORBIDDEN_ATTRS = {("yaml", "load"), ("yaml", "load_all"), ("yaml", "unsafe_load"), ("yaml", "unsafe_load_all"), ("yaml", "full_load"), ("yaml", "full_load_all")}
FORBIDDEN_NAMES = {"Loader", "CLoader", "UnsafeLoader", "CUnsafeLoader", "FullLoader", "CFullLoader", "UnsafeConstructor", "FullConstructor"}
FORBIDDEN_MODULES = {"pickle", "marshal", "shelve", "dill"}


def _violations(source: str, name: str) -> list[str]:
    tree = pyast.parse(source, name)
    found = []
    for node in pyast.walk(tree):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, pyast.Call) and isinstance(node.func, pyast.Name) and node.func.id in FORBIDDEN_CALLS:
            found.append(f"{where} calls {node.func.id}()")
        if isinstance(node, pyast.Attribute) and isinstance(node.value, pyast.Name) and (node.value.id, node.attr) in FORBIDDEN_ATTRS:
            found.append(f"{where} uses {node.value.id}.{node.attr}")
        if isinstance(node, pyast.Attribute) and node.attr in FORBIDDEN_NAMES:
            found.append(f"{where} uses .{node.attr}")
        if isinstance(node, pyast.Name) and node.id in FORBIDDEN_NAMES:
            found.append(f"{where} uses {node.id}")
        if isinstance(node, pyast.Constant) and isinstance(node.value, str) and node.value in FORBIDDEN_NAMES:
            found.append(f"{where} names {node.value!r}")
        if isinstance(node, pyast.keyword) and node.arg == "typ" and isinstance(node.value, pyast.Constant) and node.value.value == "unsafe":
            found.append(f"{where} uses typ='unsafe'")
        if isinstance(node, (pyast.Import, pyast.ImportFrom)):
            modules = [a.name for a in node.names] if isinstance(node, pyast.Import) else [node.module or ""]
            for m in modules:
                if m.split(".")[0] in FORBIDDEN_MODULES:
                    found.append(f"{where} imports {m}")
    return found


def test_the_scanner_finds_what_it_looks_for() -> None:
    planted = (
        "import yaml, pickle\nx = eval('1')\nexec('y = 1')\ncode = compile('1', 'f', 'eval')\n"
        "yaml.load(s, Loader=yaml.Loader)\nyaml.unsafe_load(s)\nL = getattr(yaml, 'CLoader')\nruamel(typ='unsafe')\n"
    )
    found = " ".join(_violations(planted, "planted.py"))
    for word in ("eval()", "exec()", "compile()", "yaml.load", ".Loader", "yaml.unsafe_load", "'CLoader'", "typ='unsafe'", "imports pickle"):
        assert word in found, word
    assert _violations("import re\nP = re.compile('x')\nyaml.safe_load(s)\nyaml.parse(s, Loader=yaml.CSafeLoader)\n", "ok.py") == []


def test_no_eval_exec_compile_or_unsafe_yaml_in_the_package() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 10
    found = [v for f in files for v in _violations(f.read_text(encoding="utf-8"), str(f.relative_to(ROOT)))]
    assert found == []


def test_ruff_guards_eval_exec_and_unsafe_yaml() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    lint = config["tool"]["ruff"]["lint"]
    selected = set(lint["select"])
    for rule in ("S102", "S307", "S506"):
        assert rule in selected or "S" in selected, rule
        assert rule not in set(lint.get("ignore", []))


def test_only_pure_functions_are_reachable() -> None:
    """No clock, randomness or I/O: the function set is closed, and the evaluator, the function
    table and the exact scalars import nothing else (the package's own modules aside)."""
    assert set(FUNCTIONS) == {
        "min", "max", "abs", "round_cents", "round_cents_up", "round_cents_down", "round_euros_down",
        "days_between", "months_between", "years_between", "add_days", "add_months",
    }
    for path in (PACKAGE / "conditions" / "evaluate.py", PACKAGE / "conditions" / "arithmetic.py", PACKAGE / "conditions" / "functions.py", PACKAGE / "_exact.py"):
        tree = pyast.parse(path.read_text(encoding="utf-8"))
        imported = {a.name.split(".")[0] for n in pyast.walk(tree) if isinstance(n, pyast.Import) for a in n.names}
        imported |= {(n.module or "").split(".")[0] for n in pyast.walk(tree) if isinstance(n, pyast.ImportFrom) and n.level == 0}
        assert imported <= {"__future__", "calendar", "decimal", "functools", "operator", "collections", "dataclasses", "datetime", "re", "typing"}, (path.name, imported)
        source = path.read_text(encoding="utf-8")
        for word in (r"\btoday\(", r"\bnow\(", r"\brandom", r"\bopen\(", r"\btime\.", r"\bos\."):  # datetime.date is not time.
            assert not re.search(word, source), (path.name, word)
