"""A person's data protection records follow them when their record is merged into
another (MP-13; docs/data-protection.md, "Requests on a record merged into another").

Their requests (MP-16), third parties' requests for their data (MP-17), the restrictions
of processing lifted before the merge (one in force refuses it) and the breaches naming
them (MP-20) move to the kept record with the rest (`repository/merging.py` moves the
rows), and so do the discrepancy reports still open on it (MP-14), to be decided on the
kept record. Each is audited on the kept record, with both references, so its own history
says where it came from and the kept record's pack says which record it was about
(`moved_here`). Inside the merge's transaction: no actor check, no commit of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from custinfo_tui.domain.data_protection.moved_by_merge import MOVED_BY_MERGE, MadeAbout
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.repository.orm import DiscrepancyReportRow, SubjectAccessRequestRow
from custinfo_tui.services import audit
from custinfo_tui.services.rights_requests import note_moved_by_merge
from custinfo_tui.services.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class FollowingRecords:
    """The merged record's data protection records, read before they move."""

    requests: tuple[SubjectAccessRequestRow, ...]
    disclosures: tuple[int, ...]
    restrictions: tuple[int, ...]
    #: The breaches naming the merged record, each with whether it names the kept one too.
    breaches: tuple[tuple[int, bool], ...]
    #: The discrepancy reports still open on it (decided ones stay where they were made).
    reports: tuple[DiscrepancyReportRow, ...] = ()


def records_that_follow(uow: UnitOfWork, other_id: int, survivor_id: int) -> FollowingRecords:
    """What of the record `other_id`'s will move to `survivor_id`, to audit once it has."""
    kept_named = {breach.id for breach in uow.breaches.naming(survivor_id)}
    return FollowingRecords(
        requests=tuple(uow.subject_access.of_customer(other_id)),
        disclosures=tuple(row.id for row in uow.disclosures.for_customer(other_id)),
        restrictions=tuple(row.id for row in uow.subject_access.restrictions_of(other_id)),
        breaches=tuple(
            (breach.id, breach.id in kept_named) for breach in uow.breaches.naming(other_id)
        ),
        reports=tuple(uow.discrepancies.open_on(other_id)),
    )


def note_followed(
    uow: UnitOfWork,
    actor: Actor | None,
    records: FollowingRecords,
    survivor_id: int,
    merged: str,
    survivor: str,
) -> None:
    """Audit each record that moved, on the kept record (`survivor_id`), with the merged
    record's reference (`merged`) and the kept one's (`survivor`)."""
    note_moved_by_merge(uow, actor, records.requests, survivor_id, merged, survivor)
    both = {"merged": merged, "survivor": survivor}
    for disclosure_id in records.disclosures:
        details: dict[str, object] = {"disclosure_id": disclosure_id, **both}
        _note(uow, actor, AuditAction.DISCLOSURE_MOVED_BY_MERGE, survivor_id, details)
    for restriction_id in records.restrictions:
        details = {"restriction_id": restriction_id, **both}
        _note(uow, actor, AuditAction.RESTRICTION_MOVED_BY_MERGE, survivor_id, details)
    for breach_id, kept_named in records.breaches:
        details = {"breach_id": breach_id, **both, "already_named": kept_named}
        _note(uow, actor, AuditAction.BREACH_MOVED_BY_MERGE, survivor_id, details)
    for report in records.reports:  # the field reported, as the report's own events name it
        audit.record(
            uow,
            actor,
            AuditAction.DISCREPANCY_MOVED_BY_MERGE,
            customer_id=survivor_id,
            fields=[report.field],
            details={"report_id": report.id, "queue_item": report.queue_item_id, **both},
        )


def _note(
    uow: UnitOfWork,
    actor: Actor | None,
    action: AuditAction,
    survivor_id: int,
    details: dict[str, object],
) -> None:
    audit.record(uow, actor, action, customer_id=survivor_id, details=details)


def moved_here(uow: UnitOfWork, customer_id: int, action: AuditAction) -> dict[int, MadeAbout]:
    """The records of the kind `action` moves that came to `customer_id` by a merge, by
    id: the record each was about before (the first merge that moved it: one moved twice
    was about the record it was made on). Read from the moves' events, on the record and
    on those merged into it (a move is filed under the record kept at the time)."""
    _, key = MOVED_BY_MERGE[action]
    events = [
        event
        for record in (customer_id, *uow.merges.merged_into(customer_id))
        for event in uow.audit.list_recent(customer_id=record, action=action.value, limit=1_000)
    ]
    about: dict[int, MadeAbout] = {}
    for event in sorted(events, key=lambda event: event.place):
        number = event.details.get(key)
        if isinstance(number, int) and number not in about:
            about[number] = MadeAbout(
                merged=str(event.details.get("merged", "?")),
                kept_named_too=bool(event.details.get("already_named")),
            )
    return about
