"""A record the DPO erased while a handler still had it open (docs/data-protection.md,
"A record erased while it is open").

The services refuse any work on an erased record in the lookup's words ("This record was
erased on 04 Dec 2026 by dpo. Its personal details are gone; ..."), and the screen that
asked tells the app (`service_calls.RecordErasedNotice`). The app then closes the record
and whatever was open over it (the edit form, a dialog): what it shows is no longer held,
and what was typed over it cannot be kept with a record whose personal details are gone.
The lookup's search is cleared, as after a call, its box taking the next keys (a stale row of the
lookup itself: the search runs again, so the row goes), and the handler is told why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from custinfo_tui.tui.screens.lookup import LookupScreen
from custinfo_tui.tui.screens.record import RecordScreen

if TYPE_CHECKING:
    from textual.app import App


def close_erased_record(app: App[None], said: str) -> None:
    """Back to the lookup from the record (and what is open over it), telling the handler
    `said`; from elsewhere (a stale row of the lookup), only the search is run again."""
    stack = app.screen_stack
    opened = next((i for i, screen in enumerate(stack) if isinstance(screen, RecordScreen)), None)
    if opened is not None:
        for _ in range(len(stack) - opened):
            app.pop_screen()
    app.notify(said, title="Record erased", severity="warning", markup=False, timeout=15)
    lookup = next((s for s in reversed(app.screen_stack) if isinstance(s, LookupScreen)), None)
    if lookup is None:
        return
    if opened is not None:
        # As after a call: the search box, empty, takes the next keys (the list it came
        # from is empty and kept the focus, and the handler's next letters were lost).
        lookup.afresh(said)
    else:
        lookup.search_again()
