"""The idle lock (MP-11): an opaque screen over whatever the handler was doing.

It is a full Screen, not a ModalScreen, so nothing underneath is drawn while it shows;
the screens below keep their state, so a half-typed form is intact after unlocking.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Input, Label, Static

from custinfo_tui.diagnostics import logger, report_crash
from custinfo_tui.domain.limits import MAX_PASSWORD_LENGTH, MAX_UNLOCK_ATTEMPTS
from custinfo_tui.domain.text import counted
from custinfo_tui.tui.held_keys_wait import HOLD_WHILE_CHECKED
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


#: Said after a refused password when keys were typed after its Enter (dropped, never put
#: in the password box nor read on the screen underneath).
KEYS_NOT_KEPT = "Keys typed after the password were not kept."


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

    class SessionRevoked(Message):
        """The unlock was refused as an administrator ended the session: the app ends it."""

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
        # As the key is read, before the box acts on it: the keys typed after the
        # password's Enter are held while it is checked (`action_check_password`).
        Binding("enter", "check_password", "Unlock", show=False, priority=True),
    ]

    def __init__(self, actor: Actor, why: str | None = None) -> None:
        super().__init__()
        self.actor = actor
        #: Why it locked and whose password opens it, said instead of "Locked for ...", for
        #: whoever is at the desk now (a trainee whose run just closed).
        self._why = why
        self._failures = 0
        #: A password is being checked, or the session ended: another Enter does nothing.
        self._checking = False
        #: The unlock worker is checking a password, its outcome not yet handled here: the
        #: keys typed after its Enter are held meanwhile (`_submit`). Not `_checking`, which
        #: stays set as the session ends: keys held on then would be read on the screen
        #: that follows the lock.
        self._unlocking = False
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
                    self._why
                    or f"Locked for {self.actor.display_name}. Enter your password to continue."
                ),
                id="lock-why",
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

    def action_check_password(self) -> None:
        """Enter in the password box or on the button: the keys typed straight after it (the
        caller's next answer) are held while the password is checked (`_submit`), and read
        on the screen underneath once it unlocks; dropped, saying so, if it does not
        (`_refused`). Without the hold they joined the password and were sent as a second,
        wrong, try."""
        if self.focused is not None and self.focused.id in ("unlock-password", "unlock-button"):
            self.custinfo.tabs.hold_until_next_screen()
        raise SkipAction()  # the box or the button acts on the Enter as usual

    @on(Input.Submitted, "#unlock-password")
    @on(Button.Pressed, "#unlock-button")
    def _submit(self) -> None:
        if self._checking:
            return
        password = self.query_one("#unlock-password", Input).value
        if not password:
            self.query_one("#lock-message", Static).update("Enter your password.")
            self.custinfo.tabs.release()
            return
        self._checking = self._unlocking = True
        # However long the check takes on a busy machine (at most `HOLD_WHILE_CHECKED`),
        # not 3 seconds from the Enter: keys let go then went into the password box being
        # checked, lost as a refusal emptied it, and never said to be (`_refused`).
        self.custinfo.tabs.hold_while(
            lambda: self._unlocking and self.is_current, at_most=HOLD_WHILE_CHECKED
        )
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
        except SessionRevoked:  # the app heard of it already, and ends the session
            self.post_message(self.SessionRevoked())
            return
        except Exception as error:
            report_crash(error)
            ok = False
        self.post_message(self.UnlockChecked(ok))

    @on(SessionRevoked)
    def _revoked(self) -> None:
        # What was typed after the Enter is read here, where it does nothing more (no try
        # is made), never on the call underneath as the session's screens close.
        self._unlocking = False
        self.custinfo.tabs.release()

    @on(UnlockChecked)
    def _unlock_result(self, checked: UnlockChecked) -> None:
        ok = checked.unlocked
        self._unlocking = False  # the keys held meanwhile go on as the outcome says
        self.query_one("#unlock-button", Button).disabled = False
        if ok:
            self.dismiss(True)
            return
        if checked.not_checked is not None:
            self._refused(checked.not_checked)
            return
        self._failures += 1
        if self._failures >= MAX_UNLOCK_ATTEMPTS:
            # The keys typed after it are read here, where the ended session's Enter does
            # nothing, never on the call underneath nor at the next login.
            self.custinfo.tabs.release()
            self._end("too many wrong passwords at the lock screen")
            return
        tries = counted(MAX_UNLOCK_ATTEMPTS - self._failures, "try", "tries")
        self._refused(f"That password is not right. {tries} left before the session ends.")

    def _refused(self, message: str) -> None:
        """Not unlocked: say why, with the password box empty for the retry. What was typed
        after the Enter is dropped, and the screen says so: read into the box it was a
        hidden answer the handler had to clear blind (or sent as a second, wrong, try), and
        read on the record once unlocked it might be a password typed again, shown in the
        call's answer box. The handler types it again where it belongs."""
        self._checking = False
        password = self.query_one("#unlock-password", Input)
        password.value = ""
        password.focus()
        if self.custinfo.tabs.release(drop=True):
            message += f" {KEYS_NOT_KEPT}"
        self.query_one("#lock-message", Static).update(message)

    def action_end_session(self) -> None:
        ask_before_losing(
            self.app,
            "End the session",
            lambda: self._end("ended at the lock screen for another operator"),
        )

    def _end(self, reason: str) -> None:
        self._checking = True  # no password is checked for a session ending
        self._end_session(reason)

    @work(thread=True, exclusive=True, group="unlock", exit_on_error=False, description="end")
    def _end_session(self, reason: str) -> None:
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
