"""A customer's data disclosed to a third party through the disclosure log (MP-17): the
request recorded by one operator, approved and released by another."""

from __future__ import annotations

from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES, DisclosureRequestIn
from custinfo_tui.services import disclosure_release, disclosures
from tests.support.actors import Desk


def released_to(
    recorder: Desk,
    approver: Desk,
    customer_id: int,
    organisation: str,
    *,
    fields: tuple[str, ...] = ("phone",),
    release: bool = True,
) -> int:
    """Record a request from `organisation`, approve it and (unless `release` is False)
    release it; its number."""
    request = disclosures.request_disclosure(
        recorder.uow_factory(),
        recorder.actor,
        customer_id,
        DisclosureRequestIn(
            requester="DC 4321 Morgan",
            organisation=organisation,
            identity_check="Called back on the switchboard",
            lawful_basis=LAWFUL_BASES[0],
            asked_for="The account holder's phone number",
            fields=fields,
            channel=CHANNELS[0],
        ),
    )
    disclosures.decide_disclosure(
        approver.uow_factory(), approver.actor, request.id, approve=True, reason="Sch. 2 applies"
    )
    if release:
        disclosure_release.release_disclosure(approver.uow_factory(), approver.actor, request.id)
    return request.id
