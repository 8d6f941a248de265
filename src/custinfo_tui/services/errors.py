"""Errors services raise. Messages are for the handler and never contain personal values."""

from __future__ import annotations

from collections.abc import Mapping

from custinfo_tui.domain.customers import DuplicateCandidate
from custinfo_tui.domain.reference import format_reference
from custinfo_tui.domain.wrap_up import closed_by_supervisor


class ServiceError(Exception):
    """Base class: the screen shows `str(error)` at the place the handler is working."""


class Outage(ServiceError):
    """The database did not answer: a lost connection, a server restarting, a lock held too
    long. Not a bug, so no error reference; what was being saved may or may not have been
    stored (docs/crash-safety.md), so the handler is told to look.

    `services/outages.py` raises it as `DatabaseNotAnswering`, which is also the
    repository's `DatabaseUnavailable`; screens, which may not import the repository, know
    it by this name, to word it for where they are (logging in, logging out)."""

    def __init__(self) -> None:
        super().__init__(
            "The database did not answer. Try again in a moment; "
            "if you were saving, open the record to see whether it was saved."
        )


class DamagedDatabase(ServiceError):
    """The database's files are damaged (the driver said so: a malformed page). Not a bug
    to report with an error reference, nor an outage that passes: the handler is told to
    call the administrator, who restores the last good backup (docs/backups.md). Raised
    by `services/outages.py` in place of the repository's `DatabaseDamaged`."""

    def __init__(self) -> None:
        super().__init__(
            "The database is damaged, so this could not be done. Call the administrator: "
            "it has to be restored from the last good backup."
        )


class PermissionDenied(ServiceError):
    def __init__(self, action: str) -> None:
        super().__init__(f"Your role does not allow you to {action}.")
        self.action = action


class SessionRevoked(ServiceError):
    """Since this console session logged in, an administrator disabled its operator,
    changed their role or reset their password: nothing more is done in it
    (services/session_standing.py). `reason` says which, for the audit stream
    ("disabled", "role_changed", "password_reset", "account_changed"); the message says
    it to the operator, whose console ends the session and goes back to the login."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


class NotFound(ServiceError):
    pass


class UnknownInFilter(NotFound):
    """A search's filter names an operator or a customer no one has. `filter` is the
    filter's name in `AuditTrailFilters` ("operator", "about_operator",
    "customer_reference"), so a screen marks the box it was typed in: "No operator has
    that username." alone did not say whether the operator box or About's `op:` held it."""

    def __init__(self, message: str, filter_name: str) -> None:
        super().__init__(message)
        self.filter = filter_name


class RecordErased(NotFound):
    """The record was erased (since it was opened, for a screen that still shows it); the
    message says when and by whom (`services/erased_records.py`). The screen showing the
    record closes it."""


class AlreadyInitialised(ServiceError):
    pass


class EditConflict(ServiceError):
    """Another desk saved the record after it was opened; nothing was changed.

    `theirs` holds, for each field being edited, what the record holds now (as the record
    shows it; None where the caller on the line may not see it), so the handler can choose
    side by side and save again against `current_version`.
    """

    def __init__(self, current_version: int, theirs: Mapping[str, str | None]) -> None:
        super().__init__(
            "Someone else saved this record while you were editing. Nothing was saved: "
            "choose which values to keep."
        )
        self.current_version = current_version
        self.theirs = dict(theirs)


class SpecialCategoryRefused(ServiceError):
    def __init__(self) -> None:
        super().__init__(
            "Accessibility needs are special-category data: record an Article 9 condition "
            "in the consent step before noting them."
        )


class DuplicateSuspected(ServiceError):
    """A strong possible duplicate exists and no reason was given for creating another record."""

    def __init__(self, candidates: list[DuplicateCandidate]) -> None:
        super().__init__(
            "This looks like an existing customer. Open their record instead, or record why "
            "this is a different person."
        )
        self.candidates = candidates


class VerificationLocked(ServiceError):
    """Verification is locked for this customer on this channel; the message is the script."""


class DisclosureRefused(ServiceError):
    """Fields asked to be shown to the caller that their verification (or a
    representative's scope) does not allow: nothing was shown, and the refusal is on the
    trail (`field.disclosure_refused`). The message names the first field and what it
    needs; `fields`, every field refused, by name."""

    def __init__(self, message: str, fields: tuple[str, ...]) -> None:
        super().__init__(message)
        self.fields = fields


class CallerChanged(ServiceError):
    """An answer was sent for a caller who is no longer the one on the line (who is calling
    was said again since the handler saw them): it is not compared with the new caller's
    details, nor counted for anyone."""

    def __init__(self) -> None:
        super().__init__(
            "Who is calling changed before this answer was checked, so it was not checked: "
            "ask the caller now on the line."
        )


class CallEnded(ServiceError):
    """The call has ended under the screen still in it: nothing more is verified, disclosed
    or noted in it. Why, where it is known: closed by a supervisor, or wrapped up by its
    handler at another desk (from their calls to finish there). `ended` says so in one
    clause, for a screen to say what of the handler's was not kept ("A supervisor closed
    this call: the note ...")."""

    def __init__(
        self, *, by_supervisor: bool = False, wrapped_up: bool = False, reason: str | None = None
    ) -> None:
        self.by_supervisor = by_supervisor
        self.ended = (
            closed_by_supervisor(reason)  # with the supervisor's reason, when known
            if by_supervisor
            else "This call was wrapped up at another desk"
            if wrapped_up
            else "This call has ended"
        )
        super().__init__(f"{self.ended}. Start a new one to verify the caller.")


class CustomerSavedAlready(ServiceError):
    """A new customer's call has its customer on record already: the save was stored,
    though the console was told it failed (a commit whose answer was lost). Nothing is
    saved twice (services/capture_call.py)."""

    def __init__(self, customer_id: int, reference: str) -> None:
        #: The record the first try saved.
        self.customer_id = customer_id
        super().__init__(
            f"This call's new customer is saved already, as {format_reference(reference)}: "
            "nothing was saved again. Search for them to open the record."
        )


class CallFinished(ServiceError):
    """The call is wrapped up already, by its handler or closed by a supervisor: whoever
    came second is told so and nothing of theirs is stored."""


class CallStillOpen(ServiceError):
    """A call its handler asked to wrap up from their calls to finish while it is still
    open: on this console's screen, or at another console of theirs (its wrap-up open
    there, or the call going on there, by the event stream). Nothing is recorded; the
    message says where to finish it (services/calls_open.py)."""


class DeskMayBeInUse(ServiceError):
    """A supervisor closing a call whose console recorded an action in the last few
    minutes without having been told so: the call may still be going on there."""


class WrapUpMayBeOpen(DeskMayBeInUse):
    """A supervisor closing a call whose handler has its wrap-up open (opened at a console
    that has done nothing else since) without having been told so: what the handler is
    typing there would be lost."""


class MergeNotConfirmed(ServiceError):
    """A merge the supervisor was not warned of as it stands: two people, or a record
    locked for possible fraud (`domain.merging.MergeWarning`), not confirmed (a lock set
    since the records were compared, say). Nothing is merged; the screen compares again."""


class MergeHeld(ServiceError):
    """A merge refused while a legal hold is in force on either record, or on one merged
    into either before (`domain.merging_holds`): nothing is merged until the DPO lifts it.
    The screen compares again, and says it where the table was."""
