"""Calling a service from a worker thread, with one way of turning failures into messages.

Screens run service calls in thread workers so the interface never waits on the database.
`attempt` gives back either the result or a message for the handler: a service's or a
field's own message, or, for anything unexpected, an error reference whose details went
to the log without personal data. `tell_handler` shows that message (or what was done) as a
notification, from any thread.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, Literal, ParamSpec, Protocol, TypeVar

from textual.message import Message

from custinfo_tui.diagnostics import report_crash
from custinfo_tui.domain.validation import FieldError
from custinfo_tui.services.errors import CallEnded, RecordErased, ServiceError, SessionRevoked
from custinfo_tui.tui.ports import StartupError

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Attempt(Generic[T]):
    value: T | None = None
    #: What to tell the handler when the call did not succeed.
    error: str | None = None
    #: The error was about what was typed (shown at the field; nothing else happened).
    field_error: bool = False
    #: The service's refusal itself, for screens that act on its kind (an edit conflict).
    refusal: ServiceError | None = None
    #: The field error itself, for screens that show each problem at its field.
    invalid: FieldError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def attempt(what: str, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> Attempt[T]:
    """Run `call`; `what` completes "... could not <what>" in the unexpected-error message."""
    try:
        return Attempt(value=call(*args, **kwargs))
    except FieldError as error:
        return Attempt(error=str(error), field_error=True, invalid=error)
    except ServiceError as error:
        return Attempt(error=str(error), refusal=error)
    except StartupError as error:
        return Attempt(error=str(error))
    except Exception as error:
        return Attempt(error=f"Could not {what} (error reference {report_crash(error)}).")


class RecordErasedNotice(Message):
    """A service refused work on a record because the DPO erased it since it was opened:
    the app closes the record (tui/erased_record.py) and says when it was erased."""

    def __init__(self, said: str) -> None:
        super().__init__()
        self.said = said


class CallEndedNotice(Message):
    """A service refused work in a call because it has ended under the screen (closed by
    a supervisor, say): the app takes the handler out of it (tui/ended_call.py) and says
    so, once."""

    def __init__(self, said: str) -> None:
        super().__init__()
        self.said = said


class Notifies(Protocol):
    """A screen, widget or the app: anything Textual can show a notification from."""

    def notify(
        self,
        message: str,
        *,
        severity: Literal["information", "warning", "error"] = ...,
        markup: bool = ...,
    ) -> None: ...

    def post_message(self, message: Message) -> bool: ...


def tell_handler(widget: Notifies, result: Attempt[T], *, done: str | None = None) -> Attempt[T]:
    """Notify the handler of `result`'s error, or of `done` when it succeeded and one is
    given; hand `result` back. Safe from a worker thread (`notify` and `post_message` are
    thread-safe). A refusal because the record was erased goes to the app, which closes
    the record as it says so (`RecordErasedNotice`); so does one because the call has
    ended (`CallEndedNotice`), which takes the handler out of the call. One because an
    administrator ended the session is not shown: the app is ending it already."""
    if closes_erased_record(widget, result) or closes_ended_call(widget, result):
        return result
    if isinstance(result.refusal, SessionRevoked):
        return result  # the app ends the session, and the login says why (revoked_session.py)
    if not result.ok:
        widget.notify(result.error or "", severity="error", markup=False)
    elif done is not None:
        widget.notify(done, markup=False)
    return result


def closes_erased_record(widget: Notifies, result: Attempt[T]) -> bool:
    """Whether `result` was refused because the record was erased; if so the app is told
    (through `widget`, from any thread), to close the record. For screens that show other
    refusals on their own form (the edit form)."""
    if not isinstance(result.refusal, RecordErased):
        return False
    widget.post_message(RecordErasedNotice(result.error or ""))
    return True


def closes_ended_call(widget: Notifies, result: Attempt[T], *, lost: str | None = None) -> bool:
    """Whether `result` was refused because the call has ended (a supervisor closed it, or
    it was wrapped up at another desk); if so the app is told (through `widget`, from any
    thread), to take the handler out of the call. `lost` says what of theirs was not kept
    ("the note was not added")."""
    if not isinstance(result.refusal, CallEnded):
        return False
    widget.post_message(CallEndedNotice(call_ended_words(result.refusal, lost)))
    return True


def call_ended_words(refusal: CallEnded, lost: str | None = None) -> str:
    """What the handler is told once: the call has ended, and why where it is known (a
    supervisor's needs no wrap-up), and `lost`, what of theirs was not kept, or that what
    was just typed was not and a new call verifies the caller."""
    if lost is None:
        then = (
            "it needs no wrap-up" if refusal.by_supervisor else "what was just typed was not saved"
        )
        return f"{refusal.ended}: {then}. Start a new one to verify the caller."
    wrap = ", and the call needs no wrap-up" if refusal.by_supervisor else ""
    return f"{refusal.ended}: {lost}{wrap}."
