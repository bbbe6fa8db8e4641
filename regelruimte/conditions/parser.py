# SPDX-License-Identifier: EUPL-1.2
"""Parse condition text into the AST with a lark LALR grammar, within fixed limits.

Why lark: a maintained parser generator whose LALR mode is table driven (no recursion while
parsing), so hostile nesting cannot overflow the stack; the grammar file is the whole language.
Limits (notes/reliability.md C9): 2,000 characters, 200 nodes, depth 32. The limit itself is
accepted and limit + 1 is refused.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import lru_cache
from importlib import resources

import lark

from .._messages import Text
from . import ast

MAX_LENGTH = 2000
MAX_NODES = 200
MAX_DEPTH = 32
MAX_INTEGER_DIGITS = 12
MAX_DECIMALS = 12
"""A number in a condition has at most 12 decimals, as a number in a case or a policy file."""


class ConditionSyntaxError(ValueError):
    """The text is not a valid expression. ``column`` is 0-based within the expression."""

    def __init__(self, message: Text, column: int = 0) -> None:
        self.column = column
        self.text = message
        super().__init__(str(message))


@lru_cache(maxsize=1)
def _parser() -> lark.Lark:
    grammar = resources.files(__package__).joinpath("grammar.lark").read_text(encoding="utf-8")
    return lark.Lark(grammar, parser="lalr", propagate_positions=True, maybe_placeholders=False)


def parse(text: str) -> ast.Node:
    """Parse one expression. Raises :class:`ConditionSyntaxError` with a column."""
    if not isinstance(text, str):
        raise ConditionSyntaxError(Text("cond-not-text"))
    if len(text) > MAX_LENGTH:
        raise ConditionSyntaxError(Text("cond-too-long", n=len(text), limit=MAX_LENGTH))
    if not text.strip():
        raise ConditionSyntaxError(Text("cond-empty"))
    _check_bracket_depth(text)
    try:
        tree = _parser().parse(text)
    except lark.UnexpectedCharacters as exc:
        raise ConditionSyntaxError(Text("cond-unexpected-character", char=repr(text[exc.pos_in_stream or 0])), exc.column - 1) from None
    except lark.UnexpectedToken as exc:
        tok = exc.token
        what: Text | str = Text("cond-end") if tok.type == "$END" else repr(str(tok))
        col = (tok.column - 1) if getattr(tok, "column", None) else len(text)
        raise ConditionSyntaxError(Text("cond-unexpected", what=what), col) from None
    except lark.UnexpectedInput as exc:  # pragma: no cover - other lark errors
        raise ConditionSyntaxError(Text("cond-cannot-parse"), max(getattr(exc, "column", 1) - 1, 0)) from None
    depth = _tree_depth(tree)
    if depth > MAX_DEPTH:
        raise ConditionSyntaxError(Text("cond-too-deep", depth=depth, limit=MAX_DEPTH))
    node = _build(tree)
    count = sum(1 for _ in ast.walk(node))
    if count > MAX_NODES:
        raise ConditionSyntaxError(Text("cond-too-many-parts", n=count, limit=MAX_NODES))
    return node


def _check_bracket_depth(text: str) -> None:
    depth = 0
    quote = ""
    for i, ch in enumerate(text):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch in "([":
            depth += 1
            if depth > MAX_DEPTH:
                raise ConditionSyntaxError(Text("cond-brackets-too-deep", limit=MAX_DEPTH), i)
        elif ch in ")]":
            depth -= 1


def _tree_depth(tree: lark.Tree[lark.Token]) -> int:
    """Depth in rule nodes; tokens are not counted, as they become no node of their own in the AST."""
    deepest = 0
    stack: list[tuple[lark.Tree[lark.Token], int]] = [(tree, 1)]
    while stack:
        t, d = stack.pop()
        deepest = max(deepest, d)
        stack.extend((c, d + 1) for c in t.children if isinstance(c, lark.Tree))
    return deepest


def _col(t: lark.Tree[lark.Token] | lark.Token) -> int:
    if isinstance(t, lark.Token):
        return (t.column or 1) - 1
    meta = t.meta
    return (getattr(meta, "column", 1) or 1) - 1 if not getattr(meta, "empty", True) else 0


def _number(token: lark.Token, negative: bool = False) -> ast.Literal:
    text = str(token)
    whole = text.split(".")[0]
    if len(whole.lstrip("0")) > MAX_INTEGER_DIGITS:
        raise ConditionSyntaxError(Text("cond-number-too-large", number=text), _col(token))
    if len(whole) > 1 and whole.startswith("0"):
        raise ConditionSyntaxError(Text("cond-leading-zero", number=text), _col(token))
    if len(text) - len(whole) - 1 > MAX_DECIMALS:
        raise ConditionSyntaxError(Text("cond-too-many-decimals", number=text, limit=MAX_DECIMALS), _col(token))
    value: int | Decimal = Decimal(text) if "." in text else int(text)
    if negative:
        value = _negate(value)
    return ast.Literal(value, "decimal" if "." in text else "int", _col(token))


def _token(t: lark.Tree[lark.Token] | lark.Token) -> lark.Token:
    if not isinstance(t, lark.Token):  # pragma: no cover - the grammar puts a token here
        raise ConditionSyntaxError(Text("cond-expected-number"), _col(t))
    return t


def _negate(value: int | Decimal) -> int | Decimal:
    """Exact negation (``-Decimal`` would round to the caller's thread context)."""
    return value.copy_negate() if isinstance(value, Decimal) else -value


def _build(t: lark.Tree[lark.Token] | lark.Token) -> ast.Node:
    """Turn the lark tree into AST nodes (depth already bounded, so recursion is safe)."""
    if isinstance(t, lark.Token):  # pragma: no cover - every token sits under a named rule
        raise ConditionSyntaxError(Text("cond-unexpected-token"), _col(t))
    kind, ch, pos = t.data, t.children, _col(t)
    if kind == "number":
        return _number(_token(ch[0]))
    if kind == "negnumber":
        return _number(_token(ch[0]), negative=True)
    if kind == "percent":
        text = str(ch[0])[:-1]
        if len(text.split(".")[0]) > MAX_INTEGER_DIGITS:
            raise ConditionSyntaxError(Text("cond-percentage-too-large", number=text), pos)
        if "." in text and len(text.split(".")[1]) + 2 > MAX_DECIMALS:
            raise ConditionSyntaxError(Text("cond-percentage-decimals", number=text, limit=MAX_DECIMALS - 2), pos)
        exact = Decimal(text).as_tuple()  # shift the exponent: exact, whatever the caller's decimal context
        return ast.Literal(Decimal((exact.sign, exact.digits, int(exact.exponent) - 2)), "decimal", pos)
    if kind == "string":
        return ast.Literal(str(ch[0])[1:-1], "text", pos)
    if kind == "date":
        try:
            return ast.Literal(date.fromisoformat(str(ch[0])), "date", pos)
        except ValueError:
            raise ConditionSyntaxError(Text("cond-not-real-date", date=ch[0]), pos) from None
    if kind == "true":
        return ast.Literal(True, "bool", pos)
    if kind == "false":
        return ast.Literal(False, "bool", pos)
    if kind == "name":
        return ast.Name(str(ch[0]), pos)
    if kind == "field":
        return ast.FieldRef(str(ch[0]), str(ch[1]), pos)
    if kind == "lookup":
        return ast.Lookup(str(ch[0]), _build(ch[1]), pos)
    if kind == "call":
        return ast.Call(str(ch[0]), tuple(_build(c) for c in ch[1:]), pos)
    if kind == "neg":
        inner = _build(ch[0])
        if isinstance(inner, ast.Literal) and inner.kind in ("int", "decimal"):
            return ast.Literal(_negate(inner.value), inner.kind, pos)  # type: ignore[arg-type]
        return ast.Neg(inner, pos)
    if kind == "binop":
        return ast.Binary(str(ch[1]), _build(ch[0]), _build(ch[2]), pos)
    if kind == "compare":
        return ast.Compare(str(ch[1]), _build(ch[0]), _build(ch[2]), pos)
    if kind in ("in_", "not_in"):
        items = tuple(_build(c) for c in ch[1:])
        return ast.In(_build(ch[0]), items, kind == "not_in", pos)  # type: ignore[arg-type]
    if kind == "and_":
        return ast.And(tuple(_build(c) for c in ch), pos)
    if kind == "or_":
        return ast.Or(tuple(_build(c) for c in ch), pos)
    if kind == "not_":
        return ast.Not(_build(ch[0]), pos)
    if kind == "if_expr":
        return ast.If(_build(ch[0]), _build(ch[1]), _build(ch[2]), pos)
    raise ConditionSyntaxError(Text("cond-unsupported-construct", kind=kind), pos)  # pragma: no cover
