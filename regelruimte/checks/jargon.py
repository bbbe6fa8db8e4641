# SPDX-License-Identifier: EUPL-1.2
"""The jargon list: bureaucratic and legal Dutch words with a plain alternative, and how a text is
searched for them (whole words, case-insensitive, the more specific entry first).

The list is our own, curated by hand; it is not an official list and it is incomplete. See
:mod:`regelruimte.checks.readability` for how it is used.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import Final

from pydantic import BaseModel, ConfigDict, Field


class JargonTerm(BaseModel):
    """One entry of the jargon list.

    Attributes:
        term: The word or phrase as shown to the writer (base form).
        alternative: A plain alternative in Dutch.
        pattern: Regular expression for the forms to match (case-insensitive,
            whole words). Defaults to the escaped ``term`` with flexible spaces.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    term: str = Field(min_length=1)
    alternative: str = Field(min_length=1)
    pattern: str | None = None

    def regex(self) -> re.Pattern[str]:
        """Return the compiled whole-word, case-insensitive pattern."""
        return _compile_term(self.term, self.pattern)


class JargonHit(BaseModel):
    """A jargon term found in a text.

    Attributes:
        term: The base form from the jargon list.
        found: The text as it appears (first occurrence).
        alternative: The plain alternative.
        count: How often the term occurs.
    """

    model_config = ConfigDict(frozen=True)

    term: str
    found: str
    alternative: str
    count: int = Field(ge=1)






# Curated by hand. Sources of inspiration: common B1 word lists of Dutch
# government writing guides; the list itself is ours and not authoritative.
# Deliberately left out:
# - "uiterlijk" (as in "uiterlijk 1 maart"): widely understood, and the usual
#   replacement "vóór 1 maart" moves the deadline by one day.
# - "welke": also the normal question word ("Welke papieren?").
# - "termijn", "bezwaar": needed legal words that a letter should explain, not
#   avoid.
# - "afschrift" and the names of everyday documents, however long ("bankafschrift",
#   "uitkeringsspecificatie", "jaaropgave", "huurspecificatie", "partnerverklaring"): readers know
#   them; in the hand-labelled corpus (tests/review_corpus) "afschrift" made eight plain texts
#   "not B1". A name of a status the reader holds ("verhoogde tegemoetkoming") is not jargon either.
_JARGON_DATA: Final[tuple[tuple[str, str, str | None], ...]] = (
    # (term, plain alternative, optional regex for more forms)
    ("belanghebbende", "u", r"belanghebbenden?"),
    ("overleggen", "laten zien / sturen", r"overleggen|overlegt|overlegde|overgelegd|overlegging"),
    ("ingevolge", "volgens", None),
    # "dient ... te" within one sentence, at most 12 words apart.
    ("dient te", "moet", r"(?:dient|dienen|diende|dienden)(?=(?:[^\w.!?]+\w+){0,12}?[^\w.!?]+te(?!\w))"),
    ("teneinde", "om", r"teneinde|ten\s+einde"),
    ("alsmede", "en", None),
    ("middels", "met / via", None),
    ("derhalve", "daarom", None),
    ("verstrekken", "geven", r"verstrekken|verstrekt|verstrekte|verstrekking(?:en)?"),
    ("indien", "als", None),
    ("ten behoeve van", "voor", r"ten\s+behoeve\s+van|t\.b\.v\."),
    ("aanvang", "begin", r"aanvang|aanvangen|aanvangt"),
    ("woonachtig", "wonen (u woont in ...)", None),
    ("verzoeken", "vragen / vraag", r"verzoeken|verzoekt|verzocht|verzoek"),
    ("in het kader van", "bij / voor", None),
    ("conform", "volgens", None),
    ("inzake", "over", None),
    ("onderhavig", "dit / deze", r"onderhavige?"),
    ("voornoemd", "die hierboven staat", r"voornoemde?|bovengenoemde?|bovenvermelde?"),
    ("hetgeen", "wat", None),
    ("dan wel", "of", None),
    ("alvorens", "voordat", None),
    ("doch", "maar", None),
    ("echter", "maar", None),
    ("tevens", "ook", None),
    ("thans", "nu", None),
    ("reeds", "al", None),
    ("ten aanzien van", "over / voor", r"ten\s+aanzien\s+van|t\.a\.v\."),
    ("met betrekking tot", "over", r"met\s+betrekking\s+tot|m\.b\.t\."),
    ("omtrent", "over", None),
    ("aangaande", "over", None),
    ("naar aanleiding van", "na / omdat / over", r"naar\s+aanleiding\s+van|n\.a\.v\."),
    ("ten gevolge van", "door", r"ten\s*gevolge\s+van"),
    ("krachtens", "volgens", None),
    ("overeenkomstig", "volgens", None),
    ("vigerend", "die nu geldt", r"vigerende?"),
    ("daartoe", "daarvoor", None),
    ("zulks", "dit / dat", None),
    ("aldus", "zo", None),
    ("voorts", "verder / ook", None),
    ("evenwel", "maar / toch", None),
    ("niettemin", "toch", r"niettemin|desalniettemin|niettegenstaande"),
    ("mitsdien", "daarom", None),
    ("behoudens", "behalve", None),
    ("trachten", "proberen", r"trachten|tracht|trachtte"),
    ("retourneren", "terugsturen", r"retourneren|retourneer|retourneert|geretourneerd"),
    ("onverwijld", "meteen", r"onverwijld|per\s+omgaande"),
    ("gelieve", "wilt u", None),
    ("desgewenst", "als u wilt", None),
    ("bijgaand", "bij deze brief", r"bijgaande?|bijgevoegde?"),
    ("uwerzijds", "van u", r"uwerzijds|onzerzijds"),
    ("ter zake", "hierover", r"ter\s*zake"),
    ("zorg dragen voor", "zorgen voor", r"zorg\s*dragen|zorgdragen|draagt\s+zorg|zorg\s+draagt"),
    ("ter beschikking stellen", "geven", r"ter\s+beschikking\s+(?:stellen|stelt|gesteld)"),
    ("ter beschikking", "beschikbaar", None),
    ("ter hoogte van", "van", None),
    ("ter verificatie", "om te controleren", None),
    ("verificatie", "controle", None),
    ("gewaarmerkt afschrift", "officiële kopie", r"gewaarmerkte?(?:\s+afschrift(?:en)?)?"),
    ("bescheiden", "papieren", None),
    ("bewijsstukken", "bewijs (papieren)", r"bewijsstuk(?:ken)?"),
    ("rechtmatigheid", "of u er recht op hebt", None),
    ("beschikking", "besluit", r"[^\W\d_]*beschikking(?:en)?"),
    ("ontvankelijk", "(uitleggen: wij kunnen uw bezwaar (niet) behandelen)", r"(?:niet-)?ontvankelijke?"),
    ("terugvorderen", "terugbetalen (u moet ... terugbetalen)", r"terugvorder(?:en|t|ing(?:en)?)|teruggevorderd"),
    ("verschuldigd", "moet betalen", r"verschuldigde?"),
    ("mutatie", "verandering", r"mutaties?"),
    ("c.q.", "of", r"c\.q\."),
    ("respectievelijk", "en (in die volgorde)", r"respectievelijk|resp\."),
    # Short legal words and officialese the hand-labelled corpus found in real letters (Nationale
    # ombudsman 2017/104 and 2017/129, municipal forms): short sentences do not make them plain.
    ("ter vaststelling van", "om vast te stellen", r"ter\s+vaststelling\s+van"),
    ("mededelen", "doorgeven", r"mede\s+te\s+delen|mededelen|medegedeeld"),
    ("hieromtrent", "hierover", r"hieromtrent|daaromtrent"),
    ("verschaffen", "geven", r"verschaffen|verschaft|verschafte"),
    ("draagkracht", "wat u zelf kunt betalen", None),
    ("vermogenstoets", "we kijken naar uw spaargeld en bezit", r"vermogens?toets(?:en)?"),
    ("betalingscapaciteit", "wat u overhoudt om te betalen", None),
    ("inlichtingenplicht", "de plicht om veranderingen door te geven", None),
    ("verwijtbaar", "uw schuld", r"verwijtbaar|verwijtbare|verwijtbaarheid"),
    ("schending", "niet doen wat moest", r"schending(?:en)?|geschonden"),
    ("ten laste van", "voor rekening van", r"ten\s+laste\s+van"),
    ("in geding", "waar het om gaat", r"in\s+geding"),
    ("rechtmatig", "terecht", r"(?:on)?rechtmatige?"),
    ("aanspraak maken", "recht hebben op", r"aanspraak"),
    ("objectiveren", "vaststellen", r"objectiveren|geobjectiveerd"),
    ("machtigen", "toestemming geven", r"machtigen|machtigt|machtiging(?:en)?|gemachtigd"),
    ("derden", "anderen (bijvoorbeeld uw werkgever of bank)", None),
    ("raadplegen", "bekijken", r"raadplegen|raadpleegt|geraadpleegd"),
    ("aannemelijk", "te geloven", r"aannemelijke?"),
    ("vorderingen", "schulden", r"vordering(?:en)?"),
    ("arbeidsverplichtingen", "afspraken over werk", r"arbeidsverplichting(?:en)?"),
    ("de aanvrager", "u", r"de\s+aanvrager|de\s+belastingschuldige"),
    ("sprake van", "er is / u heeft", r"sprake\s+(?:is\s+)?van"),
    ("door ondertekening", "als u tekent", r"door\s+ondertekening"),
    ("voorafgaand aan", "voor", r"voorafgaand(?:e)?\s+aan"),
    ("ongeacht", "ook als", None),
    ("betreffen", "gaan over", r"betreffen|betreft|betreffende"),
    ("uitsluitend", "alleen", None),
)

JARGON: Final[tuple[JargonTerm, ...]] = tuple(
    JargonTerm(term=term, alternative=alternative, pattern=pattern) for term, alternative, pattern in _JARGON_DATA
)
"""The default jargon list. Pass your own sequence to :func:`analyse` to change it."""


@functools.lru_cache(maxsize=512)
def _compile_term(term: str, pattern: str | None) -> re.Pattern[str]:
    body = pattern if pattern is not None else r"\s+".join(re.escape(part) for part in term.split())
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def find_jargon(text: str, terms: Iterable[JargonTerm]) -> list[JargonHit]:
    found: list[tuple[int, JargonHit]] = []
    taken: list[tuple[int, int]] = []  # spans already claimed by an earlier (more specific) term
    for entry in terms:
        first: re.Match[str] | None = None
        count = 0
        for match in entry.regex().finditer(text):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            taken.append(span)
            count += 1
            if first is None:
                first = match
        if first is not None:
            hit = JargonHit(term=entry.term, found=first.group(0), alternative=entry.alternative, count=count)
            found.append((first.start(), hit))
    found.sort(key=lambda pair: pair[0])
    return [hit for _, hit in found]
