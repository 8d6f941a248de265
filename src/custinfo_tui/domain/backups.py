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
    #: Its newest seal: a restore of it goes on from there with seals of its own.
    newest_seal_id: int | None = None
    #: Each chain's newest event id: what of another trail of the same database it holds
    #: (every chain's events up to there; ids rise along each chain).
    chain_heads: dict[int, int] = {}
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
    #: Why its audit trail does not verify: only for a copy kept as it is (`custinfo backup
    #: --as-is`), whose trail was broken in the database already. None: it verifies.
    trail_problem: str | None = None

    def described(self) -> str:
        """One line: the counts and the newest event, never a personal value."""
        newest = "; no audit events"
        if self.newest_event_id is not None and self.newest_event_at is not None:
            at = f"{self.newest_event_at:%Y-%m-%d %H:%M:%S}"
            newest = f"; newest event #{self.newest_event_id} at {at} UTC"
        customers = counted(self.customers, "customer")
        return f"{customers}, {counted(self.audit_events, 'audit event')}{newest}"


class ReplacedTrail(BaseModel):
    """How far the audit trail of the database a restore replaces had got: what the
    restored trail lacks, kept in the restore's own event so the gap stays accounted for
    (who worked in it, up to which event) once the old trail is out of use."""

    model_config = ConfigDict(frozen=True)

    newest_event_id: int | None = None
    newest_event_at: datetime | None = None
    #: Its events the backup does not hold, and how many operators recorded them (all of
    #: them when the backup is of another database).
    events_not_in_backup: int = 0
    operators_not_in_backup: int = 0
    #: Its newest seal: the anchors taken of it go up to this one (docs/backups.md).
    newest_seal_id: int | None = None

    def details(self, **where: str) -> dict[str, object]:
        """The `replaced` details of `database.restored`: `where` names the copy kept (its
        file name, never its folder) or the database left as it was."""
        at = self.newest_event_at
        return {
            **where,
            "newest_event": self.newest_event_id,
            "newest_event_at": f"{at:%Y-%m-%d %H:%M:%S} UTC" if at is not None else None,
            "events_not_in_backup": self.events_not_in_backup,
            "operators_not_in_backup": self.operators_not_in_backup,
            "newest_seal": self.newest_seal_id,
        }

    def described(self) -> str:
        """In words: "its audit trail to event #1234, 12 events the backup lacks, the work
        of 3 operators among them"."""
        if self.newest_event_id is None:
            return "no audit events"
        events = "event" if self.events_not_in_backup == 1 else "events"
        whose = (
            f"the work of {self.operators_not_in_backup:,} "
            f"operator{'' if self.operators_not_in_backup == 1 else 's'} among them"
            if self.operators_not_in_backup
            else "none an operator's"
        )
        return (
            f"its audit trail to event #{self.newest_event_id}, "
            f"{self.events_not_in_backup:,} {events} the backup lacks, {whose}"
        )


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
