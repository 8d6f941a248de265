"""Acting operators for service tests, and an operator at a desk calling the services."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from custinfo_tui.domain.interactions import (
    CheckOutcome,
    QueueItem,
    RepresentativeSummary,
    VerificationState,
)
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CustomerRecord, HistoryEntry
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.verification import CallerKind, Channel, CheckKind, VerificationPolicy
from custinfo_tui.services import queue, verification
from custinfo_tui.services.records import open_record_in_call, record_in_call, reveal_fields
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.references import shown_reference

#: No demo customer the tests call about was born on this day.
WRONG_DATE_OF_BIRTH = "01/01/1980"
#: Why a supervisor lifts a verification lock, unless a test says otherwise.
LIFT_REASON = "Photo ID checked in branch"


def actor_for(uow_factory: UnitOfWorkFactory, username: str) -> Actor:
    """An existing operator as an actor, without spending an argon2 hash on logging in."""
    with uow_factory() as uow:
        operator = uow.operators.get_by_username(username)
        assert operator is not None
        return Actor(
            operator_id=operator.id,
            username=operator.username,
            display_name=operator.display_name,
            role=Role(operator.role),
            console_session=str(uuid.uuid4()),
            session_generation=operator.session_generation,
        )


@dataclass(frozen=True)
class Desk:
    """One operator at a desk: every call gets a fresh unit of work, as the screens do."""

    uow_factory: UnitOfWorkFactory
    actor: Actor
    policy: VerificationPolicy = field(default_factory=VerificationPolicy)

    def start(self, customer_id: int, channel: Channel = Channel.PHONE) -> VerificationState:
        return verification.start_interaction(
            self.uow_factory(), self.actor, self.policy, customer_id, channel
        )

    def check(
        self,
        interaction_id: int,
        kind: CheckKind,
        answer: str,
        attempt: str | None = None,
        *,
        caller_number: int | None = None,
    ) -> CheckOutcome:
        return verification.check_answer(
            self.uow_factory(),
            self.actor,
            self.policy,
            interaction_id,
            kind,
            answer,
            attempt,
            caller_number=caller_number,
        )

    def fail(self, interaction_id: int, times: int = 1) -> CheckOutcome:
        """Fail the date-of-birth check `times` times; the last outcome."""
        outcome = None
        for _ in range(times):
            outcome = self.check(interaction_id, CheckKind.DATE_OF_BIRTH, WRONG_DATE_OF_BIRTH)
            assert not outcome.passed
        assert outcome is not None
        return outcome

    def verify(self, interaction_id: int, date_of_birth: str, postcode: str) -> VerificationState:
        """Pass the date-of-birth and postcode checks (Standard); the state after them."""
        assert self.check(interaction_id, CheckKind.DATE_OF_BIRTH, date_of_birth).passed
        return self.check(interaction_id, CheckKind.POSTCODE, postcode).state

    def state(self, interaction_id: int) -> VerificationState:
        return verification.verification_state(
            self.uow_factory(), self.actor, self.policy, interaction_id
        )

    def identify(
        self, interaction_id: int, kind: CallerKind, representative_id: int | None = None
    ) -> VerificationState:
        return verification.identify_caller(
            self.uow_factory(), self.actor, self.policy, interaction_id, kind, representative_id
        )

    def open(self, interaction_id: int) -> CustomerRecord:
        return open_record_in_call(self.uow_factory(), self.actor, self.policy, interaction_id)

    def reveal(self, interaction_id: int, *keys: str) -> CustomerRecord:
        return reveal_fields(self.uow_factory(), self.actor, self.policy, interaction_id, keys)

    def timeline(self, interaction_id: int) -> tuple[HistoryEntry, ...]:
        """The record's timeline as the caller may hear it now (its tab, shown in a call)."""
        record = record_in_call(
            self.uow_factory(), self.actor, self.policy, interaction_id, timeline=True
        )
        assert record.history is not None
        return record.history

    def end(self, interaction_id: int) -> None:
        verification.end_interaction(self.uow_factory(), self.actor, interaction_id)

    def representative(self, customer_id: int, given_name: str) -> RepresentativeSummary:
        summaries = verification.representatives(self.uow_factory(), self.actor, customer_id)
        return next(s for s in summaries if s.name.startswith(f"{given_name} "))

    def items(self) -> list[QueueItem]:
        return queue.open_items(self.uow_factory(), self.actor)

    def lift(self, item_id: int, reason: str = LIFT_REASON) -> None:
        queue.lift_verification_lock(self.uow_factory(), self.actor, item_id, reason)

    def reference(self, customer_id: int) -> str:
        """The customer's reference as this desk shows it and its operator types it."""
        return shown_reference(self.uow_factory, customer_id)


def desk_for(
    uow_factory: UnitOfWorkFactory, username: str, policy: VerificationPolicy | None = None
) -> Desk:
    """The existing operator `username` at a desk, under `policy` (the default one if None)."""
    actor = actor_for(uow_factory, username)
    return Desk(uow_factory, actor) if policy is None else Desk(uow_factory, actor, policy)
