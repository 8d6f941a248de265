"""The DPO corrects a record for a rectification request (UK GDPR Art. 16), and only then:
the same edit, a reason for each change, read back, audited naming the request
(services/edit_authority.py; docs/access-control.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from custinfo_tui.domain.capture import CapturePolicy
from custinfo_tui.domain.data_protection.rectification import RECTIFICATION_REASON
from custinfo_tui.domain.data_protection.rights import DATA_PROTECTION_ENQUIRY, DataRight
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.subject_access import SubjectAccessIn
from custinfo_tui.domain.wrap_up import WrapUpIn
from custinfo_tui.services import restriction, rights_answered, wrap_up
from custinfo_tui.services import subject_access as sar
from custinfo_tui.services.errors import PermissionDenied, ServiceError
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for, desk_for
from tests.support.edits import correct

JOHN_SMITH = 1
REFERENCE = "1001 2345 P"


def _today() -> date:
    return datetime.now(UTC).date()


def _version(uow_factory: UnitOfWorkFactory) -> int:
    with uow_factory() as uow:
        customer = uow.customers.get(JOHN_SMITH)
        assert customer is not None
        return customer.version


def _rename_town(
    uow_factory: UnitOfWorkFactory, actor: Actor, town: str, reason: str = RECTIFICATION_REASON
) -> CustomerRecord:
    return correct(uow_factory, actor, JOHN_SMITH, _version(uow_factory), {"town": town}, reason)


def _log_rectification(uow_factory: UnitOfWorkFactory, dpo: Actor) -> int:
    given = SubjectAccessIn(
        customer_reference=REFERENCE,
        requested_by="The customer, by letter",
        identity_check="Passport seen",
        received_on=_today(),
        right=DataRight.RECTIFICATION,
    )
    return sar.log_request(uow_factory(), dpo, given, _today()).id


def test_the_dpo_corrects_a_restricted_record_only_while_its_rectification_request_is_open(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    dpo = actor_for(demo_uow_factory, "dpo")
    agent = actor_for(demo_uow_factory, "agent")
    with pytest.raises(PermissionDenied, match="no rectification request open"):
        _rename_town(demo_uow_factory, dpo, "Leeds")

    request_id = _log_rectification(demo_uow_factory, dpo)
    restriction.restrict_processing(
        demo_uow_factory(), dpo, REFERENCE, "Accuracy contested (Art. 18(1)(a))"
    )
    record = _rename_town(demo_uow_factory, dpo, "Leeds")
    assert record.value("town") == "Leeds"
    assert record.rectification is not None and record.rectification.request_id == request_id
    [change] = [c for c in record.changes if c.field == "Town"]
    assert (change.operator, change.reason, change.new_value) == (
        "dpo",
        RECTIFICATION_REASON,
        "Leeds",
    )
    with demo_uow_factory() as uow:
        [updated] = uow.audit.list_recent(
            customer_id=JOHN_SMITH, action=AuditAction.CUSTOMER_UPDATED.value
        )
        [read_back] = uow.audit.list_recent(
            customer_id=JOHN_SMITH, action=AuditAction.READ_BACK_CONFIRMED.value
        )
    assert updated.fields == ("town",) and updated.details["rectification_request"] == request_id
    # The town checked with the rest of the address, kept as it was.
    assert read_back.fields == ("address_line1", "postcode", "town")
    assert read_back.details["unchanged"] == ["address_line1", "postcode"]

    # Its reason is the DPO's alone; once the request is answered, the DPO edits no more.
    restriction.lift_restriction(demo_uow_factory(), dpo, REFERENCE, "Accuracy settled")
    with pytest.raises(ServiceError, match="choose a reason"):
        _rename_town(demo_uow_factory, agent, "York")
    sar.answer_request(demo_uow_factory(), dpo, request_id, _today(), "Town corrected")
    with pytest.raises(PermissionDenied, match="no rectification request open"):
        _rename_town(demo_uow_factory, dpo, "York")


def test_a_request_taken_from_a_caller_not_verified_is_checked_before_the_record_is_corrected(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    agent, dpo = desk_for(demo_uow_factory, "agent"), actor_for(demo_uow_factory, "dpo")
    call = agent.start(JOHN_SMITH)
    given = WrapUpIn(
        enquiry_type=DATA_PROTECTION_ENQUIRY,
        outcome="transferred",
        notes="Caller says the town on file is wrong",
        rights=(DataRight.RECTIFICATION,),
    )
    wrap_up.wrap_up(agent.uow_factory(), agent.actor, CapturePolicy(), call.interaction_id, given)
    [request] = sar.list_requests(demo_uow_factory(), dpo, _today())
    assert request.identity_to_verify

    with pytest.raises(ServiceError, match="record how their identity was checked first"):
        _rename_town(demo_uow_factory, dpo, "Leeds")
    how = "Called back on the number on file"
    rights_answered.confirm_identity(demo_uow_factory(), dpo, request.id, how, _today())
    assert _rename_town(demo_uow_factory, dpo, "Leeds").value("town") == "Leeds"
