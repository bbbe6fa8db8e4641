# SPDX-License-Identifier: EUPL-1.2
"""The shareable HTML reports in a real browser: headless Debian Chromium.

A policy reviewer shares ``regelruimte review ... --format html -o review.html`` with the
council, and a professional shares ``regelruimte assess ... --format html -o rapport.html``. We
make both through the CLI, let Chromium parse and lay them out, and check the DOM it built:
``lang="nl"``, every table with a caption and every header cell with a scope, no scripts, no
external resources, the text a reader needs; and that a screenshot is a real, non-blank PNG.

Chromium comes from Debian (``make browser`` installs it). Without it these tests skip, except
in CI (``CI`` set), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
KWIJTSCHELDING = ROOT / "policies" / "nl" / "zuidplas" / "kwijtschelding.yaml"
CASE = ROOT / "examples" / "case_aflossingen.json"
WIDTH, HEIGHT = 1280, 2400
REPORTS = ["assessment", "review", "friction", "register"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def chromium() -> str:
    found = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; `make browser` installs it (make test depends on it)")
        pytest.skip("chromium is not installed; run `make browser`")
    return found


class Dom(HTMLParser):
    """What the checks need from a document: elements with their attributes, table structure, text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.tables: list[dict[str, int]] = []
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append({"caption": 0, "th": 0, "th_scoped": 0})
        elif tag == "caption" and self.tables:
            self.tables[-1]["caption"] += 1
        elif tag == "th" and self.tables:
            self.tables[-1]["th"] += 1
            self.tables[-1]["th_scoped"] += dict(attrs).get("scope") in ("col", "row", "colgroup", "rowgroup")
        if tag in ("style", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    """Both reports made through the CLI, each dumped and photographed by Chromium."""
    browser = chromium()
    d = tmp_path_factory.mktemp("browser")
    import regelruimte as rr
    from regelruimte.decisions import DecisionLog
    from regelruimte.synthetic.decisions import fill

    with DecisionLog(d / "besluiten.db") as log:  # a synthetic year of decisions for the friction report
        fill(log, rr.load_policies(ROOT / "policies"), 1500, seed=2026)
    commands = {
        "assessment": ["assess", str(KWIJTSCHELDING), str(CASE), "--format", "html", "--output", str(d / "assessment.html")],
        "review": ["review", str(ROOT / "policies"), "--format", "html", "--output", str(d / "review.html"), "--fail-on", "never"],
        "friction": ["friction", "--log", str(d / "besluiten.db"), "--format", "html", "--output", str(d / "friction.html")],
        "register": ["register", str(KWIJTSCHELDING), "--format", "html", "--output", str(d / "register.html")],
    }
    for name, args in commands.items():
        made = subprocess.run([sys.executable, "-m", "regelruimte", *args], capture_output=True, text=True, timeout=120, cwd=ROOT)
        assert made.returncode == 0, (name, made.stderr)

    def browse(job: tuple[str, str]) -> tuple[str, str, subprocess.CompletedProcess[bytes]]:
        name, mode = job
        page = (d / f"{name}.html").as_uri()
        profile = d / f"profile-{name}-{mode}"
        action = ["--dump-dom"] if mode == "dom" else [f"--screenshot={d / f'{name}.png'}", f"--window-size={WIDTH},{HEIGHT}"]
        done = subprocess.run([browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *action, page], capture_output=True, timeout=90)
        return name, mode, done

    out: dict[str, dict[str, object]] = {name: {"png": d / f"{name}.png"} for name in commands}
    with ThreadPoolExecutor(max_workers=2) as pool:
        for name, mode, done in pool.map(browse, [(n, m) for n in commands for m in ("dom", "png")]):
            assert done.returncode == 0, (name, mode, done.stderr.decode(errors="replace")[-800:])
            if mode == "dom":
                dom = Dom()
                dom.feed(done.stdout.decode("utf-8"))
                out[name]["dom"] = dom
    return out


@pytest.mark.parametrize("name", REPORTS)
def test_document_is_dutch_and_self_contained(reports: dict[str, dict[str, object]], name: str) -> None:
    dom: Dom = reports[name]["dom"]  # type: ignore[assignment]
    assert dom.tags("html")[0].get("lang") == "nl"
    assert dom.tags("meta") and any(m.get("charset") for m in dom.tags("meta"))
    assert dom.tags("title")
    assert not dom.tags("script"), "a shared report runs no scripts"
    assert not dom.tags("link") and not dom.tags("img") and not dom.tags("iframe"), "a shared report loads nothing from elsewhere"
    assert all((a.get("href") or "").startswith("https://") for a in dom.tags("a")), "links go to public https sources"


@pytest.mark.parametrize("name", REPORTS)
def test_tables_have_captions_and_scoped_headers(reports: dict[str, dict[str, object]], name: str) -> None:
    dom: Dom = reports[name]["dom"]  # type: ignore[assignment]
    assert len(dom.tables) >= (1 if name == "register" else 2)
    for i, table in enumerate(dom.tables):
        assert table["caption"] == 1, f"table {i} has no caption"
        assert table["th"] >= 1 and table["th"] == table["th_scoped"], f"table {i}: header cells without scope"


def test_assessment_text_reads_without_colour(reports: dict[str, dict[str, object]]) -> None:
    """Verdicts are words, not colours; the citizen text and the sources are there."""
    text = reports["assessment"]["dom"].plain  # type: ignore[union-attr]
    for words in ("Kwijtschelding afvalstoffenheffing Zuidplas", "afgewezen", "gediend", "de letter blokkeert het doel",
                  "Uitleg voor de burger", "Uitvoeringsregeling Invorderingswet 1990, art. 17", "U lost niet meer dan € 136 per maand af"):
        assert words in text, words


def test_friction_text_reads_without_colour(reports: dict[str, dict[str, object]]) -> None:
    """The policy adviser's report: the conclusions first, the case law it rests on, the rules."""
    text = reports["friction"]["dom"].plain  # type: ignore[union-attr]
    for words in ("Wrijving tussen regel en doel", "Conclusies", "Deze regel wordt steeds opzij gezet", "ECLI:NL:RVS:2016:709",
                  "een signaal aan de wetgever", "Letter blokkeert doel", "Maatwerkvoorziening Wmo Assen"):
        assert words in text, words


def test_register_text_reads_without_colour(reports: dict[str, dict[str, object]]) -> None:
    text = reports["register"]["dom"].plain  # type: ignore[union-attr]
    for words in ("Concept voor het Algoritmeregister", "Kwijtschelding afvalstoffenheffing Zuidplas", "nog invullen", "controleren",
                  "Menselijke tussenkomst", "Regelgebaseerd, niet zelflerend"):
        assert words in text, words


def test_review_text_reads_without_colour(reports: dict[str, dict[str, object]]) -> None:
    text = reports["review"]["dom"].plain  # type: ignore[union-attr]
    for words in ("Toets van de controles", "Samenvatting", "Kwijtschelding afvalstoffenheffing Zuidplas", "Bijzondere bijstand",
                  "Leesbaarheid en lastendruk zijn vuistregels, geen bewijs."):
        assert words in text, words


def test_review_is_a_document_a_council_member_reads(reports: dict[str, dict[str, object]]) -> None:
    """Issue 13, item 18: the date, the library version, every regulation's version and fingerprint,
    an introduction and a legend; hours as Dutch numbers; no internal ids."""
    import re

    import regelruimte as rr

    text = reports["review"]["dom"].plain  # type: ignore[union-attr]
    for words in ("Gemaakt op ", f"met regelruimte {rr.__version__}.", "Deze toets kijkt naar elke controle", "Getoetste regelingen",
                  "vingerafdruk (SHA-256)", "Uitleg bij de oordelen", " 2,7 80.000 "):
        assert words in text, words
    assert not re.search(r"\b\d+\.\d{2}\b", text)
    assert not re.search(r"\b(?:controls|purposes|sources)\.[a-z]", text)


@pytest.mark.parametrize("name", REPORTS)
def test_screenshot_is_a_real_png(reports: dict[str, dict[str, object]], name: str) -> None:
    png: Path = reports[name]["png"]  # type: ignore[assignment]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (WIDTH, HEIGHT)
    assert len(data) > 30_000, "a page of tables and text does not compress to a near-empty image"
