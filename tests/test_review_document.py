# SPDX-License-Identifier: EUPL-1.2
"""The HTML review is a document a council member reads (issue 13, item 18): it says when it was
made, with which library version, on which regulation versions and files (their fingerprints); it
introduces itself and explains its verdicts; hours read as Dutch numbers; elements are named as a
reader knows them, never by an internal id; and a Dutch report is Dutch, an English one English.
(tests/test_html_browser.py checks the same document laid out by Chromium.)
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest

import regelruimte as rr
from regelruimte.render.review_views import html_document, markdown_view

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def reviews() -> list[rr.Review]:
    return [rr.review(p) for p in sorted(rr.load_policies(ROOT / "policies").values(), key=lambda p: p.id)]


def _text(html: str) -> str:
    body = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_review_says_when_with_what_and_on_which_versions(reviews: list[rr.Review], lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796644800")  # 7 December 2026, noon UTC
    text = _text(html_document(reviews, lang))
    made = {"nl": f"Gemaakt op 7 december 2026 met regelruimte {rr.__version__}.", "en": f"Made on 7 December 2026 with regelruimte {rr.__version__}."}
    assert made[lang] in text
    for r in reviews:
        assert f"{r.policy_title} {r.policy_version} {r.policy_sha256[:16]}" in text, r.policy_id
    intro = {"nl": ("Deze toets kijkt naar elke controle", "Uitleg bij de oordelen", "schrappen: niet uit te leggen de gemeente kan niet uitleggen"),
             "en": ("This review looks at every control", "What the verdicts mean", "remove: cannot be explained the municipality cannot explain")}
    for words in intro[lang]:
        assert words in text, words


def test_hours_read_as_dutch_numbers(reviews: list[rr.Review]) -> None:
    nl, en = _text(html_document(reviews, "nl")), _text(html_document(reviews, "en"))
    assert not re.search(r"\b\d+\.\d{2}\b", nl), re.search(r"\b\d+\.\d{2}\b", nl)
    rotterdam = next(r for r in reviews if r.policy_id.startswith("bijzondere_bijstand"))
    assert rotterdam.burden.hours_per_year == 80000
    assert "80.000" in nl and "80,000" in en


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_internal_ids_and_one_language(reviews: list[rr.Review], lang: str) -> None:
    html = html_document(reviews, lang)
    text = _text(html)
    allowed = {"applies_to", "expected_failure"}  # fields of the policy file a fix tells its author to set
    ids = set(re.findall(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", text)) - allowed
    assert not ids, sorted(ids)
    assert not re.search(r"\b(?:controls|purposes|rules|sources|facts)\.[a-z]", text)
    assert "<code>" not in re.sub(r"<code>[0-9a-f]{16}</code>", "", html)  # only the fingerprints are code
    english = "Standard for Public Code: bundle policy and source code"
    assert (english in text) == (lang == "en")
    md = markdown_view(reviews, lang)
    assert not set(re.findall(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b", re.sub(r"`[0-9a-f]{16}`", "", md))) - allowed - {r.policy_id for r in reviews}
