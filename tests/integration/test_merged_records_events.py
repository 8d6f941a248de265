"""The events of a record merged into another (MP-13), read with the kept record's, on
SQLite, SQLCipher and PostgreSQL: its timeline and the person's pack name the merged
record on each of them, and the audit trail searched by the kept record's reference lists
them too, as both of the others do."""

from __future__ import annotations

from custinfo_tui.domain.events import AuditAction, AuditTrailFilters
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.services.audit import search_events
from custinfo_tui.services.records import open_record
from custinfo_tui.services.subject_access_export import subject_access_pack
from tests.support.actors import Desk
from tests.support.merges import merge_as_one_person

KEPT, MERGED = 1, 2  # two demo customers, merged by a supervisor as the same person
REASON = "Same person: letter with both references"


def _compare_and_merge(supervisor: Desk) -> None:
    """The supervisor compares the two records, which opens each of them with the same
    reason, then merges them."""
    merge_as_one_person(supervisor.uow_factory, supervisor.actor, KEPT, MERGED, REASON)


def test_the_kept_records_timeline_and_pack_name_the_merged_record_on_its_events(
    supervisor: Desk, dpo: Desk
) -> None:
    """Found by an explorer: after a merge, the kept record's timeline and the pack's
    "Who accessed your record and why" showed two identical "Record opened" lines for the
    comparison, one of each record, with nothing to say which was which."""
    merged = supervisor.reference(MERGED)
    _compare_and_merge(supervisor)

    record = open_record(
        supervisor.uow_factory(),
        supervisor.actor,
        KEPT,
        AccessReason(reason="Customer wrote in", detail="letter"),
    )
    opened = [h.what for h in record.history if h.action == AuditAction.CUSTOMER_VIEWED]
    on_the_merged = f"Record opened ({merged}, merged into this record)"
    assert opened.count(on_the_merged) == 1
    assert opened.count("Record opened") == 2  # the comparison's, then this one's
    # The merge itself names both records already: it is not named twice.
    [into] = [h.what for h in record.history if h.action == AuditAction.CUSTOMER_MERGED_INTO]
    assert into == f"{merged} merged into {record.reference}"

    pack = subject_access_pack(dpo.uow_factory(), dpo.actor, KEPT)
    access = pack.section("access")
    what = [row[access.columns.index("What")] for row in access.rows]
    assert what.count(f"{merged} merged into {record.reference}") == 1
    assert what.count("Record opened") == 2  # the comparison's, then the reopening
    # The merged record's opening says so; none of the kept record's events does.
    assert [line for line in what if "merged into this record" in line] == [on_the_merged]


def test_the_trail_searched_by_the_kept_reference_lists_the_merged_records_events(
    supervisor: Desk,
) -> None:
    """Found by an explorer: the trail searched by the kept record's reference left out
    the events filed under the record merged into it, which its timeline and the pack
    list. Each is listed under its own record's reference; the merged record's search
    still lists its own only."""
    kept, merged = supervisor.reference(KEPT), supervisor.reference(MERGED)
    _compare_and_merge(supervisor)

    def search(reference: str) -> list[tuple[str, str | None]]:
        filters = AuditTrailFilters(customer_reference=reference)
        found = search_events(supervisor.uow_factory(), supervisor.actor, filters)
        return [(e.action, e.customer_reference) for e in found]

    by_kept = search(kept)
    kept_raw, merged_raw = (reference.replace(" ", "") for reference in (kept, merged))
    assert (AuditAction.CUSTOMER_MERGED_INTO.value, merged_raw) in by_kept
    assert (AuditAction.CUSTOMER_VIEWED.value, merged_raw) in by_kept
    assert (AuditAction.CUSTOMER_VIEWED.value, kept_raw) in by_kept
    assert {reference for _, reference in search(merged)} == {merged_raw}
