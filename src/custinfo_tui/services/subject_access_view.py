"""A subject access request as the desk and `custinfo dsar list` show it: its dates and
days left, who logged and answered it, how many times its pack was exported, and, while
it is open, the other records that strongly match its customer's (the duplicate check),
each with the open request about it if there is one (MP-16; docs/data-protection.md)."""

from __future__ import annotations

from datetime import date

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.pack_exports import PackExport
from custinfo_tui.domain.data_protection.rights import DataRight, right_of
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.subject_access import (
    MovedByMerge,
    OtherRecord,
    SubjectAccessRequest,
    days_left,
)
from custinfo_tui.repository.orm import Customer, SubjectAccessRequestRow
from custinfo_tui.services.disclosures_in_pack import crime_requests
from custinfo_tui.services.duplicate_check import same_person
from custinfo_tui.services.erased_records import erasure_of
from custinfo_tui.services.legal_holds import holds_on
from custinfo_tui.services.operator_names import operator_names
from custinfo_tui.services.recipients import recipients_of_request
from custinfo_tui.services.unit_of_work import UnitOfWork


def request_view(
    uow: UnitOfWork, row: SubjectAccessRequestRow, customer: Customer, today: date
) -> SubjectAccessRequest:
    """The request as the desk shows it; an open one with the other records that may be
    the person's (the warning must stay with the request, not pass with a toast)."""
    name = operator_names(uow)
    exports = pack_exports(uow, row)
    erased_on, erased_by = _erased(uow, customer)
    recipients, rectified = recipients_of_request(uow, row)
    return SubjectAccessRequest(
        id=row.id,
        customer_id=row.customer_id,
        customer_reference=customer.reference,
        requested_by=row.requested_by,
        identity_check=row.identity_check,
        received_on=row.received_on,
        due_on=row.due_on,
        extended_by_months=row.extended_by_months,
        extension_reason=row.extension_reason,
        logged_by=name(row.logged_by_id),
        logged_at=row.logged_at,
        answered_at=row.answered_at,
        answered_by=name(row.answered_by_id) if row.answered_at else None,
        refusal_reason=row.refusal_reason,
        days_left=None if row.answered_at else days_left(row.due_on, today),
        exports=len(exports),
        other_records=() if row.answered_at else _other_records(uow, customer),
        right=right_of(row.data_right),
        interaction_id=row.interaction_id,
        identity_to_verify=row.identity_to_verify,
        answer_note=row.answer_note,
        asked_again=_asked_again(uow, row),
        erased_on=erased_on,
        erased_by=erased_by,
        moved_by_merge=_moved_by_merge(uow, row),
        crime_requests=_crime_requests(uow, row),
        pack_exports=exports,
        sent=_sent(uow, row, exports),
        held_by=_held_by(uow, row, customer),
        kept_open_on=_kept_open_on(uow, row),
        restricted_since=_restricted_since(uow, row),
        recipients=recipients,
        rectified=rectified,
    )


def _restricted_since(uow: UnitOfWork, row: SubjectAccessRequestRow) -> date | None:
    """For an open restriction request: when its record was restricted, if it is now
    (restricted already, the request's step is only to mark it done)."""
    if row.answered_at is not None or right_of(row.data_right) is not DataRight.RESTRICTION:
        return None
    restriction = uow.subject_access.restriction_in_force(row.customer_id)
    return restriction.restricted_at.date() if restriction is not None else None


def _held_by(uow: UnitOfWork, row: SubjectAccessRequestRow, customer: Customer) -> tuple[str, ...]:
    """For an open erasure request on a record still held: the holds' kinds, in words."""
    if row.answered_at is not None or right_of(row.data_right) is not DataRight.ERASURE:
        return ()
    if customer.status != CustomerStatus.ACTIVE:
        return ()
    holds = holds_on(uow, [customer.id, *uow.merges.merged_into(customer.id)])
    return tuple(dict.fromkeys(hold.kind.label.lower() for hold in holds))


def _kept_open_on(uow: UnitOfWork, row: SubjectAccessRequestRow) -> date | None:
    """When the DPO last kept the request open while its record was held, if they did."""
    if row.answered_at is not None:
        return None
    kept = _request_events(uow, row, AuditAction.SUBJECT_ACCESS_KEPT_OPEN)
    return kept[0].occurred_at.date() if kept else None


#: The rights answered with the person's pack.
_PACK_RIGHTS = frozenset({DataRight.ACCESS, DataRight.PORTABILITY})


def _crime_requests(uow: UnitOfWork, row: SubjectAccessRequestRow) -> tuple[int, ...]:
    """For an open request answered with a pack: the police and tax requests on its
    record, which its pack may leave out (the desk asks before writing it)."""
    if row.answered_at is not None or right_of(row.data_right) not in _PACK_RIGHTS:
        return ()
    return crime_requests(uow, row.customer_id)


def _erased(uow: UnitOfWork, customer: Customer) -> tuple[date | None, str | None]:
    """When and by whom the request's record was erased, if it was (the day it was last
    changed, by whom unknown, should the trail not say)."""
    if customer.status != CustomerStatus.ERASED:
        return None, None
    erased = erasure_of(uow, customer.id)
    return erased if erased is not None else (customer.updated_at.date(), None)


def _request_events(
    uow: UnitOfWork, row: SubjectAccessRequestRow, action: AuditAction
) -> list[AuditEvent]:
    """The request's events of `action`, newest first: on its record, and on the records
    merged into it (a request logged on one of them moved with it; its events stay where
    they were written, the stream being append-only)."""
    records = (row.customer_id, *uow.merges.merged_into(row.customer_id))
    events = [
        event
        for record in records
        for event in uow.audit.list_recent(customer_id=record, action=action.value, limit=1_000)
        if event.details.get("request_id") == row.id
    ]
    return sorted(events, key=lambda event: event.id, reverse=True)


def pack_exports(uow: UnitOfWork, row: SubjectAccessRequestRow) -> tuple[PackExport, ...]:
    """The packs written for the request, oldest first and numbered so, from the audit
    trail (`customer.exported`)."""
    events = _request_events(uow, row, AuditAction.DATA_EXPORTED)
    name = operator_names(uow)
    return tuple(
        PackExport(
            number=number,
            at=event.occurred_at,
            form=str(event.details.get("form", "")),
            withheld=tuple(event.details.get("withheld_disclosures") or ()),
            by=name(event.operator_id),
            event_id=event.id,
        )
        for number, event in enumerate(sorted(events, key=lambda e: e.place), start=1)
    )


def _sent(
    uow: UnitOfWork, row: SubjectAccessRequestRow, exports: tuple[PackExport, ...]
) -> PackExport | None:
    """The export its answer recorded as sent (the `dsar.answered` event's `export_event`),
    if it was answered with one."""
    if row.answered_at is None or row.refusal_reason is not None:
        return None
    answers = _request_events(uow, row, AuditAction.SUBJECT_ACCESS_ANSWERED)
    sent = answers[0].details.get("export_event") if answers else None
    return next((export for export in exports if export.event_id == sent), None)


def _asked_again(uow: UnitOfWork, row: SubjectAccessRequestRow) -> int:
    """How many times the request was asked for again in later calls, from the trail."""
    return len(_request_events(uow, row, AuditAction.SUBJECT_ACCESS_ASKED_AGAIN))


def _moved_by_merge(uow: UnitOfWork, row: SubjectAccessRequestRow) -> MovedByMerge | None:
    """The merge that moved the request here, if one did (the first, where it was logged:
    a request moved twice names the record it was logged on)."""
    moves = _request_events(uow, row, AuditAction.SUBJECT_ACCESS_MOVED_BY_MERGE)
    if not moves:
        return None
    first, last = moves[-1], moves[0]
    return MovedByMerge(
        reference=str(first.details.get("merged", "")),
        into=str(last.details.get("survivor", "")),
        merged_on=first.occurred_at.date(),
    )


def _other_records(uow: UnitOfWork, customer: Customer) -> tuple[OtherRecord, ...]:
    """The other records that strongly match the customer's (the duplicate check), each
    with the open request about it if there is one. None for an erased record, which
    holds nothing left to match."""
    if customer.status == CustomerStatus.ERASED:
        return ()
    return tuple(
        OtherRecord(
            reference=candidate.match.reference,
            reasons=candidate.reasons,
            open_request=next(
                (
                    request.id
                    for request in uow.subject_access.of_customer(candidate.match.customer_id)
                    if request.answered_at is None
                ),
                None,
            ),
        )
        for candidate in same_person(uow, customer)
        if candidate.match is not None
    )
