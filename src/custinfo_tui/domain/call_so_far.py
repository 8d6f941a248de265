"""What happened in a call not wrapped up yet (MP-18), read from the call's own events.

After a console stopped mid-call its handler finds the call in their calls to finish, days
later perhaps, with nothing but when and with whom. The call's events say the rest, with
no value in them: how far the caller was verified, which details were changed and saved
(by name), whether a complaint was raised in it, and when the console it was taken on last
did anything in it. Read each time the list is shown, never stored, so it cannot drift
from the trail.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.complaint_callers import CallerStanding
from custinfo_tui.domain.events import AuditEvent
from custinfo_tui.domain.fields import FIELDS
from custinfo_tui.domain.verification import CallerKind, VerificationPolicy

#: The enquiry type of a call that changed the customer's details, when the policy offers
#: it: the wrap-up of such a call starts with it chosen (domain/wrap_up_start.py).
CHANGE_OF_DETAILS = "Change of details"
#: The enquiry type of a call that raised a complaint, when the policy offers it.
COMPLAINT = "Complaint"


class CallSoFar(BaseModel):
    """A call's verification, changes and last activity, from its events."""

    model_config = ConfigDict(frozen=True)

    #: Who was on the line and how far they were verified; None for a call about no
    #: record (a new customer's, never saved): there was no one to verify against.
    standing: CallerStanding | None = None
    #: The details changed and saved in the call, by label ("Phone", "Postcode").
    changed: tuple[str, ...] = ()
    #: A complaint was raised in the call (its own `complaint.raised`).
    complaint_raised: bool = False
    #: The call's last event at the console it was taken on: when that console last did
    #: anything in it (for a call never ended, as near as the trail knows when it stopped).
    last_activity: datetime | None = None
    #: When its wrap-up was last opened, if it was neither saved nor left for later since
    #: (nor the call ended from it as *Later*, which keeps what was typed at that desk):
    #: a wrap-up is stored only whole, at its save, so what was typed in it is gone with
    #: the console it was typed at. The service clears it while that console may still be
    #: on it (services/wrap_up.py).
    wrap_up_unsaved_at: datetime | None = None

    def in_words(self) -> str:
        """ "Caller verified to Standard; changed: Phone, Postcode." ("" for a call about
        no record, which verified no one and could change nothing)."""
        if self.standing is None:
            return ""
        changed = f"changed: {', '.join(self.changed)}" if self.changed else "no change saved"
        return f"{self.standing.briefly()}; {changed}."

    def enquiry_suggested(self, enquiry_types: Sequence[str]) -> str | None:
        """The enquiry type the wrap-up may start with, when the policy offers it:
        *Complaint* for a call that raised a complaint, else *Change of details* for one
        that saved a change; None when unsure (neither, or no such type: a configured list
        is not guessed at)."""
        if self.complaint_raised and COMPLAINT in enquiry_types:
            return COMPLAINT
        if self.changed and CHANGE_OF_DETAILS in enquiry_types:
            return CHANGE_OF_DETAILS
        return None


def level_title(details: Mapping[str, Any], policy: VerificationPolicy | None) -> str:
    """The level a `caller.verified` event names, by the policy's title while it still has
    that level ("Standard"), else by its name, capitalised."""
    name = str(details.get("level", ""))
    if policy is not None and any(level.name == name for level in policy.levels):
        return policy.level_title(name)
    return name.replace("_", " ").capitalize()


def call_so_far(
    events: Sequence[AuditEvent],
    *,
    about_a_record: bool,
    policy: VerificationPolicy | None = None,
) -> CallSoFar:
    """What the call's `events` (oldest first) say of it."""
    return CallSoFar(
        standing=_standing(events, policy) if about_a_record else None,
        changed=_changed(events),
        complaint_raised=any(
            event.action is AuditAction.COMPLAINT_RAISED and event.outcome == "ok"
            for event in events
        ),
        last_activity=last_activity(events),
        wrap_up_unsaved_at=wrap_up_unsaved_at(events),
    )


def last_activity(events: Sequence[AuditEvent]) -> datetime | None:
    """The latest of the call's events at the console it was started on (its first
    event's). A wrap-up opened from the calls to finish is not the call's activity."""
    if not events:
        return None
    console = events[0].console_session
    times = [
        event.occurred_at
        for event in events
        if event.console_session == console and not _opened_afterwards(event)
    ]
    return max(times, default=None)


def wrap_up_unsaved_at(events: Sequence[AuditEvent]) -> datetime | None:
    """When the call's wrap-up was last opened, unless it was saved, left for later, or the
    call ended from it as *Later* (outcome `ended`) since. A call ended by its session's end
    (logged out, quit, the terminal gone) after it opened lost what was typed in it."""
    opened: datetime | None = None
    for event in events:
        if event.action is AuditAction.WRAP_UP_OPENED:
            opened = event.occurred_at
        elif event.action in _WRAP_UP_DONE or (
            event.action is AuditAction.INTERACTION_ENDED and event.outcome == "ended"
        ):
            opened = None
    return opened


#: What closes a wrap-up opened, its typing kept: saved, or left for later.
_WRAP_UP_DONE = frozenset({AuditAction.INTERACTION_WRAPPED_UP, AuditAction.WRAP_UP_LEFT})


def _opened_afterwards(event: AuditEvent) -> bool:
    """A wrap-up opened from the calls to finish, or left from there for later."""
    if event.action is AuditAction.WRAP_UP_LEFT:
        return True
    return event.action is AuditAction.WRAP_UP_OPENED and not event.details.get("in_call")


def _standing(events: Sequence[AuditEvent], policy: VerificationPolicy | None) -> CallerStanding:
    """The caller on the line last, how far they were verified and how often they failed,
    as a complaint's standing is read (services/complaint_callers.py)."""
    caller, level, failed, locked = CallerKind.CUSTOMER, None, 0, False
    for event in events:
        if event.action is AuditAction.CALLER_IDENTIFIED:  # another caller from here
            caller, level, failed, locked = _caller_kind(event), None, 0, False
        elif event.action is AuditAction.CALLER_VERIFIED:
            level = level_title(event.details, policy)
        elif event.action is AuditAction.CALLER_VERIFICATION_FAILED:
            failed += 1
        elif event.action is AuditAction.VERIFICATION_LOCKED:
            locked = True
    return CallerStanding(caller=caller, level=level, failed_checks=failed, locked=locked)


def _caller_kind(identified: AuditEvent) -> CallerKind:
    try:
        return CallerKind(identified.details.get("caller", CallerKind.CUSTOMER.value))
    except ValueError:
        return CallerKind.CUSTOMER


def _changed(events: Sequence[AuditEvent]) -> tuple[str, ...]:
    """The labels of the fields the call's saved changes name, each once, first first."""
    keys = (
        key
        for event in events
        if event.action is AuditAction.CUSTOMER_UPDATED and event.outcome == "ok"
        for key in event.fields
    )
    labels = (FIELDS[key].label if key in FIELDS else key.replace("_", " ") for key in keys)
    return tuple(dict.fromkeys(labels))
