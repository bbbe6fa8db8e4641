# SPDX-License-Identifier: EUPL-1.2
"""Does a citizen text say *why* something is asked? A calibrated heuristic, not an understanding.

A text says why when it links what is asked to the fact it shows, the condition it checks or the
amount it changes, in whatever form Dutch gives it: a connective ("omdat", "want", "namelijk"), a
result ("Zo weten we ...", "Dan kunnen we ..."), a use ("Daarop zien we ...", "Met uw loonstrook
rekenen we uit ...", "We kijken of ..."), a dependency ("Uw bijstand hangt af van ...", "Dat telt
mee als inkomen"), a consequence for the amount ("Dan betaalt u alleen de rest terug") or a
counterfactual ("Zonder dat bedrag rekenen we uw inkomen te laag uit").

It does *not* say why when all it has is a generic or circular purpose ("om uw aanvraag te kunnen
behandelen", "nodig voor uw dossier", "om dit recht te kunnen toetsen"), a conclusion instead of the
data that lead to it ("omdat het aannemelijk is dat u ..."; Nationale ombudsman 2017/129), a legal
reference, a threat, or only what to do and when. Those phrases are recognised first, and a reason
form inside one of them does not count.

The forms were collected from the hand-labelled corpus of sound and flawed explanations in
``tests/review_corpus/explanations.yaml`` (real municipal letters and forms, ombudsman reports and
B1 rewrites) and are measured on it in the test suite; they will miss forms that corpus lacks, and a
text can name a reason that is false (the review's other criteria, not this one, catch that).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_WE = r"(?:we|wij|de\s+gemeente|de\s+stad|onze\s+[^\W\d_]+)"
_W = r"[^\W\d_]+"  # a word of letters

# name -> pattern of a reason form
REASON_FORMS: Final[dict[str, str]] = {
    "connective": r"omdat|want|aangezien|daarom|doordat|zodat|opdat|namelijk|vanwege|teneinde|ten\s+einde",
    "pronominal": r"daarmee|hiermee|daardoor|hierdoor",
    "purpose-anaphor": rf"(?:stuur|geef|neem|laat|vul|toon|breng)(?:\s+{_W}){{0,2}}\s+daarvoor|daarvoor\s+(?:vragen|hebben|gebruiken)\s+{_WE}",
    "so-we": rf"zo\s+(?:weten|zien|kunnen|controleren|bepalen|berekenen|rekenen|vinden|horen|merken)\s+{_WE}",
    "then-we": rf"dan\s+(?:kunnen|weten|zien|kijken|rekenen|berekenen|bepalen|controleren|beoordelen)\s+{_WE}",
    "then-amount": rf"dan\s+(?:betaalt|krijgt|ontvangt)\s+u\s+(?:{_W}\s+){{0,3}}?(?:minder|meer|lagere?|hogere?|geen|alleen|niets|een\s+deel|de\s+rest|korting|toch)",
    "counts": rf"tel(?:t|len)\s+(?:{_W}\s+){{0,2}}?mee\s+(?:als|voor|bij)",
    "we-look": rf"kijk(?:t|en)\s+(?:{_W}\s+){{0,2}}?(?:of|hoeveel|wat|welke|waar)\b",
    "shows": rf"(?:daarop|daarin|hierop|op\s+(?:de|het|uw|die|dat|deze|dit)\s+{_W})\s+(?:staat|staan|zien|ziet|lezen|lees)",
    "with-it": rf"met\s+(?:dat|die|deze|dit|uw|de|het|een)\s+(?:{_W}\s+){{0,2}}?(?:rekenen|berekenen|zien|weten|bepalen|stellen|kunnen|controleren)\s+{_WE}",
    "deduct": rf"trekken\s+{_WE}\s+(?:{_W}\s+){{0,4}}?af\b|(?:mogen|kunnen)\s+{_WE}\s+(?:{_W}\s+){{0,3}}?aftrekken",
    "depends": rf"hangt\s+(?:{_W}\s+){{0,3}}?af\s+van|afhankelijk\s+van|maakt\s+(?:{_W}\s+)?uit\s+(?:voor|bij)|van\s+invloed\s+(?:{_W}\s+){{0,2}}?op"
               rf"|bepaal(?:t|en)\s+(?:de\s+hoogte|hoeveel|of\b|uw\s+{_W}|wat\s+u)",
    "without": rf"zonder\s+(?:dat|die|deze|dit|uw|de|het)\s+(?:{_W}\s+){{0,3}}?(?:rekenen|kunnen|weten|zien|berekenen)",
    "on-basis": rf"op\s+basis\s+van\s+(?:{_W}\s+){{1,4}}?(?:wordt|worden|stellen|berekenen|bepalen|rekenen)",
    "establish": r"ter\s+vaststelling\s+van",
    "in-order-to": r"om(?:\s+[^\s.!?]+){0,6}?\s+te\s+[^\W\d_]+",
    "needed-for": r"nodig\s+(?:om|voor|omdat)",
    "used-for": rf"(?:bedoeld|gebruiken\s+{_WE})\s+(?:om|voor)",
    "the-reason": r"de\s+reden\s+(?:is|daarvoor|hiervoor|dat|waarom)",
}

# name -> pattern of a phrase that looks like a reason but is none
NOT_A_REASON: Final[dict[str, str]] = {
    # the generic purpose: the request is needed to handle the request
    "generic-purpose": rf"(?:om|teneinde|ten\s+einde)\s+(?:uw|de|het|dit|deze|dat|een)\s+(?:aanvraag|aanmelding|verzoek|melding|zaak|dossier)"
                       rf"(?:\s+{_W}){{0,5}}?\s+(?:behandelen|beoordelen|afhandelen|verwerken|nemen|toetsen|vaststellen|afronden)(?:\s+te\s+kunnen)?",
    # circular: to be able to establish 'this' (the right itself) without naming a fact
    "circular": r"(?:om|teneinde|ten\s+einde)\s+(?:dit|dat|uw\s+recht|het\s+recht|dit\s+recht|dat\s+recht)(?:\s+recht)?\s+(?:te\s+)?(?:kunnen\s+)?"
                r"(?:vaststellen|toetsen|beoordelen|controleren|bepalen|nagaan)(?:\s+te\s+kunnen)?",
    "file": r"(?:nodig|noodzakelijk)\s+voor\s+(?:uw|het|de|ons)\s+(?:dossier|administratie|aanvraag|behandeling)",
    # a conclusion instead of the data that lead to it (Nationale ombudsman 2017/129)
    "conclusion": r"omdat\s+(?:het\s+)?(?:niet\s+)?(?:aannemelijk|waarschijnlijk)|omdat\s+u\s+niet\s+(?:voldoet|in\s+aanmerking)"
                  r"|omdat\s+(?:dat|dit|het)\s+(?:zo\s+)?(?:moet|verplicht|de\s+regel|nodig)|omdat\s+de\s+wet\s+(?:dat|dit|het)\s+(?:zegt|vraagt|voorschrijft|eist)",
    # a sanction given as the reason
    "threat": rf"(?:want|omdat)\s+(?:anders|zonder\s+{_W})\s+(?:{_W}\s+){{0,5}}?(?:afgewezen|stopgezet|stopt|buiten\s+behandeling|teruggevorderd)",
}


def _compile(patterns: dict[str, str]) -> dict[str, re.Pattern[str]]:
    return {name: re.compile(rf"(?<!\w)(?:{p})(?!\w)", re.IGNORECASE) for name, p in patterns.items()}


_FORMS: Final = _compile(REASON_FORMS)
_NOT: Final = _compile(NOT_A_REASON)


def reason_forms(text: str) -> list[str]:
    """The reason forms found in ``text`` (their names, in the order of :data:`REASON_FORMS`), leaving
    out any that lies inside a generic, circular, conclusory or threatening phrase."""
    if not text or not text.strip():
        return []
    text = unicodedata.normalize("NFC", text)
    blocked = [m.span() for p in _NOT.values() for m in p.finditer(text)]
    found = []
    for name, pattern in _FORMS.items():
        for m in pattern.finditer(text):
            start, end = m.span()
            if not any(s <= start < e or s < end <= e for s, e in blocked):
                found.append(name)
                break
    return found


def explains_why(text: str) -> bool:
    """Tell whether a citizen text seems to say *why* something is asked (a calibrated heuristic).

    It looks for the Dutch reason forms of :data:`REASON_FORMS` ("omdat", "want", "namelijk",
    "zo weten we", "dan kunnen we", "daarop zien we", "met uw loonstrook rekenen we", "we kijken
    of", "hangt af van", "telt mee als", "zonder dat bedrag ...", "om ... te", "nodig om") and ignores
    those inside a generic or circular purpose, a conclusion or a threat (:data:`NOT_A_REASON`). A bare
    legal reference ("Dit staat in artikel 17") does not count as a reason. An empty text explains
    nothing and gives ``False``. It cannot judge whether the reason is true.

    Args:
        text: The citizen-facing text.

    Returns:
        ``True`` if a reason form is found.
    """
    return bool(reason_forms(text))
