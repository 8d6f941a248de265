"""What a wrap-up starts with (MP-18), read from what the call's own events say it did.

A call that raised a complaint starts as *Complaint*, outcome *Complaint raised*; one that
saved a change of details starts as *Change of details*; one whose caller was locked out,
or never verified, starts with the outcome *Caller not verified* (a complaint raised aside,
which says more); each only where the policy offers that type or outcome, since a
configured list is not guessed at. The same whichever way
the wrap-up opens: the call ended at its console (Escape on the record), or wrapped up
later from the calls to finish. Before, only the calls to finish chose the type, and a
call ended at once started at "Choose the enquiry type" where docs/after-the-call.md said
it started as *Change of details*. The form's foot says what was chosen and why, first.
Before, a call whose caller failed every check started at "Choose the outcome", and a
handler in a hurry chose "No action", which did not say why nothing was done.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.call_so_far import COMPLAINT, CallSoFar
from custinfo_tui.domain.wrap_up import COMPLAINT_RAISED, NOT_VERIFIED, Outcome


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
    offered = {outcome.key for outcome in outcomes}
    outcome = COMPLAINT_RAISED if so_far.complaint_raised and COMPLAINT_RAISED in offered else None
    unverified = _not_verified(so_far) if outcome is None and NOT_VERIFIED in offered else None
    outcome = NOT_VERIFIED if unverified else outcome
    chosen = [name for name, value in (("Enquiry type", enquiry), ("outcome", outcome)) if value]
    if not chosen:
        return WrapUpStart()
    why = []
    if so_far.complaint_raised and (outcome == COMPLAINT_RAISED or enquiry == COMPLAINT):
        why.append("a complaint was raised in the call")
    if unverified:
        why.append(unverified)
    if so_far.changed and enquiry not in (None, COMPLAINT):
        why.append("the call saved a change of details")
    them = "them" if len(chosen) > 1 else "it"
    note = (
        f"{' and '.join(chosen).capitalize()} chosen as {' and '.join(why)}: check {them}, "
        f"and change {them} if the call was about something else."
    )
    return WrapUpStart(enquiry_type=enquiry, outcome=outcome, note=note)


def _not_verified(so_far: CallSoFar) -> str | None:
    """Why the call's caller is not verified, in the foot's words ("the caller was locked
    out"); None for a verified caller, and for a call about no record (no one to verify)."""
    standing = so_far.standing
    if standing is None or not standing.unverified:
        return None
    if standing.locked:
        return "the caller was locked out"
    return "the caller was not verified"
