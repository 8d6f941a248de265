"""Third-party disclosures (MP-17) on SQLite, SQLCipher and PostgreSQL: a handler records a
police request on a record; it reaches the supervisor queue and the DPO's desk without any
value; only the DPO or a supervisor other than the handler decides it; nothing is shown
before approval, a refused request releases nothing, and the approver's release is
recorded as `field.disclosed` with the disclosure's id. The timeline lists each step and
the subject access pack lists the disclosure, both without values.
"""

from __future__ import annotations

import pytest

from custinfo_tui.domain.disclosure_fields import ADDRESS_KEYS
from custinfo_tui.domain.disclosures import (
    CHANNELS,
    LAWFUL_BASES,
    DisclosureRequestIn,
    DisclosureStatus,
    who_decides,
)
from custinfo_tui.domain.events import AuditAction, AuditEvent
from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.services import disclosure_release, disclosures, erasure, queue, restriction
from custinfo_tui.services.disclosures_in_pack import disclosures_for_customer
from custinfo_tui.services.errors import PermissionDenied, ServiceError
from custinfo_tui.services.operators import create_operator
from custinfo_tui.services.records import open_record
from custinfo_tui.services.restriction import RecordRestricted
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk, desk_for

JOHN_SMITH = 1
CARD = "4111 1111 1111 1111"
CRIME = LAWFUL_BASES[0]
POLICE = {
    "requester": "DC 4321 Morgan",
    "organisation": "Example Constabulary",
    "identity_check": "Called back on the force switchboard, warrant card number seen",
    "lawful_basis": CRIME,
    "asked_for": "Current address and phone of the account holder",
    "fields": ("address_line1", "phone"),
    "channel": CHANNELS[0],
}


def _request(desk: Desk, **typed: object) -> disclosures.Disclosure:
    given = DisclosureRequestIn.model_validate({**POLICE, **typed})
    return disclosures.request_disclosure(desk.uow_factory(), desk.actor, JOHN_SMITH, given)


def _events(uow_factory: UnitOfWorkFactory) -> list[AuditEvent]:
    with uow_factory() as uow:
        return [
            e
            for e in uow.audit.list_recent(customer_id=JOHN_SMITH)
            if e.action.value.startswith("disclosure.") or e.action is AuditAction.FIELD_DISCLOSED
        ][::-1]


def _values_on_file(desk: Desk) -> list[str]:
    record = open_record(
        desk.uow_factory(), desk.actor, JOHN_SMITH, AccessReason(reason="Customer request")
    )
    return [value for key in ("address_line1", "phone") if (value := record.value(key))]


def test_a_request_reaches_the_queue_and_the_desk_without_any_value(
    agent: Desk, supervisor: Desk, dpo: Desk
) -> None:
    request = _request(agent, asked_for=f"Address; card {CARD} was used")
    assert request.status is DisclosureStatus.PENDING
    assert request.asked_for == "Address; card [card number removed] was used"
    [item] = queue.open_items(
        supervisor.uow_factory(), supervisor.actor, QueueKind.DISCLOSURE_REQUEST
    )
    assert (item.kind_label, item.raised_by) == ("Disclosure request", "agent")
    assert item.summary == (
        f"Third-party request (disclosure {request.id}) for Address, Phone; basis: {CRIME}"
    )
    [waiting] = disclosures.disclosures_to_work(dpo.uow_factory(), dpo.actor)
    assert (waiting.id, waiting.requester, waiting.requested_by) == (
        request.id,
        "DC 4321 Morgan",
        "agent",
    )
    [requested] = _events(agent.uow_factory)
    assert requested.action is AuditAction.DISCLOSURE_REQUESTED
    assert requested.fields == (*ADDRESS_KEYS, "phone")  # the address whole
    assert requested.details["disclosure_id"] == request.id
    assert "Morgan" not in str(requested.model_dump())


def test_the_handler_who_recorded_it_cannot_approve_it(supervisor: Desk, dpo: Desk) -> None:
    request = _request(supervisor)
    with pytest.raises(ServiceError, match="You recorded this request"):
        disclosures.decide_disclosure(
            supervisor.uow_factory(), supervisor.actor, request.id, approve=True, reason="Fine"
        )
    decided = disclosures.decide_disclosure(
        dpo.uow_factory(), dpo.actor, request.id, approve=True, reason="Sch. 2 applies"
    )
    assert (decided.status, decided.decided_by) == (DisclosureStatus.APPROVED, "dpo")


def test_agents_cannot_approve_and_nothing_is_released_before_approval(
    agent: Desk, supervisor: Desk
) -> None:
    request = _request(agent)
    with pytest.raises(PermissionDenied):
        disclosures.decide_disclosure(
            agent.uow_factory(), agent.actor, request.id, approve=True, reason="Fine"
        )
    with pytest.raises(PermissionDenied):
        disclosure_release.release_disclosure(agent.uow_factory(), agent.actor, request.id)
    with pytest.raises(ServiceError, match="Only an approved request"):
        disclosure_release.release_disclosure(
            supervisor.uow_factory(), supervisor.actor, request.id
        )
    assert [e.action for e in _events(agent.uow_factory)] == [AuditAction.DISCLOSURE_REQUESTED]


def test_an_approved_request_is_released_by_its_approver_once_and_recorded_without_values(
    agent: Desk, supervisor: Desk, dpo: Desk
) -> None:
    request = _request(agent)
    disclosures.decide_disclosure(
        supervisor.uow_factory(), supervisor.actor, request.id, approve=True, reason="Sch. 2"
    )
    assert queue.open_items(supervisor.uow_factory(), supervisor.actor) == []
    with pytest.raises(ServiceError, match="who approved"):
        disclosure_release.release_disclosure(dpo.uow_factory(), dpo.actor, request.id)
    release = disclosure_release.release_disclosure(
        supervisor.uow_factory(), supervisor.actor, request.id
    )
    on_file = _values_on_file(supervisor)
    assert [v.label for v in release.values] == [
        "Address line 1",
        "Address line 2",
        "Town",
        "Postcode",
        "Phone",
    ]
    assert [v.value for v in release.values if v.key in ("address_line1", "phone")] == on_file
    assert release.disclosure.status is DisclosureStatus.RELEASED
    with pytest.raises(ServiceError, match="released"):
        disclosure_release.release_disclosure(
            supervisor.uow_factory(), supervisor.actor, request.id
        )

    events = _events(agent.uow_factory)
    assert [e.action for e in events] == [
        AuditAction.DISCLOSURE_REQUESTED,
        AuditAction.DISCLOSURE_APPROVED,
        AuditAction.FIELD_DISCLOSED,
    ]
    disclosed = events[-1]
    assert disclosed.fields == (*ADDRESS_KEYS, "phone")
    assert disclosed.details["disclosure_id"] == request.id
    assert not any(value in str(e.model_dump()) for e in events for value in on_file)

    record = open_record(
        agent.uow_factory(), agent.actor, JOHN_SMITH, AccessReason(reason="Customer request")
    )
    lines = [entry.what for entry in record.history]
    assert f"Disclosed to a third party (disclosure {request.id}): Address, Phone" in lines
    assert f"Third-party disclosure approved (disclosure {request.id}): Address, Phone" in lines


def test_a_refused_request_releases_nothing_and_closes_its_item(
    agent: Desk, supervisor: Desk
) -> None:
    request = _request(agent)
    refused = disclosures.decide_disclosure(
        supervisor.uow_factory(),
        supervisor.actor,
        request.id,
        approve=False,
        reason="No warrant or DP form",
    )
    assert (refused.status, refused.decision_reason) == (
        DisclosureStatus.REFUSED,
        "No warrant or DP form",
    )
    assert queue.open_items(supervisor.uow_factory(), supervisor.actor) == []
    with pytest.raises(ServiceError, match="Only an approved request"):
        disclosure_release.release_disclosure(
            supervisor.uow_factory(), supervisor.actor, request.id
        )
    with pytest.raises(ServiceError, match="already been decided"):
        disclosures.decide_disclosure(
            supervisor.uow_factory(), supervisor.actor, request.id, approve=True, reason="Oops"
        )
    assert AuditAction.FIELD_DISCLOSED not in [e.action for e in _events(agent.uow_factory)]


def test_a_request_the_requester_withdrew_is_closed_as_withdrawn_releasing_nothing(
    agent: Desk, supervisor: Desk, dpo: Desk
) -> None:
    request = _request(supervisor)  # recorded by the supervisor, who may still withdraw it
    with pytest.raises(PermissionDenied):
        disclosures.withdraw_disclosure(agent.uow_factory(), agent.actor, request.id, "Called")
    with pytest.raises(FieldError):
        disclosures.withdraw_disclosure(supervisor.uow_factory(), supervisor.actor, request.id, "")
    withdrawn = disclosures.withdraw_disclosure(
        supervisor.uow_factory(), supervisor.actor, request.id, "DC Morgan: no longer needed"
    )
    assert (withdrawn.status, withdrawn.decision_reason, withdrawn.decided_by) == (
        DisclosureStatus.WITHDRAWN,
        "DC Morgan: no longer needed",
        "supervisor",
    )
    assert withdrawn.status.label == "withdrawn by the requester"
    assert queue.open_items(supervisor.uow_factory(), supervisor.actor) == []
    assert disclosures.disclosures_to_work(dpo.uow_factory(), dpo.actor) == []
    with pytest.raises(ServiceError, match="already been decided: withdrawn"):
        disclosures.decide_disclosure(
            dpo.uow_factory(), dpo.actor, request.id, approve=True, reason="Sch. 2"
        )
    with pytest.raises(ServiceError, match="Only an approved request"):
        disclosure_release.release_disclosure(dpo.uow_factory(), dpo.actor, request.id)
    with pytest.raises(ServiceError, match="already been decided: withdrawn by the requester"):
        disclosures.withdraw_disclosure(dpo.uow_factory(), dpo.actor, request.id, "Again")
    actions = [e.action for e in _events(agent.uow_factory)]
    assert actions == [AuditAction.DISCLOSURE_REQUESTED, AuditAction.DISCLOSURE_WITHDRAWN]

    # From the command line too, but only while it waits: an approval stays as it was.
    waiting = _request(agent)
    closed = disclosures.withdraw_disclosure(agent.uow_factory(), None, waiting.id, "Withdrawn")
    assert (closed.status, closed.decided_by) == (DisclosureStatus.WITHDRAWN, "system")
    approved = _request(agent)
    disclosures.decide_disclosure(
        dpo.uow_factory(), dpo.actor, approved.id, approve=True, reason="Sch. 2 para 2"
    )
    with pytest.raises(ServiceError, match="already been decided: approved"):
        disclosures.withdraw_disclosure(dpo.uow_factory(), dpo.actor, approved.id, "Late")
    with agent.uow_factory() as uow:
        pack = disclosures_for_customer(uow, JOHN_SMITH)
    assert [d.status for d in pack] == [
        DisclosureStatus.WITHDRAWN,
        DisclosureStatus.WITHDRAWN,
        DisclosureStatus.APPROVED,
    ]


def test_a_request_about_a_restricted_record_is_approved_by_the_dpo_only(
    agent: Desk, supervisor: Desk, dpo: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """Found trying the desk: a supervisor approved and released a police request about a
    record restricted under Art. 18, which they could not even find, with no warning."""
    first, second = _request(agent), _request(agent)
    restriction.restrict_processing(
        dpo.uow_factory(), dpo.actor, first.customer_reference, "Accuracy contested"
    )
    [shown, _] = disclosures.disclosures_to_work(supervisor.uow_factory(), supervisor.actor)
    assert shown.restricted
    with pytest.raises(ServiceError, match="Only a data protection officer approves it"):
        disclosures.decide_disclosure(
            supervisor.uow_factory(), supervisor.actor, first.id, approve=True, reason="Sch. 2"
        )
    refused = disclosures.decide_disclosure(  # refusing discloses nothing: anyone may
        supervisor.uow_factory(), supervisor.actor, first.id, approve=False, reason="No form"
    )
    assert refused.status is DisclosureStatus.REFUSED
    approved = disclosures.decide_disclosure(
        dpo.uow_factory(), dpo.actor, second.id, approve=True, reason="Sch. 2, vital interest"
    )
    assert approved.status is DisclosureStatus.APPROVED
    assert disclosure_release.release_disclosure(dpo.uow_factory(), dpo.actor, second.id).values

    # Restricted after a supervisor approved it: they may not release it any more.
    restriction.lift_restriction(
        dpo.uow_factory(), dpo.actor, first.customer_reference, "Accuracy confirmed"
    )
    third = _request(agent)
    disclosures.decide_disclosure(
        supervisor.uow_factory(), supervisor.actor, third.id, approve=True, reason="Sch. 2"
    )
    restriction.restrict_processing(
        dpo.uow_factory(), dpo.actor, first.customer_reference, "Objection received"
    )
    with pytest.raises(ServiceError, match="restricted"):
        disclosure_release.release_disclosure(supervisor.uow_factory(), supervisor.actor, third.id)


def test_a_handler_cannot_record_a_request_on_a_record_restricted_since_it_was_opened(
    agent: Desk, dpo: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """Found by a helper: an agent with a record open from before its restriction could
    still record a third party's request on it, though every other action there is
    refused; the DPO, who may work on a restricted record, records it."""
    reference = _request(agent).customer_reference
    restriction.restrict_processing(dpo.uow_factory(), dpo.actor, reference, "Objection")
    with pytest.raises(RecordRestricted):
        _request(agent)
    with demo_uow_factory() as uow:
        assert len(uow.disclosures.open_for([JOHN_SMITH])) == 1  # the one from before
        refused = uow.audit.list_recent(customer_id=JOHN_SMITH)[0]
    assert (refused.action, refused.outcome) == (AuditAction.RESTRICTED_RECORD_REFUSED, "refused")
    assert _request(dpo).restricted


COURT = {
    "requester": "Clerk to the court",
    "organisation": "Example County Court",
    "lawful_basis": LAWFUL_BASES[3],  # required by law or court order
    "asked_for": "The account holder's address, for service of a claim",
}


def test_the_one_dpo_decides_a_request_they_recorded_about_a_restricted_record(
    supervisor: Desk, dpo: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    """Found by the DPO: only a DPO approves a request about a restricted record, and only a
    DPO can open one to record it, so with one DPO no such request could ever be approved,
    though Art. 18(2) allows disclosure for legal claims. The four-eyes rule gives way only
    there, and the trail says so; with a second DPO it holds again."""
    restriction.restrict_processing(
        dpo.uow_factory(), dpo.actor, "1001 2345 P", "Accuracy contested"
    )
    court = _request(dpo, **COURT)
    assert (court.restricted, court.recorder_alone) == (True, True)
    assert who_decides(court).startswith(
        "The record is restricted, so only a data protection officer approves it, and you "
        "are the only one: decide it yourself"
    )
    with pytest.raises(ServiceError, match="Only a data protection officer approves it"):
        disclosures.decide_disclosure(
            supervisor.uow_factory(), supervisor.actor, court.id, approve=True, reason="Order"
        )
    approved = disclosures.decide_disclosure(
        dpo.uow_factory(), dpo.actor, court.id, approve=True, reason="Court order: legal claims"
    )
    assert (approved.status, approved.decided_by) == (DisclosureStatus.APPROVED, "dpo")
    assert disclosure_release.release_disclosure(dpo.uow_factory(), dpo.actor, court.id).values
    [decided] = [e for e in _events(dpo.uow_factory) if e.action is AuditAction.DISCLOSURE_APPROVED]
    assert decided.details["decided_by_recorder"] is True

    create_operator(
        demo_uow_factory(), None, "dpo2", "Second DPO", Role.DPO, "second-officer-demo-2026"
    )
    again = _request(dpo, **COURT)
    assert (again.restricted, again.recorder_alone) == (True, False)
    assert who_decides(again) == (
        "The record is restricted, so a data protection officer other than you decides it "
        "(F7, Third-party disclosures)."
    )
    with pytest.raises(ServiceError, match="a data protection officer other than you"):
        disclosures.decide_disclosure(
            dpo.uow_factory(), dpo.actor, again.id, approve=True, reason="Court order"
        )
    other = desk_for(demo_uow_factory, "dpo2")
    decided_by_other = disclosures.decide_disclosure(
        other.uow_factory(), other.actor, again.id, approve=True, reason="Court order"
    )
    assert decided_by_other.decided_by == "dpo2"


def test_a_request_needs_every_answer_a_listed_basis_and_fields(agent: Desk) -> None:
    with pytest.raises(FieldError, match="how their identity"):
        _request(agent, identity_check="  ")
    with pytest.raises(FieldError, match="lawful basis"):
        _request(agent, lawful_basis="Because I said so")
    with pytest.raises(FieldError, match="at least one field"):
        _request(agent, fields=())
    with pytest.raises(FieldError, match="from the list"):
        _request(agent, fields=("security_answer",))
    assert _events(agent.uow_factory) == []


def test_the_subject_access_pack_lists_disclosures_without_values(
    agent: Desk, supervisor: Desk
) -> None:
    first = _request(agent)
    disclosures.decide_disclosure(
        supervisor.uow_factory(), supervisor.actor, first.id, approve=True, reason="Sch. 2"
    )
    disclosure_release.release_disclosure(supervisor.uow_factory(), supervisor.actor, first.id)
    second = _request(agent, organisation="Example Solicitors LLP")
    with agent.uow_factory() as uow:
        pack = disclosures_for_customer(uow, JOHN_SMITH)
    assert [(d.id, d.status, d.approved_by) for d in pack] == [
        (first.id, DisclosureStatus.RELEASED, "supervisor"),
        (second.id, DisclosureStatus.PENDING, None),
    ]
    assert pack[0].field_labels == pack[0].approved_labels == ("Address", "Phone")
    assert pack[1].approved_labels == ()  # not approved (yet)
    assert pack[0].released_at is not None
    assert not any(value in str(pack) for value in _values_on_file(supervisor))


def test_the_command_line_lists_pending_requests_and_queue_close_is_refused(
    agent: Desk, supervisor: Desk, demo_uow_factory: UnitOfWorkFactory
) -> None:
    first = _request(agent)
    _request(agent)
    disclosures.decide_disclosure(
        supervisor.uow_factory(), supervisor.actor, first.id, approve=False, reason="No form"
    )
    everything = disclosures.list_disclosures(demo_uow_factory(), None)
    pending = disclosures.list_disclosures(demo_uow_factory(), None, pending_only=True)
    assert len(everything) == 2
    assert [d.status for d in pending] == [DisclosureStatus.PENDING]
    [item] = queue.open_items(supervisor.uow_factory(), supervisor.actor)
    with pytest.raises(ServiceError, match="Approve or refuse"):
        queue.close_item(supervisor.uow_factory(), supervisor.actor, item.id, "done")


def test_erasing_the_record_closes_its_open_requests_as_erased_not_withdrawn(
    agent: Desk, supervisor: Desk, dpo: Desk
) -> None:
    """Found by a tester as the DPO: erasing a record left its pending request on the
    desk "waiting for approval", asking for "(erased)"; the only way to close it recorded
    it as withdrawn, which it was not. The preview now names each open request by its
    kind and who asks (never what they asked for), and the erasure closes them, audited."""
    solicitor = _request(
        agent,
        requester="A. Jones, solicitor",
        organisation="Example LLP",
        lawful_basis="Legal proceedings (DPA 2018 Sch. 2 para 5)",
        asked_for="Letters about the disputed bill",
    )
    police = _request(agent)
    disclosures.decide_disclosure(
        dpo.uow_factory(), dpo.actor, police.id, approve=True, reason="Sch. 2 para 2 applies"
    )
    refused = _request(agent)
    disclosures.decide_disclosure(
        dpo.uow_factory(), dpo.actor, refused.id, approve=False, reason="No form"
    )
    reference = solicitor.customer_reference

    preview = erasure.preview_erasure(dpo.uow_factory(), dpo.actor, reference)
    notes = [c for c in preview.cautions if c.startswith("Third-party request")]
    assert notes == [
        f"Third-party request {solicitor.id} (Legal proceedings (DPA 2018 Sch. 2 para 5); "
        "Example LLP) is waiting for approval: is it a ground to keep the data (Art. "
        "17(3)(e), or the exemption it cites)? Erasing closes the request.",
        f"Third-party request {police.id} ({CRIME}; Example Constabulary) is approved, not "
        "yet released: is it a ground to keep the data (Art. 17(3)(e), or the exemption it "
        "cites)? Erasing closes the request.",
    ]
    assert not [c for c in preview.cautions if "disputed bill" in c or "Current address" in c]

    done = erasure.erase_customer(dpo.uow_factory(), dpo.actor, JOHN_SMITH, "Her letter")
    assert done.disclosures_closed == (solicitor.id, police.id)
    assert done.closed_line == (
        f"Third-party requests {solicitor.id}, {police.id} closed: the record was erased."
    )
    assert disclosures.disclosures_to_work(dpo.uow_factory(), dpo.actor) == []
    assert queue.open_items(supervisor.uow_factory(), supervisor.actor) == []
    listed = {d.id: d for d in disclosures.list_disclosures(dpo.uow_factory(), None)}
    assert [listed[i].status.label for i in (solicitor.id, police.id, refused.id)] == [
        "closed: the record was erased",
        "closed: the record was erased",
        "refused",
    ]
    with pytest.raises(ServiceError, match="closed: the customer's record was erased"):
        disclosures.withdraw_disclosure(dpo.uow_factory(), None, solicitor.id, "Withdrawn")
    closings = [
        (e.details["disclosure_id"], e.details["was"], e.operator_id)
        for e in _events(agent.uow_factory)
        if e.action is AuditAction.DISCLOSURE_CLOSED_BY_ERASURE
    ]
    assert closings == [
        (solicitor.id, "pending", dpo.actor.operator_id),
        (police.id, "approved", dpo.actor.operator_id),
    ]
    with dpo.uow_factory() as uow:  # the pack says how each ended, the approval kept
        kept = {d.id: d for d in disclosures_for_customer(uow, JOHN_SMITH)}
    assert (kept[solicitor.id].status, kept[solicitor.id].approved_by) == (
        DisclosureStatus.ERASED,
        None,
    )
    assert kept[police.id].approved_by == "dpo"
