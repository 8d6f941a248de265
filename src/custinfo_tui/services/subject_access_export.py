"""Writing a subject access request's pack (MP-16): everything stored about the customer
(services/subject_access_pack.py, the pack's sections) as printable HTML or JSON, to a new
file the DPO names, readable by its owner only. Every export is audited
(`customer.exported`) with the request id, the form and counts, never a value.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.pack import ExportDone, PackForm, SubjectAccessPack
from custinfo_tui.domain.data_protection.privacy_notice import BUILT_IN, PackPolicy
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.validation import FieldProblems
from custinfo_tui.private_files import already_there, not_written, open_private
from custinfo_tui.repository.orm import Customer
from custinfo_tui.services import audit
from custinfo_tui.services.disclosures_in_pack import crime_requests
from custinfo_tui.services.erased_records import when_erased
from custinfo_tui.services.errors import NotFound
from custinfo_tui.services.subject_access import permitted, request_and_customer
from custinfo_tui.services.subject_access_documents import pack_html, pack_json
from custinfo_tui.services.subject_access_pack import build_sections
from custinfo_tui.services.unit_of_work import UnitOfWork


def subject_access_pack(
    uow: UnitOfWork, actor: Actor | None, customer_id: int, policy: PackPolicy = BUILT_IN
) -> SubjectAccessPack:
    """Everything stored about the customer, as the pack's sections, with the
    organisation's privacy notice and retention periods of `policy`. Reads only; an export
    (`export_request`) is what is audited."""
    permitted(actor)
    with uow:
        customer = uow.customers.get(customer_id)
        if customer is None:
            raise NotFound("No such customer.")
        return _pack(uow, customer, None, policy=policy)


def export_request(
    uow: UnitOfWork,
    actor: Actor | None,
    request_id: int,
    out: Path,
    form: PackForm | None = None,
    *,
    withhold_crime_requests: bool = False,
    policy: PackPolicy = BUILT_IN,
) -> ExportDone:
    """Write the request's customer's pack to `out` (a new file, readable by its owner
    only) as HTML or JSON; `form` None takes it from the name's ending, and for a name with
    none from the request (`pack_form_for`); a name with no ending gets the form's (.html,
    .json), and `ExportDone.path` is the file's absolute path. Refused when the file exists or its
    name's ending is another form's (`FieldProblems` naming `file`). Audited as `customer.exported`
    with the request id, form and counts; the event commits only once the file is written.

    Third-party requests made for crime prevention or taxation (DPA 2018 Sch. 2 para 2)
    come back in `crime_requests`, for the DPO to weigh the exemption before sending; with
    `withhold_crime_requests` they are left out of the pack (and their steps out of its
    access section), and the event names them (`withheld_disclosures`). `policy` is the
    organisation's privacy notice and retention periods, which the pack's first section
    states (Art. 15(1)).
    """
    permitted(actor)
    with uow:
        row, customer = request_and_customer(uow, request_id)
        form = form or pack_form_for(out, DataRight(row.data_right))
        if (problem := _name_problem(out, form)) is not None:
            raise FieldProblems({"file": problem})
        out = _named_in_full(out, form)
        crime = crime_requests(uow, customer.id)
        withheld = crime if withhold_crime_requests else ()
        pack = _pack(uow, customer, row.id, frozenset(withheld), policy)
        document = pack_html(pack) if form is PackForm.HTML else pack_json(pack)
        rows = sum(len(section.rows) for section in pack.sections)
        audit.record(
            uow,
            actor,
            AuditAction.DATA_EXPORTED,
            customer_id=customer.id,
            details={
                "request_id": row.id,
                "form": form.value,
                "sections": len(pack.sections),
                "rows": rows,
            }
            | ({"withheld_disclosures": list(withheld)} if withheld else {}),
        )
        try:
            with open_private(out, "x", encoding="utf-8") as file:
                file.write(document)
        except FileExistsError:
            raise FieldProblems({"file": already_there(out)}) from None
        except OSError as error:
            raise FieldProblems({"file": not_written(out, error)}) from None
        uow.commit()
    return ExportDone(
        path=out,
        form=form,
        sections=len(pack.sections),
        rows=rows,
        request_id=row.id,
        crime_requests=() if withheld else crime,
        withheld=withheld,
        typed={section.title: section.typed for section in pack.sections if section.typed},
    )


#: The endings a pack's file may have, by form (or none at all).
_ENDINGS = {PackForm.HTML: (".html", ".htm"), PackForm.JSON: (".json",)}


def pack_form_for(out: Path, right: DataRight) -> PackForm:
    """The form a file's name asks for: its ending's, and for a name with none, JSON for
    a portability request, whose data goes in a machine-readable form (Art. 20(1)), and
    printable HTML for the others."""
    suffix = out.suffix.lower()
    for form, endings in _ENDINGS.items():
        if suffix in endings:
            return form
    return PackForm.JSON if right is DataRight.PORTABILITY else PackForm.HTML


def _named_in_full(out: Path, form: PackForm) -> Path:
    """The file as it is written and said: absolute (a name alone is in the folder the
    console or command was started in, which the DPO may not know), and with its form's
    ending when the name has none, so whoever opens it knows what it is. A folder is left
    as named, to be refused as one."""
    if not out.suffix and not out.is_dir():
        out = out.with_name(out.name + _ENDINGS[form][0])
    return Path(os.path.abspath(out))


def _name_problem(out: Path, form: PackForm) -> str | None:
    """Why a file name would mislead whoever opens the pack (an HTML pack named .pdf is
    sent as a PDF that is not one), or None."""
    suffix = out.suffix.lower()
    if not suffix or suffix in _ENDINGS[form]:
        return None
    other = " (or .json, for the pack as JSON)" if form is PackForm.HTML else ""
    return (
        f"The pack is written as {form.value.upper()}: end the file's name with "
        f"{' or '.join(_ENDINGS[form])}{other}."
    )


def _pack(
    uow: UnitOfWork,
    customer: Customer,
    request_id: int | None,
    withheld: frozenset[int] = frozenset(),
    policy: PackPolicy = BUILT_IN,
) -> SubjectAccessPack:
    erased = None
    if customer.status == CustomerStatus.ERASED:
        erased = when_erased(uow, customer.id) or "This record was erased."
    return SubjectAccessPack(
        customer_reference=customer.reference,
        generated_at=datetime.now(UTC),
        request_id=request_id,
        erased=erased,
        sections=build_sections(uow, customer, withheld, policy),
    )
