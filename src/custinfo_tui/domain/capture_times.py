"""When each step of a new customer's capture happened, as its save records them.

Nothing about the customer is stored until the save (services/capture.py): the consent, the
read-back and the new record are written in one transaction, in the order they happened,
with the call then filed under them. The call itself is stored when it starts
(services/capture_call.py), so its start is the time stored then; a save without such a
call (a script) takes the console's word for it. The console says when it began the
capture, recorded the consent answers and had the last line read back confirmed
(`NewCustomer.started_at`, `consent_at`, `ReadBackConfirmation.confirmed_at`); these rules
decide what the trail may carry. A time is believed only when it falls between the step
before it (for a start the console gives, the save less `LONGEST_CAPTURE`) and the save
itself: never in the future, never in an order the steps cannot have had. One that is not
given, or not believed, is the save's own time, as every step's was before the console said
when it happened.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from custinfo_tui.domain.capture import NewCustomer

#: The longest a capture is believed to have taken, from the form opened to the save: a
#: form left open over a long break is still one capture, a day later is not a call.
LONGEST_CAPTURE = timedelta(hours=12)


class CaptureMoments(BaseModel):
    """When the save records each step: never before the step before it."""

    model_config = ConfigDict(frozen=True)

    started: datetime
    consented: datetime
    read_back: datetime
    saved: datetime


def capture_moments(
    new: NewCustomer, saved_at: datetime, *, call_started: datetime | None = None
) -> CaptureMoments:
    """The moments of `new`'s steps for a save at `saved_at`, each as the console gave it
    where it is believed (the module's rule), else `saved_at`. `call_started`: when the
    call stored at its start began, which is the start however long ago (a clock put back
    since aside)."""
    if call_started is not None:
        started = min(call_started, saved_at)
    else:
        started = _believed(new.started_at, saved_at - LONGEST_CAPTURE, saved_at)
    consented = _believed(new.consent_at, started, saved_at)
    read_back = _believed(new.read_back.confirmed_at, consented, saved_at)
    return CaptureMoments(started=started, consented=consented, read_back=read_back, saved=saved_at)


def _believed(given: datetime | None, earliest: datetime, saved_at: datetime) -> datetime:
    """`given` when it lies from `earliest` to `saved_at`; otherwise `saved_at`."""
    if given is None or not earliest <= given <= saved_at:
        return saved_at
    return given
