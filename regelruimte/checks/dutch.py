# SPDX-License-Identifier: EUPL-1.2
"""Dutch text, counted: sentences, words, syllables and likely passive constructions.

Our own sentence splitting (abbreviations such as "bijv." and amounts such as "1.401,50" never
split a sentence), our own syllable count (the ``nl_NL`` hyphenation dictionary of pyphen, with
every pattern position, then the vowel nuclei inside each piece) and a pattern match for the
passive voice. The reasons for each choice are in :mod:`regelruimte.checks.readability`.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import pyphen as _pyphen_type


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
WORD = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’\-][^\W\d_]+)*")  # noqa: RUF001 - Dutch typographic quotes and dashes
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


def letters(word: str) -> int:
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


def passive_hints(words: Sequence[str]) -> int:
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
