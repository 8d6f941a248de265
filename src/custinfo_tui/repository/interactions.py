"""Interactions: calls, visits and other contacts, and the representatives of customers."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from custinfo_tui.repository.orm import Interaction, Representative


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
