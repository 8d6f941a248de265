"""The console hears the audit actions its own service calls commit (training mode), on
SQLite, SQLCipher and PostgreSQL: actions only, in order, and nothing from a transaction
that rolled back."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.verification import CheckKind
from custinfo_tui.services.audit_listener import announcing
from custinfo_tui.services.records import AccessReasonRequired, open_record
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk, actor_for

JOHN_SMITH = 1  # DOB 1980-04-12, SE1 2QT


def test_each_committed_action_is_heard_in_order(demo_uow_factory: UnitOfWorkFactory) -> None:
    heard: list[AuditAction] = []
    factory = announcing(demo_uow_factory, heard.append)
    desk = Desk(factory, actor_for(demo_uow_factory, "agent"))

    state = desk.start(JOHN_SMITH)
    desk.check(state.interaction_id, CheckKind.DATE_OF_BIRTH, "12/04/1980")
    desk.check(state.interaction_id, CheckKind.POSTCODE, "SE1 2QT")

    assert heard[0] is AuditAction.INTERACTION_STARTED
    assert heard[-2:] == [AuditAction.CALLER_CHECK_PASSED, AuditAction.CALLER_VERIFIED]
    assert all(isinstance(action, AuditAction) for action in heard)


def test_a_refused_call_tells_nothing(demo_uow_factory: UnitOfWorkFactory) -> None:
    heard: list[AuditAction] = []
    factory = announcing(demo_uow_factory, heard.append)
    actor = actor_for(demo_uow_factory, "agent")

    with pytest.raises(AccessReasonRequired):
        open_record(factory(), actor, JOHN_SMITH, AccessReason(reason=" "))
    assert heard == []

    open_record(factory(), actor, JOHN_SMITH, AccessReason(reason="Letter received"))
    assert heard == [AuditAction.CUSTOMER_VIEWED]


def test_an_event_appended_then_rolled_back_is_not_heard(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    from custinfo_tui.services import audit

    heard: list[AuditAction] = []
    uow = announcing(demo_uow_factory, heard.append)()
    with uow:
        audit.record(uow, None, AuditAction.AUDIT_SEARCHED)
        uow.rollback()
    with uow:
        audit.record(uow, None, AuditAction.AUDIT_SEARCHED)
    assert heard == []
