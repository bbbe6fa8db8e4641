# SPDX-License-Identifier: EUPL-1.2
"""A strict YAML reader for policy files that keeps the line and column of every value.

Why PyYAML's libyaml parser and our own constructor (not ``yaml.safe_load``, not ruamel):
the event parser is iterative and fast, so a pre-scan can refuse anchors, aliases, explicit
tags and deep nesting *before* anything recursive runs (notes/reliability.md §1.3-1.4:
alias bombs, the libyaml segfault at 50,000 levels). Then we build the values from the node
tree ourselves with YAML 1.2-like typing, stricter still, so nothing changes meaning silently:

* ``NO``, ``on``, ``yes`` stay strings (YAML 1.1 would make them booleans);
* ``010`` is refused as ambiguous (YAML 1.1 reads 8, YAML 1.2 reads 10);
* ``1401.50`` becomes ``Decimal("1401.50")``, never a float;
* ``1e3``, ``.5``, ``.inf`` are refused: write numbers out in full;
* ``12:30`` stays a string (YAML 1.1 reads 750);
* duplicate keys are refused with both line numbers; keys must be plain strings.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .._exact import DATE
from .._messages import Text
from ..errors import PolicyLoadError, Problem

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_DECIMAL = re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+")
_FLOATISH = re.compile(r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9]*)?[eE][-+]?[0-9]+|\.(inf|Inf|INF|nan|NaN|NAN)|[0-9]+\.)")
_NULLS = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}

Path_ = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """The plain data of one YAML file plus the position of every value and key."""

    path: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, loc: Path_, *, key: bool = False) -> tuple[int, int]:
        """Return (line, column), 1-based, of the deepest known part of ``loc``."""
        loc = tuple(loc)
        if key and loc in self.key_positions:
            return self.key_positions[loc]
        while loc:
            if loc in self.positions:
                return self.positions[loc]
            loc = loc[:-1]
        return self.positions.get((), (1, 1))


def _problem(path: str, mark: Any, message: Text, code: str, field_: str = "-") -> Problem:
    line = getattr(mark, "line", 0) + 1
    col = getattr(mark, "column", 0) + 1
    return Problem.of(path, line, col, field_, message, code)


def read_regular_file(path: str | Path, shown: str | None = None, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is refused with one problem.

    The file is opened without blocking and checked on the open descriptor, so a FIFO never
    hangs the reader and a symlink to ``/dev/zero`` or another device is refused before a byte is
    read; at most ``limit + 1`` bytes are read, so a file that grows while it is read is refused too.
    """
    shown = shown or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise PolicyLoadError([Problem.of(shown, 1, 1, "-", Text("policy-file-unreadable", reason=exc.strerror or type(exc).__name__), "file-unreadable")]) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise PolicyLoadError([Problem.of(shown, 1, 1, "-", Text("policy-file-is-folder"), "file-unreadable")])
        if not stat.S_ISREG(info.st_mode):
            raise PolicyLoadError([Problem.of(shown, 1, 1, "-", Text("file-not-regular"))])
        if info.st_size > limit:
            raise PolicyLoadError([Problem.of(shown, 1, 1, "-", Text("file-too-large", size=info.st_size, limit=limit))])
        chunks: list[bytes] = []
        size = 0
        while size <= limit and (chunk := os.read(fd, min(1 << 16, limit + 1 - size))):
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise PolicyLoadError([Problem.of(shown, 1, 1, "-", Text("file-over-limit", limit=limit), "file-too-large")])
        return b"".join(chunks)
    except OSError as exc:
        raise PolicyLoadError([Problem.of(shown, 1, 1, "-", Text("policy-file-unreadable", reason=exc.strerror or type(exc).__name__), "file-unreadable")]) from None
    finally:
        os.close(fd)


def read_yaml(path: str | Path, display: str | None = None) -> YamlDocument:
    """Read one YAML file strictly. Raises :class:`PolicyLoadError` naming file, line and column."""
    shown = display or str(path)
    return decode_yaml(read_regular_file(path, shown), shown)


def decode_yaml(raw: bytes, shown: str) -> YamlDocument:
    """Parse the bytes of a YAML file strictly (the loader hashes these same bytes, read once)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PolicyLoadError([Problem.of(shown, line, 1, "-", Text("file-encoding"))]) from None
    return parse_yaml(text, shown)


def parse_yaml(text: str, path: str = "<string>") -> YamlDocument:
    """Parse YAML text strictly (see the module docstring)."""
    _refuse_deep_nesting(text, path)
    _prescan(text, path)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise PolicyLoadError([_syntax_problem(path, exc, text)]) from None
    if node is None:
        raise PolicyLoadError([Problem.of(path, 1, 1, "-", Text("yaml-empty"))])
    doc = YamlDocument(path, None)
    problems: list[Problem] = []
    doc.data = _construct(node, (), doc, problems)
    if problems:
        raise PolicyLoadError(problems)
    return doc


_TOKEN_START = frozenset(" \t\n[{,:-?")
_BLOCK_SCALAR = re.compile(r"(?:^|[ \t])[|>][0-9+-]*[ \t]*(?:#.*)?$")


def _nesting_scan(text: str) -> tuple[int, str, bool] | None:
    """Find where nesting first gets deeper than MAX_DEPTH, from the characters alone.

    Our own lexical scan, so the refusal never depends on which layer of PyYAML looks ahead
    or gives up first (PyYAML 6.0.4 refuses 1,000 levels itself, and in flow context it scans
    that far ahead before it yields a single event). It counts flow brackets outside quotes and
    comments, and block levels from indentation and compact ``- `` indicators, each kind on its
    own (PyYAML reads levels of both kinds together lazily, so the event pre-scan refuses mixed
    nesting; only one kind at a time can make it look far ahead). It may count a block level too
    many, never one too few. Returns (offset, the closing brackets
    that make the text up to offset a complete document, whether it stopped at a ``- ``), or None.
    """
    flow: list[str] = []
    block: list[int] = []
    quote = ""
    scalar_indent: int | None = None  # inside a block scalar (| or >) started at this indent
    i, n = 0, len(text)
    while i < n:
        # the start of a line, outside quotes and flow collections: block structure
        if not quote and not flow:
            end = text.find("\n", i)
            end = n if end < 0 else end
            line = text[i:end]
            body = line.lstrip(" ")
            indent = len(line) - len(body)
            if scalar_indent is not None and (not body.strip() or indent > scalar_indent):
                i = end + 1
                continue
            scalar_indent = None
            if not body.strip() or body.startswith("#"):
                i = end + 1
                continue
            while block and block[-1] > indent:
                block.pop()
            if not block or block[-1] < indent:
                block.append(indent)
            # the first indicator's collection is the one at this indentation; each further one nests
            depth, j = len(block) - 1, i + indent
            while j < end and text[j] in "-?" and (j + 1 == end or text[j + 1] in " \t"):
                depth += 1
                if depth > MAX_DEPTH:
                    return j, "", True
                j += 1
                while j < end and text[j] in " \t":
                    j += 1
            depth = max(depth, len(block))
            if depth > MAX_DEPTH:
                return end - 1, "", False  # the whole line, so a key on it opens its mapping
            if _BLOCK_SCALAR.search(line):
                scalar_indent = indent
            i = j
        # the rest of the line (or of a flow collection or a quoted scalar, which may span lines)
        while i < n:
            c = text[i]
            if quote:
                if c == "\\" and quote == '"':
                    i += 2
                    continue
                if c == quote:
                    if quote == "'" and text[i + 1 : i + 2] == "'":
                        i += 2
                        continue
                    quote = ""
                i += 1
                continue
            if c == "\n":
                i += 1
                if not flow:
                    break
                continue
            at_token = i == 0 or text[i - 1] in _TOKEN_START
            if c == "#" and (i == 0 or text[i - 1] in " \t\n"):
                end = text.find("\n", i)
                i = n if end < 0 else end
                continue
            if c in "'\"" and at_token:
                quote = c
            elif c in "[{" and (flow or at_token):
                flow.append("]" if c == "[" else "}")
                if len(flow) > MAX_DEPTH:
                    return i, "".join(reversed(flow)), False
            elif c in "]}" and flow:
                flow.pop()
            i += 1
    return None


def _refuse_deep_nesting(text: str, path: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH before PyYAML reads more than MAX_DEPTH levels.

    Where the lexical scan finds too many levels, the event pre-scan reads only the text up to
    that point (closed off), so the refusal names the field; a lexical false alarm (brackets in
    plain text) lets the whole document through to the normal checks.
    """
    found = _nesting_scan(text)
    if found is None:
        return
    offset, closers, at_dash = found
    prefix = text[: offset + 1] + (" x" if at_dash else "") + closers
    try:
        _prescan(prefix, path)
    except PolicyLoadError as exc:
        deep = [p for p in exc.problems if p.code == "yaml-too-deep"]
        if deep:
            raise PolicyLoadError(deep) from None
        head = text[:offset]
        line, col = head.count("\n") + 1, offset - (head.rfind("\n") + 1) + 1
        raise PolicyLoadError([Problem.of(path, line, col, "-", Text("yaml-too-deep", n=MAX_DEPTH))]) from None


def _prescan(text: str, path: str) -> None:
    """Refuse anchors, aliases, explicit tags, several documents and deep nesting, from events only."""
    depth = 0
    documents = 0
    problems: list[Problem] = []
    # Where the current node is, from events alone, so a hazard names its field: one frame per
    # open collection, [is a mapping, current key or index, the next node is a key].
    frames: list[list[Any]] = []

    def here() -> str:
        return _dotted(tuple(f[1] for f in frames if f[1] is not None))

    try:
        for ev in yaml.parse(text, Loader=_Loader):
            if isinstance(ev, yaml.NodeEvent) and frames:
                top = frames[-1]
                if not top[0]:
                    top[1] = 0 if top[1] is None else top[1] + 1
                elif top[2] and isinstance(ev, yaml.ScalarEvent):
                    top[1] = ev.value
                if top[0]:
                    top[2] = not top[2]
            if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
                problems.append(_problem(path, ev.start_mark, Text("load-yaml-alias"), "yaml-alias", here()))
                raise _Stop
            tag = getattr(ev, "tag", None)
            implicit = getattr(ev, "implicit", True)
            explicit = (isinstance(implicit, tuple) and not any(implicit)) or implicit is False
            if tag is not None and explicit and tag not in ("!",):
                problems.append(_problem(path, ev.start_mark, Text("load-yaml-tag", tag=repr(tag)), "yaml-tag", here()))
                raise _Stop
            if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    problems.append(_problem(path, ev.start_mark, Text("yaml-too-deep", n=MAX_DEPTH), "yaml-too-deep", here()))
                    raise _Stop
                frames.append([isinstance(ev, yaml.MappingStartEvent), None, True])
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
                frames.pop()
            elif isinstance(ev, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    problems.append(_problem(path, ev.start_mark, Text("load-yaml-documents"), "yaml-multiple-documents"))
                    raise _Stop
    except _Stop:
        pass
    except yaml.YAMLError as exc:
        problems.append(_syntax_problem(path, exc, text))
    if problems:
        raise PolicyLoadError(problems)


def _syntax_problem(path: str, exc: yaml.YAMLError, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):  # a forbidden character: no mark, a byte offset instead
        head = text[: exc.position] if _Loader is yaml.SafeLoader else text.encode("utf-8")[: exc.position].decode("utf-8", "replace")
        line, col = head.count("\n") + 1, len(head) - (head.rfind("\n") + 1) + 1
        return Problem.of(path, line, col, "-", Text("load-yaml-syntax", reason=exc.reason), "yaml-syntax")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return _problem(path, mark, Text("load-yaml-syntax", reason=getattr(exc, "problem", None) or Text("load-yaml-cannot-parse")), "yaml-syntax")


class _Stop(Exception):
    pass


def _construct(node: yaml.Node, at: Path_, doc: YamlDocument, problems: list[Problem]) -> Any:
    doc.positions[at] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(_problem(doc.path, key_node.start_mark, Text("load-yaml-complex-key"), "yaml-complex-key", _dotted(at)))
                continue
            key = key_node.value
            if not key_node.style and key in _NULLS:
                problems.append(_problem(doc.path, key_node.start_mark, Text("load-yaml-null-key"), "yaml-null-key", _dotted(at)))
                continue
            if key in out or key in first_line:
                problems.append(_problem(doc.path, key_node.start_mark, Text("load-yaml-duplicate-key", key=repr(key), line=first_line[key]), "yaml-duplicate-key", _dotted(at + (key,))))
                continue
            first_line[key] = key_node.start_mark.line + 1
            doc.key_positions[at + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _construct(value_node, at + (key,), doc, problems)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, at + (i,), doc, problems) for i, item in enumerate(node.value)]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar(node, at, doc, problems)


def _scalar(node: yaml.ScalarNode, at: Path_, doc: YamlDocument, problems: list[Problem]) -> Any:
    value: str = node.value
    if node.style:  # quoted or block scalar: always text, exactly as written (libyaml gives "" for plain)
        return value
    if value in _NULLS:
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    if _LEADING_ZERO.fullmatch(value):
        problems.append(_problem(doc.path, node.start_mark, Text("load-yaml-ambiguous-number", value=repr(value)), "yaml-ambiguous-number", _dotted(at)))
        return value
    if _INT.fullmatch(value):
        if len(value) > 100:  # int() refuses more than 4,300 digits with a ValueError; no policy needs 100
            problems.append(_problem(doc.path, node.start_mark, Text("load-yaml-number-too-long", n=len(value)), "yaml-number-too-long", _dotted(at)))
            return value
        return int(value)
    if _DECIMAL.fullmatch(value):
        return Decimal(value)
    if _FLOATISH.fullmatch(value):
        problems.append(_problem(doc.path, node.start_mark, Text("load-yaml-float", value=repr(value)), "yaml-float", _dotted(at)))
        return value
    if DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            problems.append(_problem(doc.path, node.start_mark, Text("load-yaml-invalid-date", value=repr(value)), "yaml-invalid-date", _dotted(at)))
            return value
    return value


def _dotted(at: Path_) -> str:
    out = ""
    for part in at:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "-"
