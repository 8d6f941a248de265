"""How far the caller got in verification on the call a complaint was raised in (MP-19,
MP-08).

Raising a complaint needs no verification level (docs/after-the-call.md), so a complaint
may come from a caller who failed every check and locked the record for possible fraud.
Whoever answers it must know: the real customer may never have complained, and a call back
discloses nothing until the person on the line is verified. `CallerStanding` is read from
the call's events up to the complaint (services/complaint_callers.py), or from the call's
verification state while the form is open; it is never stored with the complaint.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.interactions import VerificationState
from custinfo_tui.domain.text import counted
from custinfo_tui.domain.verification import NO_LEVEL, CallerKind

#: Ends the reference in the supervisor queue's complaints table for a complaint raised in a
#: call whose caller was not verified ("1001 2345 P?"): is it really this customer?
UNVERIFIED_MARK = "?"

#: Who the caller was, as the sentence names them.
_WHO = {
    CallerKind.CUSTOMER: "the caller",
    CallerKind.REPRESENTATIVE: "the caller, a representative,",
    CallerKind.NO_AUTHORITY: "the caller, someone with no authority on the record,",
}

#: The same, starting the shorter line (`CallerStanding.briefly`).
_BRIEFLY_WHO = {
    CallerKind.CUSTOMER: "Caller",
    CallerKind.REPRESENTATIVE: "Representative",
    CallerKind.NO_AUTHORITY: "Caller with no authority",
}


class CallerStanding(BaseModel):
    """Who was on the line when a complaint was raised, and how far they were verified."""

    model_config = ConfigDict(frozen=True)

    #: False for a complaint raised outside a call (back-office work): no caller to verify.
    on_call: bool = True
    caller: CallerKind = CallerKind.CUSTOMER
    #: The title of the level the caller had reached ("Standard"); None if none.
    level: str | None = None
    #: Verification was locked for possible fraud on the call's channel.
    locked: bool = False
    #: The caller's failed checks in the call before the complaint.
    failed_checks: int = 0

    @classmethod
    def of_state(cls, state: VerificationState) -> CallerStanding:
        """The standing of the call in hand, as its verification panel shows it."""
        return cls(
            caller=state.caller.kind,
            level=None if state.level == NO_LEVEL else state.level_title,
            locked=state.locked,
            failed_checks=sum(check.failures for check in state.checks),
        )

    @property
    def unverified(self) -> bool:
        """Raised in a call whose caller was not verified (or was locked out)."""
        return self.on_call and (self.level is None or self.locked)

    def standing(self) -> str:
        """ "verified to Standard", "not verified (verification locked: possible fraud; 3
        failed checks)"."""
        failed = counted(self.failed_checks, "failed check") if self.failed_checks else ""
        if not self.unverified:
            return f"verified to {self.level}" + (f" (after {failed})" if failed else "")
        said = ["verification locked: possible fraud"] if self.locked else []
        said += [failed] if failed else []
        return "not verified" + (f" ({'; '.join(said)})" if said else "")

    def in_words(self) -> str:
        """The sentence a complaint read in full starts with: "Raised in a call where the
        caller was not verified (verification locked: possible fraud; 3 failed checks)."."""
        if not self.on_call:
            return "Raised outside a call: no caller was verified for it."
        return f"Raised in a call where {_WHO[self.caller]} was {self.standing()}."

    def caution(self) -> str | None:
        """What a complaint from an unverified caller asks of whoever answers it."""
        if not self.unverified:
            return None
        return (
            "The real customer may never have complained: verify whoever you speak to "
            "before discussing it."
        )

    def briefly(self) -> str:
        """The standing in one short line, for the form and the line under the queue's
        complaints: "Caller not verified (locked: possible fraud)", "Representative
        verified to Standard"."""
        if not self.unverified:
            standing = f"verified to {self.level}"
        elif self.locked:
            standing = "not verified (locked: possible fraud)"
        elif self.failed_checks:
            standing = f"not verified ({counted(self.failed_checks, 'failed check')})"
        else:
            standing = "not verified"
        return f"{_BRIEFLY_WHO[self.caller]} {standing}"

    def for_the_form(self) -> str:
        """What the complaint form says while the handler types, in one line at 80 columns
        (a caller with no authority on a locked record aside): "Caller not verified
        (locked: possible fraud): the complaint says so."."""
        return f"{self.briefly()}: the complaint says so."
