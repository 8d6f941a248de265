"""Discrepancy reports (MP-14): reporting a detail on file as wrong, and deciding it.

A handler reports a field of a record as wrong (`report_discrepancy`), from the record or
the lookup, in a call or not: it becomes a supervisor queue item of kind
`QueueKind.DISCREPANCY`. The supervisor reads it (`report_for_item`), then either corrects
the record through the normal edit with the reason `DISCREPANCY_REPORT` and the usual
read-back (`services.records.edit_customer` with `discrepancy_id`, which calls
`claim_for_correction` and `mark_corrected` in its own transaction), or rejects it with a reason
(`reject_discrepancy`). Either closes the queue item; the reporter sees the outcome in
their own list (`my_reports`).

What the caller says is right, and why, are personal data: cleaned of card numbers
(domain.discrepancies.check_discrepancy) and kept on the report only. Events and the
queue item's summary name the field and the report, never the text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from custinfo_tui.domain.access_reasons import discrepancy_detail
from custinfo_tui.domain.call_words import caller_in_words
from custinfo_tui.domain.categories import DataCategory
from custinfo_tui.domain.discrepancies import (
    DISCREPANCY_REPORT,
    ClaimedValueInvalid,
    DiscrepancyIn,
    DiscrepancyReport,
    DiscrepancyStatus,
    check_discrepancy,
    check_rejection,
    needs_special_condition,
    queue_summary,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.interactions import QueueItemStatus, QueueKind
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.text import counted
from custinfo_tui.domain.timeline import level_reached
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.orm import DiscrepancyReportRow, QueueItemRow
from custinfo_tui.services import audit
from custinfo_tui.services.consent import special_condition_in_force
from custinfo_tui.services.errors import NotFound, ServiceError
from custinfo_tui.services.in_call import active_customer, caller_details, open_interaction
from custinfo_tui.services.operator_names import operator_names
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.record_view import displayed_value
from custinfo_tui.services.restriction import refuse_if_restricted, sees_restricted
from custinfo_tui.services.unit_of_work import UnitOfWork


def report_discrepancy(
    uow: UnitOfWork,
    actor: Actor,
    customer_id: int,
    given: DiscrepancyIn,
    interaction_id: int | None = None,
) -> DiscrepancyReport:
    """Report a field of the customer's record as wrong: what the caller says is right,
    and why. In a call (`interaction_id`) it must be the handler's own open call about
    this customer. Raises FieldError for a missing or over-long answer, nothing saved.

    A report on a special-category field (support needs) is refused, nothing saved, unless
    an Article 9 condition is in force: what the caller says would be held without one.

    Raises a queue item of kind discrepancy; audited as `discrepancy.reported` with the
    field and the texts' lengths.
    """
    require(actor, Permission.VIEW_CUSTOMER)
    checked = check_discrepancy(given)
    now = datetime.now(UTC)
    with uow:
        customer = active_customer(uow, customer_id)
        if interaction_id is not None:
            interaction = open_interaction(uow, actor, interaction_id)
            if interaction.customer_id != customer.id:
                raise NotFound("That call is not about this customer.")
        refuse_if_restricted(uow, actor, customer.id)
        special = FIELDS[checked.field].category is DataCategory.SPECIAL_CATEGORY
        if special and not special_condition_in_force(uow, customer.id):
            raise ClaimedValueInvalid(needs_special_condition(checked.field))
        report = uow.discrepancies.add(
            DiscrepancyReportRow(
                customer_id=customer.id,
                field=checked.field,
                claimed_value=checked.claimed_value,
                why=checked.why,
                reported_by_id=actor.operator_id,
                interaction_id=interaction_id,
                reported_at=now,
                status=DiscrepancyStatus.OPEN,
            )
        )
        item = uow.queue.add(
            QueueItemRow(
                kind=QueueKind.DISCREPANCY,
                status=QueueItemStatus.OPEN,
                customer_id=customer.id,
                interaction_id=interaction_id,
                summary=queue_summary(checked.field, report.id),
                raised_at=now,
                raised_by_id=actor.operator_id,
            )
        )
        report.queue_item_id = item.id
        audit.record(
            uow,
            actor,
            AuditAction.DISCREPANCY_REPORTED,
            customer_id=customer.id,
            interaction_id=interaction_id,
            fields=[checked.field],
            details={
                "report_id": report.id,
                "queue_item": item.id,
                "claimed_value_characters": len(checked.claimed_value),
                "why_characters": len(checked.why),
            },
        )
        view = _view(uow, report, customer.reference)
        uow.commit()
        return view


def my_reports(uow: UnitOfWork, actor: Actor) -> list[DiscrepancyReport]:
    """The operator's own reports, newest first, with status and outcome (not what the
    caller said: the list is for following reports up, not reading values)."""
    require(actor, Permission.VIEW_CUSTOMER)
    with uow:
        references: dict[int, str] = {}
        found = []
        for row in uow.discrepancies.reported_by(actor.operator_id):
            if row.customer_id not in references:
                customer = uow.customers.get(row.customer_id)
                references[row.customer_id] = customer.reference if customer else ""
            found.append(_view(uow, row, references[row.customer_id]))
        return found


def report_for_item(uow: UnitOfWork, actor: Actor, item_id: int) -> DiscrepancyReport:
    """The report behind a discrepancy queue item, in full (what the caller says is right,
    and why, beside the field's value on file), for the supervisor deciding it. Audited as
    `discrepancy.viewed`, naming the field."""
    require(actor, Permission.WORK_QUEUE)
    with uow:
        report = uow.discrepancies.for_queue_item(item_id)
        if report is None:
            raise NotFound("That queue item has no discrepancy report.")
        customer = uow.customers.get(report.customer_id)
        audit.record(
            uow,
            actor,
            AuditAction.DISCREPANCY_VIEWED,
            customer_id=report.customer_id,
            fields=[report.field],
            details={"report_id": report.id, "queue_item": item_id},
        )
        view = _view(uow, report, customer.reference if customer else "", full=True)
        view = view.model_copy(update={"on_file": _on_file(uow, actor, report)})
        uow.commit()
        return view


def _on_file(uow: UnitOfWork, actor: Actor, report: DiscrepancyReportRow) -> str | None:
    """The reported field's value on file as the record shows it ("" for none), for the
    supervisor comparing it with what the caller says (they may open the record); None
    where they may not see it: the record is gone, or restricted and they are not the DPO."""
    customer = uow.customers.get(report.customer_id)
    if customer is None or report.field not in FIELDS:
        return None
    if not sees_restricted(actor) and uow.subject_access.restriction_in_force(customer.id):
        return None
    return displayed_value(customer, report.field) or ""


def access_reason(report: DiscrepancyReport) -> AccessReason:
    """Why the supervisor opens the record: to work this report (MP-09)."""
    return AccessReason(reason=DISCREPANCY_REPORT, detail=discrepancy_detail(report.id))


def reject_discrepancy(
    uow: UnitOfWork, actor: Actor, report_id: int, reason: str
) -> DiscrepancyReport:
    """Reject an open report with a reason the reporter will see; closes its queue item.
    Audited as `discrepancy.rejected` with the reason's length."""
    require(actor, Permission.WORK_QUEUE)
    text = check_rejection(reason)
    now = datetime.now(UTC)
    with uow:
        report = _open_report(uow, report_id)
        _decide(uow, actor, report, DiscrepancyStatus.REJECTED, text, now)
        audit.record(
            uow,
            actor,
            AuditAction.DISCREPANCY_REJECTED,
            customer_id=report.customer_id,
            fields=[report.field],
            details={
                "report_id": report.id,
                "queue_item": report.queue_item_id,
                "reason_characters": len(text),
            },
        )
        customer = uow.customers.get(report.customer_id)
        view = _view(uow, report, customer.reference if customer else "")
        uow.commit()
        return view


def claim_for_correction(
    uow: UnitOfWork,
    actor: Actor,
    report_id: int,
    customer_id: int,
    reasons: Mapping[str, str],
) -> DiscrepancyReportRow:
    """Inside an edit's transaction, before its events: the open report the edit corrects,
    row-locked. `reasons` maps each field the edit changes to its change reason; the
    reported field must be among them with the reason `DISCREPANCY_REPORT`. Raises
    ServiceError otherwise, so nothing is saved."""
    require(actor, Permission.WORK_QUEUE)
    report = _open_report(uow, report_id)
    if report.customer_id != customer_id:
        raise ServiceError("That discrepancy report is about another customer.")
    label = FIELDS[report.field].label if report.field in FIELDS else report.field
    if reasons.get(report.field) != DISCREPANCY_REPORT:
        raise ServiceError(
            f'{label}: change it with the reason "{DISCREPANCY_REPORT}" to correct the '
            "report, or reject the report from the queue."
        )
    return report


def mark_corrected(
    uow: UnitOfWork, actor: Actor, report: DiscrepancyReportRow, now: datetime
) -> None:
    """The edit that claimed `report` has saved: mark it corrected, close its queue item
    and record `discrepancy.corrected` (in the edit's transaction)."""
    _decide(uow, actor, report, DiscrepancyStatus.CORRECTED, None, now)
    audit.record(
        uow,
        actor,
        AuditAction.DISCREPANCY_CORRECTED,
        customer_id=report.customer_id,
        fields=[report.field],
        details={"report_id": report.id, "queue_item": report.queue_item_id},
    )


def _open_report(uow: UnitOfWork, report_id: int) -> DiscrepancyReportRow:
    report = uow.discrepancies.get(report_id, for_update=True)
    if report is None:
        raise NotFound("That discrepancy report does not exist.")
    if report.status != DiscrepancyStatus.OPEN:
        raise ServiceError(f"That report has already been decided: {report.status}.")
    return report


def _decide(
    uow: UnitOfWork,
    actor: Actor,
    report: DiscrepancyReportRow,
    status: DiscrepancyStatus,
    reason: str | None,
    now: datetime,
) -> None:
    report.status, report.outcome_reason = status, reason
    report.decided_by_id, report.decided_at = actor.operator_id, now
    item = uow.queue.get(report.queue_item_id) if report.queue_item_id is not None else None
    if item is not None and item.status == QueueItemStatus.OPEN:
        item.status, item.closed_at, item.closed_by_id = (
            QueueItemStatus.CLOSED,
            now,
            actor.operator_id,
        )
        item.resolution = (
            "Corrected through the record's edit" if reason is None else f"Rejected: {reason}"
        )


def _view(
    uow: UnitOfWork, row: DiscrepancyReportRow, reference: str, *, full: bool = False
) -> DiscrepancyReport:
    name = operator_names(uow)
    return DiscrepancyReport(
        id=row.id,
        customer_id=row.customer_id,
        customer_reference=format_reference(reference) if reference else "-",
        field=row.field,
        field_label=FIELDS[row.field].label if row.field in FIELDS else row.field,
        reported_at=row.reported_at,
        reported_by=name(row.reported_by_id),
        interaction_id=row.interaction_id,
        # Read from the call's events: only for the report read in full, never per row of
        # a list that does not show it.
        reported_in=_reported_in(uow, row) if full else None,
        reported_on=_reference_of(uow, row.reported_on_id),
        status=DiscrepancyStatus(row.status),
        outcome_reason=row.outcome_reason,
        decided_by=name(row.decided_by_id) if row.decided_by_id is not None else None,
        decided_at=row.decided_at,
        queue_item_id=row.queue_item_id,
        claimed_value=row.claimed_value if full else None,
        why=row.why if full else None,
    )


def _reference_of(uow: UnitOfWork, customer_id: int | None) -> str | None:
    """The record's reference, formatted; None for none."""
    customer = uow.customers.get(customer_id) if customer_id is not None else None
    return format_reference(customer.reference) if customer is not None else None


def _reported_in(uow: UnitOfWork, row: DiscrepancyReportRow) -> str | None:
    """The call a report was made in, in words: its channel, who was calling and how far
    they were verified when it was made ("a phone call with the customer, not verified, 1
    failed check"): the supervisor weighs the caller's word by it."""
    if row.interaction_id is None:
        return None
    interaction = uow.interactions.get(row.interaction_id)
    if interaction is None:
        return None
    caller = caller_in_words(caller_details(interaction))
    call = f"a {Channel(interaction.channel).label.lower()} with {caller}"
    return f"{call}, {_verified_when_reported(uow, row.interaction_id, row.id)}"


#: The events of a call that say how far its caller was verified, and the report itself.
_CALLER_WHEN_REPORTED = (
    AuditAction.CALLER_IDENTIFIED,
    AuditAction.CALLER_VERIFIED,
    AuditAction.CALLER_VERIFICATION_FAILED,
    AuditAction.DISCREPANCY_REPORTED,
)


def _verified_when_reported(uow: UnitOfWork, interaction_id: int, report_id: int) -> str:
    """How far the caller on the line was verified as the report was made, and how many of
    their checks had failed, from the call's events up to the report's own."""
    level, failed = "", 0
    for step in uow.audit.call_steps(interaction_id, _CALLER_WHEN_REPORTED):
        if step.action is AuditAction.DISCREPANCY_REPORTED:
            if step.details.get("report_id") == report_id:
                break
        elif step.action is AuditAction.CALLER_IDENTIFIED:  # another caller from here
            level, failed = "", 0
        elif step.action is AuditAction.CALLER_VERIFIED:
            level = level_reached(step.details)
        else:
            failed += 1
    words = f"verified to {level}" if level else "not verified"
    if failed:
        words += f", {counted(failed, 'failed check')}"
    return words
