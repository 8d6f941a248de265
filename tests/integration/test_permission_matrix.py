"""Each service, called as each role, is allowed or refused exactly as the matrix says."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
from custinfo_tui.domain.events import AuditTrailFilters
from custinfo_tui.domain.merging import comparing_reason
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.roles import Role
from custinfo_tui.domain.verification import Channel, VerificationPolicy
from custinfo_tui.services.audit import search_events
from custinfo_tui.services.auth import authenticate
from custinfo_tui.services.capture_call import start_new_customer_call
from custinfo_tui.services.closing_calls import close_call, unfinished_calls
from custinfo_tui.services.complaints import due_complaints, raise_complaint
from custinfo_tui.services.demo import DEMO_OPERATORS
from custinfo_tui.services.errors import PermissionDenied
from custinfo_tui.services.lookup import search_customers
from custinfo_tui.services.merging import preview_merge
from custinfo_tui.services.operators import create_operator
from custinfo_tui.services.permissions import Permission, allows
from custinfo_tui.services.queue import open_items
from custinfo_tui.services.records import open_record
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from custinfo_tui.services.verification import start_interaction
from tests.support.actors import actor_for
from tests.support.edits import correct

REASON = AccessReason(reason="Supervisor quality check")
ServiceCall = Callable[[UnitOfWorkFactory, Actor], object]


def _search(uow_factory: UnitOfWorkFactory, actor: Actor) -> object:
    return search_customers(uow_factory(), actor, "smith")


def _open(uow_factory: UnitOfWorkFactory, actor: Actor) -> object:
    return open_record(uow_factory(), actor, 1, REASON)


def _correct(uow_factory: UnitOfWorkFactory, actor: Actor) -> object:
    with uow_factory() as uow:  # each allowed role changes the record; use its latest version
        customer = uow.customers.get(1)
        assert customer is not None
        version = customer.version
    town = f"York {actor.role.value}"
    return correct(uow_factory, actor, 1, version, {"town": town}, "Customer moved")


def _add_operator(uow_factory: UnitOfWorkFactory, actor: Actor) -> object:
    return create_operator(
        uow_factory(),
        actor,
        f"new-{actor.role.value}",
        "New Person",
        Role.AGENT,
        "a-long-enough-password",
    )


def _start_call(uow_factory: UnitOfWorkFactory, actor: Actor) -> object:
    return start_interaction(uow_factory(), actor, VerificationPolicy(), 1, Channel.PHONE)


def _start_new_customer_call(uow_factory: UnitOfWorkFactory, actor: Actor) -> object:
    return start_new_customer_call(uow_factory(), actor, Channel.PHONE)


def _queue(uow_factory: UnitOfWorkFactory, actor: Actor) -> object:
    return open_items(uow_factory(), actor)


def _audit_trail(uow_factory: UnitOfWorkFactory, actor: Actor) -> object:
    return search_events(uow_factory(), actor, AuditTrailFilters())


def _raise_complaint(uow_factory: UnitOfWorkFactory, actor: Actor) -> object:
    given = ComplaintIn(
        category="Service",
        customer_said="Kept waiting",
        apology="Sorry for the wait",
        solution="Call back today",
    )
    return raise_complaint(uow_factory(), actor, ComplaintPolicy(), 1, given)


def _due_complaints(uow_factory: UnitOfWorkFactory, actor: Actor) -> object:
    return due_complaints(uow_factory(), actor, ComplaintPolicy(), date(2026, 12, 1))


def _preview_merge(uow_factory: UnitOfWorkFactory, actor: Actor) -> object:
    return preview_merge(uow_factory(), actor, 1, 2, comparing_reason("Same phone on a letter"))


def _unfinished_calls(uow_factory: UnitOfWorkFactory, actor: Actor) -> object:
    return unfinished_calls(uow_factory(), actor)


def _close_call(uow_factory: UnitOfWorkFactory, actor: Actor) -> object:
    """A call the agent left open, closed by `actor` (told its desk may be in use)."""
    agent = actor_for(uow_factory, "agent")
    call = start_interaction(uow_factory(), agent, VerificationPolicy(), 1, Channel.PHONE)
    reason = "Handler went home ill"
    return close_call(uow_factory(), actor, call.interaction_id, reason, desk_in_use_confirmed=True)


SERVICES: list[tuple[str, ServiceCall, Permission]] = [
    ("search_events", _audit_trail, Permission.VIEW_AUDIT),
    ("search_customers", _search, Permission.SEARCH_CUSTOMERS),
    ("open_record", _open, Permission.VIEW_CUSTOMER),
    ("correct_fields", _correct, Permission.EDIT_CUSTOMER),
    ("create_operator", _add_operator, Permission.MANAGE_OPERATORS),
    ("start_interaction", _start_call, Permission.VERIFY_CALLERS),
    # Also VERIFY_CALLERS, which every role that may change records has.
    ("start_new_customer_call", _start_new_customer_call, Permission.EDIT_CUSTOMER),
    ("queue_items", _queue, Permission.WORK_QUEUE),
    ("raise_complaint", _raise_complaint, Permission.EDIT_CUSTOMER),
    ("due_complaints", _due_complaints, Permission.WORK_QUEUE),
    ("preview_merge", _preview_merge, Permission.WORK_QUEUE),
    ("unfinished_calls", _unfinished_calls, Permission.WORK_QUEUE),
    ("close_call", _close_call, Permission.WORK_QUEUE),
]


@pytest.fixture
def actors(demo_uow_factory: UnitOfWorkFactory) -> dict[Role, Actor]:
    found = {}
    for demo in DEMO_OPERATORS:
        outcome = authenticate(demo_uow_factory(), demo.username, demo.password)
        assert outcome.actor is not None
        found[demo.role] = outcome.actor
    return found


@pytest.mark.parametrize(("name", "call", "permission"), SERVICES, ids=[s[0] for s in SERVICES])
def test_every_role_is_allowed_or_refused_as_the_matrix_says(
    demo_uow_factory: UnitOfWorkFactory,
    actors: dict[Role, Actor],
    name: str,
    call: ServiceCall,
    permission: Permission,
) -> None:
    for role, actor in actors.items():
        if allows(role, permission):
            call(demo_uow_factory, actor)
        else:
            with pytest.raises(PermissionDenied):
                call(demo_uow_factory, actor)
