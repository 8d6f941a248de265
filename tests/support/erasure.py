"""A fictitious customer with something in every place the console keeps personal data,
built through the services, for the erasure and retention tests; and a search of every
stored value for any trace of them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from custinfo_tui.domain.capture import CapturePolicy, NewCustomer, ReadBackConfirmation
from custinfo_tui.domain.complaints import ComplaintIn, ComplaintPolicy
from custinfo_tui.domain.consent import ConsentAnswers, SpecialCategoryCondition
from custinfo_tui.domain.discrepancies import DiscrepancyIn
from custinfo_tui.domain.interactions import RepresentativeIn
from custinfo_tui.domain.verification import Authority, Channel
from custinfo_tui.domain.wrap_up import WrapUpIn
from custinfo_tui.repository.orm import Base
from custinfo_tui.services import complaints, discrepancies, representatives, wrap_up
from custinfo_tui.services.capture import create_customer
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import Desk
from tests.support.edits import correct

PHONE = "07700 900871"
VALUES = {
    "given_name": "Perpetua",
    "family_name": "Quillfeather",
    "date_of_birth": "14/09/1961",
    "phone": PHONE,
    "email": "perpetua.q@example.com",
    "address_line1": "17 Larkspur Row",
    "town": "Tobermory",
    "postcode": "PA75 6NU",
    "accessibility_needs": "Induction loop at the counter",
}
#: What must appear nowhere once she is erased: her values, their search keys and stored
#: forms, and the words she and the handlers used about her.
TRACES = (
    "perpetua",
    "quillfeather",
    "+447700900871",
    "900871",
    "larkspur",
    "tobermory",
    "pa75 6nu",
    "pa756nu",
    "induction loop",
    "horatio",
    "marmalade-jar",
    "astray",
    "trust fund",
    "900872",
)
#: The lookups an agent might try: name, surname, with a slip, phone, e-mail, postcode.
LOOKUPS = (
    "Quillfeather",
    "Perpetua Quillfeather",
    "Quilfeather",
    PHONE,
    "perpetua.q@example.com",
    "PA75 6NU",
)


@dataclass(frozen=True)
class Subject:
    customer_id: int
    reference: str
    complaint_id: int


def customer_with_everything(agent: Desk) -> Subject:
    """Perpetua Quillfeather: captured with support needs, corrected, a representative, a
    security answer, a wrapped-up call with notes, a complaint and a discrepancy report."""
    record = create_customer(
        agent.uow_factory(),
        agent.actor,
        CapturePolicy(),
        Channel.PHONE,
        NewCustomer(
            template="new_customer",
            values=VALUES,
            enquiry_type="New account",
            consent=ConsentAnswers(special_condition=SpecialCategoryCondition.EXPLICIT_CONSENT),
            read_back=ReadBackConfirmation(confirmed=frozenset(VALUES)),
        ),
    )
    customer_id = record.customer_id
    correct(
        agent.uow_factory,
        agent.actor,
        customer_id,
        record.version,
        {"address_line1": "19 Larkspur Row"},
    )
    representatives.add_representative(
        agent.uow_factory(),
        agent.actor,
        customer_id,
        RepresentativeIn(
            given_name="Horatio",
            family_name="Quillfeather",
            relationship="brother",
            authority=Authority.POWER_OF_ATTORNEY,
            scope=("read:contact",),
            date_of_birth="02/02/1959",
            postcode="PA75 6NU",
        ),
    )
    representatives.set_security_answer(
        agent.uow_factory(),
        agent.actor,
        customer_id,
        "Larkspur: what is kept on the shelf?",
        "marmalade-jar",
    )
    call = agent.start(customer_id).interaction_id
    wrap_up.wrap_up(
        agent.uow_factory(),
        agent.actor,
        CapturePolicy(),
        call,
        WrapUpIn(
            enquiry_type="Billing question",
            outcome="resolved",
            notes="Asked about the Quillfeather trust fund",
            customer_words="My Larkspur letters went astray",
        ),
    )
    complaint = complaints.raise_complaint(
        agent.uow_factory(),
        agent.actor,
        ComplaintPolicy(),
        customer_id,
        ComplaintIn(
            category="Service",
            customer_said="Letters to Larkspur Row went astray",
            apology="Sorry the Tobermory letters went astray",
            solution="Resend to Perpetua",
        ),
    )
    discrepancies.report_discrepancy(
        agent.uow_factory(),
        agent.actor,
        customer_id,
        DiscrepancyIn(field="phone", claimed_value="07700 900872", why="Perpetua says so"),
    )
    with agent.uow_factory() as uow:
        customer = uow.customers.get(customer_id)
        assert customer is not None
        reference = customer.reference
    return Subject(customer_id, reference, complaint.id)


def _is_digest(table: str, column: str) -> bool:
    """A one-way digest (the trail's hashes, argon2 hashes): it holds nothing that can be read
    back, and its hex or base64 can spell a trace's digits by chance (a CI run once found
    "900872" inside an audit event's hash)."""
    return (
        column in ("hash", "prev_hash", "last_hash")
        or column.endswith("_hash")
        or (
            (table, column) == ("audit_seals", "heads")  # chains' newest hashes
        )
    )


def traces_in_database(uow_factory: UnitOfWorkFactory, traces: Iterable[str] = TRACES) -> list[str]:
    """Every `table.column: trace` where a stored value still holds one of `traces`
    (lower case; TRACES by default)."""
    found = []
    with uow_factory() as uow:
        session = uow.session  # type: ignore[attr-defined]
        for table in Base.metadata.sorted_tables:
            for row in session.execute(select(table)).mappings():
                for column, value in row.items():
                    if _is_digest(table.name, column):
                        continue
                    text = str(value).casefold()
                    found += [f"{table.name}.{column}: {t}" for t in traces if t in text]
    return found
