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

Each choice keeps its own reason (`WrapUpStart.note_for`), so the foot speaks only of the
choices still as the console made them: once the handler chose another outcome, the foot
had gone on saying why *Caller not verified* was chosen, under *No action*.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.call_so_far import COMPLAINT, CallSoFar
from custinfo_tui.domain.wrap_up import COMPLAINT_RAISED, NOT_VERIFIED, Outcome

#: Why a complaint's type or outcome is chosen; said first when another reason joins it.
COMPLAINT_WHY = "a complaint was raised in the call"
#: Why *Change of details* is chosen.
CHANGE_WHY = "the call saved a change of details"


class WrapUpStart(BaseModel):
    """The enquiry type and outcome a wrap-up starts with, and why each; all None: empty."""

    model_config = ConfigDict(frozen=True)

    enquiry_type: str | None = None
    outcome: str | None = None
    #: Why each was chosen, in the foot's words ("the call saved a change of details").
    enquiry_why: str | None = None
    outcome_why: str | None = None

    @property
    def note(self) -> str | None:
        """What the form's foot says as it opens: `note_for` the choices it starts with."""
        return self.note_for(self.enquiry_type, self.outcome)

    def note_for(self, enquiry_type: object, outcome: object) -> str | None:
        """What the foot says with `enquiry_type` and `outcome` chosen now: why those still
        as the console chose them were chosen ("Enquiry type chosen as the call saved a
        change of details: check it, ..."); None once the handler changed both. A choice
        changed and chosen again is the console's again, and said again."""
        kept = [
            (name, why)
            for name, chosen, started, why in (
                ("Enquiry type", enquiry_type, self.enquiry_type, self.enquiry_why),
                ("outcome", outcome, self.outcome, self.outcome_why),
            )
            if started is not None and chosen == started and why
        ]
        if not kept:
            return None
        whys = list(dict.fromkeys(why for _, why in kept))
        whys.sort(key=lambda why: why != COMPLAINT_WHY)  # a complaint first, as it says most
        them = "them" if len(kept) > 1 else "it"
        return (
            f"{' and '.join(name for name, _ in kept).capitalize()} chosen as "
            f"{' and '.join(whys)}: check {them}, and change {them} if the call was about "
            "something else."
        )


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
    if enquiry is None and outcome is None:
        return WrapUpStart()
    enquiry_why = None if enquiry is None else COMPLAINT_WHY if enquiry == COMPLAINT else CHANGE_WHY
    return WrapUpStart(
        enquiry_type=enquiry,
        outcome=outcome,
        enquiry_why=enquiry_why,
        outcome_why=COMPLAINT_WHY if outcome == COMPLAINT_RAISED else unverified,
    )


def _not_verified(so_far: CallSoFar) -> str | None:
    """Why the call's caller is not verified, in the foot's words ("the caller was locked
    out"); None for a verified caller, and for a call about no record (no one to verify)."""
    standing = so_far.standing
    if standing is None or not standing.unverified:
        return None
    if standing.locked:
        return "the caller was locked out"
    return "the caller was not verified"
