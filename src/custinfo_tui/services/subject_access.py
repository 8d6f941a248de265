"""Subject access requests (MP-16): logging one, the open list, extending, and marking it
answered, or refused as manifestly unfounded or excessive.

A request names the customer, who asked, how their identity was checked and the day it
was received; it is due one calendar month later (domain.subject_access.due_date) and may
be extended once by one or two months with a reason. Its pack is written by
services/subject_access_export.py. Events carry ids, dates, counts and the form, never the
request's text. `custinfo dsar` acts for the DPO it names (`--as`), as the desk does;
`actor` None is the system.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.request_days import (
    extension_too_late,
    received_long_ago,
)
from custinfo_tui.domain.data_protection.rights import DataRight
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.reference import NOT_ON_FILE, format_reference, normalise_reference
from custinfo_tui.domain.subject_access import (
    MAX_EXTENSION_MONTHS,
    MAX_REQUEST_TEXT,
    RequestsDue,
    SubjectAccessIn,
    SubjectAccessRequest,
    describe_other_records,
    due_date,
)
from custinfo_tui.domain.text import clean_free_text
from custinfo_tui.domain.validation import FieldError, FieldProblems
from custinfo_tui.repository.erased_columns import erase_request_texts
from custinfo_tui.repository.orm import Customer, SubjectAccessRequestRow
from custinfo_tui.services import audit
from custinfo_tui.services.erased_records import when_erased
from custinfo_tui.services.errors import NotFound, ServiceError
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.rights_answered import export_sent, note_for_answer
from custinfo_tui.services.rights_requests import note_asked_again, open_requests
from custinfo_tui.services.subject_access_view import request_view
from custinfo_tui.services.unit_of_work import UnitOfWork


def permitted(actor: Actor | None) -> None:
    """Refused unless `actor` may work the data protection desk (`actor` None: the
    system)."""
    if actor is not None:
        require(actor, Permission.DATA_PROTECTION)


def _text(raw: str, what: str) -> str:
    text = clean_free_text(raw)
    if not text:
        raise FieldError(f"Say {what}.")
    if len(text) > MAX_REQUEST_TEXT:
        raise FieldError(f"At most {MAX_REQUEST_TEXT} characters for {what}.")
    return text


def log_request(
    uow: UnitOfWork, actor: Actor | None, given: SubjectAccessIn, today: date
) -> SubjectAccessRequest:
    """Log a request of `given.right` (access unless another is given); due one calendar
    month after it was received. One for a right the customer has a request open for is
    not logged twice: it is noted on that one (`dsar.asked_again`), which comes back with
    `already_open` and a note saying so; received earlier than that one, it moves that
    one's month back to its own receipt (`note_asked_again`), and the note says so.

    Refused (`FieldProblems`, by `SubjectAccessIn` field, every one at once) for a
    reference that is misread or no customer's, missing text, or a received date in the
    future, or more than three months back unless `given.received_long_ago` confirms it.
    Audited as `dsar.logged` with the request id and dates.
    """
    permitted(actor)
    problems: dict[str, str] = {}
    texts = {
        "requested_by": "who made the request",
        "identity_check": "how their identity was checked",
    }
    cleaned: dict[str, str] = {}
    for key, what in texts.items():
        try:
            cleaned[key] = _text(getattr(given, key), what)
        except FieldError as error:
            problems[key] = str(error)
    if given.received_on > today:
        problems["received_on"] = "The request cannot have been received after today."
    elif not given.received_long_ago and (long_ago := received_long_ago(given.received_on, today)):
        problems["received_on"] = long_ago
    with uow:
        customer = None
        try:
            reference = normalise_reference(given.customer_reference)
        except FieldError as error:
            problems["customer_reference"] = str(error)
        else:
            customer = uow.customers.get_by_reference(reference)
            if customer is None:
                problems["customer_reference"] = NOT_ON_FILE
            elif (merged := _merged_into(uow, customer)) is not None:
                problems["customer_reference"] = merged
        if problems or customer is None:
            ordered = ("customer_reference", *texts, "received_on")  # the form's order
            raise FieldProblems({key: problems[key] for key in ordered if key in problems})
        open_one = open_requests(uow, customer.id).get(given.right)
        if open_one is not None:
            was_received = note_asked_again(uow, actor, open_one, given.received_on)
            view = request_view(uow, open_one, customer, today)
            uow.commit()
            note = _noted(view, was_received)
            return view.model_copy(update={"already_open": True, "note": note})
        requested_by, identity_check = cleaned["requested_by"], cleaned["identity_check"]
        row = uow.subject_access.add(
            SubjectAccessRequestRow(
                customer_id=customer.id,
                requested_by=requested_by,
                identity_check=identity_check,
                received_on=given.received_on,
                due_on=due_date(given.received_on),
                extended_by_months=0,
                logged_at=datetime.now(UTC),
                logged_by_id=actor.operator_id if actor else None,
                data_right=given.right.value,
            )
        )
        audit.record(
            uow,
            actor,
            AuditAction.SUBJECT_ACCESS_LOGGED,
            customer_id=customer.id,
            details={
                "request_id": row.id,
                "received_on": row.received_on.isoformat(),
                "due_on": row.due_on.isoformat(),
            }
            | ({"right": given.right.value} if given.right is not DataRight.ACCESS else {}),
        )
        view = request_view(uow, row, customer, today)
        if customer.status == CustomerStatus.ERASED:
            erased = when_erased(uow, customer.id) or "This record was erased."
            note = (
                f"{erased} The pack will say that nothing that identifies them is held, and "
                "list what erasure keeps: dates, channels and outcomes of their contacts, and "
                "who worked on the record."
            )
            view = view.model_copy(update={"note": note})
        elif view.other_records:
            view = view.model_copy(update={"note": describe_other_records(view.other_records)})
        uow.commit()
        return view


def _merged_into(uow: UnitOfWork, customer: Customer) -> str | None:
    """Why a request is not logged on a record merged into another (the same person's,
    whose record holds everything now), and where to log it; None for any other record."""
    if customer.status != CustomerStatus.MERGED or customer.merged_into_id is None:
        return None
    kept = uow.customers.get(customer.merged_into_id)
    into = format_reference(kept.reference) if kept is not None else "another record"
    on = f" on {customer.merged_at:%d %b %Y}" if customer.merged_at else ""
    return f"That record was merged into {into}{on}: log the request on {into}."


def _noted(request: SubjectAccessRequest, was_received: date | None) -> str:
    """What the DPO is told of a request not logged, as one for its right is open; and,
    when it was received before that one (`was_received`: the day the open one had), that
    the open one now runs from the earlier receipt."""
    name = request.right.request_name.lower()
    if was_received is None:
        return (
            f"Not logged again: request {request.id}, the customer's open {name} (received "
            f"{request.received_on:%d %b %Y}, due {request.due_on:%d %b %Y}), covers it; this "
            "request is noted on it."
        )
    return (
        f"Not logged again: request {request.id}, the customer's open {name} (received "
        f"{was_received:%d %b %Y}), covers it; this request is noted on it. It was received "
        f"earlier and the month runs from receipt (Art. 12(3)), so request {request.id} now "
        f"runs from {request.received_on:%d %b %Y}, due {request.due_on:%d %b %Y}."
    )


def list_requests(
    uow: UnitOfWork, actor: Actor | None, today: date, *, include_answered: bool = False
) -> list[SubjectAccessRequest]:
    """Open requests with their days left, overdue first then the soonest due (answered
    ones after them when `include_answered`), each open one with the other records that
    strongly match its record (`other_records`: the duplicate check, run for open
    requests only, a handful of queries each). Audited as `dsar.listed` with the count."""
    permitted(actor)
    with uow:
        found = [
            request_view(uow, row, _customer(uow, row.customer_id), today)
            for row, _ in uow.subject_access.listed(open_only=not include_answered)
        ]
        audit.record(uow, actor, AuditAction.SUBJECT_ACCESS_LISTED, details={"count": len(found)})
        uow.commit()
    # Due dates sort overdue ones first already; answered ones go last.
    return sorted(found, key=lambda r: (r.answered, r.due_on, r.id))


def requests_due(uow: UnitOfWork, actor: Actor | None, today: date) -> RequestsDue:
    """How many requests are open, overdue and waiting for the requester's identity to be
    checked: counts only, for the notice at the DPO's login (not audited: no record is
    read, as the breach clocks' count is not)."""
    permitted(actor)
    with uow:
        rows = [row for row, _ in uow.subject_access.listed(open_only=True)]
    return RequestsDue(
        open=len(rows),
        overdue=sum(1 for row in rows if row.due_on < today),
        to_verify=sum(1 for row in rows if row.identity_to_verify),
    )


def extend_request(
    uow: UnitOfWork,
    actor: Actor | None,
    request_id: int,
    months: int,
    reason: str,
    today: date,
) -> SubjectAccessRequest:
    """Extend an open request once, by one or two further months, with a reason (Art.
    12(3)): then due two or three calendar months after receipt. Only within the first
    month, within which the person must be told: an overdue request is answered, not
    extended. Audited as `dsar.extended` with the months and the new due date."""
    permitted(actor)
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        raise FieldError(f"A request is extended by 1 to {MAX_EXTENSION_MONTHS} months.")
    text = _text(reason, "why the request is extended")
    with uow:
        row, customer = request_and_customer(uow, request_id)
        if row.answered_at is not None:
            raise ServiceError("This request is answered already.")
        if row.extended_by_months:
            raise ServiceError(
                "This request has been extended already, and a request is extended only once."
            )
        if (too_late := extension_too_late(row.received_on, today)) is not None:
            raise ServiceError(too_late)
        row.extended_by_months = months
        row.extension_reason = text
        row.due_on = due_date(row.received_on, months)
        if customer.status == CustomerStatus.ERASED:
            erase_request_texts(row)  # the reason goes, as erasure takes an open one's
        audit.record(
            uow,
            actor,
            AuditAction.SUBJECT_ACCESS_EXTENDED,
            customer_id=customer.id,
            details={"request_id": row.id, "months": months, "due_on": row.due_on.isoformat()}
            | ({"right": row.data_right} if row.data_right != DataRight.ACCESS else {}),
        )
        view = request_view(uow, row, customer, today)
        uow.commit()
        return view


def answer_request(
    uow: UnitOfWork,
    actor: Actor | None,
    request_id: int,
    today: date,
    note: str = "",
    export: int | None = None,
) -> SubjectAccessRequest:
    """Mark a request answered: for access, the pack was sent (`note`: how, optional);
    for another right, what it needs is done, with `note` where it asks for one
    (services/rights_answered.py). A request answered with a pack records which export was
    sent: the one numbered `export`, or the last. Audited as `dsar.answered`, with whether
    it was in time and that export (its number, event, form and any requests it left out)."""
    permitted(actor)
    return _close(uow, actor, request_id, today, refusal_reason=None, note=note, export=export)


def refuse_request(
    uow: UnitOfWork, actor: Actor | None, request_id: int, reason: str, today: date
) -> SubjectAccessRequest:
    """Close a request as refused: manifestly unfounded or excessive (Art. 12(5)), with the
    reason the person is told (with their right to complain to the ICO, Art. 12(4)).
    Audited as `dsar.refused`, with whether it was in time; the reason stays on the
    request, as an extension's does. An erasure request whose record is erased is done,
    and is not refused."""
    permitted(actor)
    return _close(
        uow, actor, request_id, today, refusal_reason=_text(reason, "why the request is refused")
    )


def _close(
    uow: UnitOfWork,
    actor: Actor | None,
    request_id: int,
    today: date,
    *,
    refusal_reason: str | None,
    note: str = "",
    export: int | None = None,
) -> SubjectAccessRequest:
    """Close an open request: answered (with its pack, the export sent, or what its right
    needs done, and `note`), or refused with `refusal_reason`."""
    with uow:
        row, customer = request_and_customer(uow, request_id)
        if row.answered_at is not None:
            raise ServiceError(
                "This request is refused already."
                if row.refusal_reason is not None
                else "This request is answered already."
            )
        sent: dict[str, object] = {}
        if refusal_reason is None:
            row.answer_note = note_for_answer(uow, row, customer, note)
            sent = export_sent(uow, row, export)
        elif row.data_right == DataRight.ERASURE and customer.status == CustomerStatus.ERASED:
            raise ServiceError(
                f"{when_erased(uow, customer.id) or 'This record was erased.'} The erasure "
                "asked for is done, not refused: mark the request answered, with what you "
                "tell the person."
            )
        close_request(uow, actor, row, today, refusal_reason=refusal_reason, details=sent)
        view = request_view(uow, row, customer, today)
        uow.commit()
        return view


def close_request(
    uow: UnitOfWork,
    actor: Actor | None,
    row: SubjectAccessRequestRow,
    today: date,
    *,
    refusal_reason: str | None,
    details: dict[str, object] | None = None,
    reason: str | None = None,
) -> None:
    """Inside the caller's transaction: mark the open request `row` answered, or refused
    with `refusal_reason`, audited as `dsar.answered` or `dsar.refused` with whether it was
    in time (and `details`, `reason`: an erasure refused for a legal hold names the holds'
    kinds and the reason typed at the erasure desk; services/erasure.py)."""
    row.answered_at = datetime.now(UTC)
    row.answered_by_id = actor.operator_id if actor else None
    row.refusal_reason = refusal_reason
    customer = uow.customers.get(row.customer_id)
    if customer is not None and customer.status == CustomerStatus.ERASED:
        erase_request_texts(row)  # who asked, and what was typed on closing it, go
    audit.record(
        uow,
        actor,
        AuditAction.SUBJECT_ACCESS_ANSWERED
        if refusal_reason is None
        else AuditAction.SUBJECT_ACCESS_REFUSED,
        customer_id=row.customer_id,
        reason=reason,
        details={"request_id": row.id, "in_time": today <= row.due_on}
        | ({"right": row.data_right} if row.data_right != DataRight.ACCESS else {})
        | (details or {}),
    )


class UnknownRequest(NotFound):
    """No request has the number given: on the command line, which lists them says so."""


def request_and_customer(
    uow: UnitOfWork, request_id: int
) -> tuple[SubjectAccessRequestRow, Customer]:
    """The request, locked for the change about to be made, and its customer."""
    row = uow.subject_access.get(request_id, for_update=True)
    if row is None:
        raise UnknownRequest("No subject access request has that number.")
    return row, _customer(uow, row.customer_id)


def _customer(uow: UnitOfWork, customer_id: int) -> Customer:
    customer = uow.customers.get(customer_id)
    if customer is None:
        raise NotFound("No such customer.")
    return customer
