"""A third party's request recorded in a call names the call (MP-17, MP-18), on SQLite,
SQLCipher and PostgreSQL (migration 0039).

Before, the request kept no call: its decider could not tell which call it came from, the
call's timeline did not say it, and the supervisor closing a call its handler could not
finish was told of the requests "logged during the call" by their time, so one the handler
logged from the lookup while the call was open counted as the call's too. Requests
recorded outside a call stay as they were.
"""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, text

from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES, DisclosureRequestIn
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import QueueKind
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.repository.migrate import alembic_config, upgrade_to_head
from custinfo_tui.services import closing_calls, disclosures
from custinfo_tui.services.errors import CallEnded, NotFound
from custinfo_tui.tui.screens.disclosure_lines import request_lines
from tests.support.actors import Desk, desk_for

JOHN_SMITH, ANOTHER_CUSTOMER = 1, 2
POLICE = DisclosureRequestIn(
    requester="DC 4321 Morgan",
    organisation="Example Constabulary",
    identity_check="Called back on the force switchboard",
    lawful_basis=LAWFUL_BASES[0],
    asked_for="Where the account holder lives",
    fields=("address_line1",),
    channel=CHANNELS[0],
)


def _request(desk: Desk, call: int | None, customer_id: int = JOHN_SMITH) -> disclosures.Disclosure:
    return disclosures.request_disclosure(desk.uow_factory(), desk.actor, customer_id, POLICE, call)


def test_a_request_recorded_in_a_call_names_it_and_one_outside_names_none(
    agent: Desk, supervisor: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.open(call)
    in_call = _request(agent, call)
    outside = _request(agent, None)

    with agent.uow_factory() as uow:
        interaction = uow.interactions.get(call)
        assert interaction is not None
        started = interaction.started_at
        rows = {row.id: row for row in uow.disclosures.for_customer(JOHN_SMITH)}
        assert (rows[in_call.id].interaction_id, rows[outside.id].interaction_id) == (call, None)
        items = {item.id: item for item in uow.queue.list_open(kind=QueueKind.DISCLOSURE_REQUEST)}
        assert items[rows[in_call.id].queue_item_id].interaction_id == call
        assert items[rows[outside.id].queue_item_id].interaction_id is None
        # The request is one of the call's own events, naming no value.
        [requested] = [
            e
            for e in uow.audit.for_interaction(call)
            if e.action is AuditAction.DISCLOSURE_REQUESTED
        ]
        assert requested.details["disclosure_id"] == in_call.id
        assert "Morgan" not in str(requested.details)

    # The supervisor deciding it reads where it came from; the other says as it always did.
    [first, second] = [
        disclosures.disclosure_for_item(supervisor.uow_factory(), supervisor.actor, item)
        for item in (in_call.queue_item_id, outside.queue_item_id)
        if item is not None
    ]
    assert (first.call_channel, first.call_started_at) == ("phone", started)
    recorded = f"Recorded by agent, {first.requested_at:%d %b %Y %H:%M}"
    assert request_lines(first)[0] == f"{recorded}, in the phone call of {started:%H:%M}"
    assert (second.call_channel, second.call_started_at) == (None, None)
    assert request_lines(second)[0] == f"Recorded by agent, {second.requested_at:%d %b %Y %H:%M}"

    # The call's timeline names the call for the one request, and only for that one.
    lines = [entry.what for entry in agent.timeline(call)]
    assert (
        f"Third-party disclosure requested in the phone call of {started:%H:%M} "
        f"(disclosure {in_call.id}): Address"
    ) in lines
    assert f"Third-party disclosure requested (disclosure {outside.id}): Address" in lines


def test_closing_a_call_counts_the_requests_it_names_not_those_logged_while_it_went_on(
    agent: Desk, supervisor: Desk
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.open(call)
    _request(agent, call)
    _request(agent, None)  # from the lookup, the call still open: not the call's
    agent.end(call)

    [unfinished] = [
        c
        for c in closing_calls.unfinished_calls(supervisor.uow_factory(), supervisor.actor)
        if c.interaction_id == call
    ]
    assert unfinished.open_work["disclosure_requests"] == 1


def test_a_call_about_another_customer_or_ended_is_refused_and_nothing_is_saved(
    agent: Desk,
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    with pytest.raises(NotFound, match="not about this customer"):
        _request(agent, call, ANOTHER_CUSTOMER)
    agent.end(call)
    with pytest.raises(CallEnded):
        _request(agent, call)
    with agent.uow_factory() as uow:
        assert uow.disclosures.for_customer(JOHN_SMITH) == []
        assert uow.disclosures.for_customer(ANOTHER_CUSTOMER) == []


def _downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_the_link_goes_with_a_downgrade_and_the_requests_stay(demo_database_url: str) -> None:
    """Migration 0039 both ways: down, each request is kept and only its call forgotten; up
    again, they read as recorded outside a call (nothing says which call an earlier one
    came from) and a new one names its call."""
    engine = build_engine(demo_database_url)
    uow_factory = uow_factory_for(engine)
    agent = desk_for(uow_factory, "agent")
    call = agent.start(JOHN_SMITH).interaction_id
    before = _request(agent, call)
    _downgrade(engine, "0038")
    with engine.connect() as connection:
        columns = connection.execute(text("SELECT * FROM disclosures")).keys()
        assert "interaction_id" not in columns
    upgrade_to_head(engine)

    after = _request(agent, call)
    with uow_factory() as uow:
        links = {row.id: row.interaction_id for row in uow.disclosures.for_customer(JOHN_SMITH)}
    assert links == {before.id: None, after.id: call}
    engine.dispose()
