"""A police request for John Smith's address under the crime exemption (DPA 2018 Sch. 2
para 2), the request a subject access pack may withhold, and the opening of his record
that went with it: the agent typed the police's e-mail as the reason, so the reason names
the request too."""

from __future__ import annotations

from custinfo_tui.domain.disclosures import CHANNELS, LAWFUL_BASES, DisclosureRequestIn
from custinfo_tui.domain.records import AccessReason
from custinfo_tui.services import disclosures
from custinfo_tui.services.records import open_record
from custinfo_tui.services.unit_of_work import UnitOfWorkFactory
from tests.support.actors import actor_for

#: The reason typed as the record was opened for the police's e-mail: it names the request.
POLICE_EMAIL = "police e-mail from DC Morgan re fraud enquiry"
JOHN_SMITH = 1


def police_request(
    organisation: str = "Example Constabulary", asked_for: str = "Where the account holder lives"
) -> DisclosureRequestIn:
    """DC Morgan's request for the account holder's address, for crime prevention."""
    return DisclosureRequestIn(
        requester="DC 4321 Morgan",
        organisation=organisation,
        identity_check="Called back on the force switchboard",
        lawful_basis=LAWFUL_BASES[0],  # crime prevention (DPA 2018 Sch. 2 para 2)
        asked_for=asked_for,
        fields=("address_line1",),
        channel=CHANNELS[0],
    )


def police_request_opened_for(uow_factory: UnitOfWorkFactory) -> int:
    """The agent opens John Smith's record for the police's e-mail and records the request;
    the request's id."""
    agent = actor_for(uow_factory, "agent")
    open_record(uow_factory(), agent, JOHN_SMITH, AccessReason(reason="Other", detail=POLICE_EMAIL))
    return disclosures.request_disclosure(uow_factory(), agent, JOHN_SMITH, police_request()).id
