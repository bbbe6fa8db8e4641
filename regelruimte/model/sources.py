# SPDX-License-Identifier: EUPL-1.2
"""Legal sources: what rules, purposes, controls and parameters cite, and how results cite them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .base import FileModel, Id

LegalLevel = Literal[
    "formele_wet", "amvb", "ministeriele_regeling", "verordening", "beleidsregel",
    "rechtspraak", "toelichting", "ombudsman", "uitvoering", "belgische_wet", "belgisch_besluit",
    "gemeentelijk_reglement",
]


class Source(FileModel):
    """A legal source that rules, purposes, controls and parameters cite by ``id``."""

    id: Id
    citation: str = Field(min_length=3)
    """How a lawyer cites it, e.g. 'Uitvoeringsregeling Invorderingswet 1990, art. 11 lid 1'."""
    level: LegalLevel
    """The kind of source; it decides which room the law leaves (Awb 4:84 applies to beleidsregels)."""
    url: str = Field(pattern=r"^https://")
    """Where the text can be read (wetten.overheid.nl, lokaleregelgeving.overheid.nl, ...)."""
    verified: Literal["text", "secondary", "no"]
    """'text': read in the official text; 'secondary': read in a secondary source; 'no': not verified."""
    law: str | None = None
    bwb: str | None = Field(default=None, pattern=r"^BWBR[0-9]{7}$")
    cvdr: str | None = Field(default=None, pattern=r"^CVDR[0-9]+$")
    ecli: str | None = Field(default=None, pattern=r"^ECLI:[A-Z]{2}:[A-Za-z0-9]+:[0-9]{4}:[A-Za-z0-9.]+$")
    reference: str | None = None
    """Other identifiers: Kamerstuk, ombudsman report number, Belgian NUMAC or ELI."""
    article: str | None = None
    lid: str | None = None
    quote: str | None = None
    """The words of the source, verbatim, where they were read."""
    explanation: str | None = None
    """In Dutch: how this element relates to the text of the law."""
    note: str | None = None
    """What could not be verified, and why."""




class SourceRef(BaseModel):
    """The legal source of an element, as it appears in results."""

    model_config = ConfigDict(frozen=True)

    id: str
    citation: str
    url: str

    @classmethod
    def of(cls, source: Source) -> SourceRef:
        return cls(id=source.id, citation=source.citation, url=source.url)
