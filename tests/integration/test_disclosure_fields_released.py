"""Which fields a third party is sent (MP-17), on SQLite, SQLCipher and PostgreSQL: the
approver releases fewer than were asked for, the least that answers, and both are kept,
on the release, the timeline and the person's pack; the address goes whole, never a
street without its town and postcode; and requests approved before the approver could
choose read as approving every field asked for once the database is upgraded.
"""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import Engine, text

from custinfo_tui.composition import uow_factory_for
from custinfo_tui.domain.disclosure_fields import ADDRESS_KEYS, NOT_ASKED, NOTHING_TICKED
from custinfo_tui.domain.disclosures import (
    CHANNELS,
    LAWFUL_BASES,
    DisclosureRequestIn,
    DisclosureStatus,
)
from custinfo_tui.domain.events import AuditAction
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.repository.engine import build_engine
from custinfo_tui.repository.migrate import alembic_config, upgrade_to_head
from custinfo_tui.services import disclosure_release, disclosures
from custinfo_tui.services import subject_access_export as export
from custinfo_tui.services.records import open_record
from tests.support.actors import Desk, desk_for

JOHN_SMITH = 1
#: A police request for "current address and phone number", ticked with the e-mail too.
ASKED = ("phone", "email", *ADDRESS_KEYS)


def _request(agent: Desk, fields: tuple[str, ...] = ASKED) -> disclosures.Disclosure:
    given = DisclosureRequestIn(
        requester="DC 4321 Morgan",
        organisation="Example Constabulary",
        identity_check="Called back on the force switchboard",
        lawful_basis=LAWFUL_BASES[0],
        asked_for="Current address and phone number",
        fields=fields,
        channel=CHANNELS[0],
    )
    return disclosures.request_disclosure(agent.uow_factory(), agent.actor, JOHN_SMITH, given)


def _approve(
    desk: Desk, disclosure_id: int, fields: tuple[str, ...] | None
) -> disclosures.Disclosure:
    return disclosures.decide_disclosure(
        desk.uow_factory(), desk.actor, disclosure_id, approve=True, reason="Sch. 2", fields=fields
    )


def test_the_approver_releases_fewer_fields_than_asked_and_both_are_kept(
    agent: Desk, dpo: Desk
) -> None:
    request = _request(agent)
    with pytest.raises(FieldError, match=NOTHING_TICKED):
        _approve(dpo, request.id, ())
    with pytest.raises(FieldError, match=NOT_ASKED):
        _approve(dpo, request.id, ("phone", "date_of_birth"))
    assert disclosures.disclosures_to_work(dpo.uow_factory(), dpo.actor)[0].status is (
        DisclosureStatus.PENDING
    )

    # A line of the address ticked is the whole address: it goes whole or not at all.
    approved = disclosures.decide_disclosure(
        dpo.uow_factory(),
        dpo.actor,
        request.id,
        approve=True,
        reason="Sch. 2 para 2; the e-mail is not needed",
        fields=("phone", "town"),
    )
    assert approved.fields == ASKED
    assert approved.approved_fields == ("phone", *ADDRESS_KEYS)
    assert approved.approved_labels == ("Phone", "Address")

    release = disclosure_release.release_disclosure(dpo.uow_factory(), dpo.actor, request.id)
    assert [value.key for value in release.values] == [
        "phone",
        "address_line1",
        "address_line2",
        "town",
        "postcode",  # an address in the UK: no country row, as on the record
    ]
    assert release.disclosure.field_labels == ("Phone", "E-mail", "Address")

    with dpo.uow_factory() as uow:
        trail = {
            e.action: e
            for e in uow.audit.list_recent(customer_id=JOHN_SMITH)
            if e.details.get("disclosure_id") == request.id
        }
    assert trail[AuditAction.DISCLOSURE_APPROVED].fields == ("phone", *ADDRESS_KEYS)
    assert trail[AuditAction.DISCLOSURE_APPROVED].details["not_approved"] == ["email"]
    assert trail[AuditAction.FIELD_DISCLOSED].fields == ("phone", *ADDRESS_KEYS)
    assert "email" not in trail[AuditAction.FIELD_DISCLOSED].fields

    record = open_record(
        agent.uow_factory(), agent.actor, JOHN_SMITH, AccessReason(reason="Customer request")
    )
    lines = [entry.what for entry in record.history]
    number = request.id
    assert f"Third-party disclosure requested (disclosure {number}): Phone, E-mail, Address" in (
        lines
    )
    assert (
        f"Third-party disclosure approved (disclosure {number}): Phone, Address; "
        "not approved: E-mail"
    ) in lines
    assert f"Disclosed to a third party (disclosure {number}): Phone, Address" in lines

    pack = export.subject_access_pack(dpo.uow_factory(), dpo.actor, JOHN_SMITH)
    section = pack.section("disclosures")
    [row] = section.rows
    cell = dict(zip(section.columns, row, strict=True))
    assert (cell["Details asked"], cell["Details approved"]) == (
        "Phone, E-mail, Address",
        "Phone, Address",
    )
    assert cell["Decision"] == "released"
    receives = [answer for question, answer in pack.section("about").rows if "receives" in question]
    assert any(  # who receives their data: what was sent them
        r.startswith("Example Constabulary, on ")
        and r.endswith(": Phone, Address (see Disclosures to third parties).")
        for r in receives
    )


def test_a_part_of_the_address_asked_for_alone_brings_the_whole_address(agent: Desk) -> None:
    """Found by an explorer: "Address line 1" was a field of its own, and a request for
    the address released "12 Acacia Road", no town, no postcode."""
    request = _request(agent, ("address_line1",))
    assert request.fields == ADDRESS_KEYS
    assert request.field_labels == ("Address",)


def _downgrade(engine: Engine, revision: str) -> None:
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_requests_approved_before_read_as_approving_every_field_asked_for(
    demo_database_url: str,
) -> None:
    """Migration 0038: a request approved before the approver could choose released all it
    asked for; one waiting for a decision has nothing approved yet."""
    engine = build_engine(demo_database_url)
    uow_factory = uow_factory_for(engine)
    agent, dpo = desk_for(uow_factory, "agent"), desk_for(uow_factory, "dpo")
    released, waiting = _request(agent), _request(agent)
    _approve(dpo, released.id, None)
    disclosure_release.release_disclosure(dpo.uow_factory(), dpo.actor, released.id)
    _downgrade(engine, "0033")
    upgrade_to_head(engine)

    with engine.connect() as connection:
        found = connection.execute(text("SELECT id, approved_fields FROM disclosures"))
        rows = {disclosure_id: approved for disclosure_id, approved in found}
    assert set(rows) == {released.id, waiting.id}
    assert rows[waiting.id] is None
    with uow_factory() as uow:
        row = uow.disclosures.get(released.id)
        assert row is not None and row.approved_fields == list(ASKED)
    engine.dispose()
