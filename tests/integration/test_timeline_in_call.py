"""In a call the record comes without its timeline, which is read when its tab asks
(services/record_view.py, `in_call_record`): every step of a call returns the record, and
the timeline is the dearest part of it to read. Outside a call the record always has it.
The tab reads the timeline alone (services/call_timeline.py, `timeline_in_call`), hidden
and refused as the record's redraw with its timeline (`record_in_call`) is.

Every test runs on SQLite and PostgreSQL (`demo_uow_factory`).
"""

from __future__ import annotations

import pytest

from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.records import AccessReason, CallTimeline
from custinfo_tui.domain.verification import CheckKind
from custinfo_tui.repository.audit import AuditRepository
from custinfo_tui.services import restriction
from custinfo_tui.services.call_notes import add_note
from custinfo_tui.services.call_timeline import timeline_in_call
from custinfo_tui.services.errors import CallEnded
from custinfo_tui.services.record_timeline import NOTES_ENTRY
from custinfo_tui.services.records import open_record, record_in_call
from custinfo_tui.services.restriction import RecordRestricted
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk
from tests.support.references import stored_reference

JOHN_SMITH = 1  # DOB 1980-04-12, SE1 2QT


def test_a_step_of_a_call_returns_the_record_without_reading_its_timeline(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    read = AuditRepository.timeline
    reads: list[object] = []
    monkeypatch.setattr(
        AuditRepository, "timeline", lambda *a, **k: reads.append(a) or read(*a, **k)
    )

    opened = agent.open(call)
    agent.verify(call, "12/04/1980", "se12qt")
    revealed = agent.reveal(call, "phone")
    again = record_in_call(demo_uow_factory(), agent.actor, agent.policy, call)

    assert (opened.history, revealed.history, again.history) == (None, None, None)
    assert revealed.value("phone") == "07700 900123"  # the step's own work is all there
    assert reads == []
    assert [entry.what for entry in agent.timeline(call)[:2]] == [
        "Shown in the call: Representatives",  # the redraw first showing Priya Smith
        "Disclosed to the customer: Phone",
    ]
    assert len(reads) == 1


def test_the_timeline_asked_for_shows_the_call_so_far_and_is_not_audited(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.open(call)
    assert agent.check(call, CheckKind.DATE_OF_BIRTH, "01/01/1980").passed is False
    with demo_uow_factory() as uow:
        events_before = len(uow.audit.for_interaction(call))

    timeline = agent.timeline(call)

    assert [entry.what for entry in timeline[:3]] == [
        "Check failed: Date of birth",
        "Record opened in a call",
        "Phone call started",
    ]
    # What the caller may not hear yet is hidden in it as in the record.
    assert all(e.reason is None or e.reason.startswith("hidden: ") for e in timeline)
    with demo_uow_factory() as uow:
        assert len(uow.audit.for_interaction(call)) == events_before


def test_outside_a_call_the_record_has_its_timeline(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    reason = AccessReason(reason="Customer wrote in", detail="letter of 20 November")

    record = open_record(demo_uow_factory(), agent.actor, JOHN_SMITH, reason)

    assert record.history is not None
    assert record.history[0].action == AuditAction.CUSTOMER_VIEWED.value


#: The checks that take John Smith's caller from no level to Standard, then to High.
_CLIMB = {
    "standard": ((CheckKind.DATE_OF_BIRTH, "12/04/1980"), (CheckKind.POSTCODE, "se12qt")),
    "high": ((CheckKind.SECURITY_ANSWER, "biscuit"),),
}


def test_the_timeline_read_alone_is_the_redraws_at_each_level(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.open(call)
    add_note(demo_uow_factory(), agent.actor, agent.policy, call, "Asked about the bill")
    notes_seen = {}

    for level in ("none", "standard", "high"):
        for kind, answer in _CLIMB.get(level, ()):
            assert agent.check(call, kind, answer).passed
        assert agent.state(call).level == level
        # The redraw first, which audits the representatives it first shows (at Standard).
        record = record_in_call(demo_uow_factory(), agent.actor, agent.policy, call, timeline=True)
        with demo_uow_factory() as uow:
            events_before = len(uow.audit.for_interaction(call))

        alone = timeline_in_call(demo_uow_factory(), agent.actor, agent.policy, call)

        assert record.history is not None
        assert alone == CallTimeline(
            customer_id=JOHN_SMITH,
            history=record.history,
            older_events_hidden=record.older_events_hidden,
        )
        with demo_uow_factory() as uow:
            assert len(uow.audit.for_interaction(call)) == events_before  # nothing audited
        notes_seen[level] = next(e.what for e in alone.history if e.action == NOTES_ENTRY)

    # The levels hide differently, and the timeline alone hides as the redraw does.
    assert "hidden: " in notes_seen["none"]
    assert notes_seen["high"].endswith(": Asked about the bill")


def test_the_timeline_alone_is_refused_as_the_redraw_is(
    demo_uow_factory: UnitOfWorkFactory, agent: Desk, dpo: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.open(call)
    reference = stored_reference(dpo.uow_factory, JOHN_SMITH)
    restriction.restrict_processing(dpo.uow_factory(), dpo.actor, reference, "Accuracy contested")

    with pytest.raises(RecordRestricted):
        timeline_in_call(demo_uow_factory(), agent.actor, agent.policy, call)

    with demo_uow_factory() as uow:
        refused = uow.audit.list_recent(
            customer_id=JOHN_SMITH, action=AuditAction.RESTRICTED_RECORD_REFUSED.value
        )
    assert [e.operator_id for e in refused] == [agent.actor.operator_id]  # the refusal, audited
    restriction.lift_restriction(dpo.uow_factory(), dpo.actor, reference, "Accuracy confirmed")
    agent.end(call)
    with pytest.raises(CallEnded):  # an ended call is no reason to read it either
        timeline_in_call(demo_uow_factory(), agent.actor, agent.policy, call)
