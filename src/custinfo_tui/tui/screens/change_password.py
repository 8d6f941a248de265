"""Changing one's own password (MP-11), by choice or because the current one is temporary.

A temporary password (set by an admin) leads here straight after login and the lookup is
out of reach until a new password is saved; Escape then logs out instead. Messages appear
under the box they are about; only password boxes that must be typed again are cleared.
While the change is made the form takes no keys (tui/saving_form.py): an Enter typed
meanwhile makes no second change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Button, Header, Input, Label, Static

from custinfo_tui.diagnostics import report_crash
from custinfo_tui.domain.limits import MAX_PASSWORD_LENGTH
from custinfo_tui.domain.operators import Actor
from custinfo_tui.domain.password_policy import MIN_PASSWORD_LENGTH, PasswordChangeOutcome
from custinfo_tui.tui.enter_moves_on import ENTER_MOVES_ON, move_on
from custinfo_tui.tui.ports import StartupError
from custinfo_tui.tui.printable_text import printable_text
from custinfo_tui.tui.saving_form import SavingForm
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.footer import Footer
from custinfo_tui.tui.widgets.form_boxes import FormBoxes

if TYPE_CHECKING:
    from custinfo_tui.tui.app import CustinfoApp

_BOXES = ("current", "new", "repeat")


class ChangePasswordScreen(Page[bool]):
    """The change worker posts `Finished`."""

    class Finished(Message):
        """The password was changed, or why not (PasswordChangeOutcome)."""

        def __init__(self, outcome: PasswordChangeOutcome) -> None:
            super().__init__()
            self.outcome = outcome

    """Dismissed with True when the password changed, False when cancelled.

    `forced` (a temporary password): success continues to the lookup; Escape logs out.
    """

    BINDINGS = [
        ENTER_MOVES_ON,
        Binding(
            "ctrl+s", "submit", "Save", tooltip="Save the new password", id="change_password_save"
        ),
        # Both on Escape: one is on at a time (check_action), and runs and shows in the footer.
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Keep your current password",
            id="change_password_cancel",
        ),
        Binding(
            "escape",
            "log_out",
            "Log out",
            tooltip="Leave without a new password: ends this session",
            id="change_password_log_out",
        ),
    ]

    def __init__(self, actor: Actor, *, forced: bool = False) -> None:
        super().__init__()
        self.actor = actor
        self.forced = forced
        self._saving = SavingForm()

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with FormBoxes(id="change-box"):
            yield Static("Change your password", id="change-title")
            intro = (
                "Your password is temporary: choose your own to continue."
                if self.forced
                else f"Changing the password of {self.actor.display_name}."
            )
            yield Static(printable_text(intro), id="change-intro")
            yield Static(
                f"Use {MIN_PASSWORD_LENGTH} or more characters; unrelated words work well.",
                id="change-hint",
            )
            for box, label in zip(
                _BOXES, ("Current password", "New password", "New password again"), strict=True
            ):
                yield Label(label, classes="field-label")
                yield BoundedInput(id=box, password=True, limit=MAX_PASSWORD_LENGTH)
                yield Static("", id=f"{box}-message", classes="field-message", markup=False)
            yield Static("", id="change-message", classes="field-message", markup=False)
            yield Button("Save new password", id="change-button", variant="primary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        for box in (*_BOXES, "change"):
            self.query_one(f"#{box}-message", Static).display = False
        self.query_one("#current", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Escape cancels; with a temporary password there is nothing to go back to, so it
        # logs out. Only one of the two is on, so the palette names the one Escape does.
        if action == "cancel":
            return self._saving.offers(not self.forced)
        if action == "log_out":
            return self._saving.offers(self.forced)
        return self._saving.offers()

    def _value(self, box: str) -> str:
        return self.query_one(f"#{box}", Input).value

    def _say(self, box: str, message: str) -> None:
        """Show `message` under `box` ("change" for the whole form), hide every other one."""
        for name in (*_BOXES, "change"):
            static = self.query_one(f"#{name}-message", Static)
            static.update(message if name == box else "")
            static.display = name == box and bool(message)

    def _clear(self, *boxes: str, focus: str) -> None:
        for box in boxes:
            self.query_one(f"#{box}", Input).value = ""
        self.query_one(f"#{focus}", Input).focus()

    def action_move_on(self) -> None:
        # Enter in the first two boxes moves on, in the order typed (a password manager's
        # current, Enter, new, Enter, new, Enter); in the last it saves.
        move_on(self, unless=lambda box: box.id == "repeat")

    @on(Input.Submitted, "#repeat")
    @on(Button.Pressed, "#change-button")
    def action_submit(self) -> None:
        if self._saving.running:
            return
        current, new, repeat = (self._value(box) for box in _BOXES)
        if not current:
            self._say("current", "Enter your current password.")
            self._clear(focus="current")
            return
        if not new:
            self._say("new", "Enter a new password.")
            self._clear(focus="new")
            return
        if new != repeat:
            self._say("repeat", "The two new passwords differ: type them again.")
            self._clear("new", "repeat", focus="new")
            return
        self._saving.start(self.query_one("#change-box"))
        self._say("change", "")
        self._change(current, new)

    @work(
        thread=True,
        exclusive=True,
        group="change-password",
        exit_on_error=False,
        description="change the operator's password",
    )
    def _change(self, current: str, new: str) -> None:
        from custinfo_tui.services.errors import ServiceError  # an outage: nothing changed

        try:
            outcome = self.custinfo.services().change_password(self.actor, current, new)
        except (ServiceError, StartupError) as error:
            outcome = PasswordChangeOutcome(ok=False, message=str(error))
        except Exception as error:
            reference = report_crash(error)
            outcome = PasswordChangeOutcome(
                ok=False,
                message=f"The password could not be changed (error reference {reference}).",
            )
        self.post_message(self.Finished(outcome))

    @on(Finished)
    def _finish(self, finished: Finished) -> None:
        outcome = finished.outcome
        if outcome.ok:
            self.app.notify("Your password has been changed.", title="Password changed")
            if self.forced:
                self.custinfo.logged_in(self.actor)
            else:
                self.dismiss(True)
            return
        self._saving.end()
        message = outcome.message or "The password could not be changed."
        if outcome.field == "current":
            self._say("current", message)
            self._clear("current", focus="current")
        elif outcome.field == "new":
            self._say("new", message)
            self._clear("new", "repeat", focus="new")
        else:
            self._say("change", message)

    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_log_out(self) -> None:
        self.custinfo.action_log_out()
