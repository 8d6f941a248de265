"""The shape of a subject access pack (MP-16, UK GDPR Art. 15): its sections, the pack, the
two forms it is written in, and what an export wrote, with what to weigh before sending it
(services/subject_access_pack.py builds it, services/subject_access_export.py writes it).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.data_protection.pack_cautions import crime_caution, typed_caution


class PackSection(BaseModel):
    """One part of the export pack: a table of what is stored, under a title.

    `category` is the registry's data category when the section is one (the record's
    fields); the other sections hold records of several kinds and say what they are.
    """

    model_config = ConfigDict(frozen=True)

    key: str
    title: str
    category: DataCategory | None = None
    #: A line for the reader on what the section holds ("We hold nothing of this kind about
    #: you." when empty).
    about: str = ""
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = ()
    #: How many of its entries are quoted as someone typed them (notes, a complaint's
    #: words, a reason in a handler's own words): they may name other people, for the DPO
    #: to read before sending (Art. 15(4)); nothing is redacted by the console.
    typed: int = 0


class SubjectAccessPack(BaseModel):
    """Everything the console stores about one customer, as sections, for a subject access
    request: rendered as printable HTML or as JSON (services/subject_access_documents.py)."""

    model_config = ConfigDict(frozen=True)

    customer_reference: str
    generated_at: datetime
    request_id: int | None = None
    #: For a record erased before the pack was made: when and by whom ("This record was
    #: erased on 01 Dec 2026 by dpo."), which the pack says first.
    erased: str | None = None
    sections: tuple[PackSection, ...]

    def section(self, key: str) -> PackSection:
        """The section with this key; KeyError names an unknown one."""
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)


class PackForm(StrEnum):
    """The two forms of the pack."""

    HTML = "html"
    JSON = "json"


class ExportDone(BaseModel):
    """What an export wrote: the file, the form, how many sections and rows, and the
    third-party requests that may call for the crime exemption before it is sent."""

    model_config = ConfigDict(frozen=True)

    path: Path
    form: PackForm
    sections: int
    rows: int
    request_id: int | None = None
    #: Third-party requests the pack lists that were made for crime prevention or taxation
    #: (DPA 2018 Sch. 2 para 2): telling the person of one may tip off a suspect.
    crime_requests: tuple[int, ...] = ()
    #: Such requests left out of the pack, as the DPO asked (on the export's event too).
    withheld: tuple[int, ...] = ()

    #: The entries the pack quotes as someone typed them, by section title in the pack's
    #: order (`PackSection.typed`): to read for other people's data (Art. 15(4)).
    typed: dict[str, int] = {}

    @property
    def warning(self) -> str | None:
        """What to weigh before sending the pack, or None, as `custinfo dsar export` says
        it (docs/data-protection.md, "The export pack")."""
        number = self.request_id if self.request_id is not None else "ID"
        return self.cautions(
            f"`custinfo dsar export {number} --out FILE --withhold-crime-requests`"
        )

    @property
    def desk_warning(self) -> str | None:
        """`warning`, as the desk says it: its own way to write the pack again."""
        return self.cautions("X again, choosing to leave them out,")

    def cautions(self, again: str) -> str | None:
        """The crime requests the pack lists (`again`: how to write it without them) or
        leaves out, then the entries it quotes as typed; None for neither."""
        said = [
            crime_caution(self.crime_requests, self.withheld, again),
            typed_caution(self.typed),
        ]
        return " ".join(part for part in said if part) or None
