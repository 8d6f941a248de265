"""A complaint's follow-up date set, changed, cleared or kept as it moves on a stage
(MP-19), on SQLite, SQLCipher and PostgreSQL: stored on the complaint, read back by the due
list and the record, refused in the past as when it is raised, and said on the move's
event (what happened to it, never the date)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from custinfo_tui.domain.complaint_follow_up import NO_FOLLOW_UP_ONCE_CLOSED
from custinfo_tui.domain.complaints import ComplaintIn, ComplaintInvalid, ComplaintPolicy
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.follow_up_window import FOLLOW_UP_PASSED
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.services import complaints
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk, actor_for

POLICY = ComplaintPolicy()
JOHN_SMITH = 1


def _in_days(days: int) -> date:
    return datetime.now(UTC).date() + timedelta(days=days)


def _raise(desk: Desk, follow_up_on: date | None) -> int:
    given = ComplaintIn(
        category="Billing or charges",
        customer_said="Charged twice for the March bill",
        apology="Sorry for the double charge",
        solution="Refund the second payment",
        follow_up_on=follow_up_on,
    )
    return complaints.raise_complaint(desk.uow_factory(), desk.actor, POLICY, JOHN_SMITH, given).id


def _follow_up_changes(uow_factory: UnitOfWorkFactory) -> list[object]:
    with uow_factory() as uow:
        moved = uow.audit.list_recent(action=AuditAction.COMPLAINT_STAGE_CHANGED.value)
    return [e.details["follow_up_date"] for e in reversed(moved)]


def test_a_move_sets_changes_keeps_and_clears_the_follow_up_date(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    complaint_id = _raise(agent, None)
    supervisor = actor_for(demo_uow_factory, "supervisor")

    def move(stage: str, **follow_up: date | None) -> date | None:
        view = complaints.move_complaint(
            demo_uow_factory(), supervisor, POLICY, complaint_id, stage, "Moved", **follow_up
        )
        return view.follow_up_on

    assert move("acknowledged", follow_up_on=_in_days(4)) == _in_days(4)
    assert move("investigating", follow_up_on=_in_days(9)) == _in_days(9)
    assert move("resolved") == _in_days(9)  # not given: kept
    [due] = complaints.due_complaints(demo_uow_factory(), supervisor, POLICY, _in_days(0))
    assert due.follow_up_on == _in_days(9)
    assert move("closed", follow_up_on=None) is None
    assert _follow_up_changes(demo_uow_factory) == ["set", "changed", "kept", "cleared"]
    with demo_uow_factory() as uow:
        moved = uow.audit.list_recent(action=AuditAction.COMPLAINT_STAGE_CHANGED.value)
    assert str(_in_days(9).year) not in str([e.details for e in moved])  # never the date


def test_a_new_date_in_the_past_is_refused_and_nothing_moves_but_a_date_kept_may_have_passed(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    complaint_id = _raise(agent, _in_days(1))
    supervisor = actor_for(demo_uow_factory, "supervisor")
    with demo_uow_factory() as uow:  # the day agreed has gone by
        stored = uow.complaints.get(complaint_id)
        assert stored is not None
        stored.follow_up_on = _in_days(-2)
        uow.commit()
    with pytest.raises(FieldError, match=FOLLOW_UP_PASSED):
        complaints.move_complaint(
            demo_uow_factory(),
            supervisor,
            POLICY,
            complaint_id,
            "acknowledged",
            "Letter sent",
            _in_days(-1),
        )
    view = complaints.read_complaint(demo_uow_factory(), supervisor, complaint_id)
    assert (view.stage, view.follow_up_on) == ("received", _in_days(-2))
    # Given again as it is (the dialog shows it so), it is kept, not refused.
    view = complaints.move_complaint(
        demo_uow_factory(),
        supervisor,
        POLICY,
        complaint_id,
        "acknowledged",
        "Letter sent",
        _in_days(-2),
    )
    assert (view.stage, view.follow_up_on) == ("acknowledged", _in_days(-2))
    assert _follow_up_changes(demo_uow_factory) == ["kept"]


def test_a_new_date_more_than_a_year_ahead_is_refused_and_nothing_moves(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """The service refuses what the dialog does: a slip of the year had been kept."""
    complaint_id = _raise(agent, _in_days(1))
    supervisor = actor_for(demo_uow_factory, "supervisor")
    with pytest.raises(FieldError, match="more than a year ahead"):
        complaints.move_complaint(
            demo_uow_factory(),
            supervisor,
            POLICY,
            complaint_id,
            "acknowledged",
            "Letter sent",
            _in_days(3660),
        )
    view = complaints.read_complaint(demo_uow_factory(), supervisor, complaint_id)
    assert (view.stage, view.follow_up_on) == ("received", _in_days(1))
    with pytest.raises(ComplaintInvalid, match="more than a year ahead"):
        _raise(agent, _in_days(400))


def test_moved_from_the_record_the_new_date_is_on_it_and_its_timeline_says_so(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    complaint_id = _raise(agent, _in_days(2))
    supervisor = actor_for(demo_uow_factory, "supervisor")
    record = complaints.move_complaint_on_record(
        demo_uow_factory(),
        supervisor,
        POLICY,
        VerificationPolicy(),
        complaint_id,
        "acknowledged",
        "Rang back, agreed Friday",
        follow_up_on=_in_days(5),
    )
    [summary] = record.complaints
    assert summary.follow_up_on == _in_days(5)
    assert "Complaint acknowledged: Billing or charges; follow-up date changed" in [
        h.what for h in record.history
    ]


def test_closing_clears_the_follow_up_date_and_refuses_a_new_one(
    agent: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """Found by a supervisor: a complaint could be closed with a follow-up date still owed,
    and even given a new one as it closed; the due list then flagged a closed complaint's
    call back as passed. A closed complaint has nothing to follow up."""
    complaint_id = _raise(agent, _in_days(4))
    supervisor = actor_for(demo_uow_factory, "supervisor")

    def close(**follow_up: date | None) -> date | None:
        view = complaints.move_complaint(
            demo_uow_factory(), supervisor, POLICY, complaint_id, "closed", "Done", **follow_up
        )
        return view.follow_up_on

    with pytest.raises(FieldError, match=NO_FOLLOW_UP_ONCE_CLOSED):
        close(follow_up_on=_in_days(9))
    with demo_uow_factory() as uow:  # refused: nothing moved, the date is as it was
        stored = uow.complaints.get(complaint_id)
        assert stored is not None and stored.stage == "received"
        assert stored.follow_up_on == _in_days(4)
    assert close() is None  # not given (kept): cleared all the same
    assert _follow_up_changes(demo_uow_factory) == ["cleared"]
