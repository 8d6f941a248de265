"""Operators: the people who log in to the console, and who has not logged in lately."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.orm import AuditEventRow, Operator


class OperatorRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, operator: Operator) -> Operator:
        self._session.add(operator)
        self._session.flush()
        return operator

    def get(self, operator_id: int) -> Operator | None:
        return self._session.get(Operator, operator_id)

    def get_by_username(self, username: str) -> Operator | None:
        return self._session.scalars(
            select(Operator).where(Operator.username == username)
        ).one_or_none()

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(Operator)) or 0

    def list_all(self) -> Sequence[Operator]:
        return self._session.scalars(select(Operator).order_by(Operator.username)).all()

    def count_active(self, role: str) -> int:
        return (
            self._session.scalar(
                select(func.count())
                .select_from(Operator)
                .where(Operator.active.is_(True), Operator.role == role)
            )
            or 0
        )

    def not_logged_in_since(self, since: datetime) -> list[int]:
        """Ids of active operators, created before `since`, with no login since then.

        Logins are the `operator.login_succeeded` events: a range scan of the recent ones
        on the (action, occurred_at) index, however long the trail.
        """
        recent_logins = select(AuditEventRow.operator_id).where(
            AuditEventRow.action == AuditAction.LOGIN_SUCCEEDED.value,
            AuditEventRow.occurred_at >= since,
            AuditEventRow.operator_id.is_not(None),
        )
        return list(
            self._session.scalars(
                select(Operator.id)
                .where(
                    Operator.active.is_(True),
                    Operator.created_at < since,
                    Operator.id.not_in(recent_logins),
                )
                .order_by(Operator.id)
            )
        )
