# SPDX-License-Identifier: EUPL-1.2
"""The condition language: grammar, AST, type checker and exact three-valued evaluator."""

from . import ast
from .evaluate import Env, compile_expr
from .functions import FUNCTIONS, Function
from .parser import MAX_DEPTH, MAX_LENGTH, MAX_NODES, ConditionSyntaxError, parse
from .typecheck import Checker, ConditionTypeError, Symbol, Type

__all__ = [
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_NODES",
    "Checker",
    "ConditionSyntaxError",
    "ConditionTypeError",
    "Env",
    "Function",
    "Symbol",
    "Type",
    "ast",
    "compile_expr",
    "parse",
]
