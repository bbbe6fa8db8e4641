# SPDX-License-Identifier: EUPL-1.2
"""Data as text, safe for its target: one function per target, used by every view.

Policy texts, ids, case ids and file names are data, never markup. :func:`for_terminal` shows
every control character escaped (ESC and CSI sequences, OSC-8 links, the C1 byte 0x9b, bidi
overrides), so nothing in a policy file can move the cursor, rewrite a line, open a link or turn
text around; :func:`terminal_text` makes it a rich ``Text`` so rich never reads it as markup
(``[/]`` in a title). :func:`for_markdown` escapes raw HTML and every character that Markdown
would read as a link, an image, emphasis, a heading or a table cell. (HTML has
:func:`regelruimte.render.html.escape`.)
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["for_markdown", "for_terminal", "safe_url", "terminal_text"]

# C0 controls (but tab and newline), DEL, C1 controls, and the Unicode format characters that
# reorder or hide text: bidi embeddings, overrides and isolates, marks, zero-width characters.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_CONTROL_AND_LINES = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\u2028\u2029\ufeff]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(value: Any, *, lines: bool = True) -> str:
    """``value`` as text a terminal shows as it is: control and bidi characters escaped (``\\x1b``).

    Args:
        value: Any value; it is converted with ``str``.
        lines: Keep line breaks (and tabs). ``False`` escapes them too, for output where one
            line is one record (``check``: a newline in a YAML key cannot forge a problem line).

    Example:
        >>> for_terminal("ok\\x1b[2Jgone\\u202e")
        'ok\\\\x1b[2Jgone\\\\u202e'
    """
    return (_CONTROL if lines else _CONTROL_AND_LINES).sub(_shown, str(value))


def terminal_text(value: Any, style: str = "") -> Any:
    """``value`` as a rich ``Text``: never read as markup, control characters escaped."""
    from rich.text import Text

    return Text(for_terminal(value), style=style)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*\[\]#|~])")


def for_markdown(value: Any, *, newline: str = " ", line_start: bool = True) -> str:
    """``value`` as Markdown text: raw HTML escaped (``&lt;script&gt;``), every character Markdown
    reads as markup backslash-escaped (links, images, emphasis, headings, quotes, table cells), line
    breaks as ``newline`` and control characters escaped as in :func:`for_terminal`. A leading ``-``,
    ``+`` or ``=`` is escaped too, unless ``line_start`` is false (a table cell never starts a line).

    Example:
        >>> for_markdown("# Kop <img src=x onerror=alert(1)> [klik](javascript:alert(1))")
        '\\\\# Kop &lt;img src=x onerror=alert(1)&gt; \\\\[klik\\\\](javascript:alert(1))'
    """
    text = for_terminal(value, lines=True).replace("\t", " ")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    if line_start and text[:1] in ("-", "+", "="):  # a list item or a setext heading when it starts a line
        text = "\\" + text
    return text.replace("\r", "").replace("\n", newline)


def safe_url(url: str) -> str:
    """``url`` when it is an ``http`` or ``https`` address, otherwise ``""`` (never ``javascript:``)."""
    url = url.strip()
    return url if re.match(r"https?://[^\s<>\"'`]+$", url, re.IGNORECASE) else ""
