"""The console's training mode (docs/training.md), as a layer of the app: the scripted
caller hears what the trainee asks and what their services committed, and Ctrl+Q ends the
role-play, naming what is still open. `CustinfoApp` builds on it; outside training mode
none of it acts (`training` is None)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.message import Message

from custinfo_tui.diagnostics import logger, report_crash
from custinfo_tui.tui.screens.lock import LockScreen
from custinfo_tui.tui.services_loading import ServicesLoadingApp
from custinfo_tui.tui.unsaved_work import END_RUN_QUESTION, LeaveScreen, left_by_ending_the_run

if TYPE_CHECKING:
    from custinfo_tui.domain.actions import AuditAction
    from custinfo_tui.domain.operators import Actor
    from custinfo_tui.domain.training.run import TrainingMode
    from custinfo_tui.domain.wrap_up import CallToFinish
    from custinfo_tui.tui.cues import Asking
    from custinfo_tui.tui.tab_in_order import TabInOrder
    from custinfo_tui.tui.training_mode import TrainingConsole


class TrainingApp(ServicesLoadingApp):
    """What the app does in training mode; the attributes are set by `CustinfoApp`."""

    #: Set when the console runs a role-play on a sandbox database (docs/training.md).
    training: TrainingMode | None
    #: Training mode's banner, theme, caller pane and cue file (tui/training_mode.py).
    training_console: TrainingConsole | None
    #: Tab and Shift+Tab in the order typed (tui/tab_in_order.py).
    tabs: TabInOrder

    class AuditHeard(Message):
        """Training mode: the console's own services committed an event with this action."""

        def __init__(self, action: AuditAction) -> None:
            super().__init__()
            self.action = action

    def audit_heard(self, action: AuditAction) -> None:
        """Called by the services after each commit, on the worker's thread."""
        self.post_message(self.AuditHeard(action))

    @on(AuditHeard)
    def _audit_heard(self, message: AuditHeard) -> None:
        if self.training_console is not None:
            self.training_console.heard(message.action)

    def on_asking(self, message: Asking) -> None:
        """A screen announced what the handler is asking (tui/cues.py): the scripted caller
        answers in training mode; otherwise nothing listens."""
        if self.training_console is not None:
            self.training_console.asked(message.cue)

    def action_toggle_caller(self) -> None:
        """Show or hide the scripted caller's pane."""
        if self.training_console is not None:
            self.training_console.toggle_pane()

    def action_end_run(self) -> None:
        """End the role-play, asking first: the console closes, and the command that
        started it scores the run. The question names what is still open, the trainee's
        calls not wrapped up among it, which are looked up first: one left open by a
        console that stopped (the run played on) is on none of this console's screens. It
        says instead that nothing will be scored when the run would end not played."""
        if self.training is None or isinstance(self.screen, LeaveScreen):
            return
        self.tabs.hold_until_next_screen()  # the keys typed after Ctrl+Q answer the question
        self._look_for_what_is_left(self.actor)

    @work(
        thread=True,
        group="end-run",
        exclusive=True,
        exit_on_error=False,
        description="find the calls left without a wrap-up, and whether the run was played",
    )
    def _look_for_what_is_left(self, actor: Actor | None) -> None:
        """For the question: the trainee's calls to finish (None when they cannot be read:
        the question says so rather than naming none), and why the run would end not
        played ("" once played, or when that cannot be read)."""
        from custinfo_tui.services.errors import Outage  # pydantic: not before the first frame
        from custinfo_tui.tui.login_notices import takes_calls

        services = self.services()
        calls: list[CallToFinish] | None = None
        try:
            takes = actor is not None and takes_calls(actor)
            calls = services.calls_to_finish(actor) if actor is not None and takes else []
        except Outage:  # not a bug to report
            logger.warning("the calls to finish went unread: the database did not answer")
        except Exception as error:
            report_crash(error)
        unplayed = ""
        try:
            unplayed = services.training_run_not_played(actor)
        except Outage:  # the question then says the run is scored, as it always did
            logger.warning("whether the run was played went unread: the database did not answer")
        except Exception as error:
            report_crash(error)
        self.call_from_thread(self._ask_to_end_run, calls, unplayed)

    def _ask_to_end_run(self, calls: list[CallToFinish] | None, unplayed: str) -> None:
        if isinstance(self.screen, LeaveScreen):  # asked already (Ctrl+Q twice)
            return
        named = not isinstance(self.screen, LockScreen)  # whoever is at a locked desk
        losses = left_by_ending_the_run(self.screen_stack, calls or [], named=named)
        if unplayed:  # as the run's end decides it (domain/training/scoring.py)
            explain = (
                "Nothing has been done in the role-play yet: the console closes and the run "
                "ends as not played, with nothing scored."
            )
        else:
            explain = "The console closes and the run is scored from what you did."
        if losses:
            explain += f" Still open: {'; '.join(losses)}."
        if calls is None:
            explain += " Your calls left without a wrap-up could not be looked up."

        def answered(end: bool | None) -> None:
            if end:
                self.call_later(self._quit, ending_run=True)

        self.push_screen(
            LeaveScreen(
                END_RUN_QUESTION,
                explain,
                [("Keep going", False), ("End the role-play", True)],
            ),
            answered,
        )
