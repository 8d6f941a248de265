"""What the record screen's workers hand back: one message per finished service call.

A thread worker posts one of these to the screen (`post_message` is thread-safe) and the
screen's handler for it updates what the handler sees, on the app's thread. Failures are
told to the handler by `service_calls.tell_handler` and post nothing, except a check's,
which the verification panel shows.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.message import Message

from custinfo_tui.domain.interactions import (
    CheckOutcome,
    RepresentativeSummary,
    VerificationState,
)
from custinfo_tui.domain.records import CustomerRecord
from custinfo_tui.domain.wrap_up import CallToFinish


def never() -> bool:
    """A record no later read replaces (`RecordReloaded.superseded`)."""
    return False


class RecordReloaded(Message):
    """The record as the service now gives it (after a check, or another desk's change)."""

    def __init__(
        self, record: CustomerRecord, tab: str = "", *, superseded: Callable[[], bool] = never
    ) -> None:
        super().__init__()
        self.record = record
        #: The tab to show once the record is shown ("" for the one shown now).
        self.tab = tab
        #: Whether a newer read or a reveal has replaced this one since (its worker was
        #: cancelled): asked as the message is handled, so a record read before F5 and
        #: posted just after it never shows the fields F5 revealed as masked again.
        self.superseded = superseded


class FieldsRevealed(Message):
    """The record with the fields just revealed to the caller (and recorded as disclosed)."""

    def __init__(self, record: CustomerRecord) -> None:
        super().__init__()
        self.record = record


class ConsentsChanged(Message):
    """The record with the consents just recorded (masked for the caller in a call)."""

    def __init__(self, record: CustomerRecord) -> None:
        super().__init__()
        self.record = record


class AnswerChecked(Message):
    """A check's answer was checked: the outcome, or the error to show in the panel."""

    def __init__(
        self,
        outcome: CheckOutcome | None,
        error: str | None = None,
        *,
        field_error: bool = False,
        unanswered: bool = False,
        caller_changed: bool = False,
        answer: str = "",
    ) -> None:
        super().__init__()
        self.outcome = outcome
        self.error = error
        #: The error is about what was typed: keep it in the box to correct.
        self.field_error = field_error
        #: The database did not answer: keep it in the box to enter again once it does.
        self.unanswered = unanswered
        #: Another caller is on the line than the one it was typed for: not checked, and
        #: kept in the box to ask again.
        self.caller_changed = caller_changed
        #: What was checked, to put back in the box after a typing slip or an outage.
        self.answer = answer


class StateReloaded(Message):
    """The verification state as the service now has it (after a refusal, say), asked for
    when `sent` checks and callers had been sent: one sent since brings a newer state."""

    def __init__(self, state: VerificationState, *, sent: int) -> None:
        super().__init__()
        self.state = state
        self.sent = sent


class CallerIdentified(Message):
    """Who is calling was recorded: the record and verification start again for them; or,
    with neither, it could not be (the handler was told why) and the caller stays."""

    def __init__(self, record: CustomerRecord | None, state: VerificationState | None) -> None:
        super().__init__()
        self.record = record
        self.state = state


class RepresentativesListed(Message):
    """The customer's representatives, to ask who is calling."""

    def __init__(
        self, representatives: list[RepresentativeSummary], *, read_anew: bool = False
    ) -> None:
        super().__init__()
        self.representatives = representatives
        #: The record was read anew just before (another desk changed it): the question
        #: says so, on its own line.
        self.read_anew = read_anew


class RepresentativeAdded(Message):
    def __init__(self, representative: RepresentativeSummary) -> None:
        super().__init__()
        self.representative = representative


class RepresentativeWithdrawn(Message):
    def __init__(self, representative: RepresentativeSummary) -> None:
        super().__init__()
        self.representative = representative


class WrapUpReady(Message):
    """The call to wrap up, as the calls to finish hold it; None when it cannot be, with
    `finished_elsewhere` saying why when that is because it needs no wrap-up any more (the
    same operator wrapped it up at another desk, from their calls to finish, or a
    supervisor closed it)."""

    def __init__(self, call: CallToFinish | None, *, finished_elsewhere: str | None = None) -> None:
        super().__init__()
        self.call = call
        self.finished_elsewhere = finished_elsewhere
