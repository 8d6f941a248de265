"""Operator login (MP-11): username and password, one generic message on failure."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Button, Header, Input, Label, Static

from custinfo_tui.diagnostics import report_crash
from custinfo_tui.domain.limits import MAX_PASSWORD_LENGTH, MAX_USERNAME_LENGTH
from custinfo_tui.domain.text import printable
from custinfo_tui.tui.enter_moves_on import ENTER_MOVES_ON, move_on
from custinfo_tui.tui.held_keys_wait import HOLD_WHILE_CHECKED
from custinfo_tui.tui.ports import StartupError
from custinfo_tui.tui.screens.base import Page
from custinfo_tui.tui.widgets.bounded_input import BoundedInput
from custinfo_tui.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from custinfo_tui.domain.operators import LoginOutcome
    from custinfo_tui.tui.app import CustinfoApp

#: A login the database did not answer (docs/crash-safety.md): an outage, not a crash.
NOT_ANSWERED = "The database did not answer. Try again in a moment."


class LoginScreen(Page[None]):
    """The credentials worker posts `Checked`. `said`: what the operator who just left
    must read (their log-out could not be recorded), shown where login messages go."""

    class Checked(Message):
        """The credentials were checked: the operator, or why not (LoginOutcome)."""

        def __init__(self, outcome: LoginOutcome) -> None:
            super().__init__()
            self.outcome = outcome

    """The first screen. Nothing about customers is reachable until an operator logs in."""

    BINDINGS = [
        Binding(
            "ctrl+l", "submit", "Log in", tooltip="Check the username and password", id="login"
        ),
        # Enter in the username box moves on to the password in the order typed, so a
        # password typed ahead (a quick typist, a password manager's auto-type) lands in
        # its own masked box. The username box's own Enter moved on only after the keys
        # already read had gone into it: a password typed ahead showed there in plain text.
        ENTER_MOVES_ON,
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="login-box"):
            yield Static("Operator login", id="login-title")
            yield Label("Username", classes="field-label")
            yield BoundedInput(
                id="username", placeholder="your username", limit=MAX_USERNAME_LENGTH
            )
            yield Label("Password", classes="field-label")
            yield BoundedInput(
                id="password", password=True, placeholder="your password", limit=MAX_PASSWORD_LENGTH
            )
            yield Static("", id="login-message", markup=False)
            yield Button("Log in", id="login-button", variant="primary")
        yield Static("", id="login-warning", markup=False)
        if hint := self._hint():
            yield Static(hint, id="login-hint", markup=False)
        yield Footer(compact=True)

    def _hint(self) -> str | None:
        """In a role-play, whose run it is: the trainee at a console the trainer set up
        must not have to guess whose login it wants (the sandbox holds only theirs)."""
        training = self.custinfo.training
        if training is None:
            return self.custinfo.login_hint
        whose = printable(training.trainee)
        return f"Role-play for {whose}: log in with your own username and password."

    def __init__(self, said: str | None = None) -> None:
        super().__init__()
        self._said = said
        #: A password is being checked: the keys typed after its Enter are held meanwhile
        #: (`HOLD_WHILE_CHECKED`), and an Enter pressed again, if read here after that
        #: time, checks nothing more. It had checked it again, and both checks logged in:
        #: two sessions, and the lookup opened twice, which stopped the console with an
        #: internal error.
        self._checking = False

    def on_mount(self) -> None:
        self.query_one("#username", Input).focus()
        if self._said is not None:
            self._say(self._said)

    @property
    def custinfo(self) -> CustinfoApp:
        return cast("CustinfoApp", self.app)

    def show_startup_error(self, message: str, *, can_log_in: bool = False) -> None:
        """The console cannot work (a bad setting, no database): say so before any login.
        `can_log_in`: a login tries again (the database did not answer)."""
        self._say(message)
        self.query_one("#login-button", Button).disabled = not can_log_in

    def show_startup_warning(self, message: str) -> None:
        """Something the operator should know that does not stop the console: say it, and
        let them log in."""
        warning = self.query_one("#login-warning", Static)
        # It quotes paths from the settings: inert, line by line, like any stored text.
        warning.update("\n".join(printable(line) for line in message.splitlines()))
        warning.display = True
        self.add_class("-warned")  # the box gives up its margins: all of it fits at 80x24

    def _refuse(self, message: str, box: str) -> None:
        """Not checked: say why at `box`, and read there what was typed after Enter."""
        self._say(message)
        self.query_one(box, Input).focus()
        self.custinfo.tabs.release()

    def _say(self, message: str, *, error: bool = True) -> None:
        box = self.query_one("#login-message", Static)
        box.update(message)
        box.set_class(error, "error")

    def action_move_on(self) -> None:
        """Enter in the username box: on to the password box. Anywhere else Enter does what
        it does there (the password box and the button log in). Keys typed straight after
        the password's Enter (a name to search, F8) are held for the screen the login
        opens; read where typed if it is refused."""
        if self.focused is not None and self.focused.id == "password":
            self.custinfo.tabs.hold_until_next_screen()
        move_on(self, unless=lambda box: box.id != "username")

    @on(Input.Submitted, "#password")
    @on(Button.Pressed, "#login-button")
    def action_submit(self) -> None:
        if self._checking:
            return
        username = self.query_one("#username", Input).value.strip()
        password = self.query_one("#password", Input).value
        if not username:
            self._refuse("Enter your username.", "#username")
            return
        if not password:
            self._refuse("Enter your password.", "#password")
            return
        for box, limit in (("#username", MAX_USERNAME_LENGTH), ("#password", MAX_PASSWORD_LENGTH)):
            if len(self.query_one(box, Input).value) > limit:
                self._refuse(f"That is longer than any {box[1:]} can be ({limit} characters).", box)
                return
        self.query_one("#login-button", Button).disabled = True
        self._checking = True
        # The keys typed after the Enter wait for the outcome, however long the check takes
        # on a busy machine, then for the screen it opens (`action_move_on`), or go into
        # the emptied box (`_finish_login`); they had been let go after 3 seconds from the
        # Enter, into the password box being checked, and were lost as it emptied.
        self.custinfo.tabs.hold_while(
            lambda: self._checking and self.is_current, at_most=HOLD_WHILE_CHECKED
        )
        self._say("Checking...", error=False)
        self._authenticate(username, password)

    @work(
        thread=True,
        exclusive=True,
        group="login",
        exit_on_error=False,
        description="check operator credentials",
    )
    def _authenticate(self, username: str, password: str) -> None:
        from custinfo_tui.domain.operators import LoginOutcome
        from custinfo_tui.services.errors import Outage, ServiceError

        try:
            outcome = self.custinfo.services().authenticate(username, password)
        except Outage:  # not a bug to report: nothing was checked, try again
            outcome = LoginOutcome(message=NOT_ANSWERED)
        except (ServiceError, StartupError) as error:
            outcome = LoginOutcome(message=str(error))
        except Exception as error:
            reference = report_crash(error)
            outcome = LoginOutcome(
                message=f"Login could not be checked (error reference {reference}). Try again."
            )
        self.post_message(self.Checked(self._for_whom(username, outcome)))

    def _for_whom(self, username: str, outcome: LoginOutcome) -> LoginOutcome:
        """In a role-play, someone else's login refused (the trainer's, say): the sandbox
        holds only the trainee's account, so say whose run it is, and nothing more. The
        trainee's own wrong password gets the usual words."""
        from custinfo_tui.domain.operators import LOGIN_FAILED_MESSAGE, LoginOutcome

        training = self.custinfo.training
        if training is None or outcome.ok or outcome.message != LOGIN_FAILED_MESSAGE:
            return outcome
        if username.strip().lower() == training.trainee.lower():
            return outcome
        whose = printable(training.trainee)
        return LoginOutcome(message=f"This role-play is for {whose}: log in as them.")

    @on(Checked)
    def _finish_login(self, checked: Checked) -> None:
        outcome = checked.outcome
        self._checking = False
        self.query_one("#login-button", Button).disabled = False
        if outcome.actor is not None:
            self.custinfo.logged_in(
                outcome.actor, must_change_password=outcome.must_change_password
            )
            return
        self._say(outcome.message or "Login failed.")
        password = self.query_one("#password", Input)
        password.value = ""
        password.focus()
        self.custinfo.tabs.release()  # what was typed after Enter: into the emptied box
