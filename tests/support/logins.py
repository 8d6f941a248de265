"""The demo call-handler logging in, right or wrong, and what that leaves behind."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.events import AuditEvent
from custinfo_tui.services.auth import LOGIN_FAILED_MESSAGE, authenticate
from custinfo_tui.services.demo import DEMO_OPERATORS
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory

AGENT = next(op for op in DEMO_OPERATORS if op.username == "agent")
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEW_PASSWORD = "tangerine bicycle orchestra"


def recent_events(uow_factory: UnitOfWorkFactory, limit: int = 20) -> list[AuditEvent]:
    """The last `limit` events of the stream, oldest first."""
    with uow_factory() as uow:
        return list(reversed(uow.audit.list_recent(limit=limit)))


def agent_row(uow_factory: UnitOfWorkFactory) -> tuple[int, int, datetime | None, str]:
    """The agent's id, failed logins, lock and password hash, as stored."""
    with uow_factory() as uow:
        operator = uow.operators.get_by_username("agent")
        assert operator is not None
        return operator.id, operator.failed_logins, operator.locked_until, operator.password_hash


def fail_logins(uow_factory: UnitOfWorkFactory, times: int, at: datetime) -> None:
    """The agent types a wrong password `times` times at `at`."""
    for _ in range(times):
        outcome = authenticate(uow_factory(), "agent", "not-the-password", now=at)
        assert outcome.message == LOGIN_FAILED_MESSAGE
