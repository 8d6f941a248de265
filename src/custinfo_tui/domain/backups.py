"""What a backup holds and what restoring it would undo (docs/backups.md), without storage.

A backup is described by counts and event numbers only: it holds personal data, so what
`custinfo backup` and `custinfo restore` print never does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.text import counted


class BackupFacts(BaseModel):
    """What a database (or a backup of one) holds, in numbers a DPO can compare."""

    model_config = ConfigDict(frozen=True)

    customers: int
    audit_events: int
    newest_event_id: int | None = None
    newest_event_at: datetime | None = None
    #: The migration the schema is at.
    revision: str | None = None
    #: The hash of the audit trail's first event: a database's own, from `custinfo init`
    #: on, kept by every backup and restore of it, and another database's never.
    first_event_hash: str | None = None
    #: The newest row id of each table whose rows are work (`repository.backup.WORK_TABLES`):
    #: rows past them in the current database were added after the backup.
    newest_ids: dict[str, int] = {}
    #: The triggers a backup being restored lacked or had altered (the audit trail's
    #: append-only guards), put back as the migrations define them.
    triggers_put_back: tuple[str, ...] = ()

    def described(self) -> str:
        """One line: the counts and the newest event, never a personal value."""
        newest = "; no audit events"
        if self.newest_event_id is not None and self.newest_event_at is not None:
            at = f"{self.newest_event_at:%Y-%m-%d %H:%M:%S}"
            newest = f"; newest event #{self.newest_event_id} at {at} UTC"
        customers = counted(self.customers, "customer")
        return f"{customers}, {counted(self.audit_events, 'audit event')}{newest}"


class LaterErasure(BaseModel):
    """An erasure the current database records and the backup does not: a restore brings
    the erased customer's data back until it is erased again."""

    model_config = ConfigDict(frozen=True)

    event_id: int
    customer_id: int
    occurred_at: datetime
    #: Who erased, and why, as the erasure's event says: the restore's own event repeats
    #: them, as the event's number names another event once the backup is back.
    operator: str = "the system"
    reason: str | None = None


class ImportedSince(BaseModel):
    """The customers one legacy import (`custinfo import`) stored after the backup was
    taken, finished or not: a restore loses them (an unfinished import has no event yet)."""

    model_config = ConfigDict(frozen=True)

    file_name: str
    finished: bool
    customers: int

    def described(self) -> str:
        """In words: "2 customers imported since (import of a.csv, unfinished) would be lost"."""
        customers = "customer" if self.customers == 1 else "customers"
        unfinished = "" if self.finished else ", unfinished"
        return (
            f"{self.customers:,} {customers} imported since (import of {self.file_name}"
            f"{unfinished}) would be lost"
        )


def erasures_not_in_backup(
    current: Iterable[LaterErasure], backup_event_ids: Iterable[int]
) -> list[LaterErasure]:
    """The current database's erasures whose events the backup lacks, oldest first, one
    per customer (a customer erased twice needs erasing once)."""
    in_backup = set(backup_event_ids)
    later: dict[int, LaterErasure] = {}
    for erasure in sorted(current, key=lambda e: e.event_id):
        if erasure.event_id not in in_backup:
            later.setdefault(erasure.customer_id, erasure)
    return list(later.values())
