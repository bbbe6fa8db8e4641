# SPDX-License-Identifier: EUPL-1.2
"""The HTML every view writes: one style sheet, captioned tables with header scopes, links, a
self-contained page, and the Jupyter mimebundle.

Semantic and escaped: tables with captions and ``scope`` on their headers, inline CSS that reads
in dark mode, no scripts, so a report reads the same in a notebook, a browser and a screen reader.
Cell contents are passed in as HTML: callers escape text with :func:`escape` where it is text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from .text import safe_url

__all__ = ["CSS", "bundle", "escape", "link", "page", "table"]

CSS = """
.rr{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.45;max-width:60rem;color:inherit}
.rr table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}
.rr caption{text-align:left;font-weight:700;padding:.25rem 0}
.rr th,.rr td{border:1px solid #8884;padding:.3rem .5rem;text-align:left;vertical-align:top}
.rr .verdict th{width:10rem}
.rr .badge{font-weight:700}
.rr dt{font-weight:700}
.rr blockquote{border-left:4px solid #888;margin:.5rem 0;padding:.25rem .75rem;white-space:pre-line}
"""


def table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[str]], cls: str | None = None) -> str:
    """A table with an escaped caption and column headers; ``rows`` hold HTML cells."""
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    opening = "<table>" if cls is None else f'<table class="{cls}">'
    return f"{opening}<caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def link(text: str, url: str) -> str:
    """An escaped link, or the escaped text alone without a URL."""
    url = safe_url(url)  # never a javascript: or data: link
    return f'<a href="{escape(url)}">{escape(text)}</a>' if url else escape(text)


def page(title: str, body: str, lang: str, *, viewport: bool = True) -> str:
    """A self-contained HTML document: ``lang`` set, inline CSS, no scripts."""
    meta = '<meta name="viewport" content="width=device-width, initial-scale=1">' if viewport else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">{meta}'
            f"<title>{escape(title)}</title><style>{CSS}</style></head><body><main>{body}</main></body></html>\n")


def bundle(plain: str, html: str, markdown: str, include: Any = None, exclude: Any = None) -> dict[str, str]:
    """A Jupyter mimebundle (plain text, HTML with the shared CSS, Markdown) honouring ``include``
    and ``exclude`` as IPython passes them; every result's ``_repr_mimebundle_`` uses it."""
    out = {"text/plain": plain, "text/html": f"<style>{CSS}</style>" + html, "text/markdown": markdown}
    if include:
        out = {k: v for k, v in out.items() if k in include}
    if exclude:
        out = {k: v for k, v in out.items() if k not in exclude}
    return out
