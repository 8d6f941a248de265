"""A change of address is read back as a whole before it is saved (MP-03), and what the
read-back reads out is disclosed to the caller on the trail (MP-08, MP-10).

The demo's John Smith lives at 12 Acacia Road, London SE1 2QT. Runs on SQLite and
PostgreSQL.
"""

from __future__ import annotations

import pytest

from custinfo_tui.domain.capture import CapturePolicy, FieldEdit, ReadBackConfirmation
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.interactions import RepresentativeIn
from custinfo_tui.domain.readback import UnchangedLine
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.verification import Authority, CallerKind, CheckKind, VerificationPolicy
from custinfo_tui.services import representatives
from custinfo_tui.services.edit_read_back import address_to_read_back
from custinfo_tui.services.errors import ServiceError
from custinfo_tui.services.records import edit_customer, open_record
from tests.support.actors import Desk

POLICY = VerificationPolicy()
JOHN_SMITH = 1
REASON = AccessReason(reason="Customer wrote in", detail="letter")
MOVE = {"address_line1": "14 Harbour Road", "postcode": "YO22 4DE"}


def _save(
    agent: Desk, confirmed: set[str], interaction_id: int | None = None, **changes: str
) -> None:
    version = open_record(agent.uow_factory(), agent.actor, JOHN_SMITH, REASON).version
    edit_customer(
        agent.uow_factory(),
        agent.actor,
        CapturePolicy(),
        JOHN_SMITH,
        version,
        {key: FieldEdit(value=value, reason="Customer moved") for key, value in changes.items()},
        ReadBackConfirmation(confirmed=frozenset(confirmed)),
        policy=POLICY,
        interaction_id=interaction_id,
    )


def _events(agent: Desk, action: AuditAction) -> list[tuple[tuple[str, ...], dict[str, object]]]:
    with agent.uow_factory() as uow:
        found = uow.audit.list_recent(customer_id=JOHN_SMITH, action=action.value)
    return [(tuple(e.fields), dict(e.details)) for e in found]


def test_a_new_street_and_postcode_saved_without_the_town_read_back_are_refused(
    agent: Desk,
) -> None:
    with pytest.raises(ServiceError, match="Read back and confirm with the caller first: Town"):
        _save(agent, set(MOVE), **MOVE)

    _save(agent, {*MOVE, "town"}, **MOVE)

    [(fields, details)] = _events(agent, AuditAction.READ_BACK_CONFIRMED)
    assert fields == ("address_line1", "postcode", "town")
    assert details["unchanged"] == ["town"]


def test_a_change_outside_the_address_reads_back_nothing_more(agent: Desk) -> None:
    assert (
        address_to_read_back(
            agent.uow_factory(), agent.actor, JOHN_SMITH, {"phone": "07700 900999"}, policy=POLICY
        )
        == ()
    )
    _save(agent, {"phone"}, phone="07700 900999")
    [(fields, details)] = _events(agent, AuditAction.READ_BACK_CONFIRMED)
    assert fields == ("phone",) and "unchanged" not in details


def test_in_a_call_the_rest_of_the_address_is_disclosed_as_it_is_read_back(
    agent: Desk,
) -> None:
    call = agent.start(JOHN_SMITH).interaction_id
    agent.verify(call, "12/04/1980", "SE1 2QT")
    agent.check(call, CheckKind.SECURITY_ANSWER, "Biscuit")  # High: the address may change

    def read() -> tuple[UnchangedLine, ...]:
        return address_to_read_back(
            agent.uow_factory(), agent.actor, JOHN_SMITH, MOVE, policy=POLICY, interaction_id=call
        )

    assert read() == (UnchangedLine("town", "London"),)
    assert read() == (UnchangedLine("town", "London"),)  # asked again: disclosed once
    disclosed = _events(agent, AuditAction.FIELD_DISCLOSED)
    assert [(fields, d["context"]) for fields, d in disclosed] == [(("town",), "read_back")]

    _save(agent, {*MOVE, "town"}, interaction_id=call, **MOVE)
    # The town is not told twice; the new lines the read-back said are, once saved.
    disclosed = [fields for fields, _ in _events(agent, AuditAction.FIELD_DISCLOSED)]
    assert disclosed.count(("town",)) == 1
    assert [f for f in disclosed if f != ("town",)] == [tuple(sorted(MOVE))]
    # On the timeline, read back to the caller, not "Disclosed to the customer", as if asked.
    what = [entry.what for entry in agent.timeline(call)]
    assert "Read back to the caller: Town" in what
    assert not [line for line in what if line.startswith("Disclosed to")]


def test_a_line_the_caller_may_not_hear_is_withheld_and_not_asked_of_them(
    agent: Desk,
) -> None:
    """A son who may change the address but not hear it (his scope): the lines kept are
    not read to him, so the save does not ask for them."""
    son = representatives.add_representative(
        agent.uow_factory(),
        agent.actor,
        JOHN_SMITH,
        RepresentativeIn(
            given_name="Ewan",
            family_name="Smith",
            relationship="son",
            authority=Authority.POWER_OF_ATTORNEY,
            scope=("change:address",),
            date_of_birth="03/03/1969",
            postcode="KA27 8QQ",
            security_question="Favourite flower?",
            security_answer="Thistle",
        ),
    ).id
    call = agent.start(JOHN_SMITH).interaction_id
    agent.identify(call, CallerKind.REPRESENTATIVE, son)
    agent.verify(call, "03/03/1969", "KA27 8QQ")
    agent.check(call, CheckKind.SECURITY_ANSWER, "Thistle")

    lines = address_to_read_back(
        agent.uow_factory(),
        agent.actor,
        JOHN_SMITH,
        {"town": "Whitby"},
        policy=POLICY,
        interaction_id=call,
    )

    assert lines == (
        UnchangedLine("address_line1", None, withheld="outside their scope"),
        UnchangedLine("postcode", None, withheld="outside their scope"),
    )
    assert _events(agent, AuditAction.FIELD_DISCLOSED) == []
    _save(agent, {"town"}, interaction_id=call, town="Whitby")
    [(fields, details)] = _events(agent, AuditAction.READ_BACK_CONFIRMED)
    assert fields == ("town",) and "unchanged" not in details


def test_a_move_abroad_reads_back_the_lines_it_keeps_but_not_the_uk_postcode(
    agent: Desk,
) -> None:
    lines = address_to_read_back(
        agent.uow_factory(),
        agent.actor,
        JOHN_SMITH,
        {"country": "France", "foreign_postcode": "75001", "town": "Paris"},
        policy=POLICY,
    )
    assert lines == (UnchangedLine("address_line1", "12 Acacia Road"),)
