"""A person's data protection requests follow them when their two records are merged
(MP-13, MP-16), on SQLite, SQLCipher and PostgreSQL: the merged record's requests move to
the kept record, each audited there as moved by the merge; the desk and `dsar list` say
where each came from; the kept record's pack lists them and the merged record's events."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.subject_access import SubjectAccessIn, describe_moved
from custinfo_tui.domain.timeline import describe
from custinfo_tui.domain.validation import FieldProblems
from custinfo_tui.services import subject_access as sar
from custinfo_tui.services.subject_access_export import subject_access_pack
from tests.support.actors import Desk
from tests.support.merges import merge_as_one_person

KEPT, MERGED = 1, 2  # two demo customers, merged by a supervisor as the same person


def _today() -> date:
    return datetime.now(UTC).date()


def _log(dpo: Desk, reference: str) -> int:
    given = SubjectAccessIn(
        customer_reference=reference,
        requested_by="The customer, by letter",
        identity_check="Passport",
        received_on=_today(),
    )
    return sar.log_request(dpo.uow_factory(), dpo.actor, given, _today()).id


def _merge(supervisor: Desk) -> None:
    merge_as_one_person(supervisor.uow_factory, supervisor.actor, KEPT, MERGED)


def test_a_merged_records_requests_move_to_the_kept_record_and_say_so(
    dpo: Desk, supervisor: Desk
) -> None:
    """Found by a DPO: request A stayed on the emptied merged record, silently; its pack
    was nearly empty, and the kept record's pack left out request A and A's events."""
    kept, merged = dpo.reference(KEPT), dpo.reference(MERGED)
    request_a, request_b = _log(dpo, merged), _log(dpo, kept)

    _merge(supervisor)

    with dpo.uow_factory() as uow:
        row = uow.subject_access.get(request_a)
        assert row is not None and row.customer_id == KEPT
        [moved] = [
            e
            for e in uow.audit.list_recent(
                customer_id=KEPT, action=AuditAction.SUBJECT_ACCESS_MOVED_BY_MERGE.value
            )
        ]
    assert moved.details["request_id"] == request_a
    assert (moved.details["merged"], moved.details["survivor"]) == (merged, kept)
    assert describe(moved.action, moved.fields, moved.details, moved.outcome) == (
        f"Subject access request moved here when {merged} was merged into this record"
    )

    listed = {r.id: r for r in sar.list_requests(dpo.uow_factory(), dpo.actor, _today())}
    a, b = listed[request_a], listed[request_b]
    assert format_reference(a.customer_reference) == kept
    assert a.moved_by_merge is not None and b.moved_by_merge is None
    assert describe_moved(a.moved_by_merge) == (
        f"Logged on {merged}, merged into {kept} on {_today():%d %b %Y}: the request moved "
        "with it, and its pack covers both."
    )

    pack = subject_access_pack(dpo.uow_factory(), dpo.actor, KEPT)
    assert len(pack.section("subject-access-requests").rows) == 2
    access = [row[2] for row in pack.section("access").rows]
    # A's logging is filed under the merged record, and says so; B's under the kept one.
    assert access.count("Subject access request logged") == 1
    assert access.count(f"Subject access request logged ({merged}, merged into this record)") == 1
    assert f"{merged} merged into {kept}" in access


def test_a_request_is_not_logged_on_a_record_merged_into_another(
    dpo: Desk, supervisor: Desk
) -> None:
    kept, merged = dpo.reference(KEPT), dpo.reference(MERGED)
    _merge(supervisor)

    with pytest.raises(FieldProblems) as refused:
        _log(dpo, merged)
    said = f"That record was merged into {kept} on {_today():%d %b %Y}: log the request on"
    assert refused.value.problems == {"customer_reference": f"{said} {kept}."}
