"""A handler asks a supervisor to merge two records of one person (MP-13), on SQLite,
SQLCipher and PostgreSQL: a possible-duplicate item said to be the same person, worked and
merged from the queue as any other; refused to a role that may not, for a pair already on
the queue, and with no reason worth the name."""

from __future__ import annotations

import pytest

from custinfo_tui.domain.capture import CapturePolicy, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.customers import CustomerStatus
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import QueueItem, QueueKind
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.verification import Channel
from custinfo_tui.services import merging, queue, same_person
from custinfo_tui.services.capture import create_customer
from custinfo_tui.services.errors import PermissionDenied, ServiceError
from custinfo_tui.services.records import open_record
from tests.support.actors import Desk

JOHN_SMITH = 1  # the demo's first customer, born 12 April 1980, 12 Acacia Road
SAID_DIFFERENT = "Caller says he is not the John Smith on file"
SAME = "Same date of birth and address; he uses both phones"
#: John Smith again, with another phone: the lookup lists him twice.
TWIN = {
    "given_name": "John",
    "family_name": "Smith",
    "date_of_birth": "12/04/1980",
    "phone": "07700 900555",
    "address_line1": "12 Acacia Road",
    "town": "London",
    "postcode": "SE1 2QT",
}
LOOKING = AccessReason(reason="Customer wrote in", detail="letter")


def _twin_told_apart(agent: Desk, supervisor: Desk) -> int:
    """John Smith saved again as a different person, and the supervisor's item about it
    closed as two people: the lookup lists two John Smiths, and nothing pairs them."""
    new = NewCustomer(
        template="new_customer",
        values=TWIN,
        enquiry_type="New account",
        consent=ConsentAnswers(),
        read_back=ReadBackConfirmation(confirmed=frozenset(TWIN)),
        different_person_reason=SAID_DIFFERENT,
    )
    twin = create_customer(
        agent.uow_factory(), agent.actor, CapturePolicy(), Channel.PHONE, new
    ).customer_id
    [item] = supervisor.items()
    queue.close_item(supervisor.uow_factory(), supervisor.actor, item.id, "Checked: two people")
    return twin


def _ask(desk: Desk, customer_id: int, other_id: int, reason: str = SAME) -> int:
    asked = same_person.ask_to_merge(desk.uow_factory(), desk.actor, customer_id, other_id, reason)
    return asked.queue_item_id


def _duplicates(supervisor: Desk) -> list[QueueItem]:
    return [i for i in supervisor.items() if i.kind == QueueKind.POSSIBLE_DUPLICATE]


def test_a_handler_asks_for_a_merge_and_the_supervisor_merges_from_the_queue(
    agent: Desk, supervisor: Desk
) -> None:
    twin = _twin_told_apart(agent, supervisor)

    # Asked from the twin's row, the record held first is the one a merge keeps.
    item_id = _ask(agent, twin, JOHN_SMITH)

    [item] = _duplicates(supervisor)
    assert item.id == item_id and item.raised_by == "agent"
    assert (item.customer_id, item.other_customer_id) == (twin, JOHN_SMITH)
    assert item.why_same == SAME
    assert "said by a handler to be the same person as" in item.summary
    for value in ("John", "Smith", "1980", "900555", "Acacia", "SE1"):  # references only
        assert value not in item.summary
    # Both records now say what they may be, not that a handler told them apart.
    for this, that in ((twin, JOHN_SMITH), (JOHN_SMITH, twin)):
        record = open_record(agent.uow_factory(), agent.actor, this, LOOKING)
        assert record.possible_duplicate_of == (agent.reference(that),)
        assert record.said_different_from == ()
    with agent.uow_factory() as uow:
        asked = uow.audit.list_recent(action=AuditAction.MERGE_ASKED.value)
    assert {e.customer_id for e in asked} == {twin, JOHN_SMITH}
    assert {e.details["queue_item"] for e in asked} == {item_id}
    assert all(e.reason == SAME and e.operator_id == agent.actor.operator_id for e in asked)

    # The supervisor merges from the item as from any possible duplicate: it closes.
    merging.merge_records(
        supervisor.uow_factory(),
        supervisor.actor,
        JOHN_SMITH,
        twin,
        {},
        "Same person, as the handler said",
        queue_item_id=item_id,
    )
    assert _duplicates(supervisor) == []
    with supervisor.uow_factory() as uow:
        merged = uow.customers.get(twin)
        assert merged is not None and merged.status == CustomerStatus.MERGED


def test_asking_is_refused_to_a_role_that_may_not_and_without_a_reason_or_twice(
    agent: Desk, supervisor: Desk, dpo: Desk
) -> None:
    twin = _twin_told_apart(agent, supervisor)

    # Who may save a new customer despite a possible duplicate may ask: not the DPO.
    with pytest.raises(PermissionDenied):
        _ask(dpo, twin, JOHN_SMITH)
    with pytest.raises(ServiceError, match="in a few words"):
        _ask(agent, twin, JOHN_SMITH, reason="dup")
    with pytest.raises(ServiceError, match="choose the other record"):
        _ask(agent, twin, twin)
    assert _duplicates(supervisor) == []

    # Asked once, the pair is on the queue: a second ask, either way round, adds nothing.
    item_id = _ask(agent, JOHN_SMITH, twin)
    with pytest.raises(ServiceError, match=f"queue item {item_id}"):
        _ask(supervisor, twin, JOHN_SMITH)
    assert [i.id for i in _duplicates(supervisor)] == [item_id]


def test_a_supervisors_request_names_a_supervisor_on_the_queue(
    agent: Desk, supervisor: Desk
) -> None:
    """Found by a supervisor who put two records on the queue from a call (their merge
    waits for it to end): the item read "said by a handler". It names who said it by the
    role they asked in."""
    twin = _twin_told_apart(agent, supervisor)

    item_id = _ask(supervisor, twin, JOHN_SMITH)

    [item] = _duplicates(supervisor)
    assert item.id == item_id and item.raised_by == "supervisor"
    twin_ref, john_ref = supervisor.reference(twin), supervisor.reference(JOHN_SMITH)
    assert item.summary == (
        f"{twin_ref} said by a supervisor to be the same person as {john_ref}. "
        "Merge them if they are."
    )


def test_a_supervisor_asking_twice_is_told_the_pair_is_theirs_to_merge(
    agent: Desk, supervisor: Desk
) -> None:
    """Found by a supervisor in a call: asking again for a pair on the queue told them "a
    supervisor will look at them", the one who will. They are told it is there for them to
    merge once the call is wrapped up, and how to get to it; a handler is told as before."""
    twin = _twin_told_apart(agent, supervisor)
    item_id = _ask(agent, twin, JOHN_SMITH)

    with pytest.raises(ServiceError) as theirs:
        _ask(supervisor, JOHN_SMITH, twin)
    said = str(theirs.value)
    assert f"(queue item {item_id}): compare and merge them from there once this call is" in said
    assert "(Ctrl+G, then Enter on it)" in said and "a supervisor will look" not in said

    with pytest.raises(ServiceError, match="a supervisor will look at them"):
        _ask(agent, JOHN_SMITH, twin)
    assert [i.id for i in _duplicates(supervisor)] == [item_id]
