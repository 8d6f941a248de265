"""What training mode adds to the console (docs/training.md, "The scripted caller").

The app builds a `TrainingConsole` when it is started with a `TrainingMode`: a theme of
its own and a banner on every full screen, so no one mistakes the sandbox for live
customers; the scripted caller's pane (F12), fed by the cues the screens announce
(tui/cues.py) and by the audit actions the app's own services commit
(services/audit_listener.py); and, when the run has one, the cue file for the trainer's
caller terminal. None of this exists in normal use.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from textual.app import App
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.widget import Widget
from textual.widgets import Header

from custinfo_tui.diagnostics import logger
from custinfo_tui.domain.actions import AuditAction
from custinfo_tui.domain.training.caller import CallerConversation
from custinfo_tui.domain.training.cues import Cue
from custinfo_tui.domain.training.run import TrainingMode
from custinfo_tui.tui.cue_file import RECENT_ACTIONS, CueFileContent, write_cue_file
from custinfo_tui.tui.widgets.caller_pane import CallerPane
from custinfo_tui.tui.widgets.training_banner import TrainingBanner

#: The record screen's column of tabs and the line under them (tui/screens/record.py).
RECORD_COLUMN = "record-main"

#: Warm colours instead of the console's blue: training is recognisable across the room.
TRAINING_THEME = Theme(
    name="custinfo-training",
    primary="#C2611F",
    secondary="#7A3A10",
    accent="#FFB454",
    warning="#F2A93B",
    error="#D9534F",
    success="#4EBF71",
    foreground="#EDE3D6",
    background="#1C1611",
    surface="#261D16",
    panel="#4A2E18",
    dark=True,
)


class TrainingConsole:
    """Training mode's state in one console: the caller's conversation and the pane."""

    def __init__(self, app: App[Any], training: TrainingMode) -> None:
        self.app = app
        self.training = training
        self.conversation = CallerConversation(training.scenario)
        #: The pane starts open, showing the caller's opening line.
        self.pane_open = True
        self.recent_actions: deque[str] = deque(maxlen=RECENT_ACTIONS)
        self._cue_file_failed = False

    def start(self) -> None:
        """Switch to the training theme, dress every screen from now on, write the cue."""
        self.app.register_theme(TRAINING_THEME)
        self.app.theme = TRAINING_THEME.name
        # The palette offers no theme in training mode; any other way of changing it is
        # undone, so the console never looks like the live one.
        self.app.theme_changed_signal.subscribe(self.app, self._keep_the_theme)
        self.app.screen_change_signal.subscribe(self.app, self._screen_changed)
        self._screen_changed(self.app.screen)
        self._write_cue_file()

    def _keep_the_theme(self, theme: Theme) -> None:
        if theme.name != TRAINING_THEME.name:
            self.app.theme = TRAINING_THEME.name

    # -- Screens ---------------------------------------------------------------------------

    def _screen_changed(self, screen: Screen[Any]) -> None:
        # After the screen has composed, so its header (or lack of one) can be seen.
        screen.call_after_refresh(self.dress, screen)

    def dress(self, screen: Screen[Any]) -> None:
        """The banner on every screen, dialogs too (their backdrop hid the banner of the
        screen under them), and the caller's pane where it is wanted."""
        if not screen.is_attached:
            return
        if not list(screen.query(TrainingBanner)):
            banner = TrainingBanner(self.training.run_id)
            banner.set_class(bool(list(screen.query(Header))), "-below-header")
            screen.mount(banner)
        self._show_pane(screen)

    def _show_pane(self, screen: Screen[Any]) -> None:
        if not _shows_the_pane(screen) or not screen.is_attached:
            return
        panes = list(screen.query(CallerPane))
        room = has_room_for_the_pane(screen)
        if not (self.pane_open and room):
            for pane in panes:
                pane.remove()
        elif panes:
            panes[0].show(self.conversation)
        else:
            _pane_room(screen).mount(CallerPane(self.conversation))
        for banner in screen.query(TrainingBanner):
            banner.pane_hidden(room and not self.pane_open)

    def toggle_pane(self) -> None:
        self.pane_open = not self.pane_open
        self._show_pane(self.app.screen)

    # -- What the console asks, and what it does ---------------------------------------------

    def asked(self, cue: Cue) -> None:
        """A screen announced a cue: the caller answers it."""
        if self.conversation.asked(cue) is not None:
            self._show_pane(self.app.screen)
            self._write_cue_file()

    def heard(self, action: AuditAction) -> None:
        """The console's services committed an audited action."""
        self.recent_actions.append(action.value)
        if self.conversation.heard(action) is not None:
            self._show_pane(self.app.screen)
        self._write_cue_file()

    def _write_cue_file(self) -> None:
        path = self.training.cue_file
        if path is None or self._cue_file_failed:
            return
        content = CueFileContent(
            run_id=self.training.run_id,
            cue=self.conversation.cue,
            recent_actions=tuple(self.recent_actions),
            volunteered=self.conversation.volunteered,
            objects=self.conversation.objects,
        )
        try:
            write_cue_file(path, content)
        except OSError as error:
            # The role-play goes on without the caller terminal; say so once, in the log.
            self._cue_file_failed = True
            logger.warning("training: the cue file cannot be written (%s)", type(error).__name__)


def _shows_the_pane(screen: Screen[Any]) -> bool:
    """Every full screen, and the one dialog the caller answers: the consent script, read
    to them while it covers the form. Other dialogs ask the caller nothing (a channel, a
    reason, whether to end the call), so they keep their room."""
    from custinfo_tui.tui.screens.consent import ConsentScreen

    return not isinstance(screen, ModalScreen) or isinstance(screen, ConsentScreen)


def _pane_room(screen: Screen[Any]) -> Widget:
    """Where the pane goes: docked at the bottom of the screen, whose content scrolls above
    it; on the record screen, at the foot of the record's column (under its tabs and the
    line that gives the highlighted row whole), so the verification panel keeps its height
    and the line under the table stays in view above the pane."""
    column = screen.query(f"#{RECORD_COLUMN}")
    return column.first() if column else screen


def pane_shows_on(screen: Screen[Any]) -> bool:
    """Whether the caller pane shows on `screen` while it is open: where F12 does something
    to be seen (the app offers it only there)."""
    return _shows_the_pane(screen) and has_room_for_the_pane(screen)


def has_room_for_the_pane(screen: Screen[Any]) -> bool:
    """Every full screen but the login, the idle lock and the password change, where the
    caller has nothing to answer and the form needs the room."""
    from custinfo_tui.tui.screens.change_password import ChangePasswordScreen
    from custinfo_tui.tui.screens.lock import LockScreen
    from custinfo_tui.tui.screens.login import LoginScreen

    return not isinstance(screen, LoginScreen | LockScreen | ChangePasswordScreen)
