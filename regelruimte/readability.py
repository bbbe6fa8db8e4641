# SPDX-License-Identifier: EUPL-1.2
"""Dutch readability signals for citizen-facing texts (language level B1).

The Dutch government writes to citizens at language level **B1** (Direct
Duidelijk; the Algoritmeregister asks "Vul dit veld in op B1-taalniveau").
This module gives *signals* for that norm. It does not prove that a text is B1.

Read the results as heuristics:

* B1 is a CEFR level for language learners. It has no machine definition. Critics
  such as Carel Jansen point out that the CEFR levels were not made to measure
  text difficulty, and that the common claim "95% of the population understands
  B1" has no solid empirical basis.
* Of the Dutch readability measures, only **LiNT** (Pander Maat et al., 2023) has
  been validated against Dutch reading comprehension. LiNT is a web tool with no
  Python API. Check important letters in LiNT or with real readers.
* **Flesch-Douma** (Douma, 1960; a Dutch adaptation of Flesch's Reading
  Ease): ``206.835 - 0.93 * words/sentence - 77 * syllables/word``. Higher is
  easier. It is not clamped, so very hard text can score below 0.
* **LIX** (Björnsson, *Läsbarhet*, 1968): ``words/sentences + 100 *
  long words/words``, where a long word has more than 6 letters. Lower is easier.
* The jargon list is our own curated list of bureaucratic and legal words with
  plain alternatives. It is not an official list, and it is incomplete.
* ``passive_hints`` and :func:`explains_why` are pattern matches. They can miss
  cases and can report false ones.

Dependency choice: we compute the two formulas here and use ``pyphen`` (pure
Python, no dependencies, ships the ``nl_NL`` hyphenation dictionary) for
syllables. ``textstat`` would pull in ``nltk`` and its dependencies (click,
joblib, regex, tqdm, ...) and ``setuptools`` for two one-line formulas. We also
need our own Dutch sentence splitting (abbreviations such as "bijv." and
amounts such as "1.401,50"), and a better syllable count: textstat counts
hyphenation points plus one, but the nl_NL dictionary does not split off a
single letter at a word edge (a typographic rule), so "over", "idee" and
"identiteitsbewijs" each lose a syllable. We hyphenate with all pattern
positions and then count vowel nuclei inside each piece. On the long example
sentence in the tests this gives 56 syllables (hand count: 56) where textstat
counts 53, so our Flesch-Douma score is about 10 points lower there.

Example:
    >>> r = analyse("U moet een kopie van uw paspoort sturen. Wij kijken dan of u hier mag wonen.")
    >>> r.b1_ok, round(r.flesch_douma), round(r.lix)
    (True, 98, 14)
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from typing import TYPE_CHECKING, Final

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    import pyphen as _pyphen_type

__all__ = [
    "DEFAULT_THRESHOLDS",
    "JARGON",
    "REASON_CODES",
    "JargonHit",
    "JargonTerm",
    "Readability",
    "ReadabilityThresholds",
    "analyse",
    "explains_why",
    "split_sentences",
    "syllable_count",
]

# --------------------------------------------------------------------------- models


class ReadabilityThresholds(BaseModel):
    """When a text gets a B1 warning. Callers may override any field.

    Attributes:
        max_lix: Warn if LIX is above this value.
        min_flesch_douma: Warn if Flesch-Douma is below this value.
        max_sentence_words: Warn if any sentence has more words than this.
        flag_jargon: Warn if a word from the jargon list is found.
        max_passive_hints: Warn if there are more passive hints than this.
            ``None`` (the default) means passive voice is counted but never
            causes a warning.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_lix: float = Field(default=45.0, ge=0)
    min_flesch_douma: float = 60.0
    max_sentence_words: int = Field(default=20, ge=1)
    flag_jargon: bool = True
    max_passive_hints: int | None = Field(default=None, ge=0)


DEFAULT_THRESHOLDS: Final = ReadabilityThresholds()


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


REASON_CODES: Final = ("long-sentence", "low-flesch-douma", "high-lix", "jargon", "passive")
"""All reason codes, in the order they appear in :attr:`Readability.reasons`."""


class Readability(BaseModel):
    """Readability signals for one text. Heuristics, not proof of B1.

    Attributes:
        sentences: Number of sentences.
        words: Number of words (numbers such as "1.401,50" count as one word).
        syllables: Estimated number of syllables.
        long_words: Words with more than 6 letters (used by LIX).
        flesch_douma: Flesch-Douma score (higher is easier; not clamped).
        lix: LIX score (lower is easier).
        longest_sentence_words: Words in the longest sentence.
        long_sentences: Sentences with more than ``max_sentence_words`` words.
        jargon: Jargon found, each with a plain alternative, in order of first
            occurrence.
        passive_hints: Likely passive constructions ("wordt ... gestuurd").
        b1_ok: ``True`` if no threshold was crossed.
        reasons: Stable reason codes for each crossed threshold, in the order of
            :data:`REASON_CODES`.
        thresholds: The thresholds used.
    """

    model_config = ConfigDict(frozen=True)

    sentences: int = Field(ge=1)
    words: int = Field(ge=1)
    syllables: int = Field(ge=1)
    long_words: int = Field(ge=0)
    flesch_douma: float
    lix: float
    longest_sentence_words: int = Field(ge=1)
    long_sentences: int = Field(ge=0)
    jargon: list[JargonHit]
    passive_hints: int = Field(ge=0)
    b1_ok: bool
    reasons: list[str]
    thresholds: ReadabilityThresholds


# --------------------------------------------------------------------------- jargon

# Curated by hand. Sources of inspiration: common B1 word lists of Dutch
# government writing guides; the list itself is ours and not authoritative.
# Deliberately left out:
# - "uiterlijk" (as in "uiterlijk 1 maart"): widely understood, and the usual
#   replacement "vóór 1 maart" moves the deadline by one day.
# - "welke": also the normal question word ("Welke papieren?").
# - "termijn", "bezwaar": needed legal words that a letter should explain, not
#   avoid.
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
    ("afschrift", "kopie", r"afschrift(?:en)?"),
    ("bescheiden", "papieren", None),
    ("bewijsstukken", "bewijs (papieren)", r"bewijsstuk(?:ken)?"),
    ("rechtmatigheid", "of u er recht op hebt", None),
    ("beschikking", "besluit", r"beschikking(?:en)?"),
    ("ontvankelijk", "(uitleggen: wij kunnen uw bezwaar (niet) behandelen)", r"(?:niet-)?ontvankelijke?"),
    ("terugvorderen", "terugbetalen (u moet ... terugbetalen)", r"terugvorder(?:en|t|ing(?:en)?)|teruggevorderd"),
    ("verschuldigd", "moet betalen", r"verschuldigde?"),
    ("mutatie", "verandering", r"mutaties?"),
    ("c.q.", "of", r"c\.q\."),
    ("respectievelijk", "en (in die volgorde)", r"respectievelijk|resp\."),
)

JARGON: Final[tuple[JargonTerm, ...]] = tuple(
    JargonTerm(term=term, alternative=alternative, pattern=pattern) for term, alternative, pattern in _JARGON_DATA
)
"""The default jargon list. Pass your own sequence to :func:`analyse` to change it."""


@functools.lru_cache(maxsize=512)
def _compile_term(term: str, pattern: str | None) -> re.Pattern[str]:
    body = pattern if pattern is not None else r"\s+".join(re.escape(part) for part in term.split())
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def _find_jargon(text: str, terms: Iterable[JargonTerm]) -> list[JargonHit]:
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


# --------------------------------------------------------------------------- sentences

# Abbreviations after which a period never ends a sentence.
_ABBREVIATIONS: Final = frozenset(
    "a.s. aanv. afd. art. bijv. bv. blz. ca. d.d. d.m.v. d.w.z. dhr. dr. drs. evt. excl. fa. i.c.m. "
    "i.p.v. i.v.m. i.o.v. incl. ing. ir. jr. m.b.t. m.i.v. max. mevr. min. mld. mln. mr. mw. n.a.v. nl. "
    "no. nr. o.a. o.b.v. o.v.v. p. prof. resp. sr. st. str. t.a.v. t.b.v. t.o.v. t.w. t.z.t. tel. vgl. "
    "vnl. vs. z.g.a.n. z.s.m. zgn.".split()
)
# Abbreviations that may also end a sentence: split only before a capital letter.
_FINAL_ABBREVIATIONS: Final = frozenset({"e.a.", "e.d.", "enz.", "etc.", "jl."})

_TERMINATOR = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)")  # noqa: RUF001 - Dutch typographic quotes and dashes
_HARD_BREAK = re.compile(r"\n[ \t]*\n\s*|:[ \t]*\n\s*|\n[ \t]*(?=(?:[-*•–]|\d+[.)])\s)")  # noqa: RUF001 - Dutch typographic quotes and dashes
_TOKEN_BEFORE = re.compile(r"(\S+)$")


def split_sentences(text: str) -> list[str]:
    """Split Dutch text into sentences.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` followed by white space, at a
    blank line, at a colon that ends a line, and before a list item on a new
    line. A period does not end a sentence after a known abbreviation
    ("bijv.", "o.a.", "d.w.z.", "art.", "nr.", ...), after a single capital
    letter (an initial, "J. de Vries"; not the pronoun "U"), or when the next word starts with a lower-case
    letter. Amounts like "€ 1.401,50" never split, because no space follows
    their period.

    Args:
        text: Any text.

    Returns:
        The non-empty sentences, stripped of surrounding white space.
    """
    text = unicodedata.normalize("NFC", text)
    sentences: list[str] = []
    for block in _HARD_BREAK.split(text):
        start = 0
        for match in _TERMINATOR.finditer(block):
            end = match.end()
            if _is_sentence_end(block, start, match):
                sentences.append(block[start:end])
                start = end
        sentences.append(block[start:])
    return [s for s in (part.strip() for part in sentences) if s]


def _is_sentence_end(block: str, start: int, match: re.Match[str]) -> bool:
    following = block[match.end() :].lstrip()
    if not following:
        return True
    if not match.group(0).startswith("."):
        return True  # "!", "?" and "…" always end a sentence
    next_char = following[0]
    if next_char.islower():
        return False
    token_match = _TOKEN_BEFORE.search(block[start : match.start() + 1])
    token = token_match.group(1).lstrip("(\"'“‘[") if token_match else ""  # noqa: RUF001 - Dutch typographic quotes and dashes
    lowered = token.lower()
    if lowered in _ABBREVIATIONS:
        return False
    if lowered in _FINAL_ABBREVIATIONS:
        return next_char.isupper()
    # A single capital before the period is an initial ("J. de Vries"); "U." is the pronoun.
    return not (len(token) == 2 and token[0].isupper() and token[0] != "U")  # noqa: PLR2004


# --------------------------------------------------------------------------- words and syllables

# A number ("1.401,50", "2026") or a word of letters, with inner hyphens or
# apostrophes ("BRP-gegevens", "auto's").
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’\-][^\W\d_]+)*")  # noqa: RUF001 - Dutch typographic quotes and dashes
_PART_SEPARATOR = re.compile(r"['’\-]")  # noqa: RUF001 - Dutch typographic quotes and dashes

_VOWEL_BASE: Final = str.maketrans("áàâéèêíìîóòôúùûý", "aaaeeeiiiooouuuy")
_DIAERESIS_CHARS: Final = "äëïöüÿ"
_DIAERESIS: Final = str.maketrans(_DIAERESIS_CHARS, "aeiouy")
_VOWELS: Final = frozenset("aeiouy")
_PURE_VOWELS: Final = frozenset("aeiou")
# Dutch vowel groups that form one syllable nucleus, longest first.
_NUCLEI: Final = (
    ("eeu", "ieu", "aai", "ooi", "oei", "eau"),
    ("aa", "ee", "oo", "uu", "ie", "oe", "eu", "ui", "ei", "ou", "au", "ai", "oi", "ay", "ey", "oy"),
)


@functools.lru_cache(maxsize=1)
def _hyphenator() -> _pyphen_type.Pyphen:
    try:
        import pyphen  # noqa: PLC0415
    except ModuleNotFoundError as exc:
        msg = "regelruimte.readability requires the 'taal' extra: pip install 'regelruimte[taal]'"
        raise ModuleNotFoundError(msg, name="pyphen") from exc
    # left=1/right=1: keep every pattern position, also next to a word edge.
    return pyphen.Pyphen(lang="nl_NL", left=1, right=1)


def _nuclei(piece: str) -> int:
    """Count vowel nuclei in one hyphenation piece ("over" -> 2, "eeuw" -> 1)."""
    piece = piece.replace("qu", "qw")  # the u in "qu" is not a vowel
    count = 0
    i = 0
    n = len(piece)
    while i < n:
        char = piece[i]
        base = char.translate(_DIAERESIS)
        if base not in _VOWELS or (char == "y" and piece[i + 1 : i + 2] in _PURE_VOWELS):
            i += 1  # a consonant, or a "y" before a vowel ("yoga")
            continue
        # A vowel with a diaeresis ("ideeën", "ruïne") always starts a new nucleus,
        # and a new nucleus never swallows one.
        count += 1
        step = 1
        for size, group in ((3, _NUCLEI[0]), (2, _NUCLEI[1])):
            chunk = piece[i : i + size]
            # "ëi" in "beëindigen" is one nucleus, "eë" in "ideeën" is two.
            if (
                len(chunk) == size
                and chunk.translate(_DIAERESIS) in group
                and not any(c in _DIAERESIS_CHARS for c in chunk[1:])
            ):
                step = size
                break
        i += step
    return count


@functools.lru_cache(maxsize=16384)
def syllable_count(word: str) -> int:
    """Estimate the syllables of one Dutch word.

    Hyphenates with the ``nl_NL`` dictionary (all pattern positions) and counts
    vowel nuclei inside each piece, so that pieces the dictionary does not split
    ("over", "idee") still count right. A part without vowels adds nothing
    ("auto's" has 2), but every word has at least one syllable, so a number
    counts as 1. This is an estimate: loanwords and acronyms are often off.

    Args:
        word: One word (hyphens and apostrophes allowed).

    Returns:
        The estimated number of syllables, at least 1.

    Raises:
        ModuleNotFoundError: If ``pyphen`` (the ``taal`` extra) is not installed.
    """
    lowered = unicodedata.normalize("NFC", word).lower().translate(_VOWEL_BASE)
    hyphenator = _hyphenator()
    total = 0
    for part in _PART_SEPARATOR.split(lowered):
        if not part or not any(c.isalpha() for c in part):
            continue
        positions = [0, *hyphenator.positions(part), len(part)]
        total += sum(_nuclei(part[a:b]) for a, b in itertools.pairwise(positions))
    return max(total, 1)


def _letters(word: str) -> int:
    return sum(1 for c in word if c.isalpha())


# --------------------------------------------------------------------------- passive voice

_PASSIVE_AUX: Final = frozenset({"wordt", "worden", "werd", "werden"})
# Words that end the search window: a new clause or an infinitive construction.
_CLAUSE_STOP: Final = frozenset("te om dat die als omdat want maar en of zodat wanneer nadat voordat".split())
_PARTICIPLE = re.compile(
    r"^(?:[a-z]{0,6}?ge[a-zäëïöü]{2,}(?:d|t|n)"  # gestuurd, gegeven, gedaan, opgestuurd, toegekend
    r"|(?:be|ver|ont|her|er)[a-zäëïöü]{2,}(?:d|t)"  # beoordeeld, verstrekt, ontvangen below
    r"|ontvangen|vergeten|verkregen|besproken|bevonden|verboden|ontslagen|verzonden|verschenen)$"
)
_NOT_PARTICIPLE: Final = frozenset(
    "gebied gebieden gemeente gemeenten geld gelden geweest genoeg gezin gezinnen gesprekken gevallen "
    "gegevens geleden gemiddeld gewoon getallen geen gehad gezond gelukt gewend behalve bent beter "
    "betaalt vertelt verdient verlaat ontvangt verandert herhaalt eerst gebruiken gebeuren geloven "
    "genieten gemeen geboorteland verband besluit beleid bericht bezit bestand bedrijf bekend bereid "
    "verblijft gezondheid geven getuigen gebouwen gedachten gewoonten jongeren regelen".split()
)
_NOUN_SUFFIXES: Final = ("heid", "heden", "ingen", "nissen", "schappen", "ment", "ant", "ent")


def _is_participle(word: str) -> bool:
    word = word.lower()
    if word in _NOT_PARTICIPLE or word.endswith(_NOUN_SUFFIXES):
        return False
    return _PARTICIPLE.match(word) is not None


def _passive_hints(words: Sequence[str]) -> int:
    hints = 0
    lowered = [w.lower() for w in words]
    for i, word in enumerate(lowered):
        if word not in _PASSIVE_AUX:
            continue
        at_clause_end = i + 1 == len(lowered) or lowered[i + 1] in _CLAUSE_STOP
        if at_clause_end and i > 0 and _is_participle(lowered[i - 1]):  # "... dat het beoordeeld wordt."
            hints += 1
            continue
        for nxt in lowered[i + 1 : i + 11]:
            if nxt in _CLAUSE_STOP or nxt in _PASSIVE_AUX:
                break
            if _is_participle(nxt):
                hints += 1
                break
    return hints


# --------------------------------------------------------------------------- analysis


def analyse(
    text: str,
    *,
    thresholds: ReadabilityThresholds = DEFAULT_THRESHOLDS,
    jargon: Sequence[JargonTerm] = JARGON,
) -> Readability:
    """Measure readability signals for a Dutch text.

    Args:
        text: The text, for example the explanation of why a municipality asks
            for a document, or a citizen letter.
        thresholds: When to warn. Defaults: LIX > 45, Flesch-Douma < 60, any
            sentence over 20 words, any jargon.
        jargon: The jargon list to check against (default :data:`JARGON`).
            Earlier entries win when two entries match the same words.

    Returns:
        The measured signals, ``b1_ok`` and the reason codes. These are
        heuristics, not proof of B1.

    Raises:
        ValueError: If ``text`` is empty, only white space, or has no letters.
        ModuleNotFoundError: If ``pyphen`` (the ``taal`` extra) is not installed.
    """
    if not text or not text.strip():
        msg = "Cannot measure readability of an empty text (got only white space)."
        raise ValueError(msg)
    text = unicodedata.normalize("NFC", text)
    if not any(c.isalpha() for c in text):
        msg = "Cannot measure readability of a text without letters."
        raise ValueError(msg)

    sentence_words = [w for w in (_WORD.findall(s) for s in split_sentences(text)) if w]
    all_words = [w for sentence in sentence_words for w in sentence]
    n_sentences = len(sentence_words)
    n_words = len(all_words)
    n_syllables = sum(syllable_count(w) for w in all_words)
    n_long = sum(1 for w in all_words if _letters(w) > 6)  # noqa: PLR2004 - LIX definition
    lengths = [len(s) for s in sentence_words]

    flesch_douma = 206.835 - 0.93 * (n_words / n_sentences) - 77.0 * (n_syllables / n_words)
    lix = n_words / n_sentences + 100.0 * n_long / n_words
    long_sentences = sum(1 for n in lengths if n > thresholds.max_sentence_words)
    hits = _find_jargon(text, jargon)
    passive = sum(_passive_hints(s) for s in sentence_words)

    crossed = {
        "long-sentence": long_sentences > 0,
        "low-flesch-douma": flesch_douma < thresholds.min_flesch_douma,
        "high-lix": lix > thresholds.max_lix,
        "jargon": thresholds.flag_jargon and bool(hits),
        "passive": thresholds.max_passive_hints is not None and passive > thresholds.max_passive_hints,
    }
    reasons = [code for code in REASON_CODES if crossed[code]]

    return Readability(
        sentences=n_sentences,
        words=n_words,
        syllables=n_syllables,
        long_words=n_long,
        flesch_douma=flesch_douma,
        lix=lix,
        longest_sentence_words=max(lengths),
        long_sentences=long_sentences,
        jargon=hits,
        passive_hints=passive,
        b1_ok=not reasons,
        reasons=reasons,
        thresholds=thresholds,
    )


# --------------------------------------------------------------------------- explains_why

_REASON_MARKERS: Final = re.compile(
    r"(?<!\w)(?:"
    r"omdat|want|zodat|opdat|doordat|aangezien|vanwege|wegens|teneinde|daarom"
    r"|daarmee|hiermee|daardoor|hierdoor"
    r"|om(?:\s+[^\s.!?]+){0,6}?\s+te\s+[^\W\d_]+"  # "om te controleren", "om uw recht te bepalen"
    r"|zo\s+(?:weten|kunnen|zien|controleren|bepalen|berekenen)\s+(?:wij|we)"
    r"|dan\s+(?:kunnen|weten|zien)\s+(?:wij|we)"
    r"|anders\s+kunnen\s+(?:wij|we)"
    r"|nodig\s+(?:om|voor|als|omdat)"
    r"|(?:bedoeld|gebruiken\s+wij|gebruiken\s+we)\s+(?:om|voor)"
    r"|de\s+reden\s+(?:is|daarvoor|hiervoor|dat|waarom)"
    r")(?!\w)",
    re.IGNORECASE,
)


def explains_why(text: str) -> bool:
    """Tell whether a citizen text seems to say *why* something is asked.

    A heuristic: it looks for Dutch reason markers such as "omdat", "want",
    "zodat", "om ... te", "daarmee", "hiermee", "zo weten wij", "dan kunnen
    wij", "nodig om", "nodig voor". It cannot judge whether the reason makes
    sense. A bare legal reference ("Dit staat in artikel 17") does not count as
    a reason. An empty text explains nothing and gives ``False``.

    Args:
        text: The citizen-facing text.

    Returns:
        ``True`` if a reason marker is found.
    """
    if not text or not text.strip():
        return False
    return _REASON_MARKERS.search(unicodedata.normalize("NFC", text)) is not None
