"""A unit of work with in-memory repositories, for fast tests of a use case's own logic.

As in "Architecture Patterns with Python" (chapter 6): the services take any `UnitOfWork`,
so a test of what a use case decides (lock an operator after five wrong passwords, refuse
a reused password) needs no database at all. What storage itself does (queries, locks,
constraints, the hash chain under concurrent desks) stays tested on SQLite, SQLCipher and
PostgreSQL in tests/integration.

The fake keeps the real ORM classes as plain objects and rolls back as the real one does:
leaving the `with` block without `commit()` restores every column of every object held.
Only the repositories listed here exist; using another one fails at once and names it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from custinfo_tui.domain.audit_chain import GENESIS_HASH, EventContent, chain_hash
from custinfo_tui.domain.events import AuditEvent, AuditEventIn
from custinfo_tui.repository.operators import OperatorStanding
from custinfo_tui.repository.orm import Operator


class FakeOperators:
    def __init__(self) -> None:
        self.rows: dict[int, Operator] = {}
        #: Read once per transaction, as the real repository does (cleared as one begins).
        self.standings: dict[int, OperatorStanding | None] = {}

    def add(self, operator: Operator) -> Operator:
        operator.id = max(self.rows, default=0) + 1
        self.rows[operator.id] = operator
        return operator

    def get(self, operator_id: int) -> Operator | None:
        return self.rows.get(operator_id)

    def get_by_username(self, username: str) -> Operator | None:
        return next((o for o in self.rows.values() if o.username == username), None)

    def standing(self, operator_id: int) -> OperatorStanding | None:
        if operator_id not in self.standings:
            row = self.rows.get(operator_id)
            self.standings[operator_id] = (
                None
                if row is None
                else OperatorStanding(
                    row.active, row.role, row.must_change_password, row.session_generation
                )
            )
        return self.standings[operator_id]

    def count(self) -> int:
        return len(self.rows)

    def list_all(self) -> list[Operator]:
        return sorted(self.rows.values(), key=lambda o: o.username)

    def count_active(self, role: str) -> int:
        return sum(1 for o in self.rows.values() if o.active and o.role == role)


class FakeAudit:
    """The event stream as a list, chained with the same hashes as the real one."""

    def __init__(self) -> None:
        self.events: list[AuditEvent] = []

    def append(self, event: AuditEventIn, *, at: datetime | None = None) -> AuditEvent:
        prev_hash = self.events[-1].hash if self.events else GENESIS_HASH
        content = EventContent(
            id=len(self.events) + 1,
            occurred_at=at or datetime.now(UTC),
            action=event.action.value,
            operator_id=event.operator_id,
            customer_id=event.customer_id,
            interaction_id=event.interaction_id,
            console_session=event.console_session,
            fields=list(event.fields),
            reason=event.reason,
            outcome=event.outcome,
            details=dict(event.details),
        )
        stored = AuditEvent(
            **event.model_dump(),
            id=content.id,
            occurred_at=content.occurred_at,
            prev_hash=prev_hash,
            hash=chain_hash(content, prev_hash),
        )
        self.events.append(stored)
        return stored

    def append_many(self, events: list[AuditEventIn], *, at: datetime) -> int:
        for event in events:
            self.append(event, at=at)
        return len(events)

    def list_recent(
        self,
        *,
        customer_id: int | None = None,
        operator_id: int | None = None,
        action: str | None = None,
        limit: int = 200,
    ) -> list[AuditEvent]:
        found = [
            e
            for e in reversed(self.events)
            if (customer_id is None or e.customer_id == customer_id)
            and (operator_id is None or e.operator_id == operator_id)
            and (action is None or e.action.value == action)
        ]
        return found[:limit]


class _NotFaked:
    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        raise AssertionError(
            f"the fake unit of work has no {self._name} repository "
            f"(asked for {attribute}): test this use case on a real database"
        )


class FakeUnitOfWork:
    """One shared in-memory store; each `with` block is a transaction on it."""

    def __init__(self) -> None:
        self.operators = FakeOperators()
        self.audit = FakeAudit()
        self.customers = _NotFaked("customers")
        self.interactions = _NotFaked("interactions")
        self.queue = _NotFaked("queue")
        self.discrepancies = _NotFaked("discrepancies")
        self.disclosures = _NotFaked("disclosures")
        self.protection = _NotFaked("protection")
        self.free_text = _NotFaked("free_text")
        self.merges = _NotFaked("merges")
        self.erasure = _NotFaked("erasure")
        self.demo_loader = _NotFaked("demo_loader")
        self.legacy_import = _NotFaked("legacy_import")
        self.subject_access = _NotFaked("subject_access")
        self.commits = 0
        self._saved: tuple[dict[int, dict[str, Any]], int] | None = None

    def __enter__(self) -> Self:
        self.operators.standings.clear()
        self._saved = (
            {oid: _columns_of(o) for oid, o in self.operators.rows.items()},
            len(self.audit.events),
        )
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.rollback()
        self._saved = None

    def commit(self) -> None:
        self.commits += 1
        self.__enter__()  # what is committed now stays, whatever happens next

    def rollback(self) -> None:
        if self._saved is None:
            return
        operators, event_count = self._saved
        self.operators.rows = {oid: self.operators.rows[oid] for oid in operators}
        for oid, columns in operators.items():
            for name, value in columns.items():
                setattr(self.operators.rows[oid], name, value)
        del self.audit.events[event_count:]

    def __call__(self) -> Self:
        """The factory the services are handed: the same store for every call, as one
        database is for every desk."""
        return self


def _columns_of(row: Operator) -> dict[str, Any]:
    return {column.key: getattr(row, column.key) for column in Operator.__table__.columns}
