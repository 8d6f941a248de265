"""The console's own commands in the command palette (`CustinfoApp.get_system_commands`),
and the screen the app's keys act on while the palette covers it.

Of Textual's system commands only Quit is kept, as the console's own (it asks first
when something is not saved, and in training mode it ends the role-play). Left out:

- *Screenshot*: it writes the screen, revealed details and all, to an unprotected file
  (`CustinfoApp.deliver_screenshot`, docs/security.md).
- *Keys*: its help panel squeezes the screen at 80x24 (the title and the footer cut off)
  and Escape does not close it (on the lookup Escape clears the search instead). The
  footer and the palette are the console's list of keys.
- *Theme*: the console's colours are part of what it says (training mode's own theme is
  how no one mistakes the sandbox for live customers: tui/training_mode.py).
- *Maximize* (and *Minimize*): a list or box filling the screen hides the footer and the
  panel beside it; no screen needs it at 80x24.

Of the console's own, *Calls to finish* is offered only where it makes sense: not while a
call is open at this console (in progress, or its wrap-up on the screen, with the "Finish
later?" question over it or not), nor over the list itself. Offered in a call, it listed
that very call, and wrapping it up there ended it under the record still showing it live;
opened over its wrap-up, a second, empty one was saved and the notes typed in the first
were lost (services/calls_open.py refuses both too).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand

if TYPE_CHECKING:
    from textual.screen import Screen

    from custinfo_tui.tui.app import CustinfoApp


def console_commands(app: CustinfoApp, screen: Screen[object]) -> Iterator[SystemCommand]:
    """What the palette opened on `screen` offers besides the screen's keys."""
    from custinfo_tui.tui.login_notices import takes_calls
    from custinfo_tui.tui.screens.change_password import ChangePasswordScreen
    from custinfo_tui.tui.screens.lock import LockScreen

    actor = app.actor
    if actor is not None and not isinstance(screen, LockScreen):
        yield SystemCommand(
            "Log out",
            "End this console session and return to the login screen",
            app.action_log_out,
        )
        if takes_calls(actor) and why_no_calls_to_finish(app, screen) is None:
            yield SystemCommand(
                "Calls to finish",
                "Your calls left without a wrap-up: wrap them up now",
                app.action_calls_to_finish,
            )
        if not isinstance(screen, ChangePasswordScreen):
            yield SystemCommand(
                "Change password",
                "Choose a new password for your login",
                lambda: app.push_screen(ChangePasswordScreen(actor)),
            )
    if app.training is not None:  # leaving the console ends the role-play (asks first)
        yield SystemCommand(
            "Quit", "End the role-play (asks first) and close the console", app.action_quit
        )
    else:
        yield SystemCommand(
            "Quit", "Close the console (asks first if anything is not saved)", app.action_quit
        )


def why_no_calls_to_finish(app: CustinfoApp, screen: Screen[Any]) -> str | None:
    """Why the calls to finish are not opened over `screen` now, or None when they are:
    a call open at this console is wrapped up there, not from the list."""
    from custinfo_tui.tui.screens.calls_to_finish import CallsToFinishScreen
    from custinfo_tui.tui.unsaved_work import calls_held

    if calls_held(app.screen_stack):
        return "Finish the call on the screen first: it is wrapped up there, not from the list."
    if isinstance(screen, CallsToFinishScreen):
        return "These are the calls to finish."
    return None


def acted_on(stack: list[Screen[Any]]) -> Screen[Any]:
    """The screen the app's keys act on: the top one, or the one under the command
    palette, whose keys the palette lists and runs once it has closed."""
    from textual.command import CommandPalette

    if isinstance(stack[-1], CommandPalette) and len(stack) > 1:
        return stack[-2]
    return stack[-1]
