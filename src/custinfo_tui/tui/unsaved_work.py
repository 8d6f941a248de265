"""Nothing typed is lost by one key: what each open screen would lose, and the question first.

A screen that holds something not yet saved (a new customer being typed, changes to a
record, a call whose verification would end) says so through `unsaved_work()`; the app
says what it keeps beside its screens (`work_kept_aside()`: wrap-ups left for later,
tui/wrap_up_drafts.py). Quitting, logging out and ending the session at the idle lock ask
before losing any of it; Escape on those screens asks too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from textual.app import App
from textual.screen import Screen

from custinfo_tui.tui.screens.choose import ChoiceScreen

if TYPE_CHECKING:
    from custinfo_tui.domain.wrap_up import CallToFinish


@runtime_checkable
class HoldsUnsavedWork(Protocol):
    def unsaved_work(self) -> str | None:
        """What leaving this screen now would lose, in the handler's words, or None."""


@runtime_checkable
class KeepsWorkAside(Protocol):
    def work_kept_aside(self) -> list[str]:
        """What the console keeps beside its screens and loses as the session ends, each
        in the handler's words."""


@runtime_checkable
class LeftByTheRun(Protocol):
    def left_by_the_run(self) -> str | None:
        """What ending the role-play now leaves of this screen's work, in training words,
        or None: the run's sandbox is never opened again, so nothing waits for later (a
        call not wrapped up is scored as such)."""


@runtime_checkable
class HoldsACall(Protocol):
    def call_held(self) -> int | None:
        """The interaction this screen works on and names when the role-play ends (its
        `left_by_the_run`), or None: that call is not named again from the calls to finish."""


#: The question Ctrl+Q asks in training mode (training_app.py).
END_RUN_QUESTION = "End the role-play?"


class LeaveScreen(ChoiceScreen[bool]):
    """'Quit and lose this?': the question asked before unsaved work would be lost."""

    #: A few lines in the middle of the screen, clear of the notifications, which are read
    #: on the screen it leads to: "Consent recorded." on the wrap-up "End the call?" opens.
    keeps_notifications = True


def unsaved_work(screens: Iterable[Screen[Any]]) -> list[str]:
    """Everything the given screens would lose, bottom screen first."""
    return [
        work
        for screen in screens
        if isinstance(screen, HoldsUnsavedWork) and (work := screen.unsaved_work())
    ]


def calls_held(screens: Iterable[Screen[Any]]) -> set[int]:
    """The calls the given screens hold: in progress, or being wrapped up."""
    return {
        call
        for screen in screens
        if isinstance(screen, HoldsACall) and (call := screen.call_held()) is not None
    }


def left_by_ending_the_run(
    screens: Iterable[Screen[Any]], calls: Iterable[CallToFinish] = (), *, named: bool = True
) -> list[str]:
    """What ending a role-play now would leave, bottom screen first: each screen's own
    training words where it has them (a call in progress), else its unsaved work, which
    the run is scored without; then the trainee's `calls` not wrapped up that no screen
    holds (left open by a console that stopped, or ended and left for later), which
    are scored as such too. `named` False leaves their customers unnamed (the idle lock)."""
    screens = list(screens)
    left = []
    held = calls_held(screens)
    for screen in screens:
        said = None
        if isinstance(screen, LeftByTheRun):
            said = screen.left_by_the_run()
        elif isinstance(screen, HoldsUnsavedWork) and (work := screen.unsaved_work()):
            said = f"{work}, not saved, so not scored"
        if said:
            left.append(said)
    left.extend(_left_to_finish(call, named) for call in calls if call.interaction_id not in held)
    return left


def _left_to_finish(call: CallToFinish, named: bool) -> str:
    """A call to finish that ending the run leaves: the run's sandbox is never opened
    again, so it is scored as not wrapped up, unless it is wrapped up first."""
    from custinfo_tui.domain.wrap_up import customer_in_words  # not before the first frame

    who = f" with {customer_in_words(call.customer_shown)}" if named else ""
    how = "left open by an earlier session and" if call.still_open else "ended and"
    return (
        f"the call of {call.started_at:%H:%M}{who}, {how} not wrapped up (Calls to finish "
        "wraps it up now): it is scored as a call without a wrap-up"
    )


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
    """Run `then` at once when nothing would be lost; otherwise ask first. Without
    `screens`, the whole console is left: what the app keeps aside is lost too.

    Pressing the key again while the question is showing does nothing: one answer is enough.
    """
    losses = unsaved_work(app.screen_stack if screens is None else screens)
    if screens is None and isinstance(app, KeepsWorkAside):
        losses += app.work_kept_aside()
    if not losses:
        then()
        return
    if isinstance(app.screen, LeaveScreen):
        return

    def answered(leave: bool | None) -> None:
        if leave:
            then()

    app.push_screen(leave_screen(action, losses, stay=stay), answered)
