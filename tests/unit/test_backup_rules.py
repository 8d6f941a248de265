"""Which erasures a restore would undo (domain/backups.py): what a DPO is warned about."""

from __future__ import annotations

from datetime import UTC, datetime

from custinfo_tui.domain.backups import (
    BackupFacts,
    ImportedSince,
    LaterErasure,
    erasures_not_in_backup,
)

DAY = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def _erased(event_id: int, customer_id: int) -> LaterErasure:
    return LaterErasure(event_id=event_id, customer_id=customer_id, occurred_at=DAY)


def test_only_erasures_the_backup_lacks_are_to_be_reapplied_once_per_customer() -> None:
    current = [_erased(12, 7), _erased(30, 8), _erased(31, 8), _erased(40, 9)]

    later = erasures_not_in_backup(current, backup_event_ids=[12])

    assert [(e.event_id, e.customer_id) for e in later] == [(30, 8), (40, 9)]


def test_a_backup_is_described_by_counts_and_its_newest_event() -> None:
    facts = BackupFacts(
        customers=2_000, audit_events=18_312, newest_event_id=18_312, newest_event_at=DAY
    )

    assert facts.described() == (
        "2,000 customers, 18,312 audit events; newest event #18312 at 2026-12-02 09:00:00 UTC"
    )
    assert BackupFacts(customers=0, audit_events=0).described().endswith("no audit events")


def test_one_customer_and_one_event_are_said_in_the_singular() -> None:
    """Found by an administrator: a new database's backup said "1 audit events"."""
    facts = BackupFacts(customers=1, audit_events=1, newest_event_id=1, newest_event_at=DAY)

    assert facts.described().startswith("1 customer, 1 audit event; newest event #1")


def test_an_import_since_the_backup_is_named_by_its_file_finished_or_not() -> None:
    done = ImportedSince(file_name="legacy.csv", finished=True, customers=1_200)
    begun = ImportedSince(file_name="more.csv", finished=False, customers=1)

    assert done.described() == (
        "1,200 customers imported since (import of legacy.csv) would be lost"
    )
    assert (
        begun.described()
        == "1 customer imported since (import of more.csv, unfinished) would be lost"
    )
