# SPDX-License-Identifier: EUPL-1.2
"""Rename a fact in one policy file, everywhere it is code: its key under ``facts``, every
expression (condition, test, amount, expr), ``verifies`` lists and example-test facts. Dutch
text (descriptions, names, quotes) is left alone. Usage:

    python tools/rename_fact.py POLICY.yaml OLD NEW

Check the result with ``regelruimte check`` and ``regelruimte test``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from regelruimte.loading.strict_yaml import read_yaml

EXPRESSION_KEYS = {"condition", "test", "amount", "expr"}


def rename(path: Path, old: str, new: str) -> int:
    doc = read_yaml(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    word = re.compile(rf"(?<![A-Za-z0-9_]){re.escape(old)}(?![A-Za-z0-9_])")
    spans: set[int] = set()
    keys: list[tuple[int, int]] = []
    for loc, (line, col) in doc.key_positions.items():
        if not loc:
            continue
        last = loc[-1]
        parent = loc[:-1]
        if last == old and (parent == ("facts",) or (len(parent) == 3 and parent[0] == "tests" and parent[2] == "facts")):
            keys.append((line - 1, col - 1))
        if last in EXPRESSION_KEYS:
            start = doc.positions[loc][0] - 1
            indent = col - 1
            end = start + 1
            while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
                end += 1
            spans.update(range(start, end))
        if last == "verifies":
            spans.add(doc.positions[loc][0] - 1)
    count = 0
    for i in sorted(spans):
        new_line, n = word.subn(new, lines[i].split("#", 1)[0])
        if n:
            comment = lines[i][len(lines[i].split("#", 1)[0]):]
            lines[i] = new_line + comment
            count += n
    for line, col in keys:
        assert lines[line][col:col + len(old)] == old, (line, lines[line])
        lines[line] = lines[line][:col] + new + lines[line][col + len(old):]
        count += 1
    # inline test facts written as {old: value}
    for loc, (line, _col) in doc.positions.items():
        if len(loc) == 3 and loc[0] == "tests" and loc[2] == "facts" and lines[line - 1].lstrip().startswith("facts: {"):
            lines[line - 1], n = re.subn(rf"([{{,]\s*){re.escape(old)}:", rf"\g<1>{new}:", lines[line - 1])
            count += n
    path.write_text("\n".join(lines), encoding="utf-8")
    return count


if __name__ == "__main__":
    file, old, new = sys.argv[1:4]
    print(f"{file}: {rename(Path(file), old, new)} replacements")
