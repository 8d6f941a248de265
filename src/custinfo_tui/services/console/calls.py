"""A call, step by step: the lookup, the call started, who is on the line, the checks,
what is revealed, notes, the end and the wrap-up (docs/verification.md,
docs/after-the-call.md)."""

from __future__ import annotations

from custinfo_tui.domain.customers import LookupResult
from custinfo_tui.domain.data_protection.rights import DataRight, RequestTaken
from custinfo_tui.domain.interactions import (
    CheckOutcome,
    RepresentativeSummary,
    VerificationState,
)
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CallTimeline, CustomerRecord
from custinfo_tui.domain.verification import CallerKind, Channel, CheckKind
from custinfo_tui.domain.wrap_up import CallToFinish, OpenWrapUps, WrapUpIn
from custinfo_tui.services import (
    call_notes,
    call_timeline,
    lookup,
    records,
    rights_requests,
    verification,
    wrap_up,
)
from custinfo_tui.services.console.bound import Bound
from custinfo_tui.services.retry import retried, run_again_when_asked


class CallServices(Bound):
    """Taking a call."""

    @retried
    def search_customers(self, actor: Actor, query: str) -> LookupResult:
        return lookup.lookup(self._uow_for(actor), actor, query)

    def start_call(
        self,
        actor: Actor,
        customer_id: int,
        channel: Channel,
        new_customer_call: int | None = None,
    ) -> tuple[CustomerRecord, VerificationState]:
        """Start an interaction with the customer on the line (or go on with the new
        customer's call `new_customer_call` about them); the record comes back masked."""
        # Two use cases, each committing once: each is run again on its own, so a retry
        # never starts a second interaction.
        state = run_again_when_asked(
            lambda: verification.start_interaction(
                self._uow_for(actor),
                actor,
                self.policy,
                customer_id,
                channel,
                new_customer_call=new_customer_call,
            )
        )
        record = self._opened_in_call(actor, state.interaction_id)
        return record, state

    @retried
    def end_call(self, actor: Actor, interaction_id: int) -> None:
        verification.end_interaction(self._uow_for(actor), actor, interaction_id)

    @retried
    def wrap_up(
        self, actor: Actor, interaction_id: int, given: WrapUpIn
    ) -> tuple[RequestTaken, ...]:
        """Wrap the call up; the rights the caller exercised go to the DPO."""
        return wrap_up.wrap_up(self._uow_for(actor), actor, self.capture, interaction_id, given)

    @retried
    def take_rights_requests(
        self, actor: Actor, interaction_id: int, rights: tuple[DataRight, ...]
    ) -> tuple[RequestTaken, ...]:
        """In the call: the rights the caller exercises, each a request for the DPO."""
        return rights_requests.take_requests(self._uow_for(actor), actor, interaction_id, rights)

    @retried
    def calls_to_finish(self, actor: Actor) -> list[CallToFinish]:
        return wrap_up.calls_to_finish(self._uow_for(actor), actor, self.policy)

    @retried
    def open_wrap_up(self, actor: Actor, interaction_id: int) -> CallToFinish:
        """The call to wrap up now, its wrap-up's opening recorded."""
        return wrap_up.open_wrap_up(self._uow_for(actor), actor, interaction_id, self.policy)

    @retried
    def open_call_to_finish(self, actor: Actor, interaction_id: int) -> CallToFinish:
        """A call to finish, its wrap-up's opening recorded; refused while it is open at
        this console or at another of the operator's."""
        return wrap_up.open_call_to_finish(self._uow_for(actor), actor, interaction_id, self.policy)

    @retried
    def leave_wrap_up(self, actor: Actor, interaction_id: int) -> None:
        """A wrap-up opened from the calls to finish left for later, recorded."""
        wrap_up.leave_wrap_up(self._uow_for(actor), actor, interaction_id)

    @retried
    def finished_call_notice(self, actor: Actor, interaction_id: int) -> str | None:
        """Why the operator's call needs no wrap-up any more, if it does not."""
        return wrap_up.finished_call_notice(self._uow_for(actor), actor, interaction_id)

    @retried
    def open_wrap_ups(self, actor: Actor) -> list[OpenWrapUps]:
        return wrap_up.open_wrap_ups(self._uow_for(actor), actor)

    @retried
    def add_note(self, actor: Actor, interaction_id: int, text: str) -> CustomerRecord:
        return call_notes.add_note(self._uow_for(actor), actor, self.policy, interaction_id, text)

    @retried
    def representatives(self, actor: Actor, customer_id: int) -> list[RepresentativeSummary]:
        return verification.representatives(self._uow_for(actor), actor, customer_id)

    def identify_caller(
        self,
        actor: Actor,
        interaction_id: int,
        kind: CallerKind,
        representative_id: int | None = None,
    ) -> tuple[CustomerRecord, VerificationState]:
        """Say who is on the line; the record comes back masked for them."""
        state = run_again_when_asked(
            lambda: verification.identify_caller(
                self._uow_for(actor), actor, self.policy, interaction_id, kind, representative_id
            )
        )
        return self._opened_in_call(actor, interaction_id), state

    @retried
    def _opened_in_call(self, actor: Actor, interaction_id: int) -> CustomerRecord:
        """The record opened in a call (audited as opened), masked for the caller now."""
        return records.open_record_in_call(self._uow_for(actor), actor, self.policy, interaction_id)

    @retried
    def verification_state(self, actor: Actor, interaction_id: int) -> VerificationState:
        return verification.verification_state(
            self._uow_for(actor), actor, self.policy, interaction_id
        )

    @retried
    def check_answer(
        self,
        actor: Actor,
        interaction_id: int,
        kind: CheckKind,
        answer: str,
        attempt: str | None = None,
        *,
        caller_number: int | None = None,
    ) -> CheckOutcome:
        return verification.check_answer(
            self._uow_for(actor),
            actor,
            self.policy,
            interaction_id,
            kind,
            answer,
            attempt,
            caller_number=caller_number,
        )

    @retried
    def reveal_fields(self, actor: Actor, interaction_id: int, keys: list[str]) -> CustomerRecord:
        return records.reveal_fields(self._uow_for(actor), actor, self.policy, interaction_id, keys)

    @retried
    def record_in_call(
        self, actor: Actor, interaction_id: int, *, timeline: bool = False
    ) -> CustomerRecord:
        """The record as the caller may hear it now (no field newly revealed; the
        representatives and consents audited as viewed the first time they show), with its
        timeline if asked."""
        return records.record_in_call(
            self._uow_for(actor), actor, self.policy, interaction_id, timeline=timeline
        )

    @retried
    def timeline_in_call(self, actor: Actor, interaction_id: int) -> CallTimeline:
        """The record's timeline alone as the caller may hear it now, for its tab: the rest
        of the record is not read again (`record_in_call` with its timeline reads it all)."""
        return call_timeline.timeline_in_call(
            self._uow_for(actor), actor, self.policy, interaction_id
        )
