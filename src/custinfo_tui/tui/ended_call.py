"""A call that ended under its handler's screen: a supervisor closed it from the queue's
calls to finish (docs/after-the-call.md, "Closing a call its handler cannot finish"), or
the handler, logged in at another desk too, wrapped it up there from their own.

The services refuse any further work in an ended call (`services.errors.CallEnded`), and
the screen that asked tells the app (`service_calls.CallEndedNotice`) instead of showing
the refusal and carrying on as if the call were live. The app marks the call ended, closes
what was open over the record (a form typed in it cannot be kept) and the record itself,
and says so once: the lookup clears its search for the next caller, as after any call.
Nothing is wrapped up: whoever finished it did that.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from custinfo_tui.tui.screens.lock import LockScreen
from custinfo_tui.tui.screens.record_in_call import RecordInCallScreen

if TYPE_CHECKING:
    from textual.app import App


def close_ended_call(app: App[None], said: str) -> None:
    """Out of the call (and what is open over it) to the lookup, telling the handler
    `said`. The idle lock, if it covers the desk, stays: the record closes once it is
    uncovered."""
    app.notify(said, title="Call closed", severity="warning", markup=False, timeout=15)
    stack = app.screen_stack
    in_call = next(
        (
            index
            for index, screen in enumerate(stack)
            if isinstance(screen, RecordInCallScreen) and screen.in_call
        ),
        None,
    )
    if in_call is None:  # left already: the notice is all there is to do
        return
    record = stack[in_call]
    assert isinstance(record, RecordInCallScreen)
    record.call_ended_elsewhere()
    for screen in reversed(stack[in_call + 1 :]):
        if isinstance(screen, LockScreen):
            break
        app.pop_screen()
    record.dismiss()  # the lookup clears its search for the next caller
