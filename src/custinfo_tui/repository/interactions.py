"""Interactions: calls, visits and other contacts, and the representatives of customers."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, and_, exists, func, or_, select, update
from sqlalchemy.orm import Session, aliased

from custinfo_tui.domain.disclosures import OPEN_STATUSES
from custinfo_tui.domain.discrepancies import DiscrepancyStatus
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.orm import (
    AuditEventRow,
    Complaint,
    Customer,
    DisclosureRow,
    DiscrepancyReportRow,
    Interaction,
    Operator,
    Representative,
    SubjectAccessRequestRow,
)

#: The events that end a console session on the stream (a revoked one logs out too).
_SESSION_ENDS = (AuditAction.LOGGED_OUT.value, AuditAction.SESSION_ENDED_AT_LOCK.value)


class InteractionRepository:
    """Calls, visits and other contacts, and the third parties who may act for a customer."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, interaction: Interaction) -> Interaction:
        self._session.add(interaction)
        self._session.flush()
        return interaction

    def get(self, interaction_id: int) -> Interaction | None:
        return self._session.get(Interaction, interaction_id)

    def get_for_update(self, interaction_id: int) -> Interaction | None:
        """The interaction, its row locked until the transaction ends, so that two desks
        finishing one call (its handler's wrap-up, a supervisor closing it) take turns and
        the second reads what the first stored: FOR UPDATE on PostgreSQL; on SQLite a no-op
        write first, which takes the database's write lock before anything is read (see
        AuditRepository._lock_chain_head)."""
        if self._session.get_bind().dialect.name == "sqlite":
            self._session.execute(
                update(Interaction)
                .where(Interaction.id == interaction_id)
                .values(id=Interaction.id)
                .execution_options(synchronize_session=False)
            )
        return self._session.scalars(
            select(Interaction)
            .where(Interaction.id == interaction_id)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one_or_none()

    def open_in_session(self, operator_id: int, console_session: str) -> Sequence[Interaction]:
        """The operator's interactions not ended that were started in `console_session`
        (their `interaction.started` event's): not those of another desk the operator is
        logged in at, nor of a console that died (docs/crash-safety.md)."""
        started_here = exists().where(
            AuditEventRow.interaction_id == Interaction.id,
            AuditEventRow.action == AuditAction.INTERACTION_STARTED.value,
            AuditEventRow.console_session == console_session,
        )
        return self._session.scalars(
            select(Interaction)
            .where(
                Interaction.operator_id == operator_id,
                Interaction.ended_at.is_(None),
                started_here,
            )
            .order_by(Interaction.id)
        ).all()

    def not_ended(self) -> Sequence[Interaction]:
        """Every interaction never ended, oldest first (a role-play's sandbox, cut short)."""
        return self._session.scalars(
            select(Interaction).where(Interaction.ended_at.is_(None)).order_by(Interaction.id)
        ).all()

    def to_finish(self, operator_id: int) -> Sequence[tuple[Interaction, str | None, str | None]]:
        """The operator's interactions not wrapped up, oldest first, with the customer's
        reference (None for an interaction about no customer) and, for one started about a
        record since merged into that customer, the merged record's reference."""
        rows = self._session.execute(
            _to_finish().where(Interaction.operator_id == operator_id)
        ).all()
        return [(row[0], row[1], row[2]) for row in rows]

    def to_finish_by_everyone(
        self,
    ) -> Sequence[tuple[Interaction, str | None, str | None, str]]:
        """Every operator's interactions not wrapped up, oldest first, as `to_finish` gives
        them, with the handler's username."""
        rows = self._session.execute(
            _to_finish()
            .add_columns(Operator.username)
            .join(Operator, Operator.id == Interaction.operator_id)
        ).all()
        return [(row[0], row[1], row[2], row[3]) for row in rows]

    def started_on_console(self, interaction_id: int) -> str | None:
        """The console session the interaction was started in (its start event's)."""
        return self._session.scalars(
            select(AuditEventRow.console_session)
            .where(
                AuditEventRow.interaction_id == interaction_id,
                AuditEventRow.action == AuditAction.INTERACTION_STARTED.value,
            )
            .limit(1)
        ).first()

    def console_last_active(self, console_session: str) -> datetime | None:
        """When the console session last recorded an action; None once it has logged out
        (or been ended at the idle lock): a console at work records actions as it goes."""
        ended = exists().where(
            AuditEventRow.console_session == console_session,
            AuditEventRow.action.in_(_SESSION_ENDS),
        )
        if self._session.scalar(select(ended)):
            return None
        return self._session.scalar(
            select(func.max(AuditEventRow.occurred_at)).where(
                AuditEventRow.console_session == console_session
            )
        )

    def other_consoles_last_active(
        self, operator_id: int, console_session: str, since: datetime
    ) -> datetime | None:
        """When a console session of the operator's other than `console_session` last
        recorded an action, since `since`, among those that have not logged out (nor been
        ended at the idle lock): a desk they are logged in at too, or one that stopped
        without logging out, which the trail cannot tell apart."""
        ended = select(AuditEventRow.console_session).where(
            AuditEventRow.operator_id == operator_id,
            AuditEventRow.occurred_at >= since,
            AuditEventRow.action.in_(_SESSION_ENDS),
            AuditEventRow.console_session.is_not(None),  # NOT IN a NULL would match nothing
        )
        return self._session.scalar(
            select(func.max(AuditEventRow.occurred_at)).where(
                AuditEventRow.operator_id == operator_id,
                AuditEventRow.occurred_at >= since,
                AuditEventRow.console_session != console_session,
                AuditEventRow.console_session.not_in(ended),
            )
        )

    def console_last_action(self, console_session: str) -> datetime | None:
        """When the console session last recorded anything, logged out since or not."""
        return self._session.scalar(
            select(func.max(AuditEventRow.occurred_at)).where(
                AuditEventRow.console_session == console_session
            )
        )

    def last_action_in_call(
        self, interaction_id: int, console_session: str | None = None
    ) -> datetime | None:
        """When the call's latest event was recorded (at `console_session`, if given)."""
        query = select(func.max(AuditEventRow.occurred_at)).where(
            AuditEventRow.interaction_id == interaction_id
        )
        if console_session is not None:
            query = query.where(AuditEventRow.console_session == console_session)
        return self._session.scalar(query)

    def last_wrap_up_opening(self, interaction_id: int) -> AuditEventRow | None:
        """The call's latest `interaction.wrap_up_opened`: when, at which console, and
        whether in the call (`details["in_call"]`)."""
        return self._session.scalars(
            select(AuditEventRow)
            .where(
                AuditEventRow.interaction_id == interaction_id,
                AuditEventRow.action == AuditAction.WRAP_UP_OPENED.value,
            )
            .order_by(AuditEventRow.occurred_at.desc(), AuditEventRow.id.desc())
            .limit(1)
        ).first()

    def wrap_up_left_since(self, opening: AuditEventRow) -> datetime | None:
        """When the wrap-up `opening` opened was left without a save, at its console: left
        for later from the calls to finish (`interaction.wrap_up_left`), or the call ended
        there (Later on a call's own wrap-up ends it); None while neither happened."""
        return self._session.scalar(
            select(func.max(AuditEventRow.occurred_at)).where(
                AuditEventRow.interaction_id == opening.interaction_id,
                AuditEventRow.console_session == opening.console_session,
                AuditEventRow.action.in_(
                    [AuditAction.WRAP_UP_LEFT.value, AuditAction.INTERACTION_ENDED.value]
                ),
                or_(
                    AuditEventRow.occurred_at > opening.occurred_at,
                    and_(
                        AuditEventRow.occurred_at == opening.occurred_at,
                        AuditEventRow.id > opening.id,
                    ),
                ),
            )
        )

    def console_moved_on(self, opening: AuditEventRow) -> bool:
        """Whether the console that recorded `opening` (a wrap-up opened) has recorded
        anything since but that call's own events (a complaint taken from its wrap-up) and
        its screen lock's: a log-out, another call, a search. A wrap-up records nothing
        while it is typed, so a console that has done nothing else may still be on it."""
        after = or_(
            AuditEventRow.occurred_at > opening.occurred_at,
            and_(
                AuditEventRow.occurred_at == opening.occurred_at,
                AuditEventRow.id > opening.id,
            ),
        )
        elsewhere = exists().where(
            AuditEventRow.console_session == opening.console_session,
            after,
            or_(
                AuditEventRow.interaction_id.is_(None),
                AuditEventRow.interaction_id != opening.interaction_id,
            ),
            AuditEventRow.action.not_in([action.value for action in _AT_THE_LOCK]),
        )
        return bool(self._session.scalar(select(elsewhere)))

    def logged_in_again(
        self, operator_id: int, since: datetime, other_than: str | None
    ) -> datetime | None:
        """When the operator last logged in after `since` at a console session other than
        `other_than`; None if they have not."""
        query = select(func.max(AuditEventRow.occurred_at)).where(
            AuditEventRow.operator_id == operator_id,
            AuditEventRow.action == AuditAction.LOGIN_SUCCEEDED.value,
            AuditEventRow.occurred_at > since,
        )
        if other_than is not None:
            query = query.where(AuditEventRow.console_session != other_than)
        return self._session.scalar(query)

    def operator_last_active(self, operator_id: int, since: datetime) -> datetime | None:
        """When any console session of the operator's last recorded an action after
        `since`, among those that have not logged out (nor been ended at the idle lock):
        they are logged in and at work. None if none has."""
        ended = select(AuditEventRow.console_session).where(
            AuditEventRow.operator_id == operator_id,
            AuditEventRow.action.in_(_SESSION_ENDS),
            AuditEventRow.console_session.is_not(None),  # NOT IN a NULL would match nothing
        )
        return self._session.scalar(
            select(func.max(AuditEventRow.occurred_at)).where(
                AuditEventRow.operator_id == operator_id,
                AuditEventRow.occurred_at > since,
                AuditEventRow.console_session.is_not(None),
                AuditEventRow.console_session.not_in(ended),
            )
        )

    def open_work_raised_in(self, interaction: Interaction) -> dict[str, int]:
        """What the call raised that is still open, by kind: complaints, discrepancy reports,
        data protection requests and third parties' requests for the customer's data, each
        by the call it names (a third party's request did not before migration 0039, and was
        counted by when it was logged, one logged outside the call while it went on too)."""
        call = interaction.id
        counted = {
            "complaints": (Complaint.interaction_id == call, Complaint.closed_at.is_(None)),
            "discrepancy_reports": (
                DiscrepancyReportRow.interaction_id == call,
                DiscrepancyReportRow.status == DiscrepancyStatus.OPEN,
            ),
            "disclosure_requests": (
                DisclosureRow.interaction_id == call,
                DisclosureRow.status.in_(OPEN_STATUSES),
            ),
            "rights_requests": (
                SubjectAccessRequestRow.interaction_id == call,
                SubjectAccessRequestRow.answered_at.is_(None),
            ),
        }
        return {
            kind: self._session.scalar(select(func.count()).where(*where)) or 0
            for kind, where in counted.items()
        }

    def count_to_finish(self) -> Sequence[tuple[str, int, int]]:
        """(username, how many interactions not wrapped up, how many of those not ended)
        for each operator with any."""
        not_ended = func.count(Interaction.id).filter(Interaction.ended_at.is_(None))
        rows = self._session.execute(
            select(Operator.username, func.count(Interaction.id), not_ended)
            .join(Operator, Operator.id == Interaction.operator_id)
            .where(Interaction.wrapped_up_at.is_(None))
            .group_by(Operator.username)
            .order_by(func.count(Interaction.id).desc(), Operator.username)
        ).all()
        return [(row[0], int(row[1]), int(row[2])) for row in rows]

    def with_notes(self, customer_id: int) -> Sequence[Interaction]:
        """The customer's interactions holding notes or the customer's words, newest first:
        every piece of free text kept about them (for the timeline, and for the planned
        subject access export and erasure)."""
        return self._session.scalars(
            select(Interaction)
            .where(
                Interaction.customer_id == customer_id,
                or_(Interaction.notes.is_not(None), Interaction.customer_words.is_not(None)),
            )
            .order_by(Interaction.started_at.desc(), Interaction.id.desc())
        ).all()

    def add_representative(self, representative: Representative) -> Representative:
        self._session.add(representative)
        self._session.flush()
        return representative

    def get_representative(self, representative_id: int) -> Representative | None:
        return self._session.get(Representative, representative_id)

    def representatives_of(self, customer_id: int) -> Sequence[Representative]:
        """Active representatives of a customer, in the order they were added."""
        return self._session.scalars(
            select(Representative)
            .where(Representative.customer_id == customer_id, Representative.active.is_(True))
            .order_by(Representative.id)
        ).all()


#: What a console records at its screen lock: no sign it has left the screen under it.
_AT_THE_LOCK = (
    AuditAction.SCREEN_LOCKED,
    AuditAction.SCREEN_UNLOCKED,
    AuditAction.UNLOCK_FAILED,
)


def _to_finish() -> Select[Interaction, str | None, str | None]:
    """Interactions not wrapped up, oldest first, with the customer's reference and the
    reference of the record the call was about when that has since been merged into it."""
    about = aliased(Customer)
    # Its start event (or, for a new customer's call, its filing under the record chosen)
    # stays filed under the record the call was about (the stream is append-only), while
    # the interaction moved with the merge.
    about_the_record = (AuditAction.INTERACTION_STARTED.value, AuditAction.INTERACTION_FILED.value)
    merged_from = (
        select(about.reference)
        .join(AuditEventRow, AuditEventRow.customer_id == about.id)
        .where(
            AuditEventRow.interaction_id == Interaction.id,
            AuditEventRow.action.in_(about_the_record),
            about.merged_into_id.is_not(None),
        )
        .limit(1)
        .scalar_subquery()
    )
    return (
        select(Interaction, Customer.reference, merged_from)
        .outerjoin(Customer, Customer.id == Interaction.customer_id)
        .where(Interaction.wrapped_up_at.is_(None))
        .order_by(Interaction.started_at, Interaction.id)
    )
