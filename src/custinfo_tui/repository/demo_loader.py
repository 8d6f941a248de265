"""Demo data only: bulk inserts of prepared customer rows, for `custinfo demo`, and the
audit events that tell a database the demo built from one it must not load into.

Nothing else writes customers this way: real records go through CustomerRepository and
the ORM, with their audit events. Reached through the unit of work (`uow.demo_loader`),
so services/demo.py never touches SQLAlchemy itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.orm import Session

from custinfo_tui.repository.orm import AuditEventRow, Base, Customer

#: The tables the demo loader fills with explicit ids.
_TABLES = ("customers", "contact_points", "addresses")


class DemoLoader:
    def __init__(self, session: Session) -> None:
        self._session = session

    def max_customer_id(self) -> int:
        """The highest customer id so far (0 for none): the demo's ids follow it."""
        return self._session.scalar(select(func.max(Customer.id))) or 0

    def system_events(self, actions: Sequence[str]) -> list[tuple[str, dict[str, Any]]]:
        """The action and details of each event of `actions` recorded by the system (no
        operator), oldest first: who set the database up. Only columns the first schema
        had, so it reads a database not yet migrated to the newest."""
        rows = self._session.execute(
            select(AuditEventRow.action, AuditEventRow.details)
            .where(AuditEventRow.operator_id.is_(None), AuditEventRow.action.in_(actions))
            .order_by(AuditEventRow.id)
        )
        return [(str(action), dict(details or {})) for action, details in rows]

    def insert_customers(
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
        for table, rows in zip(_TABLES, (customers, contact_points, addresses), strict=True):
            if rows:
                self._session.execute(insert(tables[table]), rows)

    def resync_id_sequences(self) -> None:
        """After inserting explicit ids on PostgreSQL, move the serial sequences past them.

        SQLite needs nothing: it numbers new rows past the highest id already stored.
        """
        if self._session.get_bind().dialect.name != "postgresql":
            return
        for table in _TABLES:
            self._session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
                )
            )
