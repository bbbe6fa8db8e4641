# SPDX-License-Identifier: EUPL-1.2
"""Is a request specific? A named item ("het afschrift van uw spaarrekening eindigend op 4821 over
maart 2026") or a generic one ("de ontbrekende gegevens", "alle ontbrekende stukken", "eventueel
andere bewijsstukken", "bewijzen van uw inkomen", "een bewijs dat u uw inkomen niet kunt
verbeteren")? A heuristic on the request text, calibrated on the hand-labelled control corpus
(``tests/review_corpus``).

The Nationale ombudsman (rapport 2017/104) found it not behoorlijk that a municipality asked for
"de ontbrekende gegevens" when it knew that one bank statement was missing: ask for that item, by
name (Awb 4:5 gives the citizen the chance to supply it). A request is generic here when one of its
items is only a kind of proof ("gegevens", "stukken", "bewijs", "bewijsstukken", "documenten",
"papieren", "informatie") described by what it should show or by a category, instead of a document
type. "Alle brieven van uw schuldeisers" names the type and is specific; a long request can be
specific and still ask too much (that is data minimisation, C2, not this check).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_PROOF = r"(?:gegevens|stukken|bewijsstukken|bewijsstuk|bewijzen|bewijs|documenten|papieren|informatie|bescheiden)"

GENERIC_REQUESTS: Final[dict[str, str]] = {
    # what is missing, without saying what that is
    "missing": rf"(?:de|alle|eventuele)?\s*ontbrekende\s+{_PROOF}",
    # "if needed, other proof"
    "other": rf"(?:eventueel|eventuele|overige|andere)\s+(?:andere\s+)?{_PROOF}",
    # a proof described by what it must show, not by what it is
    "showing": rf"(?:een|het)\s+{_PROOF}\s+(?:waaruit|dat|waarin|waarmee)\b",
    # proof of a category ("bewijzen van uw inkomen, vermogen en schulden") not followed by the document types
    "category": rf"{_PROOF}\s+van\s+(?:uw|het|de)\s+(?:inkomen|inkomsten|vermogen|schulden|bezit|situatie|uitgaven|kosten)(?!\s*\()",
    # everything
    "everything": rf"alles\s+wat\s+u\s+heeft|alle\s+{_PROOF}(?!\s+(?:van|over)\b)",
}
_GENERIC: Final = {name: re.compile(rf"(?<!\w){p}(?!\w)", re.IGNORECASE) for name, p in GENERIC_REQUESTS.items()}


def generic_phrases(request: str) -> list[str]:
    """The generic phrases in a request, as they appear in it (empty when it names its items)."""
    text = unicodedata.normalize("NFC", request or "")
    found: list[str] = []
    for pattern in _GENERIC.values():
        for m in pattern.finditer(text):
            phrase = " ".join(m.group(0).split())
            if phrase not in found:
                found.append(phrase)
    return found


def is_generic(request: str) -> bool:
    """Whether a request asks for an unnamed item (a heuristic; see the module docstring)."""
    return bool(generic_phrases(request))
