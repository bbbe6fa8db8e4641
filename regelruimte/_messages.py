# SPDX-License-Identifier: EUPL-1.2
"""The command line's own error messages, keyed by their code, in Dutch and English.

A message names files, options and counts, never a fact value. :func:`message` fills one in the
language asked (``nl`` by default, as ``--lang``); ``tests/test_messages.py`` checks that every
code has both languages with the same placeholders. This module imports nothing.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # code: (Dutch, English)
    "path-missing": ("{path}: dit bestand of deze map bestaat niet", "{path}: no such file or directory"),
    "no-policy-files": ("{path}: geen regelingen (*.yaml) gevonden", "{path}: no policy files (*.yaml) found"),
    "policies-env-not-dir": ("REGELRUIMTE_POLICIES is geen map", "REGELRUIMTE_POLICIES is not a directory"),
    "policies-invalid": ("{n} probleem of problemen in de regelingen; voer 'regelruimte check' uit",
                         "{n} problem(s) in the policies; run 'regelruimte check'"),
    "policies-invalid-at": ("{n} probleem of problemen in de regelingen; voer 'regelruimte check {path}' uit",
                            "{n} problem(s) in the policies; run 'regelruimte check {path}'"),
    "policy-invalid": ("{n} probleem of problemen in de regeling; voer 'regelruimte check {path}' uit",
                       "{n} problem(s) in the policy; run 'regelruimte check {path}'"),
    "case-missing": ("{path}: dit zaakbestand bestaat niet", "{path}: no such case file"),
    "case-not-object": ("{path}: een zaak is een JSON-object met 'date' en 'facts'", "{path}: a case is a JSON object with 'date' and 'facts'"),
    "output-is-folder": ("{path}: dit is een map; --output noemt een bestand", "{path}: is a folder; --output names a file"),
    "output-not-regular": ("{path}: geen gewoon bestand; --output noemt een bestand", "{path}: not a regular file; --output names a file"),
    "output-no-folder": ("{path}: deze map bestaat niet (voor --output)", "{path}: no such folder (for --output)"),
    "output-not-writable": ("{path}: in deze map kan niet geschreven worden (voor --output)", "{path}: cannot write in this folder (for --output)"),
    "output-failed": ("{path}: kan niet schrijven ({reason}); een eerder bestand daar is niet veranderd",
                      "{path}: cannot write ({reason}); a previous file there is unchanged"),
    "output-kept": ("de uitkomsten staan in plaats daarvan in {path} (alleen voor u leesbaar; verplaats of verwijder het)",
                    "the results were written to {path} instead (readable only by you; move or delete it)"),
    "output-lost": ("de uitkomsten konden ook elders niet bewaard worden", "the results could not be kept either"),
    "output-suffix": ("--output moet eindigen op .parquet of .csv", "--output must end in .parquet or .csv"),
    "population-missing": ("{path}: dit populatiebestand bestaat niet", "{path}: no such population file"),
    "events-missing": ("{path}: dit gebeurtenissenbestand bestaat niet", "{path}: no such event log"),
}
"""Every code of a command-line error, with its Dutch and English text."""

LANGUAGES = ("nl", "en")


def message(code: str, lang: str = "nl", **values: object) -> str:
    """The message of ``code`` in ``lang`` (``nl`` or ``en``), its placeholders filled in.

    Example:
        >>> message("case-missing", "nl", path="zaak.json")
        'zaak.json: dit zaakbestand bestaat niet'
        >>> message("case-missing", "en", path="zaak.json")
        'zaak.json: no such case file'
    """
    nl, en = MESSAGES[code]
    return (en if lang == "en" else nl).format(**values)
