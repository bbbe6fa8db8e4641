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
* ``passive_hints`` and :func:`explains_why` (:mod:`~regelruimte.checks.reasons`) are pattern matches. They can miss
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

import unicodedata
from collections.abc import Sequence
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from .dutch import WORD, letters, passive_hints, split_sentences, syllable_count
from .jargon import JARGON, JargonHit, JargonTerm, find_jargon
from .reasons import explains_why

__all__ = [
    "DEFAULT_THRESHOLDS",
    "EXPLANATION_THRESHOLDS",
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
        min_words_for_formulas: Flesch-Douma and LIX cause a warning only for
            texts of at least this many words (they are computed for every
            text); on a few short sentences one long word moves them a lot.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_lix: float = Field(default=45.0, ge=0)
    min_flesch_douma: float = 60.0
    max_sentence_words: int = Field(default=20, ge=1)
    flag_jargon: bool = True
    max_passive_hints: int | None = Field(default=None, ge=0)
    min_words_for_formulas: int = Field(default=0, ge=0)


DEFAULT_THRESHOLDS: Final = ReadabilityThresholds()

EXPLANATION_THRESHOLDS: Final = ReadabilityThresholds(max_passive_hints=0, min_words_for_formulas=100)
"""The thresholds for the short citizen explanation of a control (how the review judges B1):
long sentences, jargon and passive officialese count; the two formulas count only from 100 words
on, the size of the samples Flesch's method is made for. On the one- to four-sentence texts of the
hand-labelled corpus (tests/review_corpus/explanations.yaml) a single long everyday word
("uitkeringsspecificatie") moved Flesch-Douma under 60 on plain texts, while short legal words
("verwijtbaar", "draagkracht") kept officialese above it."""


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

    sentence_words = [w for w in (WORD.findall(s) for s in split_sentences(text)) if w]
    all_words = [w for sentence in sentence_words for w in sentence]
    n_sentences = len(sentence_words)
    n_words = len(all_words)
    n_syllables = sum(syllable_count(w) for w in all_words)
    n_long = sum(1 for w in all_words if letters(w) > 6)  # noqa: PLR2004 - LIX definition
    lengths = [len(s) for s in sentence_words]

    flesch_douma = 206.835 - 0.93 * (n_words / n_sentences) - 77.0 * (n_syllables / n_words)
    lix = n_words / n_sentences + 100.0 * n_long / n_words
    long_sentences = sum(1 for n in lengths if n > thresholds.max_sentence_words)
    hits = find_jargon(text, jargon)
    passive = sum(passive_hints(s) for s in sentence_words)

    crossed = {
        "long-sentence": long_sentences > 0,
        "low-flesch-douma": n_words >= thresholds.min_words_for_formulas and flesch_douma < thresholds.min_flesch_douma,
        "high-lix": n_words >= thresholds.min_words_for_formulas and lix > thresholds.max_lix,
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
