"""What a wrap-up starts with (MP-18), read from what the call's own events say it did.

A call that raised a complaint starts as *Complaint*, outcome *Complaint raised*; one that
saved a change of details starts as *Change of details*; each only where the policy offers
that type or outcome, since a configured list is not guessed at. The same whichever way
the wrap-up opens: the call ended at its console (Escape on the record), or wrapped up
later from the calls to finish. Before, only the calls to finish chose the type, and a
call ended at once started at "Choose the enquiry type" where docs/after-the-call.md said
it started as *Change of details*. The form's foot says what was chosen and why, first.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.call_so_far import COMPLAINT, CallSoFar
from custinfo_tui.domain.wrap_up import COMPLAINT_RAISED, Outcome


class WrapUpStart(BaseModel):
    """The enquiry type and outcome a wrap-up starts with, and why; all None: empty."""

    model_config = ConfigDict(frozen=True)

    enquiry_type: str | None = None
    outcome: str | None = None
    #: What was chosen and why, for the form's foot ("Enquiry type chosen as the call
    #: saved a change of details: check it, ...").
    note: str | None = None


def wrap_up_start(
    so_far: CallSoFar | None, enquiry_types: Sequence[str], outcomes: Sequence[Outcome]
) -> WrapUpStart:
    """What the wrap-up of a call whose events say `so_far` starts with, under the policy's
    `enquiry_types` and `outcomes`; empty when the call's events were not read."""
    if so_far is None:
        return WrapUpStart()
    enquiry = so_far.enquiry_suggested(enquiry_types)
    offered = any(outcome.key == COMPLAINT_RAISED for outcome in outcomes)
    outcome = COMPLAINT_RAISED if so_far.complaint_raised and offered else None
    chosen = [name for name, value in (("Enquiry type", enquiry), ("outcome", outcome)) if value]
    if not chosen:
        return WrapUpStart()
    why = []
    if so_far.complaint_raised and (outcome or enquiry == COMPLAINT):
        why.append("a complaint was raised in the call")
    if so_far.changed and enquiry not in (None, COMPLAINT):
        why.append("the call saved a change of details")
    them = "them" if len(chosen) > 1 else "it"
    note = (
        f"{' and '.join(chosen).capitalize()} chosen as {' and '.join(why)}: check {them}, "
        f"and change {them} if the call was about something else."
    )
    return WrapUpStart(enquiry_type=enquiry, outcome=outcome, note=note)
