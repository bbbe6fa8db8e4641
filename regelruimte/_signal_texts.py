# SPDX-License-Identifier: EUPL-1.2
"""The Dutch and English texts of the signals report and of the actions a signal proposes (the
catalogue of :mod:`regelruimte._texts`, kept in a module of its own for its size).

This module imports nothing: the views and the demo read from it.
"""

from __future__ import annotations

SIGNALS = {
    "nl": {"title": "Signalen", "policy": "regeling", "signal": "signaal", "action": "actie", "households": "huishoudens",
           "household": "huishouden", "events": "gebeurtenissen", "why": "waarom", "source": "bron", "assessment": "beoordeling",
           "refused": "geweigerde records", "record": "record", "field": "veld", "expected": "verwacht", "problem": "probleem",
           "summary": "{households} huishoudens, {events} gebeurtenissen; bij {with_signals} huishoudens een signaal; "
                      "{refused} records geweigerd, {ignored} genegeerd (onbekend type), {after} na de peildatum.",
           "all_rules": "alle regels voldaan", "not_all_rules": "nog niet alle regels voldaan", "todo": "wat nu", "ask": "nog nodig",
           "more": "En nog {n} huishoudens; de JSON-uitvoer bevat ze allemaal.",
           "too_large": "{n} huishoudens geweigerd: {limit} of meer gebeurtenissen voor één regeling; niet beoordeeld.",
           "refused_households": "geweigerde huishoudens", "records": "records", "policies_not_run": "niet beoordeeld voor",
           "why_refused": "waarom", "too_many": "{limit} of meer gebeurtenissen voor één regeling; een deel beoordelen kan een 'geen'-signaal ten onrechte geven",
           "listed_first": "De eerste {n} staan hieronder.", "count": "aantal"},
    "en": {"title": "Signals", "policy": "regulation", "signal": "signal", "action": "action", "households": "households",
           "household": "household", "events": "events", "why": "why", "source": "source", "assessment": "assessment",
           "refused": "refused records", "record": "record", "field": "field", "expected": "expected", "problem": "problem",
           "summary": "{households} households, {events} events; signals for {with_signals} households; "
                      "{refused} records refused, {ignored} ignored (unknown type), {after} after the reference date.",
           "all_rules": "every rule passes", "not_all_rules": "not every rule passes yet", "todo": "what now", "ask": "still needed",
           "more": "And {n} more households; the JSON output has them all.",
           "too_large": "{n} households refused: {limit} or more events for one regulation; not evaluated.",
           "refused_households": "refused households", "records": "records", "policies_not_run": "not evaluated for",
           "why_refused": "why", "too_many": "{limit} or more events for one regulation; evaluating part of them could make a 'none' signal fire wrongly",
           "listed_first": "The first {n} are listed below.", "count": "count"},
}

ACTIONS = {
    "nl": {"offer": "aanbieden", "grant": "toekennen zonder aanvraag", "reassess": "opnieuw beoordelen",
           "flag_deadline": "termijn verstreken", "flag_own_error": "eigen fout of vertraging"},
    "en": {"offer": "offer", "grant": "grant without application", "reassess": "assess again",
           "flag_deadline": "deadline passed", "flag_own_error": "own error or delay"},
}
