"""An agent's day of real work with known personal values planted in it, through the real
services: what the evidence export (MP-21) must never show."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from custinfo_tui.domain.capture import (
    MOVED,
    CapturePolicy,
    FieldEdit,
    NewCustomer,
    ReadBackConfirmation,
)
from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
from custinfo_tui.domain.consent import ConsentAnswers
from custinfo_tui.domain.discrepancies import DiscrepancyIn
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.domain.verification import Channel, VerificationPolicy
from custinfo_tui.domain.wrap_up import WrapUpIn
from custinfo_tui.services import complaints, discrepancies, wrap_up
from custinfo_tui.services.capture import create_customer
from custinfo_tui.services.records import edit_customer, open_record
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import desk_for
from tests.support.edits import read_back_of

CAPTURE = CapturePolicy()
POLICY = VerificationPolicy(actions={**VerificationPolicy().actions, "change:address": "standard"})
PLANTED = {
    "given_name": "Philippa",
    "family_name": "Quartermaine",
    "date_of_birth": "14/03/1971",
    "phone": "07700 900457",
    "email": "philippa.q@example.com",
    "address_line1": "27 Marigold Terrace",
    "town": "Norwich",
    "postcode": "NR2 3BR",
}
NEW_LINE = "9 Bramble Close"
#: Every planted value, in the forms the services store or a handler types them.
NEEDLES = (
    "Philippa",
    "Quartermaine",
    "14/03/1971",
    "1971-03-14",
    "07700 900457",
    "7700900457",
    "philippa.q",
    "Marigold",
    "Bramble",
    "NR2 3BR",
    "NR23BR",
    "secret note",
)


def plant_work(uow_factory: UnitOfWorkFactory) -> str:
    """The agent's day: a capture, a call with a correction, a discrepancy, a complaint and
    a wrap-up, then a record opened outside a call with a typed reason. The reference."""
    desk = desk_for(uow_factory, "agent", POLICY)
    created = create_customer(
        uow_factory(),
        desk.actor,
        CAPTURE,
        Channel.PHONE,
        NewCustomer(
            template="new_customer",
            values=PLANTED,
            enquiry_type="New account",
            consent=ConsentAnswers(),
            read_back=ReadBackConfirmation(confirmed=frozenset(PLANTED)),
        ),
    )
    customer_id = created.customer_id
    with uow_factory() as uow:
        row = uow.customers.get(customer_id)
        assert row is not None
        reference, version = row.reference, row.version
    said = f"Philippa Quartermaine, 07700 900457, {reference}, secret note"
    call = desk.start(customer_id).interaction_id
    desk.open(call)
    desk.verify(call, PLANTED["date_of_birth"], PLANTED["postcode"])
    edit_customer(
        uow_factory(),
        desk.actor,
        CAPTURE,
        customer_id,
        version,
        {"address_line1": FieldEdit(value=NEW_LINE, reason=MOVED)},
        read_back_of("address_line1"),
        policy=POLICY,
        interaction_id=call,
    )
    discrepancies.report_discrepancy(
        uow_factory(),
        desk.actor,
        customer_id,
        DiscrepancyIn(field="email", claimed_value="philippa.q@example.com", why=said),
        call,
    )
    complaints.raise_complaint(
        uow_factory(),
        desk.actor,
        ComplaintPolicy(),
        customer_id,
        ComplaintIn(
            category="Service",
            customer_said=said,
            apology=f"Sorry, {said}",
            solution=f"Solved for {said}",
            follow_up_on=(datetime.now(UTC) + timedelta(days=7)).date(),
        ),
        call,
    )
    wrap_up.wrap_up(
        uow_factory(),
        desk.actor,
        CAPTURE,
        call,
        WrapUpIn(enquiry_type="Change of details", outcome="resolved", notes=said),
    )
    open_record(uow_factory(), desk.actor, 1, AccessReason(reason="Follow-up", detail=said))
    return reference


def assert_no_planted_value(text: str, reference: str) -> None:
    """Fails naming the first planted value found in `text`."""
    for needle in (*NEEDLES, reference, reference.replace(" ", "")):
        assert needle.lower() not in text.lower(), needle
