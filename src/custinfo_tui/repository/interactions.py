"""Interactions: calls, visits and other contacts, and the representatives of customers."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.orm import (
    AuditEventRow,
    Customer,
    Interaction,
    Operator,
    Representative,
)


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

    def open_for_operator(self, operator_id: int) -> Sequence[Interaction]:
        """The operator's interactions that have not ended."""
        return self._session.scalars(
            select(Interaction)
            .where(Interaction.operator_id == operator_id, Interaction.ended_at.is_(None))
            .order_by(Interaction.id)
        ).all()

    def to_finish(self, operator_id: int) -> Sequence[tuple[Interaction, str | None, str | None]]:
        """The operator's interactions not wrapped up, oldest first, with the customer's
        reference (None for an interaction about no customer) and, for one started about a
        record since merged into that customer, the merged record's reference."""
        about = aliased(Customer)
        # Its start event stays filed under the record the call was about (the stream is
        # append-only), while the interaction moved with the merge.
        merged_from = (
            select(about.reference)
            .join(AuditEventRow, AuditEventRow.customer_id == about.id)
            .where(
                AuditEventRow.interaction_id == Interaction.id,
                AuditEventRow.action == AuditAction.INTERACTION_STARTED.value,
                about.merged_into_id.is_not(None),
            )
            .limit(1)
            .scalar_subquery()
        )
        rows = self._session.execute(
            select(Interaction, Customer.reference, merged_from)
            .outerjoin(Customer, Customer.id == Interaction.customer_id)
            .where(Interaction.operator_id == operator_id, Interaction.wrapped_up_at.is_(None))
            .order_by(Interaction.started_at, Interaction.id)
        ).all()
        return [(row[0], row[1], row[2]) for row in rows]

    def count_to_finish(self) -> Sequence[tuple[str, int]]:
        """(username, how many interactions not wrapped up) for each operator with any."""
        rows = self._session.execute(
            select(Operator.username, func.count(Interaction.id))
            .join(Operator, Operator.id == Interaction.operator_id)
            .where(Interaction.wrapped_up_at.is_(None))
            .group_by(Operator.username)
            .order_by(func.count(Interaction.id).desc(), Operator.username)
        ).all()
        return [(row[0], int(row[1])) for row in rows]

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
