"""Who a customer's data was released to: the recipients an erasure, a rectification or a
restriction of processing is to be told of (UK GDPR Art. 19), from the disclosure log,
which keeps the organisation through erasure; and, for a request of one of those rights,
what the DPO recorded of telling each (`disclosure.recipient_told` events). A
rectification's recipients are those sent a field corrected for it before the correction:
the fields each release sent are the disclosure's approved fields (as its `field.disclosed`
event names them), the fields corrected are those of the `customer.updated` events naming
the request (`rectification_request`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime

from custinfo_tui.domain.data_protection.erasure import Recipient
from custinfo_tui.domain.data_protection.recipients_told import (
    NOT_TOLD,
    TELLING_RIGHTS,
    RecipientToTell,
    Rectified,
    sent_uncorrected,
)
from custinfo_tui.domain.data_protection.rights import DataRight, right_of
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.repository.orm import SubjectAccessRequestRow
from custinfo_tui.services.disclosures_in_pack import approved_of
from custinfo_tui.services.unit_of_work import UnitOfWork


def released_to(uow: UnitOfWork, customer_ids: Sequence[int]) -> tuple[Recipient, ...]:
    """Each release of the records' data to a third party: who, and on what day."""
    return tuple(
        Recipient(organisation=row.organisation, disclosed_on=row.released_at.date())
        for row in uow.disclosures.released_for(list(customer_ids))
        if row.released_at is not None
    )


def recipients_of_request(
    uow: UnitOfWork, row: SubjectAccessRequestRow
) -> tuple[tuple[RecipientToTell, ...], Rectified | None]:
    """For an erasure, rectification or restriction request: each release of its record's
    data (and of the records merged into it) to tell of it, in the order released, with
    what was last recorded of telling them on this request; and, for a rectification, what
    it corrected and of how many releases in all (only those that sent a corrected field
    before its correction are to tell, every one while no correction names the request).
    None for a request of another right."""
    right = right_of(row.data_right)
    if right not in TELLING_RIGHTS:
        return (), None
    records = [row.customer_id, *uow.merges.merged_into(row.customer_id)]
    released = [d for d in uow.disclosures.released_for(records) if d.released_at is not None]
    rectified = None
    if right is DataRight.RECTIFICATION:
        corrected = _corrected_for(uow, row, records)
        rectified = Rectified(fields=tuple(corrected), releases=len(released))
        if corrected:
            released = [
                d
                for d in released
                if d.released_at is not None
                and sent_uncorrected(approved_of(d), d.released_at, corrected)
            ]
    if not released:
        return (), rectified
    last = _last_told(uow, row, records)
    recipients = []
    for disclosure in released:
        assert disclosure.released_at is not None
        event = last.get(disclosure.id)
        not_told = event is not None and event.outcome == NOT_TOLD
        told_on = event.details.get("told_on") if event is not None and not not_told else None
        recipients.append(
            RecipientToTell(
                disclosure_id=disclosure.id,
                organisation=disclosure.organisation,
                disclosed_on=disclosure.released_at.date(),
                told_on=date.fromisoformat(str(told_on)) if told_on else None,
                not_told_because=(event.reason or "") if event is not None and not_told else None,
            )
        )
    return tuple(recipients), rectified


def _corrected_for(
    uow: UnitOfWork, row: SubjectAccessRequestRow, records: Sequence[int]
) -> dict[str, datetime]:
    """The fields corrected for rectification request `row`, each with when it was last
    corrected for it: the `customer.updated` events naming the request."""
    corrected: dict[str, datetime] = {}
    updated = AuditAction.CUSTOMER_UPDATED
    for event in _request_events(uow, records, updated, "rectification_request", row.id):
        for key in event.fields:
            corrected[key] = max(corrected.get(key, event.occurred_at), event.occurred_at)
    return corrected


def _last_told(
    uow: UnitOfWork, row: SubjectAccessRequestRow, records: Sequence[int]
) -> dict[int, AuditEvent]:
    """The request's newest `disclosure.recipient_told` event by disclosure."""
    last: dict[int, AuditEvent] = {}
    told = AuditAction.DISCLOSURE_RECIPIENT_TOLD
    for event in _request_events(uow, records, told, "request_id", row.id):
        disclosure = int(event.details.get("disclosure_id", 0))
        if disclosure not in last or event.id > last[disclosure].id:
            last[disclosure] = event
    return last


def _request_events(
    uow: UnitOfWork, records: Sequence[int], action: AuditAction, named_by: str, request: int
) -> Iterator[AuditEvent]:
    """The `action` events whose detail `named_by` names the request: on its record, or on
    a record merged into it (a request moves with a merge; its events stay where they were
    written)."""
    for record in records:
        for event in uow.audit.list_recent(customer_id=record, action=action.value, limit=1_000):
            if event.details.get(named_by) == request:
                yield event
