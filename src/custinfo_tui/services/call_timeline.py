"""The record's timeline in a call, read alone for its tab (tui/screens/record_timeline.py).

In a call the record comes without its timeline (`record_view.in_call_record`), and the
tab reads it while it is shown. Reading the whole record for it (`record_in_call` with its
timeline) read the fields, consents, complaints and possible duplicates again only for the
tab to keep the timeline; `timeline_in_call` reads the timeline alone, hidden as the
record in the call hides it, and refused as that record's redraw is.
"""

from __future__ import annotations

from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.records import CallTimeline
from custinfo_tui.domain.verification import VerificationPolicy
from custinfo_tui.services.permissions import Permission, require
from custinfo_tui.services.record_view import in_call_timeline
from custinfo_tui.services.restriction import open_call_unless_restricted
from custinfo_tui.services.unit_of_work import UnitOfWork


def timeline_in_call(
    uow: UnitOfWork, actor: Actor, policy: VerificationPolicy, interaction_id: int
) -> CallTimeline:
    """The record's timeline as the caller on the line may hear it now: the calls' notes
    and the reasons hidden until they may read notes, what the customer agreed to and who
    may act for them until they may hear contact details (`in_call_timeline`).

    Refused as `records.record_in_call` is: for an operator who may not view records or
    verify callers, outside the operator's open call, and for a record restricted since the
    call began (RecordRestricted, audited). Nothing else is audited, as the timeline read
    with a redraw is not; nor are the representatives and consents, which it does not show
    (the redraw that first shows them audits them: `audit_contacts_first_shown`).
    """
    require(actor, Permission.VIEW_CUSTOMER)
    require(actor, Permission.VERIFY_CALLERS)
    with uow:
        interaction, customer = open_call_unless_restricted(uow, actor, interaction_id)
        return in_call_timeline(uow, policy, interaction, customer)
