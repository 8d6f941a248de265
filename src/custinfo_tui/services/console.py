"""The services the console uses, bound to one database: what the Textual app is handed.

Each call opens its own unit of work, so calls from different worker threads never share
a Session.
"""

from __future__ import annotations

from custinfo_tui.domain.customers import CustomerMatch
from custinfo_tui.domain.events import AuditTrailEntry, AuditTrailFilters
from custinfo_tui.domain.operators import Actor, LoginOutcome
from custinfo_tui.domain.password_policy import PasswordChangeOutcome
from custinfo_tui.domain.records import AccessReason, CustomerRecord
from custinfo_tui.services import audit, auth, lookup, records, session_lock
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory


class ConsoleServices:
    def __init__(self, uow_factory: UnitOfWorkFactory) -> None:
        self._uow_factory = uow_factory

    def authenticate(self, username: str, password: str) -> LoginOutcome:
        return auth.authenticate(self._uow_factory(), username, password)

    def log_out(self, actor: Actor) -> None:
        auth.log_out(self._uow_factory(), actor)

    def change_password(
        self, actor: Actor, current_password: str, new_password: str
    ) -> PasswordChangeOutcome:
        return auth.change_password(self._uow_factory(), actor, current_password, new_password)

    def record_lock(self, actor: Actor, idle_seconds: int) -> None:
        session_lock.record_lock(self._uow_factory(), actor, idle_seconds=idle_seconds)

    def unlock(self, actor: Actor, password: str) -> bool:
        return session_lock.unlock(self._uow_factory(), actor, password)

    def end_session_at_lock(self, actor: Actor, reason: str) -> None:
        session_lock.end_session_at_lock(self._uow_factory(), actor, reason=reason)

    def open_record(
        self, actor: Actor, customer_id: int, reason: AccessReason | None
    ) -> CustomerRecord:
        return records.open_record(self._uow_factory(), actor, customer_id, reason)

    def search_events(self, actor: Actor, filters: AuditTrailFilters) -> list[AuditTrailEntry]:
        return audit.search_events(self._uow_factory(), actor, filters)

    def search_customers(self, actor: Actor, query: str) -> list[CustomerMatch]:
        return lookup.search_customers(self._uow_factory(), actor, query)
