"""The supervisors' work: the queue, verification locks, merging duplicates, discrepancy
reports, complaints due and closing calls their handlers left without a wrap-up."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime

from custinfo_tui.domain.complaint_follow_up import KEEP_FOLLOW_UP, FollowUpGiven
from custinfo_tui.domain.complaints import DueComplaint
from custinfo_tui.domain.discrepancies import DiscrepancyReport
from custinfo_tui.domain.interactions import (
    FailedCheck,
    LockedCustomer,
    QueueCounts,
    QueueKind,
    QueuePage,
)
from custinfo_tui.domain.merging import MergeDone, MergePreview, MergeSide, MergeWarning
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason, CustomerRecord
from custinfo_tui.domain.wrap_up import UnfinishedCall
from custinfo_tui.services import (
    closing_calls,
    complaints,
    discrepancies,
    merging,
    queue,
    queue_glance,
    records,
)
from custinfo_tui.services.console.bound import Bound
from custinfo_tui.services.retry import retried


class SupervisionServices(Bound):
    """A supervisor's queue."""

    @retried
    def queue_items(self, actor: Actor, kind: QueueKind | None = None) -> QueuePage:
        """The queue's first items, most urgent first, and how many there are in all."""
        return queue.queue_page(self._uow_for(actor), actor, kind)

    @retried
    def failed_checks(self, actor: Actor, item_id: int) -> list[FailedCheck]:
        """The failed checks that locked a possible-fraud item's customer, oldest first."""
        return queue.failed_checks(self._uow_for(actor), actor, item_id)

    @retried
    def locked_customer(self, actor: Actor, item_id: int) -> LockedCustomer | None:
        """Whom a possible-fraud item locked, and where the call that locked it stands."""
        return queue_glance.locked_customer(self._uow_for(actor), actor, item_id)

    @retried
    def queue_counts(self, actor: Actor) -> QueueCounts:
        """The open items on the queue, and those for possible fraud (the lookup's footer)."""
        return queue_glance.queue_counts(self._uow_for(actor), actor)

    @retried
    def lift_verification_lock(self, actor: Actor, item_id: int, reason: str) -> None:
        queue.lift_verification_lock(self._uow_for(actor), actor, item_id, reason)

    @retried
    def close_queue_item(self, actor: Actor, item_id: int, resolution: str) -> None:
        queue.close_item(self._uow_for(actor), actor, item_id, resolution)

    @retried
    def find_record_to_merge(self, actor: Actor, reference: str, survivor_id: int) -> int:
        return merging.find_record_to_merge(self._uow_for(actor), actor, reference, survivor_id)

    @retried
    def preview_merge(
        self,
        actor: Actor,
        survivor_id: int,
        other_id: int,
        reason: AccessReason | None,
        queue_item_id: int | None = None,
    ) -> MergePreview:
        return merging.preview_merge(
            self._uow_for(actor),
            actor,
            survivor_id,
            other_id,
            reason,
            queue_item_id=queue_item_id,
        )

    @retried
    def merge_records(
        self,
        actor: Actor,
        survivor_id: int,
        other_id: int,
        choices: dict[str, MergeSide],
        reason: str,
        queue_item_id: int | None = None,
        confirmed: Collection[MergeWarning] = (),
    ) -> MergeDone:
        return merging.merge_records(
            self._uow_for(actor),
            actor,
            survivor_id,
            other_id,
            choices,
            reason,
            queue_item_id=queue_item_id,
            confirmed=confirmed,
        )

    @retried
    def discrepancy_for_item(self, actor: Actor, item_id: int) -> DiscrepancyReport:
        return discrepancies.report_for_item(self._uow_for(actor), actor, item_id)

    @retried
    def open_reported_record(self, actor: Actor, report: DiscrepancyReport) -> CustomerRecord:
        """The reported customer's record, opened to work the report (the reason says so)."""
        return records.open_record(
            self._uow_for(actor), actor, report.customer_id, discrepancies.access_reason(report)
        )

    @retried
    def reject_discrepancy(self, actor: Actor, report_id: int, reason: str) -> DiscrepancyReport:
        return discrepancies.reject_discrepancy(self._uow_for(actor), actor, report_id, reason)

    @retried
    def move_complaint(
        self,
        actor: Actor,
        complaint_id: int,
        to_stage: str,
        note: str,
        follow_up_on: FollowUpGiven = KEEP_FOLLOW_UP,
    ) -> None:
        """Move a complaint on from the supervisor queue (its follow-up date with it)."""
        complaints.move_complaint(
            self._uow_for(actor),
            actor,
            self.complaints,
            complaint_id,
            to_stage,
            note,
            follow_up_on,
        )

    @retried
    def due_complaints(self, actor: Actor) -> list[DueComplaint]:
        """The open complaints, the soonest answer due first (days counted in UTC), each
        with how far its caller was verified."""
        today = datetime.now(UTC).date()
        return complaints.due_complaints(
            self._uow_for(actor), actor, self.complaints, today, verification=self.policy
        )

    @retried
    def unfinished_calls(self, actor: Actor) -> list[UnfinishedCall]:
        """Every operator's calls to finish, oldest first."""
        return closing_calls.unfinished_calls(self._uow_for(actor), actor)

    @retried
    def close_call(
        self,
        actor: Actor,
        interaction_id: int,
        reason: str,
        *,
        desk_in_use_confirmed: bool,
        wrap_up_open_confirmed: bool = False,
    ) -> None:
        """Close a call its handler left without a wrap-up (ending it first if need be)."""
        closing_calls.close_call(
            self._uow_for(actor),
            actor,
            interaction_id,
            reason,
            desk_in_use_confirmed=desk_in_use_confirmed,
            wrap_up_open_confirmed=wrap_up_open_confirmed,
        )
