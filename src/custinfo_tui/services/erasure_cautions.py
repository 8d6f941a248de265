"""What the erasure desk's preview notes for the DPO to weigh before erasing a record,
though none of it blocks erasure (docs/data-protection.md, "How to erase a customer"):
the person's open requests that erasing would defeat, a restriction of processing in
force, third parties' requests still open, and breach reports naming the customer. Kinds,
numbers and dates only, never what anyone typed about the person.
"""

from __future__ import annotations

from custinfo_tui.domain.data_protection.rights import SENT_DATA_RIGHTS, right_of
from custinfo_tui.domain.disclosures import DisclosureStatus
from custinfo_tui.repository.orm import DisclosureRow
from custinfo_tui.services.unit_of_work import UnitOfWork


def cautions_before_erasing(uow: UnitOfWork, customer_id: int) -> tuple[str, ...]:
    """What the DPO should weigh before erasing, in words (docs/data-protection.md). Of
    the person's open requests, only those erasing would defeat: of access or portability,
    whose data would be gone before it is sent. An erasure request (the one acted on), or
    one of rectification, restriction or objection, is answered by the erasure itself."""
    requests = [
        (right_of(row.data_right), row)
        for row in uow.subject_access.of_customer(customer_id)
        if row.answered_at is None
    ]
    cautions = [
        f"{right.request_name} {row.id} is open (due {row.due_on:%d %b %Y}): "
        "erasing first leaves nothing to send."
        for right, row in requests
        if right in SENT_DATA_RIGHTS
    ]
    restriction = uow.subject_access.restriction_in_force(customer_id)
    if restriction is not None:
        cautions.append(
            f"Processing is restricted since {restriction.restricted_at:%d %b %Y}: "
            "was it restricted instead of erased (Art. 18(1)(b))?"
        )
    cautions += [_open_disclosure(row) for row in uow.disclosures.open_for([customer_id])]
    breaches = [row.id for row in uow.breaches.naming(customer_id)]
    if breaches:
        # A report's words are free text kept for the breach register (Art. 33(5)): erasure
        # cannot tell a name in them, so the DPO is told which reports keep what they say.
        listed = ", ".join(str(breach) for breach in breaches)
        cautions.append(
            f"{'Breaches' if len(breaches) > 1 else 'Breach'} {listed} "
            f"{'name' if len(breaches) > 1 else 'names'} this customer: a report's words "
            "are kept for the breach register (Art. 33(5)), a name in them too."
        )
    return tuple(cautions)


def _open_disclosure(row: DisclosureRow) -> str:
    """A third party's request still open, as a caution: its kind (the basis claimed) and
    who asks for whom, never what was asked for. A request for legal proceedings can be a
    ground to keep the data (Art. 17(3)(e)), as can the exemption a request cites."""
    status = DisclosureStatus(row.status).label
    return (
        f"Third-party request {row.id} ({row.lawful_basis}; {row.organisation}) is {status}: "
        "is it a ground to keep the data (Art. 17(3)(e), or the exemption it cites)? Erasing "
        "closes the request."
    )
