"""Operators: the people who log in to the console, and who has not logged in lately."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.repository.orm import AuditEventRow, Operator


class OperatorStanding(NamedTuple):
    """What a console session's every call is checked against: whether the operator may
    still log in, as what, and the session generation an administrator's change moves on."""

    active: bool
    role: str
    must_change_password: bool
    session_generation: int


# Read by every call of every desk (services/session_standing.py), so built once (building
# a statement and its cache key each time costs more than running it on its key), and of
# the table's columns: a Core statement skips the ORM's part of executing one, two fifths
# of the read's desk CPU (docs/performance.md, "A session's standing").
_OPERATORS = Operator.__table__.c
_STANDING = select(
    _OPERATORS.active,
    _OPERATORS.role,
    _OPERATORS.must_change_password,
    _OPERATORS.session_generation,
).where(_OPERATORS.id == bindparam("operator_id"))


class OperatorRepository:
    def __init__(self, session: Session) -> None:
        self._session = session
        #: Standings read in this unit of work (a repository lives for one `with` block).
        self._standings: dict[int, OperatorStanding | None] = {}

    def standing(self, operator_id: int) -> OperatorStanding | None:
        """The operator's standing, None for no such operator: read once per unit of work,
        at its first call, and then remembered; taken from the operator's row, without a
        statement, when the unit of work has loaded it already (a log-in, a password change,
        unlocking the screen)."""
        if operator_id in self._standings:
            return self._standings[operator_id]
        loaded = self._session.identity_map.get(identity_key(Operator, operator_id))
        if isinstance(loaded, Operator):
            standing: OperatorStanding | None = OperatorStanding(
                loaded.active,
                loaded.role,
                loaded.must_change_password,
                loaded.session_generation,
            )
        else:
            row = self._session.execute(_STANDING, {"operator_id": operator_id}).one_or_none()
            standing = None if row is None else OperatorStanding(*row)
        self._standings[operator_id] = standing
        return standing

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
