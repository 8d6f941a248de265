"""The DPO's side of a request of a right other than access (MP-16; docs/data-protection.md,
"Requests taken in a call"): checking the identity of someone whose request was taken
unverified, and what must be done before a request is marked answered.

- erasure: the record erased (F7, Erasure and retention); refused instead when a hold
  stands;
- restriction: processing of the record restricted (R), or the record erased;
- rectification: a note of what was corrected (the correction itself is the record's edit,
  with its reason, kept in the field history);
- objection, portability: a note of the answer.

A request for access is answered with its pack (services/subject_access.py). No request
is marked answered while the identity of whoever made it is still to check: the answer
would go to someone unknown. Refusing it stays open.
"""

from __future__ import annotations

from datetime import date

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.pack_exports import sent_details
from custinfo_tui.domain.data_protection.rights import NOTED_RIGHTS, DataRight, right_of
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.subject_access import MAX_REQUEST_TEXT, SubjectAccessRequest
from custinfo_tui.domain.text import clean_free_text, counted
from custinfo_tui.domain.validation import FieldError, FieldProblems
from custinfo_tui.repository.orm import Customer, SubjectAccessRequestRow
from custinfo_tui.services import audit
from custinfo_tui.services.errors import NotFound, ServiceError
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.subject_access_view import pack_exports, request_view
from custinfo_tui.services.unit_of_work import UnitOfWork


class NotYetDone(ServiceError):
    """A request marked answered before what it needs is done: the message says how on the
    desk, `on_command_line` the same with `custinfo` commands, for `custinfo dsar answer`."""

    def __init__(self, desk: str, on_command_line: str) -> None:
        super().__init__(desk)
        self.on_command_line = on_command_line


def note_for_answer(
    uow: UnitOfWork, row: SubjectAccessRequestRow, customer: Customer, note: str
) -> str | None:
    """The note kept with the answer (None for none), once what the right needs is done;
    NotYetDone or FieldError saying what is still to do. For an access request, the note
    is how its pack was sent ("by post, recorded delivery"), and may be left out."""
    if row.identity_to_verify:
        raise NotYetDone(
            "Whoever made this request was not verified: check who they are first (I records "
            "how), or refuse it.",
            "Whoever made this request was not verified: check who they are first (custinfo "
            f'dsar identity {row.id} --how "..." records how), or refuse it.',
        )
    right = right_of(row.data_right)
    text = clean_free_text(note)
    if len(text) > MAX_REQUEST_TEXT:
        raise FieldError(f"At most {MAX_REQUEST_TEXT} characters for the note.")
    if right is DataRight.ERASURE and customer.status != CustomerStatus.ERASED:
        raise NotYetDone(
            "The record is not erased yet: erase it (F7, Erasure and retention), then mark "
            "the request done; or refuse it, with the reason, if a hold stands.",
            "The record is not erased yet: erase it (custinfo erase REFERENCE --reason ...), "
            "then mark the request done; or refuse it, with the reason, if a hold stands.",
        )
    erased = customer.status == CustomerStatus.ERASED  # nothing left to restrict
    if (
        right is DataRight.RESTRICTION
        and not erased
        and uow.subject_access.restriction_in_force(customer.id) is None
    ):
        raise NotYetDone(
            "Processing of the record is not restricted: R restricts it, then mark the "
            "request done.",
            "Processing of the record is not restricted: custinfo dsar restrict REFERENCE "
            "--reason ... restricts it, then mark the request done.",
        )
    # On an erased record the note is not kept (close_request): it is not asked for.
    if right in NOTED_RIGHTS and not text and not erased:
        what = "what was corrected" if right is DataRight.RECTIFICATION else "the answer given"
        raise FieldError(f"Note {what}.")
    return text or None


#: The rights answered with the person's pack: the answer records which export was sent.
PACK_RIGHTS = frozenset({DataRight.ACCESS, DataRight.PORTABILITY})


def export_sent(
    uow: UnitOfWork, row: SubjectAccessRequestRow, chosen: int | None
) -> dict[str, object]:
    """What the answer's event records of the pack sent: the export numbered `chosen`, or
    the last written when None (nothing when none was). FieldProblems naming `export` for a
    number no export has, or for one given to a request not answered with a pack."""
    if right_of(row.data_right) not in PACK_RIGHTS:
        if chosen is not None:
            raise FieldProblems({"export": "Only a pack's request records which export was sent."})
        return {}
    exports = pack_exports(uow, row)
    if not exports:
        if chosen is not None:
            raise FieldProblems({"export": "No pack was exported for this request."})
        return {}
    if chosen is None:
        return sent_details(exports[-1])
    if not 1 <= chosen <= len(exports):
        last = len(exports)
        given = "1" if last == 1 else f"1 to {last}, {last} being the last"
        times = counted(last, "time")
        raise FieldProblems(
            {"export": f"Request {row.id}'s pack was exported {times}: give {given}."}
        )
    return sent_details(exports[chosen - 1])


def confirm_identity(
    uow: UnitOfWork, actor: Actor | None, request_id: int, how: str, today: date
) -> SubjectAccessRequest:
    """Record how the DPO checked the identity of someone whose request was taken
    unverified: the request may then be answered. Audited as `dsar.identity_checked`
    (how stays on the request, as its identity check)."""
    if actor is not None:
        require(actor, Permission.DATA_PROTECTION)
    text = clean_free_text(how)
    if not text:
        raise FieldError("Say how their identity was checked.")
    if len(text) > MAX_REQUEST_TEXT:
        raise FieldError(f"At most {MAX_REQUEST_TEXT} characters for how it was checked.")
    with uow:
        row = uow.subject_access.get(request_id, for_update=True)
        if row is None:
            raise NotFound("No request has that number.")
        customer = uow.customers.get(row.customer_id)
        if customer is None:
            raise NotFound("No such customer.")
        if row.answered_at is not None:
            raise ServiceError("This request is closed already.")
        if not row.identity_to_verify:
            raise ServiceError("This request's identity check is recorded already.")
        row.identity_to_verify = False
        row.identity_check = text
        audit.record(
            uow,
            actor,
            AuditAction.SUBJECT_ACCESS_IDENTITY_CHECKED,
            customer_id=customer.id,
            details={"request_id": row.id, "right": row.data_right},
        )
        view = request_view(uow, row, customer, today)
        uow.commit()
        return view
