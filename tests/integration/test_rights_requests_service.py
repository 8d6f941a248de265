"""Requests about a person's data taken from a caller (MP-16), on SQLite, SQLCipher and
PostgreSQL: each right becomes a request on the DPO's register, received on the day of
the call, naming the call, who took it and how far the caller was verified; one already
open is noted, not logged twice; and the DPO's lifecycle for rights other than access."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.data_protection.rights import (
    DATA_PROTECTION_ENQUIRY,
    DataRight,
    describe_taken,
)
from custinfo_tui.domain.dates import format_spoken_date
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.subject_access import SubjectAccessIn, SubjectAccessRequest, due_date
from custinfo_tui.domain.timeline import describe
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.domain.wrap_up import WrapUpIn, WrapUpInvalid
from custinfo_tui.services import erasure, restriction, rights_answered, rights_requests, wrap_up
from custinfo_tui.services import subject_access as sar
from custinfo_tui.services.errors import ServiceError
from tests.support.actors import Desk

JOHN_SMITH = 1  # DOB 1980-04-12, SE1 2QT
NOTES = "Caller asked for a copy of all data held and to be erased afterwards"


def _today() -> date:
    return datetime.now(UTC).date()


def _wrap_up_as_data_protection(agent: Desk, interaction_id: int, *rights: DataRight) -> str:
    given = WrapUpIn(
        enquiry_type=DATA_PROTECTION_ENQUIRY, outcome="transferred", notes=NOTES, rights=rights
    )
    capture = CapturePolicy()
    taken = wrap_up.wrap_up(agent.uow_factory(), agent.actor, capture, interaction_id, given)
    return describe_taken(taken)


def _register(dpo: Desk) -> list[SubjectAccessRequest]:
    return sar.list_requests(dpo.uow_factory(), dpo.actor, _today())


def test_rights_taken_at_wrap_up_reach_the_dpo_received_on_the_day_of_the_call(
    agent: Desk, dpo: Desk
) -> None:
    call = agent.start(JOHN_SMITH)
    agent.verify(call.interaction_id, "12/04/1980", "SE1 2QT")

    said = _wrap_up_as_data_protection(
        agent, call.interaction_id, DataRight.ACCESS, DataRight.ERASURE
    )

    requests = _register(dpo)
    assert [r.right for r in requests] == [DataRight.ACCESS, DataRight.ERASURE]
    received = call.started_at.astimezone(UTC).date()
    for request in requests:
        assert request.customer_id == JOHN_SMITH
        assert request.interaction_id == call.interaction_id
        assert (request.received_on, request.due_on) == (received, due_date(received))
        assert request.logged_by == "agent"
        assert request.identity_check == "Verified in the call to Standard."
        assert not request.identity_to_verify
        assert request.requested_by.startswith("The customer, in the phone call of ")
    assert said == (
        f"Passed to the DPO: Access (request {requests[0].id}), Erasure (request {requests[1].id})."
        f" Answer due by {format_spoken_date(due_date(received))}."
    )
    with agent.uow_factory() as uow:
        logged = uow.audit.list_recent(
            customer_id=JOHN_SMITH, action=AuditAction.SUBJECT_ACCESS_LOGGED.value
        )
    assert {e.interaction_id for e in logged} == {call.interaction_id}
    assert {e.details["right"] for e in logged} == {"access", "erasure"}
    words = {describe(AuditAction(e.action), (), e.details, e.outcome) for e in logged}
    assert words == {
        "Subject access request taken in the call",
        "Erasure request taken in the call",
    }


def test_a_caller_not_verified_is_logged_all_the_same_for_the_dpo_to_verify(
    agent: Desk, dpo: Desk
) -> None:
    call = agent.start(JOHN_SMITH)

    said = _wrap_up_as_data_protection(agent, call.interaction_id, DataRight.RECTIFICATION)

    (request,) = _register(dpo)
    assert request.identity_to_verify
    assert request.identity_check.startswith("Not verified in the call.")
    assert "The caller was not verified: the DPO will check who they are." in said
    assert said.endswith(f"Answer due by {format_spoken_date(request.due_on)}.")
    assert sar.requests_due(dpo.uow_factory(), dpo.actor, _today()).to_verify == 1
    with pytest.raises(ServiceError, match="check who they are first"):
        sar.answer_request(dpo.uow_factory(), dpo.actor, request.id, _today(), "Name spelt")

    rights_answered.confirm_identity(
        dpo.uow_factory(), dpo.actor, request.id, "Called back on the number on file", _today()
    )
    answered = sar.answer_request(
        dpo.uow_factory(), dpo.actor, request.id, _today(), "Surname spelling corrected"
    )
    assert answered.answered and answered.answer_note == "Surname spelling corrected"


def test_a_right_already_open_for_the_customer_is_noted_not_logged_twice(
    agent: Desk, dpo: Desk
) -> None:
    first = agent.start(JOHN_SMITH)
    agent.verify(first.interaction_id, "12/04/1980", "SE1 2QT")
    _wrap_up_as_data_protection(agent, first.interaction_id, DataRight.ACCESS)
    second = agent.start(JOHN_SMITH)
    agent.verify(second.interaction_id, "12/04/1980", "SE1 2QT")

    taken = rights_requests.take_requests(
        agent.uow_factory(),
        agent.actor,
        second.interaction_id,
        (DataRight.ACCESS, DataRight.OBJECTION),
    )

    assert [(t.right, t.new) for t in taken] == [
        (DataRight.ACCESS, False),
        (DataRight.OBJECTION, True),
    ]
    requests = _register(dpo)
    assert [r.right for r in requests] == [DataRight.ACCESS, DataRight.OBJECTION]
    assert requests[0].asked_again == 1
    assert "open already: noted" in describe_taken(taken)


def test_a_right_asked_for_in_an_earlier_call_moves_the_open_request_back_to_it(
    agent: Desk, dpo: Desk
) -> None:
    """The month runs from receipt (Art. 12(3)): a call three days ago, wrapped up only
    today as a request for access, after the DPO logged a letter for access received
    today. The letter's request now runs from the call, not from the letter."""
    with time_machine.travel(datetime.now(UTC) - timedelta(days=3)):
        call = agent.start(JOHN_SMITH)
        agent.verify(call.interaction_id, "12/04/1980", "SE1 2QT")
    called_on = call.started_at.astimezone(UTC).date()
    letter = sar.log_request(
        dpo.uow_factory(),
        dpo.actor,
        SubjectAccessIn(
            customer_reference="1001 2345 P",
            requested_by="The customer, by letter",
            identity_check="Passport copy with the letter",
            received_on=_today(),
        ),
        _today(),
    )

    said = _wrap_up_as_data_protection(agent, call.interaction_id, DataRight.ACCESS)

    assert said == (
        f"Passed to the DPO: Access (request {letter.id}, open already: noted). Answer due by "
        f"{format_spoken_date(due_date(called_on))}."
    )
    (request,) = _register(dpo)
    assert (request.id, request.received_on) == (letter.id, called_on)
    assert request.due_on == due_date(called_on)
    with dpo.uow_factory() as uow:
        [noted] = uow.audit.list_recent(action=AuditAction.SUBJECT_ACCESS_ASKED_AGAIN.value)
    assert noted.interaction_id == call.interaction_id
    assert noted.details == {
        "request_id": letter.id,
        "right": "access",
        "why": "received_earlier",
        "received_on": called_on.isoformat(),
        "due_on": due_date(called_on).isoformat(),
        "was_received_on": _today().isoformat(),
        "was_due_on": due_date(_today()).isoformat(),
    }
    words = describe(AuditAction(noted.action), (), noted.details, noted.outcome)
    assert words == (
        "Subject access request asked for again, received earlier: it now runs from "
        f"{called_on.isoformat()}"
    )


def test_rights_are_taken_only_under_the_data_protection_enquiry(agent: Desk) -> None:
    call = agent.start(JOHN_SMITH)
    given = WrapUpIn(
        enquiry_type="Billing question", outcome="resolved", rights=(DataRight.ACCESS,)
    )
    with pytest.raises(WrapUpInvalid) as refused:
        wrap_up.wrap_up(
            agent.uow_factory(), agent.actor, CapturePolicy(), call.interaction_id, given
        )
    assert set(refused.value.problems) == {"rights"}


def test_erasure_and_restriction_requests_are_done_only_once_done_and_notes_are_asked(
    agent: Desk, dpo: Desk
) -> None:
    call = agent.start(JOHN_SMITH)
    agent.verify(call.interaction_id, "12/04/1980", "SE1 2QT")
    _wrap_up_as_data_protection(
        agent,
        call.interaction_id,
        DataRight.RESTRICTION,
        DataRight.PORTABILITY,
        DataRight.ERASURE,
    )
    restrict, portable, erase = _register(dpo)
    today = _today()

    with pytest.raises(ServiceError, match="not restricted"):
        sar.answer_request(dpo.uow_factory(), dpo.actor, restrict.id, today)
    with pytest.raises(FieldError, match="Note the answer given"):
        sar.answer_request(dpo.uow_factory(), dpo.actor, portable.id, today)
    with pytest.raises(ServiceError, match="not erased yet"):
        sar.answer_request(dpo.uow_factory(), dpo.actor, erase.id, today)

    reference = restrict.customer_reference
    restriction.restrict_processing(dpo.uow_factory(), dpo.actor, reference, "Asked by phone")
    assert sar.answer_request(dpo.uow_factory(), dpo.actor, restrict.id, today).answered
    note = "Sent as JSON by e-mail"
    done = sar.answer_request(dpo.uow_factory(), dpo.actor, portable.id, today, note)
    assert done.answer_note == note
    restriction.lift_restriction(dpo.uow_factory(), dpo.actor, reference, "Erasing instead")
    erasure.erase_customer(dpo.uow_factory(), dpo.actor, JOHN_SMITH, "Asked by phone")
    assert sar.answer_request(dpo.uow_factory(), dpo.actor, erase.id, today).answered
    assert _register(dpo) == []


def _log_at_the_desk(dpo: Desk, right: DataRight) -> SubjectAccessRequest:
    today = _today()
    given = SubjectAccessIn(
        customer_reference="1001 2345 P",
        requested_by="Her solicitor, Example LLP",
        identity_check="Signed authority on the firm's letterhead",
        received_on=today,
        right=right,
    )
    return sar.log_request(dpo.uow_factory(), dpo.actor, given, today)


def test_open_requests_keep_who_asked_through_erasure_until_each_is_closed(dpo: Desk) -> None:
    """Found by a DPO: erasing the record blanked who asked and how they were checked on
    the requests still to answer, so the DPO no longer knew whom to answer; and the
    restriction request could then never be marked done (nothing left to restrict)."""
    rectify = _log_at_the_desk(dpo, DataRight.RECTIFICATION)
    restrict = _log_at_the_desk(dpo, DataRight.RESTRICTION)
    erase = _log_at_the_desk(dpo, DataRight.ERASURE)
    erasure.erase_customer(dpo.uow_factory(), dpo.actor, JOHN_SMITH, "Written request, ID seen")

    listed = {r.id: r for r in _register(dpo)}
    for request in (rectify, restrict, erase):
        kept = listed[request.id]
        assert kept.requested_by == "Her solicitor, Example LLP"
        assert kept.identity_check == "Signed authority on the firm's letterhead"
        assert kept.erased_on == _today()

    today = _today()
    assert sar.answer_request(dpo.uow_factory(), dpo.actor, erase.id, today).answered
    assert sar.answer_request(dpo.uow_factory(), dpo.actor, restrict.id, today).answered
    told = "Record erased before it was corrected; letter sent"
    sar.answer_request(dpo.uow_factory(), dpo.actor, rectify.id, today, told)

    with dpo.uow_factory() as uow:
        for request in (rectify, restrict, erase):
            row = uow.subject_access.get(request.id)
            assert row is not None and row.answered_at is not None
            assert (row.requested_by, row.identity_check) == ("(erased)", "(erased)")


def test_an_erasure_request_whose_record_is_erased_is_done_not_refused(dpo: Desk) -> None:
    """Found by a DPO: the desk offered "Refused" for an erasure request whose record it
    had erased already. The register says who erased it and when, and the service refuses
    the refusal (the command line's `dsar refuse` too): the erasure asked for is done."""
    erase = _log_at_the_desk(dpo, DataRight.ERASURE)
    erasure.erase_customer(dpo.uow_factory(), dpo.actor, JOHN_SMITH, "Written request, ID seen")
    [listed] = _register(dpo)
    assert (listed.erased_on, listed.erased_by) == (_today(), "dpo")

    with pytest.raises(ServiceError, match=r"The erasure asked for is done, not refused"):
        sar.refuse_request(dpo.uow_factory(), dpo.actor, erase.id, "Excessive", _today())
    assert _register(dpo)[0].id == erase.id  # still open, to mark done
