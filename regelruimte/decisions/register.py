# SPDX-License-Identifier: EUPL-1.2
"""A draft entry for the Dutch Algoritmeregister, from what a policy already holds.

The fields are those of the register's publication standard 1.0, with its own keys, limits and
required marks (MinBZK/Algoritmeregister, ``backend/app/schemas/config/v1_0.json``, the file the
register uses to build its input forms and to validate uploads). Each field of the draft says
where its text came from and what a person must still do:

* ``filled``: written from the policy (its title, purposes, sources, facts, discretion);
* ``check``: a proposal a person must confirm (the organisation's TOOI name, the category);
* ``todo``: only the municipality knows (contact, status, impact assessments, risks).

Nothing is invented: a field the policy cannot fill stays empty and is listed for a person.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

import regelruimte as rr

from ._internal import Displayable, export

STANDARD = "Algoritmeregister publicatiestandaard 1.0"
SOURCE = "https://github.com/MinBZK/Algoritmeregister/blob/main/backend/app/schemas/config/v1_0.json"

# key: (title in the register, required, maximum length)
FIELDS: dict[str, tuple[str, bool, int | None]] = {
    "name": ("Naam", True, 100),
    "description_short": ("Korte omschrijving", True, 350),
    "organization": ("Organisatie", True, 100),
    "category": ("Thema", False, None),
    "status": ("Status", True, None),
    "begin_date": ("Begindatum", False, 7),
    "end_date": ("Einddatum", False, 7),
    "contact_email": ("Contactgegevens", True, 500),
    "website": ("Link naar publiekspagina", False, 500),
    "publication_category": ("Publicatiecategorie", True, None),
    "url": ("Link naar bronregistratie", False, 500),
    "goal": ("Doel en impact", False, 2500),
    "proportionality": ("Afwegingen", False, 2500),
    "human_intervention": ("Menselijke tussenkomst", False, 2500),
    "risks": ("Risicobeheer", False, 2500),
    "lawful_basis": ("Wettelijke basis", False, 2500),
    "lawful_basis_grouping": ("Verwijzingen wettelijke basis", False, None),
    "process_index_url": ("Link naar verwerkingsregister", False, 500),
    "impacttoetsen_grouping": ("Impacttoetsen", False, None),
    "impacttoetsen": ("Toelichting op impacttoetsen", False, 2500),
    "source_data": ("Gegevens", False, 2500),
    "methods_and_models": ("Technische werking", False, 5000),
    "provider": ("Leverancier", False, 200),
    "publiccode": ("Link naar broncode", False, 500),
    "lang": ("Taal", True, None),
    "standard_version": ("Versie publicatiestandaard", False, None),
    "source_id": ("Bron-ID", False, 100),
    "tags": ("Zoektermen", False, 2500),
}
LEGAL_LEVELS = ("formele_wet", "amvb", "ministeriele_regeling", "verordening", "beleidsregel", "belgische_wet", "belgisch_besluit", "gemeentelijk_reglement")
DECIDERS = {"consulent": "een consulent", "teamleider": "een teamleider", "college": "het college van burgemeester en wethouders",
            "uitvoeringsorganisatie": "de uitvoeringsorganisatie", "minister": "de minister"}


Status = Literal["filled", "check", "todo"]


class Field(BaseModel):
    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    required: bool
    value: Any = None
    status: Status
    note: str
    """Where the value came from, or what a person must do."""


class RegisterDraft(Displayable, BaseModel):
    """The draft: every field of the standard, in its order, with its status."""

    model_config = ConfigDict(frozen=True)

    policy_id: str
    policy_version: str
    policy_sha256: str
    fields: list[Field]

    @property
    def to_complete(self) -> list[Field]:
        return [f for f in self.fields if f.status != "filled"]

    def entry(self) -> dict[str, Any]:
        """The register entry itself: the standard's keys, empty where a person must fill in."""
        return {f.key: f.value for f in self.fields}

    def to_json(self, *, indent: int | None = 2) -> str:
        doc = {"standard": STANDARD, "standard_source": SOURCE, "policy": {"id": self.policy_id, "version": self.policy_version, "sha256": self.policy_sha256},
               "entry": self.entry(), "to_complete": [{"field": f.key, "title": f.title, "required": f.required, "status": f.status, "note": f.note}
                                                      for f in self.to_complete],
               "sources": {f.key: f.note for f in self.fields if f.status == "filled"}}
        return json.dumps(doc, ensure_ascii=False, indent=indent)

    def __repr__(self) -> str:
        return f"<RegisterDraft {self.policy_id}@{self.policy_version} filled={len(self.fields) - len(self.to_complete)} to_complete={len(self.to_complete)}>"

    __str__ = __repr__

    def to_html(self) -> str:
        """A page a person can read and complete (self-contained HTML, in Dutch)."""
        return export(self, "html")

    def to_markdown(self) -> str:
        return export(self, "markdown")


def register_draft(policy: rr.Policy, *, organisation: str | None = None) -> RegisterDraft:
    """Draft the Algoritmeregister entry of ``policy``.

    Args:
        organisation: The organisation's name as in the TOOI list (default: the policy's authority,
            marked for a person to check).
    """
    sources = policy.all_sources
    values: dict[str, tuple[Any, Status, str]] = {}

    def put(key: str, value: Any, status: Status, note: str) -> None:
        limit = FIELDS[key][2]
        if isinstance(value, str) and limit is not None and len(value) > limit:
            value, status, note = value[:limit], "check", f"shortened to the standard's {limit} characters; rewrite it. " + note
        values[key] = (value, status, note)

    put("name", policy.title, "filled", "the policy's title")
    summary = policy.summary.nl.strip()
    put("description_short", summary, "check", "the policy's summary; check it reads at B1 level and describes the algorithm's use")
    put("organization", organisation or policy.authority, "filled" if organisation else "check",
        "as given" if organisation else "the policy's authority; check the name against the TOOI list")
    purposes = " ".join(f"{p.title.nl}: {p.description.nl.strip()}" for p in policy.purposes)
    impact = (f"Het algoritme toetst een aanvraag aan de regels ({len(policy.rules)}) en aan het doel ervan, en laat zien waar die uit elkaar lopen. "
              f"De uitkomst is {policy.outcome.granted.nl} of {policy.outcome.denied.nl}; een medewerker neemt het besluit.")
    put("goal", f"{purposes} {impact}".strip(), "filled", "the policy's purposes and outcome")
    kinds = sorted({d.kind for d in policy.discretion})
    room = "; ".join(f"{d.title.nl} (beslist: {DECIDERS[d.decided_by]})" for d in policy.discretion)
    put("proportionality",
        ("Elke regel is vastgelegd met het doel dat hij dient. Waar de letter een burger afwijst die het doel wel wil helpen, "
         "toont het algoritme de ruimte die de wet geeft" + (f": {room}." if room else ".")
         + (" Bij een nadelig besluit weegt een medewerker of het geschikt, noodzakelijk en evenwichtig is (Awb 3:4)." if policy.outcome.adverse else "")
         + " Overwogen alternatieven: nog in te vullen."),
        "check", "from the policy's discretion provisions" + (f" ({', '.join(kinds)})" if kinds else "") + "; add the alternatives considered (IAMA/DPIA)")
    put("human_intervention",
        ("Het algoritme geeft een advies; het neemt geen besluit. Een medewerker leest de uitkomst, de spanning tussen letter en doel en de ruimte, "
         "en besluit: de letter volgen, een afwijkingsbevoegdheid gebruiken of een signaal geven aan wie de regel maakt. "
         + (f"Afwijken: {room}. " if room else "")
         + "Elk besluit wordt vastgelegd met de rol van wie besliste en de reden, zonder gegevens van de burger."),
        "filled", "the policy's discretion (who decides) and the decision log")
    put("risks", None, "todo", "describe the risks and how they are managed; the friction report (regelruimte friction) can be part of the monitoring")
    legal = [s for s in sources.values() if s.level in LEGAL_LEVELS]
    put("lawful_basis", "Het algoritme voert deze regels uit: " + "; ".join(s.citation for s in legal) + "." if legal else None,
        "filled" if legal else "todo", "the policy's legal sources")
    grouping, seen = [], set()
    for s in legal:
        if s.url not in seen:
            seen.add(s.url)
            grouping.append({"title": s.citation[:100], "link": s.url})
    put("lawful_basis_grouping", grouping or None, "filled" if grouping else "todo", "the policy's legal sources with their links")
    facts = [f"{f.description.nl.strip()}" + (f" (bron: {', '.join(h.register_ for h in f.held_by)})" if f.held_by else " (van de aanvrager)") for f in policy.facts.values()]
    put("source_data", "Gegevens over de aanvrager en het huishouden: " + "; ".join(facts) + "." if facts else None, "filled" if facts else "todo",
        "the policy's facts and the registers that hold them")
    put("methods_and_models",
        (f"Regelgebaseerd, niet zelflerend. De regeling is vastgelegd als gegevens (YAML): {len(policy.rules)} regels, {len(policy.purposes)} doelen, "
         f"{len(policy.discretion)} afwijkingsbevoegdheden, {len(policy.controls)} controles, met bij elk element de wettelijke bron. "
         f"regelruimte (open source, EUPL-1.2) toetst een zaak aan de letter en aan het doel. Versie {policy.version}, SHA-256 {policy.sha256}."),
        "filled", "the policy's structure and hash")
    put("lang", "nld", "filled", "Dutch (the only value the standard allows)")
    put("standard_version", "1.0", "filled", "this draft follows version 1.0")
    put("source_id", policy.id, "check", "the policy's id; use your own register's id if it has one")
    put("tags", ", ".join([policy.id, policy.authority, "regelruimte", *kinds]), "filled", "the policy's id, authority and kinds of discretion")
    put("category", None, "todo", "choose up to three themes from the standard's list (e.g. Sociale zekerheid)")
    put("status", None, "todo", "In ontwikkeling, In gebruik or Buiten gebruik")
    put("begin_date", None, "todo", f"the month the algorithm was taken into use (yyyy-mm); the regulation applies from {policy.valid_from.isoformat()}")
    put("end_date", None, "todo", "only when no longer in use")
    put("contact_email", None, "todo", "an e-mail address or https:// page for questions about this algorithm")
    put("website", None, "todo", "the municipality's public page about this process (optional)")
    put("publication_category", None, "todo", "Impactvolle algoritmes is likely: the outcome affects a citizen's rights; decide with the handreiking")
    put("url", None, "todo", "your own algorithm register, if any (optional)")
    put("process_index_url", None, "todo", "the public part of the register of processing activities (optional)")
    put("impacttoetsen_grouping", None, "todo", "the DPIA and IAMA with links, where done")
    put("impacttoetsen", None, "todo", "why an impact assessment was not done, where so")
    put("provider", None, "todo", "who maintains it: 'Intern ontwikkeld' or the supplier")
    put("publiccode", None, "todo", "the link to the source of the policy file and regelruimte")
    fields = [Field(key=k, title=t, required=req, value=values[k][0], status=values[k][1], note=values[k][2]) for k, (t, req, _limit) in FIELDS.items()]
    return RegisterDraft(policy_id=policy.id, policy_version=policy.version, policy_sha256=policy.sha256, fields=fields)
