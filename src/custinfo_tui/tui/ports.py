"""What the console needs from the service layer. The composition root supplies it."""

from __future__ import annotations

from typing import Protocol

from custinfo_tui.domain.customers import CustomerMatch
from custinfo_tui.domain.events import AuditTrailEntry, AuditTrailFilters
from custinfo_tui.domain.operators import Actor, LoginOutcome
from custinfo_tui.domain.password_policy import PasswordChangeOutcome
from custinfo_tui.domain.records import AccessReason, CustomerRecord


class ConsoleServicesPort(Protocol):
    def authenticate(self, username: str, password: str) -> LoginOutcome: ...

    def log_out(self, actor: Actor) -> None: ...

    def change_password(
        self, actor: Actor, current_password: str, new_password: str
    ) -> PasswordChangeOutcome: ...

    def record_lock(self, actor: Actor, idle_seconds: int) -> None: ...

    def unlock(self, actor: Actor, password: str) -> bool: ...

    def end_session_at_lock(self, actor: Actor, reason: str) -> None: ...

    def open_record(
        self, actor: Actor, customer_id: int, reason: AccessReason | None
    ) -> CustomerRecord: ...

    def search_events(self, actor: Actor, filters: AuditTrailFilters) -> list[AuditTrailEntry]: ...

    def search_customers(self, actor: Actor, query: str) -> list[CustomerMatch]: ...


class StartupError(Exception):
    """The console cannot reach a usable database; the message tells the operator what to do."""
