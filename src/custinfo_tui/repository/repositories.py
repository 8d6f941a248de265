"""Repositories: the only code that builds queries. `select()` and `session.scalars()` only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session, selectinload

from custinfo_tui.domain.events import AuditAction, AuditEvent, AuditEventIn
from custinfo_tui.repository.orm import (
    AuditEventRow,
    Base,
    ContactPoint,
    Customer,
    FieldChange,
    Operator,
)

#: The highest code point: `prefix + KEY_CEILING` sorts after every key starting with prefix.
KEY_CEILING = "\U0010ffff"


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


class CustomerRepository:
    def __init__(self, session: Session) -> None:
        self._session = session

    def add(self, customer: Customer) -> Customer:
        self._session.add(customer)
        self._session.flush()
        return customer

    def get(self, customer_id: int) -> Customer | None:
        return self._session.get(Customer, customer_id)

    def get_by_reference(self, reference: str) -> Customer | None:
        return self._session.scalars(
            select(Customer).where(Customer.reference == reference)
        ).one_or_none()

    def count(self) -> int:
        return self._session.scalar(select(func.count()).select_from(Customer)) or 0

    def get_for_update(self, customer_id: int) -> Customer | None:
        """The customer with contact points and addresses loaded, ready to change."""
        return self._session.scalars(
            select(Customer)
            .where(Customer.id == customer_id)
            .options(selectinload(Customer.contact_points), selectinload(Customer.addresses))
        ).one_or_none()

    def add_field_change(self, change: FieldChange) -> None:
        self._session.add(change)

    def field_changes(self, customer_id: int) -> Sequence[FieldChange]:
        """Field history of one customer, newest first."""
        return self._session.scalars(
            select(FieldChange)
            .where(FieldChange.customer_id == customer_id)
            .order_by(FieldChange.id.desc())
        ).all()

    def add_contact_point(self, contact_point: ContactPoint) -> None:
        self._session.add(contact_point)

    def max_id(self) -> int:
        return self._session.scalar(select(func.max(Customer.id))) or 0

    def find_by_name_prefix(
        self, family_prefix: str, given_prefix: str | None, limit: int
    ) -> Sequence[Customer]:
        """Active customers whose folded family name (and given name) start with the prefixes.

        Range conditions rather than LIKE, so SQLite and PostgreSQL both walk the
        (family_key, given_key) index instead of scanning the table.
        """
        query = select(Customer).where(
            Customer.status == "active",
            Customer.family_key >= family_prefix,
            Customer.family_key < family_prefix + KEY_CEILING,
        )
        if given_prefix:
            query = query.where(
                Customer.given_key >= given_prefix,
                Customer.given_key < given_prefix + KEY_CEILING,
            )
        query = (
            query.order_by(Customer.family_key, Customer.given_key, Customer.id)
            .limit(limit)
            .options(selectinload(Customer.contact_points), selectinload(Customer.addresses))
        )
        return self._session.scalars(query).all()

    def bulk_insert(
        self,
        customers: list[dict[str, Any]],
        contact_points: list[dict[str, Any]],
        addresses: list[dict[str, Any]],
    ) -> None:
        """Insert prepared rows in three executemany calls: how demo data reaches a million rows.

        Core inserts on the tables, not ORM bulk inserts: nothing needs to come back, and
        skipping the ORM's per-row bookkeeping makes a million customers several times faster.
        """
        tables = Base.metadata.tables
        for table, rows in (
            (tables["customers"], customers),
            (tables["contact_points"], contact_points),
            (tables["addresses"], addresses),
        ):
            if rows:
                self._session.execute(insert(table), rows)

    def resync_id_sequences(self) -> None:
        """After inserting explicit ids on PostgreSQL, move the serial sequences past them."""
        if self._session.get_bind().dialect.name != "postgresql":
            return
        for table in ("customers", "contact_points", "addresses"):
            self._session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )
            )


class AuditRepository:
    """Append-only: there is deliberately no update or delete here."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def append(self, event: AuditEventIn, *, at: datetime | None = None) -> AuditEvent:
        row = AuditEventRow(
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
        self._session.add(row)
        self._session.flush()
        return _to_event(row)

    def list_recent(
        self,
        *,
        customer_id: int | None = None,
        operator_id: int | None = None,
        action: str | None = None,
        limit: int = 200,
    ) -> list[AuditEvent]:
        query = select(AuditEventRow)
        if customer_id is not None:
            query = query.where(AuditEventRow.customer_id == customer_id)
        if operator_id is not None:
            query = query.where(AuditEventRow.operator_id == operator_id)
        if action is not None:
            query = query.where(AuditEventRow.action == action)
        query = query.order_by(AuditEventRow.id.desc()).limit(limit)
        return [_to_event(row) for row in self._session.scalars(query)]


def _to_event(row: AuditEventRow) -> AuditEvent:
    return AuditEvent(
        id=row.id,
        occurred_at=row.occurred_at,
        action=AuditAction(row.action),
        operator_id=row.operator_id,
        customer_id=row.customer_id,
        interaction_id=row.interaction_id,
        console_session=row.console_session,
        fields=tuple(row.fields),
        reason=row.reason,
        outcome=row.outcome,
        details=dict(row.details),
    )
