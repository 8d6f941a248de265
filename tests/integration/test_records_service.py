"""Opening records with a reason, correcting fields, and the history both leave behind."""

from __future__ import annotations

import re

import pytest

from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.services import audit
from custinfo_tui.services.errors import EditConflict, PermissionDenied
from custinfo_tui.services.record_timeline import TIMELINE_EVENTS
from custinfo_tui.services.records import (
    AccessReasonRequired,
    open_record,
)
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for
from tests.support.database import statements_sent
from tests.support.edits import correct

JOHN_SMITH = 1  # the first demo customer
REASON = AccessReason(reason="Customer wrote in", detail="letter of 20 November")


@pytest.fixture
def agent(demo_uow_factory: UnitOfWorkFactory) -> Actor:
    return actor_for(demo_uow_factory, "agent")


def test_opening_a_record_outside_a_call_needs_a_reason(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    with pytest.raises(AccessReasonRequired):
        open_record(demo_uow_factory(), agent, JOHN_SMITH, None)


def test_the_reason_goes_on_the_viewed_event(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    record = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)

    assert record.value("given_name") == "John"
    assert record.history[0].action == AuditAction.CUSTOMER_VIEWED.value
    assert record.history[0].reason == "Customer wrote in: letter of 20 November"
    assert record.history[0].operator == "agent"


def test_a_card_number_in_the_reason_is_never_stored(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    reason = AccessReason(reason="Customer wrote in", detail="refund to 4111 1111 1111 1111")

    record = open_record(demo_uow_factory(), agent, JOHN_SMITH, reason)

    assert record.history[0].reason == "Customer wrote in: refund to [card number removed]"
    with demo_uow_factory() as uow:
        stored = uow.audit.list_recent(customer_id=JOHN_SMITH, limit=1)[0]
    assert stored.reason is not None and "4111" not in stored.reason


def test_a_correction_keeps_old_and_new_value_operator_and_reason(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    before = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)

    after = correct(
        demo_uow_factory,
        agent,
        JOHN_SMITH,
        before.version,
        {"phone": "020 7946 0123", "town": "leeds"},
        "Entry error corrected",
    )

    assert after.value("phone") == "020 7946 0123"
    assert after.version == before.version + 1
    by_field = {change.field: change for change in after.changes}
    assert by_field["Phone"].new_value == "020 7946 0123"  # as the record shows it
    assert by_field["Phone"].old_value is not None
    assert by_field["Phone"].reason == "Entry error corrected"
    assert by_field["Phone"].operator == "agent"
    updated = after.history[0]
    assert updated.action == AuditAction.CUSTOMER_UPDATED.value
    assert set(updated.fields) == {"phone"} | ({"town"} if "Town" in by_field else set())
    assert "+442079460123" not in str(updated.model_dump())
    assert "7946 0123" not in str(updated.model_dump())


def test_a_renamed_customer_is_found_under_the_new_name_at_once(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    from custinfo_tui.services.lookup import search_customers

    record = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)
    correct(
        demo_uow_factory,
        agent,
        JOHN_SMITH,
        record.version,
        {"family_name": "Smith-Okafor"},
        "Customer changed their name",
    )
    names = [m.display_name for m in search_customers(demo_uow_factory(), agent, "smith-ok")]
    assert names == ["John Smith-Okafor"]


def test_an_invalid_value_names_the_field_and_changes_nothing(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    record = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)
    with pytest.raises(FieldError, match="Postcode"):
        correct(
            demo_uow_factory,
            agent,
            JOHN_SMITH,
            record.version,
            {"town": "York", "postcode": "not a postcode"},
            "Customer moved",
        )
    again = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)
    assert again.version == record.version and again.changes == ()


def test_a_change_based_on_a_stale_read_is_refused(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    record = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)
    correct(demo_uow_factory, agent, JOHN_SMITH, record.version, {"town": "York"}, "Customer moved")
    with pytest.raises(EditConflict):
        correct(
            demo_uow_factory, agent, JOHN_SMITH, record.version, {"town": "Hull"}, "Customer moved"
        )


def test_a_change_needs_a_reason(demo_uow_factory: UnitOfWorkFactory, agent: Actor) -> None:
    record = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)
    with pytest.raises(Exception, match="reason"):
        correct(demo_uow_factory, agent, JOHN_SMITH, record.version, {"town": "York"}, " ")


def test_a_dpo_may_open_but_not_change_and_an_admin_may_do_neither(
    demo_uow_factory: UnitOfWorkFactory,
) -> None:
    dpo = actor_for(demo_uow_factory, "dpo")
    record = open_record(demo_uow_factory(), dpo, JOHN_SMITH, REASON)
    with pytest.raises(PermissionDenied):
        correct(demo_uow_factory, dpo, JOHN_SMITH, record.version, {"town": "York"})
    admin = actor_for(demo_uow_factory, "admin")
    with pytest.raises(PermissionDenied):
        open_record(demo_uow_factory(), admin, JOHN_SMITH, REASON)


def test_the_timeline_lists_the_newest_events_and_says_when_older_ones_are_left_out(
    demo_uow_factory: UnitOfWorkFactory, agent: Actor
) -> None:
    """A customer of many years has more events than the timeline lists: it says so, rather
    than let the oldest seem never to have happened."""
    record = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)
    assert not record.older_events_hidden
    with demo_uow_factory() as uow:
        for _ in range(TIMELINE_EVENTS):
            audit.record(uow, agent, AuditAction.CUSTOMER_SEARCHED, customer_id=JOHN_SMITH)
        uow.commit()

    record = open_record(demo_uow_factory(), agent, JOHN_SMITH, REASON)
    assert record.older_events_hidden
    events = [h for h in record.history if h.action.startswith(("customer.", "caller."))]
    assert len(events) == TIMELINE_EVENTS
    assert events[0].action == "customer.viewed"  # the newest: this opening


def test_the_timeline_names_who_did_each_thing_without_asking_per_operator(
    demo_database_url: str,
) -> None:
    """Every step of a call returns the record with its timeline: each event names the
    operator who did it ("system" for the console itself), read with the events rather
    than operator by operator."""
    engine = build_engine(demo_database_url)
    uow_factory = uow_factory_for(engine)
    agent, supervisor = actor_for(uow_factory, "agent"), actor_for(uow_factory, "supervisor")
    with uow_factory() as uow:
        audit.record(uow, supervisor, AuditAction.CUSTOMER_SEARCHED, customer_id=JOHN_SMITH)
        audit.record(uow, None, AuditAction.CUSTOMER_SEARCHED, customer_id=JOHN_SMITH)
        uow.commit()

    with statements_sent(engine) as sent:
        record = open_record(uow_factory(), agent, JOHN_SMITH, REASON)
    engine.dispose()

    searched = [h.operator for h in record.history if h.action == "customer.searched"]
    assert searched[:2] == ["system", "supervisor"]
    assert record.history[0].operator == "agent"
    # No operator's name read on its own (the agent's standing, read once for the session
    # check, services/session_standing.py, names no one).
    by_operator = [
        s for s, _ in sent if re.search(r"FROM operators\s+WHERE", s) and "username" in s
    ]
    assert by_operator == []
