"""The idle lock (MP-11): an opaque screen over whatever the handler was doing.

It is a full Screen, not a ModalScreen, so nothing underneath is drawn while it shows;
the screens below keep their state, so a half-typed form is intact after unlocking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from custinfo_tui.diagnostics import logger, report_crash
from custinfo_tui.domain.limits import MAX_PASSWORD_LENGTH, MAX_UNLOCK_ATTEMPTS
from custinfo_tui.domain.text import counted
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.unsaved_work import ask_before_losing
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.tui.app import CustinfoApp


#: An unlock the database did not answer (docs/crash-safety.md): no try is counted.
NOT_ANSWERED = "The database did not answer: your password was not checked. Try again in a moment."


#: Said at the login when a session ended at the lock went unrecorded (an outage).
SESSION_END_NOT_RECORDED = (
    "The session is ended, but the database did not answer: its end could not be recorded."
)


class LockScreen(Page[bool]):
    """The unlock worker posts `UnlockChecked`; the end worker `SessionEnded`."""

    class UnlockChecked(Message):
        """The password was checked (`unlocked` or not); or it could not be, and `not_checked`
        says why: no wrong password, so no try is counted."""

        def __init__(self, unlocked: bool, not_checked: str | None = None) -> None:
            super().__init__()
            self.unlocked = unlocked
            self.not_checked = not_checked

    class SessionEnded(Message):
        """The session's end is on the audit stream (or could not be, and was logged)."""

    """Dismissed with True when unlocked, False when the session was ended instead."""

    BINDINGS = [
        Binding(
            "ctrl+e",
            "end_session",
            "End session",
            tooltip="End this operator's session so someone else can log in",
            id="end_session",
            # The password Input binds Ctrl+E (end of line); this screen's meaning wins.
            priority=True,
        ),
    ]

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self._failures = 0
        #: When the session was ended here but that could not be recorded: what the login
        #: screen then says (naming no one).
        self.unrecorded: str | None = None

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        with Vertical(id="lock-box"):
            yield Static("Screen locked", id="lock-title")
            yield Static(
                printable_text(
                    f"Locked for {self.actor.display_name}. Enter your password to continue."
                )
            )
            yield Label("Password", classes="field-label")
            yield BoundedInput(id="unlock-password", password=True, limit=MAX_PASSWORD_LENGTH)
            yield Static("", id="lock-message", markup=False)
            yield Button("Unlock", id="unlock-button", variant="primary")
            yield Static(
                "Another operator? Press Ctrl+E to end this session first (it is logged).",
                id="lock-hint",
            )
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#unlock-password", Input).focus()

    @on(Input.Submitted, "#unlock-password")
    @on(Button.Pressed, "#unlock-button")
    def _submit(self) -> None:
        password = self.query_one("#unlock-password", Input).value
        if not password:
            self.query_one("#lock-message", Static).update("Enter your password.")
            return
        self.query_one("#unlock-button", Button).disabled = True
        self._unlock(password)

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False, description="unlock")
    def _unlock(self, password: str) -> None:
        from custinfo_tui.services.errors import Outage, SessionRevoked

        try:
            ok = self.custinfo.services().unlock(self.actor, password)
        except Outage:  # not a bug to report, and no wrong password
            self.post_message(self.UnlockChecked(False, not_checked=NOT_ANSWERED))
            return
        except SessionRevoked:
            return  # the app heard of it already, and ends the session with this screen
        except Exception as error:
            report_crash(error)
            ok = False
        self.post_message(self.UnlockChecked(ok))

    @on(UnlockChecked)
    def _unlock_result(self, checked: UnlockChecked) -> None:
        ok = checked.unlocked
        self.query_one("#unlock-button", Button).disabled = False
        if ok:
            self.dismiss(True)
            return
        password = self.query_one("#unlock-password", Input)
        if checked.not_checked is not None:
            password.value = ""
            password.focus()
            self.query_one("#lock-message", Static).update(checked.not_checked)
            return
        self._failures += 1
        if self._failures >= MAX_UNLOCK_ATTEMPTS:
            self._end("too many wrong passwords at the lock screen")
            return
        password.value = ""
        password.focus()
        tries = counted(MAX_UNLOCK_ATTEMPTS - self._failures, "try", "tries")
        self.query_one("#lock-message", Static).update(
            f"That password is not right. {tries} left before the session ends."
        )

    def action_end_session(self) -> None:
        ask_before_losing(
            self.app,
            "End the session",
            lambda: self._end("ended at the lock screen for another operator"),
        )

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False, description="end")
    def _end(self, reason: str) -> None:
        from custinfo_tui.services.errors import Outage

        try:
            self.custinfo.services().end_session_at_lock(self.actor, reason)
        except Outage:  # not a bug to report; the desk must still be freed
            logger.warning("a session ended at the lock unrecorded: the database did not answer")
            self.unrecorded = SESSION_END_NOT_RECORDED
        except Exception as error:  # the desk must still be freed
            self.unrecorded = (
                "The session is ended, but its end could not be recorded "
                f"(error reference {report_crash(error)})."
            )
        self.post_message(self.SessionEnded())

    @on(SessionEnded)
    def _session_ended(self) -> None:
        self.dismiss(False)
