"""Nothing typed is lost by one key: what each open screen would lose, and the question first.

A screen that holds something not yet saved (a new customer being typed, changes to a
record, a call whose verification would end) says so through `unsaved_work()`. Quitting,
logging out and ending the session at the idle lock ask before losing any of it; Escape on
those screens asks too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol, runtime_checkable

from textual.app import App
from textual.screen import Screen

from custinfo_tui.tui.screens.choose import ChoiceScreen


@runtime_checkable
class HoldsUnsavedWork(Protocol):
    def unsaved_work(self) -> str | None:
        """What leaving this screen now would lose, in the handler's words, or None."""


@runtime_checkable
class LeftByTheRun(Protocol):
    def left_by_the_run(self) -> str | None:
        """What ending the role-play now leaves of this screen's work, in training words,
        or None: the run's sandbox is never opened again, so nothing waits for later (a
        call not wrapped up is scored as such)."""


class LeaveScreen(ChoiceScreen[bool]):
    """'Quit and lose this?': the question asked before unsaved work would be lost."""


def unsaved_work(screens: Iterable[Screen[Any]]) -> list[str]:
    """Everything the given screens would lose, bottom screen first."""
    return [
        work
        for screen in screens
        if isinstance(screen, HoldsUnsavedWork) and (work := screen.unsaved_work())
    ]


def left_by_ending_the_run(screens: Iterable[Screen[Any]]) -> list[str]:
    """What ending a role-play now would leave, bottom screen first: each screen's own
    training words where it has them (a call in progress), else its unsaved work, which
    the run is scored without."""
    left = []
    for screen in screens:
        said = None
        if isinstance(screen, LeftByTheRun):
            said = screen.left_by_the_run()
        elif isinstance(screen, HoldsUnsavedWork) and (work := screen.unsaved_work()):
            said = f"{work}, not saved, so not scored"
        if said:
            left.append(said)
    return left


def leave_screen(action: str, losses: list[str], *, stay: str = "Go back to it") -> LeaveScreen:
    """The question for `action` ("Quit", "Log out") when it would lose `losses`."""
    lost = "; ".join(losses)
    return LeaveScreen(
        f"{action}?",
        f"{action} now and you lose: {lost}.",
        [(stay, False), (f"{action} and lose it", True)],
    )


def ask_before_losing(
    app: App[Any],
    action: str,
    then: Callable[[], object],
    screens: Iterable[Screen[Any]] | None = None,
    *,
    stay: str = "Go back to it",
) -> None:
    """Run `then` at once when nothing would be lost; otherwise ask first.

    Pressing the key again while the question is showing does nothing: one answer is enough.
    """
    losses = unsaved_work(app.screen_stack if screens is None else screens)
    if not losses:
        then()
        return
    if isinstance(app.screen, LeaveScreen):
        return

    def answered(leave: bool | None) -> None:
        if leave:
            then()

    app.push_screen(leave_screen(action, losses, stay=stay), answered)
