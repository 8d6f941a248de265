"""The Textual application: login first, then the lookup screen."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import events, work
from textual.app import SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from custinfo_tui.defaults import DEFAULT_ACCESS_REASONS
from custinfo_tui.diagnostics import logger, report_crash
from custinfo_tui.tui.breach_key import why_no_breach_report
from custinfo_tui.tui.console_commands import (
    acted_on,
    console_commands,
    why_no_calls_to_finish,
)
from custinfo_tui.tui.date_of_birth_checks import DatesOfBirthCompared
from custinfo_tui.tui.escape_keys import back_tab, escape_then, read_escape_then_keys_apart
from custinfo_tui.tui.held_keys_wait import may_open_a_screen
from custinfo_tui.tui.paste_reading import read_pastes_whole
from custinfo_tui.tui.ports import (
    TrainingLauncher,
)
from custinfo_tui.tui.screen_commands import ScreenCommands
from custinfo_tui.tui.screens.base import carry_the_call
from custinfo_tui.tui.screens.login import LoginScreen
from custinfo_tui.tui.services_loading import ServicesLoader
from custinfo_tui.tui.stop_signals import close_on_stop_signals
from custinfo_tui.tui.tab_in_order import TabInOrder
from custinfo_tui.tui.training_app import TrainingApp
from custinfo_tui.tui.unsaved_work import (
    ask_before_losing,
)
from custinfo_tui.tui.widgets.one_name_box import hand_name_on
from custinfo_tui.tui.widgets.record_table import hand_text_on
from custinfo_tui.tui.widgets.search_results import search_anew_with

# service_calls loads the services' errors, and pydantic with them, before the login's
# first frame: the notices' handlers go by their names, so it is for type checking only.
if TYPE_CHECKING:
    from custinfo_tui.domain.breaches import BreachView
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.domain.training.run import TrainingMode
    from custinfo_tui.tui.service_calls import CallEndedNotice, RecordErasedNotice
    from custinfo_tui.tui.training_mode import TrainingConsole


IDLE_CHECK_SECONDS = 5.0
#: How often a console seals the audit chains, unless another desk just did
#: (docs/architecture.md, "The audit trail").
SEAL_SECONDS = 60.0


class CustinfoApp(TrainingApp):
    """The console. It is handed a loader for its services instead of building them.

    The loader runs in a thread after the first frame, so the login screen appears while
    the database libraries import and the schema is checked.
    """

    TITLE = "custinfo"
    SUB_TITLE = "customer information console"
    CSS_PATH = "styles/app.tcss"
    #: Every key of the current screen, found by what it does, and Textual's own commands
    #: (`get_system_commands`), from one provider so the console's keys come first.
    COMMANDS = {ScreenCommands}
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", tooltip="Close the console", id="quit", priority=True),
        # Training mode only (check_action): leaving the console ends the role-play.
        Binding(
            "ctrl+q",
            "end_run",
            "End run",
            tooltip="End the role-play (asks first): the console closes and the run is scored",
            id="end_run",
            priority=True,
        ),
        # Any screen, any operator (MP-20): the palette lists it; the footer has no room.
        # Priority, so that it works on a dialog too, as the palette says (a dialog leaves
        # the app's keys out of its chain unless they come first).
        Binding(
            "ctrl+b",
            "report_breach",
            "Report breach",
            tooltip="Report a suspected personal-data breach to the data protection officer",
            id="report_breach",
            show=False,
            priority=True,
        ),
        # The same key where no report can be made (the idle lock): says why, unlisted.
        Binding("ctrl+b", "breach_refused", show=False, priority=True),
        # Tab and Shift+Tab move to the next or previous box on every screen, after the
        # keys typed before them and before the keys typed after (tui/tab_in_order.py).
        # They are priority bindings, read before the key goes to a box: the screen's own
        # Tab binding moved on only after the keys already read had gone into the box it
        # left, and a password manager's auto-type (username, Tab, password, Enter) put
        # the password in the username box, in plain text. No widget of the console takes
        # Tab for itself (its text areas move focus on Tab too).
        Binding("tab", "focus_next", "Next box", show=False, priority=True),
        Binding("shift+tab", "focus_previous", "Previous box", show=False, priority=True),
        # Training mode only (check_action). The pane's border says "F12 hides", the
        # training banner "F12 shows the caller" while it is hidden; the footer names it
        # where it has room: on the busiest screens it is the first key to leave the line
        # (tui/widgets/footer.py), and the command palette lists it.
        Binding(
            "f12",
            "toggle_caller",
            "Caller says",
            tooltip="Show or hide the scripted caller: what they say to what you ask",
            id="caller_pane",
            # A dialog (the consent script the caller answers) leaves the app's keys out of
            # its chain unless they come first.
            priority=True,
        ),
    ]

    def __init__(
        self,
        services_loader: ServicesLoader,
        *,
        login_hint: str | None = None,
        idle_lock_seconds: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
        access_reasons: tuple[str, ...] = DEFAULT_ACCESS_REASONS,
        training: TrainingMode | None = None,
    ) -> None:
        super().__init__(services_loader, idle_lock_seconds=idle_lock_seconds, clock=clock)
        read_escape_then_keys_apart()  # Escape then "07700..." or "bond" typed at once: both keys
        read_pastes_whole()  # a paste holding an ESC is one paste, not keys then the paste
        self.access_reasons = access_reasons
        #: Set when the console runs a role-play on a sandbox database (docs/training.md).
        self.training = training
        #: Training mode's banner, theme, caller pane and cue file (tui/training_mode.py).
        self.training_console: TrainingConsole | None = None
        #: Starts a role-play from the training screen (set by the composition root).
        self.training_launcher: TrainingLauncher | None = None
        #: Shown under the login form, e.g. the demo operators on a demo database.
        self.login_hint = login_hint
        #: Tab and Shift+Tab in the order typed; `waiting` while keys after one are held.
        self.tabs = TabInOrder(self)
        #: The screen shown last (`_screen_changed`): the one a new screen covers.
        self._shown: Screen[object] | None = None
        #: What each operator's duplicate checks compared (tui/date_of_birth_checks.py).
        self.dates_of_birth_compared = DatesOfBirthCompared()

    def on_mount(self) -> None:
        # SIGTERM closes it, the terminal restored; so does its terminal going away, which
        # ends the session first. A role-play's console only closes: the run stays to be
        # played on, as after any console that stopped (docs/training.md).
        close_on_stop_signals(self, None if self.training else self.terminal_lost)
        self.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)
        self.push_screen(LoginScreen())
        if self.training is not None:
            from custinfo_tui.tui.training_mode import TrainingConsole

            self.training_console = TrainingConsole(self, self.training)
            self.training_console.start()
        self.set_interval(IDLE_CHECK_SECONDS, self.lock_if_idle, name="idle-lock")
        self.set_interval(SEAL_SECONDS, self._seal_audit_trail, name="audit-seal")
        # After the first frame: importing the database layer in a thread would otherwise
        # compete with painting the login screen for the interpreter.
        self.call_after_refresh(
            threading.Thread(target=self._load_services, name="load-services", daemon=True).start
        )

    async def on_event(self, event: events.Event) -> None:
        if self.tabs.holds(event):  # read again once the Tab before it has moved on
            return
        if isinstance(event, events.Key) and event.is_forwarded and self.tabs.take_back(event):
            return  # handed to a box before a screen opened, read again on that screen
        if (shift_tab := back_tab(event)) is not None:  # ESC Tab: never Escape, then Tab
            await self.on_event(shift_tab)
            return
        if (typed := escape_then(event)) is not None:
            # In order, each as if read on its own: an Escape that closes a record holds
            # the letter after it, and the rest of the name, for the lookup.
            for key in typed:
                await self.on_event(key)
            return
        read = isinstance(event, events.Key) and not event.is_forwarded  # forwarding marks it
        if read:  # a name typed on the lookup's results searches for it
            search_anew_with(self.focused, cast("events.Key", event))
            if hand_text_on(self.focused, cast("events.Key", event)) and self.tabs.holds(event):
                return  # an answer on a record's table: read again in the answer box
            if hand_name_on(self.focused, cast("events.Key", event)) and self.tabs.holds(event):
                return  # a name on the One name only box: read again in the family name
        await super().on_event(event)
        if read and may_open_a_screen(key := cast("events.Key", event)):
            self.tabs.hold_after_key(key)  # the keys after it go where it leads

    def _screen_changed(self, screen: Screen[object]) -> None:
        """A screen pushed or switched to, not mounted yet, has no focus: the keys read
        meanwhile are held for it (tui/tab_in_order.py, `hold_for_screen`). A screen shown
        again (the one beneath a closed one) has its focus already."""
        covered, self._shown = self._shown, screen
        if not screen.is_mounted:
            self.tabs.hold_for_screen(screen, covered)
            carry_the_call(screen, self.screen_stack)  # "in a call" while one is open

    def action_focus_next(self) -> None:
        # The screen on top when the move is made, not when the Tab was read: a key typed
        # just before it may open a form meanwhile (tui/tab_in_order.py).
        self.tabs.move(lambda: self.screen.focus_next())

    def action_focus_previous(self) -> None:
        self.tabs.move(lambda: self.screen.focus_previous())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Checked against the screen under the command palette while it is open: the
        # palette lists the keys of that screen, and runs them there once it has closed.
        if action in ("report_breach", "breach_refused"):
            refused = why_no_breach_report(self.actor, acted_on(self.screen_stack))
            return (refused is None) == (action == "report_breach")
        if action == "toggle_caller":
            # Offered only where the pane shows: not on the login, idle-lock and password
            # screens, nor on a dialog but the consent script. F12 elsewhere showed
            # nothing, and hid the pane from the next screen unseen.
            return self.training is not None and _shows_the_caller(self.screen_stack)
        if action == "end_run":
            return self.training is not None
        if action == "quit":
            return self.training is None
        return True

    def on_record_erased_notice(self, message: RecordErasedNotice) -> None:
        """A service refused work on a record erased since it was opened: close it."""
        from custinfo_tui.tui.erased_record import close_erased_record  # screens import us

        close_erased_record(self, message.said)

    def on_call_ended_notice(self, message: CallEndedNotice) -> None:
        """A service refused work in a call that ended under the screen: leave it."""
        from custinfo_tui.tui.ended_call import close_ended_call  # screens import us

        close_ended_call(self, message.said)

    def logged_in(self, actor: Actor, *, must_change_password: bool = False) -> None:
        from custinfo_tui.tui.login_notices import look_up_at_login
        from custinfo_tui.tui.screens.change_password import ChangePasswordScreen
        from custinfo_tui.tui.screens.lookup import LookupScreen

        self.actor = actor
        logger.info("operator %s logged in", actor.operator_id)
        if must_change_password:  # a temporary password: no lookup until it is replaced
            self.switch_screen(ChangePasswordScreen(actor, forced=True))
            return
        self.switch_screen(LookupScreen(actor))
        look_up_at_login(self, actor)

    # -- Breaches (MP-20; docs/data-protection.md) ------------------------------------------

    async def action_report_breach(self) -> None:
        """Report a suspected breach; the customer on screen, if any, is filled in. Typed
        in the command palette, Ctrl+B closes it and reports from the screen under it."""
        from textual.command import CommandPalette

        from custinfo_tui.services.capabilities import breach_capabilities
        from custinfo_tui.tui.screens.breach_report import (
            BreachReported,
            ReportBreachScreen,
            reported,
        )
        from custinfo_tui.tui.screens.breaches import BreachesScreen
        from custinfo_tui.tui.screens.record import RecordScreen

        if isinstance(self.screen, CommandPalette):
            await self.run_action("escape", self.screen)  # closed as its Escape closes it
            self.call_later(self.action_report_breach)
            return
        screen = self.screen
        if self.actor is None or why_no_breach_report(self.actor, screen) is not None:
            return
        reference = screen.record.reference if isinstance(screen, RecordScreen) else ""
        by_the_dpo = breach_capabilities(self.actor).handle
        on_breaches = isinstance(screen, BreachesScreen)  # told it is in the list there

        def saved(breach: BreachView | None) -> None:
            if breach is not None:
                told = reported(breach, by_the_dpo=by_the_dpo, on_breaches=on_breaches)
                self.notify(told, markup=False)
                screen.post_message(BreachReported(breach))

        self.push_screen(ReportBreachScreen(self.actor, reference), saved)

    def action_breach_refused(self) -> None:
        """Ctrl+B where no breach can be reported (the idle lock): why, naming no one."""
        refused = why_no_breach_report(self.actor, acted_on(self.screen_stack))
        if refused is not None:
            self.notify(refused, severity="warning", markup=False)

    def action_calls_to_finish(self) -> None:
        """The operator's calls without a wrap-up, to finish now."""
        from custinfo_tui.tui.screens.calls_to_finish import CallsToFinishScreen
        from custinfo_tui.tui.screens.lookup import LookupScreen

        if self.actor is None:
            return
        covered = self.screen
        refused = why_no_calls_to_finish(self, covered)
        if refused is not None:  # the palette does not offer it then
            self.notify(refused, severity="warning", markup=False)
            return
        screen = CallsToFinishScreen(self.actor)

        def closed(_: None) -> None:
            # Work between callers: back on the lookup, the next one's name is searched.
            if isinstance(covered, LookupScreen):
                covered.ready_for_the_next_caller()

        self.push_screen(screen, closed)
        screen.call_after_refresh(screen.reload)

    async def action_quit(self) -> None:
        """Quit, asking first when a screen holds something not yet saved."""
        if self.training is not None:  # e.g. the palette's Quit: leaving ends the run
            self.action_end_run()
            return
        ask_before_losing(self, "Quit", lambda: self.call_later(self._quit))

    @work(
        thread=True,
        group="seal",
        exclusive=True,
        exit_on_error=False,
        description="seal the audit trail",
    )
    def _seal_audit_trail(self) -> None:
        """In the background; a failure is logged by kind only and tried again next time."""
        if self._services is None:
            return
        try:
            self._services.seal_audit_trail(timedelta(seconds=SEAL_SECONDS))
        except Exception as error:
            logger.warning("sealing the audit trail failed: %s", type(error).__name__)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's own, but Quit, are left out: tui/console_commands.py says why.
        return console_commands(self, screen)

    def deliver_screenshot(
        self,
        filename: str | None = None,
        path: str | None = None,
        time_format: str | None = None,
    ) -> str | None:
        """Refused: Textual would write the screen, revealed details and all, to an
        unprotected file in the Downloads folder, and no audit event would say so. Personal
        data leaves the console only as an audited export (a subject access pack)."""
        self.notify(
            "Screenshots are off: the screen can show customers' personal data.",
            severity="warning",
            markup=False,
        )
        return None

    def _fatal_error(self) -> None:
        # Textual's default prints a traceback with local variables: customer data. Replace it.
        # Private, but Textual 8 has no public hook for an unhandled exception (only one with
        # __rich__ goes to the public panic()); tests/e2e/test_crash_report.py fails loudly if
        # an upgrade stops calling this.
        error = self._exception
        reference = report_crash(error) if error is not None else "unknown"
        self.bell()
        self._exit_renderables.append(
            Text(
                "custinfo stopped because of an internal error "
                f"(reference {reference}). No customer data was written to the error log."
            )
        )
        self._close_messages_no_wait()


def _shows_the_caller(stack: list[Screen[Any]]) -> bool:
    """Whether the caller pane is shown on the screen F12 acts on (tui/training_mode.py),
    so that it does something there: the top one, or the one under the command palette
    (the palette is a dialog the pane never shows on)."""
    from custinfo_tui.tui.training_mode import pane_shows_on

    return pane_shows_on(acted_on(stack))
