"""Logging in and out, passwords, the idle lock, and the audit trail's seals and search."""

from __future__ import annotations

from datetime import datetime, timedelta

from custinfo_tui.domain.events import AuditTrailEntry, AuditTrailFilters
from custinfo_tui.domain.operators import Actor, LoginOutcome
from custinfo_tui.domain.password_policy import PasswordChangeOutcome
from custinfo_tui.services import (
    audit,
    auth,
    session_lock,
)
from custinfo_tui.services.console.bound import Bound
from custinfo_tui.services.retry import retried


class SessionServices(Bound):
    """Operators' sessions and the audit trail. Ending a session (logging out, at the lock,
    or once refused) opens a plain unit of work: a session an administrator ended must
    still end. Changing one's password and unlocking read the operator anyway, and check
    the session with that read (services/session_standing.py)."""

    @retried
    def authenticate(self, username: str, password: str) -> LoginOutcome:
        return auth.authenticate(self._uow_factory(), username, password)

    @retried
    def log_out(self, actor: Actor, *, ending_run: bool = False) -> None:
        """Close the session; `ending_run` when a trainee ends a role-play (End run)."""
        auth.log_out(self._uow_factory(), actor, ending_run=ending_run)

    @retried
    def other_console_active(self, actor: Actor) -> datetime | None:
        """When another console the operator is logged in at last acted, if lately."""
        return auth.other_console_active(self._uow_for(actor), actor)

    @retried
    def change_password(
        self, actor: Actor, current_password: str, new_password: str
    ) -> PasswordChangeOutcome:
        return auth.change_password(self._uow_factory(), actor, current_password, new_password)

    @retried
    def record_lock(self, actor: Actor, idle_seconds: int) -> None:
        session_lock.record_lock(self._uow_for(actor), actor, idle_seconds=idle_seconds)

    @retried
    def unlock(self, actor: Actor, password: str) -> bool:
        return session_lock.unlock(self._uow_factory(), actor, password)

    @retried
    def end_session_at_lock(self, actor: Actor, reason: str) -> None:
        session_lock.end_session_at_lock(self._uow_factory(), actor, reason=reason)

    @retried
    def end_revoked_session(self, actor: Actor) -> str | None:
        """End a session the services refused (`SessionRevoked`); what to tell the operator."""
        return auth.end_revoked_session(self._uow_factory(), actor)

    def seal_audit_trail(self, interval: timedelta) -> None:
        """Seal the audit chains unless a desk did within `interval` (docs/architecture.md)."""
        audit.seal(self._uow_factory(), unless_within=interval)

    @retried
    def search_events(self, actor: Actor, filters: AuditTrailFilters) -> list[AuditTrailEntry]:
        return audit.search_events(self._uow_for(actor), actor, filters)
