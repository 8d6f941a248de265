"""The customer's record: opening it, a new customer, changes read back, consents,
representatives and security answers, a discrepancy reported and a complaint taken."""

from __future__ import annotations

from custinfo_tui.domain.capture import (
    FieldEdit,
    NewCustomer,
    NewCustomerCall,
    ReadBackConfirmation,
)
from custinfo_tui.domain.complaint_follow_up import KEEP_FOLLOW_UP, FollowUpGiven
from custinfo_tui.domain.complaints import ComplaintIn, ComplaintView
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.customers import DuplicateCandidate
from custinfo_tui.domain.discrepancies import DiscrepancyIn, DiscrepancyReport
from custinfo_tui.domain.interactions import (
    RepresentativeIn,
    RepresentativeSummary,
)
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.readback import UnchangedLine
from custinfo_tui.domain.records import AccessReason, CustomerRecord
from custinfo_tui.domain.same_person import MergeAsked
from custinfo_tui.domain.verification import Channel
from custinfo_tui.repository.errors import ConcurrentUpdate
from custinfo_tui.services import (
    capture,
    capture_call,
    complaints,
    consent,
    discrepancies,
    edit_read_back,
    held_values,
    records,
    representatives,
    same_person,
)
from custinfo_tui.services.console.bound import Bound
from custinfo_tui.services.retry import retried


class RecordServices(Bound):
    """Working on a record."""

    @retried
    def open_record(
        self, actor: Actor, customer_id: int, reason: AccessReason | None
    ) -> CustomerRecord:
        return records.open_record(self._uow_for(actor), actor, customer_id, reason)

    @retried
    def check_record_held(self, actor: Actor, customer_id: int) -> int:
        return records.check_record_held(self._uow_for(actor), actor, customer_id)

    @retried
    def find_duplicates(
        self, actor: Actor, values: dict[str, str], *, one_name_only: bool = False
    ) -> list[DuplicateCandidate]:
        return capture.find_duplicates(
            self._uow_for(actor), actor, values, one_name_only=one_name_only
        )

    @retried
    def start_new_customer_call(self, actor: Actor, channel: Channel) -> NewCustomerCall:
        """The call a new customer's details are taken in, stored as started now."""
        return capture_call.start_new_customer_call(self._uow_for(actor), actor, channel)

    @retried
    def create_customer(self, actor: Actor, channel: Channel, new: NewCustomer) -> CustomerRecord:
        return capture.create_customer(self._uow_for(actor), actor, self.capture, channel, new)

    @retried
    def edit_customer(
        self,
        actor: Actor,
        customer_id: int,
        expected_version: int,
        edits: dict[str, FieldEdit],
        read_back: ReadBackConfirmation,
        interaction_id: int | None = None,
        discrepancy_id: int | None = None,
    ) -> CustomerRecord:
        """Save the changes; EditConflict when another desk saved the record first. With
        `discrepancy_id` the save corrects that discrepancy report."""

        def edit() -> CustomerRecord:
            return records.edit_customer(
                self._uow_for(actor),
                actor,
                self.capture,
                customer_id,
                expected_version,
                edits,
                read_back,
                policy=self.policy,
                interaction_id=interaction_id,
                discrepancy_id=discrepancy_id,
            )

        try:
            return edit()
        except ConcurrentUpdate:
            # Another desk's save slipped in between our read and write: run again, which
            # now sees their version and raises EditConflict with their values.
            return edit()

    @retried
    def values_held(
        self,
        actor: Actor,
        customer_id: int,
        typed: dict[str, str],
        interaction_id: int | None = None,
    ) -> frozenset[str]:
        """Which of the values typed the record holds already (no change to ask a reason
        for or read back): for fields the edit form shows empty, not revealed in the call."""
        return held_values.values_held(
            self._uow_for(actor),
            actor,
            customer_id,
            typed,
            policy=self.policy,
            interaction_id=interaction_id,
        )

    @retried
    def address_to_read_back(
        self,
        actor: Actor,
        customer_id: int,
        changes: dict[str, str],
        interaction_id: int | None = None,
    ) -> tuple[UnchangedLine, ...]:
        """The lines of the address the changes leave as they are, to read back with the
        changed ones (in a call, disclosed to the caller as they are read out)."""
        return edit_read_back.address_to_read_back(
            self._uow_for(actor),
            actor,
            customer_id,
            changes,
            policy=self.policy,
            interaction_id=interaction_id,
        )

    @retried
    def change_consents(
        self,
        actor: Actor,
        customer_id: int,
        answers: ConsentAnswers,
        interaction_id: int | None = None,
    ) -> CustomerRecord:
        return consent.change_consents(
            self._uow_for(actor),
            actor,
            self.capture,
            customer_id,
            answers,
            interaction_id=interaction_id,
            policy=self.policy,
        )

    @retried
    def add_representative(
        self, actor: Actor, customer_id: int, new: RepresentativeIn
    ) -> RepresentativeSummary:
        return representatives.add_representative(self._uow_for(actor), actor, customer_id, new)

    @retried
    def withdraw_representative(
        self, actor: Actor, customer_id: int, representative_id: int, reason: str
    ) -> None:
        representatives.withdraw_representative(
            self._uow_for(actor), actor, customer_id, representative_id, reason
        )

    @retried
    def set_security_answer(
        self, actor: Actor, customer_id: int, question: str, answer: str
    ) -> None:
        representatives.set_security_answer(
            self._uow_for(actor), actor, customer_id, question, answer
        )

    @retried
    def report_discrepancy(
        self,
        actor: Actor,
        customer_id: int,
        given: DiscrepancyIn,
        interaction_id: int | None = None,
    ) -> DiscrepancyReport:
        return discrepancies.report_discrepancy(
            self._uow_for(actor), actor, customer_id, given, interaction_id
        )

    @retried
    def ask_to_merge(
        self, actor: Actor, customer_id: int, other_id: int, reason: str
    ) -> MergeAsked:
        return same_person.ask_to_merge(self._uow_for(actor), actor, customer_id, other_id, reason)

    @retried
    def my_discrepancy_reports(self, actor: Actor) -> list[DiscrepancyReport]:
        return discrepancies.my_reports(self._uow_for(actor), actor)

    @retried
    def raise_complaint(
        self,
        actor: Actor,
        customer_id: int,
        given: ComplaintIn,
        interaction_id: int | None = None,
    ) -> CustomerRecord:
        """Take a complaint from the record; the record comes back with it (masked in a call)."""
        return complaints.raise_complaint_on_record(
            self._uow_for(actor),
            actor,
            self.complaints,
            self.policy,
            customer_id,
            given,
            interaction_id,
        )

    @retried
    def read_complaint(self, actor: Actor, complaint_id: int) -> ComplaintView:
        """A complaint in full, outside a call: audited as read."""
        return complaints.read_complaint(self._uow_for(actor), actor, complaint_id, self.policy)

    @retried
    def move_complaint_on_record(
        self,
        actor: Actor,
        complaint_id: int,
        to_stage: str,
        note: str,
        interaction_id: int | None = None,
        follow_up_on: FollowUpGiven = KEEP_FOLLOW_UP,
    ) -> CustomerRecord:
        """Move a complaint on from the record (its follow-up date with it); the record
        comes back with the new stage."""
        return complaints.move_complaint_on_record(
            self._uow_for(actor),
            actor,
            self.complaints,
            self.policy,
            complaint_id,
            to_stage,
            note,
            interaction_id,
            follow_up_on,
        )
