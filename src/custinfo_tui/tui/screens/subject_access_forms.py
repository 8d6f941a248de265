"""The subject access desk's forms (screens/subject_access.py): logging a request,
extending one, exporting its pack, refusing it, marking a request of another right done
with what was done, recording how a caller taken unverified was checked, and restricting
processing of a record or lifting a restriction. Each is a `DeskForm`: its boxes, the
service call its save makes, and the words for what was done; the screen shows it and
reloads its list after."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, cast

from custinfo_tui.domain.data_protection.pack import ExportDone
from custinfo_tui.domain.data_protection.pack_cautions import third_party_requests
from custinfo_tui.domain.data_protection.recipients_told import still_to_tell, told_of
from custinfo_tui.domain.data_protection.request_days import (
    extension_months_problem,
    received_long_ago,
)
from custinfo_tui.domain.data_protection.rights import (
    NOTED_RIGHTS,
    DataRight,
    right_problem,
    right_typed,
)
from custinfo_tui.domain.dates import format_typed_date, parse_calendar_date
from custinfo_tui.domain.reference import EXAMPLE_REFERENCE
from custinfo_tui.domain.subject_access import (
    LIFT_TELL_FIRST,
    LIFTED,
    NOT_KEPT,
    SubjectAccessIn,
    SubjectAccessRequest,
    due_date,
    extension_told,
)
from custinfo_tui.tui.new_file import new_file_problem
from custinfo_tui.tui.screens.desk_form import (
    DeskForm,
    FormField,
    date_problem,
    reference_problem,
)
from custinfo_tui.tui.screens.subject_access_sent import chosen_export, export_box
from custinfo_tui.tui.screens.subject_access_words import to_do

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.tui.ports import ConsoleServicesPort


def log_request(actor: Actor) -> DeskForm:
    """A new request: whose record, who asked, the identity check, the day received, and
    the right it exercises (access unless another is typed). The reference comes first, so
    what the DPO types straight after N lands in it."""

    #: The received days said to be long ago: saved again unchanged, each is confirmed.
    warned: set[str] = set()

    def received_problem(typed: str) -> str | None:
        """A day that does not exist, or one long ago not yet said (Ctrl+S again logs it)."""
        if (problem := date_problem(typed)) is not None:
            return problem
        today = datetime.now(UTC).date()
        long_ago = received_long_ago(parse_calendar_date(typed), today)
        if long_ago is None or typed in warned:
            return None
        warned.add(typed)
        return f"{long_ago} If it is right, Ctrl+S again logs it as received then."

    def log(services: ConsoleServicesPort, values: dict[str, str]) -> object:
        given = SubjectAccessIn(
            customer_reference=values["sar-reference"],
            requested_by=values["sar-asked-by"],
            identity_check=values["sar-identity"],
            received_on=parse_calendar_date(values["sar-received"]),
            right=right_typed(values["sar-right"]) or DataRight.ACCESS,
            received_long_ago=values["sar-received"] in warned,
        )
        return services.log_subject_access(actor, given)

    def done(_: dict[str, str], logged: object) -> str:
        # One for the same right open already: the note says which covers it.
        request = cast(SubjectAccessRequest, logged)
        return "" if request.already_open else f"{request.right.request_name} logged."

    return DeskForm(
        "Log a data protection request",
        "Due one calendar month after the day it was received, any right.",
        (
            FormField(
                "sar-reference",
                "Customer reference",
                f"e.g. {EXAMPLE_REFERENCE}",
                limit=20,
                problem=reference_problem,
                key="customer_reference",
            ),
            FormField(
                "sar-asked-by",
                "Who asked",
                "e.g. the customer, by letter",
                free_text=True,
                key="requested_by",
            ),
            FormField(
                "sar-identity",
                "How their identity was checked",
                "e.g. passport copy with the letter",
                free_text=True,
                key="identity_check",
            ),
            FormField(
                "sar-received",
                "Received (day)",
                value=format_typed_date(datetime.now(UTC).date()),
                limit=20,
                problem=received_problem,
                key="received_on",
            ),
            FormField(
                "sar-right",
                "Right (access, or erasure, rectification, ...)",
                value=DataRight.ACCESS.value,
                limit=20,
                problem=right_problem,
                key="right",
            ),
        ),
        "log the request",
        done,
        log,
    )


def extend_request(actor: Actor, request: SubjectAccessRequest) -> DeskForm:
    """Extending `request` once, by one or two months, with the reason."""

    def extend(services: ConsoleServicesPort, values: dict[str, str]) -> object:
        months, reason = int(values["sar-months"]), values["sar-reason"]
        return services.extend_subject_access(actor, request.id, months, reason)

    return DeskForm(
        f"Extend request {request.id}",
        "Once only, by 1 or 2 further months (Art. 12(3)), for a complex request or several "
        "from the person (many records alone is not complex). Tell the person of the "
        f"extension and why by {due_date(request.received_on):%d %b %Y}, the first month's end.",
        (
            # Empty: how long is the DPO's choice (it opened saying 2, saved unchosen).
            FormField(
                "sar-months",
                "Further months (1 or 2)",
                "1 or 2",
                limit=2,
                problem=extension_months_problem,
                missing=extension_months_problem("") or "",
            ),
            FormField(
                "sar-reason", "Reason", "e.g. several requests from the person at once", "", True
            ),
        ),
        "extend the request",
        lambda _, extended: extension_told(cast(SubjectAccessRequest, extended)),
        extend,
    )


def export_pack(actor: Actor, request: SubjectAccessRequest, *, withhold: bool = False) -> DeskForm:
    """Writing `request`'s pack to a new file: JSON for a name ending .json, HTML for one
    ending .html or .htm; a name with neither is HTML for access and JSON for portability,
    whose data goes in a machine-readable form (Art. 20(1)), as the line under the list
    says ("writes their data (.json)"). `withhold`: without the police and tax requests on
    its record (the crime exemption, the DPO's choice; screens/subject_access_words.py
    `withhold_question`)."""
    portable = request.right is DataRight.PORTABILITY

    def export(services: ConsoleServicesPort, values: dict[str, str]) -> object:
        return services.export_subject_access(  # the form by the name, or the right's
            actor, request.id, values["sar-file"], withhold_crime_requests=withhold
        )

    left_out = ""
    if withhold and request.crime_requests:
        left_out = (
            f" Leaving out {third_party_requests(request.crime_requests)} (crime exemption, "
            "DPA 2018 Sch. 2 para 2) and every trace of it; the export's audit event names it."
        )
    # Portability's data was written as HTML from a name with no ending, the placeholder
    # reading .html under a line that said .json.
    explain = (
        "Their data, in a machine-readable form for them or another organisation (Art. "
        "20(1)), written to a new file: JSON (.json is added to a name with no ending), or "
        "printable HTML for a name ending .html."
        if portable
        else "Everything stored about the customer, written to a new file: a name ending "
        ".json gives JSON, one ending .html printable HTML (.html is added to a name "
        "with no ending)."
    )
    return DeskForm(
        f"Export the pack for request {request.id}"
        + (", leaving out the police and tax requests" if withhold else ""),
        f"{explain}{left_out}",
        (
            FormField(
                "sar-file",
                "File to write",
                f"e.g. ~/dsar-{request.id}.{'json' if portable else 'html'}",
                limit=1000,
                problem=new_file_problem,
                key="file",
            ),
        ),
        "write the pack",
        lambda _, done: f"Pack written to {cast(ExportDone, done).path}.",
        export,
    )


def refuse_request(actor: Actor, request: SubjectAccessRequest) -> DeskForm:
    """Refusing `request` as manifestly unfounded or excessive (or, for a right other than
    access, on a ground the law gives to keep or use the data), with the reason the person
    is told."""

    def refuse(services: ConsoleServicesPort, values: dict[str, str]) -> object:
        return services.refuse_subject_access(actor, request.id, values["sar-refusal"])

    grounds = (
        "Only if manifestly unfounded or excessive."
        if request.right is DataRight.ACCESS
        # As the "answered?" question allows: an erasure request refused for a legal hold
        # (Art. 17(3)) is no unfounded one.
        else "If manifestly unfounded or excessive, or the law lets you keep or use the data "
        "(for erasure, Art. 17(3): F2 on the erasure desk refuses on a hold's ground, or "
        "keeps the request open while an open complaint stands)."
    )
    return DeskForm(
        f"Refuse request {request.id}",
        f"{grounds} Tell the person why, and that they may complain to the ICO and seek a "
        "court's remedy (Art. 12(4)).",
        (
            FormField(
                "sar-refusal",
                "Reason the person is told",
                "e.g. the same request as last week, answered",
                "",
                True,
            ),
        ),
        "refuse the request",
        lambda _, refused: (
            "Request refused: tell the person why."
            + (f" {NOT_KEPT}" if cast(SubjectAccessRequest, refused).erased_on else "")
        ),
        refuse,
    )


def restriction(actor: Actor, reference: str, *, lift: bool) -> DeskForm:
    """Restricting processing of a record (Art. 18), or lifting a restriction, with the
    reason; `reference` fills the reference box, and the form then opens at the reason.
    Lifting, the form and what is said once it is lifted remind the DPO that the person
    is told first (Art. 18(3))."""

    def change(services: ConsoleServicesPort, values: dict[str, str]) -> object:
        ref, why = values["sar-ref"], values["sar-why"]
        if lift:
            services.lift_restriction(actor, ref, why)
            return None
        # Whom to tell of it (Art. 19), said in bold under the list (the desk's `_form`).
        return services.restrict_processing(actor, ref, why)

    return DeskForm(
        "Lift a restriction" if lift else "Restrict processing of a record",
        f"Once lifted, handlers find and open the record again. {LIFT_TELL_FIRST}"
        if lift
        else "While restricted, handlers neither find nor open the record; you still do.",
        (
            FormField(
                "sar-ref",
                "Customer reference",
                # With no request highlighted (or several restricted, for L) it opens
                # empty: the example says what to type, as the log form's box does.
                f"e.g. {EXAMPLE_REFERENCE}",
                value=reference,
                limit=20,
                problem=reference_problem,
                key="reference",
                given=True,
            ),
            FormField(
                "sar-why",
                "Reason",
                "e.g. accuracy confirmed" if lift else "e.g. accuracy contested",
                free_text=True,
                key="reason",
            ),
        ),
        "lift the restriction" if lift else "restrict processing",
        (lambda _, __: LIFTED)
        if lift
        else (lambda _, __: "Processing restricted: handlers no longer find or open the record."),
        change,
    )


#: What the note box suggests, by the right a request exercises.
_DONE_EXAMPLES = {
    DataRight.ERASURE: "e.g. erased on the desk (no names or addresses)",
    DataRight.RECTIFICATION: "e.g. surname spelling corrected",
    DataRight.RESTRICTION: "e.g. restricted while accuracy is checked",
    DataRight.OBJECTION: "e.g. marketing stopped; letter sent",
    DataRight.PORTABILITY: "e.g. JSON export sent by e-mail",
}


#: What it suggests on an erased record: the note is not kept (`NOT_KEPT`), so the person's
#: name and address typed in it would be data of someone of whom nothing is held.
_ERASED_EXAMPLE = "no names or addresses: the record is erased"


def mark_done(actor: Actor, request: SubjectAccessRequest) -> DeskForm:
    """Marking `request` (a right other than access) answered, with what was done; what is
    said once it is says whether in time or how late, as for access and `dsar answer`."""

    def done(services: ConsoleServicesPort, values: dict[str, str]) -> object:
        note, export = values["sar-done"], chosen_export(values)
        return services.answer_subject_access(actor, request.id, note, export)

    def said(values: dict[str, str], answered: object) -> str:
        request = cast(SubjectAccessRequest, answered)
        when = request.lateness or "in time"
        told = f"Request marked answered, {when}: tell the person what was done."
        if untold := still_to_tell(request.recipients):  # Art. 19: the request goes, not they
            of = told_of(request.right)
            told += f" Still to tell of {of} (Art. 19): {', '.join(untold)}; T on the request"
            told += " (F4 lists it) records each."
        return f"{told} {NOT_KEPT}" if request.erased_on and values["sar-done"] else told

    noted = request.right in NOTED_RIGHTS and request.erased_on is None
    return DeskForm(
        f"{request.right.request_name} {request.id}: done",
        to_do(request),
        (
            FormField(
                "sar-done",
                "What was done" if noted else "What was done (optional)",
                _ERASED_EXAMPLE if request.erased_on else _DONE_EXAMPLES.get(request.right, ""),
                free_text=True,
                key="note",
                optional=not noted,
            ),
            # Portability's data is a pack too: which export went out.
            *export_box(request),
        ),
        "mark the request answered",
        said,
        done,
    )


def confirm_identity(actor: Actor, request: SubjectAccessRequest) -> DeskForm:
    """Recording how the identity of whoever made `request`, taken unverified, was checked."""

    def confirm(services: ConsoleServicesPort, values: dict[str, str]) -> object:
        return services.confirm_request_identity(actor, request.id, values["sar-checked"])

    return DeskForm(
        f"Request {request.id}: who asked",
        "The caller was not verified when the request was taken. Check who they are "
        "before acting on it; the month runs from the call all the same.",
        (
            FormField(
                "sar-checked",
                "How their identity was checked",
                "e.g. called back on the number on file, passed Standard",
                free_text=True,
            ),
        ),
        "record the identity check",
        lambda _, __: "Identity check recorded: the request may now be acted on.",
        confirm,
    )
