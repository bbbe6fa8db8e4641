# SPDX-License-Identifier: EUPL-1.2
"""Every message regelruimte shows when something is wrong, keyed by a stable code, in Dutch and
English: the errors the library raises, the command line's refusals and its warnings.

A message names files, fields, options and counts, never a fact value. :class:`Text` is one
message with its parameters, rendered in a language when it is shown (a parameter may itself be a
:class:`Text`, rendered in the same language); :func:`message` fills one in directly (``nl`` by
default, as ``--lang``). The library's exceptions say English in ``str(exc)`` and any language
through ``exc.message(lang)``. ``tests/test_messages.py`` checks that every code has both
languages with the same placeholders. This package imports nothing else of regelruimte.

The texts live in one module per concept (``cli``, ``cases``, ``loading``, ``compiling``, ``conditions``, ``screening``,
``signals``, ``engine``, ``evaluation``, ``decisions``, ``api``, ``policy_tests``); :data:`MESSAGES` is all of them, and a code is
defined in one of them only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol

from . import api, cases, cli, compiling, conditions, decisions, engine, evaluation, loading, policy_tests, screening, signals

_CORE: dict[str, tuple[str, str]] = {
    # a reason from outside the catalogue, shown as it is (tests/test_messages.py allows none in the package)
    "untranslated": ("{detail}", "{detail}"),
}


def _merged(*parts: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for part in parts:
        twice = out.keys() & part.keys()
        if twice:
            raise KeyError(f"message codes defined twice: {sorted(twice)}")
        out.update(part)
    return out


MESSAGES: dict[str, tuple[str, str]] = _merged(_CORE, cli.MESSAGES, cases.MESSAGES, loading.MESSAGES, compiling.MESSAGES, conditions.MESSAGES, screening.MESSAGES,
                                               signals.MESSAGES, engine.MESSAGES, evaluation.MESSAGES, decisions.MESSAGES, api.MESSAGES, policy_tests.MESSAGES)
"""Every code, with its Dutch and English text."""

LANGUAGES = ("nl", "en")
LISTED = 10
"""How many items a one-line error message lists; the rest are counted ("and 40 more")."""


class Rendered(Protocol):
    """Anything that says itself in a language: a :class:`Text`, a :class:`Listing`, a problem."""

    def render(self, lang: str = "en") -> str: ...  # pragma: no cover - a protocol


def _said(item: object, lang: str) -> str:
    render = getattr(item, "render", None)
    return render(lang) if callable(render) else str(item)


def listing(items: Iterable[object], sep: str = "; ", *, lang: str = "en", limit: int = LISTED) -> str:
    """The first ``limit`` items joined by ``sep`` (each in ``lang`` when it can say itself in
    one), then how many more there are ("and 999,990 more", Dutch "en nog 999.990")."""
    shown: list[str] = []
    rest = 0
    for item in items:
        if len(shown) < limit:
            shown.append(_said(item, lang))
        else:
            rest += 1
    if rest:
        n = f"{rest:,}" if lang == "en" else f"{rest:,}".replace(",", ".")
        shown.append(message("and-more", lang, n=n))
    return sep.join(shown)


class Listing:
    """Items joined in one message, each said in the message's language (see :func:`listing`)."""

    __slots__ = ("items", "sep")

    def __init__(self, items: Iterable[object], sep: str = "; ") -> None:
        self.items = list(items)
        self.sep = sep

    def render(self, lang: str = "en") -> str:
        return listing(self.items, self.sep, lang=lang)

    def __str__(self) -> str:
        return self.render("en")


class Text:
    """One message of the catalogue with its parameters, shown in a language when it is shown.

    Example:
        >>> t = Text("case-missing", path="zaak.json")
        >>> str(t)
        'zaak.json: no such case file'
        >>> t.render("nl")
        'zaak.json: dit zaakbestand bestaat niet'
    """

    __slots__ = ("code", "params")

    def __init__(self, code: str, /, **params: object) -> None:
        if code not in MESSAGES:
            raise KeyError(f"no message {code!r} in the catalogue")
        self.code = code
        self.params: Mapping[str, object] = params

    def render(self, lang: str = "en") -> str:
        """The message in ``lang`` (``nl`` or ``en``; anything else is English)."""
        return message(self.code, lang, **self.params)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        return f"Text({self.code!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Text) and (self.code, self._key()) == (other.code, other._key())

    def __hash__(self) -> int:
        return hash((self.code, self._key()))

    def _key(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((k, repr(v)) for k, v in self.params.items()))


def message(code: str, lang: str = "nl", **values: object) -> str:
    """The message of ``code`` in ``lang`` (``nl`` or ``en``), its placeholders filled in; a
    value that is a :class:`Text` is filled in in the same language.

    Example:
        >>> message("case-missing", "nl", path="zaak.json")
        'zaak.json: dit zaakbestand bestaat niet'
        >>> message("case-missing", "en", path="zaak.json")
        'zaak.json: no such case file'
    """
    nl, en = MESSAGES[code]
    filled = {k: _said(v, lang) if hasattr(v, "render") else v for k, v in values.items()}
    return (en if lang == "en" else nl).format(**filled)
