"""A merge waits while a legal hold is in force (MP-13, MP-16), on SQLite, SQLCipher and
PostgreSQL: a hold on either record, or on a record merged into either before, refuses the
comparison and the merge, saying which record, the kind and since when, and is audited on
the record compared; once the DPO lifts it, the merge goes through. An open complaint, a
hold against erasure only, does not stop a merge: it moves with the record."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.data_protection.erasure import HoldKind
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.merging import comparing_reason
from custinfo_tui.domain.timeline import describe
from custinfo_tui.repository.orm import LegalHoldRow
from custinfo_tui.services import erasure, merging
from custinfo_tui.services.errors import MergeHeld
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk
from tests.support.complaints import plant_complaint
from tests.support.merges import SAME_PERSON, merge_as_one_person

KEPT, OTHER, MERGED_BEFORE = 1, 2, 3


def _held_before_merges_looked(desk: Desk, customer_id: int) -> LegalHoldRow:
    """A hold on a record merged already: recorded before merges looked for holds (a hold
    is recorded on active records only)."""
    with desk.uow_factory() as uow:
        row = uow.erasure.add_hold(
            LegalHoldRow(
                customer_id=customer_id,
                kind=HoldKind.LEGAL_CLAIM,
                reason="Claim about the old account",
                set_at=datetime.now(UTC),
                set_by_id=desk.actor.operator_id,
            )
        )
        uow.commit()
        return row


def test_a_hold_on_a_record_merged_in_before_holds_the_person_until_the_dpo_lifts_it(
    dpo: Desk, supervisor: Desk
) -> None:
    merge_as_one_person(supervisor.uow_factory, supervisor.actor, KEPT, MERGED_BEFORE)
    hold = _held_before_merges_looked(dpo, MERGED_BEFORE)
    kept, old = dpo.reference(KEPT), dpo.reference(MERGED_BEFORE)

    with pytest.raises(MergeHeld) as refused:
        merging.preview_merge(
            supervisor.uow_factory(), supervisor.actor, KEPT, OTHER, comparing_reason(SAME_PERSON)
        )
    since = f"{hold.set_at:%d %b %Y}"
    assert str(refused.value).startswith(
        f"Under a legal hold: {old}, merged into {kept} (legal claim, since {since})."
    )
    assert "Claim about the old account" not in str(refused.value)  # the DPO's note
    with pytest.raises(MergeHeld):
        merging.merge_records(
            supervisor.uow_factory(), supervisor.actor, KEPT, OTHER, {}, SAME_PERSON
        )
    with supervisor.uow_factory() as uow:
        other = uow.customers.get(OTHER)
        assert other is not None and other.status == CustomerStatus.ACTIVE
        refusals = uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGE_REFUSED.value)
    # Audited on the record compared, each time: the comparison, then the merge.
    assert [event.customer_id for event in refusals] == [KEPT, KEPT]
    assert {event.outcome for event in refusals} == {"refused"}
    assert refusals[0].details["holds"] == [hold.id]
    event = refusals[0]
    assert describe(event.action, event.fields, event.details, event.outcome) == (
        "Merge refused: a legal hold keeps the data as it is"
    )

    erasure.lift_legal_hold(dpo.uow_factory(), dpo.actor, hold.id, "Claim settled in court")
    merge_as_one_person(supervisor.uow_factory, supervisor.actor, KEPT, OTHER)
    with supervisor.uow_factory() as uow:
        other = uow.customers.get(OTHER)
        assert other is not None and other.merged_into_id == KEPT


def test_a_hold_on_either_record_is_named_with_its_kind_and_day(
    dpo: Desk, supervisor: Desk
) -> None:
    kept, other = dpo.reference(KEPT), dpo.reference(OTHER)
    first = erasure.set_legal_hold(
        dpo.uow_factory(), dpo.actor, kept, HoldKind.REGULATORY_RETENTION, "FCA review"
    )
    second = erasure.set_legal_hold(
        dpo.uow_factory(), dpo.actor, other, HoldKind.LEGAL_CLAIM, "Solicitor's letter"
    )
    with pytest.raises(MergeHeld) as refused:
        merge_as_one_person(supervisor.uow_factory, supervisor.actor, KEPT, OTHER)
    assert str(refused.value).startswith(
        f"Under legal holds: {kept} (regulatory retention, since {first.since:%d %b %Y}); "
        f"{other} (legal claim, since {second.since:%d %b %Y})."
    )
    assert "The data protection officer can lift the hold" in str(refused.value)
    with supervisor.uow_factory() as uow:
        refusals = uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGE_REFUSED.value)
    assert sorted(event.customer_id for event in refusals) == [KEPT, OTHER]


def test_an_open_complaint_does_not_stop_a_merge_it_moves_with_the_record(
    demo_uow_factory: UnitOfWorkFactory, dpo: Desk, supervisor: Desk
) -> None:
    """An open complaint holds a record against erasure, to be answered: it is answered on
    the kept record just the same, so the merge goes on and the hold moves with it."""
    complaint = plant_complaint(demo_uow_factory)  # on the kept record, John Smith
    merge_as_one_person(supervisor.uow_factory, supervisor.actor, OTHER, KEPT)
    with supervisor.uow_factory() as uow:
        assert not uow.audit.list_recent(action=AuditAction.CUSTOMER_MERGE_REFUSED.value)
        [row] = uow.erasure.open_complaints([OTHER])
        assert row.id == complaint
    preview = erasure.preview_erasure(dpo.uow_factory(), dpo.actor, dpo.reference(OTHER))
    assert [hold.kind for hold in preview.holds] == [HoldKind.OPEN_COMPLAINT]
