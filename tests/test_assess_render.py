# SPDX-License-Identifier: EUPL-1.2
"""Renders of an assessment: golden citizen texts and reports, well-formed accessible HTML, the
Jupyter mimebundle.

Golden files live in tests/golden/assess/. After an intended change of a text or a render,
regenerate them with ``REGELRUIMTE_UPDATE_GOLDEN=1 pytest tests/test_assess_render.py`` and read
the diff before committing: the files are the reviewed, correct output, not whatever the code
prints.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

import regelruimte as rr
from regelruimte.render.assessment_views import html_fragment, mimebundle, plain_text

ROOT = Path(__file__).resolve().parent.parent
KWIJTSCHELDING = ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "assess"
GOLDEN = Path(__file__).resolve().parent / "golden" / "assess"
UPDATE = os.environ.get("REGELRUIMTE_UPDATE_GOLDEN") == "1"

# three example tests of kwijtschelding.yaml: granted; blocked with room (repayments of EUR 200 a
# month, zeer bijzondere omstandigheden); blocked without room (onroerendezaakbelasting)
CASES = {"granted": 0, "blocks_room": 7, "no_room": 8}

TOESLAG_BASE: dict[str, Any] = {
    "netto_inkomen": "900.00", "huishouden": "alleenstaande", "woonlasten": "205.00", "ingeschreven": True,
    "leeftijd": 30, "aanvraagdatum": "2026-02-01", "gedetineerd": False,
}


@pytest.fixture(scope="module")
def kw() -> rr.Policy:
    return rr.load_policy(KWIJTSCHELDING)


@pytest.fixture(scope="module")
def examples(kw: rr.Policy) -> dict[str, rr.Assessment]:
    return {name: rr.assess(kw, {"date": kw.tests[i].date, "facts": kw.test_facts(i)}) for name, i in CASES.items()}


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="")
        return
    assert path.exists(), f"missing golden file {path}; generate it with REGELRUIMTE_UPDATE_GOLDEN=1 and review it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from the golden file; if the change is intended, regenerate and review the diff"


# -- golden -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_golden_citizen_text(examples: dict[str, rr.Assessment], case: str, lang: str) -> None:
    check_golden(f"kwijtschelding_{case}.citizen_{lang}.txt", examples[case].explain(lang) + "\n")


@pytest.mark.parametrize("case", CASES)
def test_golden_plain_text_render_at_width_100(examples: dict[str, rr.Assessment], case: str) -> None:
    text = plain_text(examples[case], "nl", width=100)
    assert max(len(line) for line in text.splitlines()) <= 100
    check_golden(f"kwijtschelding_{case}.rich_nl_w100.txt", text)


@pytest.mark.parametrize("case", CASES)
def test_golden_markdown(examples: dict[str, rr.Assessment], case: str) -> None:
    check_golden(f"kwijtschelding_{case}.md", examples[case].to_markdown())


def test_the_citizen_texts_say_what_matters(examples: dict[str, rr.Assessment]) -> None:
    """What the golden files must show, stated once more so a regenerated file cannot hide it."""
    granted, room, no_room = examples["granted"].explain("nl"), examples["blocks_room"].explain("nl"), examples["no_room"].explain("nl")
    assert granted.startswith("Uitkomst: kwijtschelding. Het bedrag is € 315,97.")
    assert "bezwaar" in granted and "artikel 6:7" in granted
    assert "U lost niet meer dan € 136 per maand af op andere schulden." in room
    assert "U zit boven de grens." in room and "64" not in room  # the figures only with show_values (docs/privacy.md)
    assert "U zit € 64,00 boven de grens (47,1%)." in examples["blocks_room"].explain("nl", show_values=True)
    assert "Gemeente Zuidplas kan in bijzondere situaties afwijken van de regel." in room
    assert "Hierover beslist het college van burgemeester en wethouders." in room
    assert "Uitvoeringsregeling Invorderingswet 1990, art. 17" in room
    assert "Regeling kwijtschelding gemeentelijke belastingen Zuidplas 2026, art. 1" in no_room
    assert "De regel laat geen ruimte om af te wijken. Wij melden uw situatie bij wie de regel maakt." in no_room
    assert "mag in uw situatie afwijken" not in no_room
    for text in (room, no_room):
        assert "Waarom is deze regel er? Kwijtschelding is er voor mensen die de aanslag niet kunnen betalen" in text
        assert "Bij u werkt de regel anders uit dan hij bedoeld is." in text


def test_the_letter_quotes_the_rule_and_states_the_situation_as_the_persons(examples: dict[str, rr.Assessment]) -> None:
    """Issue 13, item 17: "U voldoet niet aan deze regel: U lost niet meer dan € 136 per maand af"
    read as a statement about someone who pays € 200. The rule is quoted as the rule, and the
    person's situation is said to be theirs, in Dutch and in English."""
    rule = "U lost niet meer dan € 136 per maand af op andere schulden."
    nl, en = examples["blocks_room"].explain("nl"), examples["blocks_room"].explain("en")
    assert f'De regel zegt: "{rule}" Uw situatie voldoet daar niet aan. Dit staat in' in nl
    assert f'The rule says: "{rule_en(examples)}" Your situation does not meet it. This is set out in' in en
    for text in (nl, en):
        for line in text.splitlines():  # a rule's text never stands unquoted after a sentence about the person
            assert not line.startswith(("U voldoet niet aan deze regel:", "You do not meet this rule:")), line
            if rule in line:
                assert f'"{rule}"' in line


def rule_en(examples: dict[str, rr.Assessment]) -> str:
    failed = examples["blocks_room"].letter.failed[0]
    return " ".join(failed.text.get("en").split()).rstrip(".") + "."


def test_rich_render_at_other_widths_and_in_a_console(examples: dict[str, rr.Assessment]) -> None:
    for a in examples.values():
        for width in (60, 100, 160):
            text = plain_text(a, "nl", width=width)
            assert max(len(line) for line in text.splitlines()) <= width
            assert "\x1b[" not in text  # no colour codes
        console = Console(width=100, record=True, file=io.StringIO())
        console.print(a)  # the assessment renders itself
        assert "Kwijtschelding afvalstoffenheffing Zuidplas" in console.export_text()


def test_plain_text_render_shows_every_control_id_in_full(examples: dict[str, rr.Assessment]) -> None:
    for lang in ("nl", "en"):
        text = plain_text(examples["granted"], lang, width=100)
        for need in examples["granted"].controls:
            assert need.id in text, (lang, need.id)


# -- HTML ---------------------------------------------------------------------------------------------
VOID = {"meta", "br", "link", "img", "hr", "input", "col", "wbr", "source"}


class Checker(HTMLParser):
    """Checks well-formedness (every element closed, properly nested) and collects what the
    accessibility tests need."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.table_first_child: list[str] = []
        self._awaiting_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if self._awaiting_caption:
            self.table_first_child.append(tag)
            self._awaiting_caption = False
        if tag == "table":
            self._awaiting_caption = True
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Checker:
    c = Checker()
    c.feed(html)
    c.close()
    assert c.errors == []
    assert c.stack == [], f"unclosed elements: {c.stack}"
    return c


def assert_accessible(c: Checker) -> None:
    names = [t for t, _ in c.tags]
    assert "script" not in names
    assert not any(k.startswith("on") for _, attrs in c.tags for k in attrs)
    assert not any((v or "").strip().lower().startswith("javascript:") for _, attrs in c.tags for v in attrs.values())
    tables = names.count("table")
    assert tables >= 1
    assert c.table_first_child == ["caption"] * tables  # every table has a caption, first
    ths = [attrs for t, attrs in c.tags if t == "th"]
    assert ths and all(a.get("scope") in ("col", "row") for a in ths)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_html_page_is_well_formed_and_accessible(examples: dict[str, rr.Assessment], case: str, lang: str) -> None:
    html = examples[case].to_html(lang=lang)
    assert html.startswith("<!DOCTYPE html>")
    c = parse(html)
    assert ("html", {"lang": lang}) in c.tags
    assert any(t == "meta" and a.get("charset") == "utf-8" for t, a in c.tags)
    assert any(t == "title" for t, _ in c.tags)
    assert_accessible(c)
    text = "".join(c.text)
    assert "Kwijtschelding afvalstoffenheffing Zuidplas" in text
    assert examples[case].explain(lang).splitlines()[0] in text


def test_html_fragment_is_well_formed(examples: dict[str, rr.Assessment]) -> None:
    for a in examples.values():
        c = parse(html_fragment(a))
        assert c.tags[0] == ("section", {"class": "rr", "lang": "nl"})
        assert_accessible(c)


@pytest.fixture
def markup_policy(tmp_path: Path) -> rr.Policy:
    """The toeslag fixture with markup and quotes in a rule text, the title and a citation."""
    text = (FIXTURES / "toeslag.yaml").read_text(encoding="utf-8")
    replacements = [
        ("text: Uw inkomen is niet hoger dan de grens.", "text: 'Uw inkomen is <b>niet</b> hoger dan de grens & \"nooit\" <script>alert(1)</script>.'"),
        ("title: Testtoeslag", "title: Testtoeslag <i>schuin</i> & co"),
        ("citation: Beleidsregels testtoeslag, art. 3", "citation: Beleidsregels <em>testtoeslag</em>, art. 3"),
    ]
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "toeslag.yaml"
    path.write_text(text, encoding="utf-8")
    return rr.load_policy(path)


def test_html_escapes_all_text(markup_policy: rr.Policy) -> None:
    a = rr.assess(markup_policy, {"date": "2026-03-01", "facts": {**TOESLAG_BASE, "netto_inkomen": "1010.00", "woonlasten": "300.00"}})
    assert a.letter.failed[0].id == "inkomen_onder_grens"  # the rule text is in the rules table and the citizen text
    for html in (a.to_html(), a.to_html(lang="en"), mimebundle(a)["text/html"]):
        c = parse(html if html.startswith("<!DOCTYPE") else html.split("</style>", 1)[1])
        names = {t for t, _ in c.tags}
        assert not names & {"b", "i", "em", "script"}
        assert "&lt;b&gt;niet&lt;/b&gt;" in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "&lt;i&gt;schuin&lt;/i&gt; &amp; co" in html
        assert "&lt;em&gt;testtoeslag&lt;/em&gt;" in html
        assert "&amp; &quot;nooit&quot;" in html
        text = "".join(c.text)
        assert "Uw inkomen is <b>niet</b> hoger dan de grens" in text  # shown to the reader as typed
        assert_accessible(c)


def test_html_never_shows_fact_values(kw: rr.Policy) -> None:
    facts = {**kw.test_facts(0), "aanslag": "314.59", "aflossingen_overige_schulden": "151.37", "saldo": "487.13"}
    a = rr.assess(kw, {"date": "2026-03-01", "facts": facts})
    for out in (a.to_html(), a.to_markdown()):
        assert "151.37" not in out and "151,37" not in out and "487.13" not in out and "487,13" not in out


# -- mimebundle -----------------------------------------------------------------------------------------
def test_mimebundle_honours_include_and_exclude(examples: dict[str, rr.Assessment]) -> None:
    a = examples["blocks_room"]
    full = a._repr_mimebundle_()
    assert set(full) == {"text/plain", "text/html", "text/markdown"}
    assert full["text/plain"] == repr(a)
    assert full["text/markdown"] == a.to_markdown()
    assert "<script" not in full["text/html"]
    assert set(a._repr_mimebundle_(include={"text/html"})) == {"text/html"}
    assert set(a._repr_mimebundle_(include=["text/html", "text/markdown"])) == {"text/html", "text/markdown"}
    assert set(a._repr_mimebundle_(exclude={"text/markdown"})) == {"text/plain", "text/html"}
    assert set(a._repr_mimebundle_(include={"text/html", "text/plain"}, exclude={"text/plain"})) == {"text/html"}
    assert a._repr_mimebundle_(include={"image/png"}) == {}
    assert mimebundle(a, None, None) == full


def test_markdown_and_html_agree_on_the_verdicts(examples: dict[str, rr.Assessment]) -> None:
    render: Callable[[rr.Assessment], str]
    for a in examples.values():
        for render in (lambda x: x.to_markdown(), lambda x: "".join(parse(x.to_html()).text)):
            out = render(a)
            assert {"granted": "toegekend", "denied": "afgewezen"}[a.letter.verdict] in out
            for r in a.letter.rules:
                assert r.id in out and r.source.citation in out
